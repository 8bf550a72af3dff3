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

from mibib.bibtext import (
    block_start,
    entry_lines,
    field_spans,
    insert_fields,
    is_balanced,
    newline_of,
    parse_layout,
    set_fields,
    unwrap,
    with_blank_line_at_end,
)
from mibib.errors import DuplicateEntryError, EntryNotFoundError, LibraryFormatError, MibibError
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
# What BibTeX and bibtexparser both accept as a key, so a written entry always reads back.
VALID_KEY = re.compile(r"[^\s,{}()\"#%'=\\@~]+")


@dataclass
class Library:
    """The file's text and its entries; `spans` locate each entry's text by key."""

    path: Path | None
    text: str
    papers: list[Paper] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    changed: bool = False
    # Digest of the bytes read from disk: a save refuses to overwrite other changes.
    disk_digest: str | None = None

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
        """Insert the entry at its sorted place (by key); nothing else moves.

        It goes before the next entry by key (and any `%` comment lines right
        above that entry), or at the end, in the file's own line endings.
        """
        if paper.key.lower() in {key.lower() for key in self.keys()}:
            raise DuplicateEntryError(f"key '{paper.key}' is already in the library")
        if not VALID_KEY.fullmatch(paper.key):
            raise MibibError(
                f"'{paper.key}' cannot be a BibTeX key (no spaces, commas, braces, quotes, "
                "#, % or =); choose another key"
            )
        _normalise_tldrs(paper)
        newline = newline_of(self.text)
        entry_text = render_entry(paper).replace("\n", newline)
        _verify_entry(entry_text, paper)
        new_key = paper.key.lower()
        following = sorted(
            (start, key) for key, (start, _) in self.spans.items() if key.lower() > new_key
        )
        if following:
            floor = max((e for _, e in self.spans.values() if e <= following[0][0]), default=0)
            position = block_start(self.text, following[0][0], floor)
            self._splice(position, position, entry_text + newline * 2, paper.key, len(entry_text))
        else:
            prefix = self.text
            if prefix.strip():
                prefix = with_blank_line_at_end(prefix, newline)
            self.text = prefix
            self._splice(len(prefix), len(prefix), entry_text + newline, paper.key, len(entry_text))
        self.papers.append(paper)
        self.papers.sort(key=lambda item: self.spans[item.key][0])
        self._renumber()

    def retag(self, paper: Paper) -> None:
        """Rewrite only mibib's own fields of an existing entry; other fields keep their bytes."""
        current = self.get(paper.key)
        start, end = self.spans[current.key]
        old = self.text[start:end]
        _normalise_tldrs(paper)
        for name, value in own_fields(paper):
            _check_value(current.key, name, value)
        try:
            new = replace_own_fields(old, own_fields(paper))
        except LibraryFormatError as exc:
            where = f"{self.path or 'library.bib'}:{current.line}"
            raise LibraryFormatError(f"{where}: entry '{current.key}': {exc}") from None
        paper.key = current.key
        _verify_entry(new, paper, reference=old)
        for index, existing in enumerate(self.papers):
            if existing.key == current.key:
                self.papers[index] = paper
        if new != old:
            self._splice(start, end, new, current.key, len(new))
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

    def update_fields(self, key: str, changes: dict[str, str | None]) -> Paper:
        """Set or delete BibTeX fields (lower-case names; None deletes) of one entry.

        Only those fields' text changes; the entry's other lines keep their bytes.
        mibib's own fields are changed with `retag`.
        """
        paper = self.get(key)
        for name, value in changes.items():
            if _is_tag_field(name):
                raise ValueError(f"{name} is one of mibib's own fields; use retag")
            if value is not None and not is_balanced(value):
                raise LibraryFormatError(
                    f"entry '{paper.key}': the new {name} has unbalanced braces ({value!r})"
                )
        start, end = self.spans[paper.key]
        old = self.text[start:end]
        try:
            new = replace_fields(old, changes)
        except LibraryFormatError as exc:
            where = f"{self.path or 'library.bib'}:{paper.line}"
            raise LibraryFormatError(f"{where}: entry '{paper.key}': {exc}") from None
        if new == old:
            return paper
        fields = dict(paper.fields)
        for name, value in changes.items():
            if value is None:
                fields.pop(name, None)
            else:
                fields[name] = value
        _verify_update(new, old, changes)
        self._splice(start, end, new, paper.key, len(new))
        paper.fields = fields
        self._renumber()
        return paper

    def remove(self, key: str) -> Paper:
        """Delete the entry's lines and one blank line beside it; other lines stay."""
        paper = self.get(key)
        start, end = entry_lines(self.text, *self.spans.pop(paper.key))
        text = self.text
        self.text = text[:start] + text[end:]
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
    digest = _digest(data)
    del data  # a large library's bytes need not stay in memory beside its text
    if use_cache:
        from mibib import cache

        cached = cache.load_cached(path, digest)
        if cached is not None:
            papers, spans = cached
            return Library(path, text, papers, spans, disk_digest=digest)
    library = parse_library(text, str(path))
    library.path = path
    library.disk_digest = digest
    if use_cache:
        from mibib import cache

        cache.save_cached(path, digest, library.papers, library.spans)
    return library


def save_library(library: Library) -> None:
    """Write the library atomically and refresh the parse cache; a no-op when unchanged.

    Call it inside `files.locked(library.path)`, with the library loaded inside
    the same lock. If the file changed on disk since it was read (an editor that
    does not take the lock), nothing is written.
    """
    from mibib import cache
    from mibib.files import write_atomic

    if library.path is None or not library.changed:
        return
    if library.disk_digest is not None:
        try:
            current = _digest(library.path.read_bytes())
        except OSError:
            current = None
        if current != library.disk_digest:
            raise MibibError(
                f"{library.path}: changed on disk since mibib read it; "
                "nothing was written (run the command again)"
            )
    library.disk_digest = _digest(write_atomic(library.path, library.text))
    cache.save_cached(library.path, library.disk_digest, library.papers, library.spans)
    library.changed = False


def _digest(data: bytes) -> str:
    """SHA-256 of the file's bytes: the parse cache's key and the changed-on-disk check."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


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

    try:
        with _captured_parser_warnings() as warnings:
            parsed = bibtexparser.parse_string(text)
    except RecursionError:
        raise LibraryFormatError(f"{source}:1: nested too deeply to read; fix it by hand") from None
    except Exception as exc:  # a parser bug must not cost the user a traceback
        raise LibraryFormatError(
            f"{source}:1: the BibTeX parser failed ({type(exc).__name__}: {exc}); fix it by hand"
        ) from exc
    problems = _parse_problems(parsed, source, warnings)
    if problems:
        raise LibraryFormatError(problems[0], problems=problems)

    library = Library(path=None, text=text)
    search_from = 0
    for entry in parsed.entries:
        start = text.find(entry.raw, search_from)
        if start < 0:  # bibtexparser reports raw text as read, so this is a bug if it happens
            raise LibraryFormatError(f"{source}:{entry.start_line + 1}: cannot locate entry")
        search_from = start + len(entry.raw)
        library.spans[entry.key] = (start, search_from)
        library.papers.append(entry_to_paper(entry))
    return library


def _parse_problems(parsed, source: str, warnings: list[str]) -> list[str]:
    """Failed blocks, duplicate keys and entries closed early by a stray `}`, with lines."""
    from bibtexparser import model as bib

    problems = []
    for block in parsed.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            problems.append(f"{source}:{line}: duplicate key '{block.key}' (rename or merge it)")
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            key = getattr(block.ignore_error_block, "key", "?")
            problems.append(
                f"{source}:{line}: entry '{key}' has a field twice "
                f"({', '.join(sorted(block.duplicate_keys))}); keep one"
            )
        else:
            reason = _failure_reason(block, warnings)
            problems.append(f"{source}:{line}: cannot parse this block ({reason}); fix it by hand")
    previous = None
    for block in parsed.blocks:
        if (
            isinstance(block, bib.ImplicitComment)
            and isinstance(previous, bib.Entry)
            and block.raw.lstrip().startswith(("}", ",", ")"))
        ):
            line = (block.start_line or 0) + 1
            problems.append(
                f"{source}:{line}: entry '{previous.key}' is closed early by an extra '}}' "
                "(unbalanced braces); fix it by hand"
            )
        previous = block
    return sorted(problems, key=_problem_line)


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
    if paper.tldr.strip():
        fields.append((TLDR_FIELD, " ".join(paper.tldr.split())))
    for category, text in paper.category_tldrs.items():
        if text.strip():
            fields.append((f"{CATEGORY_TLDR_PREFIX}{category}", " ".join(text.split())))
    return fields


def render_entry(paper: Paper) -> str:
    """BibTeX text for a new entry: fixed field order, two-space indent, braced values."""
    rank = {name: index for index, name in enumerate(FIELD_ORDER)}
    names = sorted(paper.fields, key=lambda name: rank.get(name, len(rank)))
    items = [(FIELD_SPELLING.get(name, name), paper.fields[name]) for name in names]
    items += own_fields(paper)
    for name, value in items:
        _check_value(paper.key, name, value)
    lines = [f"@{paper.entry_type}{{{paper.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in items]
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}"


def replace_own_fields(entry_text: str, fields: list[tuple[str, str]]) -> str:
    """Set the tag and TL;DR fields in an entry's text; every other byte is kept.

    Unchanged fields keep their bytes, changed ones are rewritten in place,
    dropped ones go with their separator, new ones follow the last field.
    """
    for name, value in fields:
        _check_value("", name, value)
    result = set_fields(entry_text, fields, _is_tag_field, _same_value)
    if result is None:
        raise LibraryFormatError("its fields cannot be located safely; edit its tags by hand")
    return result


def add_fields(entry_text: str, fields: list[tuple[str, str]]) -> str:
    """Insert fields before mibib's own fields, else after the last field.

    Existing bytes are kept; new fields follow the entry's newline, indent and
    one-line/multi-line style.
    """
    if not fields:
        return entry_text
    for name, value in fields:
        _check_value("", name, value)
    result = insert_fields(entry_text, fields, before=_is_own_field)
    if result is None:
        raise LibraryFormatError("its fields cannot be located safely; edit it by hand")
    return result


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


def replace_fields(entry_text: str, changes: dict[str, str | None]) -> str:
    """Set (braced) or delete (None) fields in an entry's text; every other byte is kept.

    A changed value is rewritten in place, a deleted field goes with its separator,
    and a new field goes where `add_fields` puts it: before mibib's own fields, else last.
    """
    for name, value in changes.items():
        if value is not None:
            _check_value("", name, value)
    layout = parse_layout(entry_text)
    if layout is None:
        raise LibraryFormatError("its fields cannot be located safely; edit it by hand")
    present = {span.name for span in layout.fields}
    kept = [(name, value) for name, value in changes.items() if value is not None]
    result = set_fields(
        entry_text,
        [(name, value) for name, value in kept if name in present],
        managed=lambda name: name in changes,
        same=_same_text,
    )
    added = [(FIELD_SPELLING.get(name, name), value) for name, value in kept if name not in present]
    return add_fields(result, added)


def _same_text(name: str, written: str, value: str) -> bool:
    """Whether a written field already holds exactly `value` (so its bytes can stay)."""
    return written == value or unwrap(written) == value


def _is_tag_field(name: str) -> bool:
    is_tldr = name == TLDR_FIELD or name.startswith(CATEGORY_TLDR_PREFIX)
    return is_tldr or name in TAG_FIELDS.values()


def _same_value(name: str, written: str, value: str) -> bool:
    """Whether a written own field already says `value` (so its bytes can stay)."""
    inner = unwrap(written)
    if inner is None:
        return False
    if name in TAG_FIELDS.values():
        return split_tags(inner) == split_tags(value)
    return " ".join(inner.split()) == " ".join(value.split())


def _normalise_tldrs(paper: Paper) -> None:
    """TL;DRs as a load would read them back: one line, single spaces, none empty."""
    paper.tldr = " ".join(paper.tldr.split())
    paper.category_tldrs = {
        category: " ".join(text.split())
        for category, text in paper.category_tldrs.items()
        if text.strip()
    }


def _verify_entry(entry_text: str, paper: Paper, reference: str | None = None) -> None:
    """Refuse to write an entry that would not read back as `paper` (never write garbage).

    Without `reference` every field must match; with it, the fields must match
    what the entry's old text gave (macros stay unresolved in both).
    """
    try:
        parsed = parse_library(entry_text).papers
        expected = parse_library(reference).papers[0].fields if reference else paper.fields
    except LibraryFormatError:
        parsed, expected = [], None
    wanted = own_fields(paper)
    if len(parsed) != 1 or parsed[0].fields != expected or own_fields(parsed[0]) != wanted:
        raise MibibError(
            f"entry '{paper.key}' would not read back as written (a value ending in a "
            "backslash, or braces the parser pairs differently?); nothing was written"
        )


def _verify_update(entry_text: str, old_text: str, changes: dict[str, str | None]) -> None:
    """Refuse an updated entry that would not read back as the old one with `changes`."""
    try:
        parsed = parse_library(entry_text).papers
        old = parse_library(old_text).papers[0]
    except LibraryFormatError:
        parsed, old = [], None
    expected = dict(old.fields) if old else {}
    for name, value in changes.items():
        if value is None:
            expected.pop(name, None)
        else:
            expected[name] = value
    if len(parsed) != 1 or parsed[0].fields != expected or own_fields(parsed[0]) != own_fields(old):
        raise MibibError(
            f"entry '{old.key if old else '?'}' would not read back as updated; "
            "nothing was written (edit it by hand)"
        )


def _check_value(key: str, name: str, value: str) -> None:
    if not is_balanced(value):
        where = f"field '{name}' of '{key}'" if key else f"field '{name}'"
        raise MibibError(
            f"{where} has unbalanced braces: {value[:60]!r}; balance every {{ with a }}"
        )


def _problem_line(problem: str) -> int:
    match = re.search(r":(\d+): ", problem)
    return int(match.group(1)) if match else 0


def _failure_reason(block, warnings: list[str]) -> str:
    """bibtexparser's own words for a failed block (its log line, else its error)."""
    marker = f"(line {block.start_line})"
    reason = next((message for message in warnings if marker in message), "")
    if not reason:
        error = getattr(block, "error", None)
        reason = getattr(error, "abort_reason", None) or str(error or "")
    lines = [line.strip() for line in reason.splitlines() if line.strip()]
    message = lines[-1].rstrip(".") if lines else "syntax error"
    if "Unexpected block start" in message or "end of file" in message:
        message += "; unbalanced braces or quotes?"
    return message


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
