"""Inline text of a list entry as runs and segments (what a text is: wording.py).

Markdown tokens and HTML both give "runs" (text with its link, boldness, italics, or
an image's alt text), so bullets, paragraphs, table cells and HTML cells share one
reading. Pure: no I/O.
"""

import re
from dataclasses import dataclass

from mibib.importers.links import clean_href
from mibib.importers.wording import word_count

BREAK = "\n"  # a run with this text and no link is a line break
# An address, `arXiv:2301.01234` or `doi:10.1/x` written out: a link too.
_BARE_URL = re.compile(
    r"(https?://[^\s<>()\[\]{}\"'|]+|\barxiv:\s?\d{4}\.\d{4,5}(?:v\d+)?|\bdoi:\s?10\.\d{4,9}/[^\s,;]+)",
    re.IGNORECASE,
)


@dataclass
class Run:
    """A piece of inline text: its link target (None outside links), style, or an image."""

    text: str
    href: str | None = None
    bold: bool = False
    italic: bool = False
    image: bool = False  # the alt text of an image (a badge): never a title
    code: bool = False  # `code`: quoted text, never a title or an address
    soft: bool = False  # a line break the writer's editor made, not the writer


@dataclass
class Link:
    text: str
    href: str
    bold: bool = False
    italic: bool = False
    image: bool = False  # nothing but an image inside


@dataclass
class Text:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


def split_lines(runs: list[Run]) -> list[list[Run]]:
    """Runs cut at line breaks, a title wrapped onto a second line joined; empty lines
    dropped."""
    lines: list[list[Run]] = [[]]
    for index, run in enumerate(runs):
        if run.text == BREAK and run.href is None:
            if run.soft and (
                _wrapped(lines[-1], runs, index + 1) or _bold_wrapped(lines[-1], runs, index + 1)
            ):
                lines[-1].append(Run(" "))
            else:
                lines.append([])
        else:
            lines[-1].append(run)
    return [line for line in lines if plain_text(line).strip() or any(r.href for r in line)]


def _wrapped(line: list[Run], runs: list[Run], start: int) -> bool:
    """`Learning with Label Noise: The Importance of` / `Being Unhinged. [[Paper]](…)` or
    `arXiv 2023.06, **DreamSim**: Learning New Dimensions of` / `Human Visual Similarity
    using Synthetic Data, [arXiv](…)`: a line cut mid-title, whose next line ends the title
    in a few words and a period, or a comma before the entry's links."""
    text = plain_text(line).strip()
    if not text or any(r.href or r.code for r in line):
        return False
    if text[-1] in ".!?;)]*|" or word_count(text) < 3:
        return False
    after = []
    stop = None
    for run in runs[start:]:
        if run.text == BREAK or run.href is not None or run.bold or run.italic or run.code:
            stop = run
            break
        after.append(run.text)
    rest = "".join(after).strip()
    if rest.endswith(",") and stop is not None and stop.href:  # the title ends before links
        rest = rest[:-1] + "."
    elif any(r.bold or r.italic for r in line):
        return False
    return rest.endswith(".") and 1 <= word_count(rest) <= 8 and not re.search(r"[,\d|]", rest[:-1])


def _bold_wrapped(line: list[Run], runs: list[Run], start: int) -> bool:
    """`**RepeatNet: A Repeat Aware Neural Recommendation Machine**` / `**for Session-based
    Recommendation.** AAAI, 2019.`: a bold title going on in bold on the next line (one
    bold span broken, or two), not a bold label (`**Authors:**`) under a bold title."""
    texts = [run for run in line if run.text.strip()]
    if not texts or any(run.href or run.code for run in line):
        return False
    last = texts[-1]
    if not last.bold or last.text.rstrip()[-1] in ".!?:：" or word_count(last.text) < 3:
        return False
    ahead = [run for run in runs[start:] if run.text]
    following = ahead[0] if ahead else None
    if following is None or not following.bold or following.href or following.code:
        return False
    after = ahead[1].text if len(ahead) > 1 else ""
    return not following.text.rstrip().endswith((":", "：")) and not after.startswith((":", "："))


def plain_text(runs: list[Run]) -> str:
    return "".join(run.text for run in runs if not run.image and run.text != BREAK)


def segments(runs: list[Run]) -> list:
    """Runs grouped: a Link per link, a Text per stretch of one style."""
    found: list = []
    for run in runs:
        if run.href is not None:
            last = found[-1] if found else None
            if isinstance(last, Link) and last.href == run.href:
                if run.image:
                    last.image = last.image and not plain_text([Run(last.text)]).strip()
                else:
                    last.text = run.text if last.image else last.text + run.text
                    last.image = False
                last.bold, last.italic = last.bold or run.bold, last.italic or run.italic
            else:
                found.append(Link(run.text, run.href, run.bold, run.italic, run.image))
        elif run.image:
            continue
        elif run.text == BREAK:  # `[A title cut<br />in two](…)`: a space within the link
            if found and isinstance(found[-1], Link) and not found[-1].image:
                found[-1].text += " "
            continue
        elif run.code:
            found.append(Text(run.text, run.bold, run.italic, code=True))
        elif _BARE_URL.search(run.text):  # an address written out is a link too
            pieces = _BARE_URL.split(run.text)
            for index, piece in enumerate(pieces):
                if index % 2:
                    written = piece.rstrip(".,;:)")
                    found.append(Link(written, _address(written)))
                    found.append(Text(piece[len(written) :], run.bold, run.italic))
                elif piece:
                    found.append(Text(piece, run.bold, run.italic))
        else:
            last = found[-1] if found and isinstance(found[-1], Text) else None
            last = None if last is not None and last.code else last
            # Spaces join the text before them, whatever its style.
            if last is not None and (
                (last.bold, last.italic) == (run.bold, run.italic) or not run.text.strip()
            ):
                last.text += run.text
            else:
                found.append(Text(run.text, run.bold, run.italic))
    for item in found:
        if isinstance(item, Link):
            item.text = " ".join(item.text.split())
    return found


def bracketed_label(parts: list, index: int) -> bool:
    """`[[Nature](…)]`, `[[official blog post](…)]`: a short link in brackets among the
    segments, as lists write their link labels, not a title."""
    before = parts[index - 1].text if index > 0 else ""
    after = parts[index + 1].text if index + 1 < len(parts) else ""
    bracketed = before.rstrip().endswith("[") and after.lstrip().startswith("]")
    return bracketed and word_count(parts[index].text) <= 3


def written_links(runs: list[Run]) -> list[str]:
    """Every link of the runs, addresses written out in plain text included
    (`- Paper: https://arxiv.org/abs/…`, `arXiv:2301.00001`)."""
    hrefs = []
    for run in runs:
        if run.href is not None:
            hrefs.append(run.href)
        elif not run.code and not run.image and _BARE_URL.search(run.text):
            for index, piece in enumerate(_BARE_URL.split(run.text)):
                if index % 2:
                    hrefs.append(_address(piece.rstrip(".,;:)")))
    return hrefs


def _address(written: str) -> str:
    """The URL an address, arXiv id or DOI written out stands for."""
    prefix, _, rest = written.partition(":")
    if prefix.lower() == "arxiv":
        return f"https://arxiv.org/abs/{rest.strip()}"
    if prefix.lower() == "doi":
        return f"https://doi.org/{rest.strip()}"
    return written


_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)([^>]*)>")
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_ALT = re.compile(r"""alt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def runs_of(token) -> list[Run]:
    """An inline token's text as runs: links, bold, italics, images' alt text, breaks,
    and the inline HTML lists use (`<a href>`, `<b>`, `<i>`, `<br>`, `<img>`, `<sup>`)."""
    runs: list[Run] = []
    hrefs: list[str | None] = []
    bold = italic = hidden = 0
    for child in token.children or []:
        kind = child.type
        href = hrefs[-1] if hrefs else None
        if kind == "link_open":
            hrefs.append(clean_href(str(child.attrs.get("href", ""))))
        elif kind == "link_close" and hrefs:
            hrefs.pop()
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold = max(bold - 1, 0)
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic = max(italic - 1, 0)
        elif kind == "text" and not hidden:
            runs.append(Run(child.content, href, bold > 0, italic > 0))
        elif kind == "code_inline" and not hidden:
            runs.append(Run(child.content, href, bold > 0, italic > 0, code=True))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(BREAK, soft=kind == "softbreak"))
        elif kind == "image":
            runs.append(Run(child.content, href, image=True))
        elif kind == "html_inline":
            match = _TAG.match(child.content.strip())
            if match is None:
                continue
            closing, tag, attributes = match.group(1) == "/", match.group(2).lower(), match.group(3)
            if tag == "a":
                if closing:
                    hrefs and hrefs.pop()
                else:
                    found = _HREF.search(attributes)  # `<a id="ref4">`: a target, no link
                    href = next(g for g in found.groups() if g is not None) if found else None
                    hrefs.append(href)
            elif tag in ("b", "strong"):
                bold = max(bold + (-1 if closing else 1), 0)
            elif tag in ("i", "em"):
                italic = max(italic + (-1 if closing else 1), 0)
            elif tag in ("sup", "sub"):
                hidden = max(hidden + (-1 if closing else 1), 0)
            elif tag in ("br", "p", "div") and not closing:
                runs.append(Run(BREAK))
            elif tag == "img":
                alt = _ALT.search(attributes)
                text = next((g for g in alt.groups() if g is not None), "") if alt else ""
                runs.append(Run(text, href, image=True))
    return runs
