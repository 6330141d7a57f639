"""Load, validate and merge skill taxonomies (TOML files).

A taxonomy file has one table per category; each key is a skill's canonical
name and its value is either a list of aliases or a table::

    [library]
    scikit-learn = ["sklearn", "scikit learn"]

    [language.R]
    strict = ["R"]                 # case-sensitive, and only in a technology context
    cues = ["rstudio", "tidyverse"]
    not_followed_by = ["&"]        # "R&D" is not the language

Table keys: ``aliases`` (matched case-insensitively as whole words),
``strict`` (matched case-sensitively, and counted only near another technology
or a cue word), ``cues`` (words that make a strict alias a technology),
``not_followed_by`` / ``not_preceded_by`` (words or symbols that veto a strict
alias). A user file merged over the built-in one adds skills and aliases;
a skill it names again takes the user's category.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from classifier.config import TAXONOMY_PATH
from classifier.errors import JobclassError
from classifier.tomlfile import read_toml

#: Category keys and what they mean.
CATEGORIES: dict[str, str] = {
    "language": "programming or query language",
    "library": "library or framework",
    "platform": "platform or cloud service",
    "tool": "tool or product",
    "method": "method or concept",
}
_ENTRY_KEYS = {"aliases", "strict", "cues", "not_followed_by", "not_preceded_by"}


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

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "category": self.category,
            "aliases": list(self.aliases),
            "strict": list(self.strict),
            "cues": list(self.cues),
            "not_followed_by": list(self.not_followed_by),
            "not_preceded_by": list(self.not_preceded_by),
        }


@dataclass(frozen=True)
class Taxonomy:
    """An ordered collection of skills, keyed by canonical name."""

    skills: tuple[Skill, ...] = field(default_factory=tuple)

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
            )
        return Taxonomy(tuple(by_name[key] for key in order))


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
    for category, entries in data.items():
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
            fields = {key: _strings(value.get(key, []), f"{where}.{key}") for key in _ENTRY_KEYS}
            skills.append(Skill(name.strip(), category, **fields))
    return Taxonomy(tuple(skills))


def read_taxonomy(path: str | Path) -> Taxonomy:
    """Read one taxonomy file."""
    return parse_taxonomy(read_toml(path, "taxonomy"), str(path))


_BUILTIN: Taxonomy | None = None


def builtin_taxonomy() -> Taxonomy:
    """The taxonomy shipped with the package (read once, then cached)."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = read_taxonomy(TAXONOMY_PATH)
    return _BUILTIN


def load_taxonomy(extra: str | Path | Iterable[str | Path] | None = None) -> Taxonomy:
    """The built-in taxonomy with the user's files (if any) merged over it, in order."""
    taxonomy = builtin_taxonomy()
    if extra is None:
        return taxonomy
    paths = [extra] if isinstance(extra, (str, Path)) else list(extra)
    for path in paths:
        taxonomy = taxonomy.merged(read_taxonomy(path))
    return taxonomy
