"""The shipped collection: complete against the survey's list, clean, and current in README."""

import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz, utils

from mibib.features.lint import ERROR, lint_papers
from mibib.identity.ids import find_arxiv_id
from mibib.importers.markdown import read_list
from mibib.storage import load_library
from mibib.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(__file__).parent / "data" / "import" / "reference-list.md"
WRONG_LINKS = {"Dissecting Recall": "2202.05262"}  # the list links ROME's id for this paper


@pytest.fixture(scope="module")
def shipped():
    return load_library(ROOT / "library.bib", use_cache=False), load_taxonomy(
        ROOT / "taxonomy.toml"
    )


@pytest.fixture(scope="module")
def reference_rows():
    """Every row of the list: its papers and the tools import leaves out (still rows here)."""
    reading = read_list(REFERENCE.read_text(encoding="utf-8"))
    return sorted(reading.items + reading.not_papers, key=lambda row: row.line)


def entry_for(row, papers):
    """The entry a row of the list stands for: by arXiv id, else by title."""
    arxiv = find_arxiv_id(row.url or "")
    if arxiv and not any(row.title.startswith(t) for t in WRONG_LINKS):
        matches = [paper for paper in papers if paper.arxiv == arxiv]
        if matches:
            return matches[0]
    wanted = utils.default_process(re.sub(r"\[.*?\]", "", row.title))
    scored = [
        (fuzz.token_set_ratio(wanted, utils.default_process(paper.title)), paper)
        for paper in papers
    ]
    score, paper = max(scored, key=lambda item: item[0])
    assert score >= 85, f"no entry for {row.title!r} (best {paper.key}, {score:.0f})"
    return paper


def test_shipped_library_checks_without_errors(shipped):
    library, taxonomy = shipped
    errors = [p for p in lint_papers(library.papers, taxonomy) if p.severity == ERROR]
    assert errors == []


def test_every_row_of_the_reference_list_has_an_entry_in_its_section(shipped, reference_rows):
    library, taxonomy = shipped
    assert len(reference_rows) == 94  # 85 paper rows and 9 tool rows
    seen = set()
    for row in reference_rows:
        paper = entry_for(row, library.papers)
        seen.add(paper.key)
        section = taxonomy.resolve("category", row.section[-1])
        placed = taxonomy.descendants("category", section)
        assert placed & set(paper.categories), f"{paper.key} not under {section}"
        for spelling in re.split(r",\s*", row.techniques):
            key = taxonomy.match("technique", re.sub(r"\s*\(.*\)", "", spelling))
            if key:
                assert key in paper.tags["technique"], f"{paper.key} lacks technique {key}"
    assert len(seen) == 62  # 53 papers and 9 tools, each once
    assert len(library.papers) == 62


def test_the_list_s_wrong_arxiv_id_is_fixed(shipped):
    library, _ = shipped
    dissecting = next(p for p in library.papers if p.title.startswith("Dissecting Recall"))
    assert dissecting.arxiv == "2304.14767"
    assert sum(1 for paper in library.papers if paper.arxiv == "2202.05262") == 1


def test_tldrs_are_our_own_words(shipped, reference_rows):
    library, _ = shipped
    theirs = [utils.default_process(row.tldr) for row in reference_rows if row.tldr]
    for paper in library.papers:
        for text in [paper.tldr, *paper.category_tldrs.values()]:
            ours = utils.default_process(text)
            closest = max(fuzz.ratio(ours, other) for other in theirs)
            assert closest < 70, f"{paper.key}: TL;DR too close to the list's ({closest:.0f})"


def test_every_paper_has_authors_year_and_a_tldr(shipped):
    library, _ = shipped
    for paper in library.papers:
        assert paper.authors and paper.year and paper.tldr, paper.key
        assert paper.categories, paper.key
