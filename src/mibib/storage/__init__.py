"""The collection on disk: load and save library.bib (parse cache, changed-on-disk check),
with the lock and atomic writes of files.py and the file discovery of paths.py.

The only package that reads or writes the library's bytes. Never prints.
"""

from pathlib import Path

from mibib.errors import LibraryFormatError, MibibError
from mibib.library import Library


def load_library(path: Path, use_cache: bool = True) -> Library:
    """Read library.bib; refuse (LibraryFormatError) anything that a save would lose."""
    from mibib.bibtex.io import decode_bibtex
    from mibib.storage.files import read_bytes

    missing = "no library file (run `mibib init`, or pass --library PATH)"
    data = read_bytes(path, missing, LibraryFormatError)
    text = decode_bibtex(data, str(path))
    digest = _digest(data)
    del data  # a large library's bytes need not stay in memory beside its text
    from mibib.storage.cache import ParseCache, enabled

    if not use_cache or not enabled():
        from mibib.library import parse_library

        library = parse_library(text, str(path))
        library.path, library.disk_digest = path, digest
        return library
    cache = ParseCache(path)
    found = cache.load(digest)
    if found is None:
        found = cache.parse(text, digest, str(path))
    papers, spans = found
    return Library(path, text, papers, spans, disk_digest=digest, parse_cache=cache)


def save_library(library: Library) -> None:
    """Write the library atomically and refresh the parse cache; a no-op when unchanged.

    Call it inside `files.locked(library.path)`, with the library loaded inside
    the same lock. If the file changed on disk since it was read (an editor that
    does not take the lock), nothing is written.
    """
    from mibib.storage.files import write_atomic

    if library.path is None or not library.changed:
        return
    if changed_on_disk(library):
        raise MibibError(
            f"{library.path}: changed on disk since mibib read it; "
            "nothing was written (run the command again)"
        )
    library.disk_digest = _digest(write_atomic(library.path, library.text))
    library.changed = False
    from mibib.storage.cache import ParseCache, enabled

    if enabled():
        cache = library.parse_cache or ParseCache(library.path)
        cache.save(library.text, library.disk_digest, library.papers, library.spans)


def changed_on_disk(library: Library) -> bool:
    """Whether the file's bytes differ from those the library was read from."""
    if library.path is None or library.disk_digest is None:
        return False
    try:
        return _digest(library.path.read_bytes()) != library.disk_digest
    except OSError:
        return True


def _digest(data: bytes) -> str:
    """SHA-256 of the file's bytes: the parse cache's key and the changed-on-disk check."""
    import hashlib

    return hashlib.sha256(data).hexdigest()
