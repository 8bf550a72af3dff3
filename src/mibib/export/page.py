"""The web page around its rows, as HTML: head, filters, contents, the sections, the
dialog, the script's data and the BibTeX store. Pure: no I/O (html.py reads the
style and script, which ship in `page/`).

Written in Python, as the rows are (rows.py): importing a template engine and
compiling the page's template took a twentieth of writing the page of 10,000 entries.
Every value is escaped with rows.escape; what comes as HTML already is named so
(`style`, `script`, `data`, a section's `lists`, `bibtex`).
"""

from collections.abc import Iterable, Iterator

from mibib.export.rows import escape

# The page says it was generated; `export html` overwrites such a page without --force.
GENERATOR_META = '<meta name="generator" content="mibib export html">'

_FORM_START = """\
<div class="layout">
<details class="filters js-only" id="filters" open>
<summary>Filters<span id="filters-in-use"></span></summary>
<form id="filter-form" role="search" aria-label="Filter the papers">
<div class="field">
<label for="q">Search titles, authors and TL;DRs</label>
<input type="search" id="q" name="q" autocomplete="off" spellcheck="false" \
aria-describedby="q-hint">
<p class="hint" id="q-hint">Each word must begin a word of the paper, or be a typo away \
from one: <kbd>sparse auto</kbd> finds “Sparse Autoencoders”, <kbd>superpositon</kbd> \
“Superposition”.</p>
</div>
<fieldset class="years">
<legend>Years</legend>
<label for="year-from">From</label>
<input type="number" id="year-from" name="year-from" inputmode="numeric">
<label for="year-to">to</label>
<input type="number" id="year-to" name="year-to" inputmode="numeric">
</fieldset>
"""
_CHART = """\
<figure class="chart js-only" id="chart-figure" hidden>
<figcaption id="chart-caption">Papers per year: choose a year to show only it (the arrow \
keys move between years)</figcaption>
<div class="chart-bars" id="chart" role="group" aria-labelledby="chart-caption"></div>
</figure>
"""
_END = """\
<p class="nothing" id="nothing" hidden>No paper matches these filters. \
<button type="button" class="clear">Clear all filters</button></p>
</main>
</div>
<dialog id="bibtex-dialog" aria-labelledby="bibtex-label">
<div class="dialog-body">
<label id="bibtex-label" for="bibtex-text">BibTeX</label>
<textarea id="bibtex-text" readonly rows="12" cols="72" wrap="off" spellcheck="false">\
</textarea>
<button type="button" class="close">Close</button>
</div>
</dialog>
<p class="visually-hidden" id="announce" role="status"></p>
"""


def render_page(
    *,
    title: str,
    description: str,
    total: int,
    facets: list[dict],
    sections: list[dict],
    style: str,
    script: str,
    policy: str,
    data: str,
    bibtex: Iterable[str],
) -> Iterator[str]:
    """The page in pieces (`"".join` gives the whole): a section's `lists` and `bibtex`
    are iterated as the page is written, each piece a list of rows or BibTeX entries."""
    title = escape(title)
    yield (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">\n'
        f'{GENERATOR_META}\n<link rel="icon" href="data:,">\n<title>{title}</title>\n'
        f"<style>{style}</style>\n<script>{script}</script>\n</head>\n<body>\n"
        '<a class="skip" href="#papers">Skip to the papers</a>\n'
        f'<header class="page-header">\n<h1>{title}</h1>\n'
    )
    if description:
        yield f'<p class="collection-description">{escape(description)}</p>\n'
    yield "</header>\n" + _FORM_START
    yield from _filters(facets)
    yield (
        '<button type="button" class="clear">Clear all filters</button>\n</form>\n</details>\n'
        '<main id="papers" tabindex="-1">\n'
        f'<p class="status" id="status" role="status">{total:,} '
        f"{'paper' if total == 1 else 'papers'}</p>\n" + _CHART
    )
    yield '<nav class="contents no-js-only" aria-label="Contents">\n<h2>Contents</h2>\n<ul>\n'
    for section in sections:
        key = escape(section["key"])
        yield (
            f'<li class="depth-{section["depth"]}"><a href="#category-{key}">'
            f"{escape(section['title'])}</a></li>\n"
        )
    yield "</ul>\n</nav>\n"
    for section in sections:
        yield from _section(section)
    yield _END + f'<script type="application/json" id="mibib-data">{data}</script>\n'
    yield '<template id="mibib-bibtex">\n'
    yield from bibtex
    yield "</template>\n</body>\n</html>"


def _filters(facets: list[dict]) -> Iterator[str]:
    """A fieldset per facet that tags some entry: its nodes as a tree of checkboxes."""
    for facet in facets:
        if not facet["tree"]:
            continue
        name = escape(facet["name"])
        yield (
            f'<fieldset class="facet" data-facet="{name}">\n'
            f'<legend>{escape(facet["title"])}</legend>\n<ul class="tree">\n'
        )
        yield from _tree(name, facet["number"], facet["tree"])
        yield "</ul>\n</fieldset>\n"


def _tree(name: str, number: int, nodes: list[dict]) -> Iterator[str]:
    for node in nodes:
        yield (
            f'<li><label><input type="checkbox" name="{name}" value="{escape(node["key"])}" '
            f'data-f="{number}" data-n="{node["index"]}"> <span class="name">'
            f'{escape(node["title"])}</span> <span class="count"></span></label>\n'
        )
        if node["children"]:
            yield "<ul>\n"
            yield from _tree(name, number, node["children"])
            yield "</ul>\n"
        yield "</li>\n"


def _section(section: dict) -> Iterator[str]:
    key, level = escape(section["key"]), section["level"]
    yield (
        f'<section class="category depth-{section["depth"]}" id="category-{key}" '
        f'data-category="{key}" aria-labelledby="heading-{key}">\n'
        f'<h{level} id="heading-{key}">{escape(section["title"])}</h{level}>\n'
    )
    if section["description"]:
        yield f'<p class="category-description">{escape(section["description"])}</p>\n'
    for rows in section["lists"]:
        yield f'<ol class="papers">\n{rows}</ol>\n'
    yield "</section>\n"
