"""Terminal output with rich: tables, panels, trees, JSON and error lines.

The only package besides `cli` that imports rich, and it does so lazily so that
commands printing JSON start fast. What `import` did is import_report.py's.
"""

import os
import sys
from functools import lru_cache

from mibib.model import FACET_NAMES, FACETS, Paper
from mibib.taxonomy import Taxonomy


# Emoji codes off: a title such as "Why :smile: works" prints as written.
@lru_cache(maxsize=1)
def stdout():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, emoji=False)


@lru_cache(maxsize=1)
def stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def print_json(data) -> None:
    """Plain JSON on stdout (never through rich, so pipes get exact text).

    Written in pieces as it is encoded: the whole text of 100,000 entries would
    be another few hundred megabytes in memory.
    """
    from mibib.json_text import render_json_pieces

    pieces: list[str] = []
    for piece in render_json_pieces(data):
        pieces.append(piece)
        if len(pieces) >= 256:
            sys.stdout.write("".join(pieces))
            pieces.clear()
    sys.stdout.write("".join(pieces) + "\n")


def print_error(message: str) -> None:
    """One line on stderr: `Error: <message>`."""
    sys.stderr.write(f"Error: {message}\n")


def print_warning(message: str) -> None:
    sys.stderr.write(f"Warning: {message}\n")


def print_line(message: str = "") -> None:
    from rich.markup import escape

    stdout().print(escape(message))


TITLE_ROOM = 40  # the least width a title column gets before the key moves under it


def render_papers_table(papers: list[Paper], scores: list[float] | None = None, width: int = 80):
    """A rich Table of entries, fitted to `width` so that titles keep the room.

    Wide enough for a title column of TITLE_ROOM beside the others, it has the
    columns Key, Year, Title, Authors, Categories. Narrower, the key and the
    categories go on a line under the title (keys and categories are never cut).
    Cells are Text, not markup: a title such as "[/b] tags in LMs" prints as written.
    """
    from rich.table import Table
    from rich.text import Text

    authors = [short_authors(paper.authors) for paper in papers]
    categories = [", ".join(paper.categories) for paper in papers]
    key_width = max((len(paper.key) for paper in papers), default=3)
    authors_width = min(max((len(name) for name in authors), default=7), 20)
    others = key_width + 4 + authors_width + min(max(map(len, categories), default=10), 24)
    columns = 6 if scores is not None else 5
    wide = width >= others + TITLE_ROOM + 3 * columns + 1 + (5 if scores is not None else 0)
    table = Table(expand=True)
    if scores is not None:
        table.add_column("Score", justify="right", no_wrap=True)
    if wide:
        table.add_column("Key", style="cyan", no_wrap=True)
    table.add_column("Year", justify="right", no_wrap=True)
    table.add_column("Title" if wide else "Title, key, categories", ratio=3)
    table.add_column("Authors", no_wrap=True, max_width=20)
    if wide:
        table.add_column("Categories", style="green", ratio=1, overflow="fold")
    for index, paper in enumerate(papers):
        if wide:
            row = [paper.key, str(paper.year or ""), paper.title, authors[index], categories[index]]
            row = [Text(value) for value in row]
        else:
            entry = Text(paper.title)
            entry.append("\n")
            entry.append(paper.key, style="cyan")
            if categories[index]:
                entry.append(" · ")
                entry.append(categories[index], style="green")
            row = [Text(str(paper.year or "")), entry, Text(authors[index])]
        if scores is not None:
            row.insert(0, Text(f"{scores[index]:.0f}"))
        table.add_row(*row)
    return table


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal, decided as rich decides it (TTY_COMPATIBLE,
    FORCE_COLOR, else isatty) but without importing rich for piped output."""
    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def print_papers(papers: list[Paper], summary: str, scores: list[float] | None = None) -> None:
    """A rich table and a summary line on a terminal; piped, one tab-separated line per
    entry (score, key, year, title, authors, categories) for grep, cut and awk.

    rich lays out about a row per millisecond, so a table of a 10,000-entry library
    takes seconds; scripts and pagers get the lines at once. With no entries there is
    no table, only the summary ("0 matching entries"), on stderr when piped so that
    stdout stays empty for scripts.
    """
    if not papers:
        if stdout_is_terminal():
            print_line(summary)
        else:
            sys.stderr.write(summary + "\n")
        return
    if stdout_is_terminal():
        show(render_papers_table(papers, scores, stdout().width))
        print_line(summary)
        return
    lines = []
    for index, paper in enumerate(papers):
        row = [paper.key, str(paper.year or ""), paper.title, "; ".join(paper.authors)]
        row.append(", ".join(paper.categories))
        if scores is not None:
            row.insert(0, f"{scores[index]:.0f}")
        lines.append("\t".join(" ".join(value.split()) for value in row) + "\n")
    sys.stdout.write("".join(lines))


def short_authors(authors: list[str]) -> str:
    """ "Elhage et al.", "Geva and Levy", "nostalgebraist": surnames, as people cite."""
    surnames = [name.split()[-1] if name.split() else name for name in authors]
    if len(surnames) > 2:
        return f"{surnames[0]} et al."
    return " and ".join(surnames)


LINK_LABELS = ("arXiv", "DOI", "URL")


def render_paper(paper: Paper, taxonomy: Taxonomy | None = None):
    """One entry: a header line (key, type, line), then its fields and tags, one per row.

    Long values wrap under their label, except links: a URL stays whole on its line
    (print with crop=False; the terminal soft-wraps it), so it can be copied.
    """
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from mibib.bibtex.schema import UNVERIFIED_FIELD
    from mibib.latex import latex_to_text

    def titles(facet: str, keys: list[str]) -> str:
        if taxonomy is None:
            return ", ".join(keys)
        return ", ".join(
            f"{taxonomy.get(facet, key).title} ({key})" if taxonomy.get(facet, key) else key
            for key in keys
        )

    rows = [
        ("Title", paper.title),
        ("Authors", ", ".join(paper.authors)),
        ("Year", str(paper.year or "")),
        ("Venue", paper.venue),
        ("Affiliation", latex_to_text(paper.fields.get("affiliation", ""))),
        ("arXiv", paper.arxiv or ""),
        ("DOI", paper.doi or ""),
        ("URL", paper.url or ""),
        *(
            (facet.plural.capitalize(), titles(facet.name, paper.tags[facet.name]))
            for facet in FACETS
        ),
        ("TL;DR", paper.tldr),
        ("Unverified", paper.fields.get(UNVERIFIED_FIELD, "")),
    ]
    rows += [(f"TL;DR ({category})", text) for category, text in paper.category_tldrs.items()]
    rows = [(label, value) for label, value in rows if value]
    width = max(len(label) for label, _ in rows) + 2 if rows else 0
    header = Text(paper.key, style="bold cyan")
    where = f"{paper.entry_type}, line {paper.line}" if paper.line else paper.entry_type
    header.append(f"  ({where})", style="dim")
    parts, grid = [header], None
    for label, value in rows:
        if label in LINK_LABELS:
            grid = None
            line = Text(label.ljust(width), style="bold", no_wrap=True, overflow="ignore")
            line.append(value)
            parts.append(line)
            continue
        if grid is None:
            grid = Table.grid()
            grid.add_column(style="bold", width=width, no_wrap=True)
            grid.add_column()
            parts.append(grid)
        grid.add_row(label, Text(value))  # as written, not as rich markup
    return Group(*parts)


def render_taxonomy_tree(taxonomy: Taxonomy, counts: dict[tuple[str, str], int]):
    """The facets as a rich Tree; counts include papers of descendant nodes."""
    from rich.markup import escape
    from rich.tree import Tree

    root = Tree(f"[bold]{escape(taxonomy.title or 'Taxonomy')}[/bold]")
    for facet in FACET_NAMES:
        branch = root.add(f"[bold]{facet}[/bold]")
        anchors = {None: branch}
        for node in taxonomy.walk(facet):
            count = counts.get((facet, node.key), 0)
            label = f"{escape(node.title)} [dim]({node.key})[/dim] [green]{count}[/green]"
            anchors[node.key] = anchors[node.parent].add(label)
    return root


def show(renderable) -> None:
    """Print a renderable; lines rich left unwrapped on purpose (links) are not cut."""
    stdout().print(renderable, crop=False)
