"""Calibration of the default model's features on the shared postings: expected calibration error
(ECE, top label, 15 bins) and Brier score of out-of-fold probabilities, for two and three labels.

- grouped by company (5 folds, as `jobclass train` measures it): without calibration and with
  sigmoid and isotonic calibration, and the method `train --calibration auto` would choose;
- leave one source out: the raw probabilities on each site when no posting of that site was
  trained on (how honest the confidence is on a site the model never saw), pooled and per site.

Run: python benchmarks/calibration.py  (about 15 minutes on two cores)
"""

from __future__ import annotations

from functools import partial

import numpy as np  # noqa: E402
from _shared import SHARED, require  # noqa: E402

from classifier.calibration import brier_score, expected_calibration_error  # noqa: E402
from classifier.model import (  # noqa: E402
    DEFAULT_C,
    build_pipeline,
    class_weights,
    cross_validate,
    prepare_training_data,
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
        weights = class_weights(labels, "sqrt")
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


if __name__ == "__main__":
    main()
