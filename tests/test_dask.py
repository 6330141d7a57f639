"""The Dask engine: a LocalCluster with 2 workers gives the single-process result row for row."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from classifier.classify import classify_file
from classifier.cli import main

from .conftest import make_postings

pytest.importorskip("dask.distributed", reason="the dask engine needs pip install '.[dask]'")


@pytest.fixture(scope="module")
def input_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feeds")
    frame = make_postings(per_label=40, seed=5)
    for index, start in enumerate(range(0, len(frame), 50)):
        frame.iloc[start : start + 50].to_csv(folder / f"feed-{index:02d}.csv", index=False)
    return folder


def test_local_cluster_matches_single_process(trained_model, input_folder, tmp_path):
    from classifier.distributed import classify_with_dask

    out = tmp_path / "parts"
    report = classify_with_dask(str(input_folder / "*.csv"), out, model=trained_model, workers=2, chunk_size=20)
    parts = sorted(out.iterdir())
    assert [part.name for part in parts] == [f"part-{index:05d}.csv" for index in range(3)]
    distributed = pd.concat([pd.read_csv(part, keep_default_na=False, dtype=str) for part in parts], ignore_index=True)
    single = []
    for path in sorted(input_folder.glob("*.csv")):
        result = tmp_path / f"single-{path.name}"
        classify_file(path, result, model=trained_model, jobs=1)
        single.append(pd.read_csv(result, keep_default_na=False, dtype=str))
    pd.testing.assert_frame_equal(distributed, pd.concat(single, ignore_index=True))
    assert report.rows == 120


def test_cli_dask_engine_and_errors(trained_model, input_folder, tmp_path):
    runner = CliRunner()
    out = tmp_path / "labelled"
    result = runner.invoke(
        main,
        [
            "classify",
            str(input_folder / "feed-0*.csv"),
            "-m",
            str(trained_model),
            "--engine",
            "dask",
            "-o",
            str(out),
            "--jobs",
            "2",
            "--part-format",
            "jsonl",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("120 postings:")
    assert len(list(out.glob("part-*.jsonl"))) == 3

    result = runner.invoke(main, ["classify", str(input_folder), "--engine", "dask"])
    assert result.exit_code == 2
    assert "--engine dask needs --output FOLDER" in result.stderr

    result = runner.invoke(
        main, ["classify", str(input_folder / "nothing*.csv"), "--engine", "dask", "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 1
    assert result.stderr == f"Error: {input_folder / 'nothing*.csv'}: no file matches\n"

    result = runner.invoke(main, ["classify", str(input_folder), "--engine", "dask", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out}: exists and is not an empty folder; name a new output folder\n"


def test_train_cross_validation_on_dask(postings_csv, tmp_path):
    result = CliRunner().invoke(
        main, ["train", str(postings_csv), "--model", str(tmp_path / "m.joblib"), "--engine", "dask"]
    )
    assert result.exit_code == 0, result.output
    assert "Cross-validated macro-F1:" in result.output


def test_local_cluster_listens_on_loopback_and_cleans_its_scratch_space(tmp_path, monkeypatch):
    import tempfile

    from classifier.distributed import dask_client

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with dask_client(workers=1) as client:
        info = client.scheduler_info()
        assert client.scheduler.address.startswith("tcp://127.0.0.1:")
        assert all(address.startswith("tcp://127.0.0.1:") for address in info["workers"])
        assert "127.0.0.1" in client.dashboard_link
        assert any(item.name.startswith("jobclass-dask-") for item in tmp_path.iterdir())
    assert not any(item.name.startswith("jobclass-dask-") for item in tmp_path.iterdir())
