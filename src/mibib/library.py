"""library.bib: read it into Papers, and change it by splicing entry text.

The only module that imports bibtexparser, and the one place that names the
BibTeX fields holding mibib's tags. Changes never re-serialise the file: an
added, retagged or removed entry replaces only its own text, so every other
byte stays as it was.
"""

import contextlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from mibib.errors import DuplicateEntryError, EntryNotFoundError, LibraryFormatError
from mibib.model import Paper

# mibib's own fields. A .bib file's `keywords` are left alone: tags live only here.
OWN_PREFIX = "mibib-"
CATEGORY_FIELD = "mibib-categories"
TECHNIQUE_FIELD = "mibib-techniques"
EVALUATION_FIELD = "mibib-evaluation"
TLDR_FIELD = "mibib-tldr"
CATEGORY_TLDR_PREFIX = "mibib-tldr-"
TAG_FIELDS = {
    "category": CATEGORY_FIELD,
    "technique": TECHNIQUE_FIELD,
    "evaluation": EVALUATION_FIELD,
}

# Field order and spelling of entries mibib writes (arXiv's own export style first).
FIELD_ORDER = (
    "title", "author", "editor", "booktitle", "journal", "howpublished", "year", "month",
    "volume", "number", "pages", "publisher", "organization", "doi", "eprint",
    "archiveprefix", "primaryclass", "url", "abstract",
)  # fmt: skip
FIELD_SPELLING = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}
# fuzz.ratio on normalised titles. 95 catches the same title re-typed (case, punctuation,
# a plural: 99-100) but not a follow-up paper: "Locating and Editing Factual Associations
# in GPT" vs "... in Mamba" scores 91.8 and must stay two entries.
TITLE_DUPLICATE_THRESHOLD = 95.0


@dataclass
class Library:
    """The file's text and its entries; `spans` locate each entry's text by key."""

    path: Path | None
    text: str
    papers: list[Paper] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    changed: bool = False

    def keys(self) -> set[str]:
        return {paper.key for paper in self.papers}

    def get(self, key: str) -> Paper:
        for paper in self.papers:
            if paper.key == key:
                return paper
        lowered = {paper.key.lower(): paper for paper in self.papers}
        if key.lower() in lowered:
            return lowered[key.lower()]
        raise EntryNotFoundError(_not_found_message(key, [paper.key for paper in self.papers]))

    def find_duplicate(self, candidate: Paper) -> tuple[Paper, str] | None:
        """An entry that is the same paper: same arXiv id, DOI, or near-identical title."""
        arxiv, doi = candidate.arxiv, candidate.doi
        for paper in self.papers:
            if arxiv and paper.arxiv == arxiv:
                return paper, f"same arXiv id {arxiv}"
            if doi and paper.doi == doi:
                return paper, f"same DOI {doi}"
        title = candidate.title
        if not title:
            return None
        from rapidfuzz import fuzz, process, utils

        titles = [paper.title for paper in self.papers]
        best = process.extractOne(
            title,
            titles,
            scorer=fuzz.ratio,
            processor=utils.default_process,
            score_cutoff=TITLE_DUPLICATE_THRESHOLD,
        )
        if best is None:
            return None
        return self.papers[best[2]], f"title matches ({best[1]:.0f}%)"

    def unique_key(self, key: str, also_taken: set[str] = frozenset()) -> str:
        """`key`, or `key` with the first free suffix a, b, … when it is taken.

        `also_taken` holds lower-case keys reserved elsewhere (e.g. earlier entries
        of the same import).
        """
        taken = {existing.lower() for existing in self.keys()} | also_taken
        if key.lower() not in taken:
            return key
        for suffix in "abcdefghijklmnopqrstuvwxyz":
            if f"{key}{suffix}".lower() not in taken:
                return f"{key}{suffix}"
        number = 2
        while f"{key}-{number}".lower() in taken:
            number += 1
        return f"{key}-{number}"

    def add(self, paper: Paper) -> None:
        """Insert the entry at its sorted place (by key); nothing else moves."""
        if paper.key.lower() in {key.lower() for key in self.keys()}:
            raise DuplicateEntryError(f"key '{paper.key}' is already in the library")
        entry_text = render_entry(paper)
        new_key = paper.key.lower()
        following = sorted(
            (start, key) for key, (start, _) in self.spans.items() if key.lower() > new_key
        )
        if following:
            position = following[0][0]
            self._splice(position, position, entry_text + "\n\n", paper.key, len(entry_text))
        else:
            prefix = self.text
            if prefix and not prefix.endswith("\n"):
                prefix += "\n"
            separator = "\n" if prefix.strip() else ""
            position = len(prefix) + len(separator)
            self.text = prefix + separator
            self._splice(position, position, entry_text + "\n", paper.key, len(entry_text))
        paper.line = self.text.count("\n", 0, self.spans[paper.key][0]) + 1
        self.papers.append(paper)
        self.papers.sort(key=lambda item: self.spans[item.key][0])
        self._renumber()

    def retag(self, paper: Paper) -> None:
        """Rewrite only mibib's own fields of an existing entry; other fields keep their bytes."""
        start, end = self.spans[paper.key]
        old = self.text[start:end]
        new = replace_own_fields(old, own_fields(paper))
        if new != old:
            self._splice(start, end, new, paper.key, len(new))
            for index, existing in enumerate(self.papers):
                if existing.key == paper.key:
                    self.papers[index] = paper
            self._renumber()

    def fill_fields(self, key: str, fields: dict[str, str]) -> None:
        """Add fields the entry lacks (e.g. from `import --merge`); every other byte is kept."""
        paper = self.get(key)
        start, end = self.spans[paper.key]
        old = self.text[start:end]
        new = add_fields(
            old, [(FIELD_SPELLING.get(name, name), value) for name, value in fields.items()]
        )
        if new != old:
            self._splice(start, end, new, paper.key, len(new))
            paper.fields.update(fields)
            self._renumber()

    def remove(self, key: str) -> Paper:
        """Delete the entry's text and the blank line after it."""
        paper = self.get(key)
        start, end = self.spans.pop(paper.key)
        while end < len(self.text) and self.text[end] in " \t":
            end += 1
        if self.text.startswith("\n", end):
            end += 1
        if self.text.startswith("\n", end):
            end += 1
        self.text = self.text[:start] + self.text[end:]
        delta = start - end
        self.spans = {
            other: (s + delta, e + delta) if s >= end else (s, e)
            for other, (s, e) in self.spans.items()
        }
        self.papers = [item for item in self.papers if item.key != paper.key]
        self.changed = True
        self._renumber()
        return paper

    def _splice(self, start: int, end: int, new: str, key: str, entry_length: int) -> None:
        delta = len(new) - (end - start)
        self.text = self.text[:start] + new + self.text[end:]
        self.spans = {
            other: (s + delta, e + delta) if s >= end and other != key else (s, e)
            for other, (s, e) in self.spans.items()
        }
        self.spans[key] = (start, start + entry_length)
        self.changed = True

    def _renumber(self) -> None:
        # Lines are counted incrementally: one pass over the text, not one per entry.
        line, offset = 1, 0
        for paper in sorted(self.papers, key=lambda item: self.spans[item.key][0]):
            start = self.spans[paper.key][0]
            line += self.text.count("\n", offset, start)
            offset = start
            paper.line = line


def load_library(path: Path, use_cache: bool = True) -> Library:
    """Read library.bib; refuse (LibraryFormatError) anything that a save would lose."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LibraryFormatError(
            f"{path}: no library file (run `mibib init`, or pass --library PATH)"
        ) from None
    except OSError as exc:
        raise LibraryFormatError(f"{path}: cannot read: {exc}") from exc
    text = decode_bibtex(data, str(path))
    if use_cache:
        from mibib import cache

        cached = cache.load_cached(path, data)
        if cached is not None:
            papers, spans = cached
            return Library(path=path, text=text, papers=papers, spans=spans)
    library = parse_library(text, str(path))
    library.path = path
    if use_cache:
        from mibib import cache

        cache.save_cached(path, data, library.papers, library.spans)
    return library


def save_library(library: Library) -> None:
    """Write the library atomically and refresh the parse cache; a no-op when unchanged."""
    from mibib import cache
    from mibib.files import write_atomic

    if library.path is None or not library.changed:
        return
    write_atomic(library.path, library.text)
    cache.save_cached(library.path, library.text.encode("utf-8"), library.papers, library.spans)
    library.changed = False


def decode_bibtex(data: bytes, source: str) -> str:
    """UTF-8 text of a .bib file; other encodings are refused with the failing line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LibraryFormatError(
            f"{source}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}); "
            "convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LibraryFormatError(f"{source}:{line}: binary data (NUL byte); not a BibTeX file")
    return text.removeprefix("\ufeff")


def parse_library(text: str, source: str = "library.bib") -> Library:
    """Parse BibTeX text into a Library; every unparsable block is an error with its line."""
    import bibtexparser
    from bibtexparser import model as bib

    with _captured_parser_warnings() as warnings:
        parsed = bibtexparser.parse_string(text)
    problems = []
    for block in parsed.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            problems.append(f"{source}:{line}: duplicate key '{block.key}' (rename or merge it)")
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            problems.append(
                f"{source}:{line}: entry '{block.ignore_error_block.key}' has a field twice "
                f"({', '.join(sorted(block.duplicate_keys))}); keep one"
            )
        else:
            reason = _failure_reason(block, warnings)
            problems.append(f"{source}:{line}: cannot parse this block ({reason}); fix it by hand")
    if problems:
        raise LibraryFormatError(problems[0], problems=problems)

    library = Library(path=None, text=text)
    offsets = _line_offsets(text)
    for entry in parsed.entries:
        start = text.find(entry.raw, offsets[entry.start_line])
        if start < 0:  # bibtexparser reports raw text as read, so this is a bug if it happens
            raise LibraryFormatError(f"{source}:{entry.start_line + 1}: cannot locate entry")
        library.spans[entry.key] = (start, start + len(entry.raw))
        library.papers.append(entry_to_paper(entry))
    return library


def entry_to_paper(entry) -> Paper:
    """A bibtexparser Entry to a Paper: mibib's fields become tags, the rest stay fields."""
    paper = Paper(key=entry.key, entry_type=entry.entry_type.lower(), line=entry.start_line + 1)
    for item in entry.fields:
        name = item.key.lower()
        value = item.value if isinstance(item.value, str) else str(item.value)
        if name == CATEGORY_FIELD:
            paper.categories = split_tags(value)
        elif name == TECHNIQUE_FIELD:
            paper.techniques = split_tags(value)
        elif name == EVALUATION_FIELD:
            paper.evaluation = split_tags(value)
        elif name == TLDR_FIELD:
            paper.tldr = " ".join(value.split())
        elif name.startswith(CATEGORY_TLDR_PREFIX):
            paper.category_tldrs[name[len(CATEGORY_TLDR_PREFIX) :]] = " ".join(value.split())
        else:
            paper.fields[name] = value
    return paper


def split_tags(value: str) -> list[str]:
    return [tag.strip() for tag in value.split(",") if tag.strip()]


def own_fields(paper: Paper) -> list[tuple[str, str]]:
    """mibib's fields for a paper, in the order they are written."""
    fields = []
    for facet, name in TAG_FIELDS.items():
        tags = paper.tags(facet)
        if tags:
            fields.append((name, ", ".join(tags)))
    if paper.tldr:
        fields.append((TLDR_FIELD, paper.tldr))
    for category, text in paper.category_tldrs.items():
        fields.append((f"{CATEGORY_TLDR_PREFIX}{category}", text))
    return fields


def render_entry(paper: Paper) -> str:
    """BibTeX text for a new entry: fixed field order, two-space indent, braced values."""
    rank = {name: index for index, name in enumerate(FIELD_ORDER)}
    names = sorted(paper.fields, key=lambda name: rank.get(name, len(rank)))
    items = [(FIELD_SPELLING.get(name, name), paper.fields[name]) for name in names]
    items += own_fields(paper)
    lines = [f"@{paper.entry_type}{{{paper.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in items]
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}"


def replace_own_fields(entry_text: str, fields: list[tuple[str, str]]) -> str:
    """Swap the tag and TL;DR fields in an entry's text; every other byte is kept."""
    text = entry_text
    for start, end, name in reversed(field_spans(entry_text)):
        if _is_tag_field(name):
            text = text[:start] + text[end:]
    inner = text.rstrip()[:-1].rstrip()
    if not fields:
        return inner + "\n}"
    if not inner.endswith(","):
        inner += ","
    indent = _field_indent(entry_text)
    added = ",\n".join(f"{indent}{name} = {{{value}}}" for name, value in fields)
    return f"{inner}\n{added}\n}}"


def add_fields(entry_text: str, fields: list[tuple[str, str]]) -> str:
    """Insert fields before mibib's own fields, else before the closing brace.

    Existing lines keep their bytes; at most a comma is added after the last value.
    """
    if not fields:
        return entry_text
    indent = _field_indent(entry_text)
    lines = [f"{indent}{name} = {{{value}}}" for name, value in fields]
    own = [start for start, _, name in field_spans(entry_text) if _is_tag_field(name)]
    if own and (own[0] == 0 or entry_text[own[0] - 1] == "\n"):
        position = own[0]
        return (
            entry_text[:position] + "".join(f"{line},\n" for line in lines) + entry_text[position:]
        )
    closing = entry_text.rstrip().rfind("}")
    body = entry_text[:closing]
    kept = body.rstrip()
    between = body[len(kept) :]
    if "\n" not in between:
        between = "\n"
    comma = "" if kept.endswith(",") else ","
    return kept + comma + "\n" + ",\n".join(lines) + between + entry_text[closing:]


def field_spans(entry_text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-case name) of each field, its whole line(s) when it stands alone."""
    spans = []
    opener = re.search(r"[{(]", entry_text)  # @type{key, … or @type(key, …
    position = entry_text.find(",", opener.start() if opener else 0) + 1
    name_pattern = re.compile(r"\s*([^\s=,{}\"#]+)\s*=\s*")
    while position > 0:
        match = name_pattern.match(entry_text, position)
        if match is None:
            break
        end = _value_end(entry_text, match.end())
        if end is None:
            break
        start = match.start(1)
        line_start = entry_text.rfind("\n", 0, start) + 1
        if not entry_text[line_start:start].strip():
            start = line_start
        tail = re.compile(r"[ \t]*,?[ \t]*(\n|(?=\S))").match(entry_text, end)
        spans.append((start, tail.end() if tail else end, match.group(1).lower()))
        position = tail.end() if tail else end
    return spans


def strip_own_fields(entry_text: str) -> str:
    """The entry without mibib's fields (every `mibib-*` one); unchanged when it has none."""
    own = [(start, end) for start, end, name in field_spans(entry_text) if _is_own_field(name)]
    if not own:
        return entry_text
    text = entry_text
    for start, end in reversed(own):
        text = text[:start] + text[end:]
    body = text.rstrip()
    inner, closer = body[:-1].rstrip(), body[-1]
    if field_spans(text):  # a trailing comma after the last kept field goes too
        inner = inner.removesuffix(",")
    return f"{inner}\n{closer}"


def render_citations(library: Library, keys: list[str], clean: bool = False) -> str:
    """BibTeX for citing: each entry's text exactly as stored, after the @string
    definitions it may use; `clean` drops mibib's own fields."""
    entries = [library.text[slice(*library.spans[key])] for key in keys]
    if clean:
        entries = [strip_own_fields(entry) for entry in entries]
    if not entries:
        return ""
    joined = "\n".join(entries)
    strings = [
        raw
        for name, raw in string_definitions(library.text)
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", joined, re.IGNORECASE)
    ]
    return "\n\n".join([*strings, *entries]) + "\n"


def string_definitions(text: str) -> list[tuple[str, str]]:
    """(name, text as written) of each @string definition in BibTeX text."""
    if "@string" not in text.lower():
        return []
    import bibtexparser

    return [(block.key, block.raw) for block in bibtexparser.parse_string(text).strings]


def _is_own_field(name: str) -> bool:
    return name.startswith(OWN_PREFIX)


def _is_tag_field(name: str) -> bool:
    is_tldr = name == TLDR_FIELD or name.startswith(CATEGORY_TLDR_PREFIX)
    return is_tldr or name in TAG_FIELDS.values()


def _value_end(text: str, start: int) -> int | None:
    """End offset of a value: braced, quoted or bare pieces joined with `#`."""
    position = start
    while True:
        if position >= len(text):
            return None
        opener = text[position]
        if opener in '{"':
            closer = "}" if opener == "{" else '"'
            depth = 0
            for index in range(position, len(text)):
                char = text[index]
                if char == "{":
                    depth += 1
                elif char == "}":
                    depth -= 1
                if (depth == 0 and char == closer and index > position) or (
                    closer == "}" and depth == 0
                ):
                    position = index + 1
                    break
            else:
                return None
        else:
            bare = re.compile(r"[^,}#\s]*").match(text, position)
            position = bare.end()
        after = re.compile(r"\s*#\s*").match(text, position)
        if after is None:
            return position
        position = after.end()


def _field_indent(entry_text: str) -> str:
    match = re.search(r"\n([ \t]+)\S", entry_text)
    return match.group(1) if match else "  "


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    position = text.find("\n")
    while position >= 0:
        offsets.append(position + 1)
        position = text.find("\n", position + 1)
    return offsets


def _failure_reason(block, warnings: list[str]) -> str:
    """bibtexparser's own words for a failed block (it logs them, keyed by 0-based line)."""
    marker = f"(line {block.start_line})"
    for message in warnings:
        if marker in message:
            return message.strip().splitlines()[-1].strip().rstrip(".")
    error = str(getattr(block, "error", "") or "").strip()
    return error.splitlines()[-1].rstrip(".") if error else "syntax error"


@contextlib.contextmanager
def _captured_parser_warnings():
    """Collect bibtexparser's log messages instead of letting them reach stderr."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("bibtexparser")
    handler, propagate = Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _not_found_message(key: str, keys: list[str]) -> str:
    from rapidfuzz import process

    best = process.extractOne(key, keys, score_cutoff=70) if keys else None
    hint = f" (did you mean '{best[0]}'?)" if best else " (see `mibib list`)"
    return f"no entry with key '{key}'{hint}"
