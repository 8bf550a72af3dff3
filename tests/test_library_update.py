"""Library.update_fields: chosen fields of one entry change, every other byte stays."""

from pathlib import Path

import pytest

from mibib.errors import LibraryFormatError
from mibib.library import parse_library
from mibib.storage import load_library, save_library

DATA = Path(__file__).parent / "data"
TEXT = (DATA / "library.bib").read_text(encoding="utf-8")


def entry_text(library, key: str) -> str:
    start, end = library.spans[key]
    return library.text[start:end]


def test_a_changed_value_replaces_only_that_value():
    library = parse_library(TEXT)
    before = entry_text(library, "geva2021transformer")
    library.update_fields("geva2021transformer", {"booktitle": "EMNLP 2021"})
    after = entry_text(library, "geva2021transformer")
    assert after == before.replace('booktitle = "EMNLP"', "booktitle = {EMNLP 2021}")
    assert library.text == TEXT.replace(before, after)
    assert library.get("geva2021transformer").fields["booktitle"] == "EMNLP 2021"


def test_a_new_field_goes_before_mibibs_own_fields_with_the_entrys_indent():
    library = parse_library(TEXT)
    library.update_fields("geva2021transformer", {"note": "Oral", "archiveprefix": "arXiv"})
    after = entry_text(library, "geva2021transformer")
    assert "    keywords = {transformers, memory, superposition},\n    note = {Oral},\n" in after
    assert "    archivePrefix = {arXiv},\n    mibib-categories" in after
    reparsed = parse_library(library.text)
    assert reparsed.get("geva2021transformer").fields["note"] == "Oral"
    assert reparsed.get("geva2021transformer").categories == ["transformer-components"]


def test_none_deletes_a_field_and_its_line():
    library = parse_library(TEXT)
    before = entry_text(library, "cunningham2024sparse")
    library.update_fields("cunningham2024sparse", {"primaryclass": None, "missing": None})
    assert entry_text(library, "cunningham2024sparse") == before.replace(
        "  primaryClass = {cs.LG},\n", ""
    )
    assert "primaryclass" not in library.get("cunningham2024sparse").fields


def test_a_field_added_to_an_entry_without_own_fields_comes_last():
    text = "@misc{a,\n  title = {A}\n}\n\n@misc{b,\n  title = {B}\n}\n"
    library = parse_library(text)
    library.update_fields("a", {"doi": "10.1/x"})
    assert (
        library.text
        == "@misc{a,\n  title = {A},\n  doi = {10.1/x}\n}\n\n@misc{b,\n  title = {B}\n}\n"
    )
    assert entry_text(library, "b") == "@misc{b,\n  title = {B}\n}"


def test_updated_entries_save_and_load_back(tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(TEXT, encoding="utf-8")
    library = load_library(path)
    library.update_fields("elhage2022toy", {"journal": "arXiv:2209.10652", "year": "2023"})
    save_library(library)
    reloaded = load_library(path)
    assert reloaded.get("elhage2022toy").year == 2023
    assert [p.key for p in reloaded.papers] == [p.key for p in parse_library(TEXT).papers]


def test_unbalanced_braces_and_mibibs_own_fields_are_refused():
    library = parse_library(TEXT)
    with pytest.raises(LibraryFormatError, match="unbalanced braces"):
        library.update_fields("elhage2022toy", {"note": "a } b"})
    with pytest.raises(ValueError, match="retag"):
        library.update_fields("elhage2022toy", {"mibib-tldr": "x"})
    assert library.text == TEXT


def test_a_crlf_library_gets_crlf_lines_and_a_one_line_entry_stays_on_one_line():
    text = (
        "@misc{a,\r\n  title = {A},\r\n  mibib-categories = {x}\r\n}\r\n"
        "\r\n@misc{b, title = {B}}\r\n"
    )
    library = parse_library(text)
    library.update_fields("a", {"doi": "10.1/x", "title": "A2"})
    library.update_fields("b", {"year": "2024"})
    assert library.text == (
        "@misc{a,\r\n  title = {A2},\r\n  doi = {10.1/x},\r\n  mibib-categories = {x}\r\n}\r\n"
        "\r\n@misc{b, title = {B}, year = {2024}}\r\n"
    )
    assert parse_library(library.text).get("a").categories == ["x"]


def test_a_value_already_written_keeps_its_bytes():
    text = '@misc{a,\n  year = 2016,\n  note = "Oral"\n}\n'
    library = parse_library(text)
    library.update_fields("a", {"year": "2016", "note": "Oral"})
    assert library.text == text
    assert not library.changed
