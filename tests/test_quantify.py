"""QuaPy's prevalence methods over held-out probabilities (classifier.quantify), as estimate_prevalence runs them."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("quapy", reason="the QuaPy methods need the optional extra 'quantify'")

from classifier.errors import JobclassError  # noqa: E402
from classifier.prevalence import (  # noqa: E402
    QUAPY_ONLY,
    PrevalenceCalibration,
    PrevalenceOptions,
    calibration_sample,
    estimate,
    estimate_prevalence,
)
from classifier.quantify import QUAPY_METHODS, Posteriors, fit_quantifier  # noqa: E402

CLASSES = ("a", "b", "c")
MEANS = np.array([[0.0, 0.0], [2.2, 0.0], [0.0, 2.2]])
TRAINING_MIX = np.array([0.1, 0.1, 0.8])


def _sample(mix, n, generator):
    labels = generator.choice(len(CLASSES), size=n, p=mix)
    points = MEANS[labels] + generator.normal(size=(n, 2))
    log_likelihood = -0.5 * ((points[:, None, :] - MEANS[None, :, :]) ** 2).sum(axis=2)
    weighted = np.exp(log_likelihood) * TRAINING_MIX
    return np.asarray(CLASSES, dtype=object)[labels], weighted / weighted.sum(axis=1, keepdims=True)


@pytest.fixture(scope="module")
def calibration():
    labels, probabilities = _sample(TRAINING_MIX, 8000, np.random.default_rng(1))
    return PrevalenceCalibration.fit(labels, probabilities, CLASSES, split="test")


def test_the_pass_through_classifier_returns_its_input():
    rows = np.array([[0.2, 0.3, 0.5], [0.7, 0.2, 0.1]])
    classifier = Posteriors(CLASSES)
    assert np.array_equal(classifier.predict_proba(rows), rows)
    assert list(classifier.predict(rows)) == ["c", "a"] and list(classifier.classes_) == list(CLASSES)


@pytest.mark.parametrize("method", QUAPY_METHODS)
def test_each_quapy_method_gives_shares_of_a_shifted_mix(calibration, method):
    labels, probabilities = _sample((0.5, 0.3, 0.2), 3000, np.random.default_rng(2))
    truth = np.array([(labels == c).mean() for c in CLASSES])
    fitted = fit_quantifier(method, calibration.sample_probabilities, calibration.sample_labels, CLASSES)
    shares = fitted.quantify(probabilities)
    assert shares.min() >= 0 and shares.sum() == pytest.approx(1, abs=1e-6)
    counted_error = np.abs(fitted_cc(calibration).quantify(probabilities) - truth).mean()
    if method in ("cc", "pcc"):
        assert np.abs(shares - truth).mean() > 0.05  # counting stays near the training mix
    else:
        assert np.abs(shares - truth).mean() < min(0.05, counted_error / 2), method


def fitted_cc(calibration):
    return fit_quantifier("cc", calibration.sample_probabilities, calibration.sample_labels, CLASSES)


def test_fitting_refuses_an_unknown_method_and_a_label_without_postings(calibration):
    with pytest.raises(JobclassError, match="unknown QuaPy method 'median'"):
        fit_quantifier("median", calibration.sample_probabilities, calibration.sample_labels, CLASSES)
    only_two = np.array(["a", "b"] * 10, dtype=object)
    with pytest.raises(JobclassError, match="no held-out postings of c to fit hdy on"):
        fit_quantifier("hdy", np.full((20, 3), 1 / 3), only_two, CLASSES)


def test_the_calibration_keeps_a_stratified_sample_through_its_metadata(calibration):
    counts = {c: calibration.sample_labels.count(c) for c in CLASSES}
    assert counts["c"] == 2000 and 700 < counts["a"] < 900  # every posting of a small label, 2,000 of a large one
    again = PrevalenceCalibration.from_metadata(json.loads(json.dumps(calibration.to_metadata())))
    assert again.has_sample and np.allclose(again.sample_probabilities, calibration.sample_probabilities)
    assert list(calibration_sample(np.array(["a", "b", "b"], dtype=object), CLASSES, per_label=1)) in ([0, 1], [0, 2])


def test_a_quapy_method_interval_resamples_postings_and_calibration(calibration):
    _, probabilities = _sample((0.5, 0.3, 0.2), 800, np.random.default_rng(3))
    result = estimate_prevalence(probabilities, calibration, PrevalenceOptions("kdey_ml", bootstrap=40))
    assert result.method == "kdey_ml" and result.fallback is None
    for label in CLASSES:
        share = result.shares[label]
        assert share.low < share.share < share.high and share.high - share.low < 0.2


def test_too_few_postings_are_counted_and_the_output_says_so(calibration):
    _, probabilities = _sample((0.5, 0.3, 0.2), 20, np.random.default_rng(4))
    result = estimate_prevalence(probabilities, calibration, PrevalenceOptions("hdy", bootstrap=10))
    assert result.method == "cc" and result.fallback == "20 postings are too few to adjust (fewer than 50): counted"
    assert result.to_dict()["fallback"] == result.fallback
    assert [result.shares[c].share for c in CLASSES] == pytest.approx(list(estimate(probabilities, calibration, "cc")))


@pytest.mark.parametrize("method", QUAPY_ONLY)
def test_a_model_without_a_sample_falls_back_to_the_shrunk_count_by_name(calibration, method):
    old = PrevalenceCalibration(**{**calibration.__dict__, "sample_probabilities": None, "sample_labels": ()})
    _, probabilities = _sample((0.5, 0.3, 0.2), 200, np.random.default_rng(5))
    result = estimate_prevalence(probabilities, old, PrevalenceOptions(method, bootstrap=10))
    assert result.method == "sacc" and f"no held-out probabilities for {method}" in result.fallback


def test_a_method_name_stands_for_its_options(calibration):
    _, probabilities = _sample((0.5, 0.3, 0.2), 300, np.random.default_rng(7))
    named = estimate_prevalence(probabilities, calibration, "pacc")
    assert named == estimate_prevalence(probabilities, calibration, PrevalenceOptions("pacc"))
