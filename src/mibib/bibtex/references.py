"""Entries that name others by key (BibTeX's `crossref`, biblatex's `xref` and `related`): BibTeX
reads a `crossref` target only when it comes after the entry (btxdoc), and a reference
must follow its target when an import gives that one another key. Pure."""

import re

from mibib.model import Paper

# Fields that name another entry by its key, and biblatex's field naming several.
REFERENCE_FIELDS = ("crossref", "xref")
LIST_REFERENCE_FIELDS = ("related",)
_KEY_IN_LIST = re.compile(r"[^,\s]+")


def follow_keys(papers: list[Paper], moved: dict[str, str]) -> list[tuple[Paper, str, str]]:
    """Make each paper's references name their targets by their new keys (`moved`: the
    old key in lower case -> the new one). Returns (paper, field, old value) of each
    reference changed. A reference written as a macro stays."""
    changed = []
    for paper in papers:
        for name in (*REFERENCE_FIELDS, *LIST_REFERENCE_FIELDS):
            old = paper.fields.get(name, "")
            if not old or name in paper.raw:
                continue
            if name in REFERENCE_FIELDS:
                new = moved.get(old.strip().lower(), old.strip())
            else:  # each key of the list, its separators kept
                new = _KEY_IN_LIST.sub(lambda m: moved.get(m.group().lower(), m.group()), old)
            if new != old.strip() and new != old:
                paper.fields[name] = new
                changed.append((paper, name, old.strip()))
    return changed


# A biblatex @set's members: `entryset = {herrmann,aksin,yoon}`.
_ENTRYSET = re.compile(r"(?i)(\bentryset\s*=\s*[{\"])([^}\"]*)")


def follow_set_members(block: str, moved: dict[str, str]) -> str:
    """A @set block's text with its members named by their new keys (see follow_keys);
    every other byte as written."""
    return _ENTRYSET.sub(
        lambda m: (
            m.group(1)
            + _KEY_IN_LIST.sub(lambda k: moved.get(k.group().lower(), k.group()), m.group(2))
        ),
        block,
    )


def followed(name: str, old: str, new: str) -> str:
    """What the report says of a reference follow_keys changed."""
    whose = (
        "the keys of the entries it names" if name in LIST_REFERENCE_FIELDS else "that entry's key"
    )
    return f"its {name} '{old}' follows {whose}, '{new}'"


def children_first(keys: list[str], targets: dict[str, str]) -> list[str]:
    """The keys in their order, but each one cross-referenced held back until every key
    naming it has come. `targets`: the `crossref` of each key that has one, all in lower
    case. Linear: a library of DBLP entries has thousands of volumes."""
    waiting: dict[str, int] = {}  # target -> how many of the keys naming it are still to come
    for key in keys:
        target = targets.get(key.lower())
        if target:
            waiting[target] = waiting.get(target, 0) + 1
    ordered: list[str] = []
    held: dict[str, str] = {}  # lower-case key -> key, held back

    def place(key: str) -> None:
        while key:
            ordered.append(key)
            target = targets.get(key.lower())
            key = ""
            if target in waiting:
                waiting[target] -= 1
                if not waiting[target] and target in held:
                    key = held.pop(target)  # its last child has come: it follows

    for key in keys:
        if waiting.get(key.lower()):
            held[key.lower()] = key
        else:
            place(key)
    return ordered + list(held.values())  # a cycle stays as it was
