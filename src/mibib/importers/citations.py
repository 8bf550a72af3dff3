"""A reference written out as a citation -> its authors, title, venue and year. Pure.

Reference lists (a paper's bibliography pasted into a README, a lab's reading list) give
no linked or bold title, only the citation:
`Bai, X.-C., McMullan, G. & Scheres, S. H. W. How cryo-EM is revolutionizing structural
biology. Trends Biochem. Sci. 40, 49–57 (2015).` (Nature),
`Xiao, T., & Wang, X. (2015). Title. In Proceedings of …` (APA),
`A. Krizhevsky, I. Sutskever, and G. Hinton. Title. In NIPS, 2012.` (initials first).
The authors come first and must all read as names; the title is the sentence after
them; what follows names the venue, and a year must be there. Anything else is not a
citation (None), so prose and titles of other shapes pass through untouched.
"""

import re
from dataclasses import dataclass

from mibib.importers.details import PERIOD_END
from mibib.importers.names import read_authors
from mibib.importers.wording import reads_like_title

_INITIALS = r"(?:[A-Z][a-z]?\.(?:\s?-?[A-Z][a-z]?\.)*)"  # "M. C.", "X.-C.", "S. H. W."
_UPPER = r"[^\W\d_a-z]"  # a capital, accented ones (Š, Ö) too
# "Bai", "van Seijen", "Dal Peraro" (a particle, never the `and` between two names)
_SURNAME = rf"(?:(?!and\s)[a-z]{{1,3}}\s)*{_UPPER}[\w'’\-]*(?:\s{_UPPER}[\w'’\-]+)?"
_INVERTED = rf"(?<![\w'’\-])(?P<last>{_SURNAME}),\s*(?P<first>{_INITIALS})"  # "Bai, X.-C."
_INVERTED_NAME = re.compile(_INVERTED)
# Between two names: a comma or spaces, then maybe `&` or `and` (each text read one way
# only, so a long line that is not a citation fails fast).
_BETWEEN = r"(?:,\s*|\s+)(?:(?:\.\.\.|…),?\s+)?(?:(?:&|and)\s+)?"  # APA's `..., & Last, F.` too
_INVERTED_LIST = re.compile(
    rf"^{_INVERTED}(?:{_BETWEEN}{_SURNAME},\s*{_INITIALS})*(?P<others>,?\s+et al\.)?\s+"
)
# An organisation signing a paper: `wwPDB Consortium.`, `The ATLAS Collaboration.`
_GROUP = re.compile(
    r"^(?P<group>(?:[\w&-]+\s){1,4}(?:Consortium|Collaboration|Committee|Working Group|"
    r"Project Team))\.\s+(?=[A-Z])"
)
# An organisation signing a report, APA's way: `OpenAI. (2023). Title.`, `Google DeepMind.
# (2024). Title.`: capitalised words, then the year in parentheses.
_APA_GROUP = re.compile(
    r"^(?P<group>[^\W\d_a-z][\w&'’-]*(?:\s[^\W\d_a-z][\w&'’-]*){0,4})\.\s+(?=\((?:19|20)\d\d[a-z]?\))"
)
_APA_YEAR = re.compile(r"^\((?P<year>(?:19|20)\d\d)[a-z]?\)[.,:]?\s+")
# Chicago's first author, surname first with the given names written out (`Bertrand,
# Marianne, Esther Duflo, and Sendhil Mullainathan. (2004)`, `Nickell, Stephen. 1981.`):
# the others in natural order; a year must follow the names.
_CHICAGO_FIRST = re.compile(
    rf"^(?P<last>{_SURNAME}),\s+(?P<first>{_UPPER}[\w'’-]*\.?(?:\s{_UPPER}[\w'’-]*\.?){{0,2}})"
    r"(?P<sep>\.\s+|,\s+(?:and\s+)?|\s+and\s+)"
)
_CHICAGO_YEAR = re.compile(r"^\(?(?P<year>(?:19|20)\d\d)[a-z]?\)?[.,:]\s+")
# A title in quotes after the names and year: `"Title." Journal` (the period inside).
_QUOTED_TITLE = re.compile(r'^["“](?P<title>[^"“”]{8,}?)[.,]?["”][.,]?(?:\s+|$)')
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_TITLE_THEN_YEAR = re.compile(r"(?P<title>[^\W\d_].{8,}?),\s*(?P<year>(?:19|20)\d\d)\.?")
# Where a title ends: a period, ? or ! and a space, not after an initial or a word like "vs".
_TITLE_END = re.compile(PERIOD_END.pattern + r"|(?<=[?!])[\"”]?\s+(?=\S)|\.[\"”]\s+(?=\S)")


@dataclass
class Citation:
    authors: list[str]
    title: str
    venue: str
    year: int


def read_citation(text: str) -> Citation | None:
    """The citation `text` is (its numbering already taken off), or None."""
    text = " ".join(text.split())
    found = (
        _inverted_authors(text)
        or _chicago_authors(text)
        or _initials_first_authors(text)
        or _group_author(text)
    )
    if found is None:
        return None
    authors, rest = found
    year = None
    apa = _APA_YEAR.match(rest) or _CHICAGO_YEAR.match(rest)
    if apa:
        year, rest = int(apa.group("year")), rest[apa.end() :]
    quoted = _QUOTED_TITLE.match(rest)
    if quoted and year is not None and reads_like_title(quoted.group("title")):
        venue = _venue_name(rest[quoted.end() :])
        return Citation(authors, quoted.group("title").strip(), venue, year)
    end = _TITLE_END.search(rest)
    dated = _TITLE_THEN_YEAR.fullmatch(rest) if end is None and year is None else None
    if dated:  # `Gamboa, F., and Lagnoux, A. Title, 2020.`: the title, then only the year
        return Citation(authors, dated.group("title"), "", int(dated.group("year")))
    if end is None and year is None:
        return None
    title = (rest[: end.start() + 1] if end else rest).strip().rstrip(".").strip('"“”')
    venue_text = rest[end.end() :] if end else ""
    if year is None:
        years = _YEAR.findall(venue_text)
        year = int(years[-1]) if years else None
    if year is None or not reads_like_title(title) or title[:1].islower():
        return None
    return Citation(authors, title, _venue_name(venue_text), year)


def _inverted_authors(text: str) -> tuple[list[str], str] | None:
    """`Surname, I. I., Surname, I. & Surname, I.` (et al.) opening the text."""
    match = _INVERTED_LIST.match(text)
    if match is None:
        return None
    names = [
        f"{found.group('first')} {found.group('last')}"
        for found in _INVERTED_NAME.finditer(match.group(0))
    ]
    if match.group("others"):
        names.append("others")
    return names, text[match.end() :]


def _chicago_authors(text: str) -> tuple[list[str], str] | None:
    """`Bertrand, Marianne, Esther Duflo, and Sendhil Mullainathan. (2004)`: the first
    author inverted with given names in full, the others as written; a year after them."""
    first = _CHICAGO_FIRST.match(text)
    if first is None:
        return None
    names = [f"{first.group('first').rstrip('.')} {first.group('last')}"]
    rest = text[first.end() :]
    if not first.group("sep").startswith("."):
        end = re.search(r"\.\s+(?=\(?(?:19|20)\d\d)", rest)
        others = read_authors(rest[: end.start()], trusted=True) if end else []
        if not others:
            return None
        names += others
        rest = rest[end.end() :]
    return (names, rest) if _CHICAGO_YEAR.match(rest) else None


def _group_author(text: str) -> tuple[list[str], str] | None:
    """`wwPDB Consortium. Title. Journal …` or `OpenAI. (2023). Title.`: a consortium,
    collaboration or organisation as the author (braced when it has several words, so
    BibTeX keeps it one name)."""
    match = _GROUP.match(text)
    if match is not None:
        return [match.group("group")], text[match.end() :]
    match = _APA_GROUP.match(text)
    if match is None:
        return None
    group = match.group("group")
    return [group if " " not in group else f"{{{group}}}"], text[match.end() :]


def _initials_first_authors(text: str) -> tuple[list[str], str] | None:
    """`A. Krizhevsky, I. Sutskever, and G. Hinton.`: a first sentence of names only."""
    end = PERIOD_END.search(text)
    if end is None:
        return None
    names = read_authors(text[: end.start()], trusted=False)
    return (names, text[end.end() :]) if names else None


def _venue_name(text: str) -> str:
    """`in Advances in Neural Information Processing Systems 5998–6008 (2017).` ->
    `Advances in Neural Information Processing Systems`: the words before the volume,
    pages or year."""
    text = re.sub(r"^(?:in|In)\s+", "", text.strip())
    words = []
    for word in text.split():
        if re.match(r"[\d(]", word) or _YEAR.fullmatch(word.strip(".,;:")):
            break
        if word.lower().strip(".,") in ("vol", "volume", "issue", "no", "pp", "pages"):
            break
        if "://" in word or word.lower().startswith(("arxiv:", "doi:", "www.")):
            break
        words.append(word)
        if word.endswith(","):
            break
    return " ".join(words).strip(" ,;:").removesuffix(".")
