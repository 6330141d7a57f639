"""Find taxonomy skills in text in one pass.

Case-insensitive aliases go into one Aho-Corasick automaton (pyahocorasick)
run over the lower-cased, cleaned text; the few case-sensitive ("strict")
aliases go into one compiled regular expression over the cleaned text.
Candidates are checked for word boundaries with look-arounds (so C++, C#,
.NET and CI/CD work), version suffixes are allowed (Python3, C++17), and
the leftmost-longest non-overlapping candidates win. A strict alias (R, Go, C,
Excel, Spark, ...) counts only when a technology or a cue word stands near it
and no veto word follows or precedes it ("R&D", "Go to market", "Excel at").

That is the reference implementation, in Python. When the compiled twin
``classifier._native`` was built at install time (it needs a C compiler) and
the taxonomy's aliases are ASCII, cleaning and matching run there instead, the
strict aliases' veto and cue words included (:meth:`SkillMatcher._native_rules`),
with the same results about ten times faster (``benchmarks/extraction.py``);
``tests/test_native.py`` compares the two. Set ``JOBCLASS_PURE_PYTHON=1`` to use
the Python path anyway.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import NamedTuple

import ahocorasick

from classifier.errors import JobclassError
from classifier.taxonomy import CONTEXT_KINDS, Skill, Taxonomy, load_taxonomy, resolve_kinds
from classifier.text import (
    CleanText,
    collapse_whitespace,
    html_to_text,
    looks_like_html,
    mask_markdown,
    through_segments,
)

try:
    from classifier import _native
except ImportError:  # built without a C compiler: the Python path does the same work
    _native = None  # type: ignore[assignment]

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
#: How far (in characters of cleaned text) a veto word may reach from the strict alias it vetoes.
VETO_REACH = 40
#: Characters that re.IGNORECASE matches with an ASCII letter: a veto word holding one is left to Python.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
#: A role noun right after a match (after a space or a hyphen, or none) makes the match part of a
#: role name: "Senior Java Developer", "DevOps engineers", "UX designer" name a job, not a skill
#: asked of it (the compiled matcher holds the same list: role_nouns in _native.c).
ROLE_NOUNS = (
    "developer",
    "engineer",
    "programmer",
    "architect",
    "administrator",
    "consultant",
    "specialist",
    "designer",
    "tester",
    "analyst",
    "scientist",
)
_ROLE_AFTER = re.compile(rf"[ -]?(?:{'|'.join(ROLE_NOUNS)})s?(?![^\W_])")
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_DIGITS = frozenset("0123456789")
#: Flags of a chosen candidate.
STRICT, VERSIONED = 1, 2

#: What a scan gives: the cleaned text (when a strict alias was found), the matches (skill indices,
#: or (skill index, start, end) with offsets into the text given), and for each strict alias
#: (its place in the matches, start, end in the cleaned text, skill index, whether an anchor is near).
Scan = tuple[str | None, list, list[tuple[int, int, int, int, bool]]]  # type: ignore[type-arg]


def native_available() -> bool:
    """True when the compiled matcher was built and is not switched off by ``JOBCLASS_PURE_PYTHON``."""
    return _native is not None and os.environ.get("JOBCLASS_PURE_PYTHON", "") in ("", "0")


#: Characters of scripts written without spaces between words (kana, CJK ideographs, Hangul syllables).
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: The compiled check (an extension built before has_cjk existed has none)
_has_cjk_compiled = _native is not None and hasattr(_native, "has_cjk")
#: What a CJK character is read as when skills are matched: punctuation (the ideographic comma), one
#: character for one, so offsets stay those of the text.
_CJK_READ_AS = "\u3001"


def cjk_apart(text: str) -> str:
    """``text`` with every CJK character read as punctuation, so that a tool name written against
    one ('熟悉Python和PyTorch') has a word boundary on each side; ``text`` itself when it has none."""
    if text.isascii() or not (_native.has_cjk(text) if _has_cjk_compiled else _CJK.search(text)):
        return text
    return _CJK.sub(_CJK_READ_AS, text)


class SkillMatch(NamedTuple):
    """A skill found in a text: canonical name, category and ``[start, end)`` offsets into the text as given.

    An immutable named tuple (cheap to make: a posting has fifty or so).
    """

    name: str
    category: str
    start: int
    end: int
    text: str

    @property
    def kind(self) -> str:
        """``skill`` (language, library, platform, tool, method) or ``context`` (industry, business function, ...)."""
        return "context" if self.category in CONTEXT_KINDS else "skill"

    @property
    def esco_uri(self) -> str | None:
        """The skill's ESCO concept URI, where one fits."""
        return _CODES.get(self.name, _NO_CODES)[0]

    @property
    def onet_commodity_code(self) -> str | None:
        """The O*NET Technology Skills commodity code of the skill, where one fits."""
        return _CODES.get(self.name, _NO_CODES)[1]

    @property
    def onet_example(self) -> str | None:
        """O*NET's example name for the skill (e.g. "Amazon Web Services AWS software")."""
        return _CODES.get(self.name, _NO_CODES)[2]

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "category": self.category,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "esco_uri": self.esco_uri,
            "onet_commodity_code": self.onet_commodity_code,
            "onet_example": self.onet_example,
        }


#: Standard codes by skill name, from every taxonomy a matcher was built from (the last one wins).
_CODES: dict[str, tuple[str | None, str | None, str | None]] = {}
_NO_CODES: tuple[None, None, None] = (None, None, None)


def _normalise(alias: str) -> str:
    return " ".join(alias.lower().split())


def _variants(alias: str, skill: Skill | None) -> set[str]:
    """Spellings of one alias: as written, with hyphens for spaces and back, and (for methods) plural."""
    base = _normalise(alias)
    forms = {base}
    if " " in base:
        forms.add(base.replace(" ", "-"))
    if "-" in base:
        forms.add(base.replace("-", " "))
    if skill is not None and skill.category == "method":
        for form in list(forms):
            if len(form) > 3 and form[-1].isalpha() and form[-1] != "s":
                if form.endswith("y") and form[-2] not in "aeiou":
                    forms.add(form[:-1] + "ies")
                else:
                    forms.add(form + "s")
    return forms


def _may_hold(window: str, pieces: tuple[str, ...]) -> bool:
    """Whether a veto word could match in ``window``: False only when the window is ASCII (where
    re.IGNORECASE is plain lower-casing) and holds none of the words' pieces next to the alias."""
    if not window.isascii():
        return True
    lowered = window.lower()
    return any(piece in lowered for piece in pieces)


#: What stands between two items of a list: a comma, slash or ampersand, "and" or "or".
_LIST_GAP = re.compile(r"\s*(?:[,/&]\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)\Z")


def _listed_together(text: str, strict: list[tuple[int, int, int, int, bool]]) -> set[int]:
    """The strict matches (by ``k``) next to a strict match of another skill in a list: "Go, Rust or C"."""
    listed: set[int] = set()
    for (k, _, end, index, _), (k2, start, _, index2, _) in zip(strict, strict[1:]):
        if index != index2 and start - end <= 6 and _LIST_GAP.match(text, end, start):
            listed.update((k, k2))
    return listed


class SkillMatcher:
    """A compiled taxonomy: call :meth:`find` on any text."""

    def __init__(self, taxonomy: Taxonomy, *, native: bool | None = None) -> None:
        """Compile ``taxonomy``. ``native``: use the compiled matcher (None: when it is available)."""
        self.taxonomy = taxonomy
        self._skills: list[Skill] = list(taxonomy.skills)
        for skill in self._skills:
            codes = (skill.esco_uri, skill.onet_commodity_code, skill.onet_example)
            if any(codes) or skill.name in _CODES:
                _CODES[skill.name] = codes
        self._labels = [(skill.name, skill.category) for skill in self._skills]
        owner: dict[str, int] = {}
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
        # phrases that hold an alias without naming the skill ("job security") are matched like aliases,
        # under one more index whose matches are never reported; one that is another skill's alias
        # ("cash flow") already hides the alias inside it, and stays that skill's; one that is a plural
        # made from the skill's own alias ("securities") stops being that skill's
        self._drop = len(self._skills)
        for index, skill in enumerate(self._skills):
            self._check_not_in(skill)
            for phrase in skill.not_in:
                for form in _variants(phrase, None):
                    if owner.get(form, index) == index:
                        owner[form] = self._drop
        self._owner = owner
        self._automaton: ahocorasick.Automaton | None = None  # built when the Python path first runs
        self._strict_owner = strict
        self._strict = self._strict_pattern(list(strict))
        self._vetoes = {index: self._veto_patterns(self._skills[index]) for index in set(strict.values())}
        # a veto word can match only where its piece next to the alias is in the text: a cheap test
        # that skips the regular expression for most strict matches (see _strict_vetoed and _may_hold)
        self._veto_pieces = {
            index: (
                tuple(word.split()[0].lower() for word in self._skills[index].not_followed_by),
                tuple(word.split()[-1].lower() for word in self._skills[index].not_preceded_by),
            )
            for index in set(strict.values())
        }
        self._cues = {
            index: tuple(cue.lower() for cue in self._skills[index].cues) + GLOBAL_CUES
            for index in set(strict.values())
        }
        # per index: 1, a match of a technology makes a strict alias near it count; 2, never reported
        self._anchors = bytes(skill.category in _TECH_CATEGORIES for skill in self._skills) + b"\x02"
        self._labels.append(("", ""))
        self._native = None
        if native_available() if native is None else native:
            if _native is None:
                raise JobclassError("the compiled matcher (classifier._native) was not built with this install")
            if all(form.isascii() for form in list(owner) + list(strict)):
                self._native = _native.Matcher(
                    list(owner.items()), list(strict.items()), self._anchors, CONTEXT_WINDOW, self._labels, SkillMatch
                )
                self._native.set_strict_rules(self._native_rules(), VETO_REACH)

    def _native_rules(self) -> list[tuple[int, list, list, list[str]]] | None:  # type: ignore[type-arg]
        """The strict aliases' veto and cue words for the compiled matcher, which applies them as
        :meth:`_keep_strict` does (None, so that Python applies them, when a veto word holds a
        character that case folding matches with an ASCII letter)."""
        rules = []
        for index in sorted(self._cues):
            skill = self._skills[index]
            words = skill.not_followed_by + skill.not_preceded_by
            if any(_FOLDS_TO_ASCII.intersection(word) for word in words):
                return None
            after = [(tuple(word.split()), word[-1].isalnum()) for word in skill.not_followed_by]
            before = [(tuple(word.split()), word[0].isalnum()) for word in skill.not_preceded_by]
            rules.append((index, after, before, list(self._cues[index])))
        return rules

    @staticmethod
    def _check_not_in(skill: Skill) -> None:
        """Each ``not_in`` phrase must hold one of its skill's aliases as a whole word, or be a plural made
        from one ("securities"): else it hides nothing of it. One of the aliases as written is refused."""
        if not skill.not_in:
            return
        aliases = (skill.name, *skill.aliases, *skill.strict)
        written = set().union(*(_variants(alias, None) for alias in aliases))
        plurals = set().union(*(_variants(alias, skill) for alias in aliases)) - written
        words = re.compile(rf"(?<![^\W_])(?:{'|'.join(re.escape(_normalise(alias)) for alias in aliases)})(?![^\W_])")
        for phrase in skill.not_in:
            lowered = _normalise(phrase)
            if lowered in written:
                raise JobclassError(f"taxonomy: not_in phrase {phrase!r} of {skill.name!r} is one of its own aliases")
            if lowered not in plurals and not words.search(lowered):
                raise JobclassError(f"taxonomy: not_in phrase {phrase!r} of {skill.name!r} holds none of its aliases")

    @property
    def compiled(self) -> bool:
        """True when cleaning and matching run in the compiled matcher."""
        return self._native is not None

    def __reduce__(self) -> tuple[object, ...]:
        # compiled tries and automata are rebuilt from the taxonomy rather than pickled
        return _rebuild_matcher, (self.taxonomy, self.compiled)

    @staticmethod
    def _strict_pattern(forms: list[str]) -> re.Pattern[str] | None:
        """One case-sensitive regex for the strict aliases: at every position, the longest one that fits.

        The alternatives sit in a look-ahead, so every start is tried (overlapping
        candidates included) and the leftmost-longest choice is made afterwards
        together with the other aliases.
        """
        if not forms:
            return None
        alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        return re.compile(rf"(?<![\w.#+])(?=((?:{alternatives})(?![\w#+]|\.\w)))")

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

    def _candidates(self, text: str, lower: str) -> list[tuple[int, int, int, int]]:
        """(start, end, skill index, flags) for every boundary-checked alias occurrence in cleaned text
        (``lower``: the text as :func:`_lower_aligned` gives it)."""
        size = len(lower)
        found: list[tuple[int, int, int, int]] = []
        append = found.append
        if self._automaton is None:
            self._automaton = ahocorasick.Automaton()
            for form, index in self._owner.items():
                self._automaton.add_word(form, (index, len(form)))
            self._automaton.make_automaton()
        if len(self._automaton):
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
                            append((start, end, index, 0))
                            continue
                        version = _VERSION.match(lower, end)  # Python3, C++17, HTML5
                        end = version.end()  # type: ignore[union-attr]
                        if end < size and lower[end].isalnum():
                            continue
                        append((start, end, index, VERSIONED))
                        continue
                    if (char == "+" or char == "#") and lower[last].isalnum():
                        continue
                    if char == "." and end + 1 < size and lower[end + 1].isalnum() and lower[last].isalnum():
                        continue
                append((start, end, index, 0))
        if self._strict is not None:
            owner = self._strict_owner
            for match in self._strict.finditer(text):
                append((match.start(), match.end(1), owner[match.group(1)], STRICT))
        return found

    @staticmethod
    def _leftmost_longest(found: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
        # leftmost, then longest; at equal length an exact alias, then a strict one, then one read with a
        # version suffix (the sort is stable: case-insensitive candidates come first in ``found``)
        found.sort(key=lambda item: (item[0], -item[1], item[3] == VERSIONED))
        chosen: list[tuple[int, int, int, int]] = []
        reach = -1
        for item in found:
            if item[0] >= reach:
                chosen.append(item)
                reach = item[1]
        return chosen

    def _reference_scan(self, text: str, offsets: int) -> Scan:
        """What the compiled ``Matcher.scan`` does, in Python: clean, choose, find each strict alias's anchors."""
        masked = mask_markdown(text)
        cleaned = collapse_whitespace(masked)
        lower = _lower_aligned(cleaned)
        drop = self._drop
        chosen = [
            item
            for item in self._leftmost_longest(self._candidates(cleaned, lower))
            if item[2] != drop and not _ROLE_AFTER.match(lower, item[1])
        ]
        matches: list[int] | list[tuple[int, int, int]] | list[SkillMatch]
        if offsets:
            positions = CleanText(cleaned, masked)
            spans = [(index, *positions.span_to_original(start, end)) for start, end, index, _ in chosen]
            matches = spans if offsets == 1 else [self._match(text, *span) for span in spans]
        else:
            matches = [item[2] for item in chosen]
        strict: list[tuple[int, int, int, int, bool]] = []
        if any(item[3] == STRICT for item in chosen):
            anchors = [item[0] for item in chosen if item[3] != STRICT and self._anchors[item[2]]]
            for k, (start, end, index, flags) in enumerate(chosen):
                if flags == STRICT:
                    position = bisect_left(anchors, start - CONTEXT_WINDOW)
                    anchored = position < len(anchors) and anchors[position] <= end + CONTEXT_WINDOW
                    strict.append((k, start, end, index, anchored))
        return (cleaned if strict else None), matches, strict

    def _strict_vetoed(self, text: str, start: int, end: int, index: int) -> bool:
        """Whether a veto word stands right after or right before the strict alias at ``start:end``."""
        after, before = self._vetoes[index]
        after_pieces, before_pieces = self._veto_pieces[index]
        after_end, before_start = min(len(text), end + VETO_REACH), max(0, start - VETO_REACH)
        if after is not None and _may_hold(text[end:after_end], after_pieces) and after.match(text, end, after_end):
            return True
        return (
            before is not None
            and _may_hold(text[before_start:start], before_pieces)
            and before.search(text, before_start, start) is not None
        )

    def _keep_strict(self, cleaned: str | None, matches: list, strict: list) -> list:  # type: ignore[type-arg]
        """Drop the strict aliases (R, Go, Excel, ...) that their context does not make a technology.

        The compiled scan applies the same rules itself and then hands over no strict aliases;
        it hands them here only where a character beyond ASCII leaves the answer open.

        Strict aliases of different skills listed together ("Go, Rust or C") vouch for each
        other: each of them holds unless a veto word stands next to it.
        """
        if not strict:
            return matches
        dropped = set()
        unsupported = []
        for item in strict:
            k, start, end, index, anchored = item
            if self._strict_vetoed(cleaned, start, end, index):
                dropped.add(k)
            elif not anchored:
                window = cleaned[max(0, start - CONTEXT_WINDOW) : end + CONTEXT_WINDOW].lower()
                if not any(cue in window for cue in self._cues[index]):
                    unsupported.append(item)
        if unsupported:
            kept = [item for item in strict if item[0] not in dropped]
            listed = _listed_together(cleaned, kept)  # type: ignore[arg-type]
            dropped.update(item[0] for item in unsupported if item[0] not in listed)
        if dropped:
            return [match for k, match in enumerate(matches) if k not in dropped]
        return matches

    def _select(self, text: str, offsets: int = 0) -> list:  # type: ignore[type-arg]
        """Every match in ``text``: its skill index (``offsets`` 0), (skill index, start, end) with
        offsets into ``text`` (1), or a :class:`SkillMatch` (2)."""
        apart = cjk_apart(text)
        if apart is not text:
            matches = self._select(apart, offsets)
            if offsets == 2:  # the same offsets: each match's text as written
                return [match._replace(text=text[match.start : match.end]) for match in matches]
            return matches
        if self._native is not None:
            scanned = self._native.scan(text, offsets)
            if scanned is not None:
                return self._keep_strict(*scanned)
            html = True  # the scan found a tag or an entity and left the text to us
        else:
            html = ("<" in text or "&" in text) and looks_like_html(text)
            if not html:
                return self._keep_strict(*self._reference_scan(text, offsets))
        stripped, starts, origins = html_to_text(text)
        positions = 1 if offsets else 0
        if self._native is not None:
            scanned = self._native.scan(stripped, positions, False)
        else:
            scanned = self._reference_scan(stripped, positions)
        matches = self._keep_strict(*scanned)
        if not offsets:
            return matches
        spans = [
            (index, through_segments(starts, origins, start), through_segments(starts, origins, end - 1) + 1)
            for index, start, end in matches
        ]
        return spans if offsets == 1 else [self._match(text, *span) for span in spans]

    def _match(self, text: str, index: int, start: int, end: int) -> SkillMatch:
        return SkillMatch(*self._labels[index], start, end, text[start:end])

    def find(self, text: str, kinds: str | Iterable[str] | None = "all") -> list[SkillMatch]:
        """Every match in ``text`` (HTML, Markdown or plain), in order, with offsets into ``text``.

        ``kinds`` keeps matches of some kinds: ``skill``, ``context``, ``all`` (the default here)
        or category names (see :func:`classifier.taxonomy.resolve_kinds`).
        """
        if not isinstance(text, str):
            raise TypeError(f"expected a string, got {type(text).__name__}")
        matches = self._select(text, 2)
        if kinds == "all":
            return matches
        chosen = resolve_kinds(kinds)
        return [match for match in matches if match.category in chosen]

    def skill_indices(self, text: str) -> list[int]:
        """Skill indices (into the taxonomy) of every match, for counting features."""
        return self._select(text)

    # -- words ----------------------------------------------------------------------------------

    def words_text(self, text: str) -> str:
        """The text words are read from: HTML reduced, Markdown masked, white space collapsed, lower-cased.

        Its tokens are the runs of two or more letters or digits (``WORD_TOKEN``); the
        terms are those tokens and each pair of neighbours joined by a space.
        """
        if ("<" in text or "&" in text) and looks_like_html(text):
            text = html_to_text(text)[0]
        cleaned = _native.clean(text) if self._native is not None else collapse_whitespace(mask_markdown(text))
        return _lower_aligned(cleaned)

    def set_vocabulary(self, vocabulary: dict[str, int] | None) -> None:
        """The terms (unigrams and bigrams) :meth:`skills_and_words` looks up, each with its column."""
        self._vocabulary = dict(vocabulary) if vocabulary else {}
        if self._native is not None:
            self._native.set_words(list(self._vocabulary.items()))

    def skills_and_words(self, text: str) -> tuple[list[int], list[int]]:
        """Skill indices of every match and vocabulary columns of every known term, from one reading.

        The compiled matcher tokenises and looks the terms up in the same pass as it
        matches skills; the Python path reads the words from :meth:`words_text`.
        """
        skills, words = self._skills_and_word_bytes(text)
        return skills, _int32_list(words)

    def _skills_and_word_bytes(self, text: str) -> tuple[list[int], bytes]:
        """As :meth:`skills_and_words`, the term columns packed as native int32 (for building matrices)."""
        vocabulary = self.__dict__.get("_vocabulary") or {}
        if cjk_apart(text) is not text:  # skills read with CJK characters apart; words as written
            skills = self._select(text)
            return skills, _int32_bytes(term_columns(self.words_text(text), vocabulary)) if vocabulary else b""
        if self._native is not None and vocabulary:
            scanned = self._native.scan(text, 0, True, True)
            if scanned is None:  # HTML: reduce it to text first
                scanned = self._native.scan(html_to_text(text)[0], 0, False, True)
            cleaned, matches, strict, words = scanned
            return self._keep_strict(cleaned, matches, strict), words
        skills = self._select(text)
        if not vocabulary:
            return skills, b""
        return skills, _int32_bytes(term_columns(self.words_text(text), vocabulary))

    @property
    def skills(self) -> list[Skill]:
        return self._skills


#: A token: a run of two or more letters or digits (as scikit-learn's default ``\\b\\w\\w+\\b`` on cleaned
#: text, where no underscore is left).
WORD_TOKEN = re.compile(r"[^\W_]{2,}")


def _lower_aligned(text: str) -> str:
    """``text.lower()``, keeping the characters that lower-case to two as they are (positions stay aligned)."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
    return lower


def term_columns(words_text: str, vocabulary: dict[str, int]) -> list[int]:
    """Columns of the known unigrams and bigrams of a :meth:`SkillMatcher.words_text`, ascending, one per use."""
    tokens = WORD_TOKEN.findall(words_text)
    get = vocabulary.get
    columns = [column for column in map(get, tokens) if column is not None]
    columns.extend(column for column in map(get, map(" ".join, zip(tokens, tokens[1:]))) if column is not None)
    columns.sort()
    return columns


def _int32_bytes(values: list[int]) -> bytes:
    import array

    return array.array("i", values).tobytes()


def _int32_list(data: bytes) -> list[int]:
    import array

    values = array.array("i")
    values.frombytes(data)
    return values.tolist()


def _rebuild_matcher(taxonomy: Taxonomy, compiled: bool) -> SkillMatcher:
    """Unpickle a :class:`SkillMatcher` (compiled again where it can be)."""
    return SkillMatcher(taxonomy, native=compiled and native_available())


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


def extract_skills(
    text: str, taxonomy: str | Taxonomy | None = None, kinds: str | Iterable[str] | None = "skill"
) -> list[SkillMatch]:
    """Skills named in ``text``: each with name, category (its kind), start and end offsets into ``text``,
    and its ESCO URI and O*NET code where one fits.

    ``kinds``: ``skill`` (the default: languages, libraries, platforms, tools, methods),
    ``context`` (industries, business functions, spoken languages, fields of study,
    credentials), ``all``, or category names. A skill inside a role name ("Senior Java
    Developer", "DevOps engineers") names the job, not a skill asked of it, and is left out.

    >>> [match.name for match in extract_skills("We use sklearn and k8s on GCP.")]
    ['scikit-learn', 'Kubernetes', 'Google Cloud']
    """
    return get_matcher(taxonomy).find(text, kinds)


__all__ = ["SkillMatch", "SkillMatcher", "extract_skills", "get_matcher", "default_matcher"]
