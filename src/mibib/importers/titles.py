"""Find an entry's title on its first line: a link that reads like one, bold or italic
text, or the leading plain text (read by plain_titles.py), and tell a listed paper from one
named in a sentence. Pure.
"""

import re

from mibib.importers.blocks import Block
from mibib.importers.inline import Link, Text, bracketed_label, plain_text, segments
from mibib.importers.links import ANCHOR, LOCAL, PAPER, classify_link
from mibib.importers.names import read_authors
from mibib.importers.plain_titles import lead_tag, plain_title, strip_marker
from mibib.importers.venues import parse_date, parse_venue_tag
from mibib.importers.wording import (
    is_label,
    reads_like_title,
    strip_decorations,
    take_tags,
    word_count,
)

_AFTER_NAME = re.compile(r"^\s*[—–:-]?\s*[\"“](?P<title>[^\"“”]{3,}?)[.,]?[\"”]")
_CITED = re.compile(
    r"^(?P<names>[^\"“”]{3,400}?)[\"“](?P<title>[^\"“”]{3,400}?)[.,]?[\"”](?P<rest>.*)$", re.S
)
_MONTH_WORDS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct",
                "nov", "dec"}  # fmt: skip


def find_title(line: list, plain_ok: bool | str):
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
        and not bracketed_label(parts, index)
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
    unlinked = next(  # `[Title]()`: a title whose link was left empty
        (
            index
            for index, part in enumerate(parts)
            if isinstance(part, Link)
            and not part.href.strip()
            and reads_like_title(part.text)
            and _leads(parts, index)
        ),
        None,
    )
    if unlinked is not None and not bolds and (not links or unlinked < links[0][0]):
        return parts[unlinked].text, None, {unlinked}, ""
    if links:
        index, link = links[0]
        return link.text, link, {index}, ""
    if bolds and plain_ok is not False and _bold_within(parts, bolds[0][0]):
        plain = plain_title(parts, cut=plain_ok != "cell")
        if plain is not None:
            return plain
    if bolds:
        named = _named_title(parts, *bolds[0])
        if named is None and plain_ok == "cell":
            named = _bold_lead_cell(parts, *bolds[0])
        return named or (bolds[0][1].text, None, {bolds[0][0]}, "")
    first = next((i for i, part in enumerate(parts) if part.text.strip()), None)
    if first is not None and _notes_link_title(parts, first, alone=plain_ok == "cell"):
        return parts[first].text, None, {first}, ""  # `[Title](notes/title.md) [[arXiv](…)]`
    if first is not None and _no_name(parts[first]):
        named = _named_title(parts, first, parts[first])  # `**?**: "Title", BMVC, 2021`
        if named is not None:
            return named
    cited = _cited_title(parts)
    if cited is not None:
        return cited
    first = next((i for i, part in enumerate(parts) if part.text.strip()), None)
    if first is not None and _italic_title(parts[first]):
        return parts[first].text, None, {first}, ""
    if plain_ok:
        after = _after_label(parts)
        if after is not None:  # `\[[ICLR](…)] Title \[[code](…)]`: the label, then the title
            found = plain_title(parts[after:], cut=plain_ok != "cell")
            if found is not None:
                title, link, used, rest = found
                title = title.lstrip(" ]\\")  # the label's closing bracket
                return title, link, {after + index for index in used}, rest
        return plain_title(parts, cut=plain_ok != "cell")
    return None


def _after_label(parts: list) -> int | None:
    """Where the text after a leading link label starts (`[[arXiv](…)] Title`), or None
    when the line does not open with one."""
    first = next((i for i, part in enumerate(parts) if part.text.strip(" []\\")), None)
    if first is None or not isinstance(parts[first], Link) or parts[first].image:
        return None
    if not (is_label(parts[first].text) or parse_venue_tag(parts[first].text, need_year=False)):
        return None
    following = first + 1
    while following < len(parts) and not parts[following].text.strip(" []\\"):
        following += 1
    if following >= len(parts) or isinstance(parts[following], Link):
        return None
    return following


def _named_title(parts: list, index: int, bold: Text):
    """`**ReAct** — "Synergizing Reasoning and Acting". Yao et al.`: a short name in bold,
    then the full title in quotes; the title is both, as papers name themselves."""
    after = parts[index + 1] if index + 1 < len(parts) else None
    if word_count(bold.text) > 3 or not isinstance(after, Text) or after.code:
        return None
    quoted = _AFTER_NAME.match(after.text)
    if quoted is None or word_count(quoted.group("title")) < 3:
        return None
    name, title = strip_decorations(bold.text), quoted.group("title").strip()
    if name and not _no_name(bold) and not title.lower().startswith(name.lower()):
        title = f"{name}: {title}"
    return title, None, {index, index + 1}, after.text[quoted.end() :]


def _bold_within(parts: list, index: int) -> bool:
    """A bold name or phrase inside a plain title, not the title: `**FMB**: a Functional
    Manipulation Benchmark, [arXiv](…)` or `ICML 2022, The **primacy bias** in deep
    reinforcement learning, [arXiv](…)`."""
    after = parts[index + 1] if index + 1 < len(parts) else None
    if not isinstance(after, Text) or after.bold or after.code or after.italic:
        return False
    if re.match(r"^[:：]\s+[^\W\d_]", after.text):  # `**Name**: the rest of the title`
        return word_count(re.split(r"\.\s|\s\|", after.text)[0]) >= 3
    before = "".join(part.text for part in parts[:index] if isinstance(part, Text))
    lead = lead_tag(strip_marker(before).strip() + " x")[0] if before.strip() else ""
    # The bold phrase goes on a sentence the plain text began (`The **primacy bias** in`).
    return bool(re.search(r"[^\W\d_]\s+$", lead[:-1] if lead else "")) and bool(
        re.match(r"^\s+[a-z]", after.text)
    )


def _bold_lead_cell(parts: list, index: int, bold: Text):
    """A title cell `**KAIROS**: Practical Intrusion Detection …` or `**Semantic-Aware
    APT Detection** Using Autoencoders …`: the bold part leads, the cell is the title."""
    rest = parts[index + 1 :]
    if any(part.text.strip() for part in parts[:index]) or not rest:
        return None
    if any(isinstance(part, Link) or part.code for part in rest):
        return None
    title = " ".join((bold.text + "".join(part.text for part in rest)).split())
    if word_count(title) > 30 or not reads_like_title(title):
        return None
    return title, None, set(range(len(parts))), ""


def _notes_link_title(parts: list, index: int, alone: bool = False) -> bool:
    """A title linking the list's own notes on the paper (a file of the repository),
    with the paper itself linked after it, or alone in a table's title cell (`| [Title](
    paper_list/Title.md) | 2024.2.12 | arXiv |`): the title, not a link to follow."""
    part = parts[index]
    if not (
        isinstance(part, Link)
        and not part.image
        and classify_link(part.href) == LOCAL
        and reads_like_title(part.text)
    ):
        return False
    after = parts[index + 1 :]
    if alone and not any(p.text.strip() for p in after):
        return True
    return any(isinstance(p, Link) and classify_link(p.href) == PAPER for p in after)


def _no_name(part) -> bool:
    """A bold `?` or `-` where a list names each paper: the paper has no short name."""
    return isinstance(part, Text) and part.bold and part.text.strip() in ("?", "-", "–", "—", "N/A")


def _cited_title(parts: list):
    """`Hinton, G. and Teh, Y. "Title." Venue (2006).` or IEEE's `A. Smith, B. Jones,
    "Title," in Proc. …`: a quoted title after a list of names, as references write it."""
    texts, used = [], set()
    for index, part in enumerate(parts):
        if isinstance(part, Link):
            break
        if part.code:
            return None
        texts.append(part.text)
        used.add(index)
    match = _CITED.match("".join(texts))
    if match is None or not reads_like_title(match.group("title")):
        return None
    names = strip_marker(match.group("names")).strip(" ,.")
    # Names in any case will do before a quoted title (`Michael Mathieu, camille couprie,
    # Yann Lecun, "Title", ICLR 2016`).
    capitalised = re.sub(
        r"(?<![\w'’])(?!(?:and|et|al|van|von|der|de|da|di|du|la|le)\b)([a-z])",
        lambda found: found.group(1).upper(),
        names,
    )
    if not read_authors(capitalised):
        return None
    rest = f"{names} | {match.group('rest').strip(' ,.')}"  # the names end where the quote starts
    return match.group("title").strip(), None, used, rest


def _italic_title(part) -> bool:
    """`*Title*, A. Smith, B. Jones, ICML 2023`: an italic title opening the line."""
    if not (isinstance(part, Text) and part.italic and not part.code):
        return False
    names = read_authors(part.text, trusted=True)  # `*A. Smith, B. Jones*`: the authors
    # `*Visual-RFT: Visual Reinforcement Fine-Tuning*` is no `OpenAI: A. Smith` list
    return reads_like_title(part.text) and not (names and (len(names) > 1 or ":" not in part.text))


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


def marked_line(block: Block) -> bool:
    """A paragraph that starts like a list item typed by hand (`[-] 2019-CVPR - Title`,
    `[3] A. Smith, …`, `• Title`) and links something: an entry, not prose."""
    head = plain_text(block.lines[0]) if block.lines else ""
    return strip_marker(head) != head and bool(block.links())


def titled_paragraph(block: Block) -> bool:
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


def is_prose(head: list, used: set[int], title_link: Link | None) -> bool:
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
