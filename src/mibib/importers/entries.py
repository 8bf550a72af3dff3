"""ListItems -> Papers (BibTeX fields and keys), and list tags -> taxonomy keys. Pure.

Keys come from identity.keys.make_key, the one key generator; clashes get a suffix (unique_key).
"""

import re
from dataclasses import dataclass, field

from mibib.authors import format_authors
from mibib.identity.keys import make_key
from mibib.importers.evidence import ListItem
from mibib.importers.venues import entry_type_for, year_from_url
from mibib.latex import text_to_latex
from mibib.model import Paper
from mibib.taxonomy import Taxonomy, normalize_label

EMPTY_TAGS = {"", "n/a", "na", "none", "-", "–", "—", "null", "nil", "tbd", "?"}
# fuzz.ratio (edit similarity, 0-100) accepted for a tag or heading spelled differently
# from a node: 85 admits a typo or a plural in a 10-20 letter label ("Minimaliity",
# "Findings on circuit"), but not a label that merely contains a node's name
# ("Findings" vs "Findings on Features": 57), which would misfile whole sections.
FUZZY_CUTOFF = 85.0


def item_to_paper(item: ListItem) -> Paper:
    """A new entry for an item: what the list gives (title, authors, venue, year, month,
    ids, paper and code links), in BibTeX's spelling; text shows as the list shows it
    (text_to_latex: braces, backslashes, `^` and `--` included)."""
    year = item.year or _arxiv_year(item.arxiv) or year_from_url(item.url)
    entry_type, venue_field = entry_type_for(item.venue, year)
    fields = {"title": text_to_latex(item.title)}
    if item.authors:
        fields["author"] = text_to_latex(format_authors(item.authors))
    if item.venue:
        fields[venue_field] = text_to_latex(item.venue)
    if item.affiliation:
        fields["affiliation"] = text_to_latex(item.affiliation)
    if year:
        fields["year"] = str(year)
    if year and item.month:
        fields["month"] = str(item.month)
    if item.doi:
        fields["doi"] = item.doi
    if item.arxiv:
        fields["eprint"] = item.arxiv
        fields["archiveprefix"] = "arXiv"
    url = item.url or (f"https://arxiv.org/abs/{item.arxiv}" if item.arxiv else "")
    if url:
        fields["url"] = _escape_url(url)
    if item.code:
        fields["code"] = _escape_url(item.code)
    paper = Paper(key="", entry_type=entry_type, fields=fields, line=item.line)
    paper.key = make_key(paper)
    return paper


def plain_value(text: str) -> str:
    """Text shown as it is, never through LaTeX (a TL;DR), as one BibTeX value: as the
    list writes it, backslashes, `$`, `%`, `&`, `_` and paired braces included. Only what
    would break the value changes: a brace without its pair becomes a parenthesis (BibTeX
    would end the value there), and a final backslash goes (it would escape the `}`)."""
    text = text.replace("\\{", "(").replace("\\}", ")").rstrip("\\ ")
    unpaired: set[int] = set()
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                unpaired.add(index)
    unpaired.update(opened)
    if not unpaired:
        return text
    return "".join(
        ("(" if char == "{" else ")") if index in unpaired else char
        for index, char in enumerate(text)
    )


def _escape_url(url: str) -> str:
    """A URL as one BibTeX value: spaces and braces percent-encoded."""
    return url.strip().replace(" ", "%20").replace("{", "%7B").replace("}", "%7D")


def _arxiv_year(arxiv: str | None) -> int | None:
    match = re.match(r"(\d\d)(\d\d)\.", arxiv or "")
    return 2000 + int(match.group(1)) if match else None


@dataclass(frozen=True)
class NewNode:
    """A node to add to the taxonomy: a section's category, or a technique or evaluation
    the list names and the taxonomy lacks."""

    key: str
    title: str
    parent: str | None = None
    facet: str = "category"


@dataclass
class TagMapper:
    """Maps a list's tag spellings onto one facet's keys and remembers what it did.

    With `allow_new`, a value that matches no node becomes a new node of its own (its
    title as written), which later values match as they match the taxonomy's."""

    taxonomy: Taxonomy
    facet: str
    allow_new: bool = False
    corrected: dict[str, str] = field(default_factory=dict)  # value -> key (not exact)
    unmapped: dict[str, int] = field(default_factory=dict)  # value -> how many entries
    new: list[NewNode] = field(default_factory=list)
    # value -> what it mapped to: a list repeats a few spellings over thousands of entries
    mapped: dict[str, str | None] = field(default_factory=dict)

    def map_cell(self, cell: str) -> list[str]:
        keys: list[str] = []
        for value in split_tags(cell):
            key = self.map_value(value)
            if key and key not in keys:
                keys.append(key)
        return keys

    def map_value(self, value: str) -> str | None:
        value = " ".join(value.split()).strip(" .;:")
        if value in self.mapped:
            key = self.mapped[value]
            if key is None and value in self.unmapped:
                self.unmapped[value] += 1
            return key
        key = self.mapped[value] = self._map_new_value(value)
        return key

    def _map_new_value(self, value: str) -> str | None:
        if value.lower() in EMPTY_TAGS:
            return None
        key = self.taxonomy.match(self.facet, value)
        if key is not None:
            return key
        for candidate in (_without_parenthesis(value), value):
            key = self.taxonomy.match(self.facet, candidate) or fuzzy_match(
                self.taxonomy, self.facet, candidate
            )
            if key is not None:
                self.corrected[value] = key
                return key
        if self.allow_new:
            return self._new_node(value)
        self.unmapped[value] = self.unmapped.get(value, 0) + 1
        return None

    def _new_node(self, value: str) -> str:
        """The new node `value` names: one made for an earlier value of the same label or
        a typo of it ("Minimaliity"; a letter or two, not a longer label such as
        "Attribution Patching (AtP)"), else a new one."""
        from rapidfuzz import fuzz

        wanted = normalize_label(value)
        for node in self.new:
            label = normalize_label(node.title)
            if label == wanted:
                return node.key
            typo = abs(len(label) - len(wanted)) <= 2
            if typo and fuzz.ratio(label, wanted) >= FUZZY_CUTOFF:
                self.corrected[value] = node.key
                return node.key
        from mibib.importers.sections import new_key

        taken = {*self.taxonomy.facet(self.facet), *(node.key for node in self.new)}
        node = NewNode(new_key(value, None, taken), value, facet=self.facet)
        self.new.append(node)
        return node.key


def fuzzy_match(taxonomy: Taxonomy, facet: str, value: str) -> str | None:
    """The node whose key, title or alias is closest (fuzz.ratio >= FUZZY_CUTOFF)."""
    from rapidfuzz import fuzz, process

    choices, owners = [], []
    for node in taxonomy.facet(facet).values():
        for label in (node.key, node.title, *node.aliases):
            choices.append(normalize_label(label))
            owners.append(node.key)
    wanted = normalize_label(value)
    if not wanted or not choices:
        return None
    best = process.extractOne(wanted, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return owners[best[2]] if best else None


def split_tags(cell: str) -> list[str]:
    """Comma- or semicolon-separated values; commas inside parentheses stay."""
    values, depth, current = [], 0, []
    for char in cell:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ",;" and depth <= 0:
            values.append("".join(current))
            current = []
        else:
            current.append(char)
    values.append("".join(current))
    return [value.strip() for value in values if value.strip()]


def _without_parenthesis(value: str) -> str:
    return re.sub(r"\s*\([^()]*\)\s*", " ", value).strip()
