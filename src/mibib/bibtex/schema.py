"""mibib's own BibTeX fields: the only place that spells `mibib-…`. Pure: no I/O.

Tags and TL;DRs live in these fields of each entry; every other field is the
user's and is left alone (a .bib file's `keywords` stay a field, never tags).
"""

from mibib.model import FACET_NAMES, Paper

OWN_PREFIX = "mibib-"
# The field holding each facet's tags (model.FACETS), comma-separated keys.
TAG_FIELDS = {
    "category": "mibib-categories",
    "technique": "mibib-techniques",
    "evaluation": "mibib-evaluation",
}
TLDR_FIELD = "mibib-tldr"
CATEGORY_TLDR_PREFIX = "mibib-tldr-"
# Fields a source could not confirm, listed for a person to check (`mibib check` warns).
UNVERIFIED_FIELD = "mibib-unverified"
_FACET_OF_FIELD = {name: facet for facet, name in TAG_FIELDS.items()}

# Field order and spelling of entries mibib writes (arXiv's own export style first).
FIELD_ORDER = (
    "title", "author", "editor", "booktitle", "journal", "howpublished", "year", "month",
    "volume", "number", "pages", "publisher", "organization", "doi", "eprint",
    "archiveprefix", "primaryclass", "url", "abstract",
)  # fmt: skip
FIELD_SPELLING = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}


def paper_from_fields(key: str, entry_type: str, line: int, fields) -> Paper:
    """A Paper from an entry's (name, value) pairs: mibib's fields become tags and TL;DRs,
    the rest stay fields under lower-case names."""
    paper = Paper(key=key, entry_type=_shared(entry_type.lower()), line=line)
    for name, value in fields:
        name = _LOWER.get(name) or _LOWER.setdefault(name, _shared(name.lower()))
        if name in _FACET_OF_FIELD:
            paper.tags[_FACET_OF_FIELD[name]] = split_tags(value)
        elif name == TLDR_FIELD:
            paper.tldr = " ".join(value.split())
        elif name.startswith(CATEGORY_TLDR_PREFIX):
            paper.category_tldrs[name[len(CATEGORY_TLDR_PREFIX) :]] = " ".join(value.split())
        else:
            paper.fields[name] = _shared(value) if len(value) <= SHORT_VALUE else value
    return paper


def split_tags(value: str) -> list[str]:
    return [_shared(tag.strip()) for tag in value.split(",") if tag.strip()]


# Field names (by their spelling in the file), tags and entry types repeat in every entry:
# one string object each, not one per entry, saves a tenth of a large library's memory.
# So do short values (a year, `arXiv`, `cs.LG`): those of at most this many characters.
SHORT_VALUE = 8
_LOWER: dict[str, str] = {}
_SHARED: dict[str, str] = {}


def _shared(text: str) -> str:
    return _SHARED.setdefault(text, text)


def own_fields(paper: Paper) -> list[tuple[str, str]]:
    """mibib's fields for a paper, in the order they are written."""
    return _own_fields(paper.tags, paper.tldr, paper.category_tldrs)


def own_as_read(paper: Paper) -> tuple:
    """What own_fields makes mibib's fields of, kept as they are (the tags not joined, the
    TL;DRs not copied): an imported entry's, to tell later whether mibib changed them at a
    fraction of the memory of own_fields' strings."""
    tags = tuple(tuple(paper.tags[facet]) for facet in FACET_NAMES)
    return tags, paper.tldr, tuple(paper.category_tldrs.items())


def own_fields_as_read(read: tuple) -> list[tuple[str, str]]:
    """own_fields of what own_as_read kept."""
    tags, tldr, category_tldrs = read
    return _own_fields(dict(zip(FACET_NAMES, tags, strict=True)), tldr, dict(category_tldrs))


def _own_fields(tags: dict, tldr: str, category_tldrs: dict) -> list[tuple[str, str]]:
    fields = []
    for facet in FACET_NAMES:
        if tags[facet]:
            fields.append((TAG_FIELDS[facet], ", ".join(tags[facet])))
    if tldr.strip():
        fields.append((TLDR_FIELD, " ".join(tldr.split())))
    for category, text in category_tldrs.items():
        if text.strip():
            fields.append((f"{CATEGORY_TLDR_PREFIX}{category}", " ".join(text.split())))
    return fields


def normalise_tldrs(paper: Paper) -> None:
    """TL;DRs as a load would read them back: one line, single spaces, none empty."""
    paper.tldr = " ".join(paper.tldr.split())
    paper.category_tldrs = {
        category: " ".join(text.split())
        for category, text in paper.category_tldrs.items()
        if text.strip()
    }


def is_own_field(name: str) -> bool:
    """Any `mibib-*` field (tags, TL;DRs, and markers such as mibib-unverified)."""
    return name.startswith(OWN_PREFIX)


def is_tag_field(name: str) -> bool:
    """A field that `own_fields` writes: the tag fields and the TL;DRs."""
    is_tldr = name == TLDR_FIELD or name.startswith(CATEGORY_TLDR_PREFIX)
    return is_tldr or name in TAG_FIELDS.values()


def is_tag_list_field(name: str) -> bool:
    return name in TAG_FIELDS.values()


def spelled(name: str) -> str:
    """A field name as mibib writes it (`archivePrefix`), from its lower-case name."""
    return FIELD_SPELLING.get(name, name)
