"""Model quality on the shared postings, site held out, against labels read from the descriptions.

Leave one source out: for each of the 13 shared files, train on every other file and score the one left
out, so every posting is predicted by a model that never saw its site. Two yardsticks:

- **read labels** (``data/read_labels.csv``): what two readers (a third where they disagreed) said the
  work is, from the description alone, blind to the title and the model (docs/labelling-guide.md).
  ``random`` is a random sample of each source per title label (it measures); ``all read`` adds the
  postings whose title label the model found least likely (confident learning), where titles and
  work part most often.
- **title labels**: what the title rules say (every posting; the labels the model used to learn from).

Models: jobclass (its defaults) and a plain TF-IDF baseline (1-2 grams, sublinear tf, min_df 2,
LogisticRegression C=10), each trained on title labels or on the title labels with the read labels put in
their place (postings read as unsure left out of training); the held-out source's own read labels are
never in its training part. Texts raw, and with the role names (data scientist, machine learning
engineer, ...) masked in training and test text. Also printed: the job titles' own score against the read
labels (the bar a model must clear), two labels (data_science vs ml_engineering, the three-label
model restricted to the two as ``classify --labels`` does) against titles, and a table per held-out
source.

Run: python benchmarks/model_quality.py             (about 40 minutes on two cores)
     python benchmarks/model_quality.py --quick     (jobclass on raw text only, about 10 minutes)
     python benchmarks/model_quality.py --set-aside (also: unread suspects left out of training)
     python benchmarks/model_quality.py --mask-training (also: jobclass trained on masked text, scored raw)
     python benchmarks/model_quality.py --c 5 --class-weight sqrt   (jobclass with other settings)
     python benchmarks/model_quality.py --read-labels PATH          (another file of read labels)
     python benchmarks/model_quality.py --write docs/validation.md  (also write the tables to that page)
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from _shared import REPO, SHARED, likely_mislabelled, require
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import f1_score
from sklearn.preprocessing import normalize

from classifier.config import DATA_SCIENCE, DEFAULT_CLASS_WEIGHT, LABELS, ML_ENGINEERING, ROLE_NAME_PATTERN
from classifier.labels import ID_DIGEST_COLUMN, UNSURE, id_digest
from classifier.model import DEFAULT_C, _out_of_fold, build_pipeline, class_weights, prepare_training_data
from classifier.postings import read_many

MASK = re.compile(ROLE_NAME_PATTERN)
CLASSES = list(LABELS)
#: With --weight-read K: each read posting counts K times in training.
REPEAT = int(sys.argv[sys.argv.index("--weight-read") + 1]) if "--weight-read" in sys.argv else 1


def _option(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def baseline_folds(texts: list[str], sources: np.ndarray):
    """TF-IDF(1-2, min_df 2, sublinear) per fold, from one count of every term (same as fitting per fold)."""
    counts = CountVectorizer(ngram_range=(1, 2), dtype=np.float32).fit_transform(texts).tocsr()

    def fold(train: np.ndarray, test: np.ndarray):
        present = counts[train].copy()
        present.data[:] = 1
        frequency = np.asarray(present.sum(axis=0)).ravel()
        kept = np.flatnonzero(frequency >= 2)
        idf = np.log((1 + len(train)) / (1 + frequency[kept])) + 1

        def weigh(rows: np.ndarray):
            matrix = counts[rows][:, kept].astype(np.float64)
            matrix.data = np.log1p(matrix.data) + 1  # sublinear_tf: 1 + log(tf)
            return normalize(matrix @ sp.diags(idf))

        return weigh(train), weigh(test)

    return fold


def jobclass_folds(texts: list[str], sources: np.ndarray):
    step = build_pipeline().named_steps["features"]
    _, skill_counts, every = step.fit_counts(texts, sources=sources)
    return lambda train, test: step.fold(skill_counts, every, sources, train, test)


def masked_training_folds(
    texts: list[str], sources: np.ndarray, copies: bool = False, train_raw: bool = False, test_masked: bool = False
):
    """As ``train --mask-role-names`` learns and predicts: each fold learns from its training postings with
    the role names masked, and scores its test postings as written (in the vocabulary of the masked text).
    ``copies``: each fold learns from its postings as written and, beside them, a masked copy of each that
    names a role (as ``train --masked-copies``)."""
    step = build_pipeline().named_steps["features"]
    count = len(texts)
    masked = [MASK.sub(" ", text) for text in texts]
    changed = np.array([one != other for one, other in zip(masked, texts)])
    _, skill_counts, every = step.fit_counts(masked + texts, sources=np.concatenate([sources, sources]))
    both = np.concatenate([sources, sources])
    test_shift = 0 if test_masked else count
    if not copies:
        train_shift = count if train_raw else 0
        return lambda train, test: step.fold(skill_counts, every, both, train + train_shift, test + test_shift)
    # rows 0..count-1: the postings as written; then the masked copies of those that name a role
    copied = np.flatnonzero(changed)
    order = np.concatenate([np.arange(count) + count, copied])
    fold = lambda train, test: step.fold(  # noqa: E731
        skill_counts, every, both, order[train], order[test] - (count if test_masked else 0) * (order[test] >= count)
    )
    fold.copied = copied
    return fold


def held_out_probabilities(folds, train_labels, sources, trainable, *, C, class_weight, repeat=None) -> np.ndarray:
    """Each source scored by a model trained on the other sources' trainable postings (those of ``repeat``,
    a mask, counted ``REPEAT`` times: weighted up)."""
    names = sorted(set(sources))
    splits = []
    for name in names:
        train = np.flatnonzero((sources != name) & trainable)
        if repeat is not None:
            extra = np.flatnonzero((sources != name) & trainable & repeat)
            train = np.sort(np.concatenate([train] + [extra] * (REPEAT - 1)))
        splits.append((train, np.flatnonzero(sources == name)))
    weights = class_weights(train_labels[trainable], class_weight) if class_weight else None
    _, probabilities = _out_of_fold(
        folds, train_labels, splits, CLASSES, C=C, class_weight=weights, random_state=0, n_jobs=2
    )
    return probabilities


def macro_f1(truth, guess) -> float:
    return float(f1_score(truth, guess, average="macro", labels=sorted(set(truth))))


def main() -> None:
    quick = "--quick" in sys.argv
    scheme = _option("--class-weight", DEFAULT_CLASS_WEIGHT)
    jobclass_c = float(_option("--c", str(DEFAULT_C)))
    read_path = require(REPO / _option("--read-labels", "data/read_labels.csv"))
    frame = read_many(sorted(str(path) for path in require(SHARED / "data").glob("*.csv.gz")))
    data = prepare_training_data(frame, include_other=True, source="shared postings")
    sources = data.sources
    ids = frame["id"].map(id_digest).to_numpy()[data.row_index]
    read_table = pd.read_csv(read_path, dtype=str, keep_default_na=False)
    if ID_DIGEST_COLUMN not in read_table:  # a file that names postings by their ids
        read_table[ID_DIGEST_COLUMN] = read_table["id"].map(id_digest)
    read_table = read_table.set_index(["source", ID_DIGEST_COLUMN])
    keys = pd.MultiIndex.from_arrays([sources, ids])
    read = read_table["label"].reindex(keys).to_numpy(dtype=object)
    sample = read_table["sample"].reindex(keys).to_numpy(dtype=object)
    titles = data.labels
    is_read = pd.notna(read) & (read != UNSURE)
    random_rows = is_read & (sample == "random")
    corrected = np.where(is_read, read, titles).astype(object)
    trainable_read = read != UNSURE
    header = [
        f"{len(titles)} postings from {len(set(sources))} sources; {int(is_read.sum())} read "
        f"({int(random_rows.sum())} in the random sample), {int((read == UNSURE).sum())} read as unsure; "
        f"split: leave one source out; jobclass label weights {scheme}, C={jobclass_c:g}",
        f"job titles against the read labels: macro-F1 {macro_f1(read[random_rows], titles[random_rows]):.3f} "
        f"(random sample), {macro_f1(read[is_read], titles[is_read]):.3f} (all read); they agree on "
        f"{np.mean(read[random_rows] == titles[random_rows]):.1%} of the random sample",
    ]
    print("\n".join(header), flush=True)
    variants = [("jobclass", "titles", "raw"), ("jobclass", "read", "raw")]
    if not quick:
        variants += [("jobclass", "titles", "masked"), ("jobclass", "read", "masked")]
        variants += [
            (model, labels, text) for model in ("tfidf",) for labels in ("titles", "read") for text in ("raw", "masked")
        ]
    if "--set-aside" in sys.argv:
        variants.append(("jobclass", "read, suspects set aside", "raw"))
    if REPEAT > 1:
        variants.append(("jobclass", f"read x{REPEAT}", "raw"))
    if "--mask-training" in sys.argv:
        variants.append(("jobclass", "read", "raw, trained masked"))
        if REPEAT > 1:
            variants.append(("jobclass", f"read x{REPEAT}", "raw, trained masked"))
    if "--masked-copies" in sys.argv:
        variants.append(("jobclass", "read", "raw, trained raw + masked copies"))
    if "--masked-test" in sys.argv:  # role names removed from the held-out text, as some hidden sites' readers saw it
        variants += [
            ("jobclass", "read", "masked, trained raw"),
            ("jobclass", "read", "masked, trained masked"),
            ("jobclass", "read", "masked, trained raw + masked copies"),
        ]
    if "--only-extra" in sys.argv:  # the options' variants alone (the base ones measured before)
        variants = variants[2:]
    rows, per_source = [], {}
    held_out: dict[tuple[str, str, str], np.ndarray] = {}
    feature_cache: dict[tuple[str, str], object] = {}
    for model, labels, text in variants:
        started = time.perf_counter()
        if (model, text) not in feature_cache and text == "raw, trained masked":
            feature_cache[model, text] = masked_training_folds(data.texts, sources)
        elif (model, text) not in feature_cache and text == "raw, trained raw + masked copies":
            feature_cache[model, text] = masked_training_folds(data.texts, sources, copies=True)
        elif (model, text) not in feature_cache and text.startswith("masked, trained"):
            feature_cache[model, text] = masked_training_folds(
                data.texts, sources, copies="copies" in text, train_raw="trained raw" in text, test_masked=True
            )
        elif (model, text) not in feature_cache:
            texts = [MASK.sub(" ", value) for value in data.texts] if text == "masked" else data.texts
            feature_cache[model, text] = (jobclass_folds if model == "jobclass" else baseline_folds)(texts, sources)
        folds = feature_cache[model, text]
        train_labels = titles if labels == "titles" else corrected
        trainable = np.ones(len(titles), dtype=bool) if labels == "titles" else trainable_read.copy()
        if "set aside" in labels:  # confident-learning suspects of the title-trained model, unread
            trainable &= ~(likely_mislabelled(titles, held_out["jobclass", "titles", "raw"], CLASSES) & ~is_read)
        copied = getattr(folds, "copied", np.zeros(0, dtype=int))  # rows learned from twice (as a masked copy)
        probabilities = held_out_probabilities(
            folds,
            np.concatenate([train_labels, train_labels[copied]]),
            np.concatenate([sources, sources[copied]]),  # a copy is held out with its source (and not scored)
            np.concatenate([trainable, trainable[copied]]),
            C=jobclass_c if model == "jobclass" else 10.0,
            class_weight=scheme if model == "jobclass" else None,
            repeat=np.concatenate([is_read, is_read[copied]]) if labels == f"read x{REPEAT}" else None,
        )[: len(titles)]
        held_out[model, labels, text] = probabilities
        predicted = np.asarray(CLASSES, dtype=object)[probabilities.argmax(axis=1)]
        roles = np.isin(titles, [DATA_SCIENCE, ML_ENGINEERING])
        two = probabilities[:, :2].argmax(axis=1)
        row = {
            "model": model,
            "trained on": labels,
            "text": text,
            "read (random)": macro_f1(read[random_rows], predicted[random_rows]),
            "read (all)": macro_f1(read[is_read], predicted[is_read]),
            "titles": macro_f1(titles, predicted),
            "titles, 2 labels": macro_f1(titles[roles], np.asarray(CLASSES)[two[roles]]),
        }
        rows.append(row)
        for name in sorted(set(sources)):
            held = (sources == name) & random_rows
            per_source.setdefault(name, {"read": int(held.sum()), "titles": macro_f1(read[held], titles[held])})
            per_source[name][f"{model} {labels} {text}"] = macro_f1(read[held], predicted[held])
        print(
            f"  {model}, trained on {labels}, {text}: read {row['read (random)']:.3f} / {row['read (all)']:.3f}, "
            f"titles {row['titles']:.3f} ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    report = [
        "three-label macro-F1, leave one source out (read: against the labels read from the descriptions, random",
        "sample or all read postings; titles: against the title labels of every posting; 2 labels: data_science vs",
        "ml_engineering on the postings titled so, the three-label model restricted to the two):",
        pd.DataFrame(rows).round(3).to_string(index=False),
        "",
        "against the read labels of each held-out source's random sample (titles: the job titles themselves):",
        pd.DataFrame(per_source).T.round(3).to_string(),
    ]
    print()
    print("\n".join(report))
    if "--write" in sys.argv:
        _write_page(Path(_option("--write", "docs/validation.md")), header, report)


def _write_page(path: Path, header: list[str], report: list[str]) -> None:
    """The tables as a Markdown page, with the command and commit that made them."""
    import subprocess

    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    command = "python benchmarks/model_quality.py " + " ".join(arg for arg in sys.argv[1:])
    text = [
        "# Validation against labels read from the descriptions",
        "",
        "Written by `benchmarks/model_quality.py` (do not edit by hand): every held-out posting is predicted by a",
        "model that never saw its site (leave one source out over the 13 shared files), and scored against the",
        "labels two blind readers gave it from its description (`data/read_labels.csv`, docs/labelling-guide.md)",
        "and against the title labels.",
        "",
        f"Command: `{command.strip()}`, at commit `{commit.stdout.strip() or 'unknown'}`.",
        "",
        "```",
        *header,
        "",
        *report,
        "```",
        "",
    ]
    (path if path.is_absolute() else REPO / path).write_text("\n".join(text), encoding="utf-8")
    print(f"written to {path}")


if __name__ == "__main__":
    main()
