"""Find the collection's files: flags, environment, then the nearest folder with a taxonomy."""

import os
from dataclasses import dataclass
from pathlib import Path

LIBRARY_NAME = "library.bib"
TAXONOMY_NAME = "taxonomy.toml"


@dataclass(frozen=True)
class CollectionPaths:
    library: Path
    taxonomy: Path


def find_collection(
    library: Path | None = None, taxonomy: Path | None = None, start: Path | None = None
) -> CollectionPaths:
    """Resolve the two files: explicit paths win, then MIBIB_LIBRARY / MIBIB_TAXONOMY,
    then the current folder or its nearest parent holding a taxonomy.toml."""
    library = library or _env_path("MIBIB_LIBRARY")
    taxonomy = taxonomy or _env_path("MIBIB_TAXONOMY")
    if library is not None and taxonomy is not None:
        return CollectionPaths(library, taxonomy)
    folder = _nearest_folder_with(TAXONOMY_NAME, start or Path.cwd())
    if folder is None and library is not None:
        folder = library.parent
    folder = folder or (start or Path.cwd())
    return CollectionPaths(library or folder / LIBRARY_NAME, taxonomy or folder / TAXONOMY_NAME)


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def _nearest_folder_with(name: str, start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / name).is_file():
            return folder
    return None


def display_path(path: Path) -> str:
    """The path relative to the current folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
