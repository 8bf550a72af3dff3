"""Add nodes to taxonomy.toml text, keeping its comments and layout. Pure: text -> text.

tomlkit edits the document in place, so every existing line stays as it was. A new node
goes after the last node of its parent's subtree, or after the last node of its facet
(`[[category]]`, `[[technique]]`, `[[evaluation]]`), so the file still reads in tree
order and facet by facet.
"""

from mibib.errors import TaxonomyError
from mibib.importers.entries import NewNode


def add_nodes(text: str, nodes: list[NewNode], source: str = "taxonomy.toml") -> str:
    """The taxonomy text with `nodes` added as tables of their facets."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    if not nodes:
        return text
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise TaxonomyError(f"{source}: invalid TOML: {exc}") from None
    for node in nodes:
        if node.facet not in document:
            document.append(node.facet, tomlkit.aot())
        tables = document[node.facet]
        table = tomlkit.table()
        table["key"] = node.key
        table["title"] = node.title
        if node.parent:
            table["parent"] = node.parent
        position = _insert_position(tables, node.parent)
        table.add(tomlkit.nl())
        if position == len(tables) and len(tables):
            _move_trailing_trivia(tables[len(tables) - 1], table)
        tables.insert(position, table)
    return tomlkit.dumps(document)


def _insert_position(tables, parent: str | None) -> int:
    """Just after the parent's last descendant; at the end for a new top-level node."""
    if parent is None:
        return len(tables)
    subtree = {parent}
    position = None
    for index, table in enumerate(tables):
        if table.get("key") == parent:
            position = index + 1
        elif table.get("parent") in subtree and position is not None:
            subtree.add(table.get("key"))
            position = index + 1
    return len(tables) if position is None else position


def _move_trailing_trivia(previous, table) -> None:
    """Comments after the last node (e.g. the next facet's banner) stay below the new one.

    The first blank line stays with `previous`, so the tables keep their spacing.
    """
    from tomlkit.items import Comment, Whitespace

    body = previous.value.body
    moved = []
    while body and body[-1][0] is None and isinstance(body[-1][1], (Comment, Whitespace)):
        moved.insert(0, body.pop())
    while moved and isinstance(moved[0][1], Whitespace):
        body.append(moved.pop(0))
    table.value.body.extend(moved)
