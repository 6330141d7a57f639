"""HTML and Markdown to plain text, keeping a map back to the text as given.

Matching runs on the cleaned text; every offset it finds is mapped back with
:meth:`CleanText.to_original`, so matches point into the caller's own string.
This is the reference implementation: ``classifier/_native.c`` does the same
masking and collapsing in C (HTML stays here), with the same results.

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
# Block markers are matched from the newline before them (a literal, so the scan is fast);
# the text is given a leading newline while masking so that its first line counts too.
_MD_BLOCK_START = re.compile(r"\n[ \t>]*(?:[-*+\u2022\u25cf\u25aa\u25e6\u2023\u2043]|\d{1,3}[.)]|#{1,6})(?=[ \t])")
_MD_RULE = re.compile(r"\n[ \t]*(?:[-*_=][ \t]*){3,}(?=\n|\Z)")
_MD_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")
_MD_INLINE = re.compile(r"[*`_\[\]~\\]")
# A run of white space with a blank line in it becomes a hard break; any other run, one space.
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")
_WORD = re.compile(r"\S+")
_PLACEHOLDER = "\x00"


class CleanText:
    """Cleaned text plus what is needed to map its offsets back to the original.

    The cleaned text is the masked text's words (maximal runs of non-space
    characters) joined by single separators, so a word's position maps back by
    its start. The map is built only when an offset is first mapped: feature
    extraction, which needs no offsets, pays nothing for it.
    """

    __slots__ = ("text", "_masked", "_segment_starts", "_segment_origins", "_word_starts", "_word_origins")

    def __init__(
        self, text: str, masked: str, segment_starts: tuple[int, ...] = (), segment_origins: tuple[int, ...] = ()
    ) -> None:
        self.text = text
        self._masked = masked
        self._segment_starts = segment_starts
        self._segment_origins = segment_origins
        self._word_starts: list[int] | None = None
        self._word_origins: list[int] = []

    def _build_map(self) -> None:
        starts: list[int] = []
        origins: list[int] = []
        position = 0
        for match in _WORD.finditer(self._masked.replace(_PLACEHOLDER, " ")):
            starts.append(position)
            origins.append(match.start())
            position += match.end() - match.start() + 1
        self._word_starts, self._word_origins = starts, origins

    def to_original(self, position: int) -> int:
        """Map a character position in :attr:`text` to the text as given."""
        if self._word_starts is None:
            self._build_map()
        index = bisect_right(self._word_starts, position) - 1  # type: ignore[arg-type]
        if index >= 0:
            position = self._word_origins[index] + position - self._word_starts[index]  # type: ignore[index]
        return through_segments(self._segment_starts, self._segment_origins, position)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` to the text as given."""
        return self.to_original(start), self.to_original(end - 1) + 1


def through_segments(starts: tuple[int, ...], origins: tuple[int, ...], position: int) -> int:
    """Map a position in the text :func:`html_to_text` returned to the HTML it was given."""
    if starts:
        index = bisect_right(starts, position) - 1
        if index >= 0:
            return origins[index] + position - starts[index]
    return position


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
    text = "\n" + text
    if "---" in text or "***" in text or "___" in text or "===" in text:
        text = _blank(_MD_RULE, text, "\n")
    text = _blank(_MD_BLOCK_START, text, "\n")[1:]
    if "|" in text:
        text = text.replace("|", "\n")
    if "](" in text:
        text = _blank(_MD_LINK_TARGET, text, " ")
    return _MD_INLINE.sub(" ", text)


def collapse_whitespace(text: str) -> str:
    """One space between words; a hard break where a run of white space holds a blank line.

    White space at either end is dropped.
    """
    parts = _PARAGRAPH.sub(_PLACEHOLDER, text.replace(_PLACEHOLDER, " ")).split(_PLACEHOLDER)
    return HARD_BREAK.join(filter(None, (" ".join(part.split()) for part in parts)))


def clean_text(text: str) -> CleanText:
    """Reduce HTML or Markdown to plain text with one space between words."""
    segment_starts: tuple[int, ...] = ()
    segment_origins: tuple[int, ...] = ()
    if ("<" in text or "&" in text) and looks_like_html(text):
        text, segment_starts, segment_origins = html_to_text(text)
    masked = mask_markdown(text)
    return CleanText(collapse_whitespace(masked), masked, segment_starts, segment_origins)


#: Where a sentence, list item or line ends: a stop followed by white space, a line break, or an
#: HTML break, paragraph or list-item tag.
_SENTENCE_END = re.compile(r"[.!?;]\s|\n|<(?:br|/p|/li|li|p)[^>]*>", re.IGNORECASE)


def sentence_span(text: str, start: int, end: int, reach: int = 400) -> tuple[int, int]:
    """The sentence (or list item, or line) around ``text[start:end]``, at most ``reach`` characters each side."""
    left = max(0, start - reach)
    for boundary in _SENTENCE_END.finditer(text, left, start):
        left = boundary.end()
    right_match = _SENTENCE_END.search(text, end, min(len(text), end + reach))
    right = right_match.start() if right_match else min(len(text), end + reach)
    return left, right
