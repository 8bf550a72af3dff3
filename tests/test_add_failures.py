"""`mibib add` failures: each exits 1 with one `Error:` line (2 and usage for what was typed
wrong) and writes nothing."""

from pathlib import Path

import pytest
import server

DATA = Path(__file__).parent / "data"
BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol3;</title></entry></feed>'
)


@pytest.fixture
def fails(invoke, collection):
    """Run `mibib add ARGS`; assert exit 1, one `Error:` line, library.bib untouched."""
    library = collection / "library.bib"

    def run(*args: str, input: str | None = None) -> str:
        before = library.read_bytes()
        result = invoke("add", *args, input=input)
        assert result.exit_code == 1, result.output
        errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1, result.output
        assert "Traceback" not in result.output
        assert library.read_bytes() == before
        return errors[0]

    return run


@pytest.fixture
def misused(invoke, collection):
    """Run `mibib add ARGS` typed wrong; assert exit 2 (usage), no traceback, library.bib
    untouched; return the output."""
    library = collection / "library.bib"

    def run(*args: str) -> str:
        before = library.read_bytes()
        result = invoke("add", *args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert library.read_bytes() == before
        return result.output

    return run


@pytest.mark.parametrize(
    ("pasted", "message"),
    [
        pytest.param("2407.0264", "is not a valid arXiv id", id="short-number"),
        pytest.param("2413.01234", "is not a valid arXiv id", id="month-13"),
        pytest.param("arXiv:abc", "neither an arXiv id nor a DOI", id="word"),
        pytest.param("https://example.org/paper", "neither an arXiv id nor a DOI", id="url"),
        pytest.param("foo-th/9901001", "is not a valid arXiv id", id="unknown-archive"),
    ],
)
def test_malformed_id_is_refused_before_any_request(misused, sources, pasted, message):
    assert message in misused(pasted, "-c", "circuits")
    assert sources.requests == []


def test_unknown_id_is_not_found(fails, sources):
    error = fails("2101.00001", "-c", "circuits")
    assert error == "Error: 2101.00001 not found on arXiv (check the id, or use --bibtex FILE)"


def test_one_unknown_id_among_several_adds_nothing(fails, sources):
    assert "2101.00001 not found on arXiv" in fails("1605.08386", "2101.00001", "-c", "circuits")


@pytest.mark.parametrize(
    ("status", "name"), [(400, "error-abc.xml"), (200, "error-malformed-id.xml")]
)
def test_error_feed_reports_arxivs_message(fails, sources, status, name):
    sources.script.append(server.respond(status, server.arxiv_file(name)))
    error = fails("2101.00001", "-c", "circuits")
    assert error.startswith("Error: arXiv refused the request: incorrect id format for ")


def test_timeout(fails, sources, monkeypatch):
    monkeypatch.setenv("MIBIB_HTTP_TIMEOUT", "0.2")
    sources.script.append(server.slow(1.0))
    error = fails("1605.08386", "-c", "circuits")
    assert "arXiv lookup for 1605.08386 failed: no answer within 0.2 s" in error
    assert "--bibtex FILE" in error


def test_connection_refused(fails, monkeypatch):
    monkeypatch.setenv("MIBIB_ARXIV_API", f"http://127.0.0.1:{server.closed_port()}/api/query")
    error = fails("1605.08386", "-c", "circuits")
    assert "arXiv lookup for 1605.08386 failed: cannot connect" in error
    assert "try again later, or add the entry offline with --bibtex FILE" in error


def test_429_is_retried_honouring_retry_after(invoke, sources, monkeypatch):
    monkeypatch.setenv("MIBIB_HTTP_MAX_DELAY", "0.3")
    sources.script.append(server.respond(429, b"slow down", {"Retry-After": "0.3"}))
    sources.script.append(server.respond(503, b"busy", {"Retry-After": "1"}))
    result = invoke("add", "1605.08386", "-c", "circuits", "--dry-run")
    assert result.exit_code == 0, result.output
    first, second, third = sources.arxiv_requests()
    # "0.3" is not a whole number of seconds, so the backoff (0.01 s) applies there;
    # "1" is honoured, up to the 0.3 s cap.
    assert second["time"] - first["time"] < 0.25
    assert third["time"] - second["time"] >= 0.29


def test_503_gives_up_after_bounded_retries(fails, sources):
    sources.script.extend([server.respond(503, b"busy", {"Retry-After": "120"})] * 3)
    error = fails("1605.08386", "-c", "circuits")
    assert error == (
        "Error: arXiv lookup for 1605.08386 failed: HTTP 503 after 3 attempts; try again later,"
        " or add the entry offline with --bibtex FILE or --title/--author/--year"
    )
    assert len(sources.arxiv_requests()) == 3


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [
        pytest.param(
            server.respond(200, server.arxiv_file("1605.08386.xml")[:700]),
            "arXiv's answer is not valid XML",
            id="truncated-xml",
        ),
        pytest.param(
            server.cut_short(server.arxiv_file("1605.08386.xml")[:700], 2000),
            "arXiv lookup for 1605.08386 failed: broken answer",
            id="connection-dropped",
        ),
        pytest.param(
            server.respond(200, b"\x89PNG\r\n\x1a\n garbage"),
            "arXiv's answer is not valid XML",
            id="garbage",
        ),
        pytest.param(
            server.respond(200, b"<html><body>maintenance</body></html>"),
            "arXiv's answer is not an Atom feed",
            id="html",
        ),
        pytest.param(server.respond(200, BOMB), "declares XML entities", id="entity-bomb"),
        pytest.param(server.endless(8), "the answer is larger than 5 MB", id="huge-streamed"),
        pytest.param(
            server.respond(200, b"x" * (5 * 1024 * 1024 + 1)),
            "the answer is larger than 5 MB",
            id="huge-declared",
        ),
        pytest.param(server.respond(404, b"gone"), "failed: HTTP 404", id="http-404"),
    ],
)
def test_broken_answers(fails, sources, behaviour, message):
    sources.script.append(behaviour)
    assert message in fails("1605.08386", "-c", "circuits")


def test_broken_answers_are_not_cached(invoke, sources):
    sources.script.append(server.respond(200, b"garbage"))
    assert invoke("add", "1605.08386", "-c", "circuits", "--dry-run").exit_code == 1
    assert invoke("add", "1605.08386", "-c", "circuits", "--dry-run").exit_code == 0


def test_unknown_doi(fails, sources):
    error = fails("10.1234/does-not-exist", "-c", "circuits")
    assert error == (
        "Error: DOI 10.1234/does-not-exist not found at doi.org (check it, or use --bibtex FILE)"
    )


def test_doi_without_bibtex(fails, sources):
    sources.script.append(server.respond(200, b"<html>landing page</html>"))
    assert "no BibTeX in the answer" in fails("10.1126/science.169.3946.635", "-c", "circuits")


def test_doi_with_unreadable_bibtex(fails, sources):
    sources.script.append(server.respond(200, b"@article{x, title = {unclosed"))
    assert "unreadable BibTeX in the answer" in fails("10.1126/x", "-c", "circuits")


def test_doi_timeout(fails, sources, monkeypatch):
    monkeypatch.setenv("MIBIB_HTTP_TIMEOUT", "0.2")
    sources.script.append(server.slow(1.0))
    assert "DOI lookup for 10.1126/x failed: no answer within 0.2 s" in fails(
        "10.1126/x", "-c", "circuits"
    )


def test_duplicate_arxiv_id_in_any_version_costs_no_request(fails, sources):
    error = fails("2309.08600v3", "-c", "circuits")
    assert error == (
        "Error: 2309.08600 is already in the library as 'cunningham2024sparse' "
        "(line 18, same arXiv id); pass --force to add it all the same"
    )
    assert sources.requests == []


def test_duplicate_doi(fails, sources):
    error = fails("https://doi.org/10.18653/V1/2021.emnlp-main.446", "-c", "circuits")
    assert "already in the library as 'geva2021transformer'" in error
    assert "same DOI" in error


def test_duplicate_title(fails):
    error = fails(
        "--title", "Toy models of superposition.", "--author", "Nelson Elhage",
        "--year", "2022", "-c", "superposition",
    )  # fmt: skip
    assert error == (
        "Error: 'Toy models of superposition.' is already in the library as 'elhage2022toy' "
        "(line 33, same title, year and first author); pass --force to add it all the same"
    )


def test_duplicate_within_one_command(fails, sources):
    error = fails("1605.08386", "1605.08386v1", "-c", "circuits")
    assert "is the same paper as 'stanley2016heat', which this command adds before it" in error


def test_unknown_category_suggests(fails, sources):
    error = fails("1605.08386", "--category", "superpositon")
    assert error == "Error: unknown category 'superpositon' (did you mean 'superposition'?)"
    assert sources.requests == []


def test_unknown_technique_suggests(fails, sources):
    assert "did you mean 'logit-lens'" in fails("1605.08386", "-c", "circuits", "-t", "logit-len")


def test_no_category_off_a_terminal_names_the_suggestions(fails, collection, sources):
    taxonomy = collection / "taxonomy.toml"
    taxonomy.write_text(
        taxonomy.read_text().replace(
            'keywords = ["circuit", "circuits"]', 'keywords = ["circuit", "random walks"]'
        )
    )
    error = fails("1605.08386")
    assert error == (
        "Error: no --category for 'Heat-bath random walks with Markov bases'; suggested: "
        "circuits (pass --category KEY, or --yes to accept the suggestions)"
    )


def test_no_category_and_no_suggestion(fails, sources):
    assert "none suggested by the taxonomy's keywords" in fails("1605.08386", "--yes")


def test_key_option_checks(fails, misused, sources):
    assert "is not a valid key" in misused("1605.08386", "-c", "circuits", "--key", "my key")
    assert sources.requests == []
    error = fails("1605.08386", "-c", "circuits", "--key", "elhage2022toy")
    assert error == "Error: key 'elhage2022toy' is already in the library (choose another)"
    error = fails("1605.08386", "1404.1899", "-c", "circuits", "--key", "k2020")
    assert error == "Error: --key names one entry, but 2 are being added"


def test_bibtex_file_problems(fails, tmp_path):
    assert "cannot read" in fails("--bibtex", str(tmp_path / "missing.bib"), "-c", "circuits")
    broken = tmp_path / "broken.bib"
    broken.write_text(
        "@misc{a, title = {A}, year = {2020}}\n\n@misc{b, title = {B}, title = {C}}\n"
    )
    assert f"{broken}:3: entry 'b' has a field twice" in fails(
        "--bibtex", str(broken), "-c", "circuits"
    )
    empty = tmp_path / "empty.bib"
    empty.write_text("% nothing here\n")
    assert "no BibTeX entry found" in fails("--bibtex", str(empty), "-c", "circuits")


def test_typed_entry_needs_title_author_year(misused):
    output = misused("--title", "Only a title", "-c", "circuits")
    assert "Error: Invalid value: a hand-typed entry needs --author, --year" in output


def test_bad_setting_is_named(fails, sources, monkeypatch):
    monkeypatch.setenv("MIBIB_HTTP_TIMEOUT", "soon")
    error = fails("1605.08386", "-c", "circuits")
    assert (
        error == "Error: MIBIB_HTTP_TIMEOUT='soon' is not a number of seconds (unset it or fix it)"
    )


@pytest.mark.parametrize(
    "args",
    [
        pytest.param((), id="nothing"),
        pytest.param(("1605.08386", "--title", "T"), id="id-and-title"),
        pytest.param(("1605.08386", "--bibtex", "x.bib"), id="id-and-bibtex"),
    ],
)
def test_usage_errors_exit_2(invoke, args):
    result = invoke("add", *args, "-c", "circuits")
    assert result.exit_code == 2
    assert "exactly one of these" in result.output
