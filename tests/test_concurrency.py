"""Parallel writers: every change survives, and the file stays valid.

Each test starts real processes together (a shared start time), the way scripts,
CI jobs and several terminals run mibib at once.
"""

import os
import random
import shutil
import string
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from mibib.library import parse_library

DATA = Path(__file__).parent / "data"
WORKERS = 8
PER_WORKER = 5
CATEGORIES = ["superposition", "tools", "polysemanticity", "circuits", "lm-behaviors"]

TAGGER = textwrap.dedent(
    """
    import subprocess, sys, time
    library, taxonomy, start_at, category, *keys = sys.argv[1:]
    time.sleep(max(0.0, float(start_at) - time.time()))
    for key in keys:
        command = [sys.executable, "-m", "mibib", "--library", library,
                   "--taxonomy", taxonomy, "tag", key, "--category", category]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{key}: {done.stderr}")
    """
)

ADDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from mibib.storage.files import locked
    from mibib.storage import load_library, save_library
    from mibib.model import Paper
    path, worker, start_at, count = sys.argv[1:]
    path = Path(path)
    time.sleep(max(0.0, float(start_at) - time.time()))
    for number in range(int(count)):
        with locked(path):
            library = load_library(path)
            title = f"Parallel entry {number} of worker {worker}"
            library.add(Paper(f"worker{worker}entry{number}", "misc", {"title": title}))
            save_library(library)
    """
)


def run_together(scripts: list[list[str]], timeout: float = 240) -> None:
    """Start the processes, wait for all, fail with their stderr if any failed."""
    processes = [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in scripts
    ]
    deadline = time.monotonic() + timeout
    failures = []
    for process in processes:
        _, stderr = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
        if process.returncode != 0:
            failures.append(stderr)
    assert not failures, "\n".join(failures)


def test_eight_processes_tagging_forty_entries_keep_every_tag(tmp_path):
    library_path = tmp_path / "library.bib"
    shutil.copy(DATA / "bib" / "mi-papers.bib", library_path)
    shutil.copy(DATA / "taxonomy.toml", tmp_path / "taxonomy.toml")
    original = parse_library(library_path.read_text(encoding="utf-8"))
    keys = [paper.key for paper in original.papers]
    assert len(keys) == WORKERS * PER_WORKER
    start_at = str(time.time() + 2.0)
    scripts = [
        [
            sys.executable,
            "-c",
            TAGGER,
            str(library_path),
            str(tmp_path / "taxonomy.toml"),
            start_at,
            CATEGORIES[worker % len(CATEGORIES)],
            *keys[worker::WORKERS],
        ]
        for worker in range(WORKERS)
    ]
    run_together(scripts)
    final = parse_library(library_path.read_text(encoding="utf-8"))
    assert [paper.key for paper in final.papers] == keys
    for worker in range(WORKERS):
        for key in keys[worker::WORKERS]:
            assert final.get(key).categories == [CATEGORIES[worker % len(CATEGORIES)]], key
            assert final.get(key).fields == original.get(key).fields
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_eight_processes_adding_five_entries_each_keep_all_forty(tmp_path):
    library_path = tmp_path / "library.bib"
    shutil.copy(DATA / "library.bib", library_path)
    before = parse_library(library_path.read_text(encoding="utf-8"))
    start_at = str(time.time() + 2.0)
    scripts = [
        [sys.executable, "-c", ADDER, str(library_path), str(worker), start_at, str(PER_WORKER)]
        for worker in range(WORKERS)
    ]
    run_together(scripts)
    text = library_path.read_text(encoding="utf-8")
    final = parse_library(text)
    added = {paper.key for paper in final.papers} - before.keys()
    expected = {f"worker{w}entry{n}" for w in range(WORKERS) for n in range(PER_WORKER)}
    assert added == expected
    for key, (start, end) in before.spans.items():
        assert before.text[start:end] in text, key
    assert final.get("worker3entry4").title == "Parallel entry 4 of worker 3"


IMPORTER = textwrap.dedent(
    """
    import subprocess, sys, time
    library, taxonomy, source, start_at = sys.argv[1:]
    time.sleep(max(0.0, float(start_at) - time.time()))
    command = [sys.executable, "-m", "mibib", "--library", library, "--taxonomy", taxonomy,
               "import", source, "--category", "tools", "--no-new-categories"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(done.stderr)
    """
)


def parallel_title(worker: int, number: int) -> str:
    """Titles unlike each other (similar ones would be refused as duplicates)."""
    chooser = random.Random(worker * 100 + number)
    return " ".join(
        "".join(chooser.choices(string.ascii_lowercase, k=8)) for _ in range(4)
    ).capitalize()


def test_eight_mibib_import_processes_of_five_entries_each_keep_all_forty(tmp_path):
    library_path = tmp_path / "library.bib"
    shutil.copy(DATA / "library.bib", library_path)
    shutil.copy(DATA / "taxonomy.toml", tmp_path / "taxonomy.toml")
    before = library_path.read_text(encoding="utf-8")
    sources = []
    for worker in range(WORKERS):
        source = tmp_path / f"worker{worker}.bib"
        source.write_text(
            "".join(
                f"@misc{{worker{worker}entry{number},\n"
                f"  title = {{{parallel_title(worker, number)}}},\n"
                f"  author = {{Worker, Number{worker}}},\n  year = {{2024}}\n}}\n\n"
                for number in range(PER_WORKER)
            ),
            encoding="utf-8",
        )
        sources.append(source)
    start_at = str(time.time() + 2.0)
    scripts = [
        [sys.executable, "-c", IMPORTER, str(library_path), str(tmp_path / "taxonomy.toml")]
        + [str(source), start_at]
        for source in sources
    ]
    run_together(scripts)
    text = library_path.read_text(encoding="utf-8")
    final = parse_library(text)
    titles = {paper.title for paper in final.papers}
    expected = {parallel_title(w, n) for w in range(WORKERS) for n in range(PER_WORKER)}
    assert expected <= titles
    assert len(final.papers) == len(parse_library(before).papers) + WORKERS * PER_WORKER
    for key, (start, end) in parse_library(before).spans.items():
        assert before[start:end] in text, key
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_a_long_import_lets_other_writers_in_while_it_plans_and_keeps_their_change(
    collection, runner, monkeypatch, tmp_path
):
    import mibib.importers.pipeline as pipeline
    from mibib.cli import app
    from mibib.storage import load_library

    source = tmp_path / "incoming.bib"
    source.write_text("@misc{incoming2024paper,\n  title = {An Incoming Paper},\n}\n")
    planned = []
    plan_import = pipeline.plan_import

    def plan_while_another_writer_runs(library, papers, **options):
        planned.append(len(library.papers))
        if len(planned) == 1:  # `mibib tag` must get the lock while the import plans
            command = [sys.executable, "-m", "mibib", "tag", "olsson2022context", "-c", "tools"]
            subprocess.run(command, cwd=collection, check=True, timeout=30, capture_output=True)
        return plan_import(library, papers, **options)

    monkeypatch.setattr(pipeline, "plan_import", plan_while_another_writer_runs)
    result = runner.invoke(app, ["import", str(source)])
    assert result.exit_code == 0, result.output
    assert len(planned) == 2  # the file changed meanwhile: planned again, under the lock
    library = load_library(collection / "library.bib", use_cache=False)
    assert "tools" in library.get("olsson2022context").categories
    assert library.get("incoming2024paper").title == "An Incoming Paper"
