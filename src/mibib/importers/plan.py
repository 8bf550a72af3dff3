"""Match imported entries against each other and the library: a plan of what to do. Pure.

An entry is the same paper as another when they share an arXiv id or DOI, or their
titles match (identity.find_duplicate's rule). Two entries that share an id but whose
titles do not agree (identity.titles_agree) are two papers, one of them linked to the
wrong id: the importer cannot tell which, so the first keeps the id, the second is a
CONFLICT imported without it, and the report says so.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from mibib.identity import best_title_match, find_duplicate, titles_agree
from mibib.library import Library
from mibib.model import VENUE_FIELDS, Paper

NEW, MERGED, SKIPPED, CONFLICT = "new", "merged", "skipped", "conflict"
# Fields naming where a paper appeared: --merge adds none when the entry has one.
ID_FIELDS = {"eprint", "archiveprefix", "primaryclass", "eprinttype", "url", "doi"}


@dataclass
class Action:
    """One imported entry's fate; `paper` is the new entry or the updated existing one."""

    status: str
    paper: Paper
    line: int
    reason: str = ""
    fill: dict[str, str] = field(default_factory=dict)
    retag: bool = False


def drop_ids(paper: Paper, arxiv: str | None, doi: str | None) -> None:
    """Remove the fields that carry an id that belongs to another entry."""
    for name in list(paper.fields):
        value = paper.fields[name]
        if name in ID_FIELDS and ((arxiv and arxiv in value) or (doi and doi in value.lower())):
            del paper.fields[name]
    if "eprint" not in paper.fields:
        paper.fields.pop("archiveprefix", None)
        paper.fields.pop("primaryclass", None)


@dataclass
class Group:
    """Entries of the imported file that are one paper; the first one leads."""

    papers: list[Paper]
    conflict: str = ""


def group_papers(papers: list[Paper]) -> tuple[list[Group], list[tuple[Paper, str]]]:
    """Gather the file's entries by paper; returns groups and (conflicting entry, reason)."""
    groups: list[Group] = []
    by_id: dict[str, Group] = {}
    titles: list[tuple[str, Group]] = []
    conflicts = []
    for paper in papers:
        group = None
        for kind, value in (("arXiv id", paper.arxiv), ("DOI", paper.doi)):
            owner = by_id.get(f"{kind}:{value}") if value else None
            if owner is None:
                continue
            lead = owner.papers[0]
            if titles_agree(lead.title, paper.title):
                group = owner
            else:
                reason = (
                    f"shares {kind} {value} with '{_short(lead.title)}' (line {lead.line}); "
                    f"imported without it: check which paper the id belongs to"
                )
                conflicts.append((paper, reason))
                drop_ids(paper, paper.arxiv if kind == "arXiv id" else None, value)
            break
        if group is None:
            group = _title_group(paper.title, titles)
        if group is None:
            group = Group([])
            groups.append(group)
            titles.append((paper.title, group))
        group.papers.append(paper)
        for kind, value in (("arXiv id", paper.arxiv), ("DOI", paper.doi)):
            if value:
                by_id.setdefault(f"{kind}:{value}", group)
    return groups, conflicts


def _title_group(title: str, titles: list[tuple[str, Group]]) -> Group | None:
    match = best_title_match(title, [known for known, _ in titles])
    return titles[match[0]][1] if match else None


def combine(group: Group) -> Paper:
    """One entry from a group: the first's fields, filled from the others; tags united."""
    lead = group.papers[0]
    for other in group.papers[1:]:
        had_venue, had_year = _has_venue(lead), "year" in lead.fields
        for name, value in other.fields.items():
            if name not in lead.fields and not (name in VENUE_FIELDS and had_venue):
                lead.fields[name] = value
        # The type follows the fields: a venue or year taken from a later listing brings
        # that listing's type along (an undated @online becomes a paper).
        if not had_venue and _has_venue(lead) or not had_year and "year" in lead.fields:
            lead.entry_type = other.entry_type
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


def plan_import(
    library: Library,
    papers: list[Paper],
    merge: bool = False,
    on_step: Callable[[int, int], None] | None = None,
) -> list[Action]:
    """What importing `papers` would do: NEW, MERGED, SKIPPED or CONFLICT, with reasons."""
    groups, conflicts = group_papers(papers)
    conflict_reasons = {id(paper): reason for paper, reason in conflicts}
    actions: list[Action] = []
    keys = {existing.key.lower() for existing in library.papers}
    done = 0
    for group in groups:
        paper = combine(group)
        found, clash = _find_in_library(library, paper)
        if clash:
            conflict_reasons[id(group.papers[0])] = clash
        if found is not None:
            existing, reason = found
            actions.append(_merge_action(existing, paper, reason, merge))
        else:
            paper.key = _unique(library, paper.key, keys)
            keys.add(paper.key.lower())
            conflict = conflict_reasons.get(id(group.papers[0]), "")
            status = CONFLICT if conflict else NEW
            actions.append(Action(status, paper, paper.line, conflict or "not in the library"))
        for again in group.papers[1:]:
            again.key = actions[-1].paper.key
            reason = f"listed again: joined to line {paper.line} (its tags and TL;DR too)"
            actions.append(Action(SKIPPED, again, again.line, reason))
        done += len(group.papers)
        if on_step is not None:
            on_step(done, len(papers))  # entries matched so far, of all
    return sorted(actions, key=lambda action: action.line)


def _find_in_library(library: Library, paper: Paper) -> tuple[tuple[Paper, str] | None, str]:
    """The entry this paper duplicates, and a conflict note when its id is another's."""
    found = find_duplicate(library.papers, paper)
    if found is None or found[1].startswith("title") or titles_agree(found[0].title, paper.title):
        return found, ""
    other = found[0]
    reason = (
        f"{found[1]} as {other.key} '{_short(other.title)}', whose title differs; "
        "imported without the id: check which paper it belongs to"
    )
    drop_ids(paper, paper.arxiv, paper.doi)
    return find_duplicate(library.papers, paper), reason


def _merge_action(existing: Paper, paper: Paper, reason: str, merge: bool) -> Action:
    import copy

    updated = copy.deepcopy(existing)
    retag = updated.merge_tags(paper)
    fill = {}
    if merge:
        for name, value in paper.fields.items():
            if name in updated.fields or (name in VENUE_FIELDS and _has_venue(updated)):
                continue
            if name == "author" and "authors" in updated.fields:
                continue
            fill[name] = value
        updated.fields.update(fill)
    if not retag and not fill:
        return Action(SKIPPED, updated, paper.line, f"already in the library as {existing.key}")
    changes = [f"{reason}"]
    if retag:
        changes.append("tags added")
    if fill:
        changes.append(f"filled {', '.join(fill)}")
    return Action(MERGED, updated, paper.line, "; ".join(changes), fill=fill, retag=retag)


def _has_venue(paper: Paper) -> bool:
    return any(paper.fields.get(name) for name in VENUE_FIELDS)


def _unique(library: Library, key: str, taken: set[str]) -> str:
    return library.unique_key(key or "entry", also_taken=taken)


def apply_plan(library: Library, actions: list[Action]) -> None:
    """Carry the plan out on the library in memory (saving is the caller's)."""
    for action in actions:
        if action.status in (NEW, CONFLICT):
            library.add(action.paper)
        elif action.status == MERGED:
            if action.fill:
                library.fill_fields(action.paper.key, action.fill)
            library.retag(action.paper)


def _short(title: str, length: int = 50) -> str:
    return title if len(title) <= length else title[: length - 1] + "…"
