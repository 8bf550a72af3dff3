"""Filter and fuzzy-search Papers. Pure: no I/O, no printing."""

import heapq
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

from mibib.errors import MibibError
from mibib.model import Paper

SEARCH_CUTOFF = 70.0
_YEAR_RANGE = re.compile(r"^\s*(\d{4})?\s*(?:(-|\.\.)\s*(\d{4})?)?\s*$")


@dataclass(frozen=True)
class Filters:
    """Tag sets per facet (each already expanded to descendants) and a year range.

    Several values of one facet are OR; different facets are AND.
    """

    tags: dict[str, frozenset[str]] = field(default_factory=dict)  # facet -> wanted keys
    years: tuple[int, int] | None = None

    def matches(self, paper: Paper) -> bool:
        for facet, wanted in self.tags.items():
            if wanted.isdisjoint(paper.tags[facet]):
                return False
        if self.years is not None:
            year = paper.year
            if year is None or not self.years[0] <= year <= self.years[1]:
                return False
        return True


def parse_years(text: str) -> tuple[int, int]:
    """`2023` -> (2023, 2023); `2021-2024`, `2021..2024`, `2021-`, `-2020` -> ranges."""
    match = _YEAR_RANGE.match(text)
    if not match or not (match.group(1) or match.group(3)):
        raise MibibError(f"invalid year '{text}' (use 2023, 2021-2024, 2021- or -2020)")
    first, dash, last = match.groups()
    low = int(first) if first else 0
    high = int(last) if last else (9999 if dash else low)
    if low > high:
        raise MibibError(f"invalid year range '{text}': {low} is after {high}")
    return low, high


def filter_papers(papers: Iterable[Paper], filters: Filters) -> list[Paper]:
    return [paper for paper in papers if filters.matches(paper)]


def sort_papers(papers: list[Paper], order: str | Iterable[str]) -> list[Paper]:
    """Sort by keys such as 'year', '-year', 'title', 'key' (minus: descending), stable."""
    fields = [order] if isinstance(order, str) else list(order)
    ordered = list(papers)
    for spec in reversed(fields):
        descending = spec.startswith("-")
        name = spec.lstrip("-+")
        ordered.sort(key=_sort_key(name, descending), reverse=descending)
    return ordered


def _sort_key(name: str, descending: bool):
    missing_year = -1 if descending else 10_000
    if name == "year":
        return lambda paper: paper.year if paper.year is not None else missing_year
    if name == "title":
        return lambda paper: paper.title.casefold()
    if name == "key":
        return lambda paper: paper.key.casefold()
    raise MibibError(f"unknown sort order '{name}' (use year, title or key)")


def search_papers(papers: list[Paper], query: str, limit: int = 20) -> list[tuple[Paper, float]]:
    """Papers ranked by fuzzy match of the query on title, authors and abstract.

    Titles and authors are scored with rapidfuzz (WRatio, which also rewards a
    query that is part of a longer title), but only those sharing a word with the
    query, matched fuzzily against the words of the collection: scoring every
    title would take a second at 100,000 entries. An abstract counts
    when every query word occurs in it. Abstract matches score the cutoff, so they
    are only looked for when titles and authors leave room among the first `limit`.
    """
    from rapidfuzz import fuzz, process, utils

    wanted = utils.default_process(query)
    if not wanted:
        raise MibibError('empty search query (try: mibib search "induction heads")')
    words = wanted.split()
    index = _search_index(papers)
    scores: dict[int, float] = {}
    candidates = index.candidates(words, index.papers_by_title_word)
    titles = [index.titles[number] for number in candidates]
    for _, score, position in process.extract(
        wanted, titles, scorer=fuzz.WRatio, processor=None, limit=None, score_cutoff=SEARCH_CUTOFF
    ):
        scores[candidates[position]] = score
    candidates = index.candidates(words, index.papers_by_author_word)
    authors = [index.authors[number] for number in candidates]
    for _, score, position in process.extract(
        wanted,
        authors,
        scorer=fuzz.partial_token_set_ratio,
        processor=None,
        limit=None,
        score_cutoff=90,
    ):
        number = candidates[position]
        scores[number] = max(scores.get(number, 0), score - 5)
    if sum(1 for score in scores.values() if score > SEARCH_CUTOFF) < limit:
        for number in index.abstracts_with(words):
            if number not in scores:
                text = utils.default_process(papers[number].fields["abstract"])
                if all(word in text for word in words):
                    scores[number] = SEARCH_CUTOFF
    best = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], papers[item[0]].key))
    return [(papers[number], score) for number, score in best]


class _SearchIndex:
    """Titles and authors as rapidfuzz compares them, and which papers use each word."""

    def __init__(self, papers: list[Paper], titles: list[str], authors: list[str]):
        self.papers, self.titles, self.authors = papers, titles, authors
        self._abstracts: tuple[str, list[int]] | None = None
        self.papers_by_title_word = _papers_by_word(titles)
        self.papers_by_author_word = _papers_by_word(authors)

    def candidates(self, words: list[str], papers_by_word: dict[str, list[int]]) -> list[int]:
        """Papers holding a word like one of `words` (a typo, a plural, a word it
        begins): the only ones the scorer can rate above the cutoff. Words under
        three letters are left out while the query has longer ones."""
        from rapidfuzz import fuzz, process

        longer = [word for word in dict.fromkeys(words) if len(word) >= 3]
        found: set[int] = set()
        for word in longer or dict.fromkeys(words):
            similar = {
                match
                for match, _, _ in process.extract(
                    word, papers_by_word.keys(), scorer=fuzz.ratio, limit=None, score_cutoff=75
                )
            }
            similar.update(known for known in papers_by_word if known.startswith(word))
            for match in similar:
                found.update(papers_by_word[match])
        return sorted(found)

    def abstracts_with(self, words: list[str]) -> list[int]:
        """Papers whose abstract, lower-cased, holds every word (a quick first test)."""
        if self._abstracts is None:  # one text: finding a word in it is a single scan
            abstracts = [paper.fields.get("abstract", "").lower() for paper in self.papers]
            starts = list(accumulate((len(text) + 1 for text in abstracts), initial=0))
            self._abstracts = ("\0".join(abstracts), starts)
        text, starts = self._abstracts
        found: set[int] | None = None
        for word in sorted(set(words), key=len, reverse=True):  # longer words are rarer
            numbers = {
                bisect_right(starts, match.start()) - 1
                for match in re.finditer(re.escape(word), text)
            }
            found = numbers if found is None else found & numbers
            if not found:
                return []
        return sorted(found or ())


def _papers_by_word(texts: list[str]) -> dict[str, list[int]]:
    papers: dict[str, list[int]] = {}
    for number, text in enumerate(texts):
        for word in set(text.split()):
            papers.setdefault(word, []).append(number)
    return papers


def _search_index(papers: list[Paper]) -> _SearchIndex:
    """The index of these papers, kept for the next search of equal papers in this
    process (a list of the same Paper objects compares equal at once): a second
    search is only scoring. Papers are values here: edit one by replacing it."""
    from rapidfuzz.utils import default_process

    if _LAST_INDEX and _LAST_INDEX[0].papers == papers:
        return _LAST_INDEX[0]
    titles = [default_process(paper.title) for paper in papers]
    authors = [default_process(" ".join(paper.authors)) for paper in papers]
    _LAST_INDEX[:] = [_SearchIndex(list(papers), titles, authors)]
    return _LAST_INDEX[0]


_LAST_INDEX: list[_SearchIndex] = []
