"""Each way a write used to lose or alter what the user wrote, through the CLI on files.

Only the command line is used here, so each test runs against any version of mibib.
"""

import json

from conftest import DATA, listed, run

QWEN = """@misc{qwen2,
  title = {Qwen2 Technical Report}, author = {Yang, An}, year = {2024},
  eprint = {2407.10671}, archivePrefix = {arXiv}
}
@misc{qwen25,
  title = {Qwen2.5 Technical Report}, author = {Yang, An}, year = {2024},
  eprint = {2412.15115}, archivePrefix = {arXiv}
}
@misc{qwen3,
  title = {Qwen3 Technical Report}, author = {Yang, An}, year = {2025},
  eprint = {2505.09388}, archivePrefix = {arXiv}
}
@misc{updates2023,
  title = {Circuits Updates -- July 2023}, year = {2023},
  url = {https://transformer-circuits.pub/2023/july-update/index.html}
}
@misc{updates2024,
  title = {Circuits Updates -- July 2024}, year = {2024},
  url = {https://transformer-circuits.pub/2024/july-update/index.html}
}
"""


def test_versions_and_issues_of_a_series_are_all_imported(runner, folder):
    (folder / "series.bib").write_text(QWEN)
    result = run(runner, "import", folder / "series.bib")
    assert result.exit_code == 0, result.output
    assert "5 new, 0 merged, 0 skipped" in result.output
    assert set(listed(runner)) == {"qwen2", "qwen25", "qwen3", "updates2023", "updates2024"}


def test_add_takes_a_later_version_and_force_takes_a_true_exception(runner, folder):
    first, rest = QWEN.split("@misc{qwen25", 1)
    (folder / "library.bib").write_text(first)
    (folder / "later.bib").write_text("@misc{qwen25" + rest)
    result = run(runner, "add", "--bibtex", folder / "later.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    assert len(listed(runner)) == 5
    again = run(runner, "add", "--bibtex", folder / "later.bib", "-c", "circuits")
    assert again.exit_code == 1 and "--force" in again.output
    forced = run(runner, "add", "--bibtex", folder / "later.bib", "-c", "circuits", "--force")
    assert forced.exit_code == 0, forced.output
    assert len(listed(runner)) == 9


def test_short_repeated_titles_of_a_journal_are_different_works(runner, folder):
    entries = []
    for year in (1983, 1984, 1985):
        entries.append(
            f"@article{{letters{year}, title = {{Letters}}, journal = {{TUGboat}}, year = {year}}}"
        )
        entries.append(
            f"@article{{editorial{year}, title = {{Editorial}},"
            f" author = {{Editor{year}, Ann}}, journal = {{TUGboat}}, year = {year}}}"
        )
    entries.append("@article{fin83, title = {{TUG} 1983 financial report}, year = 1984}")
    entries.append("@article{fin84, title = {{TUG} 1984 financial report}, year = 1984}")
    (folder / "journal.bib").write_text("\n".join(entries) + "\n")
    result = run(runner, "import", folder / "journal.bib")
    assert result.exit_code == 0, result.output
    assert "8 new, 0 merged, 0 skipped, 0 conflicts" in result.output
    assert len(listed(runner)) == 8


PHI = """@misc{phi4,
  title = {Phi-4 Technical Report}, author = {Abdin, Marah}, year = {2024},
  eprint = {2412.08905}, archivePrefix = {arXiv}
}
@inproceedings{phi3,
  title = {Phi-3 Technical Report}, author = {Abdin, Marah}, year = {2024},
  booktitle = {Some Venue}, doi = {10.9999/phi3}, url = {https://arxiv.org/abs/2404.14219},
  mibib-techniques = {probing}, mibib-tldr = {The Phi-3 one.}
}
"""


def test_one_papers_data_is_never_grafted_onto_another(runner, folder):
    (folder / "phi.bib").write_text(PHI)
    result = run(runner, "import", folder / "phi.bib")
    assert result.exit_code == 0, result.output
    assert "2 new, 0 merged, 0 skipped" in result.output
    found = listed(runner)
    assert found["phi4"]["doi"] is None and found["phi4"]["venue"] is None
    assert found["phi4"]["techniques"] == [] and found["phi4"]["tldr"] is None
    assert found["phi3"]["doi"] == "10.9999/phi3" and found["phi3"]["tldr"] == "The Phi-3 one."
    assert found["phi3"]["title"] == "Phi-3 Technical Report"


def test_check_flags_what_add_refuses(runner, folder):
    (folder / "library.bib").write_text(
        "@misc{a, title = {Toy Models of Superposition}, author = {Elhage, Nelson},"
        " year = {2022}}\n"
        "@misc{b, title = {Toy models of superposition.}, author = {Elhage, N.},"
        " year = {2022}, howpublished = {Transformer Circuits Thread}}\n"
    )
    (folder / "b.bib").write_text(
        "@misc{c, title = {Toy models of superposition}, author = {Elhage, N.}, year = {2022}}\n"
    )
    refused = run(runner, "add", "--bibtex", folder / "b.bib", "-c", "circuits")
    assert refused.exit_code == 1
    check = run(runner, "check")
    assert check.exit_code == 1
    assert "b: error:" in check.output and "as 'a' (line 1); merge them" in check.output


def test_add_and_import_build_the_same_key_and_accept_the_same_keys(runner, folder, tmp_path):
    (folder / "list.md").write_text(
        "## Circuits\n\n| Title | Authors | Year |\n| --- | --- | --- |\n"
        "| [Some Circuit Paper](https://example.org/c) | Ada Lovelace | 2023 |\n"
    )
    assert run(runner, "import", folder / "list.md").exit_code == 0
    imported = set(listed(runner))
    (folder / "library.bib").write_text("")
    added = run(
        runner, "add", "--title", "Some Circuit Paper", "--author", "Ada Lovelace",
        "--year", "2023", "-c", "circuits",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert set(listed(runner)) == imported == {"lovelace2023circuit"}
    # A key import keeps as written is a key --key accepts.
    (folder / "odd.bib").write_text("@misc{M\u00fcller&Co2020, title = {Odd Key}, year = 2020}\n")
    assert run(runner, "import", folder / "odd.bib").exit_code == 0
    assert "M\u00fcller&Co2020" in listed(runner)
    typed = run(
        runner, "add", "--title", "Other", "--author", "A B", "--year", "2020",
        "-c", "circuits", "--key", "M\u00fcller&Co2021",
    )  # fmt: skip
    assert typed.exit_code == 0, typed.output


def test_export_never_writes_over_the_collection(runner, folder):
    (folder / "library.bib").write_text(
        "@misc{a, title = {A}, year = {2020}, mibib-categories = {circuits}}\n"
    )
    before = {name: (folder / name).read_bytes() for name in ("library.bib", "taxonomy.toml")}
    for args in (
        ("export", "bibtex", "--clean", "-o", "library.bib"),
        ("export", "json", "-o", "taxonomy.toml"),
        ("export", "json", "-o", folder / "library.bib"),
    ):
        result = run(runner, *args)
        assert result.exit_code == 1, result.output
        assert "Error:" in result.output and "never writes over it" in result.output
    (folder / "README.md").write_text("mine\n")
    assert run(runner, "export", "json", "-o", "README.md").exit_code == 1
    (folder / "other.json").write_text("mine\n")
    refused = run(runner, "export", "json", "-o", "other.json")
    assert refused.exit_code == 1 and "--force" in refused.output
    assert (folder / "other.json").read_text() == "mine\n"
    assert run(runner, "export", "json", "-o", "other.json", "--force").exit_code == 0
    assert json.loads((folder / "other.json").read_text())[0]["key"] == "a"
    for name, data in before.items():
        assert (folder / name).read_bytes() == data


def test_add_bibtex_keeps_the_users_key_fields_and_macros(runner, folder):
    (folder / "mine.bib").write_text(
        "@inproceedings{myCiteKey,\n  title = {Dissecting Recall of Factual Associations},\n"
        "  author = {Geva, Mor},\n  booktitle = {EMNLP},\n  year = 2023,\n  month = dec,\n"
        "  keywords = {recall, attention},\n  file = {geva.pdf}\n}\n"
    )
    result = run(runner, "add", "--bibtex", folder / "mine.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    text = (folder / "library.bib").read_text()
    assert "@inproceedings{myCiteKey," in text
    assert "  month = dec," in text and "{dec}" not in text
    assert "keywords = {recall, attention}" in text and "file = {geva.pdf}" in text


def test_add_author_splits_names_joined_with_and(runner, folder):
    result = run(
        runner, "add", "--title", "Some Paper", "--author", "Neel Nanda and Lawrence Chan",
        "--year", "2023", "-c", "circuits",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "author = {Nanda, Neel and Chan, Lawrence}" in (folder / "library.bib").read_text()


MACROS = """@string{ack-nhfb = "Nelson H. F. Beebe"}
@string{ack-bnb = "Barbara Beeton"}
@string{j-TUGboat = "TUGboat"}

@article{Knuth:1984:TB,
  author = "Donald E. Knuth",
  title = "The {\\TeX}book",
  journal = j-TUGboat,
  volume = "5",
  year = "1984",
  month = oct,
  acknowledgement = ack-bnb # " and " # ack-nhfb,
}
"""


def test_macros_and_concatenations_keep_their_form(runner, folder):
    (folder / "tug.bib").write_text(MACROS)
    result = run(runner, "import", folder / "tug.bib")
    assert result.exit_code == 0, result.output
    text = (folder / "library.bib").read_text()
    assert (
        '@string{j-TUGboat = "TUGboat"}' in text and '@string{ack-bnb = "Barbara Beeton"}' in text
    )
    assert 'acknowledgement = ack-bnb # " and " # ack-nhfb' in text
    assert "month = oct," in text and "journal = j-TUGboat," in text
    entry = listed(runner)["Knuth:1984:TB"]
    assert entry["venue"] == "TUGboat" and entry["title"] == "The TeXbook"
    assert ", 0 errors," in run(runner, "check").output


def test_merge_fills_a_field_in_its_macro_form(runner, folder):
    """--merge brings a field written with a @string macro or `#` as the file writes it,
    with the definition, as a new entry does: not its expanded text."""
    plain = MACROS.split("@article", 1)[1].replace("  journal = j-TUGboat,\n", "")
    plain = plain.replace("  month = oct,\n", "").replace(
        '  acknowledgement = ack-bnb # " and " # ack-nhfb,\n', ""
    )
    (folder / "first.bib").write_text("@article" + plain)
    assert run(runner, "import", folder / "first.bib").exit_code == 0
    (folder / "tug.bib").write_text(MACROS)
    result = run(runner, "import", folder / "tug.bib", "--merge")
    assert result.exit_code == 0, result.output
    assert "filled journal, month, acknowledgement" in " ".join(result.output.split())
    text = (folder / "library.bib").read_text()
    assert "journal = j-TUGboat," in text and "month = oct," in text
    assert 'acknowledgement = ack-bnb # " and " # ack-nhfb' in text
    assert '@string{j-TUGboat = "TUGboat"}' in text
    assert listed(runner)["Knuth:1984:TB"]["venue"] == "TUGboat"
    assert ", 0 errors," in run(runner, "check").output


def test_crossref_math_is_repaired_and_every_field_kept(runner, folder, sources):
    result = run(runner, "add", "10.1086/307221", "-c", "circuits")
    assert result.exit_code == 0, result.output
    entry = next(iter(listed(runner).values()))
    assert entry["title"] == "Measurements of Ω and Λ from 42 High‐Redshift Supernovae"
    assert "{Measurements of $\\Omega$ and $\\Lambda$ from" in (folder / "library.bib").read_text()
    assert entry["venue"] == "The Astrophysical Journal"
    check = run(runner, "check")
    assert ", 0 errors," in check.output
    assert "broken math repaired" in check.output  # a warning until a person has looked


def test_check_and_import_report_the_broken_math_crossref_used_to_leave(runner, folder):
    broken = (DATA / "doi" / "10.1086_307221.bib").read_text()
    (folder / "library.bib").write_text(broken)
    check = run(runner, "check")
    assert check.exit_code == 1 and "braces do not balance as BibTeX counts them" in check.output


def test_data_blocks_are_not_papers_and_every_broken_entry_is_named(runner, folder):
    (folder / "data.bib").write_text(
        "@xdata{pubdata, publisher = {Some Press}, location = {Here}}\n\n"
        "@book{real, title = {A Real Book}, author = {Doe, Jane}, year = 2001, xdata = {pubdata}}\n"
    )
    result = run(runner, "import", folder / "data.bib")
    assert result.exit_code == 0, result.output
    assert set(listed(runner)) == {"real"}
    assert "@xdata{pubdata," in (folder / "library.bib").read_text()
    broken = "".join(
        f"@misc{{b{n},\n  title = {{Broken {n}}},\n  year = {{2020}}\n  volume = {{1}}\n}}\n\n"
        for n in range(29)
    )
    (folder / "broken.bib").write_text(broken)
    result = run(runner, "import", folder / "broken.bib")
    assert result.exit_code == 1
    assert result.output.count("Error: ") == 29
    assert f"{folder / 'broken.bib'}:171: entry 'b28'" in result.output  # the last, its line


def test_titles_keep_their_words(runner, folder):
    (folder / "library.bib").write_text(
        "@book{texbook, title = {The \\TeX book}, author = {Knuth, D.}, year = 1984,"
        " mibib-categories = {circuits}}\n"
        "@misc{latex, title = {\\LaTeX\\ and \\Unknown{} Things}, year = 2000}\n"
        "@misc{percent, title = {Only 5% of Neurons Matter}, year = 2000}\n"
    )
    found = listed(runner)
    assert found["texbook"]["title"] == "The TeXbook"
    assert found["latex"]["title"] == "LaTeX and Unknown Things"
    assert found["percent"]["title"] == "Only 5% of Neurons Matter"


def test_titles_show_math_as_text_and_unknown_commands_by_their_argument(runner, folder):
    (folder / "library.bib").write_text(
        "@misc{alpha, title = {The $\\alpha$-Lens: $O(n^2)$ Probes}, year = 2000}\n"
        "@misc{unknown, title = {\\unknownmacro{Sparse} Probing, \\Foo{} Too}, year = 2000}\n"
        "@misc{specials, title = {A \\{braced\\} \\textbackslash{}path and \\^{}caret -{}- ok},"
        " year = 2000}\n"
    )
    found = listed(runner)
    assert found["alpha"]["title"] == "The α-Lens: O(n^2) Probes"
    assert found["unknown"]["title"] == "Sparse Probing, Foo Too"
    assert found["specials"]["title"] == "A {braced} \\path and ^caret -- ok"
    show = run(runner, "show", "alpha")
    assert "The α-Lens: O(n^2) Probes" in show.output


def test_check_reports_a_missing_comma_and_a_bad_year(runner, folder):
    (folder / "library.bib").write_text(
        "@article{a,\n  title = {A},\n  year = {2022}\n  volume = {3}\n}\n\n"
        "@article{b,\n  title = {B},\n  year = 2022a\n}\n"
    )
    check = run(runner, "check")
    assert check.exit_code == 1
    assert "library.bib:3: entry 'a', field 'year'" in check.output
    assert "missing comma before 'volume'" in check.output
    (folder / "library.bib").write_text("@article{b,\n  title = {B},\n  year = 2022a\n}\n")
    check = run(runner, "check")
    assert "b: error: year '2022a' is not a four-digit year" in check.output


def test_check_names_the_specials_latex_would_stop_at_or_drop(runner, folder):
    (folder / "library.bib").write_text(
        "@article{amp,\n  title = {Tom & Jerry},\n  journal = {J. \\& Co},\n  year = 2021\n}\n\n"
        "@article{pct,\n  title = {Only 5% of Neurons Matter},\n  year = 2021\n}\n\n"
        "@article{ok,\n  title = {Only 5\\% of R\\&D \\#1},\n  year = 2021\n}\n"
    )
    check = run(runner, "check")
    assert check.exit_code == 1
    lines = [line for line in check.output.splitlines() if "LaTeX" in line]
    assert lines == [
        "library.bib:1: amp: error: the title has an unescaped &; LaTeX would stop (write \\&)",
        "library.bib:7: pct: warning: the title has a % LaTeX would read as a comment; write \\%",
    ]
    assert listed(runner)["pct"]["title"] == "Only 5% of Neurons Matter"  # kept as written
