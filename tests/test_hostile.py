"""Hostile .bib files: a one-line report with file and line, exit 1, no traceback, no write."""

import random
import re
import subprocess
import sys

import pytest

from mibib.errors import LibraryFormatError
from mibib.library import parse_library

DEEP = 5000
HOSTILE = {
    "binary": (bytes(random.Random(7).randrange(256) for _ in range(4000)), 1, "not UTF-8"),
    "nul-bytes": (b"@misc{a,\n  title = {A\x00B}\n}\n", 2, "binary data"),
    "latin-1": ("@misc{a,\n  title = {Caf\xe9}\n}\n".encode("latin-1"), 2, "not UTF-8"),
    "unbalanced-open": (
        b"@misc{a,\n  title = {Open {brace},\n  year = {2020}\n}\n\n@misc{b,\n  title = {B}\n}\n",
        2,
        "field 'title': the '{' that opens its value is never closed",
    ),
    "unbalanced-close": (
        b"@misc{a,\n  title = {Close} brace}},\n  year = {2020}\n}\n",
        2,
        "closed early by an extra '}'",
    ),
    "unclosed-at-end": (b"@misc{a,\n  title = {A},\n", 2, "a '}' is missing after this line"),
    "duplicate-keys": (
        b"@misc{a,\n  title = {A}\n}\n\n@misc{a,\n  title = {B}\n}\n",
        5,
        "duplicate key 'a'",
    ),
    "duplicate-field": (b"@misc{a,\n  title = {A},\n  title = {B}\n}\n", 3, "a field twice"),
    "no-key": (b"@misc{\n  title = {A}\n}\n", 1, "cannot parse"),
    "deep-unbalanced": (b"@misc{a,\n  title = " + b"{" * DEEP + b"x\n}\n", 2, "never closed"),
    "stray-ats": (b"@@@@{{{}}}}@a{,}@b{x,=}\n", 1, "cannot parse"),
}
HARMLESS = {
    "empty": b"",
    "only-blank-lines": b"\n\n  \n",
    "five-megabyte-field": b"@misc{a,\n  title = {Big},\n  author = {Doe, Jane},\n  year = {2020},"
    b"\n  abstract = {" + b"words " * 900_000 + b"}\n}\n",
    "deeply-nested-braces": b"@misc{a,\n  title = {Deep "
    + b"{" * DEEP
    + b"x"
    + b"}" * DEEP
    + b"},\n  author = {Doe, Jane},\n  year = {2020}\n}\n",
    "deeply-nested-latex": b"@misc{a,\n  title = {\\emph"
    + b"{" * DEEP
    + b"\\'e"
    + b"}" * DEEP
    + b"},\n  author = {Doe, Jane},\n  year = {2020}\n}\n",
}


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", HOSTILE)
def test_check_reports_a_hostile_file_in_one_line_with_file_and_line(name, invoke, collection):
    data, line, problem = HOSTILE[name]
    path = collection / f"{name}.bib"
    path.write_bytes(data)
    result = invoke("--library", path.name, "check")
    no_traceback(result)
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert re.match(rf"{re.escape(name)}\.bib:{line}: .*{re.escape(problem)}", first), first
    assert len(result.output.splitlines()) == 2  # the problem and the summary
    assert path.read_bytes() == data


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize(
    "command",
    [("tag", "a", "--category", "tools"), ("remove", "a", "--yes")],
    ids=["tag", "remove"],
)
def test_writing_commands_refuse_a_hostile_file_and_leave_it_untouched(
    name, command, invoke, collection
):
    data, line, _ = HOSTILE[name]
    path = collection / f"{name}.bib"
    path.write_bytes(data)
    result = invoke("--library", path.name, *command)
    no_traceback(result)
    assert result.exit_code == 1
    assert re.match(rf"Error: .*{re.escape(name)}\.bib:{line}: ", result.output), result.output
    assert path.read_bytes() == data
    assert sorted(p.name for p in collection.iterdir() if p.name.endswith(".tmp")) == []


@pytest.mark.parametrize("name", HOSTILE)
def test_import_refuses_a_hostile_file_and_leaves_the_library_untouched(name, invoke, collection):
    data, line, _ = HOSTILE[name]
    path = collection / f"{name}.bib"
    path.write_bytes(data)
    library_before = (collection / "library.bib").read_bytes()
    result = invoke("import", path.name, "--category", "tools")
    no_traceback(result)
    assert result.exit_code == 1
    assert re.match(rf"Error: .*{re.escape(name)}\.bib:{line}: ", result.output), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert (collection / "library.bib").read_bytes() == library_before


@pytest.mark.parametrize("name", HARMLESS)
def test_check_reads_odd_but_valid_files(name, invoke, collection):
    path = collection / f"{name}.bib"
    path.write_bytes(HARMLESS[name])
    result = invoke("--library", path.name, "check")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert re.search(rf"{re.escape(name)}\.bib: (0 entries|1 entry), 0 errors", result.output)


def test_tagging_an_entry_with_a_five_megabyte_field_keeps_the_field(invoke, collection):
    path = collection / "big.bib"
    path.write_bytes(HARMLESS["five-megabyte-field"])
    result = invoke("--library", path.name, "tag", "a", "--category", "tools")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text == HARMLESS["five-megabyte-field"].decode().replace(
        "\n}\n", ",\n  mibib-categories = {tools}\n}\n"
    )


def test_hostile_file_gives_no_traceback_in_a_real_process(collection):
    path = collection / "unbalanced.bib"
    path.write_bytes(HOSTILE["unbalanced-open"][0])
    done = subprocess.run(
        [sys.executable, "-m", "mibib", "--library", str(path), "tag", "a", "-c", "tools"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: {path}:2: entry 'a', field 'title': the '{{' that")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("@misc{a, title = {A}} }", id="stray-brace-after-entry"),
        pytest.param("@misc{a, title = {A}}\n@misc{a, title = {A}}", id="duplicate"),
        pytest.param("@misc{a,\n" + "title = {" * 3000, id="deep-unclosed"),
    ],
)
def test_load_raises_only_library_format_errors_with_a_line(text):
    with pytest.raises(LibraryFormatError) as caught:
        parse_library(text, "x.bib")
    assert all(re.match(r"x\.bib:\d+: ", problem) for problem in caught.value.problems)


@pytest.mark.parametrize("name", ["binary", "nul-bytes", "latin-1"])
def test_a_large_file_read_a_chunk_at_a_time_is_refused_with_the_same_line(name):
    from mibib.bibtex.io import decode_bibtex, decode_bibtex_chunks

    data = "@misc{z,\n  title = {Zürich}\n}\n".encode() * 50 + HOSTILE[name][0]
    with pytest.raises(LibraryFormatError) as whole:
        decode_bibtex(data, "library.bib")
    rng = random.Random(name)
    for _ in range(20):
        cuts = sorted(rng.sample(range(1, len(data)), 5))
        chunks = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
        with pytest.raises(LibraryFormatError) as parts:
            decode_bibtex_chunks(iter(chunks), "library.bib")
        assert str(parts.value) == str(whole.value)


def test_a_large_file_read_a_chunk_at_a_time_gives_the_same_text():
    from mibib.bibtex.io import decode_bibtex_chunks

    data = "\ufeff".encode() + "@misc{z,\n  title = {Zürich, 東京}\n}\n".encode() * 100
    rng = random.Random(3)
    for _ in range(20):
        cuts = sorted(rng.sample(range(1, len(data)), 6))
        chunks = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
        assert "".join(decode_bibtex_chunks(iter(chunks), "s")) == data.decode()[1:]
