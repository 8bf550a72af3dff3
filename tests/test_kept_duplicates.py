"""Duplicates found again from what the last search kept (identity.kept): after any
series of edits, the same pairs as a search of every entry."""

import hashlib
import random

import pytest

from mibib.identity.index import find_duplicates_within
from mibib.identity.kept import KeptDuplicates
from mibib.model import Paper

TITLES = ["Toy Models of Superposition", "Toy models of superposition.",
          "Toy Model of Superposition", "Sparse Autoencoders Find Features",
          "Sparse autoencoders find features", "Editorial",
          "Induction Heads", "Induction heads II", ""]  # fmt: skip
ARXIV = ["", "", "2209.10652", "2209.10652v2", "2309.08600", "1706.03762"]
DOIS = ["", "", "10.1000/a", "10.1000/b", "10.48550/arXiv.2209.10652"]
URLS = ["", "", "https://example.org/paper", "http://www.example.org/paper/"]
YEARS = ["", "2022", "2023", "2024"]


def random_paper(rng: random.Random, key: str, line: int) -> Paper:
    shared = rng.random() < 0.3  # else a title of its own
    title = rng.choice(TITLES) if shared else f"A study of part {rng.randrange(10**6)}"
    fields = {"title": title, "author": rng.choice(["Elhage, N.", "Bricken, T.", ""])}
    for name, values in (("eprint", ARXIV), ("doi", DOIS), ("url", URLS), ("year", YEARS)):
        value = rng.choice(values)
        if value:
            fields[name] = value
    if "eprint" in fields:
        fields["archiveprefix"] = "arXiv"
    return Paper(key=key, entry_type=rng.choice(["article", "misc"]), fields=fields, line=line)


def name_of(paper: Paper) -> tuple:
    """What its reading depends on (as a fingerprint is), and its key."""
    text = repr((paper.entry_type, sorted(paper.fields.items())))
    return hashlib.sha1(text.encode()).digest(), paper.key


def pairs(duplicates) -> list:
    return [(d.paper.key, d.first.key, d.verdict, d.reason, d.detail) for d in duplicates]


@pytest.mark.parametrize("seed", range(6))
def test_kept_duplicates_match_a_search_of_every_entry_after_each_edit(seed):
    rng = random.Random(seed)
    papers = [random_paper(rng, f"k{number}", number * 10) for number in range(60)]
    state, searched = None, []
    for _ in range(40):
        edit = rng.random()
        if edit < 0.5:  # one entry changed
            number = rng.randrange(len(papers))
            papers[number] = random_paper(rng, papers[number].key, papers[number].line)
        elif edit < 0.65 and len(papers) > 10:  # one removed
            papers.pop(rng.randrange(len(papers)))
        elif edit < 0.8:  # one added, anywhere
            taken = {paper.line for paper in papers}  # lines are distinct in a file
            line = rng.choice([line for line in range(2000) if line not in taken])
            papers.append(random_paper(rng, f"n{rng.randrange(10**9)}", line))
        elif edit < 0.9:  # entries moved: lines change, texts do not
            for paper, line in zip(papers, rng.sample(range(2000), len(papers)), strict=True):
                paper.line = line
        kept = KeptDuplicates(state, [name_of(paper) for paper in papers])
        assert pairs(kept.find(papers)) == pairs(find_duplicates_within(papers))
        state = kept.state()
        searched.append(kept.searched)
    assert min(searched) < len(papers)  # most searches were of a few entries


def test_an_entry_changed_back_is_searched_again():
    first = Paper(key="a", fields={"title": "Toy Models of Superposition", "year": "2022"}, line=1)
    second = Paper(key="b", fields={"title": "Induction Heads", "year": "2022"}, line=9)
    copy = Paper(key="b", fields={"title": "Toy models of superposition", "year": "2022"}, line=9)
    state = None
    for papers, expected in (([first, second], []), ([first, copy], [("b", "a")]),
                             ([first, second], []), ([first, copy], [("b", "a")])):  # fmt: skip
        kept = KeptDuplicates(state, [name_of(paper) for paper in papers])
        assert [found[:2] for found in pairs(kept.find(papers))] == expected
        state = kept.state()


def test_entries_on_one_line_are_searched_in_file_order():
    """Two entries written on one line: the second matches the first, as in a search of
    every entry, whichever order the entries searched again are gathered in."""
    papers = [
        Paper(
            key=f"k{number}", fields={"title": hashlib.sha1(bytes(number)).hexdigest()}, line=number
        )  # fmt: skip
        for number in range(40)
    ]
    papers[10:10] = [
        Paper(key=key, fields={"title": "Toy Models of Superposition", "year": "2022"}, line=9)
        for key in ("zeta", "alpha", "mu")
    ]
    kept = KeptDuplicates(None, [name_of(paper) for paper in papers])
    expected = pairs(kept.find(papers))
    assert [found[:2] for found in expected] == [("alpha", "zeta"), ("mu", "zeta")]
    papers[0] = Paper(key="k0", fields={"title": "Changed"}, line=0)
    kept = KeptDuplicates(kept.state(), [name_of(paper) for paper in papers])
    assert pairs(kept.find(papers)) == expected
    assert kept.searched == 4
