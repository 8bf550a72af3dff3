"""DOIs: BibTeX by content negotiation on doi.org; `fetch` is the only network call here.

doi.org redirects to the registration agency (Crossref, DataCite, ...), which answers
`Accept: application/x-bibtex`. MIBIB_DOI_API points it elsewhere (tests). A source of
`add` (see sources/__init__.py).
"""

import os
import sys
import urllib.parse

from mibib.errors import LibraryFormatError, SourceError
from mibib.identity.ids import parse_doi
from mibib.model import Paper
from mibib.sources import Lookup

KIND = "a DOI"
HINT = "a DOI (10.18653/v1/...)"
API_URL = "https://doi.org"


def recognise(text: str) -> Lookup | None:
    """A DOI as `10.x/y`, `doi:10.x/y` or a doi.org URL (lower-cased)."""
    doi = parse_doi(text)
    return Lookup(sys.modules[__name__], text, doi, doi=doi) if doi else None


def fetch_papers(lookups: list[Lookup]) -> list[Paper]:
    """One entry per DOI, one request each (answers are cached)."""
    return [paper_from_bibtex(lookup.value, fetch(lookup.value)) for lookup in lookups]


def paper_from_bibtex(doi: str, text: str) -> Paper:
    """The one entry of a registration agency's BibTeX, cleaned, with its DOI and URL."""
    from mibib.bibtex.repair import repair_crossref_math
    from mibib.bibtex.schema import UNVERIFIED_FIELD
    from mibib.library import parse_library
    from mibib.sources.bibtex_text import clean_paper

    text, repaired = repair_crossref_math(text)
    try:
        entries = parse_library(text, f"doi.org answer for {doi}").papers
    except LibraryFormatError as exc:
        raise SourceError(f"DOI lookup for {doi}: unreadable BibTeX in the answer ({exc})") from exc
    if len(entries) != 1:
        raise SourceError(f"DOI lookup for {doi}: expected one BibTeX entry, got {len(entries)}")
    paper = clean_paper(entries[0])
    paper.fields["doi"] = doi
    paper.fields["url"] = f"https://doi.org/{doi}"
    if repaired:  # said by `mibib check` until a person has looked
        what = "; ".join(repaired).replace("{", "").replace("}", "")
        paper.fields[UNVERIFIED_FIELD] = f"title (broken math repaired: {what})"
    return paper


def fetch(doi: str) -> str:
    """The BibTeX text the DOI's registration agency gives; cached like arXiv answers."""
    from mibib.sources import http
    from mibib.sources.responses import load_response, save_response

    cached = load_response("doi", doi)
    if cached:
        return cached
    base = (os.environ.get("MIBIB_DOI_API") or API_URL).rstrip("/")
    url = f"{base}/{urllib.parse.quote(doi, safe='/:;()')}"
    response = http.get(url, what=f"DOI lookup for {doi}", accept="application/x-bibtex")
    if response.status == 404:
        raise SourceError(f"DOI {doi} not found at doi.org (check it, or use --bibtex FILE)")
    if response.status >= 400:
        raise SourceError(
            f"DOI lookup for {doi} failed: HTTP {response.status}; {http.OFFLINE_HINT}"
        )
    text = parse_bibtex_answer(response.body, doi)
    save_response("doi", doi, text)
    return text


def parse_bibtex_answer(body: bytes, doi: str) -> str:
    """The answer as BibTeX text; anything else (an HTML landing page) is refused. Pure."""
    try:
        text = body.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise SourceError(f"DOI lookup for {doi}: the answer is not UTF-8 text") from exc
    if not text.startswith("@"):
        raise SourceError(
            f"DOI lookup for {doi}: no BibTeX in the answer (the registration agency may not "
            "offer it); use --bibtex FILE or --title/--author/--year"
        )
    return text
