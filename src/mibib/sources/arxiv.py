"""arXiv: recognise pasted ids (pure), parse the API's Atom feed (pure), and `fetch`.

`fetch` is the only function here that reaches the network (through `http.get`): up to
BATCH_SIZE ids a request, at most one request every MIBIB_ARXIV_INTERVAL seconds (3 by
default, as arXiv's terms ask, across processes), answers cached per id. A source of
`add` (see sources/__init__.py), of `update` and of `import --fetch`.
"""

import json
import os
import sys
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from mibib.authors import format_authors
from mibib.errors import SourceError, UsageError
from mibib.identity.ids import find_arxiv_id, parse_arxiv_id, parse_doi
from mibib.latex import escape_bibtex
from mibib.model import Paper
from mibib.sources import Lookup

KIND = "an arXiv id"
HINT = "an arXiv id (2407.02646, hep-th/9901001)"

API_URL = "https://export.arxiv.org/api/query"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
# Archives of old-style ids (before April 2007), as listed by arXiv.
OLD_ARCHIVES = frozenset({
    "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an", "chao-dyn",
    "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an", "gr-qc", "hep-ex",
    "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th", "nlin", "nucl-ex", "nucl-th",
    "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph", "solv-int", "supr-con",
})  # fmt: skip
_CACHE_FORMAT = 1
# arXiv's API takes a list of ids; its guidance keeps a request to a modest number.
BATCH_SIZE = 100


@dataclass
class ArxivRecord:
    """What the arXiv API says about one paper, whitespace normalised."""

    arxiv_id: str
    version: str = ""
    title: str = ""
    abstract: str = ""
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    primary_category: str = ""
    doi: str = ""
    journal_ref: str = ""


def recognise(text: str) -> Lookup | None:
    """An arXiv id, abs/pdf URL or arXiv DOI (10.48550/arXiv.ID); UsageError for an id
    with no such archive, month or number length."""
    parsed = normalise_arxiv_id(text)
    doi = parse_doi(text)
    if parsed is None and doi and find_arxiv_id(doi):
        parsed = normalise_arxiv_id(find_arxiv_id(doi) or "")
    if parsed is not None:
        return Lookup(sys.modules[__name__], text, parsed, arxiv=parsed[0])
    if parse_arxiv_id(text) is not None:
        raise UsageError(
            f"{text!r} is not a valid arXiv id (no such archive, month or number length)",
            "SOURCES",
        )
    return None


def fetch_papers(lookups: list[Lookup]) -> list[Paper]:
    """Entries for the lookups, all in one request (ids already cached cost none)."""
    records = fetch([lookup.value for lookup in lookups])
    return [record_to_paper(records[lookup.value]) for lookup in lookups]


def normalise_arxiv_id(text: str) -> tuple[str, str] | None:
    """(id, version) for a well-formed arXiv id or URL, else None. Pure.

    Stricter than `ids.parse_arxiv_id`: the month must exist, new-style numbers have
    four digits before 2015 and five since, old-style archives must be real ones.
    """
    parsed = parse_arxiv_id(text)
    if parsed is None:
        return None
    arxiv_id, version = parsed
    if "/" in arxiv_id:
        archive, number = arxiv_id.split("/")
        year, month = int(number[:2]), int(number[2:4])
        if archive.split(".")[0] not in OLD_ARCHIVES or not 1 <= month <= 12:
            return None
        if 8 <= year <= 90 or (year == 7 and month > 3):
            return None
        return arxiv_id, version
    prefix, number = arxiv_id.split(".")
    year, month = int(prefix[:2]), int(prefix[2:])
    if not 1 <= month <= 12 or (year, month) < (7, 4):
        return None
    if (len(number) == 5) != ((year, month) >= (15, 1)):
        return None
    return arxiv_id, version


def parse_feed(data: bytes | str) -> list[ArxivRecord]:
    """The entries of an API answer. Raises SourceError for the error feed, for
    answers that are not Atom, and for XML that declares entities (bombs). Pure."""
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException

    try:
        root = safe_xml.fromstring(data)
    except DefusedXmlException as exc:
        raise SourceError(
            f"arXiv's answer declares XML entities or a DTD ({type(exc).__name__}), refused "
            "as unsafe; try again later, or use --bibtex FILE"
        ) from exc
    except ParseError as exc:
        raise SourceError(
            f"arXiv's answer is not valid XML ({exc}); try again later, or use --bibtex FILE"
        ) from exc
    if root.tag != f"{ATOM}feed":
        raise SourceError("arXiv's answer is not an Atom feed; check MIBIB_ARXIV_API")
    records = []
    for entry in root.findall(f"{ATOM}entry"):
        title = _text(entry, f"{ATOM}title")
        if title == "Error" or "/api/errors" in _text(entry, f"{ATOM}id"):
            message = _text(entry, f"{ATOM}summary") or "unknown error"
            raise SourceError(f"arXiv refused the request: {message}")
        records.append(_parse_entry(entry, title))
    return records


def _parse_entry(entry, title: str) -> ArxivRecord:
    parsed = parse_arxiv_id(_text(entry, f"{ATOM}id"))
    if parsed is None:
        raise SourceError(f"arXiv's answer has an entry without an arXiv id ({title!r})")
    primary = entry.find(f"{ARXIV}primary_category")
    published = _text(entry, f"{ATOM}published")
    return ArxivRecord(
        arxiv_id=parsed[0],
        version=parsed[1],
        title=title,
        abstract=_text(entry, f"{ATOM}summary"),
        authors=[_text(author, f"{ATOM}name") for author in entry.findall(f"{ATOM}author")],
        year=int(published[:4]) if published[:4].isdigit() else None,
        primary_category=primary.get("term", "") if primary is not None else "",
        doi=_text(entry, f"{ARXIV}doi"),
        journal_ref=_text(entry, f"{ARXIV}journal_ref"),
    )


def _text(element, tag: str) -> str:
    found = element.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def record_to_paper(record: ArxivRecord) -> Paper:
    """An entry in arXiv's own BibTeX export style; @article once it has a journal or DOI."""
    fields = {
        "title": escape_bibtex(record.title),
        "author": format_authors(record.authors),
        "year": str(record.year or ""),
    }
    if record.journal_ref:
        fields["journal"] = escape_bibtex(record.journal_ref)
    if record.doi:
        fields["doi"] = record.doi
    fields |= {
        "eprint": record.arxiv_id,
        "archiveprefix": "arXiv",
        "primaryclass": record.primary_category,
        "url": f"https://arxiv.org/abs/{record.arxiv_id}",
        "abstract": escape_bibtex(record.abstract),
    }
    fields = {name: value for name, value in fields.items() if value}
    entry_type = "article" if record.journal_ref or record.doi else "misc"
    return Paper(key="", entry_type=entry_type, fields=fields)


def fetch(
    ids: list[tuple[str, str]],
    use_cache: bool = True,
    missing_ok: bool = False,
    on_batch: Callable[[dict, int, int], None] | None = None,
    hint: str | None = None,
) -> dict[tuple[str, str], ArxivRecord]:
    """Records for (id, version) pairs: cached ones from the cache, the rest asked in
    requests of at most BATCH_SIZE ids, one request every MIBIB_ARXIV_INTERVAL seconds.

    Raises SourceError for network failures, arXiv's error feed, and ids arXiv does not
    know (those are left out instead with `missing_ok`). `use_cache=False` asks arXiv
    for every id (`mibib update` wants today's versions) and caches the answers.
    `on_batch(records, ids done, ids asked)` is called after each request, so a caller
    keeps what arrived before a later request fails. `hint` ends a failure's message
    (default: how to add the entry offline).
    """
    from mibib.sources.responses import load_response

    found: dict[tuple[str, str], ArxivRecord] = {}
    for wanted in ids if use_cache else []:
        cached = load_response("arxiv", "".join(wanted))
        if cached:
            try:
                stored = json.loads(cached)
                if stored.get("format") == _CACHE_FORMAT:
                    found[wanted] = ArxivRecord(**stored["record"])
            except (ValueError, TypeError, KeyError):
                pass
    missing = list(dict.fromkeys(wanted for wanted in ids if wanted not in found))
    for start in range(0, len(missing), BATCH_SIZE):
        batch = missing[start : start + BATCH_SIZE]
        records = _request(batch, missing_ok, hint)
        found.update(records)
        if on_batch is not None:
            on_batch(records, start + len(batch), len(missing))
    return found


def _request(
    batch: list[tuple[str, str]], missing_ok: bool, hint: str | None
) -> dict[tuple[str, str], ArxivRecord]:
    """One API request (`id_list`) for up to BATCH_SIZE ids; answers cached per id."""
    from mibib.sources import http
    from mibib.sources.responses import save_response

    names = ",".join(f"{arxiv_id}{version}" for arxiv_id, version in batch)
    shown = names if len(batch) <= 3 else f"{len(batch)} ids ({', '.join(names.split(',')[:3])}, …)"
    query = urllib.parse.urlencode({"id_list": names, "max_results": len(batch)}, safe=",/")
    url = f"{os.environ.get('MIBIB_ARXIV_API') or API_URL}?{query}"
    interval = http.seconds_setting("MIBIB_ARXIV_INTERVAL", 3.0)
    hint = hint or http.OFFLINE_HINT
    response = http.get(
        url,
        what=f"arXiv lookup for {shown}",
        accept="application/atom+xml",
        gate=lambda: http.spaced("arxiv", interval),
        hint=hint,
    )
    if response.status >= 400 and b"<feed" not in response.body[:2000]:
        raise SourceError(f"arXiv lookup for {shown} failed: HTTP {response.status}; {hint}")
    by_id = {record.arxiv_id: record for record in parse_feed(response.body)}
    found = {}
    for wanted in batch:
        record = by_id.get(wanted[0])
        if record is None and missing_ok:
            continue
        if record is None:
            raise SourceError(
                f"{''.join(wanted)} not found on arXiv (check the id, or use --bibtex FILE)"
            )
        found[wanted] = record
        stored = {"format": _CACHE_FORMAT, "record": asdict(record)}
        save_response("arxiv", "".join(wanted), json.dumps(stored))
    return found
