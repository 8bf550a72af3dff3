"""Read venue tags such as `(EMNLP'22)`, `[[ICLR 2024]]` or `[[arxiv 2407]]`. Pure: no I/O.

Awesome lists mark where a paper appeared with a short tag; these helpers turn it
into a venue and a year, and pick the BibTeX entry type that fits the venue.
"""

import re
from dataclasses import dataclass

_YEAR = re.compile(r"(?<![\d.])(?:19|20)\d\d(?![\d.])")
_SHORT_YEAR = re.compile(r"'(\d\d)(?!\d)")
_ARXIV_TAG = re.compile(r"^ar[xv][a-z]*\s*(?P<yymm>\d{4})?$", re.IGNORECASE)
# Qualifiers that say how a paper was presented, not where.
_QUALIFIERS = {"spotlight", "oral", "poster", "main", "long", "short", "accepted", "paper"}
# Link labels that name a kind of link, never a venue.
GENERIC_LABELS = {
    "github", "code", "codes", "paper", "pdf", "arxiv", "html", "abs", "openreview", "blog",
    "website", "web", "site", "project", "project page", "homepage", "page", "demo", "doc",
    "docs", "documentation", "tutorial", "slides", "video", "youtube", "dataset", "data",
    "link", "here", "forum", "workshop", "google scholar", "scholar", "interactive ui", "colab",
    "notebook", "talk", "twitter", "tweet", "thread", "huggingface", "hugging face", "model",
    "models", "benchmark", "leaderboard", "bibtex", "citation", "cite", "post", "report",
    "accepted papers", "paper list", "summary", "official", "repo", "repository", "source",
}  # fmt: skip
_JOURNAL_WORDS = ("journal", "transactions", "tmlr", "jmlr", "tacl", "tist", "tpami", "nature",
                  "pnas", "distill", "science")  # fmt: skip
_PROCEEDINGS_WORDS = ("workshop", "conference", "proceedings", "symposium", "findings", "@")


@dataclass(frozen=True)
class VenueTag:
    """What a tag says: a venue ('' for none), a year (or None), and whether it is arXiv."""

    venue: str
    year: int | None
    arxiv: bool = False


def parse_venue_tag(text: str, need_year: bool = True) -> VenueTag | None:
    """A venue tag's meaning, or None when the text is not one.

    `need_year`: only accept tags with a year (for brackets inside titles and prose,
    where `(70B)` or `[Interim]` are not venues); link labels such as `[[openreview]]`
    or `[[Transformer Circuits Thread]]` pass need_year=False.
    """
    inner = " ".join(text.strip().strip("[]()*_ ").split())
    if not inner or len(inner) > 60:
        return None
    arxiv = _ARXIV_TAG.match(inner)
    if arxiv:
        yymm = arxiv.group("yymm")
        return VenueTag("", 2000 + int(yymm[:2]) if yymm else None, arxiv=True)
    year = None
    match = _YEAR.search(inner)
    if match:
        year = int(match.group())
        inner = inner[: match.start()] + " " + inner[match.end() :]
    else:
        short = _SHORT_YEAR.search(inner)
        if short:
            year = 2000 + int(short.group(1))
            inner = inner[: short.start()] + " " + inner[short.end() :]
    words = [word for word in inner.replace("'", " ").split() if word.lower() not in _QUALIFIERS]
    venue = " ".join(words).strip(" ,;:-")
    if year is None and (need_year or venue.lower() in GENERIC_LABELS):
        return None
    if not venue and year is None:
        return None
    if venue and not re.search(r"[A-Za-z]", venue):
        return None
    return VenueTag(venue, year)


def entry_type_for(venue: str, year: int | None) -> tuple[str, str]:
    """(entry type, venue field): a journal, proceedings, or @misc with howpublished.

    Without a year the list gives a link, not a citation: biblatex's @online.
    """
    if year is None:
        return "online", "howpublished"
    if not venue:
        return "misc", "howpublished"
    lowered = venue.lower()
    if any(word in lowered for word in _JOURNAL_WORDS):
        return "article", "journal"
    if any(word in lowered for word in _PROCEEDINGS_WORDS) or _has_acronym(venue):
        return "inproceedings", "booktitle"
    return "misc", "howpublished"


def _has_acronym(venue: str) -> bool:
    """A word like ICLR, NeurIPS or CoNLL: mostly capitals, so a conference's short name."""
    for word in re.findall(r"[A-Za-z]{3,}", venue):
        if sum(char.isupper() for char in word) * 2 > len(word):
            return True
    return False


def year_from_url(url: str) -> int | None:
    """A year written in a URL's path (`/2023/`, ACL Anthology's `2023.acl-long`)."""
    match = re.search(r"/((?:19|20)\d\d)(?:/|\.[a-z])", url)
    return int(match.group(1)) if match else None


def is_generic_label(text: str) -> bool:
    return " ".join(text.strip().strip("[]()*_ ").lower().split()) in GENERIC_LABELS
