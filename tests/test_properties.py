"""Property tests: load → edit → save → load keeps every value and every untouched byte."""

import copy
from pathlib import Path

from bibdiff import assert_only_lines_inserted, line_range
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mibib.bibtex.writer import render_entry
from mibib.errors import LibraryFormatError
from mibib.library import Library, parse_library
from mibib.model import Paper

DATA = Path(__file__).parent / "data"
SAMPLE = (DATA / "library.bib").read_text(encoding="utf-8")
CRLF_MIXED = (DATA / "bib" / "mi-papers.bib").read_bytes().decode("utf-8")
BASES = {"sample": parse_library(SAMPLE), "mi-papers": parse_library(CRLF_MIXED)}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LATEX = st.sampled_from(
    [
        '\\"u', "{\\'e}", "$\\alpha^2$", "\\&", "--", "---", "~", "\\emph{x}",
        "Schr{\\\"o}dinger", "{GPT}-2", "\\url{https://x.org/a_b%20c}", "50\\%", "\\$",
    ]
)  # fmt: skip
UNICODE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='{}\\"'),
    min_size=1,
    max_size=12,
)
PIECE = st.one_of(UNICODE, LATEX, st.sampled_from([" ", "#", "%", ",", "=", "(", ")"]))
VALUE = (
    st.recursive(
        PIECE,
        lambda inner: st.lists(
            st.one_of(inner, inner.map(lambda text: "{" + text + "}")), min_size=1, max_size=4
        ).map("".join),
        max_leaves=8,
    )
    .map(str.strip)
    .filter(bool)
)
SLUG = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
KEY = st.from_regex(r"[A-Za-z][A-Za-z0-9_:.+/-]{0,15}", fullmatch=True)
FIELD_NAMES = st.sampled_from(
    ["author", "year", "journal", "booktitle", "note", "abstract", "publisher", "x-custom"]
)


@st.composite
def papers(draw) -> Paper:
    fields = {"title": draw(VALUE)}
    fields.update(draw(st.dictionaries(FIELD_NAMES, VALUE, max_size=5)))
    paper = Paper(draw(KEY), draw(st.sampled_from(["article", "misc", "inproceedings"])), fields)
    paper.categories = draw(st.lists(SLUG, max_size=3, unique=True))
    paper.tags["technique"] = draw(st.lists(SLUG, max_size=3, unique=True))
    paper.tags["evaluation"] = draw(st.lists(SLUG, max_size=2, unique=True))
    paper.tldr = draw(st.one_of(st.just(""), VALUE))
    if paper.categories and draw(st.booleans()):
        paper.category_tldrs = {paper.categories[0]: draw(VALUE)}
    return paper


def fresh(library: Library) -> Library:
    return Library(None, library.text, list(library.papers), dict(library.spans))


def entry_texts(library: Library) -> dict[str, str]:
    return {key: library.text[start:end] for key, (start, end) in library.spans.items()}


def tags_of(paper: Paper) -> tuple:
    tldrs = {key: " ".join(text.split()) for key, text in paper.category_tldrs.items()}
    return (
        paper.categories,
        paper.tags["technique"],
        paper.tags["evaluation"],
        " ".join(paper.tldr.split()),
        tldrs,
    )


def assert_matches_fresh_parse(library: Library) -> Library:
    again = parse_library(library.text)
    assert again.spans == library.spans
    assert [(p.key, p.fields, tags_of(p), p.line) for p in again.papers] == [
        (p.key, p.fields, tags_of(p), p.line) for p in library.papers
    ]
    return again


@SETTINGS
@given(paper=papers(), base=st.sampled_from(sorted(BASES)))
def test_added_entry_reads_back_equal_and_nothing_else_moves(paper, base):
    library = fresh(BASES[base])
    if paper.key.lower() in {item.key.lower() for item in library.papers}:
        paper.key += "new"
    before = library.text
    wanted = copy.deepcopy(paper)
    library.add(paper)
    again = assert_matches_fresh_parse(library)
    added = again.get(paper.key)
    assert added.fields == wanted.fields
    assert tags_of(added) == tags_of(wanted)
    start, end = library.spans[paper.key]
    assert library.text[start:end].replace("\r\n", "\n") == render_entry(wanted)
    lines = line_range(library.text, start, end)
    assert_only_lines_inserted(before, library.text, range(lines.start - 1, lines.stop + 1))


@SETTINGS
@given(data=st.data(), base=st.sampled_from(sorted(BASES)))
def test_retag_reads_back_and_keeps_other_bytes(data, base):
    library = fresh(BASES[base])
    original = data.draw(st.sampled_from(library.papers))
    changed = copy.deepcopy(original)
    new = data.draw(papers())
    changed.categories, changed.tags["technique"], changed.tags["evaluation"] = (
        new.categories,
        new.tags["technique"],
        new.tags["evaluation"],
    )
    changed.tldr, changed.category_tldrs = new.tldr, new.category_tldrs
    before = library.text
    start, end = library.spans[original.key]
    others = {key: text for key, text in entry_texts(library).items() if key != original.key}
    library.retag(changed)
    new_end = library.spans[original.key][1]
    assert library.text[:start] == before[:start]
    assert library.text[new_end:] == before[end:]
    again = assert_matches_fresh_parse(library)
    assert again.get(original.key).fields == original.fields
    assert tags_of(again.get(original.key)) == tags_of(changed)
    assert {k: t for k, t in entry_texts(again).items() if k != original.key} == others
    library.retag(original)
    assert library.text == before


@SETTINGS
@given(data=st.data(), base=st.sampled_from(sorted(BASES)))
def test_remove_keeps_every_other_entry_byte_for_byte(data, base):
    library = fresh(BASES[base])
    texts = entry_texts(library)
    keys = [paper.key for paper in library.papers]
    doomed = data.draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys)))
    for key in doomed:
        library.remove(key)
    again = assert_matches_fresh_parse(library)
    kept = [key for key in keys if key not in doomed]
    assert [paper.key for paper in again.papers] == kept
    assert entry_texts(again) == {key: texts[key] for key in kept}
    if not kept:
        assert "@misc" not in library.text and "@article" not in library.text


TOKENS = [*'@{}()=,"#%\\ \n\r\tabkey0é', "@misc{", "@string{", "title", " = "]
BIBLIKE = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=BIBLIKE)
def test_any_text_either_loads_or_raises_a_library_format_error(text):
    try:
        library = parse_library(text, "x.bib")
    except LibraryFormatError as exc:
        assert all(problem.startswith("x.bib:") for problem in exc.problems)
        return
    for start, end in library.spans.values():
        assert text[start:end].lstrip().startswith("@")
