"""Sections of skill matches against hand labels of 60 shared postings.

benchmarks/data/section_labels.json holds, for 60 postings of the shared files (by file and a hash of
the id, never their text), the character offsets where each section starts and its label. Every skill match in a
posting is scored right when jobclass puts it in the section its offset falls in. Printed: the
share right, over all matches, over the first 50 (the issue's goal), over the postings the cues
were tuned on and those held out, and the most common confusions.

Run: python benchmarks/sections.py
"""

from __future__ import annotations

import collections
import hashlib
import json
import sys
from pathlib import Path

from _shared import SHARED, require

from classifier.sections import place
from classifier.skills import extract_skills

LABELS = Path(__file__).resolve().parent / "data" / "section_labels.json"


def truth(bounds: list[list], offset: int) -> str:
    section = "other"
    for start, label in bounds:
        if start <= offset:
            section = label
    return section


def main() -> None:
    require(SHARED / "data")
    import pandas as pd

    postings = json.loads(LABELS.read_text(encoding="utf-8"))["postings"]
    frames: dict[str, pd.DataFrame] = {}
    scores = {True: [0, 0], False: [0, 0]}
    first_fifty = [0, 0]
    confusions: collections.Counter = collections.Counter()
    for number, posting in enumerate(postings):
        name = posting["file"]
        if name not in frames:
            frame = pd.read_csv(SHARED / "data" / name, dtype={"id": str})
            frame.index = [hashlib.sha256(str(value).encode("utf-8")).hexdigest()[:16] for value in frame["id"]]
            frames[name] = frame
        text = frames[name].loc[posting["id_sha256"], "description"]
        for placed in place(text, extract_skills(text)):
            expected = truth(posting["sections"], placed.match.start)
            scores[posting["tuned_on"]][0] += expected == placed.section
            scores[posting["tuned_on"]][1] += 1
            if number < 50:
                first_fifty[0] += expected == placed.section
                first_fifty[1] += 1
            if expected != placed.section:
                confusions[(expected, placed.section)] += 1
    right = scores[True][0] + scores[False][0]
    total = scores[True][1] + scores[False][1]
    print(f"{len(postings)} hand-labelled postings, {total} skill matches")
    print(f"section right: {right / total:.3f} of all matches")
    print(
        f"  the first 50 postings (the goal's): {first_fifty[0] / first_fifty[1]:.3f} of {first_fifty[1]} (goal >= 0.90)"
    )
    print(
        f"  postings the cues were tuned on ({sum(p['tuned_on'] for p in postings)}): "
        f"{scores[True][0] / scores[True][1]:.3f} of {scores[True][1]} matches"
    )
    if scores[False][1]:
        print(
            f"  postings held out ({sum(not p['tuned_on'] for p in postings)}): "
            f"{scores[False][0] / scores[False][1]:.3f} of {scores[False][1]} matches"
        )
    print("most common confusions (labelled -> given):")
    for (expected, given), count in confusions.most_common(8):
        print(f"  {expected:>16} -> {given:<16} {count}")


if __name__ == "__main__":
    sys.exit(main())
