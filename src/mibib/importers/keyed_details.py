"""`Key: value` details of an entry (`- Authors: …`, `**掲載誌**: …`, `Venue: COLM 2025`). Pure.

Its own module because the keys, in many languages, and what each role adds to an entry
are one rule shared by an entry's own lines, its sub-items, a paragraph of keyed lines
and the keyed items beside it.
"""

import re

from mibib.importers.blocks import Block
from mibib.importers.evidence import Collected, ListItem, decide
from mibib.importers.inline import Text, plain_text, segments
from mibib.importers.names import read_authors
from mibib.importers.rows import COLUMN_ROLES
from mibib.importers.venues import VenueTag, first_date, parse_date, parse_venue_tag
from mibib.importers.wording import clean_prose, clean_title, word_count

KEY_ROLES = {
    "title": ("title", "paper title", "タイトル", "論文名", "题目", "标题", "제목", "название"),
    "authors": ("author", "authors", "author(s)", "by", "writers", "autor", "autores",
                "auteur", "auteurs", "autori", "autoren", "저자", "作者", "著者", "автор",
                "авторы"),
    "venue": ("venue", "conference", "journal", "published in", "publication", "booktitle",
              "proceedings", "accepted at", "published at", "accepted by", "pub", "등재",
              "게재", "학회", "발표", "会议", "期刊", "发表", "掲載", "掲載誌", "発表", "出典",
              "конференция", "журнал"),
    "date": ("date", "year", "published", "time", "released", "release date", "submitted",
             "submission time", "submission date",
             "publication date", "arxiv date", "날짜", "연도", "日期", "年份", "дата", "год"),
    "code": ("code", "github", "repo", "repository", "implementation", "source code", "codes",
             "코드", "代码", "код"),
    "links": ("paper", "pdf", "arxiv", "link", "url", "paper link", "openreview", "doi",
              "links", "paper url", "project", "project page", "website", "blog", "논문",
              "论文", "статья"),
    "tldr": COLUMN_ROLES["tldr"] + ("overview", "motivation", "method", "summary", "概要", "要約",
                                     "摘要", "요약"),
}  # fmt: skip
# `Key: value`; the key a few words in any script (`Venue:`, `등재:`, `Авторы:`).
KEY = re.compile(
    r"^\s*(?P<key>[^\W\d_](?:[^\W\d_]|[ ;()/&'-]){0,28}?)\s*[:：]\s*(?P<rest>.*)$", re.S
)


def keyed_entry(block: Block) -> ListItem | None:
    """A paragraph of `Key: value` lines, one of them the title (`**タイトル**: …` /
    `**著者**: …` / `**掲載誌**: …`, `Title: … / Authors: …`): the entry they describe."""
    if block.kind not in ("paragraph", "item") or len(block.lines) < 2:
        return None
    pairs = []
    for line in block.lines:
        key = KEY.match(plain_text(line))
        if key is None:
            return None
        pairs.append((key_role(key.group("key")), key.group("rest").strip(), line))
    titles = [rest for role, rest, _ in pairs if role == "title"]
    if len(titles) != 1:
        return None
    title, tags = clean_title(titles[0])
    collected = Collected(tags=tags, paper_form=True)
    for role, rest, line in pairs:
        if role not in (None, "title"):
            apply_role(role, rest, Block("item", block.line, block.section, [line]), collected)
    return decide(title, None, collected, block)


def apply_role(role: str, value: str, child: Block, collected: Collected) -> None:
    hrefs = [href for href in child.links() if href]
    if role == "authors":  # `Autor: Richard S. Sutton (1988) - PhD Thesis`
        names = re.split(r"\s+[-–—|]\s+", value, maxsplit=1)[0]
        year = re.search(r"\(((?:19|20)\d\d)\)", names)
        if year:
            collected.details.dates.append((int(year.group(1)), None))
            names = names.replace(year.group(0), " ")
        collected.details.authors = collected.details.authors or read_authors(names, True, True)
    elif role == "venue":
        tag = parse_venue_tag(value, need_year=False)
        if tag is None:  # `Earth Syst. Dynam., 15, 607–633, 2024`: the name, then the year
            name = re.split(r",|\s\d+(?![\w.])", value, maxsplit=1)[0].strip(" .*")
            years = re.findall(r"\b(?:19\d\d|20[0-3]\d)\b", value)
            tag = VenueTag(name, int(years[-1]) if years else None) if name else None
        if tag is not None:
            collected.tags.append(tag)
    elif role == "date":
        date = parse_date(value) or first_date(value)
        if date:
            collected.details.dates.append(date)
    elif role == "code":
        collected.code += hrefs
    elif role == "links":
        collected.links += [(href, "link") for href in hrefs]
    elif role == "tldr":
        collected.tldr = collected.tldr or clean_prose(value)
    else:  # `**Download:** [PDF](…)`, `Homepage: https://…`: the key is new, the link counts
        collected.links += [(href, "link") for href in hrefs]


def keyed_role(block: Block, paragraph: bool = False) -> str | None:
    """The role of a list item (or, with `paragraph`, a one-line paragraph) that is one
    `Key: value` detail (`- Paper: https://…` is "links", `- Homepage: …` "other"), else None."""
    kinds = ("item", "paragraph") if paragraph else ("item",)
    if block.kind not in kinds or len(block.lines) != 1 or block.children:
        return None
    key = KEY.match(plain_text(block.lines[0]))
    return key_role(key.group("key")) if key else None


# What a `Key: value` item beside an entry's item may add to it.
DETAIL_ROLES = ("authors", "venue", "date", "code")


def add_detail(item: ListItem, block: Block) -> bool:
    """Fill the item's empty fields from a sibling `- Venue: COLM 2025` / `- 등재: …`
    item that follows the item's own `- Paper: [Title](…)`; False when it is no such item."""
    role = keyed_role(block, paragraph=True)
    if role not in DETAIL_ROLES:
        return False
    key = KEY.match(plain_text(block.lines[0]))
    collected = Collected()
    apply_role(role, key.group("rest") if key else "", block, collected)
    tag = next((tag for tag in collected.tags if tag.venue or tag.year), None)
    date = collected.details.dates[0] if collected.details.dates else None
    if tag is not None and not item.venue:
        item.venue = tag.venue
        if tag.year:  # the venue's year, not a date the line gave (a repository's)
            item.year, item.month = tag.year, tag.month
    if not item.year and (tag and tag.year or date):
        item.year, item.month = (tag.year, tag.month) if tag and tag.year else date
    item.authors = item.authors or collected.details.authors
    item.code = item.code or next(iter(collected.code), "")
    return True


def bold_label(child: Block) -> bool:
    parts = segments(child.lines[0]) if child.lines else []
    first = next((part for part in parts if part.text.strip()), None)
    return (
        isinstance(first, Text)
        and (first.bold or first.italic)
        and ":" in (first.text + "".join(part.text for part in parts[1:2]))[: len(first.text) + 2]
    )


def key_role(key: str) -> str | None:
    name = " ".join(key.lower().split())
    for role, names in KEY_ROLES.items():
        if name in names:
            return role
    return "other" if word_count(name) <= 3 else None
