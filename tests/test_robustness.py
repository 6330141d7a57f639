"""Property-based tests that hunt for failures: no exception escapes, offsets are right, no row is lost."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.classify import classify_file
from classifier.predict import Predictor
from classifier.skills import extract_skills
from classifier.text import clean_text

# Text that mixes arbitrary Unicode with the characters the cleaner and matcher care about.
SPECIAL = st.sampled_from(
    [
        "C++",
        "C#",
        ".NET",
        "R&D",
        "R",
        "Go",
        "<li>",
        "</p>",
        "&amp;",
        "&#x2F;",
        "**",
        "* ",
        "\n\n",
        "\r\n",
        "\t",
        "https://x.io/a",
        "sklearn",
        "k8s",
        "machine\nlearning",
        "A/B",
        "Python3",
        "_",
        "`",
        "[a](b)",
        "|",
        "\x00",
        "\u0130",
        "\u00df",
        "\ufb03",
        "\ud7ff",
        " ",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), SPECIAL), max_size=30).map("".join)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_extraction_never_raises_and_offsets_point_at_the_match(text):
    for match in extract_skills(text):
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start : match.end] == match.text
        assert match.text.strip()


@FAST
@given(TEXT)
def test_cleaning_maps_every_position_into_the_text(text):
    cleaned = clean_text(text)
    for position in range(len(cleaned.text)):
        assert 0 <= cleaned.to_original(position) < max(1, len(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(TEXT, st.none(), st.just(""), st.just("   ")), min_size=1, max_size=12))
def test_classification_keeps_every_row(trained_model, texts):
    predictor = _predictor(trained_model)
    out = predictor.predict_frame(pd.DataFrame({"description": texts}))
    assert len(out) == len(texts)
    assert list(out["id"]) == list(range(1, len(texts) + 1))
    assert set(out["status"]) <= {"ok", "empty text", "text has no letters", "no known skill or word in text"}
    assert ((out["label"] == "") == (out["status"] != "ok")).all()


_PREDICTORS: dict[str, Predictor] = {}


def _predictor(path) -> Predictor:
    key = str(path)
    if key not in _PREDICTORS:
        _PREDICTORS[key] = Predictor.load(path)
    return _PREDICTORS[key]


# Quotes, commas, line breaks and any printable Unicode; control codes make a file binary (tested elsewhere).
CELL = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from(',"\n\r\t')), max_size=40
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=15))
def test_odd_csv_content_gives_one_output_row_per_record(trained_model, tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "description"])
    for row in rows:
        writer.writerow(row)
    path = folder / "in.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    expected = sum(1 for record in csv.reader(io.StringIO(buffer.getvalue())) if record) - 1
    out = folder / "out.csv"
    report = classify_file(path, out, model=_predictor(trained_model))
    frame = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert report.rows == len(frame) == expected


@pytest.mark.parametrize("size", [0, 1, 2_000_000])
def test_huge_and_tiny_texts(size):
    text = ("Python and SQL. " * (size // 16 + 1))[:size]
    matches = extract_skills(text)
    assert all(text[m.start : m.end] == m.text for m in matches[:50])
