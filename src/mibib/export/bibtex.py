"""Entries as BibTeX for citing: each entry's text exactly as stored. Pure: no I/O."""

import re

from mibib.bibtex.io import string_definitions
from mibib.bibtex.writer import strip_own_fields
from mibib.library import Library


def render_citations(library: Library, keys: list[str], clean: bool = False) -> str:
    """BibTeX for citing: each entry's text exactly as stored, after the @string
    definitions it may use; `clean` drops mibib's own fields."""
    entries = _citation_entries(library, keys, clean)
    if not entries:
        return ""
    return _with_strings(entries, string_definitions(library.text))


def render_each_citation(library: Library, keys: list[str], clean: bool = False) -> dict[str, str]:
    """render_citations of each entry alone, by key (the library's @strings read once)."""
    definitions = string_definitions(library.text)
    entries = _citation_entries(library, keys, clean)
    return {
        key: _with_strings([entry], definitions) for key, entry in zip(keys, entries, strict=True)
    }


def _citation_entries(library: Library, keys: list[str], clean: bool) -> list[str]:
    entries = [library.text[slice(*library.spans[key])] for key in keys]
    return [strip_own_fields(entry) for entry in entries] if clean else entries


def _with_strings(entries: list[str], definitions: list[tuple[str, str]]) -> str:
    """The entries after the @string definitions they name."""
    joined = "\n".join(entries)
    strings = [
        raw
        for name, raw in definitions
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", joined, re.IGNORECASE)
    ]
    return "\n\n".join([*strings, *entries]) + "\n"
