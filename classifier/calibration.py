"""Calibration: measure it (ECE, Brier, reliability curve) and choose a method by cross-validation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from classifier.lite import (
    CalibratedPrediction,
    ShortTextPrediction,
    apply_calibrators,
    evidence_buckets,
    temper,
)

CALIBRATION_METHODS = ("none", "sigmoid", "isotonic")


def one_hot(labels: Sequence[str], classes: Sequence[str]) -> np.ndarray:
    index = {label: position for position, label in enumerate(classes)}
    matrix = np.zeros((len(labels), len(classes)))
    for row, label in enumerate(labels):
        if label in index:
            matrix[row, index[label]] = 1.0
    return matrix


def brier_score(labels: Sequence[str], probabilities: np.ndarray, classes: Sequence[str]) -> float:
    """Mean over postings of the squared distance between the probabilities and the true label (0 is perfect)."""
    if len(labels) == 0:
        return float("nan")
    return float(((np.asarray(probabilities) - one_hot(labels, classes)) ** 2).sum(axis=1).mean())


def reliability_curve(
    labels: Sequence[str], probabilities: np.ndarray, classes: Sequence[str], bins: int = 10
) -> pd.DataFrame:
    """Per confidence bin: mean confidence of the predicted label, share right, and count."""
    probabilities = np.asarray(probabilities)
    confidence = probabilities.max(axis=1) if len(probabilities) else np.zeros(0)
    predicted = np.asarray(classes, dtype=object)[probabilities.argmax(axis=1)] if len(probabilities) else []
    correct = np.asarray(predicted) == np.asarray(labels, dtype=object)
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows = []
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (confidence > low) & (confidence <= high) if low > 0 else (confidence >= low) & (confidence <= high)
        count = int(inside.sum())
        rows.append(
            {
                "bin_low": float(low),
                "bin_high": float(high),
                "confidence": float(confidence[inside].mean()) if count else float("nan"),
                "accuracy": float(correct[inside].mean()) if count else float("nan"),
                "count": count,
            }
        )
    return pd.DataFrame(rows)


def expected_calibration_error(
    labels: Sequence[str], probabilities: np.ndarray, classes: Sequence[str], bins: int = 15
) -> float:
    """Top-label ECE: the count-weighted gap between confidence and accuracy over confidence bins."""
    curve = reliability_curve(labels, probabilities, classes, bins)
    filled = curve[curve["count"] > 0]
    if filled.empty:
        return float("nan")
    weights = filled["count"] / filled["count"].sum()
    return float((weights * (filled["confidence"] - filled["accuracy"]).abs()).sum())


def _fit_one(method: str, scores: np.ndarray, target: np.ndarray, weights: np.ndarray) -> Any:
    """One label's calibration map, fitted: a logistic curve (sigmoid) or a monotone step function.

    The sigmoid is Platt's: fitted to the targets (positives + 1) / (positives + 2) and
    1 / (negatives + 2) instead of 1 and 0, as scikit-learn's CalibratedClassifierCV does, so
    scores that separate the labels perfectly still give probabilities short of 0 and 1. A soft
    target t is each score twice, as a positive weighing t and a negative weighing 1 - t.
    """
    if method == "sigmoid":
        positive = target > 0
        high = (weights[positive].sum() + 1.0) / (weights[positive].sum() + 2.0)
        low = 1.0 / (weights[~positive].sum() + 2.0)
        soft = np.where(positive, high, low)
        column = np.concatenate([scores, scores]).reshape(-1, 1)
        twice = np.concatenate([np.ones(len(scores)), np.zeros(len(scores))])
        weight = np.concatenate([weights * soft, weights * (1.0 - soft)])
        return LogisticRegression(C=1e6, max_iter=1000).fit(column, twice, sample_weight=weight)
    return IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(scores, target, sample_weight=weights)


def fit_calibrators(
    method: str, scores: np.ndarray, labels: np.ndarray, classes: Sequence[str], sample_weight: np.ndarray
) -> list[Any]:
    """Calibration maps from decision scores: one on the decision value for two labels, one per
    label (one-vs-rest) for more, as scikit-learn's CalibratedClassifierCV fits them."""
    if method not in ("sigmoid", "isotonic"):
        raise ValueError(f"unknown calibration method {method!r}")
    labels = np.asarray(labels, dtype=object)
    if scores.ndim == 1 or scores.shape[1] == 1:
        return [_fit_one(method, scores.ravel(), (labels == classes[1]).astype(float), sample_weight)]
    return [
        _fit_one(method, scores[:, position], (labels == label).astype(float), sample_weight)
        for position, label in enumerate(classes)
    ]


def calibrate_scores(
    method: str,
    train_scores: np.ndarray,
    train_labels: np.ndarray,
    classes: Sequence[str],
    test_scores: np.ndarray,
    sample_weight: np.ndarray,
) -> np.ndarray:
    """Probabilities for ``test_scores`` from per-label calibrators fitted on ``train_scores``.

    Mirrors scikit-learn's CalibratedClassifierCV: one calibrator on the decision
    value for two labels, one per label (one-vs-rest, then normalised) for more.
    """
    calibrators = fit_calibrators(method, train_scores, train_labels, classes, sample_weight)
    return apply_calibrators(calibrators, test_scores, len(classes))


class CalibratedLinear(CalibratedPrediction, ClassifierMixin, BaseEstimator):
    """A fitted linear classifier with calibration maps fitted on its out-of-fold decision scores.

    What ``CalibratedClassifierCV(ensemble=False)`` builds, from scores that cross-validation has
    already computed (each fold with its own vocabulary), so training does not fit every fold
    twice. Decisions stay the linear model's (``estimator``), so explanations stay exact; only the
    probabilities pass through the maps.
    """

    def __init__(self, estimator: Any = None, method: str = "sigmoid") -> None:
        self.estimator = estimator
        self.method = method

    def fit(
        self, X: Any, y: Any, *, oof_scores: np.ndarray, sample_weight: np.ndarray | None = None
    ) -> CalibratedLinear:
        """Fit ``estimator`` on ``X`` and the maps on ``oof_scores`` (out-of-fold decision scores of
        the same rows, from models that did not see them)."""
        y = np.asarray(y, dtype=object)
        weights = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.estimator.fit(X, y)
        self.classes_ = self.estimator.classes_
        self.calibrators_ = fit_calibrators(self.method, np.asarray(oof_scores), y, list(self.classes_), weights)
        self.n_features_in_ = self.estimator.n_features_in_
        return self


#: Lower edges of the evidence buckets of short-text calibration: a posting's evidence is the number
#: of skills and terms in its feature row (a one-line posting has about 10, a whole one several hundred).
SHORT_TEXT_EDGES = (0, 8, 16, 32, 64, 128, 256, 512)
#: The windows short-text calibration learns from: this many characters of each training posting.
SHORT_TEXT_WINDOW = (50, 800)
#: A bucket with fewer out-of-fold rows keeps factor 1 (nothing to learn from).
SHORT_TEXT_MIN_ROWS = 100


def _log_loss(probabilities: np.ndarray, truth: np.ndarray) -> float:
    return float(-np.log(np.clip((probabilities * truth).sum(axis=1), 1e-15, 1.0)).mean())


def fit_short_text_factors(
    probabilities: np.ndarray, labels: Sequence[str], classes: Sequence[str], evidence: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(edges, factors): per evidence bucket, the power of the probabilities (a temperature on the
    scores) that minimises the log loss of out-of-fold predictions in the bucket; factors are made
    non-decreasing with the evidence (a posting with more words is never less sure for it)."""
    from scipy.optimize import minimize_scalar

    edges = np.asarray(SHORT_TEXT_EDGES, dtype=np.int64)
    truth = one_hot(list(labels), list(classes))
    bucket = evidence_buckets(evidence, edges)
    factors = np.ones(len(edges))
    counts = np.zeros(len(edges))
    for index in range(len(edges)):
        rows = bucket == index
        counts[index] = rows.sum()
        if counts[index] < SHORT_TEXT_MIN_ROWS:
            continue
        part, answer = probabilities[rows], truth[rows]

        def loss(power: float, part: np.ndarray = part, answer: np.ndarray = answer) -> float:
            return _log_loss(temper(part, power), answer)

        factors[index] = float(minimize_scalar(loss, bounds=(0.05, 2.0), method="bounded").x)
    fitted = np.flatnonzero(counts >= SHORT_TEXT_MIN_ROWS)
    if len(fitted) > 1:
        ordered = IsotonicRegression().fit(fitted, factors[fitted], sample_weight=counts[fitted])
        factors[fitted] = ordered.predict(fitted)
    if len(fitted):  # a bucket with too few rows takes its fitted neighbour's factor (below: the next one up)
        nearest = fitted[np.clip(np.searchsorted(fitted, np.arange(len(edges)), side="right") - 1, 0, None)]
        factors = factors[nearest]
    return edges, factors


class ShortTextCalibrated(ShortTextPrediction, ClassifierMixin, BaseEstimator):
    """A fitted classifier whose probabilities are tempered by how much a posting says.

    A linear model learned from whole postings (about 3,000 characters) is as sure of a one-line
    posting as of a whole one, and wrong far more often on it. Out of fold, on windows of 50-800
    characters cut from the training postings, :func:`fit_short_text_factors` learns one factor per
    bucket of evidence (skills and terms in the row); the probabilities are raised to it and
    renormalised, which on a softmax multiplies the scores by it. Decisions and scores stay the
    estimator's, so the label and its explanation do not change; only the confidence does.
    """

    def __init__(self, estimator: Any = None, edges: Any = SHORT_TEXT_EDGES, factors: Any = None) -> None:
        self.estimator = estimator
        self.edges = edges
        self.factors = factors

    def fit(self, X: Any, y: Any) -> ShortTextCalibrated:
        """Take the (already fitted) estimator's labels and fix the factors (``factors``: one per edge)."""
        self.edges_ = np.asarray(self.edges, dtype=np.int64)
        factors = np.ones(len(self.edges_)) if self.factors is None else np.asarray(self.factors, dtype=float)
        if factors.shape != self.edges_.shape or not (factors > 0).all():
            raise ValueError("factors: one positive number per edge")
        self.factors_ = factors
        self.classes_ = self.estimator.classes_
        self.n_features_in_ = self.estimator.n_features_in_
        return self
