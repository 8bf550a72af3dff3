"""The Paper: one BibTeX entry plus its taxonomy tags, and the facets it is tagged by.

Pure: no I/O, no printing.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from mibib.authors import parse_authors
from mibib.identity.ids import find_arxiv_id, parse_doi
from mibib.latex import latex_to_text, latex_to_url, url_in_text


class Facet(NamedTuple):
    """A way entries are tagged. `name` is its taxonomy table (`[[technique]]`) and its
    command-line option (`--technique`); `plural` its JSON field, README column and label."""

    name: str
    plural: str


# The facets taxonomy.toml may define, in display order. The first is the categories:
# the README's sections, each with its own TL;DR. A new facet is one line here and
# its BibTeX field in bibtex/schema.py.
FACETS = (
    Facet("category", "categories"),
    Facet("technique", "techniques"),
    Facet("evaluation", "evaluation"),
)
FACET_NAMES = tuple(facet.name for facet in FACETS)
CATEGORY = FACETS[0].name
_YEAR = re.compile(r"\d{4}")
_PREPRINT = re.compile(r"arxiv|preprint|corr\b|to appear", re.IGNORECASE)


class Written(NamedTuple):
    """An imported entry as its file wrote it (see Paper.written): source[start:end].

    The file's text is held once, not as a copy per entry: an entry mibib does not change
    goes to the library as that stretch of it (a large import need not hold the file's
    text twice)."""

    source: str
    start: int
    end: int
    key: str
    entry_type: str
    fields: dict[str, str]  # as written_fields gives them
    own: tuple  # mibib's fields as read (schema.own_as_read)

    @property
    def text(self) -> str:
        return self.source[self.start : self.end]

    def __reduce__(self):  # pickled as the entry's text alone, never the whole file's
        return Written, (self.text, 0, self.end - self.start, *self[3:])


@dataclass(slots=True)  # no dictionary per entry: a large library holds many
class Paper:
    """An entry: its BibTeX fields (mibib's own excluded) and its taxonomy tags.

    `fields` keeps the values as written in the file (outer braces or quotes
    removed), in file order, with lower-case names. `tags` holds one list of
    taxonomy keys per facet, in the order they were given.
    """

    key: str
    entry_type: str = "article"
    fields: dict[str, str] = field(default_factory=dict)
    tags: dict[str, list[str]] = field(default_factory=dict)
    tldr: str = ""
    category_tldrs: dict[str, str] = field(default_factory=dict)
    line: int = 0
    # The BibTeX form of values written without braces or quotes (`dec`, a macro, a `#`
    # concatenation, a number), by field name: written back as they were; `fields`
    # holds their text for display and search.
    raw: dict[str, str] = field(default_factory=dict)
    # An entry brought in from another .bib file: its text as written there (with the `%`
    # lines just above it), its key and type there, and its fields as read (written_fields).
    # It is written as it was, with only what mibib changed; None for every other entry.
    written: "Written | None" = field(default=None, repr=False, compare=False)
    # Decoded values (title, authors, …) with the raw text they came from: LaTeX
    # decoding dominates large libraries, and the parse cache stores these too. A flat
    # list, raw then value for each name in MEMOS (None: none yet), made when first
    # needed: a dictionary of pairs took four times the memory.
    _derived: list | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in FACET_NAMES:
            self.tags.setdefault(name, [])

    @property
    def categories(self) -> list[str]:
        """The keys of the first facet: the README sections the entry is listed in."""
        return self.tags[CATEGORY]

    @categories.setter
    def categories(self, keys: list[str]) -> None:
        self.tags[CATEGORY] = keys

    def add_tags(self, facet: str, keys: Iterable[str]) -> list[str]:
        """Append the keys the entry lacks, in order; returns those added."""
        tags = self.tags[facet]
        added = []
        for key in keys:
            if key not in tags:
                tags.append(key)
                added.append(key)
        return added

    def remove_tags(self, facet: str, keys: Iterable[str]) -> tuple[list[str], list[str]]:
        """Remove the keys; returns (keys the entry did not have, categories whose own
        TL;DR was dropped with them)."""
        tags = self.tags[facet]
        missing, dropped = [], []
        for key in keys:
            if key not in tags:
                missing.append(key)
                continue
            tags.remove(key)
            if facet == CATEGORY and self.category_tldrs.pop(key, None):
                dropped.append(key)
        return missing, dropped

    def merge_tags(self, other: "Paper") -> bool:
        """Take the other entry's tags and TL;DRs this one lacks (the same paper listed
        twice): its TL;DR fills an empty one; what it says for a category this entry
        was not in becomes that category's own TL;DR. True when anything changed."""
        had = set(self.categories)
        changed = False
        for facet in FACET_NAMES:
            changed = bool(self.add_tags(facet, other.tags[facet])) or changed
        if other.tldr and not self.tldr:
            self.tldr, changed = other.tldr, True
        for category in dict.fromkeys([*other.categories, *other.category_tldrs]):
            text = other.tldr_for(category)
            if not text or text == self.tldr or category in self.category_tldrs:
                continue
            if not self.tldr:
                self.tldr = text
            elif category in had:
                continue  # the entry's own TL;DR for it stays
            else:
                self.category_tldrs[category] = text
            changed = True
        return changed

    def memo(self, name: str, raw, compute):
        """compute(raw), remembered on the paper until `raw` (text it derives from) changes."""
        derived, slot = self._derived, _MEMO_SLOTS[name]
        if derived is None:
            derived = self._derived = [None] * (2 * len(MEMOS))
        elif derived[slot] is not None and derived[slot] == raw:
            return derived[slot + 1]
        value = compute(raw)
        derived[slot], derived[slot + 1] = raw, value
        return value

    def decode(self) -> None:
        """Compute every decoded property now (before the parse cache stores the paper).

        A no-op once done: a value whose field changed since is recomputed when read."""
        derived = self._derived
        if derived is None or any(derived[_MEMO_SLOTS[name]] is None for name in _DECODED):
            for name in _DECODED:
                getattr(self, name)

    @property
    def title(self) -> str:
        return self.memo("title", self.fields.get("title", ""), latex_to_text)

    @property
    def authors(self) -> list[str]:
        return list(self.memo("authors", self.fields.get("author", ""), parse_authors))

    @property
    def year(self) -> int | None:
        return self.memo("year", self.fields.get("year") or self.fields.get("date", ""), _year)

    @property
    def venue(self) -> str:
        """The venue a reader would cite: booktitle, journal, or where a post appeared."""
        raw = tuple(map(self.fields.get, VENUE_FIELDS, _EMPTY))
        return self.memo("venue", raw, _venue)

    @property
    def arxiv(self) -> str | None:
        """The arXiv id without version, from eprint, url, doi, journal or note."""
        raw = tuple(map(self.fields.get, _ARXIV_FIELDS, _EMPTY))
        return self.memo("arxiv", raw, _arxiv)

    @property
    def doi(self) -> str | None:
        value = self.fields.get("doi", "")
        return self.memo("doi", value, parse_doi) if value else None

    @property
    def aliases(self) -> list[str]:
        """The entry's other keys (biblatex's `ids` field): documents may cite it by them."""
        value = self.fields.get(ALIAS_FIELD, "")
        return [key.strip() for key in value.split(",") if key.strip()]

    @property
    def web_url(self) -> str | None:
        """The entry's own web address: its url field, else the `\\url{...}` a @misc
        writes in howpublished (a note's link is often the code's, not the paper's)."""
        if self.fields.get("url"):
            return latex_to_url(self.fields["url"])
        return url_in_text(self.fields.get("howpublished", ""))

    @property
    def url(self) -> str | None:
        """The web address, else the arXiv or DOI page."""
        web_url = self.web_url
        if web_url:
            return web_url
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return None

    def tldr_for(self, category: str) -> str:
        """The TL;DR shown in one category's section: its own, else the general one."""
        return self.category_tldrs.get(category) or self.tldr

    def to_dict(self) -> dict:
        """The JSON object of `list --json`, `show --json` and `export json`."""
        return {
            "key": self.key,
            "type": self.entry_type,
            "title": self.title,
            "authors": self.authors,
            "year": self.year,
            "venue": self.venue or None,
            "arxiv": self.arxiv,
            "doi": self.doi,
            "url": self.url,
            **{facet.plural: list(self.tags[facet.name]) for facet in FACETS},
            "tldr": self.tldr or None,
            "category_tldrs": dict(self.category_tldrs),
        }


# biblatex's field for an entry's other keys (`ids = {old-key, other}`).
ALIAS_FIELD = "ids"
_DECODED = ("title", "authors", "year", "venue", "arxiv", "doi")
# Every name Paper.memo remembers a value under (identity.same keeps the identity facts).
MEMOS = (*_DECODED, "identity")
_MEMO_SLOTS = {name: 2 * index for index, name in enumerate(MEMOS)}
# One field under two names: biblatex's names for BibTeX's (biber reads `address` as
# `location`, `year` and `month` from `date`) and the common `authors` typo. An entry
# holding one is never given the other: it would say one thing twice, or two things.
_OTHER_NAMES: dict[str, tuple[str, ...]] = {}
for _first, _second in (
    ("address", "location"), ("annote", "annotation"), ("archiveprefix", "eprinttype"),
    ("journal", "journaltitle"), ("primaryclass", "eprintclass"), ("school", "institution"),
    ("author", "authors"), ("year", "date"), ("month", "date"),
):  # fmt: skip
    _OTHER_NAMES[_first] = (*_OTHER_NAMES.get(_first, ()), _second)
    _OTHER_NAMES[_second] = (*_OTHER_NAMES.get(_second, ()), _first)


def holds_field(fields: dict[str, str], name: str) -> bool:
    """Whether the fields hold `name`, under that name or another name for it."""
    return name in fields or any(other in fields for other in _OTHER_NAMES.get(name, ()))


# Fields naming where a paper appeared, in the order `venue` reads them.
VENUE_FIELDS = ("booktitle", "journal", "journaltitle", "howpublished")
# Where a new entry's venue is written, by entry type; any other type: howpublished.
VENUE_FIELD_BY_TYPE = {
    "article": "journal",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "conference": "booktitle",
    "proceedings": "booktitle",
    "techreport": "institution",
    "phdthesis": "school",
    "mastersthesis": "school",
}
_ARXIV_FIELDS = ("eprint", "archiveprefix", "eprinttype", "url", "doi", "journal", "note")
_ARXIV_FIELDS += ("howpublished", "volume")
_EMPTY = ("",) * len(_ARXIV_FIELDS)


def venue_field(entry_type: str) -> str:
    """The field a venue goes in for an entry of this type."""
    return VENUE_FIELD_BY_TYPE.get(entry_type, "howpublished")


def _year(value: str) -> int | None:
    match = _YEAR.search(value)
    return int(match.group()) if match else None


def _venue(values: tuple[str, ...]) -> str:
    *cited, published = values
    for value in cited:
        if value and not _PREPRINT.search(value):
            return latex_to_text(value)
    if published and "\\url" not in published and "://" not in published:
        return latex_to_text(published)
    return ""


def _arxiv(values: tuple[str, ...]) -> str | None:
    eprint, archiveprefix, eprinttype, *others, volume = values
    prefix = (archiveprefix or eprinttype).lower()
    if eprint and prefix in ("", "arxiv"):
        found = find_arxiv_id(f"arXiv:{eprint}")
        if found:
            return found
    for value in others:
        found = find_arxiv_id(value)
        if found:
            return found
    # dblp and Semantic Scholar: `journal = {CoRR}` or `{ArXiv}`, `volume = {abs/2005.02365}`.
    journal = values[_ARXIV_FIELDS.index("journal")]
    if volume.startswith("abs/") and _ARXIV_JOURNAL.fullmatch(journal):
        return find_arxiv_id(f"arXiv:{volume.removeprefix('abs/')}")
    return None


_ARXIV_JOURNAL = re.compile(r"\s*\{?(?:corr|arxiv)\}?\s*", re.IGNORECASE)
