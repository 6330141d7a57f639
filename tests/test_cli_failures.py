"""One test per failure class, through the CLI: exit code, the exact message, and no row lost."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from classifier.cli import main


@pytest.fixture()
def run(trained_model):
    runner = CliRunner()

    def invoke(*arguments: str, input: str | bytes | None = None):
        return runner.invoke(main, ["classify", *arguments, "-m", str(trained_model)], input=input)

    return invoke


def read(path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, dtype=str)


# -- records that cannot be classified keep their row -----------------------------------------------


def test_unusable_records_keep_their_rows(run, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "id,description\n"
        "1,PyTorch and Kubernetes\n"
        "2,\n"
        "3,   \n"
        "4,1234 5678 !!!\n"
        "5,too,many,fields\n"
        "6,zzxq qqzv\n"
        "7,SQL and Tableau\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = run(str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    frame = read(out)
    assert list(frame["id"]) == ["1", "2", "3", "4", "5", "6", "7"]  # a malformed row keeps its id
    assert list(frame["status"]) == [
        "ok",
        "empty text",
        "empty text",
        "text has no letters",
        "malformed row: 4 fields, header has 2 (line 6)",
        "no known skill or word in text",
        "ok",
    ]
    assert list(frame["label"] != "") == [True, False, False, False, False, False, True]
    assert result.stderr == (
        "7 postings: data_science 1, ml_engineering 1; without label: 2 empty text, 1 text has no letters, "
        f"1 malformed row: 4 fields, header has 2 (line 6), 1 no known skill or word in text. Written to {out}\n"
    )


def test_jsonl_line_that_is_not_json_or_not_an_object(run, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Docker"}\n{broken\n[1, 2]\n\n{"text": "SQL"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(str(source), "-o", str(out)).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["status"] for row in rows] == [
        "ok",
        "malformed row: line 2 is not JSON",
        "malformed row: line 3 is not a JSON object",
        "ok",
    ]


# -- input that cannot be read stops with one line, exit 1, and no output file ----------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "{path}: empty file, no postings in it"),
        ("blank.jsonl", b"  \n\n", "{path}: empty file, no postings in it"),
        (
            "binary.csv",
            bytes(range(256)) * 4,
            "{path}: binary data, not a posting file (expected .csv, .csv.gz, "
            ".tsv, .jsonl, .jsonl.gz, .parquet, .txt, a folder of .txt files, or - for stdin)",
        ),
        (
            "quote.csv",
            b'id,description\n1,"never closed\n2,more\n',
            "{path}: line 2: bad CSV (a quote opened in this record is never closed)",
        ),
        (
            "nocolumn.csv",
            b"id,foo\n1,bar\n",
            "{path}: no text column found (looked for description, "
            "job_description, jobdescription, posting, text, body, content, job_text; columns: id, foo); "
            "name it with --text-column",
        ),
        (
            "data.xlsx",
            b"PK\x03\x04",
            "{path}: not a readable Excel workbook (a damaged zip, or one without sheets)",
        ),
        ("bad.csv.gz", b"\x1f\x8b\x08\x00broken", "{path}: cannot read ("),
    ],
)
def test_unreadable_input(run, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out.csv"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: " + message.format(path=path))
    assert result.stderr.count("\n") == 1
    assert not out.exists()
    assert [item.name for item in tmp_path.iterdir()] == [name]  # no temporary file either


def test_error_after_many_rows_leaves_no_output(run, tmp_path):
    rows = "".join(f"{index},SQL and Python\n" for index in range(5000))
    path = tmp_path / "late.csv"
    path.write_text("id,description\n" + rows + '5000,"unterminated\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text("an older result\n", encoding="utf-8")
    result = run(str(path), "-o", str(out), "--chunk-size", "1000")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: line 5002: bad CSV (a quote opened in this record is never closed)\n"
    assert out.read_text(encoding="utf-8") == "an older result\n"  # the old file is untouched
    assert sorted(item.name for item in tmp_path.iterdir()) == ["late.csv", "out.csv"]


def test_missing_output_folder_is_created(run, tmp_path):
    out = tmp_path / "new" / "deeper" / "out.csv"
    source = tmp_path / "in.csv"
    source.write_text("description\nSQL\n", encoding="utf-8")
    assert run(str(source), "-o", str(out)).exit_code == 0
    assert len(read(out)) == 1


def test_output_folder_that_cannot_be_created(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    source = tmp_path / "in.csv"
    source.write_text("description\nSQL\n", encoding="utf-8")
    result = run(str(source), "-o", str(blocker / "out.csv"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {blocker / 'out.csv'}: cannot create output folder (")


def test_unknown_output_format(run, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("description\nSQL\n", encoding="utf-8")
    result = run(str(source), "-o", str(tmp_path / "out.xlsx"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'out.xlsx'}: unknown output format; use .csv, .jsonl or .parquet\n"


# -- encodings -------------------------------------------------------------------------------------


TEXT = 'id,description\n1,"Café team: Python, SQL and Tableau — naïve Bayes"\n'


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8 BOM", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
        ("utf-16 BOM", TEXT.encode("utf-16")),
        ("windows-1252", TEXT.encode("cp1252")),
        ("latin-1 CRLF", TEXT.replace("—", "-").replace("\n", "\r\n").encode("latin-1")),
    ],
)
def test_encodings_are_detected(run, tmp_path, encoding, data):
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    out = tmp_path / "out.csv"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 0, (encoding, result.output)
    frame = read(out)
    assert list(frame["id"]) == ["1"]
    assert frame.loc[0, "skills"] == "Python; SQL; Tableau"


def test_undecodable_bytes_never_crash(run, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(("id,description\n1,Python " + "x" * 70000 + "\n").encode() + b"2,SQL \xff\xfe\x81 and R\n")
    out = tmp_path / "out.csv"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 0
    assert len(read(out)) == 2


def test_explicit_encoding(run, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes("description\nSQL für Ärzte\n".encode("cp1252"))
    assert run(str(path), "--encoding", "cp1252").exit_code == 0
    result = run(str(path), "--encoding", "klingon")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: unknown encoding 'klingon'\n"


# -- size and shape --------------------------------------------------------------------------------


def test_very_long_posting_many_columns_crlf_and_html(run, tmp_path):
    html = "<html><body>" + "<div><p>We use <b>PyTorch</b> &amp; Docker.</p></div>" * 20000 + "</body></html>"
    columns = [f"extra_{index}" for index in range(300)]
    frame = pd.DataFrame(
        [
            {"id": "big", "description": html, **{c: "x" for c in columns}},
            {"id": "small", "description": "SQL", **{c: "y" for c in columns}},
        ]
    )
    path = tmp_path / "wide.csv"
    frame.to_csv(path, index=False, lineterminator="\r\n")
    assert len(html) > 1_000_000
    out = tmp_path / "out.jsonl"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["big", "small"]
    assert rows[0]["skills"] == "Docker; PyTorch"


def test_gzip_csv_input(run, tmp_path):
    path = tmp_path / "in.csv.gz"
    path.write_bytes(gzip.compress(b"id,description\n1,Kubernetes\n"))
    result = run(str(path))
    assert result.exit_code == 0
    assert "Kubernetes" in result.stdout


def test_parquet_in_and_out(run, tmp_path):
    pytest.importorskip("pyarrow", reason="Parquet needs pyarrow")
    path = tmp_path / "in.parquet"
    pd.DataFrame({"id": [1, 2], "description": ["PyTorch", ""]}).to_parquet(path)
    out = tmp_path / "out.parquet"
    assert run(str(path), "-o", str(out)).exit_code == 0
    frame = pd.read_parquet(out)
    assert list(frame["id"]) == [1, 2]
    assert list(frame["status"]) == ["ok", "empty text"]


def test_killed_run_leaves_no_output_file(trained_model, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    source = tmp_path / "big.csv"
    source.write_text("id,description\n" + "".join(f"{i},PyTorch SQL Docker Tableau\n" for i in range(200_000)))
    out = tmp_path / "out.csv"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "classifier.cli",
            "classify",
            str(source),
            "-m",
            str(trained_model),
            "-o",
            str(out),
            "--chunk-size",
            "500",
        ],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not any(item.name.endswith(".part") for item in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr  # 128 + SIGTERM, as a shell reports it (issue 35)
    assert stderr.decode().endswith("Interrupted; no partial output file was left behind.\n")
    assert sorted(item.name for item in tmp_path.iterdir()) == ["big.csv"]


def test_output_file_gets_the_usual_permissions(run, tmp_path):
    import stat

    from classifier.postings import default_file_mode

    source = tmp_path / "in.csv"
    source.write_text("description\nSQL\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run(str(source), "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == default_file_mode()
