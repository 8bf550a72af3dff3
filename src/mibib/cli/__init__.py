"""The command line: `mibib …`. Commands live in one module per concern."""

from mibib.cli import add, edit, export, importer, query, stats, update, workflow  # noqa: F401  (registers the commands)
from mibib.cli.app import app


def main() -> None:
    """Entry point of the `mibib` script."""
    app(prog_name="mibib")
