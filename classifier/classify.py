"""Classify a posting file end to end: read in chunks, predict (in parallel if asked), write as it goes.

Memory stays bounded by the chunk size and the number of chunks in flight,
whatever the input's size; output rows keep the input order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from classifier.postings import DEFAULT_CHUNK_SIZE, AtomicWriter, iter_postings, output_format
from classifier.predict import Predictor


@dataclass
class ClassifyReport:
    """What a classify run did."""

    rows: int = 0
    labelled: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    label_counts: dict[str, int] = field(default_factory=dict)
    output: Path | None = None

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


def _predict_in_worker(chunk: pd.DataFrame, options: dict[str, Any]) -> pd.DataFrame:
    assert _WORKER_PREDICTOR is not None
    return _WORKER_PREDICTOR.predict_frame(chunk, **options)


def resolve_jobs(jobs: int | None) -> int:
    """``None``, 0 or a negative number mean all cores."""
    if jobs is None or jobs <= 0:
        return os.cpu_count() or 1
    return jobs


def iter_predictions(
    source: str | Path,
    predictor: Predictor,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    explain: int = 0,
    min_confidence: float | None = None,
    jobs: int | None = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> Iterator[pd.DataFrame]:
    """Prediction frames, one per input chunk, in input order.

    With ``jobs`` > 1 the chunks are classified in worker processes (at most
    ``2 * jobs`` chunks in flight); the results are identical to ``jobs=1``.
    A single-chunk input is always classified in this process.
    """
    name = "<stdin>" if str(source) == "-" else str(source)
    options = {
        "text_column": text_column,
        "id_column_name": id_column,
        "explain": explain,
        "min_confidence": min_confidence,
        "source": name,
    }
    chunks = iter_postings(source, chunk_size=chunk_size, encoding=encoding, on_progress=on_progress)
    workers = resolve_jobs(jobs)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if workers == 1 or second is None:
        yield predictor.predict_frame(first, **options)
        if second is not None:
            yield predictor.predict_frame(second, **options)
            for chunk in chunks:
                yield predictor.predict_frame(chunk, **options)
        return
    # Validate the columns here first, so a bad input fails before any worker starts.
    predictor.predict_frame(first.head(1), **options)
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(predictor,)) as pool:
        pending: deque[Future[pd.DataFrame]] = deque()
        for chunk in _chain(first, second, chunks):
            pending.append(pool.submit(_predict_in_worker, chunk, options))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


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
) -> ClassifyReport:
    """Classify every posting in ``source``; write to ``output`` (.csv, .jsonl, .parquet) atomically.

    Each result chunk also goes to ``on_chunk`` (the CLI prints it when there is
    no output file). ``jobs`` is the number of processes (``None`` or 0: all cores).
    """
    predictor = model if isinstance(model, Predictor) else Predictor.load(model)
    report = ClassifyReport()
    writer = AtomicWriter(output) if output is not None and output_format(output) != "table" else None
    try:
        for frame in iter_predictions(
            source,
            predictor,
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
        report.output = writer.commit()
    return report
