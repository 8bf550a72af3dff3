"""Time mibib's commands on synthetic libraries of 1k, 10k (and 100k) entries.

Every command runs as a whole process (`sys.executable -m mibib …`, the same
interpreter that runs this script), next to two baselines measured in the same run:
`python -c "import typer"` and a bare bibtexparser parse (and write) of the same
file. Each command is run once with an empty parse cache (cold) and then --repeat
times with the cache built (warm: the median is reported, of the time taken and of
the CPU time used; each ratio is printed for both, and targets are judged on the CPU
one, the steadier on a machine shared with other work: the time taken moves with the
other work, the CPU time a process uses much less). Peak memory is the largest
resident set size of any run, cold ones included (ru_maxrss of that child, via
os.wait4). mibib is compiled to bytecode first, as an installed wheel is.

Besides the read commands it times: `import` of each size into an empty library (and
the growth exponent between the smallest and the largest size), the same with
`--category` (every entry changed, so edited and read back), `import` of 1,000
entries into the 10,000-entry library, and read commands right after a one-entry edit
made by `mibib tag` or by hand, and reading a Markdown list for `import`. The targets
of each ratio are printed with it.

    python benchmarks/bench.py                  # 1k and 10k entries, about 10 minutes
    python benchmarks/bench.py --sizes 100000   # every command at 100k, and peak memory

Libraries go to benchmarks/out/ (gitignored), deterministic for a given --seed.
"""

import argparse
import compileall
import gc
import importlib.util
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate_records, render_library, render_record, taxonomy_keys  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Real lists beside the clone (../shared, or beside a folder holding it), used to time
# reading a list for `import`.
SHARED_LISTS = next(
    (
        folder / "shared" / "data" / "awesome-lists"
        for folder in ROOT.parents
        if (folder / "shared" / "data" / "awesome-lists").is_dir()
    ),
    ROOT.parent / "shared" / "data" / "awesome-lists",
)
OUT = Path(__file__).parent / "out"
MIBIB = [sys.executable, "-m", "mibib"]
CATEGORY = "superposition"
QUERY = "sparse autoencoder features"
BARE_PARSE = "import bibtexparser, sys; bibtexparser.parse_file(sys.argv[1])"
BARE_PARSE_WRITE = (
    "import bibtexparser, sys; library = bibtexparser.parse_file(sys.argv[1]); "
    "open(sys.argv[2], 'w').write(bibtexparser.write_string(library))"
)
IMPORTED_INTO_LARGE = 1000
MEMORY_LIMIT_MB = 1024


def run(argv: list[str], cwd: Path, env: dict) -> tuple[float, int, int, float]:
    """(seconds, exit code, peak RSS in KiB, CPU seconds) of one process."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        error = errors.read().decode(errors="replace")
    if code not in (0, 1) or (code == 1 and "Error" in error):  # check exits 1 on problems
        raise SystemExit(f"{' '.join(argv)} failed ({code}):\n{error}")
    return elapsed, code, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def has_command(words: list[str], option: str, env: dict) -> bool:
    """True when `mibib WORDS --help` exists and mentions `option`."""
    result = subprocess.run(
        [*MIBIB, *words, "--help"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    return result.returncode == 0 and option in result.stdout


class Bench:
    def __init__(self, repeat: int, env: dict):
        self.repeat, self.env, self.rows = repeat, env, []
        self.targets: list[tuple[str, str, bool]] = []

    def measure(self, name, argv, cwd, cold=None, setup=None, repeat=None) -> dict:
        """`cold()` empties the cache before the first run; `setup()` runs before each;
        `argv` may be a function giving each run's arguments."""
        command = argv if callable(argv) else lambda: argv
        cold_time, peak = None, 0
        if cold is not None:
            cold()
            if setup:
                setup()
            cold_time, _, peak, _ = run(command(), cwd, self.env)
        times, cpus = [], []
        for _ in range(self.repeat if repeat is None else repeat):
            if setup:
                setup()
            elapsed, _, rss, cpu = run(command(), cwd, self.env)
            times.append(elapsed)
            cpus.append(cpu)
            peak = max(peak, rss)
        row = {"name": name, "median": statistics.median(times), "cold": cold_time, "rss": peak}
        row["cpu"] = statistics.median(cpus)
        self.rows.append(row)
        print(
            f"  {name:<44} {row['median'] * 1000:8.0f} ms"
            + (f"   cold {cold_time * 1000:8.0f} ms" if cold_time is not None else " " * 19)
            + f"   {peak / 1024:6.0f} MB   CPU {row['cpu'] * 1000:6.0f} ms",
            flush=True,
        )
        return row

    def ratio(self, label: str, row: dict, base: dict, target: float | None = None) -> float:
        """Print row's median / base's, of the time taken and of the CPU time, with the
        target the CPU ratio must meet (at most), if any; returns the CPU ratio."""
        value = row["median"] / base["median"]
        cpu = row["cpu"] / base["cpu"]
        verdict = ""
        if target is not None:
            met = cpu <= target
            verdict = f"   target <= {target:g}x: {'met' if met else 'MISSED'}"
            self.targets.append((label, f"CPU {cpu:.2f}x, time {value:.2f}x (<= {target:g}x)", met))
        print(f"    {label:<50} {value:6.2f}x   CPU {cpu:5.2f}x{verdict}", flush=True)
        return cpu


def baselines(bench: Bench, folder: Path, library: str = "library.bib") -> tuple[dict, dict]:
    """A bare bibtexparser parse, and parse + write, of `library` in `folder`."""
    parse = bench.measure(
        f"bare bibtexparser parse ({library})", [sys.executable, "-c", BARE_PARSE, library], folder
    )
    argv = [sys.executable, "-W", "ignore", "-c", BARE_PARSE_WRITE, library, "written.bib"]
    return parse, bench.measure(f"bare parse + write ({library})", argv, folder)


def new_collection(folder: Path, library_text: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "library.bib").write_text(library_text, encoding="utf-8")
    shutil.copy(ROOT / "taxonomy.toml", folder / "taxonomy.toml")
    return folder


def bench_size(size: int, args, bench: Bench, typer_run: dict) -> dict:
    folder = OUT / str(size)
    keys = taxonomy_keys(ROOT / "taxonomy.toml")
    records = generate_records(size + args.repeat + 1, keys, seed=args.seed)
    step = len(records) // (args.repeat + 2)
    extras = [records.pop(step * (number + 1)) for number in range(args.repeat + 1)]  # for `add`
    new_collection(folder, render_library(records))
    megabytes = (folder / "library.bib").stat().st_size / 1e6
    print(f"\n{size} entries ({megabytes:.1f} MB)", flush=True)
    cache = Path(bench.env["MIBIB_CACHE_DIR"])

    def empty_cache():
        shutil.rmtree(cache, ignore_errors=True)

    parse, parse_write = baselines(bench, folder)
    first_key = records[0]["key"]
    commands = [
        ("mibib list", ["list"]),
        ("mibib list --json", ["list", "--json"]),
        (f"mibib list --category {CATEGORY}", ["list", "--category", CATEGORY]),
        (f'mibib search "{QUERY}"', ["search", QUERY]),
        ("mibib show KEY", ["show", first_key]),
        ("mibib check", ["check"]),
    ]
    measured = {}
    for name, words in commands:
        measured[name] = bench.measure(name, [*MIBIB, *words], folder, cold=empty_cache)
    readme = folder / "README.md"
    readme.write_text("# Synthetic\n\n<!-- mibib:start -->\n<!-- mibib:end -->\n", "utf-8")
    measured["export readme"] = bench.measure(
        "mibib export readme", [*MIBIB, "export", "readme"], folder, cold=empty_cache
    )
    page = folder / "site" / "index.html"
    measured["export html"] = bench.measure(
        "mibib export html", [*MIBIB, "export", "html", "-o", str(page)], folder, cold=empty_cache
    )
    print(f"  page: {page.stat().st_size / 1e6:.1f} MB", flush=True)
    measured["add"] = bench_add(folder, extras, bench, empty_cache)
    edits = bench_edits(folder, records, bench)

    print("  ratios (warm medians):")
    bench.ratio(
        "list --category / import typer", measured[f"mibib list --category {CATEGORY}"], typer_run
    )
    base = parse
    for label, name in (
        ("list", "mibib list"),
        ("list --json", "mibib list --json"),
        ("search", f'mibib search "{QUERY}"'),
        ("show", "mibib show KEY"),
        ("check", "mibib check"),
    ):
        bench.ratio(f"{label} / bare parse", measured[name], base)
    target = 0.4 if size == 10_000 else None
    bench.ratio("export readme / bare parse", measured["export readme"], base, target)
    target = 0.5 if size == 10_000 else None  # the page's budget
    bench.ratio("export html / bare parse", measured["export html"], base, target)
    bench.ratio("add / bare parse + write", measured["add"], parse_write)
    target = 0.3 if size == 10_000 else None
    for label, row in edits.items():
        bench.ratio(f"{label} / bare parse", row, base, target)
    return {"parse": parse, "parse_write": parse_write, "records": records}


def bench_add(folder, extras, bench, empty_cache) -> dict:
    """`mibib add --bibtex FILE` into a copy of the library; every run adds another entry."""
    work = new_collection(folder / "add", (folder / "library.bib").read_text("utf-8"))
    pending = iter(extras)
    source = work / "new.bib"

    def next_entry():
        source.write_text(render_record(next(pending)), encoding="utf-8")

    argv = [*MIBIB, "add", "--bibtex", str(source), "--category", CATEGORY, "--yes"]
    return bench.measure("mibib add --bibtex FILE", argv, work, cold=empty_cache, setup=next_entry)


def bench_edits(folder: Path, records: list[dict], bench: Bench) -> dict:
    """Read commands right after a one-entry edit (a new one before each run): made by
    `mibib tag`, or by hand (a title changed in the file, as in an editor)."""
    library = folder / "library.bib"
    subprocess.run([*MIBIB, "list"], cwd=folder, env=bench.env, check=True, capture_output=True)
    picks = iter(records[number * 7 % len(records)]["key"] for number in range(1, 10**6))
    edited = {}

    def tag_one():
        key = next(picks)
        command = [*MIBIB, "tag", key, "--tldr", f"Edited TL;DR of {key}."]
        subprocess.run(command, cwd=folder, env=bench.env, check=True, capture_output=True)

    def edit_by_hand():
        text = library.read_text(encoding="utf-8")
        key = next(picks)
        start = text.index("title = {", text.index(f"{{{key},")) + len("title = {")
        library.write_text(f"{text[:start]}Edited {text[start:]}", encoding="utf-8")

    row = bench.measure("mibib list, after `mibib tag`", [*MIBIB, "list"], folder, setup=tag_one)
    edited["list after an edit by mibib"] = row

    def tag_next() -> list[str]:  # another entry each run: every run writes
        key = next(picks)
        return [*MIBIB, "tag", key, "--tldr", f"Tagged TL;DR of {key}."]

    bench.measure("mibib tag KEY --tldr TEXT", tag_next, folder)
    for label, words in (
        ("list", ["list"]),
        ("search", ["search", QUERY]),
        ("show", ["show", records[0]["key"]]),
        ("check", ["check"]),
    ):
        name = f"mibib {label}, after an edit by hand"
        row = bench.measure(name, [*MIBIB, *words], folder, setup=edit_by_hand)
        edited[f"{label} after an edit by hand"] = row
    return edited


def bench_imports(sizes: list[int], measured: dict, args, bench: Bench) -> None:
    """`mibib import` of each size into an empty library, and 1,000 entries into 10,000."""
    print("\nimport (a fresh library, and an empty parse cache, for every run)", flush=True)
    cache = Path(bench.env["MIBIB_CACHE_DIR"])
    repeat = max(1, min(args.repeat, 3))
    times = {}
    for size in sizes:
        source = OUT / str(size) / "library.bib"
        work = OUT / "import" / str(size)

        def fresh(work=work):
            shutil.rmtree(cache, ignore_errors=True)
            new_collection(work)

        runs = 1 if size > 20_000 else repeat
        argv = [*MIBIB, "import", str(source)]
        row = bench.measure(f"import {size} into an empty library", argv, work, setup=fresh,
                            repeat=runs)  # fmt: skip
        times[size] = row["cpu"]
        target = 1.5 if size == 10_000 else None
        bench.ratio(
            f"import {size} / bare parse + write of them",
            row,
            measured[size]["parse_write"],
            target,
        )
        # Every entry changed (a category given to each): edited in place, read back.
        argv = [*MIBIB, "import", str(source), "--category", CATEGORY]
        row = bench.measure(f"import {size} with --category", argv, work, setup=fresh,
                            repeat=runs)  # fmt: skip
        bench.ratio(
            f"import {size} --category / bare parse + write", row, measured[size]["parse_write"]
        )
    if len(times) > 1:
        small, large = min(times), max(times)
        exponent = math.log(times[large] / times[small]) / math.log(large / small)
        met = exponent <= 1.1 or large <= small
        bench.targets.append((f"import growth {small} -> {large}", f"N^{exponent:.2f}", met))
        print(f"    import grows as N^{exponent:.2f} (CPU) from {small} to {large} entries"
              f"   target <= N^1.1: {'met' if met else 'MISSED'}")  # fmt: skip
    if 10_000 in sizes:
        bench_import_into_large(args, bench)


def bench_import_into_large(args, bench: Bench) -> None:
    keys = taxonomy_keys(ROOT / "taxonomy.toml")
    records = generate_records(10_000 + IMPORTED_INTO_LARGE, keys, seed=args.seed + 1)
    every = len(records) // IMPORTED_INTO_LARGE
    incoming = records[::every][:IMPORTED_INTO_LARGE]
    kept = [record for record in records if record not in incoming]
    work = new_collection(OUT / "import" / "into-10000", render_library(kept))
    original = (work / "library.bib").read_text(encoding="utf-8")
    (work / "incoming.bib").write_text(render_library(incoming), encoding="utf-8")
    _, parse_write = baselines(bench, work)

    def restore():  # the library as before, its parse cache warm (as a user's library is)
        (work / "library.bib").write_text(original, encoding="utf-8")
        command = [*MIBIB, "list"]
        subprocess.run(command, cwd=work, env=bench.env, check=True, capture_output=True)

    argv = [*MIBIB, "import", "incoming.bib"]
    row = bench.measure(
        f"import {IMPORTED_INTO_LARGE} into 10000 entries", argv, work, setup=restore,
        repeat=max(1, min(args.repeat, 3)),
    )  # fmt: skip
    bench.ratio(f"import {IMPORTED_INTO_LARGE} into 10000 / parse + write", row,
                parse_write, 1.0)  # fmt: skip


READ_LIST = (
    "import pathlib, sys; from mibib.importers.candidates import read_markdown; "
    "from mibib.model import FACET_NAMES; from mibib.taxonomy import load_taxonomy; "
    "taxonomy = load_taxonomy(pathlib.Path(sys.argv[2])); "
    "read_markdown(pathlib.Path(sys.argv[1]).read_text('utf-8'), taxonomy, "
    "{facet: [] for facet in FACET_NAMES}, True)"
)


def bench_list_reading(entries: int, args, bench: Bench) -> None:
    """Reading a Markdown paper list for `import` (markdown-it and mibib's reading, no
    planning or writing), as a whole process: the real lists of ../shared, each copy's
    links its own, concatenated to about `entries` entries; synthetic lines without them."""
    from mibib.importers.hidden import unclosed_comment
    from mibib.importers.markdown import read_list

    lists = sorted(SHARED_LISTS.glob("*__*.md")) if SHARED_LISTS.is_dir() else []
    texts = [path.read_text(encoding="utf-8") for path in lists]
    texts = [text + "\n-->\n" if unclosed_comment(text) else text for text in texts]
    if not texts:  # one synthetic list: a heading per category, a line per paper
        keys = taxonomy_keys(ROOT / "taxonomy.toml")
        lines = []
        for record in generate_records(entries, keys, seed=args.seed):
            fields = record["fields"]
            lines.append(f"## {record['tags']['category'][0]}")
            lines.append(f"- [{fields['title']}]({fields['url']}) - {fields['author']}")
        texts = ["\n".join(lines) + "\n"]
    per_copy = sum(len(read_list(text).items) for text in texts)
    parts = []
    for copy in range(max(1, round(entries / per_copy))):
        for number, text in enumerate(texts):
            if copy:  # another list's links, not the same ones again
                text = re.sub(r"\]\((https?://[^)\s#]+)\)", rf"](\1#c{copy})", text)
            parts.append(f"# List {copy}.{number}\n\n{text}\n")
    path = OUT / "list" / "list.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    count = per_copy * max(1, round(entries / per_copy))
    print(f"\nreading a Markdown list of {count} entries ({path.stat().st_size / 1e6:.1f} MB)")
    argv = [sys.executable, "-c", READ_LIST, str(path), str(ROOT / "taxonomy.toml")]
    row = bench.measure(f"read a list of {count} entries", argv, ROOT)
    print(f"    {row['median'] / count * 1e6:.0f} ms per 1,000 entries", flush=True)


def bench_search_in_process(count: int, seed: int) -> None:
    """search_papers over `count` titles in this process, the library already loaded."""
    from mibib.features.search import search_papers
    from mibib.model import Paper

    keys = taxonomy_keys(ROOT / "taxonomy.toml")
    papers = []
    for record in generate_records(count, keys, seed=seed):
        fields = {name.lower(): value for name, value in record["fields"].items()}
        papers.append(
            Paper(key=record["key"], fields=fields, tags={"category": record["tags"]["category"]})
        )
    gc.freeze()  # as after loading the parse cache: the cyclic GC leaves the papers alone
    search_papers(papers, "warm up")  # decodes titles (as the cache stores them), builds the index
    for query in (QUERY, "induction heads", "toy models", "superpositon", "zzzz qqqq"):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            search_papers(papers, query)
            times.append(time.perf_counter() - start)
        median = statistics.median(times) * 1000
        print(f"  search_papers({query!r}) over {count} entries: {median:.0f} ms")


def compile_bytecode() -> None:
    """Compile mibib to bytecode first, as an installed wheel is, and as typer (the
    baseline) is: with PYTHONDONTWRITEBYTECODE set, an editable install would otherwise
    compile every module it imports on every run (0.5x `import typer` more at start-up)."""
    spec = importlib.util.find_spec("mibib")
    if spec is None or spec.origin is None:
        raise SystemExit("mibib is not importable by this interpreter: pip install -e .")
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated entry counts")
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per command")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--search-entries", type=int, default=100_000)
    parser.add_argument("--list-entries", type=int, default=10_000, help="read for import")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    OUT.mkdir(exist_ok=True)
    env = dict(os.environ, COLUMNS="120", MIBIB_CACHE_DIR=tempfile.mkdtemp(prefix="mibib-bench-"))
    for name in ("MIBIB_LIBRARY", "MIBIB_TAXONOMY", "MIBIB_NO_CACHE"):
        env.pop(name, None)
    bench = Bench(args.repeat, env)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; commands run as "
        f"`{Path(sys.executable).name} -m mibib`; warm medians of {args.repeat}, peak RSS"
    )
    compile_bytecode()
    print("\nbaselines")
    typer_run = bench.measure(
        "python -c 'import typer'", [sys.executable, "-c", "import typer"], ROOT
    )
    bench.measure("mibib --help", [*MIBIB, "--help"], ROOT)
    shipped = (
        ROOT / "library.bib"
        if (ROOT / "library.bib").exists()
        else ROOT / "tests" / "data" / "library.bib"
    )
    shipped_env = dict(env, MIBIB_LIBRARY=str(shipped), MIBIB_TAXONOMY=str(ROOT / "taxonomy.toml"))
    shipped_bench = Bench(args.repeat, shipped_env)
    row = shipped_bench.measure(
        f"list --category {CATEGORY} (shipped)", [*MIBIB, "list", "--category", CATEGORY], ROOT,
        cold=lambda: shutil.rmtree(env["MIBIB_CACHE_DIR"], ignore_errors=True),
    )  # fmt: skip
    bench.ratio(f"list --category {CATEGORY} (shipped) / import typer", row, typer_run, 2.0)
    table_bench = Bench(args.repeat, dict(shipped_env, TTY_COMPATIBLE="1"))
    row = table_bench.measure(
        f"list --category {CATEGORY} (shipped, table)", [*MIBIB, "list", "--category", CATEGORY],
        ROOT,
    )  # fmt: skip
    bench.ratio("the same as a terminal shows it / import typer", row, typer_run, 2.0)
    measured = {}
    for size in sizes:
        start = len(bench.rows)
        measured[size] = bench_size(size, args, bench, typer_run)
        measured[size]["rows"] = (start, len(bench.rows))
    bench_imports(sizes, measured, args, bench)
    for size in sizes:
        if size >= 100_000:
            start, end = measured[size]["rows"]
            # mibib's commands only: the bare bibtexparser baselines are not judged.
            rows = [
                *(r for r in bench.rows[start:end] if not r["name"].startswith("bare ")),
                *(r for r in bench.rows if f"import {size}" in r["name"]),
            ]
            top = max(rows, key=lambda row: row["rss"])
            peak = top["rss"] / 1024
            met = peak < MEMORY_LIMIT_MB
            over = [row["name"] for row in rows if row["rss"] / 1024 >= MEMORY_LIMIT_MB]
            where = f" ({', '.join(over)})" if over else f" ({top['name']})"
            bench.targets.append((f"peak memory at {size}", f"{peak:.0f} MB{where}", met))
            print(f"  peak memory of any command at {size} entries: {peak:.0f} MB{where}"
                  f"   target < {MEMORY_LIMIT_MB} MB: {'met' if met else 'MISSED'}")  # fmt: skip
    bench_list_reading(args.list_entries, args, bench)
    print()
    bench_search_in_process(args.search_entries, args.seed)
    print("\ntargets")
    for label, value, met in bench.targets:
        print(f"  {'met   ' if met else 'MISSED'} {label}: {value}")
    shutil.rmtree(env["MIBIB_CACHE_DIR"], ignore_errors=True)


if __name__ == "__main__":
    main()
