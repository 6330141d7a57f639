"""The default model on plainly written postings of every label, in many styles (written for these tests)."""

from __future__ import annotations

import pytest

from classifier import Predictor
from tests.data.plain_postings import PLAIN_POSTINGS

#: Postings the default model still gets wrong (docs/model-card.md says why). Marked strict, so a
#: model that gets one right fails here until the entry is removed.
KNOWN_MISSES = {
    # the model trained on read labels with role names masked (120 of 132 right): biostatistics and
    # marketing-mix analysis read as other, ML platform and infrastructure work read as other, and roles
    # around ML teams (recruiting, support, product) or modelling in other sciences read as a role
    "ds-short",
    "ds-adaptive-trial-design",
    "ds-real-world-evidence-cardio",
    "ds-bayesian-media-mix-fashion",
    "ml-model-registry-cicd",
    "ml-feature-store-platform",
    "ml-research-llm-pretraining",
    "ml-gpu-cluster-infra",
    "ot-recruiter",
    "ot-support",
    "ot-product-manager-ml-platform",
    "ot-atmospheric-physics-postdoc",
}


def _cases():
    for identifier, label, style, text in PLAIN_POSTINGS:
        marks = [pytest.mark.xfail(strict=True, reason="a known miss of the default model")]
        known = identifier in KNOWN_MISSES
        yield pytest.param(identifier, label, style, text, id=identifier, marks=marks if known else [])


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.load()


def test_at_least_90_percent_of_plain_postings_are_right():
    # the goal is 95 % (docs/model-card.md says which fail and why); this holds what the shipped model reaches
    assert len(KNOWN_MISSES) <= len(PLAIN_POSTINGS) * 0.10


def test_the_set_covers_every_label_and_many_styles():
    assert len(PLAIN_POSTINGS) >= 120
    assert sum(style == "no role names" for _, _, style, _ in PLAIN_POSTINGS) >= 25
    labels = {label for _, label, _, _ in PLAIN_POSTINGS}
    assert labels == {"data_science", "ml_engineering", "other"}
    assert {"bullets", "HTML", "one paragraph", "Markdown", "no role names", "short"} <= {
        style for _, _, style, _ in PLAIN_POSTINGS
    }
    assert len({identifier for identifier, _, _, _ in PLAIN_POSTINGS}) == len(PLAIN_POSTINGS)


@pytest.mark.parametrize(("identifier", "label", "style", "text"), list(_cases()))
def test_default_model_labels_plain_postings(predictor, identifier, label, style, text):
    probabilities = predictor.predict_proba([text]).iloc[0]
    assert probabilities.idxmax() == label, f"{identifier} ({style}): {probabilities.round(3).to_dict()}"
