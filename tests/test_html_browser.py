"""The exported page in a real browser: Debian's Chromium, headless, driven by Playwright.

Pages of the shipped collection and of a generated 10,000-entry library are opened
from file://, as a reader who downloaded them would. One browser serves every test
of the module; each test gets a fresh context (Playwright launches Chromium with a
new, empty profile folder). Every request to anything but a file is blocked and fails
the test, as does anything the page prints to the console. A failing test leaves
`screenshot.png` in its tmp_path.
"""

import json
import os
import re
import shutil
import statistics
import sys
import unicodedata
from pathlib import Path

import pytest

from mibib.cli import app
from mibib.export.bibtex import render_each_citation
from mibib.features.search import Filters, search_papers
from mibib.model import Paper
from mibib.storage import load_library
from mibib.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("MIBIB_CHROMIUM", "/usr/bin/chromium"))
# Without the networking switches Chromium calls Google's hosts at start; the sandbox
# cannot run as root (CI runs as root).
CHROMIUM_ARGS = [
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    *(["--no-sandbox"] if os.geteuid() == 0 else []),
]
FILTER_BUDGET_MS = 100
ROUNDS = 5  # each change timed this many times; the median is held to the budget
LARGE = 10_000

VISIBLE_KEYS = """() => [...document.querySelectorAll('ol.papers > li')]
    .filter((row) => row.checkVisibility())
    .map((row) => [row.closest('section').dataset.category,
                   row.querySelector('code').textContent])"""


def search_words(text: str) -> list[str]:
    """The search rule the page and `mibib search` share, written again independently."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return re.findall(r"[^\W_]+", folded.casefold())


def typo_distance(a: str, b: str) -> int:
    """Edits from a to b, a swap of neighbours counting as one (optimal string alignment)."""
    rows = [list(range(len(b) + 1))] + [[i] + [0] * len(b) for i in range(1, len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            rows[i][j] = min(
                rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


def word_matches(wanted: str, word: str) -> bool:
    """A prefix, or a word a typo away from five letters on (two from nine)."""
    typos = 2 if len(wanted) >= 9 else 1 if len(wanted) >= 5 else 0
    return word.startswith(wanted) or (
        typos > 0 and abs(len(word) - len(wanted)) <= typos and typo_distance(wanted, word) <= typos
    )


def matches_query(paper, query: str) -> bool:
    text = " ".join([paper.title, *paper.authors, paper.tldr, *paper.category_tldrs.values()])
    words = set(search_words(text))
    return all(any(word_matches(wanted, word) for word in words) for wanted in search_words(query))


def export(runner, folder: Path, library: Path, taxonomy: Path) -> Path:
    """`mibib export html` of a collection into `folder`, its parse cache kept there too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MIBIB_CACHE_DIR", str(folder / "cache"))
        args = ["--library", str(library), "--taxonomy", str(taxonomy), "export", "html"]
        result = runner.invoke(app, [*args, "-o", str(folder / "site" / "index.html")])
    assert result.exit_code == 0, result.output
    return folder / "site" / "index.html"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install Debian's chromium package "
            "(apt-get install chromium, as .ci/run does) or set MIBIB_CHROMIUM"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Tab:
    """A page in a fresh browser context that may fetch nothing but files, with what it
    tried to fetch elsewhere, the errors it hit and what it printed to the console."""

    def __init__(self, browser, **options) -> None:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", self._request)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console", lambda message: self.errors.append(f"{message.type}: {message.text}")
        )
        self.page.on("dialog", self._dialog)

    def _route(self, route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _request(self, request) -> None:
        if not request.url.startswith(("file:", "data:")):
            self.elsewhere.append(request.url)

    def _dialog(self, dialog) -> None:
        self.errors.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def visible(self) -> list[tuple[str, str]]:
        """(section's category, key) of each row shown."""
        return [tuple(pair) for pair in self.page.evaluate(VISIBLE_KEYS)]

    def visible_keys(self) -> set[str]:
        return {key for _, key in self.visible()}

    def status(self) -> str:
        return self.page.locator("#status").text_content()

    def address(self) -> str:
        """The page's address as it says it (`page.url` may lag behind a pushState)."""
        return self.page.evaluate("location.href")


@pytest.fixture
def tab(browser, request, tmp_path):
    """Open pages with tab(); each is checked for requests elsewhere, script errors,
    console messages and alerts."""
    opened: list[Tab] = []

    def open_tab(url: str | None = None, **options) -> Tab:
        new = Tab(browser, **options)
        opened.append(new)
        if url:
            new.page.goto(url)
        return new

    yield open_tab
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed and opened:
        opened[-1].page.screenshot(path=str(tmp_path / "screenshot.png"), full_page=False)
    for each in opened:
        each.context.close()
    for each in opened:
        assert each.elsewhere == [], f"the page tried to fetch from elsewhere: {each.elsewhere}"
        assert each.errors == [], f"the page printed or raised: {each.errors}"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped collection's page, with its papers and taxonomy to check it against."""
    from typer.testing import CliRunner

    folder = tmp_path_factory.mktemp("shipped")
    page = export(CliRunner(), folder, ROOT / "library.bib", ROOT / "taxonomy.toml")
    library = load_library(ROOT / "library.bib", use_cache=False)
    taxonomy = load_taxonomy(ROOT / "taxonomy.toml")
    papers = [p for p in library.papers if any(taxonomy.get("category", c) for c in p.categories)]
    return page.as_uri(), library, papers, taxonomy


def test_the_page_opens_from_file_with_every_entry_and_nothing_fetched(tab, shipped):
    url, _, papers, taxonomy = shipped
    shown = tab(url)
    assert shown.status() == f"{len(papers)} papers"
    assert shown.visible_keys() == {paper.key for paper in papers}
    rows = shown.visible()
    for paper in papers:
        for category in paper.categories:
            assert (category, paper.key) in rows
    assert shown.page.locator("#filters").is_visible()
    assert shown.page.locator("#chart button.bar").count() > 0
    assert not shown.page.locator("nav.contents").is_visible()


def test_the_guard_blocks_and_reports_any_request_elsewhere(browser, tmp_path):
    page = tmp_path / "fetches.html"
    page.write_text('<img src="http://127.0.0.1:9/pixel.png" alt="">', encoding="utf-8")
    shown = Tab(browser)
    failed = []
    shown.page.on("requestfailed", lambda request: failed.append(request.url))
    shown.page.goto(page.as_uri())
    shown.page.wait_for_load_state("load")
    shown.context.close()
    assert shown.elsewhere == failed == ["http://127.0.0.1:9/pixel.png"]


# Words, prefixes, case, accents, typos (one edit, a swap, two from nine letters on).
QUERIES = [
    "sparse auto",
    "SPARSE AUTOENCODERS",
    "olah",
    "kramar",
    "induction heads",
    "in",
    "zzzq",
    "superpositon",
    "supreposition",
    "interpretabilty",
    "intrepretabiltiy",
    "circut",
    "nada",
]


def test_typing_a_query_shows_the_papers_whose_words_it_begins(tab, shipped):
    url, _, papers, _ = shipped
    shown = tab(url)
    for query in QUERIES:
        shown.page.fill("#q", query)
        expected = {paper.key for paper in papers if matches_query(paper, query)}
        assert shown.visible_keys() == expected, query
        if expected:
            assert shown.status() == f"Showing {len(expected)} of {len(papers)} papers", query
        else:
            assert shown.page.locator("#nothing").is_visible(), query
        assert shown.address().endswith("#q=" + query.replace(" ", "%20"))
    assert {paper.key for paper in papers if matches_query(paper, "superpositon")} == {
        paper.key for paper in papers if matches_query(paper, "superposition")
    }
    shown.page.fill("#q", "zzzq")
    shown.page.click("#nothing button.clear")
    assert shown.visible_keys() == {paper.key for paper in papers}
    assert shown.page.evaluate("document.activeElement.id") == "papers"  # not lost


def test_the_page_finds_what_mibib_search_finds_with_every_word(tab, shipped):
    """`mibib search` lists the entries holding every word first (scores of 60 and up);
    the page shows exactly those (the page has no abstracts, so neither has the library
    searched here)."""
    url, _, papers, _ = shipped
    without_abstracts = [
        Paper(
            key=paper.key,
            entry_type=paper.entry_type,
            fields={name: value for name, value in paper.fields.items() if name != "abstract"},
            tags=paper.tags,
            tldr=paper.tldr,
            category_tldrs=paper.category_tldrs,
        )
        for paper in papers
    ]
    shown = tab(url)
    for query in QUERIES:
        found = search_papers(without_abstracts, query, limit=len(papers))
        shown.page.fill("#q", query)
        assert shown.visible_keys() == {paper.key for paper, score in found if score >= 60}, query


def test_a_category_and_a_technique_show_their_intersection(tab, shipped):
    url, _, papers, taxonomy = shipped
    shown = tab(url)
    shown.page.check("input[name=category][value=features]")
    shown.page.check("input[name=technique][value=sparse-autoencoder]")
    categories = taxonomy.descendants("category", "features")
    wanted = Filters(
        tags={
            "category": frozenset(categories),
            "technique": frozenset(taxonomy.descendants("technique", "sparse-autoencoder")),
        }
    )
    expected = {paper.key for paper in papers if wanted.matches(paper)}
    assert expected and len(expected) < len(papers)
    assert shown.visible_keys() == expected
    assert {category for category, _ in shown.visible()} <= categories
    assert shown.address().endswith("#category=features&technique=sparse-autoencoder")
    # Each facet's counts are of the papers passing the other facets' filters.
    count = shown.page.locator("input[name=technique][value=probing] ~ .count")
    in_features = Filters(tags={"category": frozenset(categories)})
    probing = taxonomy.descendants("technique", "probing")
    assert int(count.text_content()) == sum(
        1 for p in papers if in_features.matches(p) and probing & set(p.tags["technique"])
    )
    feature_count = shown.page.locator("input[name=category][value=features] ~ .count")
    assert int(feature_count.text_content()) == len(expected)
    # Typing narrows every count at once.
    shown.page.fill("#q", "feature")
    assert int(count.text_content()) == sum(
        1
        for p in papers
        if in_features.matches(p)
        and probing & set(p.tags["technique"])
        and matches_query(p, "feature")
    )
    assert int(feature_count.text_content()) == len(
        {
            key
            for key in expected
            if matches_query(next(p for p in papers if p.key == key), "feature")
        }
    )


def test_the_url_restores_the_view_and_the_back_button_undoes(tab, shipped):
    url, _, papers, taxonomy = shipped
    first = tab(url)
    first.page.fill("#q", "superposition")
    first.page.check("input[name=category][value=superposition]")
    first.page.fill("#year-from", "2023")
    first.page.locator("#year-from").dispatch_event("change")
    view, address = first.visible(), first.address()
    assert address.endswith("#category=superposition&year=2023-&q=superposition")
    second = tab(address)
    assert second.visible() == view
    assert second.page.input_value("#q") == "superposition"
    assert second.page.is_checked("input[name=category][value=superposition]")
    assert second.page.input_value("#year-from") == "2023"
    first.page.go_back()
    assert first.address().endswith("#category=superposition&q=superposition")
    assert first.page.input_value("#year-from") == ""
    first.page.go_back()
    assert first.address().endswith("#q=superposition")
    assert not first.page.is_checked("input[name=category][value=superposition]")
    first.page.go_back()
    assert "#" not in first.address() and first.page.input_value("#q") == ""
    assert len(first.visible()) == len(tab(url).visible())
    # An address edited by hand (or a link to another view of the page) applies too.
    first.page.evaluate("location.hash = 'technique=probing&q=sparse'")
    first.page.wait_for_function("document.getElementById('q').value === 'sparse'")
    assert first.page.is_checked("input[name=technique][value=probing]")
    probing = taxonomy.descendants("technique", "probing")
    assert first.visible_keys() == {
        p.key for p in papers if probing & set(p.tags["technique"]) and matches_query(p, "sparse")
    }


def test_the_bibtex_button_copies_the_clean_entry(tab, shipped):
    url, library, papers, _ = shipped
    shown = tab(url, permissions=["clipboard-read", "clipboard-write"])
    paper = next(paper for paper in papers if paper.tags["technique"])
    key = shown.page.locator(f"code:text-is('{paper.key}')")
    row = shown.page.locator("ol.papers > li", has=key)
    button = row.first.get_by_role("button", name=f"Copy the BibTeX of {paper.key}")
    button.click()
    copied = shown.page.evaluate("navigator.clipboard.readText()")
    assert copied == render_each_citation(library, [paper.key], clean=True)[paper.key]
    assert "mibib-" not in copied
    assert button.text_content() == "Copied"
    assert shown.page.locator("#announce").text_content() == f"Copied the BibTeX of {paper.key}."


def row_of(page, key: str):
    return page.locator("ol.papers > li", has=page.locator(f"code:text-is('{key}')")).first


NO_CLIPBOARD = {
    "no-clipboard-api": (
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"
    ),
    "clipboard-refused": (
        "navigator.clipboard.writeText = () =>"
        " Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));"
    ),
}


@pytest.mark.parametrize("script", NO_CLIPBOARD.values(), ids=NO_CLIPBOARD.keys())
def test_without_the_clipboard_the_bibtex_opens_selected_in_a_dialog(tab, shipped, script):
    """Where the Clipboard API is missing (an old browser, a page served over plain http)
    or refuses (permissions), the entry is shown selected, to copy by hand."""
    url, library, papers, _ = shipped
    shown = tab()
    shown.context.add_init_script(script)
    shown.page.goto(url)
    page = shown.page
    paper = papers[len(papers) // 2]
    button = row_of(page, paper.key).get_by_role("button", name=f"Copy the BibTeX of {paper.key}")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#bibtex-dialog")
    dialog.wait_for(state="visible")
    expected = render_each_citation(library, [paper.key], clean=True)[paper.key]
    assert page.input_value("#bibtex-text") == expected
    selection = page.evaluate(
        "[document.activeElement.id, document.activeElement.selectionStart,"
        " document.activeElement.selectionEnd]"
    )
    assert selection == ["bibtex-text", 0, len(expected)]
    assert page.evaluate("document.getElementById('bibtex-text').scrollTop") == 0
    assert paper.key in page.locator("#bibtex-label").text_content()
    assert button.text_content() == "BibTeX"  # nothing claims it was copied
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        f"Copy the BibTeX of {paper.key}"
    )
    button.click()
    dialog.wait_for(state="visible")
    page.get_by_role("button", name="Close").click()
    assert not dialog.is_visible()


def test_years_and_the_chart_filter_and_count_the_papers_shown(tab, shipped):
    url, _, papers, _ = shipped
    shown = tab(url)
    years = sorted({paper.year for paper in papers if paper.year})
    bars = shown.page.locator("#chart button.bar")
    assert bars.count() == years[-1] - years[0] + 1
    for year in years:
        count = sum(1 for paper in papers if paper.year == year)
        label = f"{year}: {count} paper{'s' if count != 1 else ''}"
        assert (
            shown.page.locator(f"#chart button[data-year='{year}']").get_attribute("aria-label")
            == label
        )
    shown.page.focus(f"#chart button[data-year='{years[-1]}']")
    shown.page.keyboard.press("ArrowLeft")
    shown.page.keyboard.press("Enter")
    assert shown.page.evaluate("document.activeElement.dataset.year") == str(years[-2])
    assert shown.visible_keys() == {paper.key for paper in papers if paper.year == years[-2]}
    assert shown.page.input_value("#year-from") == shown.page.input_value("#year-to")
    chosen = shown.page.locator(f"#chart button[data-year='{years[-2]}']")
    assert chosen.get_attribute("aria-pressed") == "true"
    # The other years keep their bars, dimmed, so the chart still shows where to look.
    other = years[-3]
    count = sum(1 for paper in papers if paper.year == other)
    bar = shown.page.locator(f"#chart button[data-year='{other}']")
    assert bar.get_attribute("aria-label") == (
        f"{other}: {count} paper{'s' if count != 1 else ''}, outside the years chosen"
    )
    assert bar.get_attribute("aria-pressed") == "false"
    assert bar.locator(".fill").bounding_box()["height"] > 0
    # The facet counts follow the year too.
    techniques = shown.page.locator("input[name=category][value=techniques] ~ .count")
    assert int(techniques.text_content()) == sum(
        1 for p in papers if p.year == years[-2] and "techniques" in p.categories
    )
    chosen.click()
    assert shown.page.input_value("#year-from") == "" and "#" not in shown.address()
    # A year is four digits, as the address reads it back: "20" is no filter.
    shown.page.fill("#year-from", "20")
    shown.page.locator("#year-from").dispatch_event("change")
    assert "#" not in shown.address() and shown.status() == f"{len(papers)} papers"
    for field, year in (("#year-from", years[0]), ("#year-to", years[-2])):
        shown.page.fill(field, str(year))
        shown.page.locator(field).dispatch_event("change")
    expected = {paper.key for paper in papers if years[0] <= (paper.year or 0) <= years[-2]}
    assert shown.visible_keys() == expected
    shown.page.fill("#q", "circuit")
    circuit = {paper.key for paper in papers if matches_query(paper, "circuit")}
    for year, outside in ((years[-2], ""), (years[-1], ", outside the years chosen")):
        count = sum(1 for p in papers if p.key in circuit and p.year == year)
        assert shown.page.get_attribute(f"#chart button[data-year='{year}']", "aria-label") == (
            f"{year}: {count} paper{'s' if count != 1 else ''}{outside}"
        )


def test_the_page_works_from_the_keyboard(tab, shipped):
    url, _, papers, _ = shipped
    shown = tab(url)
    page = shown.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("toy")
    assert shown.visible_keys() == {paper.key for paper in papers if matches_query(paper, "toy")}
    page.focus("input[name=category][value=techniques]")
    page.keyboard.press("Space")
    assert page.is_checked("input[name=category][value=techniques]")
    assert shown.address().endswith("#category=techniques&q=toy")
    page.keyboard.press("Space")
    assert shown.address().endswith("#q=toy")
    # In order, each with its focus ring: the boxes, "Clear all filters", the chart, the
    # rows; the sticky filter panel does not hold the focus.
    order = []
    for _ in range(80):
        page.keyboard.press("Tab")
        order.append(page.evaluate(FOCUSED))
        if order[-1][0] == "copy":
            break
    names = [name for name, _ in order]
    assert names.index("clear") < names.index("bar") < names.index("a") < names.index("copy")
    assert names.count("bar") == 1  # the chart is one stop; its arrow keys move within
    assert all(ring.startswith("solid 3px") for _, ring in order), order
    page.keyboard.press("Enter")
    assert page.locator("button.copy >> nth=0").text_content() in ("Copied", "BibTeX")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)[0] != "copy"


FOCUSED = """(() => { const element = document.activeElement;
  const style = getComputedStyle(element);
  return [element.className || element.tagName.toLowerCase(),
          `${style.outlineStyle} ${style.outlineWidth}`]; })()"""


def test_the_page_reads_without_javascript(tab, shipped):
    url, _, papers, _ = shipped
    shown = tab(url, java_script_enabled=False)
    assert shown.visible_keys() == {paper.key for paper in papers}
    assert not shown.page.locator("#filters").is_visible()
    assert not shown.page.locator("button.copy").first.is_visible()
    assert shown.page.locator("nav.contents").is_visible()
    shown.page.emulate_media(media="print")
    assert shown.visible_keys() == {paper.key for paper in papers}


def test_printing_gives_the_list_as_filtered_with_its_link_addresses(tab, shipped):
    url, _, papers, _ = shipped
    shown = tab(url + "#q=circuit")
    page = shown.page
    page.emulate_media(media="print")
    expected = {paper.key for paper in papers if matches_query(paper, "circuit")}
    assert shown.visible_keys() == expected
    assert shown.status() == f"Showing {len(expected)} of {len(papers)} papers"
    assert page.locator("#status").is_visible()
    for hidden in ("#filters", "#chart-figure", "button.copy >> nth=0", ".skip"):
        assert not page.locator(hidden).is_visible(), hidden
    after = "(a) => getComputedStyle(a, '::after').content"
    link = page.locator(".papers .links a").first
    assert link.get_attribute("href") in link.evaluate(after)
    # An entry with neither arXiv nor DOI prints the address its title links to.
    shown.page.goto(url)
    page.emulate_media(media="print")
    web_only = next(p for p in papers if not p.arxiv and not p.doi and p.fields.get("url"))
    title = row_of(page, web_only.key).locator(".title a")
    assert title.get_attribute("href") in title.evaluate(after)
    with_arxiv = next(p for p in papers if p.arxiv)
    assert row_of(page, with_arxiv.key).locator(".title a").evaluate(after) == "none"


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two `rgb(...)` colours."""

    def luminance(colour: str) -> float:
        channels = [int(part) / 255 for part in re.findall(r"\d+", colour)[:3]]
        red, green, blue = (
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
        )
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


COLOURS = """() => {
  const style = (selector, property) =>
    getComputedStyle(document.querySelector(selector))[property];
  return {
    back: style('body', 'backgroundColor'), panel: style('#filters', 'backgroundColor'),
    text: style('body', 'color'), muted: style('#status', 'color'),
    count: style('.tree .count', 'color'), link: style('.papers .title a', 'color'),
    field: style('#q', 'borderTopColor'), year: style('#year-from', 'borderTopColor'),
    button: style('button.copy', 'borderTopColor'), bar: style('#chart .fill', 'backgroundColor'),
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_controls_and_bars_stand_out_in_both_schemes(tab, shipped, scheme):
    """Text 4.5:1 against its background; control borders and bars 3:1 (WCAG 2.1 AA)."""
    url, *_ = shipped
    colours = tab(url, color_scheme=scheme).page.evaluate(COLOURS)
    for text, background in [
        ("text", "back"),
        ("muted", "back"),
        ("link", "back"),
        ("count", "panel"),
    ]:
        assert contrast(colours[text], colours[background]) >= 4.5, (text, colours)
    for part, background in [
        ("field", "panel"),
        ("year", "panel"),
        ("button", "back"),
        ("bar", "back"),
    ]:
        assert contrast(colours[part], colours[background]) >= 3, (part, colours)


def test_the_page_fits_a_phone_and_follows_a_dark_scheme(tab, shipped):
    url, *_ = shipped
    phone = tab(
        url + "#technique=probing&q=circuit",
        viewport={"width": 390, "height": 844},
        color_scheme="dark",
    )
    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("document.getElementById('filters').open") is False
    # Folded, the filters still say that some are in use.
    assert page.locator("#filters summary").text_content() == "Filters (2 in use)"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(part) for part in re.findall(r"\d+", background)[:3])
    assert red + green + blue < 3 * 60, background
    page.click("#filters summary")
    assert page.locator("#q").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    light = tab(url, color_scheme="light").page
    background = light.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"


YEAR_LABELS = """() => [...document.querySelectorAll('#chart .label')]
    .filter((label) => label.textContent)
    .map((label) => { const box = label.getBoundingClientRect();
                      return [label.textContent, box.left, box.right]; })"""


@pytest.mark.parametrize("width", [390, 1280])
def test_year_labels_under_the_chart_never_overlap(tab, wide, width):
    """Forty years of papers: as many year labels as fit, each clear of the next."""
    shown = tab(wide, viewport={"width": width, "height": 800})
    labels = shown.page.evaluate(YEAR_LABELS)
    assert shown.page.locator("#chart button.bar").count() == 40
    assert len(labels) >= 4
    for (_, _, right), (_, left, _) in zip(labels, labels[1:], strict=False):
        assert right <= left, labels
    assert shown.page.evaluate("document.documentElement.scrollWidth") <= width


def test_hostile_titles_show_as_text_in_the_browser(tab, hostile):
    """A title, TL;DR or category holding markup shows it as text and runs nothing."""
    shown = tab(hostile, permissions=["clipboard-read", "clipboard-write"])
    page = shown.page
    title = page.locator("ol.papers > li .title").first.text_content()
    assert '"onmouseover=alert(1) x="' in title and "<script>alert(2)</script>" in title
    assert "</script><script>alert(3)</script>" in page.locator(".tldr").first.text_content()
    assert page.locator("h1").text_content() == 'A <i>hostile</i> "list"'
    assert page.locator("#papers script, #papers i, #papers b").count() == 0
    page.fill("#q", "script")
    assert shown.status() == "Showing 1 of 2 papers"
    page.locator("button.copy").first.click()
    assert "<script>alert(2)</script>" in page.evaluate("navigator.clipboard.readText()")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The page of a collection whose text holds markup and script."""
    from test_export_html import HOSTILE_BIB, HOSTILE_TAXONOMY
    from typer.testing import CliRunner

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "library.bib").write_text(HOSTILE_BIB, encoding="utf-8")
    (folder / "taxonomy.toml").write_text(HOSTILE_TAXONOMY, encoding="utf-8")
    return export(CliRunner(), folder, folder / "library.bib", folder / "taxonomy.toml").as_uri()


LONG_WORDS_BIB = r"""@article{averyveryveryveryverylongcitationkeythatgoesonandonandon2024,
  title = {Supercalifragilisticexpialidociousinterpretabilityofverylargelanguagemodels},
  author = {Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen, Hubert},
  journal = {Proceedings of the Conference on Extremely Long Venue Names That Never End},
  year = {2024},
  doi = {10.1234/averyveryveryveryverylongdoisuffixthatkeepsgoingandgoingandgoing},
  mibib-categories = {long},
  mibib-tldr = {Averyveryveryveryveryverylongwordwithoutanyspacetoseewhetherthelinebreaks.}
}
"""
LONG_WORDS_TAXONOMY = """[collection]
title = "Long words"

[[category]]
key = "long"
title = "Acategorytitlethatisveryveryveryverylongwithoutanyspaces"
"""
PAST_THE_EDGE = """() => [...document.querySelectorAll('body *')]
    .filter((element) => element.getBoundingClientRect().right > innerWidth + 0.5)
    .map((element) => element.tagName + '.' + element.className)"""


def test_words_longer_than_a_phone_line_break_inside_it(tab, tmp_path):
    """A key, a name or a title with no space wider than the screen breaks rather than
    running off the edge, where the page would clip it."""
    (tmp_path / "library.bib").write_text(LONG_WORDS_BIB, encoding="utf-8")
    (tmp_path / "taxonomy.toml").write_text(LONG_WORDS_TAXONOMY, encoding="utf-8")
    from typer.testing import CliRunner

    page = export(CliRunner(), tmp_path, tmp_path / "library.bib", tmp_path / "taxonomy.toml")
    shown = tab(page.as_uri(), viewport={"width": 320, "height": 800})
    shown.page.click("#filters summary")
    assert shown.page.evaluate(PAST_THE_EDGE) == []


def synthetic():
    """benchmarks/synthetic.py, the generator of the benchmark's libraries."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synthetic
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return synthetic


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """The page of 80 entries over forty years, 1986 to 2025."""
    from typer.testing import CliRunner

    generator = synthetic()
    folder = tmp_path_factory.mktemp("wide")
    taxonomy = folder / "taxonomy.toml"
    shutil.copy(ROOT / "taxonomy.toml", taxonomy)
    records = generator.generate_records(80, generator.taxonomy_keys(taxonomy), seed=3)
    for number, record in enumerate(records):
        record["fields"]["year"] = str(1986 + number % 40)
    (folder / "library.bib").write_text(generator.render_library(records), encoding="utf-8")
    return export(CliRunner(), folder, folder / "library.bib", taxonomy).as_uri()


# --- 10,000 entries ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """The page of a generated 10,000-entry library, and the number of entries per year."""
    from typer.testing import CliRunner

    generate_records, render_library = synthetic().generate_records, synthetic().render_library
    taxonomy_keys = synthetic().taxonomy_keys
    folder = tmp_path_factory.mktemp("large")
    taxonomy = folder / "taxonomy.toml"
    shutil.copy(ROOT / "taxonomy.toml", taxonomy)
    records = generate_records(LARGE, taxonomy_keys(taxonomy), seed=7)
    for record in records:  # the page shows no abstract; without them the parse takes a third
        del record["fields"]["abstract"]
    (folder / "library.bib").write_text(render_library(records), encoding="utf-8")
    page = export(CliRunner(), folder, folder / "library.bib", taxonomy)
    return page.as_uri(), records


STEP = """async ([kind, value]) => {
  // One change as a reader makes it, timed inside the page: to the page laid out (the
  // script, then style and layout), and to the next frame painted.
  const q = document.getElementById('q');
  const start = performance.now();
  if (kind === 'query') {
    q.value = value;
    q.dispatchEvent(new Event('input'));
  } else if (kind === 'box') {
    const box = document.querySelector(value);
    box.checked = !box.checked;
    box.dispatchEvent(new Event('change'));
  } else {
    document.querySelector(value).click();
  }
  document.body.getBoundingClientRect();
  const laidOut = performance.now() - start;
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return [laidOut, performance.now() - start];
}"""
NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))"


# Each round ends with every filter cleared, so every round times the same changes.
STEPS = [
    ["tick a category", "box", "input[name=category][value=superposition]"],
    ["tick a technique", "box", "input[name=technique][value=probing]"],
    ["type a query", "query", "sparse auto"],
    ["clear every filter", "click", "button.clear"],
    ["type a word with typos", "query", "superpostion"],
    ["choose a year", "click", "#chart button[data-year='2020']"],
    ["type a common word", "query", "smith"],
    ["show everything again", "click", "button.clear"],
]


def test_filtering_ten_thousand_entries_takes_under_100_ms(tab, large, record_property):
    """Each change, from the action to the next frame painted, costs the page's main
    thread under 100 ms of CPU time: the median of several rounds, measured in the
    browser's own thread time, which other processes on a shared machine do not add
    to (the page's clock does: its times are recorded and printed, not held to)."""
    url, records = large
    shown = tab()
    shown.page.goto(url, timeout=120_000)
    assert shown.status() == f"{LARGE:,} papers"
    metrics = shown.context.new_cdp_session(shown.page)
    metrics.send("Performance.enable", {"timeDomain": "threadTicks"})

    def main_thread_seconds() -> float:
        found = metrics.send("Performance.getMetrics")["metrics"]
        return next(metric["value"] for metric in found if metric["name"] == "TaskDuration")

    work: dict[str, list[float]] = {}
    clock: dict[str, list[tuple[float, float]]] = {}
    for _ in range(ROUNDS):
        for name, kind, value in STEPS:
            shown.page.evaluate(NEXT_FRAME)
            before = main_thread_seconds()
            clock.setdefault(name, []).append(shown.page.evaluate(STEP, [kind, value]))
            work.setdefault(name, []).append(1000 * (main_thread_seconds() - before))
    cpu = {name: round(statistics.median(times)) for name, times in work.items()}
    laid_out = {
        name: round(statistics.median(t for t, _ in times)) for name, times in clock.items()
    }
    painted = {name: round(statistics.median(t for _, t in times)) for name, times in clock.items()}
    figures = {"main thread": cpu, "laid out": laid_out, "painted": painted}
    record_property("filter_ms", json.dumps(figures))
    print(f"\n{LARGE} entries, median ms from the action to the next frame:")
    for what, times in figures.items():
        print(f"  {what}: {times}")
    for name, milliseconds in cpu.items():
        assert milliseconds < FILTER_BUDGET_MS, f"{name}: {milliseconds} ms of the main thread"
    shown.page.fill("#q", "smith")
    expected = sum(
        1
        for record in records
        if any(
            word_matches("smith", word)
            for word in search_words(
                " ".join([record["fields"]["title"], record["fields"]["author"], record["tldr"]])
            )
        )
    )
    assert shown.status() == f"Showing {expected:,} of {LARGE:,} papers"
