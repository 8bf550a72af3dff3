"""Read BibTeX text with bibtexparser: entries as Papers with their spans, and every
problem a later save would turn into lost data, each with its file:line.

The only module that imports bibtexparser (lazily: a cache hit never needs it).
Takes text, never paths; never prints.
"""

import bisect
import contextlib
import itertools
import re
from typing import NamedTuple

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
    line += data.count(b"\n", 0, error.start)
    return LibraryFormatError(
        f"{source}:{line}: not UTF-8 (byte 0x{data[error.start]:02x}); "
        "convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)"
    )


def _binary(source: str, text: str, line: int):
    line += text.count("\n", 0, text.index("\x00"))
    return LibraryFormatError(f"{source}:{line}: binary data (NUL byte); not a BibTeX file")


# Where bibtexparser starts a block whatever came before it: `@type{` or `@type(` at the
# start of a line, after blanks (its splitter ends any unclosed block there). Text cut at
# these places reads the same piece by piece as in one go.
# (Patterns, compiled on first use by `re`: every command imports this module.)
_BLOCK_AT_LINE_START = r"\n[^\S\n]*@\w*[ \t]*[{(]"  # no group: twice as fast
_BLOCK_AT_START = r"[^\S\n]*(@)\w*[ \t]*(?=[{(])"
_STRING_BLOCK = r"(?i)@string"
_DATA_BLOCK = r"(?i)@(?:xdata|set)"
_SPECIAL_BLOCK = r"(?i)@(string|xdata|set)"
# Characters parsed per bibtexparser call: its objects for a whole large file would not
# fit in memory beside the text and the Papers.
CHUNK_CHARACTERS = 4_000_000


class Piece(NamedTuple):
    """text[start:end], starting on 1-based `line`: the unit of incremental parsing."""

    start: int
    end: int
    line: int


def split_pieces(text: str) -> list[Piece]:
    """The text cut before every block that starts a line: pieces that parse alone exactly
    as they do within the text (one entry each, in a usual file)."""
    cuts = []
    for match in re.finditer(_BLOCK_AT_LINE_START, text):
        at = match.start() + 1
        cuts.append(at if text[at] == "@" else text.index("@", at))
    first = re.match(_BLOCK_AT_START, text)
    if first and first.start(1) > 0:
        cuts.insert(0, first.start(1))
    bounds = [0, *cuts, len(text)]
    counts = (text.count("\n", a, b) for a, b in zip(bounds[:-2], bounds[1:-1], strict=True))
    return list(map(Piece, bounds, bounds[1:], itertools.accumulate(counts, initial=1)))


# What scan_pieces says of a piece: it may define @string macros, it may hold @xdata/@set.
STRINGS, DATA = 1, 2


class Scan:
    """The pieces of a text (as split_pieces cuts it), as columns: where each starts
    (character, byte of its UTF-8, line, all counted from the text's start), the SHA-1 of
    its UTF-8 (`DIGEST_SIZE` bytes each, end to end) and its kind (STRINGS | DATA); the
    text of the STRINGS pieces; and the text's length in characters, bytes and line
    breaks."""

    DIGEST_SIZE = 20

    def __init__(self) -> None:
        from array import array

        self.starts, self.byte_starts, self.lines = array("q"), array("q"), array("q")
        self.digests, self.kinds = bytearray(), bytearray()
        self.chars = self.size = self.breaks = 0
        self.strings: list[str] = []  # the text of each piece that may define @string macros

    def __len__(self) -> int:
        return len(self.starts)

    def digest(self, number: int) -> bytes:
        size = self.DIGEST_SIZE
        return bytes(self.digests[number * size : number * size + size])


def scan_pieces(chunks) -> Scan:
    """split_pieces of a text (or of the text its chunks make up), with each piece's
    digest; chunks are read one at a time: the text need not be in memory at once. (A cut
    depends on one line only, so each chunk is scanned up to its last line break; the
    rest goes with the next.)"""
    import hashlib

    scan = Scan()
    sha1 = hashlib.sha1
    open_hash = sha1()  # of the piece still open at the end of the text scanned so far
    open_text: list[str] = []  # and its text

    def segment(text: str, at: int) -> None:
        """Scan `text` (the characters from `at` on), whose last line is complete."""
        nonlocal open_hash, open_text
        cuts = []
        if at == 0:  # the file's start: blanks before its first block are a piece
            _open(scan, 0, 0, 1)
            opening = re.match(_BLOCK_AT_START, text)
            if opening and opening.start(1) > 0:
                cuts.append(opening.start(1))
        for match in re.finditer(_BLOCK_AT_LINE_START, text):
            cut = match.start() + 1
            cuts.append(cut if text[cut] == "@" else text.index("@", cut))
        before = len(scan.starts) - 1  # the piece open where `text` starts
        tail = 0
        if cuts:  # the open piece ends at the first cut; those between lie within `text`
            parts = [text[a:b].encode("utf-8", "surrogatepass") for a, b in _pairs(cuts)]
            open_hash.update(parts[0])
            scan.digests += open_hash.digest()
            scan.digests += b"".join([sha1(part).digest() for part in parts[1:]])
            counts = [text.count("\n", a, b) for a, b in _pairs(cuts)]
            sizes = list(itertools.accumulate(map(len, parts), initial=scan.size))
            lines = list(itertools.accumulate(counts, initial=scan.breaks + 1))
            scan.starts.extend([at + cut for cut in cuts])
            scan.byte_starts.extend(sizes[1:])
            scan.lines.extend(lines[1:])
            scan.kinds.extend(bytes(len(cuts)))
            scan.size, scan.breaks = sizes[-1], lines[-1] - 1
            open_hash, tail = sha1(), cuts[-1]
        data = text[tail:].encode("utf-8", "surrogatepass")
        open_hash.update(data)
        scan.size += len(data)
        scan.breaks += text.count("\n", tail)
        defining = []  # the pieces of `text` that may define @string macros
        for match in re.finditer(_SPECIAL_BLOCK, text):
            place = bisect.bisect_right(cuts, match.start())
            if match.group(1).lower() == "string":
                scan.kinds[before + place] |= STRINGS
                defining.append(place)
            else:
                scan.kinds[before + place] |= DATA
        open_text.append(text[: cuts[0]] if cuts else text)
        if not cuts:
            return
        if scan.kinds[before] & STRINGS:  # the piece open where `text` starts ends here
            scan.strings.append("".join(open_text))
        bounds = [*cuts, len(text)]
        for place in sorted(set(defining) - {0, len(cuts)}):  # pieces within `text`
            scan.strings.append(text[bounds[place - 1] : bounds[place]])
        open_text = [text[cuts[-1] :]]

    pending, offset = "", 0
    for chunk in [chunks] if isinstance(chunks, str) else chunks:
        if chunk is chunks:  # the whole text: no copies
            pending = chunk
            break
        text = pending + chunk
        last = text.rfind("\n")
        if last <= 0:
            pending = text
            continue
        segment(text[:last], offset)
        offset += last
        pending = text[last:]
    segment(pending, offset)
    scan.digests += open_hash.digest()
    if scan.kinds[-1] & STRINGS:
        scan.strings.append("".join(open_text))
    scan.chars = offset + len(pending)
    return scan


def _pairs(cuts: list[int]):
    """(start, end) of the text before the first cut and between each cut and the next."""
    return zip([0, *cuts[:-1]], cuts, strict=True)


def _open(scan: Scan, start: int, byte_start: int, line: int) -> None:
    scan.starts.append(start)
    scan.byte_starts.append(byte_start)
    scan.lines.append(line)
    scan.kinds.append(0)


def string_pieces(text: str, pieces: list[Piece]) -> list[Piece]:
    """The pieces that may define @string macros (which other pieces' values may use)."""
    return _pieces_with(_STRING_BLOCK, text, pieces)


def data_pieces(text: str, pieces: list[Piece]) -> list[Piece]:
    """The pieces that may hold @xdata or @set blocks: not papers, but their keys are
    taken all the same, so a parse of some pieces must read these too to see a key
    used twice."""
    return _pieces_with(_DATA_BLOCK, text, pieces)


def _pieces_with(pattern: str, text: str, pieces: list[Piece]) -> list[Piece]:
    starts = [piece.start for piece in pieces]
    places = (match.start() for match in re.finditer(pattern, text))
    found = {bisect.bisect_right(starts, place) - 1 for place in places}
    return [pieces[index] for index in sorted(found)]


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

    try:
        with _captured_parser_warnings() as warnings:
            # Macros are resolved here, not by bibtexparser: a value keeps its BibTeX form
            # (`month = dec`, `ack-bnb # " and " # ack-nhfb`) for writing, and its text
            # for display and search.
            parsed = bibtexparser.parse_string(text, parse_stack=[RemoveEnclosingMiddleware()])
    except RecursionError:
        raise LibraryFormatError(f"{source}:1: nested too deeply to read; fix it by hand") from None
    except Exception as exc:  # a parser bug must not cost the user a traceback
        raise LibraryFormatError(
            f"{source}:1: the BibTeX parser failed ({type(exc).__name__}: {exc}); fix it by hand"
        ) from exc
    problems = _parse_problems(parsed, source, warnings)
    enclosings = {}
    for entry in parsed.entries:
        enclosings[id(entry)] = entry.parser_metadata.get(REMOVED_ENCLOSING_KEY, {})
        if not any(f"entry '{entry.key}'" in problem for problem in problems):
            problems += _value_problems(entry, enclosings[id(entry)], source)
    if problems:
        problems.sort(key=_problem_line)
        raise LibraryFormatError(problems[0], problems=problems)

    papers: list[Paper] = []
    spans: Spans = {}
    search_from = 0
    strings = _string_values(parsed.strings)
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
            value = _as_text(item.value)
            if enclosing.get(item.key) == "no-enclosing":
                raw[item.key.lower()] = value
                value = expand_value(value, strings)
            fields.append((item.key, value))
        paper = paper_from_fields(entry.key, entry.entry_type, entry.start_line + 1, fields)
        paper.raw = raw
        papers.append(paper)
    return papers, spans


# biblatex entry types that hold data for other entries rather than a work of their own.
NON_PAPER_TYPES = frozenset({"xdata", "set"})


def _value_problems(entry, enclosing: dict, source: str) -> list[str]:
    """Values BibTeX would read differently from the parser: a field running into the next
    one (a missing comma) and braces that only balance when `\\{` is not counted (BibTeX
    counts every brace)."""
    problems = []
    for item in entry.fields:
        if not item.key:
            continue  # a block the parser could not read is reported as such
        value = _as_text(item.value)
        escaped = "\\{" in value or "\\}" in value
        if enclosing.get(item.key) == "no-enclosing" and not escaped:
            if _pieces(value) is not None:
                continue
            following = re.search(r"([A-Za-z][\w-]*)\s*=", value)
            hint = f" before '{following.group(1)}'" if following else ""
            what = f"the value runs on into what follows (a missing comma{hint}?)"
        elif escaped and not _balanced_for_bibtex(value):
            # The parser balanced the other braces already; only escaped ones can differ.
            what = "braces do not balance as BibTeX counts them (a \\{ or \\} counts too)"
        else:
            continue
        line = entry.start_line + 1 + entry.raw.count("\n", 0, max(entry.raw.find(value), 0))
        problems.append(
            f"{source}:{line}: entry '{entry.key}', field '{item.key}': {what}; fix it by hand"
        )
    return problems


def _balanced_for_bibtex(value: str) -> bool:
    depth = 0
    for char in value:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0


# BibTeX's predefined month macros (plain.bst and every standard style).
MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}  # fmt: skip


def _pieces(expression: str) -> list[tuple[str, str]] | None:
    """The parts of `a # "text" # {text}` as ("bare"|"text", value); None when malformed."""
    pieces, position, length = [], 0, len(expression)
    while True:
        while position < length and expression[position].isspace():
            position += 1
        if position >= length:
            return pieces if pieces else None
        opener = expression[position]
        if opener in '"{':
            depth, index = 0, position
            while index < length:
                char = expression[index]
                depth += (char == "{") - (char == "}")
                index += 1
                if depth == 0 and (opener == "{" or (char == '"' and index - 1 > position)):
                    break
            else:
                return None
            pieces.append(("text", expression[position + 1 : index - 1]))
            position = index
        else:
            start = position
            while position < length and not expression[position].isspace():
                if expression[position] == "#":
                    break
                position += 1
            pieces.append(("bare", expression[start:position]))
        while position < length and expression[position].isspace():
            position += 1
        if position < length:
            if expression[position] != "#":
                return None
            position += 1


def expand_value(expression: str, strings: dict[str, str]) -> str:
    """The text of a value written without braces or quotes: macros (`@string` names, the
    months) replaced, `#` concatenations joined; an unknown macro stays as its name."""
    pieces = _pieces(expression)
    if pieces is None:
        return expression  # not a value BibTeX would read: show it as written
    return "".join(
        value if kind == "text" else strings.get(value.lower(), MONTHS.get(value.lower(), value))
        for kind, value in pieces
    )


def macro_names(expression: str) -> list[str]:
    """The macro names a value written without braces or quotes uses (not numbers)."""
    return [
        value for kind, value in _pieces(expression) or [] if kind == "bare" and not value.isdigit()
    ]


def _string_values(blocks) -> dict[str, str]:
    """@string name (lower case) -> its text, each definition using the earlier ones."""
    values: dict[str, str] = {}
    for block in blocks:
        enclosing = block.parser_metadata.get("removed_enclosing")
        value = _as_text(block.value)
        values[block.key.lower()] = (
            expand_value(value, values) if enclosing == "no-enclosing" else value
        )
    return values


def definition_pieces(text: str, kinds: str = "string|xdata|set") -> str:
    """The pieces of the text that may hold blocks of these kinds (@string definitions,
    biblatex data blocks), joined: they parse as within the text, and a large library's
    entries need not be parsed to find its definitions."""
    places = [match.start() for match in re.finditer(rf"(?i)@(?:{kinds})", text)]
    if not places:
        return ""
    pieces = split_pieces(text)
    starts = [piece.start for piece in pieces]
    chosen = sorted({bisect.bisect_right(starts, place) - 1 for place in places})
    return "".join(text[pieces[index].start : pieces[index].end] for index in chosen)


def string_values(text: str) -> dict[str, str]:
    """@string name (lower case) -> text, for the definitions in BibTeX text."""
    text = definition_pieces(text, "string")
    if not text:
        return {}
    import bibtexparser
    from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware

    parsed = bibtexparser.parse_string(text, parse_stack=[RemoveEnclosingMiddleware()])
    return _string_values(parsed.strings)


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


def string_definitions(text: str) -> list[tuple[str, str]]:
    """(name, text as written) of each @string definition in BibTeX text."""
    text = definition_pieces(text, "string")
    if not text:
        return []
    import bibtexparser

    return [(block.key, block.raw) for block in bibtexparser.parse_string(text).strings]


def _as_text(value) -> str:
    """A field's value as written (outer braces or quotes removed)."""
    return value if isinstance(value, str) else str(value)


def _parse_problems(parsed, source: str, warnings: list[str]) -> list[str]:
    """Failed blocks, duplicate keys and entries closed early by a stray `}`, with lines."""
    from bibtexparser import model as bib

    problems = []
    for block in parsed.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            problems.append(f"{source}:{line}: duplicate key '{block.key}' (rename or merge it)")
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            key = getattr(block.ignore_error_block, "key", "?")
            problems.append(
                f"{source}:{line}: entry '{key}' has a field twice "
                f"({', '.join(sorted(block.duplicate_keys))}); keep one"
            )
        else:
            reason = _failure_reason(block, warnings)
            problems.append(f"{source}:{line}: cannot parse this block ({reason}); fix it by hand")
    previous = None
    for block in parsed.blocks:
        if (
            isinstance(block, bib.ImplicitComment)
            and isinstance(previous, bib.Entry)
            and block.raw.lstrip().startswith(("}", ",", ")"))
        ):
            line = (block.start_line or 0) + 1
            problems.append(
                f"{source}:{line}: entry '{previous.key}' is closed early by an extra '}}' "
                "(unbalanced braces); fix it by hand"
            )
        previous = block
    return sorted(problems, key=_problem_line)


def _problem_line(problem: str) -> int:
    match = re.search(r":(\d+): ", problem)
    return int(match.group(1)) if match else 0


def _failure_reason(block, warnings: list[str]) -> str:
    """bibtexparser's own words for a failed block (its log line, else its error)."""
    marker = f"(line {block.start_line})"
    reason = next((message for message in warnings if marker in message), "")
    if not reason:
        error = getattr(block, "error", None)
        reason = getattr(error, "abort_reason", None) or str(error or "")
    lines = [line.strip() for line in reason.splitlines() if line.strip()]
    message = lines[-1].rstrip(".") if lines else "syntax error"
    if "Unexpected block start" in message or "end of file" in message:
        message += "; unbalanced braces or quotes?"
    return message


@contextlib.contextmanager
def _captured_parser_warnings():
    """Collect bibtexparser's log messages instead of letting them reach stderr."""
    import logging

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("bibtexparser")
    handler, propagate = Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
