"""Saving and safely loading models."""

from __future__ import annotations

import gzip
import os
import pickle

import joblib
import pytest

from classifier.errors import ModelError
from classifier.persistence import FORMAT, load_model, save_model
from classifier.predict import Predictor


class _RunsACommand:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_round_trip_keeps_predictions_and_metadata(trained_model, tmp_path):
    predictor = Predictor.load(trained_model)
    texts = ["PyTorch, Docker and Kubernetes in production", "A/B testing, SQL and Tableau dashboards"]
    copy = tmp_path / "copy.joblib"
    save_model(copy, predictor.pipeline, predictor.metadata)
    again = Predictor.load(copy)
    assert again.predict(texts) == predictor.predict(texts)
    assert (again.predict_proba(texts).to_numpy() == predictor.predict_proba(texts).to_numpy()).all()
    meta = again.metadata
    for key in (
        "labels",
        "jobclass_version",
        "sklearn_version",
        "taxonomy_sha256",
        "training_data",
        "cross_validation",
        "created",
    ):
        assert key in meta
    assert meta["training_data"]["rows_per_label"] == {"data_science": 30, "ml_engineering": 30, "other": 30}
    assert len(meta["training_data"]["sha256"]) == 64


def test_loading_never_runs_code_from_the_file(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.joblib"
    joblib.dump({"format": FORMAT, "format_version": 1, "metadata": {}, "pipeline": _RunsACommand(str(marker))}, path)
    with pytest.raises(ModelError) as error:
        load_model(path)
    assert not marker.exists()
    assert (
        str(error.value)
        == f"{path}: refused, not a safe jobclass model (it names posix.system, which a jobclass model never contains)"
    )


def test_plain_pickle_with_code_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pkl"
    path.write_bytes(pickle.dumps(_RunsACommand(str(marker))))
    with pytest.raises(ModelError, match="refused, not a safe jobclass model"):
        load_model(path)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file, not a jobclass model"),
        (b"hello, I am a text file\n", "not a readable jobclass model"),
        (gzip.compress(b"not a pickle"), "not a readable jobclass model"),
    ],
)
def test_foreign_and_corrupt_files_are_refused(tmp_path, content, message):
    path = tmp_path / "model.joblib"
    path.write_bytes(content)
    with pytest.raises(ModelError) as error:
        load_model(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_truncated_model_is_refused(trained_model, tmp_path):
    data = trained_model.read_bytes()
    path = tmp_path / "truncated.joblib"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="not a readable jobclass model"):
        load_model(path)


def test_joblib_of_another_object_is_refused(tmp_path):
    path = tmp_path / "other.joblib"
    joblib.dump({"weights": [1, 2, 3]}, path)
    with pytest.raises(ModelError, match="not a jobclass model"):
        load_model(path)


def test_incompatible_format_version_is_refused(trained_model, tmp_path):
    pipeline, metadata = load_model(trained_model)
    path = tmp_path / "future.joblib"
    joblib.dump({"format": FORMAT, "format_version": 99, "metadata": metadata, "pipeline": pipeline}, path)
    with pytest.raises(ModelError, match="written in model format 99"):
        load_model(path)


def test_incompatible_sklearn_is_refused(trained_model, tmp_path):
    pipeline, metadata = load_model(trained_model)
    path = tmp_path / "old.joblib"
    save_model(path, pipeline, {**metadata, "sklearn_version": "0.24.2"})
    with pytest.raises(ModelError, match="trained with scikit-learn 0.24.2"):
        load_model(path)


def test_missing_model(tmp_path):
    with pytest.raises(ModelError, match="model file not found"):
        load_model(tmp_path / "nope.joblib")


def test_failed_save_leaves_existing_file_intact(trained_model, tmp_path):
    path = tmp_path / "model.joblib"
    path.write_bytes(trained_model.read_bytes())
    before = path.read_bytes()

    class Unpicklable:
        def __reduce__(self):
            raise RuntimeError("cannot pickle")

    with pytest.raises(RuntimeError):
        save_model(path, Unpicklable(), {})
    assert path.read_bytes() == before
    assert [item.name for item in tmp_path.iterdir()] == ["model.joblib"]


def test_saved_files_get_the_usual_permissions(trained_model, tmp_path):
    import stat

    from classifier.postings import default_file_mode

    pipeline, metadata = load_model(trained_model)
    path = save_model(tmp_path / "model.joblib", pipeline, metadata)
    assert stat.S_IMODE(path.stat().st_mode) == default_file_mode()
