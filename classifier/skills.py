"""Find taxonomy skills in text in one pass.

Case-insensitive aliases go into one Aho-Corasick automaton (pyahocorasick)
run over the lower-cased, cleaned text; the few case-sensitive ("strict")
aliases go into one compiled regular expression over the cleaned text.
Candidates are checked for word boundaries with look-arounds (so C++, C#,
.NET and CI/CD work), version suffixes are allowed (Python3, C++17), and
the leftmost-longest non-overlapping candidates win. A strict alias (R, Go, C,
Excel, Spark, ...) counts only when a technology or a cue word stands near it
and no veto word follows or precedes it ("R&D", "Go to market", "Excel at").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from classifier.errors import JobclassError
from classifier.taxonomy import Skill, Taxonomy, load_taxonomy
from classifier.text import CleanText, clean_text

#: Categories whose matches make a nearby strict alias count as a technology.
_TECH_CATEGORIES = frozenset({"language", "library", "platform", "tool"})
#: Words that make any nearby strict alias a technology.
GLOBAL_CUES = (
    "programming",
    "language",
    "coding",
    "scripting",
    "developer",
    "libraries",
    "package",
    "code",
    "software",
    "stack",
    "framework",
)
#: How far (in characters of cleaned text) a strict alias looks for context.
CONTEXT_WINDOW = 80
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """A skill found in a text: canonical name, category and ``[start, end)`` offsets into the text as given."""

    name: str
    category: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "category": self.category, "start": self.start, "end": self.end, "text": self.text}


def _normalise(alias: str) -> str:
    return " ".join(alias.lower().split())


def _variants(alias: str, skill: Skill) -> set[str]:
    """Spellings of one alias: as written, with hyphens for spaces and back, and (for methods) plural."""
    base = _normalise(alias)
    forms = {base}
    if " " in base:
        forms.add(base.replace(" ", "-"))
    if "-" in base:
        forms.add(base.replace("-", " "))
    if skill.category == "method":
        for form in list(forms):
            if len(form) > 3 and form[-1].isalpha() and form[-1] != "s":
                if form.endswith("y") and form[-2] not in "aeiou":
                    forms.add(form[:-1] + "ies")
                else:
                    forms.add(form + "s")
    return forms


class SkillMatcher:
    """A compiled taxonomy: call :meth:`find` on any text."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._skills: list[Skill] = list(taxonomy.skills)
        owner: dict[str, int] = {}
        self._automaton = ahocorasick.Automaton()
        strict: dict[str, int] = {}
        for index, skill in enumerate(self._skills):
            strict_forms = set(skill.strict)
            aliases = list(skill.aliases)
            if skill.name not in strict_forms:
                aliases.insert(0, skill.name)
            for alias in aliases:
                for form in _variants(alias, skill):
                    previous = owner.setdefault(form, index)
                    if previous != index:
                        other = self._skills[previous].name
                        raise JobclassError(
                            f"taxonomy: alias {form!r} of {skill.name!r} is already an alias of {other!r}"
                        )
            for form in strict_forms:
                strict[form] = index
        for form, index in owner.items():
            self._automaton.add_word(form, (index, len(form)))
        self._owner = owner
        self._automaton.make_automaton()
        self._has_automaton = len(self._automaton) > 0
        self._strict_owner = strict
        self._strict = self._strict_pattern(list(strict))
        self._vetoes = {index: self._veto_patterns(self._skills[index]) for index in set(strict.values())}
        self._cues = {
            index: tuple(cue.lower() for cue in self._skills[index].cues) + GLOBAL_CUES
            for index in set(strict.values())
        }

    @staticmethod
    def _strict_pattern(forms: list[str]) -> re.Pattern[str] | None:
        """One case-sensitive regex for the strict aliases.

        Each alternative starts with its literal first character and checks the
        boundary before it with a look-behind placed after that character, so the
        regex engine can scan for the first characters quickly.
        """
        if not forms:
            return None
        alternatives = [
            re.escape(form[0]) + rf"(?<![\w.#+]{re.escape(form[0])})" + re.escape(form[1:])
            for form in sorted(forms, key=len, reverse=True)
        ]
        return re.compile(rf"(?:{'|'.join(alternatives)})(?![\w#+]|\.\w)")

    @staticmethod
    def _veto_patterns(skill: Skill) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        def compile_words(words: tuple[str, ...], after: bool) -> re.Pattern[str] | None:
            if not words:
                return None
            parts = []
            for word in words:
                escaped = r"[\s-]*".join(re.escape(piece) for piece in word.split())
                edge = r"(?![\w])" if word[-1].isalnum() else ""
                parts.append(escaped + edge if after else (r"(?<![\w])" if word[0].isalnum() else "") + escaped)
            body = "|".join(parts)
            # match() anchors the "after" pattern at the alias end; search() up to the alias start
            # with \Z anchors the "before" pattern there.
            return re.compile(rf"[\s-]*(?:{body})" if after else rf"(?:{body})[\s-]*\Z", re.IGNORECASE)

        return compile_words(skill.not_followed_by, True), compile_words(skill.not_preceded_by, False)

    # -- matching -------------------------------------------------------------------------------

    def _candidates(self, text: str) -> list[tuple[int, int, int, bool, bool]]:
        """(start, end, skill index, strict, versioned) for every boundary-checked alias occurrence."""
        lower = text.lower()
        if len(lower) != len(text):  # a few characters lower-case to two; keep positions aligned
            lower = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
        size = len(lower)
        found: list[tuple[int, int, int, bool, bool]] = []
        append = found.append
        if self._has_automaton:
            # Underscores are blanked by cleaning, so a word character is an alphanumeric one.
            for last, (index, length) in self._automaton.iter(lower):
                start = last - length + 1
                if start and lower[start - 1].isalnum() and lower[start].isalnum():
                    continue
                end = last + 1
                if end < size:
                    char = lower[end]
                    if char.isalnum():
                        if char not in _DIGITS or length < 2:
                            if lower[last].isalnum():
                                continue
                            append((start, end, index, False, False))
                            continue
                        version = _VERSION.match(lower, end)  # Python3, C++17, HTML5
                        end = version.end()  # type: ignore[union-attr]
                        if end < size and lower[end].isalnum():
                            continue
                        append((start, end, index, False, True))
                        continue
                    if (char == "+" or char == "#") and lower[last].isalnum():
                        continue
                    if char == "." and end + 1 < size and lower[end + 1].isalnum() and lower[last].isalnum():
                        continue
                append((start, end, index, False, False))
        if self._strict is not None:
            owner = self._strict_owner
            for match in self._strict.finditer(text):
                append((match.start(), match.end(), owner[match.group(0)], True, False))
        return found

    @staticmethod
    def _leftmost_longest(found: list[tuple[int, int, int, bool, bool]]) -> list[tuple[int, int, int, bool, bool]]:
        # leftmost, then longest, then an exact alias before one read with a version suffix
        found.sort(key=lambda item: (item[0], -item[1], item[4]))
        chosen: list[tuple[int, int, int, bool, bool]] = []
        reach = -1
        for item in found:
            if item[0] >= reach:
                chosen.append(item)
                reach = item[1]
        return chosen

    def _strict_holds(self, text: str, item: tuple[int, int, int, bool, bool], anchors: list[int]) -> bool:
        start, end, index, *_ = item
        after, before = self._vetoes[index]
        if after is not None and after.match(text, end, min(len(text), end + 40)):
            return False
        if before is not None and before.search(text, max(0, start - 40), start):
            return False
        if anchors:
            position = bisect_left(anchors, start - CONTEXT_WINDOW)
            if position < len(anchors) and anchors[position] <= end + CONTEXT_WINDOW:
                return True
        window = text[max(0, start - CONTEXT_WINDOW) : end + CONTEXT_WINDOW].lower()
        return any(cue in window for cue in self._cues[index])

    def _select(self, text: str) -> list[tuple[int, int, int, bool, bool]]:
        chosen = self._leftmost_longest(self._candidates(text))
        if not any(item[3] for item in chosen):
            return chosen
        anchors = [item[0] for item in chosen if not item[3] and self._skills[item[2]].category in _TECH_CATEGORIES]
        return [item for item in chosen if not item[3] or self._strict_holds(text, item, anchors)]

    def find(self, text: str) -> list[SkillMatch]:
        """All skills in ``text`` (HTML, Markdown or plain), in order, with offsets into ``text``."""
        if not isinstance(text, str):
            raise TypeError(f"expected a string, got {type(text).__name__}")
        cleaned = clean_text(text)
        matches = []
        for start, end, index, *_ in self._select(cleaned.text):
            skill = self._skills[index]
            original_start, original_end = cleaned.span_to_original(start, end)
            matches.append(
                SkillMatch(skill.name, skill.category, original_start, original_end, text[original_start:original_end])
            )
        return matches

    def find_in_clean(self, cleaned: CleanText) -> list[tuple[int, int, int]]:
        """(start, end, skill index) in an already cleaned text; offsets are into ``cleaned.text``."""
        return [(start, end, index) for start, end, index, *_ in self._select(cleaned.text)]

    def skill_indices(self, text: str) -> list[int]:
        """Skill indices (into the taxonomy) of every match, for counting features."""
        return [item[2] for item in self._select(clean_text(text).text)]

    @property
    def skills(self) -> list[Skill]:
        return self._skills


_DEFAULT_MATCHER: SkillMatcher | None = None


def default_matcher() -> SkillMatcher:
    """The matcher for the built-in taxonomy (compiled once)."""
    global _DEFAULT_MATCHER
    if _DEFAULT_MATCHER is None:
        _DEFAULT_MATCHER = SkillMatcher(load_taxonomy())
    return _DEFAULT_MATCHER


def get_matcher(taxonomy: str | Taxonomy | Iterable[str] | None = None) -> SkillMatcher:
    """A matcher for the built-in taxonomy, optionally with user files merged over it."""
    if taxonomy is None:
        return default_matcher()
    if isinstance(taxonomy, Taxonomy):
        return SkillMatcher(taxonomy)
    return SkillMatcher(load_taxonomy(taxonomy))


def extract_skills(text: str, taxonomy: str | Taxonomy | None = None) -> list[SkillMatch]:
    """Skills named in ``text``: each with name, category, start and end offsets into ``text``.

    >>> [match.name for match in extract_skills("We use sklearn and k8s on GCP.")]
    ['scikit-learn', 'Kubernetes', 'Google Cloud']
    """
    return get_matcher(taxonomy).find(text)


__all__ = ["SkillMatch", "SkillMatcher", "extract_skills", "get_matcher", "default_matcher"]
