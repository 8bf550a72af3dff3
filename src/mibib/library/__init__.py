"""The library: library.bib's text, its entries as Papers, and the verbs that change it.

Changes never re-serialise the file: an added, retagged or removed entry replaces
only its own text, so every other byte stays as it was. Inside `Library.batch()` the
verbs only stage their changes; leaving the block applies all of them at once: one
read-back check of every entry written, one pass over the text (one splice per region),
spans shifted once, lines counted once. Outside a batch each verb is a batch of one.
Pure: reading and writing the file is storage's; parsing is bibtex/'s. The verbs
import the BibTeX writing code when called, so read-only commands never load it.
"""

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mibib.collector import paused
from mibib.errors import DuplicateEntryError, EntryNotFoundError, LibraryFormatError, MibibError
from mibib.identity.keys import is_valid_key, unique_key
from mibib.library.staging import (
    Changes,
    Rewrite,
    Taken,
    index_keys,
    insertion_regions,
    not_found_message,
    read_back_checks,
)
from mibib.library.text import Text, number_lines, splice
from mibib.model import Paper


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
    _pending: Changes | None = field(default=None, init=False, repr=False, compare=False)
    _index: tuple | None = field(default=None, init=False, repr=False, compare=False)
    # The text as stretches (see Text), when read in parts or edited: the edits and a
    # save use it as it is; `text` joins it only when a command asks for the whole text.
    _parts: Text | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text, self._parts = self._stretches().join(), None
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text, self._parts = value, None

    def release_text(self) -> None:
        """Let go of the text when it can be read again (an unchanged library that was
        read from disk): a large library's text need not stay beside what a command
        made of it."""
        if self.read_text is not None and not self.changed and self._pending is None:
            self._text, self._parts = None, None

    def entry_text(self, key: str) -> str:
        """The entry's text as in the file, without joining a text kept in stretches."""
        start, end = self.spans[key]
        if self._text is not None:
            return self._text[start:end]
        return self._stretches().slice(start, end)

    def may_contain(self, word: str) -> bool:
        """Whether the text holds `word` in any case, without joining it."""
        pattern = re.compile(re.escape(word), re.IGNORECASE)
        tail = ""
        for text, begin, end in self._stretches().stretches:
            if pattern.search(tail + text[begin : begin + len(word)]):
                return True
            if pattern.search(text, begin, end):
                return True
            tail = text[max(begin, end - len(word)) : end]
        return False

    def definitions_text(self) -> str:
        """The pieces of the text that may hold @string, @xdata, @set or @preamble blocks
        (see definition_pieces), without joining a large text that holds none."""
        kinds = ("string", "xdata", "set", "preamble")
        if not any(self.may_contain(f"@{kind}") for kind in kinds):
            return ""
        from mibib.bibtex.pieces import definition_pieces

        return definition_pieces(self.text, "|".join(kinds))

    def text_chunks(self, size: int = 1 << 20) -> Iterator[str]:
        """The text in chunks of at most `size` characters, in order, without joining it."""
        for text, begin, end in self._stretches().stretches:
            for start in range(begin, end, size):
                yield text[start : min(start + size, end)]

    def _stretches(self) -> Text:
        """The text as stretches: as kept, or as read (in parts, for a large file)."""
        if self._parts is None:
            self._parts = Text.of(self._text if self._text is not None else self.read_text())
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
            raise EntryNotFoundError(not_found_message(key, [item.key for item in self.papers]))
        if self._pending is not None and paper.key in self._pending.rewrites:
            return self._pending.rewrites[paper.key].paper
        return paper

    def unique_key(self, key: str, also_taken: set[str] = frozenset()) -> str:
        """`key`, or `key` with the first free suffix a, b, … when it is taken.

        `also_taken` holds lower-case keys reserved elsewhere (e.g. earlier entries
        of the same import).
        """
        taken = Taken(self._lookup()[1], self._pending, also_taken)
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
        self._pending = Changes()
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
        paper.written = None  # its text is rendered: the file's copy need not be kept (cached)
        self._done(changes)

    def retag(self, paper: Paper) -> None:
        """Rewrite only mibib's own fields of an existing entry; other fields keep their bytes."""
        current = self.get(paper.key)
        changes = self._changes()
        self._rewrite(changes, current).retag(current, paper, self._where(current))
        self._done(changes)

    def fill_fields(
        self, key: str, fields: dict[str, str], raw: dict[str, str] | None = None
    ) -> None:
        """Add fields the entry lacks (e.g. from `import --merge`); every other byte is kept.

        `raw` gives the BibTeX form of values written with a macro or `#` (by field
        name): those are written in that form, as the file they came from has them."""
        paper = self.get(key)
        changes = self._changes()
        self._rewrite(changes, paper).fill(paper, fields, raw or {})
        self._done(changes)

    def update_fields(self, key: str, changes: dict[str, str | None]) -> Paper:
        """Set or delete BibTeX fields (lower-case names; None deletes) of one entry.

        Only those fields' text changes; the entry's other lines keep their bytes.
        mibib's own fields are changed with `retag`.
        """
        from mibib.bibtex.layout import is_balanced
        from mibib.bibtex.schema import is_tag_field

        paper = self.get(key)
        for name, value in changes.items():
            if is_tag_field(name):
                raise ValueError(f"{name} is one of mibib's own fields; use retag")
            if value is not None and not is_balanced(value):
                raise LibraryFormatError(
                    f"entry '{paper.key}': the new {name} has unbalanced braces ({value!r})"
                )
        staged = self._changes()
        self._rewrite(staged, paper).update(paper, changes, self._where(paper))
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

    def _changes(self) -> Changes:
        return self._pending if self._pending is not None else Changes()

    def _done(self, changes: Changes) -> None:
        if changes is not self._pending:
            self._commit(changes)

    def _rewrite(self, changes: Changes, paper: Paper) -> Rewrite:
        if paper.key not in changes.rewrites:
            text = self._stretches().slice(*self.spans[paper.key])
            changes.rewrites[paper.key] = Rewrite(text, text, paper)
        return changes.rewrites[paper.key]

    def _where(self, paper: Paper) -> str:
        return f"{self.path or 'library.bib'}:{paper.line}"

    def _commit(self, changes: Changes) -> None:
        """Check every entry written reads back, then apply all changes in one pass."""
        with paused():
            self._apply(changes)

    def _apply(self, changes: Changes) -> None:
        from mibib.bibtex.read_back import verify_entries

        rewritten = {key: item for key, item in changes.rewrites.items() if item.changed}
        verify_entries(read_back_checks(changes, rewritten))
        regions = [
            (*self.spans[key], [item.text], [(key, 0, len(item.text))])
            for key, item in rewritten.items()
        ]
        added = [(paper, text) for paper, text, _ in changes.added.values()]
        if added:
            crossrefs = {
                paper.key.lower(): paper.fields["crossref"].strip().lower()
                for paper in [*self.papers, *(paper for paper, _ in added)]
                if paper.fields.get("crossref", "").strip()
            }
            regions += insertion_regions(
                added, self.spans, self._stretches(), self._newline(), crossrefs
            )
        if regions:
            self._splice(regions)
        replaced = {key: item.paper for key, item in changes.rewrites.items()}
        papers = [replaced.get(paper.key, paper) for paper in self.papers]
        papers += [paper for paper, *_ in changes.added.values()]
        self.papers = papers
        self._renumber()

    def _splice(self, regions: list[tuple], removed: set[str] = frozenset()) -> None:
        """Replace regions of the text in one pass (see text.splice); the text is kept as
        its parts (see `_parts`)."""
        self._parts, self.spans = splice(self._stretches(), self.spans, regions, removed)
        self._text = None
        self.changed = True
        self._index = None

    def _renumber(self) -> None:
        """Sort the papers into file order and count their lines."""
        number_lines(self.papers, self.spans, self._stretches())
        self._index = None

    def _lookup(self) -> tuple[dict[str, Paper], dict[str, Paper]]:
        """Papers by key and by lower-case key or alias (the first of each), rebuilt when
        papers change; an alias is taken, as a key is."""
        stamp = (id(self.papers), len(self.papers))
        if self._index is None or self._index[0] != stamp:
            self._index = (stamp, *index_keys(self.papers))
        return self._index[1], self._index[2]


def parse_library(text: str, source: str = "library.bib") -> Library:
    """Parse BibTeX text into a Library; every unparsable block is an error with its line."""
    from mibib.bibtex.io import parse_bibtex

    papers, spans = parse_bibtex(text, source)
    return Library(None, text, papers, spans)
