"""Citation keys in the common style `rai2024practical`. Pure: no I/O."""

import re
import unicodedata

from mibib.model import Paper, parse_authors

# Words skipped when picking the title word of a key.
STOP_WORDS = frozenset({
    "a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "via", "towards", "toward",
    "how", "what", "why", "when", "is", "are", "do", "does", "from", "by", "at", "as", "into",
    "can", "we", "our", "its", "their", "this", "that",
})  # fmt: skip
# Letters NFKD does not split into an ASCII base and a mark.
_UNDECOMPOSABLE = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "œ": "oe"}
)
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.+/\-]*$")


def make_key(paper: Paper) -> str:
    """First author's surname, year, first significant title word: ASCII, lower case."""
    surname = "anon"
    authors = parse_authors(paper.fields.get("author", ""))
    if authors:
        first = re.split(r"\s+and\s+", paper.fields["author"].strip())[0]
        if first.startswith("{") or "," not in first:
            name = first if first.startswith("{") else authors[0].split(" ")[-1]
        else:
            name = first.split(",")[0]
        surname = ascii_fold(name) or "anon"
    year = str(paper.year) if paper.year else "nd"
    words = re.findall(r"[a-z0-9]+", ascii_fold_words(paper.title))
    word = next((w for w in words if w not in STOP_WORDS), "")
    return f"{surname}{year}{word}"


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: `Müller-Lüdenscheidt` -> `mullerludenscheidt`."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold_words(text))


def ascii_fold_words(text: str) -> str:
    from mibib.latex import latex_to_text

    text = latex_to_text(text).translate(_UNDECOMPOSABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def is_valid_key(key: str) -> bool:
    """BibTeX-safe: no spaces, commas, braces, quotes, `=`, `#` or `%`."""
    return bool(KEY_PATTERN.match(key))
