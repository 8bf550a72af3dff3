"""A parse cache of library files in the user cache folder, kept per entry block.

The text is cut where bibtexparser starts a block at the start of a line (one entry per
piece in a usual file; bibtex.io.split_pieces), and each piece's entries are stored under
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
import os
import pickle
import sys
from pathlib import Path

from mibib import __version__
from mibib.collector import paused
from mibib.model import Paper

_FORMAT = 7
# The delta is folded into the base once it holds this share of the entries.
_DELTA_SHARE = 0.2
_DIGEST_SIZE = 20  # SHA-1
_CHUNK = 5000  # entries per pickle in the base
# An entry of a piece: the paper, its span and line relative to the piece's start.
Stored = tuple[Paper, int, int, int]
Spans = dict[str, tuple[int, int]]


# The file's pieces in order, as (file digest, [(piece digest, start, line), ...]).
Layout = tuple[str, list[tuple[bytes, int, int]]]


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

    The base holds the papers and spans of the file at its last full write, as a load
    returns them, and a compact table of its pieces (digests, starts, lines, entry
    counts): an unchanged file costs one unpickling. The delta holds the entries of the
    pieces the base lacks, and the layout of the file as it is now.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.token = ""  # names the base a delta belongs to
        self.strings: bytes | None = None  # digest of the @string pieces the store was read with
        self.base_digest = ""
        self.base_papers: list[Paper] = []
        self.base_spans: Spans = {}
        self._base_table: tuple = (b"", b"", b"", b"")  # as stored: see _table()
        self._base_pieces: dict[bytes, int] | None = None
        self.delta: dict[bytes, tuple[Stored, ...]] = {}
        self.layout: Layout | None = None  # the delta's
        self._read()

    def load(self, digest: str) -> tuple[list[Paper], Spans] | None:
        """(papers, spans) of the file whose bytes have this SHA-256, without parsing;
        None when the cache has not seen these bytes."""
        if self.layout is not None and self.layout[0] == digest:
            found = [self._stored(piece) for piece, _, _ in self.layout[1]]
            if None in found:
                return None
            papers: list[Paper] = []
            spans: Spans = {}
            for (_, start, line), stored in zip(self.layout[1], found, strict=True):
                for paper, first, last, offset in stored:
                    paper.line = line + offset
                    papers.append(paper)
                    spans[paper.key] = (start + first, start + last)
            return papers, spans
        if self.base_digest == digest:
            return list(self.base_papers), dict(self.base_spans)
        return None

    def parse(self, text: str, digest: str, source: str) -> tuple[list[Paper], Spans]:
        """Parse the text, reusing every stored piece; only new pieces reach bibtexparser.
        Raises LibraryFormatError (with every problem and its line) as a full parse would."""
        from mibib.bibtex.io import (
            data_pieces,
            distinct_keys,
            parse_pieces,
            split_pieces,
            string_pieces,
        )

        pieces = split_pieces(text)
        digests = [_digest_of(text, piece.start, piece.end) for piece in pieces]
        context = string_pieces(text, pieces)
        strings = _strings_digest(text, context)
        reuse = strings == self.strings
        in_base = self._base_index() if reuse else {}
        delta = self.delta if reuse else {}
        # The pieces that may hold @xdata/@set blocks are read every time: their keys
        # are not stored, and one of them must not be used twice.
        data = {piece.start for piece in data_pieces(text, pieces)}
        unknown = [
            (piece, key)
            for piece, key in zip(pieces, digests, strict=True)
            if (key not in delta and key not in in_base) or piece.start in data
        ]
        missing = [piece for piece, _ in unknown]
        data_keys: list[str] = []
        try:
            found, found_spans = (
                parse_pieces(text, missing, context, data_keys) if missing else ([], {})
            )
        except Exception:  # a problem: the full parse names it (and every other) with lines
            found = None
        if found is not None:
            new = _stored_by_piece(missing, found, found_spans)
            papers: list[Paper] = []
            spans: Spans = {}
            _, starts, lines, counts = self._table()
            firsts = self._firsts if in_base else []
            for piece, key in zip(pieces, digests, strict=True):
                stored = new.get(piece.start) or delta.get(key)
                if stored is None and key in in_base:  # shift the base's entries in place
                    number = in_base[key]
                    shift, moved = piece.start - starts[number], piece.line - lines[number]
                    first = firsts[number]
                    for paper in self.base_papers[first : first + counts[number]]:
                        begin, end = self.base_spans[paper.key]
                        paper.line += moved
                        papers.append(paper)
                        spans[paper.key] = (begin + shift, end + shift)
                    continue
                for paper, first, last, offset in stored or ():
                    paper.line = piece.line + offset
                    papers.append(paper)
                    spans[paper.key] = (piece.start + first, piece.start + last)
            if distinct_keys(papers, spans, data_keys):  # else the full parse names it
                known = {**delta, **{key: new[piece.start] for piece, key in unknown}}
                self._remember(digest, pieces, digests, strings, papers, spans, known)
                return papers, spans
        from mibib.bibtex.io import parse_bibtex

        papers, spans = parse_bibtex(text, source)  # raises when the file has a problem
        self._remember(digest, pieces, digests, strings, papers, spans)
        return papers, spans

    def save(self, text: str, digest: str, papers: list[Paper], spans: Spans) -> None:
        """Store the file as written: its layout, and the entries of pieces not yet stored."""
        from mibib.bibtex.io import split_pieces, string_pieces

        pieces = split_pieces(text)
        digests = [_digest_of(text, piece.start, piece.end) for piece in pieces]
        strings = _strings_digest(text, string_pieces(text, pieces))
        self._remember(digest, pieces, digests, strings, papers, spans)

    def _remember(self, digest, pieces, digests, strings, papers, spans, known=None) -> None:
        """Make the store match the file just read or written, and write it out.

        `known`: the entries of every piece the base lacks, when the caller has them
        (else they are found from `papers` and `spans`)."""
        if strings != self.strings:
            self.base_digest, self.strings, self._base_pieces = "", strings, {}
            known = None
        in_base = self._base_index()
        layout = [
            (key, piece.start, piece.line) for piece, key in zip(pieces, digests, strict=True)
        ]
        outside = [(key, start) for key, start, _ in layout if key not in in_base]
        if known is None or any(key not in known for key, _ in outside):
            stored = _stored_by_piece(pieces, papers, spans)
            known = {key: stored[start] for key, start in outside}
        else:
            stored = None
        new = {key: known[key] for key, _ in outside}
        if self.base_digest and sum(map(len, new.values())) <= _DELTA_SHARE * len(papers):
            self.delta, self.layout = new, (digest, layout)
            self._write_delta()
        else:
            stored = stored or _stored_by_piece(pieces, papers, spans)
            self._write_base(digest, layout, stored, spans)

    def entry_digests(self, digest: str, papers: list[Paper], spans: Spans) -> list | None:
        """Per paper, the digest of the piece its text lies in and of the @string pieces:
        all that what it reads as depends on. None unless the store holds the file with
        this digest (as after a load, parse or save of it)."""
        import bisect

        if self.layout is not None and self.layout[0] == digest:
            digests = [key for key, _, _ in self.layout[1]]
            starts = [start for _, start, _ in self.layout[1]]
        elif self.base_digest and self.base_digest == digest:
            blob, starts, _, _ = self._table()
            digests = [blob[at : at + _DIGEST_SIZE] for at in range(0, len(blob), _DIGEST_SIZE)]
        else:
            return None
        strings = self.strings or b""
        return [
            digests[bisect.bisect_right(starts, spans[paper.key][0]) - 1] + strings
            for paper in papers
        ]

    def _stored(self, piece: bytes) -> tuple[Stored, ...] | None:
        """The entries of a piece seen before, spans and lines relative to it; else None."""
        stored = self.delta.get(piece)
        if stored is not None:
            return stored
        number = self._base_index().get(piece)
        if number is None:
            return None
        _, starts, lines, counts = self._table()
        start, line = starts[number], lines[number]
        first = self._firsts[number]
        entries = []
        for paper in self.base_papers[first : first + counts[number]]:
            begin, end = self.base_spans[paper.key]
            entries.append((paper, begin - start, end - start, paper.line - line))
        return tuple(entries)

    def _base_index(self) -> dict[bytes, int]:
        """The base's pieces by digest (each piece's number), built when first needed."""
        if self._base_pieces is None:
            import itertools

            blob, _, _, counts = self._table()
            self._base_pieces = {
                blob[offset : offset + _DIGEST_SIZE]: number
                for number, offset in enumerate(range(0, len(blob), _DIGEST_SIZE))
            }
            self._firsts = list(itertools.accumulate(counts, initial=0))
        return self._base_pieces

    def _table(self) -> tuple:
        """The base's pieces in file order: their digests end to end, and per piece its
        start, first line and number of entries (stored as bytes: a load that needs
        none of them, an unchanged file's, does not unpack them)."""
        table = self._base_table
        if isinstance(table[1], bytes):
            from array import array

            numbers = [array("q") for _ in range(3)]
            for column, raw in zip(numbers, table[1:], strict=True):
                column.frombytes(raw)
            self._base_table = table = (table[0], *numbers)
        return table

    # --- files ------------------------------------------------------------------------------

    def _read(self) -> None:
        base = _read_pickle(self._file("base"), more=lambda header: header["chunks"])
        try:
            if base[0]["stamp"] != _stamp():
                return
            header, chunks = base
            token, strings, digest = header["token"], header["strings"], header["digest"]
            spans, table = header["spans"], tuple(header["table"])
            papers = [paper for chunk in chunks for paper in chunk]
            if len(table) != 4 or not all(isinstance(part, bytes) for part in table):
                return
        except Exception:  # missing, or not a base of this format: only costs a parse
            return
        self.token, self.strings, self.base_digest = token, strings, digest
        self.base_papers, self.base_spans, self._base_table = papers, spans, table
        delta = _read_pickle(self._file("delta"))
        with contextlib.suppress(Exception):
            if delta["stamp"] == _stamp() and delta["base"] == self.token:
                digest, pieces = delta["layout"]
                self.delta, self.layout = dict(delta["pieces"]), (digest, list(pieces))

    def _write_base(self, digest: str, layout: list, stored: dict, spans: Spans) -> None:
        papers = [paper for _, start, _ in layout for paper, *_ in stored[start]]
        _decode(papers)
        self.token = os.urandom(8).hex()
        self.base_digest, self.base_papers = digest, papers
        self.base_spans = {paper.key: spans[paper.key] for paper in papers}
        from array import array

        self._base_table = (
            b"".join(key for key, _, _ in layout),
            array("q", (start for _, start, _ in layout)),
            array("q", (line for _, _, line in layout)),
            array("q", (len(stored[start]) for _, start, _ in layout)),
        )
        self._base_pieces, self.delta, self.layout = None, {}, None
        chunks = [papers[start : start + _CHUNK] for start in range(0, len(papers), _CHUNK)]
        header = {
            "stamp": _stamp(),
            "token": self.token,
            "strings": self.strings,
            "digest": digest,
            "chunks": len(chunks),
            "spans": self.base_spans,
            "table": tuple(
                part if isinstance(part, bytes) else part.tobytes() for part in self._base_table
            ),
        }
        _write_pickle(self._file("base"), header, *chunks)
        with contextlib.suppress(OSError):
            self._file("delta").unlink()

    def _write_delta(self) -> None:
        _decode(paper for entries in self.delta.values() for paper, *_ in entries)
        _write_pickle(
            self._file("delta"),
            {"stamp": _stamp(), "base": self.token, "pieces": self.delta, "layout": self.layout},
        )

    def _file(self, kind: str) -> Path:
        name = hashlib.sha1(str(self.path.resolve()).encode()).hexdigest()[:20]
        return cache_dir() / "libraries" / f"{name}.{kind}.pickle"


def _decode(papers) -> None:
    """Compute what every command derives from an entry (decoded title and authors, ids,
    the identity facts `check` compares) before storing it, so a load finds them."""
    from mibib.identity import facts

    for paper in papers:
        paper.decode()
        facts(paper)


def _stored_by_piece(pieces, papers: list[Paper], spans: Spans) -> dict[int, tuple[Stored, ...]]:
    """Each piece's entries (by the piece's start), spans and lines relative to the piece."""
    import bisect

    starts = [piece.start for piece in pieces]
    grouped: dict[int, list[Stored]] = {piece.start: [] for piece in pieces}
    for paper in papers:
        start, end = spans[paper.key]
        piece = pieces[bisect.bisect_right(starts, start) - 1]
        grouped[piece.start].append(
            (paper, start - piece.start, end - piece.start, paper.line - piece.line)
        )
    return {start: tuple(entries) for start, entries in grouped.items()}


def _digest_of(text: str, start: int, end: int) -> bytes:
    return hashlib.sha1(text[start:end].encode("utf-8", "surrogatepass")).digest()


def _strings_digest(text: str, pieces) -> bytes:
    """A digest of the @string pieces: stored entries hold values their macros gave."""
    joined = "\0".join(text[piece.start : piece.end] for piece in pieces)
    return hashlib.sha1(joined.encode("utf-8", "surrogatepass")).digest()


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
