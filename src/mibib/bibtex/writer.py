"""The BibTeX text mibib writes: new entries in its fixed style, field edits that keep
every other byte of an entry, and the read-back check that refuses to write garbage.

Pure: text in, text out. entry_text.py knows BibTeX syntax; this module knows which
fields are mibib's (schema.py) and how a value must look to read back unchanged.
"""

from mibib.bibtex.entry_text import field_spans, insert_fields, is_balanced, parse_layout, unwrap
from mibib.bibtex.entry_text import set_fields as set_field_text
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


def render_entry(paper: Paper) -> str:
    """BibTeX text for a new entry: fixed field order, two-space indent, braced values."""
    rank = {name: index for index, name in enumerate(FIELD_ORDER)}
    names = sorted(paper.fields, key=lambda name: rank.get(name, len(rank)))
    items = [(spelled(name), paper.fields[name], paper.raw.get(name)) for name in names]
    items += [(name, value, None) for name, value in own_fields(paper)]
    lines = [f"@{paper.entry_type}{{{paper.key},"]
    for name, value, raw in items:
        if raw is not None:  # a macro, `#` or number, written back in its own form
            lines.append(f"  {name} = {raw},")
        else:
            check_value(paper.key, name, value)
            lines.append(f"  {name} = {{{value}}},")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}"


def replace_own_fields(entry_text: str, fields: list[tuple[str, str]]) -> str:
    """Set the tag and TL;DR fields in an entry's text; every other byte is kept.

    Unchanged fields keep their bytes, changed ones are rewritten in place,
    dropped ones go with their separator, new ones follow the last field.
    """
    for name, value in fields:
        check_value("", name, value)
    result = set_field_text(entry_text, fields, is_tag_field, _same_own_value)
    if result is None:
        raise LibraryFormatError("its fields cannot be located safely; edit its tags by hand")
    return result


def add_fields(entry_text: str, fields: list[tuple[str, str]]) -> str:
    """Insert fields before mibib's own fields, else after the last field.

    Existing bytes are kept; new fields follow the entry's newline, indent and
    one-line/multi-line style.
    """
    if not fields:
        return entry_text
    for name, value in fields:
        check_value("", name, value)
    result = insert_fields(entry_text, fields, before=is_own_field)
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


def verify_entry(entry_text: str, paper: Paper, reference: str | None = None) -> None:
    """Refuse to write an entry that would not read back as `paper` (never write garbage).

    Without `reference` every field must match; with it, the fields must match
    what the entry's old text gave (macros stay unresolved in both).
    """
    from mibib.bibtex.io import parse_bibtex

    try:
        parsed = parse_bibtex(entry_text)[0]
        expected = written_fields(parse_bibtex(reference)[0][0] if reference else paper)
    except LibraryFormatError:
        parsed, expected = [], None
    wanted = own_fields(paper)
    if len(parsed) != 1 or written_fields(parsed[0]) != expected or own_fields(parsed[0]) != wanted:
        raise MibibError(
            f"entry '{paper.key}' would not read back as written (a value ending in a "
            "backslash, or braces the parser pairs differently?); nothing was written"
        )


def written_fields(paper: Paper) -> dict[str, str]:
    """Each field as written: its BibTeX form for a macro or `#`, else its text. (Macros
    defined in another file read back unresolved, so values alone would not compare.)"""
    return {name: paper.raw.get(name, value) for name, value in paper.fields.items()}


def verify_update(entry_text: str, old_text: str, changes: dict[str, str | None]) -> None:
    """Refuse an updated entry that would not read back as the old one with `changes`."""
    from mibib.bibtex.io import parse_bibtex

    try:
        parsed = parse_bibtex(entry_text)[0]
        old = parse_bibtex(old_text)[0][0]
    except LibraryFormatError:
        parsed, old = [], None
    expected = dict(old.fields) if old else {}
    for name, value in changes.items():
        if value is None:
            expected.pop(name, None)
        else:
            expected[name] = value
    if len(parsed) != 1 or parsed[0].fields != expected or own_fields(parsed[0]) != own_fields(old):
        raise MibibError(
            f"entry '{old.key if old else '?'}' would not read back as updated; "
            "nothing was written (edit it by hand)"
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
