"""Build the pipeline, prepare labelled data, cross-validate and train."""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline

from classifier import __version__
from classifier.calibration import (
    CALIBRATION_METHODS,
    SHORT_TEXT_MIN_ROWS,
    SHORT_TEXT_WINDOW,
    CalibratedLinear,
    ShortTextCalibrated,
    apply_calibrators,
    brier_score,
    calibrate_scores,
    expected_calibration_error,
    fit_calibrators,
    fit_short_text_factors,
)
from classifier.config import (
    CLASS_WEIGHTS,
    DATA_SCIENCE,
    DEFAULT_CLASS_WEIGHT,
    ID_COLUMN_CANDIDATES,
    LABEL_COLUMN_CANDIDATES,
    ML_ENGINEERING,
    OTHER,
    ROLE_NAME_PATTERN,
    TEXT_COLUMN_CANDIDATES,
    TITLE_COLUMN_CANDIDATES,
)
from classifier.errors import JobclassError
from classifier.features import PostingFeatures, TermCounts, count_terms
from classifier.labels import UNSURE, TitleRules, id_digest, read_label_file
from classifier.lite import linear_model, probabilities_from_scores, temper_by_evidence
from classifier.persistence import save_model
from classifier.postings import (
    FILE_SOURCE_COLUMN,
    SOURCE_COLUMN,
    check_writable,
    expand_inputs,
    find_column,
    read_many,
    refuse_overwriting_inputs,
)
from classifier.prevalence import PrevalenceCalibration
from classifier.taxonomy import Taxonomy

#: A label needs at least this many postings to be learned.
MIN_POSTINGS_PER_LABEL = 5
GROUP_COLUMN_CANDIDATES = ("company", "company_name", "employer", "source")
#: Ways to validate besides the grouped folds: ``source`` holds each source out in turn.
VALIDATIONS = ("folds", "source")


_ROLE_NAMES = re.compile(ROLE_NAME_PATTERN)


def mask_role_names_in(text: str) -> str:
    """``text`` with the role names (data scientist, ML engineer, ...) blanked out, same length."""
    return _ROLE_NAMES.sub(lambda match: " " * len(match.group()), text)


def sqrt_balanced_weights(labels: Iterable[str]) -> dict[str, float]:
    """Class weights ``sqrt(largest class size / class size)``: halfway (in log terms) to 'balanced'.

    On the shared postings (other : data_science : ml_engineering is about 24 : 1.2 : 1) it
    was the default until 2026-12-02: 0.002 more leave-one-source-out macro-F1 than 'balanced'
    on the files' own mixes, 0.014 less on held-out sources resampled to the hidden sites'
    mixes; see benchmarks/model_quality.py and docs/model-card.md.
    """
    counts = pd.Series(list(labels)).value_counts()
    return {str(label): float(np.sqrt(counts.max() / count)) for label, count in counts.items()}


def class_weights(labels: Iterable[str], scheme: str) -> dict[str, float] | None:
    """Class weights by scheme: ``balanced`` (default: n_max / n_c), ``sqrt`` (its square root) or ``none``."""
    if scheme == "sqrt":
        return sqrt_balanced_weights(labels)
    if scheme == "balanced":
        counts = pd.Series(list(labels)).value_counts()
        return {str(label): float(counts.max() / count) for label, count in counts.items()}
    if scheme == "none":
        return None
    raise JobclassError(f"unknown class weight scheme {scheme!r}; use one of {', '.join(CLASS_WEIGHTS)}")


def _classifier(C: float, class_weight: dict[str, float] | None, random_state: int) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight=class_weight, max_iter=5000, random_state=random_state)


#: Defaults chosen by leave-one-source-out validation on the shared postings (benchmarks/model_quality.py).
DEFAULT_C = 10.0
DEFAULT_SKILL_WEIGHT = 0.5
DEFAULT_MIN_SOURCES = 5
DEFAULT_MAX_TERMS = 100_000
#: How far rows go from unit length (0) towards unit sum (1), so a short posting's few telling terms
#: count as a long one's many do (PostingFeatures.length_exponent).
DEFAULT_LENGTH_EXPONENT = 0.5


def _looks_numeric(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def build_pipeline(
    taxonomy: str | Path | Iterable[str | Path] | Taxonomy | None = None,
    *,
    C: float = DEFAULT_C,
    class_weight: dict[str, float] | None = None,
    random_state: int = 0,
    words: bool = True,
    skill_weight: float = DEFAULT_SKILL_WEIGHT,
    min_sources: int = DEFAULT_MIN_SOURCES,
    max_terms: int | None = DEFAULT_MAX_TERMS,
    length_exponent: float = DEFAULT_LENGTH_EXPONENT,
) -> Pipeline:
    """Skill and word features feeding a (multinomial) logistic regression.

    Taxonomy paths are kept as strings: a model file holds only types its restricted loader allows.
    """
    if isinstance(taxonomy, Path):
        taxonomy = str(taxonomy)
    elif isinstance(taxonomy, (list, tuple)):
        taxonomy = tuple(str(item) if isinstance(item, Path) else item for item in taxonomy)
    return Pipeline(
        [
            (
                "features",
                PostingFeatures(
                    taxonomy=taxonomy,
                    words=words,
                    skill_weight=skill_weight,
                    min_sources=min_sources,
                    max_features=max_terms,
                    length_exponent=length_exponent,
                ),
            ),
            ("classifier", _classifier(C, class_weight, random_state)),
        ]
    )


@dataclass
class TrainingData:
    """Texts and labels ready to learn from, with what was left out."""

    texts: list[str]
    labels: np.ndarray
    groups: np.ndarray | None
    rows_read: int
    rows_left_out: dict[str, int] = field(default_factory=dict)
    label_source: str = "title"
    #: positions (in the input frame) of the postings kept, in order
    row_index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    #: each posting's source (site or file), when the data says
    sources: np.ndarray | None = None


def prepare_training_data(
    frame: pd.DataFrame,
    *,
    include_other: bool = False,
    text_column: str | None = None,
    title_column: str | None = None,
    label_column: str | None = None,
    title_rules: str | Path | TitleRules | None = None,
    source: str = "postings",
    labels_to_learn: Sequence[str] | None = None,
    read_labels: str | Path | dict[tuple[str, str], str] | None = None,
) -> TrainingData:
    """Pick texts and labels: from a label column if there is one, else from titles by the title rules.

    ``read_labels`` (a file of source, id, label, or its mapping by source and id digest; see
    :func:`classifier.labels.read_label_file`)
    replaces the label of every posting a reader labelled from its description; one read as ``unsure`` is
    left out. ``labels_to_learn`` keeps the postings of those labels only (default: every label;
    ``include_other=False`` is the same as data_science and ml_engineering alone).
    """
    text_col = find_column(frame, text_column, TEXT_COLUMN_CANDIDATES, "text", source)
    label_col = find_column(
        frame, label_column, LABEL_COLUMN_CANDIDATES, "label", source, required=label_column is not None
    )
    if label_col is not None:
        labels = frame[label_col].astype("object").where(frame[label_col].notna(), None)
        labels = labels.map(lambda value: str(value).strip() if value is not None and str(value).strip() else None)
        numeric = sorted({label for label in labels.dropna() if _looks_numeric(label)})
        if numeric:
            raise JobclassError(
                f"{source}: label column {label_col!r} holds numbers ({', '.join(numeric[:3])}); labels must be "
                "names, such as data_science, ml_engineering and other"
            )
        label_source = f"column {label_col!r}"
    else:
        title_col = find_column(frame, title_column, TITLE_COLUMN_CANDIDATES, "title", source, required=False)
        if title_col is None:
            raise JobclassError(
                f"{source}: no label column and no title column to derive labels from "
                "(name one with --label-column or --title-column)"
            )
        rules = title_rules if isinstance(title_rules, TitleRules) else TitleRules.read(title_rules)
        labels = frame[title_col].map(rules.label)
        label_source = f"titles in column {title_col!r}"
    texts = frame[text_col].astype("object").where(frame[text_col].notna(), "")
    has_text = texts.map(lambda value: isinstance(value, str) and any(char.isalpha() for char in value))
    source_col = find_column(frame, None, (SOURCE_COLUMN,), "source", source, required=False)
    if FILE_SOURCE_COLUMN in frame.columns:
        source_col = FILE_SOURCE_COLUMN
    if read_labels is not None:
        labels, read_count = _apply_read_labels(frame, labels, read_labels, source_col, source)
        label_source += f", {read_count} replaced by labels read from the descriptions"
    unsure = labels == UNSURE
    left_out = {
        "no label (title names both roles, or ambiguous)": int(labels.isna().sum()),
        "read as unsure (the description supports two labels)": int(unsure.sum()),
        "no usable text": int((labels.notna() & ~unsure & ~has_text).sum()),
    }
    keep = labels.notna() & ~unsure & has_text
    if labels_to_learn is None and not include_other and label_col is None:
        labels_to_learn = (DATA_SCIENCE, ML_ENGINEERING)
    if labels_to_learn is not None:
        unwanted = keep & ~labels.isin(list(labels_to_learn))
        left_out[f"labels not learned (learning {', '.join(labels_to_learn)})"] = int(unwanted.sum())
        keep &= ~unwanted
    groups = None
    group_col = find_column(frame, None, GROUP_COLUMN_CANDIDATES, "group", source, required=False)
    sources = None
    if source_col is not None:
        sources = frame.loc[keep, source_col].fillna("").astype(str).to_numpy()
    if group_col is not None:
        groups = frame.loc[keep, group_col].fillna("").astype(str).to_numpy()
        if sources is not None and group_col != source_col:  # the same company name on two sites is two groups
            groups = np.asarray([f"{site}\x1f{name}" for site, name in zip(sources, groups)], dtype=object)
    return TrainingData(
        texts=texts[keep].tolist(),
        labels=labels[keep].to_numpy(dtype=object),
        groups=groups,
        rows_read=len(frame),
        rows_left_out={reason: count for reason, count in left_out.items() if count},
        label_source=label_source,
        row_index=np.flatnonzero(keep.to_numpy()),
        sources=sources,
    )


def _apply_read_labels(
    frame: pd.DataFrame,
    labels: pd.Series,
    read_labels: str | Path | dict[tuple[str, str], str],
    source_col: str | None,
    source: str,
) -> tuple[pd.Series, int]:
    """``labels`` with each posting that readers labelled given their label (matched by source and id), and
    how many were."""
    mapping = read_labels if isinstance(read_labels, dict) else read_label_file(read_labels)
    id_col = find_column(frame, None, ID_COLUMN_CANDIDATES, "id", source, required=False)
    if id_col is None or source_col is None:
        raise JobclassError(
            f"{source}: read labels are matched by source and id, and the postings have "
            f"{'no id column' if id_col is None else 'no source (a source column, or one file per source)'}"
        )
    keys = zip(frame[source_col].fillna("").astype(str).str.strip(), frame[id_col].fillna("").map(id_digest))
    read = pd.Series([mapping.get(key) for key in keys], index=labels.index, dtype=object)
    found = read.notna()
    return labels.astype(object).where(~found, read), int(found.sum())


def split_by_group(
    frame: pd.DataFrame, column: str = "company", *, test_share: float = 0.2, random_state: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train and test parts with no value of ``column`` (e.g. company) on both sides."""
    from sklearn.model_selection import GroupShuffleSplit

    if column not in frame.columns:
        raise JobclassError(f"postings: no column {column!r} to split by")
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_share, random_state=random_state)
    train_index, test_index = next(splitter.split(frame, groups=frame[column].fillna("").astype(str)))
    return frame.iloc[train_index].reset_index(drop=True), frame.iloc[test_index].reset_index(drop=True)


def _check_learnable(data: TrainingData, source: str) -> None:
    counts = pd.Series(data.labels).value_counts()
    if len(counts) < 2:
        found = ", ".join(f"{label} ({count})" for label, count in counts.items()) or "none"
        raise JobclassError(f"{source}: need postings of at least two labels to train, found {found}")
    small = counts[counts < MIN_POSTINGS_PER_LABEL]
    if len(small):
        label, count = small.index[0], int(small.iloc[0])
        raise JobclassError(
            f"{source}: label {label!r} has {count} posting(s); each label needs at least {MIN_POSTINGS_PER_LABEL}"
        )


def worker_count(jobs: int | None, tasks: int) -> int:
    """Processes to use: ``None``, 0 or a negative number mean all cores; never more than cores or tasks."""
    cores = os.cpu_count() or 1
    wanted = cores if jobs is None or jobs <= 0 else int(jobs)
    return max(1, min(wanted, cores, max(int(tasks), 1)))


def _splitter(labels: np.ndarray, groups: np.ndarray | None, folds: int, random_state: int):
    counts = pd.Series(labels).value_counts()
    smallest = int(counts.min())
    if folds > smallest:
        raise JobclassError(
            f"folds: {folds} is more than the postings of the smallest label ({counts.index[-1]}: {smallest}); "
            f"use --folds {max(2, min(5, smallest))}"
        )
    if groups is not None and len(set(groups)) >= folds:
        return GroupKFold(n_splits=folds), "grouped by company"
    folds = max(2, min(folds, smallest))
    return StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state), "stratified"


FoldFeatures = Callable[[np.ndarray, np.ndarray], tuple[Any, Any]]


def _out_of_fold(
    fold_features: FoldFeatures,
    labels: np.ndarray,
    splits: list[tuple[np.ndarray, np.ndarray]],
    classes: list[str],
    *,
    C: float,
    class_weight: dict[str, float] | None,
    random_state: int,
    n_jobs: int | None,
    extra: list[np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold decision scores and probabilities, each fold's features learned from its training part.

    ``fold_features`` may give a third matrix (other rows to score with the fold's model, such as
    windows of its test postings); their decision scores are appended to ``extra``, fold by fold.
    """
    from joblib import Parallel, delayed

    def run(train_X: Any, train_y: np.ndarray, test_X: Any, extra_X: Any) -> tuple[Any, ...]:
        model = _classifier(C, class_weight, random_state)
        model.fit(train_X, train_y)
        probabilities = np.zeros((test_X.shape[0], len(classes)))
        probabilities[:, [classes.index(label) for label in model.classes_]] = model.predict_proba(test_X)
        extra_scores = None if extra_X is None else model.decision_function(extra_X)
        return model.decision_function(test_X), probabilities, extra_scores

    def tasks():
        for train_index, test_index in splits:
            train_X, test_X, *more = fold_features(train_index, test_index)
            yield delayed(run)(train_X, labels[train_index], test_X, more[0] if more else None)

    scores: np.ndarray | None = None
    raw = np.zeros((len(labels), len(classes)))
    workers = worker_count(n_jobs, len(splits))
    for (_, test_index), (decision, probabilities, extra_scores) in zip(splits, Parallel(n_jobs=workers)(tasks())):
        if scores is None:
            scores = np.zeros((len(labels),) + decision.shape[1:])
        scores[test_index] = decision
        raw[test_index] = probabilities
        if extra is not None and extra_scores is not None:
            extra.append(extra_scores)
    assert scores is not None
    return scores, raw


#: How much worse than the raw probabilities' a calibration's Brier score may be and still be chosen.
BRIER_TOLERANCE = 0.05


def choose_calibration(scores: dict[str, dict[str, float]]) -> str:
    """The method with the lowest out-of-fold ECE among those whose Brier score is at most
    ``BRIER_TOLERANCE`` (5 %) worse than the raw probabilities' ("none" always qualifies).

    ECE alone is not a proper score: a step map can even out the confidence bins while its
    probabilities get worse posting by posting (on the remote board alone isotonic took ECE from
    0.010 to 0.009 and the Brier score from 0.046 to 0.062)."""
    ceiling = scores["none"]["brier"] * (1 + BRIER_TOLERANCE)
    eligible = [method for method in scores if method == "none" or scores[method]["brier"] <= ceiling]
    return min(eligible, key=lambda method: scores[method]["ece"])


def cross_validate(
    fold_features: FoldFeatures | Any,
    labels: np.ndarray,
    groups: np.ndarray | None,
    *,
    C: float,
    folds: int,
    random_state: int,
    class_weight: dict[str, float] | None = None,
    calibration: str = "auto",
    n_jobs: int | None = 1,
    return_probabilities: bool = False,
    extra: list[np.ndarray] | None = None,
) -> tuple[Any, ...]:
    """Out-of-fold scores of the classifier.

    ``fold_features(train_index, test_index)`` gives a fold's (train, test)
    feature matrices, learned from the training part alone; a matrix instead
    is split as it is. Returns the metrics (macro-F1, accuracy, F1 per label,
    and calibration: ECE and Brier score without calibration and with each
    method) and the splits, and with ``return_probabilities`` the out-of-fold
    probabilities of the chosen calibration (columns: the sorted labels) and the
    out-of-fold decision scores the calibration maps are fitted on.
    ``calibration="auto"``: see :func:`choose_calibration`. ``extra``: as for :func:`_out_of_fold`.
    """
    if not callable(fold_features):
        matrix = fold_features
        fold_features = lambda train, test: (matrix[train], matrix[test])  # noqa: E731
    splitter, how = _splitter(labels, groups, folds, random_state)
    splits = [(train, test) for train, test in splitter.split(np.zeros(len(labels)), labels, groups)]
    classes = sorted(set(labels))
    scores, raw = _out_of_fold(
        fold_features,
        labels,
        splits,
        classes,
        C=C,
        class_weight=class_weight,
        random_state=random_state,
        n_jobs=n_jobs,
        extra=extra,
    )
    weights = np.array([class_weight[label] for label in labels]) if class_weight else np.ones(len(labels))
    candidates = {"none": raw}
    for method in ("sigmoid", "isotonic"):
        calibrated = np.zeros_like(raw)
        for train, test in splits:
            calibrated[test] = calibrate_scores(
                method, scores[train], labels[train], classes, scores[test], weights[train]
            )
        candidates[method] = calibrated
    calibration_scores = {
        method: {
            "ece": expected_calibration_error(labels, probabilities, classes),
            "brier": brier_score(labels, probabilities, classes),
        }
        for method, probabilities in candidates.items()
    }
    if calibration == "auto":
        chosen = choose_calibration(calibration_scores)
    elif calibration in candidates:
        chosen = calibration
    else:
        raise JobclassError(f"unknown calibration {calibration!r}; use auto, {', '.join(CALIBRATION_METHODS)}")
    predictions = np.asarray(classes, dtype=object)[candidates[chosen].argmax(axis=1)]
    fold_f1 = [f1_score(labels[test], predictions[test], average="macro") for _, test in splits]
    per_label = f1_score(labels, predictions, average=None, labels=classes)
    metrics = {
        "folds": len(splits),
        "split": how,
        "macro_f1": float(f1_score(labels, predictions, average="macro")),
        "macro_f1_fold_std": float(np.std(fold_f1)),
        "accuracy": float(accuracy_score(labels, predictions)),
        "f1_per_label": {label: float(score) for label, score in zip(classes, per_label)},
        "calibration": {
            "method": chosen,
            "ece_before": calibration_scores["none"]["ece"],
            "ece_after": calibration_scores[chosen]["ece"],
            "brier_before": calibration_scores["none"]["brier"],
            "brier_after": calibration_scores[chosen]["brier"],
            "candidates": calibration_scores,
        },
    }
    if return_probabilities:
        return metrics, splits, candidates[chosen], scores
    return metrics, splits


def _final_classifier(
    features: Any,
    labels: np.ndarray,
    *,
    C: float,
    class_weight: dict[str, float] | None,
    method: str,
    oof_scores: np.ndarray,
    random_state: int,
) -> Any:
    """The classifier fitted on all data: a logistic regression, calibrated if a method was chosen.

    A calibrated one is a :class:`~classifier.calibration.CalibratedLinear`: one logistic
    regression on all data (so explanations stay exact) and calibration maps fitted on the
    out-of-fold decision scores that cross-validation computed (``oof_scores``), with the label
    weights as sample weights: what ``CalibratedClassifierCV(ensemble=False)`` does, without
    fitting every fold a second time.
    """
    if method == "none":
        return _stored_compactly(_classifier(C, class_weight, random_state).fit(features, labels))
    weights = np.array([class_weight[label] for label in labels]) if class_weight else None
    calibrated = CalibratedLinear(_classifier(C, class_weight, random_state), method=method)
    return _stored_compactly(calibrated.fit(features, labels, oof_scores=oof_scores, sample_weight=weights))


def _stored_compactly(classifier: Any) -> Any:
    """The classifier with its weights held as float32: half the model file (a weight per label and
    term), probabilities within about 1e-7 of the float64 fit. Scores are still summed in float64,
    so an explanation's contributions still add up exactly to its score."""
    linear = linear_model(classifier)
    linear.coef_ = linear.coef_.astype(np.float32)
    return classifier


def top_features(pipeline: Pipeline, n: int = 10, kind: str | None = None) -> dict[str, list[tuple[str, float]]]:
    """The features (skills, and words shown in quotes) with the largest positive weights for each label.

    ``kind``: ``"skill"`` or ``"word"`` for one kind only.
    """
    step = pipeline.named_steps["features"]
    names = step.display_names()
    kinds = step.feature_kinds_
    coefficients = linear_model(pipeline.named_steps["classifier"]).coef_
    classes = [str(label) for label in pipeline.named_steps["classifier"].classes_]
    if coefficients.shape[0] == 1:  # binary: one row, positive means classes_[1]
        coefficients = np.vstack([-coefficients[0], coefficients[0]])
    result = {}
    for label, row in zip(classes, coefficients):
        row = np.where(kinds == kind, row, -np.inf) if kind is not None else row
        order = np.argsort(-row)[:n]
        result[label] = [(str(names[index]), float(row[index])) for index in order if row[index] > 0]
    return result


def top_skills(pipeline: Pipeline, n: int = 10) -> dict[str, list[tuple[str, float]]]:
    """The skills with the largest positive weights for each label."""
    return top_features(pipeline, n, kind="skill")


def validate_by_source(
    fold_features: FoldFeatures,
    labels: np.ndarray,
    sources: np.ndarray,
    *,
    C: float,
    class_weight: dict[str, float] | None,
    random_state: int = 0,
    n_jobs: int | None = 1,
    return_probabilities: bool = False,
) -> Any:
    """Leave one source out: train on every other source, score the one left out, for each source.

    Returns the pooled macro-F1 and accuracy of all held-out predictions and, per
    source, its postings, rows per label, macro-F1 (over the labels its postings
    have) and accuracy; with ``return_probabilities``, ``(metrics, held-out
    probabilities)`` (columns: the sorted labels).
    """
    names = sorted(set(str(source) for source in sources))
    if len(names) < 2:
        raise JobclassError(f"validation by source needs postings of two sources or more, found {len(names)}")
    classes = sorted(set(labels))
    splits = [(np.flatnonzero(sources != name), np.flatnonzero(sources == name)) for name in names]
    _, probabilities = _out_of_fold(
        fold_features,
        labels,
        splits,
        classes,
        C=C,
        class_weight=class_weight,
        random_state=random_state,
        n_jobs=n_jobs,
    )
    predictions = np.asarray(classes, dtype=object)[probabilities.argmax(axis=1)]
    per_source = {}
    for name, (_, test) in zip(names, splits):
        truth, guess = labels[test], predictions[test]
        present = sorted(set(truth))
        per_source[name] = {
            "postings": int(len(test)),
            "rows_per_label": {label: int((truth == label).sum()) for label in classes},
            "macro_f1": float(f1_score(truth, guess, average="macro", labels=present)),
            "accuracy": float(accuracy_score(truth, guess)),
            "labels_present": present,
        }
    metrics = {
        "split": "leave one source out",
        "sources": len(names),
        "macro_f1": float(f1_score(labels, predictions, average="macro")),
        "accuracy": float(accuracy_score(labels, predictions)),
        "f1_per_label": {
            label: float(score)
            for label, score in zip(classes, f1_score(labels, predictions, average=None, labels=classes))
        },
        "per_source": per_source,
    }
    return (metrics, probabilities) if return_probabilities else metrics


def _data_sha256(texts: list[str], labels: np.ndarray) -> str:
    digest = hashlib.sha256()
    for text, label in zip(texts, labels):
        digest.update(str(label).encode("utf-8") + b"\x1f" + text.encode("utf-8", "replace") + b"\x1e")
    return digest.hexdigest()


@dataclass
class TrainedModel:
    """A fitted pipeline with its metadata; :meth:`save` writes it."""

    pipeline: Pipeline
    metadata: dict[str, Any]

    def save(self, path: str | Path) -> Path:
        return save_model(path, self.pipeline, self.metadata)


def _validate(
    features_step: PostingFeatures,
    skill_counts: Any,
    every: TermCounts,
    data: TrainingData,
    *,
    C: float,
    folds: int,
    random_state: int,
    class_weight: dict[str, float] | None,
    calibration: str,
    by_source: bool,
    n_jobs: int | None,
    texts: Sequence[str],
) -> tuple[dict[str, Any], list[tuple[np.ndarray, np.ndarray]], dict[str, Any] | None, PrevalenceCalibration]:
    """Grouped folds (and, ``by_source``, each source held out), each fold learning its own vocabulary.

    Unless ``calibration`` is "none", the grouped folds also score windows of their test postings
    (``texts``: what the features were counted from), for short-text calibration (its factors go
    to ``metrics["calibration"]["short_text"]``).

    Also the model's prevalence calibration: from the held-out-by-source probabilities when
    there are some and the model keeps its raw probabilities (so a new site is measured as one),
    else from the grouped folds' probabilities of the chosen calibration.
    """

    evidence = np.zeros(len(data.labels), dtype=np.int64)  # each posting's skills and terms in its fold
    windows = _ShortWindows(features_step, texts, random_state) if calibration != "none" else None
    if windows is not None and len(windows.owner) < SHORT_TEXT_MIN_ROWS:
        windows = None

    def fold_features(train_index: np.ndarray, test_index: np.ndarray) -> tuple[Any, Any]:
        matrices = features_step.fold(skill_counts, every, data.sources, train_index, test_index)
        evidence[test_index] = np.diff(matrices[1].indptr)
        return matrices

    def fold_features_and_windows(train_index: np.ndarray, test_index: np.ndarray) -> tuple[Any, ...]:
        assert windows is not None
        rows = np.flatnonzero(np.isin(windows.owner, test_index))
        matrices = features_step.fold(
            skill_counts, every, data.sources, train_index, test_index, extra=windows.counts(rows)
        )
        evidence[test_index] = np.diff(matrices[1].indptr)
        windows.note(rows, matrices[2])
        return matrices

    window_scores: list[np.ndarray] = []
    metrics, _, probabilities, scores = cross_validate(
        fold_features if windows is None else fold_features_and_windows,
        data.labels,
        data.groups,
        C=C,
        folds=folds,
        random_state=random_state,
        class_weight=class_weight,
        calibration=calibration,
        n_jobs=n_jobs,
        return_probabilities=True,
        extra=window_scores,
    )
    classes = sorted(set(data.labels))
    short_text = None
    if windows is not None:
        short_text = windows.fit(
            window_scores, scores, probabilities, evidence, data.labels, classes, metrics, class_weight
        )
        metrics["calibration"]["short_text"] = short_text
        probabilities = temper_by_evidence(probabilities, evidence, short_text["edges"], short_text["factors"])
    prevalence = PrevalenceCalibration.fit(data.labels, probabilities, classes, split=metrics["split"])
    source_metrics = None
    if by_source:
        assert data.sources is not None
        source_metrics, held_out = validate_by_source(
            fold_features,
            data.labels,
            data.sources,
            C=C,
            class_weight=class_weight,
            random_state=random_state,
            n_jobs=n_jobs,
            return_probabilities=True,
        )
        if metrics["calibration"]["method"] == "none":
            if short_text is not None:
                held_out = temper_by_evidence(held_out, evidence, short_text["edges"], short_text["factors"])
            prevalence = PrevalenceCalibration.fit(
                data.labels, held_out, classes, split="leave one source out", sources=data.sources
            )
    return metrics, scores, source_metrics, prevalence


def short_windows(texts: Sequence[str], random_state: int) -> tuple[list[str], np.ndarray]:
    """One window of 50-800 characters (``SHORT_TEXT_WINDOW``, its length drawn evenly) from each
    posting of at least twice the shortest, cut at spaces; and the posting each comes from."""
    low, high = SHORT_TEXT_WINDOW
    rng = np.random.default_rng(random_state)
    windows, owner = [], []
    for index, text in enumerate(texts):
        if len(text) < 2 * low:
            continue
        size = int(rng.integers(low, min(high, len(text) - 1) + 1))
        start = int(rng.integers(0, len(text) - size + 1))
        window = text[start : start + size]
        if start:
            window = window.split(None, 1)[-1]
        if start + size < len(text):
            window = window.rsplit(None, 1)[0]
        windows.append(window)
        owner.append(index)
    return windows, np.asarray(owner, dtype=np.int64)


class _ShortWindows:
    """Windows of the training postings for short-text calibration: their counts, and what each
    grouped fold's model says of the windows of its test postings."""

    def __init__(self, features_step: PostingFeatures, texts: Sequence[str], random_state: int) -> None:
        self.texts, self.owner = short_windows(texts, random_state)
        self.evidence = np.zeros(len(self.owner), dtype=np.int64)
        self.order: list[np.ndarray] = []
        if not len(self.owner):
            return
        self.skills = features_step.counts(self.texts)
        if features_step.words:
            matcher = features_step.matcher
            self.terms = count_terms([matcher.words_text(text) if text else "" for text in self.texts])
        else:
            self.terms = TermCounts(sp.csr_matrix((len(self.texts), 0)), np.array([], dtype=object))

    def counts(self, rows: np.ndarray) -> tuple[Any, TermCounts]:
        return self.skills[rows], TermCounts(self.terms.counts[rows], self.terms.terms)

    def note(self, rows: np.ndarray, matrix: Any) -> None:
        self.order.append(rows)
        self.evidence[rows] = np.diff(matrix.indptr)

    def fit(
        self,
        window_scores: list[np.ndarray],
        scores: np.ndarray,
        probabilities: np.ndarray,
        evidence: np.ndarray,
        labels: np.ndarray,
        classes: list[str],
        metrics: dict[str, Any],
        class_weight: dict[str, float] | None,
    ) -> dict[str, Any]:
        """The factors, from the windows' and the whole postings' out-of-fold probabilities of the
        chosen calibration; with what they did to the windows' calibration error."""
        decision = np.zeros((len(self.owner),) + scores.shape[1:])
        for rows, fold_scores in zip(self.order, window_scores):
            decision[rows] = fold_scores
        method = metrics["calibration"]["method"]
        if method == "none":
            base = probabilities_from_scores(decision, len(classes))
        else:
            weights = np.array([class_weight[label] for label in labels]) if class_weight else np.ones(len(labels))
            maps = fit_calibrators(method, scores, labels, classes, weights)
            base = apply_calibrators(maps, decision, len(classes))
        window_labels = labels[self.owner]
        edges, factors = fit_short_text_factors(
            np.vstack([base, probabilities]),
            list(window_labels) + list(labels),
            classes,
            np.concatenate([self.evidence, evidence]),
        )
        tempered = temper_by_evidence(base, self.evidence, edges, factors)
        whole = temper_by_evidence(probabilities, evidence, edges, factors)
        return {
            "edges": [int(edge) for edge in edges],
            "factors": [float(factor) for factor in factors],
            "windows": len(self.owner),
            "window_characters": list(SHORT_TEXT_WINDOW),
            "window_ece_before": expected_calibration_error(window_labels, base, classes),
            "window_ece_after": expected_calibration_error(window_labels, tempered, classes),
            "window_brier_before": brier_score(window_labels, base, classes),
            "window_brier_after": brier_score(window_labels, tempered, classes),
            "ece_after": expected_calibration_error(labels, whole, classes),
        }


def train(
    postings: pd.DataFrame | str | Path | Sequence[str | Path],
    model_path: str | Path | None = None,
    *,
    include_other: bool = True,
    labels: Sequence[str] | None = None,
    read_labels: str | Path | None = None,
    text_column: str | None = None,
    title_column: str | None = None,
    label_column: str | None = None,
    taxonomy: str | Path | Iterable[str | Path] | None = None,
    title_rules: str | Path | None = None,
    C: float = DEFAULT_C,
    class_weight: str = DEFAULT_CLASS_WEIGHT,
    calibration: str = "auto",
    folds: int = 5,
    validate: str = "folds",
    words: bool = True,
    mask_role_names: bool = False,
    random_state: int = 0,
    n_jobs: int | None = 1,
) -> TrainedModel:
    """Train a jobclass model on postings (a DataFrame, or posting files, folders and globs) and optionally save it.

    Labels come from ``label_column`` when the data has one, otherwise from the
    titles by the title rules; ``read_labels`` (source, id, label: see
    ``data/read_labels.csv``) replaces them where readers labelled a posting
    from its description. Every label is learned unless ``labels`` names some
    (``include_other=False``: data_science and ml_engineering alone). Each
    posting keeps its source (a ``source`` column, else its file's name).
    ``class_weight`` is ``balanced`` (each label weighted by
    largest label size / its size), ``sqrt`` (the square root of that) or ``none``. The result
    carries cross-validated metrics (split by company when the data has a
    company column) and, with ``validate="source"``, leave-one-source-out
    metrics per source. ``words=False`` learns from taxonomy skills alone.
    ``mask_role_names`` blanks the role names (data scientist, machine learning
    engineer, ...) in the training text, so the model learns from the work a
    posting describes alone (it costs 0.02 of leave-one-source-out macro-F1 on
    raw text and gains none on masked text, so it is off by default).
    """
    import sklearn

    if validate not in VALIDATIONS:
        raise JobclassError(f"unknown validation {validate!r}; use one of {', '.join(VALIDATIONS)}")
    if not (isinstance(C, (int, float)) and math.isfinite(C) and C > 0):
        raise JobclassError(f"C must be a number above 0, got {C!r}")
    if isinstance(folds, bool) or not isinstance(folds, (int, np.integer)) or folds < 2:
        raise JobclassError(f"folds must be a whole number of 2 or more, got {folds!r}")
    n_jobs = worker_count(n_jobs, os.cpu_count() or 1)  # each set of folds caps it again to its own splits
    file_sha256: dict[str, str] | None = None
    files: list[Path] = []
    if not isinstance(postings, pd.DataFrame):
        files = expand_inputs(postings)
    if model_path is not None:
        given = taxonomy if isinstance(taxonomy, (list, tuple)) else [taxonomy]
        extra = [Path(path) for path in given if isinstance(path, (str, Path))]
        extra += [Path(path) for path in (title_rules, read_labels) if path]
        refuse_overwriting_inputs(model_path, [*files, *extra], "model")
        check_writable(model_path, "model")  # before the training work, not after it
    if isinstance(postings, pd.DataFrame):
        frame, source = postings, "postings"
    else:
        source = ", ".join(str(path) for path in files) if len(files) <= 3 else f"{len(files)} files"
        frame = read_many(files)
        file_sha256 = {str(path): _file_sha256(path) for path in files if path.is_file()}
    data = prepare_training_data(
        frame,
        include_other=include_other,
        text_column=text_column,
        title_column=title_column,
        label_column=label_column,
        title_rules=title_rules,
        source=source,
        labels_to_learn=labels,
        read_labels=read_labels,
    )
    absent = [label for label in labels or () if label not in set(data.labels)]
    if absent:
        raise JobclassError(f"{source}: no posting to learn {', '.join(absent)} from (labels: {', '.join(labels)})")
    _check_learnable(data, source)
    if validate == "source" and (data.sources is None or len(set(data.sources)) < 2):
        found = 0 if data.sources is None else len(set(data.sources))
        raise JobclassError(
            f"{source}: validation by source needs postings of two sources or more, found {found} "
            "(train on several files, or give a 'source' column)"
        )
    weights = class_weights(data.labels, class_weight)
    pipeline = build_pipeline(taxonomy, C=C, class_weight=weights, random_state=random_state, words=words)
    features_step: PostingFeatures = pipeline.named_steps["features"]
    texts = [mask_role_names_in(text) for text in data.texts] if mask_role_names else data.texts
    features, skill_counts, every = features_step.fit_counts(texts, sources=data.sources)

    metrics, scores, source_metrics, prevalence = _validate(
        features_step,
        skill_counts,
        every,
        data,
        C=C,
        folds=folds,
        random_state=random_state,
        class_weight=weights,
        calibration=calibration,
        by_source=validate == "source",
        n_jobs=n_jobs,
        texts=texts,
    )
    del every  # the counts of every term are only for the folds
    final = _final_classifier(
        features,
        data.labels,
        C=C,
        class_weight=weights,
        method=metrics["calibration"]["method"],
        oof_scores=scores,
        random_state=random_state,
    )
    short_text = metrics["calibration"].get("short_text")
    if short_text is not None:
        final = ShortTextCalibrated(final, edges=short_text["edges"], factors=short_text["factors"]).fit(
            features, data.labels
        )
    pipeline.steps[-1] = ("classifier", final)
    fitted_probabilities = pipeline.named_steps["classifier"].predict_proba(features)
    predicted_mix = pd.Series(
        np.asarray(pipeline.named_steps["classifier"].classes_, dtype=object)[fitted_probabilities.argmax(axis=1)]
    ).value_counts(normalize=True)
    label_counts = {str(label): int(count) for label, count in pd.Series(data.labels).value_counts().items()}
    rows_per_source = None
    if data.sources is not None:
        table = pd.crosstab(pd.Series(data.sources, name="source"), pd.Series(data.labels, name="label"))
        rows_per_source = {
            str(name): {str(label): int(count) for label, count in row.items()} for name, row in table.iterrows()
        }
    unit_rows = (
        f"L2-normalised, then divided by (row L1 / typical) ** {features_step.length_exponent:g}"
        if features_step.length_exponent
        else "L2-normalised"
    )
    metadata = {
        "labels": [str(label) for label in pipeline.named_steps["classifier"].classes_],
        "jobclass_version": __version__,
        "sklearn_version": sklearn.__version__,
        "taxonomy_sha256": features_step.taxonomy_.sha256(),
        "taxonomy_version": features_step.taxonomy_.version,
        "taxonomy_size": len(features_step.taxonomy_),
        "training_data": {
            "source": source,
            "file_sha256": file_sha256,
            "sha256": _data_sha256(data.texts, data.labels),
            "rows_read": data.rows_read,
            "rows_used": len(data.texts),
            "rows_left_out": data.rows_left_out,
            "rows_per_label": label_counts,
            "rows_per_source": rows_per_source,
            "label_source": data.label_source,
            "include_other": OTHER in label_counts,
            "read_labels": {"path": str(read_labels), "sha256": _file_sha256(Path(read_labels))}
            if read_labels
            else None,
        },
        "cross_validation": metrics,
        "source_validation": source_metrics,
        "prevalence": prevalence.to_metadata(),
        "drift_baseline": {
            "postings": len(data.texts),
            "skill_document_frequency": {
                str(name): int(count)
                for name, count in zip(features_step.feature_names_, features_step.document_frequency_)
                if count
            },
            "no_skill_share": float(np.mean(np.diff(skill_counts.indptr) == 0)),
            "predicted_label_mix": {str(label): float(share) for label, share in predicted_mix.items()},
        },
        "hyperparameters": {
            "C": C,
            "class_weight": {"scheme": class_weight, "weights": weights},
            "features": (
                f"skills: log1p(count), {unit_rows}, x{features_step.skill_weight}; "
                f"words: {len(features_step.term_names_)} unigrams and bigrams (in >= {features_step.min_df} "
                f"postings of >= {features_step.min_sources} sources), log1p(count) x idf, {unit_rows}"
                if words
                else f"skills: log1p(count), {unit_rows}"
            ),
            "length_exponent": float(features_step.length_exponent),
            "terms": len(features_step.term_names_),
            "role_names_masked_in_training": mask_role_names,
            "random_state": random_state,
        },
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    trained = TrainedModel(pipeline, metadata)
    if model_path is not None:
        trained.save(model_path)
    return trained


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


__all__ = [
    "DATA_SCIENCE",
    "ML_ENGINEERING",
    "OTHER",
    "TrainedModel",
    "TrainingData",
    "build_pipeline",
    "linear_model",
    "class_weights",
    "sqrt_balanced_weights",
    "cross_validate",
    "prepare_training_data",
    "split_by_group",
    "top_features",
    "top_skills",
    "train",
    "validate_by_source",
]
