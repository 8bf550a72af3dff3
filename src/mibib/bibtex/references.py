"""Entries that name another by its key (BibTeX's `crossref`, biblatex's `xref`): BibTeX
reads a `crossref` target only when it comes after the entry (btxdoc), and a reference
must follow its target when an import gives that one another key. Pure."""

from mibib.model import Paper

# Fields that name another entry by its key.
REFERENCE_FIELDS = ("crossref", "xref")


def follow_keys(papers: list[Paper], moved: dict[str, str]) -> list[tuple[Paper, str, str]]:
    """Make each paper's references name their targets by their new keys (`moved`: the
    old key in lower case -> the new one). Returns (paper, field, old value) of each
    reference changed. A reference written as a macro stays."""
    changed = []
    for paper in papers:
        for name in REFERENCE_FIELDS:
            target = paper.fields.get(name, "").strip()
            key = moved.get(target.lower())
            if key and key != target and name not in paper.raw:
                paper.fields[name] = key
                changed.append((paper, name, target))
    return changed


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
