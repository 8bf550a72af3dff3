"""The word rule of search, shared by `mibib search` and the HTML page. Pure.

Text is folded (NFKD, combining marks dropped, case-folded), so "Schölkopf" is
"scholkopf" and "GPT" is "gpt"; its words are the runs of letters and digits
("GPT-2" is "gpt" and "2"). A query word matches a word of an entry that starts
with it ("lens" matches "lens" and "lenses"), or, from five letters on, one that
is a typo away (one edit; two from nine letters on; a swap of neighbours is one).
"""

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")
FUZZY_FROM = 5
TWO_TYPOS_FROM = 9


def fold_text(text: str) -> str:
    """Lower-case, accent-free text: NFKD, combining marks dropped, case-folded."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def split_words(text: str) -> list[str]:
    """The folded words of a text, in order (repeats kept)."""
    return WORD.findall(fold_text(text))


def allowed_typos(query_word: str) -> int:
    """How many edits a word of the entry may differ by and still match."""
    if len(query_word) >= TWO_TYPOS_FROM:
        return 2
    return 1 if len(query_word) >= FUZZY_FROM else 0
