"""A parse cache of library files in the user cache folder.

Keyed on the file's path, size, mtime and content hash, and on mibib's version:
never trusted when stale, rebuilt transparently, safe to delete. Set
MIBIB_CACHE_DIR to move it, MIBIB_NO_CACHE=1 to turn it off.
"""

import contextlib
import hashlib
import os
import pickle
from pathlib import Path

from mibib import __version__
from mibib.model import Paper

_FORMAT = 1


def cache_dir() -> Path:
    """MIBIB_CACHE_DIR, else the platform's user cache folder for mibib."""
    configured = os.environ.get("MIBIB_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mibib", appauthor=False))


def enabled() -> bool:
    return os.environ.get("MIBIB_NO_CACHE", "") in ("", "0")


def load_cached(path: Path, data: bytes) -> tuple[list[Paper], dict] | None:
    """The cached (papers, spans) for exactly these bytes at this path, else None."""
    if not enabled():
        return None
    try:
        with open(_cache_file(path), "rb") as handle:
            stored = pickle.load(handle)
    except Exception:  # missing, truncated, or from another version: rebuild
        return None
    if stored.get("stamp") != _stamp(data):
        return None
    return stored["papers"], stored["spans"]


def save_cached(path: Path, data: bytes, papers: list[Paper], spans: dict) -> None:
    """Store the parse of these bytes; failures only cost speed, so they are ignored."""
    if not enabled():
        return
    target = _cache_file(path)
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        with open(temp, "wb") as handle:
            pickle.dump(
                {"stamp": _stamp(data), "papers": papers, "spans": spans},
                handle,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        os.replace(temp, target)


def _cache_file(path: Path) -> Path:
    name = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:20]
    return cache_dir() / "libraries" / f"{name}.pickle"


def _stamp(data: bytes) -> tuple:
    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    return (_FORMAT, __version__, len(data), digest)
