"""HTML and Markdown to plain text, keeping a map back to the text as given.

Matching runs on the cleaned text; every offset it finds is mapped back with
:meth:`CleanText.to_original`, so matches point into the caller's own string.

Cleaning rules:

* HTML tags are removed (block tags become paragraph breaks), ``script`` and
  ``style`` bodies dropped, entities decoded.
* Markdown markup (emphasis, headings, bullets, table pipes, code ticks, link
  targets) and bare URLs are blanked out without changing the text's length.
* Runs of white space become one space; a run with a blank line in it, and the
  start of every list item, heading or table cell, becomes a hard break
  (``"\\n"``), which multi-word skills never cross.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right

HARD_BREAK = "\n"

_HTML_HINT = re.compile(r"<(?:/?[a-zA-Z][a-zA-Z0-9]*\b[^<>]*|!--)>?|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);")
_HTML_TOKEN = re.compile(
    r"<(script|style)\b[^>]*>.*?</\1\s*>"  # dropped with their content
    r"|<!--.*?-->"  # comments
    r"|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>"  # tags
    r"|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);",  # entities
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)

# Markdown: each pattern's matches are replaced by a same-length run of one character.
_MD_BLOCK_START = re.compile(r"(?m)^[ \t>]*(?:[-*+\u2022\u25cf\u25aa\u25e6\u2023\u2043]|\d{1,3}[.)]|#{1,6})(?=[ \t])")
_MD_RULE = re.compile(r"(?m)^[ \t]*(?:[-*_=][ \t]*){3,}$")
_MD_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")
_MD_INLINE = re.compile(r"[*`_\[\]~\\]")
# Runs that collapse: a blank line (and the white space after it) becomes a hard break, then
# any other run of two or more white-space characters, or a tab or newline, one space.
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")
_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")
_PLACEHOLDER = "\x00"


def _shift_map(pattern: re.Pattern[str], text: str) -> tuple[list[int], list[int]]:
    """Where ``pattern.sub(<one character>, text)`` shifts positions: (result starts, cumulative shifts)."""
    starts: list[int] = []
    shifts: list[int] = []
    shift = 0
    for match in pattern.finditer(text):
        width = match.end() - match.start()
        if width > 1:
            shift += width - 1
            starts.append(match.start() - shift + width)
            shifts.append(shift)
    return starts, shifts


def _unshift(shift_map: tuple[list[int], list[int]], position: int) -> int:
    starts, shifts = shift_map
    index = bisect_right(starts, position) - 1
    return position + shifts[index] if index >= 0 else position


class CleanText:
    """Cleaned text plus what is needed to map its offsets back to the original.

    The map is built only when an offset is first mapped, so feature extraction
    (which needs no offsets) pays nothing for it.
    """

    __slots__ = ("text", "_masked", "_segment_starts", "_segment_origins", "_paragraph_map", "_whitespace_map")

    def __init__(
        self, text: str, masked: str, segment_starts: tuple[int, ...] = (), segment_origins: tuple[int, ...] = ()
    ) -> None:
        self.text = text
        self._masked = masked
        self._segment_starts = segment_starts
        self._segment_origins = segment_origins
        self._paragraph_map: tuple[list[int], list[int]] = ([], [])
        self._whitespace_map: tuple[list[int], list[int]] | None = None

    def _build_map(self) -> None:
        first = self._masked.replace(_PLACEHOLDER, " ")
        self._paragraph_map = _shift_map(_PARAGRAPH, first)
        self._whitespace_map = _shift_map(_WHITESPACE, _PARAGRAPH.sub(_PLACEHOLDER, first))

    def to_original(self, position: int) -> int:
        """Map a character position in :attr:`text` to the text as given."""
        if self._whitespace_map is None:
            self._build_map()
        position = _unshift(self._whitespace_map, position)
        position = _unshift(self._paragraph_map, position)
        if self._segment_starts:
            index = bisect_right(self._segment_starts, position) - 1
            if index >= 0:
                position = self._segment_origins[index] + position - self._segment_starts[index]
        return position

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` to the text as given."""
        return self.to_original(start), self.to_original(end - 1) + 1


def looks_like_html(text: str) -> bool:
    """True when the text holds at least one HTML tag or entity."""
    return _HTML_HINT.search(text) is not None


def html_to_text(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """Strip tags and decode entities; return the text and its segment map."""
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    length = 0
    previous = 0
    for match in _HTML_TOKEN.finditer(text):
        if match.start() > previous:
            starts.append(length)
            origins.append(previous)
            pieces.append(text[previous : match.start()])
            length += match.start() - previous
        token = match.group(0)
        if token.startswith("&"):
            decoded = html.unescape(token)
            starts.append(length)
            origins.append(match.start())
            pieces.append(decoded)
            length += len(decoded)
        elif match.group(3) and match.group(3).lower() in _BLOCK_TAGS:
            starts.append(length)
            origins.append(match.start())
            pieces.append("\n\n")
            length += 2
        previous = match.end()
    if previous < len(text):
        starts.append(length)
        origins.append(previous)
        pieces.append(text[previous:])
    return "".join(pieces), tuple(starts), tuple(origins)


def _blank(pattern: re.Pattern[str], text: str, fill: str) -> str:
    return pattern.sub(lambda match: fill * len(match.group(0)), text)


def mask_markdown(text: str) -> str:
    """Blank out Markdown markup, URLs and e-mail addresses, keeping the text's length."""
    if "http" in text or "www." in text:
        text = _blank(_URL, text, " ")
    if "@" in text:
        text = _blank(_EMAIL, text, " ")
    if "---" in text or "***" in text or "___" in text or "===" in text:
        text = _blank(_MD_RULE, text, "\n")
    text = _blank(_MD_BLOCK_START, text, "\n")
    if "|" in text:
        text = text.replace("|", "\n")
    if "](" in text:
        text = _blank(_MD_LINK_TARGET, text, " ")
    return _MD_INLINE.sub(" ", text)


def collapse_whitespace(text: str) -> str:
    """One space for each run of white space; a hard break for a run with a blank line in it."""
    text = _PARAGRAPH.sub(_PLACEHOLDER, text.replace(_PLACEHOLDER, " "))
    return _WHITESPACE.sub(" ", text).replace(_PLACEHOLDER, HARD_BREAK)


def clean_text(text: str) -> CleanText:
    """Reduce HTML or Markdown to plain text with one space between words."""
    segment_starts: tuple[int, ...] = ()
    segment_origins: tuple[int, ...] = ()
    if ("<" in text or "&" in text) and looks_like_html(text):
        text, segment_starts, segment_origins = html_to_text(text)
    masked = mask_markdown(text)
    return CleanText(collapse_whitespace(masked), masked, segment_starts, segment_origins)


def plain_text(text: str) -> str:
    """The cleaned text alone (for display and for text-based models)."""
    return clean_text(text).text
