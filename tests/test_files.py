"""files.locked and files.write_atomic: permissions, links, read-only files, lock waits."""

import os
import subprocess
import sys
import textwrap

import pytest

from mibib.errors import MibibError
from mibib.storage import files, load_library, save_library

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from mibib.storage.files import locked
    with locked(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(30)
    """
)


def test_write_keeps_the_files_permissions(invoke, collection):
    library = collection / "library.bib"
    library.chmod(0o640)
    result = invoke("tag", "elhage2022toy", "-c", "tools")
    assert result.exit_code == 0, result.output
    assert library.stat().st_mode & 0o777 == 0o640


def test_write_through_a_symlink_keeps_the_link(invoke, collection):
    real = collection / "data" / "papers.bib"
    real.parent.mkdir()
    (collection / "library.bib").rename(real)
    (collection / "library.bib").symlink_to(real)
    result = invoke("tag", "elhage2022toy", "-c", "tools")
    assert result.exit_code == 0, result.output
    assert (collection / "library.bib").is_symlink()
    assert "tools" in real.read_text(encoding="utf-8")
    assert (real.parent / ".papers.bib.lock").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write read-only files")
def test_read_only_library_is_refused(invoke, collection):
    library = collection / "library.bib"
    library.chmod(0o444)
    result = invoke("tag", "elhage2022toy", "-c", "tools")
    assert result.exit_code == 1
    assert "the file is read-only; nothing was written" in result.output


def test_read_only_library_is_refused_even_for_root(collection, monkeypatch):
    monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK)
    with pytest.raises(MibibError, match="read-only; nothing was written"):
        files.write_atomic(collection / "library.bib", "x")


def test_failed_write_leaves_the_file_and_no_temp_file(collection, monkeypatch):
    library = collection / "library.bib"
    before = library.read_bytes()

    def failing_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(MibibError, match="No space left on device.*the file is unchanged"):
        files.write_atomic(library, "new text")
    assert library.read_bytes() == before
    assert not [name for name in os.listdir(collection) if name.endswith(".tmp")]


def test_text_that_is_not_unicode_is_refused(invoke, collection):
    before = (collection / "library.bib").read_bytes()
    result = invoke("tag", "elhage2022toy", "--tldr", "bad byte \udcff here")
    assert result.exit_code == 1
    assert "not valid Unicode" in result.output and "nothing was written" in result.output
    assert (collection / "library.bib").read_bytes() == before


def test_a_change_made_on_disk_after_loading_is_not_overwritten(collection):
    path = collection / "library.bib"
    library = load_library(path)
    library.remove("elhage2022toy")
    path.write_text(path.read_text(encoding="utf-8") + "% edited in an editor\n")
    with pytest.raises(MibibError, match="changed on disk since mibib read it"):
        save_library(library)
    assert path.read_text(encoding="utf-8").endswith("% edited in an editor\n")


def test_locked_is_reentrant_in_one_process(collection):
    path = collection / "library.bib"
    with files.locked(path), files.locked(path, timeout=0.1):
        files.write_atomic(path, "")
    assert path.read_text() == ""


def test_a_held_lock_makes_others_wait_then_fail_with_the_lock_files_name(
    invoke, collection, monkeypatch
):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(collection / "library.bib")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        monkeypatch.setattr(files, "LOCK_TIMEOUT_SECONDS", 0.3)
        before = (collection / "library.bib").read_bytes()
        result = invoke("tag", "elhage2022toy", "-c", "tools")
        assert result.exit_code == 1
        assert "locked by another mibib process for 0.3 s" in result.output
        assert ".library.bib.lock" in result.output
        assert (collection / "library.bib").read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    result = invoke("tag", "elhage2022toy", "-c", "tools")
    assert result.exit_code == 0, result.output
