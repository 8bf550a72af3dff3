"""The field edits mibib makes to an existing entry's text (retag, fill, update, and the
copy without mibib's fields that export writes), with mibib's rules: which fields are its
own (schema.py), values whose braces must balance, a clear error when an entry cannot be
edited safely.

Its own module because these rules sit apart from the byte-level work (field_edits.py)
and from writing new entries (writer.py). Pure: text in, text out.
"""

from mibib.bibtex.field_edits import field_spans, insert_fields
from mibib.bibtex.field_edits import set_fields as set_field_text
from mibib.bibtex.layout import EntryLayout, parse_layout, unwrap
from mibib.bibtex.read_back import check_value
from mibib.bibtex.schema import is_own_field, is_tag_field, is_tag_list_field, spelled, split_tags
from mibib.errors import LibraryFormatError


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
