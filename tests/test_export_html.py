"""The HTML page (mibib.export.html, `mibib export html`): structure, escaping, every
entry, nothing fetched from elsewhere. What the page does in a browser is in
test_html_browser.py."""

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mibib.export.bibtex import render_each_citation
from mibib.export.html import render_html
from mibib.export.sections import category_sections
from mibib.features import words
from mibib.storage import load_library
from mibib.taxonomy import load_taxonomy, parse_taxonomy

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]

HOSTILE_BIB = r"""@article{quote2024,
  title = {Quotes "onmouseover=alert(1) x=" and 'single' and <script>alert(2)</script>},
  author = {Doe, Jane and O'Neil, Tim},
  journal = {J. <b>Bold</b> & Co},
  year = {2024},
  url = {https://example.org/?a=1&b="2"},
  mibib-categories = {general},
  mibib-techniques = {probing},
  mibib-tldr = {Ends a script: </script><script>alert(3)</script> and a template </template>.}
}

@misc{javascript2023,
  title = {A javascript: link},
  author = {Roe, Richard},
  year = {2023},
  url = {javascript:alert(4)},
  note = {Text with </pre> and <!-- a comment},
  mibib-categories = {child}
}
"""
HOSTILE_TAXONOMY = """[collection]
title = "A <i>hostile</i> \\"list\\""
description = "Described with <b>tags</b> & ampersands."

[[category]]
key = "general"
title = "General </h2><script>alert(5)</script>"

[[category]]
key = "child"
title = "Child"
parent = "general"

[[technique]]
key = "probing"
title = "Probing \\"onclick=alert(6)"

[[evaluation]]
key = "faithfulness"
title = "Faithfulness"
"""


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each element kind."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "input", "br", "img"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data):
        if self.open:
            self.text.setdefault(self.open[-1], []).append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parse(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    return elements


def page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="mibib-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def bibtex_store(page: str) -> list[str]:
    """The <pre> texts of the page's BibTeX <template>, HTML entities decoded."""
    import html

    block = re.search(r'<template id="mibib-bibtex">(.*?)</template>', page, re.S).group(1)
    return [html.unescape(text) for text in re.findall(r"<pre>(.*?)</pre>", block, re.S)]


@pytest.fixture(scope="module")
def sample():
    library = load_library(DATA / "library.bib", use_cache=False)
    taxonomy = load_taxonomy(DATA / "taxonomy.toml")
    citations = render_each_citation(library, [paper.key for paper in library.papers], True)
    page = "".join(render_html(library.papers, taxonomy, citations))
    return library, taxonomy, page


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "library.bib").write_text(HOSTILE_BIB, encoding="utf-8")
    library = load_library(folder / "library.bib", use_cache=False)
    taxonomy = parse_taxonomy(HOSTILE_TAXONOMY)
    citations = render_each_citation(library, [paper.key for paper in library.papers], True)
    return "".join(render_html(library.papers, taxonomy, citations))


def test_page_has_title_description_and_a_section_per_category_in_tree_order(sample):
    library, taxonomy, page = sample
    elements = parse(page)
    assert "".join(elements.text["title"]) == taxonomy.title
    assert "".join(elements.text["h1"]) == taxonomy.title
    sections = [attrs["data-category"] for attrs in elements.all("section")]
    expected = [section.node.key for section in category_sections(library.papers, taxonomy)]
    assert sections == expected
    for section in category_sections(library.papers, taxonomy):
        level = min(2 + section.depth, 6)
        assert f'<h{level} id="heading-{section.node.key}">' in page


def test_every_entry_appears_in_each_of_its_sections_in_the_section_order(sample):
    library, taxonomy, page = sample
    data = page_data(page)
    for section in category_sections(library.papers, taxonomy):
        start = page.index(f'data-category="{section.node.key}"')
        end = page.find("<section ", start)
        numbers = [int(n) for n in re.findall(r'<li data-i="(\d+)">', page[start:end])]
        assert [data["keys"][n] for n in numbers] == [paper.key for paper in section.papers]
    listed = {paper.key for paper in library.papers if paper.categories}
    assert set(data["keys"]) == listed


def test_rows_show_links_authors_venue_tags_and_the_sections_tldr(sample):
    library, _, page = sample
    paper = next(p for p in library.papers if p.arxiv and p.category_tldrs and p.tags["technique"])
    assert f'<a href="https://arxiv.org/abs/{paper.arxiv}">arXiv</a>' in page
    category, tldr = next(iter(paper.category_tldrs.items()))
    start = page.index(f'data-category="{category}"')
    section = page[start : page.find("<section ", start)]
    from markupsafe import escape

    assert str(escape(tldr)) in section
    assert str(escape(", ".join(paper.authors))) in page
    with_doi = next(p for p in library.papers if p.doi)
    assert f'href="https://doi.org/{escape(with_doi.doi)}">DOI</a>' in page
    assert '<div class="technique"><dt>Technique</dt><dd>' in page


def test_the_bibtex_of_each_entry_is_its_clean_entry(sample):
    library, _, page = sample
    data = page_data(page)
    store = bibtex_store(page)
    assert len(store) == len(data["keys"])
    for key, text in zip(data["keys"], store, strict=True):
        assert text == render_each_citation(library, [key], clean=True)[key]
        assert "mibib-" not in text
        assert text.lstrip().startswith("@") and f"{{{key}," in text


def test_script_data_gives_tags_years_and_the_searched_text(sample):
    library, taxonomy, page = sample
    data = page_data(page)
    names = [facet["name"] for facet in data["facets"]]
    assert names == ["category", "technique", "evaluation"]
    # The search's typo rule comes from the one place that states it.
    assert data["typos"] == {"from": words.FUZZY_FROM, "twoFrom": words.TWO_TYPOS_FROM}
    by_key = {paper.key: paper for paper in library.papers}
    for number, key in enumerate(data["keys"]):
        paper = by_key[key]
        assert data["years"][number] == paper.year
        for facet, tags in zip(data["facets"], data["tags"][number], strict=True):
            keys = [facet["nodes"][n]["key"] for n in tags]
            assert keys == [k for k in paper.tags[facet["name"]] if taxonomy.get(facet["name"], k)]
        text = data["texts"][number]
        assert paper.title in text and all(name in text for name in paper.authors)
        assert all(tldr in text for tldr in paper.category_tldrs.values())
    for facet in data["facets"]:
        for node in facet["nodes"]:
            parent = taxonomy.get(facet["name"], node["key"]).parent
            found = facet["nodes"][node["parent"]]["key"] if node["parent"] >= 0 else None
            assert found == parent


def test_filters_list_only_tags_in_use_with_their_ancestors(sample):
    library, taxonomy, page = sample
    boxes = [attrs for attrs in parse(page).all("input") if attrs.get("type") == "checkbox"]
    for facet in ("category", "technique", "evaluation"):
        used = set()
        for paper in library.papers:
            for key in paper.tags[facet]:
                node = taxonomy.get(facet, key)
                while node:
                    used.add(node.key)
                    node = taxonomy.get(facet, node.parent) if node.parent else None
        shown = [attrs["value"] for attrs in boxes if attrs["name"] == facet]
        assert shown == [node.key for node in taxonomy.walk(facet) if node.key in used]


def test_hostile_text_shows_as_text_and_never_as_markup(hostile):
    elements = parse(hostile)
    scripts = elements.all("script")
    assert len(scripts) == 2  # the page's own script and its JSON data
    assert [attrs.get("type") for attrs in scripts] == [None, "application/json"]
    assert elements.all("b") == [] and elements.all("i") == []
    for _, attrs in elements.tags:
        assert not any(name.startswith("on") for name in attrs), attrs
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in hostile
    assert "&#34;onmouseover=alert(1) x=&#34;" in hostile
    assert "General &lt;/h2&gt;&lt;script&gt;alert(5)&lt;/script&gt;" in hostile
    assert "<title>A &lt;i&gt;hostile&lt;/i&gt; &#34;list&#34;</title>" in hostile
    assert "Described with &lt;b&gt;tags&lt;/b&gt; &amp; ampersands." in hostile
    hrefs = [attrs["href"] for attrs in elements.all("a")]
    assert not any(href.lower().startswith("javascript:") for href in hrefs)
    assert 'https://example.org/?a=1&b="2"' in hrefs


def test_hostile_data_cannot_end_the_json_or_the_bibtex_store(hostile):
    data = page_data(hostile)
    assert "</script><script>alert(3)</script>" in data["texts"][0]
    store = bibtex_store(hostile)
    assert "</pre> and <!-- a comment" in store[1]
    assert len(store) == 2


def test_page_requests_nothing_from_any_host(sample, hostile):
    for page in (sample[2], hostile):
        elements = parse(page)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for attrs in elements.all(tag):
                value = attrs.get(attribute) or ""
                assert not value or value.startswith("data:"), (tag, value)
        for tag in ("iframe", "object", "embed", "video", "audio", "source"):
            assert elements.all(tag) == []
        style = "".join(elements.text["style"])
        assert "url(" not in style and "@import" not in style and "@font-face" not in style
        assert "fetch(" not in page and "XMLHttpRequest" not in page


def test_content_security_policy_allows_only_the_pages_own_style_and_script(sample):
    page = sample[2]
    policy = next(
        attrs["content"]
        for attrs in parse(page).all("meta")
        if attrs.get("http-equiv") == "Content-Security-Policy"
    )
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert directives[directive] == f"'sha256-{digest}'"


def test_every_control_has_a_label(sample):
    page = sample[2]
    elements = parse(page)
    labelled = {attrs.get("for") for attrs in elements.all("label")}
    for attrs in elements.all("input"):
        if attrs.get("type") == "checkbox":
            value = attrs["value"]
            assert re.search(rf'<label><input type="checkbox" name="\w+" value="{value}"', page)
        else:
            assert attrs["id"] in labelled, attrs


def test_the_status_line_counts_the_entries_as_a_reader_writes_numbers(sample):
    library, taxonomy, _ = sample
    one = "".join(render_html(library.papers[:1], taxonomy, {}))
    assert '<p class="status" id="status" role="status">1 paper</p>' in one
    many = [
        replace(library.papers[0], key=f"copy{number}", tags={"category": ["techniques"]})
        for number in range(1234)
    ]
    page = "".join(render_html(many, taxonomy, {}))
    assert '<p class="status" id="status" role="status">1,234 papers</p>' in page


def test_page_is_the_same_for_the_same_data(sample):
    library, taxonomy, page = sample
    citations = render_each_citation(library, [paper.key for paper in library.papers], True)
    assert "".join(render_html(library.papers, taxonomy, citations)) == page


def test_an_empty_collection_gives_a_page_with_no_sections():
    taxonomy = load_taxonomy(DATA / "taxonomy.toml")
    page = "".join(render_html([], taxonomy, {}))
    assert "<section " not in page and page_data(page)["keys"] == []
    assert "<title>" in page and "0 papers" in page


# --- The command ---------------------------------------------------------------------------


def test_export_html_writes_site_index_html_by_default(invoke, collection):
    result = invoke("export", "html")
    assert result.exit_code == 0, result.output
    page = (collection / "site" / "index.html").read_text(encoding="utf-8")
    library = load_library(collection / "library.bib", use_cache=False)
    assert result.output == f"Wrote site/index.html ({len(library.papers)} entries).\n"
    assert set(page_data(page)["keys"]) == {paper.key for paper in library.papers}


def test_export_html_takes_the_filters_of_list(invoke, collection):
    result = invoke("export", "html", "--category", "superposition", "-o", "out/sae.html")
    assert result.exit_code == 0, result.output
    keys = page_data((collection / "out" / "sae.html").read_text(encoding="utf-8"))["keys"]
    listed = invoke("list", "--category", "superposition", "--json")
    assert sorted(keys) == sorted(entry["key"] for entry in json.loads(listed.output))


def test_export_html_warns_about_entries_in_no_known_category(invoke, collection):
    bib = collection / "library.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text + "\n@misc{stray2020,\n  title = {Stray},\n  year = {2020}\n}\n", "utf-8")
    result = invoke("export", "html", "-o", "page.html")
    assert result.exit_code == 0
    assert "stray2020" in result.stderr and "no known category" in result.stderr
    assert "stray2020" not in page_data((collection / "page.html").read_text("utf-8"))["keys"]


def test_export_html_into_an_unwritable_place_fails_cleanly(invoke, collection):
    (collection / "blocker").write_text("a file, not a folder", encoding="utf-8")
    result = invoke("export", "html", "-o", "blocker/index.html")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: blocker/index.html: cannot create its folder")
    assert "Traceback" not in result.output
    (collection / "site").mkdir()
    (collection / "site" / "index.html").mkdir()
    for forced in ([], ["--force"]):
        result = invoke("export", "html", *forced)
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: site/index.html is a folder; give --output the file to write in it\n"
        )
    assert [path.name for path in (collection / "site").iterdir()] == ["index.html"]


def test_export_html_never_writes_over_the_collection_or_a_file_it_did_not_write(
    invoke, collection
):
    (collection / "README.md").write_text("# Mine\n", encoding="utf-8")
    (collection / "notes.html").write_text("<p>my notes</p>\n", encoding="utf-8")
    before = {path.name: path.read_bytes() for path in collection.iterdir() if path.is_file()}
    for name, what in (
        ("library.bib", "library"),
        ("taxonomy.toml", "taxonomy"),
        ("README.md", "README"),
    ):
        result = invoke("export", "html", "-o", name, "--force")
        assert result.exit_code == 1, result.output
        assert result.stderr == (
            f"Error: {name} is the collection's {what}; an export never writes over it "
            "(choose another --output file)\n"
        )
    refused = invoke("export", "html", "-o", "notes.html")
    assert refused.exit_code == 1
    assert refused.stderr == "Error: notes.html already exists; pass --force to overwrite it\n"
    assert {p.name: p.read_bytes() for p in collection.iterdir() if p.is_file()} == before
    # A page mibib wrote is its own output: exporting again refreshes it, no --force needed.
    assert invoke("export", "html", "-o", "notes.html", "--force").exit_code == 0
    assert invoke("export", "html", "-o", "notes.html").exit_code == 0
    assert invoke("export", "html").exit_code == 0
    again = invoke("export", "html")
    assert again.exit_code == 0, again.output
    assert page_data((collection / "notes.html").read_text(encoding="utf-8"))["keys"]


def test_export_html_reuses_the_clean_bibtex_kept_in_the_cache(invoke, collection, monkeypatch):
    import mibib.export.bibtex

    assert invoke("export", "html").exit_code == 0
    first = (collection / "site" / "index.html").read_text(encoding="utf-8")
    with monkeypatch.context() as patch:
        for name in ("render_each_citation", "each_citation"):
            patch.setattr(mibib.export.bibtex, name, lambda *args, **kw: pytest.fail("made"))
        assert invoke("export", "html").exit_code == 0  # the cache answers
        assert (collection / "site" / "index.html").read_text(encoding="utf-8") == first
    # A stored part cut short only costs working the BibTeX out again.
    (stored,) = Path(os.environ["MIBIB_CACHE_DIR"]).glob("libraries/*clean-citation*")
    stored.write_bytes(stored.read_bytes()[:-40])
    assert invoke("export", "html").exit_code == 0
    assert (collection / "site" / "index.html").read_text(encoding="utf-8") == first
    bib = collection / "library.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Toy Models", "Toy Model"), "utf-8")
    assert invoke("export", "html").exit_code == 0
    store = bibtex_store((collection / "site" / "index.html").read_text(encoding="utf-8"))
    assert any("Toy Model of" in text for text in store)
    assert not any("Toy Models of" in text for text in store)


def test_other_commands_never_import_jinja2(collection):
    code = (
        "import sys\nfrom mibib.cli import app\n"
        "try:\n    app(prog_name='mibib', args=['list'])\nexcept SystemExit:\n    pass\n"
        "assert 'jinja2' not in sys.modules, 'jinja2 imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=collection, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def test_the_page_is_rendered_as_it_is_written_not_held_whole():
    # The page of 100,000 entries runs to 350 MB: each row is rendered when its list is
    # written, never all of them at once. What rendering holds at its peak (the rows'
    # cards, the script's data) stays well under the page's size; holding every row, as
    # before, took three times it.
    import tracemalloc

    from mibib.model import Paper

    taxonomy = load_taxonomy(DATA / "taxonomy.toml")
    categories = list(taxonomy.nodes["category"])[:6]
    papers = [
        Paper(
            key=f"paper{number}",
            fields={"title": f"Circuits number {number}", "author": "Doe, Jane", "year": "2024"},
            tags={"category": [categories[number % 6], categories[(number + 1) % 6]]},
            tldr=f"What paper {number} found about features and circuits.",
        )
        for number in range(3000)
    ]
    citations = {paper.key: f"@misc{{{paper.key},\n  year = {{2024}}\n}}\n" for paper in papers}
    for paper in papers:
        paper.decode()
    "".join(render_html(papers[:10], taxonomy, citations))  # templates compiled, not traced
    tracemalloc.start()
    try:
        size = sum(len(piece) for piece in render_html(papers, taxonomy, citations))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * size
