"""Three-way merge of library.bib texts by entry key, for the git merge driver.

Entries are merged by key: what one side changed wins over the base, byte for
byte; what both sides changed differently is left between conflict markers for
a person. Blocks between entries (@string, @comment, @preamble, free text) are
merged the same way, a @string by its name and any other block by its text.
Entries added on the two sides under different keys are checked with identity's rule:
the same paper twice (or one id on two papers) is a conflict, a possible duplicate a
warning. Pure: takes and returns text, never touches files, never prints.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from mibib.identity.index import Index
from mibib.identity.same import POSSIBLE, SAME, SHARED
from mibib.library import parse_library
from mibib.model import Paper

MARKER_SIZE = 7
_BLOCK_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_STRING_NAME = re.compile(r"\s*@\s*string\s*[{(]\s*([^\s=,{}()]+)", re.IGNORECASE)


@dataclass
class Unit:
    """An entry or another block, with the whitespace that follows it in its file."""

    ident: tuple
    text: str
    tail: str = ""
    last: bool = False


@dataclass
class Layout:
    lead: str
    units: list[Unit]
    papers: list[Paper] = field(default_factory=list)


@dataclass
class MergeResult:
    """The merged text, one line per conflict (empty when clean) and per warning."""

    text: str
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def merge_libraries(
    base: str, ours: str, theirs: str, labels: tuple[str, str] = ("ours", "theirs")
) -> MergeResult:
    """Merge two changed versions of a library against their common base.

    Raises LibraryFormatError when a version cannot be parsed.
    """
    if ours == theirs or base == theirs:
        return MergeResult(ours)
    if base == ours:
        return MergeResult(theirs)
    layouts = [split_units(text, name) for text, name in ((base, "base"), (ours, "ours"))]
    layouts.append(split_units(theirs, "theirs"))
    texts = [{unit.ident: unit.text for unit in layout.units} for layout in layouts]
    merged, conflicts = _merge_units(layouts[1], layouts[2], texts, labels)
    same, possible = _same_papers_added(*layouts, labels)
    conflicts += same
    if not merged:
        return MergeResult("", conflicts, possible)
    newline = "\r\n" if "\r\n" in ours else "\n"
    separator = _usual_separator(layouts[1]) or newline * 2
    final_tail = layouts[1].units[-1].tail if layouts[1].units else newline
    pieces = [layouts[1].lead]
    for index, unit in enumerate(merged):
        if index == len(merged) - 1:
            tail = final_tail
        else:
            tail = separator if unit.last or "\n" not in unit.tail else unit.tail
        pieces += [unit.text, tail]
    return MergeResult("".join(pieces), conflicts, possible)


def _same_papers_added(base: Layout, ours: Layout, theirs: Layout, labels) -> tuple[list, list]:
    """Entries one side added that are, by identity's rule, an entry of the other side
    under another key: conflicts (same paper, or an id on two papers) and warnings."""
    old = {paper.key for paper in base.papers}
    conflicts, warnings, seen = [], [], set()
    for side, other, (mine, their) in ((theirs, ours, labels[::-1]), (ours, theirs, labels)):
        index = Index(other.papers)
        for paper in side.papers:
            if paper.key in old:
                continue
            found = index.match(paper)
            if found is None or found.paper.key == paper.key:
                continue
            pair = frozenset((paper.key, found.paper.key))
            if pair in seen:
                continue
            seen.add(pair)
            named = f"entry '{paper.key}' ({mine}) and '{found.paper.key}' ({their})"
            if found.verdict == SAME:
                conflicts.append(f"{named} are the same paper ({found.reason}): keep one")
            elif found.verdict == POSSIBLE:
                warnings.append(f"{named} may be the same paper: {found.reason}")
            elif found.verdict == SHARED:
                warnings.append(f"{named} are two works: {found.reason} but {found.detail}")
            else:
                conflicts.append(
                    f"{named}: {found.reason} but {found.detail}: one of them has the wrong id"
                )
    return conflicts, warnings


def split_units(text: str, source: str) -> Layout:
    """The entries and other blocks of a library text, in file order."""
    library = parse_library(text, source)
    pieces: list[tuple[int, int, tuple]] = []
    position = 0
    for key, (start, end) in sorted(library.spans.items(), key=lambda item: item[1]):
        pieces += _blocks(text, position, start)
        pieces.append((start, end, ("entry", key)))
        position = end
    pieces += _blocks(text, position, len(text))
    seen: Counter = Counter()
    units = []
    for start, end, ident in pieces:
        if ident[0] != "entry":
            seen[ident] += 1
            ident = (*ident, seen[ident])
        units.append(Unit(ident, text[start:end]))
    for index, unit in enumerate(units):
        end = pieces[index][1]
        following = pieces[index + 1][0] if index + 1 < len(pieces) else len(text)
        unit.tail = text[end:following]
    if units:
        units[-1].last = True
    lead = text[: pieces[0][0]] if pieces else text
    return Layout(lead, units, library.papers)


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int, tuple]]:
    """Non-entry blocks between two entries: each starts at a line beginning with `@`."""
    cuts = [start, *(m.start() for m in _BLOCK_START.finditer(text, start, end)), end]
    blocks = []
    for begin, finish in zip(cuts, cuts[1:], strict=False):
        chunk = text[begin:finish]
        if not chunk.strip():
            continue
        begin += len(chunk) - len(chunk.lstrip())
        finish = begin + len(chunk.strip())
        content = text[begin:finish]
        name = _STRING_NAME.match(content)
        ident = ("string", name.group(1).lower()) if name else ("block", content)
        blocks.append((begin, finish, ident))
    return blocks


def _merge_units(ours: Layout, theirs: Layout, texts: list[dict], labels) -> tuple[list, list]:
    base_texts, our_texts, their_texts = texts
    conflicts: list[str] = []

    def resolve(unit: Unit) -> Unit | None:
        ident = unit.ident
        old, mine, other = base_texts.get(ident), our_texts.get(ident), their_texts.get(ident)
        if mine == other or old == other:
            text = mine
        elif old == mine:
            text = other
        else:
            conflicts.append(_describe(ident, old, mine, other))
            text = _marked(mine, other, labels, "\r\n" if "\r\n" in unit.tail else "\n")
        if text is None:
            return None
        return Unit(ident, text, unit.tail, unit.last)

    merged = [unit for unit in map(resolve, ours.units) if unit is not None]
    for index, unit in enumerate(theirs.units):
        if unit.ident in our_texts:
            continue
        resolved = resolve(unit)
        if resolved is None:
            continue
        position = _insert_position(merged, theirs.units[:index], unit, their_texts)
        merged.insert(position, resolved)
    return merged, conflicts


def _insert_position(merged: list[Unit], before: list[Unit], unit: Unit, their_texts) -> int:
    """After the unit it follows in theirs, past our own additions that sort before it."""
    where = {item.ident: index for index, item in enumerate(merged)}
    position = 0
    for previous in reversed(before):
        if previous.ident in where:
            position = where[previous.ident] + 1
            break
    while (
        position < len(merged)
        and unit.ident[0] == "entry"
        and merged[position].ident[0] == "entry"
        and merged[position].ident not in their_texts
        and merged[position].ident[1].lower() < unit.ident[1].lower()
    ):
        position += 1
    return position


def _marked(mine: str | None, other: str | None, labels, newline: str) -> str:
    lines = [f"{'<' * MARKER_SIZE} {labels[0]}"]
    lines += [mine] if mine is not None else []
    lines.append("=" * MARKER_SIZE)
    lines += [other] if other is not None else []
    lines.append(f"{'>' * MARKER_SIZE} {labels[1]}")
    return newline.join(lines)


def _describe(ident: tuple, old, mine, other) -> str:
    what = f"entry '{ident[1]}'" if ident[0] == "entry" else f"@string '{ident[1]}'"
    if old is None:
        return f"{what}: added on both sides with different text"
    if mine is None or other is None:
        return f"{what}: changed on one side and deleted on the other"
    return f"{what}: changed differently on both sides"


def _usual_separator(layout: Layout) -> str:
    tails = Counter(unit.tail for unit in layout.units if not unit.last and "\n" in unit.tail)
    return tails.most_common(1)[0][0] if tails else ""
