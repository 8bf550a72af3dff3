"""A title written as plain text, with no link or emphasis to mark it: in quotes, after a
numbering or a venue tag, after the authors' names, or the first sentence or bar-cell. Pure.

Its own module because reading where unmarked text starts and ends a title is a rule set
of its own (quotes, lead tags, names first, sentence ends), apart from choosing among a
line's links and bold or italic text (titles.py).
"""

import re

from mibib.importers.details import PERIOD_END
from mibib.importers.inline import Link
from mibib.importers.names import read_authors
from mibib.importers.venues import parse_date, parse_venue_tag
from mibib.importers.wording import reads_like_title, word_count

_QUOTED = re.compile(r"^\W{0,3}[\"“”'‘’«](?P<title>[^\"“”«»]{3,}?)[\"“”'’»]")
# A bullet or number typed as text, where a list item would be: `[12]`, `[-]`, `•`, `(3)`.
_MARKER = re.compile(r"^\s*(?:\[[-*•·+\d]{1,4}\]|[•·▪►◦]|\(\d{1,3}\)|\d{1,3}[.)](?=\s))\s*")
_CHECKBOX = re.compile(r"^\s*\[[ xX]\]\s*")
# A short name, a colon or dash, then the title in quotes: `DiMP: "Title" ICCV.`
_NAMED_QUOTE = re.compile(
    r"^\W{0,3}[\w.+-]{2,20}\s*[:：—–-]\s*[\"“](?P<title>[^\"“”]{3,}?)[.,]?[\"”]"
)
_LEAD = re.compile(
    r"^(?P<tag>[^\s|:]{2,25}(?: [^\s|:]{1,12})?)\s*(?:\s[-–—]|:)\s+(?P<rest>\S.*)$", re.S
)
# `arXiv 2023.10, Title`, `RSS 2022 Best Student Paper Award Finalist, Title`: a tag of a
# few words, a comma, then the title.
_LEAD_COMMA = re.compile(r"^(?P<tag>[^,;:|]{2,60}?),\s+(?P<rest>\w.*)$", re.S)
_TAG_START = re.compile(r"^(?:[^\W\d_][\w.&@'’-]{0,20}\s+)?(?:19|20)\d\d(?:\.\d{1,2})?(?!\S)")


def strip_marker(text: str) -> str:
    """Text without the numbering or bullet a line starts with (`[12]`, `[-]`, `•`, `3)`)."""
    return _MARKER.sub("", text, count=1)


def plain_title(parts: list, cut: bool = True) -> tuple[str, None, set[int], str] | None:
    """The leading plain text, cut at the first sentence end or bar when more follows
    (`Title. A. Smith, B. Jones. ICML 2023`): (title, None, segments used, the rest)."""
    used, texts = set(), []
    for index, part in enumerate(parts):
        if isinstance(part, Link):
            break
        if part.code:
            return None  # the line goes on in `code`: prose quoting syntax, not a title
        if part.bold and parse_venue_tag(part.text, need_year=True, strict=True):
            continue  # `Title <b>ASE 2026</b>`: a tag, read with the rest of the line
        used.add(index)
        texts.append(part.text)
    text = "".join(texts).strip()
    if text.endswith((":", "：")):
        return None  # "Entry shape: `…`": a label for what follows, not a title
    text = _CHECKBOX.sub("", text, count=1)  # `[ ] "Title" by …`: a task list's box
    quoted = _QUOTED.match(text)
    named = _NAMED_QUOTE.match(text) if quoted is None else None
    quoted = quoted or (named if named and word_count(named.group("title")) >= 3 else None)
    if quoted and reads_like_title(quoted.group("title")):
        # `DiMP: "Title" ICCV.`: the short name before the quotes is the method's, the
        # quoted words the paper's title
        return quoted.group("title"), None, used, text[quoted.end() :]
    text, lead = lead_tag(strip_marker(text)) if cut else (text, "")
    if lead and _TAG_START.match(lead) and not parse_venue_tag(lead, strict=True):
        lead = f"[{lead}]"  # `CoRL 2023 workshop, Title`: a tag, though not a venue's name
    cited = _names_first(text) if cut else None
    if cited is not None:
        return cited[0], None, used, f"{lead}. {cited[1]}"
    pieces = [piece for piece in re.split(r"(?<!\s)\s*\|\s*", text) if piece.strip()]
    if cut and len(pieces) > 1:
        readable = [piece for piece in pieces if reads_like_title(piece)]
        # `2012-07 | Title | A. Smith and B. Jones`: the names are not the title.
        readable = [piece for piece in readable if not read_authors(piece)] or readable
        if not readable:
            return None
        best = max(readable, key=word_count)
        return best, None, used, " | ".join(piece for piece in pieces if piece is not best)
    chunks = PERIOD_END.split(text, maxsplit=1) if cut else [text]
    title = chunks[0] if chunks else ""
    if not reads_like_title(title) or parse_date(title) is not None:
        return None
    return title, None, used, f"{lead}. {chunks[1] if len(chunks) > 1 else ''}"


def lead_tag(text: str) -> tuple[str, str]:
    """(text, tag) for `2019-CVPR - Title`, `ICML 2023: Title` or `IROS 2021 oral, Title`:
    a venue or date tag set before the title with a dash, colon or comma; (text, "") when
    there is none."""
    match = _LEAD.match(text)
    if match is None:
        match = _LEAD_COMMA.match(text)
        # After a comma, only a tag that opens with its venue and year: `ICLR 2024
        # submission, Title`, not `Title. (ICDE 2022, best demo award)`.
        if match is None or not _TAG_START.match(match.group("tag")):
            return text, ""
    tag = match.group("tag")
    if parse_date(tag) is None and parse_venue_tag(tag, need_year=True) is None:
        return text, ""
    return match.group("rest"), tag


def _names_first(text: str) -> tuple[str, str] | None:
    """(title, the rest) of `A. Smith, B. Jones, Title Of The Paper, CVPR, 2015`: older
    lists cite authors first, then the title, then the venue and year."""
    parts = re.split(r",\s*", text.strip(" ."))
    parts = [re.sub(r"^(?:and|&)\s+", "", part.strip()) for part in parts if part.strip()]
    names, index = [], 0
    while index < len(parts) and (found := read_authors(parts[index], single=True)):
        names += found
        index += 1
    tail = parts[index:]
    while tail and (
        parse_date(tail[-1])
        or parse_venue_tag(tail[-1], need_year=False, strict=True)
        or re.fullmatch(r"(?i)arxiv:?\s*[\d.v]*", tail[-1])
    ):
        tail.pop()
    title = ", ".join(tail)
    if len(names) < 2 or not reads_like_title(title) or read_authors(title):
        return None
    return title, f"{', '.join(parts[:index])}. {', '.join(parts[index + len(tail) :])}"
