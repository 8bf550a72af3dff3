"""The library: library.bib's text, its entries as Papers, and the verbs that change it.

Changes never re-serialise the file: an added, retagged or removed entry replaces
only its own text, so every other byte stays as it was. Inside `Library.batch()` the
verbs only stage their changes; leaving the block applies all of them at once: one
read-back check of every entry written, one pass over the text (one splice per region),
spans shifted once, lines counted once. Outside a batch each verb is a batch of one.
Pure: reading and writing the file is storage's; parsing is bibtex/'s. The verbs
import the BibTeX writing code when called, so read-only commands never load it.
"""

import bisect
import contextlib
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mibib.collector import paused
from mibib.errors import DuplicateEntryError, EntryNotFoundError, LibraryFormatError, MibibError
from mibib.identity import is_valid_key, unique_key
from mibib.model import ALIAS_FIELD, Paper


class _Rewrite:
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


class _Changes:
    __slots__ = ("added", "rewrites")

    def __init__(self) -> None:
        # lower key -> (paper, text, what of it to read back before writing)
        self.added: dict[str, tuple[Paper, str, object]] = {}
        self.rewrites: dict[str, _Rewrite] = {}  # by key


class _Text:
    """A text kept as stretches of strings, each (string, start, end): an edit splices new
    parts between stretches of the old text without copying them, and a save writes it
    stretch by stretch. Joined only when a command asks for the whole text: a large
    library's text need not be in memory twice, old and new, or as parts and as one."""

    __slots__ = ("stretches", "length")

    def __init__(self, stretches: list[tuple[str, int, int]]) -> None:
        self.stretches = [stretch for stretch in stretches if stretch[2] > stretch[1]]
        self.length = sum(end - start for _, start, end in self.stretches)

    @classmethod
    def of(cls, parts: "str | list[str]") -> "_Text":
        return cls(
            [(part, 0, len(part)) for part in ([parts] if isinstance(parts, str) else parts)]
        )

    def cut(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """The stretches that make up text[start:end] (no copies)."""
        found, offset = [], 0
        for text, begin, finish in self.stretches:
            size = finish - begin
            if offset < end and offset + size > start:
                found.append(
                    (text, begin + max(start - offset, 0), begin + min(end - offset, size))
                )
            offset += size
            if offset >= end:
                break
        return found

    def slice(self, start: int, end: int) -> str:
        return "".join(text[begin:finish] for text, begin, finish in self.cut(start, end))

    def join(self) -> str:
        if len(self.stretches) == 1 and self.stretches[0][1:] == (0, len(self.stretches[0][0])):
            return self.stretches[0][0]
        return "".join(text[begin:finish] for text, begin, finish in self.stretches)

    def find_first(self, characters: str) -> int:
        """Where the first of these characters is, else -1."""
        offset = 0
        for text, begin, finish in self.stretches:
            found = [text.find(char, begin, finish) for char in characters]
            found = [place for place in found if place >= 0]
            if found:
                return offset + min(found) - begin
            offset += finish - begin
        return -1

    def window(self, start: int, end: int, step: int = 4096) -> tuple[str, int]:
        """text[low:high] and low, where [low, high) holds [start, end) and, unless it
        reaches the text's ends, something other than blanks on each side of it."""
        low, high = max(start - step, 0), min(end + step, self.length)
        while True:
            text = self.slice(low, high)
            if (low == 0 or text[: start - low].strip()) and (
                high == self.length or text[end - low :].strip()
            ):
                return text, low
            step *= 4
            low, high = max(start - step, 0), min(end + step, self.length)


@dataclass
class Library:
    """The file's text and its entries; `spans` locate each entry's text by key."""

    path: Path | None
    # The text, or None until first read (see `text`): a command that only reads
    # entries never holds a large library's text in memory.
    _text: str | None
    papers: list[Paper] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    changed: bool = False
    # Digest of the bytes read from disk: a save refuses to overwrite other changes.
    disk_digest: str | None = None
    # The file's parse cache, kept by storage between a load and a save (opaque here).
    parse_cache: object = field(default=None, repr=False, compare=False)
    # Gives the text when it was not read up front (storage reads the file again).
    read_text: object = field(default=None, repr=False, compare=False)
    _pending: _Changes | None = field(default=None, init=False, repr=False, compare=False)
    _index: tuple | None = field(default=None, init=False, repr=False, compare=False)
    # The text as stretches (see _Text), when read in parts or edited: the edits and a
    # save use it as it is; `text` joins it only when a command asks for the whole text.
    _parts: _Text | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text, self._parts = self._stretches().join(), None
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text, self._parts = value, None

    def text_chunks(self, size: int = 1 << 20) -> Iterator[str]:
        """The text in chunks of at most `size` characters, in order, without joining it."""
        for text, begin, end in self._stretches().stretches:
            for start in range(begin, end, size):
                yield text[start : min(start + size, end)]

    def _stretches(self) -> _Text:
        """The text as stretches: as kept, or as read (in parts, for a large file)."""
        if self._parts is None:
            self._parts = _Text.of(self._text if self._text is not None else self.read_text())
        return self._parts

    def _newline(self) -> str:
        """The text's first line ending (CRLF, LF or CR), else LF."""
        from mibib.bibtex.entry_text import newline_of

        text = self._stretches()
        place = text.find_first("\r\n")
        return "\n" if place < 0 else newline_of(text.slice(place, place + 2))

    def keys(self) -> set[str]:
        keys = {paper.key for paper in self.papers}
        if self._pending is not None:
            keys.update(paper.key for paper, *_ in self._pending.added.values())
        return keys

    def get(self, key: str) -> Paper:
        if self._pending is not None and key in self._pending.rewrites:
            return self._pending.rewrites[key].paper
        by_key, by_lower = self._lookup()
        paper = by_key.get(key) or by_lower.get(key.lower())
        if paper is None:
            raise EntryNotFoundError(_not_found_message(key, [item.key for item in self.papers]))
        if self._pending is not None and paper.key in self._pending.rewrites:
            return self._pending.rewrites[paper.key].paper
        return paper

    def unique_key(self, key: str, also_taken: set[str] = frozenset()) -> str:
        """`key`, or `key` with the first free suffix a, b, … when it is taken.

        `also_taken` holds lower-case keys reserved elsewhere (e.g. earlier entries
        of the same import).
        """
        taken = _Taken(self._lookup()[1], self._pending, also_taken)
        return unique_key(key, taken)

    @contextlib.contextmanager
    def batch(self) -> Iterator["Library"]:
        """Stage every change made inside the block; apply them together when it ends.

        If a check fails, nothing is applied and the library stays as it was.
        A batch inside a batch joins it.
        """
        if self._pending is not None:
            yield self
            return
        self._pending = _Changes()
        try:
            yield self
        except BaseException:
            self._pending = None
            raise
        changes, self._pending = self._pending, None
        self._commit(changes)

    def add(self, paper: Paper) -> None:
        """Insert the entry at its sorted place (by key); nothing else moves.

        It goes before the next entry by key (and any `%` comment lines right
        above that entry), or at the end, in the file's own line endings.
        """
        from mibib.bibtex.schema import normalise_tldrs
        from mibib.bibtex.writer import render_new_entry

        changes = self._changes()
        lower = paper.key.lower()
        if lower in self._lookup()[1] or lower in changes.added:
            raise DuplicateEntryError(f"key '{paper.key}' is already in the library")
        if not is_valid_key(paper.key):
            raise MibibError(
                f"'{paper.key}' cannot be a BibTeX key (no spaces, commas, braces, quotes, "
                "#, % or =); choose another key"
            )
        normalise_tldrs(paper)
        changes.added[lower] = (paper, *render_new_entry(paper, self._newline()))
        self._done(changes)

    def retag(self, paper: Paper) -> None:
        """Rewrite only mibib's own fields of an existing entry; other fields keep their bytes."""
        from mibib.bibtex.schema import normalise_tldrs, own_fields
        from mibib.bibtex.writer import check_value, replace_own_fields

        current = self.get(paper.key)
        changes = self._changes()
        rewrite = self._rewrite(changes, current)
        normalise_tldrs(paper)
        wanted = own_fields(paper)
        for name, value in wanted:
            check_value(current.key, name, value)
        try:
            rewrite.text = replace_own_fields(rewrite.text, wanted)
        except LibraryFormatError as exc:
            where = f"{self.path or 'library.bib'}:{current.line}"
            raise LibraryFormatError(f"{where}: entry '{current.key}': {exc}") from None
        paper.key = current.key
        rewrite.paper, rewrite.own = paper, wanted
        self._done(changes)

    def fill_fields(
        self, key: str, fields: dict[str, str], raw: dict[str, str] | None = None
    ) -> None:
        """Add fields the entry lacks (e.g. from `import --merge`); every other byte is kept.

        `raw` gives the BibTeX form of values written with a macro or `#` (by field
        name): those are written in that form, as the file they came from has them."""
        from mibib.bibtex.schema import spelled
        from mibib.bibtex.writer import add_fields

        raw = raw or {}
        paper = self.get(key)
        changes = self._changes()
        rewrite = self._rewrite(changes, paper)
        written = [(spelled(name), raw.get(name, value)) for name, value in fields.items()]
        new = add_fields(rewrite.text, written, frozenset(spelled(name) for name in raw))
        if new != rewrite.text:
            rewrite.text = new
            rewrite.paper = dataclasses.replace(
                paper, fields={**paper.fields, **fields}, raw={**paper.raw, **raw}
            )
            rewrite.changes.update({name: raw.get(name, value) for name, value in fields.items()})
        self._done(changes)

    def update_fields(self, key: str, changes: dict[str, str | None]) -> Paper:
        """Set or delete BibTeX fields (lower-case names; None deletes) of one entry.

        Only those fields' text changes; the entry's other lines keep their bytes.
        mibib's own fields are changed with `retag`.
        """
        from mibib.bibtex.entry_text import is_balanced
        from mibib.bibtex.schema import is_tag_field
        from mibib.bibtex.writer import replace_fields

        paper = self.get(key)
        for name, value in changes.items():
            if is_tag_field(name):
                raise ValueError(f"{name} is one of mibib's own fields; use retag")
            if value is not None and not is_balanced(value):
                raise LibraryFormatError(
                    f"entry '{paper.key}': the new {name} has unbalanced braces ({value!r})"
                )
        staged = self._changes()
        rewrite = self._rewrite(staged, paper)
        try:
            new = replace_fields(rewrite.text, changes)
        except LibraryFormatError as exc:
            where = f"{self.path or 'library.bib'}:{paper.line}"
            raise LibraryFormatError(f"{where}: entry '{paper.key}': {exc}") from None
        if new != rewrite.text:
            fields = dict(paper.fields)
            for name, value in changes.items():
                if value is None:
                    fields.pop(name, None)
                else:
                    fields[name] = value
            raw = {name: value for name, value in paper.raw.items() if name not in changes}
            rewrite.text, rewrite.updated = new, True
            rewrite.paper = dataclasses.replace(paper, fields=fields, raw=raw)
            rewrite.changes.update(changes)
        self._done(staged)
        return self.get(paper.key)

    def define_strings(self, blocks: list[str]) -> None:
        """Insert @string definitions (their text as written) before the first entry.

        Not within a batch: entries added at the top must come after them.
        """
        from mibib.bibtex.entry_text import block_start, newline_of

        if not blocks:
            return
        if self._pending is not None:
            raise RuntimeError("define_strings() applies at once; call it outside a batch")
        newline = newline_of(self.text)
        text = newline.join(block.strip().replace("\n", newline) for block in blocks) + newline
        if self.spans:
            first = min(start for start, _ in self.spans.values())
            position = block_start(self.text, first, 0)
            text += newline
        else:
            position = len(self.text)
            if self.text.strip():
                text = newline + text
        self._splice([(position, position, [text], [])])
        self._renumber()

    def remove(self, key: str) -> Paper:
        """Delete the entry's lines and one blank line beside it; other lines stay.

        Not within a batch: which blank line goes depends on the text around it.
        """
        from mibib.bibtex.entry_text import entry_lines

        if self._pending is not None:
            raise RuntimeError("remove() applies at once; call it outside a batch")
        paper = self.get(key)
        text, low = self._stretches().window(*self.spans[paper.key])
        start, end = (
            low + place for place in entry_lines(text, *(at - low for at in self.spans[paper.key]))
        )
        self._splice([(start, end, [], [])], removed={paper.key})
        self.papers = [item for item in self.papers if item.key != paper.key]
        self._renumber()
        return paper

    # --- applying staged changes ----------------------------------------------------------

    def _changes(self) -> _Changes:
        return self._pending if self._pending is not None else _Changes()

    def _done(self, changes: _Changes) -> None:
        if changes is not self._pending:
            self._commit(changes)

    def _rewrite(self, changes: _Changes, paper: Paper) -> _Rewrite:
        if paper.key not in changes.rewrites:
            text = self._stretches().slice(*self.spans[paper.key])
            changes.rewrites[paper.key] = _Rewrite(text, text, paper)
        return changes.rewrites[paper.key]

    def _commit(self, changes: _Changes) -> None:
        """Check every entry written reads back, then apply all changes in one pass."""
        with paused():
            self._apply(changes)

    def _apply(self, changes: _Changes) -> None:
        from mibib.bibtex.writer import EntryCheck, verify_entries

        rewritten = {key: item for key, item in changes.rewrites.items() if item.changed}
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
        verify_entries(checks)
        regions = [
            (*self.spans[key], [item.text], [(key, 0, len(item.text))])
            for key, item in rewritten.items()
        ]
        regions += self._insertions([(paper, text) for paper, text, _ in changes.added.values()])
        if regions:
            self._splice(regions)
        replaced = {key: item.paper for key, item in changes.rewrites.items()}
        papers = [replaced.get(paper.key, paper) for paper in self.papers]
        papers += [paper for paper, *_ in changes.added.values()]
        self.papers = papers
        self._renumber()

    def _insertions(self, added: list[tuple[Paper, str]]) -> list[tuple]:
        """Regions that insert new entries, each before the first entry in the file whose
        key sorts after it (and the `%` lines above that one), else at the end."""
        from mibib.bibtex.entry_text import blank_line_needed, block_start

        if not added:
            return []
        newline, whole = self._newline(), self._stretches()
        by_key = sorted((key.lower(), start) for key, (start, _) in self.spans.items())
        lowered = [key for key, _ in by_key]
        earliest = [start for _, start in by_key]  # earliest start among by_key[i:]
        for index in range(len(earliest) - 2, -1, -1):
            earliest[index] = min(earliest[index], earliest[index + 1])
        groups: dict[int | None, list[tuple[str, Paper, str]]] = {}
        for paper, text in added:
            lower = paper.key.lower()
            index = bisect.bisect_right(lowered, lower)
            following = earliest[index] if index < len(earliest) else None
            groups.setdefault(following, []).append((lower, paper, text))
        ends = sorted(end for _, end in self.spans.values())
        regions = []
        for following, group in groups.items():
            group.sort(key=lambda item: item[0])
            pieces, members, offset = [], [], 0
            if following is None:  # at the end: only the text's end is looked at
                position, tail = whole.length, whole.window(whole.length, whole.length)[0]
                for _, paper, text in group:
                    extra = blank_line_needed(tail, newline) if tail.strip() else ""
                    members.append((paper.key, offset + len(extra), len(text)))
                    pieces += (extra, text, newline)
                    offset += len(extra) + len(text) + len(newline)
                    tail = text[-1:] + newline  # all blank_line_needed looks at
            else:
                floor_index = bisect.bisect_right(ends, following)
                floor = ends[floor_index - 1] if floor_index else 0
                low = max(floor - 4096, 0)  # the lines between the two entries, and some
                around = whole.slice(low, following + 1)
                position = low + block_start(around, following - low, floor - low)
                gap = newline * 2
                for _, paper, text in group:
                    members.append((paper.key, offset, len(text)))
                    pieces += (text, gap)
                    offset += len(text) + len(gap)
            regions.append((position, position, pieces, members))
        return regions

    def _splice(self, regions: list[tuple], removed: set[str] = frozenset()) -> None:
        """Replace each region (start, end, new text's parts, [(key, offset, length)]) of the
        text in one pass; the members' spans are set, every other span shifts once. The
        text is kept as its parts (see `_parts`): no copy of a large insertion is made
        twice."""
        regions.sort(key=lambda region: (region[0], region[1]))
        old = self._stretches()
        pieces, spans, ends, shifts = [], {}, [], []
        position = delta = 0
        for start, end, parts, members in regions:
            pieces += old.cut(position, start)
            pieces += [(part, 0, len(part)) for part in parts]
            for key, offset, length in members:
                spans[key] = (start + delta + offset, start + delta + offset + length)
            delta += sum(map(len, parts)) - (end - start)
            ends.append(end)
            shifts.append(delta)
            position = end
        pieces += old.cut(position, old.length)
        for key, (start, end) in self.spans.items():
            if key in spans or key in removed:
                continue
            index = bisect.bisect_right(ends, start)
            shift = shifts[index - 1] if index else 0
            spans[key] = (start + shift, end + shift)
        self._text, self._parts = None, _Text(pieces)
        self.spans = spans
        self.changed = True
        self._index = None

    def _renumber(self) -> None:
        """Sort the papers into file order and count their lines: one pass over the text
        (part by part, when it is kept as parts)."""
        self.papers.sort(key=lambda item: self.spans[item.key][0])
        stretches = self._stretches().stretches or [("", 0, 0)]
        line, number, begins = 1, 0, 0  # stretches[number] starts at character `begins`
        text, at, end = stretches[0]  # `at`: where counting goes on in it
        for paper in self.papers:
            start = self.spans[paper.key][0]
            while begins + end - stretches[number][1] <= start and number + 1 < len(stretches):
                line += text.count("\n", at, end)
                begins += end - stretches[number][1]
                number += 1
                text, at, end = stretches[number]
            place = stretches[number][1] + start - begins
            line += text.count("\n", at, place)
            at = place
            paper.line = line
        self._index = None

    def _lookup(self) -> tuple[dict[str, Paper], dict[str, Paper]]:
        """Papers by key and by lower-case key or alias (the first of each), rebuilt when
        papers change; an alias is taken, as a key is."""
        stamp = (id(self.papers), len(self.papers))
        if self._index is None or self._index[0] != stamp:
            by_key, by_lower = {}, {}
            for paper in self.papers:
                by_key.setdefault(paper.key, paper)  # the first, as a scan would find
                by_lower[paper.key.lower()] = paper
            for paper in self.papers:  # an entry's other keys (`ids`) find it too
                for alias in paper.aliases if ALIAS_FIELD in paper.fields else ():
                    by_lower.setdefault(alias.lower(), paper)
            self._index = (stamp, by_key, by_lower)
        return self._index[1], self._index[2]


class _Taken:
    """The lower-case keys in use: the library's, those staged, and `also` (a set view)."""

    def __init__(self, committed: dict, pending: _Changes | None, also: set[str]):
        self.committed, self.pending, self.also = committed, pending, also

    def __contains__(self, key: str) -> bool:
        staged = self.pending is not None and key in self.pending.added
        return key in self.committed or staged or key in self.also


def parse_library(text: str, source: str = "library.bib") -> Library:
    """Parse BibTeX text into a Library; every unparsable block is an error with its line."""
    from mibib.bibtex.io import parse_bibtex

    papers, spans = parse_bibtex(text, source)
    return Library(None, text, papers, spans)


def _not_found_message(key: str, keys: list[str]) -> str:
    from rapidfuzz import process

    best = process.extractOne(key, keys, score_cutoff=70) if keys else None
    hint = f" (did you mean '{best[0]}'?)" if best else " (see `mibib list`)"
    return f"no entry with key '{key}'{hint}"
