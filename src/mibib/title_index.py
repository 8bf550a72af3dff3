"""Titles found by near-identical spelling in time independent of their number. Pure.

Why it is exact: two titles whose fuzz.ratio reaches the threshold differ by at most a
few insertions or deletions (`_edits`: about a tenth of their length at 95). Cut into
that many pieces plus two, at least two pieces of a title are left whole by the edits,
and each whole piece appears in the other title as it is. Each title is filed under all
its pieces but its most common one (the "towards " of "Towards …" titles would otherwise
bring every such title along); a search looks up every substring of the query of a
piece's length, and scores only the titles found, with the scorer a full scan would use.
"""

import math

# Pieces of a title left unfiled (its most common ones).
SPARE_PIECES = 1


class TitleIndex:
    """Titles normalised as rapidfuzz's default_process does; `near` and `best` find those
    within `threshold` (fuzz.ratio, 0-100) of a query as a scan of all of them would."""

    def __init__(self, threshold: float) -> None:
        self.ratio = threshold / 100
        self.titles: list[str] = []
        self.first: dict[str, int] = {}  # each title's first index
        self.empty: list[int] = []  # titles without letters or digits: equal to each other
        self.pieces: dict[str, list[int]] = {}
        self.counts: dict[str, int] = {}  # how often each piece occurred, filed or not
        self._lengths: dict[int, set[int]] = {}

    def add(self, title: str) -> int:
        """File a normalised title; returns its index."""
        index = len(self.titles)
        self.titles.append(title)
        self.first.setdefault(title, index)
        if not title:
            self.empty.append(index)
        pieces = self._pieces(title)
        spare = min(len(pieces) - self._edits(len(title)) - 1, SPARE_PIECES)
        counts = self.counts
        ranked = sorted(pieces, key=lambda piece: counts.get(piece, 0), reverse=True)
        for piece in set(ranked[max(spare, 0) :]):
            self.pieces.setdefault(piece, []).append(index)
        for piece in pieces:
            counts[piece] = counts.get(piece, 0) + 1
        return index

    def near(self, title: str) -> list[tuple[int, float]]:
        """(index, score) of every title within the threshold, in index order."""
        from rapidfuzz import fuzz, process

        order = self._candidates(title)
        found = process.extract(
            title,
            [self.titles[index] for index in order],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=self.ratio * 100,
            limit=None,
        )
        return sorted((order[position], score) for _, score, position in found)

    def best(self, title: str) -> tuple[int, float] | None:
        """(index, score) of the closest title within the threshold (the first of equals)."""
        from rapidfuzz import fuzz, process

        if title in self.first:  # identical: nothing scores higher, nothing earlier ties
            return self.first[title], 100.0
        order = self._candidates(title)
        if not order:
            return None
        best = process.extractOne(
            title,
            [self.titles[index] for index in order],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=self.ratio * 100,
        )
        return None if best is None else (order[best[2]], best[1])

    def _candidates(self, title: str) -> list[int]:
        """Indexes of the titles sharing a filed piece with `title`, in order."""
        if not title:
            return list(self.empty)
        found: set[int] = set()
        pieces = self.pieces
        for length in self._piece_lengths(len(title)):
            for start in range(len(title) - length + 1):
                hits = pieces.get(title[start : start + length])
                if hits:
                    found.update(hits)
        return sorted(found)

    def _edits(self, length: int) -> int:
        """The most insertions and deletions between a title of `length` and one within the
        threshold: ratio >= r means edits <= (1 - r) * (both lengths), and the other
        length is at most `length` + edits."""
        return math.floor(2 * (1 - self.ratio) * length / self.ratio + 1e-9)

    def _pieces(self, text: str) -> list[str]:
        """`text` cut into two more pieces than the edits it can take (fewer when short)."""
        if not text:
            return []
        count = min(self._edits(len(text)) + 1 + SPARE_PIECES, len(text))
        size, extra = divmod(len(text), count)
        pieces, start = [], 0
        for number in range(count):
            end = start + size + (1 if number < extra else 0)
            pieces.append(text[start:end])
            start = end
        return pieces

    def _piece_lengths(self, length: int) -> set[int]:
        """Lengths of the pieces of every title that could be within reach of `length`."""
        if length not in self._lengths:
            low = math.floor(length * self.ratio / (2 - self.ratio)) - 1
            high = math.ceil(length * (2 - self.ratio) / self.ratio) + 1
            self._lengths[length] = {
                len(piece)
                for other in range(max(low, 1), high + 1)
                for piece in self._pieces("x" * other)
            }
        return self._lengths[length]
