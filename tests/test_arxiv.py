"""arXiv ids, the Atom parser and the entry it becomes: pure functions on recorded answers."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mibib.bibtex.writer import render_entry
from mibib.errors import SourceError
from mibib.latex import escape_bibtex
from mibib.library import parse_library
from mibib.sources.arxiv import ArxivRecord, normalise_arxiv_id, parse_feed, record_to_paper

ARXIV = Path(__file__).parent / "data" / "arxiv"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2301.01234", ("2301.01234", ""), id="new-style"),
        pytest.param("2301.01234v2", ("2301.01234", "v2"), id="with-version"),
        pytest.param("arXiv:2301.01234", ("2301.01234", ""), id="arxiv-prefix"),
        pytest.param("ARXIV: 2407.02646v3", ("2407.02646", "v3"), id="prefix-any-case"),
        pytest.param("  2407.02646  ", ("2407.02646", ""), id="spaces"),
        pytest.param("0704.0001", ("0704.0001", ""), id="first-new-style"),
        pytest.param("1412.9999", ("1412.9999", ""), id="four-digits-until-2014"),
        pytest.param("hep-th/9901001", ("hep-th/9901001", ""), id="old-style"),
        pytest.param("cond-mat/0102536v1", ("cond-mat/0102536", "v1"), id="old-style-version"),
        pytest.param("math.GT/0309136", ("math.GT/0309136", ""), id="old-style-subject-class"),
        pytest.param("https://arxiv.org/abs/2407.02646", ("2407.02646", ""), id="abs-url"),
        pytest.param("https://arxiv.org/abs/2407.02646v2", ("2407.02646", "v2"), id="abs-url-v"),
        pytest.param("https://arxiv.org/pdf/2407.02646v3.pdf", ("2407.02646", "v3"), id="pdf"),
        pytest.param("http://arxiv.org/pdf/2407.02646", ("2407.02646", ""), id="pdf-no-ext"),
        pytest.param(
            "https://arxiv.org/abs/hep-th/9901001v2", ("hep-th/9901001", "v2"), id="old-url"
        ),
        pytest.param("2407.0264", None, id="too-short-after-2015"),
        pytest.param("1401.01234", None, id="five-digits-before-2015"),
        pytest.param("2413.01234", None, id="month-13"),
        pytest.param("2400.01234", None, id="month-00"),
        pytest.param("0703.0001", None, id="new-style-before-april-2007"),
        pytest.param("abc", None, id="word"),
        pytest.param("", None, id="empty"),
        pytest.param("2407.02646x", None, id="trailing-garbage"),
        pytest.param("foo-th/9901001", None, id="unknown-archive"),
        pytest.param("hep-th/9913001", None, id="old-style-month-13"),
        pytest.param("hep-th/1201001", None, id="old-style-after-2007"),
        pytest.param("10.18653/v1/2023.emnlp-main.435", None, id="a-doi"),
    ],
)
def test_normalise_arxiv_id(text, expected):
    assert normalise_arxiv_id(text) == expected


_NEW_IDS = st.tuples(
    st.integers(7, 29), st.integers(1, 12), st.integers(0, 99999), st.integers(0, 12)
).filter(lambda parts: (parts[0], parts[1]) >= (7, 4))
_WRAPPERS = st.sampled_from(
    ["{}", "arXiv:{}", " {} ", "https://arxiv.org/abs/{}", "https://arxiv.org/pdf/{}.pdf"]
)


@given(_NEW_IDS, _WRAPPERS)
def test_every_pasted_form_of_a_valid_id_normalises_to_it(parts, wrapper):
    year, month, number, version = parts
    digits = 5 if year >= 15 else 4
    arxiv_id = f"{year:02d}{month:02d}.{number % 10**digits:0{digits}d}"
    suffix = f"v{version}" if version else ""
    assert normalise_arxiv_id(wrapper.format(arxiv_id + suffix)) == (arxiv_id, suffix)


@given(st.text(max_size=40))
def test_normalising_is_idempotent_and_canonical(text):
    result = normalise_arxiv_id(text)
    if result is not None:
        arxiv_id, version = result
        assert re.fullmatch(r"\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7}", arxiv_id)
        assert re.fullmatch(r"(v\d+)?", version)
        assert normalise_arxiv_id(arxiv_id) == (arxiv_id, "")


def test_parse_legacy_feed_with_doi_and_journal():
    (record,) = parse_feed((ARXIV / "1404.1899.xml").read_bytes())
    assert record == ArxivRecord(
        arxiv_id="1404.1899",
        version="v2",
        title="Fingerprints of Galactic Loop I on the Cosmic Microwave Background",
        abstract="Abstract Text.",
        authors=["Hao Liu", "Philipp Mertsch", "Subir Sarkar"],
        year=2014,
        primary_category="astro-ph.CO",
        doi="10.1088/2041-8205/789/2/L29",
        journal_ref="Astrophys. J. 789 (2014) L29",
    )


def test_parse_current_feed():
    (record,) = parse_feed((ARXIV / "1605.08386.xml").read_bytes())
    assert (record.arxiv_id, record.version, record.year) == ("1605.08386", "v1", 2016)
    assert record.title == "Heat-bath random walks with Markov bases"
    assert record.authors == ["Caprice Stanley", "Tobias Windisch"]
    assert record.primary_category == "math.CO"
    assert (record.doi, record.journal_ref) == ("", "")
    assert record.abstract.startswith("Graphs on lattice points are studied")


def test_parse_current_feed_old_style_id_and_escaped_text():
    (record,) = parse_feed((ARXIV / "astro-ph_0601001.xml").read_bytes())
    assert (record.arxiv_id, record.primary_category) == ("astro-ph/0601001", "astro-ph")
    assert record.journal_ref == "ActaAstron.56:1-50,2006"
    assert "Gould & Morgan (2003)" in record.abstract
    assert "V_max<17.5" in record.abstract
    assert len(record.authors) == 4


def test_parse_normalises_wrapped_title_and_abstract():
    (record,) = parse_feed((ARXIV / "search-all-electron.xml").read_bytes())
    assert record.title == (
        "Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA"
    )
    assert "\n" not in record.abstract and "  " not in record.abstract
    assert (record.arxiv_id, record.version) == ("hep-ex/0307015", "")
    assert record.authors == ["H1 Collaboration"]


def test_parse_empty_feed_has_no_records():
    assert parse_feed((ARXIV / "empty-0000.0000.xml").read_bytes()) == []


@pytest.mark.parametrize("name", ["error-abc.xml", "error-malformed-id.xml"])
def test_parse_error_feed_reports_arxivs_message(name):
    with pytest.raises(SourceError, match="arXiv refused the request: incorrect id format for"):
        parse_feed((ARXIV / name).read_bytes())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "not valid XML", id="empty"),
        pytest.param(b"<html><body>Oops</body></html>", "not an Atom feed", id="html"),
        pytest.param(b"\x00\xff garbage", "not valid XML", id="garbage"),
        pytest.param(
            (ARXIV / "1605.08386.xml").read_bytes()[:900], "not valid XML", id="truncated"
        ),
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>',
            "declares XML entities",
            id="entity-bomb",
        ),
    ],
)
def test_parse_refuses_bad_answers(data, message):
    with pytest.raises(SourceError, match=message):
        parse_feed(data)


def test_record_becomes_arxiv_style_entry():
    (record,) = parse_feed((ARXIV / "1404.1899.xml").read_bytes())
    paper = record_to_paper(record)
    paper.key = "liu2014fingerprints"
    assert render_entry(paper) == (
        "@article{liu2014fingerprints,\n"
        "  title = {Fingerprints of Galactic Loop I on the Cosmic Microwave Background},\n"
        "  author = {Liu, Hao and Mertsch, Philipp and Sarkar, Subir},\n"
        "  journal = {Astrophys. J. 789 (2014) L29},\n"
        "  year = {2014},\n"
        "  doi = {10.1088/2041-8205/789/2/L29},\n"
        "  eprint = {1404.1899},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {astro-ph.CO},\n"
        "  url = {https://arxiv.org/abs/1404.1899},\n"
        "  abstract = {Abstract Text.}\n"
        "}"
    )


def test_preprint_without_journal_is_misc():
    (record,) = parse_feed((ARXIV / "1605.08386.xml").read_bytes())
    paper = record_to_paper(record)
    assert paper.entry_type == "misc"
    assert "journal" not in paper.fields and "doi" not in paper.fields
    assert paper.arxiv == "1605.08386"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("R&D at 50% #1", r"R\&D at 50\% \#1", id="specials"),
        pytest.param(r"already \& escaped", r"already \& escaped", id="escaped"),
        pytest.param("set {a, b}", "set {a, b}", id="balanced"),
        pytest.param("half } open {", "half  open ", id="unbalanced-dropped"),
    ],
)
def test_escape_bibtex(text, expected):
    assert escape_bibtex(text) == expected


def test_escaped_abstract_reads_back_as_one_entry():
    (record,) = parse_feed((ARXIV / "astro-ph_0601001.xml").read_bytes())
    paper = record_to_paper(record)
    paper.key = "gould2006frequency"
    (parsed,) = parse_library(render_entry(paper)).papers
    assert parsed.fields == paper.fields
