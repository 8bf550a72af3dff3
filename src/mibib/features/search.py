"""Filter, sort and search Papers. Pure: no I/O, no printing."""

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from mibib.errors import MibibError
from mibib.features.words import split_words
from mibib.model import Paper

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
        return lambda paper: missing_year if (year := paper.year) is None else year
    if name == "title":
        return lambda paper: paper.title.casefold()
    if name == "key":
        return lambda paper: paper.key.casefold()
    raise MibibError(f"unknown sort order '{name}' (use year, title or key)")


def search_papers(
    papers: list[Paper], query: str, limit: int = 20, index=None
) -> list[tuple[Paper, float]]:
    """The entries matching the query's words, best first, each with a score (0-100).

    Words match by the rule of `mibib.features.words`. Each query word counts where it is
    best found: in the title (100, a typo 85), the authors (80, a typo 70) or the
    abstract and TL;DRs (60). An entry holding every word scores the mean (60-100);
    one holding only some, half the mean over all the query's words (under 50), and
    only when the words it holds are enough on their own (`_some_of`). Ties go to
    the shorter title, then the key. `index`: the SearchIndex of `papers`, when the
    caller keeps one (else it is built).
    """
    from mibib.features.search_index import TEXT, search_index

    words = list(dict.fromkeys(split_words(query)))
    if not words:
        raise MibibError('empty search query (try: mibib search "induction heads")')
    index = index or search_index(papers)
    found = [index.find(word) for word in words]
    everywhere = min((word.anywhere for word in found), key=len).intersection(
        *(word.anywhere for word in found)
    )
    bonus = Counter()  # what title and author hits add to text hits, over all words
    for word in found:
        bonus.update(word.bonus)
    hits = everywhere.intersection(bonus)
    # Sorting by rank, then (stably) by bonus, puts ties in rank order.
    hits_first = sorted(
        sorted(hits, key=index.rank.__getitem__), key=bonus.__getitem__, reverse=True
    )
    ranked = [(number, TEXT + bonus[number] / len(found)) for number in hits_first[:limit]]
    if len(ranked) < limit:  # every word only in the text: 60 each, the fewest title words first
        text_only = everywhere.difference(bonus)
        ranked += [(number, TEXT) for number in index.first(text_only, limit - len(ranked))]
    if len(everywhere) < limit:
        ranked += [
            (number, sum(word.weight(number) for word in found) / len(found) / 2)
            for number in _some_of(found, index.count) - everywhere
        ]
    best = heapq.nsmallest(limit, ranked, key=lambda item: (-item[1], index.rank[item[0]]))
    return [(index.papers[number], round(score, 1)) for number, score in best]


def _some_of(found: list, total: int) -> set[int]:
    """Entries holding only some of the query's words, listed when those words are
    enough on their own: at least one is not common (`_is_common`), and together
    they weigh at least half of the words found anywhere, a word weighing log(entries
    / entries holding it): "toy models" lists titles with "toy" alone, not those
    with only "models". Words found nowhere do not count."""
    present = [word for word in found if word.anywhere]
    if len(present) < 2 and len(present) == len(found):
        return set()
    weights = [math.log(total / len(word.anywhere)) for word in present]
    needed = sum(weights) / 2
    rare = [word.anywhere for word in present if not _is_common(word, total)]
    return {
        number
        for number in set().union(*rare)
        if sum(
            weight for word, weight in zip(present, weights, strict=True) if number in word.anywhere
        )
        >= needed
    }


def _is_common(word, total: int) -> bool:
    """A word in more than a tenth of the entries (and in more than two) is common."""
    return len(word.anywhere) > max(2, total / 10)
