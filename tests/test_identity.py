"""One rule for "the same paper": a table of hard pairs, each given the same answer by the
rule itself and by every path that decides (import of .bib and Markdown, add, check and
the git merge driver)."""

from pathlib import Path

import pytest

from mibib.cli import app
from mibib.identity.index import find_duplicates_within
from mibib.identity.same import (
    CONFLICT,
    POSSIBLE,
    SAME,
    compare,
    distinguishing_tokens,
    is_distinctive,
    titles_agree,
)
from mibib.library import parse_library

DATA = Path(__file__).parent / "data"
DIFFERENT = "different"


def bib(key: str, entry_type: str = "article", **fields: str) -> str:
    lines = [f"@{entry_type}{{{key},"] + [
        f"  {name} = {{{value}}}," for name, value in fields.items()
    ]
    return "\n".join(lines) + "\n}\n"


QWEN = "Yang, An and Yang, Baosong and Hui, Binyuan"
TUG = "TUGboat"

# (id, first entry, second entry, answer). The keys sort first before second.
PAIRS = [
    pytest.param(
        bib("a_qwen2", "misc", title="Qwen2 Technical Report", author=QWEN, year="2024",
            eprint="2407.10671", archivePrefix="arXiv"),
        bib("b_qwen25", "misc", title="Qwen2.5 Technical Report", author=QWEN, year="2024",
            eprint="2412.15115", archivePrefix="arXiv"),
        DIFFERENT, id="qwen2-vs-qwen2.5",
    ),
    pytest.param(
        bib("a_qwen25", "misc", title="Qwen2.5 Technical Report", author=QWEN, year="2024",
            url="https://arxiv.org/abs/2412.15115"),
        bib("b_qwen3", "misc", title="Qwen3 Technical Report", author=QWEN, year="2025",
            url="https://arxiv.org/abs/2505.09388v1"),
        DIFFERENT, id="qwen2.5-vs-qwen3",
    ),
    pytest.param(
        bib("a_qwen2", "misc", title="Qwen2 Technical Report", author=QWEN, year="2024"),
        bib("b_qwen25", "misc", title="{Qwen2.5} technical report", author=QWEN, year="2024"),
        DIFFERENT, id="qwen-versions-without-ids",
    ),
    pytest.param(
        bib("a_july23", "misc", title="Circuits Updates -- July 2023", year="2023",
            url="https://transformer-circuits.pub/2023/july-update/index.html"),
        bib("b_july24", "misc", title="Circuits Updates -- July 2024", year="2024",
            url="https://transformer-circuits.pub/2024/july-update/index.html"),
        DIFFERENT, id="circuits-updates-2023-vs-2024",
    ),
    pytest.param(
        bib("a_update", "misc", title="Circuits Updates", year="2024",
            url="https://transformer-circuits.pub/2024/july-update/"),
        bib("b_update", "misc", title="Circuits Updates", year="2024",
            url="https://transformer-circuits.pub/2024/august-update/"),
        DIFFERENT, id="one-host-two-urls",
    ),
    pytest.param(
        bib("a_letters", title="Letters", journal=TUG, year="1983"),
        bib("b_letters", title="Letters", journal=TUG, year="1984"),
        DIFFERENT, id="letters-two-years",
    ),
    pytest.param(
        bib("a_editorial", title="Editorial", author="Beeton, Barbara", journal=TUG, year="1984"),
        bib("b_editorial", title="Editorial", author="Whitney, Ron", journal=TUG, year="1984"),
        DIFFERENT, id="editorial-two-authors",
    ),
    pytest.param(
        bib("a_editorial", title="Editorial", journal=TUG, year="1984", volume="5", number="1",
            pages="1--2"),
        bib("b_editorial", title="Editorial", journal=TUG, year="1984", volume="5", number="2",
            pages="65--66"),
        DIFFERENT, id="one-series-two-issues",
    ),
    pytest.param(
        bib("a_editorial", title="Editorial", journal=TUG, year="1984"),
        bib("b_editorial", title="Editorial", journal=TUG, year="1984"),
        POSSIBLE, id="short-title-nothing-else",
    ),
    pytest.param(
        bib("a_tug", title="{TUG} 1983 financial report", journal=TUG, year="1984"),
        bib("b_tug", title="{TUG} 1984 financial report", journal=TUG, year="1984"),
        DIFFERENT, id="tug-financial-reports",
    ),
    pytest.param(
        bib("a_phi3", "inproceedings", title="Phi-3 Technical Report", author="Abdin, Marah",
            booktitle="Some Venue", year="2024", doi="10.1234/phi3.5678",
            url="https://arxiv.org/abs/2404.14219"),
        bib("b_phi4", "misc", title="Phi-4 Technical Report", author="Abdin, Marah",
            year="2024", eprint="2412.08905", archivePrefix="arXiv"),
        DIFFERENT, id="phi3-doi-venue-vs-phi4-arxiv",
    ),
    pytest.param(
        bib("a_gpt2", title="Probing {GPT-2} for Syntax", author="Doe, Jane", journal="J",
            year="2021"),
        bib("b_gpt3", title="Probing {GPT-3} for Syntax", author="Doe, Jane", journal="J",
            year="2021"),
        DIFFERENT, id="gpt2-vs-gpt3",
    ),
    pytest.param(
        bib("a_part1", title="Neural Networks for Parsing, Part I", author="Doe, Jane",
            journal="J", year="2021"),
        bib("b_part2", title="Neural Networks for Parsing, Part II", author="Doe, Jane",
            journal="J", year="2021"),
        DIFFERENT, id="series-part-i-vs-ii",
    ),
    pytest.param(
        bib("a_rome", "misc", title="Locating and Editing Factual Associations in GPT",
            author="Meng, Kevin", year="2022"),
        bib("b_romba", "misc", title="Locating and Editing Factual Associations in Mamba",
            author="Sharma, Arnab Sen", year="2024"),
        DIFFERENT, id="follow-up-paper",
    ),
    pytest.param(
        bib("a_ioi", "misc", title="Interpretability in the Wild", author="Wang, Kevin",
            year="2022", eprint="2211.00593", archivePrefix="arXiv"),
        bib("b_ioi", "inproceedings", title="Interpretability in the {W}ild",
            author="Wang, Kevin and Variengien, Alexandre", booktitle="ICLR", year="2023"),
        SAME, id="preprint-vs-published",
    ),
    pytest.param(
        bib("a_ioi", "misc", title="Interpretability in the Wild", author="Wang, Kevin",
            year="2022", journal="arXiv preprint arXiv:2211.00593"),
        bib("b_ioi", "inproceedings", title="Interpretability in the Wild", author="Wang, Kevin",
            booktitle="ICLR", year="2023", doi="10.5555/iclr.2023.123"),
        SAME, id="arxiv-preprint-vs-doi-publication",
    ),
    pytest.param(
        bib("a_ioi", "misc", title="Interpretability in the Wild", author="Wang, Kevin",
            year="2022", doi="10.48550/arXiv.2211.00593"),
        bib("b_ioi", "misc", title="Interpretability in the wild", author="Wang, K.",
            year="2022", eprint="2211.00593v2"),
        SAME, id="arxiv-doi-vs-arxiv-id",
    ),
    pytest.param(
        bib("a_doi", title="Transformer Feed-Forward Layers Are Key-Value Memories",
            author="Geva, Mor", year="2021", doi="https://doi.org/10.18653/V1/2021.emnlp-main.446"),
        bib("b_doi", title="Transformer feed-forward layers are key-value memories.",
            year="2020", doi="10.18653/v1/2021.emnlp-main.446"),
        SAME, id="one-doi-two-spellings",
    ),
    pytest.param(
        bib("a_wrong", "misc", title="Toy Models of Superposition", author="Elhage, Nelson",
            year="2022", eprint="2209.10652"),
        bib("b_wrong", "misc", title="Dissecting Recall of Factual Associations",
            author="Geva, Mor", year="2023", url="https://arxiv.org/abs/2209.10652"),
        CONFLICT, id="one-arxiv-id-two-papers",
    ),
    pytest.param(
        bib("a_toy", "misc", title="Toy Models of Superposition", author="Elhage, Nelson",
            year="2022"),
        bib("b_toy", "misc", title="Toy models of superposition.", author="Elhage, N.",
            year="2022", howpublished="Transformer Circuits Thread"),
        SAME, id="title-retyped",
    ),
    pytest.param(
        bib("a_toy", "misc", title="Toy Models of Superposition", author="Elhage, Nelson",
            year="2020", eprint="2209.10652"),
        bib("b_toy", "misc", title="Toy Models of Superposition", author="Elhage, Nelson",
            year="2022", booktitle="Some Workshop"),
        DIFFERENT, id="years-too-far-apart",
    ),
    pytest.param(
        bib("a_neurons", "misc", title="Language models can explain neurons in language models",
            url="https://openaipublic.blob.core.windows.net/neuron-explainer/paper/index.html"),
        bib("b_neurons", "misc", title="Language Models Can Explain Neurons in Language Models",
            url="https://openai.com/research/language-models-can-explain-neurons"),
        SAME, id="distinctive-title-nothing-contradicts",
    ),
    pytest.param(
        bib("a_sae", "misc", title="Sparse Autoencoders Find Highly Interpretable Features",
            url="https://openreview.net/forum?id=F76bwRSLeK"),
        bib("b_sae", "misc", title="Sparse Autoencoders Find Highly Interpretable Features",
            url="https://openreview.net/pdf?id=F76bwRSLeK"),
        SAME, id="one-page-two-urls",
    ),
]  # fmt: skip


def answer_of(first: str, second: str) -> str:
    """The rule's answer for a pair, as `compare` gives it."""
    one, two = parse_library(first + "\n" + second).papers
    found = compare(two, one)
    return DIFFERENT if found is None else found.verdict


@pytest.mark.parametrize(("first", "second", "expected"), PAIRS)
def test_the_rule(first, second, expected):
    assert answer_of(first, second) == expected
    assert answer_of(second, first) == expected  # symmetric


def run(runner, *args):
    return runner.invoke(app, [str(arg) for arg in args])


def keys_in(folder: Path) -> list[str]:
    return [paper.key for paper in parse_library((folder / "library.bib").read_text()).papers]


@pytest.mark.parametrize(("first", "second", "expected"), PAIRS)
def test_import_of_one_bib_file(runner, folder, first, second, expected):
    (folder / "pair.bib").write_text(first + "\n" + second)
    result = run(runner, "import", folder / "pair.bib", "-c", "circuits")
    assert result.exit_code == 0, result.output
    keys = keys_in(folder)
    if expected == SAME:
        assert len(keys) == 1 and "0 conflicts" in result.output
        assert "listed again: joined to line 1" in result.output
    else:
        assert len(keys) == 2, result.output
        assert ("possible duplicate" in result.output) == (expected == POSSIBLE)
        assert ("1 conflict" in result.output) == (expected == CONFLICT)


@pytest.mark.parametrize(("first", "second", "expected"), PAIRS)
def test_import_into_a_library_holding_the_first(runner, folder, first, second, expected):
    (folder / "library.bib").write_text(first)
    (folder / "second.bib").write_text(second)
    result = run(runner, "import", folder / "second.bib")
    assert result.exit_code == 0, result.output
    summary = result.output.strip().splitlines()[-1]
    wanted = {
        SAME: "0 new, 0 merged, 1 skipped, 0 conflicts",
        DIFFERENT: "1 new, 0 merged, 0 skipped, 0 conflicts",
        POSSIBLE: "0 new, 0 merged, 0 skipped, 0 conflicts, 1 possible duplicate",
        CONFLICT: "0 new, 0 merged, 0 skipped, 1 conflict",
    }[expected]
    assert summary.startswith(wanted), summary
    assert len(keys_in(folder)) == (1 if expected == SAME else 2)


@pytest.mark.parametrize(("first", "second", "expected"), PAIRS)
def test_add_bibtex(runner, folder, first, second, expected):
    (folder / "library.bib").write_text(first)
    (folder / "second.bib").write_text(second)
    result = run(runner, "add", "--bibtex", folder / "second.bib", "-c", "circuits")
    if expected in (SAME, CONFLICT):
        assert result.exit_code == 1, result.output
        assert "pass --force" in result.output or "--force" in result.output
        assert len(keys_in(folder)) == 1
        forced = run(runner, "add", "--bibtex", folder / "second.bib", "-c", "circuits", "--force")
        assert forced.exit_code == 0, forced.output
        assert len(keys_in(folder)) == 2
    else:
        assert result.exit_code == 0, result.output
        assert ("may be the same paper" in result.output) == (expected == POSSIBLE)
        assert len(keys_in(folder)) == 2


@pytest.mark.parametrize(("first", "second", "expected"), PAIRS)
def test_check(runner, folder, first, second, expected):
    (folder / "library.bib").write_text(first + "\n" + second)
    result = run(runner, "check")
    lines = [line.split(":") for line in result.output.splitlines()]
    lines = [":".join(parts) for parts in lines if len(parts) > 3 and parts[2].strip()[:2] == "b_"]
    said = " ".join(lines)
    if expected == SAME:
        assert "error:" in said and "; merge them" in said, result.output
    elif expected == CONFLICT:
        assert "error:" in said and "one of them has the wrong id" in said, result.output
    elif expected == POSSIBLE:
        assert "warning: possible duplicate of 'a_" in said, result.output
    else:
        assert "merge them" not in said and "duplicate" not in said and "wrong id" not in said


@pytest.mark.parametrize(("first", "second", "expected"), PAIRS)
def test_merge_driver(runner, tmp_path, first, second, expected):
    base = bib("base2020entry", "misc", title="A Base Entry", author="Base, Ann", year="2020")
    paths = [tmp_path / name for name in ("base.bib", "ours.bib", "theirs.bib")]
    for path, text in zip(paths, (base, base + "\n" + first, base + "\n" + second), strict=True):
        path.write_text(text)
    result = run(runner, "merge-driver", *paths)
    merged = [paper.key for paper in parse_library(paths[1].read_text()).papers]
    assert len(merged) == 3  # the driver never drops an entry
    if expected in (SAME, CONFLICT):
        assert result.exit_code == 1 and "merge conflict: entry 'b_" in result.output
    else:
        assert result.exit_code == 0, result.output
        assert ("may be the same paper" in result.output) == (expected == POSSIBLE)


@pytest.mark.parametrize(
    ("title", "tokens"),
    [
        ("Qwen2.5 Technical Report", ("2.5",)),
        ("GPT-2 Small", ("2",)),
        ("Circuits Updates – July 2024", ("2024", "july")),
        ("Part II: Circuits", ("ii",)),
        ("Toy Models of Superposition", ()),
    ],
)
def test_distinguishing_tokens(title, tokens):
    assert distinguishing_tokens(title) == tokens


def test_short_column_titles_are_not_distinctive():
    for title in ("Editorial", "Letters", "Errata", "Letters to the Editor", "Book reviews"):
        assert not is_distinctive(title)
    assert is_distinctive("Toy Models of Superposition")


def test_titles_sharing_an_id_must_agree_on_their_numbers():
    assert titles_agree("Interpretability in the Wild", "Interpretability in the Wild: a Circuit")
    assert not titles_agree("Qwen2 Technical Report", "Qwen2.5 Technical Report")
    assert not titles_agree("Toy Models of Superposition", "Dissecting Recall")


MARKDOWN = """# A list

## Circuits

- [Qwen2 Technical Report](https://arxiv.org/abs/2407.10671)
- [Qwen2.5 Technical Report](https://arxiv.org/abs/2412.15115)
- [Qwen3 Technical Report](https://arxiv.org/abs/2505.09388)
- [Circuits Updates - July 2023](https://transformer-circuits.pub/2023/july-update/index.html)
- [Circuits Updates - July 2024](https://transformer-circuits.pub/2024/july-update/index.html)
- [Phi-3 Technical Report](https://arxiv.org/abs/2404.14219)
- [Phi-4 Technical Report](https://arxiv.org/abs/2412.08905)
- [TUG 1983 financial report](https://tug.org/TUGboat/tb05-1/tb09report.pdf)
- [TUG 1984 financial report](https://tug.org/TUGboat/tb06-1/tb11report.pdf)

## Superposition

- [Qwen2.5 Technical Report](https://arxiv.org/pdf/2412.15115v2)
- [Circuits Updates - July 2024](https://transformer-circuits.pub/2024/july-update/)
- [Sparse Autoencoders Find Highly Interpretable Features](https://openreview.net/forum?id=F76bwRSLeK)
- [Sparse autoencoders find highly interpretable features](https://arxiv.org/abs/2309.08600)
"""


def test_markdown_list_import_keeps_every_paper_and_joins_only_the_same(runner, folder):
    (folder / "list.md").write_text(MARKDOWN)
    result = run(runner, "import", folder / "list.md")
    assert result.exit_code == 0, result.output
    assert "10 new, 0 merged, 3 skipped, 0 conflicts" in result.output
    papers = parse_library((folder / "library.bib").read_text()).papers
    titles = sorted(paper.title for paper in papers)
    assert titles.count("Qwen2.5 Technical Report") == 1
    assert {"Qwen2 Technical Report", "Qwen3 Technical Report"} <= set(titles)
    assert {"TUG 1983 financial report", "TUG 1984 financial report"} <= set(titles)
    assert {"Phi-3 Technical Report", "Phi-4 Technical Report"} <= set(titles)
    qwen25 = next(paper for paper in papers if paper.title == "Qwen2.5 Technical Report")
    assert qwen25.categories == ["circuits", "superposition"]


def test_add_arxiv_and_doi_follow_the_rule(runner, folder, sources):
    loop = "Fingerprints of Galactic Loop I on the Cosmic Microwave Background"
    cases = [
        # the published version, keyed by its DOI only: the same paper, refused
        (bib("a", title=loop, author="Liu, Hao", journal="ApJL", year="2014",
             doi="10.1088/2041-8205/789/2/L29"), "1404.1899", 1),
        # the preprint keyed by arXiv's DOI: refused before any request
        (bib("a", "misc", title=loop, year="2014", doi="10.48550/arXiv.1404.1899"),
         "1404.1899", 1),
        # published without any id, same title, first author and year: refused
        (bib("a", title=loop, author="Liu, H.", journal="ApJL", year="2014"),
         "arXiv:1404.1899v2", 1),
        # Loop II is another paper
        (bib("a", title=loop.replace("Loop I ", "Loop II "), author="Liu, Hao",
             journal="ApJL", year="2014"), "1404.1899", 0),
        # the same title under another DOI is another work
        (bib("a", title="The Structure of Ordinary Water: New data and interpretations are "
             "yielding new insights into this fascinating substance", author="Frank, Henry S.",
             journal="Science", year="1970", doi="10.1126/science.169.9999.999"),
         "10.1126/science.169.3946.635", 0),
        # the same DOI in capitals: refused
        (bib("a", title="Water", year="1970", doi="10.1126/SCIENCE.169.3946.635"),
         "https://doi.org/10.1126/science.169.3946.635", 1),
    ]  # fmt: skip
    for number, (library, source, code) in enumerate(cases):
        (folder / "library.bib").write_text(library)
        asked = len(sources.requests)
        result = run(runner, "add", source, "-c", "circuits")
        assert result.exit_code == code, (source, library, result.output)
        assert len(keys_in(folder)) == (1 if code else 2)
        assert ("--force" in result.output) == bool(code)
        if number in (1, 5):  # an id already known costs no request
            assert len(sources.requests) == asked


def test_duplicates_within_report_each_entry_once_in_file_order():
    text = "\n".join([
        bib("a", "misc", title="Toy Models of Superposition", author="Elhage, N", year="2022",
            eprint="2209.10652"),
        bib("b", "misc", title="Toy Models of Superposition", author="Elhage, N", year="2022",
            url="https://arxiv.org/abs/2209.10652v2"),
        bib("c", "misc", title="Toy Models of Superposition", author="Elhage, N", year="2022"),
    ])  # fmt: skip
    found = find_duplicates_within(parse_library(text).papers)
    assert [(d.paper.key, d.first.key, d.verdict) for d in found] == [
        ("b", "a", SAME),
        ("c", "a", SAME),
    ]


def generated_bibliography(count: int) -> str:
    """A journal's bibliography: many short repeated titles (one per issue), distinct years,
    issues and authors; @string macros and month macros as such files write them."""
    columns = ["Editorial", "Letters", "Errata", "Book reviews", "From the President", "News"]
    authors = ["Beeton, Barbara", "Whitney, Ron", "Knuth, Donald E.", "Childs, Bart", ""]
    months = ["jan", "apr", "jul", "oct"]
    parts = ['@string{j-TUGboat = "TUGboat"}\n', '@string{ack-nhfb = "Nelson H. F. Beebe"}\n']
    for index in range(count):
        year = 1980 + index % 40
        issue = index // 40
        title = columns[index % len(columns)] if index % 5 else f"On typesetting problem {index}"
        author = authors[index % len(authors)]
        fields = [f"  title = {{{title}}}", "  journal = j-TUGboat", f"  year = {year}"]
        fields += [f"  volume = {{{issue}}}", f"  number = {{{index % 4 + 1}}}"]
        fields += [f"  pages = {{{index}--{index + 1}}}", f"  month = {months[index % 4]}"]
        fields += ["  acknowledgement = ack-nhfb"]
        if author:
            fields.insert(1, f"  author = {{{author}}}")
        parts.append(f"@article{{tb{index:05d},\n" + ",\n".join(fields) + "\n}\n")
    return "\n".join(parts)


def test_a_generated_journal_bibliography_loses_nothing():
    from mibib.features.lint import lint_papers
    from mibib.importers.plan import NEW, plan_import
    from mibib.taxonomy import parse_taxonomy

    papers = parse_library(generated_bibliography(3000)).papers
    actions = plan_import(parse_library(""), papers)
    assert [action.status for action in actions] == [NEW] * 3000
    assert len({action.paper.key for action in actions}) == 3000
    taxonomy = parse_taxonomy((DATA / "taxonomy.toml").read_text())
    problems = lint_papers(papers, taxonomy)
    assert not [problem for problem in problems if "duplicate" in problem.message]
    assert not [problem for problem in problems if "merge them" in problem.message]


def test_a_generated_journal_bibliography_imports_whole(runner, folder):
    (folder / "journal.bib").write_text(generated_bibliography(400))
    result = run(runner, "import", folder / "journal.bib")
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "400 new, 0 merged, 0 skipped, 0 conflicts"
    assert len(keys_in(folder)) == 400
    check = run(runner, "check")
    assert "duplicate" not in check.output and "merge them" not in check.output


def test_the_facts_are_worked_out_again_when_any_field_they_come_from_changes():
    from mibib import model
    from mibib.identity.same import _FACT_FIELDS, facts
    from mibib.model import Paper

    read_by_model = {*model._ARXIV_FIELDS, *model.VENUE_FIELDS, "doi", "title", "author", "year"}
    assert read_by_model <= set(_FACT_FIELDS)
    paper = Paper("k", "misc", {"title": "A Title", "eprint": "2401.00001"})
    assert facts(paper).arxiv == "2401.00001"
    paper.fields["eprint"] = "2402.00002"  # changed in place
    assert facts(paper).arxiv == "2402.00002"
    paper.fields["doi"] = "10.1234/x"
    assert facts(paper).doi == "10.1234/x"
