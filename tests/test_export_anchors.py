"""GitHub anchors and heading discovery (mibib.export.anchors)."""

import pytest

from mibib.export.anchors import Slugger, find_headings, github_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        pytest.param("General", "general", id="plain"),
        pytest.param("Paper & Blog", "paper--blog", id="ampersand-keeps-both-spaces"),
        pytest.param("Findings on Features", "findings-on-features", id="spaces"),
        pytest.param(
            "library.bib: how tags are stored", "librarybib-how-tags-are-stored", id="dots"
        ),
        pytest.param("Applications of MI", "applications-of-mi", id="case"),
        pytest.param("In-Context Learning", "in-context-learning", id="hyphen-kept"),
        pytest.param("snake_case name", "snake_case-name", id="underscore-kept"),
        pytest.param("What's new? (2024!)", "whats-new-2024", id="punctuation-dropped"),
        pytest.param("Über Ärger", "über-ärger", id="unicode-letters-kept"),
        pytest.param("Rocket 🚀 launch", "rocket--launch", id="emoji-dropped"),
        pytest.param("  Padded  ", "padded", id="trimmed"),
    ],
)
def test_github_slug_matches_github(text, slug):
    assert github_slug(text) == slug


def test_slugger_numbers_repeats_and_skips_taken_names():
    slugger = Slugger()
    assert [slugger.slug(text) for text in ["General", "General", "General-1", "General"]] == [
        "general",
        "general-1",
        "general-1-1",
        "general-2",
    ]
    taken = Slugger()
    assert [taken.slug(text) for text in ["a-1", "a", "a"]] == ["a-1", "a", "a-2"]


def test_find_headings_reads_atx_and_setext_and_ignores_fences():
    text = (
        "# Top #\n"
        "Setext title\n"
        "============\n"
        "```\n"
        "## not a heading\n"
        "```\n"
        "~~~~\n"
        "# neither\n"
        "~~~\n"
        "~~~~\n"
        "### [Linked](https://x) `code` **bold** \\*star\\* &amp;\n"
        "- item\n"
        "---\n"
        "#no-space is text\n"
    )
    assert [(h.level, h.text, h.line) for h in find_headings(text)] == [
        (1, "Top", 1),
        (1, "Setext title", 2),
        (3, "Linked code bold *star* &", 11),
    ]
