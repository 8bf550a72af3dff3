"""Semantic Scholar Graph API: where an arXiv preprint was published and its TL;DR (for
`update`), and papers by Semantic Scholar URL or CorpusId (a source of `add`).

`_get_paper` is the only network call (through `http.get`: timeout, bounded retries
honouring Retry-After, descriptive User-Agent), at most one request every
MIBIB_S2_INTERVAL seconds (1 by default, across processes). The parsers take the
response text, so they are tested offline. Never touches the library.
"""

import json
import os
import re
import sys
import urllib.parse
from dataclasses import dataclass

from mibib.authors import format_authors
from mibib.errors import SourceError
from mibib.latex import escape_bibtex
from mibib.model import Paper, venue_field
from mibib.sources import Lookup

KIND = "a Semantic Scholar paper"
HINT = "a Semantic Scholar paper (its URL, or CorpusId:123)"
API_ENV = "MIBIB_S2_API"
DEFAULT_API = "https://api.semanticscholar.org"
FIELDS = "venue,year,externalIds,tldr"
PAPER_FIELDS = "title,authors,year,venue,externalIds,publicationTypes,abstract"
_PAPER_URL = re.compile(r"semanticscholar\.org/paper/(?:[^/?#]+/)?([0-9a-f]{40})\b", re.I)
_CORPUS_ID = re.compile(r"^\s*corpusid:\s*(\d+)\s*$", re.I)
# publicationTypes -> entry type, the first that applies.
_ENTRY_TYPES = (("Conference", "inproceedings"), ("JournalArticle", "article"))


@dataclass(frozen=True)
class Publication:
    """What Semantic Scholar knows about a paper: venue, year, DOI and a TL;DR."""

    venue: str = ""
    year: int | None = None
    doi: str | None = None
    tldr: str = ""


def fetch_publication(arxiv_id: str, hint: str | None = None) -> Publication | None:
    """Look a paper up by arXiv id; None when Semantic Scholar does not know it (404).

    `hint` ends a failure's message (default: try again later)."""
    from mibib.sources.http import RETRY_HINT

    what = f"Semantic Scholar lookup of arXiv:{arxiv_id}"
    text = _get_paper(f"arXiv:{arxiv_id}", FIELDS, what, hint or RETRY_HINT)
    return None if text is None else parse_publication(text, what)


def recognise(text: str) -> Lookup | None:
    """A semanticscholar.org/paper/… URL (its 40-hex id) or `CorpusId:123`."""
    url = _PAPER_URL.search(text)
    corpus = _CORPUS_ID.match(text)
    if url:
        return Lookup(sys.modules[__name__], text, url.group(1).lower())
    if corpus:
        return Lookup(sys.modules[__name__], text, f"CorpusId:{corpus.group(1)}")
    return None


def fetch_papers(lookups: list[Lookup]) -> list[Paper]:
    """One entry per lookup, one request each; an unknown paper is a SourceError."""
    from mibib.sources.http import OFFLINE_HINT

    papers = []
    for lookup in lookups:
        what = f"Semantic Scholar lookup of {lookup.value}"
        text = _get_paper(lookup.value, PAPER_FIELDS, what, OFFLINE_HINT)
        if text is None:
            raise SourceError(
                f"{lookup.text} not found on Semantic Scholar (check it, or use --bibtex FILE)"
            )
        papers.append(parse_paper(text, what))
    return papers


def _get_paper(paper_id: str, fields: str, what: str, hint: str) -> str | None:
    """The Graph API's answer for one paper id, as text; None for a 404. `hint` ends
    a failure's message."""
    from mibib.sources import http

    base = (os.environ.get(API_ENV) or DEFAULT_API).rstrip("/")
    paper = urllib.parse.quote(paper_id, safe=":/")
    interval = http.seconds_setting("MIBIB_S2_INTERVAL", 1.0)
    response = http.get(
        f"{base}/graph/v1/paper/{paper}?fields={fields}",
        what=what,
        accept="application/json",
        gate=lambda: http.spaced("semanticscholar", interval),
        hint=hint,
    )
    if response.status == 404:
        return None
    if response.status >= 400:
        raise SourceError(
            f"{what} failed: HTTP {response.status}; try again later (or set {API_ENV})"
        )
    return response.body.decode("utf-8", errors="replace")


def parse_paper(text: str, what: str = "Semantic Scholar answer") -> Paper:
    """A Graph API paper object to a new entry: title, authors, year, venue and ids."""
    data = _paper_object(text, what)
    title = " ".join(str(data.get("title") or "").split())
    if not title:
        raise SourceError(f"{what}: the answer has no title")
    types = data.get("publicationTypes") or []
    entry_type = next((kind for name, kind in _ENTRY_TYPES if name in types), "misc")
    names = [str(author.get("name") or "") for author in data.get("authors") or []]
    ids = data.get("externalIds") or {}
    fields = {"title": escape_bibtex(title), "author": format_authors(names)}
    if isinstance(data.get("year"), int):
        fields["year"] = str(data["year"])
    venue = " ".join(str(data.get("venue") or "").split())
    if venue:
        fields[venue_field(entry_type)] = escape_bibtex(venue)
    if ids.get("DOI"):
        fields["doi"] = str(ids["DOI"]).strip().lower()
    if ids.get("ArXiv"):
        fields |= {"eprint": str(ids["ArXiv"]).strip(), "archiveprefix": "arXiv"}
        fields["url"] = f"https://arxiv.org/abs/{fields['eprint']}"
    if data.get("abstract"):
        fields["abstract"] = escape_bibtex(" ".join(str(data["abstract"]).split()))
    return Paper(key="", entry_type=entry_type, fields={k: v for k, v in fields.items() if v})


def parse_publication(text: str, what: str = "Semantic Scholar answer") -> Publication:
    """A Graph API paper object (fields venue, year, externalIds, tldr) to a Publication."""
    data = _paper_object(text, what)
    ids = data.get("externalIds") or {}
    tldr = data.get("tldr") or {}
    year = data.get("year")
    return Publication(
        venue=" ".join(str(data.get("venue") or "").split()),
        year=year if isinstance(year, int) else None,
        doi=str(ids["DOI"]).strip() if isinstance(ids, dict) and ids.get("DOI") else None,
        tldr=" ".join(str(tldr.get("text") or "").split()) if isinstance(tldr, dict) else "",
    )


def _paper_object(text: str, what: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{what}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise SourceError(f"{what}: expected a paper object, got {type(data).__name__}")
    return data
