"""A writer killed with SIGKILL at any moment leaves the old file or the new one, never a mix."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
KILLS = 12
TIME_LIMIT_SECONDS = 40.0

# Alternates two versions of a large library as fast as it can, each write under the lock.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from mibib.storage.files import locked, write_atomic
    path = Path(sys.argv[1])
    versions = [Path(name).read_text(encoding="utf-8") for name in sys.argv[2:4]]
    print("ready", flush=True)
    turn = 1
    while True:
        with locked(path):
            write_atomic(path, versions[turn % 2])
        turn += 1
    """
)


def stray_temp_files(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_writer_killed_at_random_moments_leaves_old_or_new_file(tmp_path, invoke, collection):
    sample = (DATA / "library.bib").read_text(encoding="utf-8")
    padding = "@misc{padding,\n  title = {Padding},\n  abstract = {" + "lorem ipsum " * 350_000
    old = sample + "\n" + padding + "}\n}\n"
    new = old.replace("mibib-techniques = {visualization},", "mibib-techniques = {probing},", 1)
    assert old != new
    versions = [tmp_path / "old.bib", tmp_path / "new.bib"]
    for path, text in zip(versions, (old, new), strict=True):
        path.write_text(text, encoding="utf-8")
    library = collection / "library.bib"
    library.write_text(old, encoding="utf-8")

    chance = random.Random(20261125)
    stray_seen = 0
    started = time.monotonic()
    for _ in range(KILLS):
        if time.monotonic() - started > TIME_LIMIT_SECONDS:
            break
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(library), *map(str, versions)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout.readline() == "ready\n"
        time.sleep(chance.uniform(0.0, 0.4))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        writer.stdout.close()
        assert library.read_text(encoding="utf-8") in (old, new)
        stray_seen += bool(stray_temp_files(collection))

    result = invoke("tag", "elhage2022toy", "--category", "tools")
    assert result.exit_code == 0, result.output
    assert "tools" in library.read_text(encoding="utf-8")
    assert stray_temp_files(collection) == [], f"{stray_seen} kills left a temp file"


def test_next_writer_removes_stale_temp_files_but_nothing_else(invoke, collection):
    stale = [collection / ".library.bib.k3j_x9a2.tmp", collection / ".library.bib.00000000.tmp"]
    kept = [collection / ".library.bib.notes.tmp", collection / "library.bib.tmp"]
    for path in stale + kept:
        path.write_text("half a libr", encoding="utf-8")
    result = invoke("tag", "elhage2022toy", "--category", "tools")
    assert result.exit_code == 0, result.output
    assert [path.exists() for path in stale] == [False, False]
    assert [path.exists() for path in kept] == [True, True]
