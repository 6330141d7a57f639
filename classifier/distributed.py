"""Classify on a Dask cluster: one task per input file, each through the same ``Predictor.predict_frame``.

Install with ``pip install '.[dask]'``. Without a scheduler address a local
cluster is started on this machine, listening on 127.0.0.1 only (dashboard on a
random loopback port) with its scratch space in a temporary folder that is
removed afterwards.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from classifier.classify import ClassifyReport, iter_predictions
from classifier.errors import JobclassError
from classifier.postings import DEFAULT_CHUNK_SIZE, AtomicWriter
from classifier.predict import Predictor

PART_FORMATS = ("csv", "jsonl", "parquet")


def _require_dask() -> Any:
    try:
        import dask.distributed as distributed
    except ImportError:
        raise JobclassError("the dask engine needs Dask: pip install 'jobclass[dask]'") from None
    return distributed


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, *, workers: int | None = None) -> Iterator[Any]:
    """A client for the cluster at ``scheduler``, or for a local loopback-only cluster when it is None."""
    distributed = _require_dask()
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as error:
            raise JobclassError(f"cannot reach the Dask scheduler at {scheduler} ({error})") from None
        except (ValueError, TypeError) as error:
            raise JobclassError(
                f"{scheduler!r} is not a Dask scheduler address ({error}); give one like tcp://10.0.0.5:8786"
            ) from None
        with client:
            yield client
        return
    with tempfile.TemporaryDirectory(prefix="jobclass-dask-") as scratch:
        cores = os.cpu_count() or 1
        cluster = distributed.LocalCluster(
            n_workers=cores if workers is None or workers <= 0 else min(workers, cores),
            silence_logs=logging.CRITICAL,  # a worker's failure reaches the user as one line, not its log
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            scheduler_port=0,
            dashboard_address="127.0.0.1:0",
            local_directory=scratch,
        )
        try:
            with distributed.Client(cluster) as client:
                yield client
        finally:
            cluster.close()


@contextlib.contextmanager
def dask_cross_validation(scheduler: str | None = None) -> Iterator[Any]:
    """Run joblib work (the cross-validation folds of ``train``) on a Dask cluster."""
    import joblib

    with dask_client(scheduler) as client, joblib.parallel_config(backend="dask"):
        yield client


def input_files(pattern: str | Path) -> list[Path]:
    """The files a path or glob names, sorted (their order is the output order)."""
    text = str(pattern)
    if any(char in text for char in "*?["):
        files = sorted(Path(item) for item in glob.glob(text, recursive=True) if Path(item).is_file())
        if not files:
            raise JobclassError(f"{text}: no file matches")
        return files
    path = Path(text)
    if not path.exists():
        raise JobclassError(f"{path}: no such file or folder")
    if path.is_dir():
        files = sorted(item for item in path.iterdir() if item.is_file() and not item.name.startswith("."))
        if not files:
            raise JobclassError(f"{path}: folder is empty")
        return files
    return [path]


def _classify_part(predictor: Predictor, source: str, destination: str, options: dict[str, Any]) -> ClassifyReport:
    """One task: classify one input file into one part file (runs on a worker)."""
    report = ClassifyReport()
    with AtomicWriter(destination) as writer:
        for frame in iter_predictions(source, predictor, jobs=1, **options):
            report.add(frame)
            writer.write(frame)
    return report


def classify_with_dask(
    source: str | Path,
    output: str | Path,
    *,
    model: str | Path | Predictor | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    part_format: str = "csv",
    text_column: str | None = None,
    id_column: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    explain: int = 0,
    min_confidence: float | None = None,
) -> ClassifyReport:
    """Classify the files ``source`` names (a path, folder or glob) on a Dask cluster.

    ``output`` is a folder; part ``part-00000.<format>`` holds the rows of the first
    input file (in sorted order), and so on. The folder is written under a temporary
    name and renamed at the end, so a failed run leaves nothing under ``output``.
    """
    if part_format not in PART_FORMATS:
        raise JobclassError(f"unknown part format {part_format!r}; use one of {', '.join(PART_FORMATS)}")
    files = input_files(source)
    output = Path(output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise JobclassError(f"{output}: exists and is not an empty folder; name a new output folder")
    predictor = model if isinstance(model, Predictor) else Predictor.load(model)
    options = {
        "text_column": text_column,
        "id_column": id_column,
        "chunk_size": chunk_size,
        "encoding": encoding,
        "explain": explain,
        "min_confidence": min_confidence,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    report = ClassifyReport()
    try:
        with dask_client(scheduler, workers=workers) as client:
            shared_predictor = client.scatter(predictor, broadcast=True)
            futures = [
                client.submit(
                    _classify_part,
                    shared_predictor,
                    str(path.resolve()),
                    str((staging / f"part-{index:05d}.{part_format}").resolve()),
                    options,
                    key=f"jobclass-part-{index:05d}-{path.name}",
                    pure=False,
                )
                for index, path in enumerate(files)
            ]
            for future in futures:
                report.merge(future.result())
        if output.exists():
            output.rmdir()
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.output = output
    return report
