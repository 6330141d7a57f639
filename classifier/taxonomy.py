"""Load, validate and merge skill taxonomies (TOML files).

A taxonomy file has one table per category; each key is a skill's canonical
name and its value is either a list of aliases or a table::

    [library]
    scikit-learn = ["sklearn", "scikit learn"]

    [language.R]
    strict = ["R"]                 # case-sensitive, and only in a technology context
    cues = ["rstudio", "tidyverse"]
    not_followed_by = ["&"]        # "R&D" is not the language

    [method.security]
    aliases = ["cybersecurity"]
    not_in = ["job security"]      # holds the alias "security", names no skill

Table keys: ``aliases`` (matched case-insensitively as whole words),
``strict`` (matched case-sensitively, and counted only near another technology
or a cue word), ``cues`` (words that make a strict alias a technology),
``not_followed_by`` / ``not_preceded_by`` (words or symbols that veto a strict
alias), ``not_in`` (phrases that hold one of the aliases without naming the
skill: where such a phrase stands, nothing in it is matched). A user file
merged over the built-in one adds skills and aliases; a skill it names again
takes the user's category.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from classifier.config import SKILL_CODES_PATH, TAXONOMY_PATH
from classifier.errors import JobclassError
from classifier.tomlfile import read_toml

#: Category keys (each entry's kind) and what they mean: first the skills, then the context.
CATEGORIES: dict[str, str] = {
    "language": "programming or query language",
    "library": "library or framework",
    "platform": "platform or cloud service",
    "tool": "tool or product",
    "method": "method or concept",
    "industry": "industry or domain",
    "business_function": "business function",
    "spoken_language": "spoken language",
    "field_of_study": "field of study",
    "credential": "credential or certification",
}
#: Kinds that name what a person must know or do.
SKILL_KINDS: tuple[str, ...] = ("language", "library", "platform", "tool", "method")
#: Kinds that say where or for whom the work is, or what a candidate holds: not skills.
CONTEXT_KINDS: tuple[str, ...] = ("industry", "business_function", "spoken_language", "field_of_study", "credential")
_CODE_KEYS = ("esco_uri", "onet_commodity_code", "onet_example")
_ENTRY_KEYS = {"aliases", "strict", "cues", "not_followed_by", "not_preceded_by", "not_in", *_CODE_KEYS}


def resolve_kinds(kinds: str | Iterable[str] | None) -> frozenset[str]:
    """The categories a ``kinds`` choice names: ``None`` or ``skill`` (the skills), ``context``, ``all``,
    or category names, alone, comma-separated or in a list."""
    if kinds is None:
        return frozenset(SKILL_KINDS)
    names = kinds.split(",") if isinstance(kinds, str) else [str(kind) for kind in kinds]
    chosen: set[str] = set()
    for name in (name.strip().lower().replace("-", "_").replace(" ", "_") for name in names):
        if name in ("skill", "skills"):
            chosen.update(SKILL_KINDS)
        elif name == "context":
            chosen.update(CONTEXT_KINDS)
        elif name == "all":
            chosen.update(CATEGORIES)
        elif name in CATEGORIES:
            chosen.add(name)
        elif name:
            known = ", ".join(["skill", "context", "all", *CATEGORIES])
            raise JobclassError(f"unknown kind {name!r}; use one of {known}")
    if not chosen:
        raise JobclassError("no kind chosen")
    return frozenset(chosen)


@dataclass(frozen=True)
class Skill:
    """One taxonomy entry."""

    name: str
    category: str
    aliases: tuple[str, ...] = ()
    strict: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    not_followed_by: tuple[str, ...] = ()
    not_preceded_by: tuple[str, ...] = ()
    #: Phrases that hold one of the aliases without naming the skill ("job security", "the rest of"):
    #: matched like aliases, so they hide the alias inside them, and never reported.
    not_in: tuple[str, ...] = ()
    #: Standard codes, where one fits: the ESCO concept URI, the O*NET Technology Skills commodity
    #: code and O*NET's example name.
    esco_uri: str | None = None
    onet_commodity_code: str | None = None
    onet_example: str | None = None

    @property
    def kind(self) -> str:
        """``skill`` or ``context`` (industry, business function, spoken language, field of study, credential)."""
        return "context" if self.category in CONTEXT_KINDS else "skill"

    def to_dict(self) -> dict[str, object]:
        entry: dict[str, object] = {
            "name": self.name,
            "category": self.category,
            "aliases": list(self.aliases),
            "strict": list(self.strict),
            "cues": list(self.cues),
            "not_followed_by": list(self.not_followed_by),
            "not_preceded_by": list(self.not_preceded_by),
        }
        if self.not_in:  # only where there are any: the hash of an entry without them stays as it was
            entry["not_in"] = list(self.not_in)
        for key in _CODE_KEYS:
            if getattr(self, key):
                entry[key] = getattr(self, key)
        return entry


@dataclass(frozen=True)
class Taxonomy:
    """An ordered collection of skills, keyed by canonical name."""

    skills: tuple[Skill, ...] = field(default_factory=tuple)
    #: The taxonomy's version (``version = "..."`` at the top of its file); "+custom" when files were merged.
    version: str | None = None

    def __len__(self) -> int:
        return len(self.skills)

    def __iter__(self):
        return iter(self.skills)

    def __contains__(self, name: object) -> bool:
        return any(skill.name == name for skill in self.skills)

    @property
    def names(self) -> list[str]:
        return [skill.name for skill in self.skills]

    def sha256(self) -> str:
        """A stable hash of the taxonomy's content (recorded in every model)."""
        payload = json.dumps([skill.to_dict() for skill in self.skills], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def merged(self, other: Taxonomy) -> Taxonomy:
        """This taxonomy with ``other``'s skills and aliases added over it."""
        by_name = {skill.name.casefold(): skill for skill in self.skills}
        order = [skill.name.casefold() for skill in self.skills]
        for skill in other.skills:
            key = skill.name.casefold()
            base = by_name.get(key)
            if base is None:
                by_name[key] = skill
                order.append(key)
                continue
            by_name[key] = Skill(
                name=base.name,
                category=skill.category,
                aliases=_unique(base.aliases + skill.aliases),
                strict=_unique(base.strict + skill.strict),
                cues=_unique(base.cues + skill.cues),
                not_followed_by=_unique(base.not_followed_by + skill.not_followed_by),
                not_preceded_by=_unique(base.not_preceded_by + skill.not_preceded_by),
                not_in=_unique(base.not_in + skill.not_in),
                esco_uri=skill.esco_uri or base.esco_uri,
                onet_commodity_code=skill.onet_commodity_code or base.onet_commodity_code,
                onet_example=skill.onet_example or base.onet_example,
            )
        version = f"{self.version or 'unversioned'}+{other.version or 'custom'}"
        return Taxonomy(tuple(by_name[key] for key in order), version)

    def with_codes(self, codes: Mapping[str, Mapping[str, str]]) -> Taxonomy:
        """This taxonomy with standard codes filled in (by skill name) where an entry has none of its own."""
        filled = []
        for skill in self.skills:
            row = codes.get(skill.name, {})
            values = {key: getattr(skill, key) or (row.get(key) or None) for key in _CODE_KEYS}
            filled.append(replace(skill, **values))
        return Taxonomy(tuple(filled), self.version)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise JobclassError(f"{where}: expected a list of non-empty strings")
    return tuple(item.strip() for item in value)


def parse_taxonomy(data: Mapping[str, object], source: str = "<taxonomy>") -> Taxonomy:
    """Build a :class:`Taxonomy` from parsed TOML, with errors naming the entry."""
    skills: list[Skill] = []
    seen: dict[str, str] = {}
    version = data.get("version")
    if version is not None and not isinstance(version, str):
        raise JobclassError(f'{source}: version must be a string, like version = "2026.12"')
    for category, entries in data.items():
        if category == "version":
            continue
        if category not in CATEGORIES:
            known = ", ".join(CATEGORIES)
            raise JobclassError(f"{source}: unknown category [{category}] (use one of: {known})")
        if not isinstance(entries, dict):
            raise JobclassError(f"{source}: [{category}] must be a table of skills")
        for name, value in entries.items():
            where = f"{source}: [{category}] {name!r}"
            if not name.strip():
                raise JobclassError(f"{source}: [{category}] has a skill with an empty name")
            if name.casefold() in seen:
                raise JobclassError(f"{where} is already listed under [{seen[name.casefold()]}]")
            seen[name.casefold()] = category
            if isinstance(value, list):
                skills.append(Skill(name.strip(), category, _strings(value, where)))
                continue
            if not isinstance(value, dict):
                raise JobclassError(f"{where}: expected a list of aliases or a table")
            unknown = set(value) - _ENTRY_KEYS
            if unknown:
                raise JobclassError(f"{where}: unknown key {sorted(unknown)[0]!r}")
            fields: dict[str, object] = {
                key: _strings(value.get(key, []), f"{where}.{key}") for key in _ENTRY_KEYS if key not in _CODE_KEYS
            }
            for key in _CODE_KEYS:
                code = value.get(key)
                if code is not None and (not isinstance(code, str) or not code.strip()):
                    raise JobclassError(f"{where}.{key}: expected a non-empty string")
                fields[key] = code.strip() if code else None
            skills.append(Skill(name.strip(), category, **fields))  # type: ignore[arg-type]
    return Taxonomy(tuple(skills), version)


def read_taxonomy(path: str | Path) -> Taxonomy:
    """Read one taxonomy file."""
    return parse_taxonomy(read_toml(path, "taxonomy"), str(path))


_BUILTIN: Taxonomy | None = None


def builtin_taxonomy() -> Taxonomy:
    """The taxonomy shipped with the package (read once, then cached)."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = read_taxonomy(TAXONOMY_PATH).with_codes(read_codes(SKILL_CODES_PATH))
    return _BUILTIN


def read_codes(path: str | Path) -> dict[str, dict[str, str]]:
    """The reviewed table of standard codes: skill name -> esco_uri, onet_commodity_code, onet_example."""
    import csv

    path = Path(path)
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(line for line in stream if not line.startswith("#")))
    return {row["name"]: {key: (row.get(key) or "").strip() for key in _CODE_KEYS} for row in rows}


def load_taxonomy(extra: str | Path | Iterable[str | Path] | None = None) -> Taxonomy:
    """The built-in taxonomy with the user's files (if any) merged over it, in order."""
    taxonomy = builtin_taxonomy()
    if extra is None:
        return taxonomy
    paths = [extra] if isinstance(extra, (str, Path)) else list(extra)
    for path in paths:
        taxonomy = taxonomy.merged(read_taxonomy(path))
    return taxonomy
