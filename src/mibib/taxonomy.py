"""Load and validate taxonomy.toml; resolve user spellings to keys; suggest tags.

Pure apart from `load_taxonomy` and `read_taxonomy`, which read the file. Never prints.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from mibib.errors import TaxonomyError, UnknownTagError
from mibib.model import CATEGORY, FACET_NAMES, FACETS

# README table columns: each facet after the categories is a column of its own.
TAG_COLUMNS = tuple(facet.plural for facet in FACETS[1:])
DEFAULT_COLUMNS = ("paper", *TAG_COLUMNS, "tldr")
KNOWN_COLUMNS = ("paper", "tool", *TAG_COLUMNS, "venue", "year", "authors", "tldr")
DEFAULT_SORT = ("-year", "title")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_NODE_FIELDS = {"key", "title", "parent", "description", "aliases", "keywords", "columns", "sort"}
_TABLE_HEADER = re.compile(rf"^[ \t]*\[\[[ \t]*({'|'.join(FACET_NAMES)})[ \t]*\]\]", re.MULTILINE)


@dataclass
class Node:
    """One taxonomy node: a category, a technique or an evaluation."""

    key: str
    title: str
    facet: str
    parent: str | None = None
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    sort: list[str] = field(default_factory=list)
    line: int = 0

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "facet": self.facet,
            "parent": self.parent,
            "aliases": list(self.aliases),
            "description": self.description or None,
            "keywords": list(self.keywords),
        }


@dataclass
class Taxonomy:
    """Each facet (model.FACETS) an ordered tree of nodes, plus collection settings."""

    nodes: dict[str, dict[str, Node]]
    title: str = ""
    description: str = ""
    columns: list[str] = field(default_factory=lambda: list(DEFAULT_COLUMNS))
    sort: list[str] = field(default_factory=lambda: list(DEFAULT_SORT))

    def facet(self, facet: str) -> dict[str, Node]:
        return self.nodes[facet]

    def get(self, facet: str, key: str) -> Node | None:
        return self.nodes[facet].get(key)

    def children(self, facet: str, key: str | None) -> list[Node]:
        """Direct children in file order; `None` gives the roots."""
        return [node for node in self.nodes[facet].values() if node.parent == key]

    def descendants(self, facet: str, key: str) -> set[str]:
        """The node's key and every key below it."""
        found, stack = set(), [key]
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.add(current)
            stack.extend(node.key for node in self.children(facet, current))
        return found

    def depth(self, facet: str, key: str) -> int:
        depth, node = 0, self.nodes[facet][key]
        while node.parent:
            depth += 1
            node = self.nodes[facet][node.parent]
        return depth

    def walk(self, facet: str) -> list[Node]:
        """All nodes of a facet, depth first, siblings in file order."""
        ordered: list[Node] = []

        def visit(parent: str | None) -> None:
            for node in self.children(facet, parent):
                ordered.append(node)
                visit(node.key)

        visit(None)
        return ordered

    def resolve(self, facet: str, value: str) -> str:
        """Map a key, title or alias (any case, punctuation ignored) to the key.

        Raises UnknownTagError with a did-you-mean suggestion when nothing matches, and
        with the keys to choose from when a title names several nodes.
        """
        if value in self.nodes[facet]:
            return value
        keys = self.matches(facet, value)
        if len(keys) > 1:  # five sections titled "General": the user must say which
            shown = ", ".join(keys[:5]) + (", …" if len(keys) > 5 else "")
            raise UnknownTagError(
                f"{facet} '{value}' could be any of {len(keys)}: {shown}; give the key"
            )
        if keys:
            return keys[0]
        raise UnknownTagError(self.unknown_message(facet, value))

    def resolve_keys(self, facet: str, values: list[str] | None) -> list[str]:
        """User spellings (each may list several, comma-separated) to keys, in order, once
        each; an unknown one raises UnknownTagError with a suggestion."""
        keys: list[str] = []
        for value in values or []:
            for part in value.split(","):
                if part.strip():
                    key = self.resolve(facet, part.strip())
                    if key not in keys:
                        keys.append(key)
        return keys

    def match(self, facet: str, value: str) -> str | None:
        """Exact match on key, title or alias after normalising; None when nothing matches."""
        if value in self.nodes[facet]:
            return value
        found = self.matches(facet, value)
        return found[0] if found else None

    def matches(self, facet: str, value: str) -> list[str]:
        """Every key whose node's key, title or alias is `value` after normalising, in
        file order (several sections may share a title such as "General")."""
        wanted = normalize_label(value)
        if not wanted:
            return []  # punctuation or emoji alone names nothing
        return [
            node.key
            for node in self.nodes[facet].values()
            if wanted in (normalize_label(node.key), normalize_label(node.title))
            or any(wanted == normalize_label(alias) for alias in node.aliases)
        ]

    def suggest(self, facet: str, value: str, cutoff: float = 60) -> str | None:
        """The closest key by fuzzy match over keys, titles and aliases."""
        from rapidfuzz import fuzz, process, utils

        choices, owners = [], []
        for node in self.nodes[facet].values():
            for label in (node.key, node.title, *node.aliases):
                choices.append(label)
                owners.append(node.key)
        best = process.extractOne(
            value, choices, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=cutoff
        )
        return owners[best[2]] if best else None

    def unknown_message(self, facet: str, value: str) -> str:
        hint = self.suggest(facet, value)
        label = facet
        if hint:
            return f"unknown {label} '{value}' (did you mean '{hint}'?)"
        return f"unknown {label} '{value}' (see `mibib taxonomy` for the keys)"

    def suggest_categories(self, text: str, limit: int = 3) -> list[str]:
        """Categories whose keywords occur in the text, most hits first, leaves preferred."""
        lowered = f" {normalize_text(text)} "
        scored = []
        for node in self.nodes[CATEGORY].values():
            hits = sum(1 for word in node.keywords if f" {normalize_text(word)} " in lowered)
            if hits:
                scored.append((-hits, -self.depth(CATEGORY, node.key), node.key))
        return [key for *_, key in sorted(scored)[:limit]]

    def to_list(self) -> list[dict]:
        return [node.to_dict() for facet in FACET_NAMES for node in self.walk(facet)]


def normalize_label(value: str) -> str:
    """Compare labels ignoring case, spacing and punctuation ("Logit Lens" == "logit-lens");
    letters of every script count ("多模态" is not "经典模型")."""
    return re.sub(r"[\W_]+", "", value.lower())


def normalize_text(value: str) -> str:
    return " ".join(re.findall(r"[0-9a-z]+", value.lower()))


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and validate taxonomy.toml; every problem names the file and line."""
    return parse_taxonomy(read_taxonomy(path), str(path))


def read_taxonomy(path: Path) -> str:
    """taxonomy.toml's text; a missing or unreadable file is a TaxonomyError."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaxonomyError(
            f"{path}: no taxonomy file (run `mibib init`, or pass --taxonomy PATH)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{path}: cannot read the taxonomy: {exc}") from exc


def parse_taxonomy(text: str, source: str = "taxonomy.toml") -> Taxonomy:
    """Validate taxonomy TOML text; errors read `source:LINE: problem`."""
    import tomllib  # here, not at the top: a warm command reads the parse cache instead

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f"{source}:{line.group(1)}" if line else source
        raise TaxonomyError(f"{where}: invalid TOML: {exc}") from None
    header_lines: dict[str, list[int]] = {facet: [] for facet in FACET_NAMES}
    for match in _TABLE_HEADER.finditer(text):
        header_lines[match.group(1)].append(text.count("\n", 0, match.start()) + 1)

    settings = data.get("collection", {})
    taxonomy = Taxonomy(
        nodes={facet: {} for facet in FACET_NAMES},
        title=str(settings.get("title", "")),
        description=str(settings.get("description", "")),
        columns=list(settings.get("columns", DEFAULT_COLUMNS)),
        sort=list(settings.get("sort", DEFAULT_SORT)),
    )
    unknown_tables = set(data) - {*FACET_NAMES, "collection"}
    if unknown_tables:
        name = sorted(unknown_tables)[0]
        tables = ", ".join(f"[[{facet}]]" for facet in FACET_NAMES)
        raise TaxonomyError(f"{source}: unknown table '{name}' (expected {tables} or [collection])")
    for facet in FACET_NAMES:
        tables = data.get(facet, [])
        if not isinstance(tables, list):
            raise TaxonomyError(f"{source}: '{facet}' must be an array of tables ([[{facet}]])")
        lines = header_lines[facet] + [0] * len(tables)
        for index, table in enumerate(tables):
            node = _parse_node(table, facet, lines[index], source)
            where = f"{source}:{node.line}"
            if node.key in taxonomy.nodes[facet]:
                first = taxonomy.nodes[facet][node.key].line
                raise TaxonomyError(
                    f"{where}: duplicate {facet} key '{node.key}' (first defined on line {first})"
                )
            taxonomy.nodes[facet][node.key] = node
        _check_parents(taxonomy, facet, source)
    _check_columns(taxonomy, source)
    return taxonomy


def _parse_node(table: dict, facet: str, line: int, source: str) -> Node:
    where = f"{source}:{line}"
    extra = set(table) - _NODE_FIELDS
    if extra:
        raise TaxonomyError(
            f"{where}: unknown field '{sorted(extra)[0]}' in [[{facet}]] "
            f"(fields: {', '.join(sorted(_NODE_FIELDS))})"
        )
    key = table.get("key")
    if not isinstance(key, str) or not _SLUG.match(key):
        raise TaxonomyError(
            f"{where}: [[{facet}]] needs key = a slug of lower-case letters, digits and '-' "
            f"(got {key!r})"
        )
    title = table.get("title")
    if not isinstance(title, str) or not title.strip():
        raise TaxonomyError(f"{where}: {facet} '{key}' needs a title")
    for name in ("aliases", "keywords", "columns", "sort"):
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise TaxonomyError(f"{where}: {facet} '{key}': {name} must be a list of strings")
    parent = table.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise TaxonomyError(f"{where}: {facet} '{key}': parent must be a key")
    return Node(
        key=key,
        title=title.strip(),
        facet=facet,
        parent=parent,
        description=str(table.get("description", "")),
        aliases=list(table.get("aliases", [])),
        keywords=list(table.get("keywords", [])),
        columns=list(table.get("columns", [])),
        sort=list(table.get("sort", [])),
        line=line,
    )


def _check_parents(taxonomy: Taxonomy, facet: str, source: str) -> None:
    nodes = taxonomy.nodes[facet]
    for node in nodes.values():
        if node.parent is not None and node.parent not in nodes:
            hint = ""
            if nodes:
                suggestion = taxonomy.suggest(facet, node.parent)
                hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            raise TaxonomyError(
                f"{source}:{node.line}: {facet} '{node.key}' has unknown parent "
                f"'{node.parent}'{hint}"
            )
    for node in nodes.values():
        path, current = [node.key], node
        while current.parent is not None:
            if current.parent in path:
                raise TaxonomyError(
                    f"{source}:{node.line}: {facet} '{node.key}' is part of a parent cycle "
                    f"({' -> '.join([*path, current.parent])})"
                )
            path.append(current.parent)
            current = nodes[current.parent]


def _check_columns(taxonomy: Taxonomy, source: str) -> None:
    nodes = [None, *taxonomy.nodes[CATEGORY].values()]
    for node in nodes:
        columns = taxonomy.columns if node is None else node.columns
        for column in columns:
            if column not in KNOWN_COLUMNS:
                line = f":{node.line}" if node else ""
                raise TaxonomyError(
                    f"{source}{line}: unknown column '{column}' "
                    f"(columns: {', '.join(KNOWN_COLUMNS)})"
                )
