"""New entries read back as written: the parser reads back only what it could read
otherwise than written, and that check accepts exactly what a read-back of the whole entry
accepts; a value that would corrupt the file is still refused."""

import random

import pytest
from conftest import DATA, REAL_FILES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mibib.bibtex import io
from mibib.bibtex.read_back import EntryCheck, verify_entries, written_fields
from mibib.bibtex.schema import own_fields
from mibib.bibtex.writer import render_new_entry
from mibib.errors import MibibError
from mibib.library import parse_library
from mibib.model import Paper

# Characters the parser treats specially somewhere, and a few it does not.
TRICKY = list('ab Z09 ,="@#%{}\\\n\r\t()~$-') + ["é", "\u2028", "@misc{", "\n@article{x,"]


def accepted(check: EntryCheck) -> bool:
    try:
        verify_entries([check])
    except MibibError:
        return False
    return True


def whole_entry_check(paper: Paper, text: str) -> EntryCheck:
    """The check of every field of the entry, by a parse of its whole text."""
    return EntryCheck(text, paper.key, fields=written_fields(paper), own=own_fields(paper))


def assert_checked_as_a_whole_entry_would_be(paper: Paper, newline: str = "\n") -> bool:
    """The check render_new_entry asks for accepts the entry exactly when a read-back of
    the whole entry does; returns whether the entry needed a parse at all."""
    try:
        text, check = render_new_entry(paper, newline)
    except MibibError:
        return True  # refused before anything is parsed (unbalanced braces)
    whole = accepted(whole_entry_check(paper, text))
    assert (check is None or accepted(check)) == whole, (text, check)
    return check is not None


values = st.lists(st.sampled_from(TRICKY), max_size=8).map("".join)
names = st.sampled_from(
    ["title", "author", "year", "note", "Title", "archiveprefix", "primaryclass", "my field",
     "mibib-unverified", "mibib-categories", "url", "x.y"]
)  # fmt: skip
tags = st.lists(st.sampled_from(["tools", "a,b", " padded", "", "Upper", "x y"]), max_size=3)


@st.composite
def papers(draw) -> Paper:
    fields = draw(st.dictionaries(names, values, max_size=5))
    raw = {name: draw(st.sampled_from(["dec", "2020", 'a # " and "', "{x}"])) for name in fields}
    raw = {
        name: value for name, value in raw.items() if draw(st.booleans()) and draw(st.booleans())
    }
    paper = Paper(
        key=draw(st.sampled_from(["k2024", "AP:PGCVMS", "doe-2020.x", "a_b", "é2024"])),
        entry_type=draw(st.sampled_from(["article", "misc", "inproceedings", "set"])),
        fields=fields,
        raw=raw,
        tldr=draw(values),
    )
    paper.categories = draw(tags)
    paper.tags["technique"] = draw(tags)
    paper.category_tldrs = draw(st.dictionaries(st.sampled_from(["tools", "Upper"]), values))
    return paper


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(paper=papers(), newline=st.sampled_from(["\n", "\r\n"]))
def test_the_check_of_a_new_entry_accepts_exactly_what_a_whole_read_back_accepts(paper, newline):
    assert_checked_as_a_whole_entry_would_be(paper, newline)


@pytest.mark.parametrize("path", REAL_FILES)
def test_real_entries_are_checked_as_a_whole_read_back_would_check_them(path):
    papers = parse_library(path.read_bytes().decode("utf-8")).papers
    sample = random.Random(3).sample(papers, min(len(papers), 150))
    needed = [assert_checked_as_a_whole_entry_would_be(paper) for paper in sample]
    if path.name == "library.bib":
        assert not all(needed)  # entries of plain text need no parse


def test_plain_new_entries_are_written_without_a_second_parse(monkeypatch):
    library = parse_library((DATA / "library.bib").read_text(encoding="utf-8"))
    calls = []
    real = io._parse_whole
    monkeypatch.setattr(io, "_parse_whole", lambda *args: calls.append(args[0]) or real(*args))
    with library.batch():
        for number in range(20):
            paper = Paper(f"new{number}", "misc", {"title": f"Plain {number}", "year": "2024"})
            paper.categories, paper.tldr = ["tools"], "One line, plain words."
            library.add(paper)
        library.add(Paper("latex2024", "misc", {"title": "With {LaTeX} and \\'e"}))
    assert len(calls) == 1  # only the entry with braces and a backslash
    assert "Plain" not in calls[0] and "latex2024" in calls[0]
    again = parse_library(library.text)
    assert again.get("new7").fields == {"title": "Plain 7", "year": "2024"}
    assert again.get("new7").tldr == "One line, plain words."
    assert again.get("latex2024").fields["title"] == "With {LaTeX} and \\'e"


@pytest.mark.parametrize(
    ("paper", "message"),
    [
        (Paper("k", "misc", {"note": "two\n@misc{x, y = {z}}"}), "would not read back"),
        (Paper("k", "misc", {"title": "a } b {"}), "unbalanced braces"),
        (Paper("k", "misc", {"title": "ends in \\"}), "unbalanced braces"),
        (Paper("k", "misc", {"Title": "Upper-case name"}), "would not read back"),
        (Paper("k", "misc", {"mibib-categories": "tools"}), "would not read back"),
        (Paper("k", "misc", {"title": "T"}, tags={"category": ["a,b"]}), "would not read back"),
        (Paper("k", "misc", {"title": "T"}, category_tldrs={"Tools": "x"}), "would not read back"),
    ],
    ids=[
        "block-start-in-a-value",
        "braces-closing-early",
        "trailing-backslash",
        "upper-case-field-name",
        "own-field-among-fields",
        "comma-in-a-tag",
        "upper-case-category-tldr",
    ],
)
def test_a_new_entry_that_would_not_read_back_is_refused(paper, message):
    library = parse_library((DATA / "library.bib").read_text(encoding="utf-8"))
    text = library.text
    with pytest.raises(MibibError, match=message):
        library.add(paper)
    assert library.text == text and not library.changed
