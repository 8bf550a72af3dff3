"""`mibib add`: classify the arguments through the sources, check identity, fetch, tag,
and splice the entries into library.bib. Fetching happens before the library's lock."""

from pathlib import Path

import typer

from mibib.cli.app import app, collection_paths, open_taxonomy
from mibib.cli.options import (
    LOOKUP_HELP,
    Tags,
    dry_run_option,
    facet_options,
    flag_option,
    json_option,
    list_argument,
    text_option,
    year_option,
    yes_option,
)
from mibib.errors import MibibError, UsageError


@app.command()
@facet_options(LOOKUP_HELP)
def add(
    sources: list_argument(
        "ID...", "arXiv ids or URLs, DOIs or doi.org URLs, Semantic Scholar URLs."
    ) = None,
    tags: Tags = None,
    tldr: text_option("--tldr", "TEXT", "A one-sentence TL;DR.") = None,
    key: text_option("--key", "KEY", "Use this key (one entry).") = None,
    bibtex: text_option("--bibtex", "PATH", "Entries from a .bib file, or - for stdin.") = None,
    title: text_option("--title", "TEXT", "Title (typed entry).") = None,
    author: text_option(
        "--author", "NAME", "Author (typed entry); repeatable, or joined with 'and'.", True
    ) = None,
    year: year_option("Year (typed entry).") = None,
    url: text_option("--url", "URL", "URL (typed entry).") = None,
    venue: text_option("--venue", "TEXT", "Venue (typed entry).") = None,
    entry_type: text_option(
        "--type", "TYPE", "Entry type (typed entry): misc, article, ..."
    ) = "misc",
    yes: yes_option("Accept the suggested categories.") = False,
    dry_run: dry_run_option("Show, write nothing.") = False,
    force: flag_option("--force", "Add even an entry that looks like one already here.") = False,
    as_json: json_option("Print the added entries as JSON.") = False,
) -> None:
    """Add papers by arXiv id, DOI, BibTeX file or typed fields.

    Fetches their metadata, tags them, and inserts them at their sorted place.

    Example: mibib add 2407.02646 --category techniques --technique logit-lens
    """
    from mibib.sources.registry import source_hint

    typed = title or author or year or url or venue
    if sum(bool(x) for x in (sources, bibtex, typed)) != 1:
        raise typer.BadParameter(f"{source_hint()} (exactly one of these)", param_hint="SOURCES")
    taxonomy = open_taxonomy()
    wanted = {facet: taxonomy.resolve_keys(facet, values) for facet, values in tags.items()}
    if key is not None:
        check_key_option(key)
    paths = collection_paths()
    source_text = ""
    if sources:
        papers = look_up(sources, paths.library, force)
    elif bibtex:
        papers, source_text = read_bibtex(bibtex)
    else:
        from mibib.sources.manual import manual_paper

        papers = [manual_paper(title or "", author or [], year or "", url, venue, entry_type)]
    if key is not None and len(papers) != 1:
        raise MibibError(f"--key names one entry, but {len(papers)} are being added")
    for paper in papers:
        apply_tags(paper, taxonomy, wanted, tldr, yes)
    added = splice_papers(papers, paths.library, key, dry_run, force, source_text)
    show_added(added, taxonomy, paths.library, dry_run, as_json)


def check_key_option(key: str) -> None:
    from mibib.identity.keys import is_valid_key

    if not is_valid_key(key):
        raise UsageError(
            f"{key!r} is not a valid key (no spaces, commas, braces, parentheses, quotes, "
            "#, %, =, backslash, @ or ~)",
            "'--key'",
        )


def look_up(texts: list[str], library_path: Path, force: bool = False) -> list:
    """Classify the arguments through the sources, refuse ids already in the library
    (before any request; `force` skips this), then fetch."""
    from mibib.identity.index import find_same_id
    from mibib.sources.registry import classify, fetch_papers
    from mibib.storage import load_library

    lookups = classify(texts)
    if library_path.exists() and not force:
        papers = load_library(library_path).papers
        for lookup in lookups:
            found = find_same_id(papers, lookup.arxiv, lookup.doi)
            if found is not None:
                raise_duplicate(lookup.shown, found[0], f"same {found[1]}")
    return fetch_papers(lookups)


def read_bibtex(source: str) -> tuple[list, str]:
    """Entries of a .bib file or stdin as written (key, every field, macros), and the text;
    a parse error names the file and line of every broken entry."""
    import sys

    from mibib.bibtex.io import decode_foreign_bibtex
    from mibib.bibtex.written import keep_written, prepare_foreign
    from mibib.library import parse_library

    name = "<stdin>" if source == "-" else source
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise MibibError(f"{name}: cannot read: {exc.strerror or exc}") from None
    text, notes = prepare_foreign(decode_foreign_bibtex(data, name), name)
    parsed = parse_library(text, name)
    if not parsed.papers:
        raise MibibError(f"{name}: no BibTeX entry found")
    notes += keep_written(parsed.papers, text, parsed.spans)
    if notes:
        from mibib.console import print_warning

        for note in notes:
            print_warning(note)
    return parsed.papers, text


def apply_tags(paper, taxonomy, tags: dict, tldr: str | None, yes: bool) -> None:
    """Command-line tags after the entry's own; categories suggested when none is given."""
    for facet, keys in tags.items():
        paper.tags[facet] = taxonomy.resolve_keys(facet, paper.tags[facet])
        paper.add_tags(facet, keys)
    if tldr:
        paper.tldr = " ".join(tldr.split())
    if not paper.categories:
        paper.categories = choose_categories(paper, taxonomy, yes)


def choose_categories(paper, taxonomy, yes: bool) -> list[str]:
    """Suggestions from the taxonomy's keywords: accepted with --yes, asked on a terminal,
    and never prompted for when stdin is not a terminal."""
    suggested = taxonomy.suggest_categories(f"{paper.title} {paper.fields.get('abstract', '')}")
    title = paper.title if len(paper.title) <= 60 else paper.title[:57] + "..."
    if yes and suggested:
        return suggested
    if not is_interactive():
        if suggested:
            raise MibibError(
                f"no --category for '{title}'; suggested: {', '.join(suggested)} "
                "(pass --category KEY, or --yes to accept the suggestions)"
            )
        raise MibibError(
            f"no --category for '{title}' and none suggested by the taxonomy's keywords "
            "(pass --category KEY; `mibib taxonomy` lists them)"
        )
    return ask_categories(paper.title, taxonomy, suggested)


def ask_categories(title: str, taxonomy, suggested: list[str]) -> list[str]:
    """Show the categories to choose from and ask until the answer names known ones:
    a typo is said and asked again, so one slip does not stop a batch of papers."""
    from mibib.errors import UnknownTagError

    typer.echo(f"{title}\nCategories to choose from:", err=True)
    for node in taxonomy.walk("category"):
        indent = "  " * (taxonomy.depth("category", node.key) + 1)
        typer.echo(f"{indent}{node.key}  ({node.title})", err=True)
    if suggested:
        typer.echo(f"Suggested categories: {', '.join(suggested)}", err=True)
    while True:
        answer = typer.prompt(
            "Categories (comma-separated keys)", default=", ".join(suggested) or None, err=True
        )
        try:
            chosen = taxonomy.resolve_keys("category", [answer])
        except UnknownTagError as exc:
            typer.echo(f"{exc}; try again", err=True)
            continue
        if chosen:
            return chosen
        typer.echo("every entry needs a category; give at least one key", err=True)


def is_interactive() -> bool:
    import sys

    return sys.stdin.isatty()


def raise_duplicate(what: str, existing, reason: str, earlier: bool = False) -> None:
    """Refuse a paper the library (or, `earlier`, an entry before it in the same input)
    already holds."""
    from mibib.errors import DuplicateEntryError

    if earlier:
        raise DuplicateEntryError(
            f"{what} is the same paper as '{existing.key}', which this command adds before "
            f"it ({reason}); keep one of them, or pass --force to add both"
        )
    raise DuplicateEntryError(
        f"{what} is already in the library as '{existing.key}' (line {existing.line}, {reason}); "
        "pass --force to add it all the same"
    )


def splice_papers(
    papers: list,
    library_path: Path,
    key: str | None,
    dry_run: bool,
    force: bool = False,
    source_text: str = "",
) -> list:
    """Under the library's lock: load, refuse duplicates (identity's rule; `force` adds
    them all the same), pick keys, insert, save. A possible duplicate is added, with a
    warning. Entries from a .bib (`source_text`) keep their key unless it is taken or not
    valid, and bring the @string definitions their macros need; each change is said."""
    from mibib.bibtex.references import follow_keys, followed
    from mibib.bibtex.strings import carry_strings
    from mibib.bibtex.writer import render_entry
    from mibib.errors import DuplicateEntryError
    from mibib.identity.index import Index
    from mibib.identity.keys import is_valid_key, make_key
    from mibib.identity.same import CONFLICT, SAME, SHARED
    from mibib.library import parse_library
    from mibib.storage import load_library, save_library
    from mibib.storage.files import locked

    warnings = []
    with locked(library_path):
        library = load_library(library_path)
        index = Index(library.papers)
        if source_text:
            blocks, notes = carry_strings(papers, source_text, library.definitions_text())
            library.define_strings(blocks)
            warnings += notes
        added: set[int] = set()  # this input's entries, once in the index
        taken: set[str] = set()  # the keys they take
        moved: dict[str, str] = {}  # a .bib file's key (lower case) -> the key it was added as
        for paper in papers:
            found = index.match(paper)
            earlier = found is not None and id(found.paper) in added
            if found is not None and not force:
                if found.verdict == SAME:
                    raise_duplicate(f"'{paper.title}'", found.paper, found.reason, earlier)
                if found.verdict == CONFLICT:
                    raise DuplicateEntryError(
                        f"'{paper.title}' has the {found.reason.removeprefix('same ')} of "
                        f"'{found.paper.key}' (line {found.paper.line}) but {found.detail}: "
                        "one of them has the wrong id (fix it, or pass --force)"
                    )
            if key is not None and library.unique_key(key) != key:  # taken
                raise DuplicateEntryError(f"key '{key}' is already in the library (choose another)")
            own = paper.key  # the key a .bib file gave it
            wanted = own if own and is_valid_key(own) else make_key(paper)
            paper.key = key or library.unique_key(wanted, also_taken=taken)
            taken.add(paper.key.lower())
            if own and paper.key != own:
                why = "is already taken" if is_valid_key(own) else "is not a valid BibTeX key"
                warnings.append(f"key '{own}' {why}; the entry was added as '{paper.key}'")
                moved[own.lower()] = paper.key
            elif source_text and not own:
                line = f" on line {paper.line}" if paper.line else ""
                warnings.append(f"the entry{line} has no key; it was added as '{paper.key}'")
            index.add(paper)
            added.add(id(paper))
            if found is not None and found.verdict == SHARED:
                where = "added just before it" if earlier else f"line {found.paper.line}"
                warnings.append(
                    f"{paper.key} shares the {found.reason.removeprefix('same ')} of "
                    f"'{found.paper.key}' ({where}), another work ({found.detail}); both "
                    "keep it"
                )
            elif found is not None:
                other = found.paper
                where = "added just before it" if earlier else f"line {other.line}"
                warnings.append(
                    f"{paper.key} may be the same paper as '{other.key}' ({where}): "
                    f"{found.reason}; `mibib check` lists it until one is removed"
                )
        for paper, name, target in follow_keys(papers, moved):  # they name the same entry
            warnings.append(f"{paper.key}: {followed(name, target, paper.fields[name])}")
        with library.batch():
            for paper in papers:
                parse_library(render_entry(paper), f"new entry {paper.key}")  # must read back
                library.add(paper)
        if not dry_run:
            save_library(library)
    if warnings:
        from mibib.console import print_warning

        for warning in warnings:
            print_warning(warning)
    return papers


def show_added(papers: list, taxonomy, library_path: Path, dry_run: bool, as_json: bool) -> None:
    if as_json:
        from mibib.console import print_json

        print_json([paper.to_dict() for paper in papers])
        return
    from mibib.bibtex.writer import render_entry
    from mibib.console import print_line, render_paper, show
    from mibib.storage.paths import display_path

    shown = display_path(library_path)
    for paper in papers:
        show(render_paper(paper, taxonomy))
        if dry_run:
            typer.echo(render_entry(paper))
        else:
            print_line(f"Added {paper.key} to {shown} (line {paper.line})")
    if dry_run:
        print_line(f"Dry run: nothing written to {shown}")
