"""The command line: `mibib …`. Commands live in one module per concern."""

import os
import sys

# Importing a command module registers its commands.
from mibib.cli import (  # noqa: F401
    add,
    edit,
    export,
    importer,
    query,
    stats,
    update,
    workflow,
)
from mibib.cli.app import app


def main() -> None:
    """Entry point of the `mibib` script and of `python -m mibib`.

    The process ends once the command's output is flushed, without freeing what the
    command made: a large library's entries freed one by one cost more time than a
    small command's whole work, and the system takes the memory back at once. Every
    file is written and closed by then (atomic writes, locks and caches are `with`
    blocks); when flushing fails (a closed pipe), Python ends as usual and says so.
    """
    try:
        app(prog_name="mibib")
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        if not isinstance(code, int):
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            raise exc from None
        os._exit(code)
