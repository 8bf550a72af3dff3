"""Lint a library against its taxonomy. Pure: no I/O, no printing."""

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass

from mibib.authors import comma_joined_names
from mibib.bibtex.diagnose import names_bibtex_cannot_read
from mibib.bibtex.macros import MONTHS, macro_names
from mibib.bibtex.schema import UNVERIFIED_FIELD
from mibib.identity.ids import parse_arxiv_id
from mibib.identity.index import Duplicate, find_duplicates_within
from mibib.identity.kept import KeptDuplicates
from mibib.identity.same import CONFLICT, SAME, SHARED
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
_FOUR_DIGITS = re.compile(r"\d{4}")
_DIGIT = re.compile(r"\d")
_DOLLAR = re.compile(r"(?<!\\)\$")
_NEW_STYLE_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?")  # most ids: no parse needed


# Raise when an entry's own findings change for the same text and taxonomy (a new rule,
# another message): findings kept by an earlier check are then worked out again.
_FINDINGS_FORMAT = 1


@dataclass(frozen=True)
class Problem:
    line: int
    key: str
    severity: str
    message: str


def lint_papers(
    papers: list[Paper],
    taxonomy: Taxonomy,
    strings: Collection[str] | None = None,
    kept: "KeptFindings | None" = None,
) -> list[Problem]:
    """Every problem of every entry, in file order. `strings`: the names the library's
    @string blocks define, when its macros are to be checked; `kept`: each entry's own
    findings from an earlier check, by what they derive from (only the entries whose
    text changed since are linted)."""
    problems: list[Problem] = []
    by_key = {paper.key.lower(): paper for paper in papers}
    known = {facet: taxonomy.facet(facet) for facet in FACET_NAMES}
    kept_findings = kept.lookup() if kept else [None] * len(papers)
    for number, paper in enumerate(papers):
        # An entry with `crossref` takes the fields it lacks from that entry (BibTeX's
        # rule): a paper's year and venue are often its proceedings'.
        crossref = paper.fields.get("crossref")
        parent = by_key.get(crossref.strip().lower()) if crossref else None
        if crossref:  # what a parent says is not in the entry's text: never kept
            found = _lint_paper(paper, taxonomy, known, parent)
        else:
            found = kept_findings[number]
            if found is None:
                found = _lint_paper(paper, taxonomy, known)
                if kept:
                    kept.keep(number, found)
        if found:
            problems += [Problem(paper.line, paper.key, level, text) for level, text in found]
        if crossref and parent is None:
            message = f"crossref '{crossref.strip()}' names no entry of the library"
            problems.append(Problem(paper.line, paper.key, WARNING, message))
        elif parent is not None and parent.line < paper.line:
            message = (
                f"crossref '{crossref.strip()}' comes before this entry (line {parent.line}), "
                "where BibTeX does not read it; move that entry after this one"
            )
            problems.append(Problem(paper.line, paper.key, WARNING, message))
    duplicates = kept.duplicates.find(papers) if kept else find_duplicates_within(papers)
    problems += _lint_duplicates(duplicates)
    problems += _lint_aliases(papers, by_key)
    if strings is not None:
        problems += _lint_macros(papers, {name.lower() for name in strings})
    return sorted(problems, key=lambda problem: (problem.line, problem.key))


def _lint_paper(
    paper: Paper, taxonomy: Taxonomy, known: dict, parent: Paper | None = None
) -> list[tuple[str, str]]:
    """The entry's own problems, as (severity, message) (`known`: each facet's nodes by
    key). Run on every entry by `check`: the common case (no problem) is kept to a few
    look-ups. Its findings are kept between checks (KeptFindings): raise
    _FINDINGS_FORMAT when what it finds for an entry of the same text changes."""
    found = []
    fields = paper.fields
    for facet in FACET_NAMES:
        nodes = known[facet]
        for tag in paper.tags[facet]:
            if tag not in nodes:
                found.append((ERROR, taxonomy.unknown_message(facet, tag)))
    for category in paper.category_tldrs:
        if category not in paper.categories:
            message = f"TL;DR for '{category}', which is not one of the entry's categories"
            found.append((WARNING, message))
    if not paper.key.strip():
        found.append((ERROR, "no key: it cannot be cited (give it one)"))
    if not paper.title:
        found.append((ERROR, "no title"))
    for name in names_bibtex_cannot_read(fields):
        found.append((ERROR, f"BibTeX cannot read the field name '{name}' (rename it)"))
    if paper.year is None and not (parent and parent.year):
        # A web page or a tool (biblatex @online, @software) often has no year; a paper must.
        found.append((WARNING if paper.entry_type in UNDATED_TYPES else ERROR, "no year"))
    year = fields.get("year", "").strip()
    if year and not _FOUR_DIGITS.fullmatch(year):
        severity = ERROR if _DIGIT.search(year) else WARNING
        found.append((severity, f"year '{year}' is not a four-digit year"))
    for name in ("title", "booktitle", "journal"):
        value = fields.get(name, "")
        if "$" in value and len(_DOLLAR.findall(value)) % 2:  # most have none
            message = f"the {name} opens math with $ and never closes it; LaTeX would stop"
            found.append((ERROR, message))
        specials = "&" in value or "%" in value or "#" in value  # most have none
        for char in sorted(set(_UNESCAPED.findall(value))) if specials else ():
            if char == "%":
                message = f"the {name} has a % LaTeX would read as a comment; write \\%"
                found.append((WARNING, message))
            else:
                message = f"the {name} has an unescaped {char}; LaTeX would stop (write \\{char})"
                found.append((ERROR, message))
    for name in ("author", "editor"):
        for crowded in comma_joined_names(fields.get(name, "")):
            shown = crowded if len(crowded) <= 60 else crowded[:59] + "…"
            message = (
                f"the {name} '{shown}' is names joined by commas; BibTeX reads one name "
                "with too many commas (join names with ' and ')"
            )
            found.append((WARNING, message))
    if not paper.authors and not fields.get("editor", "").strip():
        found.append((WARNING, "no authors"))
    venue = paper.venue or (parent and (parent.venue or parent.title))
    if paper.entry_type in CITABLE_TYPES and not venue and not paper.arxiv:
        names = _PUBLISHED_BY.get(paper.entry_type)
        if names is None:
            found.append((WARNING, "no venue (booktitle or journal) and no arXiv id"))
        elif not any(fields.get(name) or (parent and parent.fields.get(name)) for name in names):
            found.append((WARNING, f"no {names[0]}"))
    eprint = fields.get("eprint", "")
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype", "")).lower()
    plain_id = _NEW_STYLE_ARXIV_ID.fullmatch(eprint)
    if eprint and prefix == "arxiv" and not plain_id and parse_arxiv_id(eprint) is None:
        found.append((ERROR, f"malformed arXiv id '{eprint}' (expected e.g. 2407.02646)"))
    if not paper.categories:
        found.append((WARNING, "no category (tag it with `mibib tag`)"))
    unverified = fields.get(UNVERIFIED_FIELD, "").strip()
    if unverified:
        message = f"unverified fields: {unverified} (check them against the paper)"
        found.append((WARNING, message))
    return found


def _lint_macros(papers: list[Paper], defined: set[str]) -> list[Problem]:
    """A value naming a @string no block defines: BibTeX prints nothing for it."""
    found = []
    for paper in papers:
        for name, expression in paper.raw.items():
            for macro in macro_names(expression):
                if macro.lower() not in defined and macro.lower() not in MONTHS:
                    message = f"the {name} uses @string '{macro}', which no @string defines"
                    found.append(Problem(paper.line, paper.key, WARNING, message))
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


def _lint_duplicates(duplicates: list[Duplicate]) -> list[Problem]:
    """Pairs by identity's rule: the same paper twice or an id on two papers is an error;
    a possible duplicate (a near title without decisive evidence) and a DOI two works
    share are warnings."""
    found = []
    for duplicate in duplicates:
        first = duplicate.first
        where = f"'{first.key}' (line {first.line})"
        if duplicate.verdict == SAME:
            severity, message = ERROR, f"{duplicate.reason} as {where}; merge them"
        elif duplicate.verdict == SHARED:
            severity = WARNING
            message = (
                f"shares {duplicate.reason.removeprefix('same ')} with {where}, another work "
                f"({duplicate.detail}); if the DOI is one work's, correct the other's"
            )
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


class KeptFindings:
    """Each entry's own findings (severity, message) from an earlier check, by what they
    derive from: the entry's key and fingerprint (a digest of its text and of the @string
    definitions: storage.entry_fingerprints) and the taxonomy. An entry read from the
    same text, checked against the same taxonomy, has the findings it had then: a check
    after a one-entry edit lints that entry, and looks the others up. What the search
    for duplicates kept of each entry is kept with them (identity.kept)."""

    def __init__(self, state, fingerprints: list, papers: list[Paper], taxonomy: Taxonomy):
        # One name per entry, in the order of the papers: what its reading depends on.
        self.names = [(mark, paper.key) for mark, paper in zip(fingerprints, papers, strict=True)]
        self.stamp = (_FINDINGS_FORMAT, hashlib.sha256(repr(taxonomy).encode()).hexdigest())
        usable = isinstance(state, dict) and state.get("stamp") == self.stamp
        self.old: dict = state["found"] if usable else {}
        self.found: list = []  # each entry's findings, once looked up (None: not kept)
        self.linted = 0  # entries not found, linted again
        self.duplicates = KeptDuplicates(state.get("duplicates") if usable else None, self.names)

    def lookup(self) -> list:
        """Each entry's findings as kept (None where not: lint it, and `keep` them)."""
        self.found = [self.old.get(name) for name in self.names]
        return self.found

    def keep(self, number: int, found: list) -> None:
        self.found[number] = tuple(found)
        self.linted += 1

    @property
    def changed(self) -> bool:
        """Whether the state differs from the one it was made from (worth keeping again)."""
        kept = len(self.found) - self.found.count(None)
        return bool(self.linted) or kept != len(self.old) or self.duplicates.changed

    def state(self) -> dict:
        found = {name: found for name, found in zip(self.names, self.found, strict=True)
                 if found is not None}  # fmt: skip
        return {"stamp": self.stamp, "found": found, "duplicates": self.duplicates.state()}
