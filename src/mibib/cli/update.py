"""`mibib update`: refresh arXiv metadata and find where preprints were published."""

import contextlib

from mibib.cli.app import app, collection_paths, open_library
from mibib.cli.completion import complete_key
from mibib.cli.options import json_option, list_argument, yes_option
from mibib.plural import counted


@app.command("update")
def update(
    keys: list_argument(
        "KEY...", "Entries to refresh (default: all with an arXiv id).", autocompletion=complete_key
    ) = None,
    yes: yes_option("Apply the changes shown.") = False,
    as_json: json_option("Print the changes as JSON.") = False,
) -> None:
    """Propose missing and newer metadata of arXiv entries.

    Missing authors and years, newer arXiv versions, journal references, venues, DOIs
    and TL;DRs; --yes applies them. Asks arXiv (up to 100 ids a request) and Semantic Scholar;
    authors, a year, a venue, DOI or TL;DR are only proposed where the entry has none.
    Example: mibib update elhage2022toy --yes
    """
    from mibib.console import print_line, print_warning

    library = open_library()
    papers = [library.get(key) for key in keys] if keys else library.papers
    targets = [paper for paper in papers if paper.arxiv]
    for paper in papers:
        if keys and not paper.arxiv:
            print_warning(f"{paper.key}: no arXiv id (eprint or arxiv.org url); skipped")
    answers = _fetch_answers(targets)
    changes = _propose(targets, answers, library.papers, print_warning)
    if as_json:
        from mibib.console import print_json

        print_json([change.to_dict() for group in changes.values() for change in group])
    else:
        _show(changes)
    count = sum(len(group) for group in changes.values())
    if yes and count:
        _apply(answers)
    if not as_json:
        if not count:
            checked = counted(len(targets), "entry")
            print_line(f"Nothing to update ({checked} with an arXiv id checked).")
        else:
            done = "Applied" if yes else "Proposed"
            hint = "" if yes else "; run again with --yes to apply them"
            print_line(
                f"{done} {counted(count, 'change')} to {counted(len(changes), 'entry')}{hint}."
            )


def _fetch_answers(papers) -> dict:
    """(arXiv record, Semantic Scholar publication) per key; arXiv asked in batches."""
    from mibib.console import print_warning
    from mibib.sources import arxiv, semanticscholar
    from mibib.sources.http import RETRY_HINT

    ids = list(dict.fromkeys(paper.arxiv for paper in papers))
    found = arxiv.fetch(
        [(arxiv_id, "") for arxiv_id in ids], use_cache=False, missing_ok=True, hint=RETRY_HINT
    )
    records = {arxiv_id: record for (arxiv_id, _), record in found.items()}
    for arxiv_id in ids:
        if arxiv_id not in records:
            print_warning(f"arXiv does not know {arxiv_id} (withdrawn, or a wrong id?)")
    publications = {}
    with _progress(len(ids)) as advance:
        for arxiv_id in ids:
            publications[arxiv_id] = semanticscholar.fetch_publication(arxiv_id)
            advance()
    return {
        paper.key: (records.get(paper.arxiv), publications.get(paper.arxiv)) for paper in papers
    }


def _propose(papers, answers, everyone, warn=None) -> dict:
    from mibib.features.update import propose_changes, taken_ids
    from mibib.latex import escape_bibtex

    changes = {}
    for paper in papers:
        record, publication = answers.get(paper.key, (None, None))
        found = propose_changes(paper, record, publication, escape=escape_bibtex)
        found, notes = taken_ids(found, everyone)
        for note in notes if warn else ():
            warn(note)
        if found:
            changes[paper.key] = found
    return changes


def _apply(answers) -> None:
    """Under the lock: reload, re-propose against the current entries, write once."""
    from mibib.features.update import split_changes
    from mibib.storage import load_library, save_library
    from mibib.storage.files import locked

    path = collection_paths().library
    with locked(path):
        library = load_library(path)
        papers = [paper for paper in library.papers if paper.key in answers]
        with library.batch():  # every entry changed in one edit
            for key, group in _propose(papers, answers, library.papers).items():
                fields, tldr = split_changes(group)
                paper = library.update_fields(key, fields)
                if tldr is not None:
                    paper.tldr = tldr
                    library.retag(paper)
        save_library(library)


def _show(changes) -> None:
    """`field: old -> new  (source)` per change; long values are not broken into lines."""
    from rich.text import Text

    from mibib.console import stdout

    for key, group in changes.items():
        stdout().print(Text(key, style="bold cyan"))
        for change in group:
            line = Text(f"  {change.field}: ")
            line.append(change.old or "(none)", style="red")
            line.append(" -> ")
            line.append(change.new, style="green")
            line.append(f"  ({change.source})", style="dim")
            stdout().print(line, soft_wrap=True)


@contextlib.contextmanager
def _progress(total: int):
    """A progress bar on stderr when it is a terminal; yields the function that advances it."""
    from mibib.console import stderr

    if total < 2 or not stderr().is_terminal:
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(console=stderr(), transient=True) as progress:
        task = progress.add_task("Semantic Scholar", total=total)
        yield lambda: progress.advance(task)
