"""The BibTeX text mibib writes for a new entry: its fixed style (field order, two-space
indent, braced values), in the file's line endings, and what of it must be read back.

Pure: text in, text out. edits.py changes existing entries; read_back.py holds the check
that refuses to write garbage. This module knows which fields are mibib's (schema.py)
and how a value must look to read back unchanged.
"""

import re

from mibib.bibtex.entry_text import entry_start
from mibib.bibtex.io import NON_PAPER_TYPES
from mibib.bibtex.read_back import EntryCheck, check_value
from mibib.bibtex.schema import (
    FIELD_ORDER,
    is_tag_field,
    is_tag_list_field,
    own_fields,
    spelled,
    split_tags,
)
from mibib.model import Paper

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
