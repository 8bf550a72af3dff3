"""LaTeX in BibTeX values to plain Unicode text, and plain text to a BibTeX value that
reads back as it. Pure: no I/O."""

import re
import unicodedata
from functools import lru_cache

_SIMPLE = re.compile(r"[\\$]")
_SPACES = re.compile(r"\s+")
# The accents of names in BibTeX files (`{\"u}`, `\'e`, `\c{c}`, `{\'\i}`) and the
# few letters written as commands (`{\o}`, `{\ss}`): decoded here, because pylatexenc
# takes milliseconds a value and a large library has thousands of them.
_COMBINING = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "H": "\u030b", "c": "\u0327", "v": "\u030c",
    "u": "\u0306", "k": "\u0328",
}  # fmt: skip
_ACCENT = re.compile(
    r"\\(?:([\"'`^~=.])\s*|([Hcvuk])(?=\{))(?:\{(\\[ij]|[A-Za-z])\}|(\\[ij]|[A-Za-z])(?![A-Za-z]))"
)
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł",
}  # fmt: skip
_LETTER = re.compile(r"\{\\(ss|o|O|aa|AA|ae|AE|oe|OE|l|L)\}")
_ESCAPED = re.compile(r"\\([&%#_])")


_COMMENT = re.compile(r"(?<!\\)%")
# `\^{}` and `\~{}`: an accent over nothing is the mark itself, as LaTeX prints it.
_LONE_ACCENT = re.compile(r"\\([\^~])\{\}")


def _lone_accent(match: re.Match) -> str:
    return {"^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}[match.group(1)]


# Quotation commands (csquotes, biblatex) and TeX's quote ligatures: a title's quotes are
# words of it (`Why Does \enquote{Deep} Learning Work?`), shown as the marks LaTeX prints.
_GROUP = r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"  # braces nested up to three deep
_QUOTE_COMMAND = re.compile(
    r"\\(?:(?:enquote|textquote|mkbibquote)|(?:foreign|hyphen)(?:text)?quote[^\S\n]*\{[^{}]*\})"
    r"(\*?)[^\S\n]*" + _GROUP
)
_DOUBLE_QUOTES = re.compile(r"``(.*?)''")
_SINGLE_QUOTES = re.compile(r"`([^`']*)'(?![A-Za-z])")


def _quoted(value: str) -> str:
    """The value with its quotation commands as quotation marks (`\\enquote{x}` -> “x”,
    `\\enquote*{x}` -> ‘x’, `\\foreignquote{german}{x}` -> “x”), the inner ones too."""
    while True:
        changed = _QUOTE_COMMAND.sub(_quote_marks, value)
        if changed == value:
            return value
        value = changed


def _quote_marks(match: re.Match) -> str:
    opening, closing = ("\u2018", "\u2019") if match.group(1) else ("\u201c", "\u201d")
    return f"{{{opening}{match.group(2)}{closing}}}"


def _tex_quotes(value: str) -> str:
    """TeX's quote ligatures as the marks they print: ``x'' -> “x”, `x' -> ‘x’."""
    value = _DOUBLE_QUOTES.sub("\u201c\\1\u201d", value)
    return _SINGLE_QUOTES.sub("\u2018\\1\u2019", value)


# Text that decodes to itself: no LaTeX, braces, dashes, ties or comment signs, and
# single spaces between words (most names and titles). Returned as it is, at once.
_PLAIN = re.compile(r"[^\\$%{}~`\-\s]+(?: [^\\$%{}~`\-\s]+)*")


def latex_to_text(value: str) -> str:
    """Decode accents, commands and braces (`J{\\"u}rgen` -> Jürgen, `--` -> –).

    Values without a backslash or `$` skip pylatexenc: most titles only carry
    protective braces, and the slow path would dominate large libraries. Common
    accents and escaped symbols are decoded here too; anything else goes to pylatexenc.
    """
    return value if _PLAIN.fullmatch(value) else _decode(value)


def _decode(value: str) -> str:
    value = _COMMENT.sub(r"\\%", value)  # a bare % is text here, not a comment to the line end
    if "\\" in value:
        value = _LONE_ACCENT.sub(_lone_accent, value)
        value = _quoted(value) if "quote" in value else value
    if "`" in value:
        value = _tex_quotes(value)
    decoded = _decode_accents(value) if _SIMPLE.search(value) else value
    text = _decode_with_pylatexenc(value) if decoded is None else _decode_plain(decoded)
    return _SPACES.sub(" ", text).strip()


def _decode_plain(value: str) -> str:
    # Dashes before braces go: `-{}-` is two hyphens in LaTeX, not an en dash.
    text = value.replace("---", "\u2014").replace("--", "\u2013").replace("~", "\u00a0")
    return text.replace("{", "").replace("}", "")


def _decode_accents(value: str) -> str | None:
    """The value with its accents decoded, or None when other LaTeX remains."""
    if "$" in value:
        return None
    text = _ACCENT.sub(_accented, value)
    text = _LETTER.sub(lambda match: _LETTERS[match.group(1)], text)
    text = _ESCAPED.sub(r"\1", text)
    return None if "\\" in text else text


def _accented(match: re.Match) -> str:
    accent = match.group(1) or match.group(2)
    base = match.group(3) or match.group(4)
    base = base[1:] if base.startswith("\\") else base
    composed = unicodedata.normalize("NFC", base + _COMBINING[accent])
    # Left for pylatexenc (a backslash stays) when no single character exists.
    return composed if len(composed) == 1 else match.group(0)


@lru_cache(maxsize=4096)
def _decode_with_pylatexenc(value: str) -> str:
    try:
        return _converter().latex_to_text(value)
    except Exception:  # pylatexenc raises on odd input; fall back to the raw text
        return value.replace("{", "").replace("}", "")


# TeX's logos, which pylatexenc does not know and would drop ("The \TeX book").
_LOGOS = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX", "AmS": "AMS",
    "AmSTeX": "AMS-TeX", "AMSTeX": "AMS-TeX", "METAFONT": "METAFONT", "MF": "METAFONT",
    "MP": "MetaPost", "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX", "ConTeXt": "ConTeXt", "eTeX": "e-TeX", "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX", "SliTeX": "SliTeX", "PiCTeX": "PiCTeX", "TUG": "TUG",
}  # fmt: skip
# Text commands for the characters BibTeX and LaTeX treat specially.
_SYMBOLS = {
    "textasciicircum": "^", "textasciitilde": "~", "textbraceleft": "{",
    "textbraceright": "}", "textbackslash": "\\", "textbar": "|", "textless": "<",
    "textgreater": ">", "textunderscore": "_", "S": "§", "P": "¶",
    "-": "",  # a place TeX may break the word: no character of its own
}  # fmt: skip


# Font and size switches: they change how words look, not which words there are.
_SWITCHES = (
    "em", "it", "bf", "sl", "sc", "tt", "rm", "sf", "normalfont", "bfseries", "itshape",
    "scshape", "upshape", "slshape", "mdseries", "rmfamily", "sffamily", "ttfamily", "tiny",
    "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge",
    "Huge", "relax", "protect", "noopsort", "/",
)  # fmt: skip


@lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db().filter_context()
    macros = [
        MacroTextSpec(name, simplify_repl=text) for name, text in {**_LOGOS, **_SYMBOLS}.items()
    ]
    macros += [MacroTextSpec(name, simplify_repl="") for name in _SWITCHES]
    context.add_context_category("mibib-logos", macros=macros, prepend=True)
    # An unknown command keeps its name rather than vanishing with its words.
    context.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=_unknown_macro))
    # Math as text: `$\alpha$` -> α, `$x^2$` -> x^2. Spaces as LaTeX sets them (`\TeX book`
    # is one word) except in math, where `$\log n$` and `$n \times m$` keep theirs.
    spaces = "except-in-equations"
    return LatexNodes2Text(latex_context=context, math_mode="text", strict_latex_spaces=spaces)


def _unknown_macro(node, l2tobj=None) -> str:
    """A command pylatexenc has no text for: one the parser gave arguments
    (`\\texttt{code}`) stands for its last one; one that takes an argument the parser
    does not know of (`\\textsc{Word}`) for the group that follows; one without
    (`\\Foo`, `\\Foo{}`) is a word of its own, so its name stays."""
    arguments = [arg for arg in getattr(node.nodeargd, "argnlist", None) or [] if arg is not None]
    if arguments and l2tobj is not None:
        return l2tobj.nodelist_to_text([arguments[-1]])
    after = node.parsing_state.s[node.pos + node.len :].lstrip()
    return "" if after.startswith("{") and not after.startswith("{}") else node.macroname


# Plain text's characters that LaTeX or BibTeX would read otherwise, as commands that
# latex_to_text shows as the character.
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}", "&": r"\&", "%": r"\%",
    "#": r"\#", "_": r"\_", "$": r"\$",
}  # fmt: skip
_BRACES = {"{": r"\{", "}": r"\}"}
_UNBALANCED_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def text_to_latex(text: str) -> str:
    """A BibTeX value that latex_to_text shows as `text` (`A {braced} ^title` ->
    `A \\{braced\\} \\^{}title`): specials escaped, `--` kept two hyphens, braces
    escaped so that BibTeX still counts them balanced."""
    braces = _BRACES if _balanced(text) else _UNBALANCED_BRACES
    escaped = "".join(_LATEX_SPECIALS.get(char) or braces.get(char) or char for char in text)
    return escaped.replace("--", "-{}-").replace("--", "-{}-")


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


# A url or doi field's escapes, as exports write them so that LaTeX prints the address:
# DBLP's `\_`, Mendeley's `{\_}`, `\%`, `\#`, `\&`, `\~{}`; and a `\url{...}` around it.
_URL_ESCAPE = re.compile(r"\{\\([_%#&$])\}|\\([_%#&$])|\\~(?:\{\})?")
_URL_COMMAND = re.compile(r"\\url\{([^{}]*)\}", re.IGNORECASE)


def url_in_text(value: str) -> str | None:
    """The address of a `\\url{...}` in a field (`howpublished = {\\url{https://...}}`)."""
    match = _URL_COMMAND.search(value) if "\\url" in value.lower() else None
    return latex_to_url(match.group(1)) if match else None


def latex_to_url(value: str) -> str:
    """The address a url or doi field names (`a\\_b.pdf` -> a_b.pdf): an address has no
    backslash of its own, so each one is BibTeX's escape of the character after it."""
    value = value.strip()
    if "\\" not in value:
        return value
    value = _URL_COMMAND.sub(r"\1", value)
    return _URL_ESCAPE.sub(lambda match: match.group(1) or match.group(2) or "~", value)


def escape_bibtex(text: str) -> str:
    """Text from a source, which may hold LaTeX already (arXiv's `$\\alpha$`), as a BibTeX
    value: LaTeX's specials & % # escaped, and unbalanced braces dropped, which would
    break the file. (Plain text meant to show as written is text_to_latex's.)"""
    text = re.sub(r"(?<!\\)([&%#])", r"\\\1", text)
    if not _balanced(text):
        text = text.replace("{", "").replace("}", "")
    return text
