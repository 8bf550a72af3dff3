"""The read-only commands through the CLI: list, show, search, check, init, discovery."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def keys_of(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [entry["key"] for entry in json.loads(result.output)]


def test_list_shows_a_table_and_a_count(invoke):
    result = invoke("list", "--category", "superposition")
    assert result.exit_code == 0, result.output
    assert "Toy Models of Superposition" in result.output
    assert "4 of 7 entries" in result.output


def test_piped_list_prints_one_tab_separated_line_per_entry(collection):
    env = {**os.environ, "TTY_COMPATIBLE": "", "FORCE_COLOR": ""}
    done = subprocess.run(
        [sys.executable, "-m", "mibib", "list", "-c", "superposition", "--sort", "key"],
        capture_output=True,
        text=True,
        env=env,
        cwd=collection,
    )
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert [len(row) for row in rows] == [5] * 4
    toy = next(row for row in rows if row[0] == "elhage2022toy")
    assert toy[1:3] == ["2022", "Toy Models of Superposition"]
    assert toy[3].startswith("Nelson Elhage; Tristan Hume; ")
    assert "superposition" in toy[4].split(", ")
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)


def test_piped_search_puts_the_score_first(invoke, monkeypatch):
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    result = invoke("search", "induction heads", "-n", "1")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0].split("\t")
    assert first[1] == "olsson2022context"
    assert 0 < float(first[0]) <= 100
    assert len(result.output.splitlines()) == 1


def test_a_search_that_finds_nothing_says_so(invoke, collection):
    on_terminal = invoke("search", "zzzz")
    assert on_terminal.exit_code == 0
    assert on_terminal.output.strip() == "0 matching entries"
    env = {**os.environ, "TTY_COMPATIBLE": "", "FORCE_COLOR": ""}
    piped = subprocess.run(
        [sys.executable, "-m", "mibib", "search", "zzzz"],
        capture_output=True, text=True, env=env, cwd=collection,
    )  # fmt: skip
    assert (piped.returncode, piped.stdout, piped.stderr) == (0, "", "0 matching entries\n")
    assert json.loads(invoke("search", "zzzz", "--json").output) == []
    empty_list = invoke("list", "--year", "1900")
    assert empty_list.output.strip() == "0 of 7 entries"


def test_a_category_includes_its_descendants(invoke):
    assert sorted(keys_of(invoke("list", "--category", "features", "--json"))) == [
        "bricken2023towards",
        "cunningham2024sparse",
        "elhage2022toy",
        "gurnee2023finding",
    ]


def test_values_of_one_facet_are_or_and_facets_are_and(invoke):
    either = keys_of(invoke("list", "-c", "tools", "-c", "polysemanticity", "--json"))
    assert sorted(either) == ["gurnee2023finding", "nanda2022transformerlens"]
    both = keys_of(invoke("list", "-c", "superposition", "-t", "probing", "--json"))
    assert both == ["gurnee2023finding"]
    evaluated = keys_of(invoke("list", "-e", "intrinsic", "-t", "knockout", "--json"))
    assert sorted(evaluated) == ["cunningham2024sparse", "olsson2022context"]


def test_tags_accept_titles_and_aliases(invoke):
    assert keys_of(invoke("list", "-t", "SAE", "--json")) == keys_of(
        invoke("list", "-t", "sparse-autoencoder", "--json")
    )


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        pytest.param("2024", ["cunningham2024sparse"], id="one-year"),
        pytest.param(
            "2021-2022",
            ["elhage2022toy", "geva2021transformer", "olsson2022context"],
            id="range",
        ),
        pytest.param("2024-", ["cunningham2024sparse"], id="open-end"),
        pytest.param("-2021", ["geva2021transformer"], id="open-start"),
    ],
)
def test_year_filters(invoke, year, expected):
    keys = keys_of(invoke("list", "--year", year, "--json", "-c", "findings-and-applications"))
    assert sorted(keys) == expected


def test_sort_orders(invoke):
    by_year = keys_of(invoke("list", "--json"))
    assert by_year[0] == "cunningham2024sparse"  # newest first
    assert by_year[-1] == "geva2021transformer"
    by_key = keys_of(invoke("list", "--json", "--sort", "key"))
    assert by_key == sorted(by_key, key=str.casefold)
    by_title = keys_of(invoke("list", "--json", "--sort", "title"))
    assert by_title[0] == "gurnee2023finding"  # "Finding Neurons in a Haystack…"


def test_list_json_objects_carry_the_contract_fields(invoke):
    entries = json.loads(invoke("list", "--json").output)
    assert len(entries) == 7
    required = {"key", "title", "authors", "year", "venue", "arxiv", "doi", "url"}
    required |= {"categories", "techniques", "evaluation", "tldr"}
    for entry in entries:
        assert required <= set(entry)
    toy = next(entry for entry in entries if entry["key"] == "elhage2022toy")
    assert toy["authors"][0] == "Nelson Elhage"
    assert toy["year"] == 2022
    assert toy["arxiv"] == "2209.10652"
    assert toy["categories"] == ["superposition", "ai-safety"]
    assert toy["venue"] == "Transformer Circuits Thread"
    geva = next(entry for entry in entries if entry["key"] == "geva2021transformer")
    assert geva["arxiv"] is None
    assert geva["doi"] == "10.18653/v1/2021.emnlp-main.446"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["-c", "superpositon"],
            "unknown category 'superpositon' (did you mean 'superposition'?)",
            id="category",
        ),
        pytest.param(
            ["-t", "logit lense"],
            "unknown technique 'logit lense' (did you mean 'logit-lens'?)",
            id="technique",
        ),
        pytest.param(
            ["-e", "faithfull"],
            "unknown evaluation 'faithfull' (did you mean 'faithfulness'?)",
            id="evaluation",
        ),
        pytest.param(["--year", "twenty"], "invalid year 'twenty'", id="year"),
        pytest.param(["--year", "2024-2020"], "invalid year range '2024-2020'", id="year-range"),
    ],
)
def test_list_rejects_unknown_values_with_a_hint(invoke, args, message):
    result = invoke("list", *args)
    assert result.exit_code == 1
    assert f"Error: {message}" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_usage_errors_exit_2(invoke):
    assert invoke("list", "--sort", "stars").exit_code == 2
    assert invoke("list", "--no-such-option").exit_code == 2
    assert invoke("show").exit_code == 2


def test_show_prints_one_entry(invoke):
    result = invoke("show", "olsson2022context")
    assert result.exit_code == 0
    assert "In-context Learning and Induction Heads" in result.output
    assert "Phase Changes (phase-changes)" in result.output
    assert "TL;DR (phase-changes)" in result.output


def test_show_json_is_one_object(invoke):
    entry = json.loads(invoke("show", "gurnee2023finding", "--json").output)
    assert entry["key"] == "gurnee2023finding"
    assert entry["venue"] == "TMLR"


def test_show_unknown_key_suggests_one(invoke):
    result = invoke("show", "elhage2022toys")
    assert result.exit_code == 1
    assert "Error: no entry with key 'elhage2022toys' (did you mean 'elhage2022toy'?)" in (
        result.output
    )


def test_search_finds_by_title_author_and_abstract(invoke, collection):
    assert keys_of(invoke("search", "induction heads", "--json"))[0] == "olsson2022context"
    assert "elhage2022toy" in keys_of(invoke("search", "Elhage", "--json"))
    assert keys_of(invoke("search", "superpositon", "--json"))[0] == "elhage2022toy"
    library = collection / "library.bib"
    library.write_text(
        library.read_text().replace(
            "  mibib-categories = {tools},",
            "  abstract = {Hooks into every activation of a transformer.},\n"
            "  mibib-categories = {tools},",
        )
    )
    assert keys_of(invoke("search", "activation hooks", "--json")) == ["nanda2022transformerlens"]


def test_search_table_and_empty_query(invoke):
    result = invoke("search", "sparse autoencoders")
    assert result.exit_code == 0
    assert "cunningham2024sparse" in result.output
    empty = invoke("search", "   ")
    assert empty.exit_code == 1
    assert "Error: empty search query" in empty.output


def test_check_passes_on_a_clean_library(invoke):
    result = invoke("check")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("library.bib: 7 entries, 0 errors, 0 warnings")


def test_check_reports_each_problem_with_file_line_and_key(invoke, collection):
    library = collection / "library.bib"
    text = library.read_text()
    text = text.replace("mibib-categories = {tools}", "mibib-categories = {tool}")
    text = text.replace(
        "  author = {Nanda, Neel and Bloom, Joseph},\n", ""
    )  # a warning: no authors
    text += (
        "\n@misc{copy2022toy,\n  title = {Toy models of superposition},\n  year = {2022},\n"
        "  eprint = {2209.10652v2},\n  archivePrefix = {arXiv},\n"
        "  author = {Someone, A.}\n}\n"
        "\n@misc{bad2020,\n  title = {Bad},\n  eprint = {22-09},\n  archivePrefix = {arXiv},\n"
        "  author = {Someone, A.}\n}\n"
    )
    library.write_text(text)
    result = invoke("check")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(
        line.startswith("library.bib:")
        and ": nanda2022transformerlens: error: unknown category 'tool' (did you mean 'tools'?)"
        in line
        for line in lines
    ), lines
    assert any("nanda2022transformerlens: warning: no authors" in line for line in lines)
    assert any(
        "copy2022toy: error: same arXiv id 2209.10652 as 'elhage2022toy'" in line for line in lines
    )
    assert any("bad2020: error: no year" in line for line in lines)
    assert any("bad2020: error: malformed arXiv id '22-09'" in line for line in lines)
    assert any("bad2020: warning: no category" in line for line in lines)
    assert lines[-1] == "library.bib: 9 entries, 4 errors, 3 warnings"


def check_lines(invoke, *args: str) -> list[str]:
    return invoke("check", *args).output.strip().splitlines()


def test_check_reports_a_hand_edit_on_the_very_next_check(invoke, collection, monkeypatch):
    """Each entry's own findings are kept between checks, by its text: an edit by hand
    is linted again at once, and the findings are those of a check without any cache."""
    from mibib.features import lint

    linted, real = [], lint._lint_paper

    def counted(paper, *rest):
        linted.append(paper.key)
        return real(paper, *rest)

    monkeypatch.setattr(lint, "_lint_paper", counted)
    library = collection / "library.bib"
    clean = library.read_text()
    assert check_lines(invoke)[-1] == "library.bib: 7 entries, 0 errors, 0 warnings"
    assert len(linted) == 7
    linted.clear()
    assert check_lines(invoke)[-1] == "library.bib: 7 entries, 0 errors, 0 warnings"
    assert linted == []  # nothing changed: every entry's findings as kept
    library.write_text(
        clean.replace(
            "year = {2022},\n  url = {https://github.com",
            "year = {22},\n  url = {https://github.com",
        ).replace("mibib-categories = {tools}", "mibib-categories = {tool}")
    )
    lines = check_lines(invoke)
    assert linted == ["nanda2022transformerlens"]  # only the entry edited
    assert any(": nanda2022transformerlens: error: unknown category 'tool'" in line
               for line in lines)  # fmt: skip
    assert any("nanda2022transformerlens: error: year '22' is not a four-digit year" in line
               for line in lines)  # fmt: skip
    monkeypatch.setenv("MIBIB_NO_CACHE", "1")
    assert check_lines(invoke) == lines
    monkeypatch.delenv("MIBIB_NO_CACHE")
    library.write_text(clean)  # undone: the edit's findings go with it
    linted.clear()
    assert check_lines(invoke)[-1] == "library.bib: 7 entries, 0 errors, 0 warnings"
    assert linted == ["nanda2022transformerlens"]


def test_check_reports_a_duplicate_made_by_hand_on_the_very_next_check(
    invoke, collection, monkeypatch
):
    """What the search for duplicates kept of each entry is used after an edit: a title
    or id edited into another entry's is found at once, and undone, it is gone."""
    from mibib.identity import kept

    searched, real = [], kept.find_duplicates_within

    def counted(papers, *rest):
        searched.append(sorted(paper.key for paper in papers))
        return real(papers, *rest)

    monkeypatch.setattr(kept, "find_duplicates_within", counted)
    library = collection / "library.bib"
    clean = library.read_text()
    assert check_lines(invoke)[-1] == "library.bib: 7 entries, 0 errors, 0 warnings"
    assert len(searched[-1]) == 7
    same_title = clean + (
        "\n@misc{copy2022toy,\n  title = {Toy models of superposition},\n"
        "  author = {Elhage, Nelson},\n  year = {2022}\n}\n"
    )
    same_id = clean.replace("eprint = {2309.08600}", "eprint = {2209.10652}")
    for edited, message in (
        (same_title, "copy2022toy: error: same title"),
        (same_id, "elhage2022toy: error: same arXiv id 2209.10652 as 'cunningham2024sparse'"),
    ):  # fmt: skip
        library.write_text(edited)
        lines = check_lines(invoke)
        assert any(message in line for line in lines), lines
        # The entries whose text changed (the new one's neighbour, whose piece takes the
        # blank line before it) and the one they now match: not the library.
        assert len(searched[-1]) <= 3 and "elhage2022toy" in searched[-1]
        monkeypatch.setenv("MIBIB_NO_CACHE", "1")
        assert check_lines(invoke) == lines
        monkeypatch.delenv("MIBIB_NO_CACHE")
        library.write_text(clean)
        assert check_lines(invoke)[-1] == "library.bib: 7 entries, 0 errors, 0 warnings"


def test_check_after_an_edit_of_a_crossref_parent_reads_its_children_again(invoke, collection):
    library = collection / "library.bib"
    library.write_text(
        "@inproceedings{child,\n  title = {A Paper},\n  author = {Roe, R.},\n"
        "  crossref = {parent},\n  mibib-categories = {tools}\n}\n\n"
        "@proceedings{parent,\n  title = {Proceedings},\n  editor = {Kahn, G.},\n"
        "  year = 1987,\n  mibib-categories = {tools}\n}\n"
    )
    assert check_lines(invoke)[-1] == "library.bib: 2 entries, 0 errors, 0 warnings"
    library.write_text(library.read_text().replace("  year = 1987,\n", ""))
    problems = [line.split(": ", 1)[1] for line in check_lines(invoke)[:-1]]
    assert problems == ["child: error: no year", "parent: error: no year"]


def test_check_after_a_taxonomy_edit_lints_every_entry_again(invoke, collection):
    assert check_lines(invoke)[-1] == "library.bib: 7 entries, 0 errors, 0 warnings"
    taxonomy = collection / "taxonomy.toml"
    taxonomy.write_text(taxonomy.read_text().replace('key = "tools"', 'key = "software"'))
    lines = check_lines(invoke)
    assert any(": nanda2022transformerlens: error: unknown category 'tools'" in line
               for line in lines)  # fmt: skip


def test_check_after_an_edit_by_mibib_reports_it(invoke):
    assert check_lines(invoke)[-1] == "library.bib: 7 entries, 0 errors, 0 warnings"
    removed = invoke("tag", "nanda2022transformerlens", "--category", "tools", "--remove")
    assert removed.exit_code == 0, removed.output
    lines = check_lines(invoke)
    assert any("nanda2022transformerlens: warning: no category" in line for line in lines)
    assert lines[-1] == "library.bib: 7 entries, 0 errors, 1 warning"


def test_check_reads_an_entry_as_bibtex_does(invoke, collection):
    """Year and venue come through `crossref`; a book names its publisher, proceedings
    their editors: none of these is a missing field."""
    (collection / "library.bib").write_text(
        "@inproceedings{AM:SMLC,\n  title = {A Standard {ML} Compiler},\n"
        "  author = {Appel, A. W.},\n  crossref = {FPCA87},\n  mibib-categories = {tools}\n}\n\n"
        "@inproceedings{lost,\n  title = {Its Proceedings Are Elsewhere},\n"
        "  author = {Roe, R.},\n  crossref = {PLDI88},\n  mibib-categories = {tools}\n}\n\n"
        "@proceedings{FPCA87,\n  title = {Functional Programming Languages and Computer "
        "Architecture},\n  editor = {Kahn, G.},\n  year = 1987,\n"
        "  mibib-categories = {tools}\n}\n\n"
        "@book{knuth,\n  title = {The {\\TeX}book},\n  author = {Knuth, D. E.},\n"
        "  publisher = {Addison-Wesley},\n  year = 1984,\n  mibib-categories = {tools}\n}\n\n"
        "@book{nopress,\n  title = {A Book},\n  author = {Poe, E.},\n  year = 1984,\n"
        "  mibib-categories = {tools}\n}\n"
    )
    result = invoke("check")
    problems = [line.split(": ", 1)[1] for line in result.output.splitlines()[:-1]]
    assert problems == [
        "lost: error: no year",
        "lost: warning: no venue (booktitle or journal) and no arXiv id",
        "lost: warning: crossref 'PLDI88' names no entry of the library",
        "nopress: warning: no publisher",
    ]


def test_check_strict_fails_on_warnings(invoke, collection):
    library = collection / "library.bib"
    library.write_text(
        library.read_text().replace("  author = {Nanda, Neel and Bloom, Joseph},\n", "")
    )
    assert invoke("check").exit_code == 0
    strict = invoke("check", "--strict")
    assert strict.exit_code == 1
    assert "(--strict: warnings fail)" in strict.output


def test_check_lists_every_unparsable_block(invoke, collection):
    library = collection / "library.bib"
    before = library.read_text() + "\n@misc{broken,\n  title = {oops\n\n@misc{x, title={y}}\n"
    library.write_text(before)
    result = invoke("check")
    assert result.exit_code == 1
    assert "library.bib:102: entry 'broken', field 'title': the '{' that opens" in result.output
    assert library.read_text() == before


def test_init_creates_a_working_empty_collection(runner, tmp_path, monkeypatch):
    from mibib.cli import app

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "library.bib").read_text() == ""
    assert "[[category]]" in (tmp_path / "taxonomy.toml").read_text()
    assert runner.invoke(app, ["check"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["list", "--json"]).output) == []
    again = runner.invoke(app, ["init"])
    assert again.exit_code == 1
    assert again.output == (
        "Error: library.bib and taxonomy.toml are here already: this folder holds a collection "
        "(nothing was changed)\n"
    )


def test_files_are_found_from_a_subfolder(invoke, collection, monkeypatch):
    sub = collection / "notes" / "deep"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert len(keys_of(invoke("list", "--json"))) == 7


def test_options_and_environment_override_discovery(
    runner, collection, tmp_path_factory, monkeypatch
):
    from mibib.cli import app

    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    missing = runner.invoke(app, ["list"])
    assert missing.exit_code == 1
    assert "no taxonomy file" in missing.output
    library, taxonomy = str(collection / "library.bib"), str(collection / "taxonomy.toml")
    args = ["--library", library, "--taxonomy", taxonomy, "list", "--json"]
    assert len(json.loads(runner.invoke(app, args).output)) == 7
    monkeypatch.setenv("MIBIB_LIBRARY", library)
    monkeypatch.setenv("MIBIB_TAXONOMY", taxonomy)
    assert len(json.loads(runner.invoke(app, ["list", "--json"]).output)) == 7


def test_missing_library_is_a_clear_error(invoke, collection):
    (collection / "library.bib").unlink()
    result = invoke("list")
    assert result.exit_code == 1
    assert "no library file (run `mibib init`, or pass --library PATH)" in result.output


def test_the_installed_command_runs_as_a_process(collection):
    env = {**os.environ, "COLUMNS": "120"}
    done = subprocess.run(
        [sys.executable, "-m", "mibib", "list", "-c", "superpositon"],
        capture_output=True,
        text=True,
        env=env,
        cwd=collection,
    )
    assert done.returncode == 1
    assert done.stderr == "Error: unknown category 'superpositon' (did you mean 'superposition'?)\n"
    assert done.stdout == ""
