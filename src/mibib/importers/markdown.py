"""Markdown awesome lists -> ListItems with their section paths. Pure: no I/O.

Reads the shapes real lists use: tables with a Paper/Title column (plus Techniques,
Evaluation, Venue, Date, Authors, TL;DR...), bullet and numbered lists of links or bold
titles with sub-bullet descriptions, and HTML tables (e.g. inside <details>).
markdown-it-py does the Markdown itself (escapes, nested brackets, emphasis, tables),
which hand-written regexes get wrong on loosely written lists.
"""

import re
from dataclasses import dataclass, field

from mibib.importers.html_tables import parse_html_tables
from mibib.importers.inline import Reading, Run, read_runs, strip_decorations

# Headings whose sections hold no papers (matched as whole words, any case).
SKIPPED_HEADINGS = (
    "table of contents", "contents", "toc", "updates", "update", "news", "changelog",
    "how to cite", "citation", "cite", "citing", "contributing", "contribute", "contributors",
    "contribution", "contact", "contacts", "license", "licence", "acknowledgements",
    "acknowledgments", "acknowledgement", "star history", "tutorial", "tutorials", "video",
    "videos", "forum", "forums", "program", "programs", "courses", "course", "resources",
    "other awesome", "related lists", "back to top",
)  # fmt: skip
COLUMN_ROLES = {
    "title": ("paper", "papers", "title", "paper title", "name", "tool", "tools", "resource",
              "work", "publication", "article", "library", "project"),
    "techniques": ("technique", "techniques", "method", "methods", "approach"),
    "evaluation": ("evaluation", "evaluations", "eval", "metric", "metrics"),
    "venue": ("venue", "venues", "conference", "journal", "published", "where", "pub"),
    "date": ("date", "year", "time", "published date", "release", "released"),
    "authors": ("author", "authors", "by"),
    "tldr": ("tl;dr", "tldr", "summary", "description", "notes", "note", "comment",
             "comments", "key idea", "idea", "abstract", "contribution", "highlights"),
}  # fmt: skip


@dataclass
class ListItem:
    """One paper as a list shows it, with where (section path, line) it shows it."""

    title: str
    section: tuple[str, ...]
    line: int
    url: str = ""
    links: list[str] = field(default_factory=list)
    venue: str = ""
    year: int | None = None
    arxiv_tag: bool = False
    tldr: str = ""
    techniques: str = ""
    evaluation: str = ""
    authors: str = ""
    date: str = ""


@dataclass
class _Frame:
    """An open list item while its tokens are read."""

    line: int
    runs: list[Run] | None = None
    extra: list[str] = field(default_factory=list)


def parse_markdown(text: str) -> list[ListItem]:
    """Every list entry and table row that names a paper, in document order."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    items: list[ListItem] = []
    headings: list[tuple[int, str]] = []
    first_heading = True
    frames: list[_Frame] = []
    html: list[tuple[int, str]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != "html_block" and html:
            items += _html_items(html, _path(headings))
            html = []
        if token.type == "heading_open":
            level = int(token.tag[1:])
            title = strip_decorations(_plain(tokens[index + 1]))
            title = re.sub(r"^(\d+(\.\d+)*\.?\s+)", "", title)
            if first_heading and level == 1:
                headings = []  # the document's title, not a section
            else:
                while headings and headings[-1][0] >= level:
                    headings.pop()
                headings.append((level, title))
            first_heading = False
            index += 3
            continue
        skipping = _is_skipped(_path(headings))
        if token.type == "html_block":
            html.append((token.map[0] + 1 if token.map else 0, token.content))
        elif token.type == "table_open":
            end = _closing(tokens, index, "table_close")
            if not skipping:
                items += _table_items(tokens[index:end], _path(headings))
            index = end
        elif token.type == "list_item_open":
            frames.append(_Frame(line=token.map[0] + 1 if token.map else 0))
        elif token.type == "inline" and frames:
            frame = frames[-1]
            if frame.runs is None:
                frame.runs = _runs(token)
            else:
                frame.extra.append(_plain(token))
        elif token.type == "list_item_close" and frames:
            frame = frames.pop()
            item = None if skipping else _bullet_item(frame, _path(headings))
            if item is not None:
                items.append(item)
            elif frames and frame.runs is not None:
                frames[-1].extra.append(" ".join(run.text for run in frame.runs))
                frames[-1].extra += frame.extra
        index += 1
    if html:
        items += _html_items(html, _path(headings))
    return sorted(items, key=lambda item: item.line)


def is_skipped_heading(title: str) -> bool:
    words = f" {' '.join(re.findall(r'[a-z0-9]+', title.lower()))} "
    return any(f" {name} " in words for name in SKIPPED_HEADINGS)


def _is_skipped(path: tuple[str, ...]) -> bool:
    return any(is_skipped_heading(title) for title in path)


def _path(headings: list[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(title for _, title in headings if title)


def _closing(tokens, start: int, kind: str) -> int:
    for index in range(start, len(tokens)):
        if tokens[index].type == kind:
            return index
    return len(tokens) - 1


def _plain(token) -> str:
    return " ".join(run.text for run in _runs(token)).strip()


def _runs(token) -> list[Run]:
    """An inline token's text as runs; images (badges) and raw HTML are left out."""
    runs: list[Run] = []
    href: str | None = None
    bold = 0
    for child in token.children or []:
        kind = child.type
        if kind == "link_open":
            href = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            href = None
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold = max(bold - 1, 0)
        elif kind in ("text", "code_inline"):
            runs.append(Run(child.content, href, bold > 0))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" ", href, bold > 0))
    return runs


def _bullet_item(frame: _Frame, section: tuple[str, ...]) -> ListItem | None:
    if not frame.runs:
        return None
    reading = read_runs(frame.runs)
    if reading is None or not reading.url:
        return None
    item = _item(reading, section, frame.line)
    extra = " ".join(" ".join(text.split()) for text in frame.extra if text.strip())
    item.tldr = " ".join(part for part in (reading.description, extra) if part)
    return item


def _item(reading: Reading, section: tuple[str, ...], line: int) -> ListItem:
    item = ListItem(
        title=reading.title, section=section, line=line, url=reading.url, links=reading.links
    )
    for tag in reading.tags:
        item.arxiv_tag = item.arxiv_tag or tag.arxiv
        if tag.venue and not item.venue:
            item.venue, item.year = tag.venue, tag.year or item.year
        elif tag.year and not item.year:
            item.year = tag.year
    return item


def _table_items(tokens, section: tuple[str, ...]) -> list[ListItem]:
    """Rows of a Markdown table: the header names each column's role."""
    rows: list[tuple[int, list[list[Run]]]] = []
    current: list[list[Run]] | None = None
    line = 0
    for token in tokens:
        if token.type == "tr_open":
            current, line = [], (token.map[0] + 1 if token.map else line + 1)
        elif token.type == "inline" and current is not None:
            current.append(_runs(token))
        elif token.type == "tr_close" and current is not None:
            rows.append((line, current))
            current = None
    return rows_to_items(rows, section)


def _html_items(blocks: list[tuple[int, str]], section: tuple[str, ...]) -> list[ListItem]:
    if _is_skipped(section):
        return []
    first_line = blocks[0][0]
    html = "\n".join(content for _, content in blocks)
    items = []
    for rows in parse_html_tables(html):
        rows = [(first_line + offset, cells) for offset, cells in rows]
        items += rows_to_items(rows, section)
    return items


def rows_to_items(rows: list[tuple[int, list[list[Run]]]], section) -> list[ListItem]:
    """Table rows (header first) to items; a row without a title is left out."""
    if len(rows) < 2:
        return []
    header = [" ".join(run.text for run in cell).strip().lower() for cell in rows[0][1]]
    roles = [_role(name) for name in header]
    if "title" not in roles:
        roles[0] = "title"
    items = []
    for line, cells in rows[1:]:
        values = dict.fromkeys(COLUMN_ROLES, "")
        reading = None
        for role, cell in zip(roles, cells, strict=False):
            if role == "title" and reading is None:
                reading = read_runs(cell, plain_title=True)
            elif role is not None and not values[role]:
                values[role] = " ".join(" ".join(run.text for run in cell).split())
        if reading is None:
            continue
        item = _item(reading, section, line)
        item.tldr = values["tldr"] or reading.description
        item.techniques, item.evaluation = values["techniques"], values["evaluation"]
        item.authors, item.date = values["authors"], values["date"]
        _apply_venue_cell(item, values["venue"])
        items.append(item)
    return items


def _apply_venue_cell(item: ListItem, cell: str) -> None:
    from mibib.importers.venues import parse_venue_tag

    cell = cell.strip()
    if not cell or cell in ("-", "–", "N/A", "n/a"):
        return
    tag = parse_venue_tag(cell, need_year=False)
    if tag is None:
        return
    item.arxiv_tag = item.arxiv_tag or tag.arxiv
    if tag.venue and not item.venue:
        item.venue = tag.venue
    item.year = item.year or tag.year


def _role(name: str) -> str | None:
    cleaned = " ".join(re.findall(r"[a-z0-9;]+", name))
    for role, names in COLUMN_ROLES.items():
        if cleaned in names:
            return role
    return None
