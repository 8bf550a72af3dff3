"""library.bib: loading never drops data, tags live in mibib's own fields, bytes are kept."""

from pathlib import Path

import pytest

from mibib.errors import LibraryFormatError
from mibib.library import parse_library
from mibib.model import Paper
from mibib.storage import load_library, save_library

DATA = Path(__file__).parent / "data"


def test_tags_and_tldrs_are_read_from_mibib_fields():
    library = load_library(DATA / "library.bib")
    olsson = library.get("olsson2022context")
    assert olsson.categories == [
        "lm-behaviors",
        "in-context-learning",
        "phase-changes",
        "universality",
    ]
    assert olsson.tags["technique"] == ["zero-ablation", "visualization"]
    assert olsson.tags["evaluation"] == ["faithfulness"]
    assert olsson.tldr.startswith("Induction heads, which copy")
    assert olsson.category_tldrs["phase-changes"].startswith("Induction heads form")
    assert "mibib-categories" not in olsson.fields


def test_a_bib_files_own_keywords_are_not_taxonomy_tags():
    geva = load_library(DATA / "library.bib").get("geva2021transformer")
    assert geva.fields["keywords"] == "transformers, memory, superposition"
    assert geva.categories == ["transformer-components"]


def test_fields_decode_latex_macros_and_quotes():
    library = load_library(DATA / "library.bib")
    bricken = library.get("bricken2023towards")
    assert bricken.venue == "Transformer Circuits Thread"  # from the @string macro
    geva = library.get("geva2021transformer")
    assert geva.authors == ["Mor Geva", "Roei Schuster", "Jonathan Berant", "Omer Levy"]
    assert geva.doi == "10.18653/v1/2021.emnlp-main.446"


def test_entry_lines_are_one_based():
    library = load_library(DATA / "library.bib")
    text = (DATA / "library.bib").read_text().splitlines()
    for paper in library.papers:
        assert text[paper.line - 1].startswith(f"@{paper.entry_type}{{{paper.key},"), paper.key


def test_unparsable_block_is_an_error_with_file_and_line(tmp_path):
    path = tmp_path / "broken.bib"
    good = "@misc{a,\n  title = {A},\n  year = {2020}\n}\n\n"
    path.write_text(good + "@misc{b,\n  title = {unbalanced,\n  year = {2021}\n\n" + good)
    found = rf"{path}:7: entry 'b', field 'title': the '{{' that opens its value is never closed"
    with pytest.raises(LibraryFormatError, match=found):
        load_library(path)


def test_duplicate_key_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "dup.bib"
    path.write_text("@misc{a,\n  title = {A}\n}\n\n@misc{a,\n  title = {B}\n}\n")
    with pytest.raises(LibraryFormatError, match=rf"{path}:5: duplicate key 'a'"):
        load_library(path)


def test_unchanged_library_saves_identical_bytes(tmp_path):
    path = tmp_path / "library.bib"
    path.write_bytes((DATA / "library.bib").read_bytes())
    library = load_library(path)
    library.changed = True
    save_library(library)
    assert path.read_bytes() == (DATA / "library.bib").read_bytes()


def test_retag_changes_only_that_entrys_own_fields(tmp_path):
    original = (DATA / "library.bib").read_text()
    library = parse_library(original)
    paper = library.get("geva2021transformer")
    paper.categories = ["transformer-components", "universality"]
    library.retag(paper)
    before, after = original.splitlines(), library.text.splitlines()
    changed = [line for line in after if line not in before]
    assert changed == ["    mibib-categories = {transformer-components, universality},"]
    assert [line for line in before if line not in after] == [
        "    mibib-categories = {transformer-components},"
    ]
    reparsed = parse_library(library.text).get("geva2021transformer")
    assert reparsed.categories == ["transformer-components", "universality"]
    assert reparsed.fields == paper.fields


def test_add_inserts_at_the_sorted_place_and_keeps_other_bytes():
    original = (DATA / "library.bib").read_text()
    library = parse_library(original)
    paper = Paper(
        key="conmy2023towards",
        entry_type="inproceedings",
        fields={"title": "Towards Automated Circuit Discovery", "year": "2023"},
        tags={"category": ["techniques"]},
    )
    library.add(paper)
    text = library.text
    assert text.index("@inproceedings{conmy2023towards,") < text.index("@inproceedings{cunningham")
    assert (
        text.replace(
            "@inproceedings{conmy2023towards,\n"
            "  title = {Towards Automated Circuit Discovery},\n"
            "  year = {2023},\n"
            "  mibib-categories = {techniques}\n"
            "}\n\n",
            "",
        )
        == original
    )
    assert parse_library(text).get("conmy2023towards").line == library.get("conmy2023towards").line


def test_parse_cache_is_used_and_never_trusted_when_stale(tmp_path):
    path = tmp_path / "library.bib"
    path.write_bytes((DATA / "library.bib").read_bytes())
    assert len(load_library(path).papers) == 7
    assert len(load_library(path).papers) == 7  # from the cache
    text = path.read_text().replace("@software{nanda2022transformerlens", "@software{nanda2022lens")
    path.write_text(text)  # same size class, new content
    keys = {paper.key for paper in load_library(path).papers}
    assert "nanda2022lens" in keys and "nanda2022transformerlens" not in keys
