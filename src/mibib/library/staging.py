"""What a batch of edits stages before it is applied: entries rewritten and added, the keys
they take, and where in the text new entries go. Pure: no I/O."""

import bisect
import dataclasses

from mibib.errors import LibraryFormatError
from mibib.library.text import Text
from mibib.model import ALIAS_FIELD, Paper

Stretches = list[tuple[str, int, int]]  # text[start:end] as (text, start, end): see Text


class Rewrite:
    """An existing entry's staged new text, and what it must read back as.

    (Plain classes, not dataclasses: every command imports this module, and a dataclass
    costs its start-up time to build.)
    """

    __slots__ = ("original", "text", "paper", "changes", "own", "updated")

    def __init__(self, original: str, text: str, paper: Paper) -> None:
        self.original, self.text, self.paper = original, text, paper
        self.changes: dict[str, str | None] = {}  # BibTeX fields set or deleted (None)
        self.own: list[tuple[str, str]] | None = None  # mibib's fields, when retagged
        self.updated = False  # by update_fields (its own message when the check fails)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def retag(self, current: Paper, paper: Paper, where: str) -> None:
        """Stage `paper`'s own fields (mibib's) as the entry's; `current` is the entry's
        paper now, `where` its file:line for messages."""
        from mibib.bibtex.edits import replace_own_fields
        from mibib.bibtex.read_back import check_value
        from mibib.bibtex.schema import normalise_tldrs, own_fields

        normalise_tldrs(paper)
        wanted = own_fields(paper)
        for name, value in wanted:
            check_value(current.key, name, value)
        try:
            self.text = replace_own_fields(self.text, wanted)
        except LibraryFormatError as exc:
            raise LibraryFormatError(f"{where}: entry '{current.key}': {exc}") from None
        paper.key = current.key
        self.paper, self.own = paper, wanted

    def fill(self, paper: Paper, fields: dict[str, str], raw: dict[str, str]) -> None:
        """Stage the fields the entry lacks (`raw`: the BibTeX form of some, by name)."""
        from mibib.bibtex.edits import add_fields
        from mibib.bibtex.schema import spelled

        written = [(spelled(name), raw.get(name, value)) for name, value in fields.items()]
        new = add_fields(self.text, written, frozenset(spelled(name) for name in raw))
        if new != self.text:
            self.text = new
            self.paper = dataclasses.replace(
                paper, fields={**paper.fields, **fields}, raw={**paper.raw, **raw}
            )
            self.changes.update({name: raw.get(name, value) for name, value in fields.items()})

    def update(self, paper: Paper, changes: dict[str, str | None], where: str) -> None:
        """Stage fields set or deleted (None), checked already (`where`: for messages)."""
        from mibib.bibtex.edits import replace_fields

        try:
            new = replace_fields(self.text, changes)
        except LibraryFormatError as exc:
            raise LibraryFormatError(f"{where}: entry '{paper.key}': {exc}") from None
        if new != self.text:
            fields = dict(paper.fields)
            for name, value in changes.items():
                if value is None:
                    fields.pop(name, None)
                else:
                    fields[name] = value
            raw = {name: value for name, value in paper.raw.items() if name not in changes}
            self.text, self.updated = new, True
            self.paper = dataclasses.replace(paper, fields=fields, raw=raw)
            self.changes.update(changes)


class Changes:
    __slots__ = ("added", "rewrites")

    def __init__(self) -> None:
        # lower key -> (paper, text or stretches of others, what of it to read back first)
        self.added: dict[str, tuple[Paper, str | Stretches, object]] = {}
        self.rewrites: dict[str, Rewrite] = {}  # by key


class Taken:
    """The lower-case keys in use: the library's, those staged, and `also` (a set view)."""

    def __init__(self, committed: dict, pending: Changes | None, also: set[str]):
        self.committed, self.pending, self.also = committed, pending, also

    def __contains__(self, key: str) -> bool:
        staged = self.pending is not None and key in self.pending.added
        return key in self.committed or staged or key in self.also


def read_back_checks(changes: Changes, rewritten: dict[str, Rewrite]) -> list:
    """What each entry written must read back as, before anything is applied."""
    from mibib.bibtex.read_back import EntryCheck

    # A new entry's check covers only what of it could read back otherwise than written.
    checks = [check for _, _, check in changes.added.values() if check is not None]
    checks += [
        EntryCheck(
            item.text,
            key,
            reference=item.original,
            changes=item.changes,
            own=item.own,
            updated=item.updated,
        )
        for key, item in rewritten.items()
    ]
    return checks


def index_keys(papers: list[Paper]) -> tuple[dict[str, Paper], dict[str, Paper]]:
    """Papers by key and by lower-case key or alias (the first of each); an alias is
    taken, as a key is."""
    by_key, by_lower = {}, {}
    for paper in papers:
        by_key.setdefault(paper.key, paper)  # the first, as a scan would find
        by_lower[paper.key.lower()] = paper
    for paper in papers:  # an entry's other keys (`ids`) find it too
        for alias in paper.aliases if ALIAS_FIELD in paper.fields else ():
            by_lower.setdefault(alias.lower(), paper)
    return by_key, by_lower


def not_found_message(key: str, keys: list[str]) -> str:
    """`no entry with key …`, with the nearest key when one is near."""
    from rapidfuzz import process

    best = process.extractOne(key, keys, score_cutoff=70) if keys else None
    hint = f" (did you mean '{best[0]}'?)" if best else " (see `mibib list`)"
    return f"no entry with key '{key}'{hint}"


def insertion_regions(
    added: list[tuple[Paper, "str | Stretches"]],
    spans: dict[str, tuple[int, int]],
    whole: Text,
    newline: str,
    crossrefs: dict[str, str] | None = None,
) -> list[tuple]:
    """Regions (see text.splice) that insert new entries, each before the first entry in
    the file whose key sorts after it (and the `%` lines above that one), else at the end.
    An entry's text may be stretches of other texts (see writer.render_new_entry): they
    go in as they are, not copied.

    BibTeX reads an entry's `crossref` target only when it comes after the entry: a new
    entry goes after the entries that cross-reference it and before the one it
    cross-references. `crossrefs`: the library's and the new entries' targets, by key,
    all in lower case."""
    from mibib.bibtex.entry_text import blank_line_needed, block_start, entry_start
    from mibib.bibtex.references import children_first
    from mibib.bibtex.writer import stretch_text

    if not added:
        return []
    by_key = sorted((key.lower(), start) for key, (start, _) in spans.items())
    lowered = [key for key, _ in by_key]
    earliest = [start for _, start in by_key]  # earliest start among by_key[i:]
    for index in range(len(earliest) - 2, -1, -1):
        earliest[index] = min(earliest[index], earliest[index + 1])
    places: dict[str, int | None] = {}  # new entry (lower-case key) -> the start it goes before
    for paper, _ in added:
        lower = paper.key.lower()
        index = bisect.bisect_right(lowered, lower)
        places[lower] = earliest[index] if index < len(earliest) else None
    if crossrefs:
        _keep_crossrefs_after(places, crossrefs, spans)
    groups: dict[int | None, list[tuple[str, Paper, str | Stretches]]] = {}
    for paper, text in added:
        lower = paper.key.lower()
        groups.setdefault(places[lower], []).append((lower, paper, text))
    ends = sorted(end for _, end in spans.values())
    regions = []
    for following, group in groups.items():
        group.sort(key=lambda item: item[0])
        if crossrefs:
            members_by_key = {lower: (lower, paper, text) for lower, paper, text in group}
            order = children_first([lower for lower, *_ in group], crossrefs)
            group = [members_by_key[lower] for lower in order]
        pieces, members, offset = [], [], 0
        if following is None:  # at the end: only the text's end is looked at
            position, tail = whole.length, whole.window(whole.length, whole.length)[0]
            for _, paper, text in group:
                extra = blank_line_needed(tail, newline) if tail.strip() else ""
                # An imported entry's `%` lines are no part of it.
                length, lead = _length(text), entry_start(stretch_text(text))
                members.append((paper.key, offset + len(extra) + lead, length - lead))
                pieces += (extra, *_parts(text), newline)
                offset += len(extra) + length + len(newline)
                tail = _last(text) + newline  # all blank_line_needed looks at
        else:
            floor_index = bisect.bisect_right(ends, following)
            floor = ends[floor_index - 1] if floor_index else 0
            low = max(floor - 4096, 0)  # the lines between the two entries, and some
            around = whole.slice(low, following + 1)
            position = low + block_start(around, following - low, floor - low)
            gap = newline * 2
            for _, paper, text in group:
                length, lead = _length(text), entry_start(stretch_text(text))
                members.append((paper.key, offset + lead, length - lead))
                pieces += (*_parts(text), gap)
                offset += length + len(gap)
        regions.append((position, position, pieces, members))
    return regions


def _keep_crossrefs_after(
    places: dict[str, int | None], crossrefs: dict[str, str], spans: dict[str, tuple[int, int]]
) -> None:
    """Move new entries' places so that each comes after the entries that cross-reference
    it and before the one it cross-references (None: the end of the text)."""
    where = {key.lower(): span for key, span in spans.items()}
    starts = sorted(start for start, _ in spans.values())
    last_child: dict[str, int] = {}  # target -> end of the last entry naming it
    for child, target in crossrefs.items():
        if child in where and target in places:
            last_child[target] = max(last_child.get(target, 0), where[child][1])

    def later(a: int | None, b: int | None) -> int | None:
        return None if a is None or b is None else max(a, b)

    for target, bound in last_child.items():
        index = bisect.bisect_left(starts, bound)
        places[target] = later(places[target], starts[index] if index < len(starts) else None)
    for _ in range(len(places)):  # new entries naming new ones: at the target's place or before
        moved = False
        for child, target in crossrefs.items():
            if child not in places or target not in places:
                continue
            goes = later(places[child], places[target])
            if goes != places[target]:
                places[target], moved = goes, True
        if not moved:
            break
    for child, target in crossrefs.items():
        if child in places and target in where:
            start = where[target][0]
            places[child] = start if places[child] is None else min(places[child], start)


def _parts(text: "str | Stretches") -> "Stretches":
    return [(text, 0, len(text))] if isinstance(text, str) else text


def _length(text: "str | Stretches") -> int:
    return sum(end - start for _, start, end in _parts(text))


def _last(text: "str | Stretches") -> str:
    """The last character (none of an empty text)."""
    parts = [part for part in _parts(text) if part[2] > part[1]]
    return parts[-1][0][parts[-1][2] - 1] if parts else ""
