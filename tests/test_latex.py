"""latex_to_text: values with nothing to decode are returned at once, exactly as the full
decoding would return them."""

from hypothesis import given, settings
from hypothesis import strategies as st

from mibib.latex import _decode, latex_to_text

PIECES = ["Toy", "Models", "é", "ß", " ", "  ", "\t", "\n", "\u00a0", "-", "--", "~", "{", "}"]
PIECES += ["\\'e", "$x$", "%", "\\%", "a,b", "GPT-2", "(1)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_every_value_decodes_as_the_full_decoding_does(value):
    assert latex_to_text(value) == _decode(value)


def test_plain_text_is_returned_as_it_is_and_latex_is_decoded():
    title = "Toy Models of Superposition"
    assert latex_to_text(title) is title
    assert latex_to_text('J{\\"u}rgen Schmidhuber') == "Jürgen Schmidhuber"
    assert latex_to_text("Induction  Heads\n-- a  study") == "Induction Heads – a study"
