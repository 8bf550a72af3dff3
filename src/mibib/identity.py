"""Paper identity: arXiv ids and DOIs as users paste them, citation keys, and the one
place that decides whether two entries are the same paper. Pure: no I/O.

model.py derives a Paper's arXiv id and DOI with the parsers here, so this module
uses Papers without importing model at run time.
"""

import re
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from mibib.model import Paper
    from mibib.title_index import TitleIndex

_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}"
_VERSION = r"(?:v\d+)?"
_ARXIV_ID = re.compile(rf"^(?P<id>{_NEW_ID}|{_OLD_ID})(?P<version>{_VERSION})$")
_ARXIV_URL = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html)/(?P<id>{_NEW_ID}|{_OLD_ID})(?P<version>{_VERSION})",
    re.IGNORECASE,
)
_ARXIV_IN_TEXT = re.compile(
    rf"arxiv[:\s.]*\s*(?P<id>{_NEW_ID}|{_OLD_ID})(?P<version>{_VERSION})", re.IGNORECASE
)
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(?P<doi>10\.\d{4,9}/\S+)$", re.I)
_ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.(?P<id>{_NEW_ID}|{_OLD_ID})$", re.I)


def parse_arxiv_id(text: str) -> tuple[str, str] | None:
    """Return (id without version, version or '') for a pasted arXiv id or URL, else None.

    Accepts `2407.02646`, `2407.02646v3`, `arXiv:2407.02646`, abs/pdf/html URLs with or
    without `.pdf`, and old-style ids such as `hep-th/9901001`.
    """
    text = text.strip()
    match = _ARXIV_URL.search(text)
    if match is None:
        bare = re.sub(r"^arxiv:\s*", "", text, flags=re.IGNORECASE)
        bare = re.sub(r"\.pdf$", "", bare)
        match = _ARXIV_ID.match(bare)
    if match is None:
        return None
    return match.group("id"), match.group("version")


def find_arxiv_id(text: str) -> str | None:
    """Find an arXiv id inside free text such as a URL, a journal or a note field."""
    for pattern in (_ARXIV_URL, _ARXIV_IN_TEXT):
        match = pattern.search(text)
        if match:
            return match.group("id")
    doi = parse_doi(text)
    if doi:
        arxiv = _ARXIV_DOI.match(doi)
        if arxiv:
            return arxiv.group("id")
    return None


def parse_doi(text: str) -> str | None:
    """Return the DOI in lower case for `10.x/y`, `doi:10.x/y` or a doi.org URL, else None."""
    match = _DOI.match(text.strip())
    return match.group("doi").lower() if match else None


# --- the same paper ------------------------------------------------------------------
#
# Two entries are the same paper when they share an arXiv id (any version, arXiv DOIs
# included) or a DOI. Different arXiv ids, different DOIs, different URLs on one host or
# a different volume, number or pages mean two works, whatever their titles. A title
# decides only when the ids cannot (neither entry has one, or only one of them: a
# preprint's arXiv id against the published version's DOI), and only with the same
# distinguishing tokens (numbers, version and month words), year (one apart for a
# preprint) and first author. Where a year or the authors are missing, a title of three
# significant words or more still decides; a short one ("Editorial", "Letters") is a
# POSSIBLE duplicate, for a person to decide.

SAME, POSSIBLE, CONFLICT = "same", "possible", "conflict"

# fuzz.ratio on normalised titles. 95 catches the same title re-typed (case, punctuation,
# a plural: 99-100) but not a follow-up paper: "Locating and Editing Factual Associations
# in GPT" vs "... in Mamba" scores 91.8 and must stay two entries.
TITLE_DUPLICATE_THRESHOLD = 95.0
# Below this, two entries sharing an id are two papers, one linked to the wrong id.
SAME_PAPER_TITLE_RATIO = 70.0

_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_WORD = re.compile(r"[a-z]+")
# Words that tell one paper of a series from the next ("Part II", "July 2024").
_SERIES_WORDS = frozenset({
    "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv", "xv",
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "spring", "summer", "autumn",
    "fall", "winter",
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
    if doi and _ARXIV_DOI.match(doi):
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
        url=_normal_url(paper.fields.get("url", "")),
        title=utils.default_process(title),
        tokens=distinguishing_tokens(title),
        year=paper.year,
        surname=first_surname(paper),
        preprint=preprint,
        series=series,  # type: ignore[arg-type]
    )


def distinguishing_tokens(title: str) -> tuple[str, ...]:
    """The numbers and series words of a title: "Qwen2.5 Technical Report" -> ("2.5",)."""
    lowered = title.lower()
    tokens = _NUMBER.findall(lowered)
    tokens += [word for word in _WORD.findall(lowered) if word in _SERIES_WORDS]
    return tuple(sorted(tokens))


def _normal_url(value: str) -> tuple[str, str] | None:
    """(host, path and query) of a URL, with the spellings of one page made equal: scheme,
    `www.`, a trailing slash or `index.html`, `.pdf`/`.html`, OpenReview's forum/pdf and
    NeurIPS proceedings' file/hash pages. None for arXiv and doi.org URLs (they are ids)."""
    value = value.strip()
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
        if differing:
            return Match(known, f"same {shared[0]}", CONFLICT, f"a different {differing[0]}")
        if not titles_agree(candidate.title, known.title):
            return Match(known, f"same {shared[0]}", CONFLICT, "a different title")
        return Match(known, f"same {shared[0]}")
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


def is_distinctive(title: str) -> bool:
    """A title specific enough to name one work when nothing else contradicts it: at
    least three significant words ("Toy Models of Superposition"), not a column heading
    such as "Editorial", "Letters to the Editor" or "Book reviews"."""
    words = re.findall(r"[a-z0-9]+", ascii_fold_words(title))
    return len([word for word in words if word not in STOP_WORDS and len(word) > 2]) >= 3


def _title_score(first: str, second: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(first, second)


_RANK = {SAME: 0, CONFLICT: 1, POSSIBLE: 2}


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
        for value in _id_keys(known):
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
        for value in _id_keys(known):
            _discard(self.by_id.get(value, []), paper)
        ids = (bool(known.arxiv), bool(known.doi))
        _discard(self.by_title.get((ids, known.title), {}).get(known.year, []), paper)

    def candidates(self, paper: "Paper", known: Facts | None = None) -> "list[Paper]":
        """Entries that share an id or URL with `paper`, or whose title is near its own."""
        known = known or facts(paper)
        found: dict[int, Paper] = {}
        for value in _id_keys(known):
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
        """The strongest match: SAME before CONFLICT before POSSIBLE, earliest entry first."""
        best = None
        for other in self.candidates(paper, known):
            found = compare(paper, other)
            if found is None:
                continue
            if best is None or (_RANK[found.verdict], other.line) < (
                _RANK[best.verdict],
                best.paper.line,
            ):
                best = found
        return best


def _id_keys(known: Facts) -> list[str]:
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


def find_duplicates_within(papers: "list[Paper]") -> list[Duplicate]:
    """Entries of one library that match an earlier one (in file order), each once."""
    index = Index()
    found = []
    for paper in sorted(papers, key=lambda item: item.line):
        known = facts(paper)  # looked up once: a large library's check does this for each
        match = index.match(paper, known)
        if match is not None:
            found.append(Duplicate(paper, match.paper, match.verdict, match.reason, match.detail))
        index.add(paper, known)
    return found


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


def first_surname(paper: "Paper") -> str:
    """The first author's surname, ASCII lower case; "" when the entry names no author."""
    authors = paper.authors
    if not authors or authors[0] == "others":
        return ""
    first = re.split(r"\s+and\s+", paper.fields.get("author", "").strip())[0]
    if first.startswith("{") or "," not in first:
        name = first if first.startswith("{") else authors[0].split(" ")[-1]
    else:
        name = first.split(",")[0]
    return ascii_fold(name)


# --- keys ------------------------------------------------------------------------------

# Words skipped when picking the title words of a key.
STOP_WORDS = frozenset({
    "a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "via", "towards", "toward",
    "how", "what", "why", "when", "is", "are", "do", "does", "from", "by", "at", "as", "into",
    "can", "we", "you", "our", "its", "their", "this", "that", "be", "or", "not", "no", "some",
})  # fmt: skip
# Letters NFKD does not split into an ASCII base and a mark.
_UNDECOMPOSABLE = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "œ": "oe"}
)
# A key BibTeX and bibtexparser both read back: no spaces, commas, braces, parentheses,
# quotes, `#`, `%`, `=`, backslash, `@` or `~`. The one rule for every path.
BIBTEX_KEY = re.compile(r"[^\s,{}()\"#%'=\\@~]+")


def make_key(paper: "Paper") -> str:
    """The one key generator: first author's surname, year, first significant title word
    (`elhage2022toy`); without authors, the first two significant title words around the
    year (`toy2022models`). ASCII, lower case; no year gives no digits."""
    words = [
        w for w in re.findall(r"[a-z0-9]+", ascii_fold_words(paper.title)) if w not in STOP_WORDS
    ]
    year = str(paper.year or "")
    surname = first_surname(paper)
    if surname:
        return f"{surname}{year}{words[0] if words else ''}"
    if not words:
        return f"anon{year}"
    return f"{words[0]}{year}{words[1] if len(words) > 1 else ''}"


def unique_key(key: str, taken: set[str]) -> str:
    """`key`, or `key` with the first free suffix a, b, … when it is taken.

    `taken` holds lower-case keys.
    """
    if key.lower() not in taken:
        return key
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        if f"{key}{suffix}".lower() not in taken:
            return f"{key}{suffix}"
    number = 2
    while f"{key}-{number}".lower() in taken:
        number += 1
    return f"{key}-{number}"


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: `Müller-Lüdenscheidt` -> `mullerludenscheidt`."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold_words(text))


def ascii_fold_words(text: str) -> str:
    from mibib.latex import latex_to_text

    text = latex_to_text(text).translate(_UNDECOMPOSABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def is_valid_key(key: str) -> bool:
    """The one key rule (`--key`, import, add): BibTeX-safe, read back unchanged."""
    return bool(BIBTEX_KEY.fullmatch(key))
