"""The quantification methods of QuaPy over a model's held-out probabilities (the optional extra ``quantify``).

QuaPy (Moreo, Esuli and Sebastiani) implements the prevalence methods of the field over any
scikit-learn classifier. Here the classifier has already spoken: its probabilities for postings it
did not see (held out by source when it was trained) are the training data of each method's
aggregation step, so every method sees the same evidence. The "classifier" handed to QuaPy is a
pass-through whose features are those probabilities.

Methods (QuaPy's names in brackets):

``cc``        classify and count [CC]
``pcc``       probabilistic classify and count [PCC]
``acc``       adjusted classify and count [ACC]
``pacc``      probabilistic adjusted count [PACC]
``emq_bcts``  EM of Saerens et al. on probabilities recalibrated by bias-corrected temperature scaling [EMQ.EMQ_BCTS]
``hdy``       Hellinger-distance matching of probability histograms, one label against the rest [HDy]
``kdey_ml``   maximum likelihood over kernel densities of the probabilities [KDEyML]
``ms``        median sweep of adjusted counts over thresholds, one label against the rest [MedianSweep]

Without QuaPy installed (``pip install 'jobclass[quantify]'``), :func:`fit_quantifier` raises a
:class:`~classifier.errors.JobclassError` that says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from classifier.errors import JobclassError

QUAPY_METHODS = ("cc", "pcc", "acc", "pacc", "emq_bcts", "hdy", "kdey_ml", "ms")
QUAPY_METHOD_NAMES = {
    "cc": "classify and count (QuaPy CC)",
    "pcc": "probabilistic classify and count (QuaPy PCC)",
    "acc": "adjusted classify and count (QuaPy ACC)",
    "pacc": "probabilistic adjusted count (QuaPy PACC)",
    "emq_bcts": "EM with BCTS recalibration (QuaPy EMQ_BCTS)",
    "hdy": "HDy, one label against the rest (QuaPy HDy)",
    "kdey_ml": "KDEy-ML (QuaPy KDEyML)",
    "ms": "median sweep, one label against the rest (QuaPy MS)",
}
#: Median sweep tries one threshold per distinct score: scores are rounded to this many decimals first.
_SWEEP_DECIMALS = 2


def _quapy() -> Any:
    try:
        import quapy
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise JobclassError(
            "the QuaPy prevalence methods need the optional extra: pip install 'jobclass[quantify]'"
        ) from error
    return quapy


class Posteriors(ClassifierMixin, BaseEstimator):
    """A fitted pass-through "classifier" for QuaPy: its input rows are its probabilities (columns ``classes``)."""

    def __init__(self, classes: Sequence[Any] = ()) -> None:
        self.classes = classes

    @property
    def classes_(self) -> np.ndarray:
        return np.asarray(list(self.classes))

    def fit(self, X: Any = None, y: Any = None) -> Posteriors:
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return True

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes_[np.asarray(X).argmax(axis=1)]

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """The positive column of two (rounded, so that median sweep tries a few hundred thresholds), else all."""
        X = np.asarray(X, dtype=float)
        return np.round(X[:, 1], _SWEEP_DECIMALS) if X.shape[1] == 2 else X


def _make(method: str, classifier: Any, random_state: int) -> Any:
    quapy = _quapy()
    from quapy.method import aggregative

    options = {"fit_classifier": False, "val_split": None}
    if method == "cc":
        return aggregative.CC(classifier, fit_classifier=False)
    if method == "pcc":
        return aggregative.PCC(classifier, **options)
    if method == "acc":
        return aggregative.ACC(classifier, **options)
    if method == "pacc":
        return aggregative.PACC(classifier, **options)
    if method == "emq_bcts":
        return aggregative.EMQ(classifier, exact_train_prev=False, calib="bcts", on_calib_error="backup", **options)
    if method == "hdy":
        return aggregative.HDy(classifier, **options)
    if method == "kdey_ml":
        return aggregative.KDEyML(classifier, random_state=random_state, **options)
    if method == "ms":
        return aggregative.MedianSweep(classifier, **options)
    del quapy
    raise JobclassError(f"unknown QuaPy method {method!r}; use one of {', '.join(QUAPY_METHODS)}")


_BINARY = ("hdy", "ms")


class Quantifier:
    """One QuaPy method fitted on held-out probabilities and their true labels; ``quantify`` gives label shares."""

    def __init__(self, method: str, classes: Sequence[str], parts: list[Any]) -> None:
        self.method = method
        self.classes = tuple(classes)
        self._parts = parts

    def quantify(self, probabilities: np.ndarray) -> np.ndarray:
        """The share of each label (``classes`` order) among rows of probabilities."""
        probabilities = np.asarray(probabilities, dtype=float)
        if not len(probabilities):
            return np.full(len(self.classes), np.nan)
        probabilities = _clean(probabilities)
        if self.method not in _BINARY:
            return np.asarray(self._parts[0].predict(probabilities), dtype=float)
        shares = np.array(
            [part.predict(_one_against_rest(probabilities, j))[1] for j, part in enumerate(self._parts)], dtype=float
        )
        total = shares.sum()
        return shares / total if total > 0 else np.full(len(shares), 1.0 / len(shares))


#: Probabilities are kept off zero (BCTS recalibration takes their logarithm; stored ones are rounded).
_FLOOR = 1e-6


def _clean(probabilities: np.ndarray) -> np.ndarray:
    """Rows of probabilities kept off 0 and summing to 1."""
    clipped = np.clip(np.asarray(probabilities, dtype=float), _FLOOR, 1.0)
    return clipped / clipped.sum(axis=1, keepdims=True)


def _one_against_rest(probabilities: np.ndarray, j: int) -> np.ndarray:
    column = np.clip(probabilities[:, j], 0.0, 1.0)
    return np.column_stack([1.0 - column, column])


def _fit_aggregation(quantifier: Any, probabilities: np.ndarray, labels: np.ndarray) -> None:
    """The aggregation step alone: the classifier's outputs for the rows are given, nothing is trained."""
    quantifier.aggregation_fit(quantifier.classify(probabilities), labels)


def fit_quantifier(
    method: str,
    probabilities: np.ndarray,
    labels: Sequence[str] | np.ndarray,
    classes: Sequence[str],
    *,
    random_state: int = 0,
) -> Quantifier:
    """QuaPy's ``method`` fitted on ``probabilities`` (held-out rows, columns ``classes``) with true ``labels``.

    Labels one against the rest for the binary methods (``hdy``, ``ms``), their shares normalised to sum 1.
    """
    import warnings

    if method not in QUAPY_METHODS:
        raise JobclassError(f"unknown QuaPy method {method!r}; use one of {', '.join(QUAPY_METHODS)}")
    probabilities = _clean(probabilities)
    labels = np.asarray(labels, dtype=object)
    classes = [str(label) for label in classes]
    missing = [label for label in classes if not (labels == label).any()]
    if missing:
        raise JobclassError(f"no held-out postings of {', '.join(missing)} to fit {method} on")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # QuaPy's notes on unused validation splits
        if method in _BINARY:
            parts = []
            for j, label in enumerate(classes):
                part = _make(method, Posteriors((0, 1)), random_state)
                _fit_aggregation(part, _one_against_rest(probabilities, j), (labels == label).astype(int))
                parts.append(part)
        else:
            part = _make(method, Posteriors(range(len(classes))), random_state)
            _fit_aggregation(part, probabilities, np.array([classes.index(str(label)) for label in labels]))
            parts = [part]
    return Quantifier(method, classes, parts)


__all__ = ["QUAPY_METHODS", "QUAPY_METHOD_NAMES", "Posteriors", "Quantifier", "fit_quantifier"]
