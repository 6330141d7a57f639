"""Streaming and parallel classification give the same rows as one process, in order."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from classifier.classify import classify_file, resolve_jobs
from classifier.cli import main

from .conftest import make_postings


@pytest.fixture(scope="module")
def many_postings(tmp_path_factory) -> str:
    frame = make_postings(per_label=120, seed=3)
    frame.loc[5, "description"] = ""
    frame.loc[7, "description"] = "no skills here at all"
    path = tmp_path_factory.mktemp("scale") / "many.csv"
    frame.to_csv(path, index=False)
    return str(path)


def test_jobs_and_chunk_sizes_give_identical_results(trained_model, many_postings, tmp_path):
    reference = tmp_path / "one.csv"
    classify_file(many_postings, reference, model=trained_model, jobs=1, chunk_size=10_000)
    expected = pd.read_csv(reference, keep_default_na=False, dtype=str)
    assert len(expected) == 360
    for jobs, chunk_size in ((1, 7), (2, 50), (2, 1000), (3, 1)):
        out = tmp_path / f"out-{jobs}-{chunk_size}.csv"
        report = classify_file(many_postings, out, model=trained_model, jobs=jobs, chunk_size=chunk_size)
        assert report.rows == 360
        pd.testing.assert_frame_equal(pd.read_csv(out, keep_default_na=False, dtype=str), expected)


def test_progress_is_reported_per_chunk(trained_model, many_postings):
    seen: list[tuple[int, int]] = []
    classify_file(
        many_postings, None, model=trained_model, chunk_size=100, on_progress=lambda d, t: seen.append((d, t))
    )
    assert len(seen) == 4
    assert seen[-1][0] == seen[-1][1] > 0
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_cli_is_silent_on_stderr_when_not_a_terminal(trained_model, many_postings, tmp_path):
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        main, ["classify", many_postings, "-m", str(trained_model), "-o", str(out), "--jobs", "2", "--quiet"]
    )
    assert result.exit_code == 0
    assert result.stderr == ""
    result = CliRunner().invoke(main, ["classify", many_postings, "-m", str(trained_model), "-o", str(out)])
    assert result.stderr.startswith("360 postings:")  # the summary only, no progress bar


def test_resolve_jobs_never_exceeds_the_cores(monkeypatch):
    import os

    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert resolve_jobs(3) == 3
    assert resolve_jobs(1000) == resolve_jobs(100_000) == 4
    assert resolve_jobs(0) == resolve_jobs(None) == resolve_jobs(-1) == 4


def test_train_workers_never_exceed_cores_or_tasks(monkeypatch):
    import os

    from classifier.model import worker_count

    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert worker_count(1000, 5) == 4
    assert worker_count(1000, 2) == 2
    assert worker_count(0, 5) == worker_count(None, 5) == worker_count(-1, 5) == 4
    assert worker_count(1, 5) == 1
