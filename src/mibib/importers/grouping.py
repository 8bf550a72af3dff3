"""Entries of one imported file that are one paper, joined into one entry. Pure.

A list may name a paper twice (in two sections, as preprint and as published). identity's
rule groups them; the first leads and takes the others' fields, tags and TL;DRs. Two
works that share a DOI (identity.same.SHARED: a dataset and its paper) are two entries
that both keep it, and the report says so. Two entries that share an id but cannot be
one paper, where the rule cannot tell two works (CONFLICT), keep the id on the first; the
second is imported without it, its id fields kept in mibib-unverified for a person to
decide.
"""

from dataclasses import dataclass, field

from mibib.identity.index import Index
from mibib.identity.same import CONFLICT as SHARED_ID
from mibib.identity.same import POSSIBLE, SAME, SHARED, Match, facts
from mibib.model import VENUE_FIELDS, Paper, holds_field

ID_FIELDS = {"eprint", "archiveprefix", "primaryclass", "eprinttype", "url", "doi"}


def drop_ids(paper: Paper, arxiv: str | None, doi: str | None) -> dict[str, str]:
    """Remove the fields that carry an id that belongs to another entry; returns them."""
    removed = {}
    for name in list(paper.fields):
        value = paper.fields[name]
        if name in ID_FIELDS and ((arxiv and arxiv in value) or (doi and doi in value.lower())):
            removed[name] = paper.fields.pop(name)
    if "eprint" not in paper.fields:
        paper.fields.pop("archiveprefix", None)
        paper.fields.pop("primaryclass", None)
    return removed


def keep_contested(paper: Paper, removed: dict[str, str]) -> str:
    """Keep the id fields taken off a conflicting entry where they claim no id: in
    mibib-unverified, which `check` warns about until a person decides, so the entry
    keeps the link its list gave. Returns the words for the report."""
    from mibib.bibtex.schema import UNVERIFIED_FIELD

    if not removed:
        return ""
    kept = "; ".join(f"{name} = {value}" for name, value in removed.items())
    note = f"{kept} (its id is another entry's)"
    earlier = paper.fields.get(UNVERIFIED_FIELD, "").strip()
    paper.fields[UNVERIFIED_FIELD] = f"{earlier}; {note}" if earlier else note
    return f"its {', '.join(removed)} kept in {UNVERIFIED_FIELD}"


@dataclass
class Group:
    """Entries of the imported file that are one paper; the first one leads."""

    papers: list[Paper]
    possible: str = ""  # a possible duplicate of an earlier entry of the file
    shared: str = ""  # a DOI it shares with another work of the file, said
    filled: dict[int, list[str]] = field(default_factory=dict)  # id(paper) -> fields it gave
    # id(paper) -> what of it was not taken because the first says otherwise (its year)
    not_taken: dict[int, list[str]] = field(default_factory=dict)


def group_papers(papers: list[Paper]) -> tuple[list[Group], list[tuple[Paper, str]]]:
    """Gather the file's entries by paper; returns groups and (conflicting entry, reason)."""
    groups: list[Group] = []
    group_of: dict[int, Group] = {}
    index = Index()
    conflicts = []
    for paper in papers:
        match = index.match(paper)
        if match is not None and match.verdict == SHARED_ID:
            kept = keep_contested(paper, drop_shared_ids(paper, match.paper))
            shared, title = match.reason.removeprefix("same "), short_title(match.paper.title)
            reason = (
                f"shares {shared} with '{title}' "
                f"(line {match.paper.line}) but has {match.detail}; imported without it "
                f"({kept}): check which paper the id belongs to"
            )
            conflicts.append((paper, reason))
            match = index.match(paper)
        if match is not None and match.verdict == SAME:
            group = group_of[id(match.paper)]
        else:
            group = Group([])
            groups.append(group)
            if match is not None and match.verdict in (POSSIBLE, SHARED_ID):
                group.possible = possible_reason(match, f"line {match.paper.line}")
            elif match is not None and match.verdict == SHARED:
                group.shared = shared_note(match, f"line {match.paper.line}")
        group.papers.append(paper)
        group_of[id(paper)] = group
        index.add(paper)
    return groups, conflicts


def drop_shared_ids(paper: Paper, other: Paper) -> dict[str, str]:
    """Remove from `paper` the ids it shares with `other` (one of them has the wrong id);
    returns the fields removed."""
    mine, theirs = facts(paper), facts(other)
    return drop_ids(
        paper,
        mine.arxiv if mine.arxiv and mine.arxiv == theirs.arxiv else None,
        mine.doi if mine.doi and mine.doi == theirs.doi else None,
    )


def shared_note(match: Match, where: str) -> str:
    """What the report says of a DOI two works share (identity.same.SHARED)."""
    shared, title = match.reason.removeprefix("same "), short_title(match.paper.title)
    return (
        f"shares {shared} with {where} '{title}', another work ({match.detail}): both keep "
        "it (if the DOI is one work's, correct the other's)"
    )


def possible_reason(match: Match, where: str) -> str:
    detail = f" but {match.detail}" if match.detail else ""
    title = short_title(match.paper.title)
    return (
        f"possible duplicate of {where} '{title}': {match.reason}{detail}; "
        "imported: merge them by hand if they are one paper"
    )


def combine(group: Group) -> Paper:
    """One entry from a group: the first's fields, filled from the others; tags united."""
    lead = group.papers[0]
    for other in group.papers[1:]:
        had_venue, had_year = has_venue(lead), holds_field(lead.fields, "year")
        filled = group.filled.setdefault(id(other), [])
        for name, value in other.fields.items():
            if not holds_field(lead.fields, name) and not (name in VENUE_FIELDS and had_venue):
                lead.fields[name] = value
                if name in other.raw:
                    lead.raw[name] = other.raw[name]
                filled.append(name)
        # The type follows the fields: a venue or year taken from a later listing brings
        # that listing's type along (an undated @online becomes a paper).
        if not had_venue and has_venue(lead) or not had_year and holds_field(lead.fields, "year"):
            if lead.entry_type != other.entry_type:
                filled.append(f"its type (@{lead.entry_type} -> @{other.entry_type})")
            lead.entry_type = other.entry_type
        if lead.year and other.year and lead.year != other.year:  # a preprint, then a venue
            group.not_taken.setdefault(id(other), []).append(
                f"its year {other.year} not taken (this entry says {lead.year})"
            )
        lead.merge_tags(other)
    tidy_tldrs(lead)
    return lead


def tidy_tldrs(paper: Paper) -> None:
    """Keep only the category TL;DRs that say something the main TL;DR does not."""
    paper.category_tldrs = {
        category: text
        for category, text in paper.category_tldrs.items()
        if text != paper.tldr and category in paper.categories
    }


def has_venue(paper: Paper) -> bool:
    return any(paper.fields.get(name) for name in VENUE_FIELDS)


def short_title(title: str, length: int = 50) -> str:
    return title if len(title) <= length else title[: length - 1] + "…"
