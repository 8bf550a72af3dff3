"""The word index `search_papers` looks words up in. Pure: no I/O, no printing.

Which entries hold a query word is a few dictionary look-ups and set unions, so a
query over 100,000 entries takes milliseconds; building the index takes about a
second per 100,000 abstracts and is done once per process.
"""

import heapq
from bisect import bisect_left
from dataclasses import dataclass, field

from mibib.features.words import WORD, allowed_typos, fold_text
from mibib.model import Paper

# What a query word found in an entry is worth, by where (see search_papers).
TITLE, TITLE_TYPO, AUTHORS, AUTHORS_TYPO, TEXT = 100, 85, 80, 70, 60


@dataclass
class WordHits:
    """The entries holding one query word: anywhere, and in the title or the authors,
    literally (the entry's word starts with it) or only through a typo."""

    anywhere: set[int]
    title: set[int]
    title_typo: set[int]
    authors: set[int]
    authors_typo: set[int]
    bonus: dict[int, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # What a title or author hit is worth above a text hit; later (better) places win.
        self.bonus = dict.fromkeys(self.authors_typo, AUTHORS_TYPO - TEXT)
        self.bonus.update(dict.fromkeys(self.authors, AUTHORS - TEXT))
        self.bonus.update(dict.fromkeys(self.title_typo, TITLE_TYPO - TEXT))
        self.bonus.update(dict.fromkeys(self.title, TITLE - TEXT))

    def weight(self, number: int) -> int:
        """What the word is worth in entry `number`: by where it is best found, 0 if nowhere."""
        if number not in self.anywhere:
            return 0
        return TEXT + self.bonus.get(number, 0)


class SearchIndex:
    """For each of title, authors and text (abstract and TL;DRs): which entries use
    each word; plus the sorted vocabulary, for prefixes, and its words by length, for typos."""

    def __init__(self, papers: list[Paper]):
        self.papers = papers
        self.fields = (
            _entries_by_word(paper.title for paper in papers),
            _entries_by_word(" ".join(paper.authors) for paper in papers),
            _entries_by_word(_text(paper) for paper in papers),
        )
        self.vocabulary = sorted(set().union(*self.fields))
        self._by_length: dict[int, list[str]] = {}
        for word in self.vocabulary:
            self._by_length.setdefault(len(word), []).append(word)
        order = sorted(
            range(len(papers)),
            key=lambda number: (len(WORD.findall(papers[number].title)), papers[number].key),
        )
        self.rank = [0] * len(papers)
        for position, number in enumerate(order):
            self.rank[number] = position

    def find(self, word: str) -> WordHits:
        """The entries holding `word` (a folded query word)."""
        literal = self._starting_with(word)
        typos = [found for found in self._typos_of(word) if not found.startswith(word)]
        titles, authors, text = self.fields
        title = self._entries(titles, literal)
        author = self._entries(authors, literal)
        hits = WordHits(
            anywhere=self._entries(text, literal + typos),  # the largest set: built once
            title=title,
            title_typo=self._entries(titles, typos) - title,
            authors=author,
            authors_typo=self._entries(authors, typos) - author,
        )
        for numbers in (hits.title, hits.title_typo, hits.authors, hits.authors_typo):
            hits.anywhere |= numbers
        return hits

    def first(self, numbers: set[int], count: int) -> list[int]:
        """The `count` entries of `numbers` that go first among equals."""
        return heapq.nsmallest(count, numbers, key=self.rank.__getitem__)

    def _starting_with(self, prefix: str) -> list[str]:
        found = []
        for position in range(bisect_left(self.vocabulary, prefix), len(self.vocabulary)):
            word = self.vocabulary[position]
            if not word.startswith(prefix):
                break
            found.append(word)
        return found

    def _typos_of(self, word: str) -> list[str]:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        typos = allowed_typos(word)
        if not typos:
            return []
        nearby = [
            known
            for length in range(len(word) - typos, len(word) + typos + 1)
            for known in self._by_length.get(length, ())
        ]
        return [
            known
            for known, _, _ in process.extract(
                word, nearby, scorer=OSA.distance, score_cutoff=typos, limit=None
            )
        ]

    @staticmethod
    def _entries(by_word: dict[str, list[int]], words: list[str]) -> set[int]:
        return set().union(*(by_word[word] for word in words if word in by_word))


def _text(paper: Paper) -> str:
    return " ".join([paper.fields.get("abstract", ""), paper.tldr, *paper.category_tldrs.values()])


def _entries_by_word(texts) -> dict[str, list[int]]:
    entries: dict[str, list[int]] = {}
    for number, text in enumerate(texts):
        for word in set(WORD.findall(fold_text(text))):
            entries.setdefault(word, []).append(number)
    return entries


def search_index(papers: list[Paper]) -> SearchIndex:
    """The index of these papers, kept for the next search of equal papers in this
    process (a list of the same Paper objects compares equal at once): a second
    search is only look-ups. Papers are values here: edit one by replacing it."""
    if _LAST_INDEX and _LAST_INDEX[0].papers == papers:
        return _LAST_INDEX[0]
    _LAST_INDEX[:] = [SearchIndex(list(papers))]
    return _LAST_INDEX[0]


_LAST_INDEX: list[SearchIndex] = []
