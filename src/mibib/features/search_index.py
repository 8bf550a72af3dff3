"""The word index `search_papers` looks words up in. Pure: no I/O, no printing.

Which entries hold a query word is a few dictionary look-ups and set unions, so a
query over 100,000 entries takes milliseconds. Building the index folds every entry's
title, authors and text (about half a second per 10,000 entries), so a command can keep
it (`state`) and `restore` it next time: its entries are numbered by slot, and given the
library as it is then, a restored index re-indexes only the entries whose text changed
(each gets a new slot; the old one is dropped).
"""

import heapq
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

from mibib.features.words import WORD, allowed_typos, fold_text
from mibib.model import Paper

# What a query word found in an entry is worth, by where (see search_papers).
TITLE, TITLE_TYPO, AUTHORS, AUTHORS_TYPO, TEXT = 100, 85, 80, 70, 60
# A restored index is built again once this share of its slots (and more than a few)
# holds dropped or re-indexed entries.
_REBUILD_SHARE, _REBUILD_FLOOR = 0.2, 100
_FORMAT = 1


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


class _Postings:
    """Which slots use each word, for one of title, authors and text: a packed table from
    the last full build (`numbers[offsets[i]:offsets[i + 1]]` for the i-th of `words`)
    and lists for the entries indexed since (`added`)."""

    __slots__ = ("words", "offsets", "numbers", "added", "_position")

    def __init__(self, words: list[str], offsets: array, numbers: array, added: dict) -> None:
        self.words, self.offsets, self.numbers, self.added = words, offsets, numbers, added
        self._position = {word: number for number, word in enumerate(words)}

    @classmethod
    def pack(cls, by_word: dict[str, list[int]]) -> "_Postings":
        words = list(by_word)
        offsets, numbers = array("q", [0]), array("i")
        for word in words:
            numbers.extend(by_word[word])
            offsets.append(len(numbers))
        return cls(words, offsets, numbers, {})

    def slots(self, word: str):
        position = self._position.get(word)
        packed = ()
        if position is not None:
            packed = self.numbers[self.offsets[position] : self.offsets[position + 1]]
        added = self.added.get(word)
        return packed if added is None else [*packed, *added]

    def add(self, slot: int, words: set[str]) -> None:
        for word in words:
            self.added.setdefault(word, []).append(slot)

    def state(self) -> tuple:
        return (self.words, self.offsets.tobytes(), self.numbers.tobytes(), self.added)

    @classmethod
    def from_state(cls, state: tuple) -> "_Postings":
        words, offsets, numbers, added = state
        return cls(words, _array("q", offsets), _array("i", numbers), added)


class SearchIndex:
    """For each of title, authors and text (abstract and TL;DRs): which entries use each
    word; plus the sorted vocabulary, for prefixes, and its words by length, for typos.

    Entries are numbered by slot: `papers[slot]` (None for a dropped slot, which no
    lookup returns), `keys[slot]` its key, `title_words[slot]` how many words its title
    has (for `rank`) and `fingerprints[slot]` what says whether it changed (see `update`).
    """

    def __init__(
        self, keys: list, fingerprints: list, title_words: array, fields: tuple, vocabulary=None
    ) -> None:
        self.keys, self.fingerprints, self.fields = keys, fingerprints, fields
        self.title_words = title_words
        self.papers: list[Paper | None] = [None] * len(keys)
        self.dropped: set[int] = set()
        if vocabulary is None:
            vocabulary = sorted(set().union(*(_words_of(postings) for postings in fields)))
        self.vocabulary = vocabulary
        self._by_length: dict[int, list[str]] | None = None
        self._rank: array | None = None

    @classmethod
    def build(cls, papers: list[Paper], fingerprints: list | None = None) -> "SearchIndex":
        """The index of these papers (slot = position), with a fingerprint for each."""
        papers = list(papers)
        fields = tuple(
            _Postings.pack(_entries_by_word(texts))
            for texts in (
                (paper.title for paper in papers),
                (" ".join(paper.authors) for paper in papers),
                (_text(paper) for paper in papers),
            )
        )
        fingerprints = list(fingerprints or [None] * len(papers))
        title_words = array("i", (len(WORD.findall(paper.title)) for paper in papers))
        index = cls([paper.key for paper in papers], fingerprints, title_words, fields)
        index.papers = papers
        return index

    def update(self, papers: list[Paper], fingerprints: list) -> tuple["SearchIndex", bool]:
        """This index made to hold `papers`, and whether that changed it: an entry whose
        key and fingerprint it holds keeps its slot; any other is indexed in a new slot,
        and the slots not kept are dropped. Built again when much has changed."""
        slot_of = {key: slot for slot, key in enumerate(self.keys) if key is not None}
        kept: list[Paper | None] = [None] * len(self.keys)
        new = []
        for paper, fingerprint in zip(papers, fingerprints, strict=True):
            slot = slot_of.get(paper.key)
            if slot is not None and self.fingerprints[slot] == fingerprint:
                kept[slot] = paper
            else:
                new.append((paper, fingerprint))
        unused = sum(paper is None for paper in kept) + len(new)
        if unused > max(_REBUILD_SHARE * len(papers), _REBUILD_FLOOR):
            return SearchIndex.build(papers, fingerprints), True
        dropped = {slot for slot, paper in enumerate(kept) if paper is None}
        changed = bool(new) or any(self.keys[slot] is not None for slot in dropped)
        for slot in dropped:
            self.keys[slot] = self.fingerprints[slot] = None
        new_words = set()
        for paper, fingerprint in new:
            slot = len(kept)
            kept.append(paper)
            self.keys.append(paper.key)
            self.fingerprints.append(fingerprint)
            self.title_words.append(len(WORD.findall(paper.title)))
            for postings, text in zip(self.fields, _texts(paper), strict=True):
                words = set(WORD.findall(fold_text(text)))
                postings.add(slot, words)
                new_words |= words
        if not new_words <= set(self.vocabulary):
            self.vocabulary = sorted(new_words.union(self.vocabulary))
        self.papers, self.dropped = kept, dropped
        self._by_length = self._rank = None
        return self, changed

    def state(self) -> dict:
        """What `restore` needs to make this index again (entry keys, no Paper objects)."""
        return {
            "format": _FORMAT,
            "keys": self.keys,
            "fingerprints": self.fingerprints,
            "title_words": self.title_words.tobytes(),
            "rank": self.rank.tobytes(),
            "fields": [postings.state() for postings in self.fields],
            "vocabulary": self.vocabulary,
        }

    @classmethod
    def restore(cls, state: dict) -> "SearchIndex | None":
        """The index `state` describes, holding no Paper yet (`update` gives them); None
        when it is not a state of this format."""
        try:
            if state["format"] != _FORMAT:
                return None
            keys, title_words = list(state["keys"]), _array("i", state["title_words"])
            fields = tuple(_Postings.from_state(postings) for postings in state["fields"])
            index = cls(keys, list(state["fingerprints"]), title_words, fields, state["vocabulary"])
            index._rank = _array("i", state["rank"])
            if not len(keys) == len(title_words) == len(index._rank):
                return None
            return index
        except (KeyError, TypeError, ValueError):
            return None

    @property
    def count(self) -> int:
        """How many entries the index holds."""
        return len(self.papers) - len(self.dropped)

    @property
    def rank(self) -> array:
        """Each slot's place among equals: fewer title words first, then by key."""
        if self._rank is None:
            live = [slot for slot, key in enumerate(self.keys) if key is not None]
            live.sort(key=lambda slot: (self.title_words[slot], self.keys[slot]))
            self._rank = array("i", [len(self.keys)]) * len(self.keys)
            for position, slot in enumerate(live):
                self._rank[slot] = position
        return self._rank

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
        if self._by_length is None:
            self._by_length = {}
            for known in self.vocabulary:
                self._by_length.setdefault(len(known), []).append(known)
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

    def _entries(self, postings: _Postings, words: list[str]) -> set[int]:
        found = set().union(*(postings.slots(word) for word in words))
        return found - self.dropped if self.dropped else found


def _texts(paper: Paper) -> tuple[str, str, str]:
    """What is searched, in the order of SearchIndex.fields: title, authors, text."""
    return paper.title, " ".join(paper.authors), _text(paper)


def _text(paper: Paper) -> str:
    return " ".join([paper.fields.get("abstract", ""), paper.tldr, *paper.category_tldrs.values()])


def _entries_by_word(texts) -> dict[str, list[int]]:
    entries: dict[str, list[int]] = {}
    for number, text in enumerate(texts):
        for word in set(WORD.findall(fold_text(text))):
            entries.setdefault(word, []).append(number)
    return entries


def _words_of(postings: _Postings):
    return postings.added.keys() | postings._position.keys()


def _array(kind: str, data: bytes) -> array:
    packed = array(kind)
    packed.frombytes(data)
    return packed


def kept_index(state: dict | None, papers: list[Paper], fingerprints: list):
    """The index of `papers` from a state kept earlier (only the entries whose fingerprint
    changed are indexed again), else built; and whether it is not that state any more
    (worth keeping again)."""
    index = SearchIndex.restore(state) if state is not None else None
    if index is None:
        return SearchIndex.build(papers, fingerprints), True
    return index.update(papers, fingerprints)


def search_index(papers: list[Paper]) -> SearchIndex:
    """The index of these papers, kept for the next search of equal papers in this
    process (a list of the same Paper objects compares equal at once): a second
    search is only look-ups. Papers are values here: edit one by replacing it."""
    if _LAST_INDEX and _LAST_INDEX[0].papers == papers:
        return _LAST_INDEX[0]
    _LAST_INDEX[:] = [SearchIndex.build(papers)]
    return _LAST_INDEX[0]


_LAST_INDEX: list[SearchIndex] = []
