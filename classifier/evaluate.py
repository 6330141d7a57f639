"""Evaluate a model on labelled postings: metrics as data, and a self-contained HTML report."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from classifier.calibration import brier_score, expected_calibration_error, reliability_curve
from classifier.errors import JobclassError, os_error_reason
from classifier.labels import TitleRules
from classifier.model import prepare_training_data, top_features
from classifier.postings import read_postings, refuse_overwriting_inputs, write_files_atomically
from classifier.predict import Predictor


@dataclass
class Evaluation:
    """What :func:`evaluate` measured. ``metrics`` is plain data (what ``metrics.json`` holds)."""

    metrics: dict[str, Any]
    predictions: pd.DataFrame
    top_skills: dict[str, list[tuple[str, float]]]
    skill_shares: pd.DataFrame
    reliability: pd.DataFrame
    mistakes: pd.DataFrame
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)


def score(true: np.ndarray, probabilities: np.ndarray, labels: list[str]) -> dict[str, Any]:
    """Macro-F1, accuracy, per-label precision/recall/F1/support, confusion matrix, Brier and ECE."""
    predicted = np.asarray(labels, dtype=object)[probabilities.argmax(axis=1)] if len(true) else np.array([])
    present = sorted(set(labels) | set(true))
    precision, recall, f1, support = precision_recall_fscore_support(true, predicted, labels=present, zero_division=0)
    return {
        "postings": int(len(true)),
        # over the labels the postings have or were given: a group of one right posting scores 1, not 1/3
        "macro_f1": float(
            f1_score(true, predicted, average="macro", labels=sorted(set(true) | set(predicted)), zero_division=0)
        )
        if len(true)
        else float("nan"),
        "accuracy": float(accuracy_score(true, predicted)) if len(true) else float("nan"),
        "per_label": {
            label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for label, p, r, f, s in zip(present, precision, recall, f1, support)
        },
        "confusion_matrix": {
            "labels": present,
            "rows_are": "true label",
            "matrix": confusion_matrix(true, predicted, labels=present).tolist(),
        },
        "brier_score": brier_score(true, probabilities, labels),
        "expected_calibration_error": expected_calibration_error(true, probabilities, labels),
    }


def skill_share_by_label(
    counts: Any, labels: np.ndarray, names: np.ndarray, label_order: list[str] | None = None, top: int = 15
) -> pd.DataFrame:
    """Share of each label's postings that mention each skill, for the ``top`` skills most mentioned by any label.

    ``counts`` is a postings x skills matrix (``SkillFeatures.counts``).
    """
    mentioned = (counts > 0).astype(np.float64)
    shares = {}
    for label in label_order or sorted(set(labels)):
        rows = np.flatnonzero(np.asarray(labels) == label)
        shares[label] = np.asarray(mentioned[rows].mean(axis=0)).ravel() if len(rows) else np.zeros(len(names))
    table = pd.DataFrame(shares, index=names)
    leading = table.max(axis=1).sort_values(ascending=False).index[:top]
    return table.loc[leading]


def evaluate(
    postings: pd.DataFrame | str | Path,
    model: str | Path | Predictor | None = None,
    *,
    text_column: str | None = None,
    title_column: str | None = None,
    label_column: str | None = None,
    title_rules: str | Path | TitleRules | None = None,
    group_by: str | None = None,
    mistakes: int = 10,
    sep: str | None = None,
) -> Evaluation:
    """Measure a model on labelled postings (labels from a label column, else from titles by the title rules)."""
    predictor = model if isinstance(model, Predictor) else Predictor.load(model)
    if isinstance(postings, pd.DataFrame):
        frame, source = postings.reset_index(drop=True), "postings"
    else:
        frame, source = read_postings(postings, sep=sep), str(postings)
    if frame.empty:
        raise JobclassError(f"{source}: no postings to evaluate (the file has no rows, or none that could be read)")
    if group_by is not None and group_by not in frame.columns:
        raise JobclassError(
            f"{source}: no column {group_by!r} to group by (columns: {', '.join(map(str, frame.columns))})"
        )
    data = prepare_training_data(
        frame,
        include_other=True,
        text_column=text_column,
        title_column=title_column,
        label_column=label_column,
        title_rules=title_rules,
        source=source,
    )
    labels = predictor.labels
    keep = np.isin(data.labels, labels)
    left_out = dict(data.rows_left_out)
    if (~keep).any():
        unknown = sorted(set(data.labels[~keep]))
        left_out[f"labels the model does not know ({', '.join(unknown)})"] = int((~keep).sum())
    texts = [text for text, ok in zip(data.texts, keep) if ok]
    true = data.labels[keep]
    if len(texts) == 0:
        raise JobclassError(f"{source}: no labelled postings with usable text to evaluate on")
    counts, terms, features = predictor._matrices(texts)
    probabilities = predictor._classifier.predict_proba(features)
    predicted = np.asarray(labels, dtype=object)[probabilities.argmax(axis=1)]
    metrics = score(true, probabilities, labels)
    metrics["source"] = source
    metrics["label_source"] = data.label_source
    metrics["rows_read"] = data.rows_read
    metrics["rows_left_out"] = left_out
    metrics["postings_without_known_skill"] = int((np.diff(counts.indptr) == 0).sum())
    metrics["model"] = {
        "path": str(predictor.path) if predictor.path else None,
        "labels": labels,
        "created": predictor.metadata.get("created"),
        "calibration": predictor.metadata.get("cross_validation", {}).get("calibration", {}).get("method"),
    }

    prediction_frame = pd.DataFrame({"true": true, "predicted": predicted, "confidence": probabilities.max(axis=1)})
    for position, label in enumerate(labels):
        prediction_frame[f"p_{label}"] = probabilities[:, position]
    groups: dict[str, dict[str, Any]] = {}
    if group_by is not None:
        kept_rows = np.asarray(data.row_index)[keep]
        prediction_frame["group"] = frame.loc[kept_rows, group_by].astype(str).to_numpy()
        for name, part in prediction_frame.groupby("group", sort=True):
            index = part.index.to_numpy()
            groups[str(name)] = score(true[index], probabilities[index], labels)
        metrics["groups"] = {"column": group_by, "scores": groups}

    skill_shares = skill_share_by_label(counts, true, predictor._features.feature_names_, labels, top=15)

    wrong = np.flatnonzero(predicted != true)
    wrong = wrong[np.argsort(-probabilities[wrong].max(axis=1))][:mistakes]
    mistake_rows = []
    for row in wrong:
        items, _ = predictor._contributions(features, counts, terms, int(row), int(probabilities[row].argmax()))
        mistake_rows.append(
            {
                "true": true[row],
                "predicted": predicted[row],
                "confidence": float(probabilities[row].max()),
                "explaining_skills": "; ".join(f"{item.skill} {item.contribution:+.2f}" for item in items[:5]),
                "excerpt": " ".join(texts[row].split())[:160],
            }
        )
    return Evaluation(
        metrics=metrics,
        predictions=prediction_frame,
        top_skills=top_features(predictor.pipeline, n=12),
        skill_shares=skill_shares,
        reliability=reliability_curve(true, probabilities, labels, bins=10),
        mistakes=pd.DataFrame(
            mistake_rows, columns=["true", "predicted", "confidence", "explaining_skills", "excerpt"]
        ),
        groups=groups,
    )


# -- the report ------------------------------------------------------------------------------------


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    if isinstance(value, np.generic):
        return _json_safe(value.item())
    return value


def write_report(evaluation: Evaluation, output: str | Path) -> tuple[Path, Path]:
    """Write ``metrics.json`` and a self-contained ``report.html`` (plots embedded) into ``output``."""
    from classifier.report import render_html

    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise JobclassError(f"{folder}: is a file; name a folder for the report")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise JobclassError(f"{folder}: cannot create the report folder ({os_error_reason(error)})") from None
    metrics_path = folder / "metrics.json"
    report_path = folder / "report.html"
    source = evaluation.metrics.get("source")
    for path in (metrics_path, report_path):
        refuse_overwriting_inputs(path, [source] if source and source != "postings" else [], "report")
    write_files_atomically(
        {
            metrics_path: json.dumps(_json_safe(evaluation.metrics), indent=2) + "\n",
            report_path: render_html(evaluation),
        }
    )
    return metrics_path, report_path
