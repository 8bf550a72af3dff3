"""The one rule for "the same paper": what identity compares of an entry (its facts)
and the verdict on two entries (compare). Pure: no I/O.

Two entries are the same paper when they share an arXiv id (any version, arXiv DOIs
included) or a DOI, unless the rest says two works: a DOI shared by entries whose titles
disagree and whose first authors, years, volumes or pages differ, or by a whole and its
part (a @book and a chapter of it, a @proceedings volume and a paper in it) or a dataset
and a text, is an id two works SHARE (a chapter citing its book's DOI, a dataset its
paper's, a DOI mistyped): both keep it, and the rest is reported. Titles that disagree
with nothing else apart, or an arXiv id on two titles, are a CONFLICT: one of them has
the wrong id, and a person decides. Different arXiv ids, different DOIs, different URLs
on one host or a different volume, number or pages mean two works, whatever their titles. A title
decides only when the ids cannot (neither entry has one, or only one of them: a
preprint's arXiv id against the published version's DOI), and only with the same
distinguishing tokens (numbers, version and month words), year (one apart for a
preprint) and first author. Where a year or the authors are missing, a title of three
significant words or more still decides; a short one ("Editorial", "Letters") is a
POSSIBLE duplicate, for a person to decide, and so are a book and a chapter, or a thesis
and a paper, of one title.
"""

import re
from typing import TYPE_CHECKING, NamedTuple

from mibib.identity.ids import ARXIV_DOI, find_arxiv_id, parse_doi
from mibib.identity.keys import STOP_WORDS, ascii_fold_words, first_surname
from mibib.latex import latex_to_url

if TYPE_CHECKING:
    from mibib.model import Paper

SAME, POSSIBLE, CONFLICT, SHARED = "same", "possible", "conflict", "shared"

# fuzz.ratio on normalised titles. 95 catches the same title re-typed (case, punctuation,
# a plural: 99-100) but not a follow-up paper: "Locating and Editing Factual Associations
# in GPT" vs "... in Mamba" scores 91.8 and must stay two entries.
TITLE_DUPLICATE_THRESHOLD = 95.0
# Below this, two entries sharing an id are two papers, one linked to the wrong id.
SAME_PAPER_TITLE_RATIO = 70.0

_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_WORD = re.compile(r"[a-z]+")
# Words that tell one paper of a series from the next ("Part II", "July 2024", "book
# two" and "book one" of the ACM template's sample-base.bib, which share a DOI).
_SERIES_WORDS = frozenset({
    "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv", "xv",
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "spring", "summer", "autumn",
    "fall", "winter",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth",
})  # fmt: skip
# Words that make a title another work than the one it names ("Erratum: …", "Reply to
# …"): with them on one side only, two titles never agree. (Not "data": "Datasheet" and
# "Data sheet" are one title; a dataset is told by its type.)
_OTHER_WORK_WORDS = frozenset({
    "erratum", "errata", "corrigendum", "correction", "corrections", "retraction",
    "retracted", "addendum", "reply", "rejoinder", "comment", "comments", "response",
    "supplement", "supplementary",
})  # fmt: skip
# Entry types that hold others (a volume, a book) and those that are held (a paper, a
# chapter); data beside texts. One of each sharing a DOI are two works.
_WHOLE_TYPES = frozenset({
    "book", "mvbook", "proceedings", "mvproceedings", "collection", "mvcollection",
    "periodical", "journal", "reference", "mvreference",
})  # fmt: skip
_PART_TYPES = frozenset({
    "article", "inproceedings", "conference", "incollection", "inbook", "bookinbook",
    "inreference", "suppbook", "suppcollection", "suppperiodical",
})  # fmt: skip
_DATA_TYPES = frozenset({"dataset", "data", "software", "codefragment"})
_THESIS_TYPES = frozenset({"phdthesis", "mastersthesis", "thesis"})
_TEXT_TYPES = _WHOLE_TYPES | _PART_TYPES | frozenset({
    "phdthesis", "mastersthesis", "thesis", "techreport", "report",
})  # fmt: skip
_PREPRINT_VENUE = re.compile(r"arxiv|preprint|corr\b|biorxiv|medrxiv|ssrn", re.IGNORECASE)
_UNPUBLISHED_TYPES = frozenset({"unpublished", "misc", "online", "techreport"})
_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?P<host>[^/?#\s]+)(?P<rest>[^#\s]*)", re.I)


class Match(NamedTuple):
    """`paper` (an entry already known) against a candidate: `verdict` SAME, POSSIBLE or
    CONFLICT (an id shared by two entries that cannot be one paper), and why."""

    paper: "Paper"
    reason: str
    verdict: str = SAME
    detail: str = ""  # for a CONFLICT: what differs ("a different title")


class Facts(NamedTuple):
    """What identity compares, derived once per entry."""

    arxiv: str | None
    doi: str | None  # never an arXiv DOI: that is `arxiv`
    url: tuple[str, str] | None  # (host, rest) of a URL that is not an arXiv or doi.org one
    title: str  # normalised for fuzz.ratio
    tokens: tuple[str, ...]  # distinguishing tokens, sorted
    year: int | None
    surname: str
    preprint: bool
    series: tuple[str, str, str]  # volume, number, pages


def facts(paper: "Paper") -> Facts:
    """The entry's identity facts (remembered on the paper until its fields change)."""
    raw = (paper.entry_type, *map(paper.fields.get, _FACT_FIELDS))
    return paper.memo("identity", raw, lambda _: _facts(paper))


# Every field the facts are worked out from (the arXiv id, DOI and venue's too): checked
# at once on each use, since `check` looks every entry's facts up twice.
_FACT_FIELDS = (
    "title", "author", "year", "date", "url", "volume", "number", "pages", "eprint",
    "archiveprefix", "eprinttype", "doi", "journal", "note", "howpublished", "booktitle",
    "journaltitle",
)  # fmt: skip


def _facts(paper: "Paper") -> Facts:
    from rapidfuzz import utils

    doi = paper.doi
    if doi and ARXIV_DOI.match(doi):
        doi = None
    title = paper.title
    venues = " ".join(paper.fields.get(n, "") for n in ("journal", "booktitle", "howpublished"))
    # An entry with an arXiv id was a preprint first, also once it names where it
    # appeared (`import --merge` fills a venue into the preprint's entry): its year may
    # be the preprint's, one before the published version's.
    preprint = bool(paper.arxiv) or (
        not paper.venue
        and (paper.entry_type in _UNPUBLISHED_TYPES or bool(_PREPRINT_VENUE.search(venues)))
    )
    series = tuple(
        re.sub(r"[\s\u2013\u2014-]+", "-", paper.fields.get(name, "").strip()).strip("{}")
        for name in ("volume", "number", "pages")
    )
    return Facts(
        arxiv=paper.arxiv,
        doi=doi,
        url=_normal_url(paper.web_url or ""),
        title=utils.default_process(title),
        tokens=distinguishing_tokens(title),
        year=paper.year,
        surname=first_surname(paper),
        preprint=preprint,
        series=series,  # type: ignore[arg-type]
    )


def distinguishing_tokens(title: str) -> tuple[str, ...]:
    """The numbers, series words and other-work words of a title: "Qwen2.5 Technical
    Report" -> ("2.5",), "Erratum: Toy Models" -> ("erratum",)."""
    lowered = title.lower()
    tokens = _NUMBER.findall(lowered)
    tokens += [
        word
        for word in _WORD.findall(lowered)
        if word in _SERIES_WORDS or word in _OTHER_WORK_WORDS
    ]
    return tuple(sorted(tokens))


def _normal_url(value: str) -> tuple[str, str] | None:
    """(host, path and query) of a URL, with the spellings of one page made equal: scheme,
    `www.`, a trailing slash or `index.html`, `.pdf`/`.html`, OpenReview's forum/pdf and
    NeurIPS proceedings' file/hash pages. None for arXiv and doi.org URLs (they are ids)."""
    value = latex_to_url(value)
    if not value or find_arxiv_id(value) or parse_doi(value):
        return None
    match = _URL.match(value)
    if match is None:
        return None
    host, rest = match.group("host").lower(), match.group("rest")
    path, _, query = rest.partition("?")
    path = _INDEX_PAGE.sub("", path).rstrip("/")
    path = _PAGE_SUFFIX.sub("", path)
    paper_id = _QUERY_ID.search(query)
    if host.endswith("openreview.net") and paper_id:
        return host, f"?id={paper_id.group(1)}"
    proceedings = _PROCEEDINGS_HASH.search(path)
    if proceedings:
        return host, f"/hash/{proceedings.group(1).lower()}"
    query = "&".join(sorted(part for part in query.split("&") if part))
    return host, f"{path}?{query}" if query else path


_INDEX_PAGE = re.compile(r"/index\.(?:html?|php)$", re.IGNORECASE)
_PAGE_SUFFIX = re.compile(r"\.(?:pdf|html?)$", re.IGNORECASE)
_QUERY_ID = re.compile(r"(?:^|&)id=([^&]+)")
_PROCEEDINGS_HASH = re.compile(r"/(?:file|hash)/([0-9a-f]{16,})-(?:paper|abstract)", re.IGNORECASE)


def compare(candidate: "Paper", known: "Paper") -> Match | None:
    """Whether `candidate` is `known`'s paper (SAME), may be (POSSIBLE), or shares an id
    with an entry that cannot be it (CONFLICT); None when they are two works."""
    new, old = facts(candidate), facts(known)
    shared, differing = [], []
    for kind, mine, theirs in (("arXiv id", new.arxiv, old.arxiv), ("DOI", new.doi, old.doi)):
        if mine and theirs:
            (shared if mine == theirs else differing).append(f"{kind} {mine}")
    if shared:
        same_id = f"same {shared[0]}"
        agree = titles_agree(candidate.title, known.title)
        kinds = _kinds_apart(candidate.entry_type, known.entry_type)
        if agree and not kinds:
            if differing:
                return Match(known, same_id, CONFLICT, f"a different {differing[0]}")
            return Match(known, same_id)
        apart = [] if agree else ["title"]
        apart += differing + _apart(new, old) + kinds
        if shared[0].startswith("DOI") and (kinds or len(apart) > 1):
            return Match(known, same_id, SHARED, f"a different {_words(apart)}")
        return Match(known, same_id, CONFLICT, f"a different {apart[0]}")
    if differing:
        return None
    if new.url and old.url and new.url[0] == old.url[0]:
        if new.url != old.url:
            return None  # two pages of one site
        if titles_agree(candidate.title, known.title):
            return Match(known, "same URL")
    if any(a and b and a != b for a, b in zip(new.series, old.series, strict=True)):
        return None  # two issues or parts of one series
    if not new.title or not old.title or new.tokens != old.tokens:
        return None
    score = _title_score(new.title, old.title)
    if score < TITLE_DUPLICATE_THRESHOLD:
        return None
    if new.year and old.year:
        slack = 1 if new.preprint or old.preprint else 0
        if abs(new.year - old.year) > slack:
            return None
    if new.surname and old.surname and new.surname != old.surname:
        return None
    kinds = _kinds_apart(candidate.entry_type, known.entry_type, by_title=True)
    if kinds:  # a book and its chapter, a thesis and its paper: one title, two works
        return Match(known, f"same title, but a different {kinds[0]}", POSSIBLE)
    missing = []
    if not (new.year and old.year):
        missing.append("a year is missing")
    if not (new.surname and old.surname):
        missing.append("an author list is missing")
    if not missing:
        return Match(known, "same title, year and first author")
    if is_distinctive(candidate.title):
        return Match(known, f"same title ({', '.join(missing)}, nothing differs)")
    return Match(known, f"title matches ({score:.0f}%) but {', '.join(missing)}", POSSIBLE)


def _apart(new: Facts, old: Facts) -> list[str]:
    """What else of two entries differs beside their titles: first author, year (one
    apart for a preprint), volume, number or pages."""
    apart = []
    if new.surname and old.surname and new.surname != old.surname:
        apart.append("first author")
    slack = 1 if new.preprint or old.preprint else 0
    if new.year and old.year and abs(new.year - old.year) > slack:
        apart.append("year")
    names = ("volume", "number", "pages")
    apart += [
        name for name, a, b in zip(names, new.series, old.series, strict=True) if a and b and a != b
    ]
    return apart


def _kinds_apart(first: str, second: str, by_title: bool = False) -> list[str]:
    """The types of two entries when they are two kinds of work: a whole and its part, or
    data and a text (["type (@book, @inbook)"]); else []. `by_title`: for two entries
    only a title joins, a thesis and a publication too (a thesis often has its paper's
    title, in the same year)."""
    a, b = first.lower(), second.lower()
    pairs = ((_WHOLE_TYPES, _PART_TYPES), (_DATA_TYPES, _TEXT_TYPES))
    if by_title:
        pairs += ((_THESIS_TYPES, _WHOLE_TYPES | _PART_TYPES),)
    if any((a in x and b in y) or (a in y and b in x) for x, y in pairs):
        return [f"type (@{first}, @{second})"]
    return []


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def is_distinctive(title: str) -> bool:
    """A title specific enough to name one work when nothing else contradicts it: at
    least three significant words ("Toy Models of Superposition"), not a column heading
    such as "Editorial", "Letters to the Editor" or "Book reviews"."""
    words = re.findall(r"[a-z0-9]+", ascii_fold_words(title))
    return len([word for word in words if word not in STOP_WORDS and len(word) > 2]) >= 3


def _title_score(first: str, second: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(first, second)


def titles_agree(first: str, second: str) -> bool:
    """Loosely the same title (a subtitle dropped, a word respelled) with the same
    numbers: two entries sharing an id whose titles do not agree are two papers, one of
    them given the wrong id."""
    from rapidfuzz import utils

    a, b = utils.default_process(first), utils.default_process(second)
    if not a or not b:
        return True
    shorter, longer = sorted((first, second), key=len)
    tokens, more = distinguishing_tokens(shorter), distinguishing_tokens(longer)
    if a.startswith(b) or b.startswith(a):
        return set(tokens) <= set(more)
    return tokens == more and title_similarity(a, b) >= SAME_PAPER_TITLE_RATIO


def title_similarity(first: str, second: str) -> float:
    """fuzz.ratio (0-100) of two titles, case and punctuation ignored."""
    from rapidfuzz import fuzz, utils

    return fuzz.ratio(first, second, processor=utils.default_process)
