"""A local HTTP server replaying recorded source answers, and misbehaving on cue.

`/api/query?id_list=...` answers from tests/data/arxiv (several ids: their entries merged
into one feed; unknown ids: the recorded empty feed). `/doi/<DOI>` redirects (302) to
`/transform/<DOI>`, which answers tests/data/doi/<DOI with / as _>.bib as BibTeX, like
doi.org and Crossref. `/graph/v1/paper/<ID>` answers tests/data/s2/<ID with : as _>.json,
else Semantic Scholar's recorded 404. Behaviours queued in `script` answer the next
requests instead. A new source's recorded answer goes in tests/data/<source>/ with
a branch here.
"""

import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data"
ARXIV_FILES = {
    "1404.1899": "1404.1899.xml",
    "1605.08386": "1605.08386.xml",
    "astro-ph/0601001": "astro-ph_0601001.xml",
    "hep-ex/0307015": "search-all-electron.xml",
}
EMPTY_FEED = "empty-0000.0000.xml"
_ENTRY = re.compile(rb"\s*<entry\b.*?</entry>", re.DOTALL)

Behaviour = Callable[[BaseHTTPRequestHandler], None]


def arxiv_file(name: str) -> bytes:
    return (DATA / "arxiv" / name).read_bytes()


def feed_for(ids: list[str]) -> bytes:
    """The recorded answer for one id, byte for byte; for several, one feed of their entries."""
    known = [ARXIV_FILES[i] for i in ids if i in ARXIV_FILES]
    if not known:
        return arxiv_file(EMPTY_FEED)
    first = arxiv_file(known[0])
    extra = b"".join(_portable_entry(arxiv_file(name)) for name in known[1:])
    closing = first.rindex(b"</feed>")
    return first[:closing].rstrip() + extra + b"\n</feed>\n"


def respond(status: int, body: bytes = b"", headers: dict | None = None) -> Behaviour:
    def behave(handler):
        handler.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return behave


def slow(seconds: float) -> Behaviour:
    def behave(handler):
        time.sleep(seconds)
        respond(200, arxiv_file(EMPTY_FEED))(handler)

    return behave


def cut_short(body: bytes, declared: int) -> Behaviour:
    """Declares `declared` bytes but sends `body` and closes: a connection dropped mid-answer."""

    def behave(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(declared))
        handler.end_headers()
        handler.wfile.write(body)
        handler.close_connection = True

    return behave


def endless(megabytes: int) -> Behaviour:
    """A body of `megabytes` MB with no Content-Length (ends when the connection closes)."""

    def behave(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/atom+xml")
        handler.end_headers()
        chunk = b"<feed>" + b"x" * (1024 * 1024)
        try:
            for _ in range(megabytes):
                handler.wfile.write(chunk)
        except OSError:  # the client stopped reading at its cap
            pass

    return behave


def _portable_entry(feed: bytes) -> bytes:
    """An entry cut from its feed, declaring the arXiv namespace it may have inherited."""
    entry = _ENTRY.search(feed).group()
    if b"xmlns:arxiv" not in entry.split(b">", 1)[0]:
        entry = entry.replace(b"<entry", b'<entry xmlns:arxiv="http://arxiv.org/schemas/atom"', 1)
    return entry


class _Handler(BaseHTTPRequestHandler):
    server: "FixtureServer"

    def log_message(self, format, *args):  # quiet test output
        pass

    def do_GET(self):
        parsed = urllib.parse.urlsplit(self.path)
        self.server.requests.append(
            {"path": parsed.path, "query": parsed.query, "time": time.monotonic(), **self.headers}
        )
        if self.server.script:
            self.server.script.pop(0)(self)
        elif parsed.path == "/api/query":
            ids = urllib.parse.parse_qs(parsed.query).get("id_list", [""])[0].split(",")
            ids = [re.sub(r"v\d+$", "", i) for i in ids if i]
            respond(200, feed_for(ids), {"Content-Type": "application/atom+xml"})(self)
        elif parsed.path.startswith("/doi/"):
            target = "/transform/" + parsed.path[len("/doi/") :]
            respond(302, b"", {"Location": target})(self)
        elif parsed.path.startswith("/transform/"):
            doi = urllib.parse.unquote(parsed.path[len("/transform/") :])
            path = DATA / "doi" / f"{doi.replace('/', '_')}.bib"
            if path.is_file():
                respond(200, path.read_bytes(), {"Content-Type": "application/x-bibtex"})(self)
            else:
                respond(404, b"DOI Not Found", {"Content-Type": "text/html"})(self)
        elif parsed.path.startswith("/graph/v1/paper/"):
            paper = urllib.parse.unquote(parsed.path.rsplit("/", 1)[-1]).replace(":", "_")
            path = DATA / "s2" / f"{paper}.json"
            found = path if path.is_file() else DATA / "s2" / "paper-not-found-404.json"
            headers = {"Content-Type": "application/json"}
            respond(200 if path.is_file() else 404, found.read_bytes(), headers)(self)
        else:
            respond(404, b"not found")(self)


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []
        self.script: list[Behaviour] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def handle_error(self, request, client_address) -> None:
        """Clients hang up on purpose (size cap, timeouts): nothing to report."""

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def arxiv_requests(self) -> list[dict]:
        return [r for r in self.requests if r["path"] == "/api/query"]


def start(monkeypatch) -> FixtureServer:
    """Start a server and point mibib's sources at it, with tiny timeouts and delays."""
    server = FixtureServer()
    for name, value in {
        "MIBIB_ARXIV_API": f"{server.url}/api/query",
        "MIBIB_DOI_API": f"{server.url}/doi",
        "MIBIB_S2_API": server.url,
        "MIBIB_ARXIV_INTERVAL": "0",
        "MIBIB_S2_INTERVAL": "0",
        "MIBIB_HTTP_TIMEOUT": "2",
        "MIBIB_HTTP_RETRIES": "2",
        "MIBIB_HTTP_RETRY_DELAY": "0.01",
        "MIBIB_HTTP_MAX_DELAY": "0.05",
    }.items():
        monkeypatch.setenv(name, value)
    return server


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
