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

import bisect
import contextlib
import hashlib
import itertools
import os
import pickle
import sys
from array import array
from pathlib import Path

from mibib import __version__
from mibib.collector import paused
from mibib.model import Paper
from mibib.storage.table import Table

_FORMAT = 8
# The delta is folded into the base once it holds this share of the entries.
_DELTA_SHARE = 0.2
_CHUNK = 5000  # entries per pickle in the base
# An entry of a piece: the paper, its span and line relative to the piece's start.
Stored = tuple[Paper, int, int, int]
Spans = dict[str, tuple[int, int]]


def cache_dir() -> Path:
    """MIBIB_CACHE_DIR, else the platform's user cache folder for mibib."""
    configured = os.environ.get("MIBIB_CACHE_DIR")
    if configured:
        return Path(configured)
    if sys.platform.startswith("linux"):  # what platformdirs answers, without its import time
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return Path(base) / "mibib"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mibib", appauthor=False))


def enabled() -> bool:
    return os.environ.get("MIBIB_NO_CACHE", "") in ("", "0")


def load_derived(path: Path, digest: str, name: str) -> dict | None:
    """What save_derived stored under `name` for the file's bytes with this digest, else None.

    For results a command derives from the whole library at a cost (the clean
    BibTeX of every entry, say): the next run on the same bytes reads them back."""
    if not enabled():
        return None
    stored = _read_pickle(_derived_file(path, name))
    try:
        if stored["stamp"] == (*_stamp(), digest) and isinstance(stored["value"], dict):
            return stored["value"]
    except Exception:  # missing, or not of this format: only costs the work again
        pass
    return None


def save_derived(path: Path, digest: str, name: str, value: dict) -> None:
    if enabled():
        _write_pickle(_derived_file(path, name), {"stamp": (*_stamp(), digest), "value": value})


def load_kept(path: Path, name: str):
    """What save_kept stored under `name` for this library file, whatever its bytes were
    then (the value says what it was derived from), else None."""
    if not enabled():
        return None
    stored = _read_pickle(_derived_file(path, name))
    try:
        return stored["value"] if stored["stamp"] == _stamp() else None
    except Exception:  # missing, or not of this format: only costs the work again
        return None


def save_kept(path: Path, name: str, value) -> None:
    if enabled():
        _write_pickle(_derived_file(path, name), {"stamp": _stamp(), "value": value})


def _derived_file(path: Path, name: str) -> Path:
    key = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:20]
    return cache_dir() / "libraries" / f"{key}.derived-{name}.pickle"


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
        return self._parse_table(table, _Texts(data, table), middle_pieces)

    def parse(self, text: str, digest: str, blocks: list[bytes], source: str, bom: int = 0):
        """(papers, spans) of the text (which starts `bom` bytes into the file), reusing
        every stored piece; only new pieces reach bibtexparser. Raises LibraryFormatError
        (with every problem and its line) as a full parse would."""
        from mibib.bibtex.io import parse_bibtex
        from mibib.bibtex.pieces import scan_pieces

        scan = scan_pieces(text)
        table = Table.scanned(scan, bom=bom)
        table.digest, table.blocks, table.strings = digest, blocks, _strings_digest(scan)
        found = self._parse_table(table, _Texts(text, table))
        if found is not None:
            return found
        papers, spans = parse_bibtex(text, source)  # raises when the file has a problem
        self._remember(table, papers, spans)
        return papers, spans

    def save(self, chunks, digest: str, blocks: list[bytes], papers, spans: Spans) -> None:
        """Store the file as written (its text, or the chunks of it): its Table, and the
        entries of its pieces the base lacks, from the entries in memory."""
        from mibib.bibtex.pieces import scan_pieces

        scan = scan_pieces(chunks)
        table = Table.scanned(scan)
        table.digest, table.blocks, table.strings = digest, blocks, _strings_digest(scan)
        self._remember(table, papers, spans)

    def entry_digests(self, digest: str, papers: list[Paper], spans: Spans) -> list | None:
        """Per paper, the digest of the piece its text lies in and of the @string pieces:
        all that what it reads as depends on. None unless the store holds the file with
        this digest (as after a load, parse or save of it)."""
        table = self.table
        if table is None or table.digest != digest:
            return None
        digests = table.piece_digests()
        return [digests[table.piece_at(spans[paper.key][0])] + table.strings for paper in papers]

    # --- reading what is new ----------------------------------------------------------------

    def _parse_table(self, table: Table, texts: "_Texts", fresh=None):
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
        """The entries of the file `table` describes, with their spans and lines. Pieces
        in a row that are pieces in a row of the base are the same text (same digests),
        so their entries come from the base at once, shifted alike; the spans start as a
        copy of the base's, and only what moved or changed is set again.

        Entries that come from the base are the base's objects: a ParseCache gives them
        out once (a load, parse or update), lines and all."""
        if table is self.base:
            return list(self.base_papers), dict(self.base_spans)
        base, firsts = self.base, self._entry_firsts()
        papers: list[Paper] = []
        spans = dict(self.base_spans)
        new: list[tuple[Paper, int, int]] = []  # entries from the store, set after the rest
        unused = bytearray(b"\x01") * (len(base) if base else 0)  # base pieces not in the file now
        sources, starts, lines = table.sources, table.starts, table.lines
        number, count = 0, len(table)
        while number < count:
            source = sources[number]
            if source < 0:
                start, line = starts[number], lines[number]
                for paper, begin, end, offset in store[table.piece_digest(number)]:
                    paper.line = line + offset
                    papers.append(paper)
                    new.append((paper, start + begin, start + end))
                number += 1
                continue
            last = number + 1
            while last < count and sources[last] == sources[last - 1] + 1:
                last += 1
            final = sources[last - 1]
            unused[source : final + 1] = bytes(final + 1 - source)
            run = self.base_papers[firsts[source] : firsts[final + 1]]
            papers += run
            shift = starts[number] - base.starts[source]
            moved = lines[number] - base.lines[source]
            if shift or moved:
                for paper in run:
                    begin, end = spans[paper.key]
                    spans[paper.key] = (begin + shift, end + shift)
                    paper.line += moved
            number = last
        for piece in itertools.compress(itertools.count(), unused):  # entries no longer there
            for paper in self.base_papers[firsts[piece] : firsts[piece + 1]]:
                del spans[paper.key]
        for paper, begin, end in new:
            spans[paper.key] = (begin, end)
        return papers, spans

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
            found = _stored_in_table(table, outside, papers, spans)
            store = {digests[number]: found[number] for number in outside}
        keys = [table.piece_digest(number) for number in outside]
        entries = sum(len(store[key]) for key in keys)
        if index and entries <= _DELTA_SHARE * len(papers):
            if not pointed:
                self._point(table, index, store, range(len(table)))
            self.delta, self.store = table, {key: store[key] for key in keys}
            self._write_delta()
        else:
            self._write_base(table, _stored_in_table(table, range(len(table)), papers, spans))

    # --- files ------------------------------------------------------------------------------

    def _read(self) -> None:
        base = _read_pickle(self._file("base"), more=lambda header: header["chunks"])
        try:
            header, chunks = base
            if header["stamp"] != _stamp():
                return
            table, spans = Table.from_state(header["table"]), header["spans"]
            papers = [paper for chunk in chunks for paper in chunk]
            if not len(papers) == sum(table.counts) == len(spans):
                return
        except Exception:  # missing, or not a base of this format: only costs a parse
            return
        self.token, self.base = header["token"], table
        self.base_papers, self.base_spans = papers, spans
        delta = _read_pickle(self._file("delta"))
        with contextlib.suppress(Exception):
            if delta["stamp"] == _stamp() and delta["base"] == self.token:
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
        _decode(papers)
        _decode_facts(papers)
        table.sources = array("q", range(len(table)))
        table.counts = array("q", [len(stored[number]) for number in range(len(table))])
        self.token = os.urandom(8).hex()
        self.base, self.base_papers, self.base_spans = table, papers, spans
        self.delta, self.store, self._firsts, self._index = None, {}, None, None
        chunks = [papers[start : start + _CHUNK] for start in range(0, len(papers), _CHUNK)]
        header = {
            "stamp": _stamp(),
            "token": self.token,
            "chunks": len(chunks),
            "table": table.state(),
            "spans": spans,
        }
        _write_pickle(self._file("base"), header, *chunks)
        with contextlib.suppress(OSError):
            self._file("delta").unlink()

    def _write_delta(self) -> None:
        _decode(paper for entries in self.store.values() for paper, *_ in entries)
        state = {"stamp": _stamp(), "base": self.token, "table": self.delta.state()}
        _write_pickle(self._file("delta"), {**state, "store": self.store})

    def _file(self, kind: str) -> Path:
        name = hashlib.sha1(str(self.path.resolve()).encode()).hexdigest()[:20]
        return cache_dir() / "libraries" / f"{name}.{kind}.pickle"


BOM = b"\xef\xbb\xbf"


class _Texts:
    """A file's text (or its bytes as read), and the parse of some of its pieces."""

    def __init__(self, source: str | bytes, table: Table) -> None:
        self.source, self.table = source, table

    def parse(self, numbers: list[int], data_keys: list) -> dict[int, tuple[Stored, ...]]:
        """The entries of these pieces (by piece number), spans and lines relative to the
        piece; read with the @string pieces, as in the whole file. From the text, pieces
        are read where they lie (a large file is not copied); from the bytes, only the
        pieces asked for are decoded, end to end."""
        from mibib.bibtex.io import parse_pieces
        from mibib.bibtex.pieces import Piece

        if not numbers:
            return {}
        table, context = self.table, self.table.string_pieces()
        if isinstance(self.source, str):
            text = self.source
            pieces = {
                number: Piece(table.start(number), table.start(number + 1), table.lines[number])
                for number in {*numbers, *context}
            }
        else:
            texts, pieces, offset = [], {}, 0
            for number in sorted({*numbers, *context}):
                data = self.source[table.byte_start(number) : table.byte_start(number + 1)]
                texts.append(data.decode())
                pieces[number] = Piece(offset, offset + len(texts[-1]), table.lines[number])
                offset += len(texts[-1])
            text = "".join(texts)
        wanted = [pieces[number] for number in numbers]
        found = parse_pieces(text, wanted, [pieces[n] for n in context], data_keys)
        by_start = _stored_in_pieces(wanted, *found)
        return {number: by_start[pieces[number].start] for number in numbers}


def _strings_digest(scan) -> bytes:
    """A digest of the @string pieces: stored entries hold values their macros gave."""
    return hashlib.sha1("\0".join(scan.strings).encode("utf-8", "surrogatepass")).digest()


def _decode(papers) -> None:
    """Compute what every command derives from an entry (decoded title and authors, ids)
    before storing it, so a load finds them."""
    for paper in papers:
        paper.decode()


def _decode_facts(papers) -> None:
    """The identity facts `check` compares, for the base: computed for the few entries of
    a delta when checked (they need rapidfuzz, which most commands never import)."""
    from mibib.identity.same import facts

    for paper in papers:
        facts(paper)


def _stored_in_pieces(pieces, papers: list[Paper], spans: Spans) -> dict[int, tuple[Stored, ...]]:
    """Each piece's entries (by the piece's start), spans and lines relative to the piece."""
    starts = [piece.start for piece in pieces]
    grouped: dict[int, list[Stored]] = {piece.start: [] for piece in pieces}
    for paper in papers:
        start, end = spans[paper.key]
        piece = pieces[bisect.bisect_right(starts, start) - 1]
        grouped[piece.start].append(
            (paper, start - piece.start, end - piece.start, paper.line - piece.line)
        )
    return {start: tuple(entries) for start, entries in grouped.items()}


def _stored_in_table(table: Table, numbers, papers, spans: Spans) -> dict[int, tuple]:
    """The entries of the table's pieces `numbers` (by number), relative to the piece."""
    grouped: dict[int, list[Stored]] = {number: [] for number in numbers}
    for paper in papers:
        start, end = spans[paper.key]
        number = table.piece_at(start)
        if number in grouped:
            at, line = table.starts[number], table.lines[number]
            grouped[number].append((paper, start - at, end - at, paper.line - line))
    return {number: tuple(entries) for number, entries in grouped.items()}


def _stamp() -> tuple:
    return (_FORMAT, __version__)


def _read_pickle(path: Path, more=None):
    """The object pickled in the file, or None; with `more(first)`, (first, [the objects
    pickled after it])."""
    try:
        with open(path, "rb") as handle, paused():
            first = pickle.load(handle)
            if more is None:
                return first
            return first, [pickle.load(handle) for _ in range(more(first))]
    except Exception:  # missing, truncated, corrupt, or from another version: rebuild
        return None


def _write_pickle(path: Path, *objects) -> None:
    """Pickle the objects one after the other (each with its own memo: pickling 100k
    entries at once would hold a table of every object written). Failures only cost
    speed, so they are ignored."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with open(temp, "wb") as handle:
                for data in objects:
                    pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
