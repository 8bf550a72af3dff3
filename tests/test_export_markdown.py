"""The Markdown collection (mibib.export.markdown): safe cells and links, columns, order."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mibib.export.markdown import (
    escape_paragraph,
    escape_text,
    escape_url,
    link_url,
    render_collection,
    render_link,
    venue_tag,
)
from mibib.model import Paper
from mibib.storage import load_library
from mibib.taxonomy import load_taxonomy

EXPORT = Path(__file__).parent / "data" / "export"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def hostile_markdown() -> str:
    library = load_library(EXPORT / "hostile.bib", use_cache=False)
    return render_collection(library.papers, load_taxonomy(EXPORT / "hostile-taxonomy.toml"))


def tables(markdown: str) -> list[list[str]]:
    """Runs of consecutive table lines."""
    found, current = [], []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found


def test_hostile_titles_cannot_break_a_table_row(hostile_markdown):
    found = tables(hostile_markdown)
    assert [len(table) for table in found] == [4, 3, 4]  # header, rule, one row per entry
    for table in found:
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in table}
        assert len(widths) == 1, table  # every row has as many cells as the header
        assert all(row.startswith("| ") and row.endswith(" |") for row in table)


def test_hostile_text_is_escaped_not_interpreted(hostile_markdown):
    body = hostile_markdown.split("\n", 1)[1]  # after the generated-block comment
    assert not re.search(r"(?<!\\)[<>`]", body.replace("<!--", "").replace("-->", ""))
    assert "\\<script\\>alert(1)\\</script\\>" in body
    assert "\\<img src=x onerror=alert(1)\\>" in body
    assert "\\[a\\](#fake)" in body  # not a link
    assert "A TL;DR with \\| a pipe, a line break," in body  # newline folded


def test_latex_in_titles_becomes_unicode(hostile_markdown):
    assert "[Jürgen's Results – on α and GPT-2](https://doi.org/10.1000/x%281%29)" in (
        hostile_markdown
    )
    assert "{" not in hostile_markdown.replace("{\\", "")


def test_rendered_html_has_no_injected_tags_and_keeps_cells(hostile_markdown):
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table")
    rendered = html.render(hostile_markdown)
    assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert "https://example.org/a%20page%20%28draft%29%7Cv2%3Cx%3E" in hrefs
    assert not any(href.startswith("javascript:") for href in hrefs)
    assert "#fake" not in hrefs
    for row in re.findall(r"<tr>(.*?)</tr>", rendered, flags=re.DOTALL):
        assert row.count("<td") in (0, 4, 5) and row.count("<th") in (0, 4, 5), row


def test_empty_categories_are_left_out(hostile_markdown):
    assert "Nothing Here" not in hostile_markdown


def test_category_columns_sort_and_tldr(hostile_markdown):
    blog = hostile_markdown.split("### Paper & Blog", 1)[1].split("####", 1)[0]
    assert "| Paper | Venue | Year | Authors | TL;DR |" in blog
    assert "| Blog | 2021 | Ned Nobody |" in blog
    second_general = hostile_markdown.split("#### General", 1)[1]
    assert second_general.index("An arXiv Paper") < second_general.index("Jürgen")  # by title
    assert "The TL;DR for the second General section." in second_general
    first_general = hostile_markdown.split("### General", 1)[1].split("###", 1)[0]
    assert first_general.index("Pipes") < first_general.index("Jürgen")  # newest first
    assert "General TL;DR." in first_general
    assert "Probing \\<b\\>, not-in-taxonomy" in first_general  # unknown keys stay visible


def test_tools_table_and_descriptions_from_the_taxonomy():
    library = load_library(DATA / "library.bib", use_cache=False)
    markdown = render_collection(library.papers, load_taxonomy(DATA / "taxonomy.toml"))
    tools = markdown.split("### Tools\n", 1)[1]
    assert tools.startswith("\nLibraries and platforms for interpretability research.\n")
    assert "| Tool | TL;DR |" in tools
    assert "| [TransformerLens](https://github.com/TransformerLensOrg/TransformerLens) | A" in tools
    assert "(#" not in markdown.split("### Contents", 1)[0]
    assert render_collection(library.papers, load_taxonomy(DATA / "taxonomy.toml")) == markdown


def test_an_empty_library_says_so():
    markdown = render_collection([], load_taxonomy(DATA / "taxonomy.toml"))
    assert markdown.endswith("\n\nNo entries yet.\n")
    assert "#" not in markdown


def paper(**fields: str) -> Paper:
    return Paper(key="k2023", fields={"title": "A Title", **fields})


@pytest.mark.parametrize(
    ("fields", "tag"),
    [
        pytest.param({"booktitle": "EMNLP", "year": "2022"}, "(EMNLP'22)", id="booktitle"),
        pytest.param({"journal": "TMLR", "year": "2023"}, "(TMLR'23)", id="journal"),
        pytest.param({"booktitle": "ICML", "year": "2005"}, "(ICML'05)", id="two-digit-year"),
        pytest.param({"booktitle": "NeurIPS 2023", "year": "2023"}, "", id="venue-has-year"),
        pytest.param({"booktitle": "ICLR'24", "year": "2024"}, "", id="venue-has-short-year"),
        pytest.param({"journal": "arXiv preprint", "year": "2024"}, "", id="preprint-no-venue"),
        pytest.param({"year": "2024"}, "", id="no-venue"),
        pytest.param({"booktitle": "ACL"}, "(ACL)", id="no-year"),
    ],
)
def test_venue_tag_follows_the_lists_style(fields, tag):
    assert venue_tag(paper(**fields)) == tag


@pytest.mark.parametrize(
    ("fields", "url"),
    [
        pytest.param(
            {"eprint": "2209.10652v2", "url": "https://example.org", "doi": "10.1000/x"},
            "https://arxiv.org/abs/2209.10652",
            id="arxiv-first-without-version",
        ),
        pytest.param(
            {"url": "https://example.org/a\\_b", "doi": "10.1000/x"},
            "https://example.org/a_b",
            id="url-next",
        ),
        pytest.param({"doi": "10.1000/x"}, "https://doi.org/10.1000/x", id="doi-last"),
        pytest.param({"url": "javascript:alert(1)"}, None, id="only-web-addresses"),
        pytest.param({}, None, id="none"),
    ],
)
def test_link_url_prefers_arxiv_then_url_then_doi(fields, url):
    assert link_url(paper(**fields)) == url


def test_link_without_address_is_plain_text():
    assert render_link(paper(booktitle="ACL", year="2020")) == "A Title (ACL'20)"
    assert render_link(paper(url="https://x.org"), with_venue=False) == "[A Title](https://x.org)"


def test_escape_url_encodes_what_would_end_a_link_or_row():
    assert escape_url("https://x.org/a b(c)<d>|e\\f") == (
        "https://x.org/a%20b%28c%29%3Cd%3E%7Ce%5Cf"
    )


HOSTILE_CHARACTERS = "ab Zü1 \t\n|[]()<>`*_~$&#;!\\:/.-=+>\"'"


def rendered_cell(markdown_it, cell: str):
    """The inline tokens of the one body cell of a one-column table."""
    tokens = markdown_it.parse(f"| h |\n| :-- |\n| {cell} |\n")
    cells = [token for token in tokens if token.type == "td_open"]
    assert len(cells) == 1, cell
    inline = tokens[tokens.index(cells[0]) + 1]
    return inline.children


def visible_text(children) -> str:
    return "".join(child.content for child in children if child.type == "text")


@given(text=st.text(alphabet=HOSTILE_CHARACTERS, max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_text_renders_as_itself_in_one_cell(text):
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table")
    children = rendered_cell(parser, escape_text(text))
    assert {child.type for child in children} <= {"text", "softbreak"}
    assert visible_text(children) == " ".join(text.split())


@given(
    text=st.text(alphabet=HOSTILE_CHARACTERS, min_size=1, max_size=30),
    path=st.text(alphabet=HOSTILE_CHARACTERS, max_size=20),
)
@settings(max_examples=300, deadline=None)
def test_any_title_and_address_make_one_link_in_one_cell(text, path):
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table")
    label = escape_text(text) or "x"
    children = rendered_cell(parser, f"[{label}]({escape_url('https://x.org/' + path)})")
    types = [child.type for child in children]
    assert types[0] == "link_open" and types[-1] == "link_close", types
    assert types.count("link_open") == 1
    assert set(types[1:-1]) <= {"text"}
    assert children[0].attrs["href"].startswith("https://x.org/")
    assert visible_text(children) == (" ".join(text.split()) or "x")


@pytest.mark.parametrize(
    ("description", "escaped"),
    [
        pytest.param("# Not a heading", "\\# Not a heading", id="heading"),
        pytest.param("- not a list", "\\- not a list", id="list"),
        pytest.param("1. not a list", "1\\. not a list", id="ordered-list"),
        pytest.param("> not a quote", "\\> not a quote", id="quote"),
        pytest.param("Plain & simple", "Plain & simple", id="plain"),
        pytest.param("AT&amp;T", "AT\\&amp;T", id="entity"),
    ],
)
def test_descriptions_cannot_start_a_block(description, escaped):
    assert escape_paragraph(description) == escaped
