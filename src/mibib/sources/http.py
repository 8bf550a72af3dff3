"""HTTP GET for the metadata sources: a timeout, bounded retries, a size cap, one error type.

The only module that opens network connections (standard library urllib); `arxiv.fetch`
and `doi.fetch` call `get`. Every failure leaves here as a SourceError that says what
failed and what to try. Settings come from the environment so tests can shrink them.
"""

import contextlib
import email.utils
import http.client
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mibib import __version__
from mibib.errors import SourceError

MAX_BYTES = 5 * 1024 * 1024
# The clock that spaces requests and waits between retries; tests put a fake one here.
now: Callable[[], float] = time.time
sleep: Callable[[float], None] = time.sleep
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
PROJECT_URL = "https://pypi.org/project/mibib/"
# What to do when a lookup fails, said after the failure; a command may pass its own.
OFFLINE_HINT = (
    "try again later, or add the entry offline with --bibtex FILE or --title/--author/--year"
)
RETRY_HINT = "try again later; nothing was changed"


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes


def user_agent() -> str:
    """A descriptive User-Agent, as arXiv and Crossref ask; MIBIB_CONTACT adds a mailto."""
    contact = os.environ.get("MIBIB_CONTACT", "").strip()
    suffix = f"; mailto:{contact}" if contact else ""
    return f"mibib/{__version__} (+{PROJECT_URL}{suffix})"


def seconds_setting(name: str, default: float, unit: str = "seconds") -> float:
    """A non-negative number (of seconds) from the environment, else `default`."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number < 0:
        raise SourceError(f"{name}={value!r} is not a number of {unit} (unset it or fix it)")
    return number


def retry_delay(attempt: int, retry_after: str | None, base: float, cap: float) -> float:
    """Seconds to wait before retry `attempt` (0-based): Retry-After if given, else
    exponential backoff from `base`; never more than `cap`. Pure."""
    delay = base * (2**attempt)
    if retry_after:
        retry_after = retry_after.strip()
        if retry_after.isdigit():
            delay = float(retry_after)
        else:
            with contextlib.suppress(TypeError, ValueError):
                when = email.utils.parsedate_to_datetime(retry_after).timestamp()
                delay = max(0.0, when - now())
    return min(max(delay, 0.0), cap)


def get(
    url: str,
    *,
    what: str,
    accept: str,
    gate: Callable[[], contextlib.AbstractContextManager] | None = None,
    hint: str = OFFLINE_HINT,
) -> Response:
    """GET `url`; retries 429/5xx with backoff. Returns any other answer, 2xx or 4xx.

    `what` names the lookup in messages ("arXiv lookup for 2407.02646") and `hint`
    ends them; `gate` wraps each attempt (arXiv's one-request-every-three-seconds rule).
    """
    timeout = seconds_setting("MIBIB_HTTP_TIMEOUT", 30.0)
    retries = int(seconds_setting("MIBIB_HTTP_RETRIES", 3, unit="retries"))
    base = seconds_setting("MIBIB_HTTP_RETRY_DELAY", 1.0)
    cap = seconds_setting("MIBIB_HTTP_MAX_DELAY", 60.0)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": accept})
    for attempt in range(retries + 1):
        with gate() if gate else contextlib.nullcontext():
            response, retry_after = _attempt(request, timeout, what, hint)
        if response.status not in RETRY_STATUSES:
            return response
        if attempt == retries:
            break
        sleep(retry_delay(attempt, retry_after, base, cap))
    raise SourceError(f"{what} failed: HTTP {response.status} after {retries + 1} attempts; {hint}")


def _attempt(request: urllib.request.Request, timeout: float, what: str, hint: str):
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return _read(answer, answer.status, what, hint), None
    except urllib.error.HTTPError as error:
        with error:
            return _read(error, error.code, what, hint), error.headers.get("Retry-After")
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise _timeout(what, timeout, hint) from exc
        raise SourceError(f"{what} failed: cannot connect ({reason}); {hint}") from exc
    except TimeoutError as exc:
        raise _timeout(what, timeout, hint) from exc
    except (http.client.HTTPException, OSError) as exc:
        detail = type(exc).__name__ if not str(exc) else str(exc)
        raise SourceError(f"{what} failed: broken answer ({detail}); {hint}") from exc


def _read(answer, status: int, what: str, hint: str) -> Response:
    """The body, refused beyond MAX_BYTES (a runaway answer must not fill memory)."""
    declared = answer.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise _too_large(what, hint)
    body = answer.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise _too_large(what, hint)
    if declared.isdigit() and len(body) < int(declared):
        raise SourceError(
            f"{what} failed: broken answer (connection closed after {len(body)} of "
            f"{declared} bytes); {hint}"
        )
    return Response(status, body)


def _timeout(what: str, timeout: float, hint: str) -> SourceError:
    return SourceError(f"{what} failed: no answer within {timeout:g} s; {hint}")


def _too_large(what: str, hint: str) -> SourceError:
    return SourceError(
        f"{what} failed: the answer is larger than {MAX_BYTES // 1024 // 1024} MB; {hint}"
    )


@contextlib.contextmanager
def spaced(name: str, interval: float) -> Iterator[None]:
    """Hold `name`'s lock and wait until `interval` seconds have passed since the last
    request, across processes: the time is kept in the cache folder."""
    if interval <= 0:
        yield
        return
    from filelock import FileLock, Timeout

    from mibib.storage.cache_files import cache_dir

    folder = cache_dir() / "http"
    stamp = folder / f"{name}.last"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(folder / f"{name}.lock"), timeout=max(60.0, interval * 10))
        lock.acquire()
    except (OSError, Timeout):  # an unusable cache folder only loses the spacing between processes
        lock = None
    try:
        with contextlib.suppress(OSError, ValueError):
            wait = float(stamp.read_text()) + interval - now()
            if wait > 0:
                sleep(min(wait, interval))
        yield
    finally:
        with contextlib.suppress(OSError):
            stamp.write_text(repr(now()))
        if lock is not None:
            lock.release()
