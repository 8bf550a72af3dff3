"""The entries of a parse cache, stored per piece of the file (relative to the piece's
start): found by parsing only the pieces that are new, put together again for a file
whose pieces are known. Pure: no I/O.
"""

import bisect
import hashlib
import itertools

from mibib.model import Paper
from mibib.storage.table import Table

# An entry of a piece: the paper, its span and line relative to the piece's start.
Stored = tuple[Paper, int, int, int]
Spans = dict[str, tuple[int, int]]


class PieceTexts:
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
        by_start = stored_in_pieces(wanted, *found)
        return {number: by_start[pieces[number].start] for number in numbers}


def strings_digest(scan) -> bytes:
    """A digest of the @string pieces: stored entries hold values their macros gave."""
    return hashlib.sha1("\0".join(scan.strings).encode("utf-8", "surrogatepass")).digest()


def decode_papers(papers) -> None:
    """Compute what every command derives from an entry (decoded title and authors, ids)
    before storing it, so a load finds them."""
    for paper in papers:
        paper.decode()


def decode_facts(papers) -> None:
    """The identity facts `check` compares, for the base: computed for the few entries of
    a delta when checked (they need rapidfuzz, which most commands never import)."""
    from mibib.identity.same import facts

    for paper in papers:
        facts(paper)


def stored_in_pieces(pieces, papers: list[Paper], spans: Spans) -> dict[int, tuple[Stored, ...]]:
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


def stored_in_table(table: Table, numbers, papers, spans: Spans) -> dict[int, tuple]:
    """The entries of the table's pieces `numbers` (by number), relative to the piece."""
    grouped: dict[int, list[Stored]] = {number: [] for number in numbers}
    for paper in papers:
        start, end = spans[paper.key]
        number = table.piece_at(start)
        if number in grouped:
            at, line = table.starts[number], table.lines[number]
            grouped[number].append((paper, start - at, end - at, paper.line - line))
    return {number: tuple(entries) for number, entries in grouped.items()}


def assemble(
    table: Table,
    store: dict,
    base: Table | None,
    base_papers: list[Paper],
    base_spans: Spans,
    firsts: list[int],
) -> tuple[list[Paper], Spans]:
    """The entries of the file `table` describes, with their spans and lines. Pieces
    in a row that are pieces in a row of the base are the same text (same digests),
    so their entries come from the base at once, shifted alike; the spans start as a
    copy of the base's, and only what moved or changed is set again.

    Entries that come from the base are the base's objects: a ParseCache gives them
    out once (a load, parse or update), lines and all.

    `firsts`: the number of the first base entry of each base piece."""
    papers: list[Paper] = []
    spans = dict(base_spans)
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
        run = base_papers[firsts[source] : firsts[final + 1]]
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
        for paper in base_papers[firsts[piece] : firsts[piece + 1]]:
            del spans[paper.key]
    for paper, begin, end in new:
        spans[paper.key] = (begin, end)
    return papers, spans
