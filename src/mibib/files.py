"""Safe file writes: a lock across read-modify-write, and atomic replacement.

The only module that writes library.bib or taxonomy.toml to disk.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mibib.errors import MibibError

LOCK_TIMEOUT_SECONDS = 60.0


def lock_path(path: Path) -> Path:
    """The lock file beside `path` (hidden, so it stays out of listings)."""
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the file's lock; other mibib processes wait for it, up to `timeout` seconds."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_path(path)), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise MibibError(
            f"{path}: locked by another mibib process for {timeout:.0f} s "
            f"(if none is running, delete {lock_path(path)})"
        ) from None
    except OSError as exc:
        raise MibibError(f"{path}: cannot create the lock file: {exc}") from exc
    try:
        _remove_stale_temp_files(path)
        yield
    finally:
        lock.release()


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so a crash leaves the old file or the new one, never a mix.

    Writes a temp file in the same folder, fsyncs it, keeps the old file's
    permissions, renames it over the original and fsyncs the folder.
    """
    data = text.encode("utf-8")
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise MibibError(f"{path}: cannot write in {folder}: {exc}") from exc
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError):
            raise MibibError(f"{path}: cannot write: {exc}") from exc
        raise
    _fsync_folder(folder)


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files left by a killed writer; safe to delete while we hold the lock."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
