"""The Predictor: load a model and label postings, with probabilities, skills and explanations."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from classifier.config import TEXT_COLUMN_CANDIDATES, TITLE_COLUMN_CANDIDATES, default_model_path
from classifier.errors import JobclassError, ModelError
from classifier.persistence import load_model
from classifier.postings import ROW_COLUMN, STATUS_COLUMN, find_column, id_column

if TYPE_CHECKING:
    from classifier.prevalence import PrevalenceCalibration

STATUS_OK = "ok"
STATUS_EMPTY = "empty text"
STATUS_NO_LETTERS = "text has no letters"
STATUS_NO_SKILLS = "no known skill or word in text"


@dataclass
class Contribution:
    """One feature's share of a decision: its value times the label's weight.

    ``kind`` is ``skill`` (a taxonomy skill; ``category`` is its category) or
    ``word`` (a learned unigram or bigram, shown in quotes; ``category`` is ``word``).
    """

    feature: str
    kind: str
    category: str
    mentions: int
    value: float
    weight: float
    contribution: float

    @property
    def skill(self) -> str:
        """The feature's name (kept for code written when every feature was a skill)."""
        return self.feature


@dataclass
class Explanation:
    """Why a posting got its label: ``intercept + sum(contributions) == score``."""

    label: str
    score: float
    intercept: float
    probabilities: dict[str, float]
    contributions: list[Contribution] = field(default_factory=list)
    #: the power the probabilities were raised to for a short posting (short-text calibration; 1: none)
    tempering: float = 1.0
    #: the posting's evidence: how many skills and terms its feature row holds
    evidence: int = 0
    #: the next most probable label, and the decision between the two: ``runner_up_intercept +
    #: sum(against_runner_up) == score - runner_up_score`` (what the posting has, and lacks, for either)
    runner_up: str | None = None
    runner_up_score: float = 0.0
    runner_up_intercept: float = 0.0
    against_runner_up: list[Contribution] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([vars(item) for item in self.contributions])


def _usable(text: object) -> str:
    """``ok`` or why the text cannot be classified."""
    if not isinstance(text, str) or not text.strip():
        return STATUS_EMPTY
    if not any(char.isalpha() for char in text):
        return STATUS_NO_LETTERS
    return STATUS_OK


def posting_facts(frame: pd.DataFrame, texts: list[Any], source: str) -> list[Any]:
    """Each posting's :class:`~classifier.facts.PostingFacts` (None where it has no text), with the
    frame's title column, when it has one, for seniority and work arrangement."""
    from classifier.facts import extract_facts

    title_col = find_column(frame, None, TITLE_COLUMN_CANDIDATES, "title", source, required=False)
    titles = frame[title_col].tolist() if title_col is not None else [None] * len(frame)
    return [
        extract_facts(text, title if isinstance(title, str) else None) if isinstance(text, str) else None
        for text, title in zip(texts, titles)
    ]


class LabelSubset:
    """A classifier restricted to some of its labels: their probabilities renormalised to sum to 1.

    For a multinomial logistic regression this is the model's own answer to "which of these labels?":
    the softmax over the kept labels' scores. ``columns`` are the kept labels' positions in the
    classifier's ``classes_``.
    """

    def __init__(self, classifier: Any, columns: Sequence[int]) -> None:
        self.classifier = classifier
        self.columns = np.asarray(columns, dtype=int)
        self.classes_ = np.asarray(classifier.classes_, dtype=object)[self.columns]

    def predict_proba(self, features: Any) -> np.ndarray:
        kept = np.asarray(self.classifier.predict_proba(features))[:, self.columns]
        total = kept.sum(axis=1, keepdims=True)
        return np.divide(kept, total, out=np.full_like(kept, 1 / len(self.columns)), where=total > 0)

    def powers(self, features: Any) -> np.ndarray:
        powers = getattr(self.classifier, "powers", None)
        return powers(features) if powers is not None else np.ones(features.shape[0])


class _LinearSubset:
    """The kept labels' rows of a multinomial linear model (what explanations read)."""

    def __init__(self, linear: Any, columns: np.ndarray) -> None:
        self.coef_ = linear.coef_[columns]
        self.intercept_ = linear.intercept_[columns]
        self._linear, self._columns = linear, columns

    def decision_function(self, features: Any) -> np.ndarray:
        return np.atleast_2d(self._linear.decision_function(features))[:, self._columns]


class Predictor:
    """A loaded jobclass model.

    >>> predictor = Predictor.load()            # the shipped default model
    >>> predictor.predict(["We deploy PyTorch models on Kubernetes and monitor their latency."])
    ['ml_engineering']
    """

    def __init__(self, pipeline: Any, metadata: dict[str, Any], path: Path | None = None) -> None:
        self._pipeline = pipeline
        self.metadata = metadata
        self.path = path
        from classifier.featurecore import PostingFeaturesCore
        from classifier.lite import linear_model

        steps = getattr(pipeline, "named_steps", {})
        if not isinstance(steps.get("features"), PostingFeaturesCore) or "classifier" not in steps:
            where = f"{path}: " if path is not None else ""
            raise ModelError(f"{where}not a jobclass pipeline (no jobclass features step); retrain it with jobclass")
        self._features = steps["features"]
        self._classifier = steps["classifier"]
        self._linear = linear_model(self._classifier)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Predictor:
        """Load a model file safely; ``None`` loads the default model shipped with jobclass.

        The model is loaded for prediction, without importing scikit-learn (see
        :mod:`classifier.lite`); :attr:`pipeline` gives scikit-learn's objects when asked for.
        """
        resolved = Path(path) if path is not None else default_model_path()
        if path is None and not resolved.exists():
            raise ModelError(f"{resolved}: the default model is missing; train one with 'jobclass train'")
        pipeline, metadata = load_model(resolved, lite=True)
        return cls(pipeline, metadata, resolved)

    def restricted_to(self, labels: Sequence[str]) -> Predictor:
        """This model choosing among ``labels`` only (two or more of its labels), e.g. a three-label model
        asked "data_science or ml_engineering?": the kept labels' probabilities renormalised to sum to 1."""
        unknown = [label for label in labels if label not in self.labels]
        if unknown:
            raise JobclassError(
                f"labels: unknown label(s) {', '.join(unknown)}; the model knows {', '.join(self.labels)}"
            )
        if len(set(labels)) < 2:
            raise JobclassError("labels: name two labels or more")
        if set(labels) == set(self.labels):
            return self
        columns = [self.labels.index(label) for label in labels]
        restricted = copy.copy(self)
        restricted._classifier = LabelSubset(self._classifier, columns)
        restricted._linear = _LinearSubset(self._linear, np.asarray(columns))
        restricted.__dict__.pop("prevalence_calibration", None)
        return restricted

    @property
    def pipeline(self) -> Any:
        """The scikit-learn pipeline (built from the prediction-only one on first use; they share arrays)."""
        from classifier.lite import is_lite, to_sklearn

        if is_lite(self._pipeline):
            self._pipeline = to_sklearn(self._pipeline)
        return self._pipeline

    @functools.cached_property
    def _display_names(self) -> np.ndarray:
        """Every feature's name as explanations show it (built once: a model has tens of thousands)."""
        return self._features.display_names()

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self._classifier.classes_]

    @functools.cached_property
    def skill_categories(self) -> dict[str, str]:
        """Each taxonomy entry the model matches, by name: its category (language, library, ..., industry)."""
        names, categories = self._features.feature_names_, self._features.categories_
        return {str(name): str(category) for name, category in zip(names, categories)}

    @functools.cached_property
    def prevalence_calibration(self) -> PrevalenceCalibration:
        """What the model measured of itself on held-out postings, for prevalence and ``prior`` adjustment."""
        from classifier.prevalence import PrevalenceCalibration

        block = self.metadata.get("prevalence")
        where = f"{self.path}: " if self.path is not None else ""
        if not block:
            raise ModelError(
                f"{where}the model has no prevalence calibration (it was trained by an older jobclass); retrain it"
            )
        calibration = PrevalenceCalibration.from_metadata(block)
        if list(calibration.classes) != self.labels:
            raise ModelError(f"{where}the prevalence calibration's labels differ from the model's")
        return calibration

    def prior_vector(self, prior: Mapping[str, float]) -> np.ndarray:
        """A label mix as shares in :attr:`labels` order; every label given, each >= 0, summing to 1."""
        unknown = sorted(set(prior) - set(self.labels))
        missing = [label for label in self.labels if label not in prior]
        if unknown:
            raise JobclassError(
                f"prior: unknown label(s) {', '.join(unknown)}; the model's labels: {', '.join(self.labels)}"
            )
        if missing:
            raise JobclassError(f"prior: give a share for every label; missing {', '.join(missing)}")
        values = np.array([float(prior[label]) for label in self.labels])
        if not np.isfinite(values).all() or (values < 0).any():
            raise JobclassError("prior: shares must be numbers of 0 or more")
        if abs(values.sum() - 1) > 0.01:
            raise JobclassError(f"prior: shares must sum to 1, got {values.sum():.4g}")
        return values / values.sum()

    # -- core ---------------------------------------------------------------------------------------

    def _matrices(self, texts: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
        """Skill counts, term counts and the feature matrix, from one reading of each text."""
        counts, terms = self._features.counts_and_words(texts)
        return counts, terms, self._features.weight(counts, terms)  # weight works on float copies

    @staticmethod
    def _texts(texts: Iterable[str]) -> list[str]:
        if isinstance(texts, str):
            raise ValueError("expected a list of postings, got one string; wrap it in a list")
        return ["" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text) for text in texts]

    def predict_proba(self, texts: Iterable[str]) -> pd.DataFrame:
        """One row per posting, one probability column per label."""
        features = self._features.transform(self._texts(texts))
        return pd.DataFrame(self._classifier.predict_proba(features), columns=self.labels)

    def predict(self, texts: Iterable[str]) -> list[str]:
        """The most probable label of each posting."""
        probabilities = self.predict_proba(texts)
        return [str(label) for label in probabilities.idxmax(axis=1)] if len(probabilities) else []

    def predict_frame(
        self,
        frame: pd.DataFrame,
        text_column: str | None = None,
        *,
        id_column_name: str | None = None,
        explain: int = 0,
        min_confidence: float | None = None,
        source: str = "input",
        prior: np.ndarray | Mapping[str, float] | None = None,
        carry: tuple[str, ...] = (),
        facts: bool = False,
    ) -> pd.DataFrame:
        """Classify a DataFrame of postings: one output row per input row, in order.

        Columns: ``id``, ``label``, ``confidence``, ``p_<label>`` for each label,
        ``skills`` (matched skills, most mentioned first), ``context`` (industries,
        business functions, spoken languages, fields of study, credentials), ``status`` (``ok`` or
        why the row has no label), and ``explanation`` when ``explain > 0``.
        ``prior`` (a label mix, by label or in :attr:`labels` order) adjusts each
        posting's probabilities from the mix the model learned to that one
        (Saerens et al. 2002), before the label is chosen. ``carry`` copies input
        columns to the end of the output, named ``input:<column>``. ``facts`` adds
        the posting facts (:func:`classifier.facts.extract_facts`): salary_min,
        salary_max, salary_currency, salary_period, education_level,
        experience_min_years, seniority, work_arrangement.
        """
        if min_confidence is not None and not 0 <= min_confidence <= 1:  # also refuses NaN
            raise JobclassError(f"min_confidence must be a probability from 0 to 1, got {min_confidence!r}")
        absent = [column for column in carry if column not in frame.columns]
        if absent:
            known = ", ".join(str(column) for column in frame.columns if not str(column).startswith("__"))
            raise JobclassError(f"{source}: no column {absent[0]!r} (columns: {known})")
        every_row_malformed = len(frame) > 0 and STATUS_COLUMN in frame and frame[STATUS_COLUMN].notna().all()
        try:
            text_col = find_column(frame, text_column, TEXT_COLUMN_CANDIDATES, "text", source)
        except JobclassError:
            if not every_row_malformed:  # a chunk of malformed rows alone has no columns to look in
                raise
            text_col = None
        ids = self._ids(frame, id_column_name, source)
        texts = frame[text_col].tolist() if text_col is not None else [""] * len(frame)
        statuses = [_usable(text) for text in texts]
        if STATUS_COLUMN in frame:
            statuses = [
                given if isinstance(given, str) else status for given, status in zip(frame[STATUS_COLUMN], statuses)
            ]
        usable = [status == STATUS_OK for status in statuses]
        clean = [text if ok else "" for text, ok in zip(texts, usable)]
        counts, terms, features = self._matrices(clean)
        has_skill = (np.diff(counts.indptr) > 0) | (np.diff(terms.indptr) > 0)
        probabilities = self._classifier.predict_proba(features) if len(clean) else np.zeros((0, len(self.labels)))
        if prior is not None:
            from classifier.prevalence import adjust_probabilities

            vector = self.prior_vector(prior) if isinstance(prior, Mapping) else np.asarray(prior, dtype=float)
            probabilities = adjust_probabilities(probabilities, self.prevalence_calibration.training_prior, vector)
        labels = np.asarray(self.labels, dtype=object)
        best = probabilities.argmax(axis=1) if len(clean) else np.zeros(0, dtype=int)
        out = pd.DataFrame({"id": pd.Series(ids, dtype=object)})  # ints stay ints beside a missing id
        predicted = labels[best] if len(clean) else np.array([], dtype=object)
        confidence = probabilities[np.arange(len(clean)), best] if len(clean) else np.zeros(0)
        final_labels: list[str] = []
        final_status: list[str] = []
        for index, status in enumerate(statuses):
            if status == STATUS_OK and not has_skill[index]:
                status = STATUS_NO_SKILLS
            if status != STATUS_OK:
                final_labels.append("")
            elif min_confidence is not None and confidence[index] < min_confidence:
                final_labels.append("uncertain")
            else:
                final_labels.append(str(predicted[index]))
            final_status.append(status)
        ok = np.array([status == STATUS_OK for status in final_status], dtype=bool)
        out["label"] = final_labels
        out["confidence"] = np.where(ok, np.round(confidence, 4), np.nan)
        for column, label in enumerate(self.labels):
            out[f"p_{label}"] = np.where(ok, np.round(probabilities[:, column], 4), np.nan) if len(clean) else []
        out["skills"], out["context"] = self._skill_and_context_lists(counts)
        if explain > 0:
            out["explanation"] = [
                self._explanation_text(features, counts, terms, index, best[index], explain) if ok[index] else ""
                for index in range(len(clean))
            ]
        if facts:
            from classifier.facts import FACT_COLUMNS

            rows = [
                found.columns() if found is not None else dict.fromkeys(FACT_COLUMNS)
                for found in posting_facts(frame, texts, source)
            ]
            for column in FACT_COLUMNS:
                out[column] = pd.Series([row[column] for row in rows], dtype=object)
        out["status"] = final_status
        for column in carry:
            out[f"input:{column}"] = frame[column].to_numpy()
        return out

    def empty_output(self, explain: int = 0, facts: bool = False) -> pd.DataFrame:
        """The output's columns with no rows (text columns as strings, probabilities as floats)."""
        columns: dict[str, Any] = {"id": pd.Series([], dtype=object), "label": pd.Series([], dtype=object)}
        columns["confidence"] = pd.Series([], dtype=float)
        for label in self.labels:
            columns[f"p_{label}"] = pd.Series([], dtype=float)
        columns["skills"] = pd.Series([], dtype=object)
        columns["context"] = pd.Series([], dtype=object)
        if explain > 0:
            columns["explanation"] = pd.Series([], dtype=object)
        if facts:
            from classifier.facts import FACT_COLUMNS

            for name in FACT_COLUMNS:
                numeric = name in ("salary_min", "salary_max", "experience_min_years")
                columns[name] = pd.Series([], dtype=float if numeric else object)
        columns["status"] = pd.Series([], dtype=object)
        frame = pd.DataFrame(columns)
        for name in ("id", "label", "skills", "context", "explanation", "status"):
            if name in frame:
                frame[name] = frame[name].astype("string")
        return frame

    def _ids(self, frame: pd.DataFrame, requested: str | None, source: str) -> list[Any]:
        column = requested if requested is not None else id_column(frame)
        if column is not None:
            if column not in frame:
                raise JobclassError(f"{source}: no id column {column!r}")
            return [None if value is None or value != value else value for value in frame[column].tolist()]
        if ROW_COLUMN in frame:
            return frame[ROW_COLUMN].tolist()
        return list(range(1, len(frame) + 1))

    @functools.cached_property
    def _kind_columns(self) -> tuple[np.ndarray, np.ndarray]:
        """Columns of the skill counts that are skills, and those that are context (industry, degree, ...)."""
        from classifier.taxonomy import CONTEXT_KINDS

        context = np.isin(np.asarray(self._features.categories_, dtype=object), CONTEXT_KINDS)
        return np.flatnonzero(~context), np.flatnonzero(context)

    def _skill_and_context_lists(self, counts: sp.csr_matrix) -> tuple[list[str], list[str]]:
        """Each row's skills, and its context terms, most mentioned first, then by name."""
        skills, context = self._kind_columns
        names = np.asarray(self._features.feature_names_, dtype=object)
        return (
            self._skill_lists(counts[:, skills], names[skills]),
            self._skill_lists(counts[:, context], names[context]),
        )

    @staticmethod
    def _skill_lists(counts: sp.csr_matrix, column_names: np.ndarray) -> list[str]:
        """Each row's names (one per column of ``counts``), most mentioned first, then by name."""
        counts = sp.csr_matrix(counts)
        names = [str(name) for name in column_names]
        if not names:
            return [""] * counts.shape[0]
        size = len(names)
        by_name = sorted(range(size), key=names.__getitem__)  # rank -> column
        rank = np.empty(size, dtype=np.int64)
        rank[by_name] = np.arange(size)
        ranked_names = np.asarray([names[column] for column in by_name], dtype=object)
        # one integer per entry orders by mentions (descending), then by name: rank - size * mentions
        keys = rank[counts.indices] - size * counts.data.astype(np.int64)
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        order = np.lexsort((keys, rows))
        ordered = ranked_names[keys[order] % size].tolist()
        bounds = counts.indptr.tolist()
        return ["; ".join(ordered[bounds[row] : bounds[row + 1]]) for row in range(counts.shape[0])]

    # -- explanations -------------------------------------------------------------------------------

    def _label_weights(self, label_index: int) -> tuple[np.ndarray, float]:
        """Weights and intercept of the linear score behind ``label_index``."""
        coefficients = self._linear.coef_
        intercepts = self._linear.intercept_
        if coefficients.shape[0] == 1:  # binary: the score of classes_[1] is w.x + b, of classes_[0] its negative
            sign = 1.0 if label_index == 1 else -1.0
            return sign * coefficients[0], float(sign * intercepts[0])
        return coefficients[label_index], float(intercepts[label_index])

    def _contributions(
        self,
        features: sp.csr_matrix,
        counts: sp.csr_matrix,
        terms: sp.csr_matrix,
        row: int,
        label_index: int,
        against: int | None = None,
    ):
        """Each feature's contribution to ``label_index``'s score, or with ``against`` to the gap between
        that label's score and the other's."""
        weights, intercept = self._label_weights(label_index)
        if against is not None:
            other_weights, other_intercept = self._label_weights(against)
            weights, intercept = weights - other_weights, intercept - other_intercept
        step = self._features
        skills = len(step.feature_names_)
        names = self._display_names
        start, end = features.indptr[row], features.indptr[row + 1]
        columns = features.indices[start:end]
        values = features.data[start:end]
        mentions = dict(
            zip(
                counts.indices[counts.indptr[row] : counts.indptr[row + 1]].tolist(),
                counts.data[counts.indptr[row] : counts.indptr[row + 1]].tolist(),
            )
        )
        mentions.update(
            zip(
                (terms.indices[terms.indptr[row] : terms.indptr[row + 1]] + skills).tolist(),
                terms.data[terms.indptr[row] : terms.indptr[row + 1]].tolist(),
            )
        )
        items = [
            Contribution(
                feature=str(names[column]),
                kind="skill" if column < skills else "word",
                category=str(step.categories_[column]) if column < skills else "word",
                mentions=int(mentions.get(int(column), 0)),
                value=float(value),
                weight=float(weights[column]),
                contribution=float(value * weights[column]),
            )
            for column, value in zip(columns, values)
        ]
        items.sort(key=lambda item: -abs(item.contribution))
        return items, intercept

    def _explanation_text(self, features, counts, terms, row: int, label_index: int, top: int) -> str:
        items, _ = self._contributions(features, counts, terms, row, int(label_index))
        return "; ".join(f"{item.feature} {item.contribution:+.3f}" for item in items[:top])

    def explain(self, text: str, label: str | None = None) -> Explanation:
        """The skills and words behind the decision for ``label`` (default: the predicted one), with signed
        contributions.

        ``intercept + sum(c.contribution for c in contributions)`` equals the
        model's linear score for that label: the logit its probabilities come from
        (through the calibration map, when the model is calibrated).
        """
        if not isinstance(text, str):
            raise ValueError("explain() takes one posting as a string")
        counts, terms, features = self._matrices([text])
        probabilities = self._classifier.predict_proba(features)[0]
        if label is None:
            label_index = int(probabilities.argmax())
        elif label in self.labels:
            label_index = self.labels.index(label)
        else:
            raise ValueError(f"unknown label {label!r}; the model knows {', '.join(self.labels)}")
        items, intercept = self._contributions(features, counts, terms, 0, label_index)
        score = intercept + sum(item.contribution for item in items)
        others = [index for index in np.argsort(-probabilities, kind="stable") if index != label_index]
        runner_up = int(others[0]) if others else None
        gap, gap_intercept = (
            self._contributions(features, counts, terms, 0, label_index, against=runner_up)
            if runner_up is not None
            else ([], 0.0)
        )
        from classifier.lite import evidence_of

        evidence = int(evidence_of(features)[0])
        powers = getattr(self._classifier, "powers", None)  # a ShortTextCalibrated's, lite or not
        tempering = float(powers(features)[0]) if powers is not None else 1.0
        return Explanation(
            label=self.labels[label_index],
            score=float(score),
            intercept=intercept,
            probabilities={name: float(value) for name, value in zip(self.labels, probabilities)},
            contributions=items,
            tempering=tempering,
            evidence=evidence,
            runner_up=self.labels[runner_up] if runner_up is not None else None,
            runner_up_score=float(score - gap_intercept - sum(item.contribution for item in gap)),
            runner_up_intercept=float(intercept - gap_intercept),
            against_runner_up=gap,
        )

    def decision_score(self, text: str, label: str) -> float:
        """The model's own linear score for ``label`` (to check explanations against)."""
        features = self._features.transform([text])
        scores = np.atleast_2d(self._linear.decision_function(features))
        if scores.shape[1] == 1:
            value = float(scores[0, 0])
            return value if self.labels.index(label) == 1 else -value
        return float(scores[0, self.labels.index(label)])
