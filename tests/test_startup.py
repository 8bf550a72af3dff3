"""Start-up stays light: `mibib list` imports only what listing needs.

Start-up time is measured against `python -c "import typer"` (benchmarks/bench.py);
these tests keep the heavy modules of other commands out of it, as a subprocess
sees them after a warm-up run has filled the parse cache.
"""

import os
import subprocess
import sys

import pytest

# Modules of other commands: templates, BibTeX parsing, Markdown lists, fuzzy matching,
# LaTeX, TOML editing and reading (a warm run reads the parse cache), network, XML.
NEVER = (
    "jinja2", "markupsafe", "bibtexparser", "markdown_it", "rapidfuzz", "pylatexenc",
    "tomlkit", "tomllib", "filelock", "platformdirs", "defusedxml", "xml", "http",
    "urllib.request", "socket", "ssl", "email",
    "mibib.bibtex", "mibib.export", "mibib.importers", "mibib.sources", "mibib.title_index",
    "mibib.features.search_index", "mibib.features.lint",
)  # fmt: skip
LISTED = (
    "import sys\nfrom mibib.cli import main\nsys.argv = ['mibib', *sys.argv[1:]]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)))\n"
)


def modules_of(collection, *args: str, terminal: bool) -> set[str]:
    """The modules imported by `mibib ARGS` run a second time (the cache warm)."""
    env = {**os.environ, "TTY_COMPATIBLE": "1" if terminal else "0"}
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", LISTED, *args],
            cwd=collection, env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    return set(done.stderr.rsplit("MODULES ", 1)[1].split())


def imported(modules: set[str], names) -> list[str]:
    return sorted(
        module for module in modules for name in names
        if module == name or module.startswith(name + ".")
    )  # fmt: skip


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "table"])
def test_list_imports_nothing_of_other_commands(collection, terminal):
    modules = modules_of(collection, "list", "--category", "superposition", terminal=terminal)
    assert imported(modules, NEVER) == []
    assert imported(modules, ["json"]) == []  # only --json prints JSON
    if not terminal:
        assert imported(modules, ["rich"]) == []  # piped lines are plain text


def test_list_json_imports_neither_rich_nor_other_commands(collection):
    modules = modules_of(collection, "list", "--json", terminal=True)
    assert imported(modules, [*NEVER, "rich"]) == []
