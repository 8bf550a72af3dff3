"""LaTeX in BibTeX values to plain Unicode text. Pure: no I/O."""

import re
from functools import lru_cache

_SIMPLE = re.compile(r"[\\$]")
_SPACES = re.compile(r"\s+")


def latex_to_text(value: str) -> str:
    """Decode accents, commands and braces (`J{\\"u}rgen` -> Jürgen, `--` -> –).

    Values without a backslash or `$` skip pylatexenc: most titles only carry
    protective braces, and the slow path would dominate large libraries.
    """
    if _SIMPLE.search(value):
        text = _decode_with_pylatexenc(value)
    else:
        text = value.replace("{", "").replace("}", "")
        text = text.replace("---", "\u2014").replace("--", "\u2013").replace("~", "\u00a0")
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def _decode_with_pylatexenc(value: str) -> str:
    try:
        return _converter().latex_to_text(value)
    except Exception:  # pylatexenc raises on odd input; fall back to the raw text
        return value.replace("{", "").replace("}", "")


@lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
