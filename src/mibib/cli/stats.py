"""`mibib stats`: entries per category (and other facets) and per year, as bar charts."""

from typing import Annotated

import typer

from mibib.cli.app import app, open_library, open_taxonomy
from mibib.cli.options import json_option
from mibib.model import FACET_NAMES
from mibib.plural import counted

MAX_BAR_WIDTH = 40


@app.command("stats")
def stats(
    facet: Annotated[
        list[str] | None,
        typer.Option(
            "--facet",
            "-f",
            metavar="FACET",
            help=f"Facets to chart: {', '.join(FACET_NAMES)} (repeatable; default category).",
        ),
    ] = None,
    as_json: json_option("Print the counts as JSON (every facet and the years).") = False,
) -> None:
    """Chart the entries per category and per year.

    `own` counts the node's own tag, `total` also the nodes below it (an entry
    counts once).

    Example: mibib stats --facet category --facet technique
    """
    from mibib.features.stats import compute_stats

    chosen = facet or ["category"]
    for name in chosen:
        if name not in FACET_NAMES:
            raise typer.BadParameter(
                f"use {', '.join(FACET_NAMES)} (got {name!r})", param_hint="--facet"
            )
    result = compute_stats(open_library().papers, open_taxonomy())
    if as_json:
        from mibib.console import print_json

        print_json(result.to_dict())
        return
    from mibib.console import show

    for name in FACET_NAMES:
        if name in chosen:
            show(_facet_chart(name, result))
    show(_year_chart(result))


def stdout_width() -> int:
    from mibib.console import stdout

    return stdout().width


def _bar_width(used: int) -> int:
    """What the terminal leaves for the bars after the other columns, `used` wide with
    their padding (each column has one space on either side)."""
    return max(10, min(MAX_BAR_WIDTH, stdout_width() - used - 2))


def _bar(count: int, largest: int, width: int) -> str:
    if not count:
        return ""
    return "█" * max(1, round(width * count / max(largest, 1)))


def _facet_chart(facet: str, result):
    from rich.table import Table

    nodes = result.nodes[facet]
    largest = max((node.total for node in nodes), default=0)
    table = Table(
        title=f"Entries per {facet} ({counted(result.entries, 'entry')})",
        title_justify="left",
        box=None,
        caption=f"own: tagged with the {facet} itself; total: also with one below it. "
        f"Without a {facet}: {result.untagged[facet]}",
        caption_justify="left",
    )
    labels = ["  " * node.depth + node.title for node in nodes]
    counts = (3 + 2) + (5 + 2)  # Own and Total, with their padding
    width = _bar_width(max((len(label) for label in labels), default=0) + 2 + counts)
    # Long titles (imported lists have some) are cut to what the counts and bars
    # leave, never the counts.
    room = max(12, stdout_width() - counts - (width + 2) - 2)
    table.add_column(facet.capitalize(), no_wrap=True, overflow="ellipsis", max_width=room)
    table.add_column("Own", justify="right", no_wrap=True, min_width=3)
    table.add_column("Total", justify="right", no_wrap=True, min_width=5)
    table.add_column("", style="green", no_wrap=True)
    for label, node in zip(labels, nodes, strict=True):
        table.add_row(label, str(node.own), str(node.total), _bar(node.total, largest, width))
    return table


def _year_chart(result):
    from rich.table import Table

    largest = max((count for _, count in result.years), default=0)
    table = Table(
        title="Entries per year",
        title_justify="left",
        box=None,
        caption=f"Without a year: {result.no_year}" if result.no_year else None,
        caption_justify="left",
    )
    table.add_column("Year", justify="right", no_wrap=True, min_width=4)
    table.add_column("Entries", justify="right", no_wrap=True, min_width=7)
    table.add_column("", style="cyan", no_wrap=True)
    width = _bar_width((4 + 2) + (7 + 2))  # Year and Entries, with their padding
    for year, count in result.years:
        table.add_row(str(year), str(count), _bar(count, largest, width))
    return table
