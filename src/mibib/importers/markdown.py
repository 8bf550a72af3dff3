"""A Markdown (or HTML) paper list -> its papers, what is not a paper, and what went unread.

An entry that links a paper host (arXiv, OpenReview, a DOI, a PDF, a proceedings page,
a research blog) or gives a venue and year is a paper wherever it sits. One that gives
only authors, or only a link to some page, is a paper when most entries of its section
are: a blog post among papers is listed as one, a section of tools or courses is not.
Links only to code, videos or front pages make a tool or a link, never a paper.
Sections are never skipped for their names. Pure: no I/O.
"""

from dataclasses import dataclass, field, replace

from mibib.importers.blocks import Block, read_blocks
from mibib.importers.details import read_details
from mibib.importers.evidence import MEDIUM, STRONG, ListItem, Unread, title_only
from mibib.importers.hidden import unclosed_comment
from mibib.importers.inline import plain_text
from mibib.importers.keyed_details import add_detail, keyed_role
from mibib.importers.names import lone_name
from mibib.importers.reading import read_block, read_titled_group

# Share of entries of a section that must look like papers for its entries that only
# give authors or a link to be taken as papers too.
SECTION_PAPER_SHARE = 0.5


@dataclass
class ListReading:
    items: list[ListItem] = field(default_factory=list)
    not_papers: list[ListItem] = field(default_factory=list)  # each with its why_not
    unread: list[Unread] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_list(text: str) -> ListReading:
    """Every paper of the list in document order, plus what was left out and why."""
    reading = ListReading()
    candidates: list[ListItem] = []
    headings: dict[tuple[str, ...], Block] = {}
    bodies: dict[tuple[str, ...], list[tuple[Block, list[ListItem], list[Unread]]]] = {}
    for block in read_blocks(text):
        if block.kind == "section":
            headings[block.section] = block
            continue
        entries, unread = read_block(block)
        bodies.setdefault(block.section, []).append((block, entries, unread))
    for path, body in bodies.items():
        body = _group_titled_lines(body)
        body = _join_link_lines(body)
        _attach_author_lines(body)
        _attach_keyed_details(body)
        entry = _heading_entry(headings.get(path), body)
        if entry is not None:
            candidates.append(entry)
            continue
        for _, entries, unread in body:
            candidates += entries
            reading.unread += unread
    shares = _section_shares(candidates)
    # Entries written without any link: a title alone is a paper where most of them give
    # a venue and year (`- Title (SIGMOD 2021)` beside `- Title`), not among notes.
    plain_shares = _section_shares(
        [item for item in candidates if not item.links and item.kind in ("item", "row")]
    )
    any_strong = any(item.strength == STRONG for item in candidates)
    for item in sorted(candidates, key=lambda item: item.line):
        if not item.strength:
            if item.why_not:
                reading.not_papers.append(item)
            continue
        if not _named(item):
            if plain_shares.get(item.section, 0.0) >= SECTION_PAPER_SHARE:
                reading.items.append(item)
            continue  # a line of text among notes (`- Tue 7/16: …`, `- Datasets`)
        if (
            item.strength == STRONG
            or shares[item.section] >= SECTION_PAPER_SHARE
            or (not any_strong and item.strength == MEDIUM)
        ):
            reading.items.append(item)
            reading.notes += item.notes
        else:
            item.why_not = (
                "no paper link, venue or year, in a section whose entries mostly have none"
            )
            reading.not_papers.append(item)
    reading.unread.sort(key=lambda unread: unread.line)
    unclosed = unclosed_comment(text)
    if unclosed is not None:
        line, hidden = unclosed
        reading.notes.append(
            f"line {line}: an HTML comment is never closed (`-->`), so the {hidden} lines "
            "after it are hidden, as on GitHub, and were not read"
        )
    return reading


def _heading_entry(heading: Block | None, body: list) -> ListItem | None:
    """A heading that names no link but whose text is the title of the paper its body
    describes in `- Authors: …`, `- Paper: [link](…)` items (which name no title)."""
    found = [entry for _, entries, _ in body for entry in entries]
    if heading is None or any(map(_named, found)):
        return None
    if not any(unread for _, _, unread in body):
        return None
    block = Block("heading", heading.line, heading.section[:-1], heading.lines)
    block.children = [child for child, _, _ in body]
    entries, _ = read_block(block)
    if len(entries) != 1 or not (entries[0].strength or entries[0].why_not):
        return None
    return entries[0]  # a paper, or what it is instead (a book): reported either way


def _named(entry: ListItem) -> bool:
    """An entry that names a paper or a tool (a link, authors, a venue or year), not a
    line of text only (`- Authors: A, B`) that counts only where its section lists papers."""
    return bool(entry.strength or entry.why_not) and not title_only(entry)


def _group_titled_lines(body: list) -> list:
    """A paragraph that is only a title, followed by items that name no title of their
    own (`- Paper: …`/`- Code: …`, `- [[arXiv](…)], [[pdf](…)]`, `- Smith et al.; MIT`),
    read as one entry (lists of conference papers with code, of bold titles over links)."""
    keyed = [
        keyed_role(block) is not None or (block.kind == "item" and not any(map(_named, entries)))
        for block, entries, _ in body
    ]
    run_end = list(range(1, len(body) + 1))  # the first block after i that is not keyed
    for index in range(len(body) - 2, -1, -1):
        if keyed[index + 1]:
            run_end[index] = run_end[index + 1]
    grouped, index = [], 0
    while index < len(body):
        block, entries, unread = body[index]
        end = run_end[index]
        found = [entry for _, more, _ in body[index + 1 : end] for entry in more]
        if (
            end > index + 1
            and block.kind == "paragraph"
            and len(block.lines) == 1
            and not unread
            and not any(entry.links for entry in entries)  # a title with tags, no link
            and not any(map(_named, found))
        ):
            entry = read_titled_group(block, [item for item, _, _ in body[index + 1 : end]])
            if entry is not None:
                grouped.append((block, [entry], []))
                index = end
                continue
        grouped.append(body[index])
        index += 1
    return grouped


def _join_link_lines(body: list) -> list:
    """An entry's paragraph without links (`**Title**. ICML19.`) followed by a paragraph of
    links only (badges `[arXiv]`, `[Code]`): one entry, the links its own."""
    joined: list = []
    for block, entries, unread in body:
        if joined and block.kind == "paragraph" and not entries and not unread:
            before, found, lost = joined[-1]
            if (
                before.kind == "paragraph"
                and len(found) == 1
                and not found[0].links
                and block.links()
                and all(_links_only(line) for line in block.lines)
            ):
                merged = replace(before, lines=before.lines + block.lines)
                entries_now, unread_now = read_block(merged)
                if len(entries_now) == 1 and entries_now[0].title == found[0].title:
                    joined[-1] = (merged, entries_now, lost + unread_now)
                    continue
        joined.append((block, entries, unread))
    return joined


def _links_only(line: list) -> bool:
    return all(run.href or not run.text.strip() for run in line)


def _attach_author_lines(body: list) -> None:
    """An entry's paragraph followed by a paragraph of names alone (`[**Title**](…)` then
    `<font color="gray">A. Smith, B. Jones, etc - 【Nature】</font>`): the names are its
    authors, a venue after them its venue."""
    for (_, before, _), (block, entries, unread) in zip(body, body[1:], strict=False):
        if block.kind != "paragraph" or entries or unread or len(block.lines) != 1:
            continue
        if keyed_role(block, paragraph=True) is not None:
            continue  # `**Venue:** Pattern Recognition 2020`: a detail, not a name
        if len(before) != 1 or before[0].authors or block.links():
            continue
        details = read_details(plain_text(block.lines[0]))
        if len(details.authors) < 2:
            details.authors = lone_name(plain_text(block.lines[0]))  # `Mohammed AlQuraishi.`
            if not details.authors:
                continue
        before[0].authors = details.authors
        venue = next((tag for tag in details.tags if tag.venue), None)
        if venue is not None and not before[0].venue:
            before[0].venue = venue.venue


def _attach_keyed_details(body: list) -> None:
    """`- Paper: [Title](…)` then `- Venue: COLM 2025`, `- Authors: …` items beside it
    (not under it): those items describe that entry."""
    for index, (block, entries, _) in enumerate(body):
        if block.kind != "item" or len(entries) != 1 or keyed_role(block) != "links":
            continue
        for sibling, found, lost in body[index + 1 :]:
            if sibling.kind != "item" or lost or any(entry.links for entry in found):
                break
            if not add_detail(entries[0], sibling):
                break
            found.clear()  # `- 등재: Findings of EMNLP 2025` is a detail, not a title
    for index, (block, entries, _) in enumerate(body):
        if block.kind != "paragraph" or len(entries) != 1:
            continue
        # `**1. Title** [[Paper](…)]`, then paragraphs `**Venue:** ICML 2023`, `**Authors:** …`
        for sibling, found, lost in body[index + 1 :]:
            if sibling.kind != "paragraph" or lost or any(map(_named, found)):
                break
            if not add_detail(entries[0], sibling):
                break
            found.clear()


def _section_shares(items: list[ListItem]) -> dict[tuple[str, ...], float]:
    """Each section's share of strong entries; a section of one entry and no sub-sections
    (a heading per paper) is weighed with its parent's and the parent's other sections'."""
    own: dict[tuple[str, ...], list[int]] = {}
    tree: dict[tuple[str, ...], list[int]] = {}
    for item in items:
        if item.strength:
            strong = item.strength == STRONG
            for counts, paths in ((own, [item.section]), (tree, _prefixes(item.section))):
                for path in paths:
                    found = counts.setdefault(path, [0, 0])
                    found[0] += strong
                    found[1] += 1
    shares = {}
    for section, (strong, total) in own.items():
        if total < 2 and len(section) > 1 and tree[section][1] == total:  # a leaf heading
            strong, total = tree[section[:-1]]
        shares[section] = strong / total
    return shares


def _prefixes(section: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [section[:depth] for depth in range(1, len(section) + 1)]
