"""Text-level edits of one BibTeX entry: find its fields, set some, keep every other byte.

Pure: no I/O, no bibtexparser. schema.py decides which fields are mibib's; this
module only knows BibTeX syntax, so a tag edit touches nothing but those fields.
"""

import re
from collections.abc import Callable
from typing import NamedTuple

# The key runs to the comma; in an entry opened with `(` it stops at a parenthesis too.
_HEADER = re.compile(r"\s*@\s*[^\s{(]+\s*(?:(\{)\s*[^,\s{}]*|(\()\s*[^,\s{}()]*)")
# A name may follow `%`: bibtexparser reads `% note = {…},` inside an entry as a field
# named `% note`, kept where it stands. `%` lines before a name (`{key,  % a note`) are
# part of the separator, as field_name reads them.
# In an entry opened with `{`, a name may hold parentheses (`note(s) = …`): BibTeX cannot
# read it, but the parser does, and the entry is kept as written (check names the field).
_SEPARATOR_AND_NAME = {
    opener: re.compile(rf"\s*,\s*(?:%[^\n]*\n\s*)*((?:%[^\S\n]*)?[^\s=,{{}}\"#%{parens}]+)\s*=\s*")
    for opener, parens in (("{", ""), ("(", "()"))
}
# A bare value (a number, a macro) ends where the entry could: at `}`, and at `)` too in
# an entry opened with `(` (`pages = 1--2(3)` is one value inside braces).
_BARE = {"{": re.compile(r"[^,}#\s]*"), "(": re.compile(r"[^,}#)\s]*")}
_CONCAT = re.compile(r"\s*#\s*")
_NEWLINE = re.compile(r"\r\n|\n|\r")
_LINE_TAIL = re.compile(r"[ \t]*(?:\r\n|\n|\r|\Z)")
_ENTRY_AT = re.compile(r"(?m)^[^\S\n]*@")
_BLANK_LINE = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
# (A CR is a line ending of its own only when no LF follows: CRLF is one, not two.)
_BLANK_LINE_AT_END = re.compile(r"(?:\r\n|\n|\r(?!\n))([ \t]*(?:\r\n|\n|\r))\Z")
_FIELD_TAIL = re.compile(r"[ \t]*,?[ \t]*(\r\n|\n|\r|(?=\S))")
# As bibtexparser reads values: a brace or quote right after a backslash does not count.
_BRACE = re.compile(r"(?<!\\)[{}]")
_BRACE_OR_QUOTE = re.compile(r'(?<!\\)[{}"]')
_PAREN_ENTRY_STOP = re.compile(r'(?<!\\)[{")]')


class FieldSpan(NamedTuple):
    """Offsets of one field in the entry text (a tuple: an entry's layout makes many).

    `anchor` is where the previous value (or the key) ends: deleting
    text[anchor:end] removes the field with its separator and nothing else.
    """

    name: str
    anchor: int
    start: int
    value_start: int
    end: int


class EntryLayout(NamedTuple):
    """Where the key ends and where each field lies, in file order."""

    key_end: int
    fields: tuple[FieldSpan, ...]


def parse_layout(entry_text: str) -> EntryLayout | None:
    """The entry's layout, or None when its text is not a well-formed entry."""
    header = _HEADER.match(entry_text)
    if header is None:
        return None
    fields = []
    position = header.end()
    opener = header.group(1) or header.group(2)
    while True:
        match = _SEPARATOR_AND_NAME[opener].match(entry_text, position)
        if match is None:
            break
        end = value_end(entry_text, match.end(), opener)
        if end is None:
            return None
        fields.append(FieldSpan(match.group(1).lower(), position, match.start(1), match.end(), end))
        position = end
    if not re.fullmatch(r"\s*,?\s*[})]", entry_text[position:]):
        return None
    return EntryLayout(header.end(), tuple(fields))


def set_head(entry_text: str, entry_type: str | None, key: str | None) -> str | None:
    """The entry with another type and/or key (None keeps it); every other byte stays.
    None when the text does not start with an entry's head."""
    # The key runs to the comma, as the parser reads it (`10.1002/(SICI)…,`, `a key,`).
    match = re.match(r"(\s*@\s*)([^\s{(]+)(\s*[{(]\s*)([^,\n]*?)(?=\s*,)", entry_text)
    if match is None:
        return None
    head = (
        match.group(1)
        + (match.group(2) if entry_type is None else entry_type)
        + match.group(3)
        + (match.group(4) if key is None else key)
    )
    return head + entry_text[match.end() :]


def rename_field(entry_text: str, old: str, new: str) -> str | None:
    """The entry with field `old` (lower-case name) named `new`, in place; every other
    byte stays. None when the entry cannot be laid out or has no such field."""
    layout = parse_layout(entry_text)
    span = next((span for span in layout.fields if span.name == old), None) if layout else None
    if span is None:
        return None
    name_end = span.start + len(re.match(r"[^\s=]+", entry_text[span.start :]).group())
    return entry_text[: span.start] + new + entry_text[name_end:]


def value_end(text: str, start: int, block_opener: str = "{") -> int | None:
    """End offset of a value: braced, quoted or bare pieces joined with `#` (in a block
    opened with `block_opener`)."""
    position = start
    while True:
        if position >= len(text):
            return None
        opener = text[position]
        if opener == "{":
            position = _group_end(text, position)
        elif opener == '"':
            position = _quoted_end(text, position)
        else:
            position = _BARE[block_opener].match(text, position).end()
        if position is None:
            return None
        after = _CONCAT.match(text, position)
        if after is None:
            return position
        position = after.end()


def set_fields(
    entry_text: str,
    wanted: list[tuple[str, str]],
    managed: Callable[[str], bool],
    same: Callable[[str, str, str], bool],
    layout: EntryLayout | None = None,
) -> str | None:
    """Make the managed fields of an entry exactly `wanted`, touching only those fields.

    A managed field whose value `same(name, written, value)` keeps its bytes;
    a changed one gets a new value in place; one no longer wanted is deleted with
    its separator; a new one is appended after the last remaining field, in the
    entry's own newline, indentation and one-line/multi-line style. Returns None
    when the entry's text cannot be laid out (the caller refuses to edit it). `layout`:
    the entry's, when the caller located its fields already.
    """
    if layout is None:
        layout = parse_layout(entry_text)
    if layout is None:
        return None
    values = dict(wanted)
    order = {name: index for index, (name, _) in enumerate(wanted)}
    edits: list[tuple[int, int, str]] = []
    kept: list[FieldSpan] = []
    remaining_end = layout.key_end
    for span in layout.fields:
        if managed(span.name) and (span.name not in values or span.name in order_of(kept)):
            edits.append((span.anchor, span.end, ""))
            continue
        remaining_end = span.end
        if managed(span.name):
            kept.append(span)
            written = entry_text[span.value_start : span.end]
            if not same(span.name, written, values[span.name]):
                edits.append((span.value_start, span.end, "{" + values[span.name] + "}"))
    separator = "," + _line_break(entry_text, layout)
    inserts: dict[int, str] = {}
    for name, value in wanted:
        if name in order_of(kept):
            continue
        # Before the first kept field that `wanted` puts after it, else after the last field.
        later = [span.anchor for span in kept if order[span.name] > order[name]]
        position = later[0] if later else remaining_end
        inserts[position] = inserts.get(position, "") + f"{separator}{name} = {{{value}}}"
    edits += [(position, position, text) for position, text in inserts.items()]
    result = entry_text
    for start, end, replacement in sorted(edits, reverse=True):
        result = result[:start] + replacement + result[end:]
    return result


def unwrap(written: str) -> str | None:
    """A value's text without its one pair of braces or quotes; None for other forms."""
    if written.startswith("{") and _group_end(written, 0) == len(written):
        return written[1:-1]
    if written.startswith('"') and _quoted_end(written, 0) == len(written):
        return written[1:-1]
    return None


def insert_fields(
    entry_text: str,
    fields: list[tuple[str, str]],
    before: Callable[[str], bool],
    as_written: frozenset[str] = frozenset(),
) -> str | None:
    """Insert fields before the first field `before` accepts, else after the last field.

    Values are braced, except those of the fields named in `as_written`, which are
    BibTeX already (a macro, a `#` concatenation). Every existing byte stays; None when
    the entry's text cannot be laid out.
    """
    layout = parse_layout(entry_text)
    if layout is None:
        return None
    position = layout.fields[-1].end if layout.fields else layout.key_end
    for span in layout.fields:
        if before(span.name):
            position = span.anchor
            break
    separator = "," + _line_break(entry_text, layout)
    added = "".join(
        f"{separator}{name} = {value if name in as_written else '{' + value + '}'}"
        for name, value in fields
    )
    return entry_text[:position] + added + entry_text[position:]


def field_spans(entry_text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-case name) of each field, its whole line(s) when it stands alone."""
    layout = parse_layout(entry_text)
    if layout is None:
        return []
    spans = []
    for span in layout.fields:
        start = span.start
        first = line_start(entry_text, start)
        if not entry_text[first:start].strip():
            start = first
        after = _FIELD_TAIL.match(entry_text, span.end)
        spans.append((start, after.end() if after else span.end, span.name))
    return spans


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


def entry_end(block: str) -> int:
    """Where the entry a block starts with closes: the text after it (a comment, a note
    before the next entry) is not the entry's. The block's length when it never closes."""
    opener = re.search(r"[{(]", block)
    if opener is None:
        return len(block)
    if opener.group() == "{":
        return value_end(block, opener.start()) or len(block)
    position = opener.end()  # `@string(...)`: the first `)` outside braces and quotes
    while (match := _PAREN_ENTRY_STOP.search(block, position)) is not None:
        char = match.group()
        if char == ")":
            return match.end()
        position = (_group_end if char == "{" else _quoted_end)(block, match.start())
        if position is None:
            break
    return len(block)


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


def order_of(spans: list[FieldSpan]) -> set[str]:
    return {span.name for span in spans}


def newline_of(text: str, default: str = "\n") -> str:
    """The text's first line ending (CRLF, LF or CR), else `default`."""
    match = _NEWLINE.search(text)
    return match.group() if match else default


def is_balanced(value: str) -> bool:
    """True when every `{` has its `}` and none closes early: safe inside `{…}`.

    A trailing backslash is refused too: it would escape the closing brace.
    """
    if "{" not in value and "}" not in value:
        return not value.endswith("\\")
    depth = 0
    for match in _BRACE.finditer(value):
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0 and not value.endswith("\\")


def _line_break(entry_text: str, layout: EntryLayout) -> str:
    """What goes between fields: newline plus the fields' indent, or a space on one line."""
    body = entry_text[layout.key_end :]
    if not _NEWLINE.search(body):
        return " "
    indent = "  "
    for span in reversed(layout.fields):
        line_end = line_start(entry_text, span.start) - 1
        before = entry_text[line_end + 1 : span.start]
        if line_end >= 0 and not before.strip():
            indent = before
            break
    return newline_of(body) + indent


def _group_end(text: str, start: int) -> int | None:
    close = text.find("}", start + 1)  # most values hold no braces: their first `}` ends them
    if close > 0 and text[close - 1] != "\\" and text.find("{", start + 1, close) < 0:
        return close + 1
    depth = 0
    for match in _BRACE.finditer(text, start):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.end()
    return None


def _quoted_end(text: str, start: int) -> int | None:
    depth = 0
    for match in _BRACE_OR_QUOTE.finditer(text, start + 1):
        char = match.group()
        if char == '"' and depth == 0:
            return match.end()
        if char != '"':
            depth += 1 if char == "{" else -1
    return None
