"""counted: one entry, two entries, zero conflicts."""

import pytest

from mibib.plural import counted


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        pytest.param(1, "entry", "1 entry", id="one"),
        pytest.param(0, "entry", "0 entries", id="zero"),
        pytest.param(2, "matching entry", "2 matching entries", id="two-words"),
        pytest.param(0, "conflict", "0 conflicts", id="regular"),
        pytest.param(1, "error", "1 error", id="one-regular"),
        pytest.param(3, "category", "3 categories", id="y-plural"),
    ],
)
def test_counted_uses_the_plural_unless_the_count_is_one(count, noun, expected):
    assert counted(count, noun) == expected
