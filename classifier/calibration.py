"""Calibration: measure it (ECE, Brier, reliability curve) and choose a method by cross-validation."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

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


def _fit_one(method: str, scores: np.ndarray, target: np.ndarray, weights: np.ndarray):
    if method == "sigmoid":
        model = LogisticRegression(C=1e6, max_iter=1000)
        model.fit(scores.reshape(-1, 1), target, sample_weight=weights)
        return lambda values: model.predict_proba(values.reshape(-1, 1))[:, 1]
    model = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
    model.fit(scores, target, sample_weight=weights)
    return model.predict


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
    if train_scores.ndim == 1 or train_scores.shape[1] == 1:
        calibrator = _fit_one(method, train_scores.ravel(), (train_labels == classes[1]).astype(float), sample_weight)
        positive = np.clip(calibrator(test_scores.ravel()), 0.0, 1.0)
        return np.column_stack([1.0 - positive, positive])
    columns = []
    for position, label in enumerate(classes):
        calibrator = _fit_one(method, train_scores[:, position], (train_labels == label).astype(float), sample_weight)
        columns.append(np.clip(calibrator(test_scores[:, position]), 0.0, 1.0))
    probabilities = np.column_stack(columns)
    totals = probabilities.sum(axis=1, keepdims=True)
    uniform = np.full_like(probabilities, 1.0 / len(classes))
    return np.where(totals > 0, probabilities / np.where(totals > 0, totals, 1.0), uniform)
