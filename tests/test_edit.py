"""`mibib tag` and `mibib remove`: change one entry, check tags, ask before deleting."""

from pathlib import Path

import pytest

from mibib.storage import load_library


def entry(collection: Path, key: str):
    return load_library(collection / "library.bib", use_cache=False).get(key)


def test_tag_adds_tags_of_every_facet_by_key_title_or_alias(invoke, collection):
    result = invoke(
        "tag", "elhage2022toy", "-c", "Polysemanticity", "-t", "probing", "-e", "faithfulness"
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Tagged elhage2022toy:"
    assert "  categories: superposition, ai-safety, polysemanticity" in result.output
    paper = entry(collection, "elhage2022toy")
    assert paper.categories == ["superposition", "ai-safety", "polysemanticity"]
    assert paper.tags["technique"] == ["visualization", "probing"]
    assert paper.tags["evaluation"] == ["faithfulness"]


def test_tag_with_a_typo_fails_with_a_suggestion_and_writes_nothing(invoke, collection):
    before = (collection / "library.bib").read_bytes()
    result = invoke("tag", "elhage2022toy", "--category", "polysemanticty")
    assert result.exit_code == 1
    assert "Error: unknown category 'polysemanticty' (did you mean 'polysemanticity'?)" in (
        result.output
    )
    assert (collection / "library.bib").read_bytes() == before


def test_tag_remove_drops_tags_and_the_categorys_tldr(invoke, collection):
    result = invoke(
        "tag", "olsson2022context", "--remove", "-c", "phase-changes", "-t", "zero-ablation"
    )
    assert result.exit_code == 0, result.output
    assert "dropped the TL;DR of 'phase-changes'" in result.output
    paper = entry(collection, "olsson2022context")
    assert paper.categories == ["lm-behaviors", "in-context-learning", "universality"]
    assert paper.tags["technique"] == ["visualization"]
    assert paper.category_tldrs == {}
    assert "mibib-tldr-phase-changes" not in (collection / "library.bib").read_text()


def test_tag_remove_of_a_missing_tag_warns_and_changes_nothing(invoke, collection):
    before = (collection / "library.bib").read_bytes()
    result = invoke("tag", "elhage2022toy", "--remove", "--technique", "probing")
    assert result.exit_code == 0, result.output
    assert "Warning: elhage2022toy has no technique 'probing'; nothing to remove" in result.output
    assert "nothing changed" in result.output
    assert (collection / "library.bib").read_bytes() == before


def test_tag_sets_and_clears_tldrs(invoke, collection):
    result = invoke(
        "tag",
        "elhage2022toy",
        "--tldr",
        "New  {TL;DR}\n text.",
        "--tldr-for",
        "ai-safety",
        "Why it matters.",
    )
    assert result.exit_code == 0, result.output
    paper = entry(collection, "elhage2022toy")
    assert paper.tldr == "New {TL;DR} text."
    assert paper.category_tldrs == {"ai-safety": "Why it matters."}
    result = invoke("tag", "elhage2022toy", "--tldr", "", "--tldr-for", "ai-safety", "")
    assert result.exit_code == 0, result.output
    paper = entry(collection, "elhage2022toy")
    assert (paper.tldr, paper.category_tldrs) == ("", {})


def test_tag_tldr_for_a_category_the_entry_lacks_fails(invoke, collection):
    result = invoke("tag", "elhage2022toy", "--tldr-for", "tools", "A tool.")
    assert result.exit_code == 1
    assert "Error: entry 'elhage2022toy' is not in category 'tools'; add it first" in result.output


@pytest.mark.parametrize(
    "text", ["Unbalanced { brace", "Closing } first {", "Ends in a backslash \\"]
)
def test_tag_refuses_a_tldr_the_file_could_not_hold(invoke, collection, text):
    before = (collection / "library.bib").read_bytes()
    result = invoke("tag", "elhage2022toy", "--tldr", text)
    assert result.exit_code == 1
    assert result.output.startswith("Error: field 'mibib-tldr' of 'elhage2022toy'")
    assert (collection / "library.bib").read_bytes() == before


def test_tag_unknown_key_fails_with_a_suggestion(invoke):
    result = invoke("tag", "elhage2022tyo", "-c", "tools")
    assert result.exit_code == 1
    assert "Error: no entry with key 'elhage2022tyo' (did you mean 'elhage2022toy'?)" in (
        result.output
    )


def test_tag_without_any_change_is_a_usage_error(invoke):
    result = invoke("tag", "elhage2022toy")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: nothing to change: give tags with --category, --technique, --evaluation "
        "(--remove takes them off), or a TL;DR with --tldr TEXT or --tldr-for CATEGORY TEXT"
    )
    assert "Invalid value" not in result.output


def test_tag_key_is_case_insensitive_and_keeps_the_files_spelling(invoke, collection):
    result = invoke("tag", "ELHAGE2022TOY", "-c", "tools")
    assert result.exit_code == 0, result.output
    assert entry(collection, "elhage2022toy").categories[-1] == "tools"
    assert "@misc{elhage2022toy," in (collection / "library.bib").read_text()


def test_remove_with_yes_deletes_the_entry(invoke, collection):
    result = invoke("remove", "elhage2022toy", "--yes")
    assert result.exit_code == 0, result.output
    assert result.output == "Removed elhage2022toy (Toy Models of Superposition); 6 entries left.\n"
    text = (collection / "library.bib").read_text()
    assert "elhage2022toy" not in text and "geva2021transformer" in text


def test_remove_without_a_terminal_needs_yes(invoke, collection):
    before = (collection / "library.bib").read_bytes()
    result = invoke("remove", "elhage2022toy")
    assert result.exit_code == 1
    assert "Error: not removing 'elhage2022toy' without confirmation: pass --yes" in result.output
    assert (collection / "library.bib").read_bytes() == before


@pytest.mark.parametrize(("answer", "code"), [("y\n", 0), ("n\n", 1), ("\n", 1)])
def test_remove_on_a_terminal_asks_first(invoke, collection, monkeypatch, answer, code):
    from mibib.cli import edit

    monkeypatch.setattr(edit, "is_terminal", lambda: True)
    result = invoke("remove", "elhage2022toy", input=answer)
    assert result.exit_code == code, result.output
    assert "Remove elhage2022toy (Toy Models of Superposition)? [y/N]" in result.output
    removed = "elhage2022toy" not in (collection / "library.bib").read_text()
    assert removed == (code == 0)
    if code:
        assert "Error: 'elhage2022toy' not removed" in result.output


def test_remove_unknown_key_fails(invoke):
    result = invoke("remove", "nobody2020", "--yes")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no entry with key 'nobody2020'")


def test_commands_have_help_with_an_example(invoke):
    for command in ("tag", "remove"):
        result = invoke(command, "--help")
        assert result.exit_code == 0
        assert f"Example: mibib {command}" in result.output
