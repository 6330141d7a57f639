"""Model quality on the shared postings, split by company: jobclass against a plain TF-IDF baseline.

For each setting the script prints out-of-fold macro-F1 (GroupKFold by company, 5 folds):
  * data_science vs ml_engineering, raw text and with role names masked in train and test text
  * three labels (with other), raw and masked; also scored on a balanced mix (other down-sampled
    to the size of ml_engineering, averaged over 20 draws), since other roles swamp this file

Run: python benchmarks/model_quality.py
"""

from __future__ import annotations

import re
import time

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _shared import POSTINGS, require  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from classifier.config import ROLE_NAME_PATTERN  # noqa: E402
from classifier.features import SkillFeatures  # noqa: E402
from classifier.model import prepare_training_data, sqrt_balanced_weights  # noqa: E402

FOLDS = 5
MASK = re.compile(ROLE_NAME_PATTERN)


def jobclass_predictions(features, labels, splits, C: float = 2.0) -> np.ndarray:
    predictions = np.empty(len(labels), dtype=object)
    for train, test in splits:
        model = LogisticRegression(C=C, class_weight=sqrt_balanced_weights(labels[train]), max_iter=5000)
        model.fit(features[train], labels[train])
        predictions[test] = model.predict(features[test])
    return predictions


def baseline_predictions(texts: np.ndarray, labels, splits) -> np.ndarray:
    predictions = np.empty(len(labels), dtype=object)
    for train, test in splits:
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        model = LogisticRegression(C=10.0, max_iter=2000)  # C=1 underfits badly here (0.64); 10 is fair
        model.fit(vectorizer.fit_transform(texts[train]), labels[train])
        predictions[test] = model.predict(vectorizer.transform(texts[test]))
    return predictions


def balanced_macro_f1(labels: np.ndarray, predictions: np.ndarray, draws: int = 20) -> float:
    rng = np.random.default_rng(0)
    other = np.flatnonzero(labels == "other")
    rest = np.flatnonzero(labels != "other")
    size = int((labels == "ml_engineering").sum())
    scores = []
    for _ in range(draws):
        chosen = np.concatenate([rest, rng.choice(other, size, replace=False)])
        scores.append(f1_score(labels[chosen], predictions[chosen], average="macro"))
    return float(np.mean(scores))


def main() -> None:
    frame = pd.read_csv(require(POSTINGS))
    data = prepare_training_data(frame, include_other=True, source=str(POSTINGS))
    labels = data.labels
    raw = np.asarray(data.texts, dtype=object)
    masked = np.asarray([MASK.sub(" ", text) for text in data.texts], dtype=object)
    started = time.perf_counter()
    skills = SkillFeatures().fit(raw)
    features = {"raw": skills.transform(raw), "masked": skills.transform(masked)}
    print(f"skill features for {2 * len(raw)} texts in {time.perf_counter() - started:.1f} s")
    counts = pd.Series(labels).value_counts().to_dict()
    print(
        f"postings: {len(labels)} ({', '.join(f'{k} {v}' for k, v in counts.items())}); "
        f"split: GroupKFold({FOLDS}) by company"
    )

    rows = []
    for setting, keep in (("two labels", labels != "other"), ("three labels", np.ones(len(labels), bool))):
        index = np.flatnonzero(keep)
        y = labels[index]
        splits = list(GroupKFold(FOLDS).split(index, y, data.groups[index]))
        for text_kind, texts in (("raw", raw), ("masked", masked)):
            ours = jobclass_predictions(features[text_kind][index], y, splits)
            base = baseline_predictions(texts[index], y, splits)
            row = {
                "setting": setting,
                "text": text_kind,
                "jobclass": f1_score(y, ours, average="macro"),
                "tfidf_baseline": f1_score(y, base, average="macro"),
            }
            if setting == "three labels":
                row["jobclass_balanced_mix"] = balanced_macro_f1(y, ours)
                row["tfidf_balanced_mix"] = balanced_macro_f1(y, base)
            rows.append(row)
            print(row, flush=True)
    table = pd.DataFrame(rows)
    print()
    print("macro-F1, out of fold, split by company:")
    print(table.to_markdown(index=False, floatfmt=".3f") if _has_tabulate() else table.round(3).to_string(index=False))


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
