"""Fast paths of reading a list give what the long ways give."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mibib.importers.blocks import PLAIN_LINK, PLAIN_LINK_LENGTH, markdown_parser
from mibib.importers.links import (
    CODE,
    CODE_HOSTS,
    MEDIA,
    MEDIA_HOSTS,
    PAPER,
    PAPER_HOSTS,
    SITE,
    WEB,
    _domains,
    classify_link,
)
from mibib.importers.wording import _DECORATIONS

NORMALIZE = MarkdownIt("commonmark").normalizeLink


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
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


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_decorations_are_the_characters_of_their_categories(text):
    dropped = "".join(
        char
        for char in text
        if char < "\u0100"
        or (
            unicodedata.category(char) not in ("So", "Sk", "Cs", "Co")
            and char not in "\ufe0f\u200d\u20e3"
        )
    )
    assert text.translate(_DECORATIONS) == dropped


HOST_PARTS = ["arxiv", "org", "ar5iv", "labs", "github", "com", "www", "m", "x", "", "youtube"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(HOST_PARTS), min_size=1, max_size=5).map(".".join),
    st.sampled_from([*PAPER_HOSTS, *CODE_HOSTS, *MEDIA_HOSTS, "org", "labs.arxiv.org"]),
)
def test_a_host_is_on_a_site_when_the_site_is_one_of_its_domains(host, site):
    on_site = host == site or host.endswith("." + site)
    assert (site in _domains(host)) == on_site


def test_a_host_on_two_paper_sites_is_read_by_the_first_in_the_table():
    assert classify_link("https://ar5iv.labs.arxiv.org/html/2301.01234") == PAPER
    assert classify_link("https://ar5iv.labs.arxiv.org/") == SITE
    assert classify_link("https://huggingface.co/papers/2301.01234") == PAPER
    assert classify_link("https://huggingface.co/openai/gpt2") == CODE
    assert classify_link("https://www.youtube.com/watch?v=1") == MEDIA
    assert classify_link("https://research.facebook.com/publications/x") == WEB
