"""DOIs: BibTeX by content negotiation on doi.org; `fetch` is the only network call here.

doi.org redirects to the registration agency (Crossref, DataCite, ...), which answers
`Accept: application/x-bibtex`. MIBIB_DOI_API points it elsewhere (tests).
"""

import os
import urllib.parse

from mibib.errors import SourceError

API_URL = "https://doi.org"


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
