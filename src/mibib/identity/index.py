"""Entries filed by id, URL and title, to match candidates against quickly (Index), and
the searches built on it: duplicates within a library, the entry with an id. Pure: no I/O."""

from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from mibib.identity.ids import find_arxiv_id
from mibib.identity.same import (
    CONFLICT,
    POSSIBLE,
    SAME,
    SHARED,
    TITLE_DUPLICATE_THRESHOLD,
    Facts,
    Match,
    compare,
    facts,
)

if TYPE_CHECKING:
    from mibib.model import Paper
    from mibib.title_index import TitleIndex

_RANK = {SAME: 0, CONFLICT: 1, POSSIBLE: 2, SHARED: 3}


class Index:
    """Entries by arXiv id, DOI, URL and title, to match candidates against quickly.

    Titles are kept apart by which ids their entries have: a title decides only between
    entries that do not both have an id of a kind (equal ids are found by id, different
    ones mean two works), so a search skips the titles that could not decide.
    """

    def __init__(self, papers: "list[Paper] | tuple" = ()) -> None:
        self.by_id: dict[str, list[Paper]] = {}
        # (has an arXiv id, has a DOI) -> titles (a list until searched); (that, title) ->
        # entries by year
        self.titles: dict[tuple[bool, bool], list[str] | TitleIndex] = {}
        self.by_title: dict[tuple, dict[int | None, list[Paper]]] = {}
        for paper in papers:
            self.add(paper)

    def add(self, paper: "Paper", known: Facts | None = None) -> None:
        """File the entry (`known`: its facts, when the caller has them)."""
        known = known or facts(paper)
        for value in id_keys(known):
            self.by_id.setdefault(value, []).append(paper)
        if known.title:
            ids = (bool(known.arxiv), bool(known.doi))
            years = self.by_title.get((ids, known.title))
            if years is None:
                years = self.by_title[ids, known.title] = {}
                titles = self.titles.setdefault(ids, [])
                if isinstance(titles, list):  # filed when first searched: often never
                    titles.append(known.title)
                else:
                    titles.add(known.title)
            years.setdefault(known.year, []).append(paper)

    def remove(self, paper: "Paper") -> None:
        known = facts(paper)
        for value in id_keys(known):
            _discard(self.by_id.get(value, []), paper)
        ids = (bool(known.arxiv), bool(known.doi))
        _discard(self.by_title.get((ids, known.title), {}).get(known.year, []), paper)

    def candidates(self, paper: "Paper", known: Facts | None = None) -> "list[Paper]":
        """Entries that share an id or URL with `paper`, or whose title is near its own."""
        known = known or facts(paper)
        found: dict[int, Paper] = {}
        for value in id_keys(known):
            for other in self.by_id.get(value, ()):
                found.setdefault(id(other), other)
        for ids in list(self.titles) if known.title else ():
            if (known.arxiv and ids[0]) or (known.doi and ids[1]):
                continue  # both have an id of a kind: the title cannot decide
            titles = self._title_index(ids)
            for number, _ in titles.near(known.title):
                years = self.by_title[ids, titles.titles[number]]
                wanted = (
                    years
                    if known.year is None
                    else (known.year - 1, known.year, known.year + 1, None)
                )
                for year in wanted:
                    for other in years.get(year, ()):
                        found.setdefault(id(other), other)
        found.pop(id(paper), None)
        return list(found.values())

    def _title_index(self, ids: tuple[bool, bool]) -> "TitleIndex":
        """The titles of entries with these kinds of ids, filed for searching."""
        titles = self.titles[ids]
        if isinstance(titles, list):
            from mibib.title_index import TitleIndex

            index = TitleIndex(TITLE_DUPLICATE_THRESHOLD)
            for title in titles:
                index.add(title)
            self.titles[ids] = titles = index
        return titles

    def match(self, paper: "Paper", known: Facts | None = None) -> Match | None:
        """The strongest match: SAME before CONFLICT before POSSIBLE before SHARED (two
        works sharing a DOI), earliest entry first."""
        return _best(paper, self.candidates(paper, known))


def _best(paper: "Paper", candidates: "list[Paper]") -> Match | None:
    """Index.match among these candidates."""
    best = None
    for other in candidates:
        found = compare(paper, other)
        if found is None:
            continue
        if best is None or (_RANK[found.verdict], other.line) < (
            _RANK[best.verdict],
            best.paper.line,
        ):
            best = found
    return best


def id_keys(known: Facts) -> list[str]:
    keys = []
    if known.arxiv:
        keys.append(f"arxiv:{known.arxiv}")
    if known.doi:
        keys.append(f"doi:{known.doi}")
    if known.url:
        keys.append(f"url:{known.url[0]}{known.url[1]}")
    return keys


def _discard(papers: list, paper) -> None:
    for index, other in enumerate(papers):
        if other is paper:
            del papers[index]
            return


class Duplicate(NamedTuple):
    """`paper` matches `first`, an entry before it in the file (a Match's verdict and
    reason)."""

    paper: "Paper"
    first: "Paper"
    verdict: str
    reason: str
    detail: str = ""


def find_same_id(
    papers: "list[Paper]", arxiv: str | None = None, doi: str | None = None
) -> "tuple[Paper, str] | None":
    """The first entry with this arXiv id (without version) or DOI, and which one matched
    ('arXiv id' or 'DOI'). An arXiv DOI is its arXiv id."""
    if doi and not arxiv:
        arxiv = find_arxiv_id(doi)
        doi = None if arxiv else doi
    for paper in papers:
        if arxiv and paper.arxiv == arxiv:
            return paper, "arXiv id"
        if doi and paper.doi == doi:
            return paper, "DOI"
    return None


def find_duplicates_within(papers: "list[Paper]", linked: set | None = None) -> list[Duplicate]:
    """Entries of one library that match an earlier one (in file order), each once.
    `linked` gathers the ids (`id()`) of the entries that are candidates of another
    (share an id or a near title with it): the others match no entry of `papers`."""
    index = Index()
    found = []
    for paper in sorted(papers, key=attrgetter("line")):
        known = facts(paper)  # looked up once: a large library's check does this for each
        candidates = index.candidates(paper, known)
        if linked is not None and candidates:
            linked.update(map(id, [paper, *candidates]))
        match = _best(paper, candidates)
        if match is not None:
            found.append(Duplicate(paper, match.paper, match.verdict, match.reason, match.detail))
        index.add(paper, known)
    return found
