"""Test helpers: which lines of a file an edit changed, as a unified diff sees them."""

import difflib


def changed_line_ranges(old: str, new: str) -> list[tuple[range, range]]:
    """(old lines, new lines) of every hunk that differs, 0-based, line endings kept.

    Lines the two texts share at the start and at the end are not compared: an edit of
    one entry leaves difflib a few lines, not the whole file, to align.
    """
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(before), len(after)) - head
        and before[len(before) - 1 - tail] == after[len(after) - 1 - tail]
    ):
        tail += 1
    matcher = difflib.SequenceMatcher(
        None, before[head : len(before) - tail], after[head : len(after) - tail], autojunk=False
    )
    return [
        (range(head + i1, head + i2), range(head + j1, head + j2))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def line_range(text: str, start: int, end: int) -> range:
    """The 0-based lines that text[start:end] covers."""
    first = text.count("\n", 0, start)
    return range(first, text.count("\n", 0, end) + 1)


def unified_diff(old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True))
    )


def assert_only_lines_changed(old: str, new: str, old_lines: range, new_lines: range) -> None:
    """Every changed line lies in `old_lines` (before) or `new_lines` (after)."""
    for before, after in changed_line_ranges(old, new):
        inside = set(before) <= set(old_lines) and set(after) <= set(new_lines)
        assert inside, f"lines outside the entry changed:\n{unified_diff(old, new)}"


def assert_only_lines_removed(old: str, new: str, allowed: range) -> None:
    """`new` is `old` less whole lines, all within `allowed` (some alignment of the cut)."""
    assert _cut_fits(old, new, set(allowed)), (
        f"lines outside the entry changed:\n{unified_diff(old, new)}"
    )


def assert_only_lines_inserted(old: str, new: str, allowed: range) -> None:
    """`new` is `old` plus whole lines, all within `allowed` (lines of `new`)."""
    assert _cut_fits(new, old, set(allowed)), (
        f"lines outside the entry changed:\n{unified_diff(old, new)}"
    )


def _cut_fits(longer: str, shorter: str, allowed: set[int]) -> bool:
    """Whether `shorter` is `longer` with one run of whole lines cut out, inside `allowed`.

    Identical lines around the cut (`}`, blank lines) let it slide; any position counts.
    """
    length = len(longer) - len(shorter)
    prefix = 0
    while prefix < len(shorter) and longer[prefix] == shorter[prefix]:
        prefix += 1
    if length < 0 or longer[prefix + length :] != shorter[prefix:]:
        return False
    position = prefix
    while True:
        start, end = position, position + length
        whole = (start == 0 or longer[start - 1] == "\n") and (
            end == len(longer) or longer[end - 1] == "\n"
        )
        lines = set(range(longer.count("\n", 0, start), longer.count("\n", 0, end)))
        if whole and lines <= allowed:
            return True
        if position == 0 or longer[position - 1] != longer[position - 1 + length]:
            return False
        position -= 1
