"""Options several commands share, declared once (as sqlite-utils shares `output_options`).

Each factory takes the command's own help text. `facet_options` turns a command's
`tags` parameter into one repeatable option per facet (model.FACETS), and
`selection_options` its `selection` into those and `--year`, so a new facet gets its
option, with completion, in every command that filters or tags.
"""

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer

from mibib.cli.completion import complete_key, complete_tags
from mibib.model import FACETS

# Short flags of the facets that have one; a new facet needs none.
SHORT_FLAGS = {"category": "-c", "technique": "-t", "evaluation": "-e"}
# The category option's help where it picks entries or tags a new one.
LOOKUP_HELP = {"category": "Category key, title or alias (repeatable)."}

Tags = dict[str, list[str] | None]


def facet_options(help: Mapping[str, str] | None = None) -> Callable:
    """Decorator: the command's `tags` parameter becomes `--category/-c`, `--technique/-t`,
    … (one repeatable option per facet, keys completed), and the command is called with
    `tags={facet: values or None}`. `help` is the text per facet; the others say
    "<Facet> (repeatable)."."""
    options = _facet_parameters(tuple((help or {}).items()))
    return _expand(
        "tags", options, lambda values: {facet.name: values[facet.name] for facet in FACETS}
    )


def selection_options(help: Mapping[str, str] = LOOKUP_HELP) -> Callable:
    """Decorator: the command's `selection` parameter becomes the facet options and
    `--year`, and the command is called with a Selection of the entries they pick."""
    options = [*_facet_parameters(tuple(help.items())), ("year", year_option())]

    def collect(values: dict) -> Selection:
        return Selection({facet.name: values[facet.name] for facet in FACETS}, values["year"])

    return _expand("selection", options, collect)


class Selection(NamedTuple):
    """The entries the facet and year options pick (no option: all of them)."""

    tags: Tags
    year: str | None = None

    def __bool__(self) -> bool:
        return bool(self.year) or any(self.tags.values())

    def filters(self, taxonomy):
        """Search filters for the options; a tag includes its descendants."""
        from mibib.features.search import Filters, parse_years

        wanted = {}
        for facet, values in self.tags.items():
            keys = taxonomy.resolve_keys(facet, values)
            if keys:
                wanted[facet] = frozenset().union(*(taxonomy.descendants(facet, k) for k in keys))
        return Filters(tags=wanted, years=parse_years(self.year) if self.year else None)


@functools.cache
def _facet_parameters(help: tuple[tuple[str, str], ...]) -> tuple[tuple[str, Any], ...]:
    """(name, annotation) of each facet's option: `--technique/-t`, keys completed. Built
    once per help text: commands sharing it share the (read-only) annotations."""
    texts = dict(help)
    parameters = []
    for facet in FACETS:
        text = texts.get(facet.name, f"{facet.name.capitalize()} (repeatable).")
        flags = [
            f"--{facet.name}",
            *([SHORT_FLAGS[facet.name]] if facet.name in SHORT_FLAGS else []),
        ]
        option = typer.Option(
            *flags, metavar="KEY", help=text, autocompletion=complete_tags(facet.name)
        )
        parameters.append((facet.name, Annotated[list[str] | None, option]))
    return tuple(parameters)


def _expand(name: str, options: Sequence[tuple[str, Any]], collect: Callable[[dict], Any]):
    """A decorator replacing the parameter `name` with `options` (all defaulting to None),
    and calling the command with `name=collect(their values)`."""

    def decorate(command: Callable) -> Callable:
        signature = inspect.signature(command)
        parameters = []
        for parameter in signature.parameters.values():
            if parameter.name != name:
                parameters.append(parameter)
                continue
            for option, annotation in options:
                parameters.append(
                    inspect.Parameter(option, parameter.kind, default=None, annotation=annotation)
                )

        @functools.wraps(command)
        def run(*args, **kwargs):
            values = {option: kwargs.pop(option) for option, _ in options}
            return command(*args, **{name: collect(values)}, **kwargs)

        run.__signature__ = signature.replace(parameters=parameters)
        return run

    return decorate


def facet_flags() -> str:
    """`--category, --technique, --evaluation`: the facet options, for messages."""
    return ", ".join(f"--{facet.name}" for facet in FACETS)


def year_option(help: str = "A year (2023) or a range (2021-2024).") -> Any:
    return Annotated[str | None, typer.Option("--year", metavar="YEAR", help=help)]


def text_option(flag: str, metavar: str, help: str, repeatable: bool = False) -> Any:
    """A text option (`--title TEXT`), None when not given; a list when `repeatable`."""
    kind = list[str] if repeatable else str
    return Annotated[kind | None, typer.Option(flag, metavar=metavar, help=help)]


def flag_option(flag: str, help: str) -> Any:
    """An on/off flag (`--force`), off when not given."""
    return Annotated[bool, typer.Option(flag, help=help)]


def json_option(help: str) -> Any:
    """`--json`; the help says what is printed ("instead of a table" only where there is one)."""
    return Annotated[bool, typer.Option("--json", help=help)]


def dry_run_option(help: str) -> Any:
    return Annotated[bool, typer.Option("--dry-run", help=help)]


def yes_option(help: str) -> Any:
    return Annotated[bool, typer.Option("--yes", "-y", help=help)]


def output_option(help: str = "Write to this file instead of stdout.") -> Any:
    return Annotated[Path | None, typer.Option("--output", "-o", metavar="PATH", help=help)]


def list_argument(metavar: str, help: str, **settings: Any) -> Any:
    """Arguments that may repeat (`ID...`, `KEY...`), None when none are given."""
    return Annotated[list[str] | None, typer.Argument(metavar=metavar, help=help, **settings)]


def key_argument(help: str = "The entry's key.") -> Any:
    return Annotated[str, typer.Argument(metavar="KEY", help=help, autocompletion=complete_key)]
