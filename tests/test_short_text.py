"""Short-text calibration: a short posting's confidence is tempered by how much it says."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from classifier.calibration import (
    SHORT_TEXT_EDGES,
    SHORT_TEXT_MIN_ROWS,
    ShortTextCalibrated,
    brier_score,
    fit_short_text_factors,
)
from classifier.lite import temper
from classifier.model import short_windows, train
from classifier.persistence import load_model
from classifier.predict import Predictor
from tests.conftest import make_postings

CLASSES = ["a", "b", "c"]


def test_temper_keeps_the_label_and_sums_to_one():
    probabilities = np.array([[0.9, 0.05, 0.05], [0.2, 0.5, 0.3], [1.0, 0.0, 0.0]])
    for power in (0.3, 1.0, 1.7):
        tempered = temper(probabilities, power)
        assert np.allclose(tempered.sum(axis=1), 1.0)
        assert (tempered.argmax(axis=1) == probabilities.argmax(axis=1)).all()
    assert np.array_equal(temper(probabilities, 1.0), probabilities)
    assert temper(probabilities, 0.5)[0, 0] < 0.9  # a power below 1 is less sure
    # on a softmax, the power multiplies the scores
    scores = np.array([[2.0, -1.0, 0.5]])
    softmax = np.exp(scores) / np.exp(scores).sum()
    half = np.exp(scores / 2) / np.exp(scores / 2).sum()
    assert np.allclose(temper(softmax, 0.5), half)


def _overconfident(rows: int, rng: np.random.Generator, right: float) -> tuple[np.ndarray, list[str]]:
    """Probabilities of 0.98 for a label that is right a share ``right`` of the time."""
    truth = rng.integers(0, 3, rows)
    guess = np.where(rng.random(rows) < right, truth, (truth + 1) % 3)
    probabilities = np.full((rows, 3), 0.01)
    probabilities[np.arange(rows), guess] = 0.98
    return probabilities, [CLASSES[k] for k in truth]


def test_factors_temper_the_overconfident_buckets_and_never_fall_with_evidence():
    rng = np.random.default_rng(0)
    short, short_labels = _overconfident(2000, rng, right=0.7)
    long, long_labels = _overconfident(2000, rng, right=0.97)
    probabilities = np.vstack([short, long])
    evidence = np.concatenate([np.full(2000, 20), np.full(2000, 600)])
    edges, factors = fit_short_text_factors(probabilities, short_labels + long_labels, CLASSES, evidence)
    assert list(edges) == list(SHORT_TEXT_EDGES)
    bucket_short, bucket_long = np.searchsorted(edges, [20, 600], side="right") - 1
    assert factors[bucket_short] < 0.6 < factors[bucket_long]
    assert (np.diff(factors) >= 0).all()
    # buckets with no rows take a fitted neighbour's factor
    assert factors[0] == factors[bucket_short] and factors[-1] == factors[bucket_long]
    # and the tempered probabilities are better where they were overconfident
    tempered = temper(short, factors[bucket_short])
    assert brier_score(short_labels, tempered, CLASSES) < brier_score(short_labels, short, CLASSES)


def test_too_few_rows_leave_the_probabilities_alone():
    rng = np.random.default_rng(1)
    probabilities, labels = _overconfident(SHORT_TEXT_MIN_ROWS - 1, rng, right=0.5)
    _, factors = fit_short_text_factors(probabilities, labels, CLASSES, np.full(len(labels), 20))
    assert (factors == 1.0).all()


def test_windows_are_cut_at_spaces_within_their_posting():
    texts = ["word " * 400, "too short", "x" * 120]
    windows, owner = short_windows(texts, random_state=0)
    assert list(owner) == [0, 2]
    assert windows[0] in texts[0] and 40 <= len(windows[0]) <= 800
    assert not windows[0].startswith(" ") and windows[0].split() == ["word"] * len(windows[0].split())


def _long_postings(per_label: int = 60) -> pd.DataFrame:
    """Synthetic postings of about 1,500 characters: several short ones of a label, joined."""
    short = make_postings(per_label=per_label * 8, seed=3)
    short["label"] = short["id"].str.rsplit("-", n=1).str[0]
    rows = []
    for label, group in short.groupby("label"):
        for number, start in enumerate(range(0, len(group), 8)):
            chunk = group.iloc[start : start + 8]
            rows.append(
                {
                    "id": f"{label}-{number}",
                    "title": chunk["title"].iloc[0],
                    "company": f"company-{label}-{number % 12}",
                    "description": "\n\n".join(chunk["description"]),
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def tempered_model(tmp_path_factory):
    path = tmp_path_factory.mktemp("short") / "model.joblib"
    trained = train(_long_postings(), path, include_other=True)
    return trained, path


def test_training_learns_factors_from_windows_and_they_help_there(tempered_model):
    trained, _ = tempered_model
    short_text = trained.metadata["cross_validation"]["calibration"]["short_text"]
    assert short_text["windows"] == 180 and short_text["window_characters"] == [50, 800]
    assert len(short_text["factors"]) == len(SHORT_TEXT_EDGES)
    # fitted to lower the log loss per bucket: the Brier score of the windows does not get worse by it
    assert short_text["window_brier_after"] <= short_text["window_brier_before"] + 1e-9
    classifier = trained.pipeline.named_steps["classifier"]
    assert isinstance(classifier, ShortTextCalibrated)
    assert list(classifier.factors_) == short_text["factors"]


def test_a_tempered_model_saves_loads_and_explains_exactly(tempered_model):
    trained, path = tempered_model
    texts = ["We deploy PyTorch models on Kubernetes.", _long_postings(2)["description"].iloc[0], ""]
    lite, _ = load_model(path, lite=True)
    full, _ = load_model(path)
    assert np.abs(lite.predict_proba(texts) - full.predict_proba(texts)).max() < 1e-12
    assert np.abs(full.predict_proba(texts) - trained.pipeline.predict_proba(texts)).max() < 1e-12
    predictor = Predictor.load(path)
    inner = predictor._linear
    assert type(inner).__name__ == "LogisticRegression"
    explanation = predictor.explain(texts[0])
    assert explanation.label == predictor.predict([texts[0]])[0]
    # the label is the linear model's own: tempering changes confidence, never the decision
    features = predictor._features.transform(texts)
    assert list(predictor._classifier.predict(features)) == list(inner.predict(features))


def test_calibration_none_keeps_the_raw_probabilities():
    trained = train(_long_postings(30), include_other=True, calibration="none")
    assert "short_text" not in trained.metadata["cross_validation"]["calibration"]
    assert not isinstance(trained.pipeline.named_steps["classifier"], ShortTextCalibrated)


@pytest.mark.parametrize(
    ("include_other", "calibration", "skills_only"),
    [(False, "sigmoid", False), (False, "isotonic", False), (True, "auto", True)],
)
def test_windows_work_for_two_labels_calibrated_maps_and_skills_alone(include_other, calibration, skills_only):
    postings = _long_postings(60)  # two labels: 120 windows, enough for short-text calibration
    trained = train(postings, include_other=include_other, calibration=calibration, words=not skills_only)
    short_text = trained.metadata["cross_validation"]["calibration"]["short_text"]
    assert short_text["window_brier_after"] <= short_text["window_brier_before"] + 1e-9
    classifier = trained.pipeline.named_steps["classifier"]
    assert isinstance(classifier, ShortTextCalibrated)
    texts = postings["description"].tolist()[:20] + ["Python and SQL."]
    inner = classifier.estimator
    assert list(classifier.predict(trained.pipeline.named_steps["features"].transform(texts))) == list(
        inner.predict(trained.pipeline.named_steps["features"].transform(texts))
    )


def test_explanations_say_how_a_short_postings_confidence_was_tempered():
    from click.testing import CliRunner

    from classifier.cli import main

    predictor = Predictor.load()
    text = "We deploy PyTorch models on Kubernetes and monitor their latency."
    explanation = predictor.explain(text)
    assert 0 < explanation.tempering < 1 and explanation.evidence > 0
    # the probabilities are the linear model's, tempered by that factor; the score stays its own
    base = predictor._classifier.estimator.predict_proba(predictor._features.transform([text]))
    assert np.allclose(list(explanation.probabilities.values()), temper(base, explanation.tempering)[0])
    assert abs(explanation.score - predictor.decision_score(text, explanation.label)) < 1e-9
    result = CliRunner().invoke(main, ["explain", text])
    assert result.exit_code == 0
    assert f"probabilities tempered by {explanation.tempering:.2f}" in result.output
    # evidence counts distinct skills and terms: saying the same sentence again adds none
    assert predictor.explain(" ".join([text] * 20)).evidence == explanation.evidence
    longer = text + " You will build ML pipelines with Airflow and MLflow and keep inference fast with CUDA."
    assert predictor.explain(longer).evidence > explanation.evidence
    assert predictor.explain(longer).tempering >= explanation.tempering
