"""Read BibTeX text with bibtexparser: entries as Papers with their spans (a large text
parsed piece by piece, see pieces.py), every problem a later save would turn into lost
data reported with its file:line (diagnose.py), and the @string and @xdata/@set blocks.

With diagnose.py, the only modules that import bibtexparser (lazily: a cache hit never
needs it). Takes text, never paths; never prints.
"""

import bisect
import itertools

from mibib.bibtex.diagnose import (
    captured_parser_warnings,
    field_name,
    joined_heads,
    parse_problems,
    problem_line,
    value_problems,
)
from mibib.bibtex.macros import as_text, expand_value, macro_values
from mibib.bibtex.pieces import Piece, definition_pieces, split_pieces, string_pieces
from mibib.collector import paused
from mibib.errors import LibraryFormatError
from mibib.model import Paper

Spans = dict[str, tuple[int, int]]


def decode_bibtex(data: bytes, source: str) -> str:
    """UTF-8 text of a .bib file; other encodings are refused with the failing line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(source, data, exc, 1) from None
    if "\x00" in text:
        raise _binary(source, text, 1)
    return text.removeprefix("\ufeff")


def decode_foreign_bibtex(data: bytes, source: str) -> str:
    """decode_bibtex of a file brought in (import, add --bibtex), with LF line endings:
    line endings belong to a file, so its entries are written in the library's, never a
    CRLF among LFs."""
    return decode_bibtex(data, source).replace("\r\n", "\n")


def decode_bibtex_chunks(chunks, source: str) -> list[str]:
    """decode_bibtex of the bytes the chunks make up, as one string per chunk: a large
    file's bytes and text need not be in memory at once (the same checks and messages)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    parts: list[str] = []
    line = 1  # where the next part starts
    for data in itertools.chain(chunks, [None]):  # one chunk in memory at a time
        try:
            part = decoder.decode(data or b"", final=data is None)
        except UnicodeDecodeError as exc:
            raise _not_utf8(source, exc.object, exc, line) from None
        if "\x00" in part:
            raise _binary(source, part, line)
        line += part.count("\n")
        if part or parts:  # the text starts with the first part that is not empty
            parts.append(part if parts else part.removeprefix("\ufeff"))
    return parts


def _not_utf8(source: str, data: bytes, error: UnicodeDecodeError, line: int):
    if line == 1 and (data[:2] in (b"\xff\xfe", b"\xfe\xff") or _half_zero(data[:64])):
        return _utf16(source)
    line += data.count(b"\n", 0, error.start)
    # Windows-1252, not Latin-1: it reads every Latin-1 letter alike, and the quotes and
    # dashes Windows tools write (0x80-0x9f) as such, where Latin-1 would make them
    # invisible control characters; iconv stops at a byte it cannot read.
    return LibraryFormatError(
        f"{source}:{line}: not UTF-8 (byte 0x{data[error.start]:02x}); "
        "convert the file to UTF-8 (e.g. iconv -f windows-1252 -t utf-8)"
    )


def _binary(source: str, text: str, line: int):
    if line == 1 and _half_zero(text[:64]):
        return _utf16(source)
    line += text.count("\n", 0, text.index("\x00"))
    return LibraryFormatError(f"{source}:{line}: binary data (NUL byte); not a BibTeX file")


def _half_zero(head: bytes | str) -> bool:
    """Every other character zero: UTF-16 without its byte order mark."""
    zero = 0 if isinstance(head, bytes) else "\x00"
    return len(head) > 8 and head.count(zero) * 2 >= len(head) - 1


def _utf16(source: str):
    """Windows tools (Citavi, EndNote) save UTF-16: a BibTeX file, in another encoding."""
    return LibraryFormatError(
        f"{source}:1: UTF-16 text, not UTF-8; convert the file to UTF-8 "
        "(e.g. iconv -f utf-16 -t utf-8)"
    )


# Characters parsed per bibtexparser call: its objects for a whole large file would not
# fit in memory beside the text and the Papers.
CHUNK_CHARACTERS = 4_000_000


def distinct_keys(papers: list[Paper], spans: Spans, data_keys: list[str]) -> bool:
    """Whether no key is used twice: among the entries (each has its span), and among
    the @xdata/@set blocks and the entries (bibtexparser refuses both)."""
    if len(spans) != len(papers):
        return False
    return len(set(data_keys)) == len(data_keys) and not any(key in spans for key in data_keys)


def parse_bibtex(text: str, source: str = "library.bib") -> tuple[list[Paper], Spans]:
    """The entries of BibTeX text, in file order, and where each one's text lies (by key).

    Raises LibraryFormatError naming every unparsable block, duplicate key or field,
    and entry closed early, each with its line.
    """
    with paused():
        return _parse_all(text, source)


def _parse_all(text: str, source: str) -> tuple[list[Paper], Spans]:
    if len(text) <= CHUNK_CHARACTERS:
        return _parse_whole(text, source)
    pieces = split_pieces(text)
    try:
        data_keys: list[str] = []
        papers, spans = parse_pieces(text, pieces, string_pieces(text, pieces), data_keys)
        if distinct_keys(papers, spans, data_keys):  # else a duplicate key: named below
            return papers, spans
    except LibraryFormatError:
        pass
    return _parse_whole(text, source)  # raises, naming every problem with its line


def parse_pieces(
    text: str, pieces: list[Piece], context: list[Piece] = (), data_keys: list | None = None
) -> tuple[list[Paper], Spans]:
    """The entries of the given pieces of `text` (in file order), with their spans and
    lines in `text`; the @string pieces in `context` are read along, so macros resolve as
    in the whole file. Parsed a few megabytes at a time. The keys of the @xdata and @set
    blocks of the pieces go to `data_keys`.

    Raises LibraryFormatError without naming the problem: parse the whole text for that.
    """
    papers: list[Paper] = []
    spans: Spans = {}
    data_keys = [] if data_keys is None else data_keys
    chunk: list[Piece] = []
    size = 0
    with paused():
        for piece in pieces:
            chunk.append(piece)
            size += piece.end - piece.start
            if size >= CHUNK_CHARACTERS:
                _parse_chunk(text, chunk, context, papers, spans, data_keys)
                chunk, size = [], 0
        if chunk:
            _parse_chunk(text, chunk, context, papers, spans, data_keys)
    return papers, spans


def _parse_chunk(text: str, chunk: list[Piece], context, papers, spans: Spans, data_keys):
    wanted = {piece.start for piece in chunk}
    read = sorted({*chunk, *context})
    joined, offsets, lines = [], [], []
    offset, line = 0, 1
    for piece in read:
        offsets.append(offset)
        lines.append(line)
        part = text[piece.start : piece.end]
        joined.append(part)
        offset += len(part)
        line += part.count("\n")
    found_data: list[tuple[str, int]] = []
    found, found_spans = _parse_whole("".join(joined), "", found_data)
    data_keys += [
        key
        for key, start in found_data
        if read[bisect.bisect_right(offsets, start) - 1].start in wanted
    ]
    for paper in found:
        start, end = found_spans[paper.key]
        index = bisect.bisect_right(offsets, start) - 1
        piece = read[index]
        if piece.start not in wanted:
            continue
        shift = piece.start - offsets[index]
        paper.line += piece.line - lines[index]
        papers.append(paper)
        spans[paper.key] = (start + shift, end + shift)


def _parse_whole(
    text: str, source: str, data_blocks: list | None = None
) -> tuple[list[Paper], Spans]:
    """bibtexparser's parse of the whole text in one call: exact messages for problems.
    The (key, start) of each @xdata or @set block go to `data_blocks`."""
    import bibtexparser
    from bibtexparser.middlewares.enclosing import REMOVED_ENCLOSING_KEY, RemoveEnclosingMiddleware

    from mibib.bibtex.schema import paper_from_fields

    def parse(text: str):
        try:
            with captured_parser_warnings() as warnings:
                # Macros are resolved here, not by bibtexparser: a value keeps its BibTeX
                # form (`month = dec`, `ack-bnb # " and " # ack-nhfb`) for writing, and
                # its text for display and search.
                stack = [RemoveEnclosingMiddleware()]
                return bibtexparser.parse_string(text, parse_stack=stack), warnings
        except RecursionError:
            raise LibraryFormatError(
                f"{source}:1: nested too deeply to read; fix it by hand"
            ) from None
        except Exception as exc:  # a parser bug must not cost the user a traceback
            raise LibraryFormatError(
                f"{source}:1: the BibTeX parser failed ({type(exc).__name__}: {exc}); "
                "fix it by hand"
            ) from exc

    parsed, warnings = parse(text)
    readable = joined_heads(text, parsed.blocks)
    if readable is not None:  # spans and lines stay those of `text`: same length and lines
        text = readable
        parsed, warnings = parse(text)
    problems = parse_problems(parsed, source, warnings)
    enclosings = {}
    for entry in parsed.entries:
        enclosings[id(entry)] = entry.parser_metadata.get(REMOVED_ENCLOSING_KEY, {})
        if not any(f"entry '{entry.key}'" in problem for problem in problems):
            problems += value_problems(entry, enclosings[id(entry)], source)
    if problems:
        problems.sort(key=problem_line)
        raise LibraryFormatError(problems[0], problems=problems)

    papers: list[Paper] = []
    spans: Spans = {}
    search_from = 0
    strings = macro_values(parsed.strings)
    for entry in parsed.entries:
        start = text.find(entry.raw, search_from)
        if start < 0:  # bibtexparser reports raw text as read, so this is a bug if it happens
            raise LibraryFormatError(f"{source}:{entry.start_line + 1}: cannot locate entry")
        search_from = start + len(entry.raw)
        if entry.entry_type.lower() in NON_PAPER_TYPES:
            if data_blocks is not None:
                data_blocks.append((entry.key, start))
            continue  # biblatex data blocks: kept in the file, never a paper
        spans[entry.key] = (start, search_from)
        enclosing = enclosings[id(entry)]
        fields, raw = [], {}
        for item in entry.fields:
            value = as_text(item.value)
            name = field_name(item.key)
            if enclosing.get(item.key) == "no-enclosing":
                raw[name.lower()] = value
                value = expand_value(value, strings)
            fields.append((name, value))
        paper = paper_from_fields(entry.key, entry.entry_type, entry.start_line + 1, fields)
        paper.raw = raw
        papers.append(paper)
    return papers, spans


# biblatex entry types that hold data for other entries rather than a work of their own.
NON_PAPER_TYPES = frozenset({"xdata", "set"})


def string_values(text: str) -> dict[str, str]:
    """@string name (lower case) -> text, for the definitions in BibTeX text."""
    text = definition_pieces(text, "string")
    if not text:
        return {}
    import bibtexparser
    from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware

    parsed = bibtexparser.parse_string(text, parse_stack=[RemoveEnclosingMiddleware()])
    return macro_values(parsed.strings)


def non_paper_blocks(text: str) -> list[tuple[str, str]]:
    """(key, text as written) of each @xdata or @set block: data for other entries."""
    text = definition_pieces(text, "|".join(NON_PAPER_TYPES))
    if not text:
        return []
    import bibtexparser
    from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware

    parsed = bibtexparser.parse_string(text, parse_stack=[RemoveEnclosingMiddleware()])
    return [
        (entry.key, entry.raw)
        for entry in parsed.entries
        if entry.entry_type.lower() in NON_PAPER_TYPES
    ]


def preamble_blocks(text: str) -> list[str]:
    """The text as written of each @preamble block (LaTeX the entries' values may need)."""
    text = definition_pieces(text, "preamble")
    if not text:
        return []
    import bibtexparser

    return [block.raw for block in bibtexparser.parse_string(text).preambles]


def string_definitions(text: str) -> list[tuple[str, str]]:
    """(name, text as written) of each @string definition in BibTeX text."""
    text = definition_pieces(text, "string")
    if not text:
        return []
    import bibtexparser

    return [(block.key, block.raw) for block in bibtexparser.parse_string(text).strings]
