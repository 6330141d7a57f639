"""Third round of faults (issue 35) and the reader edges of issue 32: each class through the CLI or the
library, asserting the exit code, one line, no traceback, every row accounted for, no leftovers, no hang.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.classify import classify_file
from classifier.errors import JobclassError
from classifier.postings import AtomicWriter, OutputLock, detect_separator, iter_postings
from classifier.skills import extract_skills
from tests.test_faults import _one_error_line, _run

POSTING = "We deploy PyTorch models on Kubernetes and monitor them"
OTHER = "SQL and Tableau dashboards, statistics"


def _error_line(result, code=1):
    """The one error line (notes about how the input was read may come before it)."""
    notes_left_out = result.output.strip().splitlines()
    result.output_without_notes = "\n".join(line for line in notes_left_out if not line.startswith("note:"))
    return _one_error_line(_WithoutNotes(result), code)


class _WithoutNotes:
    def __init__(self, result):
        self.exit_code, self.output = result.exit_code, result.output_without_notes


def _leftovers(folder):
    return sorted(path.name for path in folder.iterdir() if path.name.endswith((".part", ".tmp", ".check", ".lock")))


def _table(separator, header=("id", "description"), rows=((1, POSTING), (2, OTHER))):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


# -- class 3 and issue 32: dialects and encodings ---------------------------------------------------------


@pytest.mark.parametrize(("separator", "name"), [(";", "semicolon"), ("\t", "tab"), ("|", "pipe")])
def test_a_csv_separated_otherwise_is_read_with_a_note(trained_model, tmp_path, separator, name):
    path = tmp_path / "in.csv"
    path.write_text(_table(separator), encoding="utf-8")
    out = tmp_path / "out.csv"
    result = _run("classify", path, "-m", trained_model, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"note: {path}: read as {name}-separated" in result.output
    frame = pd.read_csv(out)
    assert list(frame["id"]) == [1, 2] and list(frame["status"]) == ["ok", "ok"]


def test_detect_separator_keeps_the_default_when_it_splits_the_header():
    assert detect_separator("id,description", ",") == ","
    assert detect_separator("id;description", ",") == ";"
    assert detect_separator('"a;b",c', ",") == ","  # a separator inside quotes is no separator
    assert detect_separator("description", ",") == ","
    assert detect_separator("id,description", "\t") == ","


def test_sep_chooses_and_a_wrong_sep_says_which_would_split(trained_model, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(_table(";"), encoding="utf-8")
    for choice in (";", "semicolon"):
        assert _run("classify", path, "-m", trained_model, "--sep", choice, "-q").exit_code == 0
    line = _error_line(_run("classify", path, "-m", trained_model, "--sep", ","))
    assert "looks semicolon-separated, give --sep ';'" in line
    # the column the old message suggested does not exist once the file is read right: no nonsense output
    assert "no column 'id;description'" in _error_line(
        _run("classify", path, "-m", trained_model, "--text-column", "id;description")
    )
    assert _run("classify", path, "-m", trained_model, "--sep", "ab").exit_code == 2


def test_a_file_whose_rows_never_fit_its_header_fails_and_writes_nothing(trained_model, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("description\n" + "".join(f"{i}|{POSTING}|x\n" for i in range(5)), encoding="utf-8")
    out = tmp_path / "out.csv"
    line = _error_line(_run("classify", path, "-m", trained_model, "-o", out, "--sep", "|"))
    assert "none of its 5 rows could be read" in line and "--sep" in line
    assert not out.exists() and _leftovers(tmp_path) == []


def test_standard_input_separated_by_semicolons(trained_model):
    result = _run("classify", "-", "-m", trained_model, "-q", input=_table(";"))
    assert result.exit_code == 0 and result.output.count("ok") == 2, result.output


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_a_byte_order_mark_are_detected(trained_model, tmp_path, codec):
    path = tmp_path / "in.csv"
    path.write_bytes(_table(",", rows=((1, POSTING + " café"),)).encode(codec))
    texts = [text for chunk in iter_postings(path) for text in chunk["description"]]
    assert texts == [POSTING + " café"]
    result = _run("classify", path, "-m", trained_model, "-q")
    assert result.exit_code == 0 and f"read as {codec.upper()}" in result.output


# -- issue 32: column names -------------------------------------------------------------------------------


@pytest.mark.parametrize("column", ["Job Description", "JobDescription", "job_description", " JOB DESCRIPTION "])
def test_common_column_names_are_found_and_named(trained_model, tmp_path, column):
    path = tmp_path / "in.csv"
    path.write_text(_table(",", header=("ID", "Job Title", column)[:1] + (column,)), encoding="utf-8")
    out = tmp_path / "out.csv"
    result = _run("classify", path, "-m", trained_model, "-o", out)
    assert result.exit_code == 0, result.output
    assert list(pd.read_csv(out)["status"]) == ["ok", "ok"]
    if column.strip().lower() not in ("job_description", "jobdescription"):
        assert f"note: {path}: text from column {column.strip()!r}" in result.output


def test_title_column_spelt_with_a_space_is_used(trained_model, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(_table(",", header=("Job Title", "Job Description"), rows=(("Data Scientist", OTHER),)))
    result = _run("classify", path, "-m", trained_model, "-q", "--facts")
    assert result.exit_code == 0, result.output


# -- issue 32 and class 4: spreadsheets and files under the wrong name --------------------------------------


def _workbook(path, frame):
    frame.to_excel(path, index=False, engine="openpyxl")
    return path


def test_an_excel_workbook_is_read(trained_model, tmp_path):
    pytest.importorskip("openpyxl")
    frame = pd.DataFrame({"id": [1, 2, 3], "Job Description": [POSTING, OTHER, None]})
    path = _workbook(tmp_path / "in.xlsx", frame)
    out = tmp_path / "out.csv"
    assert _run("classify", path, "-m", trained_model, "-o", out, "-q").exit_code == 0
    written = pd.read_csv(out)
    assert list(written["id"]) == [1, 2, 3] and list(written["status"])[:2] == ["ok", "ok"]


def test_a_workbook_named_csv_is_read_as_a_workbook(trained_model, tmp_path):
    pytest.importorskip("openpyxl")
    path = _workbook(tmp_path / "renamed.csv", pd.DataFrame({"description": [POSTING]}))
    result = _run("classify", path, "-m", trained_model)
    assert result.exit_code == 0 and f"note: {path}: an Excel workbook (by its content)" in result.output


def test_without_openpyxl_the_error_gives_the_install_and_the_convert_command(trained_model, tmp_path, monkeypatch):
    pytest.importorskip("openpyxl")
    path = _workbook(tmp_path / "in.xlsx", pd.DataFrame({"description": [POSTING]}))
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    line = _error_line(_run("classify", path, "-m", trained_model))
    assert "pip install 'jobclass[excel]'" in line and f"libreoffice --headless --convert-to csv {path}" in line


def test_archives_and_old_office_files_are_named_by_content(trained_model, tmp_path):
    zipped = tmp_path / "postings.csv"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("inner.csv", f"description\n{POSTING}\n")
    assert f"a zip archive holding inner.csv; unzip it first (unzip {zipped})" in _error_line(
        _run("classify", zipped, "-m", trained_model)
    )
    old = tmp_path / "old.csv"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "an old Office file (.xls or .doc)" in _error_line(_run("classify", old, "-m", trained_model))
    parquet = tmp_path / "table.csv"
    pd.DataFrame({"description": [POSTING]}).to_parquet(parquet)
    result = _run("classify", parquet, "-m", trained_model)
    assert result.exit_code == 0 and "a Parquet file (by its content)" in result.output


# -- class 5: streams and special files -----------------------------------------------------------------------


def test_a_fifo_is_read_like_standard_input(trained_model, tmp_path):
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(_table(";"), encoding="utf-8"))
    writer.start()
    result = _run("classify", fifo, "-m", trained_model, "-q")
    writer.join(10)
    assert result.exit_code == 0 and result.output.count(" ok") == 2, result.output


def test_process_substitution_of_a_gzip_file(trained_model, tmp_path):
    import gzip

    source = tmp_path / "in.csv.gz"
    source.write_bytes(gzip.compress(_table(",").encode("utf-8")))
    out = tmp_path / "out.csv"
    command = f"{sys.executable} -m classifier.cli classify <(cat {source}) -m {trained_model} -o {out} -q --prior auto"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert list(pd.read_csv(out)["status"]) == ["ok", "ok"]


# -- class 7: wrong files as a model ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (f"id,description\n1,{POSTING} secret-token-123\n".encode(), "a text file that looks like CSV"),
        (b'{"id": 1, "description": "secret-token-123"}\n', "a JSON file"),
        (b"PK\x03\x04secret-token-123", "a zip archive"),
        (b"\x00\x01\x02secret-token-123" * 3, "binary data of another kind"),
    ],
)
def test_a_wrong_file_as_model_is_named_never_quoted(posting_file, tmp_path, content, kind):
    model = tmp_path / "model.joblib"
    model.write_bytes(content)
    line = _error_line(_run("classify", posting_file, "-m", model))
    assert kind in line and "secret-token-123" not in line and len(line) - len(str(model)) < 160


@pytest.fixture()
def posting_file(tmp_path):
    path = tmp_path / "postings.csv"
    path.write_text(_table(","), encoding="utf-8")
    return path


# -- class 8: empty inputs ---------------------------------------------------------------------------------------


def test_evaluate_and_drift_on_no_or_few_postings(trained_model, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("id,title,description\n", encoding="utf-8")
    assert "no postings to evaluate" in _error_line(_run("evaluate", empty, "-m", trained_model))
    assert "no postings to compare" in _error_line(_run("drift", empty, "-m", trained_model))
    few = tmp_path / "few.csv"
    few.write_text(_table(",", rows=[(i, POSTING) for i in range(6)]), encoding="utf-8")
    result = _run("drift", few, "-m", trained_model)
    assert result.exit_code == 0 and "too few postings to judge drift (6; at least 50" in result.output


# -- class 9: numbers out of range ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "option", "value"),
    [
        ("drift", "--label-threshold", "nan"),
        ("drift", "--skill-threshold", "-0.1"),
        ("drift", "--no-skill-threshold", "inf"),
        ("classify", "--min-confidence", "1.5"),
        ("classify", "--min-confidence", "-inf"),
        ("train", "--c", "inf"),
        ("train", "--c", "0"),
    ],
)
def test_numeric_options_are_checked_while_parsing(trained_model, posting_file, tmp_path, command, option, value):
    arguments = [command, posting_file, option, value]
    arguments += ["--model", tmp_path / "m.joblib"] if command == "train" else ["-m", trained_model]
    result = _run(*arguments)
    assert result.exit_code == 2 and f"'{option}'" in result.output, result.output


@pytest.mark.parametrize("prior", ["data_science=-0.1,ml_engineering=0.5,other=0.6", "data_science=inf,other=1"])
def test_prior_shares_must_be_finite_and_not_negative(trained_model, posting_file, prior):
    result = _run("classify", posting_file, "-m", trained_model, "--prior", prior)
    assert result.exit_code == 2 and "--prior" in result.output


# -- class 2: two runs, one output ---------------------------------------------------------------------------------


def test_a_second_run_on_a_locked_output_fails_and_leaves_the_first(trained_model, posting_file, tmp_path):
    out = tmp_path / "out.csv"
    held = OutputLock(out)  # as a first run holds it
    try:
        line = _error_line(_run("classify", posting_file, "-m", trained_model, "-o", out))
        assert f"another jobclass run is writing this file (process {os.getpid()})" in line
        assert not out.exists()
    finally:
        held.release()
    assert _run("classify", posting_file, "-m", trained_model, "-o", out, "-q").exit_code == 0
    assert _leftovers(tmp_path) == []


def test_an_output_changed_during_the_run_is_not_replaced(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old\n", encoding="utf-8")
    writer = AtomicWriter(out)
    writer.write(pd.DataFrame({"id": [1]}))
    out.write_text("another run's rows\n", encoding="utf-8")
    with pytest.raises(JobclassError, match="another program wrote this file"):
        writer.commit()
    assert out.read_text(encoding="utf-8") == "another run's rows\n" and _leftovers(tmp_path) == []


# -- class 1 and 6: signals to the whole process group, dead workers -------------------------------------------------


def _start_parallel_run(trained_model, tmp_path, rows=150_000):
    source = tmp_path / "big.csv"
    if not source.exists():
        source.write_text("id,description\n" + "".join(f"{i},PyTorch SQL Docker Tableau\n" for i in range(rows)))
    out = tmp_path / "out.csv"
    command = [sys.executable, "-m", "classifier.cli", "classify", str(source), "-m", str(trained_model)]
    command += ["-o", str(out), "--jobs", "2", "--chunk-size", "500"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while not any(item.name.endswith(".part") for item in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return process


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a parallel run needs two cores")
@pytest.mark.parametrize(
    ("signals", "delay", "code"),
    [((signal.SIGINT,), 0.0, 130), ((signal.SIGTERM,), 0.5, 143), ((signal.SIGINT, signal.SIGINT), 0.2, 130)],
)
def test_a_signal_to_the_process_group_stops_a_parallel_run_cleanly(trained_model, tmp_path, signals, delay, code):
    process = _start_parallel_run(trained_model, tmp_path)
    time.sleep(delay)
    for number in signals:  # as a terminal or a scheduler does: every process of the group
        os.killpg(process.pid, number)
        time.sleep(0.05)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the run did not stop within 30 s of the signal")
    text = stderr.decode()
    assert process.returncode == code, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert text.strip().splitlines()[-1] == "Interrupted; no partial output file was left behind."
    assert sorted(item.name for item in tmp_path.iterdir()) == ["big.csv"]
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # no worker outlived the run
        os.killpg(process.pid, 0)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a parallel run needs two cores")
def test_a_killed_worker_ends_the_run_in_one_line(trained_model, tmp_path):
    import psutil

    process = _start_parallel_run(trained_model, tmp_path)
    workers = []
    deadline = time.monotonic() + 30
    while not workers and time.monotonic() < deadline:
        workers = psutil.Process(process.pid).children()
        time.sleep(0.02)
    workers[0].kill()
    _, stderr = process.communicate(timeout=60)
    text = stderr.decode()
    assert process.returncode == 1 and "a worker process stopped unexpectedly" in text, text
    assert "Traceback" not in text and sorted(item.name for item in tmp_path.iterdir()) == ["big.csv"]


# -- issue 32: tool names next to CJK characters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("熟悉Python和PyTorch", ["Python", "PyTorch"]),
        ("会用SQL与Docker。", ["SQL", "Docker"]),
        ("Pythonを使った開発とKubernetes経験", ["Python", "Kubernetes"]),
        ("Python을 사용", ["Python"]),
    ],
)
def test_tool_names_next_to_cjk_characters_are_matched(text, expected):
    matches = extract_skills(text)
    assert [match.name for match in matches] == expected
    assert all(text[match.start : match.end] == match.text for match in matches)


def test_cjk_postings_get_labels_in_the_pure_python_path_too(monkeypatch):
    from classifier.skills import SkillMatcher
    from classifier.taxonomy import load_taxonomy

    matcher = SkillMatcher(load_taxonomy(), native=False)
    assert [match.name for match in matcher.find("熟悉Python和PyTorch")] == ["Python", "PyTorch"]


# -- the promise, property-based: a clear error or every row kept ---------------------------------------------------

NAMES = st.sampled_from(["description", "Description", "Job Description", "job_description", "JobDescription", "text"])
CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    separator=st.sampled_from([",", ";", "\t", "|"]),
    codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]),
    name=NAMES,
    texts=st.lists(CELL, min_size=1, max_size=8),
)
def test_random_dialects_encodings_and_names_keep_every_row(
    trained_model, tmp_path_factory, separator, codec, name, texts
):
    folder = tmp_path_factory.mktemp("dialect")
    path = folder / "in.csv"
    rows = [(number, f"{POSTING} {text}") for number, text in enumerate(texts, start=1)]
    path.write_bytes(_table(separator, header=("id", name), rows=rows).encode(codec))
    out = folder / "out.csv"
    report = classify_file(path, out, model=_predictor(trained_model))
    frame = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert report.rows == len(frame) == len(rows)
    assert list(frame["id"]) == [str(number) for number, _ in rows]
    assert set(frame["status"]) == {"ok"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".tsv", ".jsonl", ".xlsx", ".csv.gz"]))
def test_random_bytes_give_a_clear_error_or_a_row_per_record(trained_model, tmp_path_factory, data, suffix):
    folder = tmp_path_factory.mktemp("bytes")
    path = folder / f"in{suffix}"
    path.write_bytes(data)
    out = folder / "out.csv"
    try:
        report = classify_file(path, out, model=_predictor(trained_model))
    except JobclassError as error:
        assert "\n" not in str(error) and str(path) in str(error)
        assert not out.exists()
    else:
        assert len(pd.read_csv(out, keep_default_na=False, dtype=str)) == report.rows
    assert _leftovers(folder) == []


_PREDICTORS: dict = {}


def _predictor(path):
    from classifier.predict import Predictor

    if str(path) not in _PREDICTORS:
        _PREDICTORS[str(path)] = Predictor.load(path)
    return _PREDICTORS[str(path)]
