"""HTML tables (as lists put them inside <details>) -> rows of cells of Runs. Pure."""

from html.parser import HTMLParser

from mibib.importers.inline import Run


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[tuple[int, list[list[Run]]]]] = []
        self._row: list[list[Run]] | None = None
        self._cell: list[Run] | None = None
        self._href: str | None = None
        self._bold = 0
        self._row_line = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row, self._row_line = [], self.getpos()[0] - 1
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a":
            self._href = dict(attrs).get("href") or ""
        elif tag in ("b", "strong"):
            self._bold += 1
        elif tag == "br" and self._cell is not None:
            self._cell.append(Run(" ", self._href, self._bold > 0))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].append((self._row_line, self._row))
            self._row = None
        elif tag == "a":
            self._href = None
        elif tag in ("b", "strong"):
            self._bold = max(self._bold - 1, 0)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(Run(data, self._href, self._bold > 0))


def parse_html_tables(html: str) -> list[list[tuple[int, list[list[Run]]]]]:
    """Each table's rows as (line offset, cells); the first row is the header."""
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    return [rows for rows in parser.tables if rows]
