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
            problems.append(
                f"{source}:{entry.start_line + 1}: entry '{entry.key}' has a field twice "
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
            problems.append(f"{source}:{line}: duplicate key '{block.key}' (rename or merge it)")
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            key = getattr(block.ignore_error_block, "key", "?")
            problems.append(
                f"{source}:{line}: entry '{key}' has a field twice "
                f"({', '.join(sorted(block.duplicate_keys))}); keep one"
            )
        else:
            reason = _failure_reason(block, warnings)
            problems.append(f"{source}:{line}: cannot parse this block ({reason}); fix it by hand")
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
        previous = block
    return sorted(problems, key=problem_line)


# What some scripts write after each entry (`},` then the next): no field follows.
_SEPARATOR_ONLY = re.compile(r"\s*[,;]\s*(?:%[^\n]*\s*)*")


def problem_line(problem: str) -> int:
    match = re.search(r":(\d+): ", problem)
    return int(match.group(1)) if match else 0


def _failure_reason(block, warnings: list[str]) -> str:
    """bibtexparser's own words for a failed block (its log line, else its error)."""
    marker = f"(line {block.start_line})"
    reason = next((message for message in warnings if marker in message), "")
    if not reason:
        error = getattr(block, "error", None)
        reason = getattr(error, "abort_reason", None) or str(error or "")
    lines = [line.strip() for line in reason.splitlines() if line.strip()]
    message = lines[-1].rstrip(".") if lines else "syntax error"
    if "Unexpected block start" in message or "end of file" in message:
        message += "; unbalanced braces or quotes?"
    elif "Expected a `=` after entry key" in message:  # a word read as a field's name
        message += "; a comma missing between fields, or one in a % note?"
    return message


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
