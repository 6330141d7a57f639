"""Where in a posting each skill stands: sections from headings and cue phrases, required or preferred, negation."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from classifier import extract_placed_skills
from classifier.cli import main
from classifier.sections import SECTIONS, headings

MARKDOWN = """## About Acme
Acme is a leading fintech company; our platform runs on AWS.

## What you'll do
- Build data pipelines with Airflow
- Deploy models with Docker

## Requirements
- 5+ years of Python and SQL
- Experience with Kubernetes is a plus

## Nice to have
* Rust
* No Java needed

## What we offer
- A Tableau licence and a laptop
"""


def _by_name(text):
    return {item.match.name: item for item in extract_placed_skills(text)}


def test_markdown_sections_requirements_and_negation():
    placed = _by_name(MARKDOWN)
    assert placed["AWS"].section == "about_company"
    assert placed["Airflow"].section == placed["Docker"].section == "responsibilities"
    assert placed["Python"].section == "requirements" and placed["Python"].requirement == "required"
    assert placed["Kubernetes"].section == "requirements" and placed["Kubernetes"].requirement == "preferred"
    assert placed["Rust"].section == "preferred" and placed["Rust"].requirement == "preferred"
    assert placed["Java"].negated and not placed["Rust"].negated
    assert placed["Tableau"].section == "benefits"
    assert {item.section for item in placed.values()} <= set(SECTIONS)


def test_html_headings_and_exact_offsets():
    html = (
        "<h3>Responsibilities</h3><ul><li>Use PyTorch daily</li></ul>"
        "<h3>Qualifications</h3><ul><li>SQL required</li></ul><p><strong>Bonus:</strong> Go and Kubernetes</p>"
    )
    placed = extract_placed_skills(html)
    for item in placed:
        assert html[item.match.start : item.match.end] == item.match.text
    sections = {item.match.name: item.section for item in placed}
    assert sections == {
        "PyTorch": "responsibilities",
        "SQL": "requirements",
        "Go": "preferred",
        "Kubernetes": "preferred",
    }


def test_a_posting_without_line_breaks_is_cut_at_inline_headings():
    flat = (
        "Job Description You will build dashboards in Tableau for the finance team. Requirements - Degree in "
        "statistics; 3 years of SQL. Desired Skills: dbt and Snowflake. How to apply: send your CV."
    )
    sections = {item.match.name: item.section for item in extract_placed_skills(flat)}
    assert sections["Tableau"] == "responsibilities"
    assert sections["SQL"] == "requirements"
    assert sections["dbt"] == sections["Snowflake"] == "preferred"


def test_text_before_any_heading_is_read_by_what_it_says():
    text = "We are seeking an engineer to build services in Go.\nYou need 5 years of experience with PostgreSQL."
    sections = {item.match.name: item.section for item in extract_placed_skills(text)}
    assert sections == {"Go": "responsibilities", "PostgreSQL": "requirements"}


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("No Java needed.", True),
        ("Java is not required.", True),
        ("You will not need Java experience; Python is required.", False),  # Python is the one asked for
        ("Java and Python.", False),
    ],
)
def test_negation(sentence, negated):
    placed = _by_name(sentence)
    assert placed["Java"].negated is negated if "Java" in placed else True


def test_list_items_are_not_headings():
    assert [heading.section for heading in headings("Requirements\n- Experience with Kubernetes is a plus\n")] == [
        "requirements"
    ]


def test_skills_sections_through_the_cli():
    result = CliRunner().invoke(main, ["skills", MARKDOWN, "--sections", "--json"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    java = next(row for row in rows if row["name"] == "Java")
    assert java["section"] == "preferred" and java["negated"] is True
    table = CliRunner().invoke(main, ["skills", MARKDOWN, "--sections"])
    assert table.output.splitlines()[0].split()[:7] == [
        "skill",
        "category",
        "start",
        "end",
        "section",
        "requirement",
        "negated",
    ]


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("What you’ll do", "responsibilities"),  # a curly apostrophe, as most postings write it
        ("How You’ll Help Us Connect the World", "responsibilities"),
        ("You Will Excite Us If You", "preferred"),  # the cue first in the list names it, not the leftmost
        ("What We’re Looking For", "requirements"),
        ("Essential Duties and Responsibilities", "responsibilities"),  # the section whose cues cover most
        ("Preferred Qualifications", "preferred"),
    ],
)
def test_headings_with_curly_apostrophes_and_several_cues(heading, section):
    text = f"Intro.\n\n### {heading}\n\n  * Python and SQL\n"
    found = headings(text)
    assert [(item.text, item.section) for item in found] == [(heading, section)]


def test_a_sentence_on_its_own_line_is_no_heading():
    text = "Requirements\nDegree in marketing.\nExperience working in an agency is an added advantage.\nSQL skills.\n"
    assert [item.section for item in headings(text)] == ["requirements"]


def test_a_line_that_asks_is_a_requirement_under_any_heading():
    text = (
        "Roles & Responsibilities\n\n"
        "8+ years’ experience in data governance or business analysis.\n"
        "Proficiency in SQL and Tableau.\n"
        "Maintain the business glossary in SharePoint.\n"
    )
    placed = _by_name(text)
    assert placed["SQL"].section == "requirements" and placed["Tableau"].section == "requirements"
    assert placed["SharePoint"].section == "responsibilities"
    paragraph = (
        "About the role\n\nYou will lead our platform team and shape how we build. The ideal candidate will have "
        "experience in Python, cloud platforms and machine learning, and will help us grow the engineering "
        "culture of a team that ships every day.\n"
    )
    assert _by_name(paragraph)["Python"].section == "responsibilities"  # a description, not a list of asks


def test_a_markdown_heading_needs_less_of_a_cue():
    text = "## Requirements\n\n* SQL\n\n#### High preference for candidates that have:\n\n* Experience with dbt\n"
    assert [item.section for item in headings(text)] == ["requirements", "preferred"]
    assert _by_name(text)["dbt"].section == "preferred"
