"""Refusing to write garbage: a value whose braces do not balance, and entries about to
be written that would not read back as intended.

Its own module because every writer of entry text (writer.py, edits.py, kept.py and the
library's batches) ends in this one check. Pure: text in, an error or nothing out.
"""

from dataclasses import dataclass, field

from mibib.bibtex.layout import is_balanced
from mibib.bibtex.schema import own_fields
from mibib.errors import LibraryFormatError, MibibError
from mibib.model import Paper

# Entries read back per parse when checking what is about to be written.
VERIFY_CHUNK = 2000


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
