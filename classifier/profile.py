"""What postings of each role ask for, data science beside ML engineering, measured on a posting file.

``profile(source)`` labels every posting (or reads a ``label`` column), finds its skills and facts
(:mod:`classifier.facts`) and returns a :class:`Profile`: for each label the postings, the skills
most asked for by kind, education, experience, seniority, work arrangement and annual salary by
currency; data science beside ML engineering with the difference of each share and its 95 %
interval; optionally the same over groups (a column, or a date's month or year); and the founding
document's claims set against what the postings show. ``Profile.to_dict()`` is ``profile.json``;
:mod:`classifier.profile_report` renders ``report.html``.

Shares are of all the postings of a label (a posting that states no degree counts as "not
stated"); medians and quartiles are of the postings that state the fact. Role shares are counts of
labels, with the model's errors; when the model labelled the postings, the profile also gives each
label's share estimated as ``jobclass prevalence`` does (the adjusted method, with 95 % intervals).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from classifier.config import DATA_SCIENCE, ML_ENGINEERING, TEXT_COLUMN_CANDIDATES
from classifier.errors import JobclassError
from classifier.postings import (
    DEFAULT_CHUNK_SIZE,
    SOURCE_COLUMN,
    expand_inputs,
    find_column,
    iter_postings,
    posting_sources,
)
from classifier.predict import STATUS_OK, Predictor, posting_facts
from classifier.taxonomy import SKILL_KINDS

#: Candidate names of a date column, for ``by="month"`` or ``"year"``.
DATE_COLUMN_CANDIDATES = ("date", "posted", "date_posted", "posted_at", "posting_date", "created", "published")
EDUCATION_LEVELS = ("not stated", "bachelor", "master", "phd")
#: Years of experience asked for, in buckets [low, high): "2-3" holds 2 to 3.5 years.
EXPERIENCE_BUCKETS = (("under 2", 0, 2), ("2-3", 2, 4), ("4-5", 4, 6), ("6-9", 6, 10), ("10+", 10, math.inf))
SENIORITY_LEVELS = ("intern", "junior", "mid", "senior", "lead or staff", "principal", "manager")
WORK_ARRANGEMENTS = ("remote", "hybrid", "on-site")
#: The kinds whose top skills are followed over groups: technologies, not methods.
_TRACKED_KINDS = ("language", "library", "platform", "tool")
#: A share difference or claim needs at least this many postings of each role.
MIN_POSTINGS = 10

#: The founding document's claims: which tools and methods each role uses.
DATA_SCIENCE_CLAIMS = (
    "statistics",
    "SQL",
    "R",
    "Python",
    "pandas",
    "NumPy",
    "Jupyter",
    "exploratory data analysis",
    "A/B testing",
    "data visualization",
    "Tableau",
    "Power BI",
    "matplotlib",
    "dashboards",
)
ML_ENGINEERING_CLAIMS = (
    "TensorFlow",
    "PyTorch",
    "Keras",
    "scikit-learn",
    "model deployment",
    "data pipelines",
    "model monitoring",
    "Docker",
    "Kubernetes",
    "AWS SageMaker",
    "Azure ML",
    "Vertex AI",
    "Java",
    "C++",
)

_ROW_COLUMNS = (
    "label",
    "skills",
    "salary_currency",
    "salary_annual",
    "education_level",
    "education_required",
    "education_fields",
    "experience_min_years",
    "seniority",
    "work_arrangement",
    "group",
)


# -- statistics ---------------------------------------------------------------------------------------


def wilson_interval(successes: int, total: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95 % by default); (0, 1) for no observations."""
    if total <= 0:
        return 0.0, 1.0
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    return low, 1.0 if successes >= total else min(1.0, centre + half)


def difference_interval(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float, float]:
    """``p1 - p2`` and its 95 % interval by Newcombe's hybrid score method (his method 10).

    Unlike the Wald interval it stays inside [-1, 1] and keeps its coverage for shares near 0 or 1.
    """
    p1 = k1 / n1 if n1 else 0.0
    p2 = k2 / n2 if n2 else 0.0
    l1, u1 = wilson_interval(k1, n1)
    l2, u2 = wilson_interval(k2, n2)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return difference, max(-1.0, low), min(1.0, high)


def median_difference_interval(
    first: np.ndarray, second: np.ndarray, *, resamples: int = 2000, seed: int = 0
) -> tuple[float, float, float]:
    """``median(first) - median(second)`` and its 95 % percentile bootstrap interval."""
    rng = np.random.default_rng(seed)
    first, second = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    a = np.median(rng.choice(first, size=(resamples, len(first))), axis=1)
    b = np.median(rng.choice(second, size=(resamples, len(second))), axis=1)
    low, high = np.percentile(a - b, [2.5, 97.5])
    return float(np.median(first) - np.median(second)), float(low), float(high)


def _share(count: int, total: int) -> dict[str, Any]:
    return {"postings": int(count), "share": round(count / total, 4) if total else None}


def _points(share: float) -> str:
    """A share difference in percentage points, signed: "+12", "-3", "0" (never "-0")."""
    value = round(100 * share)
    return f"{value:+d}" if value else "0"


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), digits)


# -- the result -----------------------------------------------------------------------------------------


@dataclass
class Profile:
    """The figures of a role profile; :meth:`to_dict` is ``profile.json``."""

    postings: int
    labelled_by: str
    labels: dict[str, int]
    unlabelled: int
    skills: dict[str, dict[str, list[dict[str, Any]]]]
    comparison: dict[str, Any] | None
    education: dict[str, dict[str, Any]]
    experience: dict[str, dict[str, Any]]
    seniority: dict[str, dict[str, Any]]
    work_arrangement: dict[str, dict[str, Any]]
    salary: dict[str, dict[str, Any]]
    claims: list[dict[str, Any]]
    groups: dict[str, Any] | None = None
    sources: list[str] = field(default_factory=list)
    #: The share of each label estimated by an adjusted method with its 95 % interval
    #: (:mod:`classifier.prevalence`), when the model labelled the postings.
    prevalence: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "postings": self.postings,
            "sources": self.sources,
            "labelled_by": self.labelled_by,
            "labels": {label: _share(count, sum(self.labels.values())) for label, count in self.labels.items()},
            "unlabelled": self.unlabelled,
            "prevalence": self.prevalence,
            "skills": self.skills,
            "comparison": self.comparison,
            "education": self.education,
            "experience": self.experience,
            "seniority": self.seniority,
            "work_arrangement": self.work_arrangement,
            "salary": self.salary,
            "over": self.groups,
            "claims": self.claims,
        }


# -- reading ------------------------------------------------------------------------------------------


def _profile_chunk(
    predictor: Predictor, chunk: pd.DataFrame, options: dict[str, Any], *, label_column: str | None, by: str | None
) -> pd.DataFrame:
    """One chunk's rows for the profile: label, skills, facts and group (run in the workers)."""
    predicted = predictor.predict_frame(chunk, **options)
    source = options["source"]
    text_col = find_column(chunk, options["text_column"], TEXT_COLUMN_CANDIDATES, "text", source, required=False)
    texts = chunk[text_col].tolist() if text_col is not None else [None] * len(chunk)
    rows: dict[str, list[Any]] = {name: [] for name in _ROW_COLUMNS}
    for facts in posting_facts(chunk, texts, source):
        salary = facts.salary if facts else None
        education = facts.education if facts else None
        experience = facts.experience if facts else None
        annual = None
        if salary is not None and salary.currency:
            bounds = [value for value in (salary.annual_minimum, salary.annual_maximum) if value is not None]
            annual = sum(bounds) / len(bounds) if bounds else None
        rows["salary_currency"].append(salary.currency if annual is not None else None)
        rows["salary_annual"].append(annual)
        rows["education_level"].append(education.level if education else None)
        rows["education_required"].append(education.required if education else None)
        rows["education_fields"].append("; ".join(education.fields) if education else "")
        rows["experience_min_years"].append(experience.min_years if experience else None)
        rows["seniority"].append(facts.seniority.value if facts and facts.seniority else None)
        rows["work_arrangement"].append(facts.work_arrangement.value if facts and facts.work_arrangement else None)
    if label_column is not None and label_column in chunk.columns:
        given = chunk[label_column].astype("object")
        blank = given.isna() | (given.astype(str).str.strip() == "")
        rows["label"] = given.astype(str).str.strip().where(~blank, "").tolist()
    else:
        rows["label"] = predicted["label"].where(predicted["status"] == STATUS_OK, "").tolist()
    rows["skills"] = predicted["skills"].tolist()
    ok = (predicted["status"] == STATUS_OK).to_numpy()
    for label in predictor.labels:  # the model's probabilities, for the prevalence estimates
        rows[f"p_{label}"] = np.where(ok, predicted[f"p_{label}"].to_numpy(dtype=float), np.nan).tolist()
    rows["group"] = chunk[by].tolist() if by is not None and by in chunk.columns else [None] * len(chunk)
    return pd.DataFrame(rows)


def _chunks_of(
    sources: Sequence[Path | str],
    *,
    chunk_size: int,
    encoding: str | None,
    on_progress: Callable[[int, int], None] | None,
) -> Iterator[pd.DataFrame]:
    """The chunks of every input; with several files each keeps its source (a column, else the file's name)."""
    if len(sources) == 1:
        yield from iter_postings(sources[0], chunk_size=chunk_size, encoding=encoding, on_progress=on_progress)
        return
    sizes = [Path(path).stat().st_size for path in sources]
    total, before = sum(sizes), 0
    for path, size in zip(sources, sizes):

        def report(done: int, _total: int, before: int = before) -> None:
            if on_progress is not None:
                on_progress(before + done, total)

        for chunk in iter_postings(path, chunk_size=chunk_size, encoding=encoding, on_progress=report):
            column = find_column(chunk, None, (SOURCE_COLUMN,), "source", str(path), required=False)
            chunk[column or SOURCE_COLUMN] = posting_sources(chunk, path)
            yield chunk
        before += size


def _resolve_by(by: str | None, columns: Sequence[str], where: str) -> tuple[str | None, str | None]:
    """The column to group by and its period (``month``, ``year`` or None) from ``by``."""
    if by is None:
        return None, None
    if by in ("month", "year") and by not in columns:
        found = next((name for name in columns if str(name).lower() in DATE_COLUMN_CANDIDATES), None)
        if found is None:
            raise JobclassError(
                f"{where}: --by {by} needs a date column ({', '.join(DATE_COLUMN_CANDIDATES)}); name one as COLUMN:{by}"
            )
        return found, by
    from classifier.classify import split_period

    column, period = split_period(by)
    if column not in columns:
        known = ", ".join(str(name) for name in columns if not str(name).startswith("__"))
        raise JobclassError(f"{where}: no column {column!r} to group by (columns: {known})")
    return column, period


def _group_keys(values: pd.Series, period: str | None) -> pd.Series:
    """Each posting's group: its value as text, or the month or year of a date (as for prevalence)."""
    from classifier.classify import group_keys

    return pd.Series(group_keys(values.to_numpy(dtype=object), period), index=values.index)


# -- figures ------------------------------------------------------------------------------------------


def _split(values: pd.Series) -> list[list[str]]:
    return [value.split("; ") if isinstance(value, str) and value else [] for value in values]


def _skill_counts(rows: pd.DataFrame) -> Counter[str]:
    counts: Counter[str] = Counter()
    for names in _split(rows["skills"]):
        counts.update(names)
    return counts


def _top_skills(counts: Counter[str], total: int, categories: dict[str, str], top: int) -> dict[str, list]:
    by_kind: dict[str, list[dict[str, Any]]] = {kind: [] for kind in SKILL_KINDS}
    for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        kind = categories.get(name)
        if kind in by_kind and len(by_kind[kind]) < top:
            by_kind[kind].append({"skill": name, **_share(count, total)})
    return by_kind


def _compare_skills(
    first: Counter[str], n1: int, second: Counter[str], n2: int, categories: dict[str, str], top: int
) -> dict[str, list[dict[str, Any]]]:
    """Per kind: the skills most asked for by either role, with both shares and their difference."""
    result: dict[str, list[dict[str, Any]]] = {}
    for kind in SKILL_KINDS:
        names = {name for name in set(first) | set(second) if categories.get(name) == kind}
        ranked = sorted(names, key=lambda name: (-max(first[name] / n1, second[name] / n2), name))[:top]
        rows = [_compared(name, first[name], n1, second[name], n2) for name in ranked]
        result[kind] = sorted(rows, key=lambda row: (-row["difference"], row["skill"]))
    return result


def _compared(name: str, k1: int, n1: int, k2: int, n2: int) -> dict[str, Any]:
    difference, low, high = difference_interval(k1, n1, k2, n2)
    return {
        "skill": name,
        "first": _share(k1, n1),
        "second": _share(k2, n2),
        "difference": round(difference, 4),
        "low": round(low, 4),
        "high": round(high, 4),
    }


def _distribution(values: pd.Series, order: Sequence[str], total: int, missing: str | None = None) -> dict:
    counts = values.value_counts()
    stated = int(values.notna().sum())
    result: dict[str, Any] = {"stated": stated, "values": {}}
    for name in order:
        count = (total - stated) if name == missing else int(counts.get(name, 0))
        result["values"][name] = _share(count, total)
    return result


def _education(rows: pd.DataFrame) -> dict[str, Any]:
    total = len(rows)
    levels = _distribution(rows["education_level"], EDUCATION_LEVELS, total, missing="not stated")
    required = rows["education_required"]
    fields: Counter[str] = Counter()
    for names in _split(rows["education_fields"]):
        fields.update(names)
    levels["required"] = int((required == True).sum())  # noqa: E712 - a column of True, False and None
    levels["preferred"] = int((required == False).sum())  # noqa: E712
    levels["advanced"] = _share(int(rows["education_level"].isin(["master", "phd"]).sum()), total)
    levels["fields"] = [
        {"field": name, **_share(count, total)} for name, count in sorted(fields.items(), key=lambda i: (-i[1], i[0]))
    ]
    return levels


def _quartiles(values: np.ndarray) -> dict[str, Any]:
    if len(values) == 0:
        return {"stated": 0, "median": None, "q1": None, "q3": None, "p10": None, "p90": None}
    p10, q1, median, q3, p90 = np.percentile(values, [10, 25, 50, 75, 90])
    return {
        "stated": int(len(values)),
        "median": _round(median, 2),
        "q1": _round(q1, 2),
        "q3": _round(q3, 2),
        "p10": _round(p10, 2),
        "p90": _round(p90, 2),
    }


def _experience(rows: pd.DataFrame) -> dict[str, Any]:
    years = pd.to_numeric(rows["experience_min_years"], errors="coerce").dropna().to_numpy(dtype=float)
    result = _quartiles(years)
    result["buckets"] = {
        name: _share(int(((years >= low) & (years < high)).sum()), len(years)) for name, low, high in EXPERIENCE_BUCKETS
    }
    return result


def _salary(rows: pd.DataFrame) -> dict[str, Any]:
    stated = rows.dropna(subset=["salary_annual"])
    result: dict[str, Any] = {"stated": int(len(stated)), "currencies": {}}
    for currency, part in sorted(stated.groupby("salary_currency"), key=lambda item: (-len(item[1]), item[0])):
        result["currencies"][str(currency)] = _quartiles(part["salary_annual"].to_numpy(dtype=float))
    return result


def _groups(
    rows: pd.DataFrame,
    by: str,
    period: str | None,
    labels: Sequence[str],
    tracked: dict[str, list[str]],
    calibration: Any = None,
) -> dict[str, Any]:
    keys = _group_keys(rows["group"], period)
    result: dict[str, Any] = {"by": f"{by}:{period}" if period else by, "tracked_skills": tracked, "groups": {}}
    for key, part in sorted(rows.groupby(keys), key=lambda item: str(item[0])):
        entry: dict[str, Any] = {"postings": int(len(part)), "labels": {}, "skills": {}}
        labelled = part[part["label"] != ""]
        for label in labels:
            of_label = labelled[labelled["label"] == label]
            entry["labels"][label] = _share(len(of_label), len(labelled))
            if tracked.get(label):
                counts = _skill_counts(of_label)
                entry["skills"][label] = {name: _share(counts[name], len(of_label)) for name in tracked[label]}
        if calibration is not None:
            entry["prevalence"] = _prevalence(part, calibration)
        result["groups"][str(key)] = entry
    return result


def _claims(by_label: dict[str, pd.DataFrame], counts: dict[str, Counter[str]]) -> list[dict[str, Any]]:
    """The founding document's claims, each with what the postings show and a verdict."""
    if DATA_SCIENCE not in by_label or ML_ENGINEERING not in by_label:
        return []
    ds, ml = by_label[DATA_SCIENCE], by_label[ML_ENGINEERING]
    n_ds, n_ml = len(ds), len(ml)
    claims: list[dict[str, Any]] = []

    def share_claim(topic: str, claim: str, k_ds: int, k_ml: int, direction: int) -> None:
        difference, low, high = difference_interval(k_ds, n_ds, k_ml, n_ml)
        if min(n_ds, n_ml) < MIN_POSTINGS:
            verdict = "too few postings"
        elif (low > 0 and direction > 0) or (high < 0 and direction < 0):
            verdict = "supported"
        elif (low > 0 and direction < 0) or (high < 0 and direction > 0):
            verdict = "contradicted"
        else:
            verdict = "no clear difference"
        claims.append(
            {
                "topic": topic,
                "claim": claim,
                "shows": f"data science {k_ds / n_ds:.0%} ({k_ds:,} of {n_ds:,}), ML engineering "
                f"{k_ml / n_ml:.0%} ({k_ml:,} of {n_ml:,}); difference {_points(difference)} points "
                f"[{_points(low)}, {_points(high)}]",
                "verdict": verdict,
                "data_science": _share(k_ds, n_ds),
                "ml_engineering": _share(k_ml, n_ml),
                "difference": round(difference, 4),
                "low": round(low, 4),
                "high": round(high, 4),
            }
        )

    for name in DATA_SCIENCE_CLAIMS:
        share_claim("tools", f"Data scientists use {name} more than ML engineers", counts[DATA_SCIENCE][name],
                    counts[ML_ENGINEERING][name], +1)  # fmt: skip
    for name in ML_ENGINEERING_CLAIMS:
        share_claim("tools", f"ML engineers use {name} more than data scientists", counts[DATA_SCIENCE][name],
                    counts[ML_ENGINEERING][name], -1)  # fmt: skip

    def stating(rows: pd.DataFrame, test: Callable[[pd.DataFrame], pd.Series]) -> int:
        return int(test(rows).sum())

    def degree(rows: pd.DataFrame) -> pd.Series:
        return rows["education_level"].notna()

    def advanced(rows: pd.DataFrame) -> pd.Series:
        return rows["education_level"].isin(["master", "phd"])

    share_claim("education", "Data science asks for an advanced degree (master's or PhD) more often",
                stating(ds, advanced), stating(ml, advanced), +1)  # fmt: skip
    for names, role, direction in (
        (("statistics", "mathematics"), "Data science", +1),
        (("computer science",), "ML engineering", -1),
    ):
        field_test = functools.partial(_names_field, names=names)
        share_claim("education", f"{role} asks for a degree in {' or '.join(names)} more often",
                    stating(ds, field_test), stating(ml, field_test), direction)  # fmt: skip
    k_ds, k_ml = stating(ds, degree), stating(ml, degree)
    lowest = min(wilson_interval(k_ds, n_ds)[0], wilson_interval(k_ml, n_ml)[0])
    claims.append(
        {
            "topic": "education",
            "claim": "Most postings of both roles ask for a degree",
            "shows": f"data science {k_ds / n_ds:.0%} ({k_ds:,} of {n_ds:,}), ML engineering {k_ml / n_ml:.0%} "
            f"({k_ml:,} of {n_ml:,}) name a degree level",
            "verdict": "too few postings"
            if min(n_ds, n_ml) < MIN_POSTINGS
            else "supported"
            if lowest > 0.5
            else "contradicted"
            if max(wilson_interval(k_ds, n_ds)[1], wilson_interval(k_ml, n_ml)[1]) < 0.5
            else "no clear difference",
            "data_science": _share(k_ds, n_ds),
            "ml_engineering": _share(k_ml, n_ml),
        }
    )
    claims.append(_advanced_degree_claim(ds))
    claims.extend(_experience_claims(ds, ml))
    claims.extend(_salary_claims(ds, ml))
    return claims


def _advanced_degree_claim(ds: pd.DataFrame) -> dict[str, Any]:
    """"Data scientists typically hold a master's degree or PhD": of the data-science postings that name a degree
    level, the share whose lowest level asked is a master's or PhD, with its Wilson interval against one half."""
    stating = ds["education_level"].notna()
    k, n = int(ds["education_level"].isin(["master", "phd"]).sum()), int(stating.sum())
    low, high = wilson_interval(k, n)
    verdict = (
        "too few postings" if n < MIN_POSTINGS else "supported" if low > 0.5 else "contradicted" if high < 0.5
        else "no clear difference"
    )  # fmt: skip
    return {
        "topic": "education",
        "claim": "Data scientists typically need a master's degree or PhD",
        "shows": f"{k:,} of {n:,} data-science postings naming a degree level ask at least a master's "
        f"({k / n if n else 0:.0%} [{low:.0%}, {high:.0%}])",
        "verdict": verdict,
        "data_science": _share(k, n),
        "low": round(low, 4),
        "high": round(high, 4),
    }


def _experience_claims(ds: pd.DataFrame, ml: pd.DataFrame) -> list[dict[str, Any]]:
    """"ML engineering asks for more years of experience": the difference of the median minimum years asked."""
    first = ml["experience_min_years"].dropna().to_numpy(dtype=float)
    second = ds["experience_min_years"].dropna().to_numpy(dtype=float)
    if min(len(first), len(second)) < MIN_POSTINGS:
        return []
    difference, low, high = median_difference_interval(first, second)
    return [
        {
            "topic": "experience",
            "claim": "ML engineering asks for more years of experience than data science",
            "shows": f"median minimum {np.median(first):g} years for ML engineering ({len(first):,} postings stating "
            f"years) and {np.median(second):g} for data science ({len(second):,}); difference {difference:+g} "
            f"[{low:+g}, {high:+g}]",
            "verdict": "supported" if low > 0 else "contradicted" if high < 0 else "no clear difference",
            "difference": round(difference, 2),
            "low": round(low, 2),
            "high": round(high, 2),
        }
    ]


def _names_field(rows: pd.DataFrame, names: Sequence[str]) -> pd.Series:
    return pd.Series(
        [any(name in fields for name in names) for fields in _split(rows["education_fields"])], index=rows.index
    )


def _salary_claims(ds: pd.DataFrame, ml: pd.DataFrame) -> list[dict[str, Any]]:
    claims = []
    currencies = set(ds["salary_currency"].dropna()) & set(ml["salary_currency"].dropna())
    for currency in sorted(currencies):
        first = ds.loc[ds["salary_currency"] == currency, "salary_annual"].to_numpy(dtype=float)
        second = ml.loc[ml["salary_currency"] == currency, "salary_annual"].to_numpy(dtype=float)
        if min(len(first), len(second)) < MIN_POSTINGS:
            continue
        difference, low, high = median_difference_interval(second, first)
        verdict = "supported" if low > 0 else "contradicted" if high < 0 else "no clear difference"
        claims.append(
            {
                "topic": "salary",
                "claim": f"ML engineers earn more than data scientists ({currency})",
                "shows": f"median annual {currency} {np.median(second):,.0f} for ML engineering ({len(second):,} "
                f"postings) and {np.median(first):,.0f} for data science ({len(first):,}); difference "
                f"{difference:+,.0f} [{low:+,.0f}, {high:+,.0f}]",
                "verdict": verdict,
                "currency": currency,
                "ml_engineering": {"postings": len(second), "median": _round(float(np.median(second)), 2)},
                "data_science": {"postings": len(first), "median": _round(float(np.median(first)), 2)},
                "difference": round(difference, 2),
                "low": round(low, 2),
                "high": round(high, 2),
            }
        )
    return claims


# -- the entry point ------------------------------------------------------------------------------------


def profile(
    source: str | Path | Sequence[str | Path],
    *,
    model: str | Path | Predictor | None = None,
    by: str | None = None,
    label_column: str | None = None,
    text_column: str | None = None,
    top: int = 15,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    jobs: int | None = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> Profile:
    """The role profile of one or more posting files (paths, folders, globs or ``-``).

    Postings are labelled by the model unless the input has a ``label`` column (or
    ``label_column`` names one). ``by``: a column to group by, ``COLUMN:month`` or
    ``COLUMN:year`` for a date column, or ``month``/``year`` for the input's date column.
    ``top``: skills listed per kind. ``jobs``: processes (``None`` or 0: all cores).
    When the model labels the postings, ``prevalence`` (overall and per group) gives each
    label's share estimated by the adjusted method of :mod:`classifier.prevalence`, with its
    95 % interval, beside the counted shares.
    """
    from classifier.classify import iter_predictions

    if top < 1:
        raise JobclassError(f"top must be at least 1, got {top}")
    predictor = model if isinstance(model, Predictor) else Predictor.load(model)
    single = isinstance(source, (str, Path)) and (str(source) == "-" or Path(source).is_dir())
    paths: list[Path | str] = [source] if single else list(expand_inputs(source))  # type: ignore[arg-type]
    name = str(paths[0]) if len(paths) == 1 else f"{len(paths)} files"
    chunks = _chunks_of(paths, chunk_size=chunk_size, encoding=encoding, on_progress=on_progress)
    first = next(chunks, None)
    columns = [str(column) for column in first.columns] if first is not None else []
    if label_column is None:
        label_column = next((column for column in columns if column.lower() == "label"), None)
    elif first is not None and label_column not in columns:
        raise JobclassError(f"{name}: no label column {label_column!r}")
    by_column, period = _resolve_by(by, columns, name) if first is not None else (None, None)
    task = functools.partial(_profile_chunk, label_column=label_column, by=by_column)
    frames = list(
        iter_predictions(
            name,
            predictor,
            chunks=itertools.chain([first], chunks) if first is not None else iter(()),
            text_column=text_column,
            chunk_size=chunk_size,
            jobs=jobs,
            task=task,
        )
    )
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({column: [] for column in _ROW_COLUMNS})
    return summarise(
        rows,
        categories=predictor.skill_categories,
        labelled_by=f"column {label_column}" if label_column else f"model {predictor.path or '(in memory)'}",
        labels=predictor.labels if label_column is None else None,
        calibration=_calibration(predictor) if label_column is None else None,
        by=by_column,
        period=period,
        top=top,
        sources=[str(path) for path in paths],
    )


def _calibration(predictor: Predictor) -> Any:
    """The model's prevalence calibration, or None for a model trained without one."""
    from classifier.errors import ModelError

    try:
        return predictor.prevalence_calibration
    except ModelError:
        return None


def _prevalence(rows: pd.DataFrame, calibration: Any) -> dict[str, Any] | None:
    """The adjusted shares of the labels of ``rows`` (from their probabilities) with 95 % intervals."""
    from classifier.prevalence import estimate_prevalence

    columns = [f"p_{label}" for label in calibration.classes]
    if any(column not in rows for column in columns):
        return None
    probabilities = rows[columns].to_numpy(dtype=float)
    probabilities = probabilities[~np.isnan(probabilities).any(axis=1)]
    if len(probabilities) == 0:
        return None
    return estimate_prevalence(probabilities, calibration).to_dict()


def summarise(
    rows: pd.DataFrame,
    *,
    categories: dict[str, str],
    labelled_by: str,
    labels: Sequence[str] | None = None,
    calibration: Any = None,
    by: str | None = None,
    period: str | None = None,
    top: int = 15,
    sources: Sequence[str] = (),
) -> Profile:
    """A :class:`Profile` from one row per posting (the columns of ``_ROW_COLUMNS``)."""
    labelled = rows[rows["label"] != ""]
    present = list(labels) if labels is not None else []
    present += sorted(set(labelled["label"]) - set(present))
    present = [label for label in present if (labelled["label"] == label).any()]
    by_label = {label: labelled[labelled["label"] == label] for label in present}
    counts = {label: _skill_counts(part) for label, part in by_label.items()}
    skills = {label: _top_skills(counts[label], len(part), categories, top) for label, part in by_label.items()}
    comparison = None
    if DATA_SCIENCE in by_label and ML_ENGINEERING in by_label:
        n1, n2 = len(by_label[DATA_SCIENCE]), len(by_label[ML_ENGINEERING])
        comparison = {
            "first": DATA_SCIENCE,
            "second": ML_ENGINEERING,
            "skills": _compare_skills(counts[DATA_SCIENCE], n1, counts[ML_ENGINEERING], n2, categories, top),
        }
    education = {label: _education(part) for label, part in by_label.items()}
    groups = None
    if by is not None:
        tracked = {
            label: [name for name, _ in counts[label].most_common() if categories.get(name) in _TRACKED_KINDS][:5]
            for label in present
        }
        groups = _groups(rows, by, period, present, tracked, calibration)
    return Profile(
        postings=int(len(rows)),
        labelled_by=labelled_by,
        labels={label: int(len(part)) for label, part in by_label.items()},
        unlabelled=int(len(rows) - len(labelled)),
        skills=skills,
        comparison=comparison,
        education=education,
        experience={label: _experience(part) for label, part in by_label.items()},
        seniority={
            label: _distribution(part["seniority"], SENIORITY_LEVELS, len(part)) for label, part in by_label.items()
        },
        work_arrangement={
            label: _distribution(part["work_arrangement"], WORK_ARRANGEMENTS, len(part))
            for label, part in by_label.items()
        },
        salary={label: _salary(part) for label, part in by_label.items()},
        claims=_claims(by_label, counts),
        groups=groups,
        sources=list(sources),
        prevalence=_prevalence(rows, calibration) if calibration is not None else None,
    )


def profile_paths(output: str | Path, inputs: Sequence[str | Path] = ()) -> tuple[Path, Path]:
    """The two files a profile writes into the folder ``output``, checked writable and not an input."""
    from classifier.postings import check_writable, refuse_overwriting_inputs

    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise JobclassError(f"{folder}: not a folder; name the folder to write profile.json and report.html to")
    paths = (folder / "profile.json", folder / "report.html")
    named = [item for item in inputs if str(item) != "-"]
    for path in paths:
        refuse_overwriting_inputs(path, named, "output")
        check_writable(path, "output")
    return paths


def write_profile(result: Profile, output: str | Path, *, inputs: Sequence[str | Path] = ()) -> tuple[Path, Path]:
    """Write ``profile.json`` and ``report.html`` into the folder ``output`` (both or neither)."""
    import json

    from classifier.postings import write_files_atomically
    from classifier.profile_report import render_profile

    paths = profile_paths(output, inputs)
    data = result.to_dict()
    write_files_atomically({paths[0]: json.dumps(data, indent=2) + "\n", paths[1]: render_profile(data)})
    return paths


__all__ = [
    "Profile",
    "profile",
    "write_profile",
    "summarise",
    "wilson_interval",
    "difference_interval",
    "median_difference_interval",
]
