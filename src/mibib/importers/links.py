"""What a link in a paper list points at: a paper, code, a site's front page, a video...

Lists link a paper's abstract page or PDF, its code, a project page, badges and their
own headings; an entry is recognised by the first kind and its id read from it. Hosts
are matched by what their addresses look like, not by the list. Pure: no I/O.
"""

import re
import urllib.parse
from functools import lru_cache

from mibib.identity.ids import find_arxiv_id, parse_doi

PAPER, CODE, MEDIA, SITE, WEB, ANCHOR, LOCAL = (
    "paper", "code", "media", "site", "web", "anchor", "local",
)  # fmt: skip

# Host (a suffix of the link's host) -> what a link to one paper's page looks like there.
# A link to the same host that does not match (a venue's index, a search, a group page)
# is a site, not a paper.
PAPER_HOSTS = {
    "arxiv.org": r"/(abs|pdf|html|ps|format|latexml)/",
    "ar5iv.org": r"/(abs|html)/",
    "ar5iv.labs.arxiv.org": r"/html/",
    "alphaxiv.org": r"/(abs|overview)/",
    "arxiv-vanity.com": r"/papers/",
    "openreview.net": r"/(forum|pdf|attachment)\b",
    "aclanthology.org": r"/(\d{4}\.[a-z]|[A-Z]\d\d-\d{4})",
    "aclweb.org": r"/anthology/",
    "doi.org": r"/10\.",
    "dl.acm.org": r"/(doi|citation\.cfm)",
    "ieeexplore.ieee.org": r"/((abstract/)?document/|stamp/stamp\.jsp\?.*arnumber=)",
    "link.springer.com": r"/(article|chapter|content)/",
    "nature.com": r"/(articles|nature/journal)/",
    "science.org": r"/doi/",
    "sciencedirect.com": r"/science/article/",
    "cell.com": r"/(fulltext|article)",
    "pnas.org": r"/doi/",
    "academic.oup.com": r"/article",
    "direct.mit.edu": r"/article",
    "onlinelibrary.wiley.com": r"/doi/",
    "tandfonline.com": r"/doi/",
    "journals.plos.org": r"/article",
    "frontiersin.org": r"/articles/",
    "mdpi.com": r"/\d",
    "proceedings.neurips.cc": r"/paper",
    "papers.nips.cc": r"/paper",
    "papers.neurips.cc": r"/paper",
    "neurips.cc": r"/virtual/\d{4}/\w+/\d",
    "icml.cc": r"/virtual/\d{4}/\w+/\d",
    "iclr.cc": r"/virtual/\d{4}/\w+/\d",
    "proceedings.mlr.press": r"/v\d+/",
    "jmlr.org": r"/(papers|beta/papers)/",
    "openaccess.thecvf.com": r"/content",
    "ecva.net": r"/papers/",
    "ojs.aaai.org": r"/index\.php/",
    "aaai.org": r"/(papers|ojs|ocs|Library)/",
    "ijcai.org": r"/proceedings/",
    "mlsys.org": r"/paper",
    "proceedings.mlsys.org": r"/paper",
    "usenix.org": r"/(conference|system)/.+/presentation/",
    "semanticscholar.org": r"/paper/",
    "researchgate.net": r"/publication/",
    "preprints.org": r"/manuscript/",
    "zenodo.org": r"/records?/",
    "biorxiv.org": r"/content/",
    "medrxiv.org": r"/content/",
    "ssrn.com": r"abstract",
    "osf.io": r"/preprints/",
    "hal.science": r"/hal-",
    "huggingface.co": r"/papers/\d",
    "paperswithcode.com": r"/paper/",
    "transformer-circuits.pub": r"/20\d\d/",
    "distill.pub": r"/20\d\d/",
    "lesswrong.com": r"/(posts|s)/",
    "alignmentforum.org": r"/(posts|s)/",
    "greaterwrong.com": r"/posts/",
}
CODE_HOSTS = (
    "github.com", "gitlab.com", "bitbucket.org", "gitee.com", "codeberg.org", "pypi.org",
    "colab.research.google.com", "kaggle.com", "huggingface.co", "sourceforge.net",
    "npmjs.com", "raw.githubusercontent.com", "gist.github.com", "hub.docker.com",
)  # fmt: skip
MEDIA_HOSTS = (
    "youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "twitter.com", "x.com",
    "linkedin.com", "facebook.com", "instagram.com", "discord.gg", "discord.com",
    "slideslive.com", "tiktok.com", "reddit.com", "scholar.google.com", "t.me",
)  # fmt: skip
# Sites whose every subdomain is one (`en.wikipedia.org`): an encyclopedia page, no paper.
_MEDIA_SITES = ("wikipedia.org", "wikiwand.com")
_PAPER_HOST_LIST = list(PAPER_HOSTS.items())
_PAPER_HOST_ORDER = {suffix: index for index, suffix in enumerate(PAPER_HOSTS)}
_CODE_HOST_SET = frozenset(CODE_HOSTS)
_MEDIA_HOST_SET = frozenset(MEDIA_HOSTS)
# A media site itself (`www.`, `m.` …), not a research group under its name
# (`research.facebook.com/publications/…` lists papers).
_MEDIA_SUBDOMAINS = ("www", "m", "mobile", "old", "music")
_HF_ARXIV = re.compile(r"(?:huggingface\.co/papers|alphaxiv\.org/(?:abs|overview)|ar5iv"
                       r"(?:\.labs\.arxiv)?\.org/(?:abs|html)|arxiv\.org/latexml)"
                       r"/(\d{4}\.\d{4,5})")  # fmt: skip
_DOI_IN_PATH = re.compile(r"/(?:doi/(?:abs/|full/|pdf/|epdf/)?)?(10\.\d{4,9}/[^?#\s]+)")


# A target that starts with a host name (`dl.acm.org/citation.cfm?id=1`), not a file of
# the repository (`notes/a.md`): the scheme was left out.
_HOST_FIRST = re.compile(
    r"(?:www\.|(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|ai|info|[a-z]{2}(?<!md)(?<!py)(?<!sh)"
    r"(?<!js)(?<!rs)))/",
    re.IGNORECASE,
)


def clean_href(href: str) -> str:
    """A link target as written, or the address inside a mangled one
    (`[10.48550/arXiv.1](http://arxiv.org/abs/1)` typed as a target)."""
    href = href.strip()
    if re.match(r"(https?://|#|mailto:)", href, re.IGNORECASE):
        return href
    if _HOST_FIRST.match(href):  # `www.aclweb.org/…`, `cs.stanford.edu/~x/p.pdf`: no scheme
        return "https://" + href
    found = re.search(r"https?://[^\s()<>\[\]]+", urllib.parse.unquote(href))
    return found.group(0) if found else href


# Big enough for a long list's links: they are looked up once while the document is
# walked, and again when each entry is read, a whole document later.
LINKS_REMEMBERED = 1 << 16


@lru_cache(maxsize=LINKS_REMEMBERED)  # an entry's links are classified several times
def classify_link(href: str) -> str:
    """PAPER, CODE, MEDIA, SITE (a front page or index), WEB (another page), ANCHOR or LOCAL."""
    href = href.strip()
    if not href or href.startswith("#"):
        return ANCHOR
    parts = _split(href)
    if parts is None:
        return LOCAL
    host, path = parts
    if path.lower().endswith((".pdf", ".ps", ".ps.gz")) or "/pdf/" in path.lower():
        return PAPER
    domains = _domains(host)
    on_paper_host = [_PAPER_HOST_ORDER[domain] for domain in domains if domain in PAPER_HOSTS]
    if on_paper_host:  # the first in PAPER_HOSTS' order, as a walk down the table finds it
        _, pattern = _PAPER_HOST_LIST[min(on_paper_host)]
        if re.search(pattern, path + "?" + _query(href)):
            return PAPER
        return CODE if _CODE_HOST_SET.intersection(domains) else SITE
    sub, _, rest = host.partition(".")
    if host in _MEDIA_HOST_SET or (rest in _MEDIA_HOST_SET and sub in _MEDIA_SUBDOMAINS):
        return MEDIA
    if any(_on(host, site) for site in _MEDIA_SITES):
        return MEDIA
    if _CODE_HOST_SET.intersection(domains):
        return CODE
    if path.strip("/") in ("", "index.html", "index.htm", "index.php", "home", "en"):
        return SITE
    return WEB


# Pages that are not papers, whatever they hold: a publisher's book page, a news site's
# article, a course's slides or lecture notes (their PDFs too).
_BOOK_SITES = ("manning.com", "oreilly.com", "packtpub.com", "nostarch.com", "pragprog.com",
               "amazon.com", "amazon.co.uk", "amazon.de", "goodreads.com")  # fmt: skip
_NEWS_SITES = ("venturebeat.com", "techcrunch.com", "theverge.com", "wired.com", "nytimes.com",
               "reuters.com", "bloomberg.com", "cnbc.com", "zdnet.com", "arstechnica.com",
               "forbes.com", "bbc.com", "bbc.co.uk", "theguardian.com", "axios.com",
               "technologyreview.com", "businessinsider.com")  # fmt: skip
_BOOK_PATH = re.compile(r"/books?/", re.IGNORECASE)
_NEWS_PATH = re.compile(r"/news(?:room)?/", re.IGNORECASE)
_TEACHING_PATH = re.compile(
    r"(?:^|[/_-])(?:slides?|lectures?|lecture[-_]?notes|teaching|tuto|tutorials?)(?:[/_.-]|$)",
    re.IGNORECASE,
)


@lru_cache(maxsize=LINKS_REMEMBERED)
def not_paper_page(href: str) -> str:
    """What a link's page is when it cannot be a paper ("a book", "a news article",
    "slides or lecture notes"), else ""."""
    parts = _split(href.strip())
    if parts is None:
        return ""
    host, path = parts
    if any(_on(host, site) for site in _BOOK_SITES) or _BOOK_PATH.search(path):
        return "a book"
    if any(_on(host, site) for site in _NEWS_SITES) or _NEWS_PATH.search(path):
        return "a news article"
    if _TEACHING_PATH.search(path):
        return "slides or lecture notes"
    return ""


@lru_cache(maxsize=LINKS_REMEMBERED)
def arxiv_id_of(href: str) -> str | None:
    """The arXiv id a link names: arxiv.org abs/pdf/html (any version, stray slashes),
    an arXiv DOI, or a page that keeps the id (its HTML render, Hugging Face papers,
    alphaXiv, ar5iv)."""
    cleaned = re.sub(r"(?<!:)/{2,}", "/", href.strip())
    match = _HF_ARXIV.search(cleaned)
    if match:
        return match.group(1)
    if "arxiv" not in cleaned.lower():
        return None
    return find_arxiv_id(cleaned)


def doi_of(href: str) -> str | None:
    """The DOI a link names (doi.org, or a publisher's /doi/10.… path), in lower case."""
    found = parse_doi(href)
    if found:
        return found
    if "doi" not in href.lower():  # neither doi.org nor a /doi/ path: no need to split it
        return None
    parts = _split(href)
    if parts is None:
        return None
    host, path = parts
    if not (_on(host, "doi.org") or "/doi/" in path):
        return None
    match = _DOI_IN_PATH.search(path)
    return urllib.parse.unquote(match.group(1)).rstrip(".").lower() if match else None


def _split(href: str) -> tuple[str, str] | None:
    if href.lower().startswith("www."):
        href = "https://" + href
    try:
        parsed = urllib.parse.urlsplit(href)
    except ValueError:
        return None
    if parsed.scheme.lower() not in ("http", "https") or not parsed.hostname:
        return None
    return parsed.hostname.lower(), parsed.path or "/"


def _query(href: str) -> str:
    try:
        return urllib.parse.urlsplit(href).query
    except ValueError:
        return ""


def _domains(host: str) -> list[str]:
    """The host and each domain it is under: `a.b.org`, `b.org`, `org`. A host is on a
    site (`_on`) when the site is one of these."""
    parts = host.split(".")
    return [".".join(parts[index:]) for index in range(len(parts))]


def _on(host: str, suffix: str) -> bool:
    return host == suffix or host.endswith("." + suffix)
