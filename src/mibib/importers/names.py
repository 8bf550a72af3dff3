"""People's and teams' names around a title: author lists, a lone name, organisations. Pure.

Its own module because who wrote a paper is read by rules of its own (particles, initials,
`Surname, Given` pairs, `et al.` in several languages, words that make a phrase a title or
a team), used by the details, title and citation readers alike.
"""

import re

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
ET_AL = re.compile(r",?\s*(?:et\.?\s*al\.?|and others|等人?|ら|ほか|외)\s*$", re.IGNORECASE)
_ELLIPSIS = {"…", "...", "..", "etc", "etc."}


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
    others = bool(ET_AL.search(text))
    surnames = bool(re.search(r"(?:等人?|ら|ほか|외)\s*$", text))  # `Zeng, Wu ら`: surnames
    text = ET_AL.sub("", text)
    names: list[str] = []
    rejected = lower = 0
    inverted = inverted_names(text)
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


def inverted_names(text: str) -> list[str]:
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
