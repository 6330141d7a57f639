"""A model loaded for prediction, without importing scikit-learn.

Importing scikit-learn takes about a second (most of it scipy.stats, which it imports
for training), which is most of classifying one posting from cold and an eighth of
classifying 50,000 on two cores. Prediction needs none of it: a jobclass model predicts
with a sparse product, a softmax and, when calibrated, a map per label. So
:func:`classifier.persistence.load_model` with ``lite=True`` builds the objects a model
file names from the classes here, which hold the same fitted attributes and compute the
same probabilities (tests check them against scikit-learn's to 1e-12 on the default
model). :func:`to_sklearn` turns such a pipeline back into scikit-learn's objects, for
training code or for saving.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from classifier.featurecore import PostingFeaturesCore, SkillFeaturesCore


class _Fitted:
    """An object restored from a pickled scikit-learn estimator's state, attributes as they were."""

    #: (module, name) of the scikit-learn class this one stands for
    SKLEARN: tuple[str, str] = ("", "")

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        state.pop("_sklearn_version", None)
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lite, for {'.'.join(self.SKLEARN)})"


class LogisticRegression(_Fitted):
    """A fitted logistic regression: scores and probabilities as scikit-learn 1.x computes them."""

    SKLEARN = ("sklearn.linear_model._logistic", "LogisticRegression")

    def decision_function(self, X: Any) -> np.ndarray:
        coef = self.coef_
        scores = np.asarray(X @ (coef.T if coef.ndim == 2 else coef)) + self.intercept_
        return scores.reshape(-1) if scores.ndim > 1 and scores.shape[1] == 1 else scores

    def predict_proba(self, X: Any) -> np.ndarray:
        return probabilities_from_scores(self.decision_function(X), len(self.classes_))

    def predict(self, X: Any) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


class IsotonicRegression(_Fitted):
    """A fitted isotonic map: linear interpolation between its thresholds, clipped to their range."""

    SKLEARN = ("sklearn.isotonic", "IsotonicRegression")

    def predict(self, T: Any) -> np.ndarray:
        T = np.asarray(T, dtype=float).reshape(-1)
        if self.out_of_bounds == "clip":
            T = np.clip(T, self.X_min_, self.X_max_)
        x, y = np.asarray(self.X_thresholds_), np.asarray(self.y_thresholds_)
        if len(y) == 1:
            return np.repeat(y, T.shape)
        values = np.interp(T, x, y)
        if self.out_of_bounds == "nan":
            values[(T < x[0]) | (T > x[-1])] = np.nan
        return values


class _Wrapper:
    """Prediction of a classifier around a fitted ``estimator``: its scores, and the label of the most
    probable of this wrapper's own probabilities (``predict_proba``)."""

    def decision_function(self, X: Any) -> np.ndarray:
        return self.estimator.decision_function(X)

    def predict(self, X: Any) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


class CalibratedPrediction(_Wrapper):
    """What a fitted :class:`classifier.calibration.CalibratedLinear` predicts (it and its lite stand-in
    share this): the linear model's scores through its maps."""

    def predict_proba(self, X: Any) -> np.ndarray:
        return apply_calibrators(self.calibrators_, self.decision_function(X), len(self.classes_))


class CalibratedLinear(CalibratedPrediction, _Fitted):
    """:class:`classifier.calibration.CalibratedLinear`, fitted."""

    SKLEARN = ("classifier.calibration", "CalibratedLinear")


def temper(probabilities: np.ndarray, power: np.ndarray | float) -> np.ndarray:
    """Each row's probabilities raised to its ``power`` and renormalised: on a softmax that is the
    scores times the power (a temperature), so the most probable label stays the same."""
    scaled = np.array(probabilities, dtype=float)
    power = np.broadcast_to(np.asarray(power, dtype=float), (len(scaled),))
    change = power != 1.0
    if change.any():
        with np.errstate(divide="ignore"):
            logs = np.log(scaled[change]) * power[change, None]
        logs -= logs.max(axis=1, keepdims=True)
        np.exp(logs, out=logs)
        scaled[change] = logs / logs.sum(axis=1, keepdims=True)
    return scaled


def evidence_of(X: Any) -> np.ndarray:
    """How many skills and terms each feature row holds (its stored values)."""
    return np.diff(X.indptr) if hasattr(X, "indptr") else np.count_nonzero(np.asarray(X), axis=1)


def evidence_buckets(evidence: Any, edges: Any) -> np.ndarray:
    """Each evidence count's bucket: the index of the last of ``edges`` (the buckets' lower edges) at or below it."""
    return np.searchsorted(np.asarray(edges), np.asarray(evidence), side="right") - 1


def temper_by_evidence(probabilities: np.ndarray, evidence: np.ndarray, edges: Any, factors: Any) -> np.ndarray:
    """:func:`temper` each row by the factor of its evidence's bucket."""
    return temper(probabilities, np.asarray(factors, dtype=float)[evidence_buckets(evidence, edges)])


def probabilities_from_scores(scores: np.ndarray, n_classes: int) -> np.ndarray:
    """A logistic regression's probabilities from its decision scores, as scikit-learn 1.x computes
    them: the logistic for two labels (one score per row), the softmax for more."""
    if n_classes <= 2:
        positive = 1.0 / (1.0 + np.exp(-np.asarray(scores, dtype=float).reshape(-1)))
        return np.stack([1.0 - positive, positive], axis=1)
    scores = np.array(scores, dtype=float)
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


class ShortTextPrediction(_Wrapper):
    """What a fitted :class:`classifier.calibration.ShortTextCalibrated` predicts (it and its lite
    stand-in share this): the estimator's probabilities tempered by each row's evidence."""

    def powers(self, X: Any) -> np.ndarray:
        """The power each feature row's probabilities are raised to (1: not tempered)."""
        return np.asarray(self.factors_, dtype=float)[evidence_buckets(evidence_of(X), self.edges_)]

    def predict_proba(self, X: Any) -> np.ndarray:
        return temper(self.estimator.predict_proba(X), self.powers(X))


class ShortTextCalibrated(ShortTextPrediction, _Fitted):
    """:class:`classifier.calibration.ShortTextCalibrated`, fitted."""

    SKLEARN = ("classifier.calibration", "ShortTextCalibrated")


class Pipeline(_Fitted):
    """A fitted pipeline: each step transforms, the last one predicts."""

    SKLEARN = ("sklearn.pipeline", "Pipeline")

    @property
    def named_steps(self) -> dict[str, Any]:
        return dict(self.steps)

    def __getitem__(self, key: int | str) -> Any:
        return self.named_steps[key] if isinstance(key, str) else self.steps[key][1]

    def __len__(self) -> int:
        return len(self.steps)

    def _transform(self, X: Any) -> Any:
        for _, step in self.steps[:-1]:
            X = step.transform(X)
        return X

    def decision_function(self, X: Any) -> np.ndarray:
        return self.steps[-1][1].decision_function(self._transform(X))

    def predict_proba(self, X: Any) -> np.ndarray:
        return self.steps[-1][1].predict_proba(self._transform(X))

    def predict(self, X: Any) -> np.ndarray:
        return self.steps[-1][1].predict(self._transform(X))


class SkillFeatures(SkillFeaturesCore):
    """:class:`classifier.features.SkillFeatures`, fitted, for prediction."""

    SKLEARN = ("classifier.features", "SkillFeatures")


class PostingFeatures(PostingFeaturesCore):
    """:class:`classifier.features.PostingFeatures`, fitted, for prediction."""

    SKLEARN = ("classifier.features", "PostingFeatures")


def _apply_map(calibrator: Any, scores: np.ndarray) -> np.ndarray:
    if hasattr(calibrator, "coef_"):  # a sigmoid map: a logistic regression on one score
        return calibrator.predict_proba(scores.reshape(-1, 1))[:, 1]
    return calibrator.predict(scores)


def apply_calibrators(calibrators: list[Any], scores: np.ndarray, n_classes: int) -> np.ndarray:
    """Probabilities from decision scores through :func:`classifier.calibration.fit_calibrators`' maps
    (normalised over the labels; uniform where every map gives 0); the maps lite or scikit-learn's."""
    if len(calibrators) == 1 and n_classes == 2:
        positive = np.clip(_apply_map(calibrators[0], np.asarray(scores).ravel()), 0.0, 1.0)
        return np.column_stack([1.0 - positive, positive])
    probabilities = np.column_stack(
        [np.clip(_apply_map(calibrator, scores[:, k]), 0.0, 1.0) for k, calibrator in enumerate(calibrators)]
    )
    totals = probabilities.sum(axis=1, keepdims=True)
    uniform = np.full_like(probabilities, 1.0 / n_classes)
    return np.where(totals > 0, probabilities / np.where(totals > 0, totals, 1.0), uniform)


#: What a model file may name -> the class a lite load builds instead. A file naming any other
#: scikit-learn class (a model calibrated with CalibratedClassifierCV, before 2026-12-02) is
#: loaded with scikit-learn.
LITE_CLASSES: dict[tuple[str, str], type] = {
    cls.SKLEARN: cls
    for cls in (
        LogisticRegression,
        IsotonicRegression,
        CalibratedLinear,
        ShortTextCalibrated,
        Pipeline,
        SkillFeatures,
        PostingFeatures,
    )
}


def linear_model(classifier: Any) -> Any:
    """The logistic regression inside a (possibly calibrated) classifier, lite or scikit-learn's."""
    if hasattr(classifier, "factors_"):  # ShortTextCalibrated
        return linear_model(classifier.estimator)
    if hasattr(classifier, "calibrators_"):  # CalibratedLinear
        return classifier.estimator
    if hasattr(classifier, "calibrated_classifiers_"):  # CalibratedClassifierCV: models before 2026-12-02
        return classifier.calibrated_classifiers_[0].estimator
    return classifier


def is_lite(obj: Any) -> bool:
    return isinstance(obj, tuple(LITE_CLASSES.values()))


def to_sklearn(obj: Any) -> Any:
    """The scikit-learn (and :mod:`classifier.features`) objects a lite pipeline stands for, sharing
    its fitted arrays; anything else is returned as it is."""
    if isinstance(obj, list):
        return [to_sklearn(item) for item in obj]
    if isinstance(obj, tuple):
        return tuple(to_sklearn(item) for item in obj)
    if not is_lite(obj):
        return obj
    import importlib

    module, name = obj.SKLEARN
    cls = getattr(importlib.import_module(module), name)
    state = {key: to_sklearn(value) for key, value in obj.__dict__.items()}
    if module.startswith("sklearn."):
        import sklearn

        state["_sklearn_version"] = sklearn.__version__
    full = cls.__new__(cls)
    full.__setstate__(state)
    return full
