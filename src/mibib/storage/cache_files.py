"""The cache folder and the pickle files in it: stamped with the format and mibib's
version, so a file from another version only costs the work again. Results a command
derives from a whole library are kept here beside its parse cache. Set MIBIB_CACHE_DIR to
move the folder, MIBIB_NO_CACHE=1 to turn caching off.
"""

import contextlib
import hashlib
import itertools
import os
import pickle
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from mibib import __version__
from mibib.collector import paused

# Raised when what is pickled changes shape or home (9: identity.Facts moved to identity.same)
# or what is derived from an entry's text changes (10: DOIs and URLs read through BibTeX's
# escapes, arXiv ids from dblp's `volume = {abs/…}`, biblatex names, spaces in math;
# 11: Paper.written, names joined by commas read as names, number words tell titles apart;
# 12: Paper has slots, short values are shared).
_FORMAT = 12


def cache_dir() -> Path:
    """MIBIB_CACHE_DIR, else the platform's user cache folder for mibib."""
    configured = os.environ.get("MIBIB_CACHE_DIR")
    if configured:
        return Path(configured)
    if sys.platform.startswith("linux"):  # what platformdirs answers, without its import time
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return Path(base) / "mibib"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mibib", appauthor=False))


def enabled() -> bool:
    return os.environ.get("MIBIB_NO_CACHE", "") in ("", "0")


def load_derived(path: Path, digest: str, name: str) -> dict | None:
    """What save_derived stored under `name` for the file's bytes with this digest, else None.

    For results a command derives from the whole library at a cost (the clean
    BibTeX of every entry, say): the next run on the same bytes reads them back."""
    if not enabled():
        return None
    stored = read_pickle(_derived_file(path, name))
    try:
        if stored["stamp"] == (*stamp(), digest) and isinstance(stored["value"], dict):
            return stored["value"]
    except Exception:  # missing, or not of this format: only costs the work again
        pass
    return None


def save_derived(path: Path, digest: str, name: str, value: dict) -> None:
    if enabled():
        write_pickle(_derived_file(path, name), {"stamp": (*stamp(), digest), "value": value})


def save_derived_parts(path: Path, digest: str, name: str, parts: Iterable[dict]) -> bool:
    """save_derived for a large mapping made in parts (dicts), each pickled as it comes:
    neither the mapping nor its pickle is ever whole in memory. False when not stored."""
    if not enabled():
        return False
    header = {"stamp": (*stamp(), digest), "parts": True}
    return write_pickle(_derived_file(path, name), header, more=_parts_end(parts))


def load_derived_parts(path: Path, digest: str, name: str) -> Iterator[dict] | None:
    """The parts save_derived_parts stored under `name` for the file's bytes with this
    digest, read one at a time as they are iterated (an error while reading one raises
    it: the caller works the rest out again); None when there are none."""
    if not enabled():
        return None
    try:
        handle = open(_derived_file(path, name), "rb")  # noqa: SIM115 (closed by _parts)
    except OSError:
        return None
    try:
        with paused():
            header = pickle.load(handle)
        if header["stamp"] == (*stamp(), digest) and header["parts"] is True:
            return _parts(handle)
    except Exception:  # missing, or not of this format: only costs the work again
        pass
    handle.close()
    return None


def _parts(handle) -> Iterator[dict]:
    with handle:
        while True:
            with paused():
                part = pickle.load(handle)
            if part is None:
                return
            yield part


def _parts_end(parts: Iterable[dict]) -> Iterator[dict | None]:
    yield from parts
    yield None  # the end: a file cut short fails to load instead of ending early


def load_kept(path: Path, name: str):
    """What save_kept stored under `name` for this library file, whatever its bytes were
    then (the value says what it was derived from), else None."""
    if not enabled():
        return None
    stored = read_pickle(_derived_file(path, name))
    try:
        return stored["value"] if stored["stamp"] == stamp() else None
    except Exception:  # missing, or not of this format: only costs the work again
        return None


def save_kept(path: Path, name: str, value) -> None:
    if enabled():
        write_pickle(_derived_file(path, name), {"stamp": stamp(), "value": value})


def _derived_file(path: Path, name: str) -> Path:
    key = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:20]
    return cache_dir() / "libraries" / f"{key}.derived-{name}.pickle"


def stamp() -> tuple:
    return (_FORMAT, __version__)


def read_pickle(path: Path, more=None):
    """The object pickled in the file, or None; with `more(first)`, (first, [the objects
    pickled after it])."""
    try:
        with open(path, "rb") as handle, paused():
            first = pickle.load(handle)
            if more is None:
                return first
            return first, [pickle.load(handle) for _ in range(more(first))]
    except Exception:  # missing, truncated, corrupt, or from another version: rebuild
        return None


def write_pickle(path: Path, *objects, more: Iterable = ()) -> bool:
    """Pickle the objects one after the other, then those `more` gives as it gives them
    (each with its own memo: pickling 100k entries at once would hold a table of every
    object written). Failures only cost speed, so they are ignored (False)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with open(temp, "wb") as handle:
                for data in itertools.chain(objects, more):
                    pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
            return True
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
    return False
