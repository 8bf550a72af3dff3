"""One block of a list -> the entry it names: title, links, ids, authors, venue, date. Pure.

The title is a link's text that reads like one, else bold text, else the leading plain
text (`**[ICML 2023]** Title. [[Paper]](…)`). Everything else on the entry's lines, in
its sub-items (`- Authors: …`, `- Code: …`) or in its table row tells the authors,
venue, date, code and description. How strongly the block looks like a paper (a link
to a paper host, a venue and year, authors, or only a link) is kept for
`markdown.read_list`, which decides by section.
"""

import re
from dataclasses import dataclass, field

from mibib.importers.blocks import Block, is_navigation
from mibib.importers.details import PERIOD_END, Details, parse_authors, read_details
from mibib.importers.inline import (
    Link,
    Text,
    clean_prose,
    clean_title,
    is_label,
    plain_text,
    reads_like_title,
    segments,
    strip_decorations,
    take_tags,
    word_count,
)
from mibib.importers.links import (
    ANCHOR,
    CODE,
    LOCAL,
    MEDIA,
    PAPER,
    SITE,
    WEB,
    arxiv_id_of,
    classify_link,
    doi_of,
)
from mibib.importers.venues import VenueTag, parse_date, parse_venue_tag

STRONG, MEDIUM, WEAK = "strong", "medium", "weak"
COLUMN_ROLES = {
    "title": ("paper", "papers", "title", "paper title", "paper name", "name", "tool", "tools",
              "resource", "work", "publication", "article", "library", "project", "model",
              "method", "benchmark", "dataset", "report"),
    "techniques": ("technique", "techniques", "approach"),
    "evaluation": ("evaluation", "evaluations", "eval", "metric", "metrics"),
    "venue": ("venue", "venues", "conference", "journal", "published", "where", "pub",
              "publication venue", "conf", "booktitle"),
    "date": ("date", "year", "time", "published date", "release", "released", "month"),
    "authors": ("author", "authors", "by", "author(s)", "first author"),
    "code": ("code", "codes", "github", "repo", "repository", "implementation", "official code"),
    "links": ("links", "link", "url", "pdf", "paper link", "resources", "materials", "arxiv"),
    "tldr": ("tl;dr", "tldr", "summary", "description", "notes", "note", "comment",
             "comments", "key idea", "idea", "abstract", "contribution", "contributions",
             "highlights", "key contribution", "key contributions", "key finding",
             "main idea", "takeaway"),
}  # fmt: skip
KEY_ROLES = {
    "authors": ("author", "authors", "author(s)", "by", "writers"),
    "venue": ("venue", "conference", "journal", "published in", "publication", "booktitle",
              "proceedings", "accepted at", "published at", "accepted by", "pub"),
    "date": ("date", "year", "published", "time", "released", "release date", "submitted",
             "publication date", "arxiv date"),
    "code": ("code", "github", "repo", "repository", "implementation", "source code", "codes"),
    "links": ("paper", "pdf", "arxiv", "link", "url", "paper link", "openreview", "doi",
              "links", "paper url", "project", "project page", "website", "blog"),
    "tldr": COLUMN_ROLES["tldr"] + ("overview", "motivation", "method", "summary"),
}  # fmt: skip
_KEY = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z ;()/&'-]{0,28}?)\s*[:：]\s*(?P<rest>.*)$", re.S)
_QUOTED = re.compile(r"^\W{0,3}[\"“”'‘’«](?P<title>[^\"“”«»]{3,}?)[\"“”'’»]")
_MONTH_WORDS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct",
                "nov", "dec"}  # fmt: skip
_NEWS_START = re.compile(r"^\W*(?:(?:19|20)\d\d[-./]\d{1,2}|\d{1,2}/(?:19|20)\d\d)\b")


@dataclass
class ListItem:
    """One paper as a list shows it, with where (section path, line) it shows it."""

    title: str
    section: tuple[str, ...]
    line: int
    url: str = ""
    links: list[str] = field(default_factory=list)
    arxiv: str | None = None
    doi: str | None = None
    code: str = ""
    venue: str = ""
    year: int | None = None
    month: int | None = None
    arxiv_tag: bool = False
    tldr: str = ""
    techniques: str = ""
    evaluation: str = ""
    authors: list[str] = field(default_factory=list)
    strength: str = ""  # STRONG, MEDIUM or WEAK; "" when it is not a paper
    why_not: str = ""  # what it looks like instead (a tool, a video...)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Collected:
    """What an entry's lines, sub-items and cells say, gathered before deciding."""

    links: list[tuple[str, str]] = field(default_factory=list)  # (href, its text)
    tags: list[VenueTag] = field(default_factory=list)
    details: Details = field(default_factory=Details)
    tldr: str = ""
    code: list[str] = field(default_factory=list)
    techniques: str = ""
    evaluation: str = ""
    not_entries: list["Block"] = field(default_factory=list)


@dataclass
class Unread:
    """A line that looked like an entry but gave none, and why."""

    line: int
    text: str
    why: str


def read_block(block: Block, sub_item: bool = False) -> tuple[list[ListItem], list[Unread]]:
    """The entries a block names (itself, then entries among its sub-items), and the
    lines that looked like entries but could not be read.

    `sub_item`: the block sits under an entry, so only a linked or bold title makes it
    an entry of its own ("Paper available [here](…)" is more of its parent)."""
    if is_navigation(block):
        return [], []
    if block.kind == "row":
        return _read_row(block)
    collected = _Collected()
    entries: list[ListItem] = []
    unread: list[Unread] = []
    plain_ok = not sub_item and (block.kind != "paragraph" or _titled_paragraph(block))
    found = _find_title(block.lines[0] if block.lines else [], plain_ok)
    if found is None:
        return _read_children_only(block)
    title_text, title_link, used, rest = found
    head = block.lines[0]
    if block.kind == "paragraph" and _is_prose(head, used, title_link):
        return [], []
    title, tags = clean_title(title_text)
    if _NEWS_START.match(plain_text(head)) and title_link is not None:
        return [], []  # "[2024-05] Our paper X is accepted": news
    collected.tags += tags
    _collect_line(segments(head), collected, skip=used, head=True)
    read_details(take_tags(rest, collected.tags), collected.details)
    for line in block.lines[1:]:
        _collect_line(segments(line), collected, skip=set(), head=False)
    for child in block.children:
        child_entries, child_unread = _read_child(child, collected)
        entries += child_entries
        unread += child_unread
    item = _decide(title, title_link, collected, block)
    if item is not None and entries and not item.links and not item.strength:
        if word_count(item.title) <= 8:  # "- Circuits" over a nested list: a sub-section
            for entry in entries:
                entry.section = (*block.section, item.title)
        return entries, unread
    if item is None:
        return entries, unread
    return [item, *entries], unread


def _read_children_only(block: Block) -> tuple[list[ListItem], list[Unread]]:
    """A block with no title: its sub-items may still be entries (a label item holding
    a nested list names a sub-section); else report it when it links a paper."""
    entries: list[ListItem] = []
    unread: list[Unread] = []
    label = strip_decorations(plain_text(block.lines[0])) if block.lines else ""
    for child in block.children:
        found, lost = read_block(child)
        if label and not block.links() and 0 < word_count(label) <= 8:
            for entry in found:
                entry.section = (*entry.section, label)
        entries += found
        unread += lost
    if (
        not entries
        and block.kind != "paragraph"
        and any(classify_link(href) == PAPER for href in block.links())
    ):
        text = " ".join(plain_text(line) for line in block.lines)
        unread.append(Unread(block.line, _short(text), "links a paper but names no title"))
    return entries, unread


def _read_child(child: Block, collected: _Collected) -> tuple[list[ListItem], list[Unread]]:
    """A sub-item: `Key: value` details, an entry of its own, or more of the parent."""
    text = " ".join(plain_text(line) for line in child.lines)
    key = _KEY.match(text) if child.kind != "row" else None
    role = _key_role(key.group("key")) if key else None
    if role == "other" and not _bold_label(child):
        role = None  # "Name: a subtitle" is a title, "**Metrics:** …" a label
    if key is not None and role is not None:
        _apply_role(role, key.group("rest"), child, collected)
        return [], []
    if key is None or role is None:
        entries, unread = read_block(child, sub_item=True)
        if any(entry.links or entry.strength for entry in entries):
            return entries, unread
    for index, line in enumerate(child.lines):
        _collect_line(segments(line), collected, skip=set(), head=False, alone=index > 0)
    for grandchild in child.children:
        found, lost = _read_child(grandchild, collected)
        if found or lost:
            return found, lost
    return [], []


def _apply_role(role: str, value: str, child: Block, collected: _Collected) -> None:
    hrefs = [href for href in child.links() if href]
    if role == "authors":
        collected.details.authors = collected.details.authors or parse_authors(value, True, True)
    elif role == "venue":
        tag = parse_venue_tag(value, need_year=False)
        if tag is not None:
            collected.tags.append(tag)
    elif role == "date":
        date = parse_date(value) or _first_date(value)
        if date:
            collected.details.dates.append(date)
    elif role == "code":
        collected.code += hrefs
    elif role == "links":
        collected.links += [(href, "link") for href in hrefs]
    elif role == "tldr":
        collected.tldr = collected.tldr or clean_prose(value)


def _bold_label(child: Block) -> bool:
    parts = segments(child.lines[0]) if child.lines else []
    first = next((part for part in parts if part.text.strip()), None)
    return (
        isinstance(first, Text)
        and (first.bold or first.italic)
        and ":" in (first.text + "".join(part.text for part in parts[1:2]))[: len(first.text) + 2]
    )


def _key_role(key: str) -> str | None:
    name = " ".join(key.lower().split())
    for role, names in KEY_ROLES.items():
        if name in names:
            return role
    return "other" if word_count(name) <= 3 else None


def _find_title(line: list, plain_ok: bool | str):
    """(title text, its link or None, indexes of the segments it used, text after a plain
    title), or None."""
    parts = segments(line)
    links = [
        (index, part)
        for index, part in enumerate(parts)
        if isinstance(part, Link)
        and not part.image
        and classify_link(part.href) not in (ANCHOR, LOCAL)
        and reads_like_title(part.text)
        and _leads(parts, index)
    ]
    bolds = [
        (index, part)
        for index, part in enumerate(parts)
        if isinstance(part, Text)
        and part.bold
        and not part.code
        and reads_like_title(part.text)
        and not part.text.strip().endswith((":", "："))
        and _leads(parts, index)
    ]
    if links and bolds and bolds[0][0] < links[0][0]:
        (bold_index, bold), (link_index, link) = bolds[0], links[0]
        prefer_link = classify_link(link.href) == PAPER or word_count(link.text) >= word_count(
            bold.text
        )
        if not prefer_link:
            return bold.text, None, {bold_index}, ""
        return link.text, link, {link_index, bold_index}, ""
    if links:
        index, link = links[0]
        return link.text, link, {index}, ""
    if bolds:
        return bolds[0][1].text, None, {bolds[0][0]}, ""
    first = next((i for i, part in enumerate(parts) if part.text.strip()), None)
    if first is not None and _italic_title(parts[first]):
        return parts[first].text, None, {first}, ""
    if plain_ok:
        return _plain_title(parts, cut=plain_ok != "cell")
    return None


def _italic_title(part) -> bool:
    """`*Title*, A. Smith, B. Jones, ICML 2023`: an italic title opening the line."""
    return (
        isinstance(part, Text)
        and part.italic
        and not part.code
        and reads_like_title(part.text)
        and not parse_authors(part.text, trusted=True)
    )


def _leads(parts: list, index: int) -> bool:
    """Whether a title at `index` starts its line: before it only bold labels, tags, dates,
    numbering, emoji or a word or two (`**[ICML 2023]**`, `2023 |`, `Paper:`), not a
    sentence ("Our paper [X](…) was accepted")."""
    before = "".join(
        part.text for part in parts[:index] if isinstance(part, Text) and not part.bold
    )
    before = take_tags(before, [])
    words = [
        word
        for word in re.findall(r"[^\W\d_][^\s|]*", strip_decorations(before))
        if parse_date(word) is None and word.lower() not in _MONTH_WORDS
    ]
    return len(words) <= 2


def _plain_title(parts: list, cut: bool = True) -> tuple[str, None, set[int], str] | None:
    """The leading plain text, cut at the first sentence end or bar when more follows
    (`Title. A. Smith, B. Jones. ICML 2023`): (title, None, segments used, the rest)."""
    used, texts = set(), []
    for index, part in enumerate(parts):
        if isinstance(part, Link):
            break
        if part.code:
            return None  # the line goes on in `code`: prose quoting syntax, not a title
        if part.bold and parse_venue_tag(part.text, need_year=True, strict=True):
            continue  # `Title <b>ASE 2026</b>`: a tag, read with the rest of the line
        used.add(index)
        texts.append(part.text)
    text = "".join(texts).strip()
    if text.endswith((":", "：")):
        return None  # "Entry shape: `…`": a label for what follows, not a title
    quoted = _QUOTED.match(text)
    if quoted and reads_like_title(quoted.group("title")):
        return quoted.group("title"), None, used, text[quoted.end() :]
    pieces = [piece for piece in re.split(r"\s*\|\s*", text) if piece.strip()]
    if cut and len(pieces) > 1:
        readable = [piece for piece in pieces if reads_like_title(piece)]
        if not readable:
            return None
        best = max(readable, key=word_count)
        return best, None, used, " | ".join(piece for piece in pieces if piece is not best)
    chunks = PERIOD_END.split(text, maxsplit=1) if cut else [text]
    title = chunks[0] if chunks else ""
    if not reads_like_title(title) or parse_date(title) is not None:
        return None
    return title, None, used, chunks[1] if len(chunks) > 1 else ""


def _collect_line(parts: list, collected: _Collected, skip: set[int], head: bool,
                  alone: bool = True) -> None:  # fmt: skip
    """Links, tags, authors, dates and prose of one line (the title's segments skipped)."""
    prose: list[str] = []
    for index, part in enumerate(parts):
        if index in skip:
            if isinstance(part, Link):
                collected.links.insert(0, (part.href, part.text))
            continue
        if isinstance(part, Link):
            kind = classify_link(part.href)
            if kind in (ANCHOR, LOCAL):
                continue
            tag = parse_venue_tag(part.text, need_year=not part.text.startswith("["))
            if tag is not None:
                collected.tags.append(tag)
            if part.image or tag is not None or not reads_like_title(part.text):
                collected.links.append((part.href, part.text))  # a label, badge or emoji
            else:
                prose.append(part.text)  # a paper or page the description mentions
            continue
        text = take_tags(part.text, collected.tags)
        whole_line = alone and len([p for p in parts if not isinstance(p, Link)]) == 1
        if part.italic and (names := parse_authors(text, trusted=True, alone=whole_line)):
            collected.details.authors = collected.details.authors or names
            continue
        if part.bold and (tag := parse_venue_tag(text, need_year=True)):
            collected.tags.append(tag)
            continue
        prose.append(text)
    read_details(" ".join(prose), collected.details)


def _read_row(block: Block) -> tuple[list[ListItem], list[Unread]]:
    """A table row: the header names each column's role."""
    roles = [_column_role(name) for name, _ in block.cells]
    order = [i for i, role in enumerate(roles) if role == "title"] or [0]
    order += [i for i, role in enumerate(roles) if role is None and i not in order]
    found = None
    for index in order:
        if index >= len(block.cells):
            continue
        found = _find_title(block.cells[index][1], plain_ok="cell")
        if found is not None:
            title_cell = index
            break
    if found is None:
        if any(classify_link(href) == PAPER for href in block.links()):
            text = " | ".join(plain_text(cell) for _, cell in block.cells)
            return [], [Unread(block.line, _short(text), "links a paper but names no title")]
        return [], []
    title_text, title_link, used, rest = found
    title, tags = clean_title(title_text)
    collected = _Collected(tags=tags)
    read_details(take_tags(rest, collected.tags), collected.details)
    for index, (_, cell) in enumerate(block.cells):
        role = roles[index]
        value = " ".join(plain_text(cell).split())
        if index == title_cell:
            _collect_line(segments(cell), collected, skip=used, head=True)
        elif role in ("title", None, "links"):
            collected.links += [(run.href, run.text) for run in cell if run.href]
        elif role == "code":
            collected.code += [run.href for run in cell if run.href]
        elif role == "authors":
            collected.details.authors = collected.details.authors or parse_authors(
                value, trusted=True, alone=True
            )
        elif role == "venue" and value.lower() not in ("", "-", "–", "n/a", "none"):
            tag = parse_venue_tag(value, need_year=False)
            if tag is not None:
                collected.tags.append(tag)
        elif role == "date" and (date := parse_date(value) or _first_date(value)):
            collected.details.dates.append(date)
        elif role == "tldr":
            collected.tldr = collected.tldr or clean_prose(value)
        elif role == "techniques":
            collected.techniques = value
        elif role == "evaluation":
            collected.evaluation = value
    item = _decide(title, title_link, collected, block)
    return ([item] if item is not None else []), []


def _column_role(name: str) -> str | None:
    cleaned = " ".join(re.findall(r"[a-z0-9;()]+", strip_decorations(name).lower()))
    for role, names in COLUMN_ROLES.items():
        if cleaned in names:
            return role
    return None


def _decide(title: str, title_link: Link | None, collected: _Collected, block: Block):
    """The entry, with its link, ids, venue and date chosen, and how paper-like it is."""
    if not title or not reads_like_title(title):
        return None
    item = ListItem(title=title, section=block.section, line=block.line)
    links = list(dict.fromkeys(href.strip() for href, _ in collected.links if href.strip()))
    kinds = {href: classify_link(href) for href in links}
    title_href = title_link.href.strip() if title_link else ""
    item.url = _choose_url(title_href, links, kinds, collected.links)
    item.links = links
    item.arxiv, item.doi = _ids(item, links, title_href)
    item.code = next(
        (h for h in [*collected.code, *links] if classify_link(h) == CODE and h != item.url), ""
    )
    _choose_venue(item, collected, block.year)
    item.authors = collected.details.authors
    item.techniques, item.evaluation = collected.techniques, collected.evaluation
    item.tldr = collected.tldr or clean_prose(" ".join(collected.details.prose))
    if not re.search(r"[^\W\d_]{2}", strip_decorations(item.tldr)):
        item.tldr = ""
    item.strength, item.why_not = _strength(item, title_href, kinds, collected)
    return item


def _choose_url(title_href: str, links: list[str], kinds: dict, labelled) -> str:
    """The paper's own page: the title's link when it is a paper, else a paper link,
    else a link labelled as the paper, else the title's link, else any page."""
    if title_href and kinds.get(title_href) == PAPER:
        return title_href
    papers = [href for href in links if kinds[href] == PAPER]
    if papers:
        return papers[0]
    for href, text in labelled:
        if text.strip("[]() ").lower() in ("paper", "pdf", "link", "arxiv") and kinds.get(
            href.strip()
        ) in (WEB, SITE):
            return href.strip()
    if title_href and kinds.get(title_href) not in (ANCHOR, LOCAL):
        return title_href
    return next((h for h in links if kinds[h] in (WEB, SITE)), "") or next(
        (h for h in links if kinds[h] == CODE), ""
    )


def _ids(item: ListItem, links: list[str], title_href: str) -> tuple[str | None, str | None]:
    """arXiv id and DOI from the paper's link, else from any of the entry's links; a
    different arXiv id behind another link (a badge) is reported, the title's kept."""
    ordered = [item.url, *[href for href in links if href != item.url]]
    ids = list(dict.fromkeys(found for href in ordered if (found := arxiv_id_of(href))))
    arxiv = ids[0] if ids else None
    if len(ids) > 1:
        item.notes.append(
            f"line {item.line}: '{_short(item.title, 40)}' links arXiv {', '.join(ids)}; "
            f"kept {arxiv} ({'the title' if title_href == item.url else 'the paper'}'s link)"
        )
    doi = next((found for href in ordered if (found := doi_of(href))), None)
    if doi and doi.startswith("10.48550/arxiv."):
        doi = None
    return arxiv, doi


def _choose_venue(item: ListItem, collected: _Collected, section_year: int | None) -> None:
    tags = collected.tags + collected.details.tags
    named = next((tag for tag in tags if tag.venue), None)
    dated = named if named and named.year else next((tag for tag in tags if tag.year), None)
    item.venue = named.venue if named else ""
    item.arxiv_tag = any(tag.arxiv for tag in tags)
    dates = collected.details.dates
    item.year = dated.year if dated else (dates[0][0] if dates else None)
    months = [tag.month for tag in tags if tag.month and tag.year == item.year]
    months += [month for year, month in dates if month and year == item.year]
    item.month = months[0] if months else None
    if item.year is None:
        item.year = section_year


def _strength(item: ListItem, title_href: str, kinds: dict, collected: _Collected):
    """(STRONG/MEDIUM/WEAK or "", what it is instead): how much the entry looks like a paper."""
    tags = collected.tags + collected.details.tags
    cites = any(tag.cites for tag in tags)
    paper_link = any(kind == PAPER for kind in kinds.values()) or bool(item.arxiv or item.doi)
    title_kind = kinds.get(title_href, "")
    # A name linked to its code or site ("TransformerLens", "captum") is a tool, even with
    # a [Paper] link beside it; a paper's title linked to its code is still a paper.
    named_tool = (title_kind == CODE and not (paper_link or cites)) or (
        title_kind in (CODE, SITE) and word_count(item.title) <= 4 and not cites
    )
    if any(tag.not_paper for tag in tags) and not cites:
        return "", "a tutorial, talk or course"
    if paper_link and not named_tool:
        return STRONG, ""
    if cites and not named_tool:
        return STRONG, ""
    web = [kind for kind in kinds.values() if kind == WEB]
    if named_tool or not web and kinds:
        what = {CODE: "code", MEDIA: "a video or post", SITE: "a website's front page"}
        shown = sorted({what.get(kind, kind) for kind in kinds.values()})
        return "", f"a tool or link (it links {' and '.join(shown)} only)"
    if item.authors:
        return MEDIUM, ""
    if web:
        return WEAK, ""
    return "", ""  # plain text: not a candidate at all


def _titled_paragraph(block: Block) -> bool:
    """A paragraph of short lines whose first line can be an unmarked title: it has more
    lines and a labelled paper link (`Title \\ Authors \\ CVPR 2016 [[Paper](…)]`)."""
    if len(block.lines) < 2 or word_count(plain_text(block.lines[0])) > 30:
        return False
    labelled = [
        part
        for line in block.lines[1:]
        for part in segments(line)
        if isinstance(part, Link) and (part.image or is_label(part.text))
    ]
    return any(classify_link(part.href) == PAPER for part in labelled)


def _is_prose(head: list, used: set[int], title_link: Link | None) -> bool:
    """A paragraph that mentions a paper in a sentence rather than listing it."""
    parts = segments(head)
    after = "".join(
        part.text
        for index, part in enumerate(parts)
        if index > max(used) and isinstance(part, Text)
    ).strip()
    if title_link is not None and re.match(r"^[a-z]", after):
        return True
    return word_count(after) > 40


def _first_date(text: str) -> tuple[int, int | None] | None:
    for piece in re.split(r"[,;|]", text):
        date = parse_date(piece)
        if date:
            return date
    return None


def _short(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
