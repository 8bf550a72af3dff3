"""A Markdown list -> the blocks that may hold a paper, each with its section. Pure: no I/O.

A block is a list item (with its sub-items), a paragraph, a table row (Markdown or
HTML) or a heading that is itself a link (with the text below it). Headings give each
block its section path; a heading that is only a year (`### 2024`, `<summary>2024`)
gives a year instead. markdown-it-py does the Markdown itself (escapes, nested
brackets, emphasis, tables), which hand-written regexes get wrong on loosely written
lists; raw HTML goes to `html.HtmlReader`.
"""

import re
from dataclasses import dataclass, field

from mibib.importers.code_blocks import detail_lines, is_bibtex
from mibib.importers.hidden import blank_front_matter, strip_comments
from mibib.importers.html import HtmlEvent, HtmlReader
from mibib.importers.inline import BREAK, Run, plain_text, runs_of, split_lines, written_links
from mibib.importers.links import ANCHOR, LOCAL, classify_link
from mibib.importers.venues import parse_date
from mibib.importers.wording import reads_like_title, strip_decorations

_YEAR_HEADING = re.compile(
    r"^(?:year\s*)?(?P<year>(?:19|20)\d\d)(?:\s*(?:[-–~]|to)\s*(?:(?:19|20)\d\d|now|present))?"
    r"(?:\s*(?:papers|and (?:before|earlier)|& before|or earlier))?$"
    r"|^(?:before|pre|earlier than|older than|prior to)[\s-]*(?:19|20)\d\d$|^(?:earlier|older)$",
    re.IGNORECASE,
)


@dataclass
class Block:
    """One place in the document that may name a paper."""

    kind: str  # "item", "paragraph", "row", "heading" (a linked one), or "section"
    line: int
    section: tuple[str, ...]
    lines: list[list[Run]] = field(default_factory=list)  # its own text, line by line
    children: list["Block"] = field(default_factory=list)  # sub-items; a heading's body
    cells: list[tuple[str, list[Run]]] = field(default_factory=list)  # rows: (column, runs)
    year: int | None = None  # of the year section or <details> group it sits in

    def links(self) -> list[str]:
        runs = [run for line in self.lines for run in line]
        runs += [run for _, cell in self.cells for run in cell]
        return written_links(runs)


# Link targets that markdown-it's normalizeLink returns as they are: http(s) addresses of a
# lower-case ASCII host, with only the characters it keeps (letters, digits, its reserved
# set, valid %XX escapes). Most links of a list are such, and normalizing each through
# mdurl was a tenth of the parse (tests/test_import_fast_paths.py holds the two equal).
PLAIN_LINK = re.compile(
    r"https?://(?:[a-z0-9-]{1,63}\.)*[a-z0-9-]{1,63}(?::[0-9]+)?"
    r"(?:[/?#](?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*)?"
)
PLAIN_LINK_LENGTH = 256  # mdurl drops a host longer than 255 characters


def read_blocks(text: str) -> list[Block]:
    """Every block of the document in order, sections resolved."""
    tokens = markdown_parser().parse(strip_comments(blank_front_matter(text)))
    walker = _Walker()
    walker.walk(tokens)
    blocks = drop_navigation_headings(walker.blocks, walker.nav_sections)
    return blocks if walker.title_seen else drop_title_heading(blocks)


def markdown_parser():
    """markdown-it with CommonMark and tables, whose link normalization skips the
    targets it would leave as they are."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    normalize = parser.normalizeLink

    def normalize_link(url: str) -> str:
        if len(url) < PLAIN_LINK_LENGTH and PLAIN_LINK.fullmatch(url):
            return url
        return normalize(url)

    parser.normalizeLink = normalize_link
    return parser


def drop_title_heading(blocks: list[Block]) -> list[Block]:
    """Take out of every path the document's first heading when it holds the whole
    document and no `#` title came before it (`## Papers on X` over `### Reviews`,
    `### Tools`): the list's title, not a category."""
    entries = [block for block in blocks if block.kind != "section"]
    if not entries or any(len(block.section) < 2 for block in entries):
        return blocks
    if blocks[0].kind != "section" or len(blocks[0].section) != 1:
        return blocks
    top = blocks[0].section[0]
    if any(block.section[0] != top for block in blocks if block.section):
        return blocks
    for block in blocks:
        block.section = block.section[1:]
    return blocks


def is_navigation(block: Block) -> bool:
    """Only links within the document (a table of contents, "back to top"). A table row
    with text of its own beside them (`| [Title](notes/title.md) | 2024.2.12 | arXiv |`)
    is an entry whose title links the list's notes on it."""
    links = block.links() + [href for child in block.children for href in child.links()]
    links = [href for href in links if href.strip()]  # `[paper]()` links nowhere at all
    if block.kind == "row" and any(_unlinked_text(cell) for _, cell in block.cells):
        return False
    return bool(links) and all(
        classify_link(href) in (ANCHOR, LOCAL) and not _local_paper(href) for href in links
    )


def _unlinked_text(cell: list) -> bool:
    return any(run.text.strip(" |") and not run.href for run in cell)


def _local_paper(href: str) -> bool:
    """A PDF kept in the list's repository (`[pdf](Bilot_SoK_2025.pdf)`): a paper, not
    a way around the document."""
    return href.split("#")[0].split("?")[0].lower().endswith(".pdf")


def drop_navigation_headings(blocks: list[Block], nav: set) -> list[Block]:
    """Take out of every path a heading whose own text is only a table of contents:
    lists that put their topics under "## Contents" mean topics, not a category."""
    own = {}
    for block in blocks:
        if block.kind != "section":
            own.setdefault(block.section, []).append(block)
    for path in sorted(nav, key=len, reverse=True):
        mine = own.get(path, [])
        if any(not is_navigation(block) and block.links() for block in mine):
            continue  # a remark without links (`*(More than Top 100)*`) does not count
        listed = [block for block in mine if block.kind == "item"]
        if sum(len(b.links()) + sum(len(c.links()) for c in b.children) for b in listed) < 3:
            continue  # a "back to top" link, not a table of contents
        deeper = [b for b in blocks if len(b.section) > len(path) and b.kind != "section"]
        if not any(b.section[: len(path)] == path for b in deeper):
            continue
        for block in blocks:
            if block.section[: len(path)] == path:
                block.section = path[:-1] + block.section[len(path) :]
    return blocks


def heading_title(runs: list[Run]) -> str:
    """A heading as a section name: no emoji, numbering, trailing colon or count."""
    title = strip_decorations(plain_text(runs))
    title = re.sub(r"^(\d+(\.\d+)*\.?|[IVX]+\.)\s+", "", title)
    title = re.sub(r"\s*\(\d+\)(?=\s|$)", "", title).strip(" :：")
    return title


def year_of_heading(title: str) -> int | None | bool:
    """The year a year heading (or a date heading, `### 2024-10-09` over a day's papers)
    names; None for "Before 2020"/"Older"; False if not one."""
    match = _YEAR_HEADING.match(title.strip())
    if match is None:
        date = parse_date(title) if re.search(r"\d", title) else None
        return date[0] if date else False
    return int(match.group("year")) if match.group("year") else None


class _Frame:
    def __init__(self, line: int) -> None:
        self.line = line
        self.runs: list[Run] = []
        self.children: list[Block] = []


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.headings: list[tuple[int, str]] = []
        self.year: tuple[int, int | None] | None = None  # (heading level, year)
        self.details_years: list[int | None | bool] = []
        self.details_entries: list[Block | None] = []  # the entry each open summary named
        self.frames: list[_Frame] = []
        self.quote = 0
        self.entry: Block | None = None  # an open heading entry collecting its body
        self.content_seen = False
        self.title_seen = False  # a `#` heading before any content was the title
        self.nav_sections: set[tuple[str, ...]] = set()
        self.html = HtmlReader()

    def section(self) -> tuple[str, ...]:
        return tuple(title for _, title in self.headings if title)

    def current_year(self) -> int | None:
        for year in reversed(self.details_years):
            if year is not False:
                return year  # type: ignore[return-value]
        return self.year[1] if self.year else None

    def emit(self, block: Block) -> None:
        if not block.lines and not block.cells:
            return
        block.year = block.year if block.year is not None else self.current_year()
        if self.frames:
            self.frames[-1].children.append(block)
            return
        self.content_seen = self.content_seen or block.kind != "paragraph"
        if is_navigation(block):
            self.nav_sections.add(block.section)
        if self.entry is not None:
            self.entry.children.append(block)
        else:
            self.blocks.append(block)

    def walk(self, tokens) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            line = token.map[0] + 1 if token.map else 0
            if kind == "heading_open":
                self.heading(int(token.tag[1:]), runs_of(tokens[index + 1]), line)
                index += 3
                continue
            if kind == "html_block":
                for event in self.html.feed_block(token.content, line):
                    self.html_event(event)
            elif kind in ("fence", "code_block"):
                self.code_block(token.content, line)
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind == "table_open":
                end = next(i for i in range(index, len(tokens)) if tokens[i].type == "table_close")
                self.table(tokens[index:end])
                index = end
            elif kind == "list_item_open":
                self.frames.append(_Frame(line))
            elif kind == "list_item_close" and self.frames:
                frame = self.frames.pop()
                self.emit(Block("item", frame.line, self.section(), split_lines(frame.runs),
                                frame.children))  # fmt: skip
            elif kind == "inline" and self.frames:
                frame = self.frames[-1]
                if frame.runs:
                    frame.runs.append(Run(BREAK))
                frame.runs += runs_of(token)
            elif kind == "inline" and not self.quote:
                self.emit(Block("paragraph", line, self.section(), split_lines(runs_of(token))))
            index += 1
        for event in self.html.flush():
            self.html_event(event)

    def heading(self, level: int, runs: list[Run], line: int) -> None:
        self.entry = None
        document_title = level == 1 and not self.content_seen and not self.headings
        if _is_entry_heading(runs) and not document_title:  # `# A Paper List of [Name](…)`
            self.entry = Block("heading", line, self.section(), split_lines(runs))
            self.entry.year = self.current_year()
            self.blocks.append(self.entry)
            self.content_seen = True
            return
        title = heading_title(runs)
        year = year_of_heading(title)
        if year is not False:
            self.year = (level, year)  # type: ignore[assignment]
            return
        if self.year and level <= self.year[0]:
            self.year = None
        if document_title:
            self.title_seen = True
            return  # the document's title, not a section
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, title))
        # The heading itself, kept for a body of `- Authors:`/`- Paper:` items that make
        # it an entry's title (markdown.read_list decides).
        self.blocks.append(Block("section", line, self.section(), split_lines(runs)))

    def html_event(self, event: HtmlEvent) -> None:
        if event.kind == "heading":
            self.heading(event.level, event.runs, event.line)
        elif event.kind == "summary":
            year = year_of_heading(heading_title(event.runs))
            if year is False and _is_entry_heading(event.runs):  # `<summary><a>Title</a>`
                self.entry = Block("heading", event.line, self.section(), split_lines(event.runs))
                self.entry.year = self.current_year()
                self.blocks.append(self.entry)
                self.content_seen = True
            self.details_years.append(year)
            self.details_entries.append(self.entry if year is False else None)
        elif event.kind == "details_end" and self.details_years:
            self.details_years.pop()
            if self.details_entries.pop() is self.entry:
                self.entry = None  # the `<details>` of a summary entry ends its body
        elif event.kind == "code":
            self.code_block(plain_text(event.runs), event.line)
        elif event.kind == "item":
            self.emit(Block("item", event.line, self.section(), split_lines(event.runs)))
        elif event.kind == "table":
            rows = [(line, [runs for _, runs in cells]) for line, cells in event.rows]
            self.rows(rows)

    def code_block(self, text: str, line: int) -> None:
        """BibTeX in a code block: details of the entry it sits under, or of the entry
        above it in its section that it cites (its title is that entry's text). One that
        cites nothing above it (how to cite the list itself) adds nothing."""
        if not is_bibtex(text):
            return
        parent = self.frames[-1].children if self.frames else None
        if parent is None and self.entry is not None and self.entry in self.details_entries:
            parent = self.entry.children  # `<details><summary><a>Title</a></summary><pre>`
        if parent is None:
            above = [block for block in self.blocks[-6:] if block.section == self.section()]
            cited = next((block for block in reversed(above) if _cites(block, text)), None)
            parent = cited.children if cited is not None else None
        if parent is not None:
            section, year = self.section(), self.current_year()
            for offset, detail in enumerate(detail_lines(text, with_title=False)):
                parent.append(Block("item", line + offset, section, [detail], year=year))

    def table(self, tokens) -> None:
        rows: list[tuple[int, list[list[Run]]]] = []
        for token in tokens:
            if token.type == "tr_open":
                rows.append((token.map[0] + 1 if token.map else 0, []))
            elif token.type == "inline" and rows:
                rows[-1][1].append(runs_of(token))
        self.rows(rows)

    def rows(self, rows: list[tuple[int, list[list[Run]]]]) -> None:
        """Table rows as blocks; the first row names the columns."""
        if len(rows) < 2:
            return
        header = [" ".join(plain_text(cell).split()) for cell in rows[0][1]]
        group: tuple[str, ...] = ()  # the sub-section a group row opened
        year: int | None | bool = False  # or the year it gave
        for line, cells in rows[1:]:
            label = _group_label(cells, len(header))
            if label is not None:
                year = year_of_heading(label)
                group = (label,) if year is False else ()
                continue
            named = [(header[i] if i < len(header) else "", cell) for i, cell in enumerate(cells)]
            block = Block("row", line, self.section() + group, cells=named)
            block.year = None if year is False else year  # type: ignore[assignment]
            self.emit(block)


def _group_label(cells: list[list[Run]], width: int) -> str | None:
    """The sub-section a table row opens: one cell across the whole row
    (`<td colspan="5">📖CNN-Based Method</td>`) or only a bold first cell (`| **Vision** | |
    |`), no link. None for any other row."""
    filled = [cell for cell in cells if plain_text(cell).strip()]
    if width < 2 or len(filled) != 1 or filled[0] is not cells[0]:
        return None
    cell = cells[0]
    if any(run.href for run in cell):
        return None
    lone = len(cells) == 1
    bold = all(run.bold for run in cell if run.text.strip())
    title = heading_title(cell)
    if not (lone or bold) or not 0 < len(title.split()) <= 8:
        return None
    return title


def _cites(block: Block, bibtex: str) -> bool:
    """Whether a BibTeX block's title opens the text of an entry above it (after its
    numbering), not a sentence of prose naming that paper."""
    lines = [line[0].text for line in detail_lines(bibtex, True)]
    title = next((line for line in lines if line.startswith("Title: ")), "")
    words = strip_decorations(title.removeprefix("Title: ")).lower()[:40]
    text = strip_decorations(" ".join(plain_text(line) for line in block.lines)).lower()
    at = text.find(words) if words else -1
    return block.kind in ("item", "paragraph") and 0 <= at <= 12  # the entry's title, not prose


def _is_entry_heading(runs: list[Run]) -> bool:
    """A heading whose text is a link to a page (not within the document): an entry."""
    linked = [run for run in runs if run.href is not None and not run.image]
    if not linked or classify_link(linked[0].href or "") in (ANCHOR, LOCAL):
        return False
    return reads_like_title("".join(run.text for run in linked if run.href == linked[0].href))
