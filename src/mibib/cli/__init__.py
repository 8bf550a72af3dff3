"""The command line: `mibib …`. Commands live in one module per concern."""

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
    """Entry point of the `mibib` script."""
    app(prog_name="mibib")
