"""Where in a posting a skill stands: its section, whether it is required or preferred, and negation.

A posting is cut into sections at its headings: short lines, or phrases set off as headings
(a colon after them, a Markdown ``#`` or ``**`` around them, an HTML heading or bold tag), that
name a section ("What you'll do", "Requirements", "Nice to have", "What we offer", "About us").
Text before the first heading is ``other``. Within a section, the sentence around a match may say
more: "... is a plus" makes it preferred, "must have ..." required, "no Java needed" negated.

Offsets are those of the text as given (HTML and Markdown included), like the matches'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from classifier.skills import SkillMatch
from classifier.text import sentence_span

SECTIONS = ("responsibilities", "requirements", "preferred", "benefits", "about_company", "other")

_CUES: tuple[tuple[str, str], ...] = (
    # order matters: the first that matches a heading names it
    (
        "preferred",
        r"nice[\s-]+to[\s-]+haves?|preferred(?:\s+(?:qualifications|skills|experience|requirements))?|bonus(?:\s+\w+)?"
        r"|pluses|(?:it['’]?s\s+)?a\s+plus|desirable|desired(?:\s+\w+)?|good[\s-]+to[\s-]+haves?|high\s+preference"
        r"|extra\s+credit|even\s+better|ideally|would\s+be\s+great|optional|excite\s+us|stand\s+out|added\s+advantage"
        r"|ideal\s+candidate\s+(?:also|will\s+also)|additional\s+(?:skills|qualifications)|a\s+bonus|advantageous",
    ),
    (
        "benefits",
        r"benefits|perks|what\s+we\s+offer|we\s+offer|what['’]?s\s+in\s+it\s+for\s+you|why\s+(?:join|work)"
        r"|why\s+you['’]?ll\s+love|compensation|salary|pay\s+range|total\s+rewards|our\s+offer|we\s+provide"
        r"|what\s+you(?:['’]ll|\s+will)\s+(?:get|gain)|here\s+you(?:['’]ll|\s+will)\s+get|what\s+we\s+give|our\s+promise",
    ),
    (
        "responsibilities",
        r"about\s+(?:the|this)\s+(?:role|job|position|opportunity|project)",
    ),
    (
        "about_company",
        r"about\s+(?:us|the\s+company|the\s+team|our\s+(?:company|team)|[A-Z][\w&.-]+)|who\s+we\s+are"
        r"|company\s+(?:description|overview|profile)|our\s+(?:mission|story|company|culture|values)|working\s+at"
        r"|what\s+is\s+it\s+like|why\s+[A-Z]\w+|life\s+at",
    ),
    (
        "requirements",
        r"requirements?|qualifications?|what\s+you(?:['’]ll|\s+will)?\s+(?:need|bring)|must[\s-]+haves?|mandatory"
        r"|who\s+you\s+are|about\s+you|you\s+(?:have|bring|should\s+apply\s+if)|skills(?:\s+(?:and|&)\s+\w+)?"
        r"|experience(?:\s+(?:and|&)\s+skills)?|(?:what\s+)?we(?:['’]re|\s+are)?\s+looking\s+for|ideal\s+candidate"
        r"|your\s+(?:profile|background|skills|experience)|the\s+talent|what\s+(?:it\s+takes|will\s+help\s+you)"
        r"|what\s+we\s+need|(?:success|succeed)\s+in\s+this\s+role|competenc(?:y|ies)|education|essential"
        r"|candidate\s+profile|eligibility|prerequisites",
    ),
    (
        "responsibilities",
        r"responsibilit(?:y|ies)|what\s+you(?:['’]ll|\s+will)\s+(?:do|be\s+doing|work\s+on)|you\s+will(?:\s+be\s+able\s+to)?"
        r"|(?:your|the)\s+role|role(?:\s+(?:description|summary|overview|purpose))?|key\s+(?:duties|tasks)|duties"
        r"|day[\s-]+to[\s-]+day|your\s+(?:impact|mission|tasks|day)|in\s+this\s+role|the\s+job|job\s+(?:description"
        r"|summary|purpose|overview|details)|position\s+(?:summary|overview|purpose|description)|tasks|overview|description"
        r"|what\s+the\s+job\s+involves|the\s+opportunity|make\s+an\s+impact|primary\s+goals"
        r"|how\s+you(?:['’]ll|\s+will)\s+(?:help|contribute|make)",
    ),
    (
        "other",
        r"how\s+to\s+apply|equal\s+(?:employment\s+)?opportunity|eeo\b|application\s+process|next\s+steps"
        r"|apply\s+(?:now|today)|hiring\s+process|what\s+happens\s+(?:next|after)",
    ),
)
# A cue starts a word: the look-behind and look-ahead let the engine skip every other position (7x faster).
_CUE = re.compile(
    r"(?<![\w])(?=\w)(?:" + "|".join(f"(?P<{name}_{i}>{pattern})" for i, (name, pattern) in enumerate(_CUES)) + ")",
    re.IGNORECASE,
)
#: A heading set off as one: at a line start (after Markdown or list marks, or an HTML tag), short,
#: and ending the line or followed by a colon or a closing tag.
_HEADING = re.compile(
    r"(?:^|\n|<(?:h[1-6]|strong|b|p|div)[^>]*>)[ \t]*(?:#{1,6}[ \t]*|\*\*|__)?"
    r"(?P<heading>[^\n<:]{0,60}?)[ \t]*(?:\*\*|__)?[ \t]*(?::|(?=\n)|(?=<)|$)",
    re.IGNORECASE,
)
_COLON_AFTER = re.compile(r"[ \t]*(?:\*\*|__|</\w+>)?[ \t]*:")
_LIST_ITEM = re.compile(r"\s*(?:[-•–]\s|\*\s|\d+[.)]\s)")
_STRONG_REQUIREMENT = re.compile(
    r"requirement|qualification|must|minimum|basic|required|mandatory|who\s+you\s+are|about\s+you", re.IGNORECASE
)
_DASH_AFTER = re.compile(r"[ \t]+[-–—][ \t]")
_STARTS_SENTENCE = re.compile(r"(?:^|[.!?;)]\s*|\s-\s*|\*\s*)$")
_PREFERRED = re.compile(
    r"\b(?:nice[\s-]+to[\s-]+have|(?:is|are|would\s+be)\s+(?:a\s+)?(?:big\s+|huge\s+|strong\s+)?(?:plus|bonus)"
    r"|preferred|preferably|bonus|desirable|ideally|a\s+plus|pluses|advantageous|an\s+advantage|optional)\b",
    re.IGNORECASE,
)
_REQUIRED = re.compile(
    r"\b(?:must|required|requires?|requirement|mandatory|essential|minimum|at\s+least|need(?:ed)?|proficien\w*"
    r"|strong\s+(?:experience|knowledge|background)|\d+\+?\s+years?)\b",
    re.IGNORECASE,
)
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|without|never|non|don['’]?t\s+need|do\s+not\s+need)\s+(?:\w+\s+){0,2}$", re.I
)
_NEGATION_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}(?:is\s+|are\s+)?(?:not\s+(?:required|needed|necessary|expected)|(?:needed|required)\s*\?)",
    re.IGNORECASE,
)
_NO_X_NEEDED = re.compile(r"^\s*(?:\w+\s+){0,2}(?:needed|required|necessary)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    """A section heading: where it starts and which section it opens."""

    start: int
    end: int
    section: str
    text: str


@dataclass(frozen=True)
class PlacedMatch:
    """A match with where it stands: ``section`` (one of :data:`SECTIONS`), ``requirement``
    (``required``, ``preferred`` or None when the posting does not say) and ``negated``."""

    match: SkillMatch
    section: str
    requirement: str | None
    negated: bool

    def to_dict(self) -> dict[str, object]:
        return {
            **self.match.to_dict(),
            "section": self.section,
            "requirement": self.requirement,
            "negated": self.negated,
        }


def _section_of(cue: re.Match[str]) -> str:
    """The section a cue names (its group is ``<section>_<index>``)."""
    return cue.lastgroup.rsplit("_", 1)[0]  # type: ignore[union-attr]


def _heading_section(cues: list[re.Match[str]]) -> str:
    """The section a heading's cues name: the one whose cues cover most of it, then the first in the list
    ("Essential Duties and Responsibilities": responsibilities; "You Will Excite Us If You": preferred)."""
    cover: dict[str, int] = {}
    first: dict[str, int] = {}
    for cue in cues:
        section, index = cue.lastgroup.rsplit("_", 1)  # type: ignore[union-attr]
        cover[section] = cover.get(section, 0) + len(cue.group(0))
        first[section] = min(first.get(section, len(_CUES)), int(index))
    return max(cover, key=lambda section: (cover[section], -first[section]))


def headings(text: str) -> list[Heading]:
    """The section headings of a posting, in order."""
    found: list[Heading] = []
    for candidate in _HEADING.finditer(text):
        raw = candidate.group("heading")
        if _LIST_ITEM.match(raw):
            continue  # a list item is not a heading
        words = raw.strip(" \t*_#-•")
        if not words or len(words.split()) > 8 or (words.endswith(".") and len(words.split()) > 1):
            continue  # too long, or a sentence ("Experience in agencies is an added advantage.")
        cues = list(_CUE.finditer(words))
        # set off as a heading (Markdown #, bold, an HTML heading): a cue may cover less of it
        marked = "#" in candidate.group(0)[: candidate.start("heading") - candidate.start()] or "<h" in candidate.group(
            0
        )
        share = 0.25 if marked else 0.4
        if not cues or (len(words.split()) > 4 and sum(len(cue.group(0)) for cue in cues) < share * len(words)):
            continue  # a sentence that mentions "experience" is not a heading
        section = _heading_section(cues)
        start = candidate.start("heading")
        if found and found[-1].start == start:
            continue
        found.append(Heading(start, candidate.end("heading"), section, words))
    # text that lost its line breaks: a capitalised cue phrase followed by a colon or a dash, or
    # one that starts a sentence in a posting without line breaks, is a heading too
    flat = len(text) >= 400 and text.count("\n") < 3
    for cue in _CUE.finditer(text):
        if any(h.start <= cue.start() < h.end for h in found):
            continue
        capital = cue.group(0)[:1].isupper()
        after = _COLON_AFTER.match(text, cue.end()) or (capital and _DASH_AFTER.match(text, cue.end()))
        starts = capital and flat and _STARTS_SENTENCE.search(text[max(0, cue.start() - 3) : cue.start()] or ".")
        if not (after or starts):
            continue
        found.append(Heading(cue.start(), cue.end(), _section_of(cue), cue.group(0)))
    found.sort(key=lambda heading: heading.start)
    # a generic skills or experience heading inside a preferred section is one of its parts
    for index in range(1, len(found)):
        previous, heading = found[index - 1], found[index]
        if (
            previous.section == "preferred"
            and heading.section == "requirements"
            and not _STRONG_REQUIREMENT.search(heading.text)
        ):
            found[index] = replace(heading, section="preferred")
    return found


def section_at(offset: int, found: list[Heading]) -> str:
    """The section that holds ``offset`` (``other`` before the first heading)."""
    section = "other"
    for heading in found:
        if heading.start > offset:
            break
        section = heading.section
    return section


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    return sentence_span(text, start, end)


_ASKS = re.compile(
    r"\b(?:\d+\+?\s*(?:-\s*\d+\s*)?years?|degree|bachelor|master'?s|phd|experience\s+(?:with|in|of)|proficien\w*"
    r"|knowledge\s+of|familiar\w*|understanding\s+of|expertise\s+in|skills?\s+in|ability\s+to|must|required)\b",
    re.IGNORECASE,
)
#: What only a requirement says, whatever its heading: years, degrees, proficiency, knowledge of ...
_ASKS_STRONGLY = re.compile(
    r"\b(?:\d+\+?\s*(?:-\s*\d+\s*)?(?:years?|yrs)['’]?\s+(?:of\s+)?(?:\w+\s+){0,3}experience|bachelor['’]?s|master['’]?s\s+degree"
    r"|degree\s+in|proficien(?:cy|t)\s+(?:in|with)|(?:strong|solid|deep|working|good|excellent)\s+(?:knowledge|understanding)\s+of"
    r"|knowledge\s+of|familiarity\s+with|(?:hands[\s-]on\s+)?experience\s+(?:with|in|using)|excellent\s+\w+(?:\s+and\s+\w+)?\s+skills"
    r"|you\s+(?:have|bring|possess)|must\s+have)\b",
    re.IGNORECASE,
)
_DOES = re.compile(
    r"\b(?:you\s+will|you['’]?ll|responsib\w+|we\s+are\s+(?:seeking|looking|hiring)|(?:is|are)\s+(?:seeking|looking|hiring)"
    r"|join\s+(?:our|the|us)|as\s+an?\s|the\s+role|this\s+role|design\w*|develop\w*|build\w*|maintain\w*|work\s+(?:with|on|closely)"
    r"|collaborat\w+|lead\w*|own\w*|implement\w*|analy[sz]\w*|support\w*)\b",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"\b(?:we\s+are\s+an?|is\s+an?\s+(?:leading|global|fast|growing|\w+\s+(?:company|leader|platform|startup))|founded"
    r"|our\s+(?:mission|customers|clients|company|platform|products?)|company|headquartered|leader\s+in|backed\s+by)\b",
    re.IGNORECASE,
)


def _unheaded(sentence: str) -> str:
    """The section of a sentence that no heading introduces, from what it says."""
    if _ASKS.search(sentence):
        return "requirements"
    if _DOES.search(sentence):
        return "responsibilities"
    if _COMPANY.search(sentence):
        return "about_company"
    return "other"


def _line_length(text: str, offset: int) -> int:
    """The length of the line that holds ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return (end if end >= 0 else len(text)) - start


def place(text: str, matches: list[SkillMatch]) -> list[PlacedMatch]:
    """Each match with its section, requirement and negation (``matches`` found in ``text``)."""
    found = headings(text)
    placed = []
    for match in matches:
        section = section_at(match.start, found)
        left, right = _sentence(text, match.start, match.end)
        before, after = text[left : match.start], text[match.end : right]
        sentence = text[left:right]
        if section == "other" and (not found or match.start < found[0].start):
            section = _unheaded(sentence)
        elif (
            section in ("responsibilities", "about_company")
            and _line_length(text, match.start) < 160
            and _ASKS_STRONGLY.search(sentence)
        ):
            # a list item or a short line that asks, under "Roles & Responsibilities" or a company heading:
            # "8+ years of experience in ...". (Not a paragraph describing the role: "The ideal candidate
            # will have ..." there is part of the description.)
            section = "requirements"
        negated = bool(
            _NEGATION_BEFORE.search(before[-40:])
            and (_NO_X_NEEDED.search(after) or re.search(r"\b(?:needed|required|necessary)\b", after, re.I))
        ) or bool(_NEGATION_AFTER.search(after))
        if _PREFERRED.search(sentence):
            requirement: str | None = "preferred"
        elif section == "preferred":
            requirement = "preferred"
        elif section == "requirements" or _REQUIRED.search(sentence):
            requirement = "required"
        else:
            requirement = None
        placed.append(PlacedMatch(match, section, requirement, negated))
    return placed


def extract_placed_skills(text: str, taxonomy=None, kinds="skill") -> list[PlacedMatch]:
    """:func:`classifier.extract_skills` with each match's section, requirement and negation."""
    from classifier.skills import extract_skills

    return place(text, extract_skills(text, taxonomy, kinds))


__all__ = ["SECTIONS", "Heading", "PlacedMatch", "headings", "place", "section_at", "extract_placed_skills"]
