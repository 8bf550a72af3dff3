"""An entry's row on the web page, and the tags on it, as HTML. Pure: no I/O.

Written in Python, not as a template macro: a row is rendered for every entry and
section of a page that may hold 100,000 entries, and a macro call, with a Markup made
for every value it escapes, cost more than the rest of the page. The values are
escaped once per entry (its card), as Jinja escapes them, whatever section shows it.
"""

from typing import NamedTuple


def escape(text: str) -> str:
    """`text` with & < > " ' written as markupsafe.escape (Jinja's escaping) writes them,
    as a plain string: a Markup made for every value costs more than the escaping."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&#34;").replace("'", "&#39;")


class Card(NamedTuple):
    """What a row shows of an entry, the same in each of its sections, as escaped HTML
    (`make_card`); the TL;DR, which may differ by section, is given to `row`."""

    number: int
    url: str
    title: str
    authors: str
    meta: str  # venue and year
    tags: str  # the HTML of its tag groups
    arxiv: str
    doi: str
    key: str


def make_card(
    number: int,
    url: str | None,
    title: str,
    authors: str,
    meta: str,
    tags: str,
    arxiv: str | None,
    doi: str | None,
    key: str,
) -> Card:
    """The card of an entry from its values as text (`tags`: HTML already); an empty
    string where a value is missing (no link, no arXiv id)."""
    return Card(
        number,
        escape(url or ""),
        escape(title),
        escape(authors),
        escape(meta),
        tags,
        escape(arxiv or ""),
        escape(doi or ""),
        escape(key),
    )


def row(card: Card, tldr: str) -> str:
    """The entry's <li> in a section's list, with the TL;DR shown there (text)."""
    title = f'<a href="{card.url}">{card.title}</a>' if card.url else card.title
    parts = [f'<li data-i="{card.number}">\n<p class="title">{title}</p>\n']
    if card.authors:
        parts.append(f'<p class="authors">{card.authors}</p>\n')
    if card.meta:
        parts.append(f'<p class="meta">{card.meta}</p>\n')
    if card.tags:
        parts.append(f'<dl class="tags">{card.tags}</dl>\n')
    if tldr:
        parts.append(f'<p class="tldr">{escape(tldr)}</p>\n')
    parts.append('<p class="links">')
    if card.arxiv:
        parts.append(f'<a href="{card.arxiv}">arXiv</a> ')
    if card.doi:
        parts.append(f'<a href="{card.doi}">DOI</a> ')
    parts.append(
        f'<code>{card.key}</code> <button class="copy" aria-label="Copy the BibTeX of '
        f'{card.key}">BibTeX</button></p>\n</li>\n'
    )
    return "".join(parts)


def tag_group(facet: str, label: str, titles: list[str]) -> str:
    """One facet's tags on a row, in its <dl class="tags">: the facet's name, then each tag."""
    tags = "".join([f"<dd>{escape(title)}</dd>" for title in titles])
    return f'<div class="{escape(facet)}"><dt>{escape(label)}</dt>{tags}</div>'
