"""The cyclic garbage collector held off while many lasting objects are made.

Parsing or loading a large library makes objects per field that live until the command
ends and hold no reference cycles; each time the collector runs it would scan all of
them again (a few seconds of a large import). Only for code that makes no cyclic
garbage: bibtexparser and unpickling make none, but pylatexenc (decoding titles and
authors) does, and what a paused block leaves in cycles is never freed. Pure: no I/O.
"""

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Run the block without the cyclic collector, then move every object alive out of its
    sight (gc.freeze): reference counting still frees them as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
