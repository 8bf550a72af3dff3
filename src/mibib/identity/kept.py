"""Duplicates within a library found again after a few entries changed, from what the
last search kept of each entry (its ids, title and year). Pure: no I/O.

Whether two entries are candidates of each other (`Index.candidates`: an id or URL they
share, or near titles that can decide) depends on the two entries alone, either way
round. So the pairs of entries whose text did not change are those of the last search:
an unchanged entry that was no entry's candidate then can now only be a changed entry's
candidate, and one that matches no candidate is no duplicate. The search runs again over
the entries that were candidates, the changed entries and the unchanged ones a changed
entry finds among those kept; every other entry matches none.
"""

import itertools
from typing import TYPE_CHECKING

from mibib.identity.index import Duplicate, find_duplicates_within, id_keys
from mibib.identity.same import TITLE_DUPLICATE_THRESHOLD, facts

if TYPE_CHECKING:
    from mibib.model import Paper

# Raise when what is kept of an entry changes shape.
_FORMAT = 1
# Above this share of changed entries (or this many, in a small library), every entry is
# searched again.
_CHANGED_SHARE, _CHANGED_FEW = 0.2, 16
_COLUMNS = ("names", "keys", "titles", "years", "kinds")


class KeptDuplicates:
    """find_duplicates_within over a library whose entries are named by `names` (one
    per entry, in the order of the papers: what the entry's reading depends on, and its
    key), from the state an earlier search left (`state`), if any.

    The state keeps a row per entry ever searched (columns: name, id keys, normalised
    title, year, kinds of ids: 2 for an arXiv id, 1 for a DOI, added); `alive` marks
    the rows of the entries of the last search, `linked` names those of them that were
    another's candidate. Rows of entries gone are dropped once they are half the rows.
    """

    def __init__(self, state, names: list) -> None:
        self.names = names
        usable = isinstance(state, dict) and state.get("format") == _FORMAT
        self.old: dict | None = state if usable else None
        self.searched = 0  # entries searched again
        self.changed = False  # whether the state differs from the one it was made from
        self.new: dict = {}

    def find(self, papers: "list[Paper]") -> list[Duplicate]:
        """Each entry that matches an earlier one, as find_duplicates_within finds them."""
        present = dict(zip(self.names, papers, strict=True))
        old = self.old
        if old is None:
            return self._find_all(present)
        before = set(itertools.compress(old["names"], old["alive"]))  # the last search's
        changed = sorted(present.keys() - before)
        if len(changed) > max(_CHANGED_SHARE * len(present), _CHANGED_FEW):
            return self._find_all(present)
        gone = before - present.keys()
        chosen = {name for name in old["linked"] if name in present}
        chosen.update(changed)
        lines = "\n".join(old["keys"])  # the id keys of each row, a line per row
        records = {name: _record(present[name]) for name in changed}
        for record in records.values():
            chosen.update(_found(record, old, lines, present))
        rows = dict(zip(old["names"], itertools.count()))  # a name's last row is its own
        alive = old["alive"][:-1] + bytearray(b"\x01") * len(changed) + bytearray(1)
        for name in gone:
            alive[rows[name]] = 0
        for name, record in records.items():
            for column, value in zip(_COLUMNS, (name, *record), strict=True):
                old[column].append(value)
        found, linked = self._search(present, chosen)
        self.new = {**old, "alive": alive, "linked": linked}
        if 2 * len(present) < len(old["names"]):
            self.new = _compacted(self.new)
        self.changed = bool(changed or gone)
        return found

    def state(self) -> dict:
        return self.new

    def _find_all(self, present: dict) -> list[Duplicate]:
        columns: dict = {"format": _FORMAT, **{column: [] for column in _COLUMNS}}
        columns["kinds"] = bytearray()
        for name, paper in present.items():
            for column, value in zip(_COLUMNS, (name, *_record(paper)), strict=True):
                columns[column].append(value)
        found, linked = self._search(present, present.keys())
        alive = bytearray(b"\x01") * len(present) + bytearray(1)
        self.new = {**columns, "alive": alive, "linked": linked}
        self.changed = True
        return found

    def _search(self, present: dict, names) -> tuple[list[Duplicate], set]:
        """The duplicates among these entries, and those of them that are candidates.
        In file order, as a search of every entry has them: entries on one line are
        searched in that order."""
        names = [name for name in present if name in names]
        papers = [present[name] for name in names]
        self.searched = len(papers)
        linked: set[int] = set()
        found = find_duplicates_within(papers, linked)
        return found, {name for name in names if id(present[name]) in linked}


def _record(paper: "Paper") -> tuple[str, str, int | None, int]:
    """What is kept of an entry: its id keys (between tabs), title, year, kinds of ids."""
    known = facts(paper)
    keys = "".join(f"\t{key}" for key in id_keys(known)) + "\t"
    return keys, known.title, known.year, 2 * bool(known.arxiv) + bool(known.doi)


def _found(record: tuple, old: dict, lines: str, present: dict) -> list:
    """The entries of the last search still there (in `present`) that are candidates of
    an entry (Index.candidates' rule): an id key in common, or a title within the
    threshold where the ids cannot decide and years at most one apart (or one missing)."""
    from rapidfuzz import fuzz, process

    keys, title, year, kinds = record
    rows = set()
    for key in keys.strip("\t").split("\t") if keys != "\t" else ():
        at = lines.find(f"\t{key}\t")
        while at >= 0:
            rows.add(lines.count("\n", 0, at))
            at = lines.find(f"\t{key}\t", at + 1)
    if title:
        near = process.extract(title, old["titles"], scorer=fuzz.ratio, processor=None,
                               score_cutoff=TITLE_DUPLICATE_THRESHOLD, limit=None)  # fmt: skip
        for other, _, row in near:
            other_year = old["years"][row]
            decides = other and not kinds & old["kinds"][row]  # else the ids decide
            if decides and (year is None or other_year is None or abs(other_year - year) <= 1):
                rows.add(row)
    names, alive = old["names"], old["alive"]
    return [names[row] for row in rows if alive[row] and names[row] in present]


def _compacted(state: dict) -> dict:
    """The state without the rows of entries gone."""
    alive = state["alive"]
    rows = [row for row in range(len(state["names"])) if alive[row]]
    compact = {column: [state[column][row] for row in rows] for column in _COLUMNS}
    compact["kinds"] = bytearray(compact["kinds"])
    alive = bytearray(b"\x01") * len(rows) + bytearray(1)
    return {**state, **compact, "alive": alive}
