"""The generated block of a README: find its markers, replace what lies between. Pure.

Markers count only as whole lines outside code fences, so a README may show
them in an example. Text outside the markers is never changed.
"""

from dataclasses import dataclass
from typing import NamedTuple

from mibib.errors import ExportError
from mibib.export.anchors import Slugger, fenced_lines, find_headings
from mibib.export.markdown import collection_chunks
from mibib.model import Paper
from mibib.taxonomy import Taxonomy

START_MARKER = "<!-- mibib:start -->"
END_MARKER = "<!-- mibib:end -->"
DEFAULT_BASE_LEVEL = 2
MARKER_HINT = (
    f"add the two lines {START_MARKER} and {END_MARKER}, in this order, where the paper list goes"
)


@dataclass(frozen=True)
class Block:
    """Where the generated text lies: offsets of its first and past-last characters."""

    start: int
    end: int
    start_line: int
    end_line: int


def find_block(text: str, source: str = "README.md") -> Block:
    """Locate the one marker pair; ExportError (with file and line) when they are wrong."""
    starts, ends = [], []
    offset = 0
    for number, line, fenced in fenced_lines(text):
        line_end = offset + len(line) + (1 if text.startswith("\r", offset + len(line)) else 0)
        after = min(line_end + 1, len(text))
        if not fenced and line.strip() == START_MARKER:
            starts.append((number, after))
        elif not fenced and line.strip() == END_MARKER:
            ends.append((number, offset))
        offset = line_end + 1
    hint = MARKER_HINT
    if not starts and not ends:
        raise ExportError(f"{source}: no mibib marker lines; {hint}")
    if not starts:
        raise ExportError(f"{source}:{ends[0][0]}: {END_MARKER} without {START_MARKER} ({hint})")
    if not ends:
        raise ExportError(f"{source}:{starts[0][0]}: {START_MARKER} without {END_MARKER} ({hint})")
    for found, marker in ((starts, START_MARKER), (ends, END_MARKER)):
        if len(found) > 1:
            raise ExportError(
                f"{source}:{found[1][0]}: {marker} repeated (first on line {found[0][0]}); "
                "keep one pair of markers"
            )
    (start_line, start), (end_line, end) = starts[0], ends[0]
    if end_line < start_line:
        raise ExportError(
            f"{source}:{end_line}: {END_MARKER} comes before {START_MARKER} "
            f"(line {start_line}); swap them"
        )
    return Block(start=start, end=end, start_line=start_line, end_line=end_line)


def _splice(head: str, generated: list[str], tail: str) -> list[str]:
    """The README with the generated chunks between its markers and a blank line before
    the end, in parts: the list of a large collection is not copied whole."""
    first, last = generated[0], generated[-1]
    kept = last.rstrip("\n")
    ends_once = bool(kept) and len(last) - len(kept) == 1
    if ends_once and not first.startswith("\n"):
        middle = [*generated, "\n"]  # the usual shape: it ends in one line break
    else:
        middle = ["".join(generated).strip("\n"), "\n\n"]
    return [head, *middle, tail]


def render_readme(
    text: str, papers: list[Paper], taxonomy: Taxonomy, source: str = "README.md"
) -> str:
    """The README with a freshly generated collection between its markers."""
    return "".join(frame_parts(readme_frame(text, source), papers, taxonomy))


class Frame(NamedTuple):
    """What a README keeps around its generated list: the text before and after it, and
    how the list's headings continue the ones before it."""

    head: str
    tail: str
    base_level: int
    slugger: Slugger


def readme_frame(text: str, source: str = "README.md") -> Frame:
    """The README's frame (raises ExportError naming the line when its markers are wrong).

    Headings before the block take their anchors first, as on GitHub, and the
    last of them sets the level: root categories sit one level below it.
    """
    block = find_block(text, source)
    headings = find_headings(text[: block.start])
    slugger = Slugger()
    for heading in headings:
        slugger.slug(heading.text)
    base_level = headings[-1].level + 1 if headings else DEFAULT_BASE_LEVEL
    return Frame(text[: block.start], text[block.end :], base_level, slugger)


def frame_parts(frame: Frame, papers: list[Paper], taxonomy: Taxonomy) -> list[str]:
    """The README in parts, their join its text: a freshly generated list in its frame
    (the old text need not be in memory beside the new list)."""
    generated = collection_chunks(papers, taxonomy, frame.base_level, frame.slugger)
    return _splice(frame.head, generated, frame.tail)


def parts_digest(parts: list[str]) -> bytes:
    """The SHA-256 of the parts' join encoded as UTF-8, without joining them."""
    import hashlib

    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
    return digest.digest()
