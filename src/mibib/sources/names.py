"""Author names typed on the command line. Pure: no I/O. (Spelling names for BibTeX,
`Surname, Given and ...`, is the model's: `model.format_authors`.)"""

from mibib.model import format_author, format_authors, split_and

__all__ = ["format_author", "format_authors", "split_author_option"]


def split_author_option(values: list[str]) -> list[str]:
    """`--author` values: each one name, or several joined with ` and ` as BibTeX joins
    them (any case; an `and` inside braces, as in `{Barnes and Noble}`, stays)."""
    names = []
    for value in values:
        names += [part.strip() for part in split_and(value.strip()) if part.strip()]
    return names
