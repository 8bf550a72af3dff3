"""Find an entry's title, link, venue tag and description in one line of Markdown.

Works on "runs" (text with its link and boldness), which markdown-it tokens and HTML
tables both give, so bullets, table cells and HTML cells share one reading. Pure.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from mibib.importers.venues import VenueTag, is_generic_label, parse_venue_tag

_TRAILING_TAG = re.compile(r"\s*(?:\((?P<paren>[^()]*)\)|\[(?P<square>[^\[\]]*)\])\s*$")
_LEADING_TAG = re.compile(r"^\s*(?:\((?P<paren>[^()]*)\)|\[(?P<square>[^\[\]]*)\])\s*")
_BRACKET_GROUP = re.compile(r"\[([^\[\]]{2,60})\]|\(([^()]{2,60})\)")
_QUOTES = "\"'“”‘’«»`"


@dataclass
class Run:
    """A piece of inline text: its link target (None outside links) and boldness."""

    text: str
    href: str | None = None
    bold: bool = False


@dataclass
class Link:
    text: str
    href: str
    bold: bool = False


@dataclass
class Reading:
    """What one line says about a paper."""

    title: str
    url: str = ""
    links: list[str] = field(default_factory=list)  # title and label links: where ids are
    tags: list[VenueTag] = field(default_factory=list)
    description: str = ""


def read_runs(runs: list[Run], plain_title: bool = False) -> Reading | None:
    """The title (bold text, else the first link that reads like a title) and the rest.

    `plain_title`: a table's title cell may hold an unlinked title.
    """
    segments = _segments(runs)
    found = _find_title(segments, plain_title)
    if found is None:
        return None
    raw_title, title_link, title_index = found
    title, tags = clean_title(raw_title)
    if not title:
        return None
    reading = Reading(title=title, url=title_link.href if title_link else "", tags=tags)
    if title_link is not None:
        reading.links.append(title_link.href)
    bold_title = title_index is not None
    prose = []
    for index, item in enumerate(segments):
        if index == title_index:
            continue
        if not isinstance(item, Link):
            prose.append(_take_tags(item if isinstance(item, str) else item[0], reading.tags))
            continue
        tag = parse_venue_tag(item.text, need_year=not item.text.startswith("["))
        if tag is not None and (item is not title_link or bold_title):
            reading.tags.append(tag)
        if item is title_link:
            continue
        # Beside a linked title, [Paper]/[Doc] links point at other things (a tool's
        # paper); beside a bold title, the labelled links are the entry's own.
        if tag is not None or (bold_title and _is_label(item.text)):
            reading.links.append(item.href)
        elif not _is_label(item.text):
            prose.append(item.text)
    if not reading.url:
        reading.url = next((href for href in reading.links if _is_web(href)), "")
    reading.description = clean_prose(" ".join(prose))
    return reading


def _find_title(segments: list, plain_title: bool) -> tuple[str, Link | None, int | None] | None:
    """(title text, the entry's link, index of a bold title segment or None)."""
    links = [item for item in segments if isinstance(item, Link) and _is_web(item.href)]
    for index, item in enumerate(segments):
        if not isinstance(item, tuple) or _looks_like_tag(item[0].strip()):
            continue
        if len(strip_decorations(item[0])) >= 2:
            after = [link for link in segments[index + 1 :] if isinstance(link, Link)]
            link = next((link for link in after if _is_web(link.href)), None)
            return item[0].strip(), link or (links[0] if links else None), index
    link = next((link for link in links if _reads_like_title(link.text)), None)
    if link is not None:
        return link.text, link, None
    if plain_title:
        text = " ".join(item if isinstance(item, str) else item[0]
                        for item in segments if not isinstance(item, Link))  # fmt: skip
        if text.strip():
            return text, None, None
    return None


def clean_title(text: str) -> tuple[str, list[VenueTag]]:
    """Strip emoji, quotes and venue tags from a title; return it with the tags found."""
    title = strip_decorations(text)
    tags: list[VenueTag] = []
    for pattern, at_end in ((_TRAILING_TAG, True), (_LEADING_TAG, False)):
        while True:
            match = pattern.search(title) if at_end else pattern.match(title)
            if match is None:
                break
            inner = match.group("paren") if match.group("paren") is not None else None
            square = match.group("square")
            tag = parse_venue_tag(inner, need_year=True) if inner is not None else None
            if square is not None:
                tag = parse_venue_tag(square, need_year=not at_end)
            rest = (title[: match.start()] if at_end else title[match.end() :]).strip()
            if tag is None or not rest:
                break
            tags.append(tag)
            title = strip_decorations(rest)
    return title, tags


def strip_decorations(text: str) -> str:
    """Without emoji, surrounding quotes, stray `*`/`_` and trailing separators."""
    kept = "".join(
        char
        for char in text
        if unicodedata.category(char) not in ("So", "Cs", "Co") and char not in "\ufe0f\u200d\u20e3"
    )
    kept = " ".join(kept.split()).strip(" *_|:-–—,;")
    while len(kept) > 1 and kept[0] in _QUOTES and kept[-1] in _QUOTES:
        kept = kept[1:-1].strip()
    return kept


def clean_prose(text: str) -> str:
    text = re.sub(r"\(\s*[,;\s]*\)|\[\s*\]", " ", text)
    text = " ".join(text.split())
    return text.strip(" :-–—|,;").strip()


def _take_tags(text: str, tags: list[VenueTag]) -> str:
    """Venue tags inside prose (`\\[ICML 2025\\]`, `(NeurIPS 2023 Spotlight)`) moved to tags."""

    def replace(match: re.Match) -> str:
        tag = parse_venue_tag(match.group(0), need_year=True)
        if tag is None:
            return match.group(0)
        tags.append(tag)
        return " "

    return _BRACKET_GROUP.sub(replace, text)


def _segments(runs: list[Run]) -> list:
    """Runs grouped: Link for a link, (text,) for a bold stretch, str for plain text."""
    segments: list = []
    for run in runs:
        if run.href is not None:
            last = segments[-1] if segments else None
            if isinstance(last, Link) and last.href == run.href and not last.text.endswith(" "):
                last.text += run.text
                last.bold = last.bold or run.bold
            else:
                segments.append(Link(run.text, run.href, run.bold))
        elif run.bold:
            if segments and isinstance(segments[-1], tuple):
                segments[-1] = (segments[-1][0] + run.text,)
            else:
                segments.append((run.text,))
        elif segments and isinstance(segments[-1], str):
            segments[-1] += run.text
        else:
            segments.append(run.text)
    for item in segments:
        if isinstance(item, Link):
            item.text = " ".join(item.text.split())
    return segments


def _is_web(href: str) -> bool:
    return bool(re.match(r"https?://|www\.", href.strip(), re.IGNORECASE))


def _looks_like_tag(text: str) -> bool:
    text = text.strip()
    return bool(text) and text[0] in "[(" and parse_venue_tag(text, need_year=False) is not None


def _is_label(text: str) -> bool:
    whole_bracket = re.fullmatch(r"\s*\[[^\[\]]*\]\s*", text) is not None
    return is_generic_label(text) or _looks_like_tag(text) or whole_bracket


def _reads_like_title(text: str) -> bool:
    stripped = strip_decorations(text)
    if len(stripped) < 3 or not re.search(r"[A-Za-z]", stripped):
        return False
    return not _is_label(text) and not stripped.lower().startswith(("http://", "https://"))
