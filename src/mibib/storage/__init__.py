"""The collection on disk: load and save library.bib (parse cache, changed-on-disk check),
with the lock and atomic writes of files.py and the file discovery of paths.py.

The only package that reads or writes the library's bytes. Never prints.
"""

from pathlib import Path

from mibib.errors import LibraryChangedError, LibraryFormatError, MibibError
from mibib.library import Library
from mibib.storage.files import BlockDigest

# A file this size or smaller keeps its bytes as read, for a command that needs its text;
# a larger one is read again (and must not have changed meanwhile).
KEEP_BYTES = 64_000_000


def load_library(path: Path, use_cache: bool = True) -> Library:
    """Read library.bib; refuse (LibraryFormatError) anything that a save would lose.

    When the parse cache knows the file's bytes, its text is not decoded until a
    command asks for it (most only read entries); after an edit, only the text around
    what changed is decoded and parsed. A large library's text and bytes need not sit
    in memory beside its entries.
    """
    from mibib.storage.cache import BOM, ParseCache
    from mibib.storage.cache_files import enabled

    data = _read(path)
    blocks = BlockDigest.of(data)
    digest = blocks.hexdigest()
    if not (use_cache and enabled()):
        from mibib.bibtex.io import decode_bibtex
        from mibib.library import parse_library

        library = parse_library(decode_bibtex(data, str(path)), str(path))
        library.path, library.disk_digest = path, digest
        return library
    large = len(data) > KEEP_BYTES
    if large:
        del data  # not beside the stored entries while they are read
    cache = ParseCache(path)
    found = cache.load(digest)
    if found is None:
        if large:  # read again, for the pieces an edit changed
            data = _read(path)
            blocks = BlockDigest.of(data)
            digest = blocks.hexdigest()
        found = cache.update(data, blocks.all_blocks(), digest, str(path))
    if found is None:
        from mibib.bibtex.io import decode_bibtex

        text = decode_bibtex(data, str(path))
        bom = len(BOM) if data.startswith(BOM) else 0
        if large:
            del data  # a large library's bytes need not stay in memory beside its text
        found = cache.parse(text, digest, blocks.all_blocks(), str(path), bom)
        if not large:
            cache.write()
            papers, spans = found
            return Library(path, text, papers, spans, disk_digest=digest, parse_cache=cache)
        del text  # most commands only read entries: read again if one needs the text
        cache.write()  # the entries pickled without the text beside them
    papers, spans = found
    if large:
        data = None  # read again if a command needs the text
        read_text = lambda: _read_text(path, digest)  # noqa: E731
    else:  # the bytes as read: the text is the one the entries come from
        read_text = lambda: _decoded(data, path)  # noqa: E731
    return Library(
        path, None, papers, spans, disk_digest=digest, parse_cache=cache, read_text=read_text
    )


def _decoded(data: bytes, path: Path) -> str:
    from mibib.bibtex.io import decode_bibtex

    return decode_bibtex(data, str(path))


def _read(path: Path) -> bytes:
    from mibib.storage.files import read_bytes

    missing = "no library file (run `mibib init`, or pass --library PATH)"
    return read_bytes(path, missing, LibraryFormatError)


def _read_text(path: Path, digest: str) -> list[str]:
    """The text of the bytes a library was loaded from (read again when first needed), a
    few megabytes at a time: its bytes and text are never whole in memory at once."""
    from mibib.bibtex.io import decode_bibtex_chunks

    blocks = BlockDigest()
    parts = decode_bibtex_chunks(_read_chunks(path, blocks), str(path))
    if blocks.hexdigest() != digest:
        raise LibraryChangedError(
            f"{path}: changed on disk while mibib was reading it; nothing was written "
            "(run the command again)"
        )
    return parts


def _read_chunks(path: Path, digest, size: int = 1 << 23):
    """The file's bytes a chunk at a time, each fed to `digest` as well."""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(size):
                digest.update(chunk)
                yield chunk
    except OSError as exc:
        raise MibibError(f"{path}: cannot read: {exc}") from exc


def save_library(library: Library) -> None:
    """Write the library atomically and refresh the parse cache; a no-op when unchanged.

    Call it inside `files.locked(library.path)`, with the library loaded inside
    the same lock. If the file changed on disk since it was read (an editor that
    does not take the lock), nothing is written.
    """
    from mibib.storage.files import write_atomic_chunks

    if library.path is None or not library.changed:
        return
    if changed_on_disk(library):
        raise MibibError(
            f"{library.path}: changed on disk since mibib read it; "
            "nothing was written (run the command again)"
        )
    # Written and cached a megabyte at a time, from the parts an edit left: neither the
    # text as one string nor its bytes need to be in memory.
    blocks = BlockDigest()
    library.disk_digest = write_atomic_chunks(library.path, library.text_chunks(), blocks)
    library.changed = False
    path, digest = library.path, library.disk_digest
    library.read_text = lambda: _read_text(path, digest)  # the text as written, if let go of
    from mibib.storage.cache import ParseCache
    from mibib.storage.cache_files import enabled

    if enabled():
        cache = library.parse_cache or ParseCache(library.path)
        cache.hold()
        cache.save(
            library.text_chunks(), digest, blocks.all_blocks(), library.papers, library.spans
        )
        if blocks.size > KEEP_BYTES:
            library.release_text()  # a large library's entries pickled without the text beside
        cache.write()


def entry_fingerprints(library: Library) -> list | None:
    """Per entry (in the order of library.papers), a digest of all its reading depends on
    (its text, the @string definitions): what is derived from one entry alone, such as
    its search words, holds while its fingerprint does. None without the parse cache,
    or when the library holds changes not saved."""
    cache = library.parse_cache
    if cache is None or library.changed or library.disk_digest is None:
        return None
    return cache.entry_digests(library.disk_digest, library.papers, library.spans)


def changed_on_disk(library: Library) -> bool:
    """Whether the file's bytes differ from those the library was read from."""
    if library.path is None or library.disk_digest is None:
        return False
    try:
        digest = BlockDigest()
        for _ in _read_chunks(library.path, digest):
            pass
    except MibibError:
        return True
    return digest.hexdigest() != library.disk_digest
