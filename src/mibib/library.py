"""The library: library.bib's text, its entries as Papers, and the verbs that change it.

Changes never re-serialise the file: an added, retagged or removed entry replaces
only its own text (one splice per edit), so every other byte stays as it was.
Pure: reading and writing the file is storage's; parsing is bibtex/'s. The verbs
import the BibTeX writing code when called, so read-only commands never load it.
"""

from dataclasses import dataclass, field
from pathlib import Path

from mibib.errors import DuplicateEntryError, EntryNotFoundError, LibraryFormatError, MibibError
from mibib.identity import is_valid_key, unique_key
from mibib.model import Paper


@dataclass
class Library:
    """The file's text and its entries; `spans` locate each entry's text by key."""

    path: Path | None
    text: str
    papers: list[Paper] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    changed: bool = False
    # Digest of the bytes read from disk: a save refuses to overwrite other changes.
    disk_digest: str | None = None

    def keys(self) -> set[str]:
        return {paper.key for paper in self.papers}

    def get(self, key: str) -> Paper:
        for paper in self.papers:
            if paper.key == key:
                return paper
        lowered = {paper.key.lower(): paper for paper in self.papers}
        if key.lower() in lowered:
            return lowered[key.lower()]
        raise EntryNotFoundError(_not_found_message(key, [paper.key for paper in self.papers]))

    def unique_key(self, key: str, also_taken: set[str] = frozenset()) -> str:
        """`key`, or `key` with the first free suffix a, b, … when it is taken.

        `also_taken` holds lower-case keys reserved elsewhere (e.g. earlier entries
        of the same import).
        """
        return unique_key(key, {existing.lower() for existing in self.keys()} | also_taken)

    def add(self, paper: Paper) -> None:
        """Insert the entry at its sorted place (by key); nothing else moves.

        It goes before the next entry by key (and any `%` comment lines right
        above that entry), or at the end, in the file's own line endings.
        """
        from mibib.bibtex.entry_text import block_start, newline_of, with_blank_line_at_end
        from mibib.bibtex.schema import normalise_tldrs
        from mibib.bibtex.writer import render_entry, verify_entry

        if paper.key.lower() in {key.lower() for key in self.keys()}:
            raise DuplicateEntryError(f"key '{paper.key}' is already in the library")
        if not is_valid_key(paper.key):
            raise MibibError(
                f"'{paper.key}' cannot be a BibTeX key (no spaces, commas, braces, quotes, "
                "#, % or =); choose another key"
            )
        normalise_tldrs(paper)
        newline = newline_of(self.text)
        entry_text = render_entry(paper).replace("\n", newline)
        verify_entry(entry_text, paper)
        new_key = paper.key.lower()
        following = sorted(
            (start, key) for key, (start, _) in self.spans.items() if key.lower() > new_key
        )
        if following:
            floor = max((e for _, e in self.spans.values() if e <= following[0][0]), default=0)
            position = block_start(self.text, following[0][0], floor)
            self._splice(position, position, entry_text + newline * 2, paper.key, len(entry_text))
        else:
            prefix = self.text
            if prefix.strip():
                prefix = with_blank_line_at_end(prefix, newline)
            self.text = prefix
            self._splice(len(prefix), len(prefix), entry_text + newline, paper.key, len(entry_text))
        self.papers.append(paper)
        self.papers.sort(key=lambda item: self.spans[item.key][0])
        self._renumber()

    def define_strings(self, blocks: list[str]) -> None:
        """Insert @string definitions (their text as written) before the first entry."""
        from mibib.bibtex.entry_text import block_start, newline_of

        if not blocks:
            return
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
        self.text = self.text[:position] + text + self.text[position:]
        self.spans = {
            key: (start + len(text), end + len(text)) if start >= position else (start, end)
            for key, (start, end) in self.spans.items()
        }
        self.changed = True
        self._renumber()

    def retag(self, paper: Paper) -> None:
        """Rewrite only mibib's own fields of an existing entry; other fields keep their bytes."""
        from mibib.bibtex.schema import normalise_tldrs, own_fields
        from mibib.bibtex.writer import check_value, replace_own_fields, verify_entry

        current = self.get(paper.key)
        start, end = self.spans[current.key]
        old = self.text[start:end]
        normalise_tldrs(paper)
        for name, value in own_fields(paper):
            check_value(current.key, name, value)
        try:
            new = replace_own_fields(old, own_fields(paper))
        except LibraryFormatError as exc:
            where = f"{self.path or 'library.bib'}:{current.line}"
            raise LibraryFormatError(f"{where}: entry '{current.key}': {exc}") from None
        paper.key = current.key
        verify_entry(new, paper, reference=old)
        for index, existing in enumerate(self.papers):
            if existing.key == current.key:
                self.papers[index] = paper
        if new != old:
            self._splice(start, end, new, current.key, len(new))
        self._renumber()

    def fill_fields(self, key: str, fields: dict[str, str]) -> None:
        """Add fields the entry lacks (e.g. from `import --merge`); every other byte is kept."""
        from mibib.bibtex.schema import spelled
        from mibib.bibtex.writer import add_fields

        paper = self.get(key)
        start, end = self.spans[paper.key]
        old = self.text[start:end]
        new = add_fields(old, [(spelled(name), value) for name, value in fields.items()])
        if new != old:
            self._splice(start, end, new, paper.key, len(new))
            paper.fields.update(fields)
            self._renumber()

    def update_fields(self, key: str, changes: dict[str, str | None]) -> Paper:
        """Set or delete BibTeX fields (lower-case names; None deletes) of one entry.

        Only those fields' text changes; the entry's other lines keep their bytes.
        mibib's own fields are changed with `retag`.
        """
        from mibib.bibtex.entry_text import is_balanced
        from mibib.bibtex.schema import is_tag_field
        from mibib.bibtex.writer import replace_fields, verify_update

        paper = self.get(key)
        for name, value in changes.items():
            if is_tag_field(name):
                raise ValueError(f"{name} is one of mibib's own fields; use retag")
            if value is not None and not is_balanced(value):
                raise LibraryFormatError(
                    f"entry '{paper.key}': the new {name} has unbalanced braces ({value!r})"
                )
        start, end = self.spans[paper.key]
        old = self.text[start:end]
        try:
            new = replace_fields(old, changes)
        except LibraryFormatError as exc:
            where = f"{self.path or 'library.bib'}:{paper.line}"
            raise LibraryFormatError(f"{where}: entry '{paper.key}': {exc}") from None
        if new == old:
            return paper
        fields = dict(paper.fields)
        for name, value in changes.items():
            if value is None:
                fields.pop(name, None)
            else:
                fields[name] = value
        verify_update(new, old, changes)
        self._splice(start, end, new, paper.key, len(new))
        paper.fields = fields
        for name in changes:
            paper.raw.pop(name, None)
        self._renumber()
        return paper

    def remove(self, key: str) -> Paper:
        """Delete the entry's lines and one blank line beside it; other lines stay."""
        from mibib.bibtex.entry_text import entry_lines

        paper = self.get(key)
        start, end = entry_lines(self.text, *self.spans.pop(paper.key))
        text = self.text
        self.text = text[:start] + text[end:]
        delta = start - end
        self.spans = {
            other: (s + delta, e + delta) if s >= end else (s, e)
            for other, (s, e) in self.spans.items()
        }
        self.papers = [item for item in self.papers if item.key != paper.key]
        self.changed = True
        self._renumber()
        return paper

    def _splice(self, start: int, end: int, new: str, key: str, entry_length: int) -> None:
        delta = len(new) - (end - start)
        self.text = self.text[:start] + new + self.text[end:]
        self.spans = {
            other: (s + delta, e + delta) if s >= end and other != key else (s, e)
            for other, (s, e) in self.spans.items()
        }
        self.spans[key] = (start, start + entry_length)
        self.changed = True

    def _renumber(self) -> None:
        # Lines are counted incrementally: one pass over the text, not one per entry.
        line, offset = 1, 0
        for paper in sorted(self.papers, key=lambda item: self.spans[item.key][0]):
            start = self.spans[paper.key][0]
            line += self.text.count("\n", offset, start)
            offset = start
            paper.line = line


def parse_library(text: str, source: str = "library.bib") -> Library:
    """Parse BibTeX text into a Library; every unparsable block is an error with its line."""
    from mibib.bibtex.io import parse_bibtex

    papers, spans = parse_bibtex(text, source)
    return Library(path=None, text=text, papers=papers, spans=spans)


def _not_found_message(key: str, keys: list[str]) -> str:
    from rapidfuzz import process

    best = process.extractOne(key, keys, score_cutoff=70) if keys else None
    hint = f" (did you mean '{best[0]}'?)" if best else " (see `mibib list`)"
    return f"no entry with key '{key}'{hint}"
