"""Entries as BibTeX for citing: each entry's text exactly as stored. Pure: no I/O."""

import re
from collections.abc import Iterator

from mibib.bibtex.edits import strip_own_fields
from mibib.bibtex.io import non_paper_blocks, preamble_blocks, string_definitions
from mibib.bibtex.references import children_first
from mibib.library import Library


def render_citations(library: Library, keys: list[str], clean: bool = False) -> str:
    """BibTeX for citing: each entry's text exactly as stored, after the library's
    @preamble blocks and the @string definitions and biblatex @xdata/@set blocks it uses,
    and before the entries it cross-references (`crossref`, which BibTeX wants after);
    `clean` drops mibib's own fields."""
    keys = _with_parents(library, keys)
    entries = _citation_entries(library, keys, clean)
    if not entries:
        return ""
    text = library.text
    blocks = _definitions(entries, string_definitions(text), non_paper_blocks(text), keys)
    return "\n\n".join([*preamble_blocks(text), *blocks, *entries]) + "\n"


def render_each_citation(library: Library, keys: list[str], clean: bool = False) -> dict[str, str]:
    """render_citations of each entry alone, by key (the library's @strings read once)."""
    return dict(each_citation(library, keys, clean))


def each_citation(
    library: Library, keys: list[str], clean: bool = False
) -> Iterator[tuple[str, str]]:
    """(key, render_citations of the entry alone) for each key, one at a time, without
    joining a large library's text (unless it holds definitions)."""
    definitions = library.definitions_text()
    strings, data = string_definitions(definitions), non_paper_blocks(definitions)
    for key in keys:
        entry = library.entry_text(key)
        yield key, _alone(strip_own_fields(entry) if clean else entry, strings, data)


def _alone(entry: str, strings: list, data: list) -> str:
    """The entry after the @string definitions and @xdata/@set blocks it uses."""
    return "\n\n".join([*_definitions([entry], strings, data), entry]) + "\n"


def _with_parents(library: Library, keys: list[str]) -> list[str]:
    """The keys, then those of the entries they cross-reference that are not among them;
    an entry cross-referenced comes after every entry naming it."""
    chosen, parents, targets = {key.lower() for key in keys}, [], {}
    for key in keys:
        parent = library.get(key).fields.get("crossref", "").strip()
        if parent:
            targets[key.lower()] = parent.lower()
        if parent and parent.lower() not in chosen and parent in library.spans:
            chosen.add(parent.lower())
            parents.append(parent)
    return children_first([*keys, *parents], targets)


def _citation_entries(library: Library, keys: list[str], clean: bool) -> list[str]:
    entries = [library.entry_text(key) for key in keys]
    return [strip_own_fields(entry) for entry in entries] if clean else entries


def _definitions(entries: list[str], strings: list, data: list, keys: list = ()) -> list[str]:
    """The @xdata/@set blocks the entries name (or, a @set, that name one of `keys`), and
    the @string definitions the entries and those blocks name: strings first."""
    joined = "\n".join(entries)
    blocks = [
        raw
        for key, raw in data
        if _names(key, joined) or any(_names(member, raw) for member in keys)
    ]
    joined = "\n".join([joined, *blocks])
    return [raw for name, raw in strings if _names(name, joined)] + blocks


def _names(name: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE) is not None
