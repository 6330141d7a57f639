"""How many of each label a set of postings holds: prevalence estimates that correct for a shifted mix.

Counting predicted labels ("classify and count") is biased whenever a file's mix of roles differs
from the mix the model learned from, and it always does. The adjusted methods here use what the
model measured of itself when it was trained (the *prevalence calibration*: from postings it did
not see, the mean probabilities it gives to the postings of each true label, and the label mix its
probabilities reflect):

``cc``
    classify and count: the share of postings whose most probable label is each label.
``pcc``
    probabilistic classify and count: the mean of the probabilities.
``acc``
    adjusted classify and count: the counts corrected by the held-out confusion matrix.
``pacc``
    probabilistic adjusted count: the mean probabilities corrected by the held-out mean
    probabilities of each true label (the mix ``q`` with ``M q`` nearest the observed mean, on the
    simplex).
``em``
    the EM re-estimate of Saerens, Latinne and Decaestecker (2002): alternately re-weight each
    posting's probabilities to the current mix and take their mean, from the training mix.
``sacc``
    shrunk adjusted count: ``cc + w * (acc - cc)``. On held-out sites the counts stay too near the
    training mix and the adjusted counts overshoot (the postings of a label differ from site to
    site: the "other" roles of a data-jobs search look more like data science than those of a
    general board), so the correction is scaled by the weight ``w`` that minimised the error on
    held-out sources when the model was trained (0.5 without them).

Intervals are percentile bootstraps over the postings, widened by the method's error measured on
held-out sources when the model carries one (the error a new site adds that resampling cannot see).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from classifier.config import DEFAULT_PREVALENCE_METHOD, PREVALENCE_METHODS

METHODS = PREVALENCE_METHODS
METHOD_NAMES = {
    "cc": "classify and count",
    "pcc": "probabilistic classify and count",
    "acc": "adjusted classify and count",
    "pacc": "probabilistic adjusted count",
    "em": "EM (Saerens et al. 2002)",
    "sacc": "shrunk adjusted count",
    "emq_bcts": "EM with BCTS recalibration (QuaPy)",
    "hdy": "HDy (QuaPy)",
    "kdey_ml": "KDEy-ML (QuaPy)",
    "ms": "median sweep (QuaPy)",
}
#: The methods run by QuaPy (the optional extra ``quantify``) on the calibration's sample of held-out probabilities.
QUAPY_ONLY = ("emq_bcts", "hdy", "kdey_ml", "ms")
#: Held-out postings per label a calibration keeps for the QuaPy methods (a stratified sample).
SAMPLE_PER_LABEL = 2000
#: Fewer postings than this are counted, not adjusted: an adjustment fitted to so few is noise.
MIN_ADJUSTED_POSTINGS = 50
#: Calibration resamples behind a QuaPy method's interval (each bootstrap draw of the postings uses one of them).
CALIBRATION_RESAMPLES = 20
DEFAULT_METHOD = DEFAULT_PREVALENCE_METHOD
#: Below this many postings of a training label, a held-out mean probability is too noisy to correct by.
_MIN_LABEL_POSTINGS = 5


@dataclass(frozen=True)
class PrevalenceCalibration:
    """What a model measured of itself on postings it did not see, for adjusting prevalence.

    ``training_prior``: the label mix its probabilities reflect (their mean over the training
    postings, held out). ``mean_probabilities[j]``: the mean probability vector of the training
    postings whose true label is ``classes[j]``; ``confusion[j]``: the shares of them predicted as
    each label. ``held_out_error``: per method, the root-mean-square error of each label's share
    over held-out sources (absent without several sources). ``shrinkage``: the weight of
    the adjustment in ``sacc``, learned on held-out sources.
    """

    classes: tuple[str, ...]
    training_prior: np.ndarray
    mean_probabilities: np.ndarray
    confusion: np.ndarray
    postings: int
    split: str
    held_out_error: dict[str, dict[str, float]] = field(default_factory=dict)
    held_out_sources: int = 0
    shrinkage: float = 0.5
    sample_probabilities: np.ndarray | None = None
    sample_labels: tuple[str, ...] = ()

    @classmethod
    def fit(
        cls,
        labels: Sequence[str] | np.ndarray,
        probabilities: np.ndarray,
        classes: Sequence[str],
        *,
        split: str,
        sources: Sequence[str] | np.ndarray | None = None,
    ) -> PrevalenceCalibration:
        """From held-out probabilities of training postings (rows of ``probabilities``, columns ``classes``).

        With ``sources``, each source is also estimated from the calibration of the others,
        and each method's error against its true mix is recorded.
        """
        labels = np.asarray(labels, dtype=object)
        probabilities = _check_probabilities(probabilities, len(classes))
        if len(labels) != len(probabilities):
            raise ValueError(f"{len(labels)} labels for {len(probabilities)} rows of probabilities")
        mean, confusion = _conditional_means(labels, probabilities, classes)
        kept = calibration_sample(labels, classes)
        calibration = cls(
            classes=tuple(str(label) for label in classes),
            training_prior=probabilities.mean(axis=0),
            mean_probabilities=mean,
            confusion=confusion,
            postings=len(labels),
            split=split,
            sample_probabilities=np.round(probabilities[kept], 4),
            sample_labels=tuple(str(label) for label in labels[kept]),
        )
        if sources is None:
            return calibration
        errors = held_out_errors(labels, probabilities, classes, np.asarray(sources, dtype=object))
        if not errors:
            return calibration
        return PrevalenceCalibration(
            **{
                **calibration.__dict__,
                "held_out_error": {m: e["rmse"] for m, e in errors.items() if m in METHODS},
                "held_out_sources": errors["sacc"]["sources"],
                "shrinkage": errors["sacc"]["shrinkage"],
            }
        )

    def to_metadata(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "training_prior": [float(x) for x in self.training_prior],
            "mean_probabilities": [[float(x) for x in row] for row in self.mean_probabilities],
            "confusion": [[float(x) for x in row] for row in self.confusion],
            "postings": self.postings,
            "split": self.split,
            "held_out_error": self.held_out_error,
            "held_out_sources": self.held_out_sources,
            "shrinkage": self.shrinkage,
            "sample_probabilities": None
            if self.sample_probabilities is None
            else [[float(x) for x in row] for row in self.sample_probabilities],
            "sample_labels": list(self.sample_labels),
        }

    @property
    def has_sample(self) -> bool:
        """Whether it keeps held-out probabilities for the QuaPy methods (models trained before it did not)."""
        return self.sample_probabilities is not None and len(self.sample_labels) > 0

    @classmethod
    def from_metadata(cls, block: Mapping[str, Any]) -> PrevalenceCalibration:
        k = len(block["classes"])
        mean = np.asarray(block["mean_probabilities"], dtype=float).reshape(k, k)
        return cls(
            classes=tuple(block["classes"]),
            training_prior=np.asarray(block["training_prior"], dtype=float),
            mean_probabilities=mean,
            confusion=np.asarray(block["confusion"], dtype=float).reshape(k, k),
            postings=int(block["postings"]),
            split=str(block["split"]),
            held_out_error={m: dict(e) for m, e in (block.get("held_out_error") or {}).items()},
            held_out_sources=int(block.get("held_out_sources") or 0),
            shrinkage=float(block.get("shrinkage", 0.5)),
            sample_probabilities=None
            if not block.get("sample_probabilities")
            else np.asarray(block["sample_probabilities"], dtype=float).reshape(-1, k),
            sample_labels=tuple(block.get("sample_labels") or ()),
        )


def calibration_sample(
    labels: Sequence[str] | np.ndarray, classes: Sequence[str], per_label: int = SAMPLE_PER_LABEL, random_state: int = 0
) -> np.ndarray:
    """Row numbers of a stratified sample: every posting of a label with at most ``per_label``, else ``per_label``
    drawn at random (sorted)."""
    labels = np.asarray(labels, dtype=object)
    generator = np.random.default_rng(random_state)
    kept = []
    for label in classes:
        rows = np.flatnonzero(labels == label)
        kept.append(rows if len(rows) <= per_label else generator.choice(rows, per_label, replace=False))
    return np.sort(np.concatenate(kept)) if kept else np.zeros(0, dtype=np.int64)


def _check_probabilities(probabilities: np.ndarray, k: int) -> np.ndarray:
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim != 2 or probabilities.shape[1] != k:
        raise ValueError(f"probabilities must have one column per label ({k}), got shape {probabilities.shape}")
    if not np.isfinite(probabilities).all() or (probabilities < 0).any():
        raise ValueError("probabilities must be finite and not negative")
    return probabilities


def _conditional_means(labels: np.ndarray, probabilities: np.ndarray, classes: Sequence[str]):
    """Row j: the mean probabilities, and the shares of each predicted label, of the postings of true label j.

    A label with too few postings gets the identity row (no correction for it).
    """
    k = len(classes)
    predicted = probabilities.argmax(axis=1)
    mean = np.eye(k)
    confusion = np.eye(k)
    for j, label in enumerate(classes):
        rows = labels == label
        if rows.sum() >= _MIN_LABEL_POSTINGS:
            mean[j] = probabilities[rows].mean(axis=0)
            confusion[j] = np.bincount(predicted[rows], minlength=k) / rows.sum()
    return mean, confusion


def _simplex_solve(matrix: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """The mix q >= 0, sum 1, with ``matrix.T @ q`` nearest ``observed`` (least squares)."""
    from scipy.optimize import nnls

    k = len(observed)
    weight = 1e3  # the sum-to-one row, weighted far above the others
    system = np.vstack([matrix.T, weight * np.ones((1, k))])
    target = np.concatenate([observed, [weight]])
    solution, _ = nnls(system, target)
    total = solution.sum()
    return solution / total if total > 0 else np.full(k, 1.0 / k)


def em_prior(
    probabilities: np.ndarray,
    training_prior: np.ndarray,
    weights: np.ndarray | None = None,
    *,
    max_iter: int = 1000,
    tol: float = 1e-7,
) -> tuple[np.ndarray, int]:
    """Saerens et al. (2002): the label mix of the postings, and the iterations it took.

    Each step re-weights every posting's probabilities by (current mix / training mix),
    renormalises, and takes their (weighted) mean as the next mix.
    """
    training_prior = np.clip(np.asarray(training_prior, dtype=float), 1e-12, None)
    prior = training_prior.copy()
    total = len(probabilities) if weights is None else weights.sum()
    for iteration in range(1, max_iter + 1):
        adjusted = probabilities * (prior / training_prior)
        adjusted /= np.clip(adjusted.sum(axis=1, keepdims=True), 1e-300, None)
        new = (adjusted.sum(axis=0) if weights is None else weights @ adjusted) / total
        if np.abs(new - prior).max() < tol:
            return new, iteration
        prior = new
    return prior, max_iter


def adjust_probabilities(probabilities: np.ndarray, training_prior: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Each posting's probabilities under another label mix: p'(y) proportional to p(y) * prior(y) / training(y)."""
    ratio = np.asarray(prior, dtype=float) / np.clip(np.asarray(training_prior, dtype=float), 1e-12, None)
    adjusted = np.asarray(probabilities, dtype=float) * ratio
    totals = adjusted.sum(axis=1, keepdims=True)
    return np.divide(adjusted, totals, out=np.zeros_like(adjusted), where=totals > 0)


def estimate(
    probabilities: np.ndarray,
    calibration: PrevalenceCalibration,
    method: str = DEFAULT_METHOD,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """The share of each label (in ``calibration.classes`` order) by one method; ``weights`` count rows."""
    k = len(calibration.classes)
    probabilities = np.asarray(probabilities, dtype=float)
    n = len(probabilities) if weights is None else weights.sum()
    if n == 0:
        return np.full(k, np.nan)
    if method in ("cc", "acc"):
        hard = np.zeros_like(probabilities)
        hard[np.arange(len(probabilities)), probabilities.argmax(axis=1)] = 1
        observed = (hard.sum(axis=0) if weights is None else weights @ hard) / n
        return observed if method == "cc" else _simplex_solve(calibration.confusion, observed)
    if method in ("pcc", "pacc"):
        observed = (probabilities.sum(axis=0) if weights is None else weights @ probabilities) / n
        return observed if method == "pcc" else _simplex_solve(calibration.mean_probabilities, observed)
    if method == "em":
        return em_prior(probabilities, calibration.training_prior, weights)[0]
    if method == "sacc":
        counted = estimate(probabilities, calibration, "cc", weights)
        adjusted = estimate(probabilities, calibration, "acc", weights)
        return counted + calibration.shrinkage * (adjusted - counted)
    if method in QUAPY_ONLY:
        rows = probabilities if weights is None else np.repeat(probabilities, np.asarray(weights, dtype=int), axis=0)
        return quantifier(calibration, method).quantify(rows)
    raise ValueError(f"unknown prevalence method {method!r}; use one of {', '.join(METHODS)}")


_QUANTIFIERS: dict[tuple[int, str, int], tuple[PrevalenceCalibration, Any]] = {}


def quantifier(calibration: PrevalenceCalibration, method: str, resample: int | None = None) -> Any:
    """QuaPy's ``method`` fitted on the calibration's sample of held-out probabilities (kept while the calibration
    lives). ``resample``: fitted instead on that numbered stratified resample of the sample (for intervals)."""
    from classifier.errors import JobclassError
    from classifier.quantify import fit_quantifier

    key = (id(calibration), method, -1 if resample is None else resample)
    found = _QUANTIFIERS.get(key)
    if found is not None and found[0] is calibration:
        return found[1]
    if not calibration.has_sample:
        raise JobclassError(
            f"the model keeps no held-out probabilities for {method} (trained by an older jobclass): retrain it, "
            "or use --method sacc"
        )
    assert calibration.sample_probabilities is not None
    labels = np.asarray(calibration.sample_labels, dtype=object)
    rows = np.arange(len(labels))
    if resample is not None:
        generator = np.random.default_rng(1000 + resample)
        rows = np.concatenate(
            [generator.choice(np.flatnonzero(labels == label), int((labels == label).sum())) for label in
             calibration.classes if (labels == label).any()]
        )  # fmt: skip
    fitted = fit_quantifier(method, calibration.sample_probabilities[rows], labels[rows], calibration.classes)
    if len(_QUANTIFIERS) > 256:
        _QUANTIFIERS.clear()
    _QUANTIFIERS[key] = (calibration, fitted)
    return fitted


def usable_method(calibration: PrevalenceCalibration, method: str) -> tuple[str, str | None]:
    """``method``, or ``sacc`` with the reason when it is a QuaPy method the calibration cannot run (no held-out
    sample kept, as in models trained before it was, or QuaPy not installed)."""
    if method not in QUAPY_ONLY:
        return method, None
    if not calibration.has_sample:
        return "sacc", f"the model keeps no held-out probabilities for {method} (retrain it): shrunk adjusted count"
    if method not in available_methods():
        return "sacc", f"{method} needs QuaPy (pip install 'jobclass[quantify]'): shrunk adjusted count"
    return method, None


@dataclass(frozen=True)
class PrevalenceOptions:
    """How ``jobclass prevalence`` estimates: the method, the bootstrap resamples and level of its intervals, and the
    fewest postings it adjusts (fewer are counted, and the output says so)."""

    method: str = DEFAULT_PREVALENCE_METHOD
    bootstrap: int = 200
    level: float = 0.95
    min_postings: int = MIN_ADJUSTED_POSTINGS
    random_state: int = 0

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown prevalence method {self.method!r}; use one of {', '.join(METHODS)}")
        if not 0 < self.level < 1:
            raise ValueError(f"level must be between 0 and 1, got {self.level!r}")
        if self.bootstrap < 0 or self.min_postings < 0:
            raise ValueError("bootstrap and min_postings must not be negative")


@dataclass(frozen=True)
class Share:
    share: float
    low: float
    high: float


@dataclass(frozen=True)
class PrevalenceEstimate:
    """Shares of each label with 95 % intervals by an adjusted method, beside classify and count."""

    postings: int
    method: str
    shares: dict[str, Share]
    classify_and_count: dict[str, float]
    #: Why the requested method was not used (``method`` is then the one that was), else ``None``.
    fallback: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "postings": self.postings,
            "method": self.method,
            "fallback": self.fallback,
            "shares": {
                label: {"share": _round(s.share), "low": _round(s.low), "high": _round(s.high)}
                for label, s in self.shares.items()
            },
            "classify_and_count": {label: _round(x) for label, x in self.classify_and_count.items()},
        }


def _round(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)


def estimate_prevalence(
    probabilities: np.ndarray,
    calibration: PrevalenceCalibration,
    options: PrevalenceOptions | str | None = None,
) -> PrevalenceEstimate:
    """Shares by ``options.method`` with a percentile-bootstrap interval, widened by the method's held-out-source
    error where the calibration has one.

    The bootstrap resamples the postings (``options.bootstrap`` times) and, for the QuaPy methods, the
    calibration's held-out sample too (each draw uses one of ``CALIBRATION_RESAMPLES`` refitted methods).
    Fewer than ``options.min_postings`` postings are counted instead (``fallback`` says so), and so is a
    QuaPy method the calibration keeps no sample for (it falls back to ``sacc``). A method name alone
    stands for ``PrevalenceOptions(method)``.
    """
    options = PrevalenceOptions(options) if isinstance(options, str) else options or PrevalenceOptions()
    method = options.method
    probabilities = _check_probabilities(probabilities, len(calibration.classes))
    n = len(probabilities)
    classes = calibration.classes
    method, fallback = usable_method(calibration, method)
    if method != "cc" and 0 < n < options.min_postings:
        few = f"{n} postings are too few to adjust (fewer than {options.min_postings}): counted"
        fallback = few if fallback is None else f"{fallback}; {few}"
        method = "cc"
    counted = estimate(probabilities, calibration, "cc")
    point = estimate(probabilities, calibration, method)
    low = high = np.full(len(classes), np.nan)
    if n:
        generator = np.random.default_rng(options.random_state)
        samples = []
        for draw in range(options.bootstrap):
            weights = generator.multinomial(n, np.full(n, 1.0 / n))
            if method in QUAPY_ONLY:
                chosen = quantifier(calibration, method, draw % CALIBRATION_RESAMPLES)
                samples.append(chosen.quantify(np.repeat(probabilities, weights, axis=0)))
            else:
                samples.append(estimate(probabilities, calibration, method, weights))
        samples = np.asarray(samples).reshape(-1, len(classes))
        if len(samples):
            tail = (1 - options.level) / 2 * 100
            low, high = np.percentile(samples, tail, axis=0), np.percentile(samples, 100 - tail, axis=0)
        else:
            low, high = point.copy(), point.copy()
        systematic = calibration.held_out_error.get(method)
        if systematic:
            z = _normal_quantile(1 - (1 - options.level) / 2)
            extra = np.array([z * float(systematic.get(label, 0.0)) for label in classes])
            low = point - np.sqrt((point - np.minimum(low, point)) ** 2 + extra**2)
            high = point + np.sqrt((np.maximum(high, point) - point) ** 2 + extra**2)
        low, high = np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)
    return PrevalenceEstimate(
        postings=n,
        method=method,
        shares={label: Share(float(point[j]), float(low[j]), float(high[j])) for j, label in enumerate(classes)},
        classify_and_count={label: float(counted[j]) for j, label in enumerate(classes)},
        fallback=fallback,
    )


def _normal_quantile(p: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(p))


_SHRINKAGE_GRID = np.round(np.arange(0.0, 1.0001, 0.05), 2)


def _best_shrinkage(counted: np.ndarray, adjusted: np.ndarray, truth: np.ndarray) -> float:
    """The weight w in [0, 1] (steps of 0.05) with the least mean absolute error of cc + w (acc - cc)."""
    errors = [np.abs(counted + w * (adjusted - counted) - truth).mean() for w in _SHRINKAGE_GRID]
    return float(_SHRINKAGE_GRID[int(np.argmin(errors))])


#: A held-out source's postings a QuaPy method estimates at most (a random sample of a larger source).
_HELD_OUT_ROWS = 2000


def available_methods() -> tuple[str, ...]:
    """The prevalence methods this installation can run: the QuaPy ones only with QuaPy installed."""
    from importlib.util import find_spec

    return METHODS if find_spec("quapy") is not None else tuple(m for m in METHODS if m not in QUAPY_ONLY)


def held_out_errors(
    labels: np.ndarray, probabilities: np.ndarray, classes: Sequence[str], sources: np.ndarray
) -> dict[str, dict[str, Any]]:
    """Each method's error per label on each source, estimated from the calibration of the other sources.

    ``probabilities`` must be held out by source (each row from a model that did not see its
    source), so a source is scored as a new site would be. Returns, per method, ``rmse`` and
    ``mae`` per label, ``mean_absolute_error`` over labels and sources, and the per-source table.
    For ``sacc`` each source's weight is learned from the other sources alone, and
    ``shrinkage`` is the weight learned from them all (the one a model keeps).
    """
    names = sorted(set(str(source) for source in sources))
    if len(names) < 2:
        return {}
    labels = np.asarray(labels, dtype=object)
    sources = np.asarray([str(source) for source in sources], dtype=object)
    truth = np.zeros((len(names), len(classes)))
    methods = available_methods()
    found = {method: np.zeros((len(names), len(classes))) for method in methods}
    generator = np.random.default_rng(0)
    for s, name in enumerate(names):
        held = sources == name
        rest = np.flatnonzero(~held)
        mean, confusion = _conditional_means(labels[rest], probabilities[rest], classes)
        kept = rest[calibration_sample(labels[rest], classes)]
        calibration = PrevalenceCalibration(
            classes=tuple(classes),
            training_prior=probabilities[rest].mean(axis=0),
            mean_probabilities=mean,
            confusion=confusion,
            postings=len(rest),
            split="other sources",
            sample_probabilities=probabilities[kept],
            sample_labels=tuple(labels[kept]),
        )
        truth[s] = [(labels[held] == label).mean() for label in classes]
        rows = np.flatnonzero(held)
        some = rows if len(rows) <= _HELD_OUT_ROWS else generator.choice(rows, _HELD_OUT_ROWS, replace=False)
        for method in methods:
            if method != "sacc":
                found[method][s] = estimate(probabilities[some if method in QUAPY_ONLY else rows], calibration, method)
    counted, adjusted = found["cc"], found["acc"]
    for s in range(len(names)):
        others = np.arange(len(names)) != s
        weight = _best_shrinkage(counted[others], adjusted[others], truth[others]) if others.sum() else 0.5
        found["sacc"][s] = counted[s] + weight * (adjusted[s] - counted[s])
    result: dict[str, dict[str, Any]] = {}
    for method in methods:
        errors = found[method] - truth
        result[method] = {
            "rmse": {label: float(np.sqrt(np.mean(errors[:, j] ** 2))) for j, label in enumerate(classes)},
            "mae": {label: float(np.mean(np.abs(errors[:, j]))) for j, label in enumerate(classes)},
            "mean_absolute_error": float(np.mean(np.abs(errors))),
            "sources": len(names),
            "per_source": {
                name: {
                    "truth": {label: float(truth[s, j]) for j, label in enumerate(classes)},
                    "estimate": {label: float(found[method][s, j]) for j, label in enumerate(classes)},
                }
                for s, name in enumerate(names)
            },
        }
    result["sacc"]["shrinkage"] = _best_shrinkage(counted, adjusted, truth)
    return result
