"""Drift: is a batch of new postings like the postings the model learned from?

Compares the new postings' skill mix with the training data recorded in the
model (share of postings mentioning each skill, share with no known skill,
predicted label mix) and warns when the mix has moved beyond thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from classifier.config import DRIFT_MIN_POSTINGS, DRIFT_THRESHOLDS, TEXT_COLUMN_CANDIDATES
from classifier.errors import JobclassError
from classifier.postings import find_column, iter_postings
from classifier.predict import Predictor

DEFAULT_THRESHOLDS = DRIFT_THRESHOLDS


@dataclass
class DriftReport:
    """Drift measures of new postings against the model's training data."""

    postings: int
    training_postings: int
    label_mix: pd.DataFrame
    label_mix_distance: float
    skill_mix_distance: float
    no_skill_share: float
    training_no_skill_share: float
    rising: pd.DataFrame
    falling: pd.DataFrame
    unseen: pd.DataFrame
    thresholds: dict[str, float]
    warnings: list[str] = field(default_factory=list)
    #: Why drift was not judged (too few postings), else None.
    not_judged: str | None = None

    @property
    def drifted(self) -> bool:
        return bool(self.warnings) and self.not_judged is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "postings": self.postings,
            "training_postings": self.training_postings,
            "label_mix": self.label_mix.to_dict(orient="index"),
            "label_mix_distance": self.label_mix_distance,
            "skill_mix_distance": self.skill_mix_distance,
            "no_skill_share": self.no_skill_share,
            "training_no_skill_share": self.training_no_skill_share,
            "rising": self.rising.to_dict(orient="records"),
            "falling": self.falling.to_dict(orient="records"),
            "unseen": self.unseen.to_dict(orient="records"),
            "thresholds": self.thresholds,
            "warnings": self.warnings,
            "drifted": self.drifted,
            "not_judged": self.not_judged,
        }


def _total_variation(first: pd.Series, second: pd.Series) -> float:
    index = first.index.union(second.index)
    left = first.reindex(index, fill_value=0.0)
    right = second.reindex(index, fill_value=0.0)
    left = left / left.sum() if left.sum() else left
    right = right / right.sum() if right.sum() else right
    return float(0.5 * (left - right).abs().sum())


def drift(
    postings: str | Path | pd.DataFrame,
    model: str | Path | Predictor | None = None,
    *,
    text_column: str | None = None,
    top: int = 10,
    thresholds: dict[str, float] | None = None,
    sep: str | None = None,
    min_postings: int = DRIFT_MIN_POSTINGS,
    chunk_size: int = 5000,
) -> DriftReport:
    """Compare new postings with the training data recorded in the model."""
    predictor = model if isinstance(model, Predictor) else Predictor.load(model)
    baseline = predictor.metadata.get("drift_baseline")
    if not baseline:
        raise JobclassError(f"{predictor.path}: this model records no training baseline; retrain it to measure drift")
    limits = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    for name, limit in limits.items():
        if not 0 <= limit <= 1:  # NaN too: a NaN threshold would silence the warning
            raise JobclassError(f"threshold {name}: {limit} is not a share between 0 and 1")
    names = predictor._features.feature_names_
    mentions = np.zeros(len(names))
    label_counts = pd.Series(0.0, index=predictor.labels)
    total = no_skill = 0
    chunks = (
        [postings] if isinstance(postings, pd.DataFrame) else iter_postings(postings, chunk_size=chunk_size, sep=sep)
    )
    source = "postings" if isinstance(postings, pd.DataFrame) else str(postings)
    for chunk in chunks:
        column = find_column(chunk, text_column, TEXT_COLUMN_CANDIDATES, "text", source)
        texts = ["" if not isinstance(text, str) else text for text in chunk[column].tolist()]
        counts, _, features = predictor._matrices(texts)
        mentions += np.asarray((counts > 0).sum(axis=0)).ravel()
        has_skill = np.diff(counts.indptr) > 0
        no_skill += int((~has_skill).sum())
        total += len(texts)
        if has_skill.any():
            probabilities = predictor._classifier.predict_proba(features[has_skill])
            for label, count in (
                pd.Series(np.asarray(predictor.labels)[probabilities.argmax(axis=1)]).value_counts().items()
            ):
                label_counts[label] += count
    if total == 0:
        raise JobclassError(f"{source}: no postings to compare")
    trained = pd.Series(baseline["skill_document_frequency"], dtype=float).reindex(names, fill_value=0.0)
    training_postings = int(baseline["postings"])
    new_share = pd.Series(mentions / total, index=names)
    old_share = trained / training_postings
    change = (new_share - old_share).sort_values()
    table = pd.DataFrame(
        {
            "skill": change.index,
            "training_share": old_share[change.index].to_numpy(),
            "new_share": new_share[change.index].to_numpy(),
            "change": change.to_numpy(),
        }
    )
    rising = table[table["change"] > 0].sort_values("change", ascending=False).head(top).reset_index(drop=True)
    falling = table[table["change"] < 0].head(top).reset_index(drop=True)
    unseen_mask = (trained == 0) & (new_share > 0)
    unseen = pd.DataFrame({"skill": names[unseen_mask.to_numpy()], "new_share": new_share[unseen_mask].to_numpy()})
    unseen = unseen.sort_values("new_share", ascending=False).head(top).reset_index(drop=True)
    training_mix = pd.Series(baseline["predicted_label_mix"], dtype=float).reindex(predictor.labels, fill_value=0.0)
    new_mix = label_counts / label_counts.sum() if label_counts.sum() else label_counts
    label_mix = pd.DataFrame({"training": training_mix, "new": new_mix})
    report = DriftReport(
        postings=total,
        training_postings=training_postings,
        label_mix=label_mix,
        label_mix_distance=_total_variation(training_mix, new_mix),
        skill_mix_distance=_total_variation(trained, pd.Series(mentions, index=names)),
        no_skill_share=no_skill / total,
        training_no_skill_share=float(baseline["no_skill_share"]),
        rising=rising,
        falling=falling,
        unseen=unseen,
        thresholds=limits,
    )
    if report.label_mix_distance > limits["label_mix"]:
        report.warnings.append(
            f"predicted label mix moved by {report.label_mix_distance:.2f} "
            f"(total variation; threshold {limits['label_mix']:.2f})"
        )
    if report.skill_mix_distance > limits["skill_mix"]:
        report.warnings.append(
            f"skill mix moved by {report.skill_mix_distance:.2f} (total variation; threshold {limits['skill_mix']:.2f})"
        )
    rise = report.no_skill_share - report.training_no_skill_share
    if rise > limits["no_skill_share"]:
        report.warnings.append(
            f"share of postings with no known skill rose by {rise:.2f} to {report.no_skill_share:.2f} "
            f"(threshold {limits['no_skill_share']:.2f})"
        )
    if total < min_postings:
        report.not_judged = (
            f"{source}: too few postings to judge drift ({total}; at least {min_postings} are needed, as the mix "
            "of a few postings moves by chance alone)"
        )
    return report
