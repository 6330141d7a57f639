"""jobclass: extract skills from job postings and tell data science from ML engineering (and other roles).

>>> from classifier import Predictor, extract_skills, train
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Predictor",
    "SkillMatch",
    "extract_skills",
    "label_from_title",
    "train",
    "classify_file",
    "prevalence_of_file",
    "estimate_prevalence",
    "extract_placed_skills",
    "extract_facts",
    "__version__",
]

# Imported on first use, so that `jobclass --help` and `import classifier` stay fast.
_LAZY = {
    "Predictor": "classifier.predict",
    "extract_skills": "classifier.skills",
    "SkillMatch": "classifier.skills",
    "train": "classifier.model",
    "label_from_title": "classifier.labels",
    "classify_file": "classifier.classify",
    "prevalence_of_file": "classifier.classify",
    "estimate_prevalence": "classifier.prevalence",
    "extract_placed_skills": "classifier.sections",
    "extract_facts": "classifier.facts",
}

if TYPE_CHECKING:
    from classifier.classify import classify_file, prevalence_of_file
    from classifier.facts import extract_facts
    from classifier.labels import label_from_title
    from classifier.model import train
    from classifier.predict import Predictor
    from classifier.prevalence import estimate_prevalence
    from classifier.sections import extract_placed_skills
    from classifier.skills import SkillMatch, extract_skills


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")
