"""Text-level edits of one BibTeX entry: set its head, set, insert or rename fields,
keep every other byte.

Its own module because these edits are what tag and field changes call; they stand on
layout.py (where fields lie) and entry_text.py (lines). schema.py decides which fields
are mibib's; this module only knows BibTeX syntax, so a tag edit touches nothing but
those fields. Pure: no I/O, no bibtexparser.
"""

import re
from collections.abc import Callable

from mibib.bibtex.entry_text import NEWLINE, line_start, newline_of
from mibib.bibtex.layout import EntryLayout, FieldSpan, parse_layout

_FIELD_TAIL = re.compile(r"[ \t]*,?[ \t]*(\r\n|\n|\r|(?=\S))")


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


def order_of(spans: list[FieldSpan]) -> set[str]:
    return {span.name for span in spans}


def _line_break(entry_text: str, layout: EntryLayout) -> str:
    """What goes between fields: newline plus the fields' indent, or a space on one line."""
    body = entry_text[layout.key_end :]
    if not NEWLINE.search(body):
        return " "
    indent = "  "
    for span in reversed(layout.fields):
        line_end = line_start(entry_text, span.start) - 1
        before = entry_text[line_end + 1 : span.start]
        if line_end >= 0 and not before.strip():
            indent = before
            break
    return newline_of(body) + indent
