"""`import --fetch`: complete imported entries from arXiv records and DOI metadata. Pure.

A list often gives only a title and a link. An entry with an arXiv id or DOI that lacks
authors or a year, or whose title the list wrote in one case ("locating and editing
factual associations in gpt"), takes them from the source; what the list gives is kept.
The CLI does the fetching and hands the answers here.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from mibib.authors import format_authors
from mibib.identity.same import titles_agree
from mibib.model import Paper


@dataclass
class FillReport:
    """What --fetch did, for the import report."""

    wanted: int = 0  # entries that lacked something and had an id to ask about
    filled: dict[str, int] = field(default_factory=dict)  # field -> entries filled
    unknown: list[str] = field(default_factory=list)  # ids the sources do not know
    offline: list[str] = field(default_factory=list)  # one line per source not reached
    notes: list[str] = field(default_factory=list)  # titles unlike the source's

    def count(self, names: list[str]) -> None:
        for name in names:
            self.filled[name] = self.filled.get(name, 0) + 1


def needs_filling(paper: Paper) -> bool:
    """An entry the sources can complete: it has an id and lacks authors or a year, or
    its title is written in one case."""
    if not (paper.arxiv or paper.doi):
        return False
    return not paper.fields.get("author") or not paper.year or _one_case(paper.title)


def fill_paper(
    paper: Paper,
    title: str,
    authors: list[str],
    year: int | None,
    source: str,
    report: FillReport,
    escape: Callable[[str], str] = str,
) -> list[str]:
    """Fill what the entry lacks from one source's answer; returns the fields filled.

    The title is replaced only to fix its case (the same letters); a title unlike the
    source's is kept and reported, since the list's id may point at another paper.
    """
    filled = []
    if authors and not paper.fields.get("author"):
        paper.fields["author"] = escape(format_authors(authors))
        filled.append("author")
    if year and not paper.year:
        paper.fields["year"] = str(year)
        filled.append("year")
    if title and _letters(title) == _letters(paper.title):
        if title != paper.title:
            paper.fields["title"] = escape(title)
            filled.append("title")
    elif title and not titles_agree(title, paper.title):
        ident = paper.arxiv or paper.doi
        report.notes.append(
            f"line {paper.line}: the list calls {ident} '{_short(paper.title)}' but {source} "
            f"says '{_short(title)}' (kept the list's title; check the link)"
        )
    if filled and paper.entry_type == "online" and paper.year:
        paper.entry_type = "misc"  # it has a year now: a citation, not just a link
    report.count(filled)
    return filled


def _one_case(title: str) -> bool:
    letters = [char for char in title if char.isalpha()]
    return len(letters) > 3 and (
        all(char.islower() for char in letters) or all(char.isupper() for char in letters)
    )


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
