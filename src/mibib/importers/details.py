"""What the text around a title says: authors, venue and date, and the description. Pure.

Lists write these loosely (`Title. A. Smith, B. Jones. ICML 2023.`, `- Authors, Venue 2023`,
`*A, B, C.* Preprint'25`, `, ArXiv, 2024.8, NTU | [code]`): the text is cut into chunks
at sentence ends, bars and dashes, each chunk into comma parts, and a part is a venue,
a date, a list of names, or prose.
"""

import re
from dataclasses import dataclass, field

from mibib.importers.venues import VenueTag, parse_date, parse_venue_tag

_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la",
              "ter", "ten", "dos", "das", "bin", "al", "el", "y", "zu", "af"}  # fmt: skip
# Words that make a capitalised phrase a title or a topic, not a person's name.
_NOT_NAMES = {
    "the", "of", "for", "and", "with", "via", "from", "to", "in", "on", "at", "by", "an",
    "is", "are", "model", "models", "language", "languages", "learning", "neural", "network",
    "networks", "large", "vision", "transformer", "transformers", "data", "dataset", "datasets",
    "deep", "machine", "attention", "generation", "reasoning", "knowledge", "survey", "benchmark",
    "paper", "code", "llm", "llms", "github", "project", "blog", "analysis", "interpretability",
    "arxiv", "preprint", "accuracy", "metrics", "comments", "intelligence", "system", "systems",
    "agent", "agents",
}  # fmt: skip
# Words of an organisation's name: not an author unless the list says it is one.
_ORGANISATION_WORDS = {
    "university", "institute", "lab", "labs", "team", "research", "ai", "google", "deepmind",
    "meta", "microsoft", "openai", "anthropic", "robotics", "brain", "collaboration", "inc",
    "group", "center", "centre", "college", "school", "alibaba", "tencent", "bytedance",
    "nvidia", "amazon", "apple", "huawei", "baidu",
}  # fmt: skip
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’\-]*\.?|(?:[A-Z]\.-?){1,3}[A-Z]?|[^\W\d_]\.)$")
_ET_AL = re.compile(r",?\s*(?:et\.?\s*al\.?|and others|等人?|ら|ほか|외)\s*$", re.IGNORECASE)
_ELLIPSIS = {"…", "...", "..", "etc", "etc."}
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
    inverted = _inverted_names(_ET_AL.sub("", chunk)) if ";" in chunk else []
    if inverted:  # `Olah, Christopher; Tyka, Mike`: the semicolons part the names
        details.authors = details.authors or inverted + (["others"] if _ET_AL.search(chunk) else [])
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


# Words of an organisation's name that need no capital (`University of Freiburg`).
_NAME_LINKS = {"of", "at", "the", "for", "and", "de", "du", "etc", "etc.", "in", "&"}
# Remarks on a venue or kinds of work, not a team: `, ICML 2024, Oral`, `, Blog, 2025`.
_REMARKS = {
    "oral", "spotlight", "poster", "workshop", "award", "highlight", "best", "paper", "blog",
    "notes", "slides", "video", "code", "project", "preprint", "arxiv", "tutorial", "talk",
    "course", "leaderboard", "dataset", "demo", "website",
}  # fmt: skip


def is_organisations(text: str) -> bool:
    """Whether the text names teams or organisations, not a sentence: each name of a
    list joined by `&`, `,`, `and` or `/` is at most five words, each capitalised
    (`Google DeepMind`, `University of Freiburg`, `ZJU & PKU`, `THU & BUPT etc.`)."""
    names = [name for name in re.split(r"(?<!\s)\s*(?:&|,|/|\band\b)\s*", text) if name.strip()]
    if not names or len(names) > 12:
        return False
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5:
            return False
        for word in words:
            lowered = word.lower().strip(".")
            if lowered in _REMARKS:
                return False
            if lowered not in _NAME_LINKS and not (word[:1].isupper() or word[:1].isdigit()):
                return False
    return True


# Words of a remark on a line of its own (`Oral Presentation`), never of a person's name.
_NOT_A_LONE_NAME = _REMARKS | {
    "presentation", "accepted", "submitted", "version", "edition", "draft", "new", "updated",
    "abstract", "summary", "overview",
}  # fmt: skip


def lone_name(text: str) -> list[str]:
    """One person's full name alone on a line under a title (`Andreas Rossberg`,
    `<dd>Jana Dunfield</dd>`), as a list of one name; else []."""
    words = text.split()
    if not 2 <= len(words) <= 4 or {w.lower().strip(".,") for w in words} & _NOT_A_LONE_NAME:
        return []
    names = read_authors(text, single=True)
    return names if len(names) == 1 and len(names[0].split()) >= 2 else []


def names_organisation(text: str) -> bool:
    """`Redwood Research`, `Google DeepMind`: a team's name, by one of its words."""
    words = {word.lower().strip(".,") for word in text.split()}
    return is_organisations(text) and bool(words & _ORGANISATION_WORDS)


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


def read_authors(
    text: str, trusted: bool = False, alone: bool = False, single: bool = False
) -> list[str]:
    """The names in an author list, or [] when the text is not one.

    `trusted`: the list says these are authors (an italic line, an Authors column or
    `Authors:` label), so single names and lower-case handles pass; otherwise at least
    two full names (or one and "et al.") are needed. `alone`: the text is a whole line.
    `single`: one full name will do (it sits beside a venue: "John Smith, ICML 2023").
    """
    text = " ".join(text.replace("\\", " ").split()).strip(" *_.,;:()[]<>—–（）")
    text = re.sub(r"^(?:(?:authors?|author\(s\))\s*[:：]|by\b:?)\s*", "", text, flags=re.I)
    text = re.sub(r"^[A-Z][\w&.\- ]{0,30}:\s+(?=[A-Z])", "", text)  # "OpenAI: A, B" prefix
    text = re.sub(r"(?<=\w)\s\([A-Z][a-z]{1,15}\)\s(?=[A-Z])", " ", text)  # `Hao-Ping (Hank) Lee`
    if not text or len(text) > 3000:
        return []
    others = bool(_ET_AL.search(text))
    surnames = bool(re.search(r"(?:等人?|ら|ほか|외)\s*$", text))  # `Zeng, Wu ら`: surnames
    text = _ET_AL.sub("", text)
    names: list[str] = []
    rejected = lower = 0
    inverted = _inverted_names(text)
    if inverted:  # `Ulyanov, Dmitry and Lebedev, Vadim`, `Olah, Christopher; Tyka, Mike`
        return inverted + (["others"] if others else [])
    parts = re.split(r",|;|\s+and\s+|\s+&\s+|、|，", text)
    bare = [part.strip() for part in parts if part.strip()]
    if surnames and bare and all(re.fullmatch(r"[^\W\d_a-z][\w'’-]*", part) for part in bare):
        return bare + ["others"]  # `Zhu、Xu 等`, `Zeng, Wu ら`: surnames, then "et al."
    paired = _surnames_then_initials(parts)
    if paired:  # `Vaswani, A., Shazeer, N., & Gomez, A. N.`: one name per pair
        return paired + (["others"] if others else [])
    if (
        len(parts) >= 2
        and len(parts[0].split()) == 1
        and 1 <= len(parts[1].split()) <= 2
        and all(len(part.split()) > 1 for part in parts[2:] if part.strip())
        and (len(parts) > 2 or others)
        and not surnames
    ):  # "Hinton, Geoffrey E., Oriol Vinyals, and Jeff Dean", "Szegedy, Christian, et al.":
        parts = [f"{parts[1].strip()} {parts[0].strip()}", *parts[2:]]  # the first inverted
    for part in parts:
        part = re.sub(r"[\d*∗†‡§¶#]+$", "", part.strip(" .*_")).strip()
        if not part:
            continue
        if part in _ELLIPSIS or part.lower() in ("others", "et al"):
            others = True
            continue
        if not _is_name(part, trusted):
            if not trusted and _lower_case_name(part):
                lower += 1  # `camille couprie` between `Michael Mathieu` and `Yann Lecun`
                names.append(part)
                continue
            rejected += 1
            continue
        names.append(part)
    if lower * 2 > len(names):  # names in lower case only beside more in capitals
        return []
    # A trusted list may hold a stray group ("o3 contributors"); anything else must be names.
    if not names or (rejected and not (trusted and len(names) >= 2 and rejected * 3 <= len(names))):
        return []
    full = sum(1 for name in names if len(name.split()) >= 2)
    if not trusted and not (full >= 2 or (others and len(names) == 1) or (single and full == 1)):
        return []
    if trusted and not full and not (alone or others or len(names) >= 2):
        return []
    return names + (["others"] if others else [])


_INITIALS = re.compile(r"^(?:[A-Z]\.\s?-?)+$")  # "A.", "A. N.", "X.-C.", "J.A."


def _inverted_names(text: str) -> list[str]:
    """`Surname, Given and Surname, Given` (BibTeX's way) or `Surname, Given; Surname,
    Given`: each name written surname first; the names given name first, else []."""
    pieces = [piece.strip() for piece in re.split(r"\s+and\s+|\s*;\s*", text) if piece.strip()]
    if len(pieces) < 2:
        return []
    names = []
    for piece in pieces:
        halves = [half.strip() for half in piece.split(",")]
        if len(halves) != 2 or not all(1 <= len(half.split()) <= 3 for half in halves):
            return []
        surname, given = halves
        if not _is_name(surname, trusted=True) or not _is_name(given, trusted=True):
            return []
        if not (surname[:1].isupper() and given[:1].isupper()):
            return []
        names.append(f"{given} {surname}")
    return names


def _surnames_then_initials(parts: list[str]) -> list[str]:
    """`Surname, I., Surname, I.` as references write authors: the names, first names
    first, when the parts alternate surname and initials; else []."""
    parts = [part.strip(" &") for part in parts if part.strip(" &")]
    if len(parts) < 2 or len(parts) % 2:
        return []
    pairs = list(zip(parts[::2], parts[1::2], strict=True))
    for surname, initials in pairs:
        if not _INITIALS.match(initials + ("" if initials.endswith(".") else ".")):
            return []
        if not 1 <= len(surname.split()) <= 3 or not _is_name(surname, trusted=True):
            return []
        if surname.split()[-1][:1].islower() or re.search(r"\b[A-Z]\.|^[A-Z]$", surname):
            return []
    return [f"{initials if initials.endswith('.') else initials + '.'} {surname}"
            for surname, initials in pairs]  # fmt: skip


def _lower_case_name(part: str) -> bool:
    """`camille couprie`: a given name and surname typed in lower case."""
    tokens = part.split()
    return 2 <= len(tokens) <= 3 and all(
        re.fullmatch(r"[a-z][a-z'’-]+", token) and token not in _NOT_NAMES for token in tokens
    )


def _is_name(part: str, trusted: bool) -> bool:
    tokens = part.split()
    if not 1 <= len(tokens) <= (6 if trusted else 4):
        return False
    words = {token.lower().strip(".") for token in tokens}
    if words & _NOT_NAMES or (not trusted and words & _ORGANISATION_WORDS):
        return False
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", part):
        return len(part) <= 12
    for token in tokens:
        if not _NAME_TOKEN.match(token):
            return False
        if token[0].islower() and token not in _PARTICLES and not trusted:
            return False
        if not trusted and len(token) > 2 and token.isupper() and "." not in token:
            return False  # "MSRA", "NTU": an institution's acronym
    return any(token[0].isupper() for token in tokens)
