"""Speed and memory of the whole jobclass process against a TF-IDF pipeline and the I/O floor.

Prints, for the shared postings repeated to about 50,000 rows (each whole process run --runs times,
the fastest run counting, as this machine's speed drifts; nothing polls a timed run, and peak
memory comes from one more run that does):
  * postings/s and peak memory (PSS summed over the process tree, so pages that forked workers share
    count once) of `jobclass classify`
    (--jobs 1 and all cores), of a plain TfidfVectorizer + LogisticRegression pipeline classifying
    the same file, and of the I/O floor (pandas reading the file and writing one column);
  * extraction alone on one core; `jobclass --help`; classifying one posting from cold;
    training on the shared postings.

Run: python benchmarks/throughput.py [--rows 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _shared import POSTINGS, require  # noqa: E402

GOALS = {
    "vs_tfidf": 8.0,
    "vs_io_floor": 3.0,
    "extraction": 10_000,
    "help": 0.3,
    "cold": 1.5,
    "train": 60.0,
}


def _memory(process: psutil.Process) -> int:
    """Proportional set size (pages shared between forked workers counted once), else resident size."""
    try:
        return process.memory_full_info().pss
    except (psutil.AccessDenied, AttributeError):
        return process.memory_info().rss


def measure(command: list[str], *, environment: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds, peak memory in MB of the whole process tree, exit code) of a command.

    Polling the tree's memory costs CPU (the kernel walks each process's page tables), on a
    two-core machine enough to slow the measured command by 7-16 %: time it with :func:`timed`.
    """
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(_memory(item) for item in tree if item.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        print(process.stderr.read().decode(errors="replace")[-2000:])
    return elapsed, peak / 1e6, process.returncode


def timed(command: list[str]) -> tuple[float, float]:
    """(seconds, peak resident MB of its largest process) of a command, nothing else running beside it."""
    with tempfile.TemporaryFile() as error:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=error)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            error.seek(0)
            print(error.read().decode(errors="replace")[-2000:])
    assert code == 0, command
    return elapsed, usage.ru_maxrss / 1e3


def measure_best(command: list[str], runs: int) -> tuple[float, float]:
    """(fastest of ``runs`` timed runs in seconds, peak memory in MB of one more run that polls it):
    this machine's speed drifts from minute to minute, so one run says little."""
    seconds = min(timed(command)[0] for _ in range(runs))
    _, peak, code = measure(command)
    assert code == 0, command
    return seconds, peak


def best_of(command: list[str], runs: int = 5) -> float:
    return min(timed(command)[0] for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each whole process; the fastest counts")
    arguments = parser.parse_args()
    require(POSTINGS)
    import pandas as pd

    jobclass = shutil.which("jobclass") or sys.exit("jobclass is not installed (pip install .)")
    python = sys.executable
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory(prefix="jobclass-bench-") as folder:
        work = Path(folder)
        shared = pd.read_csv(POSTINGS)
        repeats = -(-arguments.rows // len(shared))
        big = pd.concat([shared] * repeats, ignore_index=True).iloc[: arguments.rows]
        big["id"] = range(len(big))
        source = work / "postings.csv"
        big[["id", "title", "company", "description"]].to_csv(source, index=False)
        rows = len(big)
        print(f"input: {rows} postings, {source.stat().st_size / 1e6:.0f} MB CSV")

        results: dict[str, tuple[float, float]] = {}
        runs = arguments.runs
        for jobs in ("1", "0"):
            results[f"jobclass classify --jobs {jobs if jobs != '0' else 'all'}"] = measure_best(
                [jobclass, "classify", str(source), "-o", str(work / f"out-{jobs}.csv"), "--quiet", "--jobs", jobs],
                runs,
            )

        tfidf_model = work / "tfidf.joblib"
        subprocess.run(
            [
                python,
                "-c",
                textwrap.dedent(f"""
            import joblib, pandas as pd
            from sklearn.feature_extraction.text import TfidfVectorizer
            from sklearn.linear_model import LogisticRegression
            from sklearn.pipeline import make_pipeline
            from classifier.labels import label_from_title
            frame = pd.read_csv({str(POSTINGS)!r})
            frame["label"] = frame["title"].map(label_from_title)
            frame = frame.dropna(subset=["label"])
            pipeline = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                                     LogisticRegression(C=10.0, max_iter=2000))
            joblib.dump(pipeline.fit(frame["description"], frame["label"]), {str(tfidf_model)!r})
        """),
            ],
            check=True,
        )
        results["TF-IDF + LogisticRegression"] = measure_best(
            [
                python,
                "-c",
                textwrap.dedent(f"""
            import joblib, pandas as pd
            pipeline = joblib.load({str(tfidf_model)!r})
            frame = pd.read_csv({str(source)!r})
            frame["label"] = pipeline.predict(frame["description"].fillna(""))
            frame[["id", "label"]].to_csv({str(work / "tfidf.csv")!r}, index=False)
        """),
            ],
            runs,
        )
        results["I/O floor (pandas read + write)"] = measure_best(
            [
                python,
                "-c",
                textwrap.dedent(f"""
            import pandas as pd
            frame = pd.read_csv({str(source)!r})
            frame[["id"]].to_csv({str(work / "floor.csv")!r}, index=False)
        """),
            ],
            runs,
        )

        print()
        print(f"whole process, fastest of {runs} runs (peak memory: the highest)")
        print(f"{'':<36}{'postings/s':>12}{'seconds':>10}{'peak MB':>10}")
        for name, (seconds, peak) in results.items():
            print(f"{name:<36}{rows / seconds:>12,.0f}{seconds:>10.1f}{peak:>10.0f}")
        ours = min(results["jobclass classify --jobs 1"][0], results["jobclass classify --jobs all"][0])
        tfidf = results["TF-IDF + LogisticRegression"][0]
        floor = results["I/O floor (pandas read + write)"][0]
        print()
        print(f"jobclass (best) vs TF-IDF: {tfidf / ours:.1f}x faster (goal >= {GOALS['vs_tfidf']}x)")
        print(f"jobclass (best) vs I/O floor: {ours / floor:.1f}x slower (goal <= {GOALS['vs_io_floor']}x)")

        from extraction import throughput

        print()
        print("extraction alone, one core:")
        throughput(min(rows, len(shared)), repeats=3)

        one = work / "one.txt"
        one.write_text(str(shared["description"].iloc[0]), encoding="utf-8")
        help_time = best_of([jobclass, "--help"])
        cold = best_of([jobclass, "classify", str(one)], runs=3)
        imports = best_of([python, "-c", "import pandas, sklearn.linear_model, sklearn.pipeline"], runs=3)
        print()
        print(f"jobclass --help: {help_time:.2f} s (goal < {GOALS['help']} s)")
        print(
            f"classify one posting from cold: {cold:.2f} s, {cold / imports:.2f}x importing pandas and "
            f"scikit-learn ({imports:.2f} s; goal <= {GOALS['cold']}x)"
        )
        # one process (--jobs 1): its own peak resident memory is the run's
        seconds, peak = timed([jobclass, "train", str(POSTINGS), "--model", str(work / "model.joblib"), "--include-other"])
        print(
            f"train on the shared postings (--jobs 1): {seconds:.1f} s, peak {peak:.0f} MB (goal < {GOALS['train']} s)"
        )


if __name__ == "__main__":
    main()
