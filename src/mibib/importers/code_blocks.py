"""BibTeX pasted into a list (a fenced ```bibtex block, `<pre><code>@article{…}`) -> the
`Key: value` lines it gives, so that the entry it sits under (or the block alone, when it
is the entry) reads its authors, venue and year as from sub-items. Pure.

Only the fields a reader needs are taken, by a brace- and quote-aware scan rather than a
BibTeX parser: the block is a copy shown to readers, not the library's source.
"""

import re

from mibib.importers.inline import Run

_ENTRY_START = re.compile(r"^\s*@(?P<type>[A-Za-z]+)\s*[{(]", re.M)
_FIELD = re.compile(r"(?P<name>[A-Za-z][\w-]*)\s*=\s*", re.A)
# BibTeX field -> the key of the detail line the list reader knows.
_DETAILS = (
    ("title", "Title"),
    ("author", "Authors"),
    ("journal", "Venue"),
    ("booktitle", "Venue"),
    ("year", "Year"),
    ("doi", "DOI"),
    ("eprint", "arXiv"),
)
_ADDRESS = {"DOI": "https://doi.org/{}", "arXiv": "https://arxiv.org/abs/{}"}


def is_bibtex(text: str) -> bool:
    """Whether a code block holds one BibTeX entry (`@article{key,` … `}`)."""
    return len(_ENTRY_START.findall(text)) == 1


def detail_lines(text: str, with_title: bool) -> list[list[Run]]:
    """The entry's fields as `Key: value` lines (the title's only when `with_title`)."""
    fields = _fields(text)
    venue = fields.get("journal") or fields.get("booktitle")
    if venue and fields.get("year"):  # one detail, so the venue carries its year
        fields["journal"] = f"{venue}, {fields.pop('year')}"
    lines: list[list[Run]] = []
    taken: set[str] = set()
    for name, key in _DETAILS:
        value = fields.get(name, "")
        if not value or key in taken or (key == "Title" and not with_title):
            continue
        if name == "eprint" and not re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", value):
            continue
        if key == "Authors":  # BibTeX's `Surname, Given and …`, as the list reader reads names
            value = ", ".join(_natural(name) for name in re.split(r"\s+and\s+", value))
        taken.add(key)
        lines.append([Run(f"{key}: {_ADDRESS.get(key, '{}').format(value)}")])
    return lines


def _natural(name: str) -> str:
    """`Surname, Given` -> `Given Surname` (`von Last, First` keeps its particle)."""
    last, _, given = name.partition(",")
    return f"{given.strip()} {last.strip()}".strip() if given.strip() else name.strip()


def _fields(text: str) -> dict[str, str]:
    """Field name (lower case) -> its value with the outer braces or quotes taken off and
    inner braces dropped (`{ACM} {SIGPLAN}` reads `ACM SIGPLAN`)."""
    start = _ENTRY_START.search(text)
    if start is None:
        return {}
    fields: dict[str, str] = {}
    position = text.find(",", start.end())
    while 0 <= position < len(text):
        found = _FIELD.search(text, position)
        if found is None:
            break
        value, position = _value(text, found.end())
        fields.setdefault(found.group("name").lower(), " ".join(value.split()))
    return fields


def _value(text: str, start: int) -> tuple[str, int]:
    """The value opening at `start` and where the scan goes on after it."""
    opening = text[start : start + 1]
    if opening in ('"', "{"):
        closing, depth, index = ('"' if opening == '"' else "}"), 0, start + 1
        while index < len(text):
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}" and depth > 0:
                depth -= 1
            elif char == closing and depth == 0:
                return text[start + 1 : index].replace("{", "").replace("}", ""), index + 1
            index += 1
        return text[start + 1 :], len(text)
    end = re.compile(r"[,}\n]").search(text, start)
    stop = end.start() if end else len(text)
    return text[start:stop].strip(), stop
