"""Library.batch: many edits applied in one pass give what one edit at a time gives."""

import copy
import random
from pathlib import Path

import pytest

from mibib.bibtex import io
from mibib.errors import MibibError
from mibib.library import Library, parse_library
from mibib.model import Paper

DATA = Path(__file__).parent / "data"
REAL_FILES = [
    pytest.param(DATA / "library.bib", id="sample"),
    pytest.param(DATA / "bib" / "biblatex-examples.bib", id="biblatex-examples"),
    pytest.param(DATA / "bib" / "plume-heaps.bib", id="plume-heaps"),
    pytest.param(DATA / "bib" / "mi-papers.bib", id="mi-papers-crlf-mixed"),
]


def fresh(library: Library) -> Library:
    return Library(None, library.text, list(library.papers), dict(library.spans))


def new_papers(library: Library, count: int, rng: random.Random) -> list[Paper]:
    """Keys that sort before, between and after the library's own, in random order."""
    keys = sorted(paper.key.lower() for paper in library.papers)
    names = ["aaa-first", "zzz-last", *(f"{rng.choice(keys)}-{n}" for n in range(count - 2))]
    rng.shuffle(names)
    papers = []
    for number, key in enumerate(names):
        paper = Paper(key, "misc", {"title": f"Added {{Paper}} {number}", "year": "2024"})
        paper.categories = ["tools"]
        papers.append(paper)
    return papers


def retagged(paper: Paper, number: int) -> Paper:
    updated = copy.deepcopy(paper)
    updated.categories = [*updated.categories, f"batch-{number}"]
    updated.tldr = f"Batch TL;DR {number}."
    return updated


def edits(library: Library, rng: random.Random) -> list[tuple]:
    """A mix of additions, fills, field updates and retags, several on one entry."""
    chosen = rng.sample(library.papers, min(12, len(library.papers)))
    plan: list[tuple] = [("add", paper) for paper in new_papers(library, 15, rng)]
    for number, paper in enumerate(chosen):
        if number % 3 == 0:
            plan.append(("fill", paper.key, {"x-filled": f"filled {number}"}))
        if number % 3 == 1:
            plan.append(("update", paper.key, {"year": "1999"}))
        plan.append(("retag", paper.key, number))
    rng.shuffle(plan)
    return plan


def apply(library: Library, plan: list[tuple]) -> None:
    for step in copy.deepcopy(plan):
        if step[0] == "add":
            library.add(step[1])
        elif step[0] == "fill":
            library.fill_fields(step[1], step[2])
        elif step[0] == "update":
            library.update_fields(step[1], step[2])
        else:
            library.retag(retagged(library.get(step[1]), step[2]))


def summary(library: Library) -> list[tuple]:
    return [
        (p.key, p.line, library.spans[p.key], p.fields, p.categories, p.tldr)
        for p in library.papers
    ]


@pytest.mark.parametrize("path", REAL_FILES)
def test_a_batch_writes_what_the_same_edits_one_at_a_time_write(path):
    base = parse_library(path.read_bytes().decode("utf-8"))
    plan = edits(base, random.Random(path.name))
    one_by_one, batched = fresh(base), fresh(base)
    apply(one_by_one, plan)
    with batched.batch():
        apply(batched, plan)
    assert batched.text == one_by_one.text
    assert summary(batched) == summary(one_by_one)
    again = parse_library(batched.text)
    assert summary(again) == summary(batched)  # what memory holds is what a load reads


def test_a_batch_reads_its_entries_back_in_one_parse(monkeypatch):
    base = parse_library((DATA / "bib" / "plume-heaps.bib").read_text(encoding="utf-8"))
    plan = edits(base, random.Random(1))
    calls = []
    real = io._parse_whole
    monkeypatch.setattr(io, "_parse_whole", lambda *args: calls.append(1) or real(*args))
    library = fresh(base)
    with library.batch():
        apply(library, plan)
    assert len(calls) == 2  # the new and changed entries; the changed ones' old text
    calls.clear()
    apply(fresh(base), plan)
    assert len(calls) > 20  # one edit at a time: a parse or two each


def test_nothing_is_applied_when_one_entry_of_a_batch_would_not_read_back():
    base = parse_library((DATA / "library.bib").read_text(encoding="utf-8"))
    library = fresh(base)
    good = Paper("aaa2024good", "misc", {"title": "Good", "year": "2024"})
    bad = Paper("zzz2024bad", "misc", {"title": "Bad", "note": "two\n@misc{x, y = {z}}"})
    failing = pytest.raises(MibibError, match="entry 'zzz2024bad' would not read back")
    with failing, library.batch():
        library.add(good)
        library.retag(retagged(library.papers[0], 1))
        library.add(bad)
    assert library.text == base.text
    assert summary(library) == summary(base)
    assert not library.changed
    library.add(good)  # and the library still works
    assert parse_library(library.text).get("aaa2024good").fields["title"] == "Good"


def test_keys_staged_in_a_batch_are_taken():
    library = parse_library((DATA / "library.bib").read_text(encoding="utf-8"))
    with library.batch():
        library.add(Paper("new2024key", "misc", {"title": "One"}))
        assert library.unique_key("new2024key") == "new2024keya"
        with pytest.raises(MibibError, match="already in the library"):
            library.add(Paper("NEW2024KEY", "misc", {"title": "Two"}))


def read_in_parts(library: Library, rng: random.Random) -> Library:
    """A copy of `library` whose text is read in parts of random sizes, as a large file
    is: edits work on the parts without joining them."""
    text = library.text
    cuts = sorted(rng.sample(range(1, len(text)), 40))
    parts = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return Library(None, None, list(library.papers), dict(library.spans), read_text=lambda: parts)


@pytest.mark.parametrize("path", REAL_FILES)
def test_edits_of_a_text_read_in_parts_write_what_edits_of_the_whole_text_write(path):
    base = parse_library(path.read_bytes().decode("utf-8"))
    rng = random.Random(path.name)
    plan = edits(base, rng)
    removed = [paper.key for paper in rng.sample(base.papers, 3)]
    whole, in_parts = fresh(base), read_in_parts(fresh(base), rng)
    for library in (whole, in_parts):
        apply(library, plan[: len(plan) // 2])
        with library.batch():
            apply(library, plan[len(plan) // 2 :])
        for key in removed:
            library.remove(key)
    assert "".join(in_parts.text_chunks(size=100)) == whole.text
    assert summary(in_parts) == summary(whole)
    assert in_parts.text == whole.text
