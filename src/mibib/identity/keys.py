"""Citation keys: the one key generator (make_key), the one key rule (is_valid_key) and
the suffix that keeps a key free (unique_key). Pure: no I/O."""

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mibib.model import Paper

# Words skipped when picking the title words of a key.
STOP_WORDS = frozenset({
    "a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "via", "towards", "toward",
    "how", "what", "why", "when", "is", "are", "do", "does", "from", "by", "at", "as", "into",
    "can", "we", "you", "our", "its", "their", "this", "that", "be", "or", "not", "no", "some",
})  # fmt: skip
# Letters NFKD does not split into an ASCII base and a mark.
_UNDECOMPOSABLE = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "œ": "oe"}
)
# A key BibTeX and bibtexparser both read back: no spaces, commas, braces, parentheses,
# quotes, `#`, `%`, `=`, backslash, `@` or `~`. The one rule for every path.
BIBTEX_KEY = re.compile(r"[^\s,{}()\"#%'=\\@~]+")


def make_key(paper: "Paper") -> str:
    """The one key generator: first author's surname, year, first significant title word
    (`elhage2022toy`); without authors, the first two significant title words around the
    year (`toy2022models`). ASCII, lower case; no year gives no digits."""
    words = [
        w for w in re.findall(r"[a-z0-9]+", ascii_fold_words(paper.title)) if w not in STOP_WORDS
    ]
    year = str(paper.year or "")
    surname = first_surname(paper)
    if surname:
        return f"{surname}{year}{words[0] if words else ''}"
    if not words:
        return f"anon{year}"
    return f"{words[0]}{year}{words[1] if len(words) > 1 else ''}"


def unique_key(key: str, taken: set[str]) -> str:
    """`key`, or `key` with the first free suffix a, b, … when it is taken.

    `taken` holds lower-case keys.
    """
    if key.lower() not in taken:
        return key
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        if f"{key}{suffix}".lower() not in taken:
            return f"{key}{suffix}"
    number = 2
    while f"{key}-{number}".lower() in taken:
        number += 1
    return f"{key}-{number}"


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: `Müller-Lüdenscheidt` -> `mullerludenscheidt`."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold_words(text))


def ascii_fold_words(text: str) -> str:
    from mibib.latex import latex_to_text

    text = latex_to_text(text).translate(_UNDECOMPOSABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def is_valid_key(key: str) -> bool:
    """The one key rule (`--key`, import, add): BibTeX-safe, read back unchanged."""
    return bool(BIBTEX_KEY.fullmatch(key))


_FAMILY_PART = re.compile(r"(?:^|,)\s*family\s*=\s*([^,]+)", re.IGNORECASE)


def first_surname(paper: "Paper") -> str:
    """The first author's surname, ASCII lower case; "" when the entry names no author."""
    authors = paper.authors
    if not authors or authors[0] == "et al.":  # `others` (authors.ET_AL), no name
        return ""
    first = re.split(r"\s+and\s+", paper.fields.get("author", "").strip())[0]
    family = _FAMILY_PART.search(first) if "=" in first else None
    if family:  # biblatex's `given=Jane, family=Doe`
        name = family.group(1)
    elif first.startswith("{") or "," not in first:
        name = first if first.startswith("{") else authors[0].split(" ")[-1]
    else:
        name = first.split(",")[0]
    return ascii_fold(name)
