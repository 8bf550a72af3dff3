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

# fuzz.ratio on normalised titles. 95 catches the same title re-typed (case, punctuation,
# a plural: 99-100) but not a follow-up paper: "Locating and Editing Factual Associations
# in GPT" vs "... in Mamba" scores 91.8 and must stay two entries.
TITLE_DUPLICATE_THRESHOLD = 95.0
# Below this, two entries sharing an id are two papers, one linked to the wrong id.
SAME_PAPER_TITLE_RATIO = 70.0
# `check` compares each title with this many neighbours in sorted order.
TITLE_WINDOW = 3

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


class Duplicate(NamedTuple):
    """`paper` looks like `first`, an entry before it: by `evidence` ('arXiv id', 'DOI'
    or 'title') and, for an id, its `value`."""

    paper: "Paper"
    first: "Paper"
    evidence: str
    value: str | None = None


def find_same_id(
    papers: "list[Paper]", arxiv: str | None = None, doi: str | None = None
) -> "tuple[Paper, str] | None":
    """The first entry with this arXiv id (without version) or DOI, and which one matched
    ('arXiv id' or 'DOI')."""
    for paper in papers:
        if arxiv and paper.arxiv == arxiv:
            return paper, "arXiv id"
        if doi and paper.doi == doi:
            return paper, "DOI"
    return None


def find_duplicate(papers: "list[Paper]", candidate: "Paper") -> "tuple[Paper, str] | None":
    """An entry that is the same paper: same arXiv id, DOI, or near-identical title;
    with the reason ("same arXiv id 2407.02646", "title matches (97%)")."""
    found = find_same_id(papers, candidate.arxiv, candidate.doi)
    if found is not None:
        value = candidate.arxiv if found[1] == "arXiv id" else candidate.doi
        return found[0], f"same {found[1]} {value}"
    match = best_title_match(candidate.title, [paper.title for paper in papers])
    if match is None:
        return None
    index, score = match
    return papers[index], f"title matches ({score:.0f}%)"


def best_title_match(title: str, titles: list[str]) -> tuple[int, float] | None:
    """(index, score) of the title in `titles` that is the same title re-typed, else None."""
    if not title or not titles:
        return None
    from rapidfuzz import fuzz, process, utils

    best = process.extractOne(
        title,
        titles,
        scorer=fuzz.ratio,
        processor=utils.default_process,
        score_cutoff=TITLE_DUPLICATE_THRESHOLD,
    )
    return None if best is None else (best[2], best[1])


def title_similarity(first: str, second: str) -> float:
    """fuzz.ratio (0-100) of two titles, case and punctuation ignored."""
    from rapidfuzz import fuzz, utils

    return fuzz.ratio(first, second, processor=utils.default_process)


def titles_agree(first: str, second: str) -> bool:
    """Loosely the same title (a subtitle dropped, a word respelled): two entries sharing
    an id whose titles do not agree are two papers, one of them given the wrong id."""
    from rapidfuzz import utils

    a, b = utils.default_process(first), utils.default_process(second)
    if not a or not b or a.startswith(b) or b.startswith(a):
        return True
    return title_similarity(a, b) >= SAME_PAPER_TITLE_RATIO


def find_duplicates_within(papers: "list[Paper]") -> list[Duplicate]:
    """Entries of one library that look like an earlier one: same id, or a title very close.

    Ids first, in file order; then titles. Near-identical titles sort next to each other:
    comparing neighbours finds them in O(n log n), where all pairs would take minutes
    on a large library.
    """
    from rapidfuzz import fuzz, utils

    found = []
    first_by: dict[tuple[str, str], Paper] = {}
    for paper in papers:
        for kind, value in (("arXiv id", paper.arxiv), ("DOI", paper.doi)):
            if not value:
                continue
            first = first_by.setdefault((kind, value), paper)
            if first is not paper:
                found.append(Duplicate(paper, first, kind, value))
    titled = sorted(
        (utils.default_process(paper.title), index) for index, paper in enumerate(papers)
    )
    titled = [(title, index) for title, index in titled if title]
    reported = set()
    for position, (title, index) in enumerate(titled):
        for other_title, other in titled[position + 1 : position + 1 + TITLE_WINDOW]:
            close = fuzz.ratio(title, other_title, score_cutoff=TITLE_DUPLICATE_THRESHOLD)
            if close and other not in reported:
                later, earlier = sorted((index, other), key=lambda i: papers[i].line, reverse=True)
                found.append(Duplicate(papers[later], papers[earlier], "title"))
                reported.add(later)
    return found


# --- keys ------------------------------------------------------------------------------

# Words skipped when picking the title word of a key.
STOP_WORDS = frozenset({
    "a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "via", "towards", "toward",
    "how", "what", "why", "when", "is", "are", "do", "does", "from", "by", "at", "as", "into",
    "can", "we", "our", "its", "their", "this", "that",
})  # fmt: skip
# TODO(issue 13): one key generator; imported list items still use these words.
LIST_STOP_WORDS = frozenset({
    "a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "via", "by", "from", "at",
    "is", "are", "do", "does", "can", "what", "how", "why", "when", "towards", "toward", "as",
    "into", "its", "their", "we", "you", "our", "be", "or", "not", "no", "this", "that", "some",
})  # fmt: skip
# Letters NFKD does not split into an ASCII base and a mark.
_UNDECOMPOSABLE = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "œ": "oe"}
)
# What `--key` accepts.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.+/\-]*$")
# What BibTeX and bibtexparser both accept as a key, so a written entry always reads back.
BIBTEX_KEY = re.compile(r"[^\s,{}()\"#%'=\\@~]+")


def make_key(paper: "Paper") -> str:
    """First author's surname, year, first significant title word: ASCII, lower case."""
    surname = "anon"
    authors = paper.authors
    if authors:
        first = re.split(r"\s+and\s+", paper.fields["author"].strip())[0]
        if first.startswith("{") or "," not in first:
            name = first if first.startswith("{") else authors[0].split(" ")[-1]
        else:
            name = first.split(",")[0]
        surname = ascii_fold(name) or "anon"
    year = str(paper.year) if paper.year else "nd"
    words = re.findall(r"[a-z0-9]+", ascii_fold_words(paper.title))
    word = next((w for w in words if w not in STOP_WORDS), "")
    return f"{surname}{year}{word}"


def make_list_key(paper: "Paper") -> str:
    """The key of an entry read from a paper list: `surnameYEARword` when the list names
    authors, else the first two significant title words around the year
    (`toy2022models`), without the year when none is known."""
    words = [word for word in _ascii_words(paper.title) if word not in LIST_STOP_WORDS]
    year = str(paper.year or "")
    if paper.authors and paper.authors[0] != "others":
        surname = (_ascii_words(paper.authors[0].split()[-1]) or ["anon"])[-1]
        return f"{surname}{year}{words[0] if words else ''}"
    if not words:
        return f"entry{year}"
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


def _ascii_words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", plain.lower())


def is_valid_key(key: str) -> bool:
    """A key `--key` accepts: letters, digits and `_:.+/-`, starting with a letter or digit."""
    return bool(KEY_PATTERN.match(key))


def is_bibtex_key(key: str) -> bool:
    """BibTeX-safe: no spaces, commas, braces, quotes, `=`, `#` or `%`."""
    return bool(BIBTEX_KEY.fullmatch(key))
