"""Packaged paths, label names and defaults. No I/O happens at import."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TAXONOMY_PATH = PACKAGE_DIR / "skills.toml"
SKILL_CODES_PATH = PACKAGE_DIR / "skill_codes.csv"
TITLE_RULES_PATH = PACKAGE_DIR / "title_rules.toml"
DEFAULT_MODEL_NAME = "jobclass-default.joblib"

DATA_SCIENCE = "data_science"
ML_ENGINEERING = "ml_engineering"
OTHER = "other"
LABELS = (DATA_SCIENCE, ML_ENGINEERING, OTHER)

#: How training weights the labels by default (classifier.model.class_weights): each by largest label size / its
#: size. Chosen by leave-one-source-out validation on held-out sources resampled to the hidden sites' mixes, where
#: it beat sqrt weights, at a small cost on the shared files' own mix of 92 % other roles
#: (benchmarks/model_quality.py; docs/model-card.md).
#: The label-weight schemes training knows (classifier.model.class_weights).
CLASS_WEIGHTS = ("balanced", "sqrt", "none")
DEFAULT_CLASS_WEIGHT = "balanced"

#: Candidate names of the text column, tried in order (case-insensitive).
TEXT_COLUMN_CANDIDATES = (
    "description",
    "job_description",
    "jobdescription",
    "posting",
    "text",
    "body",
    "content",
    "job_text",
)
TITLE_COLUMN_CANDIDATES = ("title", "job_title", "jobtitle", "position", "role")
LABEL_COLUMN_CANDIDATES = ("label",)
ID_COLUMN_CANDIDATES = ("id", "job_id", "posting_id")

#: Drift warnings: total-variation distance of the predicted label mix and of the skill-mention mix,
#: and the rise in the share of postings with no known skill, beyond which `jobclass drift` warns.
DRIFT_THRESHOLDS = {"label_mix": 0.10, "skill_mix": 0.15, "no_skill_share": 0.10}
#: Fewer new postings than this and `jobclass drift` does not judge: the label mix of n postings moves by
#: about 0.4 / sqrt(n) (total variation) by chance alone, past the 0.10 threshold below about 16 postings
#: and near half of it at 50.
DRIFT_MIN_POSTINGS = 50

#: Role names masked in the "masked" benchmark setting.
ROLE_NAME_PATTERN = (
    r"(?i)\b(?:data[\s-]+scientists?|machine[\s-]+learning[\s-]+engineers?|"
    r"ml[\s-]+engineers?|ai[\s-]+engineers?|mlops[\s-]+engineers?)\b"
)


def default_model_path() -> Path:
    """Where the shipped default model is: inside the installed package, or in a checkout's models/."""
    from importlib.util import find_spec

    spec = find_spec("classifier.models")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / DEFAULT_MODEL_NAME
            if candidate.exists():
                return candidate
    return PACKAGE_DIR.parent / "models" / DEFAULT_MODEL_NAME


#: Prevalence methods (see classifier.prevalence), here so that the command line lists them without numpy.
PREVALENCE_METHODS = ("cc", "pcc", "acc", "pacc", "em", "sacc", "emq_bcts", "hdy", "kdey_ml", "ms")
#: The shipped choice, from the leave-one-source-out benchmark (benchmarks/prevalence.py; docs/prevalence.md): the
#: least error over QuaPy's artificial-prevalence protocol of the methods whose 200-pass interval is practical (KDEy-ML,
#: 0.002 better, took 6 to 14 s a pass on 46,000 postings). It needs QuaPy and a model that keeps held-out
#: probabilities; without either, prevalence falls back to "sacc" and says so.
DEFAULT_PREVALENCE_METHOD = "hdy"
