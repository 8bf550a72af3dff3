"""Pure helpers behind `mibib add`: author names, keys, cleaned entries, retry delays."""

import email.utils
import time

import pytest

from mibib.authors import format_author
from mibib.errors import UsageError
from mibib.identity.keys import is_valid_key, make_key
from mibib.model import Paper
from mibib.sources.bibtex_text import clean_paper
from mibib.sources.http import retry_delay, user_agent
from mibib.sources.manual import manual_paper, split_author_option


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Daking Rai", "Rai, Daking", id="two-words"),
        pytest.param("B. Scott Gaudi", "Gaudi, B. Scott", id="initials"),
        pytest.param("Ludwig van Beethoven", "van Beethoven, Ludwig", id="particle"),
        pytest.param("Johannes van der Waals", "van der Waals, Johannes", id="particles"),
        pytest.param("Martin Luther King Jr.", "King, Jr., Martin Luther", id="suffix"),
        pytest.param("Olah, Christopher", "Olah, Christopher", id="already-bibtex"),
        pytest.param("H1 Collaboration", "{H1 Collaboration}", id="collaboration"),
        pytest.param("Plato", "Plato", id="one-word"),
        pytest.param("  Neel   Nanda ", "Nanda, Neel", id="spacing"),
    ],
)
def test_format_author(name, expected):
    assert format_author(name) == expected


def test_author_option_splits_on_and():
    assert split_author_option(["Neel Nanda and Lawrence Chan", "Tom Lieberum"]) == [
        "Neel Nanda",
        "Lawrence Chan",
        "Tom Lieberum",
    ]


@pytest.mark.parametrize(
    ("author", "year", "title", "expected"),
    [
        pytest.param(
            "Rai, Daking and Zhou, Yilun",
            "2024",
            "A Practical Review of Mechanistic Interpretability for Transformer-Based LMs",
            "rai2024practical",
            id="skips-article",
        ),
        pytest.param(
            "Olsson, Catherine", "2022", "In-context Learning and Induction Heads",
            "olsson2022context", id="skips-in",
        ),
        pytest.param(
            "M{\\\"u}ller, J{\\\"o}rg", "2023", "Towards the Mechanism of Things",
            "muller2023mechanism", id="latex-accents-and-towards",
        ),
        pytest.param("Łukasz Kaiser", "2017", "Attention", "kaiser2017attention", id="given-first"),
        pytest.param("Straße, Anna", "2020", "On Streets", "strasse2020streets", id="sharp-s"),
        pytest.param("{H1 Collaboration}", "2003", "Multi-Electron", "h1collaboration2003multi",
                     id="group"),
        pytest.param("", "", "How to Read", "read", id="missing-fields"),
    ],
)  # fmt: skip
def test_make_key(author, year, title, expected):
    paper = Paper(key="", fields={"author": author, "year": year, "title": title})
    assert make_key(paper) == expected


@pytest.mark.parametrize(
    ("key", "valid"),
    [("rai2024practical", True), ("a:b-c_d.e/f+g", True), ("has space", False),
     ("comma,key", False), ("{brace}", False), ("", False), ("-leading", True),
     ("quote's", False), ("per%cent", False), ("at@sign", False), ("Frank_1970", True)],
)  # fmt: skip
def test_is_valid_key(key, valid):
    assert is_valid_key(key) is valid


def test_clean_paper_keeps_citation_fields_and_normalises():
    paper = Paper(
        key="Frank_1970",
        entry_type="ARTICLE",
        fields={
            "title": "The  Structure\n of Water",
            "issn": "1095-9203",
            "url": "http://dx.doi.org/10.1126/science.169.3946.635",
            "doi": "10.1126/SCIENCE.169.3946.635",
            "pages": "635–641",
            "keywords": "water",
        },
        tags={"category": ["circuits"]},
    )
    cleaned = clean_paper(paper)
    assert cleaned.entry_type == "article"
    assert cleaned.fields == {
        "title": "The Structure of Water",
        "url": "https://doi.org/10.1126/science.169.3946.635",
        "doi": "10.1126/science.169.3946.635",
        "pages": "635--641",
    }
    assert cleaned.categories == ["circuits"]


def test_manual_paper_puts_the_venue_where_the_type_wants_it():
    paper = manual_paper(
        "A Mathematical Framework for Transformer Circuits",
        ["Nelson Elhage", "Neel Nanda"],
        "2021",
        "https://transformer-circuits.pub/2021/framework/index.html",
        "Transformer Circuits Thread",
    )
    assert paper.entry_type == "misc"
    assert paper.fields["howpublished"] == "Transformer Circuits Thread"
    assert paper.fields["author"] == "Elhage, Nelson and Nanda, Neel"
    article = manual_paper("T", ["A B"], "2020", venue="Distill", entry_type="article")
    assert article.fields["journal"] == "Distill"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("", ["A B"], "2020"), "needs --title", id="no-title"),
        pytest.param(("T", [], ""), "needs --author, --year", id="no-author-year"),
        pytest.param(("T", ["A B"], "20"), "not a four-digit year", id="bad-year"),
        pytest.param(("T", ["A B"], "2020", "ftp://x"), "not an http", id="bad-url"),
        pytest.param(("T", ["A B"], "2020", None, None, "mis c"), "not a BibTeX entry type",
                     id="bad-type"),
    ],
)  # fmt: skip
def test_manual_paper_refuses_incomplete_input(args, message):
    with pytest.raises(UsageError, match=message):
        manual_paper(*args)


@pytest.mark.parametrize(
    ("attempt", "retry_after", "expected"),
    [
        pytest.param(0, None, 1.0, id="base"),
        pytest.param(2, None, 4.0, id="exponential"),
        pytest.param(0, "7", 7.0, id="retry-after-seconds"),
        pytest.param(0, "3600", 60.0, id="capped"),
        pytest.param(10, None, 60.0, id="backoff-capped"),
        pytest.param(1, "soon", 2.0, id="unreadable-retry-after"),
    ],
)
def test_retry_delay(attempt, retry_after, expected):
    assert retry_delay(attempt, retry_after, base=1.0, cap=60.0) == expected


def test_retry_delay_reads_http_dates():
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= retry_delay(0, when, base=1.0, cap=60.0) <= 31


def test_user_agent_names_mibib_and_a_contact(monkeypatch):
    assert user_agent().startswith("mibib/")
    monkeypatch.setenv("MIBIB_CONTACT", "curator@example.org")
    assert user_agent().endswith("; mailto:curator@example.org)")
