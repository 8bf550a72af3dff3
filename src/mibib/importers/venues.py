"""Read venue tags (`(EMNLP'22)`, `[[ICLR 2024]]`, `Preprint'25`, `ArXiv, 2024.8`) and dates
(`Mar. 9, 2025`, `17 Oct 2022`, `2024-10-06`). Pure: no I/O.

Awesome lists mark where and when a paper appeared with short tags; these helpers turn
one into a venue, a year and a month, and pick the BibTeX entry type that fits the venue.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

# A year (and month: `2024.8`), not the start of an arXiv id (`1905.10650`).
_YEAR = re.compile(r"(?<![\d.])(19\d\d|20[0-3]\d)(?!\.\d{4})(?:\.\s?(\d{1,2}))?(?![\d])")
_GLUED_YEAR = re.compile(r"(?<=[A-Za-z])(?=(?:19|20)\d\d(?!\d))")
_LEADING_WORDS = re.compile(
    r"^(?:(?:published|accepted|presented|appears?|appeared|to appear)\s+(?:at|in|by|to|as)?\s*"
    r"|in\s+(?=[A-Z]))",
    re.IGNORECASE,
)
# Volume, issue and pages a citation puts after its journal: `521.7553`, `: 436-444`, `pp. 1-9`.
_VOLUME = re.compile(
    r"(?:\b(?:[Vv]ol|[Nn]o|pp?)\.?\s*)?(?<![\w.])[:,]?\s*\d+(?:[.(]\d+\)?)?(?:\s*[-–]\s*\d+)?(?![\w.])"
)
_SHORT_YEAR = re.compile(r"['’‘](\d\d)(?!\d)")
# A conference's acronym with its year's last two digits glued on: `ICML19`, `NeurIPS20`.
_GLUED_SHORT_YEAR = re.compile(r"^(?=[A-Za-z]{2,12}\d\d$)(?:[A-Z][A-Za-z]*[A-Z][a-z]*)(\d\d)$")
_ARXIV_TAG = re.compile(r"^(?:ar[xv][a-z]*|corr|preprint)\s*(?P<yymm>\d{4})?$", re.IGNORECASE)
_PREPRINTS = {"arxiv", "arxive", "arxvi", "axriv", "preprint", "corr", "biorxiv", "medrxiv",
              "ssrn", "tech report", "technical report", "report"}  # fmt: skip
# Qualifiers that say how a paper was presented, not where.
_QUALIFIERS = {"spotlight", "oral", "poster", "main", "long", "short", "accepted", "paper",
               "papers", "track", "highlight", "best", "award", "outstanding"}  # fmt: skip
# Link labels that name a kind of link, never a venue.
GENERIC_LABELS = {
    "github", "code", "codes", "paper", "pdf", "arxiv", "html", "abs", "openreview", "blog",
    "website", "web", "site", "project", "project page", "homepage", "page", "demo", "doc",
    "docs", "documentation", "tutorial", "slides", "video", "youtube", "dataset", "data",
    "link", "here", "forum", "workshop", "google scholar", "scholar", "interactive ui", "colab",
    "notebook", "talk", "twitter", "tweet", "thread", "huggingface", "hugging face", "model",
    "models", "benchmark", "leaderboard", "bibtex", "citation", "cite", "post", "report",
    "accepted papers", "paper list", "summary", "official", "repo", "repository", "source",
    "star", "stars", "doi", "abstract", "supplementary", "poster", "news", "press", "media",
    "weights", "checkpoint", "checkpoints", "api", "space", "spaces", "preprint", "medium",
    "substack", "zhihu", "pdf link", "paper link", "code link", "arxiv link", "full text",
}  # fmt: skip
# Last words that make a short link text a label ("Neel Nanda's blog", "official code").
_LABEL_TAILS = {
    "code", "codes", "github", "pdf", "slides", "website", "demo", "repo", "repository", "link",
    "homepage", "arxiv", "openreview", "doi", "colab", "notebook", "video", "youtube", "docs",
    "documentation", "weights", "checkpoint", "checkpoints", "leaderboard", "here",
}  # fmt: skip
# Words that join two link labels (`Link al paper`, `Paper & code`, `Code und Daten`).
_LABEL_JOINS = {"al", "and", "&", "+", "y", "e", "et", "und", "de", "del", "du", "to", "zum"}
# Kinds of work that are not papers when a tag names them ("EACL 2023 Tutorial").
NOT_PAPER_WORDS = {"tutorial", "talk", "keynote", "course", "lecture", "video", "seminar",
                   "podcast", "interview", "panel"}  # fmt: skip
_VENUE_WORDS = {"workshop", "conference", "proceedings", "journal", "transactions", "findings",
                "symposium", "letters", "review", "survey", "surveys", "magazine", "forum",
                "thread", "blog", "anthropic", "openai", "deepmind", "lesswrong", "distill",
                "nature", "science"}  # fmt: skip
_LINKING_WORDS = {"of", "on", "in", "and", "for", "the", "at", "&", "@", "with", "to", "de"}
_JOURNAL_WORDS = (
    "journal", "transactions", "tmlr", "jmlr", "tacl", "tist", "tpami", "nature", "pnas",
    "distill", "science", "letters", "magazine", "computing survey",
)  # fmt: skip
_PROCEEDINGS_WORDS = ("workshop", "conference", "proceedings", "symposium", "findings", "@")
# A journal's name as references abbreviate it (ISO 4): a capitalised word cut short with
# a period before the next word (`J. Mol. Biol`, `PLoS Comput. Biol`).
_JOURNAL_ABBREVIATION = re.compile(r"\b[A-Z][a-z]{0,8}\.\s+[A-Z]")
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_DATES = [
    re.compile(r"^(?P<y>(?:19|20)\d\d)(?:[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?)?$"),
    # Korean and Japanese lists' `2012. 5.` / `2016. 10. 7.`
    re.compile(r"^(?P<y>(?:19|20)\d\d)\.\s(?P<m>\d{1,2})(?:\.\s(?P<d>\d{1,2}))?$"),
    re.compile(rf"^{_MONTH},?\s*(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<y>(?:19|20)\d\d)$"),
    re.compile(rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>(?:19|20)\d\d)$"),
    re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>(?:19|20)\d\d)$"),
]


@dataclass(frozen=True)
class VenueTag:
    """What a tag says: a venue ('' for none), a year and month (or None), whether it names
    a preprint server (arXiv, "Preprint"), and whether it names a tutorial, talk or course."""

    venue: str
    year: int | None
    arxiv: bool = False
    month: int | None = None
    not_paper: bool = False

    @property
    def cites(self) -> bool:
        """A venue (or preprint) with a year: how a list marks a paper."""
        return self.year is not None and bool(self.venue or self.arxiv) and not self.not_paper


@lru_cache(maxsize=8192)  # the same tags recur down a list
def parse_venue_tag(
    text: str, need_year: bool = True, strict: bool | str = False
) -> VenueTag | None:
    """A venue tag's meaning, or None when the text is not one.

    `need_year`: only accept tags with a year (for brackets inside titles and prose,
    where `(70B)` or `[Interim]` are not venues); link labels such as `[[openreview]]`
    or `[[Transformer Circuits Thread]]` pass need_year=False. `strict`: unbracketed
    text, where the words must read like a venue's name (`ICLR`, `ACL Findings`);
    "shaped": capitalised words will do (`Transformer Circuits 2022` after the authors).
    """
    inner = " ".join(_balanced(text.strip().strip("[]*_ .,;:（）")).split())
    if not inner or len(inner.strip("()")) > 60 or parse_date(inner) is not None:
        return None
    if re.fullmatch(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d", inner):
        return None  # "(1990-2010)": the years a title covers
    if re.search(r"\bet\.? al\b|等|ら|ほか", inner):
        return None  # "(Ouyang et al., 2022)": who and when, not where
    inner = _GLUED_YEAR.sub(" ", inner)
    inner = _LEADING_WORDS.sub("", inner)
    years = list(_YEAR.finditer(inner))
    if len(years) > 1:  # "RSS 2023 & IJRR 2024": the first venue
        inner = inner[: years[1].start()].rstrip(" &/,+").removesuffix(" and")
        inner = (
            re.sub(r"\s*(&|/|\+|,|\band)\s*[A-Za-z]*$", "", inner)
            if years[0].end() < len(inner)
            else inner
        )
    arxiv = _ARXIV_TAG.match(inner)
    if arxiv and (arxiv.group("yymm") is None or 1 <= int(arxiv.group("yymm")[2:]) <= 12):
        yymm = arxiv.group("yymm")
        if need_year and not yymm:
            return None
        year = 2000 + int(yymm[:2]) if yymm else None
        month = int(yymm[2:]) if yymm else None
        return VenueTag("", year, arxiv=True, month=month)
    year = month = None
    match = _YEAR.search(inner)
    if match:
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) and 1 <= int(match.group(2)) <= 12 else None
        inner = inner[: match.start()].rstrip("'’‘") + " " + inner[match.end() :]  # `AAAI'2010`
    else:
        short = _SHORT_YEAR.search(inner) or _GLUED_SHORT_YEAR.match(inner)
        if short:
            year = 2000 + int(short.group(1))
            year -= 100 if year > 2039 else 0  # `CVPR98`
            inner = inner[: short.start(1)].strip("'’‘") + " " + inner[short.end() :]
    inner = re.sub(r"['’‘]s?\b", " ", inner)
    # `Neural computation 18.7 (2006): 1527-1554`: volume, year and pages make a journal.
    cited = re.search(r"\d\s*\(\s*\)\s*:\s*\d", inner) is not None
    inner = _VOLUME.sub(" ", re.sub(r"\(\s*\)", " ", inner))
    words = [word for word in inner.split() if word.lower().strip("()") not in _QUALIFIERS]
    venue = _balanced(" ".join(words))
    lowered = venue.lower()
    if year is None and (need_year or lowered in GENERIC_LABELS):
        return None
    if not venue and year is None:
        return None
    if venue and not re.search(r"[A-Za-z]", venue):
        return None
    not_paper = any(word in NOT_PAPER_WORDS for word in re.findall(r"[a-z]+", lowered))
    words = lowered.split()
    if lowered in _PREPRINTS or (words[:1] in (["arxiv"], ["preprint"]) and len(words) <= 3):
        return VenueTag("", year, arxiv=True, month=month)
    if strict and not cited and not _reads_like_venue(venue, named=strict != "shaped"):
        return None
    if lowered in GENERIC_LABELS:
        venue = ""
    return VenueTag(venue, year, month=month, not_paper=not_paper)


def names_publication(venue: str) -> bool:
    """Whether a venue's name says it is a journal or proceedings (`IEEE Transactions on
    Computers`, `IEEE Access`), not a remark such as `CIK Taxonomy`."""
    lowered = venue.lower()
    words = set(re.findall(r"[a-z]+", lowered))
    return "access" in words or any(word in lowered for word in _JOURNAL_WORDS + _PROCEEDINGS_WORDS)


def _balanced(venue: str) -> str:
    """The venue without punctuation and parentheses at its ends, keeping the closing one
    of a pair of its own (`ACM IMWUT (UbiComp)`)."""
    stripped = venue.strip(" ,;:-–—.()（）")
    if stripped.count("(") > stripped.count(")") and venue.rstrip(" ,;:-–—.").endswith(")"):
        stripped += ")"
    return stripped


def _reads_like_venue(venue: str, named: bool = True) -> bool:
    """Short capitalised words, named by an acronym (ICLR, NeurIPS, CoLM) or a venue word
    (Workshop) unless `named` is off (after a list of authors any name will do)."""
    words = venue.replace("(", " ").replace(")", " ").split()
    if not words or len(words) > 8:
        return False
    named = not named or any(_is_acronym(word) or word.lower() in _VENUE_WORDS for word in words)
    shaped = all(  # `NeurIPS workshop`: a venue word may be written in lower case
        word[0].isupper() or word.lower() in _LINKING_WORDS | _VENUE_WORDS or not word[0].isalpha()
        for word in words
    )
    return named and shaped


def _is_acronym(word: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    return len(letters) >= 2 and sum(char.isupper() for char in letters) * 2 > len(letters)


@lru_cache(maxsize=8192)
def parse_date(text: str) -> tuple[int, int | None] | None:
    """(year, month or None) when the whole text is a date, else None."""
    cleaned = " ".join(text.strip().strip("()[]*_ ,;:").replace(",", ", ").split()).lower()
    cleaned = cleaned.replace(" ,", ",").rstrip(".")
    for pattern in _DATES:
        match = pattern.match(cleaned)
        if match is None:
            continue
        groups = match.groupdict()
        month = None
        if groups.get("mon"):
            month = MONTHS[groups["mon"][:4] if groups["mon"].startswith("sept") else groups["mon"]]
        elif groups.get("m"):
            month = int(groups["m"]) if 1 <= int(groups["m"]) <= 12 else None
        return int(groups["y"]), month
    return None


def first_date(text: str) -> tuple[int, int | None] | None:
    """The first date of a text of several (`2023-06, rev. 2024-01`; `Jun 2023 | Jan 2024`)."""
    for piece in re.split(r"[,;|]", text):
        date = parse_date(piece)
        if date:
            return date
    return None


def entry_type_for(venue: str, year: int | None) -> tuple[str, str]:
    """(entry type, venue field): a journal, proceedings, or @misc with howpublished.

    Without a year the list gives a link, not a citation: biblatex's @online.
    """
    if year is None:
        return "online", "howpublished"
    if not venue:
        return "misc", "howpublished"
    lowered = venue.lower()
    if any(word in lowered for word in _JOURNAL_WORDS):
        return "article", "journal"
    short_proceedings = lowered.startswith("proc.") and _has_acronym(venue[5:])  # Proc. ICML
    if any(word in lowered for word in _PROCEEDINGS_WORDS) or short_proceedings:
        return "inproceedings", "booktitle"
    if lowered.startswith("advances in"):  # NeurIPS by its full name
        return "inproceedings", "booktitle"
    if _JOURNAL_ABBREVIATION.search(venue):  # `Nat. Methods`, `Trends Biochem. Sci`
        return "article", "journal"
    if _has_acronym(venue):
        return "inproceedings", "booktitle"
    return "misc", "howpublished"


def _has_acronym(venue: str) -> bool:
    """A word like ICLR, NeurIPS or CoNLL: mostly capitals, so a conference's short name."""
    for word in re.findall(r"[A-Za-z]{3,}", venue):
        if sum(char.isupper() for char in word) * 2 > len(word):
            return True
    return False


def year_from_url(url: str) -> int | None:
    """A year written in a URL's path (`/2023/`, ACL Anthology's `2023.acl-long`)."""
    match = re.search(r"/((?:19|20)\d\d)(?:/|\.[a-z])", url)
    return int(match.group(1)) if match else None


def is_generic_label(text: str) -> bool:
    """`[code]`, `PDF`, `code2`, `Video(Chinese)`, `unofficial code`, `Neel Nanda's blog`."""
    label = re.sub(r"\([^()]*\)", " ", text.lower())
    words = re.sub(r"[\[\]()*_:!\d]", " ", label).split()
    if " ".join(words) in GENERIC_LABELS:
        return True
    parts = re.split(r"[-/]", "".join(words)) if len(words) == 1 else []
    if 1 < len(parts) <= 3 and parts[0] in GENERIC_LABELS:  # `[Paper-CVPR14]`, `[Code-PyTorch]`
        return True
    if 1 < len(words) <= 3 and words[-1] in _LABEL_TAILS:
        return True
    # `Link al paper`, `Paper and code`: label words joined by short words, in any language.
    labels = [word for word in words if word in GENERIC_LABELS]
    return (
        1 < len(words) <= 3
        and len(labels) >= 2
        and all(word in GENERIC_LABELS or word in _LABEL_JOINS for word in words)
    )
