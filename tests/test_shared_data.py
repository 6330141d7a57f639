"""Checks on the shared data beside the checkout (skipped, saying why, when it is absent)."""

from __future__ import annotations

import json

import pandas as pd

from classifier.labels import label_from_title
from classifier.skills import default_matcher

from .conftest import needs_shared


def test_title_rules_find_the_expected_number_of_each_role():
    titles = pd.read_csv(needs_shared("data", "remote-jobs-2024.csv.gz"), usecols=["title"])["title"]
    counts = titles.map(label_from_title).value_counts()
    assert 250 <= counts["data_science"] <= 350  # "about 300 data-scientist titles"
    assert 530 <= counts["ml_engineering"] <= 800  # "530-800 ML-engineer titles"
    assert counts["other"] > 13_000


def test_extraction_finds_most_tools_marked_in_skillspan():
    path = needs_shared("skillspan", "dev.json")
    matcher = default_matcher()
    spans = hits = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        tokens, tags = record["tokens"], record["tags_knowledge"]
        text = " ".join(tokens)
        found = [(match.start, match.end) for match in matcher.find(text)]
        position = 0
        for token, tag in zip(tokens, tags):
            if tag.startswith("B"):
                spans += 1
                hits += any(start <= position < end for start, end in found)
            position += len(token) + 1
    assert spans > 500
    assert hits / spans > 0.5  # a regression guard; benchmarks/extraction.py prints the full figures
