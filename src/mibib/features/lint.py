"""Lint a library against its taxonomy. Pure: no I/O, no printing."""

from dataclasses import dataclass

from mibib.bibtex.schema import UNVERIFIED_FIELD
from mibib.identity import find_duplicates_within, parse_arxiv_id
from mibib.model import FACET_NAMES, Paper
from mibib.taxonomy import Taxonomy

ERROR = "error"
WARNING = "warning"
CITABLE_TYPES = {"article", "inproceedings", "incollection", "book", "phdthesis", "mastersthesis"}
UNDATED_TYPES = {"online", "software"}


@dataclass(frozen=True)
class Problem:
    line: int
    key: str
    severity: str
    message: str


def lint_papers(papers: list[Paper], taxonomy: Taxonomy) -> list[Problem]:
    """Every problem of every entry, in file order."""
    problems: list[Problem] = []
    for paper in papers:
        problems += _lint_paper(paper, taxonomy)
    problems += _lint_duplicates(papers)
    return sorted(problems, key=lambda problem: (problem.line, problem.key))


def _lint_paper(paper: Paper, taxonomy: Taxonomy) -> list[Problem]:
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
    if paper.year is None:
        # A web page or a tool (biblatex @online, @software) often has no year; a paper must.
        report(WARNING if paper.entry_type in UNDATED_TYPES else ERROR, "no year")
    if not paper.authors:
        report(WARNING, "no authors")
    if paper.entry_type in CITABLE_TYPES and not paper.venue and not paper.arxiv:
        report(WARNING, "no venue (booktitle or journal) and no arXiv id")
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


def _lint_duplicates(papers: list[Paper]) -> list[Problem]:
    found = []
    for duplicate in find_duplicates_within(papers):
        paper, first = duplicate.paper, duplicate.first
        if duplicate.evidence == "title":
            severity = WARNING
            message = f"title very close to '{first.key}' (line {first.line}); the same paper?"
        else:
            severity = ERROR
            message = (
                f"same {duplicate.evidence} {duplicate.value} as '{first.key}' "
                f"(line {first.line}); merge them"
            )
        found.append(Problem(paper.line, paper.key, severity, message))
    return found
