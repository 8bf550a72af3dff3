"""Byte preservation: add, tag and remove change only that entry's lines, on real files."""

import contextlib
import dataclasses
import os
import shutil
from pathlib import Path

import pytest
from bibdiff import (
    assert_only_lines_changed,
    assert_only_lines_inserted,
    assert_only_lines_removed,
    line_range,
    unified_diff,
)
from conftest import DATA, REAL_FILES

from mibib.bibtex.writer import render_entry
from mibib.cli import app
from mibib.library import Library, parse_library
from mibib.model import FACETS, Paper
from mibib.storage import load_library


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def fresh(library: Library) -> Library:
    """A copy of a parsed library that edits cannot share state with."""
    return Library(None, library.text, list(library.papers), dict(library.spans))


def tagged(paper: Paper, **changes) -> Paper:
    """A copy of `paper` with `changes`; tags are given by facet plural (categories=...)."""
    tags = {facet: list(keys) for facet, keys in paper.tags.items()}
    for facet in FACETS:
        if facet.plural in changes:
            tags[facet.name] = changes.pop(facet.plural)
    copies = {"fields": dict(paper.fields), "tags": tags}
    copies["category_tldrs"] = dict(paper.category_tldrs)
    return dataclasses.replace(paper, **{**copies, **changes})


def parse_checked(papers: list[Paper], count: int = 24) -> set[str]:
    """The entries after whose edit the whole file is parsed again (a parse per entry): all
    of a small file; of a large one the first, the last and others evenly spread. Every
    entry still gets the byte-level checks."""
    step = max(1, len(papers) // count)
    return {paper.key for paper in [*papers[::step], papers[-1]]}


def assert_same_parse(library: Library) -> None:
    """What the edit left in memory (and in the parse cache) equals a fresh parse."""
    again = parse_library(library.text)
    assert again.spans == library.spans
    assert [(p.key, p.fields, p.categories, p.tldr, p.line) for p in again.papers] == [
        (p.key, p.fields, p.categories, p.tldr, p.line) for p in library.papers
    ]


@pytest.mark.parametrize("path", REAL_FILES)
def test_tag_changes_only_that_entrys_lines_and_undoes_exactly(path):
    text = read(path)
    library = parse_library(text)
    checked = parse_checked(library.papers)
    for paper in library.papers:
        edited = fresh(library)
        start, end = library.spans[paper.key]
        edited.retag(tagged(paper, categories=[*paper.categories, "tools"], tldr="Short {TL;DR}."))
        new_start, new_end = edited.spans[paper.key]
        assert_only_lines_changed(
            text,
            edited.text,
            line_range(text, start, end),
            line_range(edited.text, new_start, new_end),
        )
        assert edited.text[:start] == text[:start] and edited.text[new_end:] == text[end:]
        if paper.key in checked:
            assert_same_parse(edited)
        edited.retag(paper)
        assert edited.text == text, paper.key


@pytest.mark.parametrize("path", REAL_FILES)
def test_retag_with_the_same_tags_changes_nothing(path):
    text = read(path)
    library = parse_library(text)
    for paper in library.papers:
        edited = fresh(library)
        edited.retag(tagged(paper))
        assert edited.text == text


@pytest.mark.parametrize("path", REAL_FILES)
def test_remove_takes_only_the_entrys_lines(path):
    text = read(path)
    library = parse_library(text)
    checked = parse_checked(library.papers)
    for paper in library.papers:
        edited = fresh(library)
        start, end = library.spans[paper.key]
        lines = line_range(text, start, end)
        edited.remove(paper.key)
        around = range(max(lines.start - 1, 0), lines.stop + 1)  # one blank line beside it
        assert_only_lines_removed(text, edited.text, around)
        cut = len(text) - len(edited.text)
        kept = os.path.commonprefix([text, edited.text])  # the cut starts at or before its end
        for other in library.papers:
            other_start, other_end = library.spans[other.key]
            shift = 0 if other_end <= len(kept) else cut
            if other.key != paper.key:  # every other entry's bytes, where they moved to
                assert (
                    edited.text[other_start - shift : other_end - shift]
                    == text[other_start:other_end]
                ), other.key
        if paper.key in checked:
            assert_same_parse(edited)


@pytest.mark.parametrize("path", REAL_FILES)
def test_add_inserts_only_the_new_entrys_lines(path):
    text = read(path)
    library = parse_library(text)
    keys = sorted(paper.key.lower() for paper in library.papers)
    for new_key in ("aaaa-first", keys[len(keys) // 2] + "zz", "zzzz-last"):
        edited = fresh(library)
        paper = Paper(new_key, "misc", {"title": "Ein {Ü}bertitel: Straße", "year": "2024"})
        paper.categories = ["tools"]
        edited.add(paper)
        start, end = edited.spans[new_key]
        assert edited.text[start:end].replace("\r\n", "\n") == render_entry(paper)
        new_lines = line_range(edited.text, start, end)
        around = range(new_lines.start - 1, new_lines.stop + 1)
        assert_only_lines_inserted(text, edited.text, around)
        assert_same_parse(edited)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("tag", "{key}", "--category", "tools"), id="tag"),
        pytest.param(("tag", "{key}", "--remove", "--category", "tools"), id="untag"),
        pytest.param(("remove", "{key}", "--yes"), id="remove"),
    ],
)
@pytest.mark.parametrize("path", REAL_FILES)
def test_cli_edits_of_first_middle_last_entry_diff_only_that_entry(
    path, args, tmp_path, runner, monkeypatch
):
    library_path = tmp_path / "library.bib"
    shutil.copy(path, library_path)
    shutil.copy(DATA / "taxonomy.toml", tmp_path / "taxonomy.toml")
    monkeypatch.chdir(tmp_path)
    papers = load_library(library_path).papers
    keys = [papers[0].key, papers[len(papers) // 2].key, papers[-1].key]
    for paper in dict.fromkeys(keys):
        before = read(library_path)
        library = parse_library(before)
        start, end = library.spans[paper]
        if "--remove" in args:  # tagged first, so the removal has something to undo
            runner.invoke(app, ["tag", paper, "--category", "tools"])
            before = read(library_path)
            start, end = parse_library(before).spans[paper]
        result = runner.invoke(app, [arg.format(key=paper) for arg in args])
        assert result.exit_code == 0, result.output
        after = read(library_path)
        old_lines = line_range(before, start, end)
        if args[0] == "remove":
            assert paper not in parse_library(after).spans
            around = range(max(old_lines.start - 1, 0), old_lines.stop + 1)
            assert_only_lines_removed(before, after, around)
        else:
            new_start, new_end = parse_library(after).spans[paper]
            assert_only_lines_changed(
                before, after, old_lines, line_range(after, new_start, new_end)
            )
        diff = unified_diff(before, after).splitlines()[2:]
        changed = "\n".join(line for line in diff if line.startswith(("+", "-")))
        assert changed, "the command changed nothing"
        assert not any(word in changed for word in ("@string", "@comment", "@preamble"))


ONE_LINE = " @article{Frank_1970, title={Water}, volume={169}, month=Aug, pages={635–641} }\n"


def test_one_line_entry_is_tagged_on_its_own_line_and_untagged_back():
    library = parse_library(ONE_LINE)
    paper = library.get("Frank_1970")
    library.retag(tagged(paper, categories=["tools"], tldr="Water."))
    assert library.text == (
        " @article{Frank_1970, title={Water}, volume={169}, month=Aug, pages={635–641}, "
        "mibib-categories = {tools}, mibib-tldr = {Water.} }\n"
    )
    library.retag(paper)
    assert library.text == ONE_LINE


def test_trailing_comma_entry_keeps_its_trailing_comma():
    text = "@misc{a,\n  title = {T},\n}\n"
    library = parse_library(text)
    paper = library.get("a")
    library.retag(tagged(paper, categories=["tools"]))
    assert library.text == "@misc{a,\n  title = {T},\n  mibib-categories = {tools},\n}\n"
    library.retag(paper)
    assert library.text == text


def test_parenthesised_entry_keeps_its_closing_parenthesis():
    library = parse_library("@misc(a,\n  title = {T}\n)\n")
    library.retag(tagged(library.get("a"), categories=["tools"]))
    assert library.text == "@misc(a,\n  title = {T},\n  mibib-categories = {tools}\n)\n"
    assert parse_library(library.text).get("a").categories == ["tools"]


def test_own_fields_in_the_middle_are_changed_in_place():
    text = '@misc{a,\n\tmibib-categories={tools},\n\tMIBIB-TLDR = "Old.",\n\ttitle = {T}\n}\n'
    library = parse_library(text)
    paper = library.get("a")
    library.retag(tagged(paper, categories=["tools", "superposition"], tldr="Old."))
    assert library.text == (
        '@misc{a,\n\tmibib-categories={tools, superposition},\n\tMIBIB-TLDR = "Old.",'
        "\n\ttitle = {T}\n}\n"
    )
    library.retag(tagged(paper, tldr=""))
    assert library.text == "@misc{a,\n\tmibib-categories={tools},\n\ttitle = {T}\n}\n"


def test_quoted_nested_and_concatenated_values_keep_their_bytes():
    text = (
        '@string{n = "N"}\n\n@misc{a,\n  title = "A {"}quoted{"} {{Nested {deep}}} one",\n'
        '  note = n # " and " # {more},\n  year = 2020\n}\n'
    )
    library = parse_library(text)
    paper = library.get("a")
    library.retag(tagged(paper, techniques=["probing"]))
    assert library.text == text.replace("2020\n}", "2020,\n  mibib-techniques = {probing}\n}")
    assert parse_library(library.text).get("a").fields == paper.fields


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_edits_in_crlf_and_cr_files_use_the_files_line_endings(newline):
    lf = read(DATA / "library.bib")
    converted = lf.replace("\n", newline)

    def edit(text: str) -> str:
        library = parse_library(text)
        paper = library.get("geva2021transformer")
        library.retag(tagged(paper, categories=["tools"], tldr="New."))
        library.add(Paper("middle2022", "misc", {"title": "M", "year": "2022"}))
        library.add(Paper("zzz2024", "misc", {"title": "Z", "year": "2024"}))
        library.remove("bricken2023towards")
        library.remove("olsson2022context")
        return library.text

    assert edit(converted) == edit(lf).replace("\n", newline)


def test_file_without_final_newline_gets_the_new_entry_after_a_blank_line():
    text = "@misc{a,\n  title = {A}\n}"
    library = parse_library(text)
    library.retag(tagged(library.get("a"), categories=["tools"]))
    assert library.text == "@misc{a,\n  title = {A},\n  mibib-categories = {tools}\n}"
    library.add(Paper("b", "misc", {"title": "B"}))
    assert library.text.startswith("@misc{a,\n  title = {A},\n  mibib-categories = {tools}\n}\n\n")
    assert library.text.endswith("@misc{b,\n  title = {B}\n}\n")


def test_remove_first_last_and_only_entry():
    text = "@string{x = {X}}\n\n@misc{a,\n  title = {A}\n}\n\n@misc{b,\n  title = {B}\n}\n"
    library = parse_library(text)
    library.remove("a")
    assert library.text == "@string{x = {X}}\n\n@misc{b,\n  title = {B}\n}\n"
    library.remove("b")
    assert library.text == "@string{x = {X}}\n"
    only = parse_library("@misc{a,\n  title = {A}\n}\n")
    only.remove("a")
    assert only.text == ""
    first = parse_library("@misc{a,\n  title = {A}\n}\n\n@misc{b,\n  title = {B}\n}")
    first.remove("a")
    assert first.text == "@misc{b,\n  title = {B}\n}"
    last = parse_library("@misc{a,\n  title = {A}\n}\n\n@misc{b,\n  title = {B}\n}")
    last.remove("b")
    assert last.text == "@misc{a,\n  title = {A}\n}\n"


def test_add_goes_above_the_comment_lines_of_the_next_entry():
    text = (
        "% source: one\n@misc{a,\n  title = {A}\n}\n\n% source: two\n@misc{c,\n  title = {C}\n}\n"
    )
    library = parse_library(text)
    library.add(Paper("b", "misc", {"title": "B"}))
    assert library.text == text.replace(
        "% source: two", "@misc{b,\n  title = {B}\n}\n\n% source: two"
    )
    library.add(Paper("0first", "misc", {"title": "F"}))
    assert library.text.startswith("@misc{0first,\n  title = {F}\n}\n\n% source: one\n@misc{a,")


@pytest.mark.parametrize(
    "key", ["has space", "comma,key", "brace{", 'quote"', "hash#", "per%cent", ""]
)
def test_add_refuses_keys_bibtex_cannot_read(key):
    from mibib.errors import MibibError

    library = parse_library("")
    with pytest.raises(MibibError, match="cannot be a BibTeX key"):
        library.add(Paper(key, "misc", {"title": "T"}))
    assert library.text == ""


@pytest.mark.parametrize("batched", [False, True], ids=["one-by-one", "batch"])
def test_entries_appended_to_a_crlf_file_are_kept_apart_by_a_blank_line(batched):
    lf = "@misc{a2020,\n  title = {A}\n}\n"

    def append(text: str) -> str:
        library = parse_library(text)
        with library.batch() if batched else contextlib.nullcontext():
            library.add(Paper("z2024one", "misc", {"title": "One"}))
            library.add(Paper("z2024two", "misc", {"title": "Two"}))
        return library.text

    appended = append(lf.replace("\n", "\r\n"))
    assert appended == append(lf).replace("\n", "\r\n")
    assert appended.count("}\r\n\r\n@misc{") == 2
    assert [paper.key for paper in parse_library(appended).papers] == [
        "a2020",
        "z2024one",
        "z2024two",
    ]


@pytest.mark.parametrize("gap", ["", "\n"], ids=["no-blank-line", "blank-line"])
def test_removing_the_last_entry_of_a_crlf_file_leaves_whole_line_endings(gap):
    lf = f"@misc{{a,\n  title = {{A}}\n}}\n{gap}@misc{{b,\n  title = {{B}}\n}}\n"
    library = parse_library(lf.replace("\n", "\r\n"))
    library.remove("b")
    assert library.text == "@misc{a,\r\n  title = {A}\r\n}\r\n"
