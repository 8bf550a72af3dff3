"""The Typer app, its global options, and the one place errors become exit codes."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from mibib.errors import MibibError, UsageError


class _Group(TyperGroup):
    """Runs every command behind one boundary: MibibError -> `Error: …` and exit 1;
    UsageError -> the command's usage, `Error: Invalid value…` and exit 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            name = ctx.invoked_subcommand
            command = self.get_command(ctx, name) if name else None
            usage = typer.Context(command, parent=ctx, info_name=name) if command else ctx
            raise typer.BadParameter(str(exc), ctx=usage, param_hint=exc.param_hint) from None
        except MibibError as exc:
            from mibib.console import print_error

            problems = getattr(exc, "problems", None) or []
            for problem in problems if len(problems) > 1 else [str(exc)]:
                print_error(problem)  # every broken entry of a file, each with its line
            raise typer.Exit(code=1) from None


class _Command(TyperCommand):
    """Usage lines name a required argument plainly (`mibib show [OPTIONS] KEY`), not in
    the braces typer puts around it."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [_REQUIRED.sub(r"\1", piece) for piece in super().collect_usage_pieces(ctx)]


_REQUIRED = re.compile(r"^\{(.+)\}$")


class Typer(typer.Typer):
    """typer.Typer whose commands print usage lines as `_Command` does."""

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or _Command, **kwargs)


app = Typer(
    cls=_Group,
    help="mibib: a command-line bibliography manager for curated paper collections.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    library: Path | None = None
    taxonomy: Path | None = None


state = State()


def _print_version(value: bool) -> None:
    if value:
        from mibib import __version__

        typer.echo(f"mibib {__version__}")
        raise typer.Exit()


@app.callback()
def options(
    library: Annotated[
        Path | None,
        typer.Option(
            "--library",
            envvar="MIBIB_LIBRARY",
            metavar="PATH",
            help="The .bib file (default: library.bib).",
        ),
    ] = None,
    taxonomy: Annotated[
        Path | None,
        typer.Option(
            "--taxonomy",
            envvar="MIBIB_TAXONOMY",
            metavar="PATH",
            help="The taxonomy (default: taxonomy.toml).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Manage a curated paper collection: library.bib tagged with taxonomy.toml."""
    state.library = library
    state.taxonomy = taxonomy


def collection_paths():
    from mibib.storage.paths import find_collection

    return find_collection(state.library, state.taxonomy)


TAXONOMY_CACHED = "taxonomy"


def open_taxonomy():
    """taxonomy.toml, validated. The result is kept in the parse cache under a digest of
    the file's text: reading TOML and checking the tree is most of a small command's work."""
    import hashlib
    from dataclasses import fields

    from mibib.storage import cache_files
    from mibib.taxonomy import Node, Taxonomy, parse_taxonomy, read_taxonomy

    path = collection_paths().taxonomy
    text = read_taxonomy(path)
    shape = [field.name for kind in (Taxonomy, Node) for field in fields(kind)]
    digest = hashlib.sha256(f"{shape}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
    found = cache_files.load_derived(path, digest, TAXONOMY_CACHED)
    if found is not None and isinstance(found.get("taxonomy"), Taxonomy):
        return found["taxonomy"]
    taxonomy = parse_taxonomy(text, str(path))
    cache_files.save_derived(path, digest, TAXONOMY_CACHED, {"taxonomy": taxonomy})
    return taxonomy


def open_library():
    from mibib.storage import load_library

    return load_library(collection_paths().library)
