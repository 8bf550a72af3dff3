"""The exported page in a real browser: Debian's Chromium, headless, driven by Playwright.

Pages of the shipped collection and of a generated 10,000-entry library are opened
from file://, as a reader who downloaded them would. One browser serves every test
of the module; each test gets a fresh context (Playwright launches Chromium with a
new, empty profile folder). A failing test leaves `screenshot.png` in its tmp_path.
"""

import json
import os
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from mibib.cli import app
from mibib.export.bibtex import render_each_citation
from mibib.features.search import Filters
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
MAX_BATCHES = 4  # of five rounds each
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


def matches_query(paper, query: str) -> bool:
    text = " ".join([paper.title, *paper.authors, paper.tldr, *paper.category_tldrs.values()])
    words = search_words(text)
    return all(any(word.startswith(wanted) for word in words) for wanted in search_words(query))


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
    """A page in a fresh browser context, with what it tried to fetch and the errors it hit."""

    def __init__(self, browser, **options) -> None:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", self._request)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: message.type == "error" and self.errors.append(message.text),
        )

    def _request(self, request) -> None:
        if not request.url.startswith(("file:", "data:")):
            self.elsewhere.append(request.url)

    def visible(self) -> list[tuple[str, str]]:
        """(section's category, key) of each row shown."""
        return [tuple(pair) for pair in self.page.evaluate(VISIBLE_KEYS)]

    def visible_keys(self) -> set[str]:
        return {key for _, key in self.visible()}

    def status(self) -> str:
        return self.page.locator("#status").text_content()


@pytest.fixture
def tab(browser, request, tmp_path):
    """Open pages with tab(); each is checked for requests elsewhere and script errors."""
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
        assert each.elsewhere == [], f"the page fetched from elsewhere: {each.elsewhere}"
        assert each.errors == [], f"script errors: {each.errors}"


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


@pytest.mark.parametrize(
    "query",
    ["sparse auto", "SPARSE AUTOENCODERS", "olah", "kramar", "induction heads", "in", "zzzq"],
    ids=["prefixes", "case", "author", "accent", "two-words", "short", "nothing"],
)
def test_typing_a_query_shows_the_papers_whose_words_it_begins(tab, shipped, query):
    url, _, papers, _ = shipped
    shown = tab(url)
    shown.page.fill("#q", query)
    expected = {paper.key for paper in papers if matches_query(paper, query)}
    assert shown.visible_keys() == expected
    if expected:
        assert shown.status() == f"Showing {len(expected)} of {len(papers)} papers"
    else:
        assert shown.page.locator("#nothing").is_visible()
    assert shown.page.url.endswith("#q=" + query.replace(" ", "%20"))


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
    assert shown.page.url.endswith("#category=features&technique=sparse-autoencoder")
    # Each facet's counts are of the papers passing the other facets' filters.
    count = shown.page.locator("input[name=technique][value=probing] ~ .count")
    in_features = Filters(tags={"category": frozenset(categories)})
    probing = taxonomy.descendants("technique", "probing")
    assert int(count.text_content()) == sum(
        1 for p in papers if in_features.matches(p) and probing & set(p.tags["technique"])
    )
    feature_count = shown.page.locator("input[name=category][value=features] ~ .count")
    assert int(feature_count.text_content()) == len(expected)


def test_the_url_restores_the_view_and_the_back_button_undoes(tab, shipped):
    url, *_ = shipped
    first = tab(url)
    first.page.fill("#q", "superposition")
    first.page.check("input[name=category][value=superposition]")
    first.page.fill("#year-from", "2023")
    first.page.locator("#year-from").dispatch_event("change")
    view, address = first.visible(), first.page.url
    assert address.endswith("#category=superposition&year=2023-&q=superposition")
    second = tab(address)
    assert second.visible() == view
    assert second.page.input_value("#q") == "superposition"
    assert second.page.is_checked("input[name=category][value=superposition]")
    assert second.page.input_value("#year-from") == "2023"
    first.page.go_back()
    assert first.page.url.endswith("#category=superposition&q=superposition")
    assert first.page.input_value("#year-from") == ""
    first.page.go_back()
    assert first.page.url.endswith("#q=superposition")
    assert not first.page.is_checked("input[name=category][value=superposition]")
    first.page.go_back()
    assert "#" not in first.page.url and first.page.input_value("#q") == ""
    assert len(first.visible()) == len(tab(url).visible())


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
    shown.page.click(f"#chart button[data-year='{years[-2]}']")
    assert shown.visible_keys() == {paper.key for paper in papers if paper.year == years[-2]}
    assert shown.page.input_value("#year-from") == shown.page.input_value("#year-to")
    assert shown.page.get_attribute(f"#chart button[data-year='{years[-2]}']", "aria-pressed")
    shown.page.fill("#year-from", str(years[0]))
    shown.page.locator("#year-from").dispatch_event("change")
    expected = {paper.key for paper in papers if years[0] <= (paper.year or 0) <= years[-2]}
    assert shown.visible_keys() == expected
    shown.page.fill("#q", "circuit")
    circuit = {paper.key for paper in papers if matches_query(paper, "circuit")}
    latest = sum(1 for p in papers if p.key in circuit & expected and p.year == years[-2])
    assert shown.page.get_attribute(f"#chart button[data-year='{years[-2]}']", "aria-label") == (
        f"{years[-2]}: {latest} paper{'s' if latest != 1 else ''}"
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
    assert page.url.endswith("#category=techniques&q=toy")


def test_the_page_reads_without_javascript(tab, shipped):
    url, _, papers, _ = shipped
    shown = tab(url, java_script_enabled=False)
    assert shown.visible_keys() == {paper.key for paper in papers}
    assert not shown.page.locator("#filters").is_visible()
    assert not shown.page.locator("button.copy").first.is_visible()
    assert shown.page.locator("nav.contents").is_visible()


def test_the_page_fits_a_phone_and_follows_a_dark_scheme(tab, shipped):
    url, *_ = shipped
    phone = tab(url, viewport={"width": 360, "height": 740}, color_scheme="dark")
    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate("document.getElementById('filters').open") is False
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(part) for part in re.findall(r"\d+", background)[:3])
    assert red + green + blue < 3 * 60, background
    light = tab(url, color_scheme="light").page
    background = light.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"


# --- 10,000 entries ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """The page of a generated 10,000-entry library, and the number of entries per year."""
    from typer.testing import CliRunner

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic import generate_records, render_library, taxonomy_keys
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path_factory.mktemp("large")
    taxonomy = folder / "taxonomy.toml"
    shutil.copy(ROOT / "taxonomy.toml", taxonomy)
    records = generate_records(LARGE, taxonomy_keys(taxonomy), seed=7)
    for record in records:  # the page shows no abstract; without them the parse takes a third
        del record["fields"]["abstract"]
    (folder / "library.bib").write_text(render_library(records), encoding="utf-8")
    page = export(CliRunner(), folder, folder / "library.bib", taxonomy)
    return page.as_uri(), records


MEASURE = """async ([steps, rounds]) => {
  // Time from the user's action to the page laid out, then to the next frame painted.
  const q = document.getElementById('q');
  const act = {
    query: (v) => { q.value = v; q.dispatchEvent(new Event('input')); },
    box: (selector) => { const box = document.querySelector(selector);
                         box.checked = !box.checked; box.dispatchEvent(new Event('change')); },
    clear: () => document.querySelector('button.clear').click(),
  };
  const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const results = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, kind, value] of steps) {
      await frame();
      const start = performance.now();
      act[kind](value);
      document.body.getBoundingClientRect();
      const laidOut = performance.now() - start;
      await frame();
      (results[name] ??= []).push([laidOut, performance.now() - start]);
    }
  }
  return results;
}"""


def test_filtering_ten_thousand_entries_takes_under_100_ms(tab, large, record_property):
    url, records = large
    shown = tab()
    shown.page.goto(url, timeout=120_000)
    assert shown.status() == f"{LARGE} papers"
    steps = [
        ["tick a category", "box", "input[name=category][value=superposition]"],
        ["tick a technique", "box", "input[name=technique][value=probing]"],
        ["type a query", "query", "sparse auto"],
        ["clear every filter", "clear", None],
        ["type a common word", "query", "smith"],
        ["show everything again", "clear", None],
    ]
    # Timing on a shared machine only ever adds: the fastest of several rounds is the
    # closest to the page's own cost. More rounds are run while a step is over budget
    # (another process had the cores), up to a bound.
    laid_out: dict[str, float] = {}
    painted: dict[str, float] = {}
    for _ in range(MAX_BATCHES):
        for name, times in shown.page.evaluate(MEASURE, [steps, 5]).items():
            laid_out[name] = round(min([laid_out.get(name, 1e9), *(laid for laid, _ in times)]))
            painted[name] = round(min([painted.get(name, 1e9), *(frame for _, frame in times)]))
        if max(painted.values()) < FILTER_BUDGET_MS:
            break
    record_property("filter_ms", json.dumps({"laid out": laid_out, "painted": painted}))
    print(f"\n{LARGE} entries, ms from the action to the page laid out: {laid_out}")
    print(f"{LARGE} entries, ms from the action to the next frame: {painted}")
    for name in laid_out:
        assert laid_out[name] < FILTER_BUDGET_MS, f"{name}: {laid_out[name]} ms to layout"
        assert painted[name] < FILTER_BUDGET_MS, f"{name}: {painted[name]} ms to the next frame"
    shown.page.fill("#q", "smith")
    expected = sum(
        1
        for record in records
        if any(word.startswith("smith") for word in search_words(record["fields"]["author"]))
        or "smith" in search_words(record["fields"]["title"] + " " + record["tldr"])
    )
    assert shown.status() == f"Showing {expected} of {LARGE} papers"
