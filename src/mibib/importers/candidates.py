"""Turn an imported file's text into candidate entries tagged with taxonomy keys. Pure.

The .bib reader keeps each entry's own fields (a `keywords` field stays a field) and its
mibib tags where the taxonomy knows them; the Markdown reader builds entries from list
items and their sections. Both report what they had to guess or drop.
"""

import contextlib
import gc
from dataclasses import dataclass, field

from mibib.bibtex.pieces import definition_pieces
from mibib.importers.entries import NewNode, TagMapper, item_to_paper, plain_value
from mibib.importers.evidence import ListItem
from mibib.importers.markdown import read_list
from mibib.importers.sections import map_sections
from mibib.model import CATEGORY, Paper
from mibib.plural import counted
from mibib.taxonomy import Taxonomy, normalize_label

# The blocks besides entries an import brings along, or names in its report.
DEFINITION_KINDS = "string|xdata|set|preamble|comment"

# The facets a list gives in columns of their own (ListItem.techniques, .evaluation).
LIST_TAG_FACETS = ("technique", "evaluation")


@dataclass
class Candidates:
    """The entries read from a file, the taxonomy nodes they need, and notes for the report."""

    papers: list[Paper]
    new_nodes: list[NewNode] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Markdown lists: entries per section ("A > B"); entries that are not papers, as
    # (line, title, why, section); lines that could not be read, as (line, text, why).
    sections: dict[str, int] = field(default_factory=dict)
    not_papers: list[tuple[int, str, str, str]] = field(default_factory=list)
    unread: list[tuple[int, str, str]] = field(default_factory=list)
    # A .bib file's @string and @xdata/@set blocks (the pieces of its text that hold
    # them; None for other files): those its entries need come along.
    bibtex: str | None = None
    string_lines: dict[str, int] = field(default_factory=dict)  # @string name -> its line


def read_bibtex(
    text: str, source: str, taxonomy: Taxonomy, tags: dict[str, list[str]], allow_new: bool
):
    """Entries of a foreign .bib; LibraryFormatError (with file:line) when it cannot be read.

    Its mibib tags the taxonomy lacks become new nodes when allowed, else are left out."""
    from mibib.bibtex.written import keep_written, prepare_foreign, string_lines
    from mibib.library import parse_library

    text, notes = prepare_foreign(text, source)
    library = parse_library(text, source)
    papers = library.papers
    notes += keep_written(papers, text, library.spans)
    mappers = {facet: TagMapper(taxonomy, facet, allow_new) for facet in tags}
    for paper in papers:
        if "authors" in paper.fields and "author" not in paper.fields:
            paper.fields["author"] = paper.fields.pop("authors")
            notes.append(f"line {paper.line}: {paper.key}: field 'authors' read as 'author'")
        for facet, extra in tags.items():
            values = paper.tags[facet]
            mapped = [key for value in values if (key := mappers[facet].map_value(value))]
            values[:] = _unite(mapped, extra)
    notes += _mapper_notes(mappers.values())
    new = [node for mapper in mappers.values() for node in mapper.new]
    return Candidates(
        papers=papers,
        new_nodes=new,
        notes=notes,
        bibtex=definition_pieces(text, DEFINITION_KINDS),
        string_lines=string_lines(text) if "@" in text else {},
    )


def read_markdown(
    text: str, taxonomy: Taxonomy, tags: dict[str, list[str]], allow_new: bool
) -> Candidates:
    """Entries of a Markdown list; sections become categories, technique and evaluation
    cells tags (new nodes when allowed)."""
    with _collector_paused():
        return _read_markdown(text, taxonomy, tags, allow_new)


@contextlib.contextmanager
def _collector_paused():
    """Reading a list makes an object per token, run and block, and frees them by
    reference counting; the cyclic collector, left on, scanned all of them again and
    again as they piled up (a quarter of reading a long list). It runs once after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_markdown(
    text: str, taxonomy: Taxonomy, tags: dict[str, list[str]], allow_new: bool
) -> Candidates:
    reading = read_list(text)
    items = reading.items
    paths = list(dict.fromkeys(item.section for item in items))
    sections = map_sections(paths, taxonomy, allow_new)
    mappers = {facet: TagMapper(taxonomy, facet, allow_new) for facet in LIST_TAG_FACETS}
    papers = []
    for item in items:
        paper = item_to_paper(item)
        category = sections.categories.get(item.section)
        paper.categories = _unite([category] if category else [], tags[CATEGORY])
        for facet, cell in _tag_cells(item).items():
            paper.tags[facet] = _unite(mappers[facet].map_cell(cell), tags[facet])
        if item.tldr:
            paper.tldr = plain_value(item.tldr)
            if category:
                paper.category_tldrs[category] = paper.tldr
        papers.append(paper)
    notes = [f"heading '{title}' read as category '{key}'" for title, key in sections.fuzzy.items()]
    notes += [
        f"section '{' > '.join(path)}' has no category (--no-new-categories)"
        + (
            f"; its entries go to '{sections.categories[path]}'"
            if sections.categories[path]
            else ""
        )
        for path in sections.unplaced
    ]
    notes += _mapper_notes(mappers.values())
    notes += reading.notes
    counts: dict[str, int] = {}
    for item in items:
        counts[section_label(item.section)] = counts.get(section_label(item.section), 0) + 1
    return Candidates(
        papers=papers,
        new_nodes=sections.new + [node for mapper in mappers.values() for node in mapper.new],
        notes=notes,
        sections=counts,
        not_papers=[
            (item.line, item.title, item.why_not, section_label(item.section))
            for item in reading.not_papers
        ],
        unread=[(line.line, line.text, line.why) for line in reading.unread],
    )


def section_label(path: tuple[str, ...]) -> str:
    return " > ".join(path) or "(before any heading)"


def _tag_cells(item: ListItem) -> dict[str, str]:
    """The list's cells that hold tags, by facet (the categories come from its sections)."""
    return dict(zip(LIST_TAG_FACETS, (item.techniques, item.evaluation), strict=True))


def _unite(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _mapper_notes(mappers) -> list[str]:
    """One note per corrected spelling; one per facet listing the values left out."""
    notes = []
    for mapper in mappers:
        for value, key in mapper.corrected.items():
            notes.append(f"{mapper.facet} '{value}' read as '{key}'")
        if mapper.unmapped:
            counts: dict[str, tuple[str, int]] = {}
            for value, count in mapper.unmapped.items():
                label = normalize_label(value)
                first, total = counts.get(label, (value, 0))
                counts[label] = (first, total + count)
            listed = ", ".join(f"'{value}' ({count})" for value, count in counts.values())
            notes.append(
                f"{mapper.facet}: {counted(len(counts), 'value')} "
                f"{'matches' if len(counts) == 1 else 'match'} nothing in the taxonomy and "
                f"{'was' if len(counts) == 1 else 'were'} left out (entries using them): {listed}"
            )
    return notes
