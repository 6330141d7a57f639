"""Peak memory of `jobclass classify` on a big CSV (default: the shared postings repeated to about 2 GB).

Run: python benchmarks/memory.py [--gigabytes 2] [--jobs 0]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _shared import POSTINGS, require  # noqa: E402
from throughput import measure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gigabytes", type=float, default=2.0)
    parser.add_argument("--jobs", default="0")
    arguments = parser.parse_args()
    import pandas as pd

    shared = pd.read_csv(require(POSTINGS))[["id", "title", "company", "description"]]
    with tempfile.TemporaryDirectory(prefix="jobclass-memory-") as folder:
        source = Path(folder) / "big.csv"
        rows = 0
        with source.open("w", encoding="utf-8", newline="") as handle:
            header = True
            while source.stat().st_size < arguments.gigabytes * 1e9:
                shared.assign(id=range(rows, rows + len(shared))).to_csv(handle, index=False, header=header)
                handle.flush()
                rows += len(shared)
                header = False
        size = source.stat().st_size / 1e9
        jobclass = shutil.which("jobclass") or sys.exit("jobclass is not installed (pip install .)")
        seconds, peak, code = measure(
            [
                jobclass,
                "classify",
                str(source),
                "-o",
                str(Path(folder) / "out.csv"),
                "--quiet",
                "--jobs",
                arguments.jobs,
            ]
        )
        print(
            f"{rows} postings, {size:.2f} GB CSV, --jobs {arguments.jobs}: {seconds:.0f} s "
            f"({rows / seconds:,.0f} postings/s), peak memory {peak:.0f} MB (PSS of the process tree), exit {code}"
        )


if __name__ == "__main__":
    main()
