"""Imported entries written as their file wrote them (type spelling, delimiters, quotes,
field order, `%` lines), with only what mibib changed, and what of them must be read back.

The parser read each such entry from its file already, so only what mibib changed in it
is read back before it is written (its head, the fields it set, added or renamed), as
for new entries (see writer.render_new_entry); that holds once mibib's layout reader is
seen to find the very fields the parser read. An entry mibib did not change is written
as it was, with nothing to read back. Pure: text in, text out.
"""

from mibib.bibtex.edits import replace_fields, replace_own_fields
from mibib.bibtex.entry_text import entry_start
from mibib.bibtex.field_edits import rename_field, set_head
from mibib.bibtex.layout import EntryLayout, FieldSpan, parse_layout, unwrap
from mibib.bibtex.read_back import EntryCheck, written_fields
from mibib.bibtex.schema import own_fields, own_fields_as_read, paper_from_fields
from mibib.bibtex.writer import (
    Stretches,
    in_newline,
    join_entry_lines,
    parsed_as_written,
    plain_head,
)
from mibib.errors import MibibError
from mibib.model import Paper, Written


def render_kept(paper: Paper, newline: str) -> tuple[str | Stretches, EntryCheck | None] | None:
    """The entry's text as its file wrote it, with only what mibib changed (key, type,
    fields, own fields), in the library's line endings, and the check of what in it must
    be read back (None: nothing). None when a change cannot be made in place (a macro
    changed, fields that cannot be located): then it is written anew.

    In the file's line endings, the entry is given as stretches of the file's text, and
    what changed between them (see writer.stretch_text): a large import's entries are
    not copied out of it."""
    written = paper.written
    now, own = written_fields(paper), own_fields(paper)
    changes = _changes(paper, now)
    if changes is None:
        return None
    if unchanged(paper, changes, own):
        if newline == "\n":  # the bytes the parser read from its file: nothing to check
            return [(written.source, written.start, written.end)], None
        text = in_newline(written.text, newline)
        return text, EntryCheck(text, paper.key, fields=now, own=own)
    block = written.text
    at = entry_start(block)
    before = block[at:]
    located = parse_layout(before)  # once, for the edit and for the check
    new_type = None if paper.entry_type.lower() == written.entry_type.lower() else paper.entry_type
    new_key = None if paper.key == written.key else paper.key
    entry = set_head(before, new_type, new_key)
    if entry is None:
        return None
    layout = located if new_type is None and new_key is None else None  # offsets still hold
    for old, value in written.fields.items():  # a field read under another name
        new = next((name for name, now_value in changes.items() if now_value == value), None)
        if changes.get(old, "") is None and new is not None and new not in written.fields:
            renamed = rename_field(entry, old, new)
            if renamed is not None:
                entry, layout = renamed, None
                del changes[old], changes[new]
    try:
        if changes:
            entry, layout = replace_fields(entry, changes), None
        entry = replace_own_fields(entry, own, layout)
    except MibibError:
        return None
    text = block[:at] + entry
    if newline != "\n":
        text = in_newline(text, newline)
        return text, EntryCheck(text, paper.key, fields=now, own=own)
    whole = EntryCheck(text, paper.key, fields=now, own=own)
    check = _changed_part_check(paper, before, located, entry, whole)
    return _stretches(written, len(block) - len(before), before, entry), check


def _stretches(written: Written, at: int, before: str, after: str) -> Stretches:
    """An edited entry (`before`, written.text[at:], as edited) as the stretches of its
    file's text it starts and ends with, and the text that changed between them."""
    head = _same_start(before, after)
    tail = _same_start(before[head:][::-1], after[head:][::-1])
    changed = after[head : len(after) - tail]
    return [
        (written.source, written.start, written.start + at + head),
        (changed, 0, len(changed)),
        (written.source, written.end - tail, written.end),
    ]


def _same_start(one: str, other: str) -> int:
    """How many characters the two texts start with alike."""
    low, high = 0, min(len(one), len(other))
    while low < high:  # a binary search: slices compare at C speed
        middle = (low + high + 1) // 2
        if one[:middle] == other[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def keeps_written_layout(paper: Paper) -> bool:
    """Whether an imported entry's text can be kept as its file wrote it (see
    render_kept): mibib changes nothing in it, or its fields can be located. A cheap
    test for the report."""
    written = paper.written
    if written is None:
        return True
    changes = _changes(paper, written_fields(paper))
    if changes is not None and unchanged(paper, changes, own_fields(paper)):
        return True
    block = written.text
    return parse_layout(block[entry_start(block) :]) is not None


def unchanged(paper: Paper, changes: dict, own: list[tuple[str, str]]) -> bool:
    """Whether mibib changes nothing in an imported entry (`changes`: see _changes)."""
    written = paper.written
    return (
        not changes
        and own == own_fields_as_read(written.own)
        and paper.key == written.key
        and paper.entry_type.lower() == written.entry_type.lower()
    )


def _changes(paper: Paper, now: dict[str, str]) -> dict[str, str | None] | None:
    """The fields mibib set (their value) or deleted (None) in an imported entry; None
    when one of them is written with a macro or `#` (it is written anew)."""
    written = paper.written
    changes: dict[str, str | None] = {name: None for name in written.fields if name not in now}
    changes.update(
        {name: value for name, value in now.items() if written.fields.get(name) != value}
    )
    return None if any(name in paper.raw for name in changes) else changes


def _changed_part_check(
    paper: Paper, before: str, old: EntryLayout | None, after: str, whole: EntryCheck
) -> EntryCheck | None:
    """What of an edited entry (`before` as its file wrote it, laid out as `old`; `after`
    as edited) must be read back: its head and the fields whose text changed, unless they
    are plain (None).

    A field whose text is as it was reads as it did; one whose text changed reads as it
    does in an entry of its own (the parser reads a field from its own text). That holds
    only when mibib's layout reader finds in `before` the very fields the parser read, and
    in `after` the fields intended, each once, and when no value ends in a backslash (it
    escapes a comma after it, so what follows counts): otherwise `whole` (the whole entry) is.
    """
    written = paper.written
    new = parse_layout(after)
    if old is None or new is None:
        return whole
    was = _reading(before, old, written.key, written.entry_type)
    now = _reading(after, new, paper.key, paper.entry_type)
    if (
        was is None
        or now is None
        or list(written_fields(was).items()) != list(written.fields.items())
        or own_fields(was) != own_fields_as_read(written.own)
        or written_fields(now) != whole.fields
        or own_fields(now) != whole.own
    ):
        return whole
    as_read = {span.name: before[span.start : span.end] for span in old.fields}
    if any(after[span.end - 1] == "\\" for span in new.fields):
        return whole
    unsure = [
        after[span.start : span.end]
        for span in new.fields
        if as_read.get(span.name) != after[span.start : span.end] and not _plain(after, span)
    ]
    head = after[: new.key_end]
    head_as_read = head == before[: old.key_end]
    if not unsure and (
        head_as_read
        or (plain_head(paper.entry_type, paper.key)
            and head.lstrip() == f"@{paper.entry_type}{{{paper.key}")
    ):  # fmt: skip
        return None
    lines = [head.lstrip() + ",", *(f"  {item}," for item in unsure)]
    part_text = join_entry_lines(lines, "\n")[:-1] + after.rstrip()[-1]  # `}` or `)`
    layout = parse_layout(part_text)
    part = _reading(part_text, layout, paper.key, paper.entry_type) if layout else None
    if part is None:
        return whole
    return EntryCheck(part_text, paper.key, fields=written_fields(part), own=own_fields(part))


def _reading(text: str, layout: EntryLayout, key: str, entry_type: str) -> Paper | None:
    """The entry as mibib's layout reader reads it (a bare value, a macro or `#`, as its
    BibTeX form); None when it names a field twice (the parser refuses that)."""
    names = [span.name for span in layout.fields]
    if len(set(names)) != len(names):
        return None
    pairs, raw = [], {}
    for span in layout.fields:
        value = text[span.value_start : span.end]
        inner = unwrap(value)
        if inner is None:
            raw[span.name] = value
        pairs.append((span.name, value if inner is None else inner))
    paper = paper_from_fields(key, entry_type, 0, pairs)
    paper.raw = {name: value for name, value in raw.items() if name in paper.fields}
    return paper


def _plain(text: str, span: FieldSpan) -> bool:
    """Whether a field is written `name = {value}` as the parser reads it back exactly."""
    name, value = text[span.start : span.value_start], text[span.value_start : span.end]
    return (
        name.endswith(" = ")
        and len(value) >= 2
        and value[0] + value[-1] == "{}"
        and parsed_as_written(name[:-3], value[1:-1])
    )
