"""The layering of docs/architecture.md, held by walking every import of src/mibib.

Function-local imports count (most heavy imports are lazy); imports under
`if TYPE_CHECKING:` do not, since they never run.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
# Imports point down only: a module imports from its own layer's package or a lower layer.
LAYERS = {
    "mibib.__main__": 9,
    "mibib.cli": 8,
    "mibib.console": 7,
    "mibib.export": 7,
    "mibib.importers": 7,
    "mibib.sources": 7,
    "mibib.features": 6,
    "mibib.storage": 5,
    "mibib.library": 4,
    "mibib.bibtex": 3,
    "mibib.taxonomy": 3,
    "mibib.model": 2,
    "mibib.identity": 1,
    "mibib.authors": 1,
    "mibib.latex": 0,
    "mibib.collector": 0,
    "mibib.title_index": 0,
    "mibib.errors": 0,
    "mibib.plural": 0,
    "mibib.json_text": 0,
    "mibib": 0,  # the package itself: __version__
}
NETWORK = ("socket", "ssl", "http.client", "urllib.request", "urllib3", "requests", "httpx")
NETWORK += ("aiohttp", "ftplib", "smtplib", "socketserver", "xmlrpc", "asyncio")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(tree: ast.AST, package: str) -> list[str]:
    """Every module a file imports, `from X import y` also as `X.y` (y may be a module)."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for inner in ast.walk(node))
    names = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return names


def all_imports() -> dict[str, list[str]]:
    found = {}
    for path in sorted((SRC / "mibib").rglob("*.py")):
        module = module_name(path)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        found[module] = imported_names(ast.parse(path.read_text(encoding="utf-8")), package)
    return found


IMPORTS = all_imports()


def within(module: str, *owners: str) -> bool:
    return any(module == owner or module.startswith(owner + ".") for owner in owners)


def layer_of(module: str) -> tuple[str, int]:
    owner = max((name for name in LAYERS if within(module, name)), key=len, default=None)
    assert owner is not None, f"{module} has no layer: add it to LAYERS and docs/architecture.md"
    return owner, LAYERS[owner]


def offenders(imported, allowed) -> list[str]:
    """`importer imports name` for each import matching `imported` outside `allowed`."""
    return [
        f"{module} imports {name}"
        for module, names in IMPORTS.items()
        for name in names
        if imported(name) and not allowed(module)
    ]


def test_the_walk_sees_function_local_imports():
    assert "bibtexparser" in IMPORTS["mibib.bibtex.io"]  # imported inside parse_bibtex
    assert "urllib.request" in IMPORTS["mibib.sources.http"]
    assert "typer" in IMPORTS["mibib.cli.app"]


@pytest.mark.parametrize(
    ("imported", "allowed"),
    [
        pytest.param(
            lambda name: within(name, "bibtexparser"),
            lambda module: within(module, "mibib.bibtex"),
            id="only-bibtex-imports-bibtexparser",
        ),
        pytest.param(
            lambda name: within(name, *NETWORK),
            lambda module: module == "mibib.sources.http",
            id="only-sources-http-opens-sockets",
        ),
        pytest.param(
            lambda name: within(name, "typer"),
            lambda module: within(module, "mibib.cli"),
            id="only-cli-imports-typer",
        ),
        pytest.param(
            lambda name: within(name, "click"),
            lambda module: False,
            id="nothing-imports-click",
        ),
        pytest.param(
            lambda name: within(name, "rich"),
            lambda module: within(module, "mibib.cli", "mibib.console"),
            id="only-cli-and-console-import-rich",
        ),
        pytest.param(
            lambda name: within(name, "mibib.cli"),
            lambda module: within(module, "mibib.cli", "mibib.__main__"),
            id="nothing-below-cli-imports-it",
        ),
    ],
)
def test_imports_stay_where_they_belong(imported, allowed):
    assert offenders(imported, allowed) == []


def test_imports_point_down_the_layers():
    upward = []
    for module, names in IMPORTS.items():
        owner, rank = layer_of(module)
        for name in names:
            if not within(name, "mibib") or within(name, owner):
                continue
            target, target_rank = layer_of(name)
            if target_rank >= rank:
                upward.append(f"{module} (layer {rank}) imports {name} (layer {target_rank})")
    assert upward == []


def test_the_architecture_page_names_every_module_and_layer():
    page = (SRC.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    tree = page.split("## The tree", 1)[1].split("## Layers", 1)[0]
    layers = page.split("## Layers", 1)[1].split("## Where", 1)[0]
    missing = []
    for path in sorted((SRC / "mibib").rglob("*.py")):
        if path.name == "__init__.py":
            path = path.parent
            name = f"{path.name}/"
        else:
            name = path.name
        if path != SRC / "mibib" and name not in tree:
            missing.append(str(path.relative_to(SRC)))
    assert missing == [], "docs/architecture.md's tree does not name these"
    for module in LAYERS:
        word = module.removeprefix("mibib.").removeprefix("__main__")
        assert module in ("mibib", "mibib.__main__") or word in layers, module
