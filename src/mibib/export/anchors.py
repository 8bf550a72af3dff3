"""GitHub's heading anchors, and the headings of a Markdown text. Pure: no I/O.

GitHub turns a heading's text into an anchor by lower-casing it, dropping every
character that is not a letter, mark, number, connector (`_`), `-` or space,
and turning each space into `-`; a repeated anchor gets `-1`, `-2`, … (skipping
names already taken). Links in the generated README must match that exactly.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^ {0,3}(?:[#>|]|[-*+][ \t]|\d+[.)][ \t]|<|$)|^(?: {4}|\t)")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REFERENCE_LINK = re.compile(r"!?\[([^\]]*)\]\[[^\]]*\]")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " "}


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading with this text (before de-duplication)."""
    kept = []
    for char in text.strip().lower():
        category = unicodedata.category(char)
        if char in " -" or category[0] in "LMN" or category == "Pc":
            kept.append(char)
    return "".join(kept).replace(" ", "-")


@dataclass
class Slugger:
    """Hands out unique anchors in document order, as GitHub does."""

    occurrences: dict[str, int] = field(default_factory=dict)

    def slug(self, text: str) -> str:
        base = github_slug(text)
        slug = base
        while slug in self.occurrences:
            self.occurrences[base] += 1
            slug = f"{base}-{self.occurrences[base]}"
        self.occurrences[slug] = 0
        return slug


@dataclass(frozen=True)
class Heading:
    """A heading found in Markdown: its level, its text as rendered, and its line."""

    level: int
    text: str
    line: int


def fenced_lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """(line number, line, inside a code fence?) for each line; fence lines count as inside."""
    fence = None
    for number, line in enumerate(_split_lines(text), start=1):
        line = line.rstrip("\r")
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                yield number, line, True
                continue
            yield number, line, False
        else:
            closing = match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
            if closing and not line.strip().lstrip(fence[0]):
                fence = None
            yield number, line, True


def _split_lines(text: str) -> Iterator[str]:
    """text.split("\n") one line at a time: a large README's lines are not all held."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def find_headings(text: str) -> list[Heading]:
    """ATX (`## Title`) and setext (`Title` over `===`) headings outside code fences."""
    headings: list[Heading] = []
    previous: tuple[int, str] | None = None  # the last plain paragraph line
    for number, line, fenced in fenced_lines(text):
        if fenced:
            previous = None
            continue
        atx = _ATX.match(line)
        if atx:
            headings.append(Heading(len(atx.group(1)), heading_text(atx.group(2) or ""), number))
            previous = None
            continue
        setext = _SETEXT.match(line)
        if setext and previous is not None:
            level = 1 if setext.group(1)[0] == "=" else 2
            headings.append(Heading(level, heading_text(previous[1]), previous[0]))
            previous = None
            continue
        previous = None if _NOT_PARAGRAPH.match(line) else (number, line)
    return headings


def heading_text(markdown: str) -> str:
    """The text GitHub renders for a heading's inline Markdown (links, code, emphasis)."""
    kept: list[str] = []  # code spans and escaped characters, safe from the rules below

    def keep(value: str) -> str:
        kept.append(value)
        return f"\ue000{len(kept) - 1}\ue001"

    text = _CODE_SPAN.sub(lambda match: keep(match.group(2).strip()), markdown)
    text = _ESCAPED.sub(lambda match: keep(match.group(1)), text)
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    text = re.sub("\ue000(\\d+)\ue001", lambda match: kept[int(match.group(1))], text)
    return text.strip()
