"""Real .bib files as JabRef, Zotero, Mendeley, DBLP and thesis folders write them, through
the CLI: every entry and block is kept or named, and one paper's two spellings are one.

Each excerpt is copied from a public file (named above it), cut to the entries that show
the shape; a changed line says so.
"""

import re

import pytest
from conftest import DATA, listed, run

# Report tables wide enough to read each reason whole.
pytestmark = pytest.mark.usefixtures("wide_console")


# sciunto-org/python-bibtexparser bibtexparser/tests/data/messy_bibfile.bib (a Mendeley
# export): DOIs and URLs with the underscore escaped as `{\_}`.
MENDELEY = r"""@inproceedings{liu15b,
author = {Liu, Yi-Kai},
booktitle = {Proc. EUROCRYPT 2015},
doi = {10.1007/978-3-662-46803-6{\_}26},
pages = {785--814},
publisher = {Springer},
series = {LNCS},
title = {{Privacy Amplification in the Isolated Qubits Model}},
url = {http://link.springer.com/10.1007/978-3-662-46803-6{\_}26},
volume = {9057},
year = {2015}
}
"""

# The same paper as another source writes it (DOI plain, behind a resolver).
SPRINGER = """@inproceedings{Liu2015,
  author = {Liu, Yi-Kai},
  title = {Privacy Amplification in the Isolated Qubits Model},
  booktitle = {Advances in Cryptology -- EUROCRYPT 2015},
  year = {2015},
  doi = {https://doi.org/10.1007/978-3-662-46803-6_26}
}
"""


def test_a_doi_with_bibtex_escapes_is_the_same_doi(runner, folder):
    (folder / "mendeley.bib").write_text(MENDELEY)
    (folder / "springer.bib").write_text(SPRINGER)
    assert run(runner, "import", folder / "mendeley.bib").exit_code == 0
    entry = listed(runner)["liu15b"]
    assert entry["doi"] == "10.1007/978-3-662-46803-6_26"
    assert entry["url"] == "http://link.springer.com/10.1007/978-3-662-46803-6_26"
    again = run(runner, "import", folder / "springer.bib")
    assert again.exit_code == 0, again.output
    assert "0 new, 0 merged, 1 skipped" in again.output, again.output
    assert set(listed(runner)) == {"liu15b"}
    assert r"doi = {10.1007/978-3-662-46803-6{\_}26}" in (folder / "library.bib").read_text()


# The object-proposals README's citations (a BibTeX block, DOI behind the IEEE resolver)
# and JabRef's MicroRecsys.bib (JabRef/jabref, an ACM DOI resolver URL).
RESOLVERS = r"""@article{10.1109/TPAMI.2013.122,
    Author = {Ian Endres and Derek Hoiem},
    Title = {Category-Independent Object Proposals with Diverse Ranking},
    year = {2014},
    doi = {http://doi.ieeecomputersociety.org/10.1109/TPAMI.2013.122},
}
@ARTICLE{Gomez-Uribe:2015:NRS:2869770.2843948,
  author = {Gomez-Uribe, Carlos A. and Hunt, Neil},
  title = {The Netflix Recommender System: Algorithms, Business Value, and Innovation},
  year = {2015},
  doi = {http://doi.acm.org/10.1145/2843948},
}
"""


def test_a_doi_behind_a_publishers_resolver_is_read(runner, folder):
    (folder / "resolvers.bib").write_text(RESOLVERS)
    assert run(runner, "import", folder / "resolvers.bib").exit_code == 0
    entries = listed(runner)
    assert entries["10.1109/TPAMI.2013.122"]["doi"] == "10.1109/tpami.2013.122"
    assert entries["Gomez-Uribe:2015:NRS:2869770.2843948"]["doi"] == "10.1145/2843948"


# dblp's CLA 2014 record (a README of DistributedTriclustering): `\_` in the URL.
DBLP = r"""@inproceedings{Gnatyshak:2014,
  author    = {Dmitry Gnatyshak and
               Dmitry I. Ignatov and
               Sergei O. Kuznetsov and
               Lhouari Nourine},
  title     = {A One-pass Triclustering Approach: Is There any Room for Big Data?},
  booktitle = {Proceedings of the Eleventh International Conference on Concept Lattices
               and Their Applications, Ko{\v{s}}ice, Slovakia, October 7-10, 2014},
  pages     = {231--242},
  year      = {2014},
  crossref  = {DBLP:conf/cla/2014},
  url       = {http://ceur-ws.org/Vol-1252/cla2014\_submission\_26.pdf},
  urn       = {urn:nbn:de:0074-1466-5}
}
"""


def test_an_escaped_url_is_one_address_for_display_and_identity(runner, folder):
    (folder / "dblp.bib").write_text(DBLP)
    assert run(runner, "import", folder / "dblp.bib").exit_code == 0
    url = "http://ceur-ws.org/Vol-1252/cla2014_submission_26.pdf"
    assert listed(runner)["Gnatyshak:2014"]["url"] == url
    plain = DBLP.replace(r"\_", "_").replace("Gnatyshak:2014", "gnatyshak2014")
    (folder / "plain.bib").write_text(plain)
    again = run(runner, "import", folder / "plain.bib")
    assert again.exit_code == 0 and "0 new" in again.output, again.output


# JabRef/jabref MicroRecsys.bib (a JabRef database): @STRING definitions no entry uses,
# its `% Encoding` line and jabref-meta @Comment blocks, continuation lines with tabs;
# the first line is BibTeX's manual's `\noopsort` preamble (btxdoc), which the file lacks.
JABREF = r"""@preamble{"\newcommand{\noopsort}[1]{}"}
% Encoding: UTF-8

@STRING{dke = {Data \& Knowledge Engineering}}

@STRING{lncs = {Lecture Notes in Computer Science}}

@ARTICLE{beel2016towards,
  author = {Beel, Joeran and Breitinger, Corinna and Langer, Stefan and Lommatzsch,
	Andreas and Gipp, Bela},
  title = {Towards reproducibility in recommender-systems research},
  journal = {User modeling and user-adapted interaction},
  year = {2016},
  volume = {26},
  pages = {69--101},
  number = {1},
  publisher = {Springer}
}

@Comment{jabref-meta: databaseType:bibtex;}

@Comment{jabref-meta: groupsversion:
3;
}
"""


def test_import_keeps_the_preamble_and_names_the_blocks_it_leaves(runner, folder):
    (folder / "jabref.bib").write_text(JABREF)
    result = run(runner, "import", folder / "jabref.bib")
    assert result.exit_code == 0, result.output
    assert "1 @preamble block added to the library" in result.output
    assert (
        "2 @string definitions not imported, as no entry uses them: dke (line 4), lncs (line 6)"
        in " ".join(result.output.split())
    )
    said = " ".join(result.output.split())
    assert "2 @comment blocks not imported (notes, settings): lines 20, 22-24" in said
    text = (folder / "library.bib").read_text()
    assert text.startswith('@preamble{"\\newcommand{\\noopsort}[1]{}"}\n')
    again = run(runner, "import", folder / "jabref.bib")
    assert again.exit_code == 0 and "@preamble" not in again.output
    assert (folder / "library.bib").read_text() == text


def test_a_crlf_file_brings_no_carriage_return_into_an_lf_library(runner, folder):
    (folder / "jabref.bib").write_bytes(JABREF.replace("\n", "\r\n").encode())
    assert run(runner, "import", folder / "jabref.bib").exit_code == 0
    (folder / "again.bib").write_bytes(
        JABREF.replace("beel2016towards", "beel2016copy").replace("\n", "\r\n").encode()
    )
    added = run(runner, "add", "--bibtex", folder / "again.bib", "-c", "circuits", "--force")
    assert added.exit_code == 0, added.output
    data = (folder / "library.bib").read_bytes()
    assert b"\r" not in data
    assert b"Lommatzsch,\n\tAndreas" in data and data.count(b"Lommatzsch") == 2


# A thesis folder's references.bib (0xDC0DE/phd-thesis): one paper twice, as Google
# Scholar's @inproceedings and as Springer's export; the first has no venue of its own
# here (its booktitle line removed) so the second's venue and type fill it.
THESIS = """@misc{cruzes2017security,  title={How is Security Testing Done in Agile Teams? \
A Cross-Case Analysis of Four Software Teams},  author={Cruzes, Daniela Soares and Felderer, \
Michael and Oyetoyan, Tosin Daniel and Gander, Matthias and Pekaric, Irdin},  \
pages={201--216},  year={2017},  organization={Springer}}

@InProceedings{securitytestingagile,
author="Cruzes, Daniela Soares
and Felderer, Michael
and Oyetoyan, Tosin Daniel
and Gander, Matthias
and Pekaric, Irdin",
title="How is Security Testing Done in Agile Teams? A Cross-Case Analysis of Four Software Teams",
booktitle="Agile Processes in Software Engineering and Extreme Programming",
year="2017",
publisher="Springer International Publishing",
pages="201--216",
}
"""


def test_a_type_taken_from_the_same_papers_other_listing_is_reported(runner, folder):
    (folder / "refs.bib").write_text(THESIS)
    result = run(runner, "import", folder / "refs.bib", "-v")
    assert result.exit_code == 0, result.output
    assert "its type (@misc -> @inproceedings)" in " ".join(result.output.split())
    assert listed(runner)["cruzes2017security"]["type"] == "inproceedings"


# JabRef writes an entry it has no key for as `@Article{,` (JabRef/jabref's
# BibtexDatabaseWriterTest); this one is the keyless entry of such a database.
KEYLESS = """@article{,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  year = {2017},
}
"""


def test_an_entry_with_no_key_gets_the_generated_key_once(runner, folder):
    (folder / "keyless.bib").write_text(KEYLESS)
    first = run(runner, "import", folder / "keyless.bib")
    assert first.exit_code == 0, first.output
    assert "it had no key, so it became 'vaswani2017attention'" in " ".join(first.output.split())
    again = run(runner, "import", folder / "keyless.bib")
    assert "0 new, 0 merged, 1 skipped" in again.output
    assert set(listed(runner)) == {"vaswani2017attention"}


def test_add_says_which_key_an_entry_with_none_got(runner, folder):
    (folder / "keyless.bib").write_text(KEYLESS)
    result = run(runner, "add", "--bibtex", folder / "keyless.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    assert "the entry on line 1 has no key; it was added as 'vaswani2017attention'" in (
        " ".join(result.output.split())
    )


def test_two_entries_with_no_key_get_generated_keys_named_with_their_lines(runner, folder):
    """Zotero and hand-written files hold several entries with no key: each is imported
    under a generated key (the parser alone refuses the second), and the report says so."""
    (folder / "keyless.bib").write_text(KEYLESS + "\n" + KEYLESS.replace("Attention", "Memory"))
    result = run(runner, "import", folder / "keyless.bib")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "it had no key, so it became 'vaswani2017attention'" in said
    assert "it had no key, so it became 'vaswani2017memory'" in said
    library = (folder / "library.bib").read_text()
    assert "@article{vaswani2017attention,\n  title = {Attention Is All You Need}," in library
    assert "@article{vaswani2017memory," in library
    again = run(runner, "add", "--bibtex", folder / "keyless.bib", "--force", "-c", "circuits")
    assert again.exit_code == 0, again.output
    assert "the entry on line 7 has no key" in " ".join(again.output.split())


def test_check_reports_an_entry_with_no_key(runner, folder):
    (folder / "library.bib").write_text(KEYLESS)
    result = run(runner, "check")
    assert result.exit_code == 1
    assert "library.bib:1: : error: no key: it cannot be cited (give it one)" in result.output


def test_add_names_a_paper_listed_twice_in_its_file_as_such(runner, folder):
    (folder / "refs.bib").write_text(THESIS)
    result = run(runner, "add", "--bibtex", folder / "refs.bib", "-c", "circuits")
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert "same paper as 'cruzes2017security', which this command adds before it" in message
    assert "already in the library" not in message
    assert (folder / "library.bib").read_text() == ""


# sciunto-org/python-bibtexparser tests/resources/biblatex_contract.bib: biblatex's
# extended name format beside the classic one; and a name with a suffix
# (`Surname, Jr, Given`, BibTeX's third form).
BIBLATEX_NAMES = r"""@Online{online-record,
  author = {Family, Given and given=Sam, family=Researcher, prefix=von},
  title = {A UTF-8 Überblick},
  date = {2024-03/2024-05},
  url = {https://example.invalid/overview},
}
@Online{names-first,
  author = {given=Sam, family=Researcher, prefix=von and Kennedy, Jr, John F.},
  title = {Review Helper},
  date = {2024-02-29},
}
"""


def test_biblatex_and_suffixed_names_read_as_names(runner, folder):
    (folder / "biblatex.bib").write_text(BIBLATEX_NAMES)
    assert run(runner, "import", folder / "biblatex.bib").exit_code == 0
    entries = listed(runner)
    assert entries["online-record"]["authors"] == ["Given Family", "Sam von Researcher"]
    assert entries["names-first"]["authors"] == ["Sam von Researcher", "John F. Kennedy Jr"]


def test_a_biblatex_name_gives_the_generated_key_its_family_name(runner, folder):
    keyless = "@Online{," + BIBLATEX_NAMES.split("@Online{names-first,")[1]
    added = run(runner, "add", "--bibtex", "-", "-c", "circuits", input=keyless)
    assert added.exit_code == 0, added.output
    assert set(listed(runner)) == {"researcher2024review"}


# biblatex's biblatex-examples.bib (../shared/data/bib): one reprint listed twice, the
# second time to show `related`; @string definitions one entry uses and one none does.
REPRINT = r"""@string{jomch   = {J.~Organomet. Chem.}}
@string{dover   = {Dover Publications}}

@book{kullback:reprint,
  author       = {Kullback, Solomon},
  title        = {Information Theory and Statistics},
  year         = 1997,
  publisher    = dover,
  location     = {New York},
}

@book{kullback:related,
  author       = {Kullback, Solomon},
  title        = {Information Theory and Statistics},
  year         = 1997,
  publisher    = {Dover Publications},
  location     = {New York},
  related      = {kullback},
  relatedtype  = {origpubin},
}
"""


def test_importing_a_file_again_says_nothing_new_of_its_keys_and_strings(runner, folder):
    (folder / "examples.bib").write_text(REPRINT)
    first = run(runner, "import", folder / "examples.bib", "-v")
    assert (
        "1 @string definition not imported, as no entry uses them: jomch (line 1)" in first.output
    )
    text = (folder / "library.bib").read_text()
    again = run(runner, "import", folder / "examples.bib", "-v")
    assert again.exit_code == 0, again.output
    said = " ".join(again.output.split())
    assert "its key stays citable as another key of kullback:reprint (ids)" in said
    assert "another entry has it" not in said
    assert "1 @string definition not imported" in said  # jomch: the library lacks it still
    assert "dover" not in said
    assert (folder / "library.bib").read_text() == text


# ../shared/data/bib/plume-heaps.bib (a garbage-collection bibliography): `tocs` is used
# and defined in none of its @string blocks.
UNDEFINED_MACRO = """@article{AgHH88,
author = "Agarwal, Anant and Mark Horowitz and John Hennessy",
title = "Cache Performance of Operating Systems and Multiprogramming
Workloads",
journal = tocs,
volume =  6,
number = 4,
pages = "393--431",
month = Nov,
year = 1988	}
"""


def test_check_warns_of_a_string_macro_no_block_defines(runner, folder):
    (folder / "heaps.bib").write_text(UNDEFINED_MACRO)
    imported = run(runner, "import", folder / "heaps.bib")
    assert "@string 'tocs' is defined in neither file; kept as written" in imported.output
    result = run(runner, "check")
    assert "AgHH88: warning: the journal uses @string 'tocs', which no @string defines" in (
        result.output
    )
    assert "month" not in result.output  # `Nov` is BibTeX's own


# 0xDC0DE/phd-thesis references.bib: web pages as @misc with the address in howpublished.
WEB_PAGES = r"""@misc{ESAPI,
  title={{OWASP Enterprise Security API Toolkits - Datasheet}},
  key={OWASP},
  howpublished={\url{https://www.owasp.org/images/8/81/Esapi-datasheet.pdf}}
}

@misc{RSAvideo,
  title={{How to Transform Developers into Security People}},
  key={RSQ},
  author={Christopher Romeo},
  howpublished={\url{https://www.rsaconference.com/videos/how-to-transform-developers-into-security-people}}
}
"""


def test_a_url_in_howpublished_is_the_entrys_address(runner, folder):
    (folder / "web.bib").write_text(WEB_PAGES)
    assert run(runner, "import", folder / "web.bib").exit_code == 0
    entries = listed(runner)
    assert entries["ESAPI"]["url"] == "https://www.owasp.org/images/8/81/Esapi-datasheet.pdf"
    video = "https://www.rsaconference.com/videos/how-to-transform-developers-into-security-people"
    assert entries["RSAvideo"]["url"] == video
    again = WEB_PAGES.replace("{ESAPI,", "{esapi-sheet,").replace("Datasheet}}", "Data sheet}}")
    (folder / "again.bib").write_text(again.split("@misc{RSAvideo")[0])
    result = run(runner, "import", folder / "again.bib")
    assert "0 new, 0 merged, 1 skipped" in result.output, result.output


# 0xDC0DE/phd-thesis references.bib, with one entry pasted in twice (files joined from
# others hold such repeats; BibTeX reads the first).
DAMM = """@article{damm2006faults,
  title={Faults-slip-through—a concept for measuring the efficiency of the test process},
  author={Damm, Lars-Ola and Lundberg, Lars and Wohlin, Claes},
  journal={Software Process: Improvement and Practice},
  volume={11},
  number={1},
  pages={47--59},
  year={2006},
  publisher={Wiley Online Library}
}
"""
REPEATED = DAMM + "\n" + WEB_PAGES + "\n" + DAMM.replace("  ", "    ")


def test_an_entry_repeated_word_for_word_is_read_once_and_named(runner, folder):
    (folder / "joined.bib").write_text(REPEATED)
    result = run(runner, "import", folder / "joined.bib")
    assert result.exit_code == 0, result.output
    assert "joined.bib:25: entry 'damm2006faults' repeats line 1 word for word" in result.output
    assert "3 new, 0 merged, 0 skipped" in result.output
    added = run(runner, "add", "--bibtex", folder / "joined.bib", "-c", "circuits", "--force")
    assert "joined.bib:25: entry 'damm2006faults' repeats line 1 word for word" in added.output


def test_a_repeated_key_with_other_fields_stays_an_error(runner, folder):
    (folder / "joined.bib").write_text(DAMM + "\n" + DAMM.replace("{2006}", "{2007}"))
    result = run(runner, "import", folder / "joined.bib")
    assert result.exit_code == 1
    assert (
        "joined.bib:12: duplicate key 'damm2006faults', as the entry at line 1 "
        "(rename or merge one)" in result.output
    )
    assert (folder / "library.bib").read_text() == ""


# JabRef/jabref MicroRecsys.bib's Netflix entry, its URL given twice in two spellings
# (as files merged by hand come): BibTeX reads field names in any case as one.
TWO_URLS = r"""@ARTICLE{Gomez-Uribe:2015:NRS:2869770.2843948,
  author = {Gomez-Uribe, Carlos A. and Hunt, Neil},
  title = {The Netflix Recommender System: Algorithms, Business Value, and Innovation},
  journal = {ACM Trans. Manage. Inf. Syst.},
  year = {2015},
  URL = {https://dl.acm.org/doi/10.1145/2843948},
  url = {http://doi.acm.org/10.1145/2843948}
}
"""


def test_a_field_given_twice_in_two_cases_is_an_error_not_a_loss(runner, folder):
    (folder / "two.bib").write_text(TWO_URLS)
    result = run(runner, "import", folder / "two.bib")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: "
        f"{folder / 'two.bib'}:7: entry 'Gomez-Uribe:2015:NRS:2869770.2843948' has a field "
        "twice (URL, url); keep one"
    )
    assert (folder / "library.bib").read_text() == ""


# ../shared/data/bib/plume-heaps.bib's @string block and first use, as a bibliography
# joined from two copies of it holds them (the definition twice).
CC = '@string{CC = "{SIGPLAN} Symposium on Compiler Construction"}\n'
HEAPS = """@inproceedings{Appel:GCCBFTSA,
author = "Andrew W. Appel",
title = "Garbage Collection Can Be Faster Than Stack Allocation",
booktitle = CC,
year = 1987
}
"""


def test_a_string_defined_twice_alike_is_read_once_and_otherwise_is_an_error(runner, folder):
    (folder / "joined.bib").write_text(CC + CC + HEAPS)
    result = run(runner, "import", folder / "joined.bib")
    assert result.exit_code == 0, result.output
    assert "joined.bib:2: @string 'CC' repeats line 1 word for word; read once" in result.output
    assert "1 @string definition added to the library" in result.output
    assert listed(runner)["Appel:GCCBFTSA"]["venue"] == (
        "SIGPLAN Symposium on Compiler Construction"
    )
    # Redefined after an entry used it: BibTeX would read the two entries otherwise.
    later = HEAPS.replace("Appel:GCCBFTSA", "Appel:later").replace("Faster", "Slower")
    (folder / "other.bib").write_text(CC + HEAPS + CC.replace("{SIGPLAN} ", "") + later)
    refused = run(runner, "import", folder / "other.bib")
    assert refused.exit_code == 1
    assert "other.bib:8: @string 'CC' is defined again, otherwise than at line 1" in (
        refused.output
    )


# The ACM template's sample-base.bib (acmart; copied into a hundred paper repositories)
# defines each journal twice: "Note the 2nd overwrites the 1st".
ACM_STRINGS = """ %ACM
 @String{CACM = "Communications of the {ACM}" }
 @String{CACM = "Commun. {ACM}" }
 @String{JACM = "J. ACM" }

@periodical{JCohen96,
  key =          "Cohen",
  editor =       "Jacques Cohen",
  title =        "Special issue: Digital Libraries",
  journal =      CACM,
  volume =       "39",
  number =       "11",
  month =        nov,
  year =         "1996",
}
"""


def test_a_string_defined_again_before_any_use_is_read_as_bibtex_does(runner, folder):
    (folder / "sample-base.bib").write_text(ACM_STRINGS)
    result = run(runner, "import", folder / "sample-base.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        "sample-base.bib:2: @string 'CACM' is defined again at line 3; the later definition "
        "is read, as BibTeX does"
    ) in said
    library = (folder / "library.bib").read_text()
    assert '@String{CACM = "Commun. {ACM}" }' in library
    assert "Communications of the" not in library
    assert listed(runner)["JCohen96"]["venue"] == "Commun. ACM"


# Two books of the same template given one DOI: "book one" and "book two" are two works,
# and both keep the DOI their file gave them.
def test_number_words_tell_two_titles_sharing_a_doi_apart(runner, folder):
    book = (
        '@InBook{{{key},\n  editor = "Ian Editor",\n  title = "The title of book {n}",\n'
        '  year = "{year}",\n  doi = "10.1007/3-540-09237-4",\n}}\n\n'
    )
    (folder / "books.bib").write_text(
        book.format(key="Editor00", n="one", year=2007)
        + book.format(key="Editor00a", n="two", year=2008)
    )
    result = run(runner, "import", folder / "books.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    assert "2 new, 0 merged, 0 skipped, 0 conflicts" in result.output
    assert "shares DOI 10.1007/3-540-09237-4 with line 1 'The title of book one'" in " ".join(
        result.output.split()
    )
    entries = listed(runner)
    assert set(entries) == {"Editor00", "Editor00a"}
    assert {entry["doi"] for entry in entries.values()} == {"10.1007/3-540-09237-4"}


# The SmoothI repository's README (a Semantic Scholar style entry: the arXiv id only as
# `volume = {abs/…}` of `journal = {arXiv}`), and the same paper as arXiv's export
# writes it.
SMOOTHI = """@article{arxiv2021-smoothI,
  author = {Thonet, Thibaut and Cinar, Yagmur Gizem and Gaussier, Eric and Li, Minghan \
and Renders, Jean-Michel},
  title = {SmoothI: Smooth Rank Indicators for Differentiable IR Metrics},
  year = {2021},
  journal = {arXiv},
  volume = {abs/2105.00942}
}
"""
SMOOTHI_ARXIV = """@misc{thonet2021smoothi,
      title={SmoothI: Smooth Rank Indicators for Differentiable IR Metrics},
      author={Thibaut Thonet and Yagmur Gizem Cinar and Eric Gaussier and Minghan Li \
and Jean-Michel Renders},
      year={2021},
      eprint={2105.00942},
      archivePrefix={arXiv},
      primaryClass={cs.IR}
}
"""


def test_an_arxiv_id_written_as_a_corr_volume_is_the_entrys_id(runner, folder):
    (folder / "s2.bib").write_text(SMOOTHI)
    (folder / "arxiv.bib").write_text(SMOOTHI_ARXIV)
    assert run(runner, "import", folder / "s2.bib").exit_code == 0
    assert listed(runner)["arxiv2021-smoothI"]["arxiv"] == "2105.00942"
    again = run(runner, "import", folder / "arxiv.bib")
    assert "0 new, 0 merged, 1 skipped" in again.output


# dblp's records of CLA 2015 (a README of DistributedTriclustering): a paper and the
# proceedings it cross-references.
DBLP_CROSSREF = """@inproceedings{Zudin:2015,
  author    = {Sergey Zudin and
               Dmitry V. Gnatyshak and
               Dmitry I. Ignatov},
  title     = {Putting OAC-triclustering on MapReduce},
  booktitle = {Proceedings of the Twelfth International Conference on Concept Lattices
               and Their Applications, Clermont-Ferrand, France, October 13-16, 2015},
  pages     = {47--58},
  year      = {2015},
  crossref  = {DBLP:conf/cla/2015},
  url       = {http://ceur-ws.org/Vol-1466/paper04.pdf}
}

@proceedings{DBLP:conf/cla/2015,
  editor    = {Sadok Ben Yahia and
               Jan Konecny},
  title     = {Proceedings of the Twelfth International Conference on Concept Lattices
               and Their Applications, Clermont-Ferrand, France, October 13-16, 2015},
  series    = {{CEUR} Workshop Proceedings},
  volume    = {1466},
  publisher = {CEUR-WS.org},
  year      = {2015}
}
"""


# sciunto-org/python-bibtexparser tests/resources/biblatex_contract.bib, but its first line
# (a comment).
BIBLATEX_CONTRACT = r"""@XData{shared-publisher,
  publisher = {Example Press},
  location = {Berlin and London},
}

@Set{review-set,
  entryset = {online-record,software-record},
  date = {2024},
}

@Online{online-record,
  author = {Family, Given and given=Sam, family=Researcher, prefix=von},
  author+an = {1:family=lead;2=corresponding},
  title = {A UTF-8 Überblick},
  title+an:translation = {="An overview"},
  date = {2024-03/2024-05},
  urldate = {2025-01-31},
  url = {https://example.invalid/overview},
  xdata = {shared-publisher},
  related = {software-record},
  relatedtype = {reviewof},
  keywords = {review and reproducibility},
}

@Software{software-record,
  author = {Tooling Team},
  title = {Review Helper},
  date = {2024-02-29},
  version = {2.0},
  url = {https://example.invalid/review-helper},
}
"""


def test_exported_bibtex_brings_what_its_entries_need(runner, folder):
    """The preamble, the @xdata and @set blocks (BIBLATEX_CONTRACT) and a
    cross-referenced entry in another category come along with the entries."""
    (folder / "dblp.bib").write_text(JABREF.split("% Encoding")[0] + DBLP_CROSSREF)
    (folder / "biblatex.bib").write_text(BIBLATEX_CONTRACT)
    assert run(runner, "import", folder / "dblp.bib", "-c", "circuits").exit_code == 0
    assert run(runner, "import", folder / "biblatex.bib", "-c", "circuits").exit_code == 0
    removed = run(runner, "tag", "DBLP:conf/cla/2015", "--remove", "-c", "circuits")
    assert removed.exit_code == 0, removed.output
    result = run(runner, "export", "bibtex", "-c", "circuits", "--clean")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith('@preamble{"\\newcommand{\\noopsort}[1]{}"}\n')
    assert "@XData{shared-publisher," in text and "@Set{review-set," in text
    assert text.index("@inproceedings{Zudin:2015,") < text.index("@proceedings{DBLP:conf/cla/2015,")


# sciunto-org/python-bibtexparser bibtexparser/tests/data/traps.bib, saved as UTF-16 as
# Windows tools write it (with and without the byte order mark) and as Latin-1.
TRAPS = """@ARTICLE{Laide2013,
  author = {Jean Laid{\\'e},
  Ben Loaeb},
  title = {{An} amazing {title}},
  year = {2013},
  month = "jan",
  volume = {12},
  pages = {12-23},
  journal = {Nice Journal},
  abstract = {This is an abstract. This line should be long enough to test
\t multilines... and with a french érudit word},
  comments = {A comment},
  keywords = {keyword1, keyword2},
}
"""


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        pytest.param("utf-16", "traps.bib:1: UTF-16 text, not UTF-8", id="utf-16"),
        pytest.param("utf-16-le", "traps.bib:1: UTF-16 text, not UTF-8", id="utf-16-no-mark"),
        pytest.param("latin-1", "traps.bib:11: not UTF-8 (byte 0xe9)", id="latin-1"),
    ],
)
def test_a_file_in_another_encoding_is_refused_with_what_it_is(runner, folder, encoding, message):
    (folder / "traps.bib").write_bytes(TRAPS.encode(encoding))
    for command in (["import"], ["add", "-c", "circuits", "--bibtex"]):
        result = run(runner, *command, folder / "traps.bib")
        assert result.exit_code == 1
        assert message in result.output and "Traceback" not in result.output
    assert (folder / "library.bib").read_text() == ""


# One paper as arXiv's export writes its preprint and as OpenReview writes its ICLR
# version, in one file (a thesis's references).
PREPRINT_AND_PAPER = """@misc{marks2024sparse,
      title={Sparse Feature Circuits: Discovering and Editing Interpretable Causal Graphs in \\
Language Models},
      author={Samuel Marks and Can Rager and Eric J. Michaud and Yonatan Belinkov and \\
David Bau and Aaron Mueller},
      year={2024},
      eprint={2403.19647},
      archivePrefix={arXiv},
      primaryClass={cs.LG}
}

@inproceedings{
marks2025sparse,
title={Sparse Feature Circuits: Discovering and Editing Interpretable Causal Graphs in \\
Language Models},
author={Samuel Marks and Can Rager and Eric J Michaud and Yonatan Belinkov and David Bau \\
and Aaron Mueller},
booktitle={The Thirteenth International Conference on Learning Representations},
year={2025},
url={https://openreview.net/forum?id=I4e82CIDxv}
}
"""


def test_a_joined_listing_whose_year_differs_says_the_year_was_not_taken(runner, folder):
    (folder / "refs.bib").write_text(PREPRINT_AND_PAPER)
    result = run(runner, "import", folder / "refs.bib", "-v")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "its type (@misc -> @inproceedings)" in said
    assert "its year 2025 not taken (this entry says 2024)" in said


# A Zotero/Better BibTeX export as users keep it: a header, a note above an entry, a field
# commented out inside it, quoted values and a type in capitals (after
# retorquere/zotero-better-bibtex test fixtures and JabRef's exports).
ANNOTATED = """% Exported by Zotero 6 (Better BibTeX)
% keep this file in sync with the group library

% The paper that started it all
@ARTICLE{elhage2021,
  title = "A Mathematical Framework for Transformer Circuits",
  author = {Elhage, Nelson and Nanda, Neel},
  % note = {draft version},
  year = 2021,
  journal = {Transformer Circuits Thread}
}

Read this one twice.

@misc{olsson2022,
  title = {In-context Learning and Induction Heads},
  author = {Olsson, Catherine},
  year = {2022}
}
% end of file
"""


def test_an_imported_entry_is_written_as_its_file_wrote_it(runner, folder):
    """Its type's spelling, quotes, field order, a `% field` line and the `%` note just
    above it stay; only mibib's own fields are added."""
    (folder / "annotated.bib").write_text(ANNOTATED)
    result = run(runner, "import", folder / "annotated.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    library = (folder / "library.bib").read_text()
    start = ANNOTATED.index("% The paper")
    written = ANNOTATED[start : ANNOTATED.index("\n}\n", ANNOTATED.index("journal ="))]
    assert written + ",\n  mibib-categories = {circuits}\n}" in library
    again = run(runner, "import", folder / "annotated.bib", "-c", "circuits")
    assert "0 new" in again.output
    assert (folder / "library.bib").read_text() == library
    assert run(runner, "check").exit_code == 0


def test_text_outside_the_entries_is_named_with_its_lines(runner, folder):
    """A file's header, a stray line and a last comment are not imported: each is named
    with its lines, never dropped in silence."""
    (folder / "annotated.bib").write_text(ANNOTATED)
    result = run(runner, "import", folder / "annotated.bib", "-c", "circuits")
    said = " ".join(result.output.split())
    assert "text outside the entries not imported (comments, notes): " in said
    assert "lines 1-2 ('% Exported by Zotero 6 (Better BibTeX)')" in said
    assert "line 13 ('Read this one twice.')" in said
    assert "line 20 ('% end of file')" in said
    assert "The paper that started it all'" not in said  # kept with its entry


def test_add_bibtex_keeps_the_entry_as_written_too(runner, folder):
    (folder / "annotated.bib").write_text(ANNOTATED)
    result = run(runner, "add", "--bibtex", folder / "annotated.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    library = (folder / "library.bib").read_text()
    assert '@ARTICLE{elhage2021,\n  title = "A Mathematical Framework' in library
    assert "  % note = {draft version},\n  year = 2021," in library
    assert "line 13 ('Read this one twice.')" in " ".join(result.output.split())


# Google Scholar-style entry pasted from a README (a YiGraph citation): the names are joined
# by commas, which BibTeX reads as one name with too many commas.
COMMA_JOINED = """@article{YiGraph2026,
  title={Towards Autonomous Graph Data Analytics with Analytics-Augmented Generation},
  author={Qiange Wang, Chaoyi Chen, Jingqi Gao, Zihan Wang, Yanfeng Zhang, Ge Yu},
  journal={arXiv preprint arXiv:2602.21604},
  year={2026}
}
"""


def test_names_joined_by_commas_are_shown_as_names_and_check_warns(runner, folder):
    (folder / "scholar.bib").write_text(COMMA_JOINED)
    result = run(runner, "import", folder / "scholar.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    assert COMMA_JOINED.rstrip("}\n") in (folder / "library.bib").read_text()  # as written
    authors = listed(runner)["YiGraph2026"]["authors"]
    assert authors == [
        "Qiange Wang", "Chaoyi Chen", "Jingqi Gao", "Zihan Wang", "Yanfeng Zhang", "Ge Yu"
    ]  # fmt: skip
    said = " ".join(run(runner, "check").output.split())
    assert "YiGraph2026: warning: the author 'Qiange Wang, Chaoyi Chen, Jingqi Gao," in said
    assert "is names joined by commas" in said


def test_a_kept_entry_takes_a_new_key_and_a_renamed_field_in_place(runner, folder):
    """An entry whose key another entry has gets a suffixed key in its own head (`@Article(`
    with spaces, as old files write it), and its `Authors` field, read as `author`, is
    renamed where it stands."""
    (folder / "library.bib").write_text(
        "@article{smith2020,\n  title = {Other Paper},\n  author = {Smith, Bob},\n"
        "  year = {2019},\n  journal = {J},\n  mibib-categories = {circuits}\n}\n"
    )
    (folder / "old.bib").write_text(
        '@Article( smith2020 ,\n  Title = "A Study of Things",\n  Authors = {Smith, John},\n'
        "  Year = 2020,\n  Journal = {J. Things},\n)\n"
    )
    result = run(runner, "import", folder / "old.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    assert "so it became 'smith2020a'" in " ".join(result.output.split())
    assert (
        '@Article( smith2020a ,\n  Title = "A Study of Things",\n  author = {Smith, John},\n'
        "  Year = 2020,\n  Journal = {J. Things},\n  mibib-categories = {circuits},\n)\n"
    ) in (folder / "library.bib").read_text()
    assert run(runner, "check").exit_code == 0


# From a BibTeX-cleaning guide's examples (a note after the key, on the entry's first line):
# bibtexparser reads the note into the next field's name, which lost the author.
NOTE_AFTER_KEY = """@article{m\u00fcller2023,  % Umlaut not escaped
  author = {M\u00fcller, Hans},
  title = {Digitale Transformation},
  year = {2023}
}
"""


def test_a_note_after_the_key_keeps_the_field_that_follows(runner, folder):
    (folder / "note.bib").write_text(NOTE_AFTER_KEY)
    result = run(runner, "import", folder / "note.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    assert listed(runner)["m\u00fcller2023"]["authors"] == ["Hans M\u00fcller"]
    library = (folder / "library.bib").read_text()
    assert NOTE_AFTER_KEY[: -len("\n}\n")] + ",\n  mibib-categories = {circuits}\n}" in library
    assert run(runner, "tag", "m\u00fcller2023", "-c", "features").exit_code == 0
    assert "  author = {M\u00fcller, Hans},\n" in (folder / "library.bib").read_text()
    assert run(runner, "check").exit_code == 0


def test_a_word_read_as_a_fields_name_hints_at_the_missing_comma(runner, folder):
    """From a BibTeX-cleaning guide: a field with no comma after it, then a `%` note
    holding a comma. The error names the note's line (where the parser took `year` for a
    field's name) and what to look for."""
    (folder / "guide.bib").write_text(
        "@article{smith2023,\n  author = {Smith, John},\n  title = {Paper Title}\n"
        "  % Missing: journal, year\n}\n"
    )
    result = run(runner, "import", folder / "guide.bib")
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "guide.bib:4: cannot parse entry 'smith2023'" in said  # the note's line
    assert "a comma missing between fields, or one in a % note?" in said
    assert "Traceback" not in result.output
    assert (folder / "library.bib").read_text() == ""


def test_the_notes_above_an_entry_not_added_are_named(runner, folder):
    """A `%` note goes to the library with its entry; when the entry is not added (the
    library lists the paper already), the report names the note's lines."""
    (folder / "library.bib").write_text(
        "@article{a1,\n  title = {Toy Models of Superposition},\n  author = {Elhage, Nelson},\n"
        "  year = {2022},\n  journal = {TC},\n  mibib-categories = {circuits}\n}\n"
    )
    (folder / "two.bib").write_text(
        "% my favourite\n% read twice\n@article{b1,\n  title = {Toy Models of Superposition},\n"
        "  author = {Elhage, Nelson},\n  year = {2022},\n  journal = {Transformer Circuits}\n}\n"
    )
    result = run(runner, "import", folder / "two.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "the % lines above entries not added were not imported either: lines 1-2" in said
    assert "% my favourite" not in (folder / "library.bib").read_text()


def test_a_key_bibtex_cannot_read_is_replaced_in_the_kept_text(runner, folder):
    """A DOI used as a key (parentheses: biblatex-examples' sigfridsson DOI) and a key with
    spaces: the generated key replaces the whole key; every other byte stays."""
    (folder / "keys.bib").write_text(
        "@article{10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P,\n"
        '  title = "Comparison of methods for deriving atomic charges",\n'
        "  author = {Sigfridsson, Emma},\n  year = {1998}\n}\n"
        '@misc{key with space,\n  title = "Spaced key entry",\n  year = {2020}\n}\n'
    )
    result = run(runner, "import", folder / "keys.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    library = (folder / "library.bib").read_text()
    assert (
        '@article{sigfridsson1998comparison,\n  title = "Comparison of methods for deriving '
        'atomic charges",\n'
    ) in library
    assert '@misc{spaced2020key,\n  title = "Spaced key entry",\n' in library


def test_a_comma_after_each_entry_is_a_separator_not_an_early_close(runner, folder):
    """Files some scripts write join entries with `},`: BibTeX skips the comma. An extra
    brace inside an entry (a field after the close) is still refused."""
    (folder / "joined.bib").write_text(
        "@article{a1,\n  title = {First Paper},\n  author = {A, B},\n  year = {2020}\n},\n"
        "@article{a2,\n  title = {Second Paper},\n  author = {C, D},\n  year = {2021}\n},\n"
    )
    result = run(runner, "import", folder / "joined.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output
    assert "text outside the entries" not in result.output
    (folder / "broken.bib").write_text("@misc{b,\n  title = {Close} brace}},\n  year = {2020}\n}\n")
    refused = run(runner, "import", folder / "broken.bib")
    assert refused.exit_code == 1
    assert "closed early by an extra '}'" in refused.output


def test_a_field_name_bibtex_cannot_read_is_kept_as_written_and_named(runner, folder):
    """`note(s)`, which the parser takes and BibTeX stops at: the entry keeps its layout
    and quotes, the `%` line above it comes along, and the report and `check` name the
    field for the user to rename."""
    written = (
        '% about x\n@article{x1,\n  title = "Odd pages",\n  author = {A, B},\n'
        "  note(s) = {a},\n  year = 2020\n}\n"
    )
    (folder / "odd.bib").write_text(written)
    result = run(runner, "import", folder / "odd.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "written in mibib's style" not in said
    assert (
        "field names BibTeX cannot read, kept as written (rename them): x1 (line 2): note(s)"
        in said
    )
    library = (folder / "library.bib").read_text()
    assert library.startswith(written[: written.index("  year")] + "  year = 2020,\n  mibib-")
    checked = run(runner, "check")
    assert "x1: error: BibTeX cannot read the field name 'note(s)' (rename it)" in checked.output


# volkm/bibtex-dblp tests/files/convert-out-crossref.bib: a DBLP paper and the proceedings
# volume it cross-references, which BibTeX reads only when it comes after the paper (the
# entry "preserve:this:key" between them left out).
DBLP_PAPER = """@inproceedings{DBLP:conf/spire/BastMW06,
  author    = {H. Bast and
               Christian Worm Mortensen and
               Ingmar Weber},
  title     = {Output-Sensitive Autocompletion Search},
  booktitle = {String Processing and Information Retrieval, 13th International Conference,
               {SPIRE} 2006, Glasgow, UK, October 11-13, 2006, Proceedings},
  pages     = {150--162},
  year      = {2006},
  crossref  = {DBLP:conf/spire/2006},
  url       = {https://doi.org/10.1007/11880561_13},
  doi       = {10.1007/11880561_13},
  timestamp = {Fri, 31 May 2019 11:59:54 +0200},
  biburl    = {https://dblp.org/rec/conf/spire/BastMW06.bib},
  bibsource = {dblp computer science bibliography, https://dblp.org}
}
"""
DBLP_VOLUME = """@proceedings{DBLP:conf/spire/2006,
  editor    = {Fabio Crestani and
               Paolo Ferragina and
               Mark Sanderson},
  title     = {String Processing and Information Retrieval, 13th International Conference,
               {SPIRE} 2006, Glasgow, UK, October 11-13, 2006, Proceedings},
  series    = {Lecture Notes in Computer Science},
  volume    = {4209},
  publisher = {Springer},
  year      = {2006},
  url       = {https://doi.org/10.1007/11880561},
  doi       = {10.1007/11880561},
  isbn      = {3-540-45774-7},
  timestamp = {Tue, 14 May 2019 10:00:55 +0200},
  biburl    = {https://dblp.org/rec/conf/spire/2006.bib},
  bibsource = {dblp computer science bibliography, https://dblp.org}
}
"""


def _entry_order(text: str) -> list[str]:
    return [line.split("{", 1)[1].rstrip(",") for line in text.splitlines() if line[:1] == "@"]


@pytest.mark.parametrize(
    "files",
    [
        pytest.param([DBLP_PAPER + "\n" + DBLP_VOLUME], id="one-file"),
        pytest.param([DBLP_VOLUME, DBLP_PAPER], id="volume-first"),
        pytest.param([DBLP_PAPER, DBLP_VOLUME], id="paper-first"),
    ],
)
def test_a_crossref_target_stays_after_the_entries_naming_it(runner, folder, files):
    """Sorted by key, the volume (`…/2006`) would come before its paper (`…/BastMW06`):
    BibTeX would not read the paper's inherited fields."""
    for number, text in enumerate(files):
        (folder / f"part{number}.bib").write_text(text)
        result = run(runner, "import", folder / f"part{number}.bib")
        assert result.exit_code == 0, result.output
    order = ["DBLP:conf/spire/BastMW06", "DBLP:conf/spire/2006"]
    assert _entry_order((folder / "library.bib").read_text()) == order
    exported = run(runner, "export", "bibtex")
    assert _entry_order(exported.output) == order
    assert DBLP_PAPER in exported.output and DBLP_VOLUME in exported.output


def test_an_export_puts_a_crossref_target_after_its_entries(runner, folder):
    """A library written by hand with the volume first: the export reorders, the library
    keeps its order."""
    (folder / "library.bib").write_text(DBLP_VOLUME + "\n" + DBLP_PAPER)
    exported = run(runner, "export", "bibtex")
    assert exported.exit_code == 0, exported.output
    assert _entry_order(exported.output) == ["DBLP:conf/spire/BastMW06", "DBLP:conf/spire/2006"]
    assert (folder / "library.bib").read_text() == DBLP_VOLUME + "\n" + DBLP_PAPER


# Another work filed under the volume's key (made for this test).
OTHER_UNDER_VOLUME_KEY = """@article{DBLP:conf/spire/2006,
  author = {Someone Else},
  title = {A Different Work Entirely},
  journal = {J},
  year = {2010}
}
"""


@pytest.mark.parametrize(
    ("library", "key"),
    [
        pytest.param(OTHER_UNDER_VOLUME_KEY, "DBLP:conf/spire/2006a", id="key-taken"),
        pytest.param(
            DBLP_VOLUME.replace("{DBLP:conf/spire/2006,", "{spire2006,"), "spire2006", id="held"
        ),  # the volume, its key line changed
    ],
)
def test_a_crossref_follows_its_target_to_the_key_it_gets(runner, folder, library, key):
    """The file's volume gets another key (a suffix, as another entry has its key; or the
    library's key for the same volume): the paper's crossref names it by that key, not
    another entry or none, and the row says so."""
    (folder / "library.bib").write_text(library)
    (folder / "dblp.bib").write_text(DBLP_PAPER + "\n" + DBLP_VOLUME)
    result = run(runner, "import", folder / "dblp.bib")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"its crossref 'DBLP:conf/spire/2006' follows that entry's key, '{key}'" in said
    text = (folder / "library.bib").read_text()
    paper = DBLP_PAPER.replace("{DBLP:conf/spire/2006}", "{" + key + "}")
    assert paper in text
    assert text.index(paper) < text.index("{" + key + ",")  # where BibTeX reads it
    checked = run(runner, "check")
    assert "names no entry" not in checked.output
    again = run(runner, "import", folder / "dblp.bib")
    assert again.exit_code == 0 and "0 new, 0 merged, 2 skipped" in again.output, again.output
    assert (folder / "library.bib").read_text() == text


def test_check_warns_of_a_crossref_that_names_no_entry(runner, folder):
    (folder / "library.bib").write_text(DBLP_PAPER)
    checked = run(runner, "check")
    assert (
        "DBLP:conf/spire/BastMW06: warning: crossref 'DBLP:conf/spire/2006' names no entry "
        "of the library" in checked.output
    )


def test_add_bibtex_keeps_a_crossref_naming_its_volume(runner, folder):
    """`add --bibtex` gives keys as import does: the paper's crossref follows the volume
    to its suffixed key, and the volume comes after the paper."""
    (folder / "library.bib").write_text(OTHER_UNDER_VOLUME_KEY)
    (folder / "dblp.bib").write_text(DBLP_PAPER + "\n" + DBLP_VOLUME)
    result = run(runner, "add", "--bibtex", folder / "dblp.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    assert (
        "DBLP:conf/spire/BastMW06: its crossref 'DBLP:conf/spire/2006' follows that entry's "
        "key, 'DBLP:conf/spire/2006a'" in " ".join(result.output.split())
    )
    text = (folder / "library.bib").read_text()
    assert "crossref  = {DBLP:conf/spire/2006a}," in text
    assert text.index("{DBLP:conf/spire/BastMW06,") < text.index("{DBLP:conf/spire/2006a,")


def _crossref_targets_before_children(text: str) -> list[str]:
    starts = {m.group(1).lower(): m.start() for m in re.finditer(r"(?m)^@\w+\{([^,]+),", text)}
    early = []
    for entry in re.finditer(r"(?ms)^@\w+\{([^,]+),(.*?)^\}", text):
        target = re.search(r"\bcrossref\s*=\s*[{\"]([^}\"]+)", entry.group(2))
        if target and starts.get(target.group(1).strip().lower(), len(text)) < entry.start():
            early.append(entry.group(1))
    return early


def test_a_real_bibliography_keeps_every_crossref_readable(runner, folder):
    """tests/data/bib/plume-heaps.bib (mernst/plume-bib heaps.bib): 83 crossrefs to
    @proceedings written after them; sorted by key, 32 volumes came before a paper
    naming them. And each @string definition left out is named with its line."""
    source = DATA / "bib" / "plume-heaps.bib"
    assert _crossref_targets_before_children(source.read_text()) == []
    result = run(runner, "import", source)
    assert result.exit_code == 0, result.output
    assert _crossref_targets_before_children((folder / "library.bib").read_text()) == []
    exported = run(runner, "export", "bibtex")
    assert _crossref_targets_before_children(exported.output) == []
    said = " ".join(result.output.split())
    assert (
        "11 @string definitions not imported, as no entry uses them: ai (line 15), bstj "
        "(line 16), clang (line 18), sigarch (line 21), BROWN (line 25), SIAM (line 33), UCB "
        "(line 34), HR (line 41); also at lines 42, 44, 45"
    ) in said


def test_a_crossref_merge_fills_names_the_volume_by_its_library_key(runner, folder):
    """The library holds the paper without its crossref and the volume under its own
    key (both lines changed for the test): --merge fills the crossref, naming the volume
    as the library knows it."""
    volume = DBLP_VOLUME.replace("{DBLP:conf/spire/2006,", "{spire2006,")
    paper = DBLP_PAPER.replace("  crossref  = {DBLP:conf/spire/2006},\n", "")
    (folder / "library.bib").write_text(paper + "\n" + volume)
    (folder / "dblp.bib").write_text(DBLP_PAPER + "\n" + DBLP_VOLUME)
    result = run(runner, "import", folder / "dblp.bib", "--merge")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "filled crossref" in said
    assert "its crossref 'DBLP:conf/spire/2006' follows that entry's key, 'spire2006'" in said
    assert "crossref = {spire2006}" in (folder / "library.bib").read_text()
    assert "names no entry" not in run(runner, "check").output


# biblatex-examples.bib (tests/data/bib): a volume of Knuth's five, and the whole work
# naming its volumes in `related`.
KNUTH_VOLUME_AND_WHOLE = r"""@book{knuth:ct:b,
  author       = {Knuth, Donald E.},
  title        = {{\TeX}: The Program},
  date         = 1986,
  maintitle    = {Computers \& Typesetting},
  volume       = {B},
  publisher    = {Addison-Wesley},
  location     = {Reading, Mass.},
}

@mvbook{knuth:ct:related,
  author       = {Knuth, Donald E.},
  title        = {Computers \& Typesetting},
  date         = {1984/1986},
  volumes      = 5,
  publisher    = {Addison-Wesley},
  location     = {Reading, Mass.},
  related      = {knuth:ct:a,knuth:ct:b,knuth:ct:c,knuth:ct:d,knuth:ct:e},
  relatedtype  = {multivolume},
}
"""


def test_a_related_list_follows_a_key_the_import_changes(runner, folder):
    """Another work holds `knuth:ct:b` (made for this test): the volume comes in as
    `knuth:ct:ba`, and the whole still names that volume among its related entries."""
    (folder / "library.bib").write_text(
        OTHER_UNDER_VOLUME_KEY.replace("DBLP:conf/spire/2006", "knuth:ct:b")
    )
    (folder / "knuth.bib").write_text(KNUTH_VOLUME_AND_WHOLE)
    result = run(runner, "import", folder / "knuth.bib")
    assert result.exit_code == 0, result.output
    text = (folder / "library.bib").read_text()
    assert "@book{knuth:ct:ba," in text
    assert "related      = {knuth:ct:a,knuth:ct:ba,knuth:ct:c,knuth:ct:d,knuth:ct:e}," in text
    said = " ".join(result.output.split())
    assert (
        "its related 'knuth:ct:a,knuth:ct:b,knuth:ct:c,knuth:ct:d,knuth:ct:e' follows the keys "
        "of the entries it names" in said
    )


# biblatex-examples.bib (tests/data/bib): a @set and one of its members (its journal
# macro written out, as the excerpt leaves out the @string block).
SET_AND_MEMBER = r"""@set{set,
  entryset     = {herrmann,aksin,yoon},
  annotation   = {A \texttt{set} with three members.},
}

@article{aksin,
  author       = {Aks{\i}n, {\"O}zge and T{\"u}rkmen, Hayati and Artok, Levent
                  and {\c{C}}etinkaya, Bekir and Ni, Chaoying and
                  B{\"u}y{\"u}kg{\"u}ng{\"o}r, Orhan and {\"O}zkal, Erhan},
  title        = {Effect of immobilization on catalytic characteristics of
                  saturated {Pd-N}-heterocyclic carbenes in {Mizoroki-Heck}
                  reactions},
  journaltitle = {J. Organomet. Chem.},
  date         = 2006,
  volume       = 691,
  number       = 13,
  pages        = {3027-3036},
  indextitle   = {Effect of immobilization on catalytic characteristics},
}
"""


def test_a_set_names_its_member_by_the_key_the_import_gives_it(runner, folder):
    (folder / "library.bib").write_text(
        OTHER_UNDER_VOLUME_KEY.replace("DBLP:conf/spire/2006", "aksin")
    )
    (folder / "set.bib").write_text(SET_AND_MEMBER)
    result = run(runner, "import", folder / "set.bib")
    assert result.exit_code == 0, result.output
    text = (folder / "library.bib").read_text()
    assert "@article{aksina," in text
    assert "  entryset     = {herrmann,aksina,yoon},\n" in text
    said = " ".join(result.output.split())
    assert "@set 'set': its entryset names its members by the keys the import gave them" in said


def test_check_warns_of_a_crossref_target_before_its_entry(runner, folder):
    """A library written by hand, or an entry given its crossref by --merge, can hold the
    volume first: BibTeX then misses what the paper inherits, so check says so."""
    (folder / "library.bib").write_text(DBLP_VOLUME + "\n" + DBLP_PAPER)
    checked = run(runner, "check")
    assert (
        "DBLP:conf/spire/BastMW06: warning: crossref 'DBLP:conf/spire/2006' comes before this "
        "entry (line 1), where BibTeX does not read it; move that entry after this one"
    ) in " ".join(checked.output.split())
    (folder / "library.bib").write_text(DBLP_PAPER + "\n" + DBLP_VOLUME)
    assert "crossref" not in run(runner, "check").output
