"""Every problem a parse of BibTeX text found that a later save would turn into lost
data, each with its file:line: failed blocks, duplicate keys and fields, entries closed
early, values BibTeX would read otherwise. Never prints: bibtexparser's log is captured.
"""

import contextlib
import re

from mibib.bibtex.macros import as_text, value_parts


def value_problems(entry, enclosing: dict, source: str) -> list[str]:
    """Values BibTeX would read differently from the parser: a field running into the next
    one (a missing comma) and braces that only balance when `\\{` is not counted (BibTeX
    counts every brace)."""
    problems = []
    names: dict[str, str] = {}
    for item in entry.fields:
        if not item.key:
            continue  # a block the parser could not read is reported as such
        name = field_name(item.key)
        first = names.setdefault(name.lower(), name)
        if first != name:  # BibTeX reads `URL` and `url` as one field: one would be lost
            line = entry.start_line + 1 + (_second_field_line(entry.raw, [name]) or 0)
            problems.append(
                f"{source}:{line}: entry '{entry.key}' has a field twice "
                f"({first}, {name}); keep one"
            )
        value = as_text(item.value)
        escaped = "\\{" in value or "\\}" in value
        if enclosing.get(item.key) == "no-enclosing" and not escaped:
            if value_parts(value) is not None:
                continue
            following = re.search(r"([A-Za-z][\w-]*)\s*=", value)
            hint = f" before '{following.group(1)}'" if following else ""
            what = f"the value runs on into what follows (a missing comma{hint}?)"
        elif escaped and not _balanced_for_bibtex(value):
            # The parser balanced the other braces already; only escaped ones can differ.
            what = "braces do not balance as BibTeX counts them (a \\{ or \\} counts too)"
        else:
            continue
        line = entry.start_line + 1 + entry.raw.count("\n", 0, max(entry.raw.find(value), 0))
        problems.append(
            f"{source}:{line}: entry '{entry.key}', field '{item.key}': {what}; fix it by hand"
        )
    return problems


def field_name(key: str) -> str:
    """A field's name as BibTeX tools read it: bibtexparser takes `%` lines before a name
    (`@article{key,  % a note` then `author = …`) into the name; the name is the last line."""
    if "\n" in key and key.lstrip().startswith("%"):
        return key.rsplit("\n", 1)[-1].strip()
    return key


def names_bibtex_cannot_read(names) -> list[str]:
    """The field names BibTeX would stop at (`note(s)`, `author's`): it skips the rest of
    the entry. Such a name is kept as written, and reported. (A `% name` is a line
    commented out, not a field.)"""
    return [
        name
        for name in names
        if ("(" in name or ")" in name or "'" in name) and not name.startswith("%")
    ]


def _balanced_for_bibtex(value: str) -> bool:
    depth = 0
    for char in value:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0


def parse_problems(parsed, source: str, warnings: list[str]) -> list[str]:
    """Failed blocks, duplicate keys and entries closed early by a stray `}`, with lines."""
    from bibtexparser import model as bib

    problems = []
    for block in parsed.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bib.DuplicateBlockKeyBlock) and not block.key.strip():
            first = (block.previous_block.start_line or 0) + 1
            problems.append(
                f"{source}:{line}: entry with no key, as the one at line {first}; give each a key"
            )
        elif isinstance(block, bib.DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, bib.String
        ):
            first = (block.previous_block.start_line or 0) + 1
            problems.append(
                f"{source}:{line}: @string '{block.key}' is defined again, otherwise than at "
                f"line {first}; keep one definition"
            )
        elif isinstance(block, bib.DuplicateBlockKeyBlock):
            first = (block.previous_block.start_line or 0) + 1
            problems.append(
                f"{source}:{line}: duplicate key '{block.key}', as the entry at line {first} "
                "(rename or merge one)"
            )
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            key = getattr(block.ignore_error_block, "key", "?")
            line += _second_field_line(block.raw, block.duplicate_keys) or 0
            problems.append(
                f"{source}:{line}: entry '{key}' has a field twice "
                f"({', '.join(sorted(block.duplicate_keys))}); keep one"
            )
        else:
            problems.append(_failure(block, source, warnings))
    previous = None
    for block in parsed.blocks:
        if (
            isinstance(block, bib.ImplicitComment)
            and isinstance(previous, bib.Entry)
            and block.raw.lstrip().startswith(("}", ",", ")"))
            and not _SEPARATOR_ONLY.fullmatch(block.raw)  # `},` between entries: junk BibTeX skips
        ):
            line = (block.start_line or 0) + 1
            problems.append(
                f"{source}:{line}: entry '{previous.key}' is closed early by an extra '}}' "
                "(unbalanced braces); fix it by hand"
            )
        if isinstance(block, bib.ImplicitComment) and "@" in block.raw:
            problems += _heads_split(block, source)
        previous = block
    return sorted(problems, key=problem_line)


# An entry's head cut by blanks BibTeX skips: a space after its `@` (`@ article{`) or its
# `{` on the next line (`@article` then `{DBLP:…,`). BibTeX reads an entry there, the parser
# only text between entries. At the start of a line only: elsewhere it is a note's `@`.
_SPLIT_HEAD = re.compile(r"(?m)^[^\S\n]*@(\s*)([A-Za-z]\w*)(\s*)[{(]")
# Blocks whose heads are found by their written form (definitions read on their own).
_DEFINITIONS = frozenset({"string", "preamble", "xdata", "set"})


def _split_heads(raw: str):
    """The heads in `raw` that the parser misses and BibTeX reads (not a @comment)."""
    for match in _SPLIT_HEAD.finditer(raw):
        if (match.group(1) or "\n" in match.group(3)) and match.group(2).lower() != "comment":
            yield match


def joined_heads(text: str, blocks) -> str | None:
    """The text with every entry head the parser took for text between entries written
    as it reads it (`@article{` then the blanks that were inside it): the same length and
    lines, so spans and line numbers stay those of `text`. None when there is none.
    (@string and other definitions are left, and refused: they are found as written.)"""
    from bibtexparser import model as bib

    found, place = [], 0
    for block in blocks:
        at = text.find(block.raw, place) if block.raw else -1
        if at < 0:
            continue
        place = at + len(block.raw)
        if isinstance(block, bib.ImplicitComment) and "@" in block.raw:
            found += [
                (at + match.start(1), match)
                for match in _split_heads(block.raw)
                if match.group(2).lower() not in _DEFINITIONS
            ]
    if not found:
        return None
    parts, done = [], 0
    for start, match in found:
        blanks, kind, more = match.group(1), match.group(2), match.group(3)
        end = start + len(blanks) + len(kind) + len(more) + 1
        brace = text[end - 1]
        parts += [text[done:start], kind, brace, blanks, more]
        done = end
    return "".join(parts) + text[done:]


def _heads_split(block, source: str) -> list[str]:
    """A definition (@string, @preamble, @xdata, @set) the parser took for text because
    its head is cut by blanks: BibTeX reads it, so it is an error, not a note."""
    problems = []
    for match in _split_heads(block.raw):
        line = (block.start_line or 0) + 1 + block.raw.count("\n", 0, match.start(2))
        kind = match.group(2)
        where = "a space after its '@'" if match.group(1) else "its '{' on the next line"
        problems.append(
            f"{source}:{line}: '@{kind}' has {where}, where the parser does not look for "
            f"it (BibTeX does); write '@{kind}{{' on one line"
        )
    return problems


# What some scripts write after each entry (`},` then the next): no field follows.
_SEPARATOR_ONLY = re.compile(r"\s*[,;]\s*(?:%[^\n]*\s*)*")


def problem_line(problem: str) -> int:
    match = re.search(r":(\d+): ", problem)
    return int(match.group(1)) if match else 0


def _failure(block, source: str, warnings: list[str]) -> str:
    """A failed block's problem at the line where it is: a value whose brace or quote is
    never closed, an entry never closed, or the line the parser stopped on; else the
    block's first line, in bibtexparser's own words."""
    start = (block.start_line or 0) + 1
    marker = f"(line {block.start_line})"
    reason = next((message for message in warnings if marker in message), "")
    if not reason:
        error = getattr(block, "error", None)
        reason = getattr(error, "abort_reason", None) or str(error or "")
    lines = [line.strip() for line in reason.splitlines() if line.strip()]
    message = lines[-1].rstrip(".") if lines else "syntax error"
    head = _ENTRY_HEAD.match(block.raw or "")
    entry = f"entry '{head.group(1)}'" if head and head.group(1) else "this block"
    line = start
    if head and ("Unexpected block start" in message or "end of file" in message):
        found = _unclosed(block.raw)
        if found is not None:
            offset, name, opener = found
            if name:
                return (
                    f"{source}:{start + offset}: {entry}, field '{name}': the {opener} that "
                    f"opens its value is never closed; close it"
                )
            return (
                f"{source}:{start + offset}: {entry} is not closed: a '}}' is missing after "
                "this line; add it"
            )
        message += "; unbalanced braces or quotes?"
    elif "Expected a `=` after entry key" in message:  # a word read as a field's name
        message += "; a comma missing between fields, or one in a % note?"
        line = _word_line(block.raw, message, reason) + start
    return f"{source}:{line}: cannot parse {entry} ({message}); fix it by hand"


def _word_line(raw: str, message: str, reason: str) -> int:
    """The line offset in a failed entry's `raw` text of the word the parser took for a
    field's name (the last line holding it), else of the line it stopped on."""
    stopped = re.search(r"block \(line (\d+)\) aborted on line (\d+)", reason)
    offset = int(stopped.group(2)) - int(stopped.group(1)) if stopped else 0
    word = re.search(r"after entry key `([^`]+)`", message)
    if word:
        found = [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(word.group(1))}", raw)]
        if found:
            return raw.count("\n", 0, found[-1])
    return offset


_ENTRY_HEAD = re.compile(r"\s*@\s*\w+\s*[{(][^\S\n]*([^,\s{}()=]*)")
_FIELD_START = re.compile(r"[^\S\n]*,?[^\S\n]*([A-Za-z][^\s=,{}()\"#%]*)[^\S\n]*=")
# As bibtexparser reads values: a brace or quote right after a backslash does not count.
_DELIMITER = re.compile(r'(?<!\\)[{}"]|\n')


def _unclosed(raw: str) -> tuple[int, str, str] | None:
    """Where a failed entry goes wrong, as (line offset in `raw`, field name, its opener):
    the value still open when a later line starts a field, or (offset, "", "") after the
    last line with text when every value closes but the entry does not."""
    depth, quoted, line = 0, False, 0
    field: tuple[int, str, str] | None = None
    for match in _DELIMITER.finditer(raw):
        char = match.group()
        if char == "\n":
            line += 1
            starts = _FIELD_START.match(raw, match.end())
            if starts and (depth > 1 or quoted) and field is not None:
                return field
            if starts and depth == 1 and not quoted:
                field = (line, starts.group(1), "")
            continue
        if char == '"' and depth == 1:
            quoted = not quoted
            if quoted and field is not None:
                field = (field[0], field[1], "'\"'")
        elif char == "{":
            depth += 1
            if depth == 2 and not quoted and field is not None:
                field = (field[0], field[1], "'{'")
        elif char == "}":
            depth -= 1
            if depth == 0:
                return None  # closed: the problem is elsewhere
    if (depth > 1 or quoted) and field is not None:
        return field
    return (raw.rstrip().count("\n"), "", "") if depth == 1 else None


def _second_field_line(raw: str, names) -> int | None:
    """The line offset in an entry's `raw` text of the second field with one of `names`
    (any case): where a field is written twice."""
    wanted = {name.lower() for name in names}
    seen: set[str] = set()
    offsets = []
    for match in re.finditer(r"(?:^|\n|,)[^\S\n]*([^\s=,{}()\"#%]+)[^\S\n]*=", raw):
        name = match.group(1).lower()
        if name in wanted:
            if name in seen:
                offsets.append(raw.count("\n", 0, match.start(1)))
            seen.add(name)
    return min(offsets) if offsets else None


@contextlib.contextmanager
def captured_parser_warnings():
    """Collect bibtexparser's log messages instead of letting them reach stderr."""
    import logging

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("bibtexparser")
    handler, propagate = Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
