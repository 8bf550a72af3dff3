"""Read-only commands: init, list, show, search, taxonomy, check."""

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from mibib.cli.app import app, collection_paths, open_library, open_taxonomy
from mibib.cli.options import Selection, json_option, key_argument, selection_options
from mibib.errors import MibibError
from mibib.plural import counted


@app.command()
def init() -> None:
    """Start a collection in this folder.

    Writes library.bib, taxonomy.toml, README.md and .gitignore; existing files
    are kept as they are. Example: mkdir my-list && cd my-list && mibib init
    """
    from mibib.console import print_line
    from mibib.export import starter
    from mibib.export.readme import END_MARKER, START_MARKER
    from mibib.storage.files import write_atomic
    from mibib.storage.paths import LIBRARY_NAME, TAXONOMY_NAME

    library, taxonomy, readme, gitignore = (
        Path(name) for name in (LIBRARY_NAME, TAXONOMY_NAME, "README.md", ".gitignore")
    )
    if library.exists() and taxonomy.exists():
        raise MibibError(
            f"{library} and {taxonomy} are here already: this folder holds a collection "
            "(nothing was changed)"
        )
    taxonomy_text = taxonomy.read_text(encoding="utf-8") if taxonomy.exists() else None
    planned = {
        library: ("", "empty"),
        taxonomy: (taxonomy_text or starter.starter_taxonomy(), "a starter taxonomy: edit it"),
        readme: (None, "the paper list goes between its two mibib marker lines"),
        gitignore: (starter.starter_gitignore(), "keeps mibib's lock files out of git"),
    }
    created, kept = [], []
    for path, (text, what) in planned.items():
        if path.exists():
            kept.append(path)
            continue
        if path == readme:
            text = starter.starter_readme(planned[taxonomy][0])
        write_atomic(path, text)
        created.append(f"  {path}  ({what})")
    print_line("Created:")
    for line in created:
        print_line(line)
    for path in kept:
        advice = "kept as it is"
        if path == readme and START_MARKER not in path.read_text(
            encoding="utf-8", errors="replace"
        ):
            advice += f"; add the lines {START_MARKER} and {END_MARKER} where the paper list goes"
        if path == gitignore:
            lacking = starter.missing_ignores(path.read_text(encoding="utf-8", errors="replace"))
            if lacking:
                advice += f"; add the lines {' and '.join(lacking)} to it for mibib's lock files"
        print_line(f"{path} is here already: {advice}.")
    print_line("Next:")
    print_line("  mibib taxonomy                      # the categories to tag papers with")
    print_line("  mibib add ARXIV_ID --category KEY   # add a paper (or a DOI, or --bibtex FILE)")
    print_line("  mibib export readme                 # write the paper list into README.md")


@app.command("list")
@selection_options()
def list_entries(
    selection: Selection = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort", metavar="ORDER", help="Order: year, title or key (year is newest first)."
        ),
    ] = "year",
    as_json: json_option("Print JSON instead of a table.") = False,
) -> None:
    """List entries, filtered by tags and year.

    Example: mibib list --category superposition --year 2023-2024
    """
    from mibib.features.search import filter_papers, sort_papers

    if sort not in ("year", "title", "key"):
        raise typer.BadParameter("use year, title or key", param_hint="--sort")
    taxonomy = open_taxonomy()
    filters = selection.filters(taxonomy)
    library = open_library()
    order = ["-year", "title"] if sort == "year" else [sort]
    papers = sort_papers(filter_papers(library.papers, filters), order)
    if as_json:
        from mibib.console import print_json

        print_json([paper.to_dict() for paper in papers])
        return
    from mibib.console import print_papers

    print_papers(papers, f"{len(papers)} of {counted(len(library.papers), 'entry')}")


@app.command("show")
def show_entry(
    key: key_argument(),
    as_json: json_option("Print the entry as JSON.") = False,
) -> None:
    """Show one entry with its tags and TL;DRs.

    Example: mibib show elhage2022toy
    """
    library = open_library()
    paper = library.get(key)
    if as_json:
        from mibib.console import print_json

        print_json(paper.to_dict())
        return
    from mibib.console import render_paper, show

    taxonomy = None
    with contextlib.suppress(MibibError):  # without a taxonomy the panel shows raw keys
        taxonomy = open_taxonomy()
    show(render_paper(paper, taxonomy))


@app.command("search")
@selection_options()
def search_entries(
    query: Annotated[str, typer.Argument(metavar="WORDS", help="Words to look for.")],
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", min=1, help="At most this many.")
    ] = 20,
    selection: Selection = None,
    as_json: json_option("Print JSON instead of a table.") = False,
) -> None:
    """Find entries by words of their title, authors or text.

    The text is the abstract and the TL;DRs. A word matches the words it begins, in
    any case and without accents, and a typo of it from five letters on. Titles rank
    first, then authors, then the text; entries holding every word before those
    holding some.

    Example: mibib search "induction heads"
    """
    from mibib.features.search import filter_papers, search_papers

    library = open_library()
    papers, index = library.papers, None
    if selection:
        papers = filter_papers(papers, selection.filters(open_taxonomy()))
    else:
        index = _kept_search_index(library)
    results = search_papers(papers, query, limit=limit, index=index)
    if as_json:
        from mibib.console import print_json

        print_json([paper.to_dict() for paper, _ in results])
        return
    from mibib.console import print_papers

    papers = [paper for paper, _ in results]
    summary = f"{counted(len(results), 'matching entry')}"
    print_papers(papers, summary, [score for _, score in results])


SEARCH_INDEX = "search-index"


def _kept_search_index(library):
    """The library's search index, kept in the parse cache's folder between runs: only
    the entries changed since are indexed again. None without the cache."""
    from mibib.features.search_index import kept_index
    from mibib.storage import cache_files, entry_fingerprints

    fingerprints = entry_fingerprints(library)
    if fingerprints is None:
        return None
    state = cache_files.load_kept(library.path, SEARCH_INDEX)
    index, changed = kept_index(state, library.papers, fingerprints)
    if changed:
        cache_files.save_kept(library.path, SEARCH_INDEX, index.state())
    return index


@app.command("taxonomy")
def show_taxonomy(as_json: json_option("Print the taxonomy's nodes as JSON.") = False) -> None:
    """Show the taxonomy as a tree with entry counts.

    A node counts the entries tagged with it or with a node below it.

    Example: mibib taxonomy
    """
    taxonomy = open_taxonomy()
    if as_json:
        from mibib.console import print_json

        print_json(taxonomy.to_list())
        return
    from mibib.console import render_taxonomy_tree, show
    from mibib.features.stats import compute_stats

    stats = compute_stats(open_library().papers, taxonomy)
    counts = {
        (node.facet, node.key): node.total for nodes in stats.nodes.values() for node in nodes
    }
    show(render_taxonomy_tree(taxonomy, counts))


@app.command("check")
def check(
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
) -> None:
    """Lint the library: tags, fields, ids, duplicates.

    Unknown tags, missing fields, malformed ids and duplicate entries.

    Example: mibib check --strict
    """
    from mibib.bibtex.io import string_values
    from mibib.bibtex.macros import macro_names
    from mibib.errors import LibraryFormatError
    from mibib.features.lint import ERROR
    from mibib.storage import load_library
    from mibib.storage.paths import display_path

    paths = collection_paths()
    shown = display_path(paths.library)
    taxonomy = open_taxonomy()
    try:
        library = load_library(paths.library)
    except LibraryFormatError as exc:
        for problem in exc.problems:
            typer.echo(problem)
        typer.echo(
            f"{shown}: {counted(len(exc.problems), 'error')}; the file cannot be used until fixed"
        )
        raise typer.Exit(code=1) from None
    # The @string names are read (from the text, not joined) only when a value uses one.
    uses_macros = any(
        macro_names(value) for paper in library.papers for value in paper.raw.values()
    )
    strings = string_values(library.definitions_text()) if uses_macros else {}
    library.release_text()
    problems = _lint_keeping_findings(library, taxonomy, strings)
    for problem in problems:
        typer.echo(f"{shown}:{problem.line}: {problem.key}: {problem.severity}: {problem.message}")
    errors = sum(1 for problem in problems if problem.severity == ERROR)
    warnings = len(problems) - errors
    typer.echo(
        f"{shown}: {counted(len(library.papers), 'entry')}, {counted(errors, 'error')}, "
        f"{counted(warnings, 'warning')}"
        + (" (--strict: warnings fail)" if strict and warnings else "")
    )
    if errors or (strict and warnings):
        raise typer.Exit(code=1)


LINT_FINDINGS = "lint-findings"


def _lint_keeping_findings(library, taxonomy, strings):
    """lint_papers, with each entry's own findings kept in the parse cache's folder
    between runs: only the entries changed since the last check are linted again."""
    from mibib.features.lint import KeptFindings, lint_papers
    from mibib.storage import cache_files, entry_fingerprints

    fingerprints = entry_fingerprints(library)
    if fingerprints is None:
        return lint_papers(library.papers, taxonomy, strings)
    state = cache_files.load_kept(library.path, LINT_FINDINGS)
    kept = KeptFindings(state, fingerprints, library.papers, taxonomy)
    problems = lint_papers(library.papers, taxonomy, strings, kept)
    if kept.changed:
        cache_files.save_kept(library.path, LINT_FINDINGS, kept.state())
    return problems
