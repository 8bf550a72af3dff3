"""New entries from BibTeX (a file, stdin, a DOI answer) or typed by hand, cleaned for
the library. Pure: no I/O; BibTeX text is parsed by `library.parse_library` in the CLI."""

import re

from mibib.bibtex.schema import UNVERIFIED_FIELD
from mibib.errors import SourceError
from mibib.identity import parse_doi
from mibib.model import Paper
from mibib.sources.arxiv import escape_bibtex
from mibib.sources.names import format_authors

# Fields kept in a new entry; the rest (ISSN, keywords, timestamps, file links...) is
# bookkeeping of the tool the BibTeX came from.
KEPT_FIELDS = frozenset({
    "title", "author", "editor", "booktitle", "journal", "howpublished", "year", "month",
    "volume", "number", "pages", "publisher", "organization", "institution", "school",
    "address", "edition", "series", "chapter", "note", "doi", "eprint", "archiveprefix",
    "primaryclass", "url", "abstract",
    UNVERIFIED_FIELD,
})  # fmt: skip
# Where a venue goes for each entry type; the others use howpublished.
VENUE_FIELD = {
    "article": "journal",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "techreport": "institution",
    "phdthesis": "school",
    "mastersthesis": "school",
}
_ENTRY_TYPE = re.compile(r"^[a-z]+$")


def clean_paper(paper: Paper) -> Paper:
    """Keep the citation fields, normalise spacing, pages, DOI and doi.org URLs; keep tags."""
    fields = {}
    for name, value in paper.fields.items():
        if name not in KEPT_FIELDS:
            continue
        value = value if name == "abstract" else " ".join(value.split())
        if name == "pages":
            value = re.sub(r"\s*[\u2013\u2014-]+\s*", "--", value)
        if name == "doi":
            value = parse_doi(value) or value
        if name == "url":
            value = re.sub(r"^https?://(dx\.)?doi\.org/", "https://doi.org/", value)
        if value:
            fields[name] = value
    return Paper(
        key="",
        entry_type=paper.entry_type.lower(),
        fields=fields,
        tags={facet: list(keys) for facet, keys in paper.tags.items()},
        tldr=paper.tldr,
        category_tldrs=dict(paper.category_tldrs),
    )


def manual_paper(
    title: str,
    authors: list[str],
    year: str,
    url: str | None = None,
    venue: str | None = None,
    entry_type: str = "misc",
) -> Paper:
    """An entry typed on the command line: title, authors and year are required."""
    missing = [
        option
        for option, value in (("--title", title), ("--author", authors), ("--year", year))
        if not value
    ]
    if missing:
        raise SourceError(f"a hand-typed entry needs {', '.join(missing)} (or use --bibtex FILE)")
    if not re.fullmatch(r"\d{4}", year.strip()):
        raise SourceError(f"--year {year!r} is not a four-digit year")
    if url and not re.match(r"^https?://\S+$", url.strip()):
        raise SourceError(f"--url {url!r} is not an http(s) address")
    entry_type = entry_type.strip().lower()
    if not _ENTRY_TYPE.match(entry_type):
        raise SourceError(f"--type {entry_type!r} is not a BibTeX entry type (e.g. misc, article)")
    fields = {
        "title": escape_bibtex(" ".join(title.split())),
        "author": escape_bibtex(format_authors(authors)),
        "year": year.strip(),
    }
    if venue:
        fields[VENUE_FIELD.get(entry_type, "howpublished")] = escape_bibtex(" ".join(venue.split()))
    if url:
        fields["url"] = url.strip()
    return Paper(key="", entry_type=entry_type, fields=fields)
