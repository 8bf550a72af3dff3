"""Semantic Scholar Graph API: where an arXiv preprint was published, and its TL;DR.

`fetch_publication` is the only network call (one GET per paper, at most one a
second, bounded retries honouring Retry-After); `parse_publication` takes the
response text, so it is tested offline. Never touches the library.
"""

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from mibib import __version__
from mibib.errors import SourceError

API_ENV = "MIBIB_S2_API"
API_KEY_ENV = "MIBIB_S2_API_KEY"
DEFAULT_API = "https://api.semanticscholar.org"
FIELDS = "venue,year,externalIds,tldr"
USER_AGENT = f"mibib/{__version__} (bibliography manager for curated paper lists)"
TIMEOUT_SECONDS = 20.0
ATTEMPTS = 4
MIN_INTERVAL_SECONDS = 1.0
BACKOFF_SECONDS = 2.0
MAX_WAIT_SECONDS = 60.0
_RETRY_STATUSES = {429, 500, 502, 503, 504}
_last_request = 0.0


@dataclass(frozen=True)
class Publication:
    """What Semantic Scholar knows about a paper: venue, year, DOI and a TL;DR."""

    venue: str = ""
    year: int | None = None
    doi: str | None = None
    tldr: str = ""


def fetch_publication(arxiv_id: str) -> Publication | None:
    """Look a paper up by arXiv id; None when Semantic Scholar does not know it (404)."""
    base = os.environ.get(API_ENV) or DEFAULT_API
    quoted = urllib.parse.quote(f"arXiv:{arxiv_id}", safe=":")
    url = f"{base.rstrip('/')}/graph/v1/paper/{quoted}?fields={FIELDS}"
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if os.environ.get(API_KEY_ENV):
        headers["x-api-key"] = os.environ[API_KEY_ENV]
    what = f"Semantic Scholar lookup of arXiv:{arxiv_id}"
    for attempt in range(1, ATTEMPTS + 1):
        _wait_for_turn()
        try:
            with urllib.request.urlopen(
                urllib.request.Request(url, headers=headers), timeout=TIMEOUT_SECONDS
            ) as response:
                body = response.read().decode("utf-8", errors="replace")
            return parse_publication(body, what)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            if exc.code not in _RETRY_STATUSES or attempt == ATTEMPTS:
                raise SourceError(
                    f"{what} failed: HTTP {exc.code} {exc.reason}"
                    + (
                        " (rate limited: try again later, or set MIBIB_S2_API_KEY)"
                        if exc.code == 429
                        else ""
                    )
                ) from None
            time.sleep(_retry_delay(exc.headers.get("Retry-After"), attempt))
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            if attempt == ATTEMPTS:
                reason = getattr(exc, "reason", exc)
                raise SourceError(f"{what} failed: {reason} (is the network up?)") from None
            time.sleep(_retry_delay(None, attempt))
    raise AssertionError("unreachable")  # the loop returns or raises


def parse_publication(text: str, what: str = "Semantic Scholar response") -> Publication:
    """A Graph API paper object (fields venue, year, externalIds, tldr) to a Publication."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{what}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise SourceError(f"{what}: expected a paper object, got {type(data).__name__}")
    ids = data.get("externalIds") or {}
    tldr = data.get("tldr") or {}
    year = data.get("year")
    return Publication(
        venue=" ".join(str(data.get("venue") or "").split()),
        year=year if isinstance(year, int) else None,
        doi=str(ids["DOI"]).strip() if isinstance(ids, dict) and ids.get("DOI") else None,
        tldr=" ".join(str(tldr.get("text") or "").split()) if isinstance(tldr, dict) else "",
    )


def _wait_for_turn() -> None:
    """At most one request per MIN_INTERVAL_SECONDS, as the public API asks."""
    global _last_request
    pause = _last_request + MIN_INTERVAL_SECONDS - time.monotonic()
    if pause > 0:
        time.sleep(pause)
    _last_request = time.monotonic()


def _retry_delay(retry_after: str | None, attempt: int) -> float:
    if retry_after:
        try:
            return min(max(float(retry_after), 0.0), MAX_WAIT_SECONDS)
        except ValueError:
            pass  # an HTTP date: fall back to the backoff
    return min(BACKOFF_SECONDS * 2 ** (attempt - 1), MAX_WAIT_SECONDS)
