"""`mibib import` on real paper lists nobody here wrote (../shared/data/awesome-lists).

Each list is imported once per test session into a fresh `mibib init` collection (the
`imported` fixture); the tests then check what a maintainer would: at least 90% of the
entries PROVENANCE.md counts, each with a title and a link to the paper; an arXiv id
wherever the entry links arXiv; authors wherever the list prints them; no entry named
after a badge, a link label, a heading or a navigation link; and an exported README
whose table of contents resolves. Then one check per list for the quirks PROVENANCE
describes.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SHARED
from typer.testing import CliRunner

from mibib.cli import app
from mibib.export.anchors import Slugger, fenced_lines, find_headings
from mibib.importers.links import arxiv_id_of
from mibib.importers.markdown import read_list

LISTS = SHARED / "data" / "awesome-lists"
REFERENCE = SHARED / "data" / "awesome-mi-lm-papers" / "README.final.md"
# file -> (entries PROVENANCE.md counts, whether the list prints authors)
COUNTS = {
    "cooperleong00__Awesome-LLM-Interpretability.md": (281, False),
    "ruizheliUOA__Awesome-Interpretability-in-Large-Language-Models.md": (198, False),
    "atfortes__Awesome-LLM-Reasoning.md": (145, True),
    "itsqyh__Awesome-LMMs-Mechanistic-Interpretability.md": (72, False),
    "jxzhangjhu__Awesome-LLM-Uncertainty-Reliability-Robustness.md": (179, True),
    "REAL-Lab-NU__Awesome-OpenClaw-Research.md": (74, False),
    "weleen__awesome-agent.md": (83, False),
    "AIoT-MLSys-Lab__Efficient-Diffusion-Model-Survey.md": (115, False),
    "EdinburghNLP__awesome-hallucination-detection.md": (150, False),
    "README.final.md": (85, False),  # the reference list: 85 paper rows (and 9 tools)
}
LABELS = {
    "paper", "code", "arxiv", "pdf", "github", "link", "here", "project", "website", "blog",
    "video", "demo", "doc", "docs", "tutorial", "slides", "openreview", "stars", "star",
    "contents", "table of contents", "back to top", "back to table of contents", "doi",
}  # fmt: skip

pytestmark = pytest.mark.skipif(
    not LISTS.is_dir(), reason="the shared example lists (../shared/data) are not here"
)


def link_targets(text: str) -> list[tuple[int, str]]:
    """(line, anchor) of every in-page link `](#anchor)` outside code fences."""
    return [
        (number, anchor)
        for number, line, fenced in fenced_lines(text)
        if not fenced
        for anchor in re.findall(r"\]\(#([^)\s]+)\)", line)
    ]


@dataclass
class Imported:
    path: Path
    text: str
    reading: object  # markdown.ListReading: the entries as read, before matching
    output: str  # the import report
    entries: list[dict]  # `mibib list --json` after the import
    readme: str  # `mibib export readme --stdout`


_CACHE: dict[str, Imported] = {}


@pytest.fixture(scope="session")
def imported(tmp_path_factory):
    """Import a list once per session into its own `mibib init` collection."""

    def load(name: str) -> Imported:
        if name not in _CACHE:
            path = REFERENCE if name == REFERENCE.name else LISTS / name
            folder = tmp_path_factory.mktemp(name.split("__")[0][:20])
            with pytest.MonkeyPatch.context() as patch:
                patch.chdir(folder)
                patch.setenv("MIBIB_CACHE_DIR", str(folder / "cache"))
                patch.setenv("TTY_COMPATIBLE", "0")  # rows as tab-separated lines
                patch.setenv("COLUMNS", "200")
                for variable in ("MIBIB_LIBRARY", "MIBIB_TAXONOMY", "MIBIB_NO_CACHE"):
                    patch.delenv(variable, raising=False)
                runner = CliRunner()
                assert runner.invoke(app, ["init"]).exit_code == 0
                if not (folder / "README.md").exists():
                    (folder / "README.md").write_text(
                        "# List\n\n<!-- mibib:start -->\n<!-- mibib:end -->\n"
                    )
                result = runner.invoke(app, ["import", str(path)])
                assert result.exit_code == 0, result.output
                listed = runner.invoke(app, ["list", "--json"])
                readme = runner.invoke(app, ["export", "readme", "--stdout"])
                assert readme.exit_code == 0, readme.output
                checked = runner.invoke(app, ["check"])
                assert checked.exit_code == 0 and ", 0 errors," in checked.output, checked.output
            text = path.read_text(encoding="utf-8")
            _CACHE[name] = Imported(
                path, text, read_list(text), result.output, json.loads(listed.stdout), readme.stdout
            )
        return _CACHE[name]

    return load


@pytest.mark.parametrize("name", COUNTS)
def test_at_least_nine_in_ten_entries_are_found_each_with_title_and_link(imported, name):
    found = imported(name)
    expected, _ = COUNTS[name]
    items = found.reading.items
    assert len(items) >= 0.9 * expected, f"{len(items)} of about {expected} entries"
    assert all(item.title and item.url for item in items)
    # Every entry read is planned: new, merged, skipped (listed twice) or a conflict.
    summary = re.search(r"(\d+) new, (\d+) merged, (\d+) skipped, (\d+) conflict", found.output)
    assert sum(map(int, summary.groups())) == len(items)


@pytest.mark.parametrize("name", COUNTS)
def test_every_entry_that_links_arxiv_has_its_id(imported, name):
    found = imported(name)
    for item in found.reading.items:
        linked = [arxiv_id_of(href) for href in item.links if arxiv_id_of(href)]
        if linked:
            assert item.arxiv in linked, (item.line, item.title)
    in_library = {entry["arxiv"] for entry in found.entries if entry["arxiv"]}
    read = {item.arxiv for item in found.reading.items if item.arxiv}
    assert in_library <= read
    # An id missing from the library belongs to an entry the plan joined to another one
    # (listed again) or set apart (a conflict): the report's rows say which.
    rows = {int(row.split("\t")[0]): row.split("\t")[1] for row in found.output.splitlines()
            if re.match(r"\d+\t", row)}  # fmt: skip
    for item in found.reading.items:
        if item.arxiv and item.arxiv not in in_library:
            assert rows.get(item.line) in ("skipped", "conflict"), (item.line, item.title)


@pytest.mark.parametrize("name", [name for name, (_, authors) in COUNTS.items() if authors])
def test_authors_are_read_wherever_the_list_prints_them(imported, name):
    found = imported(name)
    with_authors = [entry for entry in found.entries if entry["authors"]]
    assert len(with_authors) >= 0.97 * len(found.entries)


@pytest.mark.parametrize("name", COUNTS)
def test_no_entry_is_named_by_a_badge_label_heading_or_navigation(imported, name):
    found = imported(name)
    lines = found.text.splitlines()
    headings = {
        " ".join(re.sub(r"[^\w\s]", " ", heading.text).lower().split())
        for heading in find_headings(found.text)
        if "](http" not in lines[heading.line - 1]  # a heading that links a paper is one
    }
    for entry in found.entries:
        title = " ".join(re.sub(r"[^\w\s]", " ", entry["title"]).lower().split())
        assert title not in LABELS, entry["title"]
        assert title not in headings, entry["title"]
        assert not re.match(r"^\[?\W*(ICLR|ICML|NeurIPS|ACL|EMNLP|arxiv)\W*\d*\W*\]?$", title)
        assert "shields.io" not in entry["title"] and "![" not in entry["title"]
        assert not entry["title"].endswith((".", "\\", "|", "*"))


@pytest.mark.parametrize("name", COUNTS)
def test_exported_readme_has_a_table_of_contents_that_resolves(imported, name):
    readme = imported(name).readme
    slugger = Slugger()
    anchors = {slugger.slug(heading.text) for heading in find_headings(readme)}
    targets = link_targets(readme)
    assert len(targets) >= 3
    assert [(line, anchor) for line, anchor in targets if anchor not in anchors] == []


def entry(found: Imported, title: str) -> dict:
    matches = [entry for entry in found.entries if entry["title"].startswith(title)]
    assert len(matches) == 1, (title, [match["title"] for match in matches])
    return matches[0]


def test_atfortes_numbered_bold_links_with_indented_author_lines(imported):
    found = imported("atfortes__Awesome-LLM-Reasoning.md")
    sketch = entry(found, "Sketch-of-Thought")
    assert sketch["title"].endswith("Sketching")  # the period inside the link text is gone
    assert sketch["authors"] == ["Simon A. Aytes", "Jinheon Baek", "Sung Ju Hwang"]
    assert (sketch["year"], sketch["arxiv"]) == (2025, "2503.05179")
    towards = entry(found, "Towards Reasoning in Large Language Models: A Survey")
    assert (towards["venue"], towards["year"]) == ("ACL Findings", 2023)
    embodied = entry(found, "Embodied-Reasoner")  # the author line follows without a blank
    assert embodied["authors"][:2] == ["Wenqi Zhang", "Mengna Wang"]
    assert "Emmanuel Candès" in {name for e in found.entries for name in e["authors"]}
    sections = set(found.output.split("Entries per section:")[1].split("\n"))
    # HTML headings are sections; the year headings under them are years, not sections.
    assert "  Technique > Reasoning in Large Language Models - An Emergent Ability: 85" in sections
    assert not any(re.search(r"\b20\d\d:", line) for line in sections)
    assert not [e for e in found.entries if "LLM Reasoners" in e["title"]]  # a tool


def test_itsqyh_link_text_is_the_title_and_badge_disagreements_are_reported(imported):
    found = imported("itsqyh__Awesome-LMMs-Mechanistic-Interpretability.md")
    tam = entry(found, "Token Activation Map to Visually Explain Multimodal LLMs")
    assert tam["arxiv"] == "2411.16198"  # the title's link, kept
    assert "'Token Activation Map to Visually Explai…' links arXiv 2411.16198, 2506.23270; " in (
        found.output.replace("\n", " ")
    )
    assert not [e for e in found.entries if e["title"] == "Token Activation Map for VLLM"]
    survey = entry(found, "A Survey on Sparse Autoencoders")
    assert (survey["arxiv"], survey["year"]) == ("2503.05613", 2025)


def test_jxzhangjhu_paragraphs_with_hard_breaks(imported):
    found = imported("jxzhangjhu__Awesome-LLM-Uncertainty-Reliability-Robustness.md")
    reliable = entry(found, "Prompting GPT-3 To Be Reliable")
    assert (reliable["venue"], reliable["year"], reliable["arxiv"]) == ("ICLR", 2023, "2210.09150")
    assert reliable["authors"][:2] == ["Chenglei Si", "Zhe Gan"]
    ambiguity = entry(found, "We're Afraid Language Models Aren't Modeling Ambiguity")
    assert ambiguity["authors"] and ambiguity["arxiv"]  # its title line ends in `\ `
    # Entries inside HTML comments are not read.
    assert not [e for e in found.entries if "Social Biases" in e["title"]]
    # Blog posts of "# Resources" are not papers; its reports with PDFs are.
    assert not [e for e in found.entries if e["title"] == "GPT Is an Unreliable Information Store"]


def test_real_lab_html_rows_title_from_the_cell_and_paper_label_link(imported):
    found = imported("REAL-Lab-NU__Awesome-OpenClaw-Research.md")
    rl = entry(found, "OpenClaw-RL: Train Any Agent Simply by Talking")
    assert (rl["arxiv"], rl["year"]) == ("2603.10165", 2026)
    clone = entry(found, "SkillClone: Multi-Modal Clone Detection")
    assert (clone["venue"], clone["year"]) == ("ASE", 2026)
    assert not [e for e in found.entries if e["title"].lower() in ("paper", "stars")]
    # Industry reports (company blogs) and tools (GitHub stars) are left out.
    assert not [e for e in found.entries if e["title"].startswith("Viral AI, Invisible Risks")]
    assert not [e for e in found.entries if "/" in e["title"] and "openclaw" in e["title"]]


def test_weleen_sections_under_a_contents_heading_and_venue_tails(imported):
    found = imported("weleen__awesome-agent.md")
    openvla = entry(found, "OpenVLA")
    assert (openvla["year"], openvla["arxiv"]) == (2024, "2406.09246")
    react = entry(found, "ReAct: Synergizing Reasoning and Acting")
    assert (react["venue"], react["year"]) == ("ICLR", 2023)
    lab = entry(found, "Agent Laboratory")
    assert lab["arxiv"] == "2501.04227"  # the id in a huggingface.co/papers link
    assert "  Robotics: " in found.output and "Table of Contents >" not in found.output
    assert not [e for e in found.entries if e["title"] in ("LangChain", "OpenAI", "RSS2024")]

    # The tail after the title is venue, year and team: never the TL;DR.
    def item(title: str):
        (found_item,) = [item for item in found.reading.items if item.title.startswith(title)]
        return found_item

    actor = item("A actor-based architecture")
    assert (actor.venue, actor.year, actor.affiliation, actor.tldr) == (
        "IEEE Intelligent Systems and their Applications", 1999, "UIUC", ""
    )  # fmt: skip
    assert (item("ARMOR").affiliation, item("OpenVLA").affiliation, item("OpenVLA").tldr) == (
        "CMU & Apple", "Stanford", ""
    )  # fmt: skip
    assert item("Think Twice, Act Once").affiliation == "ZJU & PKU"
    assert not [e for e in found.entries if e["tldr"] in ("Stanford", "Google DeepMind", "UIUC")]


def test_aiot_bold_venue_prefix_plain_title_and_paper_labels(imported):
    found = imported("AIoT-MLSys-Lab__Efficient-Diffusion-Model-Survey.md")
    audio = entry(found, "AudioLDM: Text-to-Audio Generation with Latent Diffusion Models")
    assert (audio["venue"], audio["year"], audio["arxiv"]) == ("ICML", 2023, "2301.12503")
    assert not [e for e in found.entries if e["title"].startswith("FlashAttention")]
    assert "an HTML comment is never closed" in found.output


def test_edinburgh_heading_entries_and_a_paper_linked_from_a_sub_bullet(imported):
    found = imported("EdinburghNLP__awesome-hallucination-detection.md")
    entropy = entry(found, "Detecting hallucinations in large language models using semantic")
    assert entropy["url"] == "https://www.nature.com/articles/s41586-024-07421-0"
    survey = entry(found, "A Survey on Hallucination in Large Language Models: Principles")
    assert survey["arxiv"] == "2311.05232"
    assert not [e for e in found.entries if "Extrinsic and Intrinsic" in e["title"]]
    assert "  Papers and Summaries: " in found.output


def test_cooperleong00_bracketed_venue_links_and_nested_entries(imported):
    found = imported("cooperleong00__Awesome-LLM-Interpretability.md")
    review = entry(found, "A Practical Review of Mechanistic Interpretability")
    assert (review["arxiv"], review["year"]) == ("2407.02646", 2024)
    reply = entry(found, "A Reply to Makelov et al.")  # a nested bullet, its own entry
    assert reply["arxiv"] == "2401.12631"
    assert not [
        e for e in found.entries if e["title"] in ("TransformerLens", "Neel Nanda's Channel")
    ]


def test_ruizheli_tables_and_tool_bullets(imported):
    found = imported("ruizheliUOA__Awesome-Interpretability-in-Large-Language-Models.md")
    knowledge = entry(found, "Knowledge Mechanisms in Large Language Models")
    assert (knowledge["venue"], knowledge["year"], knowledge["arxiv"]) == (
        "EMNLP",
        2024,
        "2407.15017",
    )
    assert not [e for e in found.entries if e["title"] in ("TransformerLens", "nnsight", "Penzai")]
