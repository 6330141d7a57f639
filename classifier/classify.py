"""Classify a posting file end to end: read in chunks, predict (in parallel if asked), write as it goes.

Memory stays bounded by the chunk size and the number of chunks in flight,
whatever the input's size; output rows keep the input order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from classifier.errors import JobclassError
from classifier.postings import (
    DEFAULT_CHUNK_SIZE,
    AtomicWriter,
    iter_postings,
    output_format,
    refuse_overwriting_inputs,
)
from classifier.predict import STATUS_OK, Predictor
from classifier.prevalence import (
    DEFAULT_METHOD,
    METHODS,
    PrevalenceEstimate,
    PrevalenceOptions,
    estimate,
    estimate_prevalence,
    usable_method,
)


@dataclass
class ClassifyReport:
    """What a classify run did."""

    rows: int = 0
    labelled: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    label_counts: dict[str, int] = field(default_factory=dict)
    output: Path | None = None
    #: The label mix the probabilities were adjusted to (``prior``), and how it was found.
    prior: dict[str, float] | None = None
    prior_method: str | None = None

    def add(self, frame: pd.DataFrame) -> None:
        """Count a chunk of results."""
        statuses = frame["status"].value_counts()
        labels = frame.loc[frame["label"] != "", "label"].value_counts()
        self._count(len(frame), statuses.items(), labels.items())

    def merge(self, other: ClassifyReport) -> None:
        """Add another run's counts (a part classified elsewhere)."""
        self._count(other.rows, other.status_counts.items(), other.label_counts.items())

    def _count(self, rows: int, statuses: Any, labels: Any) -> None:
        self.rows += rows
        for status, count in statuses:
            self.status_counts[str(status)] = self.status_counts.get(str(status), 0) + int(count)
        for label, count in labels:
            self.label_counts[str(label)] = self.label_counts.get(str(label), 0) + int(count)
        self.labelled = sum(self.label_counts.values())


# -- workers ---------------------------------------------------------------------------------------

_WORKER_PREDICTOR: Predictor | None = None


def _start_worker(predictor: Predictor) -> None:
    global _WORKER_PREDICTOR
    _WORKER_PREDICTOR = predictor


def predict_chunk(predictor: Predictor, chunk: pd.DataFrame, options: dict[str, Any]) -> pd.DataFrame:
    """The default task of :func:`iter_predictions`: the prediction frame of one chunk."""
    return predictor.predict_frame(chunk, **options)


#: What a worker does with a chunk: ``task(predictor, chunk, options)``, a picklable (module-level) callable.
ChunkTask = Callable[[Predictor, pd.DataFrame, dict[str, Any]], pd.DataFrame]


def _predict_in_worker(chunk: pd.DataFrame, options: dict[str, Any], task: ChunkTask) -> pd.DataFrame:
    assert _WORKER_PREDICTOR is not None
    return task(_WORKER_PREDICTOR, chunk, options)


def resolve_jobs(jobs: int | None) -> int:
    """Processes to classify with: ``None``, 0 or a negative number mean all cores; never more than the cores."""
    cores = os.cpu_count() or 1
    if jobs is None or jobs <= 0:
        return cores
    return min(int(jobs), cores)


def iter_predictions(
    source: str | Path,
    predictor: Predictor,
    *,
    chunks: Iterable[pd.DataFrame] | None = None,
    prior: np.ndarray | None = None,
    carry: tuple[str, ...] = (),
    facts: bool = False,
    text_column: str | None = None,
    id_column: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    explain: int = 0,
    min_confidence: float | None = None,
    jobs: int | None = 1,
    on_progress: Callable[[int, int], None] | None = None,
    task: ChunkTask = predict_chunk,
) -> Iterator[pd.DataFrame]:
    """Prediction frames, one per input chunk, in input order.

    With ``jobs`` > 1 the chunks are classified in worker processes (at most
    ``2 * jobs`` chunks in flight); the results are identical to ``jobs=1``.
    A single-chunk input is always classified in this process. ``chunks``: the
    input already read (``source`` then only names it); ``prior`` and ``carry``
    as for :meth:`Predictor.predict_frame`. ``task`` turns each chunk into its
    frame (default: :meth:`Predictor.predict_frame`), in the workers too.
    """
    name = "<stdin>" if str(source) == "-" else str(source)
    options = {
        "text_column": text_column,
        "id_column_name": id_column,
        "explain": explain,
        "min_confidence": min_confidence,
        "source": name,
        "prior": prior,
        "carry": carry,
        "facts": facts,
    }
    if chunks is None:
        chunks = iter_postings(source, chunk_size=chunk_size, encoding=encoding, on_progress=on_progress)
    chunks = iter(chunks)
    workers = resolve_jobs(jobs)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if workers == 1 or second is None:
        yield task(predictor, first, options)
        if second is not None:
            yield task(predictor, second, options)
            for chunk in chunks:
                yield task(predictor, chunk, options)
        return
    # Validate the columns here first, so a bad input fails before any worker starts.
    task(predictor, first.head(1), options)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(predictor,))
    finished = False
    try:
        pending: deque[Future[pd.DataFrame]] = deque()
        for chunk in _chain(first, second, chunks):
            pending.append(pool.submit(_predict_in_worker, chunk, options, task))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    finally:
        # interrupted or failed: the chunks not started are dropped, those running finish (a chunk takes
        # well under a second), and every worker is joined, so none outlives the run. Terminating them
        # instead could leave the pool's queues locked and this process hanging.
        pool.shutdown(wait=True, cancel_futures=not finished)


def _chain(first: pd.DataFrame, second: pd.DataFrame, rest: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    yield first
    yield second
    yield from rest


def classify_file(
    source: str | Path,
    output: str | Path | None = None,
    *,
    model: str | Path | Predictor | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    explain: int = 0,
    min_confidence: float | None = None,
    jobs: int | None = 1,
    on_chunk: Callable[[pd.DataFrame], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    prior: str | Mapping[str, float] | None = None,
    facts: bool = False,
) -> ClassifyReport:
    """Classify every posting in ``source``; write to ``output`` (.csv, .jsonl, .parquet) atomically.

    Each result chunk also goes to ``on_chunk`` (the CLI prints it when there is
    no output file). ``jobs`` is the number of processes (``None`` or 0: all cores).
    ``prior``: adjust every posting's probabilities to a label mix, given as
    shares by label, or ``"auto"`` (or a method name, see
    :mod:`classifier.prevalence`) to estimate the file's own mix first (a first
    pass over the file).
    """
    predictor = model if isinstance(model, Predictor) else Predictor.load(model)
    refuse_overwriting_inputs(output, [source] + ([predictor.path] if predictor.path is not None else []))
    report = ClassifyReport()
    chunks: list[pd.DataFrame] | None = None
    vector: np.ndarray | None = None
    if isinstance(prior, str):
        method = DEFAULT_METHOD if prior == "auto" else prior
        if method not in METHODS:
            raise JobclassError(f"prior: use auto, a method ({', '.join(METHODS)}) or shares like data_science=0.3,...")
        predictor.prevalence_calibration  # noqa: B018 - refuse a model without one before reading anything
        if str(source) == "-":  # standard input is read once: keep its chunks for the second pass
            chunks = list(iter_postings(source, chunk_size=chunk_size, encoding=encoding))
        probabilities = collect_probabilities(
            source,
            predictor,
            chunks=chunks,
            text_column=text_column,
            chunk_size=chunk_size,
            encoding=encoding,
            jobs=jobs,
        ).probabilities
        method, _ = usable_method(predictor.prevalence_calibration, method)
        vector = estimate(probabilities, predictor.prevalence_calibration, method) if len(probabilities) else None
        report.prior_method = method
    elif prior is not None:
        vector = predictor.prior_vector(prior)
        report.prior_method = "given"
    if vector is not None:
        report.prior = {label: float(share) for label, share in zip(predictor.labels, vector)}
    empty = predictor.empty_output(explain, facts=facts)
    writer = AtomicWriter(output) if output is not None and output_format(output) != "table" else None
    try:
        for frame in iter_predictions(
            source,
            predictor,
            chunks=chunks,
            prior=vector,
            facts=facts,
            text_column=text_column,
            id_column=id_column,
            chunk_size=chunk_size,
            encoding=encoding,
            explain=explain,
            min_confidence=min_confidence,
            jobs=jobs,
            on_progress=on_progress,
        ):
            report.add(frame)
            if writer is not None:
                writer.write(frame)
            if on_chunk is not None:
                on_chunk(frame)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    if writer is not None:
        report.output = writer.commit(empty=empty)
    return report


# -- prevalence --------------------------------------------------------------------------------------


class Collected(NamedTuple):
    """What a pass over a posting file gives prevalence: the classifiable postings' probabilities
    (columns: the model's labels), their values of the ``by`` column, and the rows read."""

    probabilities: np.ndarray
    values: np.ndarray | None
    rows: int


def collect_probabilities(
    source: str | Path,
    predictor: Predictor,
    *,
    by: str | None = None,
    chunks: Iterable[pd.DataFrame] | None = None,
    text_column: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    jobs: int | None = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> Collected:
    """The probabilities of every classifiable posting and their ``by`` values (one output row per input row)."""
    parts, values, rows = [], [], 0
    columns = [f"p_{label}" for label in predictor.labels]
    for frame in iter_predictions(
        source,
        predictor,
        chunks=chunks,
        carry=(by,) if by else (),
        text_column=text_column,
        chunk_size=chunk_size,
        encoding=encoding,
        jobs=jobs,
        on_progress=on_progress,
    ):
        rows += len(frame)
        ok = (frame["status"] == STATUS_OK).to_numpy()
        parts.append(frame.loc[ok, columns].to_numpy(dtype=float))
        if by:
            values.append(frame.loc[ok, f"input:{by}"].to_numpy(dtype=object))
    probabilities = np.vstack(parts) if parts else np.zeros((0, len(columns)))
    by_values = None
    if by:
        by_values = np.concatenate(values) if values else np.array([], dtype=object)
    return Collected(probabilities, by_values, rows)


@dataclass
class PrevalenceReport:
    """Label shares of a posting file, overall and per group."""

    overall: PrevalenceEstimate
    by: str | None = None
    groups: dict[str, PrevalenceEstimate] = field(default_factory=dict)
    rows: int = 0
    unclassified: int = 0

    def to_dict(self) -> dict[str, Any]:
        result = self.overall.to_dict()
        result["unclassified"] = self.unclassified
        if self.by is not None:
            result["by"] = self.by
            result["groups"] = {name: estimate.to_dict() for name, estimate in self.groups.items()}
        return result


def split_period(by: str) -> tuple[str, str | None]:
    """``COLUMN:month`` or ``COLUMN:year`` as the column and its period; any other value is a column."""
    if ":" in by and by.rsplit(":", 1)[-1] in ("month", "year"):
        column, period = by.rsplit(":", 1)
        return column, period
    return by, None


def group_keys(values: np.ndarray, period: str | None) -> np.ndarray:
    """The group of each posting: its value as text, or the month (YYYY-MM) or year of a date."""
    series = pd.Series(values, dtype=object)
    blank = series.isna() | (series.astype(str).str.strip() == "")
    if period is None:
        keys = series.astype(str)
    else:
        stamps = pd.to_datetime(series.where(~blank), errors="coerce", utc=True, format="mixed")
        keys = stamps.dt.strftime("%Y-%m" if period == "month" else "%Y").fillna("(no date)")
    return keys.mask(blank, "(none)").to_numpy(dtype=object)


def prevalence_of_file(
    source: str | Path,
    *,
    model: str | Path | Predictor | None = None,
    by: str | None = None,
    options: PrevalenceOptions | None = None,
    text_column: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    jobs: int | None = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> PrevalenceReport:
    """The share of each label in a posting file, with intervals, overall and per value of column ``by``.

    ``by`` may end in ``:month`` or ``:year`` to group a date column by its month or year.
    Postings without a label (empty text, no known skill or word) are left out and counted.
    ``options``: the method and its intervals (:class:`~classifier.prevalence.PrevalenceOptions`).
    """
    options = options or PrevalenceOptions()
    predictor = model if isinstance(model, Predictor) else Predictor.load(model)
    calibration = predictor.prevalence_calibration
    column, period = split_period(by) if by is not None else (None, None)
    probabilities, values, rows = collect_probabilities(
        source,
        predictor,
        by=column,
        text_column=text_column,
        chunk_size=chunk_size,
        encoding=encoding,
        jobs=jobs,
        on_progress=on_progress,
    )
    report = PrevalenceReport(
        overall=estimate_prevalence(probabilities, calibration, options),
        by=by,
        rows=rows,
        unclassified=rows - len(probabilities),
    )
    if column is not None and values is not None:
        keys = group_keys(values, period)
        for key in sorted(set(keys)):
            report.groups[key] = estimate_prevalence(probabilities[keys == key], calibration, options)
    return report
