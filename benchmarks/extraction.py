"""Extraction benchmark: throughput on the shared postings, and precision/recall on SkillSpan.

Times the compiled matcher (when it was built) and the pure-Python reference on the same
postings, both for skill features (what training and classify use) and for extract_skills
(with offsets into the text as given).

Run: python benchmarks/extraction.py [--limit N] [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import pandas as pd  # noqa: E402
from _shared import POSTINGS, SKILLSPAN, require  # noqa: E402

from classifier.skills import SkillMatcher, default_matcher, native_available  # noqa: E402
from classifier.taxonomy import load_taxonomy  # noqa: E402


def _rate(matcher: SkillMatcher, texts: list[str], offsets: bool, repeats: int) -> float:
    """Postings per second, best of ``repeats`` passes (the least disturbed by the rest of the machine)."""
    work = matcher.find if offsets else matcher.skill_indices
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            work(text)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def throughput(limit: int, repeats: int) -> None:
    texts = pd.read_csv(require(POSTINGS), usecols=["description"])["description"].fillna("").tolist()[:limit]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    taxonomy = load_taxonomy()
    compiled = SkillMatcher(taxonomy, native=True) if native_available() else None
    python = SkillMatcher(taxonomy, native=False)
    found = sum(len(python.skill_indices(text)) for text in texts[:2000]) / min(len(texts), 2000)
    print(f"postings: {len(texts)}  ({megabytes:.1f} MB, {len(python.skills)} skills in the taxonomy)")
    print(
        f"clean HTML/Markdown + match, one core, best of {repeats}  postings/s      MB/s   (target: 10,000 postings/s)"
    )
    for name, matcher in (("compiled (classifier._native)", compiled), ("pure Python (reference)", python)):
        if matcher is None:
            print(f"  {name:<30} not built (no C compiler at install time)")
            continue
        matcher.find("warm up")
        for label, offsets in (("skill features", False), ("extract_skills, offsets", True)):
            rate = _rate(matcher, texts, offsets, repeats if matcher.compiled else 1)
            print(f"  {name:<30} {label:<24} {rate:>9,.0f} {rate * megabytes / len(texts):>8.1f}")
    print(f"matches per posting: {found:.1f}")


def _spans(tokens: list[str], tags: list[str]) -> list[tuple[int, int]]:
    """Character spans of BIO-tagged token runs in ' '.join(tokens)."""
    spans, start, position, end = [], None, 0, 0
    for token, tag in zip(tokens, tags):
        token_start, token_end = position, position + len(token)
        if tag.startswith("B") or (tag.startswith("I") and start is None):
            if start is not None:
                spans.append((start, end))
            start = token_start
        elif not tag.startswith("I") and start is not None:
            spans.append((start, end))
            start = None
        end = token_end
        position = token_end + 1
    if start is not None:
        spans.append((start, end))
    return spans


def skillspan(kinds: str = "skill") -> None:
    require(SKILLSPAN)
    matcher = default_matcher()
    predicted = hit_predicted = 0
    marked_predicted = marked_hit = 0  # within sentences where the annotators marked at least one span
    gold = {"knowledge": 0, "skill": 0}
    recalled = {"knowledge": 0, "skill": 0}
    for name in ("train.json", "dev.json"):
        for line in (SKILLSPAN / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = " ".join(record["tokens"])
            spans = {kind: _spans(record["tokens"], record[f"tags_{kind}"]) for kind in gold}
            everything = spans["knowledge"] + spans["skill"]
            matches = [(match.start, match.end) for match in matcher.find(text, kinds)]
            hits = sum(any(s < e2 and s2 < e for s2, e2 in everything) for s, e in matches)
            predicted += len(matches)
            hit_predicted += hits
            if everything:
                marked_predicted += len(matches)
                marked_hit += hits
            for kind in gold:
                gold[kind] += len(spans[kind])
                recalled[kind] += sum(any(s < e2 and s2 < e for s2, e2 in matches) for s, e in spans[kind])
    print(f"SkillSpan (train + dev), kinds {kinds!r}; a match counts when it overlaps a human-marked span:")
    print(
        f"  precision (matches inside any skill or knowledge span): {hit_predicted / predicted:.3f}  ({predicted} matches)"
    )
    print(
        f"  precision within sentences with a marked span:          {marked_hit / max(marked_predicted, 1):.3f}  "
        f"({marked_predicted - marked_hit} of the {predicted - hit_predicted} unmatched matches; the rest "
        "are in sentences with no marked span at all)"
    )
    print(
        f"  recall of knowledge spans (tools, languages, fields):   {recalled['knowledge'] / gold['knowledge']:.3f}  ({gold['knowledge']} spans)"
    )
    print(
        f"  recall of skill spans (mostly soft skills, phrases):    {recalled['skill'] / gold['skill']:.3f}  ({gold['skill']} spans)"
    )
    both = recalled["knowledge"] + recalled["skill"]
    print(f"  recall of all spans:                                    {both / (gold['knowledge'] + gold['skill']):.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=15_294, help="postings to time (default: all)")
    parser.add_argument("--repeats", type=int, default=3, help="passes over the postings; the best counts (default: 3)")
    arguments = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    throughput(arguments.limit, arguments.repeats)
    skillspan("skill")  # what extract_skills and jobclass skills report by default (goal: precision >= 0.80)
    skillspan("all")
