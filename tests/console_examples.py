"""Run the console examples of README.md, CONTRIBUTING.md and docs/*.md as a reader would.

A console example is a ```console block: lines starting with `$ ` are commands, the
lines under one are what it prints (stdout and stderr, colours stripped, trailing
spaces ignored). The examples of one page run in order, in one sandbox: a temp copy
of the shipped collection (library.bib, taxonomy.toml, README.md, committed in a
fresh git repository), so a page can tag an entry and then show `git diff`; `cd`
carries over to the next command. Every run is offline: the arXiv, DOI and Semantic
Scholar addresses point at a closed port on 127.0.0.1.

- An output line `…` alone ends what the page shows: the rest is not compared.
- Commands print as on an 80-column terminal, except where the line pipes or redirects
  their output (`| cut -f1`, `> out.txt`): then as for a program.
- `$ cat FILE`, when FILE is not in the sandbox, writes the lines shown into it: the
  page defines the file a later command reads.
- A block whose fence is directly preceded by `<!-- docs-test: skip: REASON -->` is
  not run (a reason is required): set-up that installs mibib, a key press, a network
  lookup without a recorded answer. Keep those few.

`MIBIB_UPDATE_DOCS=1 python3 -m pytest tests/test_docs.py` writes what the commands
print into the pages instead (review the result with `git diff`).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["README.md", "CONTRIBUTING.md", *sorted(p.name for p in (ROOT / "docs").glob("*.md"))]
COLLECTION = ("library.bib", "taxonomy.toml", "README.md")
# What a page may run besides mibib: the shell commands a reader types around it.
COMMANDS = {"mibib", "cat", "cd", "mkdir", "git", "echo", "sed", "tail", "head", "ls", "cp", "cut"}
MORE = "…"
SKIP = re.compile(r"^<!-- docs-test: skip: (?P<reason>\S.*?) -->$")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x1b]*\x1b\\")
UPDATE_ENV = "MIBIB_UPDATE_DOCS"
REGENERATE = f"{UPDATE_ENV}=1 python3 -m pytest tests/test_docs.py"


@dataclass
class Example:
    """One command of a console block and the output lines the page shows under it."""

    line: int  # 1-based line of the `$ ` command in the page
    command: str
    shown: list[str] = field(default_factory=list)
    output_lines: tuple[int, int] = (0, 0)  # 0-based [start, end) of the shown lines

    @property
    def partial(self) -> bool:
        return bool(self.shown) and self.shown[-1] == MORE


@dataclass
class Block:
    line: int  # 1-based line of the opening fence
    skip: str | None
    examples: list[Example]


def page_path(name: str) -> Path:
    return ROOT / name if (ROOT / name).exists() else ROOT / "docs" / name


def parse_page(text: str) -> list[Block]:
    """The console blocks of a Markdown page, with their commands and shown output."""
    lines = text.split("\n")
    blocks, number = [], 0
    while number < len(lines):
        if lines[number].strip() != "```console":
            number += 1
            continue
        above = lines[number - 1].strip() if number else ""
        skip = SKIP.match(above)
        block = Block(number + 1, skip.group("reason") if skip else None, [])
        number += 1
        while number < len(lines) and lines[number].strip() != "```":
            if lines[number].startswith("$ "):
                block.examples.append(Example(number + 1, lines[number][2:].strip()))
                block.examples[-1].output_lines = (number + 1, number + 1)
            elif block.examples:
                example = block.examples[-1]
                example.shown.append(lines[number].rstrip())
                example.output_lines = (example.output_lines[0], number + 1)
            number += 1
        blocks.append(block)
        number += 1
    return blocks


class Sandbox:
    """A temp copy of the shipped collection, in git, where a page's commands run."""

    def __init__(self, folder: Path, cache: Path):
        self.folder = folder
        self.cwd = folder / "collection"
        self.cwd.mkdir()
        for name in COLLECTION:
            shutil.copy(ROOT / name, self.cwd / name)
        bin_dir = folder / "bin"
        bin_dir.mkdir()
        shim = bin_dir / "mibib"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mibib "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
        offline = f"http://127.0.0.1:{_closed_port()}"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("MIBIB_", "GIT_")) and key not in ("FORCE_COLOR", "CI")
        }
        self.env.update(
            PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            HOME=str(folder),
            COLUMNS="80",
            LINES="50",
            TTY_COMPATIBLE="1",  # output as a terminal shows it, unless the line pipes it
            NO_COLOR="1",
            TERM="dumb",
            MIBIB_CACHE_DIR=str(cache),
            MIBIB_ARXIV_API=f"{offline}/api/query",
            MIBIB_DOI_API=offline,
            MIBIB_S2_API=offline,
            MIBIB_HTTP_RETRIES="0",
            GIT_CONFIG_GLOBAL=os.devnull,
            GIT_CONFIG_NOSYSTEM="1",
            GIT_AUTHOR_NAME="Ada Reader",
            GIT_AUTHOR_EMAIL="ada@example.org",
            GIT_COMMITTER_NAME="Ada Reader",
            GIT_COMMITTER_EMAIL="ada@example.org",
            GIT_AUTHOR_DATE="2025-01-01T00:00:00Z",
            GIT_COMMITTER_DATE="2025-01-01T00:00:00Z",
        )
        for argv in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-qm", "Collection"]):
            subprocess.run(["git", *argv], cwd=self.cwd, env=self.env, check=True)

    def run(self, example: Example) -> list[str]:
        """What the command prints, as the page would show it."""
        if (definition := _file_defined(example, self.cwd)) is not None:
            definition.parent.mkdir(parents=True, exist_ok=True)
            definition.write_text("\n".join(example.shown) + "\n", encoding="utf-8")
            return list(example.shown)
        mark = self.folder / "cwd"
        script = 'cd "$1" || exit 1; eval "$2"; status=$?; pwd > "$3"; exit $status'
        piped = {"TTY_COMPATIBLE": "0"} if stdout_redirected(example.command) else {}
        done = subprocess.run(
            ["bash", "-c", script, "docs", str(self.cwd), example.command, str(mark)],
            env={**self.env, **piped},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
        )
        self.cwd = Path(mark.read_text(encoding="utf-8").strip())
        output = ANSI.sub("", done.stdout).split("\n")
        lines = [line.rstrip() for line in output]
        while lines and not lines[-1]:
            lines.pop()
        return lines


def _file_defined(example: Example, cwd: Path) -> Path | None:
    """The file a `$ cat FILE` defines: one the sandbox does not have yet."""
    words = example.command.split()
    if len(words) == 2 and words[0] == "cat" and not (cwd / words[1]).exists():
        return cwd / words[1]
    return None


def _closed_port() -> int:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        return unused.getsockname()[1]


def stdout_redirected(command: str) -> bool:
    """Whether the line pipes or redirects stdout (`| cut`, `> out.txt`), where mibib
    prints for programs (tab-separated lines) instead of for a terminal."""
    import shlex

    tokens = list(shlex.shlex(command, posix=True, punctuation_chars=True))
    return any(
        token in ("|", ">", ">>") and not (token != "|" and index and tokens[index - 1] == "2")
        for index, token in enumerate(tokens)
    )


def first_words(command: str) -> list[str]:
    """The program of each step of a shell line (`a && b | c` -> a, b, c)."""
    import shlex

    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    words, expect_program = [], True
    for token in lexer:
        if token in ("&&", "||", "|", ";"):
            expect_program = True
        elif expect_program:
            words.append(token)
            expect_program = False
    return words


def compare(example: Example, printed: list[str]) -> list[str] | None:
    """None when the output is what the page shows, else a unified diff."""
    import difflib

    shown = example.shown[:-1] if example.partial else example.shown
    actual = printed[: len(shown)] if example.partial else printed
    if shown == actual:
        return None
    return list(difflib.unified_diff(shown, actual, "shown", "printed", lineterm=""))


def regenerate(text: str, results: dict[int, list[str]], blocks: list[Block]) -> str:
    """The page with each run command's shown output replaced by what it printed."""
    lines = text.split("\n")
    for block in reversed(blocks):
        for example in reversed(block.examples):
            if example.line not in results:
                continue
            printed = results[example.line]
            if example.partial:
                kept = max(len(example.shown) - 1, 1)
                printed = printed[:kept] + ([MORE] if len(printed) > kept else [])
            start, end = example.output_lines
            lines[start:end] = printed
    return "\n".join(lines)
