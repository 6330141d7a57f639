"""Calibration of the default model's features on the shared postings: expected calibration error
(ECE, top label, 15 bins) and Brier score of out-of-fold probabilities, for two and three labels.

- grouped by company (5 folds, as `jobclass train` measures it): without calibration and with
  sigmoid and isotonic calibration, and the method `train --calibration auto` would choose;
- leave one source out: the raw probabilities on each site when no posting of that site was
  trained on (how honest the confidence is on a site the model never saw), pooled and per site;
- with --short-postings: short-text calibration on a site held out. A model trained as the
  default one is (`jobclass train --include-other`) on every other file scores windows of 50-800
  characters of each of the site's postings, and the whole postings: ECE, Brier score, mean
  confidence and accuracy, with the probabilities tempered by evidence and without.

Run: python benchmarks/calibration.py  (about 15 minutes on two cores)
     python benchmarks/calibration.py --short-postings [--held-out indeed-2025]  (about 5 minutes)
"""

from __future__ import annotations

import argparse
import tempfile
from functools import partial
from pathlib import Path

import numpy as np  # noqa: E402
from _shared import SHARED, require  # noqa: E402

from classifier.calibration import brier_score, expected_calibration_error  # noqa: E402
from classifier.config import DEFAULT_CLASS_WEIGHT  # noqa: E402
from classifier.model import (  # noqa: E402
    DEFAULT_C,
    build_pipeline,
    class_weights,
    cross_validate,
    prepare_training_data,
    train,
    validate_by_source,
)
from classifier.postings import read_many  # noqa: E402


def main() -> None:
    frame = read_many(sorted(str(path) for path in require(SHARED / "data").glob("*.csv.gz")))
    data = prepare_training_data(frame, include_other=True, source="shared postings")
    print(f"{len(data.labels)} labelled postings from {len(set(data.sources))} sources")
    for setting, keep in (("two labels", data.labels != "other"), ("three labels", np.ones(len(data.labels), bool))):
        index = np.flatnonzero(keep)
        texts = [data.texts[i] for i in index]
        labels, sources, groups = data.labels[index], data.sources[index], data.groups[index]
        classes = sorted(set(labels))
        weights = class_weights(labels, DEFAULT_CLASS_WEIGHT)
        step = build_pipeline().named_steps["features"]
        _, skill_counts, every = step.fit_counts(texts, sources=sources)

        folds = partial(step.fold, skill_counts, every, sources)  # (train, test) -> a fold's matrices
        metrics, _ = cross_validate(
            folds, labels, groups, C=DEFAULT_C, folds=5, random_state=0, class_weight=weights, n_jobs=2
        )
        calibration = metrics["calibration"]
        print(f"{setting}, grouped by company: macro-F1 {metrics['macro_f1']:.3f}; chosen {calibration['method']}")
        for method, scores in calibration["candidates"].items():
            print(f"  {method:<9} ECE {scores['ece']:.4f}   Brier {scores['brier']:.4f}")
        result, probabilities = validate_by_source(
            folds, labels, sources, C=DEFAULT_C, class_weight=weights, n_jobs=2, return_probabilities=True
        )
        print(
            f"{setting}, leave one source out (raw probabilities): macro-F1 {result['macro_f1']:.3f}, "
            f"ECE {expected_calibration_error(labels, probabilities, classes):.4f}, "
            f"Brier {brier_score(labels, probabilities, classes):.4f}"
        )
        for name in sorted(set(sources)):
            rows = sources == name
            confidence = probabilities[rows].max(axis=1).mean()
            accuracy = (np.asarray(classes, dtype=object)[probabilities[rows].argmax(axis=1)] == labels[rows]).mean()
            print(
                f"  {name:<36} {rows.sum():>6} postings  ECE {expected_calibration_error(labels[rows], probabilities[rows], classes):.4f}"
                f"  mean confidence {confidence:.3f}, accuracy {accuracy:.3f}"
            )


def short_postings(held_out: str) -> None:
    from classifier.predict import Predictor

    frame = read_many(sorted(str(path) for path in require(SHARED / "data").glob("*.csv.gz")))
    data = prepare_training_data(frame, include_other=True, source="shared postings")
    if held_out not in set(data.sources):
        raise SystemExit(f"--held-out: no source {held_out!r}; the sources: {', '.join(sorted(set(data.sources)))}")
    keep = np.flatnonzero(data.sources != held_out)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.joblib"
        train(frame.iloc[data.row_index[keep]].reset_index(drop=True), path, include_other=True, n_jobs=2)
        predictor = Predictor.load(path)
    classifier = predictor._classifier
    print(
        f"trained on every source but {held_out}; factors by evidence bucket (lower edges {[int(edge) for edge in classifier.edges_]}):"
    )
    print("  " + " ".join(f"{factor:.3f}" for factor in classifier.factors_))
    test = np.flatnonzero(data.sources == held_out)
    rng = np.random.default_rng(0)
    texts, labels, sizes = [], [], []
    for index in test:
        text = data.texts[index]
        for size in (50, 100, 200, 400, 800, 0):
            if size == 0 or len(text) > size + 50:
                start = int(rng.integers(0, len(text) - size)) if size else 0
                texts.append(text[start : start + size] if size else text)
                labels.append(data.labels[index])
                sizes.append(size)
    labels, sizes = np.asarray(labels, dtype=object), np.asarray(sizes)
    features = predictor._features.transform(texts)
    after, before = classifier.predict_proba(features), classifier.estimator.predict_proba(features)
    classes = predictor.labels
    print(f"{held_out}, held out: windows of each posting; tempered by evidence (after) or not (before)")
    for size in (50, 100, 200, 400, 800, 0):
        rows = sizes == size
        truth = labels[rows]
        right = (np.asarray(classes, dtype=object)[after[rows].argmax(axis=1)] == truth).mean()
        print(
            f"  {str(size) + ' characters' if size else 'whole postings':<16} {rows.sum():>6}"
            f"  ECE {expected_calibration_error(truth, before[rows], classes):.3f} -> "
            f"{expected_calibration_error(truth, after[rows], classes):.3f}"
            f"  Brier {brier_score(truth, before[rows], classes):.3f} -> {brier_score(truth, after[rows], classes):.3f}"
            f"  mean confidence {before[rows].max(axis=1).mean():.3f} -> {after[rows].max(axis=1).mean():.3f}"
            f"  accuracy {right:.3f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short-postings", action="store_true", help="only short-text calibration on a held-out site")
    parser.add_argument("--held-out", default="indeed-2025", help="the site held out for --short-postings")
    arguments = parser.parse_args()
    if arguments.short_postings:
        short_postings(arguments.held_out)
    else:
        main()
