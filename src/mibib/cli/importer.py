"""The `import` command: bring a .bib file or a Markdown paper list into the library."""

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from mibib.cli.app import app, collection_paths
from mibib.cli.options import Tags, dry_run_option, facet_options
from mibib.errors import LibraryChangedError, MibibError


@app.command("import")
@facet_options(
    {
        "category": "Tag every imported entry (repeatable).",
        "technique": "Technique for all (repeatable).",
        "evaluation": "Evaluation for all (repeatable).",
    }
)
def import_list(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="PATH", help="A .bib file, or a paper list in Markdown (.md) or HTML."
        ),
    ],
    tags: Tags = None,
    merge: Annotated[
        bool, typer.Option("--merge", help="Fill missing fields of entries already here.")
    ] = False,
    dry_run: dry_run_option("Show what would happen; write nothing.") = False,
    no_new_categories: Annotated[
        bool,
        typer.Option(
            "--no-new-categories",
            help="Add no categories, techniques or evaluations to taxonomy.toml.",
        ),
    ] = False,
    fetch: Annotated[
        bool,
        typer.Option(
            "--fetch",
            help="Fill missing authors, years and title case from arXiv and DOIs (network).",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="List every entry, also above 50 and left out."),
    ] = False,
) -> None:
    """Import a .bib file or a paper list (Markdown, HTML).

    Duplicates are merged, never doubled.

    Example: mibib import awesome-list/README.md --dry-run
    """
    from mibib.importers.pipeline import file_kind

    if file.is_dir():
        raise MibibError(
            f"{file}: a folder, not a file; give the list itself ({file / 'README.md'})"
        )
    kind = file_kind(file)
    # Read before the progress bar (a bad file fails at once); handed over in a list
    # that _run_import empties, so no frame keeps a large file's text beside the entries.
    texts = [_read_text(file, kind)]
    paths = collection_paths()
    with _Progress(fetch) as progress:
        result = _run_import(
            paths, file, kind, texts, tags, merge, no_new_categories, fetch, dry_run, progress
        )
    from mibib.console.import_report import print_import_report

    print_import_report(result, dry_run, verbose)


def _run_import(
    paths,
    file: Path,
    kind: str,
    texts: list[str],
    tags: dict,
    merge: bool,
    no_new_categories: bool,
    fetch: bool,
    dry_run: bool,
    progress: "_Progress",
):
    """Read, fetch (--fetch) and plan before the locks; under them, plan again when another
    writer changed the files meanwhile, then apply and write (not on a dry run)."""
    from mibib.importers.pipeline import (
        ImportOptions,
        apply_import,
        plan_candidates,
        read_candidates,
    )
    from mibib.storage import changed_on_disk, load_library, save_library
    from mibib.storage.files import locked, write_atomic
    from mibib.taxonomy import parse_taxonomy, read_taxonomy

    def read(taxonomy_text: str):
        taxonomy = parse_taxonomy(taxonomy_text, str(paths.taxonomy))
        options = ImportOptions(
            tags={facet: taxonomy.resolve_keys(facet, values) for facet, values in tags.items()},
            merge=merge,
            new_categories=not no_new_categories,
        )
        source = text if text is not None else _read_text(file, kind)
        return read_candidates(str(file), kind, source, taxonomy, options), options

    def plan(candidates, options, taxonomy_text):
        library = load_library(paths.library)
        result = plan_candidates(
            candidates,
            taxonomy_text,
            library,
            options,
            on_step=lambda done, total: progress.step("match", done, total),
            filled=filled,
        )
        return library, result

    # Reading, fetching and planning happen before the locks: a long import holds
    # other writers up only while it applies its plan and writes.
    taxonomy_text = read_taxonomy(paths.taxonomy)
    text = texts.pop()
    candidates, options = read(taxonomy_text)
    text = None  # read again if the import is planned again: not kept beside the entries
    progress.step("read", 1, 1)
    fills, filled = ({}, None)
    if fetch:
        fills, filled = _fetch_fills(candidates.papers, progress)
    try:
        library, result = plan(candidates, options, taxonomy_text)
    except LibraryChangedError:  # another writer saved meanwhile: plan under the locks
        library = result = None
    # A real run holds both locks from checking the files to writing; a dry run reads only.
    guard = contextlib.nullcontext if dry_run else locked
    with guard(paths.taxonomy), guard(paths.library):
        current = read_taxonomy(paths.taxonomy)
        stale = library is None or current != taxonomy_text or changed_on_disk(library)
        if stale and (not dry_run or library is None):
            taxonomy_text = current  # changed meanwhile: plan again against them
            candidates, options = read(taxonomy_text)
            _apply_fills(candidates.papers, fills)
            library, result = plan(candidates, options, taxonomy_text)
        apply_import(result, library)
        progress.step("write", 1, 2)
        if not dry_run:
            if result.taxonomy_text is not None:
                write_atomic(paths.taxonomy, result.taxonomy_text)
            save_library(library)
        progress.step("write", 2, 2)
    return result


def _fetch_fills(papers, progress) -> tuple[dict, object]:
    """Ask arXiv (in batches) and doi.org about the entries that lack something; the
    fields to fill per entry line, and the report. Offline, one line says so."""
    from mibib.errors import SourceError
    from mibib.importers.filling import FillReport, fill_paper, needs_filling
    from mibib.latex import escape_bibtex
    from mibib.sources import arxiv, doi

    report = FillReport()
    wanted = [paper for paper in papers if needs_filling(paper)]
    report.wanted = len(wanted)
    by_arxiv = [paper for paper in wanted if paper.arxiv]
    by_doi = [paper for paper in wanted if not paper.arxiv and paper.doi]
    records: dict = {}
    ids = list(dict.fromkeys((paper.arxiv, "") for paper in by_arxiv))
    steps = max(len(ids), 1) + len(by_doi)

    def arrived(found: dict, done: int, total: int) -> None:
        records.update({arxiv_id: record for (arxiv_id, _), record in found.items()})
        progress.step("fetch", done, steps)

    try:
        if ids:
            arxiv.fetch(ids, missing_ok=True, on_batch=arrived)
    except SourceError as exc:
        report.offline.append(f"arXiv could not be asked ({_reason(exc)})")
    fills: dict[int, dict[str, str]] = {}
    for paper in by_arxiv:
        record = records.get(paper.arxiv)
        if record is None:
            if not report.offline:
                report.unknown.append(paper.arxiv)
            continue
        before = dict(paper.fields)
        if fill_paper(paper, record.title, record.authors, record.year, "arXiv", report,
                      escape_bibtex):  # fmt: skip
            fills[paper.line] = _changed(before, paper)
    for index, paper in enumerate(by_doi):
        progress.step("fetch", len(ids) + index + 1, steps)
        try:
            answer = _doi_paper(doi.fetch(paper.doi))
        except SourceError as exc:
            if "not found" in str(exc):
                report.unknown.append(paper.doi)
                continue
            report.offline.append(f"doi.org could not be asked ({_reason(exc)})")
            break
        before = dict(paper.fields)
        if answer is not None and fill_paper(
            paper, answer.title, answer.authors, answer.year, "doi.org", report
        ):
            fills[paper.line] = _changed(before, paper)
    if report.offline:
        report.offline[-1] += "; imported what the list gives (run again with --fetch later)"
    return fills, report


def _reason(exc: Exception) -> str:
    """A source's failure without the advice meant for `add`."""
    text = str(exc).split("; try again later")[0]
    return text.split(" failed: ", 1)[-1]


def _doi_paper(bibtex: str):
    """The entry of a DOI's BibTeX answer, or None when it holds none."""
    from mibib.library import parse_library

    try:
        papers = parse_library(bibtex, "doi.org").papers
    except MibibError:
        return None
    return papers[0] if papers else None


def _changed(before: dict, paper) -> dict[str, str]:
    return {name: value for name, value in paper.fields.items() if before.get(name) != value}


def _apply_fills(papers, fills: dict[int, dict[str, str]]) -> None:
    """The fetched fields, on candidates read again after the taxonomy changed."""
    for paper in papers:
        for name, value in fills.get(paper.line, {}).items():
            paper.fields[name] = value
        if paper.entry_type == "online" and paper.fields.get("year"):
            paper.entry_type = "misc"


def _read_text(file: Path, kind: str) -> str:
    from mibib.storage.files import decode_utf8, read_bytes

    data = read_bytes(file, "no such file")
    if kind == "bibtex":
        from mibib.bibtex.io import decode_foreign_bibtex

        return decode_foreign_bibtex(data, str(file))
    return decode_utf8(data, str(file), "the file").removeprefix("\ufeff")


class _Progress:
    """One progress bar on stderr, only on a terminal, over the whole import: reading,
    fetching (with --fetch), matching and writing each fill their share of it."""

    def __init__(self, fetching: bool) -> None:
        shares = [("read", 5), ("fetch", 35 if fetching else 0), ("match", 40), ("write", 20)]
        self.spans: dict[str, tuple[float, float]] = {}
        start = 0.0
        for phase, share in shares:
            self.spans[phase] = (start, start + share)
            start += share
        self.total = start
        self.bar = None
        self.task = None

    def __enter__(self) -> "_Progress":
        import sys

        if sys.stderr.isatty():
            from rich.progress import Progress

            from mibib.console import stderr

            self.bar = Progress(console=stderr(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Reading", total=self.total)
        return self

    def step(self, phase: str, done: int, total: int) -> None:
        if self.bar is None:
            return
        start, end = self.spans[phase]
        completed = start + (end - start) * (done / total if total else 1)
        names = {"read": "Reading", "fetch": "Fetching", "match": "Matching", "write": "Writing"}
        self.bar.update(self.task, completed=completed, description=names[phase])

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
