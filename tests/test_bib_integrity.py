"""What an imported .bib file wrote stays as written, and a broken one is refused at the
line of its fault. Excerpts are copied from public files (named above them); a changed
line says so.
"""

from conftest import run

# A Wiley export in a Python package's docstring (a colour-vision library's Vienot1999
# class): the key is the DOI, parentheses and all.
WILEY = r"""@article{https://doi.org/10.1002/(SICI)1520-6378(199908)24:4<243::AID-COL5>3.0.CO;2-3,
    author = {Viénot, Françoise and Brettel, Hans and Mollon, John D.},
    title = {Digital video colourmaps for checking the legibility of displays by dichromats},
    journal = {Color Research \& Application},
    volume = {24},
    number = {4},
    pages = {243-252},
    doi = {https://doi.org/10.1002/(SICI)1520-6378(199908)24:4<243::AID-COL5>3.0.CO;2-3},
    year = {1999}
}
"""


def test_a_key_with_parentheses_keeps_its_entry_as_written(runner, folder):
    (folder / "wiley.bib").write_text(WILEY)
    result = run(runner, "import", folder / "wiley.bib")
    assert result.exit_code == 0, result.output
    assert "written in mibib's style" not in result.output
    body = WILEY.split("\n", 1)[1]
    assert (folder / "library.bib").read_text() == "@article{vienot1999digital,\n" + body


def test_a_bare_value_with_a_parenthesis_is_kept_as_written(runner, folder):
    """`pages = 1--2(3)` inside braces is one value (bibtexparser reads it whole); the
    entry keeps its field order and spelling."""
    text = "@article{x1,\n  title = {Odd pages},\n  pages = 1--2(3),\n  year = 2020\n}\n"
    (folder / "odd.bib").write_text(text)
    result = run(runner, "import", folder / "odd.bib")
    assert result.exit_code == 0, result.output
    assert "written in mibib's style" not in result.output
    assert (folder / "library.bib").read_text() == text


def refused(runner, folder, text: str) -> str:
    (folder / "broken.bib").write_text(text)
    result = run(runner, "import", folder / "broken.bib")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (folder / "library.bib").read_text() == ""
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0].replace(f"{folder / 'broken.bib'}", "broken.bib")


def test_an_unclosed_quote_is_reported_at_its_field(runner, folder):
    said = refused(
        runner, folder,
        '@article{b2,\n  title = {T},\n  author = "A, B,\n  journal = {J},\n  year = 2020\n}\n'
        "\n@misc{z, title={Z}}\n",
    )  # fmt: skip
    assert said == (
        "Error: broken.bib:3: entry 'b2', field 'author': the '\"' that opens its value is "
        "never closed; close it"
    )


def test_an_entry_without_its_closing_brace_is_reported_after_its_last_field(runner, folder):
    said = refused(
        runner, folder,
        "@article{b2,\n  title = {T},\n  year = 2020\n\n@misc{z, title={Z}}\n",
    )  # fmt: skip
    assert (
        said
        == "Error: broken.bib:3: entry 'b2' is not closed: a '}' is missing after this line; add it"
    )


def test_a_doubled_comma_is_reported_at_its_line(runner, folder):
    said = refused(
        runner, folder, "@article{b2,\n  title = {T},\n  year = 2020,,\n  note = {x}\n}\n"
    )
    assert said.startswith("Error: broken.bib:3: cannot parse entry 'b2' (Expected a `=`")
