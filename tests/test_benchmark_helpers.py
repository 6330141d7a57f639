"""The measuring helpers that the benchmarks share (benchmarks/_shared.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from _shared import SHIFTED_MIXES, shifted_macro_f1  # noqa: E402

CLASSES = ["data_science", "ml_engineering", "other"]


def _held_out(rows_per_label: dict[str, dict[str, int]]):
    labels, sources = [], []
    for source, counts in rows_per_label.items():
        for label, count in counts.items():
            labels += [label] * count
            sources += [source] * count
    return np.array(labels, dtype=object), np.array(sources, dtype=object)


def _one_hot(labels: np.ndarray, guess: np.ndarray) -> np.ndarray:
    probabilities = np.full((len(labels), 3), 0.1)
    probabilities[np.arange(len(labels)), [CLASSES.index(label) for label in guess]] = 0.8
    return probabilities


def test_right_predictions_score_one_on_every_mix_and_small_sources_are_left_out():
    labels, sources = _held_out(
        {
            "a": {"data_science": 30, "ml_engineering": 25, "other": 300},
            "b": {"data_science": 40, "ml_engineering": 60, "other": 200},
            "small": {"data_science": 5, "ml_engineering": 50, "other": 500},
        }
    )
    result = shifted_macro_f1(labels, _one_hot(labels, labels), CLASSES, sources, repeats=2)
    assert result["sources"] == ["a", "b"]
    assert list(result["mixes"]) == SHIFTED_MIXES
    assert all(value == pytest.approx(1.0) for value in result["mixes"].values())
    assert result["hidden_sites"] == pytest.approx(1.0) and result["pooled_hidden"] == pytest.approx(1.0)
    assert result["pooled_hidden_ece"] == pytest.approx(0.2)  # always right, 0.8 sure


def test_the_mix_decides_what_a_model_that_misses_a_label_scores():
    labels, sources = _held_out({"a": {"data_science": 40, "ml_engineering": 40, "other": 400}})
    guess = np.where(labels == "ml_engineering", "other", labels)  # every ML engineer called other
    result = shifted_macro_f1(labels, _one_hot(labels, guess), CLASSES, sources, repeats=1)
    heavy, light = result["mixes"][(0.10, 0.78, 0.12)], result["mixes"][(0.02, 0.03, 0.95)]
    # F1 of other: precision 0.12 / 0.90 when 78 % are ML engineers, 0.95 / 0.98 when 3 % are
    assert heavy == pytest.approx((1 + 0 + 2 * 0.12 / 0.90 / (1 + 0.12 / 0.90)) / 3)
    assert light == pytest.approx((1 + 0 + 2 * (0.95 / 0.98) / (1 + 0.95 / 0.98)) / 3)
    # 0.8 sure of every answer and wrong on the ML engineers: 280 + 1,560 + 100 of the 6,000
    # postings of the three hidden-site mixes
    assert result["pooled_hidden_ece"] == pytest.approx(0.8 - (1 - 1940 / 6000))
