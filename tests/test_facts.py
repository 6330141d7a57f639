"""Posting facts: every salary pattern of the issue, the things that are not salaries, education, experience,
seniority, work arrangement, and classify --facts."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from classifier import extract_facts
from classifier.cli import main
from classifier.facts import FACT_COLUMNS


@pytest.mark.parametrize(
    ("text", "minimum", "maximum", "currency", "period"),
    [
        ("$120,000 - $150,000", 120_000, 150_000, "USD", "year"),
        ("Pay: $111,766.43 - $134,600.42 per year", 111_766.43, 134_600.42, "USD", "year"),
        ("£45k-£55k", 45_000, 55_000, "GBP", "year"),
        ("£45-55k plus bonus", 45_000, 55_000, "GBP", "year"),
        ("USD 60-70/hr", 60, 70, "USD", "hour"),
        ("$24-$27/hour", 24, 27, "USD", "hour"),
        ("₹12 LPA", 1_200_000, 1_200_000, "INR", "year"),
        ("up to 150K + equity", None, 150_000, None, "year"),
        ("Salary up to $150K + equity", None, 150_000, "USD", "year"),
        ("Minimum: $90,000.00 USD Maximum: $165,000.00 USD", 90_000, 165_000, "USD", "year"),
        ("$80,000-85,000", 80_000, 85_000, "USD", "year"),
        ("Salary: RM 5,000 - RM 7,000 per month", 5_000, 7_000, "MYR", "month"),
        ("SGD 4,000 - 6,000 monthly", 4_000, 6_000, "SGD", "month"),
        ("KES 150,000 gross per month", 150_000, 150_000, "KES", "month"),
        ("€60.000 - €70.000 per year", 60_000, 70_000, "EUR", "year"),
        ("$300 per day", 300, 300, "USD", "day"),
        # from the hand-labelled postings (benchmarks/facts.py)
        ("Base salary: $110-145,000", 110_000, 145_000, "USD", "year"),
        ("Full Time | $55-65kWhite Whale is a small company", 55_000, 65_000, "USD", "year"),
        ("Salary: From RM3,500.00 per month", 3_500, None, "MYR", "month"),
        ("Compensation Range: Min: $107,694.00 - Mid: $134,617.00- Max: $161,540.00", 107_694, 161_540, "USD", "year"),
        ("Decibel Insight | PHP Engineer | London | 55k | https://example.com", 55_000, 55_000, None, "year"),
        ("Salary: $180K to $200K + 20% bonus.", 180_000, 200_000, "USD", "year"),
    ],
)
def test_salary_patterns(text, minimum, maximum, currency, period):
    salary = extract_facts(text).salary
    assert salary is not None, text
    assert (salary.minimum, salary.maximum, salary.currency, salary.period) == (minimum, maximum, currency, period)
    assert text[salary.start : salary.end].strip()  # offsets into the text as given


def test_annual_figures_and_several_ranges():
    hourly = extract_facts("USD 60-70/hr").salary
    assert (hourly.annual_minimum, hourly.annual_maximum) == (60 * 2080, 70 * 2080)
    monthly = extract_facts("SGD 4,000 - 6,000 monthly").salary
    assert monthly.annual_maximum == 72_000
    text = "Bay Area: $173,500 - $234,500. Southern California: $160,500 - $217,000. New York $172,000 - $232,500"
    salary = extract_facts(text).salary
    assert (salary.minimum, salary.maximum) == (160_500, 234_500)  # lowest minimum, highest maximum
    assert len(salary.ranges) == 3
    assert [text[r.start : r.end] for r in salary.ranges][0] == "$173,500 - $234,500"


@pytest.mark.parametrize(
    "text",
    [
        "We raised $50M in our Series B led by top investors.",
        "A $2 billion revenue company with 5,000 employees.",
        "Founded in 2014, we have grown every year since 2016.",
        "401(k) with a 4% match and 20 days of paid leave.",
        "Call us at +1 (415) 555-0100 or 020 7946 0958.",
        "Over $1M in funding from leading VCs.",
        "We serve 150k users in 40 countries.",
        "Backed by $30 million from Sequoia.",
        "5+ years of experience with Python 3.",
        "Benefits include competitive salary, ISO, 401K with match, and more.",
        "401k Matching – $1 for $1 company match up to 6% of eligible earnings",
        "$750 Home office stipend\n$10k Adoption Benefit\n$20 a month to connect virtually with colleagues",
        "$50 monthly home data stipend, plus a home office sign-on bonus of $250.",
        "Those with an active clearance will receive a 10% differential, up to an additional $15,000 annually.",
    ],
)
def test_things_that_are_not_salaries(text):
    assert extract_facts(text).salary is None


@pytest.mark.parametrize(
    ("text", "level", "required", "fields"),
    [
        (
            "Bachelor's or Master's degree in Computer Science or Statistics required.",
            "bachelor",
            True,
            ("computer science", "statistics"),
        ),
        ("PhD in Physics or Mathematics preferred.", "phd", False, ("physics", "mathematics")),
        ("An MS in Economics is a plus.", "master", False, ("economics",)),
        ("BS/MS in Engineering.", "bachelor", None, ("engineering",)),
        ("Graduating students encouraged to apply (Masters/PHDs would be an advantage)", "bachelor", False, ()),
        ("Must hold a degree in data science.", "bachelor", True, ("data science",)),
        # the "degree in" of a master's is not a second, lower degree
        ("Requirements: a master's degree in statistics.", "master", True, ("statistics",)),
        ("A master’s degree in Maths or CS.", "master", None, ("mathematics", "computer science")),
        ("PhD degree in physics, or a bachelor's degree and 5 years.", "bachelor", None, ("physics",)),
    ],
)
def test_education(text, level, required, fields):
    education = extract_facts(text).education
    assert (education.level, education.required, education.fields) == (level, required, fields)


@pytest.mark.parametrize(
    "text",
    [
        "Diploma/Degree in Computer Engineering",
        "Develop a strong understanding of Master Data Management.",
        "A self-motivated pro who takes pride in mastering your craft.",
        "Hofstra offers an array of undergraduate and graduate academic programs.",
    ],
)
def test_no_degree_asked_for(text):
    assert extract_facts(text).education is None


def test_the_title_says_the_arrangement():
    fact = extract_facts("You will administer our databases.", "SQL DBA - NOT A REMOTE POSITION").work_arrangement
    assert (fact.value, fact.start) == ("on-site", -1)


def test_no_education_stated_and_ms_office_is_no_degree():
    assert extract_facts("Proficient in MS Office and MS Teams.").education is None
    assert extract_facts("Python and SQL.").education is None


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("5+ years of experience, 2 with Spark", 5, None),
        ("5+ years of experience in software engineering, including 2+ years with Spark.", 5, None),
        ("3-5 years of relevant work experience", 3, 5),
        ("At least five years of professional experience", 5, None),
        ("Minimum of 2 years experience in data analysis", 2, None),
        ("0-2 years of professional experience", 0, 2),
        ("A minimum of fifteen (15) years of work experience", 15, None),
        ("5+ years building and operating production systems", 5, None),
        ("3+ years as a highly productive software engineer.", 3, None),
        ("10+ years of experience in product management, with at least 5 years leading a product", 10, None),
        ("5 years of experience with software development in C++.\n3 years of experience testing software.", 5, None),
        # required years win over preferred ones
        (
            "Minimum qualifications\n5 years of experience in sales.\n"
            "Preferred qualifications\n10 years of experience.",
            5,
            None,
        ),
        ("3+ years of experience.\n8 years of experience is a plus.", 3, None),
    ],
)
def test_experience_overall(text, low, high):
    experience = extract_facts(text).experience
    assert (experience.min_years, experience.max_years) == (low, high)


@pytest.mark.parametrize(
    "text",
    [
        "The company is 25 years old and in business for 30 years.",
        "Voted a best place to work for the last 3 years running!",
        "Up to 8 yrs relevant experience beyond first degree",
        "Bachelor's degree; OR 2+ years of professional experience building software in lieu of a degree",
        "Preferred qualifications\n1+ years of experience with Agile practices",
    ],
)
def test_years_that_are_not_required_experience(text):
    assert extract_facts(text).experience is None


@pytest.mark.parametrize(
    ("text", "title", "seniority"),
    [
        ("We are hiring.", "Senior Data Scientist", "senior"),
        ("We are hiring.", "Machine Learning Intern", "intern"),
        ("We are hiring.", "Staff ML Engineer", "lead or staff"),
        ("We are hiring.", "Principal Engineer", "principal"),
        ("We are hiring.", "Engineering Manager, ML", "manager"),
        ("Junior analyst wanted to join the team.", None, "junior"),
        ("We are hiring.", "Data Scientist", None),
    ],
)
def test_seniority(text, title, seniority):
    fact = extract_facts(text, title).seniority
    assert (fact.value if fact else None) == seniority


@pytest.mark.parametrize(
    ("text", "arrangement"),
    [
        ("This is a fully remote role.", "remote"),
        ("Hybrid: three days in our Berlin office.", "hybrid"),
        ("This role is on-site in Austin.", "on-site"),
        ("Not remote: you work from our office.", "on-site"),
        ("We build great products.", None),
        ("Kanmon | Senior Engineer | Hybrid (San Mateo) or REMOTE", "remote"),  # the most flexible offered
        ("Hybrid working: three days office based and two days remote.", "hybrid"),
        ("Job Detail\nRemote/WFH:\nNo\nLocation:\nKuala Lumpur", "on-site"),
        ("Compile | Engineer | Bangalore | Full-time, Onsite https://example.com", "on-site"),
        ("Employees must be on-site at least four days a week.", "hybrid"),
        ("We offer flexibility to work from home or from one of our global office hubs.", "hybrid"),
        ("Basic knowledge of remote sensing and GPS.", None),
        ("Experience in hybrid cloud-enabled data architecture.", None),
        ("Familiarity with iOS or hybrid mobile development.", None),
        ("Benefits include on-site health and wellness centers.", None),
        ("Teaching courses across in-person, hybrid, and online modalities.", None),
        (
            "Our GEICO Flex program offers the ability to work from anywhere in the US for up to four weeks per year.",
            None,
        ),
    ],
)
def test_work_arrangement(text, arrangement):
    fact = extract_facts(text).work_arrangement
    assert (fact.value if fact else None) == arrangement
    if fact:
        assert text[fact.start : fact.end]


def test_classify_facts_columns(trained_model, tmp_path):
    path = tmp_path / "in.csv"
    frame = pd.DataFrame(
        {
            "id": [1, 2],
            "title": ["Senior Data Scientist", "Intern"],
            "description": [
                "Remote. $120,000 - $150,000 a year. Master's in statistics required; 5+ years of experience with SQL.",
                "Python and pandas",
            ],
        }
    )
    frame.to_csv(path, index=False)
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["classify", str(path), "-m", str(trained_model), "-o", str(out), "--facts"])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out)
    assert set(FACT_COLUMNS) <= set(written.columns)
    first = written.iloc[0]
    assert (first["salary_min"], first["salary_max"], first["salary_currency"]) == (120_000, 150_000, "USD")
    assert (first["education_level"], first["experience_min_years"]) == ("master", 5)
    assert (first["seniority"], first["work_arrangement"]) == ("senior", "remote")
    assert written.iloc[1]["seniority"] == "intern" and pd.isna(written.iloc[1]["salary_min"])


def _salary_table() -> list[dict[str, str]]:
    import csv
    from pathlib import Path

    with open(Path(__file__).parent / "data" / "salary_phrasings.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _expected_salary(row: dict[str, str]) -> tuple | None:
    if not row["minimum"] and not row["maximum"]:
        return None
    return (
        float(row["minimum"]) if row["minimum"] else None,
        float(row["maximum"]) if row["maximum"] else None,
        row["currency"] or None,
        row["period"] or None,
    )


@pytest.mark.parametrize("row", _salary_table(), ids=lambda row: row["text"][:40])
def test_salary_phrasings_table(row):
    """US, UK, EU, Indian, Singapore, ... phrasings: ranges, periods, k and lakh, from / up to, and no-salaries."""
    salary = extract_facts(row["text"]).salary
    found = None if salary is None else (salary.minimum, salary.maximum, salary.currency, salary.period)
    assert found == _expected_salary(row)


def test_the_salary_table_has_sixty_phrasings_with_and_without_pay():
    rows = _salary_table()
    assert len(rows) >= 60 and sum(_expected_salary(row) is None for row in rows) >= 15


def test_ranges_for_several_places_keep_their_parts():
    salary = extract_facts("Pay range: $100,000 - $120,000 (New York), $90,000 - $110,000 (Austin)").salary
    assert (salary.minimum, salary.maximum) == (90000, 120000)
    assert [(part.minimum, part.maximum) for part in salary.ranges] == [(100000, 120000), (90000, 110000)]


def _experience_table() -> list[dict[str, str]]:
    import csv
    from pathlib import Path

    with open(Path(__file__).parent / "data" / "experience_phrasings.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", _experience_table(), ids=lambda row: row["text"][:40])
def test_experience_phrasings_table(row):
    """Years asked ("3+", "at least five", "2-4 yrs", "minimum of 7 years'"), their maximum and what they attach to."""
    experience = extract_facts(row["text"]).experience
    if not row["min_years"]:
        assert experience is None
        return
    assert (experience.min_years, experience.max_years) == (
        float(row["min_years"]),
        float(row["max_years"]) if row["max_years"] else None,
    )
    assert experience.subject == (row["subject"] or None)


def test_the_facts_page_example_runs():
    import doctest
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "docs" / "facts.md"
    result = doctest.testfile(str(page), module_relative=False)
    assert result.attempted >= 3 and result.failed == 0
