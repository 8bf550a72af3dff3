"""@string macros of entries brought in from another file: which definitions must come
along so the entries keep their BibTeX form (`journal = j-TUGboat`) and still mean the
same. Pure: text in, text out.
"""

from mibib.bibtex.io import (
    non_paper_blocks,
    preamble_blocks,
    string_definitions,
    string_values,
)
from mibib.bibtex.macros import MONTHS, macro_names
from mibib.model import Paper
from mibib.plural import counted

# @string definitions named one by one in a note; the rest by their lines.
SHOWN = 8


def carry_strings(
    papers: list[Paper], source_text: str, library_text: str, lines: dict | None = None
):
    """The @string blocks of `source_text` that `papers` use and the library lacks, and
    notes for the report (`lines`: each definition's line in the file, by lower-case
    name, when `source_text` is only part of it).

    A macro the library defines with other text cannot keep its form: that field is
    written as its text instead (its `raw` form dropped), and a note says so.
    """
    kept = {key.lower() for key, _ in non_paper_blocks(library_text)}
    data = [block for key, block in non_paper_blocks(source_text) if key.lower() not in kept]
    wanted, notes = _strings(papers, source_text, library_text, lines)
    if data:
        notes.append(f"{len(data)} @xdata/@set blocks kept as data blocks (not papers)")
    preambles = _preambles(source_text, library_text)
    if preambles:
        notes.append(f"{counted(len(preambles), '@preamble block')} added to the library")
    return preambles + wanted + data, notes


def _preambles(source_text: str, library_text: str) -> list[str]:
    """The source's @preamble blocks the library lacks: LaTeX its values may call on
    (`\\noopsort`, name macros), so they come along, as written."""
    if "@" not in source_text or not preamble_blocks(source_text):
        return []
    have = {" ".join(block.split()) for block in preamble_blocks(library_text)}
    return [block for block in preamble_blocks(source_text) if " ".join(block.split()) not in have]


def _strings(papers: list[Paper], source_text: str, library_text: str, lines: dict | None):
    used: dict[str, list[tuple[Paper, str]]] = {}
    for paper in papers:
        for name, expression in paper.raw.items():
            for macro in macro_names(expression):
                if macro.lower() not in MONTHS:
                    used.setdefault(macro.lower(), []).append((paper, name))
    if not used:
        return [], _unused_note(source_text, used, library_text, lines)
    source, library = string_values(source_text), string_values(library_text)
    blocks = {name.lower(): text for name, text in string_definitions(source_text)}
    wanted, notes = [], []
    queue = list(used)
    while queue:  # definitions that use other macros bring those along
        macro = queue.pop()
        if macro in blocks and macro not in library:
            expression = blocks[macro].split("=", 1)[-1].rstrip().rstrip("})").strip()
            for inner in macro_names(expression):
                if inner.lower() not in used and inner.lower() not in MONTHS:
                    used[inner.lower()] = []
                    queue.append(inner.lower())
    for macro, users in used.items():
        if macro in library:
            if macro in source and library[macro] != source[macro]:
                for paper, name in users:
                    paper.raw.pop(name, None)
                notes.append(
                    f"@string '{macro}' means '{library[macro]}' in the library but "
                    f"'{source[macro]}' here; {len(users)} entries got its text instead"
                )
        elif macro in blocks:
            wanted.append(blocks[macro])
        else:
            notes.append(f"@string '{macro}' is defined in neither file; kept as written")
    wanted.sort(key=lambda block: source_text.find(block))
    if wanted:
        notes.append(f"{counted(len(wanted), '@string definition')} added to the library for them")
    return wanted, notes + _unused_note(source_text, used, library_text, lines)


def _unused_note(
    source_text: str, used: dict, library_text: str, lines: dict | None = None
) -> list[str]:
    """A note naming the source's definitions no entry uses and the library lacks, each
    with its line (past SHOWN, their lines only)."""
    from mibib.bibtex.written import string_lines

    defined = string_definitions(source_text)
    have = string_values(library_text) if defined else {}
    unused = [name for name, _ in defined if name.lower() not in used and name.lower() not in have]
    if not unused:
        return []
    lines = string_lines(source_text) if lines is None else lines
    where = [lines.get(name.lower()) for name in unused]
    shown = ", ".join(
        f"{name} (line {line})" if line else name
        for name, line in zip(unused[:SHOWN], where[:SHOWN], strict=True)
    )
    rest = [str(line) for line in where[SHOWN:] if line]
    if len(unused) > SHOWN:
        shown += (
            f"; also at lines {', '.join(rest)}" if rest else f" and {len(unused) - SHOWN} more"
        )
    return [
        f"{counted(len(unused), '@string definition')} not imported, as no entry uses them: "
        + shown
    ]
