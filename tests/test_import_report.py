"""The import report: never silent, and sized for long lists (a summary and the rows that
need a look above 50 entries, every row with --verbose, tab-separated lines when piped)."""

import io
import re

import pytest
from conftest import SHARED

from mibib.cli import app

WORDS = [
    "attention", "heads", "superposition", "circuits", "probing", "steering", "grokking",
    "features", "neurons", "memory", "editing", "ablation", "patching", "lenses", "embeddings",
    "tokens", "layers", "residual", "streams", "dictionaries", "sparsity", "universality",
    "saliency", "attribution", "gradients", "training", "dynamics", "phase", "transitions",
    "calibration", "hallucination", "refusal",
]  # fmt: skip
PAIRS = [(i, j) for i in range(len(WORDS)) for j in range(len(WORDS)) if i != j][::13][:60]
TITLES = [f"On {WORDS[i].title()} and {WORDS[j].title()}" for i, j in PAIRS]
SIXTY = (
    "## Papers\n\n"
    + "".join(
        f"- [{t}](https://arxiv.org/abs/2401.{n:05d}), ICLR 2024\n" for n, t in enumerate(TITLES)
    )
    + f"\n## Again\n\n- [{TITLES[7]}](https://arxiv.org/abs/2401.00007)\n"
)
MIXED = """\
# Notes

## Papers

- [Toy Models of Superposition](https://arxiv.org/abs/2209.10652)
- [Paper](https://arxiv.org/abs/2301.05217) [Code](https://github.com/a/b)

## Tools

- [TransformerLens](https://github.com/TransformerLensOrg/TransformerLens)
"""


def plain(text: str) -> str:
    """Terminal output without its styles (bold and dim stay under NO_COLOR)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def rows(output: str) -> list[str]:
    """The table's rows: lines starting with │ and a line number."""
    lines = plain(output).splitlines()
    return [line for line in lines if line.startswith("│") and line[1:6].strip()]


def test_a_short_import_shows_every_row(runner, empty):
    (empty / "list.md").write_text(MIXED)
    result = runner.invoke(app, ["import", "list.md", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "│    5 │ new " in plain(result.output)
    assert "│    6 │ unread " in plain(result.output)  # a paper link without a title
    assert "Entries per section:\n  Papers: 1\n" in result.output
    assert "Left out as not papers (1; --verbose lists them):" in result.output
    assert "  Tools: a tool or link (it links code only): line 10" in result.output
    assert result.output.rstrip().endswith(
        "1 new, 0 merged, 0 skipped, 0 conflicts; 1 left out (not papers), 1 unread "
        "(dry run: nothing written)"
    )


def test_at_80_columns_titles_get_the_room_and_nothing_is_cut(runner, empty, monkeypatch):
    """As `list` does: the key and the reason go under the title, no word is cut with …"""
    from mibib import console

    monkeypatch.setenv("COLUMNS", "80")
    console.stdout.cache_clear()  # a console of this width
    title = "Interpretability in the Wild: a Circuit for Indirect Object Identification"
    (empty / "list.md").write_text(
        f"## Circuits\n\n- [{title} in GPT-2 small](https://arxiv.org/abs/2211.00593)\n"
        f"- [{title} in GPT-2 small](https://arxiv.org/abs/2211.00593v2)\n"
    )
    try:
        result = runner.invoke(app, ["import", "list.md", "--dry-run"])
    finally:
        console.stdout.cache_clear()
    assert result.exit_code == 0, result.output
    table = plain(result.output).split("Entries per section")[0]
    assert "…" not in table
    assert max(len(line) for line in table.splitlines()) <= 80
    cells = " ".join(line.split("│")[3].strip() for line in table.splitlines() if "│" in line)
    assert f"{title} in GPT-2 small interpretability2022wild not in the library" in cells
    assert "listed again: joined to line 3 (its tags and TL;DR too)" in cells


def test_above_fifty_entries_only_the_rows_that_need_a_look(runner, empty):
    (empty / "list.md").write_text(SIXTY)
    result = runner.invoke(app, ["import", "list.md"])
    assert result.exit_code == 0, result.output
    shown = rows(result.output)
    assert len(shown) == 1 and "skipped" in shown[0]  # listed again, in "Again"
    assert "60 new, 0 merged, 1 skipped, 0 conflicts" in result.output
    verbose = runner.invoke(app, ["import", "list.md", "--dry-run", "--verbose"])
    assert len(rows(verbose.output)) == 61


def test_piped_rows_are_tab_separated_and_the_rest_goes_to_stderr(runner, empty, monkeypatch):
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    (empty / "list.md").write_text(MIXED)
    result = runner.invoke(app, ["import", "list.md", "--verbose"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "5\tnew\ttoy2022models\tToy Models of Superposition\tnot in the library",
        "6\tunread\t\tPaper Code\tlinks a paper but names no title",
        "10\tleft out\t\tTransformerLens\ta tool or link (it links code only)",
    ]
    assert "1 new, 0 merged, 0 skipped, 0 conflicts" in result.stderr


def test_a_list_without_a_recognised_entry_stops_naming_the_lines(runner, empty):
    (empty / "list.md").write_text(
        "# Papers\n\n- [PDF](https://arxiv.org/pdf/2301.05217)\n- [arXiv](https://arxiv.org/abs/2209.10652)\n"
    )
    before = (empty / "library.bib").read_bytes()
    result = runner.invoke(app, ["import", "list.md"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: list.md: no paper entries recognised; these lines look like entries but name "
        "no title: line 3: PDF; line 4: arXiv"
    )
    assert (empty / "library.bib").read_bytes() == before


def test_a_file_of_tools_only_stops_and_says_why(runner, empty):
    (empty / "tools.md").write_text(
        "# Tools\n\n- [TransformerLens](https://github.com/TransformerLensOrg/TransformerLens)\n"
    )
    result = runner.invoke(app, ["import", "tools.md"])
    assert result.exit_code == 1
    assert (
        "Error: tools.md: no papers found: its 1 linked items are tools or links" in result.output
    )


@pytest.mark.parametrize("name", ["CHANGELOG.md", "PROVENANCE.md"])
def test_a_file_that_is_not_a_paper_list_yields_nothing_and_says_so(runner, empty, name):
    text = (
        (SHARED / "data" / "awesome-lists" / "PROVENANCE.md").read_text()
        if name == "PROVENANCE.md" and (SHARED / "data").is_dir()
        else "# Changelog\n\n## 0.2.0 (2024-05-01)\n\n- Faster export; see "
        "[#12](https://github.com/x/y/pull/12).\n- Fixed a crash on empty lists.\n"
    )
    (empty / name).write_text(text)
    result = runner.invoke(app, ["import", name])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {name}: no ")
    assert (empty / "library.bib").read_text().strip() == ""


def test_one_progress_bar_covers_reading_matching_and_writing(monkeypatch):
    from rich.console import Console

    import mibib.cli.importer as importer
    from mibib import console

    stream = io.StringIO()
    fake = Console(file=stream, force_terminal=True, width=80)
    monkeypatch.setattr(console, "stderr", lambda: fake)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    seen: list[float] = []
    with importer._Progress(fetching=True) as progress:
        for phase, done, total in [
            ("read", 1, 1), ("fetch", 1, 2), ("fetch", 2, 2), ("match", 5, 10),
            ("match", 10, 10), ("write", 1, 2), ("write", 2, 2),
        ]:  # fmt: skip
            progress.step(phase, done, total)
            seen.append(progress.bar.tasks[0].completed)
    assert seen == sorted(seen) and seen[-1] == progress.total
    assert seen[-2] < progress.total  # matching done is not the end: writing remains
    assert "Writing" in stream.getvalue()


def test_no_progress_bar_when_stderr_is_not_a_terminal():
    import mibib.cli.importer as importer

    with importer._Progress(fetching=False) as progress:
        progress.step("match", 1, 2)
        assert progress.bar is None
