"""Where an entry's text lies in a file: its lines, its block with the `%` lines above
it, the blank lines around it, the file's line endings.

Its own module because saving, staging and importing place and remove whole entries by
these rules, apart from what lies inside an entry (layout.py, field_edits.py).
Pure: no I/O, no bibtexparser.
"""

import re

NEWLINE = re.compile(r"\r\n|\n|\r")
_LINE_TAIL = re.compile(r"[ \t]*(?:\r\n|\n|\r|\Z)")
_ENTRY_AT = re.compile(r"(?m)^[^\S\n]*@")
_BLANK_LINE = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
# (A CR is a line ending of its own only when no LF follows: CRLF is one, not two.)
_BLANK_LINE_AT_END = re.compile(r"(?:\r\n|\n|\r(?!\n))([ \t]*(?:\r\n|\n|\r))\Z")


def entry_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """What to delete to remove the entry text[start:end] and leave no gap.

    Its whole lines when it has them to itself, plus one blank line beside it
    (after it, or before it at the end of the file); else just its text.
    """
    first = line_start(text, start)
    tail = _LINE_TAIL.match(text, end)
    if text[first:start].strip() or not tail:
        return start, re.compile(r"[ \t]*").match(text, end).end()
    start, end = first, tail.end()
    before = text[:start]
    blank_before = not before.strip() or _has_blank_line_at_end(before)
    blank_after = _BLANK_LINE.match(text, end)
    if blank_after and blank_before:
        end = blank_after.end()
    elif blank_before and before.strip() and not text[end:].strip():
        start = _blank_line_at_end(before).start(1)
    return start, end


def block_start(text: str, start: int, floor: int = 0) -> int:
    """Where the entry at `start` begins as a block: its line, with `%` lines just above it.

    Never above `floor` (the end of the previous entry).
    """
    position = line_start(text, start)
    if text[position:start].strip():
        return start
    while position > floor:
        previous = line_start(text, position - len(ending_before(text, position)))
        if previous < floor or not text[previous:position].lstrip().startswith("%"):
            break
        position = previous
    return position


def entry_start(block: str) -> int:
    """Where the entry of a block starts: after the `%` lines above it (see block_start)."""
    match = _ENTRY_AT.search(block)
    return match.end() - 1 if match else 0


def blank_line_needed(text: str, newline: str) -> str:
    """What `text` needs at its end (a line ending, a blank line) for an entry to follow."""
    extra = "" if text.endswith(("\n", "\r")) else newline
    tail = text[max(len(text.rstrip(" \t\r\n")) - 1, 0) :] + extra
    return extra if _has_blank_line_at_end(tail) else extra + newline


def _blank_line_at_end(text: str) -> re.Match | None:
    # Only the trailing whitespace can match: search there, not through the whole text.
    return _BLANK_LINE_AT_END.search(text, len(text.rstrip(" \t\r\n")))


def _has_blank_line_at_end(text: str) -> bool:
    return _blank_line_at_end(text) is not None


def line_start(text: str, position: int) -> int:
    # A CR counts only after the last LF: searched there, so a file without CRs is not
    # scanned back to its start for one (an entry at a time over a long file).
    newline = text.rfind("\n", 0, position)
    return max(newline, text.rfind("\r", newline + 1, position)) + 1


def ending_before(text: str, position: int) -> str:
    """The line ending just before `position` ('' at the start of the text)."""
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending, 0, position):
            return ending
    return ""


def newline_of(text: str, default: str = "\n") -> str:
    """The text's first line ending (CRLF, LF or CR), else `default`."""
    match = NEWLINE.search(text)
    return match.group() if match else default
