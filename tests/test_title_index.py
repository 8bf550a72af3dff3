"""TitleIndex answers exactly as a scan of every title with rapidfuzz would."""

import random
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from mibib.library import parse_library
from mibib.title_index import TitleIndex

DATA = Path(__file__).parent / "data"
REAL_TITLES = [
    paper.title
    for name in ("library.bib", "bib/biblatex-examples.bib", "bib/plume-heaps.bib")
    for paper in parse_library((DATA / name).read_text(encoding="utf-8")).papers
]


def retyped(title: str, rng: random.Random) -> str:
    """The title with a few characters dropped, added or changed, as people re-type them."""
    chars = list(title)
    for _ in range(rng.randint(0, 5)):
        place = rng.randrange(len(chars) + 1)
        roll = rng.random()
        if roll < 0.4 and chars:
            del chars[min(place, len(chars) - 1)]
        elif roll < 0.8:
            chars.insert(place, rng.choice("abcdexyz ,.-!"))
        elif chars:
            chars[min(place, len(chars) - 1)] = rng.choice("ABCxyz ")
    return "".join(chars)


def scan_best(title: str, titles: list[str], threshold: float):
    found = process.extractOne(
        title, titles, scorer=fuzz.ratio, processor=None, score_cutoff=threshold
    )
    return None if found is None else (found[2], found[1])


def scan_near(title: str, titles: list[str], threshold: float):
    found = process.extract(
        title, titles, scorer=fuzz.ratio, processor=None, score_cutoff=threshold, limit=None
    )
    return sorted((index, score) for _, score, index in found)


@pytest.mark.parametrize("threshold", [95.0, 90.0, 80.0])
def test_best_and_near_equal_a_scan_of_every_title(threshold):
    rng = random.Random(threshold)
    titles = REAL_TITLES + [retyped(rng.choice(REAL_TITLES), rng) for _ in range(600)]
    titles += ["", "!!!", "a", "ab", "Letters", "Letter", "Editorial", "Editorials"]
    rng.shuffle(titles)
    index, known, matched = TitleIndex(threshold), [], 0
    for title in map(default_process, titles):
        best = index.best(title)
        assert best == scan_best(title, known, threshold), title
        assert index.near(title) == scan_near(title, known, threshold), title
        matched += best is not None
        index.add(title)
        known.append(title)
    assert matched > 300  # the re-typed titles are found, not only the identical ones


def test_the_first_of_equally_close_titles_wins():
    index = TitleIndex(95.0)
    for title in ("toy models of superposition", "toy models of superpositions", "other"):
        index.add(title)
    index.add("toy models of superposition")
    assert index.best("toy models of superposition") == (0, 100.0)
    assert index.best("toy models of superpositionz")[0] == 0
    assert [found for found, _ in index.near("toy models of superposition")] == [0, 1, 3]


def test_titles_without_letters_match_only_each_other():
    index = TitleIndex(95.0)
    index.add("")
    index.add("attention is all you need")
    assert index.best("") == (0, 100.0)
    assert index.best("x") is None
