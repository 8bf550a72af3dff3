"""Commands that change one entry: tag, remove. Each loads, changes and saves under the lock."""

import sys
from typing import Annotated

import typer

from mibib.cli.app import app, collection_paths, open_taxonomy
from mibib.cli.options import Tags, facet_flags, facet_options, key_argument, yes_option
from mibib.errors import MibibError
from mibib.model import FACETS
from mibib.plural import counted


@app.command("tag")
@facet_options()
def tag(
    ctx: typer.Context,
    key: key_argument(),
    tags: Tags = None,
    remove: Annotated[
        bool, typer.Option("--remove", help="Remove the given tags instead of adding them.")
    ] = False,
    tldr: Annotated[
        str | None, typer.Option("--tldr", metavar="TEXT", help='Set the TL;DR ("" clears it).')
    ] = None,
    tldr_for: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--tldr-for",
            metavar="CATEGORY TEXT",
            help='Set the TL;DR shown in one category\'s section ("" clears it).',
        ),
    ] = None,
) -> None:
    """Add or remove an entry's tags, or set its TL;DRs.

    Only mibib's own fields of that entry change.

    Example: mibib tag elhage2022toy --category polysemanticity --technique probing
    """
    from mibib.console import print_line, print_warning
    from mibib.storage import load_library, save_library
    from mibib.storage.files import locked

    if not any(tags.values()) and tldr is None and tldr_for is None:
        ctx.fail(
            f"nothing to change: give tags with {facet_flags()} (--remove takes them "
            "off), or a TL;DR with --tldr TEXT or --tldr-for CATEGORY TEXT"
        )
    taxonomy = open_taxonomy()
    wanted = {facet: taxonomy.resolve_keys(facet, values) for facet, values in tags.items()}
    tldr_category = taxonomy.resolve("category", tldr_for[0]) if tldr_for else None
    path = collection_paths().library
    with locked(path):
        library = load_library(path)
        paper = library.get(key)
        updated, notes = apply_tags(paper, wanted, remove, tldr, tldr_category, tldr_for)
        library.retag(updated)
        save_library(library)
    for note in notes:
        print_warning(note)
    if _same_tags(paper, updated):
        print_line(f"{updated.key}: already tagged so; nothing changed.")
        return
    print_line(f"Tagged {updated.key}:")
    for line in describe_tags(updated):
        print_line(f"  {line}")


def apply_tags(paper, wanted, remove, tldr, tldr_category, tldr_for):
    """A copy of `paper` with the tags added or removed and TL;DRs set; plus notes to show."""
    import copy

    updated = copy.deepcopy(paper)
    notes = []
    for facet, keys in wanted.items():
        if not remove:
            updated.add_tags(facet, keys)
            continue
        missing, dropped = updated.remove_tags(facet, keys)
        for key in keys:
            if key in dropped:
                notes.append(f"dropped the TL;DR of '{key}' with the category")
            elif key in missing:
                notes.append(f"{paper.key} has no {facet} '{key}'; nothing to remove")
    if tldr is not None:
        updated.tldr = tldr
    if tldr_category is not None:
        if tldr_category not in updated.categories:
            raise MibibError(
                f"entry '{paper.key}' is not in category '{tldr_category}'; "
                f"add it first (mibib tag {paper.key} --category {tldr_category})"
            )
        if tldr_for[1].strip():
            updated.category_tldrs[tldr_category] = tldr_for[1]
        else:
            updated.category_tldrs.pop(tldr_category, None)
    return updated, notes


def describe_tags(paper) -> list[str]:
    """One short line per facet and TL;DR, as `show` names them."""
    lines = [f"{facet.plural}: {', '.join(paper.tags[facet.name]) or '-'}" for facet in FACETS]
    lines.append(f"TL;DR: {'set' if paper.tldr else '-'}")
    for category in paper.category_tldrs:
        lines.append(f"TL;DR for {category}: set")
    return lines


def _same_tags(before, after) -> bool:
    return (before.tags, before.tldr, before.category_tldrs) == (
        after.tags,
        after.tldr,
        after.category_tldrs,
    )


@app.command("remove")
def remove_entry(
    key: key_argument(),
    yes: yes_option("Do not ask for confirmation.") = False,
) -> None:
    """Delete an entry from the library.

    Asks first on a terminal; scripts pass --yes.

    Example: mibib remove elhage2022toy --yes
    """
    from mibib.console import print_line
    from mibib.storage import load_library, save_library
    from mibib.storage.files import locked

    path = collection_paths().library
    paper = load_library(path).get(key)
    if not yes:
        if not is_terminal():
            raise MibibError(f"not removing '{paper.key}' without confirmation: pass --yes")
        if not typer.confirm(f"Remove {paper.key} ({paper.title})?", default=False):
            raise MibibError(f"'{paper.key}' not removed")
    with locked(path):
        library = load_library(path)
        removed = library.remove(paper.key)
        save_library(library)
    print_line(
        f"Removed {removed.key} ({removed.title}); {counted(len(library.papers), 'entry')} left."
    )


def is_terminal() -> bool:
    """Whether a person can answer a question (stdin is a terminal)."""
    return sys.stdin.isatty()
