"""What the terminal shows: entries' values print as written, never as rich markup."""

import pytest

HOSTILE_TITLE = "Why [/bold] tags and :smile: codes [red]stay[/red] text"


@pytest.fixture
def hostile(collection):
    """The sample collection with one title made of rich markup and an emoji code."""
    bib = collection / "library.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(
        text.replace("{Toy Models of Superposition}", "{" + HOSTILE_TITLE + "}"), "utf-8"
    )
    return collection


@pytest.mark.parametrize("columns", ["200", "60"], ids=["wide", "narrow"])
def test_list_prints_a_title_of_markup_as_written(invoke, hostile, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    result = invoke("list", "--category", "superposition", "--sort", "key")
    assert result.exit_code == 0, result.output
    shown = " ".join(" ".join(line.strip("│ ") for line in result.output.splitlines()).split())
    for word in ("[/bold]", ":smile:", "[red]stay[/red]"):
        assert word in shown


def test_show_prints_a_title_of_markup_as_written(invoke, hostile):
    result = invoke("show", "elhage2022toy")
    assert result.exit_code == 0, result.output
    assert HOSTILE_TITLE in result.output
