"""What an imported .bib file wrote stays as written, and a broken one is refused at the
line of its fault. Excerpts are copied from public files (named above them); a changed
line says so.
"""

import re

import pytest
from conftest import listed, run

# Report tables wide enough to read each reason whole.
pytestmark = pytest.mark.usefixtures("wide_console")


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


# A BibDesk export's Zenodo record (a @dataset), and a paper entry given the dataset's
# DOI by mistake (made for this test: the paper's own fields are invented).
DATASET = """@dataset{dataset_mnakamura,
	author = {Matthew, Nakamura and Rocheville, Ethan and Peterson, Kirsten and Heyes, \
Corissa and Brown, Joseph},
	doi = {10.5281/zenodo.14654525},
	month = jan,
	publisher = {Zenodo},
	title = {Cantilever Misalignment Interaction Dataset},
	url = {https://doi.org/10.5281/zenodo.14654525},
	year = 2025}
"""
PAPER = """@article{rocheville2024cantilever,
  author = {Rocheville, Ethan and Nakamura, Matthew},
  title = {Measuring cantilever misalignment in atomic force microscopes},
  journal = {Review of Scientific Instruments},
  year = {2024},
  doi = {10.5281/zenodo.14654525}
}
"""


def test_a_dataset_and_a_paper_sharing_a_doi_are_two_clean_entries(runner, folder):
    (folder / "both.bib").write_text(DATASET + "\n" + PAPER)
    result = run(runner, "import", folder / "both.bib")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "2 new, 0 merged, 0 skipped, 0 conflicts" in said
    assert "shares DOI 10.5281/zenodo.14654525 with line 1 'Cantilever Misalignment" in said
    assert "type (@article, @dataset)" in said
    library = (folder / "library.bib").read_text()
    assert DATASET.rstrip("\n") in library and PAPER.rstrip("\n") in library
    assert "mibib-unverified" not in library
    checked = run(runner, "check")
    assert "rocheville2024cantilever: warning: shares DOI 10.5281/zenodo.14654525 with" in (
        checked.output
    )
    assert " error" not in checked.output.replace("0 errors", "")
    (folder / "paper.bib").write_text(PAPER.replace("rocheville2024", "again2024"))
    again = run(runner, "import", folder / "paper.bib")
    assert "0 new, 0 merged, 1 skipped" in again.output, again.output  # the paper, by its DOI


def test_a_book_and_its_chapter_sharing_title_and_doi_are_not_merged(runner, folder):
    """biblatex-examples' @book and a chapter of it (@inbook) given the book's DOI."""
    book = (
        "@book{knuth:ct:a,\n  author = {Knuth, Donald E.},\n  title = {The {\\TeX book}},\n"
        "  year = {1984},\n  doi = {10.5555/1102013},\n}\n"
    )
    chapter = book.replace("@book{knuth:ct:a", "@inbook{knuth:ct:a:ch1").replace(
        "  year", "  chapter = {1},\n  year"
    )
    (folder / "tex.bib").write_text(book + "\n" + chapter)
    result = run(runner, "import", folder / "tex.bib")
    assert result.exit_code == 0, result.output
    assert "2 new, 0 merged" in result.output
    assert "type (@inbook, @book)" in " ".join(result.output.split())


def test_two_titles_on_one_doi_with_nothing_else_apart_stay_a_conflict(runner, folder):
    """Same first author, year and type: a retitled paper or a mistyped DOI cannot be
    told apart offline, so the second is imported without the DOI and `check` says so."""
    other = PAPER.replace("rocheville2024cantilever", "rocheville2024other").replace(
        "Measuring cantilever misalignment in atomic force microscopes",
        "A survey of probe calibration methods",
    )
    (folder / "two.bib").write_text(PAPER + "\n" + other)
    result = run(runner, "import", folder / "two.bib")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 new, 0 merged, 0 skipped, 1 conflict" in said
    assert "but has a different title; imported without it" in said


def test_an_erratum_sharing_its_papers_doi_is_never_merged_into_it(runner, folder):
    erratum = PAPER.replace("rocheville2024cantilever", "erratum2024").replace(
        "{Measuring", "{Erratum: Measuring"
    )
    (folder / "errata.bib").write_text(PAPER + "\n" + erratum)
    result = run(runner, "import", folder / "errata.bib")
    assert result.exit_code == 0, result.output
    assert "listed again" not in result.output
    assert "1 new, 0 merged, 0 skipped, 1 conflict" in result.output


# A personal bibliography's macros (akhirsch/bibliography, akh.bib, cut): venues grouped
# under `%%` headings, two macros given again under a later heading (the second SSM
# changed to its short name, so that one is defined again and the other repeated).
MACRO_GROUPS = r"""%% Theory
@string{CONCUR="Concurrency Theory ({CONCUR})"}
@string{SSM="Software \& Systems Modeling"}

%% Systems
@string{SOSP="Symposium on Operating Systems Principles ({SOSP})"}
@string{CONCUR="Concurrency Theory ({CONCUR})"}
@string{SSM="Software and Systems Modeling ({SoSyM})"}

%% Misc
@string{JAR="Jounal of Automated Reasoning"}

@inproceedings{HirschC13,
  author = {Andrew K. Hirsch and Michael R. Clarkson},
  title = {Belief Semantics of Authorization Logic},
  booktitle = CONCUR,
  year = {2013}
}
"""


def test_the_comments_after_a_macro_read_once_are_named_not_lost(runner, folder):
    """A @string repeated or defined again is blanked for the parse; the heading after it
    is still text of the file, named in the report like every other line not imported."""
    (folder / "macros.bib").write_text(MACRO_GROUPS)
    result = run(runner, "import", folder / "macros.bib")
    assert result.exit_code == 0, result.output
    assert "macros.bib:3: @string 'SSM' is defined again at line 8" in result.output
    assert "macros.bib:7: @string 'CONCUR' repeats line 2 word for word" in result.output
    outside = result.output[result.output.index("text outside the entries") :]
    for line in ("line 1 ('%% Theory')", "line 5 ('%% Systems')", "line 10 ('%% Misc')"):
        assert line in outside
    library = (folder / "library.bib").read_text()
    assert '@string{CONCUR="Concurrency Theory ({CONCUR})"}' in library
    assert "booktitle = CONCUR," in library


# NIME-conference/NIME-bibliography, installation_proceedings/nime2009_installations.bib
# (the abstract cut after its second sentence), saved as Windows tools save it.
NIME_INSTALLATION = """@inproceedings{nime2009_installations_Stearns,
  author    = {Phillip Stearns},
  booktitle = {Installation Proceedings of the International Conference on New Interfaces for Musical Expression},
  title     = {Artificial Analog Neural Network},
  year      = {2009},
  address   = {Pittsburgh, Pennsylvania},
  editor    = {Golan Levin},
  publisher = {Carnegie Mellon University},
  abstract  = {Artificial Analog Neural Network (AANN) is an interactive, handmade electronic sculpture that responds to environmental stimuli in a display of light and sound. AANN’s structure is a skeletal point-to-point soldered network of analog electronic components designed to approximate biological neural network behavior.},
}
"""  # noqa: E501


def test_a_windows_1252_file_is_refused_with_the_conversion_that_keeps_its_quotes(runner, folder):
    """Latin-1 would read the curly quote (0x92) as an invisible control character: the
    conversion the message gives must give back the text the file was saved from."""
    data = NIME_INSTALLATION.encode("cp1252")
    (folder / "nime.bib").write_bytes(data)
    result = run(runner, "import", folder / "nime.bib")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        f"Error: {folder / 'nime.bib'}:9: not UTF-8 (byte 0x92); "
        "convert the file to UTF-8 (e.g. iconv -f windows-1252 -t utf-8)"
    ]
    assert (folder / "library.bib").read_text() == ""
    assert data.decode("windows-1252") == NIME_INSTALLATION  # what the advice gives back


# ifnspaml/bibliography ifn_spaml_bibliography.bib (a JabRef database): its header line,
# its last entry, and the settings and keyword groups JabRef writes at its end (the
# groups cut to three).
JABREF_GROUPS = r"""% Encoding: UTF-8

@article{Kiran2018,
  title={An Overview of Deep Learning Based Methods for Unsupervised and Semi-Supervised},
  author={Kiran, B. R. and Thomas, D. M. and Parakkal, R.},
  journal={Journal of Imaging},
  year={2018},
  volume={4},
  number={2},
  pages={36},
  month= feb,
  keywords={Computer Vision; Anomaly Detection; CoCa Systematization},
}


@Comment{jabref-meta: databaseType:bibtex;}

@Comment{jabref-meta: grouping:
0 AllEntriesGroup:;
1 KeywordGroup:Domain Adaptation\;1\;keywords\;Domain Adaptation\;0\;0\;1\;\;\;\;;
1 KeywordGroup:Generative Adversarial Networks\;1\;keywords\;GAN\;0\;0\;1\;\;\;\;;
1 KeywordGroup:Datasets\;0\;keywords\;Dataset\;0\;0\;1\;\;\;\;
}
"""


def named_lines(report: str) -> set[int]:
    """The line numbers a report names (`line 3`, `lines 5-9, 12`)."""
    said = " ".join(report.split())
    named = set()
    for listing in re.findall(r"lines? (\d+(?:-\d+)?(?:, \d+(?:-\d+)?)*)", said):
        for part in listing.split(", "):
            first, _, last = part.partition("-")
            named.update(range(int(first), int(last or first) + 1))
    return named


def test_every_line_of_a_jabref_file_is_imported_or_named(runner, folder):
    (folder / "jabref.bib").write_text(JABREF_GROUPS)
    result = run(runner, "import", folder / "jabref.bib")
    assert result.exit_code == 0, result.output
    library = (folder / "library.bib").read_text()
    named = named_lines(result.output)
    left = [
        number
        for number, line in enumerate(JABREF_GROUPS.splitlines(), 1)
        if line.strip() and line not in library and number not in named
    ]
    assert left == [], result.output
    assert "2 @comment blocks not imported (notes, settings): lines 16, 18-23" in " ".join(
        result.output.split()
    )


# lsteinmann/Miletus_Bibliography: one entry as data/Milet_Bibliography_BibLaTeX.bib and
# as data/Milet_Bibliography_BibTeX.bib write it (biblatex's date and location, BibTeX's
# year and address).
MILET_BIBLATEX = r"""@incollection{tanman_2011_SunusIntroduction,
 author = {Tanman, Mehmet Baha and Elbirlik, Leyla Kayhan},
 booktitle = {Balat Ilyas Bey Külliyesi. Tarih, Mimari, Restorasyon / Balat  Ilyas Bey Complex. History, Architecture, Restoration},
 date = {2011},
 editor = {Tanman, Mehmet Baha and Elbirlik, Leyla Kayhan},
 isbn = {978-605-62551-0-6},
 keyword = {02 Allgemeine Darstellungen / Topographie, 02-09 Topographie: Mittelalter / Balat, Architektur, Balat, Emiratszeitlich, Ilyas Bey Komplex},
 langid = {english},
 location = {Istanbul},
 pages = {9--17},
 publisher = {Söktaş},
 title = {Sunuş / Introduction}
}
"""  # noqa: E501
MILET_BIBTEX = r"""@incollection{tanman_2011_SunusIntroduction,
 address = {Istanbul},
 author = {Tanman, Mehmet Baha and Elbirlik, Leyla Kayhan},
 booktitle = {Balat Ilyas Bey K{\"u}lliyesi. Tarih, Mimari, Restorasyon / Balat  Ilyas Bey Complex. History, Architecture, Restoration},
 editor = {Tanman, Mehmet Baha and Elbirlik, Leyla Kayhan},
 isbn = {978-605-62551-0-6},
 keywords = {02 Allgemeine Darstellungen / Topographie, 02-09 Topographie: Mittelalter / Balat, Architektur, Balat, Emiratszeitlich, Ilyas Bey Komplex},
 language = {en/ tu},
 pages = {9--17},
 publisher = {S{\"o}kta{\c s}},
 title = {{S}unu{\c s} / {I}ntroduction},
 year = {2011}
}
"""  # noqa: E501


@pytest.mark.parametrize(
    ("first", "second", "never"),
    [
        pytest.param(MILET_BIBLATEX, MILET_BIBTEX, ("year", "address"), id="biblatex-first"),
        pytest.param(MILET_BIBTEX, MILET_BIBLATEX, ("date", "location"), id="bibtex-first"),
    ],
)
def test_merge_never_gives_a_field_the_entry_holds_under_another_name(
    runner, folder, first, second, never
):
    """A biblatex entry with `date` and `location` given BibTeX's `year` and `address`
    would say each thing twice (biber reads them as one field); the other fields fill."""
    (folder / "first.bib").write_text(first)
    (folder / "second.bib").write_text(second)
    assert run(runner, "import", folder / "first.bib").exit_code == 0
    result = run(runner, "import", folder / "second.bib", "--merge")
    assert result.exit_code == 0, result.output
    assert "1 merged" in result.output
    library = (folder / "library.bib").read_text()
    assert library.startswith(first.rstrip("\n}"))  # what the first file wrote, unchanged
    filled = library[len(first.rstrip("\n}")) :]
    assert "keyword" in filled and "lang" in filled
    assert not any(f" {name} = " in filled for name in never), filled


# sgroth/bibliography sgroth-bibliography.bib (a BibDesk file): its header, and an entry
# whose `@` was lost between two that kept theirs.
BIBDESK_LOST_AT = """%% This BibTeX bibliography file was created using BibDesk.
%% http://bibdesk.sourceforge.net/
%% Saved with string encoding Unicode (UTF-8) 

@unpublished{Groth:0000ad,
\tAuthor = {Stefan Groth},
\tKeywords = {inpreparation},
\tTitle = {Entstehungskontext, Materialität und Sprachspezifik: Zu einer volkskundlich-kulturwissenschaftlichen Quellenkritik von Dokumenten}}

unpublished{Groth:0000ae,
\tAuthor = {Stefan Groth},
\tKeywords = {inpreparation},
\tTitle = {Implicit Ethics: Normative Claims to Culture in Multilateral Negotiations}}

@unpublished{Groth:0000af,
\tAnnote = {Zur Publikation eingereicht},
\tAuthor = {Stefan Groth and Yonca Krahn},
\tKeywords = {submitted},
\tTitle = {Sensing Athletes: Sensory Dimensions of Recreational Endurance Sports}}
"""  # noqa: E501, W291


def test_an_entry_without_its_at_sign_is_named_as_one(runner, folder):
    """BibTeX skips it as text between entries; so does import, and says what it looks like."""
    (folder / "bibdesk.bib").write_text(BIBDESK_LOST_AT)
    result = run(runner, "import", folder / "bibdesk.bib")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "2 new, 0 merged" in said
    assert "lines 10-13 ('unpublished{Groth:0000ae,': an entry without its '@'?)" in said
    assert "lines 1-3 ('%% This BibTeX bibliography file was cr…')" in said
    library = (folder / "library.bib").read_text()
    assert "Implicit Ethics" not in library and "Sensing Athletes" in library


# A README's citation of dblp's record for "Learning to Simulate Complex Physics with Graph
# Networks" (a PyTorch port's README), the entry type on a line of its own.
HEAD_ON_TWO_LINES = """@article
{DBLP:journals/corr/abs-2002-09405,
  author    = {Alvaro Sanchez{-}Gonzalez and
               Jonathan Godwin and
               Tobias Pfaff and
               Rex Ying and
               Jure Leskovec and
               Peter W. Battaglia},
  title     = {Learning to Simulate Complex Physics with Graph Networks},
  journal   = {CoRR},
  volume    = {abs/2002.09405},
  year      = {2020},
  url       = {https://arxiv.org/abs/2002.09405},
  eprinttype = {arXiv},
  eprint    = {2002.09405},
  timestamp = {Mon, 02 Mar 2020 16:46:06 +0100},
  biburl    = {https://dblp.org/rec/journals/corr/abs-2002-09405.bib},
  bibsource = {dblp computer science bibliography, https://dblp.org}
}
"""


def test_an_entry_whose_brace_is_on_the_next_line_is_read_and_kept_as_written(runner, folder):
    """BibTeX skips the blanks between an entry's type and its `{`; the parser took the
    entry for text between entries. It is read as BibTeX reads it, and written as it was."""
    (folder / "two.bib").write_text(MILET_BIBLATEX + "\n" + HEAD_ON_TWO_LINES)
    result = run(runner, "import", folder / "two.bib")
    assert result.exit_code == 0, result.output
    assert "unread" not in result.output and "not imported" not in result.output
    assert HEAD_ON_TWO_LINES in (folder / "library.bib").read_text()
    assert listed(runner)["DBLP:journals/corr/abs-2002-09405"]["year"] == 2020
    key = "DBLP:journals/corr/abs-2002-09405"
    tagged = run(runner, "tag", key, "--category", "findings-and-applications")
    assert tagged.exit_code == 0, tagged.output
    assert "@article\n{DBLP:journals/corr/abs-2002-09405," in (folder / "library.bib").read_text()
    assert run(runner, "check").exit_code == 0


# The citation in a README (an open-source deforestation monitor's), a space after its `@`.
SPACE_AFTER_AT = """@ article{wang2022OpenForestMonitor,
  title={OpenForestMonitor: An Advanced Open-source Deforestation Monitoring System},
  author={Zhipan Wang},
  journal={2023},
  year={2022}
}
"""


def test_an_entry_with_a_space_after_its_at_is_read_and_kept_as_written(runner, folder):
    """BibTeX skips blanks after `@`; the parser took the entry for text between entries
    (and the import said nothing of it)."""
    (folder / "space.bib").write_text(SPACE_AFTER_AT)
    result = run(runner, "import", folder / "space.bib")
    assert result.exit_code == 0, result.output
    assert "1 new, 0 merged" in result.output and "not imported" not in result.output
    assert (folder / "library.bib").read_text() == SPACE_AFTER_AT
    entry = listed(runner)["wang2022OpenForestMonitor"]
    assert entry["title"].startswith("OpenForestMonitor") and entry["authors"] == ["Zhipan Wang"]


def test_a_string_definition_with_its_head_cut_is_refused_at_its_line(runner, folder):
    """A @string is found by its written head (to bring it along with the entries using
    it): one written `@ string{` is refused rather than left behind. (The definition is
    made up, beside the README's entry.)"""
    said = refused(
        runner, folder,
        '@ string{IEEE_J_AC = "{IEEE} Trans. Autom. Control"}\n\n' + SPACE_AFTER_AT,
    )  # fmt: skip
    assert said == (
        "Error: broken.bib:1: '@string' has a space after its '@', where the parser does not "
        "look for it (BibTeX does); write '@string{' on one line"
    )


# mernst/plume-bib heaps.bib (a thesis and the paper of its title, two years apart there:
# the paper's year changed to the thesis's), and ContextLab/CDL-bibliography cdl.bib
# (Baddeley's book and a chapter of one title, twelve years apart there: the chapter's
# year changed to the book's).
THESIS_AND_PAPER = """@inproceedings{KKRHP:Orbit,
author = "Kranz, David A. and Richard Kelsey and Jonathan Rees and Paul Hudak and James Philbin and Norman Adams",
title = "{ORBIT}:  An Optimizing Compiler For {S}cheme",
booktitle = "Proceedings of the SIGPLAN '86 Symposium on Compiler Construction",
month = jun,
year = 1988,
note = "Published as {\\em ACM SIGPLAN Notices 21}(7), July 1986",
address = "Palo Alto, California",
pages =  "219--233"
}


@phdthesis{Kranz:phd,
author = "David A. Kranz",
title = "{ORBIT}:  An Optimizing Compiler For {S}cheme",
school = "Yale University",
address = "New Haven, Connecticut",
year = 1988,
month = feb
}
"""  # noqa: E501
BOOK_AND_CHAPTER = """@book{Badd86,
\taddress = {Oxford, {UK}},
\tauthor = {A D Baddeley},
\tpublisher = {Clarendon Press},
\ttitle = {Working memory},
\tyear = {1986}}

@incollection{BaddHitc74,
\taddress = {New York, {NY}},
\tauthor = {A D Baddeley and G J Hitch},
\tbooktitle = {The Psychology of Learning and Motivation: Advances in Research and Theory},
\teditor = {Gordon H Bower},
\tpages = {47--90},
\tpublisher = {Academic Press},
\ttitle = {Working memory},
\tvolume = {8},
\tyear = {1986}}
"""


@pytest.mark.parametrize(
    ("text", "second", "kinds"),
    [
        pytest.param(THESIS_AND_PAPER, "Kranz:phd", "@phdthesis, @inproceedings", id="thesis"),
        pytest.param(BOOK_AND_CHAPTER, "BaddHitc74", "@incollection, @book", id="chapter"),
    ],
)
def test_one_title_on_two_kinds_of_work_is_never_joined(runner, folder, text, second, kinds):
    """Same title, first author and year, but a thesis and its paper, or a book and a
    chapter: two works as far as anyone can tell offline, so both are imported as written
    and flagged as a possible duplicate for a person to decide."""
    (folder / "two.bib").write_text(text)
    result = run(runner, "import", folder / "two.bib")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 new, 0 merged, 0 skipped, 0 conflicts, 1 possible duplicate" in said
    assert f"same title, but a different type ({kinds})" in said
    library = (folder / "library.bib").read_text()
    for entry in text.split("\n\n"):
        assert entry.strip() in library
    assert f"{second}: warning:" in run(runner, "check").output


# jgrey4296/bibliography in_progress/datasets.bib: an Emacs mode line written as a
# `@Comment` without braces, and a @dataset with upper-case field names.
EMACS_MODE_LINE = """@Comment datasets.bib -*- mode: BibTeX -*- 

@dataset{serbinowski23:_sefm_artif_behav_domain_specif_nil,
 author       = {Serbinowski, Bernard and Stojcsics, Daniel and Mahadevan, Nagabhushan and Karsai, Gabor and Johnson, Taylor T.},
 DATE_ADDED   = {Fri Dec 15 21:56:58 2023},
 title        = {2023 SEFM Artifact for BehaVerify (A Domain Specific Language (DSL) for Behavior Tree Verification and Implementation)},
 year         = {2023},
 doi          = {10.5281/ZENODO.8173266},
 url          = {https://zenodo.org/record/8173266},
}
"""  # noqa: E501, W291


def test_a_comment_without_braces_is_named_as_written(runner, folder):
    (folder / "datasets.bib").write_text(EMACS_MODE_LINE)
    result = run(runner, "import", folder / "datasets.bib")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "line 1 ('@Comment datasets.bib -*- mode: BibTeX …')" in said
    assert EMACS_MODE_LINE.split("\n\n", 1)[1] in (folder / "library.bib").read_text()


# A developmental biology README's references (`and others` ends the author list), and
# sgroth/bibliography's BibDesk file (csquotes' \enquote in titles).
AND_OTHERS = r"""@article{pascualcarreras2023wnt,
  author = {Pascual-Carreras, Eudald and Marin-Barba, Marta and Castillo-Lara, Sergio and Coronel-Cordoba, Pablo and Magri, Marta Silvia and Wheeler, Grant N. and Gomez-Skarmeta, Jose Luis and Abril, Josep F. and Salo, Emili and Adell, Teresa and others},
  title = {{Wnt}/{\(\beta\)}-catenin signalling is required for pole-specific chromatin remodeling during planarian regeneration},
  journal = {Nature Communications},
  year = {2023},
  volume = {14},
  pages = {298},
  doi = {10.1038/s41467-023-35937-y}
}
"""  # noqa: E501
ENQUOTE = r"""@article{Groth:2016ac,
	Author = {Stefan Groth and Ove Sutter},
	Journal = {Rheinisch-Westf{\"a}lische Zeitschrift f{\"u}r Volkskunde},
	Pages = {247--267},
	Title = {Kulturelle Repr{\"a}sentationen von \enquote{Region} in der gouvernementalen und kompetitiven Entwicklung l{\"a}ndlicher R{\"a}ume},
	Volume = {61},
	Year = {2016}}

@incollection{Groth:2017ac,
	Address = {Berlin},
	Year = {2017},
	Keywords = {submitted},
	Annote = {Im Druck},
	Author = {Stefan Groth},
	Booktitle = {Der Alltag der (Un)Sicherheit. Kulturwissenschaftlich-ethnographische Perspektiven auf die Sicherheitsgesellschaft},
	Editor = {Alexandra Schwell and Katharina Eisch-Angus },
	Publisher = {Panama Verlag},
	Title = {\enquote{Kein sichereres Mittel existirt zur Abwehr von allem Lupengesindel}: Zur Technisierung und Legitimierung von Sicherheits- und Kontrollregimen um 1900}}
"""  # noqa: E501


def test_and_others_reads_as_et_al_and_stays_as_written(runner, folder):
    (folder / "refs.bib").write_text(AND_OTHERS)
    assert run(runner, "import", folder / "refs.bib").exit_code == 0
    authors = listed(runner)["pascualcarreras2023wnt"]["authors"]
    assert authors[-2:] == ["Teresa Adell", "et al."] and "others" not in authors
    shown = run(runner, "show", "pascualcarreras2023wnt").output
    assert "Teresa Adell, et al." in " ".join(shown.split())
    assert (folder / "library.bib").read_text() == AND_OTHERS
    exported = run(runner, "export", "bibtex").output
    assert "Adell, Teresa and others}" in exported


def test_quotation_commands_show_as_quotation_marks(runner, folder):
    (folder / "groth.bib").write_text(ENQUOTE)
    assert run(runner, "import", folder / "groth.bib").exit_code == 0
    entries = listed(runner)
    assert "Repräsentationen von “Region” in der" in entries["Groth:2016ac"]["title"]
    assert entries["Groth:2017ac"]["title"].startswith("“Kein sichereres Mittel existirt")
    assert (folder / "library.bib").read_text() == ENQUOTE


# INSPIRE's record of the Higgs discovery (a test fixture's), then the same paper as a
# guide to citing collaborations writes it, with a `%` note above it.
INSPIRE_TWICE = r"""@article{Aad:2012tfa,
    author = "Aad, Georges and others",
    collaboration = "ATLAS",
    title = "{Observation of a new particle in the search for the Standard Model Higgs boson with the ATLAS detector at the LHC}",
    eprint = "1207.7214",
    archivePrefix = "arXiv",
    primaryClass = "hep-ex",
    reportNumber = "CERN-PH-EP-2012-218",
    doi = "10.1016/j.physletb.2012.08.020",
    journal = "Phys. Lett. B",
    volume = "716",
    pages = "1--29",
    year = "2012"
}

% Use collaboration name as "author" in display
@article{ATLAS:2012yve,
    author = "{ATLAS Collaboration}",
    title = "{Observation of a new particle in the search for the Standard Model Higgs boson with the ATLAS detector at the LHC}",
    collaboration = "ATLAS",
    eprint = "1207.7214",
    archivePrefix = "arXiv",
    primaryClass = "hep-ex",
    doi = "10.1016/j.physletb.2012.08.020",
    journal = "Phys. Lett. B",
    volume = "716",
    pages = "1--29",
    year = "2012"
}
"""  # noqa: E501


def test_one_paper_twice_keeps_both_keys_and_names_the_note_left_out(runner, folder):
    (folder / "higgs.bib").write_text(INSPIRE_TWICE)
    said = " ".join(run(runner, "import", folder / "higgs.bib").output.split())
    assert "1 new, 0 merged, 1 skipped" in said
    assert "the % lines above entries not added were not imported either: line 16" in said
    entry = listed(runner)["Aad:2012tfa"]
    assert entry["authors"] == ["Georges Aad", "et al."]
    assert run(runner, "show", "ATLAS:2012yve").exit_code == 0  # the other key finds it
