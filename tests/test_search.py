"""search_papers: what the word index lets through is what WRatio would score."""

import dataclasses

from mibib.features.search import SEARCH_CUTOFF, search_papers
from mibib.model import Paper


def paper(key: str, title: str, author: str = "Doe, Jane", abstract: str = "") -> Paper:
    fields = {"title": title, "author": author, "year": "2023"}
    if abstract:
        fields["abstract"] = abstract
    return Paper(key, "misc", fields)


PAPERS = [
    paper("toy", "Toy Models of Superposition", "Elhage, Nelson and Hume, Tristan"),
    paper("induction", "In-context Learning and Induction Heads", "Olsson, Catherine"),
    paper("sae", "Sparse Autoencoders Find Highly Interpretable Features", "Cunningham, Hoagy"),
    paper("lens", "Interpreting GPT: the Logit Lens", "nostalgebraist"),
    paper("other", "Attention Is All You Need", "Vaswani, Ashish", "We study induction heads."),
]


def keys(query: str, papers=PAPERS, limit: int = 20) -> list[str]:
    return [found.key for found, _ in search_papers(papers, query, limit=limit)]


def test_a_typo_a_plural_and_a_word_begun_still_find_the_title():
    assert keys("superpositon")[0] == "toy"
    assert keys("toy model")[0] == "toy"
    assert keys("autoencod")[0] == "sae"


def test_authors_are_searched_too():
    assert keys("Elhage") == ["toy"]
    assert keys("nostalgebraist") == ["lens"]


def test_an_abstract_holding_every_word_ranks_after_title_matches():
    results = search_papers(PAPERS, "induction heads")
    assert [found.key for found, _ in results] == ["induction", "other"]
    assert results[1][1] == SEARCH_CUTOFF


def test_short_words_do_not_pull_in_every_title():
    assert keys("in-context learning") == ["induction"]


def test_nothing_alike_finds_nothing():
    assert keys("zzzz qqqq") == []


def test_limit_keeps_the_best():
    many = [paper(f"p{number}", f"Sparse features {number}") for number in range(30)]
    assert len(keys("sparse features", many, limit=5)) == 5


def test_a_replaced_paper_is_searched_as_it_is_now():
    assert keys("grokking") == []
    changed = list(PAPERS)
    changed[0] = dataclasses.replace(PAPERS[0], fields={"title": "Progress Measures for Grokking"})
    assert keys("grokking", changed) == ["toy"]
