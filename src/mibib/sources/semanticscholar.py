"""Semantic Scholar Graph API: where an arXiv preprint was published, and its TL;DR.

`fetch_publication` is the only network call (through `http.get`: timeout, bounded
retries honouring Retry-After, descriptive User-Agent), at most one request every
MIBIB_S2_INTERVAL seconds (1 by default, across processes). `parse_publication`
takes the response text, so it is tested offline. Never touches the library.
"""

import json
import os
import urllib.parse
from dataclasses import dataclass

from mibib.errors import SourceError

API_ENV = "MIBIB_S2_API"
DEFAULT_API = "https://api.semanticscholar.org"
FIELDS = "venue,year,externalIds,tldr"


@dataclass(frozen=True)
class Publication:
    """What Semantic Scholar knows about a paper: venue, year, DOI and a TL;DR."""

    venue: str = ""
    year: int | None = None
    doi: str | None = None
    tldr: str = ""


def fetch_publication(arxiv_id: str) -> Publication | None:
    """Look a paper up by arXiv id; None when Semantic Scholar does not know it (404)."""
    from mibib.sources import http

    base = (os.environ.get(API_ENV) or DEFAULT_API).rstrip("/")
    paper = urllib.parse.quote(f"arXiv:{arxiv_id}", safe=":/")
    what = f"Semantic Scholar lookup of arXiv:{arxiv_id}"
    interval = http.seconds_setting("MIBIB_S2_INTERVAL", 1.0)
    response = http.get(
        f"{base}/graph/v1/paper/{paper}?fields={FIELDS}",
        what=what,
        accept="application/json",
        gate=lambda: http.spaced("semanticscholar", interval),
    )
    if response.status == 404:
        return None
    if response.status >= 400:
        raise SourceError(
            f"{what} failed: HTTP {response.status}; try again later (or set {API_ENV})"
        )
    return parse_publication(response.body.decode("utf-8", errors="replace"), what)


def parse_publication(text: str, what: str = "Semantic Scholar answer") -> Publication:
    """A Graph API paper object (fields venue, year, externalIds, tldr) to a Publication."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{what}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise SourceError(f"{what}: expected a paper object, got {type(data).__name__}")
    ids = data.get("externalIds") or {}
    tldr = data.get("tldr") or {}
    year = data.get("year")
    return Publication(
        venue=" ".join(str(data.get("venue") or "").split()),
        year=year if isinstance(year, int) else None,
        doi=str(ids["DOI"]).strip() if isinstance(ids, dict) and ids.get("DOI") else None,
        tldr=" ".join(str(tldr.get("text") or "").split()) if isinstance(tldr, dict) else "",
    )
