"""Match imported entries against the library (those of the file that are one paper
joined first, in grouping.py): a plan of what to do. Pure.

Whether two entries are one paper is identity's rule, and only then are they joined or
merged. Before it, an entry the library already holds field for field is the entry an
earlier import of the same file wrote: importing a file again adds nothing, also where
the rule could not decide (a short title with no year or authors, an entry set apart
from another one's id). Two entries that share an id but cannot be one paper
(identity.same.CONFLICT) are two papers, one of them linked to the wrong id: the importer
cannot tell which, so the first keeps the id, the second is a CONFLICT imported without
it, and the report says so. A POSSIBLE duplicate (a near title without decisive
evidence) is imported and reported.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from mibib.identity.index import Index
from mibib.identity.keys import is_valid_key, make_key
from mibib.identity.same import CONFLICT as SHARED_ID
from mibib.identity.same import SAME, SHARED, Match, compare
from mibib.importers.grouping import (
    combine,
    drop_shared_ids,
    group_papers,
    has_venue,
    keep_contested,
    possible_reason,
    shared_note,
    short_title,
)
from mibib.library import Library
from mibib.model import ALIAS_FIELD, VENUE_FIELDS, Paper, holds_field

NEW, MERGED, SKIPPED, CONFLICT = "new", "merged", "skipped", "conflict"
# A new entry whose title is near an entry's without decisive evidence: for a person.
POSSIBLE_DUPLICATE = "possible duplicate"
ADDED = (NEW, CONFLICT, POSSIBLE_DUPLICATE)  # the statuses whose entry is added
# Fields that say where and how an entry of a type appeared: --merge fills them only from
# an entry of the same type, so that a preprint's @misc does not gain a conference's
# booktitle beside its own year (the entry would read as neither).
PUBLICATION_FIELDS = {
    *VENUE_FIELDS, "volume", "number", "pages", "publisher", "address", "organization",
    "series", "editor", "edition", "institution", "school", "month", "eventtitle",
    "eventdate", "venue", "location", "issn", "isbn",
}  # fmt: skip


@dataclass(slots=True)  # one per entry imported
class Action:
    """One imported entry's fate; `paper` is the new entry or the updated existing one."""

    status: str
    paper: Paper
    line: int
    reason: str = ""
    fill: dict[str, str] = field(default_factory=dict)
    fill_raw: dict[str, str] = field(default_factory=dict)  # BibTeX forms of `fill`'s macros
    retag: bool = False
    fillable: list[str] = field(default_factory=list)  # what --merge would have filled
    aliases: str = ""  # the entry's `ids` (other keys) to write, when they grow
    shown_key: str = ""  # the key the file gave, for the report, when it is not `paper.key`


def plan_import(
    library: Library,
    papers: list[Paper],
    merge: bool = False,
    on_step: Callable[[int, int], None] | None = None,
    cited_keys: bool = False,
) -> list[Action]:
    """What importing `papers` would do: NEW, MERGED, SKIPPED, CONFLICT or POSSIBLE_DUPLICATE,
    with reasons.

    `cited_keys`: the entries' keys are the user's (a .bib file), which documents cite:
    a key joined to another entry's stays that entry's other key (biblatex's `ids`), and
    the report names it; a Markdown list's keys are made up here and are not kept.
    """
    groups, conflicts = group_papers(papers)
    conflict_reasons = {id(paper): reason for paper, reason in conflicts}
    actions: list[Action] = []
    keys = {existing.key.lower() for existing in library.papers}
    keys |= {alias.lower() for existing in library.papers for alias in existing.aliases}
    index = Index(library.papers)
    written = WrittenEntries(library.papers)
    done = 0
    for group in groups:
        file_keys = [member.key for member in group.papers]
        paper = combine(group)
        refused = _join_keys(paper, file_keys[1:], keys) if cited_keys else {}
        found, clash = _find_in_library(index, written, paper)
        shared = group.shared
        if found is not None and found.verdict == SHARED:
            shared = shared_note(found, f"{found.paper.key} (line {found.paper.line})")
            found = None
        if clash:
            conflict_reasons[id(group.papers[0])] = clash
        if found is not None and found.verdict == SAME:
            aliases = [*file_keys[:1], *paper.aliases] if cited_keys else []
            actions.append(_merge_action(found.paper, paper, found.reason, merge, aliases, keys))
            if clash:
                actions[-1].reason += f"; {clash}"
        else:
            renamed = _key_note(paper)
            wanted = paper.key
            paper.key = _unique(library, paper.key, keys)
            keys.add(paper.key.lower())
            keys.update(alias.lower() for alias in paper.aliases)
            if cited_keys and paper.key != wanted and not renamed:
                renamed = f"; key '{wanted}' is another entry's, so it became '{paper.key}'"
            conflict = conflict_reasons.get(id(group.papers[0]), "")
            if conflict:
                status, reason = CONFLICT, conflict
            elif found is not None:
                where = f"{found.paper.key} (line {found.paper.line})"
                status, reason = POSSIBLE_DUPLICATE, possible_reason(found, where)
            elif group.possible:
                status, reason = POSSIBLE_DUPLICATE, group.possible
            else:
                status, reason = NEW, "not in the library"
            reason += f"; {shared}" if shared else ""
            actions.append(Action(status, paper, paper.line, reason + renamed))
        kept = actions[-1].paper.key
        if cited_keys and file_keys[0] != kept:
            actions[-1].shown_key = file_keys[0]
        # Keys the library's entry for this paper has already (an earlier import's ids).
        own = set()
        if found is not None and found.verdict == SAME:
            own = {key.lower() for key in (found.paper.key, *found.paper.aliases)}
        for again, file_key in zip(group.papers[1:], file_keys[1:], strict=True):
            again.key = kept
            reason = f"listed again: joined to line {paper.line} (its tags and TL;DR too)"
            filled = group.filled.get(id(again))
            if filled:
                reason += f"; filled {', '.join(filled)} from it"
            reason += "".join(f"; {note}" for note in group.not_taken.get(id(again), []))
            if cited_keys and file_key.lower() != kept.lower():
                refusal = None if file_key.lower() in own else refused.get(file_key)
                reason += refusal or f"; its key stays citable as another key of {kept} (ids)"
            actions.append(Action(SKIPPED, again, again.line, reason, shown_key=file_key))
        done += len(group.papers)
        if on_step is not None:
            on_step(done, len(papers))  # entries matched so far, of all
    _follow_references(actions)
    return sorted(actions, key=lambda action: action.line)


def moved_keys(actions: list[Action]) -> dict[str, str]:
    """The file's keys (lower case) that the import gives another key, and that key."""
    return {
        action.shown_key.lower(): action.paper.key
        for action in actions
        if action.shown_key and action.shown_key.lower() != action.paper.key.lower()
    }


def _follow_references(actions: list[Action]) -> None:
    """An entry of the file that names another by its key (`crossref = {DBLP:conf/…}`)
    keeps naming it when the import gives that one another key (a suffix on a clash, or
    the key of the library's entry for the same paper): else it would name another entry
    of the library, or none, and BibTeX would fill its fields from the wrong one."""
    from mibib.bibtex.references import follow_keys, followed

    moved = moved_keys(actions)
    if not moved:
        return
    # Each added entry, and the fields --merge fills into an existing entry.
    views = [(action, action.paper) for action in actions if action.status in ADDED]
    views += [(action, Paper(action.paper.key, fields=action.fill, raw=action.fill_raw))
              for action in actions if action.status == MERGED and action.fill]  # fmt: skip
    by_view = {id(view): action for action, view in views}
    for paper, name, target in follow_keys([view for _, view in views], moved):
        action = by_view[id(paper)]
        action.paper.fields[name] = key = paper.fields[name]
        action.reason += f"; {followed(name, target, key)}"


def _join_keys(paper: Paper, others: list[str], taken: set[str]) -> dict[str, str]:
    """Make the keys of entries joined to `paper` its other keys (`ids`); a key another
    entry already has stays out. Returns why, by refused key."""
    refused, aliases = {}, paper.aliases
    for key in others:
        lower = key.lower()
        if lower == paper.key.lower() or lower in (alias.lower() for alias in aliases):
            continue
        if lower in taken or not is_valid_key(key):
            refused[key] = f"; its key '{key}' is not kept: another entry has it"
            if not is_valid_key(key):
                refused[key] = f"; its key '{key}' is not kept: BibTeX cannot read it"
            continue
        aliases.append(key)
    if aliases:
        paper.fields[ALIAS_FIELD] = ",".join(aliases)
    return refused


def _key_note(paper: Paper) -> str:
    """Give an entry with no key, or one BibTeX cannot read, a generated key; say so."""
    if is_valid_key(paper.key):
        return ""
    old, paper.key = paper.key, make_key(paper)
    if not old.strip():
        return f"; it had no key, so it became {paper.key!r}"
    return f"; key {old!r} is not a valid BibTeX key, so it became {paper.key!r}"


class WrittenEntries:
    """Library entries by title, to find the one an earlier import of the same entry
    wrote: the same fields under the entry's key, or the key with the suffix it got
    then (`editorial1984a`). Two entries of one file with equal fields and different
    keys stay two: only identity's rule may call them one paper."""

    def __init__(self, papers: list[Paper]) -> None:
        self.by_title: dict[str, list[Paper]] = {}
        for paper in papers:
            self.by_title.setdefault(paper.fields.get("title", ""), []).append(paper)

    def match(self, paper: Paper) -> Match | None:
        """The entry written for `paper`, once (an entry answers for one imported entry);
        of several, the one with the imported entry's categories and TL;DR."""
        key = (paper.key if is_valid_key(paper.key) else make_key(paper)).lower() or "entry"
        same = [
            known
            for known in self.by_title.get(paper.fields.get("title", ""), ())
            if known.key.lower().startswith(key)
            and _SUFFIXED.fullmatch(known.key.lower()[len(key) :])
            and known.fields == paper.fields
        ]
        if not same:
            return None
        wanted = set(paper.categories)
        best = max(
            same, key=lambda known: (wanted <= set(known.categories), known.tldr == paper.tldr)
        )
        self.by_title[paper.fields.get("title", "")].remove(best)
        return Match(best, "the same entry")


# What identity.keys.unique_key appends to a taken key.
_SUFFIXED = re.compile(r"(?:[a-z]|-\d+)?")


def _find_in_library(
    index: Index, written: WrittenEntries, paper: Paper
) -> tuple[Match | None, str]:
    """The entry this paper matches, and a conflict note when its id is another paper's."""
    found = written.match(paper) or index.match(paper)
    if found is not None and found.verdict == SAME:
        return found, _drop_contested_ids(index, paper, found.paper)
    if found is None or found.verdict != SHARED_ID:
        return found, ""
    other = found.paper
    kept = keep_contested(paper, drop_shared_ids(paper, other))
    reason = (
        f"{found.reason} as {other.key} '{short_title(other.title)}' but {found.detail}; "
        f"imported without the id ({kept}): check which paper it belongs to"
    )
    again = written.match(paper) or index.match(paper)
    return (again if again is None or again.verdict != SHARED_ID else None), reason


def _drop_contested_ids(index: Index, paper: Paper, same: Paper) -> str:
    """The paper is `same` by its title, but its id is another entry's, which cannot be
    it: the id stays out of `same` (merging it would give two papers one id)."""
    for other in index.candidates(paper):
        if other is same:
            continue
        found = compare(paper, other)
        if found is not None and found.verdict == SHARED_ID:
            drop_shared_ids(paper, other)
            return (
                f"{found.reason} as {other.key} '{short_title(other.title)}' but {found.detail}: "
                "the id is not taken along"
            )
    return ""


def _merge_action(
    existing: Paper,
    paper: Paper,
    reason: str,
    merge: bool,
    aliases: list[str] = (),
    taken: set[str] = frozenset(),
) -> Action:
    """`paper` is `existing`'s paper: the tags it adds, the fields it could fill (filled
    with `merge`), and the file's keys for it that become `existing`'s other keys."""
    import copy

    updated = copy.deepcopy(existing)
    retag = updated.merge_tags(paper)
    known = {existing.key.lower(), *(alias.lower() for alias in existing.aliases)}
    new_keys = [
        key
        for key in dict.fromkeys(aliases)
        if key.lower() not in known and key.lower() not in taken and is_valid_key(key)
    ]
    if new_keys and merge:
        updated.fields[ALIAS_FIELD] = ",".join([*existing.aliases, *new_keys])
        taken.update(key.lower() for key in new_keys)
    later = "" if merge or not new_keys else (
        f" ({', '.join(new_keys)} here: --merge keeps it as another key of {existing.key})"
    )  # fmt: skip
    new_keys = new_keys if merge else []
    missing, withheld = {}, []
    other_type = _kind(paper.entry_type) != _kind(existing.entry_type)
    for name, value in paper.fields.items():
        if name == ALIAS_FIELD or holds_field(updated.fields, name):
            continue
        if name in VENUE_FIELDS and has_venue(updated):
            continue
        if other_type and name in PUBLICATION_FIELDS:
            withheld.append(name)
            continue
        missing[name] = value
    fill = missing if merge else {}
    updated.fields.update(fill)
    fillable = [] if merge else list(missing)
    kept_out = ""
    if merge and withheld:
        kept_out = (
            f"{', '.join(withheld)} not filled: they say where an @{paper.entry_type} "
            f"appeared, and this entry is a @{existing.entry_type} (change its type by hand "
            "to take them)"
        )
    if not retag and not fill and not new_keys:
        reason = f"already in the library as {existing.key}{later}"
        return Action(
            SKIPPED, updated, paper.line, f"{reason}; {kept_out}" if kept_out else reason,
            fillable=fillable,
        )  # fmt: skip
    named = bool(aliases) and aliases[0].lower() != existing.key.lower()
    changes = [f"{reason} as {existing.key}" if named else reason]
    if retag:
        changes.append("tags added")
    if fill:
        changes.append(f"filled {', '.join(fill)}")
    if later:
        changes.append(later.strip(" ()"))
    if new_keys:
        changes.append(f"{', '.join(new_keys)} kept as another key of {existing.key} (ids)")
    if kept_out:
        changes.append(kept_out)
    fill_raw = {name: paper.raw[name] for name in fill if name in paper.raw}
    return Action(
        MERGED, updated, paper.line, "; ".join(changes), fill=fill, retag=retag,
        fillable=fillable, aliases=updated.fields[ALIAS_FIELD] if new_keys else "",
        fill_raw=fill_raw,
    )  # fmt: skip


def _kind(entry_type: str) -> str:
    """An entry type, with the spellings of one kind made one (BibTeX's @conference is
    @inproceedings, biblatex's @online is @misc)."""
    return _SAME_KIND.get(entry_type.lower(), entry_type.lower())


_SAME_KIND = {
    "conference": "inproceedings", "online": "misc", "www": "misc", "report": "techreport",
}  # fmt: skip


def _unique(library: Library, key: str, taken: set[str]) -> str:
    return library.unique_key(key or "entry", also_taken=taken)


def apply_plan(library: Library, actions: list[Action]) -> None:
    """Carry the plan out on the library in memory, as one edit (saving is the caller's)."""
    with library.batch():
        for action in actions:
            if action.status in ADDED:
                library.add(action.paper)
            elif action.status == MERGED:
                if action.fill:
                    library.fill_fields(action.paper.key, action.fill, action.fill_raw)
                if action.aliases:
                    library.update_fields(action.paper.key, {ALIAS_FIELD: action.aliases})
                library.retag(action.paper)
