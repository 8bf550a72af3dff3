"""Docs stay true: every command has help and appears in README.md; code is ruff-clean."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

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


def test_every_command_has_help_and_appears_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = command_paths(app)
    assert len(commands) >= 6
    for path, command in commands:
        assert (command.help or "").strip(), f"`mibib {path}` has no help text"
        assert f"mibib {path}" in readme, f"README.md does not mention `mibib {path}`"


def test_readme_states_the_install_and_test_commands_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m pip install -e '.[test]'" in ci
    assert "python3 -m pytest" in ci
    assert "$ python3 -m pip install -e '.[test]' && python3 -m pytest" in readme
    assert "$ python3 -m pip install -e '.[test]' && mibib list --category superposition" in readme


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]], ids=["lint", "fmt"])
def test_code_is_ruff_clean(args):
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (it comes with the test extra)")
    done = subprocess.run([ruff, *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
