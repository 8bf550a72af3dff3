"""Entries as BibTeX for citing: each entry's text exactly as stored. Pure: no I/O."""

import re

from mibib.bibtex.io import string_definitions
from mibib.bibtex.writer import strip_own_fields
from mibib.library import Library


def render_citations(library: Library, keys: list[str], clean: bool = False) -> str:
    """BibTeX for citing: each entry's text exactly as stored, after the @string
    definitions it may use; `clean` drops mibib's own fields."""
    entries = [library.text[slice(*library.spans[key])] for key in keys]
    if clean:
        entries = [strip_own_fields(entry) for entry in entries]
    if not entries:
        return ""
    joined = "\n".join(entries)
    strings = [
        raw
        for name, raw in string_definitions(library.text)
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", joined, re.IGNORECASE)
    ]
    return "\n\n".join([*strings, *entries]) + "\n"
