"""A posting's text with its skills marked, summarised to the passages that matter when it is long."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Postings longer than this are shown as passages around their weightiest skills, not whole.
WHOLE_TEXT_LIMIT = 1500
PASSAGES = 8
#: Characters of context on each side of a skill mention in a passage.
REACH = 80

_SPACES = re.compile(r"\s+")

#: One run of a passage: its text, whether it is a skill mention, and the mention's colour (green: pushes
#: towards the label, red: away from it, None: neither).
Part = tuple[str, bool, str | None]


@dataclass
class Passages:
    pieces: list[list[Part]] = field(default_factory=list)
    #: True when the text was long and only passages of it are shown
    summarised: bool = False
    skills_found: int = 0


def _colour(sign: float) -> str | None:
    return "green" if sign > 0 else "red" if sign < 0 else None


def _marked(text: str, matches: Sequence[Any], start: int, end: int, signs: Mapping[str, float]) -> list[Part]:
    parts: list[Part] = []
    position = start
    for match in matches:
        if match.start < start or match.end > end:
            continue
        parts.append((text[position : match.start], False, None))
        parts.append((f"[{match.text}]", True, _colour(signs.get(match.name, 0.0))))
        position = match.end
    parts.append((text[position:end], False, None))
    return [part for part in parts if part[0]]


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``-``end`` with ``REACH`` characters around it, cut at white space."""
    left = max(0, start - REACH)
    right = min(len(text), end + REACH)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    return left, right


def highlighted_passages(text: str, matches: Sequence[Any], signs: Mapping[str, float]) -> Passages:
    """The text with each skill mention marked: whole when short, else the passages around the first
    mention of the ``PASSAGES`` skills whose contributions (``signs``, by skill name) weigh most.

    ``matches`` are :class:`classifier.skills.SkillMatch` es (start, end, name, text) in text order.
    """
    if len(text) <= WHOLE_TEXT_LIMIT:
        return Passages([_marked(text, matches, 0, len(text), signs)], False, len(matches))
    first: dict[str, Any] = {}
    for match in matches:
        first.setdefault(match.name, match)
    chosen = sorted(first.values(), key=lambda match: (-abs(signs.get(match.name, 0.0)), match.start))[:PASSAGES]
    windows: list[list[int]] = []
    for start, end in sorted(_widen(text, match.start, match.end) for match in chosen):
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    if not windows:  # no skill at all: the opening of the text
        windows = [[0, _widen(text, 0, 2 * REACH)[1]]]
    pieces = []
    for start, end in windows:
        parts = _marked(text, matches, start, end, signs)
        parts = [(part if marked else _SPACES.sub(" ", part), marked, colour) for part, marked, colour in parts]
        pieces.append(
            [("… " if start > 0 else "", False, None), *parts, (" …" if end < len(text) else "", False, None)]
        )
    return Passages([[part for part in piece if part[0]] for piece in pieces], True, len(matches))
