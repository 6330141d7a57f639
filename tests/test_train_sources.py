"""Training on many files: sources kept, leave-one-source-out validation, words in explanations."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from classifier.cli import main
from classifier.model import train
from classifier.persistence import load_model
from classifier.predict import Predictor

from .conftest import make_postings


@pytest.fixture()
def three_files(tmp_path):
    paths = []
    for number, seed in enumerate((1, 2, 3)):
        frame = make_postings(per_label=12, seed=seed)
        frame["id"] = frame["id"] + f"-{number}"
        path = tmp_path / f"site-{number}.csv"
        frame.to_csv(path, index=False)
        paths.append(path)
    return paths


def test_train_reads_globs_and_keeps_each_file_as_a_source(three_files, tmp_path):
    runner = CliRunner()
    model = tmp_path / "m.joblib"
    pattern = str(tmp_path / "site-*.csv")
    result = runner.invoke(main, ["train", pattern, "--model", str(model), "--include-other", "--validate", "source"])
    assert result.exit_code == 0, result.output
    assert "Rows per source:" in result.output
    assert "Leave-one-source-out macro-F1:" in result.output
    for name in ("site-0", "site-1", "site-2"):
        assert name in result.output
    _, metadata = load_model(model)
    assert set(metadata["training_data"]["rows_per_source"]) == {"site-0", "site-1", "site-2"}
    validation = metadata["source_validation"]
    assert validation["sources"] == 3 and set(validation["per_source"]) == {"site-0", "site-1", "site-2"}
    assert all(row["postings"] == 36 for row in validation["per_source"].values())
    json.dumps(metadata)  # plain data


def test_a_source_column_wins_over_the_file_name(tmp_path):
    frame = make_postings(per_label=12, seed=4)
    frame["source"] = ["north", "south"] * (len(frame) // 2)
    path = tmp_path / "one.csv"
    frame.to_csv(path, index=False)
    trained = train(path, validate="source", include_other=True)
    assert set(trained.metadata["source_validation"]["per_source"]) == {"north", "south"}


def test_validation_by_source_needs_two_sources(tmp_path):
    path = tmp_path / "one.csv"
    make_postings(per_label=12).to_csv(path, index=False)
    arguments = ["train", str(path), "--model", str(tmp_path / "m.joblib"), "--validate", "source"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1
    assert "validation by source needs postings of two sources or more, found 1" in result.stderr


def test_several_inputs_and_a_missing_one(three_files, tmp_path):
    result = CliRunner().invoke(
        main, ["train", str(three_files[0]), str(tmp_path / "nope.csv"), "--model", str(tmp_path / "m.joblib")]
    )
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.csv'}: no such file or folder\n"


def test_explanations_show_words_and_skills_and_stay_exact(three_files, tmp_path):
    model = tmp_path / "m.joblib"
    train([str(path) for path in three_files], model, include_other=True)
    predictor = Predictor.load(model)
    text = "We are hiring. You will work with PyTorch and Kubernetes. A friendly team."
    explanation = predictor.explain(text)
    kinds = {item.kind for item in explanation.contributions}
    assert kinds == {"skill", "word"}
    total = explanation.intercept + sum(item.contribution for item in explanation.contributions)
    assert total == pytest.approx(predictor.decision_score(text, explanation.label), abs=1e-9)
    words = [item for item in explanation.contributions if item.kind == "word"]
    assert all(item.feature.startswith('"') and item.category == "word" for item in words)
    result = CliRunner().invoke(main, ["explain", text, "--model", str(model), "--top", "30"])
    assert result.exit_code == 0, result.output
    assert "skill or word" in result.output and '"hiring"' in result.output


def test_role_names_can_be_masked_in_training(tmp_path):
    paths = []
    for number in range(3):
        frame = make_postings(per_label=12, seed=number)
        frame["description"] = frame["description"] + " Apply to join us as a data scientist."
        paths.append(tmp_path / f"s{number}.csv")
        frame.to_csv(paths[-1], index=False)
    masked = train(paths, include_other=True, mask_role_names=True)
    kept = train(paths, include_other=True)
    assert "data scientist" not in set(masked.pipeline.named_steps["features"].term_names_)
    assert "data scientist" in set(kept.pipeline.named_steps["features"].term_names_)
    assert masked.metadata["hyperparameters"]["role_names_masked_in_training"] is True
    assert kept.metadata["hyperparameters"]["role_names_masked_in_training"] is False


def test_trained_and_shipped_models_record_the_length_exponent(tmp_path):
    from classifier import Predictor
    from classifier.model import DEFAULT_LENGTH_EXPONENT

    path = tmp_path / "postings.csv"
    make_postings(per_label=12, seed=1).to_csv(path, index=False)
    trained = train([path], include_other=True)
    features = trained.pipeline.named_steps["features"]
    assert features.length_exponent == DEFAULT_LENGTH_EXPONENT == 0.5
    assert trained.metadata["hyperparameters"]["length_exponent"] == 0.5
    assert "** 0.5" in trained.metadata["hyperparameters"]["features"]
    assert features.word_l1_scale_ > 1.0 and features.skill_l1_scale_ > 1.0  # a row's typical L1 norm
    shipped = Predictor.load().pipeline.named_steps["features"]
    assert shipped.length_exponent == 0.5
    skills_only = train([path], include_other=True, words=False)  # train --skills-only
    assert skills_only.pipeline.named_steps["features"].skill_l1_scale_ > 1.0
