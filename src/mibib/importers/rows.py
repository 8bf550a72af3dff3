"""A table row of a list -> its entry: the header names each cell's role (title, authors,
venue, date, code, links, TL;DR, tags). Pure.
"""

import re
from dataclasses import replace

from mibib.importers.blocks import Block
from mibib.importers.details import read_details
from mibib.importers.evidence import Collected, ListItem, Unread, collect_line, decide, short
from mibib.importers.inline import Link, plain_text, segments, split_lines
from mibib.importers.links import PAPER, classify_link
from mibib.importers.names import read_authors
from mibib.importers.titles import find_title
from mibib.importers.venues import VenueTag, first_date, parse_date, parse_venue_tag
from mibib.importers.wording import (
    clean_prose,
    clean_title,
    reads_like_title,
    strip_decorations,
    take_tags,
)

COLUMN_ROLES = {
    "title": ("paper", "papers", "title", "paper title", "paper name", "name", "tool", "tools",
              "resource", "work", "publication", "article", "library", "project", "model",
              "method", "benchmark", "dataset", "report", "タイトル", "論文", "論文名", "题目",
              "标题", "论文", "논문", "제목", "название", "статья"),
    "techniques": ("technique", "techniques", "approach"),
    "evaluation": ("evaluation", "evaluations", "eval", "metric", "metrics"),
    "venue": ("venue", "venues", "conference", "journal", "published", "where", "pub",
              "publication venue", "conf", "booktitle", "掲載", "掲載誌", "会議", "会议", "期刊",
              "学会", "收录", "发表", "出处", "학회", "게재", "발표", "출처", "журнал",
              "конференция"),
    "date": ("date", "year", "time", "published date", "release", "released", "month", "年",
             "年份", "発行年", "出版年", "연도", "날짜", "дата", "год"),
    "authors": ("author", "authors", "by", "author(s)", "first author", "著者", "作者", "저자",
                "авторы", "автор"),
    "code": ("code", "codes", "github", "repo", "repository", "implementation", "official code"),
    "links": ("links", "link", "url", "pdf", "paper link", "resources", "materials", "arxiv"),
    "tldr": ("tl;dr", "tldr", "summary", "description", "notes", "note", "comment",
             "comments", "key idea", "idea", "abstract", "contribution", "contributions",
             "highlights", "key contribution", "key contributions", "key finding",
             "main idea", "takeaway"),
}  # fmt: skip


# Title columns whose header says each row is a paper (not a tool, model or dataset).
PAPER_COLUMNS = ("paper", "papers", "title", "paper title", "paper name", "publication",
                 "article")  # fmt: skip


def read_row(block: Block) -> tuple[list[ListItem], list[Unread]]:
    """A table row: the header names each column's role."""
    roles = [column_role(name) for name, _ in block.cells]
    order = [i for i, role in enumerate(roles) if role == "title"] or [0]
    # Then the unnamed columns nearest the title's: a row with one `|` too many puts its
    # title one cell to the right of the column that names it.
    others = [i for i, role in enumerate(roles) if role is None and i not in order]
    order += sorted(others, key=lambda i: abs(i - order[0]))
    papers = _papers_of_cell(block, order[0])
    if len(papers) > 1:  # `| [Title A](…) <br> [Title B](…) |`: one row, two papers
        entries: list[ListItem] = []
        unread: list[Unread] = []
        for runs in papers:
            cells = list(block.cells)
            cells[order[0]] = (cells[order[0]][0], runs)
            found_entries, lost = read_row(replace(block, cells=cells))
            entries += found_entries
            unread += lost
        return entries, unread
    found = None
    for index in order:
        if index >= len(block.cells):
            continue
        found = find_title(block.cells[index][1], plain_ok="cell")
        if found is not None:
            title_cell = index
            break
    if found is None:
        return _unread_row(block)
    title_text, title_link, used, rest = found
    title, tags = clean_title(title_text)
    header = " ".join(re.findall(r"[a-z]+", block.cells[title_cell][0].lower()))
    collected = Collected(tags=tags, paper_form=header in PAPER_COLUMNS)
    cited = _CITED_PREFIX.match(title)
    if cited and reads_like_title(cited.group("title")):  # `| Chi et al., Title |`
        title = cited.group("title")
    read_details(take_tags(rest, collected.tags), collected.details)
    for index, (_, cell) in enumerate(block.cells):
        role = roles[index]
        value = " ".join(plain_text(cell).split())
        if index == title_cell:
            collect_line(segments(cell), collected, skip=used, head=True)
        elif role in ("title", None, "links"):
            for link in _links(cell):
                collected.links.append((link.href, link.text))
                # `| **KPGT** | [Nat. Commun. 2023](…) |`: the paper's link names its venue
                if not link.image and (tag := _venue_link(link.text)):
                    collected.tags.append(tag)
        elif role == "code":
            collected.code += [link.href for link in _links(cell)]
        elif role == "authors":
            collected.details.authors = (
                collected.details.authors
                or read_authors(value, trusted=True, alone=True)
                or _group_author(value)
            )
        elif role == "venue" and value.lower() not in ("", "-", "–", "n/a", "none"):
            if date := parse_date(value):  # `| 2022 |` under 收录: the year, no venue
                collected.details.dates.append(date)
                continue
            tag = parse_venue_tag(value, need_year=False)
            if tag is None and re.search(r"[^\W\d_]{2}", value) and len(value) <= 60:
                tag = VenueTag(value.strip(" .*"), None)  # `한국어정보학회`: the column says so
            if tag is not None:
                collected.tags.append(tag)
        elif role == "date" and (date := parse_date(value) or first_date(value)):
            collected.details.dates.append(date)
        elif role == "tldr":
            collected.tldr = collected.tldr or clean_prose(value)
        elif role == "techniques":
            collected.techniques = value
        elif role == "evaluation":
            collected.evaluation = value
    if cited and title == cited.group("title") and not collected.details.authors:
        collected.details.authors = [cited.group("name"), "others"]
    item = decide(title, title_link, collected, block)
    if item is None:
        return _unread_row(block)
    return [item], []


def _unread_row(block: Block) -> tuple[list[ListItem], list[Unread]]:
    """A row that links a paper but whose title could not be read (`| **$t_0$** | … |`)
    is named in the report; other rows are not entries."""
    if any(classify_link(href) == PAPER for href in block.links()):
        text = " | ".join(plain_text(cell) for _, cell in block.cells)
        return [], [Unread(block.line, short(text), "links a paper but names no title")]
    return [], []


def _venue_link(text: str):
    """The venue a link's text names when it is only a venue and year: `ICLR 2023`,
    `Nat. Commun. 2023`, `J. Chem. Inf. Model. 2024` (no lower-case word: `NemoClaw at
    GTC 2026` is a title)."""
    named = re.match(r"^(?P<name>.+?)\s+(?:19|20)\d\d\s*$", text.strip())
    if named is None:
        return None
    words = named.group("name").split()
    if any(word[:1].islower() and "rxiv" not in word.lower() for word in words):
        return None
    return parse_venue_tag(text)


def _links(cell: list) -> list[Link]:
    """A cell's links, an address written out in it (`| https://arxiv.org/abs/… |`) too."""
    return [part for part in segments(cell) if isinstance(part, Link) and part.href]


# A title cell that opens by citing its paper: `Chi et al., Representation Collapse in …`.
_CITED_PREFIX = re.compile(r"^(?P<name>[A-Z][\w'’-]+) et al\.?,\s+(?P<title>[A-Z].*)$")


def _group_author(value: str) -> list[str]:
    """A team named in an Authors column (`Qwen Team (Alibaba)`): one author, braced so
    BibTeX keeps it one name; the parenthesis (who the team is part of) left out."""
    name = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", value).strip()
    words = name.split()
    if not 1 <= len(words) <= 5 or not all(word[0].isupper() or word == "&" for word in words):
        return []
    return [name if len(words) == 1 else f"{{{name}}}"]


def _papers_of_cell(block: Block, index: int) -> list[list]:
    """The lines of a title cell cut by `<br>`, when each opens with a linked title."""
    if index >= len(block.cells):
        return []
    lines = split_lines(block.cells[index][1])
    if len(lines) < 2:
        return []
    hrefs = set()
    for line in lines:
        found = find_title(line, plain_ok=False)
        if found is None or found[1] is None:
            return []
        hrefs.add(found[1].href)
    return lines if len(hrefs) == len(lines) else []  # not one title broken over two lines


def column_role(name: str) -> str | None:
    """The role a header names, in any script; of `Venue / Year`, `DOI / URL` the first
    part's that has one."""
    for part in re.split(r"\s*(?:/|&|\+)\s*", strip_decorations(name).lower()):
        cleaned = " ".join(re.findall(r"(?:[^\W_]|[;()])+", part))
        for role, names in COLUMN_ROLES.items():
            if cleaned in names:
                return role
    return None
