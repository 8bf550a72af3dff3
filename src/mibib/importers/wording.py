"""What a short text of a list is (a title, a link's label, a venue tag) and how it reads
cleaned: titles without emoji, quotes, stray markup and the tags written into them. Pure.
"""

import re
import unicodedata
from functools import lru_cache

from mibib.importers.details import bare_venue
from mibib.importers.names import names_organisation
from mibib.importers.venues import (
    VenueTag,
    is_generic_label,
    names_publication,
    parse_date,
    parse_venue_tag,
)

_TRAILING_TAG = re.compile(
    r"\s*(?:[(（](?P<paren>[^()（）]*)[)）]|\[(?P<square>[^\[\]]*)\])\s*$"
)  # `(ICML 2024)`, `（2016）` as CJK text writes it, `[ICLR 2024]`
_LEADING_TAG = re.compile(r"^\s*(?:\((?P<paren>[^()]*)\)|\[(?P<square>[^\[\]]*)\])\s*")
_BRACKET_GROUP = re.compile(r"\\?\[([^\[\]]{2,60})\\?\]|\(([^()]{2,60})\)")
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
_QUOTES = "\"'“”‘’«»`"
# A backslash left of a Markdown escape (before ASCII punctuation, as in raw HTML, where
# no escape is read) or of a hard line break (before a space or the end): the list does
# not show it. Before a letter (`\\alpha`) it is the title's own.
_STRAY_BACKSLASH = re.compile(r"\\+(?=[\s!-/:-@\[-`{-~]|$)")


# A checkbox or a short topic label in brackets before a title: `[ ]`, `[x]`, `[LLM]`.
_TOPIC_LABELS = re.compile(r"^(?:\s*\[(?:[ xX]|[^\[\]]{1,30})\])+\s*(?=\S)")
_EDITION = re.compile(r"^[A-Z][\w-]*\s+(?:19|20)\d\d$")
_COMMA_YEAR = re.compile(
    r"^(?P<title>.{10,}?),\s*(?P<year>(?:19|20)\d\d)(?:,\s*(?P<venue>[^,]{2,80}?))?\s*$"
)
# The number a list puts inside a bold or linked title: `**2. Title**`, `### 3. [Title](…)`.
_NUMBERING = re.compile(r"^\d{1,3}\.\s+(?=[^\W\d_])")
_COMMA_TAG = re.compile(r"^(?P<title>.{10,}?),\s*(?P<tag>[^,]{3,40})$")


def clean_title(text: str) -> tuple[str, list[VenueTag]]:
    """Strip emoji, quotes, numbering (`**1. Title**`) and venue tags from a title; return
    it with the tags found."""
    title = _NUMBERING.sub("", strip_decorations(text), count=1)
    tags: list[VenueTag] = []
    for pattern, at_end in ((_TRAILING_TAG, True), (_LEADING_TAG, False)):
        while True:
            match = pattern.search(title) if at_end else pattern.match(title)
            if match is None:
                break
            inner = match.group("paren")
            square = match.group("square")
            tag = parse_venue_tag(inner, need_year=True) if inner is not None else None
            if square is not None:
                tag = parse_venue_tag(square, need_year=not at_end)
                # `Title [Redwood Research]` names where it appeared; `Title [Vision
                # Paper]` says what kind of paper it is: the title's own, not a venue.
                if tag is not None and at_end and tag.year is None and not tag.arxiv:
                    strict = parse_venue_tag(square, need_year=False, strict=True)
                    tag = strict or (tag if names_organisation(square.strip()) else None)
            date = parse_date(inner) if tag is None and at_end and inner is not None else None
            cited = re.search(r"\bet al\.?\s*$", title[: match.start()])  # `Makelov et al. (2023)`
            if date and not cited:  # `Title (2015-11)`, `Title (2016)`, `Title （2016）`
                tag = VenueTag("", date[0], month=date[1])  # when it appeared
            if tag is None and at_end and inner is not None and " " in inner.strip():
                named = bare_venue(inner)  # `Title (IEEE Transactions on Computers)`
                tag = named if named and names_publication(named.venue) else None
            rest = (title[: match.start()] if at_end else title[match.end() :]).strip()
            if tag is None or not rest:
                break
            tags.append(tag)
            title = strip_decorations(rest)
    labels = _TOPIC_LABELS.match(title)  # `[ ] [LLM] [Survey] Title`
    if labels and reads_like_title(title[labels.end() :]):
        title = strip_decorations(title[labels.end() :])
    dated = _COMMA_YEAR.match(title)  # `Title, 2021, NIPS`: the year, then the venue
    if dated and reads_like_title(dated.group("title")):
        venue = (dated.group("venue") or "").strip()
        known = parse_venue_tag(venue, need_year=False) if venue else None
        tags.append(VenueTag(known.venue if known else venue, int(dated.group("year"))))
        title = dated.group("title").strip()
    comma = _COMMA_TAG.match(title)  # `Title, USENIX ATC 2020`: a venue after a comma
    if comma and (tag := parse_venue_tag(comma.group("tag"), need_year=True, strict=True)):
        tags.append(tag)
        title = comma.group("title").strip()
    return title, tags


class _DecorationTable(dict):
    """For str.translate: emoji, symbols past Latin-1 and their joiners map to None
    (dropped), other characters to themselves; each character is looked up once."""

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        dropped = char >= "\u0100" and (
            unicodedata.category(char) in ("So", "Sk", "Cs", "Co") or char in "\ufe0f\u200d\u20e3"
        )
        self[code] = None if dropped else code
        return self[code]


_DECORATIONS = _DecorationTable()


def drop_emoji(text: str) -> str:
    """The text without emoji and `:shortcodes:` (`Dai, J., He, K. :star::star:`)."""
    return (
        _SHORTCODE.sub(" ", text).translate(_DECORATIONS)
        if ":" in text or not text.isascii()
        else text
    )


def strip_decorations(text: str) -> str:
    """Without emoji, shortcodes, surrounding quotes, stray `*`/`_`/`\\` and end separators.

    A final period goes too: lists end titles with one ("Title.") but titles never do.
    A backslash before a letter (`\\alpha`) and the symbols of ASCII and Latin-1 (`^`,
    `` ` ``, `©`) are the title's own: the list shows them.
    """
    text = _SHORTCODE.sub(" ", _STRAY_BACKSLASH.sub(" ", text))
    kept = text.translate(_DECORATIONS)
    kept = " ".join(kept.split()).strip(" *_|:-–—,;~，；：、").rstrip(" [(")
    while len(kept) > 1 and kept[0] in _QUOTES and kept[-1] in _QUOTES:
        kept = kept[1:-1].strip()
    if kept.endswith(".") and not kept.endswith(("..", "et al.", " al.")):
        kept = kept[:-1].rstrip()
    return kept


def clean_prose(text: str) -> str:
    """A description as the list writes it (backslashes, braces and `$` kept), without the
    empty brackets and stray separators that taking out its links and tags leaves."""
    text = re.sub(r"\(\s*[,;\s]*\)|\[\s*\]", " ", text)
    text = " ".join(text.split())
    return text.strip(" :-–—|,;").strip()


def take_tags(text: str, tags: list[VenueTag]) -> str:
    """Venue tags inside prose (`\\[ICML 2025\\]`, `(NeurIPS 2023 Spotlight)`) moved to tags."""

    def replace(match: re.Match) -> str:
        if parse_date(match.group(0)) is not None:
            return match.group(0)
        tag = parse_venue_tag(match.group(0).replace("\\", ""), need_year=True)
        if tag is None:
            return match.group(0)
        tags.append(tag)
        return " "

    return _BRACKET_GROUP.sub(replace, text)


def looks_like_tag(text: str) -> bool:
    """One bracketed venue tag, nothing else: `[ICLR 2024]`, `(EMNLP'22)`, `[[arxiv 2407]]`."""
    text = text.strip().strip("*_ ")
    if not re.fullmatch(r"\[+[^\[\]]*\]+|\([^()]*\)", text):
        return False
    return parse_venue_tag(text, need_year=False) is not None


@lru_cache(maxsize=8192)
def is_label(text: str) -> bool:
    """A link's text that names a kind of link (`[Paper]`, `PDF`, `[[arxiv 2407]]`), or a tag."""
    stripped = text.strip().strip("*_ ")
    whole_bracket = re.fullmatch(r"\[[^\[\]]*\]", stripped) is not None
    address = re.match(
        r"((https?://|www\.|10\.\d{4,9}/|arxiv:)\S+|\d{4}\.\d{4,5}(v\d+)?)$", stripped, re.I
    )
    return bool(is_generic_label(stripped) or looks_like_tag(stripped) or whole_bracket or address)


@lru_cache(maxsize=8192)
def reads_like_title(text: str) -> bool:
    """Enough words and letters to be a title, and not a label, tag or bare address."""
    stripped = strip_decorations(text)
    if len(stripped) < 3 or not re.search(r"[^\W\d_]{2}", stripped):
        return False
    if is_label(text) or re.match(r"(https?://|www\.)", stripped, re.IGNORECASE):
        return False
    title, _ = clean_title(text)
    if _EDITION.match(title):
        return False  # `Eurosys 2020`: a conference's edition (its program), not a paper
    tag = parse_venue_tag(title, need_year=True, strict=True)
    return bool(title) and not (tag is not None and word_count(tag.venue) <= 4)


def word_count(text: str) -> int:
    return len(re.findall(r"[^\W_]+", text))
