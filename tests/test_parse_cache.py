"""The parse cache per entry block: after an edit only new blocks are parsed, and what a
load returns is always what a full parse of the file returns (or the same error)."""

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mibib import storage
from mibib.bibtex import io, pieces
from mibib.errors import LibraryFormatError
from mibib.library import parse_library
from mibib.storage import load_library, save_library
from mibib.storage.cache_files import cache_dir

DATA = Path(__file__).parent / "data"
SAMPLE = (DATA / "library.bib").read_text(encoding="utf-8")  # has @string macros
PLUME = (DATA / "bib" / "plume-heaps.bib").read_text(encoding="utf-8")
CRLF = (DATA / "bib" / "mi-papers.bib").read_bytes().decode("utf-8")


def many_entries(count: int) -> str:
    """A library larger than a few cache blocks, with accents (bytes and characters differ)."""
    return "".join(
        f"@article{{k{number:04d},\n  title = {{Théorie numéro {number}}},\n"
        f"  author = {{Müller, Jürgen and Doe, Jane}},\n  year = {{20{number % 100:02d}}},\n"
        f"  abstract = {{{'Ünïcode words. ' * (number % 40)}}}\n}}\n\n"
        for number in range(count)
    )


MANY = PLUME + many_entries(300)  # several cache blocks: an edit is read from its blocks only


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The texts given to bibtexparser, as they are parsed."""
    texts: list[str] = []
    real = io._parse_whole

    def recording(text, *rest):
        texts.append(text)
        return real(text, *rest)

    monkeypatch.setattr(io, "_parse_whole", recording)
    return texts


def full_parse(path: Path) -> tuple | str:
    """A parse of the text as a load reads it (a byte order mark left out)."""
    text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    return outcome(lambda: parse_library(text, str(path)))


def outcome(load) -> tuple | str:
    try:
        library = load()
    except LibraryFormatError as exc:
        return str(exc)
    return tuple(
        (p.key, p.line, library.spans[p.key], p.entry_type, p.fields, p.categories, p.tldr)
        for p in library.papers
    )


def write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def test_a_hand_edit_parses_only_the_entry_that_changed(tmp_path, parsed):
    path = tmp_path / "library.bib"
    write(path, PLUME)
    load_library(path)
    assert sum(map(len, parsed)) >= len(PLUME)  # the first load parses everything
    parsed.clear()
    library = load_library(path)
    assert parsed == []  # unchanged: nothing parsed
    start, end = library.spans["Blau83"]
    write(path, PLUME[:start] + PLUME[start:end].replace("Paging", "Pages") + PLUME[end:])
    edited = load_library(path)
    assert len(parsed) == 1  # that entry, with the @string definitions its values may use
    blocks = re.findall(r"^@(\w+)\{([^,\n]*)", parsed[0], flags=re.MULTILINE)
    assert [block for block in blocks if block[0].lower() != "string"] == [
        ("inproceedings", "Blau83")
    ]
    assert edited.get("Blau83").fields["title"].startswith("Pages on")
    expected = full_parse(path)
    parsed.clear()
    assert outcome(lambda: load_library(path)) == expected
    assert parsed == []  # the edit is cached now


def test_entries_mibib_writes_are_cached_as_written(tmp_path, parsed):
    path = tmp_path / "library.bib"
    write(path, PLUME)
    library = load_library(path)
    paper = library.get("Blau83")
    paper.categories = ["tools"]
    with library.batch():
        library.retag(paper)
        library.update_fields("Blau83", {"year": "1984"})
    save_library(library)
    parsed.clear()
    again = load_library(path)
    assert parsed == []
    assert again.get("Blau83").categories == ["tools"]
    assert again.get("Blau83").fields["year"] == "1984"
    assert outcome(lambda: again) == full_parse(path)


def test_a_changed_string_macro_is_read_everywhere_it_is_used(tmp_path):
    path = tmp_path / "library.bib"
    write(path, SAMPLE)
    assert load_library(path).get("bricken2023towards").venue == "Transformer Circuits Thread"
    write(path, SAMPLE.replace('= "Transformer Circuits', '= "Circuits'))
    assert load_library(path).get("bricken2023towards").venue == "Circuits Thread"


@pytest.mark.parametrize("kind", ["base", "delta"])
def test_a_corrupt_cache_file_only_costs_a_parse(tmp_path, kind):
    path = tmp_path / "library.bib"
    write(path, PLUME)
    load_library(path)
    write(path, PLUME.replace("Paging", "Pages"))
    load_library(path)  # writes a delta
    for stored in (cache_dir() / "libraries").glob(f"*.{kind}.pickle"):
        stored.write_bytes(b"\x80\x05garbage")
    assert outcome(lambda: load_library(path)) == full_parse(path)


def test_a_stale_delta_is_not_used_with_another_base(tmp_path):
    path = tmp_path / "library.bib"
    write(path, PLUME)
    load_library(path)
    write(path, PLUME.replace("Paging", "Pages"))
    load_library(path)
    [delta] = (cache_dir() / "libraries").glob("*.delta.pickle")
    kept = delta.read_bytes()
    write(path, SAMPLE)
    load_library(path)  # a whole new file: a new base
    delta.write_bytes(kept)
    write(path, PLUME.replace("Paging", "Pages"))
    assert outcome(lambda: load_library(path)) == full_parse(path)


@pytest.mark.parametrize("text", [SAMPLE, PLUME, CRLF], ids=["sample", "plume-heaps", "crlf"])
def test_parsing_a_few_blocks_at_a_time_equals_one_parse(text, monkeypatch):
    whole = outcome(lambda: parse_library(text))
    monkeypatch.setattr(io, "CHUNK_CHARACTERS", 2000)
    assert outcome(lambda: parse_library(text)) == whole


# Edits a person makes in an editor, each a small change of text at a random place.
FRAGMENTS = [
    "", "\n", "}", "{", ",", "@misc{dup,\n  title = {Again}\n}\n", "@misc{Blau83, title={x}}\n",
    '@string{ACM = "Assoc. Comput. Mach."}\n', "@comment{a comment}\n", "% a line\n",
    "\n@article{fresh2024,\n  title = {Fresh},\n  year = {2024}\n}\n", "month = jan,\n",
    "title = {Changed},\n", "@", "@misc{", '"', "\r\n", "  @book{indented, title={Book}}\n",
    "@xdata{data, publisher = {P}}\n", "@set{data, entryset = {Blau83}}\n",
]  # fmt: skip


@st.composite
def hand_edits(draw) -> list[tuple[float, float, str]]:
    count = draw(st.integers(1, 4))
    return [
        (draw(st.floats(0, 1)), draw(st.floats(0, 0.02)), draw(st.sampled_from(FRAGMENTS)))
        for _ in range(count)
    ]


def edited(text: str, edits: list[tuple[float, float, str]]) -> str:
    for where, length, fragment in edits:
        start = int(where * len(text))
        text = text[:start] + fragment + text[start + int(length * len(text)) :]
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=hand_edits(), base=st.sampled_from([SAMPLE, PLUME, CRLF, MANY]))
def test_after_any_edit_a_load_equals_a_full_parse(tmp_path_factory, edits, base):
    folder = tmp_path_factory.mktemp("edit")
    path = folder / "library.bib"
    write(path, base)
    load_library(path)  # the cache knows the file before the edit
    text = edited(base, edits)
    write(path, text)
    assert outcome(lambda: load_library(path)) == full_parse(path)
    assert outcome(lambda: load_library(path)) == full_parse(path)


@pytest.mark.parametrize("chunk", [io.CHUNK_CHARACTERS, 3000], ids=["one-chunk", "chunks"])
def test_random_edits_in_sequence_keep_the_cache_equal_to_a_full_parse(
    tmp_path, chunk, monkeypatch
):
    monkeypatch.setattr(io, "CHUNK_CHARACTERS", chunk)
    rng = random.Random(7)
    path = tmp_path / "library.bib"
    text = PLUME
    write(path, text)
    for _ in range(25):
        text = edited(text, [(rng.random(), rng.random() * 0.01, rng.choice(FRAGMENTS))])
        write(path, text)
        assert outcome(lambda: load_library(path)) == full_parse(path)


DATA_BLOCK = "@xdata{shared,\n  publisher = {Press}\n}\n\n"
ENTRY = "@misc{{{key},\n  title = {{T}}\n}}\n\n"


@pytest.mark.parametrize(
    "second",
    [DATA_BLOCK, "@set{shared,\n  entryset = {a}\n}\n\n", ENTRY.format(key="shared")],
    ids=["xdata-twice", "set-after-xdata", "entry-after-xdata"],
)
def test_a_data_block_key_used_twice_is_refused_however_the_file_is_parsed(
    tmp_path, monkeypatch, second
):
    path = tmp_path / "library.bib"
    body = "".join(ENTRY.format(key=f"k{number}") for number in range(6))
    write(path, DATA_BLOCK + body)
    load_library(path)  # the cache knows the blocks apart
    write(path, DATA_BLOCK + body + second)
    with pytest.raises(LibraryFormatError, match="duplicate key 'shared'"):
        parse_library(path.read_text(encoding="utf-8"))  # as one parse says
    with pytest.raises(LibraryFormatError, match="duplicate key 'shared'"):
        load_library(path)  # only the new block is parsed
    monkeypatch.setattr(io, "CHUNK_CHARACTERS", 40)
    with pytest.raises(LibraryFormatError, match="duplicate key 'shared'"):
        parse_library(path.read_text(encoding="utf-8"))  # a few blocks at a time
    with pytest.raises(LibraryFormatError, match="duplicate key 'shared'"):
        load_library(path, use_cache=False)


@pytest.mark.parametrize(
    ("bom", "large"),
    [("", False), ("\ufeff", False), ("", True)],
    ids=["utf-8", "with-bom", "read-twice-when-large"],
)
def test_after_a_hand_edit_only_the_text_around_it_is_read(
    tmp_path, parsed, monkeypatch, bom, large
):
    if large:  # the bytes are not kept beside the stored entries: read again when needed
        monkeypatch.setattr(storage, "KEEP_BYTES", 1000)
    path = tmp_path / "library.bib"
    text = bom + many_entries(600)
    write(path, text)
    load_library(path)
    scanned = []
    real = pieces.scan_pieces
    monkeypatch.setattr(pieces, "scan_pieces", lambda text: scanned.append(len(text)) or real(text))
    rng = random.Random(5)
    for _ in range(12):
        start = text.index("title = {", rng.randrange(len(text) // 2, len(text) - 400))
        text = text[:start] + "title = {Édité " + text[start + len("title = {") :]
        write(path, text)
        parsed.clear()
        scanned.clear()
        loaded = outcome(lambda: load_library(path))
        if not bom:
            assert sum(map(len, parsed)) < 2000  # the edited entry, not the library
            assert sum(scanned) < 2 * (1 << 16) + 4000  # a block or two around the edit
        assert loaded == full_parse(path)
        assert outcome(lambda: load_library(path)) == loaded  # now known
    text = text.replace("@article{k0500,", "@string{journal = {J}}\n\n@article{k0500,")
    write(path, text)  # a new @string definition: every value may mean something else
    assert outcome(lambda: load_library(path)) == full_parse(path)
    assert outcome(lambda: load_library(path)) == full_parse(path)  # and it is cached


def test_removing_and_duplicating_entries_by_hand_reads_as_a_full_parse(tmp_path):
    path = tmp_path / "library.bib"
    text = many_entries(400)
    write(path, text)
    load_library(path)
    start, end = text.index("@article{k0300,"), text.index("@article{k0301,")
    write(path, text[:start] + text[end:])  # one entry removed
    assert outcome(lambda: load_library(path)) == full_parse(path)
    write(path, text[:end] + text[start:end] + text[end:])  # one entry twice
    with pytest.raises(LibraryFormatError, match="duplicate key 'k0300'"):
        load_library(path)
    write(path, text)  # as it was: known
    assert outcome(lambda: load_library(path)) == full_parse(path)
