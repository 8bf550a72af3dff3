"""A cache of source answers in the user cache folder, so the same id is not fetched twice.

Entries older than MAX_AGE_DAYS are fetched again (new versions, journal references).
MIBIB_NO_CACHE=1 turns it off; failures to write only cost a request, so they are ignored.
"""

import contextlib
import hashlib
import os
import re
import time
from pathlib import Path

MAX_AGE_DAYS = 30


def load_response(kind: str, name: str) -> str | None:
    """The cached text for `name`, unless missing, stale, or caching is off."""
    from mibib.storage.cache_files import enabled

    if not enabled():
        return None
    path = _path(kind, name)
    try:
        if time.time() - path.stat().st_mtime > MAX_AGE_DAYS * 86400:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def save_response(kind: str, name: str, text: str) -> None:
    from mibib.storage.cache_files import enabled

    if not enabled():
        return
    path = _path(kind, name)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)


def _path(kind: str, name: str) -> Path:
    from mibib.storage.cache_files import cache_dir

    safe = re.sub(r"[^A-Za-z0-9.\-]+", "_", name)[:80]
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return cache_dir() / kind / f"{safe}-{digest}.txt"
