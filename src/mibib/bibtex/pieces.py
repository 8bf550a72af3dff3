"""BibTeX text cut into pieces where bibtexparser starts a block at the start of a line:
pieces parse alone as they do within the text (one entry each, in a usual file), so a
large file is parsed a few megabytes at a time and a parse cache stores entries per piece.
Pure: text in, pieces out; no bibtexparser.
"""

import bisect
import itertools
import re
from typing import NamedTuple

from mibib.bibtex.layout import entry_end

# Where bibtexparser starts a block whatever came before it: `@type{` or `@type(` at the
# start of a line, after blanks (its splitter ends any unclosed block there). Text cut at
# these places reads the same piece by piece as in one go.
# (Patterns, compiled on first use by `re`: every command imports this module.)
_BLOCK_AT_LINE_START = r"\n[^\S\n]*@\w*[ \t]*[{(]"  # no group: twice as fast
_BLOCK_AT_START = r"[^\S\n]*(@)\w*[ \t]*(?=[{(])"
_STRING_BLOCK = r"(?i)@string"
_DATA_BLOCK = r"(?i)@(?:xdata|set)"
_SPECIAL_BLOCK = r"(?i)@(string|xdata|set)"


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


_ENTRY_HEAD = re.compile(r"@(\w+)[ \t]*[{(][ \t\n]*([^,\s]*)")
_NOT_REPEATS = frozenset({"preamble", "comment"})


def blank_repeated_entries(text: str, source: str) -> tuple[str, list[str]]:
    """The text with every entry or @string definition that repeats an earlier one word
    for word (up to spacing: files joined from others hold some) blanked out, its lines
    kept so that every line number stays; and a note for each. BibTeX ignores such a
    repeat too; an entry that differs in anything stays, for the parser to name."""
    if text.count("@") < 2:
        return text, []
    first_seen: dict[str, int] = {}
    blanked, notes, done = [], [], 0
    for piece in split_pieces(text):
        block = text[piece.start : piece.end]
        head = _ENTRY_HEAD.match(block)
        if head is None or head.group(1).lower() in _NOT_REPEATS:
            continue
        # A comment after the entry is no part of a repeat: compared up to the last closing
        # brace (cheap), blanked up to the entry's own (exact, for the few repeats).
        words = " ".join(block[: max(block.rfind("}"), block.rfind(")")) + 1].split())
        first = first_seen.setdefault(words, piece.line)
        if first != piece.line:
            entry = block[: entry_end(block)]
            blanked += [text[done : piece.start], re.sub(r"[^\n]", " ", entry)]
            done = piece.start + len(entry)
            what = "@string" if head.group(1).lower() == "string" else "entry"
            name = head.group(2).split("=")[0].strip()
            notes.append(
                f"{source}:{piece.line}: {what} '{name}' repeats line {first} word for word; "
                "read once"
            )
    return ("".join(blanked) + text[done:], notes) if notes else (text, [])
