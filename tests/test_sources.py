"""The source registry: every source has the interface, arguments go to the right one."""

import json
from pathlib import Path

import pytest

from mibib.errors import UsageError
from mibib.sources import arxiv, doi, semanticscholar
from mibib.sources.registry import SOURCES, classify, source_hint

S2_PAPER = Path(__file__).parent / "data" / "s2" / "204e3073870fae3d05bcbc2f6a8e263d9b72e776.json"


def test_every_source_has_the_interface():
    for source in SOURCES:
        for name in ("KIND", "HINT"):
            assert isinstance(getattr(source, name), str), (source.__name__, name)
        assert callable(source.recognise) and callable(source.fetch_papers)
        assert source.HINT in source_hint()


@pytest.mark.parametrize(
    ("text", "source", "value"),
    [
        pytest.param("2407.02646v3", arxiv, ("2407.02646", "v3"), id="arxiv-versioned"),
        pytest.param("https://arxiv.org/pdf/hep-th/9901001", arxiv, ("hep-th/9901001", ""),
                     id="arxiv-old-url"),
        pytest.param("10.48550/arXiv.2407.02646", arxiv, ("2407.02646", ""), id="arxiv-doi"),
        pytest.param("https://doi.org/10.18653/V1/2023.acl-long.1", doi,
                     "10.18653/v1/2023.acl-long.1", id="doi-url"),
        pytest.param("https://www.semanticscholar.org/paper/Some-Title/"
                     "204e3073870fae3d05bcbc2f6a8e263d9b72e776", semanticscholar,
                     "204e3073870fae3d05bcbc2f6a8e263d9b72e776", id="s2-url"),
        pytest.param("CorpusId:13756489", semanticscholar, "CorpusId:13756489", id="s2-corpus"),
    ],
)  # fmt: skip
def test_each_argument_goes_to_the_source_that_recognises_it(text, source, value):
    [lookup] = classify([text])
    assert (lookup.source, lookup.value, lookup.text) == (source, value, text)


def test_ids_known_before_fetching_are_the_papers_identity():
    first, second, third = classify(["2407.02646v2", "doi:10.1126/SCIENCE.1", "CorpusId:5"])
    assert (first.arxiv, first.doi, first.shown) == ("2407.02646", None, "2407.02646")
    assert (second.arxiv, second.doi, second.shown) == (None, "10.1126/science.1", second.doi)
    assert (third.arxiv, third.doi, third.shown) == (None, None, "CorpusId:5")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("2413.01234", "is not a valid arXiv id", id="month-13"),
        pytest.param("example.org/paper", "is neither an arXiv id nor a DOI nor a Semantic "
                     "Scholar paper; give an arXiv id", id="unknown"),
    ],
)  # fmt: skip
def test_arguments_no_source_takes_are_usage_errors(text, message):
    with pytest.raises(UsageError, match=message) as caught:
        classify([text])
    assert caught.value.param_hint == "SOURCES"


def test_semantic_scholar_paper_object_becomes_an_entry():
    paper = semanticscholar.parse_paper(S2_PAPER.read_text(encoding="utf-8"))
    data = json.loads(S2_PAPER.read_text(encoding="utf-8"))
    assert paper.entry_type == "inproceedings"
    assert paper.title == data["title"] == "Attention is All you Need"
    assert paper.authors[:2] == ["Ashish Vaswani", "Noam M. Shazeer"]
    assert (paper.year, paper.venue, paper.arxiv) == (2017, data["venue"], "1706.03762")
