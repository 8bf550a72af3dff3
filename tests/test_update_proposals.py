"""What `mibib update` proposes: new versions, journal references, DOIs, venues, TL;DRs."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from mibib.errors import SourceError
from mibib.features.update import propose_changes, venue_field
from mibib.model import Paper
from mibib.sources.semanticscholar import Publication, parse_publication

S2 = Path(__file__).parent / "data" / "s2"


def record(arxiv_id="2309.08600", version="v3", doi="", journal_ref="", authors=(), year=None):
    """An arXiv answer as sources.arxiv.ArxivRecord has it (only the fields update reads)."""
    return SimpleNamespace(
        arxiv_id=arxiv_id,
        version=version,
        doi=doi,
        journal_ref=journal_ref,
        authors=list(authors),
        year=year,
    )


def preprint(**fields) -> Paper:
    base = {"title": "Sparse Autoencoders", "year": "2023", "eprint": "2309.08600"}
    return Paper("cunningham2023sparse", entry_type="misc", fields={**base, **fields})


def summary(changes) -> list[tuple[str, str, str, str]]:
    return [(c.field, c.old, c.new, c.source) for c in changes]


def test_an_older_version_in_eprint_and_url_is_raised_to_the_latest():
    paper = preprint(eprint="2309.08600v1", url="https://arxiv.org/abs/2309.08600v2")
    assert summary(propose_changes(paper, record())) == [
        ("eprint", "2309.08600v1", "2309.08600v3", "arXiv"),
        (
            "url",
            "https://arxiv.org/abs/2309.08600v2",
            "https://arxiv.org/abs/2309.08600v3",
            "arXiv",
        ),
    ]


def test_missing_authors_and_year_are_filled_from_arxiv():
    paper = Paper("sparse", entry_type="misc", fields={"title": "Sparse", "eprint": "2309.08600"})
    answer = record(authors=["Hoagy Cunningham", "Aidan Ewart"], year=2023)
    assert summary(propose_changes(paper, answer))[:2] == [
        ("author", "", "Cunningham, Hoagy and Ewart, Aidan", "arXiv"),
        ("year", "", "2023", "arXiv"),
    ]


def test_authors_and_year_the_entry_has_are_kept():
    paper = preprint(author="Cunningham, H.")
    answer = record(version="", authors=["Hoagy Cunningham"], year=2024)
    assert propose_changes(paper, answer) == []


def test_an_id_without_a_version_already_means_the_latest():
    assert propose_changes(preprint(url="https://arxiv.org/abs/2309.08600"), record()) == []


def test_journal_reference_and_doi_fill_only_what_is_missing():
    found = record(doi="10.1234/new", journal_ref="ICLR 2024")
    assert summary(propose_changes(preprint(), found)) == [
        ("howpublished", "", "ICLR 2024", "arXiv"),
        ("doi", "", "10.1234/new", "arXiv"),
    ]
    curated = preprint(howpublished="ICLR", doi="10.1234/old")
    assert propose_changes(curated, found) == []


def test_a_placeholder_journal_is_replaced_by_the_venue_and_its_year():
    paper = Paper("a", "article", {"journal": "arXiv preprint arXiv:2309.08600", "year": "2023"})
    publication = Publication(
        venue="International Conference on Learning Representations", year=2024
    )
    assert summary(propose_changes(paper, None, publication)) == [
        ("journal", "arXiv preprint arXiv:2309.08600", publication.venue, "Semantic Scholar"),
        ("year", "2023", "2024", "Semantic Scholar"),
    ]


def test_arxiv_venues_arxiv_dois_and_curated_tldrs_are_not_proposed():
    paper = preprint()
    paper.tldr = "Our own words."
    publication = Publication(venue="ArXiv", year=2025, doi="10.48550/arXiv.2309.08600", tldr="x")
    assert propose_changes(paper, None, publication) == []


def test_semantic_scholar_tldr_is_suggested_for_an_entry_without_one():
    changes = propose_changes(preprint(), None, Publication(tldr="SAEs find & explain features."))
    assert summary(changes) == [
        ("mibib-tldr", "", "SAEs find & explain features.", "Semantic Scholar")
    ]
    escaped = propose_changes(preprint(), None, Publication(tldr="a & b"), escape=lambda t: "E")
    assert escaped[0].new == "E"


@pytest.mark.parametrize(
    ("entry_type", "fields", "expected"),
    [
        pytest.param("inproceedings", {}, "booktitle", id="conference"),
        pytest.param("article", {}, "journal", id="article"),
        pytest.param("misc", {}, "howpublished", id="misc"),
        pytest.param("misc", {"journal": "CoRR"}, "journal", id="uses-its-field"),
    ],
)
def test_the_venue_goes_where_the_entry_type_keeps_it(entry_type, fields, expected):
    assert venue_field(Paper("k", entry_type, fields)) == expected


def test_the_parser_reads_a_recorded_paper_object():
    recorded = json.loads((S2 / "search-match-attention-2025.json").read_text())["data"][0]
    publication = parse_publication(json.dumps(recorded))
    assert publication == Publication(venue="Neural Information Processing Systems", year=2017)


def test_the_parser_reads_a_by_arxiv_id_answer_with_a_tldr():
    publication = parse_publication((S2 / "arXiv_1605.08386.json").read_text())
    assert (publication.venue, publication.year, publication.doi) == (
        "Bernoulli",
        2018,
        "10.3150/17-BEJ1009",
    )
    assert publication.tldr.startswith("Heat-bath random walks")


@pytest.mark.parametrize("body", ["<html>", "[1, 2]"], ids=["not-json", "not-an-object"])
def test_the_parser_refuses_what_is_not_a_paper_object(body):
    with pytest.raises(SourceError, match="Semantic Scholar"):
        parse_publication(body)
