"""Where an entry's fields, values and closing brace lie, as BibTeX syntax reads them.

Its own module because reading an entry's layout is the one rule both the field edits
(field_edits.py) and the block scans (written.py, pieces.py) stand on. Pure: no I/O,
no bibtexparser.
"""

import re
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


def unwrap(written: str) -> str | None:
    """A value's text without its one pair of braces or quotes; None for other forms."""
    if written.startswith("{") and _group_end(written, 0) == len(written):
        return written[1:-1]
    if written.startswith('"') and _quoted_end(written, 0) == len(written):
        return written[1:-1]
    return None


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
