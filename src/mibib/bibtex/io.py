"""Read BibTeX text with bibtexparser: entries as Papers with their spans, and every
problem a later save would turn into lost data, each with its file:line.

The only module that imports bibtexparser (lazily: a cache hit never needs it).
Takes text, never paths; never prints.
"""

import contextlib
import re

from mibib.errors import LibraryFormatError
from mibib.model import Paper

Spans = dict[str, tuple[int, int]]


def decode_bibtex(data: bytes, source: str) -> str:
    """UTF-8 text of a .bib file; other encodings are refused with the failing line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LibraryFormatError(
            f"{source}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}); "
            "convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LibraryFormatError(f"{source}:{line}: binary data (NUL byte); not a BibTeX file")
    return text.removeprefix("\ufeff")


def parse_bibtex(text: str, source: str = "library.bib") -> tuple[list[Paper], Spans]:
    """The entries of BibTeX text, in file order, and where each one's text lies (by key).

    Raises LibraryFormatError naming every unparsable block, duplicate key or field,
    and entry closed early, each with its line.
    """
    import bibtexparser

    from mibib.bibtex.schema import paper_from_fields

    try:
        with _captured_parser_warnings() as warnings:
            parsed = bibtexparser.parse_string(text)
    except RecursionError:
        raise LibraryFormatError(f"{source}:1: nested too deeply to read; fix it by hand") from None
    except Exception as exc:  # a parser bug must not cost the user a traceback
        raise LibraryFormatError(
            f"{source}:1: the BibTeX parser failed ({type(exc).__name__}: {exc}); fix it by hand"
        ) from exc
    problems = _parse_problems(parsed, source, warnings)
    if problems:
        raise LibraryFormatError(problems[0], problems=problems)

    papers: list[Paper] = []
    spans: Spans = {}
    search_from = 0
    for entry in parsed.entries:
        start = text.find(entry.raw, search_from)
        if start < 0:  # bibtexparser reports raw text as read, so this is a bug if it happens
            raise LibraryFormatError(f"{source}:{entry.start_line + 1}: cannot locate entry")
        search_from = start + len(entry.raw)
        spans[entry.key] = (start, search_from)
        fields = ((item.key, _as_text(item.value)) for item in entry.fields)
        papers.append(paper_from_fields(entry.key, entry.entry_type, entry.start_line + 1, fields))
    return papers, spans


def string_definitions(text: str) -> list[tuple[str, str]]:
    """(name, text as written) of each @string definition in BibTeX text."""
    if "@string" not in text.lower():
        return []
    import bibtexparser

    return [(block.key, block.raw) for block in bibtexparser.parse_string(text).strings]


def _as_text(value) -> str:
    """A field's value as written (outer braces or quotes removed)."""
    return value if isinstance(value, str) else str(value)


def _parse_problems(parsed, source: str, warnings: list[str]) -> list[str]:
    """Failed blocks, duplicate keys and entries closed early by a stray `}`, with lines."""
    from bibtexparser import model as bib

    problems = []
    for block in parsed.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bib.DuplicateBlockKeyBlock):
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
        ):
            line = (block.start_line or 0) + 1
            problems.append(
                f"{source}:{line}: entry '{previous.key}' is closed early by an extra '}}' "
                "(unbalanced braces); fix it by hand"
            )
        previous = block
    return sorted(problems, key=_problem_line)


def _problem_line(problem: str) -> int:
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
    return message


@contextlib.contextmanager
def _captured_parser_warnings():
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
