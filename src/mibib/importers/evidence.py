"""Gather what an entry's lines say (`collect_line`), then decide what its links and tags
make of it: the paper's link and ids, venue and date, and how much it looks like a paper
(STRONG, MEDIUM, WEAK, or a tool). Pure.
"""

import re
from dataclasses import dataclass, field

from mibib.importers.details import Details, bare_venue, leading_journal, read_details
from mibib.importers.inline import Link, bracketed_label
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
    not_paper_page,
)
from mibib.importers.names import is_organisations, lone_name, read_authors
from mibib.importers.venues import VenueTag, is_generic_label, parse_venue_tag
from mibib.importers.wording import (
    clean_prose,
    drop_emoji,
    reads_like_title,
    strip_decorations,
    take_tags,
    word_count,
)

STRONG, MEDIUM, WEAK = "strong", "medium", "weak"
# A line opening with a name written `Surname, I.`: a reference, not a title.
_REFERENCE_START = re.compile(r"^[^\W\d_][\w'’-]+,\s+(?:[A-Z]\.\s?-?){1,3}[,&]")


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
    tldr: str = ""
    techniques: str = ""
    evaluation: str = ""
    authors: list[str] = field(default_factory=list)
    affiliation: str = ""  # the teams or organisations the list names for it
    strength: str = ""  # STRONG, MEDIUM or WEAK; "" when it is not a paper
    why_not: str = ""  # what it looks like instead (a tool, a video...)
    kind: str = ""  # the block it was read from: "item", "paragraph", "row", "heading"
    notes: list[str] = field(default_factory=list)


@dataclass
class Collected:
    """What an entry's lines, sub-items and cells say, gathered before deciding."""

    links: list[tuple[str, str]] = field(default_factory=list)  # (href, its text)
    # Links beside the title whose text reads like a name (`[Nature Methods](doi)`): the
    # paper's link when the entry has no other, else a work its description mentions.
    named_links: list[tuple[str, str]] = field(default_factory=list)
    # The entry's form says it is a paper: a row whose title column the header calls
    # "Paper", a citation (`Smith, J. (2015). Title.`). With a year, that will do.
    paper_form: bool = False
    tags: list[VenueTag] = field(default_factory=list)
    details: Details = field(default_factory=Details)
    tldr: str = ""
    code: list[str] = field(default_factory=list)
    techniques: str = ""
    evaluation: str = ""


@dataclass
class Unread:
    """A line that looked like an entry but gave none, and why."""

    line: int
    text: str
    why: str


def collect_line(parts: list, collected: Collected, skip: set[int], head: bool,
                  alone: bool = True) -> None:  # fmt: skip
    """Links, tags, authors, dates and prose of one line (the title's segments skipped)."""
    prose: list[str] = []
    text_after_title = False
    for index, part in enumerate(parts):
        if index in skip:
            if isinstance(part, Link):
                collected.links.insert(0, (part.href, part.text))
            if "".join(prose).strip() and prose[-1] != " | ":
                prose.append(" | ")  # `[POKER] <[Title](…)> by A and B`: the label ends there
            continue
        if isinstance(part, Link):
            kind = classify_link(part.href)
            if kind in (ANCHOR, LOCAL):
                continue
            tag = None  # `[Code-PyTorch]` names a link; `[arxiv 2401]` dates the paper
            if not is_generic_label(part.text) or re.search(r"\d{4}", part.text):
                tag = parse_venue_tag(part.text, need_year=not part.text.startswith("["))
                if tag is None and head and skip and index < min(skip):  # `\[[ICLR](…)] Title`
                    tag = parse_venue_tag(part.text, need_year=False, strict=True)
            if tag is not None:
                collected.tags.append(tag)
            label = bracketed_label(parts, index) or not reads_like_title(part.text)
            if part.image or tag is not None or label:
                collected.links.append((part.href, part.text))  # a label, badge or emoji
            elif not head and _sole(parts, index):
                # A line under the title that is only a link (`[Gao, W. et al. Patterns
                # (2020)](https://doi.org/…)`): the entry's own reference, read as one.
                collected.links.append((part.href, part.text))
                prose.append(part.text)
            else:
                prose.append(part.text)  # a paper or page the description mentions
                if head:
                    collected.named_links.append((part.href, part.text))
            continue
        text = take_tags(part.text, collected.tags)
        if head and skip and index > max(skip) and text.strip() and not text_after_title:
            text_after_title = True  # `**Title** (ACM Computing Surveys) [[paper]](…)`
            plain = not (part.italic or part.bold or part.code)
            if plain and (tag := bare_venue(drop_emoji(text))):
                collected.tags.append(tag)
                continue
            if plain and (journal := leading_journal(text)):
                collected.tags.append(journal[0])
                text = journal[1]
        whole_line = alone and len([p for p in parts if not isinstance(p, Link)]) == 1
        if part.italic and _in_parentheses(parts, index) and is_organisations(text.strip()):
            collected.details.affiliations.append(text.strip())  # `ICCV, 2021 (*Facebook*)`
            continue
        cited = _NAMES_THEN_VENUE.match(text) if part.italic else None
        if cited and (names := read_authors(cited.group("names"), trusted=True)):
            collected.details.authors = collected.details.authors or names  # `*Li et al. NeurIPS.*`
            if tag := bare_venue(cited.group("rest")):
                collected.tags.append(tag)
            else:
                read_details(cited.group("rest"), collected.details)
            continue
        if part.italic and (names := read_authors(text, trusted=True, alone=whole_line)):
            collected.details.authors = collected.details.authors or names
            continue
        if not head and whole_line and not collected.details.authors and (lone := lone_name(text)):
            collected.details.authors = lone  # `<dd>Andreas Rossberg</dd>` under a title
            continue
        strict = word_count(text) > 3  # `**(An outstanding work of 2015)**` is a remark
        if part.bold and (tag := parse_venue_tag(text, need_year=True, strict=strict)):
            collected.tags.append(tag)
            continue
        prose.append(text)
    read_details(drop_emoji(_REPO_STATS.sub(" ", " ".join(prose))), collected.details)


_BOOK = re.compile(r"(?<![a-z])(?:text)?books?\b", re.IGNORECASE)
# `Li et al. NeurIPS.`: the first author, then where the paper appeared.
_NAMES_THEN_VENUE = re.compile(r"^\s*(?P<names>[^.]{2,80}?\bet al\.)\s+(?P<rest>\S.*)$")
# A repository's figures beside its code link: `⭐ 516 | 🐛 10 | 🌐 Python | 📅 2026-03-30`
# (stars, issues, language, last update): the date is the code's, not the paper's.
_REPO_STATS = re.compile(r"⭐\s*[\d,.]+[kK]?(?:\s*\|\s*(?:🐛|🌐|📅)[^|\]\n]*)*")


def _in_parentheses(parts: list, index: int) -> bool:
    """Whether the part is wrapped in parentheses of the text around it: `2021 (*CMU*).`"""
    before = parts[index - 1].text if index > 0 else ""
    after = parts[index + 1].text if index + 1 < len(parts) else ""
    return before.rstrip().endswith("(") and after.lstrip().startswith(")")


def _sole(parts: list, index: int) -> bool:
    return all(not part.text.strip(" []()") for i, part in enumerate(parts) if i != index)


def decide(title: str, title_link: Link | None, collected: Collected, block) -> ListItem | None:
    """The entry of `block` (a blocks.Block), with its link, ids, venue and date chosen,
    and how paper-like it is."""
    if not title or not reads_like_title(title):
        return None
    item = ListItem(title=title, section=block.section, line=block.line, kind=block.kind)
    title_href = title_link.href.strip() if title_link else ""
    _adopt_named_link(collected, title_href)
    links = list(dict.fromkeys(href.strip() for href, _ in collected.links if href.strip()))
    kinds = {href: classify_link(href) for href in links}
    item.url = _choose_url(title_href, links, kinds, collected.links)
    item.links = links
    item.arxiv, item.doi = _ids(item, links, title_href)
    item.code = next(
        (h for h in [*collected.code, *links] if classify_link(h) == CODE and h != item.url), ""
    )
    _choose_venue(item, collected, block.year)
    item.authors = collected.details.authors
    item.affiliation = " & ".join(dict.fromkeys(collected.details.affiliations))
    item.techniques, item.evaluation = collected.techniques, collected.evaluation
    item.tldr = collected.tldr or clean_prose(" ".join(collected.details.prose))
    if not re.search(r"[^\W\d_]{2}", strip_decorations(item.tldr)):
        item.tldr = ""
    item.strength, item.why_not = _strength(item, title_href, kinds, collected, block)
    return item


def _adopt_named_link(collected: Collected, title_href: str) -> None:
    """`Title | *Authors* | [Bioinformatics](https://doi.org/…)`: with no other paper link,
    a short named link to a paper host beside the title is the paper's own."""
    hrefs = [title_href, *(href for href, _ in collected.links)]
    if any(classify_link(href) == PAPER for href in hrefs if href):
        return
    for href, text in collected.named_links:
        if classify_link(href) == PAPER and word_count(text) <= 12:
            collected.links.append((href, text))
            tag = parse_venue_tag(text, need_year=False, strict="shaped")
            if tag is not None:  # the link names the journal: `[Nature Methods](…)`
                collected.tags.append(tag)
            return


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
            f"line {item.line}: '{short(item.title, 40)}' links arXiv {', '.join(ids)}; "
            f"kept {arxiv} ({'the title' if title_href == item.url else 'the paper'}'s link)"
        )
    doi = next((found for href in ordered if (found := doi_of(href))), None)
    if doi and doi.startswith("10.48550/arxiv."):
        doi = None
    return arxiv, doi


def _choose_venue(item: ListItem, collected: Collected, section_year: int | None) -> None:
    tags = collected.tags + collected.details.tags
    named = next((tag for tag in tags if tag.venue and tag.year), None)
    named = named or next((tag for tag in tags if tag.venue), None)
    dated = named if named and named.year else next((tag for tag in tags if tag.year), None)
    item.venue = named.venue if named else ""
    dates = collected.details.dates
    item.year = dated.year if dated else (dates[0][0] if dates else None)
    months = [tag.month for tag in tags if tag.month and tag.year == item.year]
    months += [month for year, month in dates if month and year == item.year]
    item.month = months[0] if months else None
    if item.year is None:
        item.year = section_year


def _strength(item: ListItem, title_href: str, kinds: dict, collected: Collected, block):
    """(STRONG/MEDIUM/WEAK or "", what it is instead): how much the entry looks like a paper."""
    tags = collected.tags + collected.details.tags
    # Tags of several venues are works the description cites, not where this one appeared.
    # `[Springer-Book'2015]` says where a book appeared: no venue that makes it a paper.
    cites = len({(t.venue, t.year) for t in tags if t.cites and not _BOOK.search(t.venue)}) == 1
    cites = cites or (collected.paper_form and item.year is not None)
    paper_link = any(kind == PAPER for kind in kinds.values()) or bool(item.arxiv or item.doi)
    title_kind = kinds.get(title_href, "")
    # A name linked to its code or site ("TransformerLens", "captum") is a tool, even with
    # a [Paper] link beside it; a paper's title linked to its code is still a paper.
    named_tool = (title_kind == CODE and not (paper_link or cites)) or (
        title_kind in (CODE, SITE) and word_count(item.title) <= 4 and not cites
    )
    if any(tag.not_paper for tag in tags) and not cites:
        return "", "a tutorial, talk or course"
    page = not_paper_page(item.url) if item.url and not (item.arxiv or item.doi) else ""
    if page and not cites:  # a book's, a news site's or a course's page
        return "", page
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
    listed = block.kind == "item" or (block.kind == "row" and collected.paper_form)
    if not kinds and listed and word_count(item.title) >= 3:
        if _REFERENCE_START.match(item.title):  # `Brini, E., Dill, K. Title. Science 370,`
            return "", "a reference whose year could not be read"
        return WEAK, ""  # a title alone: a paper where its section lists papers without links
    return "", ""  # plain text: not a candidate at all


def title_only(item: ListItem) -> bool:
    """An entry that is a line of text only (no link, authors or venue): a paper only where
    its section's other such lines give venues and years (markdown.read_list)."""
    return item.strength == WEAK and not (item.links or item.authors or item.venue)


def short(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
