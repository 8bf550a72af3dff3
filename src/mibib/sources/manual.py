"""Entries typed on the command line (--title, --author, --year, …) as a source of
`add`. Pure: no I/O; malformed flags are UsageErrors (exit 2)."""

import re

from mibib.authors import format_authors, split_and
from mibib.errors import UsageError
from mibib.latex import escape_bibtex
from mibib.model import Paper, venue_field

_ENTRY_TYPE = re.compile(r"^[a-z]+$")


def manual_paper(
    title: str,
    authors: list[str],
    year: str,
    url: str | None = None,
    venue: str | None = None,
    entry_type: str = "misc",
) -> Paper:
    """An entry typed on the command line: title, authors and year are required.

    Each of `authors` is one `--author` value: one name, or several joined with ` and `.
    """
    missing = [
        option
        for option, value in (("--title", title), ("--author", authors), ("--year", year))
        if not value
    ]
    if missing:
        raise UsageError(f"a hand-typed entry needs {', '.join(missing)} (or use --bibtex FILE)")
    if not re.fullmatch(r"\d{4}", year.strip()):
        raise UsageError(f"{year!r} is not a four-digit year", "'--year'")
    if url and not re.match(r"^https?://\S+$", url.strip()):
        raise UsageError(f"{url!r} is not an http(s) address", "'--url'")
    entry_type = entry_type.strip().lower()
    if not _ENTRY_TYPE.match(entry_type):
        message = f"{entry_type!r} is not a BibTeX entry type (e.g. misc, article)"
        raise UsageError(message, "'--type'")
    fields = {
        "title": escape_bibtex(" ".join(title.split())),
        "author": escape_bibtex(format_authors(split_author_option(authors))),
        "year": year.strip(),
    }
    if venue:
        fields[venue_field(entry_type)] = escape_bibtex(" ".join(venue.split()))
    if url:
        fields["url"] = url.strip()
    return Paper(key="", entry_type=entry_type, fields=fields)


def split_author_option(values: list[str]) -> list[str]:
    """`--author` values: each one name, or several joined with ` and ` as BibTeX joins
    them (any case; an `and` inside braces, as in `{Barnes and Noble}`, stays)."""
    names = []
    for value in values:
        names += [part.strip() for part in split_and(value.strip()) if part.strip()]
    return names
