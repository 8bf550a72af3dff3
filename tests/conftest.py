"""Shared fixtures: a CLI runner, temp collections (the sample one, one made by `init`,
one with an empty library), the recorded sources' server, no network."""

import json
import shutil
import socket
from pathlib import Path

import pytest
import server
from hypothesis import settings
from typer.testing import CliRunner

from mibib.cli import app

DATA = Path(__file__).parent / "data"
# The real BibTeX files that byte-preservation and read-back tests run on.
REAL_FILES = [
    pytest.param(DATA / "library.bib", id="sample"),
    pytest.param(DATA / "bib" / "biblatex-examples.bib", id="biblatex-examples"),
    pytest.param(DATA / "bib" / "plume-heaps.bib", id="plume-heaps"),
    pytest.param(DATA / "bib" / "mi-papers.bib", id="mi-papers-crlf-mixed"),
    pytest.param(DATA / "bib" / "crossref-one-line.bib", id="crossref-one-line"),
]
# Property tests draw the same examples on every run, so a run is never red by the luck of
# the draw; `pytest --hypothesis-profile=explore` draws new ones (and keeps what fails).
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("default")
# The shared example data beside the clone (../shared), or beside a folder holding it.
SHARED = next(
    (
        folder / "shared"
        for folder in Path(__file__).resolve().parents
        if (folder / "shared" / "data").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared",
)


@pytest.fixture
def wide_console(monkeypatch):
    """A console 400 columns wide: report tables show each reason whole."""
    from mibib import console

    monkeypatch.setenv("COLUMNS", "400")
    console.stdout.cache_clear()
    yield
    console.stdout.cache_clear()


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path_factory):
    """No test reads the user's cache or environment, or reaches beyond this machine."""
    monkeypatch.setenv("MIBIB_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    for name in ("MIBIB_LIBRARY", "MIBIB_TAXONOMY", "MIBIB_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    # Output as a terminal shows it (tables, not piped lines), without colour codes.
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("::1", "localhost")):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def collection(tmp_path, monkeypatch) -> Path:
    """A temp folder holding copies of tests/data's library.bib and taxonomy.toml, as cwd."""
    for name in ("library.bib", "taxonomy.toml"):
        shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def empty(runner, tmp_path, monkeypatch) -> Path:
    """A collection made by `mibib init`, as cwd."""
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["init"]).exit_code == 0
    return tmp_path


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A collection with the sample taxonomy and an empty library.bib, as cwd."""
    shutil.copy(DATA / "taxonomy.toml", tmp_path / "taxonomy.toml")
    (tmp_path / "library.bib").write_text("")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def sources(monkeypatch):
    """The local server replaying recorded arXiv, doi.org and Semantic Scholar answers
    (tests/server.py), with mibib pointed at it."""
    fixture = server.start(monkeypatch)
    yield fixture
    fixture.stop()


@pytest.fixture
def invoke(runner, collection):
    """Run `mibib ARGS…` in the temp collection; returns the click Result."""

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input)

    return run


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a failure (the
    browser tests save a screenshot then)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def run(runner, *args, input=None):
    """The CLI run in process with these arguments (paths and numbers as text)."""
    return runner.invoke(app, [str(arg) for arg in args], input=input)


def listed(runner) -> dict[str, dict]:
    """The collection's entries by key, as `mibib list --json` gives them."""
    result = run(runner, "list", "--json")
    assert result.exit_code == 0, result.output
    return {entry["key"]: entry for entry in json.loads(result.stdout)}
