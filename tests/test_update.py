"""`mibib update` against local arXiv and Semantic Scholar servers (never the real APIs)."""

import json
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

S2_DATA = Path(__file__).parent / "data" / "s2"
LIBRARY = """\
@comment{Preprints whose metadata has moved on.}

@misc{liu2014fingerprints,
  title = {Fingerprints of Galactic Loop I on the Cosmic Microwave Background},
  author = {Liu, Hao and Mertsch, Philipp and Sarkar, Subir},
  year = {2014},
  eprint = {1404.1899v1},
  archivePrefix = {arXiv},
  mibib-categories = {universality}
}

@article{stanley2016heat,
  title     = {Heat-bath random walks with Markov bases},
  author    = {Stanley, Caprice and Windisch, Tobias},
  journal   = {arXiv preprint arXiv:1605.08386},
  year      = {2016},
  url       = {https://arxiv.org/abs/1605.08386},
  mibib-categories = {universality}
}

@software{nanda2022transformerlens,
  title = {TransformerLens},
  year = {2022},
  url = {https://github.com/TransformerLensOrg/TransformerLens}
}
"""


class S2Server(ThreadingHTTPServer):
    """Answers /graph/v1/paper/arXiv:ID from tests/data/s2/arXiv_ID.json, else the recorded 404;
    behaviours queued in `script` (status, body, headers) answer the next requests instead."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _S2Handler)
        self.requests: list[dict] = []
        self.script: list[tuple[int, bytes, dict]] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.02}).start()


class _S2Handler(BaseHTTPRequestHandler):
    server: S2Server

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        parsed = urllib.parse.urlsplit(self.path)
        self.server.requests.append({"path": parsed.path, "query": parsed.query, **self.headers})
        if self.server.script:
            status, body, headers = self.server.script.pop(0)
        else:
            name = urllib.parse.unquote(parsed.path.rsplit("/", 1)[-1]).replace(":", "_")
            path = S2_DATA / f"{name}.json"
            found = parsed.path.startswith("/graph/v1/paper/") and path.is_file()
            status = 200 if found else 404
            body = (path if found else S2_DATA / "paper-not-found-404.json").read_bytes()
            headers = {"Content-Type": "application/json"}
        self.send_response(status)
        for key, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


def plain(text: str) -> str:
    """Terminal output without its styles (bold and dim stay under NO_COLOR)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.fixture
def sources(sources, monkeypatch, collection):
    """The recorded arXiv answers and a Semantic Scholar server, over LIBRARY."""
    (collection / "library.bib").write_text(LIBRARY, encoding="utf-8")
    s2 = S2Server()
    monkeypatch.setenv("MIBIB_S2_API", s2.url)
    monkeypatch.setenv("MIBIB_S2_INTERVAL", "0")
    yield sources, s2
    s2.shutdown()
    s2.server_close()


def test_update_shows_the_changes_and_writes_nothing(invoke, collection, sources):
    result = invoke("update")
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in plain(result.stdout).splitlines()]
    assert lines[:4] == [
        "liu2014fingerprints",
        "  eprint: 1404.1899v1 -> 1404.1899v2  (arXiv)",
        "  howpublished: (none) -> Astrophys. J. 789 (2014) L29  (arXiv)",
        "  doi: (none) -> 10.1088/2041-8205/789/2/L29  (arXiv)",
    ]
    assert lines[4:9] == [
        "stanley2016heat",
        "  journal: arXiv preprint arXiv:1605.08386 -> Bernoulli  (Semantic Scholar)",
        "  year: 2016 -> 2018  (Semantic Scholar)",
        "  doi: (none) -> 10.3150/17-BEJ1009  (Semantic Scholar)",
        "  mibib-tldr: (none) -> Heat-bath random walks on the fibers of a Markov basis mix "
        "fast when the basis is augmented suitably.  (Semantic Scholar)",
    ]
    assert lines[-1] == "Proposed 7 changes to 2 entries; run again with --yes to apply them."
    assert "Semantic Scholar" in result.stderr  # the progress bar, on a terminal's stderr
    assert (collection / "library.bib").read_text(encoding="utf-8") == LIBRARY


def test_update_yes_rewrites_only_the_changed_fields(invoke, collection, sources):
    result = invoke("update", "--yes")
    assert result.exit_code == 0, result.output
    assert plain(result.stdout).splitlines()[-1] == "Applied 7 changes to 2 entries."
    text = (collection / "library.bib").read_text(encoding="utf-8")
    expected = LIBRARY.replace("1404.1899v1", "1404.1899v2")
    expected = expected.replace(
        "  archivePrefix = {arXiv},\n  mibib-categories",
        "  archivePrefix = {arXiv},\n  howpublished = {Astrophys. J. 789 (2014) L29},\n"
        "  doi = {10.1088/2041-8205/789/2/L29},\n  mibib-categories",
    )
    expected = expected.replace("{arXiv preprint arXiv:1605.08386}", "{Bernoulli}")
    expected = expected.replace("year      = {2016}", "year      = {2018}")
    expected = expected.replace(
        "  mibib-categories = {universality}\n}\n\n@software",
        "  doi = {10.3150/17-BEJ1009},\n  mibib-categories = {universality},\n"
        "  mibib-tldr = {Heat-bath random walks on the fibers of a Markov basis mix fast when "
        "the basis is augmented suitably.}\n}\n\n@software",
    )
    assert text == expected
    again = invoke("update")
    assert again.exit_code == 0, again.output
    assert plain(again.stdout).strip() == "Nothing to update (2 entries with an arXiv id checked)."


def test_update_json_lists_the_changes(invoke, sources):
    result = invoke("update", "stanley2016heat", "--json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)
    assert changes[0] == {
        "key": "stanley2016heat",
        "field": "journal",
        "old": "arXiv preprint arXiv:1605.08386",
        "new": "Bernoulli",
        "source": "Semantic Scholar",
    }
    assert [change["field"] for change in changes] == ["journal", "year", "doi", "mibib-tldr"]


def test_update_asks_both_sources_with_a_descriptive_user_agent(invoke, sources):
    arxiv, s2 = sources
    assert invoke("update", "stanley2016heat").exit_code == 0
    assert invoke("update", "stanley2016heat").exit_code == 0
    assert len(arxiv.arxiv_requests()) == 2, "update must not answer from the arXiv cache"
    request = s2.requests[0]
    assert request["path"] == "/graph/v1/paper/arXiv:1605.08386"
    assert request["query"] == "fields=venue,year,externalIds,tldr"
    assert request["User-Agent"].startswith("mibib/")


def test_a_paper_semantic_scholar_does_not_know_gets_only_arxiv_changes(invoke, sources):
    arxiv, s2 = sources
    body = (S2_DATA / "paper-not-found-404.json").read_bytes()
    s2.script.append((404, body, {"Content-Type": "application/json"}))
    result = invoke("update", "stanley2016heat")
    assert result.exit_code == 0, result.output
    assert "Nothing to update (1 entry with an arXiv id checked)." in result.output


def test_rate_limited_answers_are_retried_after_the_time_asked(invoke, sources):
    arxiv, s2 = sources
    s2.script.append((429, b'{"message": "Too Many Requests"}', {"Retry-After": "0"}))
    result = invoke("update", "stanley2016heat")
    assert result.exit_code == 0, result.output
    assert len(s2.requests) == 2
    assert "journal: arXiv preprint arXiv:1605.08386 -> Bernoulli" in result.output


def test_a_failing_semantic_scholar_stops_with_one_line_and_writes_nothing(
    invoke, collection, sources
):
    arxiv, s2 = sources
    s2.script.extend([(500, b"oops", {})] * 3)
    result = invoke("update", "--yes")
    assert result.exit_code == 1
    assert "Error: Semantic Scholar lookup of arXiv:1404.1899 failed: HTTP 500" in result.output
    assert (collection / "library.bib").read_text(encoding="utf-8") == LIBRARY


def test_an_entry_without_an_arxiv_id_is_skipped_with_a_warning(invoke, sources):
    result = invoke("update", "nanda2022transformerlens")
    assert result.exit_code == 0, result.output
    assert "Warning: nanda2022transformerlens: no arXiv id" in result.output
    assert "Nothing to update (0 entries with an arXiv id checked)." in result.output


def test_an_unknown_key_is_an_error(invoke, sources):
    result = invoke("update", "nobody2020")
    assert result.exit_code == 1
    assert "Error: no entry with key 'nobody2020'" in result.output


def test_an_id_arxiv_does_not_know_is_reported_and_the_rest_updated(invoke, collection, sources):
    library = collection / "library.bib"
    library.write_text(
        LIBRARY.replace("@software{", "@misc{ghost2023,\n  eprint = {2301.99999}\n}\n\n@software{"),
        encoding="utf-8",
    )
    result = invoke("update")
    assert result.exit_code == 0, result.output
    assert "Warning: arXiv does not know 2301.99999 (withdrawn, or a wrong id?)" in result.output
    assert "Proposed 7 changes to 2 entries" in result.output


def test_the_progress_bar_is_drawn_only_on_a_terminal(monkeypatch):
    import io

    from rich.console import Console

    import mibib.cli.update as update_module
    from mibib import console

    for terminal, drawn in ((False, False), (True, True)):
        stream = io.StringIO()
        fake = Console(file=stream, force_terminal=terminal, width=80)
        monkeypatch.setattr(console, "stderr", lambda fake=fake: fake)
        with update_module._progress(3) as advance:
            for _ in range(3):
                advance()
        assert ("Semantic Scholar" in stream.getvalue()) is drawn


def test_offline_update_says_so_in_one_short_line_and_writes_nothing(
    invoke, collection, monkeypatch
):
    """No server listening: many ids are counted, and --bibtex (an add option) is not offered."""
    import socket

    entries = "\n".join(
        f"@misc{{paper{number},\n  title = {{Paper {number}}},\n"
        f"  eprint = {{2301.{number:05d}}}\n}}\n"
        for number in range(41)
    )
    (collection / "library.bib").write_text(entries, encoding="utf-8")
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.setenv("MIBIB_ARXIV_API", f"http://127.0.0.1:{port}/api/query")
    monkeypatch.setenv("MIBIB_ARXIV_INTERVAL", "0")
    monkeypatch.setenv("MIBIB_HTTP_RETRIES", "0")
    result = invoke("update", "--yes")
    assert result.exit_code == 1
    (line,) = result.output.splitlines()
    assert line.startswith(
        "Error: arXiv lookup for 41 ids (2301.00000, 2301.00001, 2301.00002, …) failed:"
    )
    assert line.endswith("; try again later; nothing was changed")
    assert "--bibtex" not in line and len(line) < 200
    assert (collection / "library.bib").read_text(encoding="utf-8") == entries
