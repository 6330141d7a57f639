"""Labels read from descriptions (replacing title labels), three labels by default, --labels, and explanations
against the runner-up."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from classifier import Predictor
from classifier.cli import main
from classifier.errors import JobclassError
from classifier.labels import read_label_file
from classifier.model import prepare_training_data, train
from classifier.passages import WHOLE_TEXT_LIMIT, highlighted_passages
from tests.conftest import REPO, make_postings

READ_LABELS = REPO / "data" / "read_labels.csv"


def _frame() -> pd.DataFrame:
    frame = make_postings(per_label=10)
    frame["source"] = np.where(np.arange(len(frame)) % 2, "site-a", "site-b")
    return frame


def _write(tmp_path, text: str):
    path = tmp_path / "read.csv"
    path.write_text(text)
    return path


def test_read_labels_replace_title_labels_and_unsure_is_left_out(tmp_path):
    frame = _frame()
    first_ds, second_ds = frame.index[frame["id"].str.startswith("data_science")][:2]
    path = _write(
        tmp_path,
        "source,id,label,reader_1\n"
        f"{frame.at[first_ds, 'source']},{frame.at[first_ds, 'id']},ml_engineering,x\n"
        f"{frame.at[second_ds, 'source']},{frame.at[second_ds, 'id']},unsure,x\n"
        "site-a,not-a-posting,other,x\n",
    )
    title_only = prepare_training_data(frame, include_other=True)
    read = prepare_training_data(frame, include_other=True, read_labels=path)
    assert len(read.labels) == len(title_only.labels) - 1
    assert read.rows_left_out["read as unsure (the description supports two labels)"] == 1
    assert "2 replaced by labels read from the descriptions" in read.label_source
    position = list(read.row_index).index(first_ds)
    assert read.labels[position] == "ml_engineering"
    assert (pd.Series(read.labels).value_counts() - pd.Series(title_only.labels).value_counts()).to_dict() == {
        "data_science": -2,
        "ml_engineering": 1,
        "other": 0,
    }


def test_read_labels_may_name_postings_by_the_digest_of_their_ids(tmp_path):
    from classifier.labels import id_digest

    frame = _frame()
    path = _write(tmp_path, f"source,id_sha256,label\n{frame.at[0, 'source']},{id_digest(frame.at[0, 'id'])},other\n")
    assert read_label_file(path) == {(frame.at[0, "source"], id_digest(frame.at[0, "id"])): "other"}
    read = prepare_training_data(frame, include_other=True, read_labels=path)
    assert read.labels[list(read.row_index).index(0)] == "other"
    assert "1 replaced by labels read from the descriptions" in read.label_source


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source,id\nsite-a,1\n", "read labels need the columns source, id, label; missing label"),
        ("source,id,label\nsite-a,1,chef\n", "line 2: label 'chef' is not one of"),
        ("source,id,label\nsite-a,1,other\nsite-a,1,other\n", "posting '1' of source 'site-a' is listed twice"),
    ],
)
def test_bad_read_label_files_are_named(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(JobclassError, match=message) as caught:
        read_label_file(path)
    assert str(caught.value).startswith(str(path))


def test_read_labels_need_ids_and_sources(tmp_path):
    path = _write(tmp_path, "source,id,label\nsite-a,1,other\n")
    with pytest.raises(JobclassError, match="matched by source and id, and the postings have no id column"):
        prepare_training_data(_frame().drop(columns="id"), read_labels=path)


def test_three_labels_by_default_and_two_when_asked(tmp_path):
    frame = _frame()
    assert train(frame).metadata["labels"] == ["data_science", "ml_engineering", "other"]
    two = train(frame, labels=["data_science", "ml_engineering"])
    assert two.metadata["labels"] == ["data_science", "ml_engineering"]
    assert two.metadata["training_data"]["rows_left_out"] == {
        "labels not learned (learning data_science, ml_engineering)": 10
    }
    with pytest.raises(JobclassError, match="no posting to learn chef from"):
        train(frame, labels=["data_science", "chef"])


def test_train_cli_labels_and_read_labels(tmp_path):
    frame = _frame()
    postings = tmp_path / "postings.csv"
    frame.to_csv(postings, index=False)
    read = _write(tmp_path, f"source,id,label\nsite-b,{frame.at[0, 'id']},other\n")
    model = tmp_path / "m.joblib"
    result = CliRunner().invoke(
        main, ["train", str(postings), "-m", str(model), "--labels", "data_science,other", "--read-labels", str(read)]
    )
    assert result.exit_code == 0, result.output
    assert "1 replaced by labels read from the descriptions" in result.output
    assert Predictor.load(model).labels == ["data_science", "other"]
    result = CliRunner().invoke(main, ["train", str(postings), "-m", str(model), "--labels", "other"])
    assert result.exit_code == 2
    assert "name two labels or more" in result.stderr


def test_classify_labels_restricts_a_three_label_model(trained_model, tmp_path):
    predictor = Predictor.load(trained_model)
    texts = ["We ship PyTorch models with Docker.", "SQL dashboards and A/B tests.", "React and CSS."]
    full = predictor.predict_proba(texts)
    restricted = predictor.restricted_to(["data_science", "ml_engineering"])
    two = restricted.predict_proba(texts)
    assert list(two.columns) == ["data_science", "ml_engineering"]
    kept = full[["data_science", "ml_engineering"]]
    expected = kept.div(kept.sum(axis=1), axis=0).fillna(0.5)  # neither kept label possible: even
    np.testing.assert_allclose(two.to_numpy(), expected.to_numpy())
    explanation = restricted.explain(texts[0])
    assert explanation.runner_up in {"data_science", "ml_engineering"} - {explanation.label}
    with pytest.raises(JobclassError, match="unknown label"):
        predictor.restricted_to(["data_science", "chef"])

    path = tmp_path / "in.csv"
    pd.DataFrame({"description": texts}).to_csv(path, index=False)
    result = CliRunner().invoke(
        main, ["classify", str(path), "-m", str(trained_model), "--labels", "data_science,ml_engineering", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "p_other" not in result.output and " other " not in result.output
    result = CliRunner().invoke(
        main,
        ["classify", str(path), "-m", str(trained_model), "--labels", "data_science,ml_engineering", "--prior", "auto"],
    )
    assert result.exit_code == 2
    assert "--prior and --labels cannot be combined" in result.stderr


def test_explanation_against_the_runner_up_adds_up(trained_model):
    predictor = Predictor.load(trained_model)
    text = "We ship PyTorch models with Docker and Kubernetes, and run SQL reports."
    explanation = predictor.explain(text)
    ranked = sorted(explanation.probabilities, key=explanation.probabilities.get, reverse=True)
    assert explanation.runner_up == ranked[1]
    assert explanation.runner_up_score == pytest.approx(predictor.decision_score(text, explanation.runner_up))
    base_gap = explanation.intercept - explanation.runner_up_intercept
    words_gap = sum(item.contribution for item in explanation.against_runner_up)
    assert explanation.score - explanation.runner_up_score == pytest.approx(base_gap + words_gap)
    result = CliRunner().invoke(main, ["explain", text, "-m", str(trained_model)])
    assert result.exit_code == 0, result.output
    assert f"runner-up: {explanation.runner_up}, " in result.output
    assert f"against {explanation.runner_up}: " in result.output
    assert "intercept (base rate)" in result.output


def test_long_postings_are_summarised_and_not_called_short(trained_model):
    filler = "Our office has plants and a kitchen. " * 400
    text = filler + "You will deploy PyTorch models with Docker. " + filler
    assert len(text) > 10 * WHOLE_TEXT_LIMIT
    result = CliRunner().invoke(main, ["explain", text, "-m", str(trained_model)])
    assert result.exit_code == 0, result.output
    assert len(result.output) < 3000
    assert f"({len(text):,} characters; " in result.output
    assert "[PyTorch]" in result.output and "[Docker]" in result.output
    assert "short posting" not in result.output


def test_passages_keep_short_texts_whole_and_mark_every_skill():
    from classifier.skills import default_matcher

    text = "Python and SQL."
    matcher = default_matcher()
    passages = highlighted_passages(text, matcher.find(text), {"Python": 1.0, "SQL": -1.0})
    assert not passages.summarised
    assert passages.pieces == [
        [("[Python]", True, "green"), (" and ", False, None), ("[SQL]", True, "red"), (".", False, None)]
    ]


def test_the_shipped_read_labels_are_ids_and_labels_only():
    if not READ_LABELS.exists():
        pytest.skip(f"{READ_LABELS} is not in this checkout")
    frame = pd.read_csv(READ_LABELS, dtype=str, keep_default_na=False)
    assert list(frame.columns) == [
        "source",
        "id_sha256",
        "sample",
        "title_label",
        "reader_1",
        "reader_2",
        "reader_3",
        "label",
        "agreement",
    ]
    assert len(frame) >= 1500
    assert frame["source"].nunique() == 13
    assert set(frame["label"]) <= {"data_science", "ml_engineering", "other", "unsure"}
    assert frame["id_sha256"].str.fullmatch("[0-9a-f]{16}").all()  # digests of ids (some hold a title's slug)
    assert len(read_label_file(READ_LABELS)) == len(frame)
