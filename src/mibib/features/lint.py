"""Lint a library against its taxonomy. Pure: no I/O, no printing."""

import re
from dataclasses import dataclass

from mibib.bibtex.schema import UNVERIFIED_FIELD
from mibib.identity import CONFLICT, SAME, find_duplicates_within, parse_arxiv_id
from mibib.model import ALIAS_FIELD, FACET_NAMES, Paper
from mibib.taxonomy import Taxonomy

ERROR = "error"
WARNING = "warning"
CITABLE_TYPES = {"article", "inproceedings", "incollection", "book", "phdthesis", "mastersthesis"}
UNDATED_TYPES = {"online", "software"}
# Types that name who published them, not a venue.
_PUBLISHED_BY = {
    "book": ("publisher",),
    "phdthesis": ("school", "institution"),
    "mastersthesis": ("school", "institution"),
}
# LaTeX's specials that stop it (& #) or hide the rest of a line (%) unless escaped.
_UNESCAPED = re.compile(r"(?<!\\)[&#%]")


@dataclass(frozen=True)
class Problem:
    line: int
    key: str
    severity: str
    message: str


def lint_papers(papers: list[Paper], taxonomy: Taxonomy) -> list[Problem]:
    """Every problem of every entry, in file order."""
    problems: list[Problem] = []
    by_key = {paper.key.lower(): paper for paper in papers}
    for paper in papers:
        # An entry with `crossref` takes the fields it lacks from that entry (BibTeX's
        # rule): a paper's year and venue are often its proceedings'.
        parent = by_key.get(paper.fields.get("crossref", "").strip().lower())
        problems += _lint_paper(paper, taxonomy, parent)
    problems += _lint_duplicates(papers)
    problems += _lint_aliases(papers, by_key)
    return sorted(problems, key=lambda problem: (problem.line, problem.key))


def _lint_paper(paper: Paper, taxonomy: Taxonomy, parent: Paper | None = None) -> list[Problem]:
    found = []

    def report(severity: str, message: str) -> None:
        found.append(Problem(paper.line, paper.key, severity, message))

    for facet in FACET_NAMES:
        for tag in paper.tags[facet]:
            if taxonomy.get(facet, tag) is None:
                report(ERROR, taxonomy.unknown_message(facet, tag))
    for category in paper.category_tldrs:
        if category not in paper.categories:
            report(WARNING, f"TL;DR for '{category}', which is not one of the entry's categories")
    if not paper.title:
        report(ERROR, "no title")
    if paper.year is None and not (parent and parent.year):
        # A web page or a tool (biblatex @online, @software) often has no year; a paper must.
        report(WARNING if paper.entry_type in UNDATED_TYPES else ERROR, "no year")
    year = paper.fields.get("year", "").strip()
    if year and not re.fullmatch(r"\d{4}", year):
        severity = ERROR if re.search(r"\d", year) else WARNING
        report(severity, f"year '{year}' is not a four-digit year")
    for name in ("title", "booktitle", "journal"):
        value = paper.fields.get(name, "")
        if "$" in value and len(re.findall(r"(?<!\\)\$", value)) % 2:  # most have none
            report(ERROR, f"the {name} opens math with $ and never closes it; LaTeX would stop")
        specials = "&" in value or "%" in value or "#" in value  # most have none
        for char in sorted(set(_UNESCAPED.findall(value))) if specials else ():
            if char == "%":
                report(WARNING, f"the {name} has a % LaTeX would read as a comment; write \\%")
            else:
                report(
                    ERROR, f"the {name} has an unescaped {char}; LaTeX would stop (write \\{char})"
                )
    if not paper.authors and not paper.fields.get("editor", "").strip():
        report(WARNING, "no authors")
    venue = paper.venue or (parent and (parent.venue or parent.title))
    if paper.entry_type in CITABLE_TYPES and not venue and not paper.arxiv:
        names = _PUBLISHED_BY.get(paper.entry_type)
        if names is None:
            report(WARNING, "no venue (booktitle or journal) and no arXiv id")
        elif not any(
            paper.fields.get(name) or (parent and parent.fields.get(name)) for name in names
        ):
            report(WARNING, f"no {names[0]}")
    eprint = paper.fields.get("eprint", "")
    prefix = (paper.fields.get("archiveprefix") or paper.fields.get("eprinttype", "")).lower()
    if eprint and prefix in ("arxiv", "") and parse_arxiv_id(eprint) is None and prefix:
        report(ERROR, f"malformed arXiv id '{eprint}' (expected e.g. 2407.02646)")
    if not paper.categories:
        report(WARNING, "no category (tag it with `mibib tag`)")
    unverified = paper.fields.get(UNVERIFIED_FIELD, "").strip()
    if unverified:
        report(WARNING, f"unverified fields: {unverified} (check them against the paper)")
    return found


def _lint_aliases(papers: list[Paper], by_key: dict[str, Paper]) -> list[Problem]:
    """An entry's other key (`ids`) must name it alone: not another entry's key or alias."""
    found, claimed = [], {}
    for paper in papers:
        for alias in paper.aliases if ALIAS_FIELD in paper.fields else ():
            other = by_key.get(alias.lower()) or claimed.get(alias.lower())
            if other is not None and other is not paper:
                found.append(Problem(paper.line, paper.key, ERROR, (
                    f"its other key '{alias}' (ids) also names '{other.key}' (line "
                    f"{other.line}): a citation of it would find two entries"
                )))  # fmt: skip
            claimed.setdefault(alias.lower(), paper)
    return found


def _lint_duplicates(papers: list[Paper]) -> list[Problem]:
    """Pairs by identity's rule: the same paper twice or an id on two papers is an error;
    a possible duplicate (a near title without decisive evidence) is a warning."""
    found = []
    for duplicate in find_duplicates_within(papers):
        first = duplicate.first
        where = f"'{first.key}' (line {first.line})"
        if duplicate.verdict == SAME:
            severity, message = ERROR, f"{duplicate.reason} as {where}; merge them"
        elif duplicate.verdict == CONFLICT:
            severity = ERROR
            message = (
                f"{duplicate.reason} as {where} but {duplicate.detail}: "
                "one of them has the wrong id"
            )
        else:
            severity = WARNING
            message = (
                f"possible duplicate of {where}: {duplicate.reason} "
                "(the same paper? merge them, or leave both)"
            )
        found.append(Problem(duplicate.paper.line, duplicate.paper.key, severity, message))
    return found
