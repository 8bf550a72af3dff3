"""arXiv ids and DOIs as users paste them: `2407.02646v3`, `arXiv:…`, abs/pdf URLs,
`doi:10.x/y`, doi.org URLs. Pure: no I/O.

model.py derives a Paper's arXiv id and DOI with these, so this module imports nothing
of mibib but latex (to read a value's escapes).
"""

import re

from mibib.latex import latex_to_url

_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}"
_VERSION = r"(?:v\d+)?"
_ARXIV_ID = re.compile(rf"^(?P<id>{_NEW_ID}|{_OLD_ID})(?P<version>{_VERSION})$")
_ARXIV_URL = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html)/(?P<id>{_NEW_ID}|{_OLD_ID})(?P<version>{_VERSION})",
    re.IGNORECASE,
)
_ARXIV_IN_TEXT = re.compile(
    rf"arxiv[:\s.]*\s*(?P<id>{_NEW_ID}|{_OLD_ID})(?P<version>{_VERSION})", re.IGNORECASE
)
# A DOI, bare, after `doi:`, or behind a resolver: doi.org, dx.doi.org, and publishers'
# own (doi.acm.org, doi.ieeecomputersociety.org, doi.wiley.com).
_DOI = re.compile(
    r"^(?:https?://(?:[\w-]+\.)*doi(?:\.[\w-]+)+/|doi:\s*)?(?P<doi>10\.\d{4,9}/\S+)$", re.I
)
ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.(?P<id>{_NEW_ID}|{_OLD_ID})$", re.I)


def parse_arxiv_id(text: str) -> tuple[str, str] | None:
    """Return (id without version, version or '') for a pasted arXiv id or URL, else None.

    Accepts `2407.02646`, `2407.02646v3`, `arXiv:2407.02646`, abs/pdf/html URLs with or
    without `.pdf`, and old-style ids such as `hep-th/9901001`.
    """
    text = text.strip()
    match = _ARXIV_URL.search(text)
    if match is None:
        bare = re.sub(r"^arxiv:\s*", "", text, flags=re.IGNORECASE)
        bare = re.sub(r"\.pdf$", "", bare)
        match = _ARXIV_ID.match(bare)
    if match is None:
        return None
    return match.group("id"), match.group("version")


def find_arxiv_id(text: str) -> str | None:
    """Find an arXiv id inside free text such as a URL, a journal or a note field."""
    for pattern in (_ARXIV_URL, _ARXIV_IN_TEXT):
        match = pattern.search(text)
        if match:
            return match.group("id")
    doi = parse_doi(text)
    if doi:
        arxiv = ARXIV_DOI.match(doi)
        if arxiv:
            return arxiv.group("id")
    return None


def parse_doi(text: str) -> str | None:
    """Return the DOI in lower case for `10.x/y`, `doi:10.x/y` or a resolver's URL, else
    None; BibTeX's escapes in it are undone (Mendeley writes `10.1007/978-3-662-46803-6{\\_}26`)."""
    match = _DOI.match(latex_to_url(text))
    return match.group("doi").lower() if match else None
