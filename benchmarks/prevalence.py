"""Prevalence: each method's label shares against the truth on sites the model never saw, and its intervals.

Leave one source out over the 13 shared files (three labels, the default model's settings): every
posting gets probabilities from a model trained without its source (the CPU-heavy part: computed
once and kept under --cache, keyed by the data files, the training code and settings, so a changed
model or rule simply recomputes). Then, for each source, every method is fitted on the held-out
probabilities of the *other* sources (``PrevalenceCalibration.fit``, as a model trained without the
site would keep them) and estimates:

  * the source as it is (natural mix; 13 sources);
  * QuaPy's artificial-prevalence protocol (APP): each source with >= 20 postings of every label
    resampled to every mix on a 0.1 grid (66 mixes, 500 postings each);
  * the three hidden sites' mixes (56 % data science, 78 % ML engineering, 90 % other), 500 postings
    each, for the issue's 9 cells per source.

Methods: QuaPy's CC, PCC, ACC, PACC, EMQ_BCTS, HDy, KDEy-ML and median sweep (classifier.quantify),
and jobclass's own EM and shrunk adjusted count (classifier.prevalence). Printed: mean absolute error
per method (natural, APP, hidden-site mixes), the method picked (least APP error among those whose
200-pass interval takes at most a minute on all 46,000 postings), and the share of
cells whose truth lies inside the stated 95 % interval (``estimate_prevalence``: bootstrap over
postings and over the calibration sample, widened by the held-out-source error).

Run: python benchmarks/prevalence.py [--cache DIR] [--bootstrap 50]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from _shared import SHARED, SHIFTED_MIN_ROWS, require

from classifier.config import DEFAULT_CLASS_WEIGHT
from classifier.model import DEFAULT_C, _out_of_fold, build_pipeline, class_weights, prepare_training_data
from classifier.postings import expand_inputs, read_many
from classifier.prevalence import (
    METHOD_NAMES,
    PrevalenceCalibration,
    PrevalenceOptions,
    estimate,
    estimate_prevalence,
)
from classifier.quantify import QUAPY_METHOD_NAMES, QUAPY_METHODS, fit_quantifier

#: What the held-out probabilities depend on besides the data files: the training code, taxonomy and title rules.
_TRAINING_FILES = (
    "model.py", "featurecore.py", "features.py", "skills.py", "text.py", "labels.py", "taxonomy.py",
    "skills.toml", "title_rules.toml", "_native.c",
)  # fmt: skip


def _cache_key() -> str:
    """A digest of everything the held-out probabilities depend on: a changed file, setting or rule gives a new key."""
    import hashlib

    import classifier

    digest = hashlib.sha256()
    for path in sorted((SHARED / "data").glob("*.csv.gz")):
        digest.update(f"{path.name} {path.stat().st_size} {path.stat().st_mtime_ns}\n".encode())
    package = Path(classifier.__file__).resolve().parent
    for name in _TRAINING_FILES:
        if (package / name).exists():
            digest.update(name.encode() + (package / name).read_bytes())
    digest.update(f"C={DEFAULT_C} weights={DEFAULT_CLASS_WEIGHT}".encode())
    return digest.hexdigest()[:16]


def held_out_probabilities(cache: Path | None = None):
    """Each shared posting's label, source, and probabilities from a model trained without its source.

    The CPU-heavy part (13 fits over ~47,000 postings): kept in ``cache`` (a folder) under a key
    of the data files, training code and settings, and reused while none of them changes.
    """
    target = cache / f"held-out-{_cache_key()}.npz" if cache is not None else None
    if target is not None and target.exists():
        stored = np.load(target, allow_pickle=False)
        return (
            stored["labels"].astype(object),
            stored["probabilities"],
            [str(c) for c in stored["classes"]],
            stored["sources"].astype(object),
        )
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
    labels = np.asarray(data.labels, dtype=object)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial.npz")
        np.savez_compressed(
            partial, labels=labels.astype(str), probabilities=probabilities, classes=np.asarray(classes, dtype=str),
            sources=sources.astype(str),
        )  # fmt: skip
        partial.replace(target)
    return labels, probabilities, classes, sources


#: Mixes of the three hidden sites the issue names (data_science, ml_engineering, other).
HIDDEN_MIXES = ((0.56, 0.14, 0.30), (0.10, 0.78, 0.12), (0.05, 0.05, 0.90))
SAMPLE_SIZE = 500
#: Our own methods compared beside QuaPy's (QuaPy's cc, pcc, acc, pacc stand for ours of those names).
OURS = ("em", "sacc")
#: A natural source's postings the methods estimate at most (a random sample of a larger one).
NATURAL_ROWS = 1000
#: The methods whose intervals are checked (each interval costs a bootstrap).
COVERED = ("cc", "sacc", "pacc", "hdy", "kdey_ml", "ms")


def app_mixes(step: float = 0.1) -> list[np.ndarray]:
    """Every mix of three labels on a grid of ``step`` (QuaPy's APP grid): 66 mixes at 0.1."""
    points = round(1 / step)
    return [np.array(p) / points for p in itertools.product(range(points + 1), repeat=3) if sum(p) == points]


def draw(pools, classes, mix, size, generator) -> tuple[np.ndarray, np.ndarray]:
    counts = generator.multinomial(size, mix)
    rows = np.concatenate([generator.choice(pools[c], k, replace=True) for c, k in zip(classes, counts)])
    return rows, counts / size


def run(labels, probabilities, classes, sources, bootstrap: int):
    names = sorted(set(sources))
    methods = QUAPY_METHODS + OURS
    errors = {kind: {m: [] for m in methods} for kind in ("natural", "app", "hidden")}
    covered = {kind: {m: [] for m in COVERED} for kind in ("natural", "app", "hidden")}
    generator = np.random.default_rng(0)
    grid = app_mixes()
    for name in names:
        started = time.perf_counter()
        held, rest = np.flatnonzero(sources == name), np.flatnonzero(sources != name)
        calibration = PrevalenceCalibration.fit(
            labels[rest], probabilities[rest], classes, split="other sources", sources=sources[rest]
        )
        sample = np.asarray(calibration.sample_labels, dtype=object)
        fitted = {m: fit_quantifier(m, calibration.sample_probabilities, sample, classes) for m in QUAPY_METHODS}

        def shares(method, rows, calibration=calibration, fitted=fitted):
            if method in OURS:
                return estimate(probabilities[rows], calibration, method)
            return fitted[method].quantify(probabilities[rows])

        def score(kind, rows, truth, with_intervals, calibration=calibration):
            for method in methods:
                errors[kind][method].append(float(np.abs(shares(method, rows) - truth).mean()))
            if not with_intervals:
                return
            for method in covered[kind]:
                result = estimate_prevalence(
                    probabilities[rows], calibration, PrevalenceOptions(method, bootstrap=bootstrap, min_postings=0)
                )
                covered[kind][method] += [
                    result.shares[c].low - 1e-9 <= t <= result.shares[c].high + 1e-9 for c, t in zip(classes, truth)
                ]

        truth = np.array([(labels[held] == c).mean() for c in classes])
        natural = held if len(held) <= NATURAL_ROWS else generator.choice(held, NATURAL_ROWS, replace=False)
        score("natural", natural, truth, True)
        pools = {c: held[labels[held] == c] for c in classes}
        resampled = min(len(pool) for pool in pools.values()) >= SHIFTED_MIN_ROWS
        if resampled:
            for number, mix in enumerate(grid):
                rows, truth = draw(pools, classes, mix, SAMPLE_SIZE, generator)
                score("app", rows, truth, number % 11 == 0)
            for mix in HIDDEN_MIXES:
                rows, truth = draw(pools, classes, mix, SAMPLE_SIZE, generator)
                score("hidden", rows, truth, True)
        print(
            f"  {name:<34} {len(held):>6} postings{'  (resampled)' if resampled else ''}  {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    return errors, covered


#: The command's bootstrap passes, and the most seconds they may take on all the shared postings for a default.
DEFAULT_BOOTSTRAP = 200
PRACTICAL_SECONDS = 60


def bootstrap_seconds(labels, probabilities, classes) -> dict[str, float]:
    """Seconds one estimate of every posting takes, per QuaPy method (fitted on a calibration sample of all)."""
    calibration = PrevalenceCalibration.fit(labels, probabilities, classes, split="all")
    sample = np.asarray(calibration.sample_labels, dtype=object)
    seconds = {}
    for method in QUAPY_METHODS:
        fitted = fit_quantifier(method, calibration.sample_probabilities, sample, classes)
        started = time.perf_counter()
        fitted.quantify(probabilities)
        seconds[method] = time.perf_counter() - started
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path.home() / ".cache" / "jobclass-benchmarks",
        help="folder for the held-out probabilities (reused while data, code and settings stay)",
    )
    parser.add_argument("--bootstrap", type=int, default=30, help="bootstrap resamples per interval")
    arguments = parser.parse_args()
    require(SHARED / "data")
    warnings.simplefilter("ignore")  # QuaPy's convergence notes
    started = time.perf_counter()
    labels, probabilities, classes, sources = held_out_probabilities(arguments.cache)
    print(
        f"{len(labels)} postings, {len(set(sources))} sources, held-out probabilities in {time.perf_counter() - started:.0f} s"
    )
    errors, covered = run(labels, probabilities, classes, sources, arguments.bootstrap)
    names = {**{m: QUAPY_METHOD_NAMES[m] for m in QUAPY_METHODS}, **{m: f"{METHOD_NAMES[m]} (jobclass)" for m in OURS}}
    counts = {kind: len(next(iter(values.values()))) for kind, values in errors.items()}
    print()
    print(
        f"mean absolute error of the label shares, each source held out ({counts['natural']} natural sources, "
        f"{counts['app']} APP samples, {counts['hidden']} hidden-site mixes of {SAMPLE_SIZE} postings)"
    )
    print(f"| {'method':<48} | {'natural':>8} | {'APP':>8} | {'hidden-site mixes':>17} |")
    print(f"|{'-' * 50}|{'-' * 10}:|{'-' * 10}:|{'-' * 19}:|")
    for method in errors["app"]:
        cells = [np.mean(errors[kind][method]) for kind in ("natural", "app", "hidden")]
        print(f"| {names[method] + ' ' + method:<48} | {cells[0]:>8.4f} | {cells[1]:>8.4f} | {cells[2]:>17.4f} |")
    seconds = bootstrap_seconds(labels, probabilities, classes)
    print()
    print(
        f"seconds for one estimate of all {len(labels):,} postings, and for the {DEFAULT_BOOTSTRAP} bootstrap passes of an interval:"
    )
    print("  " + ", ".join(f"{m} {one:.2f} s ({one * DEFAULT_BOOTSTRAP:.0f} s)" for m, one in seconds.items()))
    practical = [m for m in errors["app"] if seconds.get(m, 0.0) * DEFAULT_BOOTSTRAP <= PRACTICAL_SECONDS]
    picked = min(practical, key=lambda m: np.mean(errors["app"][m]))
    counted = {kind: np.mean(errors[kind]["cc"]) for kind in errors}
    print(
        f"picked (least APP error of the methods whose {DEFAULT_BOOTSTRAP}-pass interval takes <= {PRACTICAL_SECONDS} s "
        f"on all postings): {picked}; against classify and count: "
        + ", ".join(f"{kind} {np.mean(errors[kind][picked]):.4f} vs {counted[kind]:.4f}" for kind in errors)
    )
    print()
    print("95 % intervals holding the true share (estimate_prevalence: bootstrap over postings and calibration sample,")
    print("widened by the held-out-source error), share of (sample, label) cells:")
    print(f"| {'method':<10} | {'natural':>14} | {'APP (every 11th)':>16} | {'hidden-site mixes':>18} |")
    print(f"|{'-' * 12}|{'-' * 15}:|{'-' * 17}:|{'-' * 19}:|")
    for method in covered["app"]:
        cells = [
            f"{np.mean(covered[k][method]):.3f} of {len(covered[k][method])}" for k in ("natural", "app", "hidden")
        ]
        print(f"| {method:<10} | {cells[0]:>14} | {cells[1]:>16} | {cells[2]:>18} |")
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
