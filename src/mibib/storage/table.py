"""The pieces of one version of the library file, as the parse cache keeps them.

A piece is the text from one place where bibtexparser starts a block to the next (one
entry, in a usual file; bibtex.pieces.scan_pieces). For each piece, in file order: where it
starts (character, byte, line), the SHA-1 of its text, what it may hold (@string or
@xdata/@set blocks), how many entries it holds and where they are stored (a piece of
the cache's base, by number, or -1: the delta's store, by digest). For the file: its
digest, length in bytes and characters, line breaks, the digests of its 64 KiB blocks
(to find what changed) and the digest of its @string pieces (what stored values mean).

Pure: no I/O.
"""

import bisect
import hashlib
from array import array
from typing import TYPE_CHECKING

from mibib.storage.files import BlockDigest

if TYPE_CHECKING:  # bibtex/ is imported only by commands that read BibTeX text
    from mibib.bibtex.pieces import Scan

DIGEST_SIZE = 20  # SHA-1, as bibtex.pieces.Scan
BLOCK_SIZE = BlockDigest.SIZE
_COLUMNS = ("starts", "byte_starts", "lines", "counts", "sources")


class Table:
    """Columns of the pieces (arrays, and digests and kinds as bytes) and the file's facts."""

    def __init__(self) -> None:
        self.starts, self.byte_starts, self.lines = array("q"), array("q"), array("q")
        self.counts, self.sources = array("q"), array("q")
        self.digests, self.kinds = b"", b""
        self.digest = ""  # of the file's bytes (files.BlockDigest)
        self.blocks: list[bytes] = []
        self.size = self.chars = self.breaks = 0
        self.strings = b""

    def __len__(self) -> int:
        return len(self.starts)

    def piece_digest(self, number: int) -> bytes:
        return self.digests[number * DIGEST_SIZE : (number + 1) * DIGEST_SIZE]

    def piece_digests(self) -> list[bytes]:
        blob = self.digests
        return [blob[at : at + DIGEST_SIZE] for at in range(0, len(blob), DIGEST_SIZE)]

    def start(self, number: int) -> int:
        """Where piece `number` starts in characters; the file's end for one past the last."""
        return self.starts[number] if number < len(self) else self.chars

    def byte_start(self, number: int) -> int:
        return self.byte_starts[number] if number < len(self) else self.size

    def line(self, number: int) -> int:
        return self.lines[number] if number < len(self) else self.breaks + 1

    def piece_at(self, start: int) -> int:
        """The number of the piece holding character `start`."""
        return bisect.bisect_right(self.starts, start) - 1

    def string_pieces(self) -> list[int]:
        from mibib.bibtex.pieces import STRINGS

        return self.pieces_of(STRINGS)

    def pieces_of(self, kind: int) -> list[int]:
        return [number for number, found in enumerate(self.kinds) if found & kind]

    # --- made from a scan, or from another table ------------------------------------------

    @classmethod
    def scanned(cls, scan: "Scan", at: "Table | None" = None, first: int = 0, bom: int = 0):
        """The Table of a scanned text: the whole file's (which starts `bom` bytes in), or,
        with `at`, the text from piece `first` of that table on, its columns counted from
        the file's start. Counts, sources and the file's digests are the caller's to set."""
        start, byte, line = (
            (at.start(first), at.byte_start(first), at.line(first)) if at else (0, bom, 1)
        )
        table = cls()
        table.starts = _moved(scan.starts, start)
        table.byte_starts = _moved(scan.byte_starts, byte)
        table.lines = _moved(scan.lines, line - 1)
        table.digests, table.kinds = bytes(scan.digests), bytes(scan.kinds)
        table.counts = array("q", bytes(8 * len(scan)))
        table.sources = array("q", [-1]) * len(scan)
        table.size = scan.size + (0 if at else bom)
        table.chars, table.breaks = scan.chars, scan.breaks
        return table

    def spliced(self, first: int, end: int, middle: "Table") -> "Table":
        """This table with pieces first..end-1 replaced by `middle`, whose columns count
        from the file's start (its pieces start where piece `first` starts); the pieces
        after them shift by what the middle adds. File facts are the caller's to set."""
        shift_chars = middle.chars - (self.start(end) - self.start(first))
        shift_bytes = middle.size - (self.byte_start(end) - self.byte_start(first))
        shift_lines = middle.breaks - (self.line(end) - self.line(first))
        shifts = {"starts": shift_chars, "byte_starts": shift_bytes, "lines": shift_lines}
        table = Table()
        for name in _COLUMNS:
            column = getattr(self, name)
            after = _moved(column[end:], shifts.get(name, 0))
            setattr(table, name, column[:first] + getattr(middle, name) + after)
        size = DIGEST_SIZE
        table.digests = self.digests[: first * size] + middle.digests + self.digests[end * size :]
        table.kinds = self.kinds[:first] + middle.kinds + self.kinds[end:]
        table.chars = self.chars + shift_chars
        table.size = self.size + shift_bytes
        table.breaks = self.breaks + shift_lines
        return table

    def changed_pieces(self, data: bytes, blocks: list[bytes]) -> tuple[int, int] | None:
        """Pieces first..end-1 of this table hold every byte that differs in `data` (the
        file now, `blocks` the digests of its blocks), with a piece to spare on each side:
        the cuts outside depend on text both versions share, so the pieces there are the
        same text (shifted) in both. None when no blocks were kept."""
        if not self.blocks or not len(self):
            return None
        size, same = BLOCK_SIZE, 0
        for old, new in zip(self.blocks, blocks, strict=False):
            if old != new:
                break
            same += 1
        prefix = min(same * size, self.size, len(data))  # bytes both versions start with
        shift, view = len(data) - self.size, memoryview(data)
        suffix = self.size  # where the bytes both versions end with begin, in this version
        for number in range(len(self.blocks) - 1, -1, -1):
            begin, end = number * size, min((number + 1) * size, self.size)
            if begin < prefix or begin + shift < prefix:
                break
            if hashlib.sha1(view[begin + shift : end + shift]).digest() != self.blocks[number]:
                break
            suffix = begin
        first = max(bisect.bisect_right(self.byte_starts, prefix) - 2, 0)
        end = min(bisect.bisect_right(self.byte_starts, suffix) + 1, len(self))
        return first, end

    # --- stored -------------------------------------------------------------------------

    def state(self) -> dict:
        state = {name: getattr(self, name).tobytes() for name in _COLUMNS}
        state.update(
            digests=self.digests, kinds=self.kinds, digest=self.digest, blocks=self.blocks,
            size=self.size, chars=self.chars, breaks=self.breaks, strings=self.strings,
        )  # fmt: skip
        return state

    @classmethod
    def from_state(cls, state: dict) -> "Table":
        table = cls()
        for name in _COLUMNS:
            column = array("q")
            column.frombytes(state[name])
            setattr(table, name, column)
        table.digests, table.kinds = state["digests"], state["kinds"]
        table.digest, table.blocks = state["digest"], list(state["blocks"])
        table.size, table.chars, table.breaks = state["size"], state["chars"], state["breaks"]
        table.strings = state["strings"]
        lengths = {len(getattr(table, name)) for name in _COLUMNS}
        if lengths != {len(table.kinds)} or len(table.digests) != DIGEST_SIZE * len(table.kinds):
            raise ValueError("a table whose columns differ in length")
        return table


def _moved(column: array, shift: int) -> array:
    return array("q", [value + shift for value in column]) if shift else column
