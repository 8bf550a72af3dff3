"""`mibib export readme`: markers, anchors, --check, idempotence, golden files.

Golden files live in tests/data/expected/; run with MIBIB_REGENERATE=1 to rewrite
them, then review the diff in git.
"""

import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from mibib.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
EXPORT = DATA / "export"
EXPECTED = DATA / "expected"
START, END = "<!-- mibib:start -->", "<!-- mibib:end -->"


def assert_matches_golden(actual: str, name: str) -> None:
    path = EXPECTED / name
    if os.environ.get("MIBIB_REGENERATE") == "1":
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run the tests once with MIBIB_REGENERATE=1"
    assert actual == path.read_bytes().decode("utf-8"), f"{name} differs from the golden file"


def github_anchors(markdown: str) -> list[str]:
    """Anchors as GitHub assigns them, written independently of mibib.export.anchors:
    ATX headings outside fences, text lower-cased, punctuation dropped, spaces to
    dashes, repeats numbered with the next free -N."""
    anchors, counts, fence = [], {}, None
    for line in markdown.split("\n"):
        opener = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if fence:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        heading = re.match(r" {0,3}#{1,6} +(.*?)\s*$", line)
        if not heading:
            continue
        text = re.sub(r"\\(.)", r"\1", heading.group(1))
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        base = "".join(
            char for char in text.lower() if char in " -_" or unicodedata.category(char)[0] in "LNM"
        ).replace(" ", "-")
        slug = base
        while slug in counts:
            counts[base] += 1
            slug = f"{base}-{counts[base]}"
        counts[slug] = 0
        anchors.append(slug)
    return anchors


def in_page_links(markdown: str) -> list[str]:
    return re.findall(r"(?<!\\)\]\(#([^)]*)\)", markdown)


def write_collection(folder: Path, library: Path, taxonomy: Path, readme: str) -> None:
    shutil.copy(library, folder / "library.bib")
    shutil.copy(taxonomy, folder / "taxonomy.toml")
    (folder / "README.md").write_bytes(readme.encode("utf-8"))


@pytest.fixture
def sample(collection) -> Path:
    """The test collection with the template README (headings outside the markers)."""
    shutil.copy(EXPORT / "README.md", collection / "README.md")
    return collection / "README.md"


@pytest.fixture
def hostile(tmp_path, monkeypatch) -> Path:
    """Entries and categories chosen to break tables, links and anchors."""
    write_collection(
        tmp_path,
        EXPORT / "hostile.bib",
        EXPORT / "hostile-taxonomy.toml",
        f"## Hostile\n\n{START}\n{END}\n",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path / "README.md"


def test_export_readme_matches_golden_file(invoke, sample):
    result = invoke("export", "readme")
    assert result.exit_code == 0, result.output
    assert result.output == "README.md updated.\n"
    assert_matches_golden(sample.read_text(encoding="utf-8"), "README.md")


def test_hostile_collection_matches_golden_file(runner, hostile):
    result = runner.invoke(app, ["export", "readme"])
    assert result.exit_code == 0, result.output
    assert_matches_golden(hostile.read_text(encoding="utf-8"), "hostile.md")


def test_generated_anchors_count_the_headings_outside_the_markers(invoke, sample):
    invoke("export", "readme")
    text = sample.read_text(encoding="utf-8")
    # "Techniques" is already a heading above the collection, so ours is the second.
    assert "- [Techniques](#techniques-1)" in text
    assert "[Back to contents](#contents)" in text
    anchors = github_anchors(text)
    assert anchors[:4] == ["a-sample-collection", "general", "general-1", "paper--blog"]
    assert "techniques-1" in anchors


def test_duplicate_and_punctuated_category_titles_get_githubs_anchors(runner, hostile):
    runner.invoke(app, ["export", "readme"])
    text = hostile.read_text(encoding="utf-8")
    assert "- [General](#general)" in text
    assert "- [Paper & Blog](#paper--blog)" in text
    assert "  - [General](#general-1)" in text
    assert github_anchors(text) == ["hostile", "contents", "general", "paper--blog", "general-1"]


def test_empty_categories_are_left_out_but_parents_of_filled_ones_stay(invoke, sample):
    invoke("export", "readme")
    text = sample.read_text(encoding="utf-8")
    assert "### Evaluation" not in text  # no entry is tagged with it or below it
    assert "Knowledge Editing" not in text
    # Findings and Applications has no entry of its own, only below it: heading, no table.
    section = text.split("### Findings and Applications\n", 1)[1].split("#### ", 1)[0]
    assert section == "\n[Back to contents](#contents)\n\n"


def _resolve_all(text: str) -> None:
    anchors = set(github_anchors(text))
    links = in_page_links(text)
    assert links, "expected in-page links"
    broken = sorted({link for link in links if link not in anchors})
    assert not broken, f"links without a heading: {broken}"


def test_every_in_page_link_of_the_generated_readmes_resolves(
    runner, invoke, sample, hostile, monkeypatch
):
    monkeypatch.chdir(sample.parent)
    assert invoke("export", "readme").exit_code == 0
    _resolve_all(sample.read_text(encoding="utf-8"))
    monkeypatch.chdir(hostile.parent)
    assert runner.invoke(app, ["export", "readme"]).exit_code == 0
    _resolve_all(hostile.read_text(encoding="utf-8"))


def test_every_in_page_link_of_the_repository_readme_resolves():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    anchors = set(github_anchors(text))
    broken = sorted({link for link in in_page_links(text) if link not in anchors})
    assert not broken, f"README.md links without a heading: {broken}"


def test_repository_readme_collection_is_current(runner, tmp_path):
    """README.md's collection is what library.bib and taxonomy.toml give.

    Until library.bib ships, the collection is that of an empty library.
    """
    library = ROOT / "library.bib"
    if not library.exists():
        library = tmp_path / "library.bib"
        library.write_text("", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "--library",
            str(library),
            "--taxonomy",
            str(ROOT / "taxonomy.toml"),
            "export",
            "readme",
            "--check",
            "--readme",
            str(ROOT / "README.md"),
        ],
    )
    assert result.exit_code == 0, (
        "README.md is stale: run `mibib export readme` in the repository\n" + result.output
    )
    assert result.output.endswith("is up to date.\n")


def test_text_outside_the_markers_is_never_touched(invoke, collection):
    before = "# Title\r\n\r\nKeep   this\t exactly\r\n\r\n## Paper collection\r\n\r\n"
    after = "\r\n## After\r\n\r\nno final newline"
    readme = collection / "README.md"
    readme.write_bytes(f"{before}{START}\r\nold\r\n{END}{after}".encode())
    assert invoke("export", "readme").exit_code == 0
    data = readme.read_bytes().decode("utf-8")
    assert data.startswith(f"{before}{START}\r\n")
    assert data.endswith(f"\n{END}{after}")
    assert "old" not in data
    generated = data[len(before) + len(START) + 2 : -len(END + after)]
    assert "\r" not in generated and generated.endswith("\n\n")


def test_export_readme_twice_changes_nothing(invoke, sample):
    assert invoke("export", "readme").exit_code == 0
    first = sample.read_bytes()
    result = invoke("export", "readme")
    assert result.exit_code == 0
    assert result.output == "README.md is up to date.\n"
    assert sample.read_bytes() == first
    check = invoke("export", "readme", "--check")
    assert check.exit_code == 0
    assert check.output == "README.md is up to date.\n"


def test_check_prints_a_diff_and_exits_1_when_stale(runner, invoke, sample):
    invoke("export", "readme")
    current = sample.read_text(encoding="utf-8")
    stale = current.replace("| Probing |", "| Probing (old) |", 1)
    sample.write_text(stale, encoding="utf-8")
    result = runner.invoke(app, ["export", "readme", "--check"])
    assert result.exit_code == 1
    assert result.stdout.startswith("--- README.md (current)\n+++ README.md (generated)\n")
    assert "\n-| [Finding Neurons" in result.stdout and "| Probing (old) |" in result.stdout
    assert "\n+| [Finding Neurons" in result.stdout
    assert result.stderr == (
        "Error: README.md is out of date; run `mibib export readme` to regenerate it\n"
    )
    assert sample.read_text(encoding="utf-8") == stale


def test_stdout_prints_the_updated_readme_and_writes_nothing(invoke, sample):
    original = sample.read_bytes()
    result = invoke("export", "readme", "--stdout")
    assert result.exit_code == 0
    assert sample.read_bytes() == original
    assert result.output.startswith("# A sample collection\n")
    assert "| [Finding Neurons in a Haystack" in result.output
    assert "stale text" not in result.output


def test_check_and_stdout_together_is_a_usage_error(invoke, sample):
    result = invoke("export", "readme", "--check", "--stdout")
    assert result.exit_code == 2


def test_default_readme_is_the_one_beside_the_taxonomy(invoke, sample, monkeypatch):
    (sample.parent / "sub").mkdir()
    monkeypatch.chdir(sample.parent / "sub")
    assert invoke("export", "readme").exit_code == 0
    assert "stale text" not in sample.read_text(encoding="utf-8")
    assert not (sample.parent / "sub" / "README.md").exists()


def test_readme_option_picks_another_file(invoke, collection):
    other = collection / "docs.md"
    other.write_text(f"## Papers\n\n{START}\n{END}\n", encoding="utf-8")
    result = invoke("export", "readme", "--readme", "docs.md")
    assert result.exit_code == 0, result.output
    assert "### Contents" in other.read_text(encoding="utf-8")


def test_missing_readme_is_an_error(invoke, collection):
    result = invoke("export", "readme")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: README.md: no such file; create it and add the two lines {START} and {END}, "
        "in this order, where the paper list goes (or pass --readme PATH)\n"
    )
    assert not list(collection.glob(".*.lock"))


@pytest.mark.parametrize(
    ("readme", "message"),
    [
        pytest.param(
            "# T\n\nno markers\n",
            f"Error: README.md: no mibib marker lines; add the two lines {START} and {END}, "
            "in this order, where the paper list goes",
            id="missing",
        ),
        pytest.param(
            f"# T\n\n{START}\n", f"Error: README.md:3: {START} without {END}", id="no-end"
        ),
        pytest.param(f"# T\n{END}\n", f"Error: README.md:2: {END} without {START}", id="no-start"),
        pytest.param(
            f"{START}\n{END}\n{START}\n{END}\n",
            f"Error: README.md:3: {START} repeated (first on line 1); keep one pair of markers",
            id="repeated-start",
        ),
        pytest.param(
            f"{START}\n{END}\n{END}\n",
            f"Error: README.md:3: {END} repeated (first on line 2); keep one pair of markers",
            id="repeated-end",
        ),
        pytest.param(
            f"# T\n{END}\ntext\n{START}\n",
            f"Error: README.md:2: {END} comes before {START} (line 4); swap them",
            id="out-of-order",
        ),
        pytest.param(
            f"```\n{START}\n{END}\n```\n",
            "Error: README.md: no mibib marker lines; ",
            id="only-inside-a-fence",
        ),
        pytest.param(
            f"text {START}\n{END} text\n",
            "Error: README.md: no mibib marker lines; ",
            id="not-whole-lines",
        ),
    ],
)
def test_marker_errors_name_the_file_and_line(invoke, collection, readme, message):
    path = collection / "README.md"
    path.write_text(readme, encoding="utf-8")
    for args in (["export", "readme"], ["export", "readme", "--check"]):
        result = invoke(*args)
        assert result.exit_code == 1
        assert result.output.startswith(message), result.output
        assert len(result.output.splitlines()) == 1
    assert path.read_text(encoding="utf-8") == readme


def test_markers_inside_a_fence_are_ignored(invoke, sample):
    assert invoke("export", "readme").exit_code == 0
    text = sample.read_text(encoding="utf-8")
    assert f"```markdown\n{START}\n## Contents\n{END}\n```\n" in text
    assert "stale text" not in text


def test_entries_in_no_known_category_are_reported(runner, sample):
    library = sample.parent / "library.bib"
    text = library.read_text(encoding="utf-8")
    library.write_text(text.replace("mibib-categories = {tools}", "mibib-categories = {toolz}"))
    result = runner.invoke(app, ["export", "readme"])
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: 1 entry has no known category and appears in no section: "
        "nanda2022transformerlens (give it a category; `mibib check` lists unknown ones)\n"
    )
    assert "TransformerLens" not in sample.read_text(encoding="utf-8")


def test_an_unknown_sort_order_names_the_category(invoke, sample):
    taxonomy = sample.parent / "taxonomy.toml"
    text = taxonomy.read_text(encoding="utf-8")
    taxonomy.write_text(text.replace('sort = ["title"]', 'sort = ["venue"]'), encoding="utf-8")
    line = text[: text.index('key = "tools"')].count("\n")
    result = invoke("export", "readme")
    assert result.exit_code == 1
    assert result.output == (
        "Error: taxonomy: unknown sort order 'venue' (use year, title or key), "
        f"in the sort of category 'tools' (line {line})\n"
    )
    assert "stale text" in sample.read_text(encoding="utf-8")
