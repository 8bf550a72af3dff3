"""Papers + Taxonomy -> one self-contained web page that readers can filter. Pure: no
I/O but reading the page's template, style and script, which ship in `page/`.

The collection is rendered into the HTML, grouped as in the README, so the page
reads and prints without JavaScript. A small script adds the facet filters, the
search box, the per-year chart and the BibTeX buttons, from a JSON copy of each
entry's tags and searched text, and its clean BibTeX kept in a <template>
(parsed, never shown, until copied). Nothing is fetched from any host:
the page's Content-Security-Policy allows only its own style and script, by hash.
Imported only by `mibib export html`, so other commands never load Jinja2.
"""

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from functools import cache
from itertools import chain
from pathlib import Path

import jinja2
from markupsafe import Markup

from mibib.export.markdown import link_url, tag_title
from mibib.export.rows import Card, escape, make_card, row, tag_group
from mibib.export.sections import Section, category_sections
from mibib.features.words import FUZZY_FROM, TWO_TYPOS_FROM
from mibib.model import CATEGORY, FACET_NAMES, FACETS, Paper
from mibib.taxonomy import Taxonomy

PAGE = Path(__file__).with_name("page")
DEFAULT_TITLE = "Paper collection"
# The page says it was generated; `export html` overwrites such a page without --force.
GENERATOR_META = '<meta name="generator" content="mibib export html">'
FACET_TITLES = {facet.name: facet.plural.capitalize() for facet in FACETS}  # filter legends
TAG_FACETS = tuple(facet for facet in FACET_NAMES if facet != CATEGORY)  # listed on each row
_DEEPEST_HEADING = 6
# A section's rows go in lists of this many, each skipped by the browser while off
# screen (content-visibility): showing or hiding rows then costs little more than
# the lists in view, where one list per section made the browser track every row.
ROWS_PER_LIST = 25


def render_html(
    papers: list[Paper], taxonomy: Taxonomy, citations: dict[str, str]
) -> Iterator[str]:
    """The page, in pieces: title, description, filters, and the entries by category.

    Pieces, because the page of a large library runs to tens of megabytes: the caller
    writes each as it comes (`"".join` gives the whole). `citations` holds each entry's
    BibTeX for citing, by key (what its button copies). Entries with no category the
    taxonomy knows appear in no section, so not on the page.
    """
    sections = category_sections(papers, taxonomy)
    listed = {paper.key for section in sections for paper in section.papers}
    on_page = [paper for paper in papers if paper.key in listed]
    facets = [_facet(facet, number, on_page, taxonomy) for number, facet in enumerate(FACET_NAMES)]
    cards, data = _entries(on_page, facets, taxonomy)
    data = Markup(_script_json(data))  # the lists it was made from go now
    style, script = _asset("page.css"), _asset("page.js")
    return (
        _environment()
        .get_template("page.html.j2")
        .generate(
            title=taxonomy.title.strip() or DEFAULT_TITLE,
            description=taxonomy.description.strip(),
            total=len(on_page),
            facets=facets,
            sections=_section_views(sections, cards),
            generator=Markup(GENERATOR_META),
            style=style,
            script=script,
            policy=_content_security_policy(style, script),
            data=data,
            bibtex=_bibtex_store(on_page, citations),
        )
    )


def is_generated_page(head: str) -> bool:
    """Whether a file starting with `head` is a page `export html` wrote."""
    return GENERATOR_META in head


def _section_views(sections: list[Section], cards: dict[str, Card]) -> list[dict]:
    """Each section's heading and rows, the rows rendered as the page is written (the
    rows of a large library's page run to hundreds of megabytes): an entry's row with
    its general TL;DR is rendered once and kept only until its last section."""
    uses = Counter(paper.key for section in sections for paper in section.papers)
    kept: dict[str, str] = {}

    def entry_row(paper: Paper, category: str) -> str:
        key, own = paper.key, paper.category_tldrs.get(category)
        html = row(cards[key], own) if own else kept.get(key)
        if html is None:
            html = row(cards[key], paper.tldr)
        uses[key] -= 1
        if not uses[key]:
            kept.pop(key, None)
        elif not own:
            kept[key] = html
        return html

    def lists(papers: list[Paper], category: str) -> Iterator[Markup]:
        for start in range(0, len(papers), ROWS_PER_LIST):
            part = papers[start : start + ROWS_PER_LIST]
            yield Markup("".join([entry_row(paper, category) for paper in part]))

    views = []
    for section in sections:
        category = section.node.key
        views.append(
            {
                "key": category,
                "title": section.node.title,
                "description": section.node.description,
                "depth": section.depth,
                "level": min(2 + section.depth, _DEEPEST_HEADING),
                # In lists of ROWS_PER_LIST, each list's HTML joined once.
                "lists": lists(section.papers, category),
            }
        )
    return views


def _bibtex_store(papers: list[Paper], citations: dict[str, str]) -> Iterator[Markup]:
    """Each entry's BibTeX in a <pre>, in the page's order, ROWS_PER_LIST at a time (a
    template loop over 100,000 entries cost more than escaping their text)."""
    for start in range(0, len(papers), ROWS_PER_LIST):
        part = papers[start : start + ROWS_PER_LIST]
        texts = [escape(citations.get(paper.key, "")) for paper in part]
        yield Markup("".join([f"<pre>{text}</pre>\n" for text in texts]))


def _facet(facet: str, number: int, papers: list[Paper], taxonomy: Taxonomy) -> dict:
    """A facet's filter: the nodes that tag some entry (themselves or below), as a tree."""
    used: set[str] = set()
    for key in set(chain.from_iterable([paper.tags[facet] for paper in papers])):
        node = taxonomy.get(facet, key)
        while node is not None and node.key not in used:
            used.add(node.key)
            node = taxonomy.get(facet, node.parent) if node.parent else None
    nodes = [node for node in taxonomy.walk(facet) if node.key in used]
    index = {node.key: position for position, node in enumerate(nodes)}
    tree: list[dict] = []
    branches: dict[str, list[dict]] = {}
    for node in nodes:
        item = {"key": node.key, "title": node.title, "index": index[node.key], "children": []}
        branches[node.key] = item["children"]
        branches.get(node.parent, tree).append(item)
    return {
        "name": facet,
        "number": number,
        "title": FACET_TITLES.get(facet, facet.capitalize()),
        "tree": tree,
        "index": index,
        "nodes": [{"key": node.key, "parent": index.get(node.parent, -1)} for node in nodes],
    }


def _entries(
    papers: list[Paper], facets: list[dict], taxonomy: Taxonomy
) -> tuple[dict[str, Card], dict]:
    """Each entry's card, by key, and what the script needs, in one pass over the
    entries.

    The script's data has the facets' nodes, the facet of the sections, the lengths
    from which a query word may have typos, and one list per property, entry i being
    item i of each: keys, years, tags as node numbers per facet, and the text the
    search box looks in.
    """
    tags_of = _TagGroups(taxonomy, facets).of
    cards: dict[str, Card] = {}
    years, tags, texts = [], [], []
    for number, paper in enumerate(papers):
        key, title, authors, year = paper.key, paper.title, paper.authors, paper.year
        arxiv, doi, tldr = paper.arxiv, paper.doi, paper.tldr
        tags_html, numbers = tags_of(paper.tags)
        arxiv_url = f"https://arxiv.org/abs/{arxiv}" if arxiv else None
        cards[key] = make_card(
            number,
            arxiv_url or link_url(paper),  # link_url's first choice too
            title or key,
            ", ".join(authors),
            _meta(paper.venue, year),
            tags_html,
            arxiv_url,
            f"https://doi.org/{doi}" if doi else None,
            key,
        )
        years.append(year)
        tags.append(numbers)
        texts.append(" ".join([title, *authors, tldr, *paper.category_tldrs.values()]))
    data = {
        "facets": [{"name": facet["name"], "nodes": facet["nodes"]} for facet in facets],
        "sections": CATEGORY,  # the facet whose tags are the page's sections
        "typos": {"from": FUZZY_FROM, "twoFrom": TWO_TYPOS_FROM},  # the search's rule
        "keys": list(cards),
        "years": years,
        "tags": tags,
        "texts": texts,
    }
    return cards, data


def _meta(venue: str, year: int | None) -> str:
    """`EMNLP · 2022`: where and when, either one alone when the other is unknown."""
    if venue and year:
        return f"{venue} · {year}"
    return venue or (str(year) if year else "")


class _TagGroups:
    """An entry's tags: their HTML on its rows (none for categories, which are the
    sections) and their node numbers per facet for the script. Entries share tag sets,
    so each facet's set is worked out once."""

    def __init__(self, taxonomy: Taxonomy, facets: list[dict]) -> None:
        self.taxonomy = taxonomy
        self.facets = [(facet["name"], facet["index"], {}) for facet in facets]

    def of(self, tags: dict[str, list[str]]) -> tuple[str, list[list[int]]]:
        """(the HTML of the entry's tags, [the node numbers of its tags, per facet])."""
        html, numbers = [], []
        for name, index, found in self.facets:
            keys = tuple(tags[name])
            part = found.get(keys)
            if part is None:
                part = found[keys] = self._part(name, index, keys)
            html.append(part[0])
            numbers.append(part[1])
        return "".join(html), numbers

    def _part(self, name: str, index: dict, keys: tuple[str, ...]) -> tuple[str, list[int]]:
        html = ""
        if keys and name in TAG_FACETS:
            titles = [tag_title(self.taxonomy, name, key) for key in keys]
            html = tag_group(name, name.capitalize(), titles)
        return html, [index[key] for key in keys if key in index]


def _script_json(data: dict) -> str:
    """JSON that cannot end its <script> element early (`<` only occurs inside strings)."""
    return json.dumps(data, separators=(",", ":")).replace("<", "\\u003c")


def _content_security_policy(style: str, script: str) -> str:
    """No request to any host, no other script or style than the page's own."""
    return (
        f"default-src 'none'; style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _asset(name: str) -> str:
    return (PAGE / name).read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    """Jinja2 with escaping on for every value, so no title can inject markup."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PAGE),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
