"""What `mibib update` proposes for an entry, from arXiv and Semantic Scholar answers.

Pure: takes the entry and the sources' answers, returns the changes; never fetches,
never writes. Curated values are never overwritten: authors, a venue, DOI or TL;DR are
only proposed where the entry has none, and the year where it has none or together with
a new venue.
"""

import re
from dataclasses import dataclass

from mibib import model
from mibib.authors import format_authors
from mibib.bibtex.schema import TLDR_FIELD
from mibib.identity.index import find_same_id
from mibib.model import Paper

_VERSIONED = re.compile(r"^(?P<id>.+?)v(?P<version>\d+)$")
_ARXIV_DOI = re.compile(r"^10\.48550/", re.IGNORECASE)
_PREPRINT_VENUE = re.compile(r"^(arxiv(\.org)?|corr|biorxiv|medrxiv|ssrn)$", re.IGNORECASE)


@dataclass(frozen=True)
class Change:
    """One field of one entry: old value ("" when absent) -> new value, and who says so."""

    key: str
    field: str
    old: str
    new: str
    source: str

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "field": self.field,
            "old": self.old or None,
            "new": self.new,
            "source": self.source,
        }


def propose_changes(paper: Paper, record=None, publication=None, escape=str) -> list[Change]:
    """Changes for one entry from its arXiv record and Semantic Scholar publication.

    `record` has arxiv_id, version, authors, year, doi and journal_ref
    (sources.arxiv.ArxivRecord); authors and year fill an entry that has none;
    `publication` has venue, year, doi and tldr (sources.semanticscholar.Publication);
    either may be None. `escape` makes free text safe inside a BibTeX value.
    """
    changes: dict[str, Change] = {}

    def propose(field: str, new: str, source: str) -> None:
        old = paper.fields.get(field, "") if field != TLDR_FIELD else paper.tldr
        if new and new != old and field not in changes:
            changes[field] = Change(paper.key, field, old, new, source)

    if record is not None:
        if record.authors and not paper.fields.get("author", "").strip():
            propose("author", escape(format_authors(record.authors)), "arXiv")
        if record.year and not paper.year:
            propose("year", str(record.year), "arXiv")
        for field in ("eprint", "url"):
            newer = _newer_version(paper.fields.get(field, ""), record.arxiv_id, record.version)
            if newer:
                propose(field, newer, "arXiv")
        if record.journal_ref and not paper.venue:
            propose(venue_field(paper), escape(record.journal_ref), "arXiv")
        if record.doi and not paper.doi:
            propose("doi", record.doi, "arXiv")
    if publication is not None:
        venue = publication.venue
        if venue and not _PREPRINT_VENUE.match(venue) and not paper.venue:
            field = venue_field(paper)
            if field not in changes:
                propose(field, escape(venue), "Semantic Scholar")
                if publication.year and publication.year != paper.year:
                    propose("year", str(publication.year), "Semantic Scholar")
        doi = publication.doi
        if doi and not _ARXIV_DOI.match(doi) and not paper.doi:
            propose("doi", doi, "Semantic Scholar")
        if publication.tldr and not paper.tldr:
            propose(TLDR_FIELD, escape(publication.tldr), "Semantic Scholar")
    return list(changes.values())


def taken_ids(changes: list[Change], papers: list[Paper]) -> tuple[list[Change], list[str]]:
    """Drop a proposed DOI or arXiv id that another entry already has (identity's rule:
    one id, one paper), with a note saying which."""
    kept, notes = [], []
    for change in changes:
        if change.field in ("doi", "eprint"):
            ids = {"doi": change.new} if change.field == "doi" else {"arxiv": change.new}
            others = [paper for paper in papers if paper.key != change.key]
            found = find_same_id(others, **ids)
            if found is not None:
                notes.append(
                    f"{change.key}: {change.field} {change.new} not proposed: it is the "
                    f"{found[1]} of '{found[0].key}' (line {found[0].line}); one of them is wrong"
                )
                continue
        kept.append(change)
    return kept, notes


def venue_field(paper: Paper) -> str:
    """The field that holds the entry's venue: the one it uses, else by its entry type,
    among the fields `Paper.venue` reads (a report's institution is not its venue)."""
    for name in ("booktitle", "journal"):
        if name in paper.fields:
            return name
    field = model.venue_field(paper.entry_type)
    return field if field in model.VENUE_FIELDS else "howpublished"


def split_changes(changes: list[Change]) -> tuple[dict[str, str], str | None]:
    """Split changes into BibTeX field values and the new TL;DR (None when unchanged)."""
    fields = {change.field: change.new for change in changes if change.field != TLDR_FIELD}
    tldr = next((change.new for change in changes if change.field == TLDR_FIELD), None)
    return fields, tldr


def _newer_version(value: str, arxiv_id: str, version: str) -> str:
    """`value` with its arXiv version raised to `version`, or "" when it names none or the
    latest already (an id without a version always means the latest)."""
    latest = _VERSIONED.match(f"{arxiv_id}{version}")
    if not value or not version or latest is None:
        return ""
    pattern = re.compile(re.escape(arxiv_id) + r"v(\d+)")
    found = pattern.search(value)
    if found is None or int(found.group(1)) >= int(latest.group("version")):
        return ""
    return value[: found.start()] + f"{arxiv_id}{version}" + value[found.end() :]
