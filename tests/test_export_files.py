"""`mibib export bibtex` and `mibib export json`, and library.strip_own_fields."""

import json
import re

import pytest

from mibib.bibtex.edits import strip_own_fields

STRING = '@string{anthropic = "Transformer Circuits Thread"}'


def entry_texts(bibtex: str) -> dict[str, str]:
    """Each entry's text by key (entries start at a line beginning with @ and a type)."""
    blocks = re.split(r"\n\n(?=@)", bibtex.strip("\n"))
    return {
        re.match(r"@\w+\{([^,]+),", block).group(1): block
        for block in blocks
        if not block.lower().startswith(("@string", "@comment"))
    }


def test_export_bibtex_gives_each_entry_byte_for_byte(invoke, collection):
    original = (collection / "library.bib").read_text(encoding="utf-8")
    result = invoke("export", "bibtex")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(STRING + "\n\n@article{bricken2023towards,\n")
    assert result.output.endswith("}\n") and not result.output.endswith("\n\n")
    entries = entry_texts(result.output)
    assert list(entries) == [
        "bricken2023towards",
        "cunningham2024sparse",
        "elhage2022toy",
        "geva2021transformer",
        "gurnee2023finding",
        "nanda2022transformerlens",
        "olsson2022context",
    ]
    for text in entries.values():
        assert text in original
    assert '    title = "Transformer Feed-Forward Layers Are Key-Value Memories",' in result.output


def test_export_bibtex_filters_like_list_and_includes_subcategories(invoke, collection):
    result = invoke("export", "bibtex", "--category", "features", "--year", "2023-2024")
    assert result.exit_code == 0, result.output
    assert list(entry_texts(result.output)) == [
        "bricken2023towards",
        "cunningham2024sparse",
        "gurnee2023finding",
    ]
    tools = invoke("export", "bibtex", "--category", "tools", "--technique", "probing")
    assert tools.exit_code == 0 and tools.output == ""
    only_tools = invoke("export", "bibtex", "-c", "tools")
    assert only_tools.output.startswith("@software{nanda2022transformerlens,")  # no @string


def test_export_bibtex_clean_drops_only_mibib_fields(invoke, collection):
    result = invoke("export", "bibtex", "--clean", "--evaluation", "plausibility")
    assert result.exit_code == 0, result.output
    assert "mibib-" not in result.output
    assert result.output == (
        STRING + "\n\n"
        "@article{bricken2023towards,\n"
        "  title = {Towards Monosemanticity: Decomposing Language Models With Dictionary "
        "Learning},\n"
        + (collection / "library.bib")
        .read_text(encoding="utf-8")
        .split(
            "  title = {Towards Monosemanticity: Decomposing Language Models With "
            "Dictionary Learning},\n",
            1,
        )[1]
        .split("  mibib-categories", 1)[0]
        .removesuffix(",\n")
        + "\n}\n"
    )
    geva = invoke("export", "bibtex", "--clean", "-c", "transformer-components", "--year", "2021")
    assert "    keywords = {transformers, memory, superposition}\n}\n" in geva.output


def test_export_bibtex_writes_a_file(invoke, collection):
    result = invoke("export", "bibtex", "-c", "tools", "-o", "tools.bib")
    assert result.exit_code == 0
    assert result.output == ""
    written = (collection / "tools.bib").read_text(encoding="utf-8")
    assert written.startswith("@software{nanda2022transformerlens,") and written.endswith("}\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["-c", "superpositon"],
            "Error: unknown category 'superpositon' (did you mean 'superposition'?)",
            id="unknown-category",
        ),
        pytest.param(
            ["--year", "twenty"],
            "Error: invalid year 'twenty' (use 2023, 2021-2024, 2021- or -2020)",
            id="bad-year",
        ),
    ],
)
@pytest.mark.parametrize("command", ["bibtex", "json"])
def test_export_rejects_bad_filters(invoke, collection, command, args, message):
    result = invoke("export", command, *args)
    assert result.exit_code == 1
    assert result.output == message + "\n"


def test_export_without_a_library_is_an_error(invoke, collection):
    (collection / "library.bib").unlink()
    result = invoke("export", "bibtex")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "no library file" in result.output


def test_export_json_gives_the_objects_of_list_json_in_file_order(invoke, collection):
    result = invoke("export", "json", "--category", "superposition")
    assert result.exit_code == 0, result.output
    exported = json.loads(result.output)
    listed = json.loads(invoke("list", "--category", "superposition", "--json").output)
    assert sorted(exported, key=lambda item: item["key"]) == sorted(
        listed, key=lambda item: item["key"]
    )
    assert [item["key"] for item in exported] == [
        "bricken2023towards",
        "cunningham2024sparse",
        "elhage2022toy",
        "gurnee2023finding",
    ]
    invoke("export", "json", "-o", "all.json")
    everything = json.loads((collection / "all.json").read_text(encoding="utf-8"))
    assert len(everything) == 7
    assert everything[0]["tldr"].startswith("Trains a sparse autoencoder")


@pytest.mark.parametrize(
    ("entry", "clean"),
    [
        pytest.param(
            "@misc{a,\n  title = {T},\n  mibib-categories = {x},\n  mibib-unverified = {year}\n}",
            "@misc{a,\n  title = {T}\n}",
            id="last-fields",
        ),
        pytest.param(
            "@misc{a,\n  mibib-tldr = {x},\n  title = {T},\n}",
            "@misc{a,\n  title = {T}\n}",
            id="first-field-and-trailing-comma",
        ),
        pytest.param(
            "@misc{a,\n  mibib-categories = {x}\n}",
            "@misc{a,\n}",
            id="only-mibib-fields",
        ),
        pytest.param(
            "@misc(a,\n  title = {T},\n  MIBIB-Tldr = {x})",
            "@misc(a,\n  title = {T}\n)",
            id="parentheses-and-case",
        ),
    ],
)
def test_strip_own_fields(entry, clean):
    assert strip_own_fields(entry) == clean


def test_strip_own_fields_keeps_an_entry_without_them_byte_for_byte():
    entry = '@article{a,\n    title = "T" # " more",\n  year=2020,\n}'
    assert strip_own_fields(entry) is entry
