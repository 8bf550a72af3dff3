"""A parse cache of library files in the user cache folder, kept per entry block.

The text is cut where bibtexparser starts a block at the start of a line (one entry per
piece in a usual file; bibtex.pieces.split_pieces), and each piece's entries are stored under
a SHA-1 of the piece's text. A load reuses every piece it has seen and gives only new
ones to bibtexparser: the first command after an edit — made by mibib or by hand in an
editor — parses the changed entry, not the library. Pieces mibib writes are stored as
written, from the entries in memory.

Two files per library: the base (every piece of the file at its last full write) and a
small delta (pieces parsed since, and the layout of the file as it is now), so a small
edit rewrites the delta only; the base is rewritten once the delta grows. Never trusted
when stale: a layout is used only for the exact bytes it was made from (SHA-256), stored
pieces only with the same @string definitions and the same mibib version. A corrupt or
foreign file only costs a parse. Set MIBIB_CACHE_DIR to move it, MIBIB_NO_CACHE=1 to
turn it off.

Why hash the content instead of trusting size and mtime: SHA-256 runs at about 1.5 GB/s
here, about 12 ms for a 17 MB library of 10,000 entries, while mtime can miss an edit
(coarse clocks, tools that restore timestamps, same-size rewrites). Papers are stored
with their decoded titles, authors and ids (`Paper.decode`), so a hit needs neither
bibtexparser nor pylatexenc.
"""

import contextlib
import hashlib
import itertools
import os
from array import array
from bisect import bisect_right
from pathlib import Path

from mibib.model import Paper
from mibib.storage.cache_files import cache_dir, read_pickle, stamp, write_pickle
from mibib.storage.stored import (
    PieceTexts,
    Spans,
    Stored,
    assemble,
    decode_facts,
    decode_papers,
    stored_in_table,
    strings_digest,
)
from mibib.storage.table import Table

# The delta is folded into the base once it holds this share of the entries.
_DELTA_SHARE = 0.2
_CHUNK = 5000  # entries per pickle in the base


class ParseCache:
    """The stored pieces of one library file: what a load reuses, and what a save adds.

    The base holds the entries of the file at its last full write, as a load returns
    them (their spans and lines as columns), and its Table: an unchanged file costs one
    unpickling. The delta holds the Table of the file as it is now, whose pieces point
    at the base's, and the entries of the pieces the base lacks (`store`, by digest).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.token = ""  # names the base a delta belongs to
        self.base: Table | None = None
        self.base_papers: list[Paper] = []
        self.base_spans: Spans = {}
        self.delta: Table | None = None
        self.store: dict[bytes, tuple[Stored, ...]] = {}
        self._firsts: list[int] | None = None
        self._index: dict[bytes, int] | None = None
        # Files to write once the caller has let go of the text (see `parse`).
        self._unwritten: list | None = None
        self._read()

    @property
    def table(self) -> Table | None:
        """The Table of the file as last read or written."""
        return self.delta or self.base

    def load(self, digest: str) -> tuple[list[Paper], Spans] | None:
        """(papers, spans) of the file whose bytes have this digest, without parsing;
        None when the cache has not seen these bytes."""
        table = self.table
        if table is None or table.digest != digest:
            return None
        return self._assemble(table, self.store)

    def update(self, data: bytes, blocks: list[bytes], digest: str, source: str):
        """(papers, spans) of the file as `data` holds it, reading only the pieces around
        the bytes that changed since it was last read or written (the others are the same
        text, shifted); None when that cannot be told safely: the caller then decodes and
        parses the file (`parse`)."""
        from mibib.bibtex.pieces import STRINGS, scan_pieces

        old = self.table
        found = old.changed_pieces(data, blocks) if old is not None else None
        if found is None or data.startswith(BOM):
            return None
        first, end = found
        if any(kind & STRINGS for kind in old.kinds[first:end]):
            return None  # the @string definitions may change what every value says
        try:
            middle = data[old.byte_start(first) : old.byte_start(end) + len(data) - old.size]
            text = middle.decode("utf-8")
        except UnicodeDecodeError:
            return None  # decode_bibtex names the line
        scan = scan_pieces(text)
        if "\x00" in text or any(kind & STRINGS for kind in scan.kinds):
            return None
        table = old.spliced(first, end, Table.scanned(scan, at=old, first=first))
        table.digest, table.blocks, table.strings = digest, blocks, old.strings
        middle_pieces = range(first, first + len(scan))  # the others are pieces of `old`
        return self._parse_table(table, PieceTexts(data, table), middle_pieces)

    def parse(self, text: str, digest: str, blocks: list[bytes], source: str, bom: int = 0):
        """(papers, spans) of the text (which starts `bom` bytes into the file), reusing
        every stored piece; only new pieces reach bibtexparser. Raises LibraryFormatError
        (with every problem and its line) as a full parse would. The store's files are
        written by `write`, once the caller has let go of the text: a large library's
        text need not be in memory while its entries are pickled."""
        from mibib.bibtex.io import parse_bibtex
        from mibib.bibtex.pieces import scan_pieces

        self.hold()
        scan = scan_pieces(text)
        table = Table.scanned(scan, bom=bom)
        table.digest, table.blocks, table.strings = digest, blocks, strings_digest(scan)
        found = self._parse_table(table, PieceTexts(text, table))
        if found is not None:
            return found
        papers, spans = parse_bibtex(text, source)  # raises when the file has a problem
        self._remember(table, papers, spans)
        return papers, spans

    def hold(self) -> None:
        """Leave the files the next changes write to `write`: the caller may first let go
        of what they were made from."""
        self._unwritten = []

    def write(self) -> None:
        """Write the files left unwritten since `hold` (which `parse` calls)."""
        unwritten, self._unwritten = self._unwritten or [], None
        for write in unwritten:
            write()

    def save(self, chunks, digest: str, blocks: list[bytes], papers, spans: Spans) -> None:
        """Store the file as written (its text, or the chunks of it): its Table, and the
        entries of its pieces the base lacks, from the entries in memory."""
        from mibib.bibtex.pieces import scan_pieces

        scan = scan_pieces(chunks)
        table = Table.scanned(scan)
        table.digest, table.blocks, table.strings = digest, blocks, strings_digest(scan)
        self._remember(table, papers, spans)

    def entry_digests(self, digest: str, papers: list[Paper], spans: Spans) -> list | None:
        """Per paper, the digest of the piece its text lies in and of the @string pieces:
        all that what it reads as depends on. None unless the store holds the file with
        this digest (as after a load, parse or save of it)."""
        table = self.table
        if table is None or table.digest != digest:
            return None
        marks = [digest + table.strings for digest in table.piece_digests()]  # one per piece
        starts = table.starts  # piece_at, without a call per entry
        return [marks[bisect_right(starts, spans[paper.key][0]) - 1] for paper in papers]

    # --- reading what is new ----------------------------------------------------------------

    def _parse_table(self, table: Table, texts: "PieceTexts", fresh=None):
        """(papers, spans) of the file `table` describes: each piece's entries from the
        store where known (read with the same @string definitions), else from a parse of
        its text, as are the pieces that may hold data blocks (their keys must not be
        used twice). `fresh`: the pieces that may be new (the others already point at
        their entries); all when None. None when the pieces cannot be read apart or a
        key is used twice: a full parse names the problem."""
        from mibib.bibtex.io import distinct_keys
        from mibib.bibtex.pieces import DATA

        index, store = self._known(table)
        fresh = range(len(table)) if fresh is None else fresh
        data = table.pieces_of(DATA)
        digests = [(number, table.piece_digest(number)) for number in fresh]
        unknown = [number for number, key in digests if key not in index and key not in store]
        missing = sorted({*unknown, *data})
        data_keys: list[str] = []
        try:
            new = texts.parse(missing, data_keys)
        except Exception:  # a problem: the full parse names it (and every other) with lines
            return None
        store = {**store, **{table.piece_digest(number): new[number] for number in new}}
        self._point(table, index, store, sorted({*fresh, *data}))
        papers, spans = self._assemble(table, store)
        if not distinct_keys(papers, spans, data_keys):
            return None
        self._remember(table, papers, spans, store, pointed=True)
        return papers, spans

    def _known(self, table: Table) -> tuple[dict[bytes, int], dict]:
        """The base's pieces by digest, and the delta's entries by digest, that hold for
        the file `table` describes (read with the same @string definitions)."""
        if self.base is None or table.strings != self.base.strings:
            return {}, {}
        if self._index is None:
            self._index = {key: number for number, key in enumerate(self.base.piece_digests())}
        return self._index, self.store

    def _point(self, table: Table, index: dict[bytes, int], store: dict, numbers) -> None:
        """Set where these pieces' entries are: the base's piece, else the store (-1)."""
        counts = self.base.counts if self.base is not None else ()
        for number in numbers:
            key = table.piece_digest(number)
            found = index.get(key)
            table.sources[number] = -1 if found is None else found
            table.counts[number] = len(store[key]) if found is None else counts[found]

    def _assemble(self, table: Table, store: dict) -> tuple[list[Paper], Spans]:
        """The entries of the file `table` describes (see stored.assemble)."""
        if table is self.base:
            return list(self.base_papers), dict(self.base_spans)
        return assemble(
            table, store, self.base, self.base_papers, self.base_spans, self._entry_firsts()
        )

    def _entry_firsts(self) -> list[int]:
        """The number of the first base entry of each base piece (and the count after)."""
        if self._firsts is None:
            counts = self.base.counts if self.base is not None else []
            self._firsts = list(itertools.accumulate(counts, initial=0))
        return self._firsts

    # --- storing --------------------------------------------------------------------------

    def _remember(self, table: Table, papers, spans: Spans, store=None, pointed=False) -> None:
        """Make the store hold the file `table` describes, and write it out: a delta when
        the base holds most of its entries (read with the same @string definitions), else
        a new base. `store`: the entries of the pieces the base lacks, when the caller
        has them (else they are found from `papers` and `spans`); `pointed`: whether
        the table's sources are set already."""
        index, _ = self._known(table)
        if pointed:
            outside = [number for number, source in enumerate(table.sources) if source < 0]
        else:
            digests = table.piece_digests()
            outside = [number for number, key in enumerate(digests) if key not in index]
            found = stored_in_table(table, outside, papers, spans)
            store = {digests[number]: found[number] for number in outside}
        keys = [table.piece_digest(number) for number in outside]
        entries = sum(len(store[key]) for key in keys)
        if index and entries <= _DELTA_SHARE * len(papers):
            if not pointed:
                self._point(table, index, store, range(len(table)))
            self.delta, self.store = table, {key: store[key] for key in keys}
            self._write_delta()
        else:
            self._write_base(table, stored_in_table(table, range(len(table)), papers, spans))

    # --- files ------------------------------------------------------------------------------

    def _read(self) -> None:
        base = read_pickle(self._file("base"), more=lambda header: header["chunks"])
        try:
            header, chunks = base
            if header["stamp"] != stamp():
                return
            table, spans = Table.from_state(header["table"]), header["spans"]
            papers = [paper for chunk in chunks for paper in chunk]
            if not len(papers) == sum(table.counts) == len(spans):
                return
        except Exception:  # missing, or not a base of this format: only costs a parse
            return
        self.token, self.base = header["token"], table
        self.base_papers, self.base_spans = papers, spans
        delta = read_pickle(self._file("delta"))
        with contextlib.suppress(Exception):
            if delta["stamp"] == stamp() and delta["base"] == self.token:
                table, store = Table.from_state(delta["table"]), dict(delta["store"])
                pointed = [table.piece_digest(n) for n, at in enumerate(table.sources) if at < 0]
                if all(key in store for key in pointed):
                    self.delta, self.store = table, store

    def _write_base(self, table: Table, stored: dict[int, tuple[Stored, ...]]) -> None:
        papers, spans = [], {}
        for number in range(len(table)):
            start, line = table.starts[number], table.lines[number]
            for paper, begin, end, offset in stored[number]:
                paper.line = line + offset
                papers.append(paper)
                spans[paper.key] = (start + begin, start + end)
        table.sources = array("q", range(len(table)))
        table.counts = array("q", [len(stored[number]) for number in range(len(table))])
        self.token = os.urandom(8).hex()
        self.base, self.base_papers, self.base_spans = table, papers, spans
        self.delta, self.store, self._firsts, self._index = None, {}, None, None
        chunks = [papers[start : start + _CHUNK] for start in range(0, len(papers), _CHUNK)]
        header = {
            "stamp": stamp(),
            "token": self.token,
            "chunks": len(chunks),
            "table": table.state(),
            "spans": spans,
        }
        self._put(self._file("base"), header, *chunks, ready=lambda: _decode(papers))
        self._put(self._file("delta"), None)

    def _put(self, path: Path, *objects, ready=None) -> None:
        """Write the objects to the file (remove it, for None), now or at `write`;
        `ready` first (the decoding of what is stored)."""
        if self._unwritten is not None:
            self._unwritten.append(lambda: self._put_now(path, objects, ready))
        else:
            self._put_now(path, objects, ready)

    @staticmethod
    def _put_now(path: Path, objects: tuple, ready=None) -> None:
        if ready is not None:
            ready()
        if objects == (None,):
            with contextlib.suppress(OSError):
                path.unlink()
        else:
            write_pickle(path, *objects)

    def _write_delta(self) -> None:
        papers = [paper for entries in self.store.values() for paper, *_ in entries]
        state = {"stamp": stamp(), "base": self.token, "table": self.delta.state()}
        self._put(
            self._file("delta"), {**state, "store": self.store}, ready=lambda: decode_papers(papers)
        )

    def _file(self, kind: str) -> Path:
        name = hashlib.sha1(str(self.path.resolve()).encode()).hexdigest()[:20]
        return cache_dir() / "libraries" / f"{name}.{kind}.pickle"


def _decode(papers: list[Paper]) -> None:
    """Work out what the store keeps decoded (Paper.decode, identity facts)."""
    decode_papers(papers)
    decode_facts(papers)


BOM = b"\xef\xbb\xbf"
