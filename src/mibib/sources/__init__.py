"""Where new entries come from. Sources return Papers and never touch the library: the
CLI composes classify -> identity check -> fetch -> tag -> library edit -> save.

A source that looks papers up by id is a module registered in `registry.SOURCES` with:

    KIND     "an arXiv id": what an argument must be, for "neither … nor …" messages
    HINT     "an arXiv id (2407.02646, hep-th/9901001)": what to type, for usage errors
    recognise(text) -> Lookup | None
             the id an argument names, normalised; None when it is none of its ids;
             UsageError when it plainly is one but malformed
    fetch_papers(lookups) -> list[Paper]
             one Paper per lookup, in order, through `http.get` (the only network code)

BibTeX text (`bibtex_text`) and typed fields (`manual`) come through their own options
and return Papers the same way. Adding a source is one module, one line in
registry.SOURCES and one recorded answer for the tests' local server.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Lookup:
    """One command-line argument a source recognised.

    `value` is what the source fetches (arXiv: (id, version)); `arxiv` and `doi` are the
    identity it gives before any request, so a paper already listed costs none.
    """

    source: object
    text: str
    value: object
    arxiv: str | None = None
    doi: str | None = None

    @property
    def shown(self) -> str:
        """The id as messages show it."""
        return self.arxiv or self.doi or str(self.value)
