"""What the text around a title says: authors, venue and date, and the description. Pure.

Lists write these loosely (`Title. A. Smith, B. Jones. ICML 2023.`, `- Authors, Venue 2023`,
`*A, B, C.* Preprint'25`, `, ArXiv, 2024.8, NTU | [code]`): the text is cut into chunks
at sentence ends, bars and dashes, each chunk into comma parts, and a part is a venue,
a date, a list of names (read by names.py), or prose.
"""

import re
from dataclasses import dataclass, field

from mibib.importers.names import ET_AL, inverted_names, is_organisations, read_authors
from mibib.importers.venues import VenueTag, parse_date, parse_venue_tag

# Sentence ends: a period, ! or ? before a space, unless it ends an initial or an abbreviation.
_ABBREVIATIONS = (
    "al", "et", "vs", "e.g", "i.e", "No", "Fig", "Vol", "pp", "Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "June", "July", "April", "March",
    "Dr", "Prof", "St", "Jr", "Inc", "Ltd",
)  # fmt: skip
_NOT_AFTER = r"(?<!\b[A-Z])" + "".join(rf"(?<!\b{re.escape(word)})" for word in _ABBREVIATIONS)
_SENTENCE_END = re.compile(_NOT_AFTER + r"[.!?]\s+(?=\S)")
PERIOD_END = re.compile(_NOT_AFTER + r"\.\s+(?=\S)")  # titles keep their ? and !
_AFTER_ET_AL = re.compile(r"(?<=\bet al\.)[;,]?\s*(?=[^\s),;])|(?<=等)[.。]?\s*(?=\S)")
# Names and then the year in parentheses: `Alex Krizhevsky, and Geoffrey E. Hinton (2012)`.
_NAMES_YEAR = re.compile(r"^(?P<names>[^()]{3,}?)\s*\((?P<year>(?:19|20)\d\d)\)$")
_LENTICULAR = re.compile(r"【([^【】]{2,60})】")
# Each try starts where a run of spaces starts (`(?<!\s)`), so a long run is read once.
_SEPARATORS = re.compile(r"(?<!\s)(?:\s+[|–—]\s+|\s+-\s+|\s*\|\s*)|\n")


@dataclass
class Details:
    authors: list[str] = field(default_factory=list)
    tags: list[VenueTag] = field(default_factory=list)
    dates: list[tuple[int, int | None]] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    # The teams or organisations a metadata tail names (`, ICML, 2025, ZJU & PKU.`).
    affiliations: list[str] = field(default_factory=list)


def read_details(text: str, details: Details | None = None, after_title: bool = False) -> Details:
    """Authors, venue tags, dates, affiliations and prose in a stretch of plain text.

    A tail of short comma-separated fields (`, ArXiv, 2024.12. CMU & Apple`) is metadata:
    after a venue or date, a field that names organisations is an affiliation, not prose.
    `after_title`: the text follows the entry's title on its line, where a venue's name
    alone (`"Title" ICCV.`, `(TKDE)`, `IEEE Access`) is its venue: the year comes from
    elsewhere (a year heading, the arXiv id).
    """
    details = details or Details()
    metadata = False  # the sentence before gave a venue or a date
    after_names = False  # the sentence before gave the authors
    journal = leading_journal(text) if after_title else None
    if journal is not None:
        details.tags.append(journal[0])
        text, metadata = journal[1], True
    for index, sentence in enumerate(_venue_year_joined(split_sentences(text))):
        if after_title and index == 0 and (bare := bare_venue(sentence)):
            details.tags.append(bare)
            metadata = True
            continue
        found = len(details.tags) + len(details.dates)
        field_text = sentence.strip(" ,;:.")
        if metadata and is_organisations(field_text) and not read_authors(field_text, single=True):
            details.affiliations.append(field_text)
            continue
        # `Gao, Wenhao, et al. Patterns (2020): 100142.`: the journal, named first
        journal = after_names and re.match(r"[^\W\d_][^;]*$", field_text) is not None
        cited = parse_venue_tag(field_text, strict="shaped") if journal else None
        if cited is not None:
            details.tags.append(cited)
            after_names = False
        else:
            had_names = bool(details.authors)
            read_chunk(sentence, details)
            after_names = not had_names and bool(details.authors)
        metadata = len(details.tags) + len(details.dates) > found
    return details


# A journal's abbreviated name (words cut with a period, one at least) and its year.
_ABBREVIATED_JOURNAL = re.compile(
    r"^\s*(?P<name>(?:[A-Z][\w-]*\.?\s+){0,5}[A-Z][\w-]*\.(?:\s+[A-Z][\w-]*\.?){0,5}),\s*"
    r"(?P<year>(?:19|20)\d\d)\b\.?"
)


def leading_journal(text: str) -> tuple[VenueTag, str] | None:
    """(the journal, the text after it) for a text opening with an abbreviated journal's
    name and its year, `User Model. User-Adapt. Interact., 2017.`, whose periods end no
    sentence."""
    found = _ABBREVIATED_JOURNAL.match(text)
    if found is None:
        return None
    return VenueTag(found.group("name"), int(found.group("year"))), text[found.end() :]


def bare_venue(text: str) -> VenueTag | None:
    """A venue named without its year, by an acronym (`ICCV`, `CVPR (Oral)`, `IEEE Access`,
    `(ACM Computing Surveys)`): a name that is a word alone never is, nor an acronym alone
    in parentheses."""
    chunk = text.strip(" ,;:.")
    if "," in chunk or not chunk:
        return None
    tag = parse_venue_tag(chunk, need_year=False, strict=True)
    if tag is None or not tag.venue or tag.not_paper or tag.year or len(chunk.split()) > 6:
        return None
    if chunk.startswith(("(", "（")) and len(tag.venue.split()) == 1:
        return None  # `**Title** (DQN)`: a method's short name as often as `(TKDE)`
    words = re.findall(r"[A-Za-z]+", tag.venue)
    acronyms = [w for w in words if len(w) >= 3 and sum(c.isupper() for c in w) * 2 > len(w)]
    return tag if acronyms else None


def _venue_year_joined(sentences: list[str]) -> list[str]:
    """`Mikolov et al. ICLR. 2013.`: a venue's name and its year written as two sentences
    are read as one (`ICLR, 2013`)."""
    joined: list[str] = []
    for sentence in sentences:
        before = joined[-1].strip(" .") if joined else ""
        if (
            before
            and parse_date(sentence.strip(" .")) is not None
            and parse_date(before) is None
            and parse_venue_tag(before, need_year=False, strict=True) is not None
        ):
            joined[-1] = f"{before}, {sentence}"
        else:
            joined.append(sentence)
    return joined


def split_sentences(text: str) -> list[str]:
    """The text cut at bars, spaced dashes and sentence ends (each keeps its period)."""
    sentences = []
    # `Smith et al. ICLR 2024`: the names end at "et al." too.
    pieces = [piece for chunk in _SEPARATORS.split(text) for piece in _AFTER_ET_AL.split(chunk)]
    for piece in pieces:
        start = 0
        for end in _SENTENCE_END.finditer(piece):
            sentences.append(piece[start : end.start() + 1])
            start = end.end()
        sentences.append(piece[start:])
    return [sentence.strip(" ,;:") for sentence in sentences if sentence.strip(" ,;:.")]


def read_chunk(sentence: str, details: Details, names_trusted: bool = False) -> None:
    """One sentence: a date, a venue, names (with a venue or date before or after), or prose."""
    chunk = sentence.strip(" ,;:.（）")  # `（Hulingxiao He ら, ICLR 2025）`
    date = parse_date(chunk) or parse_date(chunk.strip("()（） "))  # `（2023.09.27）`
    if date is not None:
        details.dates.append(date)
        return
    pieces = [piece for piece in chunk.split(";") if piece.strip()]
    if len(pieces) > 1 and all(
        parse_date(piece) or parse_venue_tag(piece, need_year=True) for piece in pieces
    ):  # `arXiv 1801; ICML 2018`: the preprint, then where it appeared
        for piece in pieces:
            read_chunk(piece, details, names_trusted)
        return
    tag = None if "," in chunk else parse_venue_tag(chunk, need_year=True, strict=True)
    if tag is not None:
        details.tags.append(tag)
        return
    bracketed = _LENTICULAR.fullmatch(chunk)
    if bracketed:  # `- 【Nature】`: the venue, as Chinese lists bracket it
        inner = bracketed.group(1).strip()
        inner = re.sub(r"\.org$", "", inner, flags=re.IGNORECASE)  # `【arXiv.org】`
        details.tags.append(parse_venue_tag(inner, need_year=False) or VenueTag(inner, None))
        return
    year_after = _NAMES_YEAR.match(chunk)
    if year_after and read_authors(year_after.group("names"), names_trusted, single=True):
        details.dates.append((int(year_after.group("year")), None))  # `by A, B, and C (1998)`
        chunk = year_after.group("names")
    inverted = inverted_names(ET_AL.sub("", chunk)) if ";" in chunk else []
    if inverted:  # `Olah, Christopher; Tyka, Mike`: the semicolons part the names
        details.authors = details.authors or inverted + (["others"] if ET_AL.search(chunk) else [])
        return
    parts = [part.strip() for part in re.split(r",|;", chunk) if part.strip()]
    if _read_metadata_fields(parts, details):
        return
    peeled: list = []
    loose = len(parts) > 1 and bool(read_authors(", ".join(parts[:-1]), names_trusted, single=True))
    while parts and (
        found := _venue_or_date(parts[-1], parts[-2] if len(parts) > 1 else "", loose=loose)
    ):
        consumed, item = found
        del parts[-consumed:]
        peeled.insert(0, item)
    while parts and (found := _venue_or_date(parts[0], "", parts[1] if len(parts) > 1 else "")):
        consumed, item = found
        del parts[:consumed]
        peeled.insert(0, item)
    for item in peeled:
        (details.tags if isinstance(item, VenueTag) else details.dates).append(item)
    rest = ", ".join(parts)
    # "John Smith, ICML 2023", "Gerald Tesauro (1995)": one author beside a venue or year
    lone = (bool(peeled) or year_after is not None) and len(parts) == 1
    names = read_authors(rest, trusted=names_trusted, single=lone) if rest else []
    if names and not details.authors:
        details.authors = names
    elif rest and peeled and not names and is_organisations(rest):
        details.affiliations.append(rest)  # `ArXiv, 2024.8, NTU & Bytedance`
    elif rest:  # as written, unless a venue or date came out of it
        details.prose.append(sentence if rest == chunk or not peeled else rest)


def _read_metadata_fields(parts: list[str], details: Details) -> bool:
    """`Venue Name, 1999, Team`: short fields around a year, a venue no pattern knows
    before it and organisations after it. True when the parts were read so."""
    dates = [index for index, part in enumerate(parts) if parse_date(part) is not None]
    if len(parts) < 3 or not dates or dates[0] != 1:
        return False
    venue, after = parts[0], parts[2:]
    short = (
        len(venue.split()) <= 8
        and venue[:1].isupper()
        and not any(parse_date(part) for part in after)
    )
    if not short or read_authors(venue, single=True) or not all(map(is_organisations, after)):
        return False
    if any(read_authors(part, single=True) for part in after):
        return False  # `Blog, 2025.4, Shunyu Yao`: an author, read as names are
    year, month = parse_date(parts[1])
    known = parse_venue_tag(venue, need_year=False, strict=True)
    if known is not None:
        details.tags.append(VenueTag(known.venue, year, known.arxiv, month, known.not_paper))
    else:
        details.tags.append(VenueTag(venue, year, False, month))
    details.affiliations += after
    return True


def _venue_or_date(part: str, before: str, after: str = "", loose: bool = False):
    """(parts consumed, VenueTag or date) for a part that is a venue, year or date.

    A venue without a year ("ArXiv") counts only beside a year ("ArXiv, 2024.8").
    `loose`: the part follows a list of names, so any capitalised name with a year is
    a venue ("Transformer Circuits 2022").
    """
    date = parse_date(part)
    if date is not None:
        if before and (tag := parse_venue_tag(before, need_year=False, strict=True)):
            return 2, VenueTag(tag.venue, date[0], tag.arxiv, date[1], tag.not_paper)
        return 1, date
    tag = parse_venue_tag(part, need_year=True, strict="shaped" if loose else True)
    if tag is not None:
        return 1, tag
    if after and parse_date(after) is not None:
        tag = parse_venue_tag(part, need_year=False, strict=True)
        if tag is not None:
            year, month = parse_date(after)
            return 2, VenueTag(tag.venue, year, tag.arxiv, month, tag.not_paper)
    return None
