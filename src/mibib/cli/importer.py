"""The `import` command: bring a .bib file or a Markdown paper list into the library."""

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from mibib.cli.app import app, collection_paths
from mibib.cli.options import Tags, dry_run_option, facet_options


@app.command("import")
@facet_options(
    {
        "category": "Tag every imported entry (repeatable).",
        "technique": "Technique for all (repeatable).",
        "evaluation": "Evaluation for all (repeatable).",
    }
)
def import_list(
    file: Annotated[Path, typer.Argument(help="A .bib file or a Markdown (.md) paper list.")],
    tags: Tags = None,
    merge: Annotated[
        bool, typer.Option("--merge", help="Fill missing fields of entries already here.")
    ] = False,
    dry_run: dry_run_option("Show what would happen; write nothing.") = False,
    no_new_categories: Annotated[
        bool,
        typer.Option("--no-new-categories", help="Never add sections to taxonomy.toml."),
    ] = False,
) -> None:
    """Import a .bib file or a Markdown awesome list; duplicates are merged, never doubled.

    Example: mibib import awesome-list/README.md --dry-run
    """
    from mibib.importers.pipeline import ImportOptions, file_kind, run_import
    from mibib.storage import load_library, save_library
    from mibib.storage.files import locked, write_atomic
    from mibib.taxonomy import parse_taxonomy, read_taxonomy

    kind = file_kind(file)
    text = _read_text(file, kind)
    paths = collection_paths()
    # A real run holds both locks from reading to writing; a dry run reads only.
    guard = contextlib.nullcontext if dry_run else locked
    with guard(paths.taxonomy), guard(paths.library):
        taxonomy_text = read_taxonomy(paths.taxonomy)
        taxonomy = parse_taxonomy(taxonomy_text, str(paths.taxonomy))
        options = ImportOptions(
            tags={facet: taxonomy.resolve_keys(facet, values) for facet, values in tags.items()},
            merge=merge,
            new_categories=not no_new_categories,
        )
        library = load_library(paths.library)
        with _Progress() as on_step:
            result = run_import(
                str(file), kind, text, taxonomy, taxonomy_text, library, options, on_step
            )
        if not dry_run:
            if result.taxonomy_text is not None:
                write_atomic(paths.taxonomy, result.taxonomy_text)
            save_library(library)
    from mibib.console import render_import_report, show

    show(render_import_report(result, dry_run))


def _read_text(file: Path, kind: str) -> str:
    from mibib.storage.files import decode_utf8, read_bytes

    data = read_bytes(file, "no such file")
    if kind == "bibtex":
        from mibib.bibtex.io import decode_bibtex

        return decode_bibtex(data, str(file))
    return decode_utf8(data, str(file), "the file").removeprefix("\ufeff")


class _Progress:
    """A progress bar on stderr while entries are matched, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.bar = None

    def __enter__(self):
        import sys

        if not sys.stderr.isatty():
            return None
        from rich.progress import Progress

        from mibib.console import stderr

        self.bar = Progress(console=stderr(), transient=True)
        self.bar.start()
        task = self.bar.add_task("Matching entries", total=None)
        return lambda done, total: self.bar.update(task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
