"""Choose postings of the shared files for reading, and write the readers' batches (outside the repository).

How ``data/read_labels.csv`` was sampled (docs/labelling-guide.md):
- random: up to 20 postings of each source and title label, drawn at random (seed 31);
- suspect: confident learning over held-out probabilities (each source scored by a model trained on the
  others, three labels, title labels): the postings whose title label is likely wrong
  (``_shared.likely_mislabelled``), the least likely first, about 1,600 in all, at least 15 per source,
  the rest shared in proportion to each source's suspects.
The batches hold each posting's description only (HTML reduced to text, cut at 4,000 characters), under a
key that says nothing of its source, title or sample, shuffled so random and suspect postings mix.

Run: python benchmarks/reading_sample.py OUT_FOLDER [BATCHES]   (about 5 minutes on two cores)
Writes OUT_FOLDER/selection.csv (key, source, id, sample, title_label, held-out probabilities) and
OUT_FOLDER/batchNN.txt. OUT_FOLDER must be outside the repository: the texts are real people's words.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from _shared import REPO, SHARED, likely_mislabelled, require

from classifier.config import DEFAULT_CLASS_WEIGHT, LABELS
from classifier.model import DEFAULT_C, build_pipeline, class_weights, prepare_training_data, validate_by_source
from classifier.postings import read_many
from classifier.text import html_to_text, looks_like_html

RANDOM_PER_LABEL = 20
TOTAL = 1600
MIN_SUSPECTS = 15
CHARACTERS = 4000


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1]).resolve()
    if out == REPO or REPO in out.parents:
        sys.exit(f"{out}: inside the repository; the batches hold posting text, write them elsewhere")
    batches = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    out.mkdir(parents=True, exist_ok=True)
    frame = read_many(sorted(str(path) for path in require(SHARED / "data").glob("*.csv.gz")))
    data = prepare_training_data(frame, include_other=True, source="shared postings")
    step = build_pipeline().named_steps["features"]
    _, skill_counts, every = step.fit_counts(data.texts, sources=data.sources)
    _, probabilities = validate_by_source(
        lambda train, test: step.fold(skill_counts, every, data.sources, train, test),
        data.labels,
        data.sources,
        C=DEFAULT_C,
        class_weight=class_weights(data.labels, DEFAULT_CLASS_WEIGHT),
        n_jobs=2,
        return_probabilities=True,
    )
    table = pd.DataFrame(
        {
            "source": data.sources,
            "id": frame["id"].astype(str).to_numpy()[data.row_index],
            "title_label": data.labels,
            "row": data.row_index,
        }
    )
    for column, label in enumerate(LABELS):
        table[f"p_{label}"] = probabilities[:, column]
    given = table["title_label"].map(list(LABELS).index).to_numpy()
    table["self_confidence"] = probabilities[np.arange(len(table)), given]
    table["issue"] = likely_mislabelled(data.labels, probabilities, list(LABELS))
    generator = np.random.default_rng(31)
    chosen: dict[int, str] = {}
    for _, group in table.groupby(["source", "title_label"]):
        for index in generator.choice(group.index.to_numpy(), min(RANDOM_PER_LABEL, len(group)), replace=False):
            chosen[int(index)] = "random"
    issues = table[table["issue"] & ~table.index.isin(list(chosen))]
    per_source = issues.groupby("source").size()
    quota = np.maximum(MIN_SUSPECTS, per_source / per_source.sum() * (TOTAL - len(chosen))).round().astype(int)
    for name, group in issues.groupby("source"):
        for index in group.sort_values("self_confidence").index[: quota[name]]:
            chosen[int(index)] = "suspect"
    selection = table.loc[list(chosen)].copy()
    selection["sample"] = [chosen[index] for index in selection.index]
    selection = selection.sample(frac=1, random_state=7).reset_index(drop=True)
    selection["batch"] = np.arange(len(selection)) % batches
    selection["key"] = [
        f"b{batch:02d}-{number:03d}" for batch, number in zip(selection["batch"], selection.groupby("batch").cumcount())
    ]
    selection.drop(columns=["row"]).to_csv(out / "selection.csv", index=False)
    texts = frame["description"].astype(str)
    for batch in range(batches):
        part = selection[selection["batch"] == batch]
        with open(out / f"batch{batch:02d}.txt", "w", encoding="utf-8") as handle:
            handle.write(f"# {len(part)} job-posting descriptions (titles removed). Label each one.\n\n")
            for key, row in zip(part["key"], part["row"]):
                body = texts.iloc[row]
                body = html_to_text(body)[0] if looks_like_html(body) else body
                body = re.sub(r"\n\s*\n+", "\n", re.sub(r"[ \t]+", " ", body)).strip()
                body = body[:CHARACTERS] + " [...]" if len(body) > CHARACTERS else body
                handle.write(f"=== {key} ===\n{body}\n\n")
    print(selection.groupby(["source", "sample"]).size().unstack(fill_value=0).to_string())
    print(f"{len(selection)} postings in {batches} batches written to {out}")


if __name__ == "__main__":
    main()
