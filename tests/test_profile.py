"""The role profile: its statistics, its figures on postings with known answers, its files and its CLI."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from classifier.cli import main
from classifier.profile import (
    difference_interval,
    median_difference_interval,
    profile,
    summarise,
    wilson_interval,
    write_profile,
)

from .conftest import SAMPLE

DS_TEXT = (
    "Data scientist. Requirements: a master's degree in statistics. 3+ years of experience. "
    "SQL, R and Tableau dashboards; A/B testing. Hybrid, 2 days in the office. Salary $100,000 - $120,000 a year."
)
ML_TEXT = (
    "Machine learning engineer. You will deploy PyTorch models with Docker on Kubernetes. Requirements: a "
    "bachelor's degree in computer science. 5+ years of experience. Fully remote. Salary $150,000 - $170,000 a year."
)
OTHER_TEXT = "Office manager. You will run our office, order supplies and greet visitors. On-site in Leeds."


def _labelled_postings(tmp_path, per_label: int = 12):
    rows = []
    for number in range(per_label):
        rows.append({"id": f"d{number}", "label": "data_science", "description": DS_TEXT, "date": "2024-03-02"})
        rows.append({"id": f"m{number}", "label": "ml_engineering", "description": ML_TEXT, "date": "2025-07-09"})
        rows.append({"id": f"o{number}", "label": "other", "description": OTHER_TEXT, "date": "2025-07-10"})
    path = tmp_path / "labelled.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


# -- statistics -------------------------------------------------------------------------------------


def test_wilson_interval_matches_the_textbook_values():
    # Newcombe (1998), table I: 81/263 -> 0.2553 to 0.3662
    low, high = wilson_interval(81, 263)
    assert low == pytest.approx(0.2553, abs=5e-4) and high == pytest.approx(0.3662, abs=5e-4)
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0


def test_difference_interval_is_newcombes_method_10():
    # Newcombe (1998) Statistics in Medicine 17, table II, example (a): 56/70 - 48/80 -> 0.0524 to 0.3339
    difference, low, high = difference_interval(56, 70, 48, 80)
    assert difference == pytest.approx(0.2)
    assert low == pytest.approx(0.0524, abs=5e-4) and high == pytest.approx(0.3339, abs=5e-4)
    # example (h): 0/10 - 0/20 -> -0.1611 to 0.2775
    _, low, high = difference_interval(0, 10, 0, 20)
    assert low == pytest.approx(-0.1611, abs=5e-4) and high == pytest.approx(0.2775, abs=5e-4)


def test_median_difference_interval_covers_a_known_shift():
    rng = np.random.default_rng(1)
    first, second = rng.normal(120, 10, 400), rng.normal(100, 10, 400)
    difference, low, high = median_difference_interval(first, second)
    assert low < 20 < high and low < difference < high
    assert median_difference_interval(first, second) == (difference, low, high)  # seeded: reproducible


# -- figures with known answers ---------------------------------------------------------------------


def _rows(records):
    base = {
        "label": "",
        "skills": "",
        "salary_currency": None,
        "salary_annual": None,
        "education_level": None,
        "education_required": None,
        "education_fields": "",
        "experience_min_years": None,
        "seniority": None,
        "work_arrangement": None,
        "group": None,
    }
    return pd.DataFrame([{**base, **record} for record in records])


CATEGORIES = {"SQL": "language", "PyTorch": "library", "Docker": "tool", "statistics": "method"}


def test_summarise_counts_shares_over_all_postings_of_a_label():
    records = (
        [{"label": "data_science", "skills": "SQL; statistics", "education_level": "master"}] * 30
        + [{"label": "data_science", "skills": "SQL"}] * 10
        + [{"label": "ml_engineering", "skills": "PyTorch; Docker", "education_level": "bachelor"}] * 20
        + [{"label": "ml_engineering", "skills": "SQL; PyTorch", "experience_min_years": 5.0}] * 20
        + [{"label": ""}] * 3
    )
    result = summarise(_rows(records), categories=CATEGORIES, labelled_by="column label")
    assert result.labels == {"data_science": 40, "ml_engineering": 40} and result.unlabelled == 3
    sql = result.skills["data_science"]["language"][0]
    assert sql == {"skill": "SQL", "postings": 40, "share": 1.0}
    assert result.skills["ml_engineering"]["library"][0]["share"] == 1.0
    compared = {row["skill"]: row for row in result.comparison["skills"]["language"]}["SQL"]
    assert compared["difference"] == pytest.approx(0.5)
    assert compared["low"] < 0.5 < compared["high"]
    levels = result.education["data_science"]["values"]
    assert levels["master"] == {"postings": 30, "share": 0.75}
    assert levels["not stated"] == {"postings": 10, "share": 0.25}
    assert result.experience["ml_engineering"]["stated"] == 20
    assert result.experience["ml_engineering"]["median"] == 5.0
    assert result.experience["ml_engineering"]["buckets"]["4-5"]["share"] == 1.0
    verdicts = {claim["claim"]: claim["verdict"] for claim in result.claims}
    assert verdicts["Data scientists use SQL more than ML engineers"] == "supported"
    assert verdicts["Data scientists use statistics more than ML engineers"] == "supported"
    assert verdicts["ML engineers use PyTorch more than data scientists"] == "supported"
    assert verdicts["ML engineers use Docker more than data scientists"] == "supported"
    assert verdicts["Data scientists use Tableau more than ML engineers"] == "no clear difference"


def test_a_claim_the_postings_contradict_says_so():
    records = [{"label": "data_science", "skills": "PyTorch"}] * 30 + [{"label": "ml_engineering", "skills": ""}] * 30
    result = summarise(_rows(records), categories=CATEGORIES, labelled_by="column label")
    verdicts = {claim["claim"]: claim["verdict"] for claim in result.claims}
    assert verdicts["ML engineers use PyTorch more than data scientists"] == "contradicted"


def test_too_few_postings_give_no_verdict():
    records = [{"label": "data_science", "skills": "SQL"}] * 4 + [{"label": "ml_engineering", "skills": ""}] * 30
    result = summarise(_rows(records), categories=CATEGORIES, labelled_by="column label")
    assert {claim["verdict"] for claim in result.claims if claim["topic"] == "tools"} == {"too few postings"}


def test_salary_is_summarised_by_currency_and_the_earnings_claim_compares_medians():
    records = (
        [{"label": "data_science", "salary_currency": "USD", "salary_annual": 100_000.0 + i} for i in range(20)]
        + [{"label": "ml_engineering", "salary_currency": "USD", "salary_annual": 150_000.0 + i} for i in range(20)]
        + [{"label": "ml_engineering", "salary_currency": "GBP", "salary_annual": 60_000.0}]
        + [{"label": "ml_engineering"}] * 5
    )
    result = summarise(_rows(records), categories=CATEGORIES, labelled_by="column label")
    usd = result.salary["ml_engineering"]["currencies"]["USD"]
    assert usd["stated"] == 20 and usd["median"] == pytest.approx(150_009.5)
    assert result.salary["ml_engineering"]["stated"] == 21
    assert list(result.salary["ml_engineering"]["currencies"]) == ["USD", "GBP"]  # most stated first
    (claim,) = [claim for claim in result.claims if claim["topic"] == "salary"]
    assert claim["currency"] == "USD" and claim["verdict"] == "supported"
    assert claim["difference"] == pytest.approx(50_000)


def test_only_one_role_gives_no_comparison_and_no_claims():
    result = summarise(_rows([{"label": "other", "skills": "SQL"}] * 5), categories=CATEGORIES, labelled_by="x")
    assert result.comparison is None and result.claims == []
    assert result.to_dict()["labels"] == {"other": {"postings": 5, "share": 1.0}}


# -- end to end -------------------------------------------------------------------------------------


def test_profile_reads_the_label_column_and_the_facts(tmp_path):
    result = profile(_labelled_postings(tmp_path))
    assert result.labelled_by == "column label"
    assert result.labels == {"data_science": 12, "ml_engineering": 12, "other": 12}
    assert result.education["data_science"]["values"]["master"]["share"] == 1.0
    assert result.education["ml_engineering"]["values"]["bachelor"]["share"] == 1.0
    assert [row["field"] for row in result.education["data_science"]["fields"]] == ["statistics"]
    assert result.experience["ml_engineering"]["median"] == 5.0
    assert result.work_arrangement["ml_engineering"]["values"]["remote"]["share"] == 1.0
    assert result.work_arrangement["data_science"]["values"]["hybrid"]["share"] == 1.0
    assert result.work_arrangement["other"]["values"]["on-site"]["share"] == 1.0
    assert result.salary["data_science"]["currencies"]["USD"]["median"] == 110_000
    tools = {row["skill"] for row in result.skills["ml_engineering"]["library"]}
    assert "PyTorch" in tools
    earn = [claim for claim in result.claims if claim["topic"] == "salary"]
    assert earn and earn[0]["verdict"] == "supported"


def test_profile_groups_by_month_of_the_date_column(tmp_path):
    result = profile(_labelled_postings(tmp_path), by="month")
    groups = result.groups
    assert groups["by"] == "date:month"
    assert list(groups["groups"]) == ["2024-03", "2025-07"]
    march = groups["groups"]["2024-03"]
    assert march["postings"] == 12 and march["labels"]["data_science"]["share"] == 1.0
    assert groups["groups"]["2025-07"]["labels"]["ml_engineering"]["share"] == 0.5
    tracked = groups["tracked_skills"]["data_science"]
    assert tracked and march["skills"]["data_science"][tracked[0]]["share"] == 1.0


def test_profile_labels_with_the_model_when_there_is_no_label_column(tmp_path):
    result = profile(SAMPLE)
    assert result.labelled_by.startswith("model ")
    rows = len(pd.read_csv(SAMPLE))
    assert result.postings == rows and sum(result.labels.values()) + result.unlabelled == rows
    # the model's labels come with the adjusted estimate of each label's share and its interval
    shares = result.prevalence["shares"]
    assert set(shares) == set(result.labels) | set(shares)
    assert sum(share["share"] for share in shares.values()) == pytest.approx(1, abs=1e-3)
    assert all(share["low"] <= share["share"] <= share["high"] for share in shares.values())
    assert result.prevalence["postings"] == sum(result.labels.values())


def test_labels_from_a_column_have_no_model_estimate(tmp_path):
    assert profile(_labelled_postings(tmp_path)).prevalence is None


def test_profile_of_several_files_keeps_each_source(tmp_path):
    first = _labelled_postings(tmp_path)
    second = tmp_path / "more.csv"
    pd.read_csv(first).head(6).to_csv(second, index=False)
    result = profile([first, second], by="source")
    assert set(result.groups["groups"]) == {"labelled", "more"}
    assert result.groups["groups"]["more"]["postings"] == 6
    assert result.postings == 42


def test_write_profile_writes_a_self_contained_page_and_the_json(tmp_path):
    result = profile(_labelled_postings(tmp_path), by="date:year")
    json_path, html_path = write_profile(result, tmp_path / "out")
    data = json.loads(json_path.read_text())
    assert data["labels"]["data_science"]["postings"] == 12
    assert {"skills", "comparison", "education", "experience", "seniority", "salary", "claims", "over"} <= set(data)
    page = html_path.read_text()
    assert page.startswith("<!doctype html>") and "founding document" not in page
    heading = re.search(r"<h2>(Statements about the roles[^<]*)</h2>", page).group(1)
    assert "data science (12 postings) against ML engineering (" in heading
    assert "labelled by " in heading
    assert not re.search(r"""(?:src|href)=["']https?:""", page)  # nothing fetched from elsewhere
    assert page.count("data:image/png;base64,") >= 8


def test_cli_profile_writes_both_files(tmp_path):
    out = tmp_path / "profile"
    result = CliRunner().invoke(main, ["profile", str(_labelled_postings(tmp_path)), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "Profiled 36 postings" in result.output
    assert (out / "profile.json").exists() and (out / "report.html").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--by", "region"], "no column 'region' to group by"),
        (["--by", "month", "--label-column", "label"], None),
        (["--label-column", "category"], "no label column 'category'"),
    ],
)
def test_cli_profile_options_fail_in_one_line(tmp_path, extra, message):
    postings = _labelled_postings(tmp_path)
    result = CliRunner().invoke(main, ["profile", str(postings), "--output", str(tmp_path / "out"), *extra])
    assert "Traceback" not in result.output
    if message is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1 and message in result.output
        assert not (tmp_path / "out" / "profile.json").exists()


def test_cli_profile_refuses_an_output_that_is_a_file_or_the_input(tmp_path):
    postings = _labelled_postings(tmp_path)
    result = CliRunner().invoke(main, ["profile", str(postings), "--output", str(postings)])
    assert result.exit_code == 1 and "not a folder" in result.output
    no_date = tmp_path / "nodate.csv"
    pd.read_csv(postings).drop(columns="date").to_csv(no_date, index=False)
    result = CliRunner().invoke(main, ["profile", str(no_date), "--by", "month", "--output", str(tmp_path / "o")])
    assert result.exit_code == 1 and "needs a date column" in result.output


def test_a_header_only_file_and_malformed_rows_are_profiled(tmp_path):
    header = tmp_path / "header.csv"
    header.write_text("id,description\n")
    result = CliRunner().invoke(main, ["profile", str(header), "--output", str(tmp_path / "a")])
    assert result.exit_code == 0 and "Profiled 0 postings (none labelled)" in result.output
    assert json.loads((tmp_path / "a" / "profile.json").read_text())["postings"] == 0
    messy = tmp_path / "messy.csv"
    messy.write_text('id,description\n1,"Python, SQL and statistics"\n2,"a","b","c"\n3,\n')
    counted = profile(messy)
    assert counted.postings == 3 and counted.unlabelled == 2  # every row is counted, labelled or not


def test_the_advanced_degree_and_experience_claims_are_measured_comparisons():
    records = (
        [{"label": "data_science", "education_level": "master", "experience_min_years": 3.0}] * 25
        + [{"label": "data_science", "education_level": "bachelor", "experience_min_years": 2.0}] * 5
        + [{"label": "ml_engineering", "education_level": "bachelor", "experience_min_years": 5.0}] * 30
    )
    result = summarise(_rows(records), categories=CATEGORIES, labelled_by="column label")
    claims = {claim["claim"]: claim for claim in result.claims}
    degree = claims["Data scientists typically need a master's degree or PhD"]
    assert degree["verdict"] == "supported" and degree["data_science"] == {"postings": 25, "share": 0.8333}
    assert 0.5 < degree["low"] < 0.8333 < degree["high"]
    years = claims["ML engineering asks for more years of experience than data science"]
    assert years["verdict"] == "supported" and years["difference"] == 2.0 and years["low"] > 0


def test_a_minority_of_advanced_degrees_contradicts_the_claim():
    records = [{"label": "data_science", "education_level": "bachelor"}] * 40 + [{"label": "ml_engineering"}] * 20
    result = summarise(_rows(records), categories=CATEGORIES, labelled_by="column label")
    claims = {claim["claim"]: claim["verdict"] for claim in result.claims}
    assert claims["Data scientists typically need a master's degree or PhD"] == "contradicted"
    assert "ML engineering asks for more years of experience than data science" not in claims  # nobody states years
