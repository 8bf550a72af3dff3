"""json_text writes exactly what json.dumps(indent=2, ensure_ascii=False) writes."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mibib.json_text import render_json_pieces, render_json_text


def expected(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
keys = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(keys, inner, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_any_json_value_is_written_as_json_writes_it(value):
    assert render_json_text(value) == expected(value)
    assert "".join(render_json_pieces(value)) == expected(value)


class Label(str):
    pass


class Count(int):
    pass


@pytest.mark.parametrize(
    "value",
    [
        [],
        {},
        [[], {}, [[]]],
        {"a": {"b": ["c", 1, None]}, "d": []},
        ["control \x00 \x1f \n \t", 'quote " backslash \\', "é ü ∑ \u2028 😀"],
        [Label("sub"), Count(3), {Label("k"): Label("v")}, math.inf, -math.inf, math.nan],
        {3: "int", 2.5: "float", True: "yes", False: "no", None: "none"},
        ("a", "b"),
    ],
    ids=[
        "empty-list",
        "empty-dict",
        "empty-nested",
        "nested",
        "escapes",
        "subclasses",
        "key-kinds",
        "tuple",
    ],  # fmt: skip
)
def test_edge_cases_are_written_as_json_writes_them(value):
    assert render_json_text(value) == expected(value)
    assert "".join(render_json_pieces(value)) == expected(value)


@pytest.mark.parametrize("value", [{"a": {1, 2}}, [object()], {(1, 2): "tuple key"}])
def test_what_json_refuses_is_refused_with_its_error(value):
    with pytest.raises(TypeError) as ours:
        render_json_text(value)
    with pytest.raises(TypeError) as theirs:
        expected(value)
    assert str(ours.value) == str(theirs.value)


def test_list_json_of_the_collection_is_json_dumps(invoke):
    result = invoke("list", "--json")
    assert result.exit_code == 0, result.output
    assert result.output == expected(json.loads(result.output)) + "\n"
