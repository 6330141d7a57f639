"""Posting facts against hand labels of 200 shared postings: precision and recall of each fact.

benchmarks/data/fact_labels.json holds, for 200 postings of the shared files (by file and a hash of the
id, never their text), the salary, education level, minimum years of experience and work arrangement
that the posting states, labelled by hand under the conventions written in the file. Printed for each
fact, over all 200 postings and over the 150 the rules were tuned on and the 50 held out:

- right: the share of postings whose extracted value equals the label (both empty counts as right);
- precision: of the postings with an extracted value, the share right;
- recall: of the postings whose label has a value, the share extracted right.

Salary is right when both its minimum and its maximum are within 1 % of the label's (the issue's goal:
right on at least 95 % of the postings that state one, invented on under 1 % of those that do not);
its currency and period are scored on the postings where both have a salary.

Also right, wrong and invented on the salary and experience phrasing tables of tests/data (our own
phrasings, no posting text), which need no shared data.

Run: python benchmarks/facts.py [--errors]   (--errors lists the tuned-on postings it gets wrong, by id hash)
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from _shared import SHARED, require

from classifier.facts import extract_facts

LABELS = Path(__file__).resolve().parent / "data" / "fact_labels.json"
#: Phrasings of our own with the salary and the years of experience each states (tests/data; no posting text).
PHRASINGS = Path(__file__).resolve().parents[1] / "tests" / "data"
FACTS = ("salary", "education_level", "experience_min_years", "work_arrangement")


def _close(found: float | None, expected: float | None) -> bool:
    if found is None or expected is None:
        return found is None and expected is None
    return abs(found - expected) <= 0.01 * abs(expected)


def extracted(text: str, title: str | None) -> dict:
    facts = extract_facts(text, title)
    salary = facts.salary
    return {
        "salary": None
        if salary is None
        else {
            "minimum": salary.minimum,
            "maximum": salary.maximum,
            "currency": salary.currency,
            "period": salary.period,
        },
        "education_level": facts.education.level if facts.education else None,
        "experience_min_years": facts.experience.min_years if facts.experience else None,
        "work_arrangement": facts.work_arrangement.value if facts.work_arrangement else None,
    }


def right(fact: str, found, expected) -> bool:
    if fact == "salary":
        if found is None or expected is None:
            return found is None and expected is None
        return _close(found["minimum"], expected["minimum"]) and _close(found["maximum"], expected["maximum"])
    if fact == "experience_min_years":
        return _close(found, expected)
    return found == expected


def score(rows: list[tuple[dict, dict]], fact: str) -> tuple[float, float, float, int, int]:
    correct = sum(right(fact, found[fact], label[fact]) for found, label in rows)
    with_value = [(f, label) for f, label in rows if f[fact] is not None]
    labelled = [(f, label) for f, label in rows if label[fact] is not None]
    precision = (
        sum(right(fact, f[fact], label[fact]) for f, label in with_value) / len(with_value) if with_value else 1.0
    )
    recall = sum(right(fact, f[fact], label[fact]) for f, label in labelled) / len(labelled) if labelled else 1.0
    return correct / len(rows), precision, recall, len(with_value), len(labelled)


def phrasing_tables() -> None:
    """Right, wrong and invented on the salary and experience phrasing tables (tests/data)."""
    import csv

    with open(PHRASINGS / "salary_phrasings.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counts = {"right": 0, "wrong": 0, "missed": 0, "invented": 0, "stating": 0, "silent": 0}
    for row in rows:
        salary = extract_facts(row["text"]).salary
        stated = bool(row["minimum"] or row["maximum"])
        counts["stating" if stated else "silent"] += 1
        if not stated:
            counts["invented"] += salary is not None
            continue
        if salary is None:
            counts["missed"] += 1
            continue
        found = (salary.minimum, salary.maximum, salary.currency, salary.period)
        expected = tuple(float(row[k]) if row[k] else None for k in ("minimum", "maximum")) + (
            row["currency"] or None,
            row["period"] or None,
        )
        counts["right" if found == expected else "wrong"] += 1
    print(
        f"salary phrasing table ({len(rows)} rows): right {counts['right']} of {counts['stating']} stating one "
        f"({counts['right'] / counts['stating']:.3f}), wrong {counts['wrong']}, missed {counts['missed']}; "
        f"invented on {counts['invented']} of {counts['silent']} that state none"
    )
    with open(PHRASINGS / "experience_phrasings.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    years = subjects = 0
    for row in rows:
        experience = extract_facts(row["text"]).experience
        expected = (
            (float(row["min_years"]), float(row["max_years"]) if row["max_years"] else None)
            if row["min_years"]
            else None
        )
        found = None if experience is None else (experience.min_years, experience.max_years)
        years += found == expected
        subjects += (experience.subject if experience else None) == (row["subject"] or None) and found == expected
    print(
        f"experience phrasing table ({len(rows)} rows): years right {years} ({years / len(rows):.3f}, goal >= 0.90), "
        f"years and subject right {subjects} ({subjects / len(rows):.3f})"
    )
    print("shared postings with a board's structured salary: none (the shared files carry no salary column)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the tuned-on postings each fact gets wrong")
    arguments = parser.parse_args()
    phrasing_tables()
    require(SHARED / "data")
    import pandas as pd

    postings = json.loads(LABELS.read_text(encoding="utf-8"))["postings"]
    frames: dict[str, pd.DataFrame] = {}
    rows: dict[bool, list[tuple[dict, dict]]] = {True: [], False: []}
    for posting in postings:
        name = posting["file"]
        if name not in frames:
            frame = pd.read_csv(SHARED / "data" / name, dtype={"id": str})
            frame.index = [hashlib.sha256(str(value).encode("utf-8")).hexdigest()[:16] for value in frame["id"]]
            frames[name] = frame[~frame.index.duplicated()]
        record = frames[name].loc[posting["id_sha256"]]
        title = record["title"] if isinstance(record.get("title"), str) else None
        found = extracted(str(record["description"]), title)
        rows[posting["tuned_on"]].append((found, posting))
        if arguments.errors and posting["tuned_on"]:
            for fact in FACTS:
                if not right(fact, found[fact], posting[fact]):
                    print(f"  {name} {posting['id_sha256']} {fact}: found {found[fact]}, labelled {posting[fact]}")
    every = rows[True] + rows[False]
    print(f"{len(every)} hand-labelled postings ({len(rows[True])} tuned on, {len(rows[False])} held out)")
    print(f"{'fact':<22}{'right':>8}{'precision':>11}{'recall':>8}   {'tuned on':>9}{'held out':>9}   goal")
    goals = {
        "salary": ">= 0.95 of stating",
        "education_level": ">= 0.90",
        "experience_min_years": ">= 0.90",
        "work_arrangement": ">= 0.90",
    }
    for fact in FACTS:
        share, precision, recall, _, _ = score(every, fact)
        tuned, held = score(rows[True], fact)[0], score(rows[False], fact)[0]
        print(f"{fact:<22}{share:>8.3f}{precision:>11.3f}{recall:>8.3f}   {tuned:>9.3f}{held:>9.3f}   {goals[fact]}")
    stating = [(f, label) for f, label in every if label["salary"] is not None]
    silent = [(f, label) for f, label in every if label["salary"] is None]
    right_salary = sum(right("salary", f["salary"], label["salary"]) for f, label in stating)
    invented = sum(f["salary"] is not None for f, _ in silent)
    both = [(f, label) for f, label in stating if f["salary"] is not None]
    currency = sum(f["salary"]["currency"] == label["salary"]["currency"] for f, label in both)
    period = sum(f["salary"]["period"] == label["salary"]["period"] for f, label in both)
    print(
        f"salary: right on {right_salary} of {len(stating)} postings that state one ({right_salary / len(stating):.3f}, "
        f"goal >= 0.95); invented on {invented} of {len(silent)} that do not ({invented / len(silent):.3f}, goal < 0.01)"
    )
    if both:
        print(
            f"salary currency right {currency / len(both):.3f}, period right {period / len(both):.3f} (of {len(both)})"
        )


if __name__ == "__main__":
    main()
