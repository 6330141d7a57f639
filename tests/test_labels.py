"""Title rules: data_science, ml_engineering, other, or left out."""

from __future__ import annotations

import pytest

from classifier.errors import JobclassError
from classifier.labels import TitleRules, label_from_title


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Data Scientist", "data_science"),
        ("Senior Data Scientist, Pricing", "data_science"),
        ("Acme - Lead Data Scientist", "data_science"),
        ("Director, Data Science", "data_science"),
        ("Machine Learning Engineer", "ml_engineering"),
        ("Senior ML Engineer", "ml_engineering"),
        ("MLOps Engineer", "ml_engineering"),
        ("AI Engineer", "ml_engineering"),
        ("Software Engineer, Machine Learning", "ml_engineering"),
        ("Staff Software Engineer (Generative AI)", "ml_engineering"),
        ("Senior Machine Learning Engineer, Sales AI", "ml_engineering"),
        ("Frontend Engineer", "other"),
        ("Data Engineer", "other"),
        ("Data Analyst", "other"),
        ("Account Executive", "other"),
        ("Threat Research Engineer", "other"),
        ("Lead DS, Growth", "data_science"),  # DS as the role
        ("BH/DS Clinician III", "other"),  # another field's DS
        ("Program Director - DS Residential", "other"),
        ("Data Visualization Engineer (DS L3)", "other"),
    ],
)
def test_titles_map_to_labels(title, label):
    assert label_from_title(title) == label


@pytest.mark.parametrize(
    "title",
    [
        "Data Scientist / Machine Learning Engineer",  # both roles
        "DS/ML Engineer",
        "Applied Scientist",  # ambiguous
        "Research Scientist, ML",
        "Senior Frontend Engineer, AI",  # AI words, another craft
        "AI Product Manager",
        "",
        None,
    ],
)
def test_titles_left_out(title):
    assert label_from_title(title) is None


def test_rules_are_editable(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("[data_science]\npatterns = ['quant']\n[ml_engineering]\npatterns = ['robot']\n", encoding="utf-8")
    rules = TitleRules.read(path)
    assert rules.label("Quant Researcher") == "data_science"
    assert rules.label("Robot Wrangler") == "ml_engineering"
    assert rules.label("Data Scientist") == "other"


def test_bad_rules_file(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("[data_science]\npatterns = ['(']\n", encoding="utf-8")
    with pytest.raises(JobclassError, match=r"\[data_science\] has a bad pattern"):
        TitleRules.read(path)
