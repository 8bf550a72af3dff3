"""Reading a list's blocks: markdown-it's link normalization, skipped where it changes nothing."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mibib.importers.blocks import PLAIN_LINK, PLAIN_LINK_LENGTH, markdown_parser

NORMALIZE = MarkdownIt("commonmark").normalizeLink


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.from_regex(PLAIN_LINK, fullmatch=True))
def test_a_plain_link_is_what_markdown_it_would_make_of_it(url):
    if len(url) < PLAIN_LINK_LENGTH:
        assert NORMALIZE(url) == url


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("hts:/.aZ09-_%é [](){}<>\"'`@#?&=~\\|^ \t"), max_size=40))
def test_every_link_is_normalized_as_markdown_it_does(text):
    url = text if text.startswith("http") else "https://" + text
    assert markdown_parser().normalizeLink(url) == NORMALIZE(url)


def hrefs(tokens) -> list[str]:
    return [
        child.attrs["href"]
        for token in tokens
        for child in token.children or []
        if "href" in child.attrs
    ]


def test_links_in_a_list_keep_markdown_its_form():
    text = "- [A](https://arxiv.org/abs/2301.01234) [B](https://Example.org/a%20b) [C](http://ü.de/x)\n"
    found = hrefs(markdown_parser().parse(text))
    assert found == hrefs(MarkdownIt("commonmark").enable("table").parse(text))
    assert found[0] == "https://arxiv.org/abs/2301.01234"
    assert found[2] == "http://xn--tda.de/x"  # the long way: the host is not ASCII
