"""`mibib import --fetch` and `mibib update` fill what a list does not give, from a local
server replaying recorded arXiv and doi.org answers (never the real APIs)."""

import json
import re

import server

from mibib.cli import app

FILLABLE = """\
# Reading list

## Papers

- [heat-bath random walks with markov bases](https://arxiv.org/abs/1605.08386)
- [Fingerprints of Galactic Loop I on the Cosmic Microwave Background](https://arxiv.org/pdf/1404.1899v2)
- [The Structure of Ordinary Water](https://doi.org/10.1126/science.169.3946.635)
- [A Paper Nobody Knows](https://arxiv.org/abs/2301.99999) (ICLR 2023)
"""


def entries(runner) -> dict[str, dict]:
    result = runner.invoke(app, ["list", "--json"])
    return {entry["title"]: entry for entry in json.loads(result.stdout)}


def test_fetch_fills_authors_year_and_title_case_from_arxiv_and_doi(runner, empty, sources):
    (empty / "list.md").write_text(FILLABLE)
    result = runner.invoke(app, ["import", "list.md", "--fetch"])
    assert result.exit_code == 0, result.output
    found = entries(runner)
    heat = found["Heat-bath random walks with Markov bases"]  # arXiv's casing
    assert heat["authors"] == ["Caprice Stanley", "Tobias Windisch"]
    assert heat["year"] == 2016
    loop = found["Fingerprints of Galactic Loop I on the Cosmic Microwave Background"]
    assert loop["authors"][0] == "Hao Liu"
    water = found["The Structure of Ordinary Water"]
    assert (water["authors"], water["year"]) == (["Henry S. Frank"], 1970)
    assert water["doi"] == "10.1126/science.169.3946.635"
    unknown = found["A Paper Nobody Knows"]
    assert (unknown["authors"], unknown["year"]) == ([], 2023)  # what the list gives
    assert "Filled from arXiv and DOIs (4 entries asked): author in 3, title in 1, year in 1" in (
        result.output
    )
    assert "Not found by the sources (1): 2301.99999" in result.output
    # One request for the arXiv ids, one for the DOI (a redirect and its target).
    assert len(sources.arxiv_requests()) == 1
    written = (empty / "library.bib").read_text()
    assert "author = {Stanley, Caprice and Windisch, Tobias}" in written


def test_fetched_answers_are_cached(runner, empty, sources):
    (empty / "list.md").write_text(FILLABLE)
    assert runner.invoke(app, ["import", "list.md", "--fetch", "--dry-run"]).exit_code == 0
    first = len(sources.arxiv_requests())
    assert runner.invoke(app, ["import", "list.md", "--fetch", "--dry-run"]).exit_code == 0
    asked = [request["query"] for request in sources.arxiv_requests()[first:]]
    assert all("1605.08386" not in query and "1404.1899" not in query for query in asked)


class FakeClock:
    """Time that passes only when mibib sleeps: spacing is asserted without waiting."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_arxiv_is_asked_in_batches_of_100_ids_three_seconds_apart(
    runner, empty, sources, monkeypatch
):
    from mibib.sources import http

    clock = FakeClock()
    monkeypatch.setattr(http, "now", clock.time)
    monkeypatch.setattr(http, "sleep", clock.sleep)
    monkeypatch.setenv("MIBIB_ARXIV_INTERVAL", "3")
    sent: list[float] = []
    real_attempt = http._attempt

    def timed_attempt(*args, **kwargs):
        sent.append(clock.time())
        return real_attempt(*args, **kwargs)

    monkeypatch.setattr(http, "_attempt", timed_attempt)
    lines = [f"- [Paper Number {n}](https://arxiv.org/abs/2301.{n:05d})\n" for n in range(250)]
    (empty / "many.md").write_text("## Papers\n\n" + "".join(lines))
    result = runner.invoke(app, ["import", "many.md", "--fetch", "--dry-run"])
    assert result.exit_code == 0, result.output
    asked = [request["query"] for request in sources.arxiv_requests()]
    sizes = [len(query.split("id_list=")[1].split("&")[0].split(",")) for query in asked]
    assert sizes == [100, 100, 50]
    gaps = [round(later - earlier, 6) for earlier, later in zip(sent, sent[1:], strict=False)]
    assert gaps == [3.0, 3.0]
    assert "Not found by the sources (250)" in result.output


def test_offline_says_so_in_one_line_and_imports_what_the_list_gives(runner, empty, monkeypatch):
    port = server.closed_port()
    monkeypatch.setenv("MIBIB_ARXIV_API", f"http://127.0.0.1:{port}/api/query")
    monkeypatch.setenv("MIBIB_DOI_API", f"http://127.0.0.1:{port}/doi")
    monkeypatch.setenv("MIBIB_HTTP_RETRIES", "0")
    (empty / "list.md").write_text(FILLABLE)
    result = runner.invoke(app, ["import", "list.md", "--fetch"])
    assert result.exit_code == 0, result.output
    offline = [line for line in result.output.splitlines() if line.startswith("Offline:")]
    assert offline == [
        "Offline: arXiv could not be asked (cannot connect ([Errno 111] Connection refused)); "
        "doi.org could not be asked (cannot connect ([Errno 111] Connection refused)); "
        "imported what the list gives (run again with --fetch later)"
    ]
    assert len(entries(runner)) == 4


def test_update_fills_authors_and_year_an_entry_lacks(runner, collection, sources, monkeypatch):
    monkeypatch.setenv("MIBIB_S2_API", f"http://127.0.0.1:{server.closed_port()}")
    (collection / "library.bib").write_text(
        "@misc{heat,\n  title = {Heat-bath random walks with Markov bases},\n"
        "  eprint = {1605.08386},\n  archivePrefix = {arXiv}\n}\n"
    )
    monkeypatch.setattr("mibib.sources.semanticscholar.fetch_publication", lambda arxiv_id: None)
    result = runner.invoke(app, ["update", "--yes"])
    assert result.exit_code == 0, result.output
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.output)
    assert "author: (none) -> Stanley, Caprice and Windisch, Tobias  (arXiv)" in output
    assert "year: (none) -> 2016  (arXiv)" in output
    written = (collection / "library.bib").read_text()
    assert "author = {Stanley, Caprice and Windisch, Tobias}" in written


def test_a_title_unlike_the_source_s_is_kept_and_reported(runner, empty, sources):
    (empty / "list.md").write_text(
        "## Papers\n\n- [Random Walks (our nickname)](https://arxiv.org/abs/1605.08386)\n"
    )
    result = runner.invoke(app, ["import", "list.md", "--fetch"])
    assert result.exit_code == 0, result.output
    assert (
        "Note: line 3: the list calls 1605.08386 'Random Walks (our nickname)' but arXiv says "
        "'Heat-bath random walks with Markov bases' (kept the list's title; check the link)"
    ) in result.output
    found = entries(runner)["Random Walks (our nickname)"]
    assert found["authors"] == ["Caprice Stanley", "Tobias Windisch"]
