"""Entries brought in from another .bib file, kept as their file wrote them: each entry's
text (with the `%` lines just above it) goes to the library with only what mibib changed,
and every other line of the file (a header, notes between entries) is named, with its
line, as not imported. Pure: text in, text and notes out; no bibtexparser.
"""

import re

from mibib.bibtex.entry_text import block_start, line_start
from mibib.bibtex.layout import entry_end, value_end
from mibib.bibtex.pieces import blank_repeated_entries, split_pieces
from mibib.bibtex.read_back import written_fields
from mibib.bibtex.schema import own_as_read
from mibib.model import Paper, Written
from mibib.plural import counted

# Where an entry with no key starts (`@misc{,`): the parser refuses a second one, so each
# is given a placeholder key for the parse, and its entry no key again after it.
_KEYLESS_HEAD = re.compile(r"(?im)^([^\S\n]*@(?!string|preamble|comment)\w+[ \t]*[{(])(\s*),")
_PLACEHOLDER = "mibib:keyless:"
_STRING_HEAD = re.compile(r"(?i)[^\S\n]*@[ \t]*string[ \t]*[{(]\s*([^\s=,{}()\"#%]+)")
# The blocks besides entries that an import brings along or names in its report.
_DEFINITION_HEAD = re.compile(r"(?im)^[^\S\n]*@[ \t]*(?:string|preamble|comment|xdata|set)\s*")
SHOWN_RUNS = 8


def prepare_foreign(text: str, source: str) -> tuple[str, list[str]]:
    """A file brought in (import, add --bibtex), made ready to parse, and notes: entries
    with no key get placeholder keys, an entry repeated word for word is read once, and a
    @string defined again before any entry uses it is read as its last definition."""
    text, notes = blank_repeated_entries(key_keyless_entries(text), source)
    text, overridden = blank_overridden_strings(text, source)
    return text, notes + overridden


def blank_overridden_strings(text: str, source: str) -> tuple[str, list[str]]:
    """The text with each @string definition that a later one replaces blanked (its lines
    kept), when no block between the two names the macro: BibTeX reads the later one (the
    ACM template's sample-base.bib defines each journal twice, "the 2nd overwrites the
    1st"). A macro used in between keeps both, for the parser to refuse."""
    if len(re.findall(r"(?i)@[ \t]*string", text)) < 2:
        return text, []
    pieces = split_pieces(text)
    seen: dict[str, int] = {}  # macro (lower case) -> index of its last definition's piece
    blanked: dict[int, tuple[str, int]] = {}  # piece index -> (macro, line of the later one)
    for index, piece in enumerate(pieces):
        head = _STRING_HEAD.match(text, piece.start)
        if head is None:
            continue
        macro = head.group(1).lower()
        if macro in seen:
            between = text[pieces[seen[macro]].end : piece.start]
            if not re.search(rf"(?i)(?<![\w:-]){re.escape(macro)}(?![\w:-])", between):
                blanked[seen[macro]] = (head.group(1), piece.line)
        seen[macro] = index
    if not blanked:
        return text, []
    parts, done, notes = [], 0, []
    for index, (macro, later) in sorted(blanked.items()):
        piece = pieces[index]
        end = piece.start + entry_end(text[piece.start : piece.end])  # not the comments after
        parts += [text[done : piece.start], re.sub(r"[^\n]", " ", text[piece.start : end])]
        done = end
        notes.append(
            f"{source}:{piece.line}: @string '{macro}' is defined again at line {later}; "
            "the later definition is read, as BibTeX does"
        )
    return "".join(parts) + text[done:], notes


def string_lines(text: str) -> dict[str, int]:
    """The line of each @string definition of the text, by name in lower case (the
    first, when a name is defined twice): the report names the ones not imported."""
    found: dict[str, int] = {}
    line, counted_to = 1, 0
    for match in re.finditer(r"(?im)^" + _STRING_HEAD.pattern.removeprefix("(?i)"), text):
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        found.setdefault(match.group(1).lower(), line)
    return found


def key_keyless_entries(text: str) -> str:
    """The text with each entry that has no key given a placeholder key (no line moves);
    keep_written gives those entries no key again."""
    count = iter(range(1, 1 << 62))
    return _KEYLESS_HEAD.sub(
        lambda m: f"{m.group(1)}{_PLACEHOLDER}{next(count)}{m.group(2)},", text
    )


def keep_written(papers: list[Paper], text: str, spans: dict[str, tuple[int, int]]) -> list[str]:
    """Give each paper its text as written (Paper.written); a placeholder key goes back to
    no key. Returns a note naming the lines of `text` that neither an entry (with the `%`
    lines just above it) nor a @string, @preamble, @comment, @xdata or @set block holds."""
    definitions = sorted(_definition_blocks(text), key=lambda block: block[1])
    claimed = list(definitions)
    floor, passed = 0, 0  # the definitions ending before the entry: passed
    for paper in sorted(papers, key=lambda paper: spans[paper.key][0]):
        start, end = spans[paper.key]
        while passed < len(definitions) and definitions[passed][1] <= start:
            floor = max(floor, definitions[passed][1])
            passed += 1
        first = block_start(text, start, floor)
        key = "" if paper.key.startswith(_PLACEHOLDER) else paper.key
        source = text
        if not key:
            source = text[first:end].replace(paper.key, "", 1)
            first, end = 0, len(source)
            paper.key = ""
        paper.written = Written(
            source, first, end, key, paper.entry_type, written_fields(paper), own_as_read(paper)
        )
        claimed.append((first, end))
        floor = end
    return _unclaimed_note(text, claimed) + _comments_note(text)


def _comments_note(text: str) -> list[str]:
    """A note naming the lines of each @comment block (JabRef's settings and groups,
    notes): not imported, as the text outside the entries."""
    found, line, counted_to = [], 1, 0
    for match in re.finditer(r"(?im)^[^\S\n]*@comment[ \t]*([{(])", text):
        opener = match.start(1)
        if match.group(1) == "{":
            end = value_end(text, opener) or len(text)
        else:
            close = text.find(")", opener)
            end = close + 1 if close >= 0 else len(text)
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        last = line + text.count("\n", match.start(), end)
        found.append(str(line) if line == last else f"{line}-{last}")
    if not found:
        return []
    where = f"line {found[0]}" if found == [str(line)] else f"lines {', '.join(found)}"
    return [f"{counted(len(found), '@comment block')} not imported (notes, settings): {where}"]


def _definition_blocks(text: str) -> list[tuple[int, int]]:
    blocks = []
    for match in _DEFINITION_HEAD.finditer(text):
        opener = text[match.end() : match.end() + 1]
        if opener == "{":
            end = value_end(text, match.end())
        elif opener == "(":
            close = text.find(")", match.end())
            end = close + 1 if close >= 0 else None
        else:  # `@Comment a note` without braces: text BibTeX skips, named as written
            continue
        blocks.append((line_start(text, match.start()), end or match.end()))
    return blocks


def _unclaimed_note(text: str, claimed: list[tuple[int, int]]) -> list[str]:
    """One note naming each run of lines with text outside every claimed block."""
    runs: list[list] = []  # [first line, last line, first text]
    position, line = 0, 1
    for start, end in sorted(claimed) + [(len(text), len(text))]:
        if start > position:
            gap = text[position:start]
            for offset, content in enumerate(gap.split("\n")):
                if not content.strip(" \t\r,;"):  # blank, or a separator after an entry
                    continue
                if runs and runs[-1][1] == line + offset - 1:
                    runs[-1][1] = line + offset
                else:
                    runs.append([line + offset, line + offset, content.strip()])
            line += gap.count("\n")
            position = start
        if end > position:
            line += text.count("\n", position, end)
            position = end
    if not runs:
        return []
    shown = ", ".join(
        (f"line {first}" if first == last else f"lines {first}-{last}") + f" ({_what(what)})"
        for first, last, what in runs[:SHOWN_RUNS]
    )
    rest = runs[SHOWN_RUNS:]
    if rest:
        shown += "; also at lines " + ", ".join(
            str(first) if first == last else f"{first}-{last}" for first, last, _ in rest
        )
    return [f"text outside the entries not imported (comments, notes): {shown}"]


# An entry's head without its `@` (`unpublished{Groth:0000ae,`): BibTeX skips it as text.
_HEAD_WITHOUT_AT = re.compile(r"[A-Za-z]+[ \t]*[{(][ \t]*[^\s,{}()=]+[ \t]*,")


def _what(text: str) -> str:
    if _HEAD_WITHOUT_AT.match(text):
        return f"{_short(text)}: an entry without its '@'?"
    return _short(text)


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:39] + "…")
