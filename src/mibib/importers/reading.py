"""One block of a list -> the entries it names: title, links, ids, authors, venue, date. Pure.

The title comes from the block's first line (`titles.find_title`). Everything else on
the entry's lines or in its sub-items (`- Authors: …`, `- Code: …` read by
keyed_details.py, or entries of their own) tells the authors, venue, date, code and
description (a table row's cells: rows.py); `evidence.decide` turns that into the entry
and how strongly it looks like a paper, which `markdown.read_list` weighs by section.
"""

import re
from dataclasses import replace

from mibib.importers.blocks import Block, is_navigation
from mibib.importers.citations import Citation, read_citation
from mibib.importers.details import read_details
from mibib.importers.evidence import (
    Collected,
    ListItem,
    Unread,
    collect_line,
    decide,
    short,
    title_only,
)
from mibib.importers.inline import Link, Text, plain_text, segments
from mibib.importers.keyed_details import (
    KEY,
    apply_role,
    bold_label,
    key_role,
    keyed_entry,
    keyed_role,
)
from mibib.importers.links import ANCHOR, LOCAL, PAPER, classify_link
from mibib.importers.names import read_authors
from mibib.importers.plain_titles import strip_marker
from mibib.importers.rows import read_row
from mibib.importers.titles import find_title, is_prose, marked_line, titled_paragraph
from mibib.importers.venues import VenueTag, parse_venue_tag
from mibib.importers.wording import (
    clean_title,
    drop_emoji,
    reads_like_title,
    strip_decorations,
    take_tags,
    word_count,
)

# The year closing a reference's names: `Card, D. and Krueger, A. (1994)`.
_NAMES_YEAR_END = re.compile(r"[.,]?\s*\((?:19|20)\d\d[a-z]?\)[.:]?\s*$")
_NEWS_START = re.compile(r"^\W*(?:(?:19|20)\d\d[-./]\d{1,2}|\d{1,2}/(?:19|20)\d\d)\b")


def read_block(block: Block, sub_item: bool = False) -> tuple[list[ListItem], list[Unread]]:
    """The entries a block names (itself, then entries among its sub-items), and the
    lines that looked like entries but could not be read.

    `sub_item`: the block sits under an entry, so only a linked or bold title makes it
    an entry of its own ("Paper available [here](…)" is more of its parent)."""
    if is_navigation(block):
        return [], []
    if block.kind == "row":
        return read_row(block)
    collected = Collected()
    entries: list[ListItem] = []
    unread: list[Unread] = []
    if block.kind == "paragraph" and len(block.lines) > 1 and _tag_line(block.lines[0]):
        block = replace(block, line=block.line + 1, lines=block.lines[1:])  # `[CNN]` over it
    if block.kind == "paragraph" and len(block.lines) > 1 and all(map(_entry_line, block.lines)):
        entries, unread = [], []  # `**Title** (ASPLOS 2025) [[paper]](…)` on line after line
        for offset, line in enumerate(block.lines):
            found, lost = read_block(replace(block, line=block.line + offset, lines=[line]))
            entries += found
            unread += lost
        return entries, unread
    keyed = None if sub_item else keyed_entry(block)
    if keyed is not None:
        return [keyed], []
    cited = None if sub_item else _citation(block)
    if cited is not None:
        return _cited_entry(block, cited)
    plain_ok = not sub_item and (
        block.kind != "paragraph" or titled_paragraph(block) or marked_line(block)
    )
    found = find_title(block.lines[0] if block.lines else [], plain_ok)
    if found is None:
        return _read_children_only(block)
    title_text, title_link, used, rest = found
    head = block.lines[0]
    key = KEY.match(plain_text(head)) if block.kind in ("item", "paragraph") else None
    role = key_role(key.group("key")) if key else None
    keyed = role not in (None, "other") or (role == "other" and block.kind == "paragraph")
    if keyed and strip_decorations(title_text) == strip_decorations(key.group("key")):
        return _read_children_only(block)  # `- **URL**: https://…`: a detail, not a title
    if block.kind == "paragraph" and is_prose(head, used, title_link):
        return [], []
    if block.kind == "paragraph" and title_link is None and _says_we(head):
        return [], []  # `📍 **We systematically summarized … *Agent Architecture*.**`
    title, tags = clean_title(title_text)
    dated = _NEWS_START.match(plain_text(head))
    if dated and (
        title_link is not None or re.match(r"[\d./-]*\W*[:：]", plain_text(head)[dated.end() :])
    ):
        return [], []  # "[2024-05] Our paper X is accepted", "**2026.06.18**: V4 released": news
    collected.tags += tags
    collect_line(segments(head), collected, skip=used, head=True)
    read_details(take_tags(rest, collected.tags), collected.details, after_title=True)
    for offset, line in enumerate(block.lines[1:], start=1):
        detail = KEY.match(plain_text(line))
        role = key_role(detail.group("key")) if detail else None
        if role in ("date", "venue", "authors") and bold_label(
            replace(block, lines=[line], children=[])
        ):  # `**Submission time:** 2023.06` on a line of the entry's paragraph
            sub = Block("item", block.line + offset, block.section, [line])
            apply_role(role, detail.group("rest"), sub, collected)
            continue
        collect_line(segments(line), collected, skip=set(), head=False)
    for child in block.children:
        child_entries, child_unread = _read_child(child, collected)
        entries += child_entries
        unread += child_unread
    item = decide(title, title_link, collected, block)
    if item is not None and block.children and not entries and title_only(item):
        return [], unread  # `- **B-2-a. Few-shot** –` over notes: a label, not a paper
    if item is not None and entries and not item.links and (not item.strength or title_only(item)):
        if word_count(item.title) <= 8:  # "- Circuits" over a nested list: a sub-section
            for entry in entries:
                entry.section = (*block.section, item.title)
        return entries, unread
    if item is None:
        return entries, unread
    return [item, *entries], unread


def _citation(block: Block) -> Citation | None:
    """The citation a block opens with (`Bai, X.-C. & Scheres, S. H. W. Title. Journal 40,
    49–57 (2015).`), when its first line starts as plain text and links no title."""
    parts = [part for part in segments(block.lines[0]) if part.text.strip()] if block.lines else []
    if not parts:
        return None
    first = parts[0]
    emphasised = isinstance(first, Text) and (first.bold or first.italic or first.code)
    if emphasised and not _NAMES_YEAR_END.search(first.text):
        return None  # `**Card, D. (1994)**: "[Title](…)."`: names set in bold still lead
    # A linked title counts only after the names (`Cataldo, G., Qian, E. [Title](…).
    # Journal, 2022.`); a line that opens with a linked title is read by its link.
    titled = next(
        (i for i, p in enumerate(parts) if isinstance(p, Link) and reads_like_title(p.text)), None
    )
    if titled is not None:
        before = _unmarked("".join(part.text for part in parts[:titled]))
        names = _NAMES_YEAR_END.sub("", before.rstrip(' :"“')).strip(" .,")
        whole = read_citation(_unmarked(plain_text(block.lines[0])))
        linked = whole is not None and whole.title.startswith(parts[titled].text.strip()[:30])
        if not (read_authors(names) or linked or read_citation(before) is not None):
            return None
    cited = read_citation(_unmarked(plain_text(block.lines[0])))
    if (
        cited is None and len(block.lines) > 1
    ):  # `Qian, E., and Willcox, K.` / `[Title](…).` / `Journal, 2018.`
        cited = read_citation(_unmarked(" ".join(plain_text(line) for line in block.lines)))
    return cited


def _unmarked(text: str) -> str:
    return strip_marker(re.sub(r"^\s*\[[ xX]\]\s*", "", text))


def _cited_entry(block: Block, cited: Citation) -> tuple[list[ListItem], list[Unread]]:
    collected = Collected(paper_form=True)
    collected.details.authors = cited.authors
    tag = parse_venue_tag(cited.venue, need_year=False) if cited.venue else None
    collected.tags.append(VenueTag(tag.venue if tag else cited.venue, cited.year))
    for line in block.lines:
        collected.links += [(p.href, p.text) for p in segments(line) if isinstance(p, Link)]
    entries: list[ListItem] = []
    unread: list[Unread] = []
    for child in block.children:
        child_entries, child_unread = _read_child(child, collected)
        entries += child_entries
        unread += child_unread
    item = decide(cited.title, None, collected, block)
    return ([item] if item is not None else []) + entries, unread


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
        unread.append(Unread(block.line, short(text), "links a paper but names no title"))
    return entries, unread


def _read_child(child: Block, collected: Collected) -> tuple[list[ListItem], list[Unread]]:
    """A sub-item: `Key: value` details, an entry of its own, or more of the parent."""
    text = " ".join(plain_text(line) for line in child.lines)
    key = KEY.match(text) if child.kind != "row" else None
    role = key_role(key.group("key")) if key else None
    if role == "other" and not bold_label(child):
        role = None  # "Name: a subtitle" is a title, "**Metrics:** …" a label
    if key is not None and role is not None:
        apply_role(role, key.group("rest"), child, collected)
        return [], []
    if key is None or role is None:
        entries, unread = read_block(child, sub_item=True)
        if any(entry.links or entry.strength for entry in entries):
            return entries, unread
    for index, line in enumerate(child.lines):
        collect_line(segments(line), collected, skip=set(), head=False, alone=index > 0)
    for grandchild in child.children:
        found, lost = _read_child(grandchild, collected)
        if found or lost:
            return found, lost
    return [], []


def read_titled_group(title: Block, items: list[Block]) -> ListItem | None:
    """The paper of a line that is only a title (bold, linked or plain), standing alone
    over a list of `Key: value` items (`**Title**` then `- Paper: …`, `- Code: …`), or
    None when they do not make one."""
    parts = [part for part in segments(title.lines[0]) if part.text.strip()]
    whole = len(parts) == 1 and not getattr(parts[0], "code", False)
    titled = whole or find_title(title.lines[0], plain_ok=False) is not None
    if not titled or plain_text(title.lines[0]).strip().endswith((":", "：")):
        return None
    if not any(keyed_role(item) in ("links", "code") or _links_out(item) for item in items):
        return None
    block = Block("heading", title.line, title.section, title.lines, children=items)
    block.year = title.year
    entries, _ = read_block(block)
    if len(entries) != 1 or not (entries[0].strength or entries[0].why_not):
        return None
    return entries[0]  # a paper, or what it is instead (a book): reported either way


def _links_out(block: Block) -> bool:
    """An item whose links lead out of the document (`[[arXiv](…)], [[pdf](…)]`)."""
    return any(classify_link(href) not in (ANCHOR, LOCAL) for href in block.links())


def _tag_line(line: list) -> bool:
    """A line that is only a bracketed label (`[Transformer]`, `[GAN/CNN]`) or a ruled one
    (`--- Pre-LLM ---`), no link: a tag or divider over the entry below it, not its title."""
    text = plain_text(line).strip()
    return not any(run.href for run in line) and bool(
        re.fullmatch(r"\[[^\[\]]{1,60}\]|[-=~*]{2,}\s+\S.{0,40}?\s+[-=~*]{2,}", text)
    )


def _says_we(line: list) -> bool:
    """A line that is a sentence of the list's authors about their work (`We summarized
    the progress of …`, `Our survey covers …`), not a paper's title."""
    text = drop_emoji(plain_text(line)).strip(" *_")
    return (
        re.match(r"(?:we|our|this (?:repo|repository|list|survey))\b", text, re.IGNORECASE)
        is not None
        and text.endswith(".")
        and word_count(text) >= 8
    )


def _entry_line(line: list) -> bool:
    """A line that opens with a title in bold or a link and links a page of its own: one
    entry of a paragraph written an entry a line."""
    parts = [part for part in segments(line) if part.text.strip()]
    if not parts or not any(isinstance(part, Link) for part in parts[1:]):
        return False
    first = parts[0]
    bold = isinstance(first, Text) and first.bold and not first.code
    return (
        (bold or isinstance(first, Link))
        and word_count(first.text) >= 3
        and reads_like_title(first.text)
    )
