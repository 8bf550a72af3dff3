"""search_papers: what a search box user types finds what they mean, best first."""

import dataclasses
import json
from pathlib import Path

import pytest

from mibib.cli import app
from mibib.features.search import search_papers
from mibib.features.words import fold_text, split_words
from mibib.model import Paper
from mibib.storage import load_library

ROOT = Path(__file__).resolve().parents[1]


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
    paper("library", "TransformerLens", "Nanda, Neel"),
    paper("other", "Attention Is All You Need", "Vaswani, Ashish", "We study induction heads."),
    paper("accent", "Kernel Methods", "Schölkopf, Bernhard"),
]


def keys(query: str, papers=PAPERS, limit: int = 20) -> list[str]:
    return [found.key for found, _ in search_papers(papers, query, limit=limit)]


@pytest.fixture(scope="module")
def shipped() -> list[Paper]:
    return load_library(ROOT / "library.bib").papers


# What people type into a search box, and the entries of the shipped collection
# that must come back among the first five.
TOP_FIVE = [
    pytest.param("toy", {"elhage2022toy", "chughtai2023toy"}, id="toy"),
    pytest.param(
        "GPT",
        {
            "nostalgebraist2020interpreting",
            "meng2022locating",
            "wang2023interpretability",  # "GPT-2 small"
            "gurnee2024universal",  # "GPT2": a word that starts with the query
        },
        id="GPT",
    ),
    pytest.param(
        "lens",
        {"nostalgebraist2020interpreting", "belrose2023eliciting", "rai2024investigation"},
        id="lens",
    ),
    pytest.param(
        "grokking",
        {"nanda2023progress", "varma2023explaining", "huang2024unified"},
        id="grokking",
    ),
    pytest.param("toy models", {"elhage2022toy", "chughtai2023toy"}, id="toy-models"),
    pytest.param("Conmy", {"conmy2023automated"}, id="author-surname"),
    pytest.param("Kramar", {"kramar2024atp", "lieberum2023does"}, id="accent-typed-without"),
    pytest.param("Kramár", {"kramar2024atp", "lieberum2023does"}, id="accent-typed-with"),
    pytest.param("superpositon", {"elhage2022toy"}, id="typo"),
    pytest.param(
        "monosemantcity",
        {"bricken2023monosemanticity", "templeton2024scaling"},
        id="typo-long-word",
    ),
    pytest.param(
        "grokkign", {"nanda2023progress", "varma2023explaining"}, id="typo-swapped-letters"
    ),
    pytest.param("induction heads", {"olsson2022context", "ren2024identifying"}, id="two-words"),
    pytest.param("in-context learning", {"olsson2022context"}, id="hyphenated"),
    pytest.param("sparse autoencod", {"cunningham2024sparse"}, id="word-begun"),
]


@pytest.mark.parametrize(("query", "wanted"), TOP_FIVE)
def test_the_shipped_collection_returns_these_in_the_top_five(shipped, query, wanted):
    top = keys(query, shipped, limit=5)
    assert wanted <= set(top), f"{query!r}: top five {top} misses {wanted - set(top)}"


def test_a_common_word_alone_does_not_match_a_two_word_query(shipped):
    found = search_papers(shipped, "toy models", limit=50)
    assert {paper.key for paper, _ in found} == {"elhage2022toy", "chughtai2023toy"}
    everything_with_models = search_papers(shipped, "models", limit=100)
    assert len(everything_with_models) > 10  # "models" alone is common: it was left out above


def test_cli_json_gives_the_same_results_in_the_same_order(runner, shipped, monkeypatch):
    monkeypatch.chdir(ROOT)
    for query in ("GPT", "toy models", "Kramar", "superpositon", "grokking"):
        result = runner.invoke(app, ["search", query, "--json", "-n", "8"])
        assert result.exit_code == 0, result.output
        assert [entry["key"] for entry in json.loads(result.output)] == keys(query, shipped, 8)


def test_words_are_folded_runs_of_letters_and_digits():
    assert split_words("Schölkopf's GPT-2 (ﬁne_tuning)") == [
        "scholkopf",
        "s",
        "gpt",
        "2",
        "fine",
        "tuning",
    ]
    assert fold_text("STRASSE Straße") == "strasse strasse"


def test_a_query_word_matches_a_word_it_begins_not_one_it_sits_inside():
    assert keys("lens") == ["lens"]  # not TransformerLens
    assert keys("transformerl") == ["library"]
    assert keys("autoencod") == ["sae"]


def test_case_and_accents_do_not_matter_either_way():
    assert keys("scholkopf") == keys("SCHÖLKOPF") == ["accent"]
    accented_title = [paper("naive", "Naïve Bayes à la carte")]
    assert keys("naive a la carte", accented_title) == ["naive"]


def test_typos_match_from_five_letters_on_and_rank_below_the_exact_word():
    assert keys("superpositon") == ["toy"]
    assert keys("inductoin") == ["induction", "other"]  # a swap of two letters is one typo
    assert keys("lnes") == []  # four letters: no typo allowed
    exact_and_typo = [paper("typo", "Toy Models of Superposition"), paper("exact", "Models")]
    results = search_papers(exact_and_typo, "model")
    assert [found.key for found, _ in results] == ["exact", "typo"]
    assert results[0][1] == 100


def test_title_hits_rank_before_author_hits_before_text_hits():
    papers = [
        paper("text", "Something Else", "Doe, Jane", "About grokking."),
        paper("author", "Another Thing", "Grokking, Alice"),
        paper("title", "Grokking", "Doe, Jane"),
    ]
    results = search_papers(papers, "grokking")
    assert [(found.key, score) for found, score in results] == [
        ("title", 100),
        ("author", 80),
        ("text", 60),
    ]


def test_entries_with_every_word_rank_before_entries_with_some():
    papers = [
        paper("some", "Induction in Toy Models"),
        paper("all", "A Survey", abstract="Induction heads in small models."),
        paper("common", "Heads or Tails"),
        paper("common too", "Heads Up"),
    ]
    results = search_papers(papers, "induction heads")
    assert [found.key for found, _ in results] == ["all", "some"]
    assert results[0][1] >= 60 > 50 > results[1][1]  # "heads" alone is common here: not enough


def test_ties_go_to_the_shorter_title_then_the_key():
    papers = [paper("b", "Toy Models of Superposition"), paper("a", "Toy Models")]
    papers.append(paper("c", "Toy Models"))
    assert keys("toy", papers) == ["a", "c", "b"]


def test_nothing_alike_finds_nothing_and_an_empty_query_is_an_error():
    from mibib.errors import MibibError

    assert keys("zzzz qqqq") == []
    with pytest.raises(MibibError, match="empty search query"):
        search_papers(PAPERS, " -- ")


def test_limit_keeps_the_best():
    many = [paper(f"p{number:02d}", f"Sparse features {number}") for number in range(30)]
    assert keys("sparse features", many, limit=5) == ["p00", "p01", "p02", "p03", "p04"]


def test_a_replaced_paper_is_searched_as_it_is_now():
    assert keys("grokking") == []
    changed = list(PAPERS)
    changed[0] = dataclasses.replace(PAPERS[0], fields={"title": "Progress Measures for Grokking"})
    assert keys("grokking", changed) == ["toy"]


def test_tldrs_are_searched_like_abstracts():
    tagged = dataclasses.replace(PAPERS[0], tldr="Features share dimensions.")
    assert keys("dimensions", [tagged, *PAPERS[1:]]) == ["toy"]
    per_category = dataclasses.replace(PAPERS[0], category_tldrs={"ai-safety": "Enumeration."})
    assert keys("enumeration", [per_category, *PAPERS[1:]]) == ["toy"]


QUERIES = ["toy models", "superpositon", "induction heads", "Kramar", "edited", "fresh words"]


def search_cli(runner, query: str) -> list[str]:
    result = runner.invoke(app, ["search", query, "--json", "-n", "15"])
    assert result.exit_code == 0, result.output
    return [entry["key"] for entry in json.loads(result.output)]


def assert_searches_as_a_fresh_index(runner, library_path: Path, folded=None) -> None:
    """`mibib search` finds what an index built now finds; `folded` records only the
    texts the command indexed."""
    papers = load_library(library_path, use_cache=False).papers
    expected = [keys(query, papers, 15) for query in QUERIES]
    if folded is not None:
        folded.clear()
    assert [search_cli(runner, query) for query in QUERIES] == expected


def test_the_kept_index_re_indexes_only_what_changed_and_finds_what_a_new_one_finds(
    runner, collection, monkeypatch
):
    from mibib.features import search_index

    library_path = collection / "library.bib"
    assert_searches_as_a_fresh_index(runner, library_path)  # builds and keeps the index
    folded = []
    real = search_index.fold_text
    monkeypatch.setattr(search_index, "fold_text", lambda text: folded.append(text) or real(text))
    assert_searches_as_a_fresh_index(runner, library_path, folded)
    assert folded == []  # unchanged: nothing indexed again
    text = library_path.read_text(encoding="utf-8")
    start = text.index("title", text.index("@misc{elhage2022toy"))
    text = text[:start] + "abstract = {Edited by hand: fresh words.},\n  " + text[start:]
    end = text.index("\n}\n", text.index("@inproceedings{olsson2022context")) + 3
    text = text[: text.index("@inproceedings{olsson2022context")] + text[end:]  # removed
    library_path.write_text(text, encoding="utf-8")
    assert_searches_as_a_fresh_index(runner, library_path, folded)
    assert len(folded) == 3  # the edited entry's title, authors and text
    assert search_cli(runner, "edited")[0] == "elhage2022toy"
    assert "olsson2022context" not in search_cli(runner, "induction heads")
    result = runner.invoke(app, ["tag", "gurnee2023finding", "--tldr", "Fresh words again."])
    assert result.exit_code == 0, result.output
    assert_searches_as_a_fresh_index(runner, library_path, folded)
    assert len(folded) == 3
    assert "gurnee2023finding" in search_cli(runner, "fresh words")


def test_a_kept_index_that_is_damaged_or_of_another_library_is_built_again(
    runner, collection, tmp_path
):
    from mibib.storage import cache_files

    library_path = collection / "library.bib"
    search_cli(runner, "toy")
    [kept] = (cache_files.cache_dir() / "libraries").glob("*search-index*")
    kept.write_bytes(b"\x80\x05garbage")
    assert_searches_as_a_fresh_index(runner, library_path)
    cache_files.save_kept(library_path.resolve(), "search-index", {"format": 1, "keys": ["x"]})
    assert_searches_as_a_fresh_index(runner, library_path)
