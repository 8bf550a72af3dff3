"""Author names as BibTeX wants them: `Surname, Given and ...`. Pure: no I/O."""

import re

from mibib.model import split_and

# Lower-case particles that belong to the surname ("van der Waals, Johannes").
_PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "ter", "ten",
    "dos", "das",
})  # fmt: skip
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_GROUP = re.compile(
    r"\b(collaboration|team|consortium|group|project|initiative|lab|inc\.?|ltd\.?)$",
    re.IGNORECASE,
)


def format_author(name: str) -> str:
    """`Given Surname` -> `Surname, Given`; already `Surname, Given` stays; groups are braced."""
    name = " ".join(name.split())
    if not name or "," in name or name.startswith("{"):
        return name
    if _GROUP.search(name):
        return f"{{{name}}}"
    words = name.split(" ")
    suffix = ""
    if len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        return words[0]
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    surname, given = " ".join(words[start:]), " ".join(words[:start])
    return f"{surname}, {suffix}, {given}" if suffix else f"{surname}, {given}"


def format_authors(names: list[str]) -> str:
    """Names in order, joined with ` and `; each may be `Given Surname` or `Surname, Given`."""
    return " and ".join(format_author(name) for name in names if name.strip())


def split_author_option(values: list[str]) -> list[str]:
    """`--author` values: each one name, or several joined with ` and ` as BibTeX joins
    them (any case; an `and` inside braces, as in `{Barnes and Noble}`, stays)."""
    names = []
    for value in values:
        names += [part.strip() for part in split_and(value.strip()) if part.strip()]
    return names
