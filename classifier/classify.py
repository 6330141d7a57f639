"""Classify a posting file end to end: read in chunks, predict, write as it goes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
) -> Iterator[pd.DataFrame]:
    """Prediction frames, one per input chunk, in input order."""
    name = "<stdin>" if str(source) == "-" else str(source)
    for chunk in iter_postings(source, chunk_size=chunk_size, encoding=encoding):
        yield predictor.predict_frame(
            chunk, text_column, id_column_name=id_column, explain=explain, min_confidence=min_confidence, source=name
        )


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
    on_chunk: Callable[[pd.DataFrame], None] | None = None,
) -> ClassifyReport:
    """Classify every posting in ``source``; write to ``output`` (.csv, .jsonl, .parquet) atomically.

    With no ``output``, each result chunk goes to ``on_chunk`` (the CLI prints it).
    """
    predictor = model if isinstance(model, Predictor) else Predictor.load(model)
    report = ClassifyReport()
    chunks = iter_predictions(
        source, predictor, text_column=text_column, id_column=id_column, chunk_size=chunk_size,
        encoding=encoding, explain=explain, min_confidence=min_confidence,
    )
    writer = AtomicWriter(output) if output is not None and output_format(output) != "table" else None
    try:
        for frame in chunks:
            report.rows += len(frame)
            for status, count in frame["status"].value_counts().items():
                report.status_counts[str(status)] = report.status_counts.get(str(status), 0) + int(count)
            for label, count in frame.loc[frame["label"] != "", "label"].value_counts().items():
                report.label_counts[str(label)] = report.label_counts.get(str(label), 0) + int(count)
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
    report.labelled = sum(report.label_counts.values())
    return report
