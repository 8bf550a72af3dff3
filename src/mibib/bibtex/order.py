"""BibTeX's one rule of entry order: an entry's `crossref` target is read only when it
comes after the entry (btxdoc), so it must follow every entry naming it. Pure."""


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
