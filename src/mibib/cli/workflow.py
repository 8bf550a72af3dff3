"""Commands for list maintainers' tooling: the git merge driver for library.bib."""

from pathlib import Path
from typing import Annotated

import typer

from mibib.cli.app import app


@app.command("merge-driver")
def merge_driver(
    base: Annotated[
        Path, typer.Argument(metavar="BASE", help="The common ancestor's version (git's %O).")
    ],
    ours: Annotated[
        Path,
        typer.Argument(metavar="OURS", help="Our version; the result is written here (git's %A)."),
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="Their version (git's %B).")],
) -> None:
    """Merge two versions of library.bib entry by entry, for git.

    Exit 0 when clean; 1 when conflicts are left marked in OURS, or when nothing
    could be merged (then OURS still holds only our version, and the error says so).
    Set it up once per clone, with mibib's absolute path, as git may run it where
    mibib is not on the PATH:
    git config merge.mibib.driver "$(command -v mibib) merge-driver %O %A %B"
    and in .gitattributes: library.bib merge=mibib

    Example: mibib merge-driver base.bib ours.bib theirs.bib
    """
    from mibib.bibtex.io import decode_bibtex
    from mibib.console import print_warning
    from mibib.errors import LibraryFormatError, MibibError
    from mibib.features.merge import merge_libraries
    from mibib.library import parse_library
    from mibib.storage.files import write_atomic

    texts = []
    for path in (base, ours, theirs):
        try:
            texts.append(decode_bibtex(path.read_bytes(), str(path)))
        except OSError as exc:
            raise MibibError(
                f"{path}: cannot read: {exc}; {_NOT_MERGED.format(ours=ours)}"
            ) from exc
    try:
        result = merge_libraries(*texts)
        if not result.conflicts:
            parse_library(result.text, "the merged library.bib")  # never commit a broken file
    except LibraryFormatError as exc:
        print_warning(f"cannot merge entry by entry ({exc}); merging line by line instead")
        raise typer.Exit(code=_merge_lines(base, ours, theirs)) from None
    write_atomic(ours, result.text)
    for warning in result.warnings:
        print_warning(f"check after the merge: {warning}")
    for conflict in result.conflicts:
        print_warning(f"merge conflict: {conflict}")
    if result.conflicts:
        raise typer.Exit(code=1)


def _merge_lines(base: Path, ours: Path, theirs: Path) -> int:
    """git's own line merge, for versions that do not parse (e.g. unresolved markers)."""
    import subprocess

    from mibib.errors import MibibError

    command = ["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs"]
    try:
        done = subprocess.run([*command, str(ours), str(base), str(theirs)], check=False)
    except OSError as exc:
        raise MibibError(
            f"cannot run `git merge-file`: {exc}; {_NOT_MERGED.format(ours=ours)}"
        ) from exc
    if done.returncode < 0 or done.returncode > 127:  # git merge-file failed, not a conflict
        raise MibibError(
            f"`git merge-file` failed (exit {done.returncode}); {_NOT_MERGED.format(ours=ours)}"
        )
    return 0 if done.returncode == 0 else 1


# git takes a driver's non-zero exit for a conflict: say loudly that nothing was merged.
_NOT_MERGED = (
    "nothing was merged: {ours} still holds only our version; merge their changes by hand "
    "(during a git merge, `git show :3:library.bib` prints theirs)"
)
