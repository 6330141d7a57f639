"""Helpers for benchmark scripts: where ../shared is, a clear exit when it is absent, and the package.

Import this before ``classifier``: the benchmarks measure the installed package (with its compiled
matcher, when it was built) and fall back to the source tree only when jobclass is not installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
try:
    import classifier  # noqa: F401
except ImportError:  # not installed: run from the source tree (the Python matcher)
    sys.path.insert(0, str(REPO))

SHARED = REPO.parent / "shared"
POSTINGS = SHARED / "data" / "remote-jobs-2024.csv.gz"
SKILLSPAN = SHARED / "skillspan"


def require(path: Path) -> Path:
    if not path.exists():
        print(f"skipped: needs {path}, which is absent (../shared is not part of the repository)")
        sys.exit(0)
    return path


#: Label mixes (data_science, ml_engineering, other) to resample held-out sources to: the three hidden
#: sites the prevalence issue names (56 % data science, 78 % ML engineering, 90 % other), then two more.
SHIFTED_MIXES = [(0.56, 0.14, 0.30), (0.10, 0.78, 0.12), (0.05, 0.05, 0.90), (0.30, 0.30, 0.40), (0.02, 0.03, 0.95)]
SHIFTED_SIZE = 2000
#: Sources with fewer postings of some label are not resampled (one posting would be copied dozens of times).
SHIFTED_MIN_ROWS = 20


def resampling_pools(labels, sources, classes) -> dict[str, dict[str, object]]:
    """The sources that can be resampled to other mixes (at least ``SHIFTED_MIN_ROWS`` postings of every
    label), in sorted order, each with the row numbers of its postings of each label."""
    import numpy as np

    pools = {}
    for name in sorted(set(sources)):
        held = sources == name
        rows = {label: np.flatnonzero(held & (labels == label)) for label in classes}
        if min(len(pool) for pool in rows.values()) >= SHIFTED_MIN_ROWS:
            pools[name] = rows
    return pools


def shifted_macro_f1(labels, probabilities, classes, sources, repeats: int = 5) -> dict[str, object]:
    """Macro-F1 of held-out predictions with each source resampled to the shifted mixes.

    Each source of :func:`resampling_pools` is drawn (with replacement, ``SHIFTED_SIZE`` postings,
    ``repeats`` times) in each mix of ``SHIFTED_MIXES``.
    Returns, per mix, the mean macro-F1 over sources and draws; the mean over the first three mixes
    (``hidden_sites``: as if each hidden site were one of ours); and ``pooled_hidden``, the macro-F1
    of the three hidden-site mixes' draws pooled as one set, and ``pooled_hidden_ece``, the
    top-label expected calibration error of those pooled draws (is the confidence honest there?).
    """
    import numpy as np
    from sklearn.metrics import f1_score

    from classifier.calibration import expected_calibration_error

    labels = np.asarray(labels, dtype=object)
    probabilities = np.asarray(probabilities)
    predicted = np.asarray(classes, dtype=object)[probabilities.argmax(axis=1)]
    pools = resampling_pools(labels, np.asarray(sources, dtype=object), classes)
    per_mix: list[list[float]] = [[] for _ in SHIFTED_MIXES]
    pooled: list[float] = []
    pooled_ece: list[float] = []
    for repeat in range(repeats):
        generator = np.random.default_rng(repeat)
        hidden_rows = []
        for position, mix in enumerate(SHIFTED_MIXES):
            for by_label in pools.values():
                rows = np.concatenate(
                    [generator.choice(by_label[label], int(SHIFTED_SIZE * share)) for label, share in zip(classes, mix)]
                )
                per_mix[position].append(float(f1_score(labels[rows], predicted[rows], average="macro")))
                if position < 3:
                    hidden_rows.append(rows)
        rows = np.concatenate(hidden_rows)
        pooled.append(float(f1_score(labels[rows], predicted[rows], average="macro")))
        pooled_ece.append(expected_calibration_error(labels[rows], probabilities[rows], classes))
    means = [float(np.mean(values)) for values in per_mix]
    return {
        "sources": list(pools),
        "mixes": {mix: value for mix, value in zip(SHIFTED_MIXES, means)},
        "hidden_sites": float(np.mean(means[:3])),
        "pooled_hidden": float(np.mean(pooled)),
        "pooled_hidden_ece": float(np.mean(pooled_ece)),
    }


def likely_mislabelled(labels, probabilities, classes):
    """Confident learning (Northcutt et al. 2021), as the postings to read were chosen: a posting's given
    label is likely wrong when another label's held-out probability reaches that label's threshold (the
    mean probability the model gives it on the postings labelled with it) and beats the given label's.
    ``probabilities``: held-out, columns in ``classes`` order. Returns a boolean mask."""
    import numpy as np

    labels = np.asarray(labels, dtype=object)
    probabilities = np.asarray(probabilities, dtype=float)
    given = np.array([list(classes).index(label) for label in labels])
    thresholds = np.array([probabilities[given == k, k].mean() for k in range(len(classes))])
    above = probabilities >= thresholds
    above[np.arange(len(labels)), given] = False
    return above.any(axis=1) & (probabilities.argmax(axis=1) != given)
