"""Filter and fuzzy-search Papers. Pure: no I/O, no printing."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter

from mibib.errors import MibibError
from mibib.model import Paper

SEARCH_CUTOFF = 70.0
_YEAR_RANGE = re.compile(r"^\s*(\d{4})?\s*(?:(-|\.\.)\s*(\d{4})?)?\s*$")


@dataclass(frozen=True)
class Filters:
    """Tag sets per facet (each already expanded to descendants) and a year range.

    Several values of one facet are OR; different facets are AND.
    """

    categories: frozenset[str] | None = None
    techniques: frozenset[str] | None = None
    evaluation: frozenset[str] | None = None
    years: tuple[int, int] | None = None

    def matches(self, paper: Paper) -> bool:
        for wanted, tags in (
            (self.categories, paper.categories),
            (self.techniques, paper.techniques),
            (self.evaluation, paper.evaluation),
        ):
            if wanted is not None and wanted.isdisjoint(tags):
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
    query that is part of a longer title); an abstract counts when every query
    word occurs in it. Abstract matches score the cutoff, so they are only looked
    for when titles and authors leave room among the first `limit`.
    """
    from rapidfuzz import fuzz, process, utils

    wanted = utils.default_process(query)
    if not wanted:
        raise MibibError('empty search query (try: mibib search "induction heads")')
    words = wanted.split()
    scores: dict[int, float] = {}
    titles, authors = _search_texts(papers)
    for _, score, index in process.extract(
        wanted, titles, scorer=fuzz.WRatio, processor=None, limit=None, score_cutoff=SEARCH_CUTOFF
    ):
        scores[index] = score
    for _, score, index in process.extract(
        wanted,
        authors,
        scorer=fuzz.partial_token_set_ratio,
        processor=None,
        limit=None,
        score_cutoff=90,
    ):
        scores[index] = max(scores.get(index, 0), score - 5)
    if sum(1 for score in scores.values() if score > SEARCH_CUTOFF) < limit:
        for index, paper in enumerate(papers):
            abstract = paper.fields.get("abstract")
            if not abstract or index in scores:
                continue
            lowered = abstract.lower()  # a cheap test first: it rules out most abstracts
            if all(word in lowered for word in words):
                text = utils.default_process(abstract)
                if all(word in text for word in words):
                    scores[index] = SEARCH_CUTOFF
    ranked = sorted(scores.items(), key=lambda item: (-item[1], papers[item[0]].key))
    return [(papers[index], score) for index, score in ranked[:limit]]


def _search_texts(papers: list[Paper]) -> tuple[list[str], list[str]]:
    """Titles and authors as rapidfuzz compares them. The last answer is kept while the
    raw fields it came from are the same strings: a second search is only scoring."""
    from rapidfuzz.utils import default_process

    fields = list(map(attrgetter("fields"), papers))
    raw = (
        list(map(dict.get, fields, repeat("title"))),
        list(map(dict.get, fields, repeat("author"))),
    )
    if _LAST_TEXTS and _LAST_TEXTS[0] == raw:
        return _LAST_TEXTS[1]
    titles = [default_process(paper.title) for paper in papers]
    authors = [default_process(" ".join(paper.authors)) for paper in papers]
    _LAST_TEXTS[:] = [raw, (titles, authors)]
    return titles, authors


_LAST_TEXTS: list = []
