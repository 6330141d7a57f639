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
