"""Importing a file again changes nothing: every real list and .bib file, through the CLI.

A maintainer re-runs `mibib import` after the list gained papers; what the first import
wrote must come back as "skipped", also the entries identity's rule could not decide on
(short titles with no year or authors, entries set apart from another one's id, a
`crossref` entry whose year lives in its proceedings).
"""

import json
from pathlib import Path

import pytest
from conftest import SHARED

from mibib.cli import app

DATA = SHARED / "data"
FILES = sorted(
    [
        *(DATA / "awesome-lists").glob("*__*.md"),
        DATA / "awesome-mi-lm-papers" / "README.final.md",
        *(DATA / "bib").glob("*.bib"),
    ]
)

SHARED_HERE = pytest.mark.skipif(
    not (DATA / "awesome-lists").is_dir(), reason="the shared example data is not here"
)


def collection_files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in ("library.bib", "taxonomy.toml")}


@SHARED_HERE
@pytest.mark.parametrize("path", FILES, ids=[path.name.split("__")[0] for path in FILES])
def test_importing_a_file_again_adds_and_changes_nothing(runner, empty, path):
    first = runner.invoke(app, ["import", str(path)])
    assert first.exit_code == 0, first.output
    written = collection_files(empty)
    again = runner.invoke(app, ["import", str(path)])
    assert again.exit_code == 0, again.output
    summary = again.output.strip().splitlines()[-1]
    assert summary.startswith("0 new, 0 merged, "), summary
    assert " 0 conflict" in summary and "possible duplicate" not in summary
    assert collection_files(empty) == written


def test_entries_no_rule_tells_apart_come_back_as_themselves(runner, empty):
    """Equal fields under two keys are two entries (a possible duplicate) the first time
    and the same two entries the second; so are a list's rows set apart from an id
    another entry holds, equal but for their sections."""
    (empty / "journal.bib").write_text(
        "@article{ed84a,\n  title = {Editorial},\n  journal = {TUGboat},\n  year = 1984\n}\n\n"
        "@article{ed84b,\n  title = {Editorial},\n  journal = {TUGboat},\n  year = 1984\n}\n\n"
        "@misc{Caud88,\n  author = {Caudill, Patrick J.},\n  note = {personal communication}\n}\n",
        encoding="utf-8",
    )
    paper = "[Paper](https://arxiv.org/abs/2602.08412)"
    (empty / "list.md").write_text(
        "# Agents\n\n## Attacks\n\n- [From Assistant to Double Agent: Attacking Personal "
        "Agents](https://arxiv.org/abs/2602.08412), 2026\n\n"
        "## Benchmarks\n\n| Name | Note | Link |\n| --- | --- | --- |\n"
        f"| PASB | memory makes injection persistent | {paper} |\n\n"
        "## Datasets\n\n| Name | Note | Link |\n| --- | --- | --- |\n"
        f"| PASB | personalized agent security bench | {paper} |\n",
        encoding="utf-8",
    )
    for name, undecided in (("journal.bib", "1 possible duplicate"), ("list.md", "2 conflict")):
        first = runner.invoke(app, ["import", name])
        assert first.exit_code == 0, first.output
        assert undecided in first.output
        written = collection_files(empty)
        again = runner.invoke(app, ["import", name])
        assert again.exit_code == 0, again.output
        assert again.output.strip().splitlines()[-1].startswith("0 new, 0 merged, ")
        assert collection_files(empty) == written
    listed = runner.invoke(app, ["list", "--json"])
    assert len(json.loads(listed.stdout)) == 6


def test_a_list_with_chinese_headings_comes_back_under_the_same_sections(runner, empty):
    """friedrichor/Deep-Learning-Paper-List: `# 多模态` over `### 多模态综述` and `### 经典模型`.
    The new categories' keys fall back to `section`, `section-section`…; their titles,
    not punctuation-blind keys, name them again, so the second import adds no section."""
    survey = "[Multimodal Machine Learning: A Survey and Taxonomy](https://ieeexplore.ieee.org/document/8269806)"
    vilt = "[ViLT: Vision-and-Language Transformer](http://proceedings.mlr.press/v139/kim21k.html)"
    table = "|paper|源码|收录|\n|:-:|:-:|:-:|\n"
    (empty / "list.md").write_text(
        f"# 多模态\n\n### 多模态综述\n\n{table}|{survey}|-|IEEE 2019|\n\n"
        f"### 经典模型\n\n{table}|{vilt}|[code](https://github.com/dandelin/vilt)|ICML 2021|\n",
        encoding="utf-8",
    )
    first = runner.invoke(app, ["import", "list.md"])
    assert first.exit_code == 0, first.output
    written = collection_files(empty)
    again = runner.invoke(app, ["import", "list.md"])
    assert again.output.strip().splitlines()[-1].startswith("0 new, 0 merged, 2 skipped")
    assert collection_files(empty) == written
