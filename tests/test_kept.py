"""Imported entries keep their file's text; what mibib changed in one is all that is read
back before it is written, and that check accepts exactly what a read-back of the whole
entry accepts, on real files and on entries written every which way."""

import copy
import random

import pytest
from conftest import REAL_FILES, run
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mibib.bibtex import io
from mibib.bibtex.io import decode_foreign_bibtex
from mibib.bibtex.kept import render_kept
from mibib.bibtex.read_back import EntryCheck, verify_entries, written_fields
from mibib.bibtex.schema import own_fields
from mibib.bibtex.writer import stretch_text
from mibib.bibtex.written import keep_written, prepare_foreign
from mibib.errors import MibibError
from mibib.library import parse_library
from mibib.model import Paper

VALUES = ["plain words", "a {B} c", "ends in \\", "two\nlines", "% not a note", "@misc{x,",
          'a "quote"', "{Braced}", "x}{y", "é and ü", "  spaced  "]  # fmt: skip


def read_foreign(text: str) -> list[Paper]:
    """The entries of a .bib file as `import` reads them, each with its text as written."""
    text, _ = prepare_foreign(text, "in.bib")
    library = parse_library(text, "in.bib")
    keep_written(library.papers, text, library.spans)
    for number, paper in enumerate(library.papers):
        paper.key = paper.key or f"keyless{number}"  # as an import keys them
    return library.papers


def accepted(check: EntryCheck | None) -> bool:
    if check is None:
        return True
    try:
        verify_entries([check])
    except MibibError:
        return False
    return True


def checked_as_a_whole_entry_would_be(paper: Paper) -> bool | None:
    """Assert that the check render_kept asks for accepts the entry exactly when a
    read-back of the whole entry does; whether it read anything back (None: the entry
    is written anew, and checked as new entries are)."""
    rendered = render_kept(paper, "\n")
    if rendered is None:
        return None
    text, check = rendered
    text = stretch_text(text)
    whole = EntryCheck(text, paper.key, fields=written_fields(paper), own=own_fields(paper))
    assert accepted(check) == accepted(whole), (text, check)
    return check is not None


def mutations(paper: Paper, value: str) -> dict[str, Paper]:
    """The entry as mibib may change it in an import: tagged, keyed anew, retyped, a
    field set, changed, deleted or renamed, a TL;DR given (one change each)."""
    changed = {}

    def change(name: str, how) -> None:
        item = copy.deepcopy(paper)
        how(item)
        changed[name] = item

    change("unchanged", lambda item: None)
    change("tagged", lambda item: item.add_tags("category", ["circuits", "tools"]))
    change("new-key", lambda item: setattr(item, "key", item.key + "b"))
    change("odd-key", lambda item: setattr(item, "key", "é2024:x"))
    change("retyped", lambda item: setattr(item, "entry_type", "misc"))
    change("retyped-data", lambda item: setattr(item, "entry_type", "set"))
    change("field-added", lambda item: item.fields.update(note=value))
    change("tldr", lambda item: setattr(item, "tldr", value))
    if item_fields := list(paper.fields):
        first, last = item_fields[0], item_fields[-1]
        change("field-changed", lambda item: item.fields.update({first: value}))
        change("field-deleted", lambda item: item.fields.pop(last))
        change("renamed", lambda item: item.fields.update({"x" + first: item.fields.pop(first)}))
    return changed


@pytest.mark.parametrize("path", REAL_FILES)
def test_real_entries_are_checked_as_a_whole_read_back_would_check_them(path):
    papers = read_foreign(decode_foreign_bibtex(path.read_bytes(), path.name))
    sample = random.Random(5).sample(papers, min(len(papers), 40))
    outcomes = []
    for number, paper in enumerate(sample):
        for item in mutations(paper, VALUES[number % len(VALUES)]).values():
            outcomes.append(checked_as_a_whole_entry_would_be(item))
    assert False in outcomes  # most changes are plain: nothing is read back


def test_an_entry_mibib_did_not_change_is_written_as_read_without_a_second_parse(monkeypatch):
    text = '% a note\n@Article{k1,\n  Title = "A {B} c",\n  year = 2020,\n}\n'
    (paper,) = read_foreign(text)
    calls = []
    monkeypatch.setattr(io, "_parse_whole", lambda *args: calls.append(args[0]))
    kept, check = render_kept(paper, "\n")
    assert check is None and stretch_text(kept) == text.rstrip("\n")
    assert [part[0] for part in kept] == [paper.written.source]  # not copied out of it
    tagged = copy.deepcopy(paper)
    tagged.categories = ["circuits"]
    kept, check = render_kept(tagged, "\n")
    source = tagged.written.source
    assert kept[0][0] is source and kept[-1][0] is source  # only what changed is new text
    assert stretch_text(kept) == (
        '% a note\n@Article{k1,\n  Title = "A {B} c",\n  year = 2020,\n'
        "  mibib-categories = {circuits},\n}"
    )
    assert check is None and calls == []


def test_an_entry_mibib_does_not_change_keeps_a_layout_it_could_not_edit(runner, folder):
    """A bare value the layout reader stops in (`pages = 1--2(3)`): with nothing to change,
    the entry goes in byte for byte, and the report names no entry written anew."""
    entry = '% about x\n@article{x1,\n  title = "Odd pages",\n  pages = 1--2(3),\n  year = 2020\n}'
    (folder / "odd.bib").write_text(entry + "\n")
    result = run(runner, "import", folder / "odd.bib")
    assert result.exit_code == 0, result.output
    assert "mibib's style" not in " ".join(result.output.split())
    assert entry in (folder / "library.bib").read_text()


def test_a_changed_field_that_would_not_read_back_is_refused():
    (paper,) = read_foreign('@misc{k1,\n  title = "T",\n  note = {n}\n}\n')
    paper.fields["note"] = "two\n@misc{x, y = {z}}"
    text, check = render_kept(paper, "\n")
    assert "note = {two\n@misc{x, y = {z}}}" in stretch_text(text)
    assert check is not None and not accepted(check)
    library = parse_library("")
    with pytest.raises(MibibError, match="'k1' would not read back"):
        library.add(paper)
    assert library.text == ""


# Entries written every which way: braces, quotes, bare values and macros, `%` lines,
# spacing, parentheses; each read as an import reads it, then changed by mibib.
names = st.sampled_from(["title", "Author", "year", "note", "mibib-categories", "mibib-tldr",
                         "% remark", "x.y", "url"])  # fmt: skip
pieces = st.lists(st.sampled_from(list('ab Z09 ,="@#%{}\\\n()~é') + ["{x}", "\n%"]), max_size=6)


@st.composite
def written_entries(draw) -> str:
    fields = []
    for name in draw(st.lists(names, max_size=5, unique_by=str.lower)):
        inner = "".join(draw(pieces))
        form = draw(st.sampled_from(["{%s}", '"%s"', "%s", "jan # {%s}"]))
        fields.append(f"{name}{draw(st.sampled_from([' = ', '=', ' =  ']))}{form % inner}")
    separator = draw(st.sampled_from([",\n  ", ", ", ",\n  % a note\n  "]))
    opener, closer = draw(st.sampled_from([("{", "}"), ("(", ")")]))
    head = draw(st.sampled_from(["@article", "@Misc", "@ARTICLE "])) + opener + "k1"
    trailing = draw(st.sampled_from(["", ","]))
    return head + "".join(separator + field for field in fields) + trailing + "\n" + closer


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=written_entries(), value=st.sampled_from(VALUES), which=st.integers(0, 20))
@example(text="@article{k1,\n  title = \\\n}", value="plain words", which=1)  # `\,` escapes
def test_the_check_of_a_kept_entry_accepts_exactly_what_a_whole_read_back_accepts(
    text, value, which
):
    try:
        papers = read_foreign("@string{jan = {January}}\n" + text + "\n")
    except MibibError:
        return  # the import refuses it before anything is written
    if len(papers) != 1:
        return
    changed = list(mutations(papers[0], value).values())
    checked_as_a_whole_entry_would_be(changed[which % len(changed)])
