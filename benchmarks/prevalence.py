"""Prevalence: how far each method's label shares land from the truth on sites the model never saw.

Leave one source out over the shared files (three labels, the default model's settings): every
posting gets probabilities from a model that did not see its source. Then, for each source, each
method estimates that source's label mix with the prevalence calibration of the *other* sources
(as a model trained without the site would carry it), and is compared with the source's true mix
(labels from titles):

  * natural mixes: each source as it is (its mix reflects how it was collected);
  * shifted mixes: each source with >= 20 postings of every label, resampled to the mixes of the
    hidden sites the issue names (56 % data science, 78 % ML engineering, 90 % other) and two more;
  * intervals: the share of (source, label) pairs whose true share lies inside the 95 % interval
    (bootstrap widened by the held-out error, both learned without the source);
  * calibration of the held-out probabilities: expected calibration error.

Run: python benchmarks/prevalence.py        (about 5 minutes on two cores)
"""

from __future__ import annotations

import sys
import time

import numpy as np
from _shared import SHARED, SHIFTED_MIXES, SHIFTED_SIZE, require, resampling_pools

from classifier.calibration import expected_calibration_error
from classifier.config import DEFAULT_CLASS_WEIGHT
from classifier.model import DEFAULT_C, _out_of_fold, build_pipeline, class_weights, prepare_training_data
from classifier.postings import expand_inputs, read_many
from classifier.prevalence import (
    METHOD_NAMES,
    METHODS,
    PrevalenceCalibration,
    estimate,
    estimate_prevalence,
    held_out_errors,
)


def held_out_probabilities():
    files = expand_inputs([str(SHARED / "data" / "*.csv.gz")])
    data = prepare_training_data(read_many(files), include_other=True, source="shared")
    weights = class_weights(data.labels, DEFAULT_CLASS_WEIGHT)
    features = build_pipeline(None, C=DEFAULT_C, class_weight=weights, random_state=0).named_steps["features"]
    _, skill_counts, every = features.fit_counts(data.texts, sources=data.sources)
    classes = sorted(set(data.labels))
    sources = np.asarray(data.sources, dtype=object)
    names = sorted(set(sources))
    splits = [(np.flatnonzero(sources != name), np.flatnonzero(sources == name)) for name in names]
    _, probabilities = _out_of_fold(
        lambda train, test: features.fold(skill_counts, every, sources, train, test),
        data.labels,
        splits,
        classes,
        C=DEFAULT_C,
        class_weight=weights,
        random_state=0,
        n_jobs=-1,
    )
    return np.asarray(data.labels, dtype=object), probabilities, classes, sources


def shifted(labels, probabilities, classes, sources) -> dict[str, float]:
    generator = np.random.default_rng(0)
    errors: dict[str, list[float]] = {method: [] for method in METHODS}
    for name, pools in resampling_pools(labels, sources, classes).items():
        rest = sources != name
        calibration = PrevalenceCalibration.fit(
            labels[rest], probabilities[rest], classes, split="other sources", sources=sources[rest]
        )
        for mix in SHIFTED_MIXES:
            counts = generator.multinomial(SHIFTED_SIZE, mix)
            rows = np.concatenate([generator.choice(pools[c], k, replace=True) for c, k in zip(classes, counts)])
            truth = counts / SHIFTED_SIZE
            for method in METHODS:
                errors[method].append(float(np.abs(estimate(probabilities[rows], calibration, method) - truth).mean()))
    return {method: float(np.mean(values)) if values else float("nan") for method, values in errors.items()}


def coverage(labels, probabilities, classes, sources, method: str) -> tuple[float, int]:
    inside, total = 0, 0
    for name in sorted(set(sources)):
        held, rest = sources == name, sources != name
        calibration = PrevalenceCalibration.fit(
            labels[rest], probabilities[rest], classes, split="other sources", sources=sources[rest]
        )
        result = estimate_prevalence(probabilities[held], calibration, method, bootstrap=200)
        for label in classes:
            truth = float((labels[held] == label).mean())
            share = result.shares[label]
            inside += share.low - 1e-9 <= truth <= share.high + 1e-9
            total += 1
    return inside / total, total


def main() -> None:
    require(SHARED / "data")
    started = time.perf_counter()
    labels, probabilities, classes, sources = held_out_probabilities()
    print(
        f"{len(labels)} postings, {len(set(sources))} sources, held out by source in {time.perf_counter() - started:.0f} s"
    )
    print(
        f"expected calibration error of the held-out probabilities: "
        f"{expected_calibration_error(labels, probabilities, classes):.4f} (goal <= 0.03)"
    )
    natural = held_out_errors(labels, probabilities, classes, sources)
    moved = shifted(labels, probabilities, classes, sources)
    print()
    print("mean absolute error of the label shares (over labels and sources), each source held out")
    print(f"{'method':<36}{'natural mixes':>15}{'shifted mixes':>15}")
    for method in METHODS:
        print(
            f"{METHOD_NAMES[method] + ' (' + method + ')':<36}"
            f"{natural[method]['mean_absolute_error']:>15.4f}{moved[method]:>15.4f}"
        )
    print(f"(sacc: weight of the adjustment learned on held-out sources: {natural['sacc']['shrinkage']:.2f})")
    print()
    print(
        "per source, natural mix: truth / classify and count / sacc / pacc / em (data_science, ml_engineering, other)"
    )
    for name, row in natural["sacc"]["per_source"].items():
        cells = [row["truth"]] + [natural[m]["per_source"][name]["estimate"] for m in ("cc", "sacc", "pacc", "em")]
        text = "  ".join(" ".join(f"{cell[label]:.3f}" for label in classes) for cell in cells)
        print(f"  {name[:34]:<34} {text}")
    for method in ("sacc", "cc", "pacc", "em"):
        share, pairs = coverage(labels, probabilities, classes, sources, method)
        print(f"95 % intervals holding the true share ({method}): {share:.2f} of {pairs} (source, label) pairs")
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
