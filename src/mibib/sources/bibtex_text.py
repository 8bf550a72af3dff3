"""BibTeX text as a source of new entries (a .bib file, stdin, a DOI's answer): its
entries cleaned for the library. Pure: takes text; the CLI reads the file."""

import re

from mibib.bibtex.schema import UNVERIFIED_FIELD
from mibib.errors import MibibError
from mibib.identity.ids import parse_doi
from mibib.model import Paper

# Fields kept in a new entry; the rest (ISSN, keywords, timestamps, file links...) is
# bookkeeping of the tool the BibTeX came from.
KEPT_FIELDS = frozenset({
    "title", "author", "editor", "booktitle", "journal", "howpublished", "year", "month",
    "volume", "number", "pages", "publisher", "organization", "institution", "school",
    "address", "edition", "series", "chapter", "note", "doi", "eprint", "archiveprefix",
    "primaryclass", "url", "abstract",
    UNVERIFIED_FIELD,
})  # fmt: skip


def papers_from_text(text: str, source: str, clean: bool = True) -> list[Paper]:
    """The entries of BibTeX text, cleaned (or, `clean=False`, as the user wrote them:
    key, every field, macros); a parse error names `source` and the line."""
    from mibib.library import parse_library

    papers = parse_library(text, source).papers
    if not papers:
        raise MibibError(f"{source}: no BibTeX entry found")
    return [clean_paper(paper) for paper in papers] if clean else papers


def clean_paper(paper: Paper) -> Paper:
    """Keep the citation fields, normalise spacing, pages, DOI and doi.org URLs; keep tags."""
    fields, raw = {}, {}
    for name, value in paper.fields.items():
        if name not in KEPT_FIELDS:
            continue
        if name in paper.raw and name not in ("pages", "doi", "url"):
            raw[name] = paper.raw[name]  # `month=Aug`: a macro keeps its form
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
        raw={name: value for name, value in raw.items() if name in fields},
        tags={facet: list(keys) for facet, keys in paper.tags.items()},
        tldr=paper.tldr,
        category_tldrs=dict(paper.category_tldrs),
    )
