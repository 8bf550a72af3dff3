"""Raw HTML inside a Markdown list -> headings, year summaries, table rows and list items. Pure.

Lists put tables, headings (`<h2 id=…>`), `<details><summary>2024</summary>` groups and
whole lists in HTML. The reader is fed each HTML block in turn (a table may be cut by
blank lines into several blocks) and reports what it read as events, with line numbers.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from mibib.importers.inline import Run
from mibib.importers.links import clean_href

_BREAKING = {"br", "p", "div", "hr", "tr"}
_HIDDEN = {"sup", "script", "style"}


@dataclass
class HtmlEvent:
    kind: str  # "heading", "summary", "details_end", "table", "item", "code" (a <pre>)
    line: int
    level: int = 0
    runs: list[Run] = field(default_factory=list)
    rows: list[tuple[int, list[tuple[bool, list[Run]]]]] = field(default_factory=list)


class HtmlReader(HTMLParser):
    """Stateful across blocks; `feed_block` returns the events the block completed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[HtmlEvent] = []
        self._offset = 0
        self._fed = 0  # lines fed so far: the parser counts lines across blocks
        self._tables: list[list] = []  # open tables: their rows
        self._row: list | None = None
        self._row_line = 0
        self._cell: list[Run] | None = None
        self._cell_is_header = False
        self._spans = (1, 1)  # the open cell's colspan and rowspan
        self._capture: list[Run] | None = None  # heading, summary or list item text
        self._capture_kind = ""
        self._capture_line = 0
        self._capture_level = 0
        self._items: list[tuple[int, list[Run]]] = []  # open <li>s (and <dt>s)
        self._term_open = False  # the last of _items is a <dt> and its <dd>
        self._href: list[str | None] = []
        self._bold = 0
        self._italic = 0
        self._hidden = 0
        self._pre: list[str] | None = None  # the text of an open <pre> outside any entry
        self._pre_line = 0

    def feed_block(self, html: str, first_line: int) -> list[HtmlEvent]:
        self._offset = first_line - 1 - self._fed
        self.feed(html + "\n")
        self._fed += html.count("\n") + 1
        events, self.events = self.events, []
        return events

    def _line(self) -> int:
        return self._offset + self.getpos()[0]

    def _target(self) -> list[Run] | None:
        if self._cell is not None:
            return self._cell
        if self._capture is not None:
            return self._capture
        return self._items[-1][1] if self._items else None

    def _add(self, run: Run) -> None:
        target = self._target()
        if target is not None and not self._hidden:
            target.append(run)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "table":
            self._tables.append([])
        elif tag == "tr" and self._tables:
            self._row, self._row_line = [], self._line()
        elif tag in ("td", "th") and self._row is not None:
            self._cell, self._cell_is_header = [], tag == "th"
            self._spans = (_span(attributes.get("colspan")), _span(attributes.get("rowspan")))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._cell is None:
            self._start_capture("heading", int(tag[1]))
        elif tag == "summary":
            self._start_capture("summary", 0)
        elif tag == "pre" and self._target() is None:
            self._pre, self._pre_line = [], self._line()
        elif tag == "li" and self._cell is None:
            if self._capture_kind == "item":
                self._close_capture()
            self._items.append((self._line(), []))
        elif tag == "dt" and self._cell is None:  # a definition list: term and description
            self._close_term()  # one entry a term, read as a list item
            self._items.append((self._line(), []))
            self._term_open = True
        elif tag == "dd" and self._cell is None:
            if self._term_open:
                self._add(Run("\n"))  # the description: the entry's next line
            else:
                self._items.append((self._line(), []))
                self._term_open = True
        elif tag == "a":
            href = attributes.get("href")  # `<a id="x">` is a target, not a link
            self._href.append(clean_href(href) if href is not None else None)
        elif tag in ("b", "strong"):
            self._bold += 1
        elif tag in ("i", "em"):
            self._italic += 1
        elif tag == "img" and self._href and self._href[-1] is not None:
            self._add(Run(attributes.get("alt") or "", self._href[-1], image=True))
        elif tag in _BREAKING:
            self._add(Run("\n"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("img", "br", "hr", "col"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append((self._cell_is_header, self._cell, *self._spans))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._tables:
            self._tables[-1].append((self._row_line, self._row))
            self._row = None
        elif tag == "table" and self._tables:
            rows = self._tables.pop()
            if rows:
                self.events.append(HtmlEvent("table", rows[0][0], rows=_grid(rows)))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "summary"):
            if self._capture_kind in ("heading", "summary"):
                self._close_capture()
        elif tag == "li" and self._items:
            line, runs = self._items.pop()
            self.events.append(HtmlEvent("item", line, runs=runs))
        elif tag in ("dd", "dl"):
            self._close_term()
        elif tag == "details":
            self.events.append(HtmlEvent("details_end", self._line()))
        elif tag == "pre" and self._pre is not None:
            text, self._pre = "".join(self._pre), None
            self.events.append(HtmlEvent("code", self._pre_line, runs=[Run(text)]))
        elif tag == "a" and self._href:
            self._href.pop()
        elif tag in ("b", "strong"):
            self._bold = max(self._bold - 1, 0)
        elif tag in ("i", "em"):
            self._italic = max(self._italic - 1, 0)
        elif tag in ("p", "div"):
            self._add(Run("\n"))

    def handle_data(self, data):
        if self._pre is not None:
            self._pre.append(data)
        href = self._href[-1] if self._href else None
        self._add(Run(data, href, self._bold > 0, self._italic > 0))

    def _close_term(self) -> None:
        """End the open `<dt>`…`<dd>` entry (the end tags are often left out)."""
        if self._term_open and self._items:
            line, runs = self._items.pop()
            self.events.append(HtmlEvent("item", line, runs=runs))
        self._term_open = False

    def _start_capture(self, kind: str, level: int) -> None:
        if self._capture is not None:
            self._close_capture()
        self._capture, self._capture_kind = [], kind
        self._capture_line, self._capture_level = self._line(), level

    def _close_capture(self) -> None:
        text = "".join(run.text for run in self._capture or [])
        if self._capture_kind in ("heading", "summary") and text.strip():
            event = HtmlEvent(
                self._capture_kind, self._capture_line, self._capture_level, self._capture
            )
            self.events.append(event)
        self._capture, self._capture_kind = None, ""

    def flush(self) -> list[HtmlEvent]:
        """Close what the document left open (an unclosed heading such as `<h3/>`)."""
        self._close_capture()
        events, self.events = self.events, []
        return events


def _span(value: str | None) -> int:
    return int(value) if value and value.strip().isdigit() and 0 < int(value) <= 50 else 1


def _grid(rows: list) -> list:
    """Rows with each cell under its column: a cell spanning rows (`rowspan`, one method
    over several papers) is repeated in the rows below, one spanning columns (`colspan`)
    in each column, so the header names every cell. A lone cell across the whole row is
    a group label and stays one cell."""
    width = max((sum(cell[2] for cell in cells) for _, cells in rows), default=0)
    carried: dict[int, list] = {}  # column -> [rows left, (is_header, runs)]
    grid = []
    for line, cells in rows:
        if len(cells) == 1 and cells[0][2] >= width > 1:
            grid.append((line, [cells[0][:2]]))
            continue
        row: list = []
        queue = list(cells)
        while queue or any(column >= len(row) for column in carried):
            column = len(row)
            if column in carried:
                left, cell = carried[column]
                row.append(cell)
                if left > 1:
                    carried[column][0] = left - 1
                else:
                    del carried[column]
            elif queue:
                is_header, runs, colspan, rowspan = queue.pop(0)
                for _ in range(colspan):
                    if rowspan > 1:
                        carried[len(row)] = [rowspan - 1, (is_header, runs)]
                    row.append((is_header, runs))
            else:
                row.append((False, []))
        grid.append((line, row))
    return grid
