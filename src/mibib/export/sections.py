"""Which categories a rendered collection shows, in what order, with which entries. Pure.

The one home of the collection's shape, shared by the README's Markdown and the
HTML page: the taxonomy's categories depth first, each with the entries tagged
with it in its sort order.
"""

from dataclasses import dataclass

from mibib.errors import ExportError, MibibError
from mibib.features.search import sort_papers
from mibib.model import CATEGORY, Paper
from mibib.taxonomy import Node, Taxonomy


@dataclass(frozen=True)
class Section:
    """One category of the collection: its node, depth in the tree and own entries, sorted."""

    node: Node
    depth: int
    papers: list[Paper]


def category_sections(papers: list[Paper], taxonomy: Taxonomy) -> list[Section]:
    """The categories with entries in them or below them, in tree order.

    A category whose entries all sit in subcategories is kept, with no entries of
    its own; an entry tagged with several categories is in each of their sections.
    """
    try:  # once for all categories in the collection's order, not once per category
        ordered, problem = sort_papers(papers, taxonomy.sort), None
    except MibibError as exc:
        ordered, problem = papers, exc
    members: dict[str, list[Paper]] = {}
    for paper in ordered:
        for key in paper.categories:
            members.setdefault(key, []).append(paper)
    used = members.keys()
    sections = []
    for node in taxonomy.walk(CATEGORY):
        if used.isdisjoint(taxonomy.descendants(CATEGORY, node.key)):
            continue
        own = members.get(node.key, [])
        if own and (node.sort or problem):
            own = _sort_section(own, node, taxonomy)
        sections.append(Section(node, taxonomy.depth(CATEGORY, node.key), own))
    return sections


def _sort_section(papers: list[Paper], node: Node, taxonomy: Taxonomy) -> list[Paper]:
    """The category's entries in its own sort order, else the collection's."""
    try:
        return sort_papers(papers, node.sort or taxonomy.sort)
    except MibibError as exc:
        where = f"category '{node.key}' (line {node.line})" if node.sort else "[collection]"
        raise ExportError(f"taxonomy: {exc}, in the sort of {where}") from None
