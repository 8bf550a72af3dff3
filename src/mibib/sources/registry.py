"""The sources that look papers up by id, and the two steps `add` takes through them:
classify the arguments, then fetch each source's lookups together.

Network errors surface as SourceError from the sources themselves; this module only
dispatches.
"""

from mibib.errors import UsageError
from mibib.model import Paper
from mibib.sources import Lookup, arxiv, doi, semanticscholar

# In the order they are asked: the first to recognise an argument takes it.
SOURCES = (arxiv, doi, semanticscholar)
OTHER_INPUTS = "--bibtex FILE, or --title/--author/--year"


def source_hint() -> str:
    """What `add` accepts: every source's ids, then the other ways in."""
    return f"give {', '.join(source.HINT for source in SOURCES)}, {OTHER_INPUTS}"


def classify(texts: list[str]) -> list[Lookup]:
    """Each argument as the Lookup of the first source that recognises it; an argument
    none recognises is a UsageError, before any request."""
    lookups = []
    for text in texts:
        lookup = next(filter(None, (source.recognise(text) for source in SOURCES)), None)
        if lookup is None:
            kinds = " nor ".join(source.KIND for source in SOURCES)
            raise UsageError(f"{text!r} is neither {kinds}; {source_hint()}", "SOURCES")
        lookups.append(lookup)
    return lookups


def fetch_papers(lookups: list[Lookup]) -> list[Paper]:
    """Papers for the lookups, in their order; each source fetches its own at once
    (arXiv answers several ids in one request)."""
    found: dict[int, Paper] = {}
    for source in SOURCES:
        mine = [index for index, lookup in enumerate(lookups) if lookup.source is source]
        if mine:
            papers = source.fetch_papers([lookups[index] for index in mine])
            found.update(zip(mine, papers, strict=True))
    return [found[index] for index in range(len(lookups))]
