"""The jobclass command line through click's CliRunner: output, exit codes and exact error text."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from classifier import __version__
from classifier.cli import main

from .conftest import SAMPLE


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_every_command_has_help_with_an_example(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in main.commands:
        result = runner.invoke(main, [command, "-h"])
        assert result.exit_code == 0, command
        assert "Example" in result.output, command
        assert "%%" not in result.output, command  # click prints help text as written: no %-escapes


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"jobclass, version {__version__}\n"


def test_train_then_classify_end_to_end(runner, postings_csv, tmp_path):
    model = tmp_path / "model.joblib"
    result = runner.invoke(main, ["train", str(postings_csv), "--model", str(model), "--include-other"])
    assert result.exit_code == 0, result.output
    assert "Rows per label:" in result.output
    assert "data_science         30" in result.output
    assert "Cross-validated macro-F1:" in result.output
    assert "Top skills per label:" in result.output
    assert model.exists()

    output = tmp_path / "out.csv"
    result = runner.invoke(main, ["classify", str(postings_csv), "--model", str(model), "--output", str(output)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(output)
    source = pd.read_csv(postings_csv)
    assert list(frame["id"]) == list(source["id"])
    accuracy = (frame["label"] == source["id"].str.rsplit("-", n=1).str[0]).mean()
    assert accuracy > 0.9
    assert "90 postings:" in result.stderr


def test_classify_default_model_prints_a_table(runner):
    result = runner.invoke(main, ["classify", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "label", "confidence", "skills", "status"]
    assert len(lines) == 1 + len(pd.read_csv(str(SAMPLE)))


def test_classify_jsonl_txt_folder_and_stdin(runner, trained_model, tmp_path):
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(
        json.dumps({"id": 7, "text": "PyTorch and Kubernetes"})
        + "\nnot json\n"
        + json.dumps({"id": 9, "text": ""})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["classify", str(jsonl), "-m", str(trained_model), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["id"] for row in rows] == [7, None, 9]
    assert rows[0]["label"] == "ml_engineering"
    assert rows[1]["status"] == "malformed row: line 2 is not JSON"
    assert rows[2]["status"] == "empty text"

    single = tmp_path / "one.txt"
    single.write_text("Tableau dashboards, SQL and A/B testing", encoding="utf-8")
    result = runner.invoke(main, ["classify", str(single), "-m", str(trained_model)])
    assert result.exit_code == 0
    assert "data_science" in result.stdout

    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "b.txt").write_text("React and CSS with Figma", encoding="utf-8")
    (folder / "a.txt").write_text("Docker and MLOps and PyTorch", encoding="utf-8")
    out = tmp_path / "folder.csv"
    result = runner.invoke(main, ["classify", str(folder), "-m", str(trained_model), "-o", str(out)])
    assert result.exit_code == 0
    assert list(pd.read_csv(out)["id"]) == ["a", "b"]

    result = runner.invoke(main, ["classify", "-", "-m", str(trained_model)], input="statistics, R and SQL dashboards")
    assert result.exit_code == 0
    assert "data_science" in result.stdout


def test_classify_explain_and_min_confidence(runner, trained_model, tmp_path):
    out = tmp_path / "out.csv"
    result = runner.invoke(
        main,
        [
            "classify",
            str(SAMPLE),
            "-m",
            str(trained_model),
            "-o",
            str(out),
            "--explain",
            "2",
            "--min-confidence",
            "0.999",
        ],
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, keep_default_na=False)
    assert "explanation" in frame
    assert "uncertain" in set(frame["label"])


def test_skills_command(runner, tmp_path):
    result = runner.invoke(main, ["skills", "Python3, sklearn and k8s; R&D"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["skill", "category", "start", "end", "text"]
    assert lines[1].split() == ["Python", "language", "0", "7", "Python3"]
    assert len(lines) == 4

    posting = tmp_path / "p.txt"
    posting.write_text("We use GCP", encoding="utf-8")
    result = runner.invoke(main, ["skills", str(posting), "--json"])
    found = json.loads(result.stdout)
    assert {key: found[key] for key in ("name", "category", "kind", "start", "end", "text")} == {
        "name": "Google Cloud",
        "category": "platform",
        "kind": "skill",
        "start": 7,
        "end": 10,
        "text": "GCP",
    }
    assert {"esco_uri", "onet_commodity_code", "onet_example"} <= set(found)

    result = runner.invoke(main, ["skills", "nothing to see"])
    assert result.exit_code == 0
    assert result.stderr == "No known skill found.\n"


def test_skills_with_user_taxonomy(runner, tmp_path):
    taxonomy = tmp_path / "mine.toml"
    taxonomy.write_text('[tool]\nAcmeFlow = ["acme flow"]\n', encoding="utf-8")
    result = runner.invoke(main, ["skills", "acme flow", "--taxonomy", str(taxonomy), "--json"])
    assert json.loads(result.stdout)["name"] == "AcmeFlow"


# -- errors: one line, exit 1 for bad data, 2 for bad usage ----------------------------------------


def test_missing_input_file(runner):
    result = runner.invoke(main, ["classify", "nope.csv"])
    assert result.exit_code == 1
    assert result.stderr == "Error: nope.csv: no such file or folder\n"


def test_missing_text_column(runner, tmp_path, trained_model):
    path = tmp_path / "x.csv"
    path.write_text("id,body_text\n1,hello\n", encoding="utf-8")
    result = runner.invoke(main, ["classify", str(path), "-m", str(trained_model)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: no text column found (looked for description, job_description, jobdescription, posting, "
        "text, body, content, job_text; columns: id, body_text); name it with --text-column\n"
    )
    result = runner.invoke(main, ["classify", str(path), "-m", str(trained_model), "--text-column", "body_text"])
    assert result.exit_code == 0


def test_named_text_column_missing(runner, tmp_path, trained_model):
    path = tmp_path / "x.csv"
    path.write_text("id,description\n1,hello\n", encoding="utf-8")
    result = runner.invoke(main, ["classify", str(path), "-m", str(trained_model), "--text-column", "body"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: no column 'body' (columns: id, description)\n"


def test_unknown_input_format(runner, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK")
    result = runner.invoke(main, ["classify", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: not an Excel workbook by its content; if it is CSV, name it .csv")


def test_bad_model_file(runner, tmp_path):
    model = tmp_path / "m.joblib"
    model.write_text("not a model", encoding="utf-8")
    result = runner.invoke(main, ["classify", str(SAMPLE), "-m", str(model)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {model}: not a readable jobclass model")
    assert result.stderr.count("\n") == 1


def test_bad_usage_exits_2(runner):
    result = runner.invoke(main, ["classify"])
    assert result.exit_code == 2
    assert "Missing argument 'INPUT'" in result.stderr
    result = runner.invoke(main, ["classify", str(SAMPLE), "--min-confidence", "2"])
    assert result.exit_code == 2
    result = runner.invoke(main, ["train", "x.csv"])
    assert result.exit_code == 2
    assert "Missing option '--model'" in result.stderr


def test_train_refuses_unlearnable_data(runner, tmp_path):
    path = tmp_path / "few.csv"
    rows = ["title,description"] + ["Data Scientist,SQL and statistics"] * 6 + ["ML Engineer,PyTorch and Docker"] * 2
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["train", str(path), "--model", str(tmp_path / "m.joblib")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: label 'ml_engineering' has 2 posting(s); each label needs at least 5\n"

    path.write_text("title,description\n" + "Data Scientist,SQL\n" * 8, encoding="utf-8")
    result = runner.invoke(main, ["train", str(path), "--model", str(tmp_path / "m.joblib")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: need postings of at least two labels to train, found data_science (8)\n"
    assert not (tmp_path / "m.joblib").exists()


def test_train_without_title_or_label(runner, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,description\n1,SQL\n", encoding="utf-8")
    result = runner.invoke(main, ["train", str(path), "--model", str(tmp_path / "m.joblib")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: no label column and no title column to derive labels from "
        "(name one with --label-column or --title-column)\n"
    )


def test_train_with_label_column(runner, postings_frame, tmp_path):
    frame = postings_frame.assign(label=postings_frame["id"].str.rsplit("-", n=1).str[0]).drop(columns=["title"])
    path = tmp_path / "labelled.jsonl"
    frame.to_json(path, orient="records", lines=True)
    result = runner.invoke(main, ["train", str(path), "--model", str(tmp_path / "m.joblib")])
    assert result.exit_code == 0, result.output
    assert "labels from column 'label'" in result.output
    assert "other                30" in result.output


def test_train_without_text_column(runner, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("title,notes\nData Scientist,SQL\n", encoding="utf-8")
    result = runner.invoke(main, ["train", str(path), "--model", str(tmp_path / "m.joblib")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: no text column found (looked for description, job_description, jobdescription, posting, "
        "text, body, content, job_text; columns: title, notes); name it with --text-column\n"
    )
