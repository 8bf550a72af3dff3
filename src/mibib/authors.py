"""Author lists as BibTeX writes them: `Surname, Given and Given Surname and {Team Name}`.

Read into display names ("Given Surname") for showing and matching; written back in
`Surname, Given` form for new entries. An `and` or comma inside braces is part of a
name. Pure: no I/O.
"""

import re

from mibib.latex import latex_to_text

_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
# How `and others` reads: the authors left out, not a person named "others".
ET_AL = "et al."


def parse_authors(value: str) -> list[str]:
    """Split a BibTeX author list into display names ("First Last")."""
    names = []
    for raw in split_and(value):
        raw = raw.strip()
        if not raw:
            continue
        if raw.lower() == "others":  # BibTeX's word for the authors a list leaves out
            names.append(ET_AL)
            continue
        parts = [part.strip() for part in _split_top_level(raw, ",")]
        named = _named_parts(parts)
        if len(parts) > 3 and not named:  # names joined by commas, not `and` (BibTeX
            names += [latex_to_text(part) for part in parts if part]  # refuses it)
            continue
        if named:
            raw = " ".join(named[part] for part in _NAME_ORDER if named.get(part))
        elif len(parts) == 3:  # `Surname, Jr, Given`
            raw = f"{parts[2]} {parts[0]} {parts[1]}"
        elif len(parts) >= 2:
            raw = f"{','.join(parts[1:])} {parts[0]}"
        names.append(latex_to_text(raw))
    return names


def comma_joined_names(value: str) -> list[str]:
    """The names of a BibTeX name list with more commas than one name may hold
    (`Surname, Jr, Given`): names joined by commas, not `and`, which BibTeX refuses."""
    if value.count(",") < 3:  # most lists: no need to split
        return []
    # A name with three commas or more is rare: only such names are split further.
    crowded = [name for name in split_and(value) if name.count(",") >= 3]
    return [
        name.strip()
        for name in crowded
        if len(_split_top_level(name, ",")) > 3 and not _named_parts(_split_top_level(name, ","))
    ]


# biblatex's extended name format: `family=Doe, given=Jane, prefix=van, useprefix=true`.
_NAME_PART = re.compile(r"([a-z-]+)\s*=\s*(.*)", re.IGNORECASE | re.DOTALL)
_NAME_ORDER = ("given", "prefix", "family", "suffix")


def _named_parts(parts: list[str]) -> dict[str, str]:
    """The parts of a name in biblatex's `key=value` form, else {}."""
    matches = [_NAME_PART.fullmatch(part) for part in parts]
    if len(parts) < 2 or not all(matches):
        return {}
    return {match.group(1).lower(): match.group(2).strip() for match in matches if match}


def split_and(value: str) -> list[str]:
    """Split a BibTeX name list on ' and ' outside braces, so `{Barnes and Noble}` stays one."""
    if "{" not in value:
        return _AND.split(value)
    pieces, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value, flags=re.IGNORECASE):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            pieces.append(value[start : match.start()])
            start = match.end()
    pieces.append(value[start:])
    return pieces


def _split_top_level(value: str, separator: str) -> list[str]:
    if "{" not in value:
        return value.split(separator)
    pieces, depth, current = [], 0, []
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        if char == separator and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return pieces


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
    if name.lower() in ("others", ET_AL):
        return "others"
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
