"""`mibib export …`: the README's generated collection, BibTeX for citing, JSON, a web page."""

import itertools
import sys
from pathlib import Path
from typing import Annotated

import typer

from mibib.cli.app import Typer, app, collection_paths, open_library, open_taxonomy
from mibib.cli.options import Selection, output_option, selection_options
from mibib.errors import ExportError, MibibError
from mibib.model import CATEGORY
from mibib.plural import counted

export_app = Typer(
    help="Write the collection out: README list, BibTeX, JSON, web page.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")

README_NAME = "README.md"
ForceOption = Annotated[
    bool, typer.Option("--force", help="Overwrite the --output file if it exists.")
]


@export_app.command("readme")
def export_readme(
    readme: Annotated[
        Path | None,
        typer.Option(
            "--readme",
            metavar="PATH",
            help="The README to update (default: README.md beside taxonomy.toml).",
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 with a diff when stale.")
    ] = False,
    to_stdout: Annotated[
        bool, typer.Option("--stdout", help="Print the updated README instead of writing it.")
    ] = False,
) -> None:
    """Regenerate the paper list between the README's markers.

    Example: mibib export readme --check
    """
    from mibib.export.readme import render_readme
    from mibib.storage.paths import display_path

    if check and to_stdout:
        raise typer.BadParameter("use --check or --stdout, not both", param_hint="--check")
    target = readme or collection_paths().taxonomy.parent / README_NAME
    shown = display_path(target)
    taxonomy, library = open_taxonomy(), open_library()
    _warn_unlisted(library.papers, taxonomy)
    if check or to_stdout:
        old = _read_readme(target, shown)
        new = render_readme(old, library.papers, taxonomy, shown)
        if to_stdout:
            sys.stdout.write(new)
        elif new != old:
            sys.stdout.writelines(_unified_diff(old, new, shown))
            raise MibibError(f"{shown} is out of date; run `mibib export readme` to regenerate it")
        else:
            _print_status(f"{shown} is up to date.")
        return
    import hashlib

    from mibib.export.readme import frame_parts, parts_digest, readme_frame
    from mibib.storage.files import locked, write_atomic_chunks

    with locked(target):
        # The old README is compared by its digest, its bytes and text let go of before
        # the new list is made: a large list's old and new text are not in memory at once.
        old = _read_readme_bytes(target, shown)
        digest = hashlib.sha256(old).digest()
        frame = readme_frame(_decode_readme(old, shown), shown)
        del old
        parts = frame_parts(frame, library.papers, taxonomy)
        changed = parts_digest(parts) != digest
        if changed:
            write_atomic_chunks(target, parts)
    _print_status(f"{shown} {'updated' if changed else 'is up to date'}.")


def _print_status(line: str) -> None:
    """A status line in plain text, not through rich: importing it costs 20 ms."""
    sys.stdout.write(line + "\n")


@export_app.command("bibtex")
@selection_options()
def export_bibtex(
    selection: Selection = None,
    output: output_option() = None,
    clean: Annotated[
        bool, typer.Option("--clean", help="Drop mibib's own fields (mibib-*).")
    ] = False,
    force: ForceOption = False,
) -> None:
    """Print the matching entries as BibTeX, for citing.

    Entries are printed exactly as stored in the library.

    Example: mibib export bibtex --category circuits --clean -o circuits.bib
    """
    from mibib.export.bibtex import render_citations

    _check_output(output, force)
    library, papers = _matching_papers(selection)
    _emit(render_citations(library, [paper.key for paper in papers], clean=clean), output)


@export_app.command("json")
@selection_options()
def export_json(
    selection: Selection = None,
    output: output_option() = None,
    force: ForceOption = False,
) -> None:
    """Print the matching entries as JSON.

    The objects of `mibib list --json`.

    Example: mibib export json --technique probing -o probing.json
    """
    from mibib.export.json import render_json

    _check_output(output, force)
    _, papers = _matching_papers(selection)
    _emit(render_json(papers), output)


DEFAULT_PAGE = Path("site") / "index.html"


@export_app.command("html")
@selection_options()
def export_html(
    selection: Selection = None,
    output: output_option(
        f"Write the page here (default: {DEFAULT_PAGE}; folders are created)."
    ) = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Overwrite the file even if it is not a page mibib wrote."),
    ] = False,
) -> None:
    """Write the collection as one self-contained web page.

    Readers can filter, search and cite from it. Example: mibib export html -o site/index.html
    """
    from mibib.export.html import is_generated_page, render_html
    from mibib.storage.files import write_atomic_chunks
    from mibib.storage.paths import display_path

    output = output or DEFAULT_PAGE
    _check_output(output, force or _is_earlier_export(output, is_generated_page))
    library, papers = _matching_papers(selection)
    taxonomy = open_taxonomy()
    unlisted = _warn_unlisted(papers, taxonomy)
    citations = _clean_citations(library)
    library.release_text()  # the page needs the entries and their BibTeX, not the file's text
    page = render_html(papers, taxonomy, citations)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{display_path(output)}: cannot create its folder: {exc}") from exc
    write_atomic_chunks(output, page)
    count = len(papers) - len(unlisted)
    _print_status(f"Wrote {display_path(output)} ({counted(count, 'entry')}).")


CLEAN_CITATIONS = "clean-citation-parts"


def _clean_citations(library):
    """Every entry's clean BibTeX, by key: from the cache when the library's bytes are
    those it was worked out from, as locating mibib's fields in 10,000 entries takes
    a second. Cached in parts, and read back a part at a time as the page asks for
    them in file order: 100,000 entries' BibTeX is never in memory at once."""
    from mibib.storage import cache_files

    keys = [paper.key for paper in library.papers]
    where = library.path, library.disk_digest, CLEAN_CITATIONS
    parts = cache_files.load_derived_parts(*where)
    if parts is None:
        from mibib.export.bibtex import each_citation

        made = each_citation(library, keys, clean=True)
        batches = (dict(itertools.islice(made, _PART)) for _ in range(0, len(keys), _PART))
        if cache_files.save_derived_parts(*where, batches):
            parts = cache_files.load_derived_parts(*where)
    if parts is None:  # no cache
        return _render_citations(library, keys)
    return _CitationsInOrder(parts, lambda: _render_citations(library, keys))


def _render_citations(library, keys: list[str]) -> dict[str, str]:
    """Every entry's clean BibTeX, worked out (bibtex/ is imported only when needed)."""
    from mibib.export.bibtex import render_each_citation

    return render_each_citation(library, keys, clean=True)


_PART = 5000  # entries per stored part of the clean citations


class _CitationsInOrder:
    """The stored parts as a mapping asked in file order (`get`): each part is dropped
    once passed. A key not found in the parts left, or a part that fails to load, turns
    to `everything` (the whole mapping, worked out again)."""

    def __init__(self, parts, everything) -> None:
        self.parts, self.everything = parts, everything
        self.part: dict[str, str] = {}
        self.whole: dict[str, str] | None = None

    def get(self, key: str, default: str = "") -> str:
        if self.whole is None:
            try:
                while key not in self.part:
                    self.part = next(self.parts)
                return self.part[key]
            except Exception:  # exhausted, or a part cut short: only costs the work again
                self.part, self.whole = {}, self.everything()
        return self.whole.get(key, default)


def _warn_unlisted(papers, taxonomy) -> list[str]:
    """Entries with no known category appear in no section: say so, not silently."""
    from mibib.console import print_warning

    known = taxonomy.nodes[CATEGORY].keys()
    unlisted = [paper.key for paper in papers if known.isdisjoint(paper.categories)]
    if unlisted:
        shown = ", ".join(unlisted[:5]) + (", …" if len(unlisted) > 5 else "")
        has, appears, them = (
            ("has", "appears", "it") if len(unlisted) == 1 else ("have", "appear", "them")
        )
        print_warning(
            f"{counted(len(unlisted), 'entry')} {has} no known category and {appears} in no "
            f"section: {shown} (give {them} a category; `mibib check` lists unknown ones)"
        )
    return unlisted


def _matching_papers(selection: Selection):
    """The library and its entries that pass the filters, in file order."""
    from mibib.features.search import filter_papers

    library = open_library()
    if not selection:
        return library, list(library.papers)
    return library, filter_papers(library.papers, selection.filters(open_taxonomy()))


def _check_output(output: Path | None, force: bool) -> None:
    """Never write over the collection's own files; any other existing file only with --force."""
    if output is None:
        return
    paths = collection_paths()
    own = {
        paths.library: "library",
        paths.taxonomy: "taxonomy",
        paths.taxonomy.parent / README_NAME: "README",
    }
    target = output.resolve()
    for path, what in own.items():
        if target == path.resolve():
            raise ExportError(
                f"{output} is the collection's {what}; an export never writes over it "
                "(choose another --output file)"
            )
    if output.is_dir():
        raise ExportError(f"{output} is a folder; give --output the file to write in it")
    if output.exists() and not force:
        raise ExportError(f"{output} already exists; pass --force to overwrite it")


def _is_earlier_export(path: Path, is_export) -> bool:
    """Whether `path` is a file an export wrote before (`is_export` reads its start), so
    writing it again loses nothing of the user's."""
    try:
        with path.open("r", encoding="utf-8", errors="replace") as file:
            return is_export(file.read(2048))
    except OSError:
        return False


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from mibib.storage.files import write_atomic

    write_atomic(output, text)


def _read_readme(path: Path, shown: str) -> str:
    """The README's exact text (line ends kept as they are)."""
    return _decode_readme(_read_readme_bytes(path, shown), shown)


def _read_readme_bytes(path: Path, shown: str) -> bytes:
    from mibib.export.readme import MARKER_HINT
    from mibib.storage.files import read_bytes

    missing = f"no such file; create it and {MARKER_HINT} (or pass --readme PATH)"
    return read_bytes(path, missing, ExportError, shown=shown)


def _decode_readme(data: bytes, shown: str) -> str:
    from mibib.storage.files import decode_utf8

    return decode_utf8(data, shown, "the README", ExportError)


def _unified_diff(old: str, new: str, shown: str) -> list[str]:
    import difflib

    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"{shown} (current)",
        tofile=f"{shown} (generated)",
    )
    return [line if line.endswith("\n") else line + "\n" for line in lines]
