"""The library's text kept as stretches of strings: spliced in one pass, its lines counted
without joining it. Pure: no I/O."""

import bisect

from mibib.model import Paper


class Text:
    """A text kept as stretches of strings, each (string, start, end): an edit splices new
    parts between stretches of the old text without copying them, and a save writes it
    stretch by stretch. Joined only when a command asks for the whole text: a large
    library's text need not be in memory twice, old and new, or as parts and as one."""

    __slots__ = ("stretches", "length")

    def __init__(self, stretches: list[tuple[str, int, int]]) -> None:
        self.stretches = [stretch for stretch in stretches if stretch[2] > stretch[1]]
        self.length = sum(end - start for _, start, end in self.stretches)

    @classmethod
    def of(cls, parts: "str | list[str]") -> "Text":
        return cls(
            [(part, 0, len(part)) for part in ([parts] if isinstance(parts, str) else parts)]
        )

    def cut(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """The stretches that make up text[start:end] (no copies)."""
        found, offset = [], 0
        for text, begin, finish in self.stretches:
            size = finish - begin
            if offset < end and offset + size > start:
                found.append(
                    (text, begin + max(start - offset, 0), begin + min(end - offset, size))
                )
            offset += size
            if offset >= end:
                break
        return found

    def slice(self, start: int, end: int) -> str:
        return "".join(text[begin:finish] for text, begin, finish in self.cut(start, end))

    def join(self) -> str:
        if len(self.stretches) == 1 and self.stretches[0][1:] == (0, len(self.stretches[0][0])):
            return self.stretches[0][0]
        return "".join(text[begin:finish] for text, begin, finish in self.stretches)

    def find_first(self, characters: str) -> int:
        """Where the first of these characters is, else -1."""
        offset = 0
        for text, begin, finish in self.stretches:
            found = [text.find(char, begin, finish) for char in characters]
            found = [place for place in found if place >= 0]
            if found:
                return offset + min(found) - begin
            offset += finish - begin
        return -1

    def window(self, start: int, end: int, step: int = 4096) -> tuple[str, int]:
        """text[low:high] and low, where [low, high) holds [start, end) and, unless it
        reaches the text's ends, something other than blanks on each side of it."""
        low, high = max(start - step, 0), min(end + step, self.length)
        while True:
            text = self.slice(low, high)
            if (low == 0 or text[: start - low].strip()) and (
                high == self.length or text[end - low :].strip()
            ):
                return text, low
            step *= 4
            low, high = max(start - step, 0), min(end + step, self.length)


def splice(
    old: Text, spans: dict[str, tuple[int, int]], regions: list[tuple], removed: set[str]
) -> tuple[Text, dict[str, tuple[int, int]]]:
    """The text with each region (start, end, new text's parts, [(key, offset, length)])
    replaced in one pass, and the spans: the members' set, every other one shifted once.
    A part is a string or a stretch of one, (text, start, end): neither is copied."""
    regions.sort(key=lambda region: (region[0], region[1]))
    pieces, new_spans, ends, shifts = [], {}, [], []
    position = delta = 0
    for start, end, parts, members in regions:
        pieces += old.cut(position, start)
        added = [part if isinstance(part, tuple) else (part, 0, len(part)) for part in parts]
        pieces += added
        for key, offset, length in members:
            new_spans[key] = (start + delta + offset, start + delta + offset + length)
        delta += sum(stop - begin for _, begin, stop in added) - (end - start)
        ends.append(end)
        shifts.append(delta)
        position = end
    pieces += old.cut(position, old.length)
    for key, (start, end) in spans.items():
        if key in new_spans or key in removed:
            continue
        index = bisect.bisect_right(ends, start)
        shift = shifts[index - 1] if index else 0
        new_spans[key] = (start + shift, end + shift)
    return Text(pieces), new_spans


def number_lines(papers: list[Paper], spans: dict[str, tuple[int, int]], text: Text) -> None:
    """Sort the papers into file order and set their lines: one pass over the text, part
    by part."""
    papers.sort(key=lambda item: spans[item.key][0])
    stretches = text.stretches or [("", 0, 0)]
    line, number, begins = 1, 0, 0  # stretches[number] starts at character `begins`
    part, at, end = stretches[0]  # `at`: where counting goes on in it
    for paper in papers:
        start = spans[paper.key][0]
        while begins + end - stretches[number][1] <= start and number + 1 < len(stretches):
            line += part.count("\n", at, end)
            begins += end - stretches[number][1]
            number += 1
            part, at, end = stretches[number]
        place = stretches[number][1] + start - begins
        line += part.count("\n", at, place)
        at = place
        paper.line = line
