"""Classify a posting file end to end: read in chunks, predict (in parallel if asked), write as it goes.

Memory stays bounded by the chunk size and the number of chunks in flight,
whatever the input's size; output rows keep the input order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from classifier.errors import JobclassError, os_error_reason
from classifier.postings import (
    DEFAULT_CHUNK_SIZE,
    AtomicWriter,
    is_stream,
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
    """A worker ignores Ctrl-C and SIGTERM (a terminal and many schedulers signal the whole process
    group): the parent alone decides, and stops its workers itself."""
    import signal

    global _WORKER_PREDICTOR
    _WORKER_PREDICTOR = predictor
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # blocked by the parent while it forked


_STOP_SIGNALS = (2, 15)  # SIGINT, SIGTERM (numbers: importing signal here would run at import)


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """SIGINT and SIGTERM held back while workers are forked: a child forked with the parent's handlers
    would otherwise raise in a copy of the parent's stack before it ignores them. Held signals reach
    the parent as soon as it unblocks them; the workers discard theirs."""
    import signal

    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


#: Seconds an interrupted or failed parallel run waits for its workers to finish their chunk before
#: killing them; a wait on a worker's result checks this often that the workers are still alive.
WORKER_GRACE_SECONDS = 3.0
_RESULT_POLL_SECONDS = 1.0


@contextmanager
def signals_ignored() -> Iterator[None]:
    """Ctrl-C and SIGTERM ignored while a stopping run cleans up (a second Ctrl-C cannot leave a
    temporary file or a worker behind); the handlers are restored afterwards."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _workers(pool: ProcessPoolExecutor) -> list[Any]:
    return list((getattr(pool, "_processes", None) or {}).values())


def _result(future: Future[pd.DataFrame], pool: ProcessPoolExecutor) -> pd.DataFrame:
    """A chunk's result; a worker that dies (killed, out of memory) ends the run with one line, not a hang."""
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures.process import BrokenProcessPool

    workers = _workers(pool)  # kept: a broken pool forgets its processes
    while True:
        try:
            return future.result(timeout=_RESULT_POLL_SECONDS)
        except FutureTimeout:
            workers = _workers(pool) or workers
            if _dead(workers) and not future.done():
                raise JobclassError(_worker_died(_dead(workers)[0].exitcode)) from None
        except BrokenProcessPool:
            raise _pool_broke(workers) from None


def _pool_broke(workers: list[Any]) -> JobclassError:
    """The one-line error of a pool broken by a dead worker (named by its exit, when one is known)."""
    dead = _dead(workers)
    return JobclassError(_worker_died(dead[0].exitcode if dead else None))


def _dead(workers: list[Any]) -> list[Any]:
    return [worker for worker in workers if worker.exitcode not in (None, 0)]


def _worker_died(exit_code: int | None) -> str:
    import signal

    how = ""
    if exit_code is not None and exit_code < 0:
        try:
            how = f" ({signal.Signals(-exit_code).name}"
        except ValueError:
            how = f" (signal {-exit_code}"
        how += ", perhaps out of memory)" if -exit_code == signal.SIGKILL else ")"
    return f"a worker process stopped unexpectedly{how}; no output was written (try --jobs 1 or a smaller --chunk-size)"


def stop_pool(pool: ProcessPoolExecutor, grace: float = WORKER_GRACE_SECONDS) -> None:
    """Stop a pool within ``grace`` seconds and a little more: chunks not started are dropped, workers get
    ``grace`` seconds to finish theirs and are then killed; every worker is reaped."""
    import time

    workers = _workers(pool)
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + grace
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    for worker in workers:
        if worker.exitcode is None:
            worker.kill()
    for worker in workers:
        worker.join(1.0)


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
    sep: str | None = None,
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
        chunks = iter_postings(source, chunk_size=chunk_size, encoding=encoding, sep=sep, on_progress=on_progress)
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
    from concurrent.futures.process import BrokenProcessPool

    # Validate the columns here first, so a bad input fails before any worker starts.
    task(predictor, first.head(1), options)
    try:
        with _signals_blocked():  # the first submit forks every worker
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(predictor,))
            started = pool.submit(_predict_in_worker, first, options, task)
    except OSError as error:
        raise JobclassError(
            f"cannot start {workers} worker processes ({os_error_reason(error)}); try --jobs 1"
        ) from None
    finished = False
    try:
        pending: deque[Future[pd.DataFrame]] = deque([started])
        for chunk in _chain(second, chunks):
            pending.append(pool.submit(_predict_in_worker, chunk, options, task))
            if len(pending) >= 2 * workers:
                yield _result(pending.popleft(), pool)
        while pending:
            yield _result(pending.popleft(), pool)
        finished = True
    except BrokenProcessPool:  # a worker died while chunks were still being handed out
        raise _pool_broke(_workers(pool)) from None
    except OSError as error:  # too many open files, no processes left: starting a worker failed
        raise JobclassError(f"cannot run {workers} worker processes ({os_error_reason(error)}); try --jobs 1") from None
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:  # interrupted or failed: bounded, whatever the workers do (see stop_pool)
            with signals_ignored():
                stop_pool(pool)


def _chain(first: pd.DataFrame, rest: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    yield first
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
    sep: str | None = None,
    explain: int = 0,
    min_confidence: float | None = None,
    jobs: int | None = 1,
    on_chunk: Callable[[pd.DataFrame], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    prior: str | Mapping[str, float] | None = None,
    facts: bool = False,
    labels: Sequence[str] | None = None,
) -> ClassifyReport:
    """Classify every posting in ``source``; write to ``output`` (.csv, .jsonl, .parquet) atomically.

    Each result chunk also goes to ``on_chunk`` (the CLI prints it when there is
    no output file). ``jobs`` is the number of processes (``None`` or 0: all cores).
    ``prior``: adjust every posting's probabilities to a label mix, given as
    shares by label, or ``"auto"`` (or a method name, see
    :mod:`classifier.prevalence`) to estimate the file's own mix first (a first
    pass over the file). ``labels``: choose among these labels only (see :meth:`Predictor.restricted_to`).
    """
    predictor = model if isinstance(model, Predictor) else Predictor.load(model)
    if labels is not None:
        if prior is not None:
            raise JobclassError("prior and labels cannot be combined yet (the prior is a mix of every label)")
        predictor = predictor.restricted_to(labels)
    refuse_overwriting_inputs(output, [source] + ([predictor.path] if predictor.path is not None else []))
    report = ClassifyReport()
    chunks: list[pd.DataFrame] | None = None
    vector: np.ndarray | None = None
    if isinstance(prior, str):
        method = DEFAULT_METHOD if prior == "auto" else prior
        if method not in METHODS:
            raise JobclassError(f"prior: use auto, a method ({', '.join(METHODS)}) or shares like data_science=0.3,...")
        predictor.prevalence_calibration  # noqa: B018 - refuse a model without one before reading anything
        if is_stream(source):  # standard input or a FIFO is read once: keep its chunks for the second pass
            chunks = list(iter_postings(source, chunk_size=chunk_size, encoding=encoding, sep=sep))
        probabilities = collect_probabilities(
            source,
            predictor,
            chunks=chunks,
            text_column=text_column,
            chunk_size=chunk_size,
            encoding=encoding,
            sep=sep,
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
    predictions = iter_predictions(
        source,
        predictor,
        chunks=chunks,
        prior=vector,
        facts=facts,
        text_column=text_column,
        id_column=id_column,
        chunk_size=chunk_size,
        encoding=encoding,
        sep=sep,
        explain=explain,
        min_confidence=min_confidence,
        jobs=jobs,
        on_progress=on_progress,
    )
    try:
        for frame in predictions:
            report.add(frame)
            if writer is not None:
                writer.write(frame)
            if on_chunk is not None:
                on_chunk(frame)
        _refuse_unreadable(report, source)
    except BaseException:
        with signals_ignored():
            predictions.close()  # its workers stopped now, not when the generator is collected
            if writer is not None:
                writer.abort()
        raise
    if writer is not None:
        report.output = writer.commit(empty=empty)
    return report


def _unparsed(status: str) -> bool:
    """A row's status says it has more fields than a header of one column: the header did not split."""
    return status.startswith("malformed row") and "fields, header has 1 (" in status


def _refuse_unreadable(report: ClassifyReport, source: str | Path) -> None:
    """A CSV file whose header is one column and whose every row has more fields was not read as meant
    (another separator; see :func:`classifier.postings.detect_separator`): no output should claim it was
    classified."""
    malformed = [status for status in report.status_counts if _unparsed(status)]
    if report.rows and len(malformed) == len(report.status_counts):
        name = "<stdin>" if str(source) == "-" else str(source)
        raise JobclassError(
            f"{name}: none of its {report.rows} rows could be read (first: {malformed[0]}); "
            "are its fields separated by another character (--sep)?"
        )


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
    sep: str | None = None,
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
        sep=sep,
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
