"""Helpers for benchmark scripts: where ../shared is, and a clear exit when it is absent."""

from __future__ import annotations

import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
POSTINGS = SHARED / "data" / "remote-jobs-2024.csv.gz"
SKILLSPAN = SHARED / "skillspan"


def require(path: Path) -> Path:
    if not path.exists():
        print(f"skipped: needs {path}, which is absent (../shared is not part of the repository)")
        sys.exit(0)
    return path
