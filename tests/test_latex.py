"""latex_to_text: values with nothing to decode are returned at once, exactly as the full
decoding would return them."""

import pytest
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


# Titles as real .bib files write them (arXiv and DBLP exports, theses' references).
@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(r"On the $\mathcal{O}(n \log n)$ Bound", "On the 𝒪(n log n) Bound", id="log"),
        pytest.param(r"$\sin x$ and $\exp(x)$", "sin x and exp(x)", id="sin"),
        pytest.param(r"$n \times m$ grids", "n × m grids", id="times"),
        pytest.param(r"\textsc{Bert} and \texttt{code}", "Bert and code", id="texttt"),
        pytest.param(r"\LaTeX\ and the {\TeX}book", "LaTeX and the TeXbook", id="logos"),
        pytest.param(r"$\alpha$-divergence", "α-divergence", id="greek"),
        pytest.param(r"Section \S 3 of non\-linear", "Section §3 of nonlinear", id="section"),
    ],
)
def test_math_and_commands_keep_their_words(value, text):
    assert latex_to_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(r"von \enquote{Region} in", "von “Region” in", id="enquote"),
        pytest.param(r"\enquote*{inner} word", "‘inner’ word", id="enquote-starred"),
        pytest.param(r"\enquote{a \enquote*{b} c}", "“a ‘b’ c”", id="nested"),
        pytest.param(r"\textquote{x} and \mkbibquote{y}", "“x” and “y”", id="textquote-mkbibquote"),
        pytest.param(r"\foreignquote{german}{Heimat} today", "“Heimat” today", id="foreignquote"),
        pytest.param("The ``Wisdom'' of `Crowds'", "The “Wisdom” of ‘Crowds’", id="tex-ligatures"),
        pytest.param("Don't ``stop'' now", "Don't “stop” now", id="apostrophe-kept"),
    ],
)
def test_quotation_commands_read_as_quotation_marks(value, text):
    assert latex_to_text(value) == text
