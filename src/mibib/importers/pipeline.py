"""One import, start to end, in memory: read the file, plan, apply. No I/O, no printing.

The command reads the files, fetches (`--fetch`) and writes the results; everything
between is here, so a dry run and a real run take exactly the same steps up to the
writing. Planning leaves the library as it is, so it can run before the locks are
taken, and again under them when the files changed meanwhile.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from mibib.errors import MibibError
from mibib.importers.candidates import Candidates, read_bibtex, read_markdown
from mibib.importers.entries import NewNode
from mibib.importers.filling import FillReport
from mibib.importers.plan import ADDED, Action, apply_plan, moved_keys, plan_import
from mibib.library import Library
from mibib.model import FACET_NAMES, Paper
from mibib.taxonomy import Taxonomy

BIBTEX_SUFFIXES = (".bib", ".bibtex")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".html", ".htm")
# Lines named in the error for a file where no entry was recognised.
SHOWN_LINES = 8


@dataclass
class ImportOptions:
    tags: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FACET_NAMES})
    merge: bool = False
    new_categories: bool = True


@dataclass
class ImportResult:
    actions: list[Action]
    new_nodes: list[NewNode]  # categories, techniques and evaluations added to the taxonomy
    notes: list[str]
    taxonomy_text: str | None  # the edited taxonomy.toml, when nodes were added
    candidates: Candidates | None = None  # what was read: sections, left out, unread
    filled: FillReport | None = None  # what --fetch filled
    strings: list[str] = field(default_factory=list)  # @string definitions to bring along


def file_kind(path: PurePath) -> str:
    """'bibtex' or 'markdown' (Markdown or HTML) from the file name; others are refused."""
    suffix = path.suffix.lower()
    if suffix in BIBTEX_SUFFIXES:
        return "bibtex"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    raise MibibError(
        f"{path}:1: cannot import '{suffix or 'no extension'}' files "
        "(import reads .bib, .md and .html files; rename the file if it is one of these)"
    )


def plan_candidates(
    candidates: Candidates,
    taxonomy_text: str,
    library: Library,
    options: ImportOptions,
    on_step: Callable[[int, int], None] | None = None,
    filled: FillReport | None = None,
) -> ImportResult:
    """Plan the candidates against the library: what to add, merge and retag, the taxonomy
    to write and the @string definitions to bring. The library is not changed."""
    actions = plan_import(
        library,
        candidates.papers,
        merge=options.merge,
        on_step=on_step,
        cited_keys=candidates.bibtex is not None,  # a .bib file's keys are cited
    )
    new_text = None
    if candidates.new_nodes:
        from mibib.importers.taxonomy_edit import add_nodes
        from mibib.taxonomy import parse_taxonomy

        new_text = add_nodes(taxonomy_text, candidates.new_nodes)
        parse_taxonomy(new_text)  # a bug here must stop the import before anything is written
    strings: list[str] = []
    if candidates.bibtex is not None:  # entries keep their macros: bring the definitions
        from mibib.bibtex.strings import carry_strings

        added = [action.paper for action in actions if action.status in ADDED]
        # Fields --merge fills keep their macros too (a note drops one that cannot).
        added += [Paper(action.paper.key, raw=action.fill_raw) for action in actions
                  if action.fill_raw]  # fmt: skip
        strings, notes = carry_strings(
            added, candidates.bibtex, library.definitions_text(), candidates.string_lines
        )
        strings, followed = _follow_set_members(strings, actions)
        candidates.notes += followed
        candidates.notes += notes + _notes_left_out(candidates.papers, added, library)
        candidates.notes += _notes_rewritten(added) + _notes_unreadable_names(added)
    notes = candidates.notes + (filled.notes if filled else [])
    return ImportResult(actions, candidates.new_nodes, notes, new_text, candidates, filled, strings)


def _follow_set_members(blocks: list[str], actions: list[Action]) -> tuple[list[str], list]:
    """The blocks brought along, each @set naming its members by the keys the import gave
    them (a suffix on a clash, the library's key for the same paper), and a note for each
    set changed."""
    from mibib.bibtex.references import follow_set_members

    moved = moved_keys(actions)
    if not moved:
        return blocks, []
    followed = [follow_set_members(block, moved) for block in blocks]
    heads = [
        re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]*)", new)
        for old, new in zip(blocks, followed, strict=True)
        if old != new
    ]
    notes = [
        f"@set '{head.group(1) if head else '?'}': its entryset names its members by the keys "
        "the import gave them"
        for head in heads
    ]
    return followed, notes


def _notes_left_out(papers: list[Paper], added: list[Paper], library) -> list[str]:
    """A note naming the `%` lines above each entry not added (skipped, joined to another):
    they go to the library only with their entry (unless an earlier import brought them).
    The library's text is joined only when there are such lines to look for."""
    from mibib.bibtex.entry_text import entry_start

    written = {id(paper) for paper in added}
    lines = []
    for paper in papers:
        if id(paper) in written or paper.written is None:
            continue
        above = paper.written.text[: entry_start(paper.written.text)]
        if above.strip() and above.strip() not in library.text:
            first = paper.line - above.count("\n")
            last = paper.line - 1
            lines.append(str(first) if first == last else f"{first}-{last}")
    if not lines:
        return []
    where = "line" if lines == [lines[0]] and "-" not in lines[0] else "lines"
    return [
        f"the % lines above entries not added were not imported either: {where} " + ", ".join(lines)
    ]


def _notes_rewritten(added: list[Paper]) -> list[str]:
    """A note naming the entries whose text could not be kept as written (fields the
    layout reader cannot locate): they are written in mibib's style, braces for quotes."""
    from mibib.bibtex.kept import keeps_written_layout

    rewritten = [
        f"{paper.key} (line {paper.line})" for paper in added if not keeps_written_layout(paper)
    ]
    if not rewritten:
        return []
    return [
        "written in mibib's style, not as the file laid them out (their fields could not be "
        "located): " + ", ".join(rewritten)
    ]


def _notes_unreadable_names(added: list[Paper]) -> list[str]:
    """A note naming the fields BibTeX cannot read (`note(s) = …`): kept as written, for
    the user to rename (BibTeX would skip the rest of the entry)."""
    from mibib.bibtex.diagnose import names_bibtex_cannot_read

    found = [
        f"{paper.key} (line {paper.line}): {', '.join(names)}"
        for paper in added
        if (names := names_bibtex_cannot_read(paper.fields))
    ]
    if not found:
        return []
    return ["field names BibTeX cannot read, kept as written (rename them): " + "; ".join(found)]


def apply_import(result: ImportResult, library: Library) -> None:
    """Carry a plan out on the library in memory: its @string definitions, then every
    addition, merge and retag as one edit (saving is the caller's)."""
    library.define_strings(result.strings)
    apply_plan(library, result.actions)
    for paper in result.candidates.papers if result.candidates else ():
        paper.written = None  # one entry not added would hold the file's whole text


def read_candidates(
    source: str, kind: str, text: str, taxonomy: Taxonomy, options: ImportOptions
) -> Candidates:
    """The file's entries; a file with none is an error (for a Markdown file, one that
    names the lines that looked like entries)."""
    if kind == "bibtex":
        candidates = read_bibtex(text, source, taxonomy, options.tags, options.new_categories)
        if not candidates.papers:
            raise MibibError(
                f"{source}: no BibTeX entries found (only comments, @string or @preamble "
                "blocks, or nothing); nothing imported"
            )
        return candidates
    candidates = read_markdown(text, taxonomy, options.tags, options.new_categories)
    if not candidates.papers:
        raise MibibError(_nothing_found(source, candidates))
    return candidates


def _nothing_found(source: str, candidates: Candidates) -> str:
    def lines(found: list[tuple]) -> str:
        shown = "; ".join(f"line {item[0]}: {item[1]}" for item in found[:SHOWN_LINES])
        more = len(found) - SHOWN_LINES
        return shown + (f"; and {more} more" if more > 0 else "")

    if candidates.unread:
        return (
            f"{source}: no paper entries recognised; these lines look like entries but name "
            f"no title: {lines(candidates.unread)} (write each as `- [Title](link)`)"
        )
    if candidates.not_papers:
        return (
            f"{source}: no papers found: its {len(candidates.not_papers)} linked items are "
            f"tools or links, not papers ({lines(candidates.not_papers)}); nothing imported"
        )
    return (
        f"{source}: no paper entries found: no list item, table row, heading or paragraph "
        "names a paper (a title with a paper link, or with a venue and year, or authors); "
        "is it a paper list?"
    )
