"""Derive role labels from job titles by editable rules (``title_rules.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from classifier.config import DATA_SCIENCE, ML_ENGINEERING, OTHER, TITLE_RULES_PATH
from classifier.errors import JobclassError
from classifier.tomlfile import read_toml

_SECTIONS = {
    "data_science": ("data_science", "patterns"),
    "ml_engineering_strong": ("ml_engineering", "strong_patterns"),
    "ml_engineering": ("ml_engineering", "patterns"),
    "ambiguous": ("ambiguous", "patterns"),
    "exclude_from_ml_engineering": ("exclude_from_ml_engineering", "patterns"),
    "role_nouns": ("several_roles", "role_nouns"),
}
#: Where a title that lists several roles is cut into one piece per role.
_ROLE_SEPARATORS = re.compile(r"\s*(?:[,;|+&]|\band\b|\bor\b)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class TitleRules:
    """Compiled title rules; :meth:`label` maps a title to a label or ``None`` (left out)."""

    data_science: tuple[re.Pattern[str], ...]
    ml_engineering_strong: tuple[re.Pattern[str], ...]
    ml_engineering: tuple[re.Pattern[str], ...]
    ambiguous: tuple[re.Pattern[str], ...]
    exclude_from_ml_engineering: tuple[re.Pattern[str], ...]
    role_nouns: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def read(cls, path: str | Path | None = None) -> TitleRules:
        """Read rules from a TOML file (the packaged ``title_rules.toml`` by default)."""
        path = Path(path) if path is not None else TITLE_RULES_PATH
        data = read_toml(path, "title rules")
        known: dict[str, set[str]] = {}
        for section, key in _SECTIONS.values():
            known.setdefault(section, set()).add(key)
        for section, value in data.items():
            if section not in known:
                raise JobclassError(
                    f"{path}: unknown section [{section}]; the sections are {', '.join(f'[{n}]' for n in known)}"
                )
            if not isinstance(value, dict):
                raise JobclassError(f"{path}: [{section}] must be a table of pattern lists, not a single value")
            unknown = sorted(set(value) - known[section])
            if unknown:
                raise JobclassError(
                    f"{path}: [{section}] has an unknown key {unknown[0]!r}; use {', '.join(sorted(known[section]))}"
                )
        compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
        for field, (section, key) in _SECTIONS.items():
            patterns = data.get(section, {}).get(key, [])
            if not isinstance(patterns, list) or not all(isinstance(item, str) for item in patterns):
                raise JobclassError(f"{path}: [{section}] {key} must be a list of strings")
            try:
                compiled[field] = tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)
            except re.error as error:
                raise JobclassError(f"{path}: [{section}] has a bad pattern ({error})") from None
        return cls(**compiled)

    @staticmethod
    def _any(patterns: tuple[re.Pattern[str], ...], title: str) -> bool:
        return any(pattern.search(title) for pattern in patterns)

    def label(self, title: object) -> str | None:
        """``data_science``, ``ml_engineering``, ``other``, or ``None`` for a title left out.

        A title that lists several roles of different labels ("Software Engineer, Data
        Scientist": one post for several jobs) is left out too: it is no example of one role.
        """
        if not isinstance(title, str) or not title.strip():
            return None
        label = self._label_one(title)
        if label is None or label == OTHER or not self.role_nouns:
            return label
        roles = [piece for piece in _ROLE_SEPARATORS.split(title) if piece and self._any(self.role_nouns, piece)]
        if len(roles) > 1 and any(self._label_one(piece) != label for piece in roles):
            return None
        return label

    def _label_one(self, title: str) -> str | None:
        is_data_science = self._any(self.data_science, title)
        is_ml_engineering = self._any(self.ml_engineering_strong, title) or (
            self._any(self.ml_engineering, title) and not self._any(self.exclude_from_ml_engineering, title)
        )
        if is_data_science and is_ml_engineering:
            return None
        if is_data_science:
            return DATA_SCIENCE
        if is_ml_engineering:
            return ML_ENGINEERING
        if self._any(self.ambiguous, title):
            return None
        return OTHER


_DEFAULT_RULES: TitleRules | None = None


def label_from_title(title: object, rules: TitleRules | None = None) -> str | None:
    """The label the title rules give ``title`` (``None``: left out of training and evaluation)."""
    global _DEFAULT_RULES
    if rules is None:
        if _DEFAULT_RULES is None:
            _DEFAULT_RULES = TitleRules.read()
        rules = _DEFAULT_RULES
    return rules.label(title)


#: What a reader may answer besides a label: the description supports two labels equally, or says too little.
UNSURE = "unsure"
READ_LABEL_COLUMNS = ("source", "id", "label")
#: The column that names a posting by its id's digest (:func:`id_digest`) instead of the id itself.
ID_DIGEST_COLUMN = "id_sha256"


def id_digest(posting_id: object) -> str:
    """The first 16 hex digits of the SHA-256 of a posting's id (stripped, as text): how the shipped read
    labels name postings, since some sites put a slug of the title in the id."""
    import hashlib

    return hashlib.sha256(str(posting_id).strip().encode("utf-8")).hexdigest()[:16]


def read_label_file(path: str | Path) -> dict[tuple[str, str], str]:
    """Labels that readers gave postings from their descriptions (``data/read_labels.csv``), by (source,
    :func:`id_digest` of the id).

    The file is a CSV with at least the columns source, id (or id_sha256: the id's digest) and label; a
    label is data_science, ml_engineering, other or unsure (read, but neither trained on nor scored).
    """
    import pandas as pd

    where = Path(path)
    try:
        frame = pd.read_csv(where, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise JobclassError(f"{where}: no such read-labels file") from None
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise JobclassError(f"{where}: not a readable CSV of read labels ({type(error).__name__})") from None
    by_digest = ID_DIGEST_COLUMN in frame.columns and "id" not in frame.columns
    if by_digest:
        frame["id"] = frame[ID_DIGEST_COLUMN]
    missing = [column for column in READ_LABEL_COLUMNS if column not in frame.columns]
    if missing:
        raise JobclassError(
            f"{where}: read labels need the columns {', '.join(READ_LABEL_COLUMNS)}; missing {', '.join(missing)}"
        )
    known = {DATA_SCIENCE, ML_ENGINEERING, OTHER, UNSURE}
    labels = frame["label"].str.strip()
    wrong = labels[~labels.isin(known)]
    if len(wrong):
        row = int(wrong.index[0]) + 2  # the header is line 1
        raise JobclassError(f"{where}, line {row}: label {wrong.iloc[0]!r} is not one of {', '.join(sorted(known))}")
    digests = frame["id"].str.strip().str.lower() if by_digest else frame["id"].map(id_digest)
    keys = list(zip(frame["source"].str.strip(), digests))
    if len(set(keys)) != len(keys):
        seen: set[tuple[str, str]] = set()
        position = next(index for index, key in enumerate(keys) if key in seen or seen.add(key))
        raise JobclassError(
            f"{where}: posting {frame['id'].iloc[position].strip()!r} of source {keys[position][0]!r} is listed twice"
        )
    return dict(zip(keys, labels))
