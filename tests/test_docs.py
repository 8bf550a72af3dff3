"""Docs stay true: every command has help and a docs page, every console example prints
what its page shows (tests/console_examples.py), and the README's set-up is what CI runs."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from console_examples import (
    COMMANDS,
    PAGES,
    REGENERATE,
    UPDATE_ENV,
    Sandbox,
    compare,
    first_words,
    page_path,
    parse_page,
    regenerate,
)

from mibib.cli import app

ROOT = Path(__file__).resolve().parents[1]


def command_paths(typer_app: typer.Typer, prefix: str = "") -> list[tuple[str, object]]:
    group = typer.main.get_group(typer_app)
    found = []

    def walk(command, path: str) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, f"{path} {name}".strip())
        else:
            found.append((path, command))

    walk(group, prefix)
    return found


def test_every_command_has_help_and_a_line_in_the_commands_page():
    page = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    commands = command_paths(app)
    assert len(commands) >= 6
    for path, command in commands:
        assert (command.help or "").strip(), f"`mibib {path}` has no help text"
        assert f"| `mibib {path}" in page, f"docs/commands.md does not list `mibib {path}`"


def test_the_readme_links_every_docs_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        if page.name != "collection-notes.md":
            assert f"(docs/{page.name})" in readme, f"README.md does not link docs/{page.name}"


def test_readme_states_the_set_up_commands_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    set_up = [
        "python3 -m venv .venv && . .venv/bin/activate && python3 -m pip install -e '.[test]'"
        " && mibib list --category superposition",
        "python3 -m pytest",
    ]
    for line in set_up:
        assert f"\n$ {line}\n" in readme, f"README.md does not show `$ {line}`"
        assert f"\n{line}\n" in ci, f".ci/run does not run `{line}` as the README shows it"
    assert readme.index("$ python3 -m venv") < readme.index("<!-- mibib:start -->")


@pytest.mark.parametrize("name", PAGES)
def test_console_examples_print_what_the_page_shows(name, tmp_path_factory):
    """Runs the page's examples in order in one sandbox; with MIBIB_UPDATE_DOCS=1 it
    writes what they print into the page instead."""
    path = page_path(name)
    text = path.read_text(encoding="utf-8")
    blocks = parse_page(text)
    sandbox = Sandbox(tmp_path_factory.mktemp("docs"), tmp_path_factory.mktemp("cache"))
    failures, printed = [], {}
    for block in blocks:
        if block.skip:
            continue
        for example in block.examples:
            where = f"{path.relative_to(ROOT)}:{example.line}"
            unknown = set(first_words(example.command)) - COMMANDS
            assert not unknown, (
                f"{where}: `$ {example.command}` runs {', '.join(sorted(unknown))}: examples "
                "run mibib and shell basics only; put <!-- docs-test: skip: REASON --> "
                "on the line above the block's fence if it cannot run here"
            )
            printed[example.line] = sandbox.run(example)
            diff = compare(example, printed[example.line])
            if diff:
                failures.append(
                    f"{where}: `$ {example.command}` printed something else:\n" + "\n".join(diff)
                )
    if os.environ.get(UPDATE_ENV) == "1":
        path.write_text(regenerate(text, printed, blocks), encoding="utf-8")
        return
    assert not failures, (
        "\n\n".join(failures) + "\n\nIf the new output is right, write it into the page with\n"
        f"    {REGENERATE} -k '{name}'\nand review the change with `git diff`."
    )


def test_the_pages_run_many_examples_and_skip_few():
    blocks = [block for name in PAGES for block in parse_page(page_path(name).read_text())]
    run = sum(len(block.examples) for block in blocks if not block.skip)
    skipped = [block for block in blocks if block.skip]
    assert run >= 30
    assert len(skipped) <= 8, [block.skip for block in skipped]


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]], ids=["lint", "fmt"])
def test_code_is_ruff_clean(args):
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (it comes with the test extra)")
    done = subprocess.run([ruff, *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
