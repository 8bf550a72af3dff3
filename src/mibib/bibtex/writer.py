"""The BibTeX text mibib writes: new entries in its fixed style, field edits that keep
every other byte of an entry, and the read-back check that refuses to write garbage.

Pure: text in, text out. layout.py and field_edits.py know BibTeX syntax; this module knows which
fields are mibib's (schema.py) and how a value must look to read back unchanged.
"""

import re
from dataclasses import dataclass, field

from mibib.bibtex.entry_text import entry_start
from mibib.bibtex.field_edits import field_spans, insert_fields
from mibib.bibtex.field_edits import set_fields as set_field_text
from mibib.bibtex.io import NON_PAPER_TYPES
from mibib.bibtex.layout import EntryLayout, is_balanced, parse_layout, unwrap
from mibib.bibtex.schema import (
    FIELD_ORDER,
    is_own_field,
    is_tag_field,
    is_tag_list_field,
    own_fields,
    spelled,
    split_tags,
)
from mibib.errors import LibraryFormatError, MibibError
from mibib.model import Paper

# Entries read back per parse when checking what is about to be written.
VERIFY_CHUNK = 2000
# The parser's rules that could read a braced value otherwise than written (nesting,
# escapes, a block starting at the start of a line, a closing brace escaped) all need
# one of these characters: a value without any reads back from `{value}` as written.
_PARSER_SENSITIVE = re.compile(r"[{}\\\r\n]")
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.:+-]*")
_PLAIN_TYPE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.:+/-]+")
_RANK = {name: index for index, name in enumerate(FIELD_ORDER)}
# An entry's text as stretches of other texts, each (text, start, end): not copied out.
Stretches = list[tuple[str, int, int]]


def stretch_text(part: "str | Stretches") -> str:
    """The text of an entry render_new_entry gives: a string, or stretches of others."""
    if isinstance(part, str):
        return part
    return "".join(text[start:end] for text, start, end in part)


def render_entry(paper: Paper) -> str:
    """BibTeX text for a new entry: fixed field order, two-space indent, braced values."""
    return stretch_text(render_new_entry(paper)[0])


def render_new_entry(
    paper: Paper, newline: str = "\n"
) -> tuple["str | Stretches", "EntryCheck | None"]:
    """A new entry's text (in the file's line endings), and the check of what in it must
    be read back before it is written: its head and the fields the parser could read
    otherwise than written (None when there are none). An imported entry kept as its file
    wrote it is given as stretches of the file's text (see kept.render_kept).

    A field needs no second parse when it is written `name = {value}` with a plain name
    and a value free of braces, backslashes and line breaks: the parser reads it back
    exactly, whatever else the entry holds (tests/test_writer.py holds that against
    bibtexparser). Anything else (macros, LaTeX, a line break) is read back by the parser.
    """
    if paper.written is not None:
        from mibib.bibtex.kept import render_kept

        kept = render_kept(paper, newline)
        if kept is not None:
            return kept
    names = sorted(paper.fields, key=lambda name: _RANK.get(name, len(_RANK)))
    items = [
        (name, spelled(name), paper.fields[name], paper.raw.get(name), False) for name in names
    ]
    items += [(name, name, value, None, True) for name, value in own_fields(paper)]
    head = f"@{paper.entry_type}{{{paper.key},"
    lines, unsure = [head], [head]
    fields, own = {}, []
    for key, name, value, raw, is_own in items:
        if raw is not None:  # a macro, `#` or number, written back in its own form
            line = f"  {name} = {raw},"
        else:
            check_value(paper.key, name, value)
            line = f"  {name} = {{{value}}},"
        lines.append(line)
        if raw is None and _reads_back_as_written(key, name, value, is_own):
            continue
        unsure.append(line)
        if is_own:
            own.append((name, value))
        else:
            fields[key] = value if raw is None else raw
    text = join_entry_lines(lines, newline)
    if paper.written is not None:  # written anew: the `%` lines above it still come along
        above = paper.written.text[: entry_start(paper.written.text)]
        text = in_newline(above, newline) + text
    if len(unsure) == 1 and plain_head(paper.entry_type, paper.key):
        return text, None
    return text, EntryCheck(join_entry_lines(unsure, newline), paper.key, fields=fields, own=own)


def plain_head(entry_type: str, key: str) -> bool:
    """Whether `@type{key,` reads back as an entry with that key, with no second parse
    (the biblatex data types read back as no entry)."""
    return (
        _PLAIN_TYPE.fullmatch(entry_type) is not None
        and entry_type.lower() not in NON_PAPER_TYPES
        and _PLAIN_KEY.fullmatch(key) is not None
    )


def join_entry_lines(lines: list[str], newline: str) -> str:
    """An entry's text from its lines: its head and one field a line, each with a comma."""
    lines[-1] = lines[-1].rstrip(",")
    return in_newline("\n".join(lines) + "\n}", newline)


def in_newline(text: str, newline: str) -> str:
    """Text mibib writes, in the file's line endings (a CRLF already in it stays one)."""
    return text if newline == "\n" else text.replace("\r\n", "\n").replace("\n", newline)


def parsed_as_written(name: str, value: str) -> bool:
    """Whether the parser reads `name = {value}` as exactly that name and value."""
    return _PARSER_SENSITIVE.search(value) is None and _PLAIN_NAME.fullmatch(name) is not None


def _reads_back_as_written(key: str, name: str, value: str, own: bool) -> bool:
    """Whether `name = {value}` reads back as exactly this field: `key` of Paper.fields
    (or of mibib's own fields, when `own`) holding `value`."""
    if not parsed_as_written(name, value):
        return False
    if key != key.lower():  # read back under its lower-case name
        return False
    if not own:
        return not is_tag_field(key)  # else read back as tags
    if is_tag_list_field(key):  # read back as tags, then joined again (none: not written)
        tags = split_tags(value)
        return bool(tags) and ", ".join(tags) == value
    return " ".join(value.split()) == value  # a TL;DR: read back with its spaces folded


def replace_own_fields(
    entry_text: str, fields: list[tuple[str, str]], layout: EntryLayout | None = None
) -> str:
    """Set the tag and TL;DR fields in an entry's text; every other byte is kept.

    Unchanged fields keep their bytes, changed ones are rewritten in place,
    dropped ones go with their separator, new ones follow the last field.
    `layout`: the entry's, when the caller located its fields already.
    """
    for name, value in fields:
        check_value("", name, value)
    result = set_field_text(entry_text, fields, is_tag_field, _same_own_value, layout)
    if result is None:
        raise LibraryFormatError("its fields cannot be located safely; edit its tags by hand")
    return result


def add_fields(
    entry_text: str, fields: list[tuple[str, str]], as_written: frozenset[str] = frozenset()
) -> str:
    """Insert fields before mibib's own fields, else after the last field; the values of
    those named in `as_written` are BibTeX forms (`jams`, `a # " and " # b`), written as
    they are.

    Existing bytes are kept; new fields follow the entry's newline, indent and
    one-line/multi-line style.
    """
    if not fields:
        return entry_text
    for name, value in fields:
        check_value("", name, value)
    result = insert_fields(entry_text, fields, before=is_own_field, as_written=as_written)
    if result is None:
        raise LibraryFormatError("its fields cannot be located safely; edit it by hand")
    return result


def replace_fields(entry_text: str, changes: dict[str, str | None]) -> str:
    """Set (braced) or delete (None) fields in an entry's text; every other byte is kept.

    A changed value is rewritten in place, a deleted field goes with its separator,
    and a new field goes where `add_fields` puts it: before mibib's own fields, else last.
    """
    for name, value in changes.items():
        if value is not None:
            check_value("", name, value)
    layout = parse_layout(entry_text)
    if layout is None:
        raise LibraryFormatError("its fields cannot be located safely; edit it by hand")
    present = {span.name for span in layout.fields}
    kept = [(name, value) for name, value in changes.items() if value is not None]
    result = set_field_text(
        entry_text,
        [(name, value) for name, value in kept if name in present],
        managed=lambda name: name in changes,
        same=_same_text,
    )
    added = [(spelled(name), value) for name, value in kept if name not in present]
    return add_fields(result, added)


def strip_own_fields(entry_text: str) -> str:
    """The entry without mibib's fields (every `mibib-*` one); unchanged when it has none."""
    own = [(start, end) for start, end, name in field_spans(entry_text) if is_own_field(name)]
    if not own:
        return entry_text
    text = entry_text
    for start, end in reversed(own):
        text = text[:start] + text[end:]
    body = text.rstrip()
    inner, closer = body[:-1].rstrip(), body[-1]
    if field_spans(text):  # a trailing comma after the last kept field goes too
        inner = inner.removesuffix(",")
    return f"{inner}\n{closer}"


@dataclass
class EntryCheck:
    """What one entry about to be written must read back as.

    A new entry: exactly `fields` (as written: see written_fields) and `own` (mibib's
    fields); `text` may leave out the fields that need no check (see render_new_entry).
    A rewritten one: the fields its old text (`reference`) gave, with `changes` applied
    (None deletes), and `own`, or the old own fields when None.
    """

    text: str
    key: str
    fields: dict[str, str] | None = None
    own: list[tuple[str, str]] | None = None
    reference: str | None = None
    changes: dict[str, str | None] = field(default_factory=dict)
    updated: bool = False  # rewritten by a field update (its own message)


def verify_entries(checks: list[EntryCheck]) -> None:
    """Refuse to write entries that would not read back as intended (never write garbage).

    The entries are read back together, a few thousand per parse (the parser's objects
    for a whole large import would not fit in memory at once); only when that finds a
    problem are they read one by one, to name the first that fails.
    """
    for start in range(0, len(checks), VERIFY_CHUNK):
        _verify_together(checks[start : start + VERIFY_CHUNK])


def _verify_together(checks: list[EntryCheck]) -> None:
    parsed = _parse_each([check.text for check in checks])
    references = _parse_each([check.reference for check in checks if check.reference is not None])
    if parsed is not None and references is not None:
        old = iter(references)
        if all(
            _reads_back(check, paper, next(old) if check.reference is not None else None)
            for check, paper in zip(checks, parsed, strict=True)
        ):
            return
    for check in checks:  # the slow path names the first entry that fails
        alone = _parse_each([check.text])
        reference = _parse_each([check.reference]) if check.reference is not None else [None]
        if alone is None or reference is None or not _reads_back(check, alone[0], reference[0]):
            raise _not_read_back(check)
    raise MibibError("the entries written would not read back together; nothing was written")


def _parse_each(texts: list[str]) -> list[Paper] | None:
    """One Paper per entry text, parsed in one go; None when they do not read as one each."""
    from mibib.bibtex.io import parse_bibtex

    if not texts:
        return []
    try:
        papers = parse_bibtex("\n\n".join(texts))[0]
    except LibraryFormatError:
        return None
    return papers if len(papers) == len(texts) else None


def _reads_back(check: EntryCheck, parsed: Paper, reference: Paper | None) -> bool:
    if check.reference is None:
        expected, own = check.fields, check.own
    else:
        if reference is None:
            return False
        expected = written_fields(reference)
        for name, value in check.changes.items():
            if value is None:
                expected.pop(name, None)
            else:
                expected[name] = value
        own = check.own if check.own is not None else own_fields(reference)
    return (
        parsed.key == check.key and written_fields(parsed) == expected and own_fields(parsed) == own
    )


def written_fields(paper: Paper) -> dict[str, str]:
    """Each field as written: its BibTeX form for a macro or `#`, else its text. (Macros
    defined in another file read back unresolved, so values alone would not compare.)"""
    return {name: paper.raw.get(name, value) for name, value in paper.fields.items()}


def _not_read_back(check: EntryCheck) -> MibibError:
    if check.updated:
        return MibibError(
            f"entry '{check.key}' would not read back as updated; "
            "nothing was written (edit it by hand)"
        )
    return MibibError(
        f"entry '{check.key}' would not read back as written (a value ending in a "
        "backslash, or braces the parser pairs differently?); nothing was written"
    )


def check_value(key: str, name: str, value: str) -> None:
    """Refuse a value whose braces do not balance: it would break the entry."""
    if not is_balanced(value):
        where = f"field '{name}' of '{key}'" if key else f"field '{name}'"
        raise MibibError(
            f"{where} has unbalanced braces: {value[:60]!r}; balance every {{ with a }}"
        )


def _same_text(name: str, written: str, value: str) -> bool:
    """Whether a written field already holds exactly `value` (so its bytes can stay)."""
    return written == value or unwrap(written) == value


def _same_own_value(name: str, written: str, value: str) -> bool:
    """Whether a written own field already says `value` (so its bytes can stay)."""
    inner = unwrap(written)
    if inner is None:
        return False
    if is_tag_list_field(name):
        return split_tags(inner) == split_tags(value)
    return " ".join(inner.split()) == " ".join(value.split())
