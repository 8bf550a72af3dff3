"""A list's section headings -> category keys, adding categories the taxonomy lacks. Pure.

A heading maps to the category whose key, title or alias it names (Taxonomy.matches;
where several do, as five sections titled "General", to the one whose ancestors the
headings above it name), else to the closest one by edit similarity
(entries.FUZZY_CUTOFF). One that maps to nothing becomes a new category under its parent
heading's category, unless new categories are off: then its entries go to the nearest
ancestor heading that maps.
"""

import re
from dataclasses import dataclass, field

from mibib.importers.entries import NewNode, fuzzy_match
from mibib.taxonomy import Taxonomy, normalize_label

MAX_KEY_LENGTH = 40


@dataclass
class SectionMap:
    """What each section path became, and the categories to add for it."""

    categories: dict[tuple[str, ...], str | None] = field(default_factory=dict)
    new: list[NewNode] = field(default_factory=list)
    fuzzy: dict[str, str] = field(default_factory=dict)  # heading -> key, not exact
    unplaced: list[tuple[str, ...]] = field(default_factory=list)


def map_sections(paths: list[tuple[str, ...]], taxonomy: Taxonomy, allow_new: bool) -> SectionMap:
    """Resolve every path (in order); parents are created only when a child needs them."""
    result = SectionMap()
    taken = set(taxonomy.facet("category"))

    def resolve(path: tuple[str, ...]) -> str | None:
        if not path:
            return None
        if path in result.categories:
            return result.categories[path]
        heading = path[-1]
        key = _closest_in_tree(taxonomy.matches("category", heading), path, taxonomy)
        if key is None:
            key = fuzzy_match(taxonomy, "category", heading)
            if key is not None:
                result.fuzzy[heading] = key
        if key is None:
            parent = resolve(path[:-1])
            if allow_new:
                key = new_key(heading, parent, taken)
                taken.add(key)
                result.new.append(NewNode(key, heading, parent))
            else:
                key = parent
                result.unplaced.append(path)
        result.categories[path] = key
        return key

    for path in paths:
        resolve(path)
    return result


def _closest_in_tree(keys: list[str], path: tuple[str, ...], taxonomy: Taxonomy) -> str | None:
    """Of the categories a heading names, the one whose ancestors the headings above it
    name most, then the one with fewest ancestors they do not name; file order breaks ties.
    So importing a list again puts each section's entries where the first import did."""
    if len(keys) < 2:
        return keys[0] if keys else None
    above = {normalize_label(heading) for heading in path[:-1]}

    def distance(key: str) -> tuple[int, int]:
        named = unnamed = 0
        node = taxonomy.get("category", key)
        while node is not None and node.parent:
            node = taxonomy.get("category", node.parent)
            if node is None:
                break
            labels = {normalize_label(label) for label in (node.key, node.title, *node.aliases)}
            if labels & above:
                named += 1
            else:
                unnamed += 1
        return -named, unnamed

    return min(keys, key=distance)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > MAX_KEY_LENGTH:  # cut at a word boundary
        slug = slug[: MAX_KEY_LENGTH + 1].rsplit("-", 1)[0]
    words = slug.split("-")
    while len(words) > 1 and words[-1] in ("and", "of", "the", "in", "for", "on", "to", "with"):
        words.pop()
    return "-".join(words).strip("-") or "section"


def new_key(heading: str, parent: str | None, taken: set[str]) -> str:
    """The heading's slug; prefixed with its parent's key when another section has it."""
    key = slugify(heading)
    if key in taken and parent:
        key = slugify(f"{parent}-{key}")
    base, number = key, 2
    while key in taken:
        key = f"{base}-{number}"
        number += 1
    return key
