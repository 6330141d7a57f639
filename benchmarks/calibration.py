"""Calibration on the shared postings: expected calibration error (ECE) and Brier score, out of fold
(grouped by company), without calibration and with sigmoid and isotonic, for two and three labels.

Run: python benchmarks/calibration.py
"""

from __future__ import annotations

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _shared import POSTINGS, require  # noqa: E402

from classifier.features import SkillFeatures  # noqa: E402
from classifier.model import cross_validate, prepare_training_data, sqrt_balanced_weights  # noqa: E402


def main() -> None:
    data = prepare_training_data(pd.read_csv(require(POSTINGS)), include_other=True, source=str(POSTINGS))
    features = SkillFeatures().fit_transform(data.texts)
    for setting, keep in (("two labels", data.labels != "other"), ("three labels", np.ones(len(data.labels), bool))):
        index = np.flatnonzero(keep)
        labels = data.labels[index]
        metrics, _ = cross_validate(
            features[index],
            labels,
            data.groups[index],
            C=2.0,
            folds=5,
            random_state=0,
            class_weight=sqrt_balanced_weights(labels),
        )
        calibration = metrics["calibration"]
        print(f"{setting}: chosen {calibration['method']}; macro-F1 {metrics['macro_f1']:.3f}")
        for method, scores in calibration["candidates"].items():
            print(f"  {method:<9} ECE {scores['ece']:.4f}   Brier {scores['brier']:.4f}")
        print(f"  ECE before {calibration['ece_before']:.4f}, after {calibration['ece_after']:.4f}")


if __name__ == "__main__":
    main()
