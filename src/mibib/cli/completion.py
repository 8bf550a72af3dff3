"""Shell completion of taxonomy keys and entry keys (typer `autocompletion=` callbacks).

They run on every Tab press, so they import only what they need, and they never
raise: a missing or broken file completes nothing instead of printing a traceback
into the shell.
"""

import typer


def complete_tags(facet: str):
    """The completion callback of one facet's option: its keys, titles as help."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        return _taxonomy_keys(ctx, facet, incomplete)

    return complete


def complete_key(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Entry keys starting with what was typed, each with its title as help."""
    try:
        from mibib.storage import load_library

        papers = load_library(_collection(ctx).library).papers
        return _matching([(paper.key, paper.title) for paper in papers], incomplete)
    except Exception:  # completion must never break the shell
        return []


def _taxonomy_keys(ctx: typer.Context, facet: str, incomplete: str) -> list[tuple[str, str]]:
    """Keys of one facet starting with what was typed, in tree order, titles as help."""
    try:
        from mibib.taxonomy import load_taxonomy

        nodes = load_taxonomy(_collection(ctx).taxonomy).walk(facet)
        return _matching([(node.key, node.title) for node in nodes], incomplete)
    except Exception:  # completion must never break the shell
        return []


def _matching(choices: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    # typer keeps only values starting with the typed text, so other matches would be lost.
    return [choice for choice in choices if choice[0].startswith(incomplete or "")]


def _collection(ctx: typer.Context | None):
    """The files the command would use: --library/--taxonomy as typed, env, or discovery."""
    from pathlib import Path

    from mibib.storage.paths import find_collection

    params = ctx.find_root().params if ctx is not None else {}
    # While completing, click hands over the raw strings typed, not converted values.
    library, taxonomy = (params.get(name) for name in ("library", "taxonomy"))
    return find_collection(Path(library) if library else None, Path(taxonomy) if taxonomy else None)
