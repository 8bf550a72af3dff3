"""Time mibib's commands on synthetic libraries of 1k, 10k (and 100k) entries.

Every command runs as a whole process (`sys.executable -m mibib …`, the same
interpreter that runs this script), next to two baselines measured in the same run:
`python -c "import typer"` and a bare bibtexparser parse (and write) of the same
file. Each command is run once with an empty parse cache (cold) and then --repeat
times with the cache built (warm: the median is reported). Peak memory is the
largest resident set size of one run (ru_maxrss of that child, via os.wait4).

    python benchmarks/bench.py                  # 1k and 10k entries, about 5 minutes
    python benchmarks/bench.py --sizes 100000   # minutes more: every command once or twice

Libraries go to benchmarks/out/ (gitignored), deterministic for a given --seed.
"""

import argparse
import gc
import os
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
OUT = Path(__file__).parent / "out"
MIBIB = [sys.executable, "-m", "mibib"]
CATEGORY = "superposition"
QUERY = "sparse autoencoder features"


def run(argv: list[str], cwd: Path, env: dict) -> tuple[float, int, int]:
    """(seconds, exit code, peak RSS in KiB) of one process."""
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
    return elapsed, code, usage.ru_maxrss


def has_command(words: list[str], option: str, env: dict) -> bool:
    """True when `mibib WORDS --help` exists and mentions `option`."""
    result = subprocess.run(
        [*MIBIB, *words, "--help"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    return result.returncode == 0 and option in result.stdout


class Bench:
    def __init__(self, repeat: int, env: dict):
        self.repeat, self.env, self.rows = repeat, env, []

    def measure(self, name: str, argv: list[str], cwd: Path, cold=None, setup=None) -> dict:
        """`cold()` empties the cache before the first run; `setup()` runs before each."""
        cold_time = None
        if cold is not None:
            cold()
            if setup:
                setup()
            cold_time = run(argv, cwd, self.env)[0]
        times, peak = [], 0
        for _ in range(self.repeat):
            if setup:
                setup()
            elapsed, _, rss = run(argv, cwd, self.env)
            times.append(elapsed)
            peak = max(peak, rss)
        row = {"name": name, "median": statistics.median(times), "cold": cold_time, "rss": peak}
        self.rows.append(row)
        print(
            f"  {name:<40} {row['median'] * 1000:8.0f} ms"
            + (f"   cold {cold_time * 1000:8.0f} ms" if cold_time is not None else " " * 19)
            + f"   {peak / 1024:6.0f} MB",
            flush=True,
        )
        return row


def bench_size(size: int, args, bench: Bench, typer_time: float) -> list[str]:
    folder = OUT / str(size)
    folder.mkdir(parents=True, exist_ok=True)
    taxonomy = ROOT / "taxonomy.toml"
    keys = taxonomy_keys(taxonomy)
    records = generate_records(size + args.repeat + 1, keys, seed=args.seed)
    step = len(records) // (args.repeat + 2)
    extras = [records.pop(step * (number + 1)) for number in range(args.repeat + 1)]  # for `add`
    library = folder / "library.bib"
    library.write_text(render_library(records), encoding="utf-8")
    shutil.copy(taxonomy, folder / "taxonomy.toml")
    megabytes = library.stat().st_size / 1e6
    print(f"\n{size} entries ({megabytes:.1f} MB)", flush=True)
    cache = Path(bench.env["MIBIB_CACHE_DIR"])

    def empty_cache():
        shutil.rmtree(cache, ignore_errors=True)

    bare = "import bibtexparser, sys; bibtexparser.parse_file(sys.argv[1])"
    parse = bench.measure(
        "bare bibtexparser parse", [sys.executable, "-c", bare, "library.bib"], folder
    )
    write = (
        "import bibtexparser, sys; library = bibtexparser.parse_file(sys.argv[1]); "
        "open(sys.argv[2], 'w').write(bibtexparser.write_string(library))"
    )
    parse_write = bench.measure(
        "bare parse + write",
        [sys.executable, "-W", "ignore", "-c", write, "library.bib", str(folder / "written.bib")],
        folder,
    )
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
    notes = []
    if has_command(["export", "readme"], "--readme", bench.env):
        readme = folder / "README.md"
        readme.write_text("# Synthetic\n\n<!-- mibib:start -->\n<!-- mibib:end -->\n", "utf-8")
        measured["export readme"] = bench.measure(
            "mibib export readme", [*MIBIB, "export", "readme"], folder, cold=empty_cache
        )
    else:
        notes.append("`mibib export readme` does not exist yet: not measured")
    if has_command(["export", "html"], "--output", bench.env):
        page = folder / "site" / "index.html"
        measured["export html"] = bench.measure(
            "mibib export html", [*MIBIB, "export", "html", "-o", str(page)], folder,
            cold=empty_cache,
        )  # fmt: skip
        print(f"  page: {page.stat().st_size / 1e6:.1f} MB", flush=True)
    else:
        notes.append("`mibib export html` does not exist yet: not measured")
    measured["add"] = bench_add(folder, extras, bench, empty_cache)

    ratios = [
        ("list --category / import typer", measured[f"mibib list --category {CATEGORY}"], None),
        ("list / bare parse", measured["mibib list"], parse),
        ("list --json / bare parse", measured["mibib list --json"], parse),
        ("search / bare parse", measured[f'mibib search "{QUERY}"'], parse),
        ("show / bare parse", measured["mibib show KEY"], parse),
        ("check / bare parse", measured["mibib check"], parse),
        ("add / bare parse + write", measured["add"], parse_write),
    ]
    if "export html" in measured:  # the page's budget: under 0.5x a bare parse
        ratios.append(("export html / bare parse", measured["export html"], parse))
    print("  ratios (warm medians):")
    for label, row, base in ratios:
        denominator = base["median"] if base else typer_time
        print(f"    {label:<34} {row['median'] / denominator:6.2f}x")
    return notes


def bench_add(folder, extras, bench, empty_cache) -> dict:
    """`mibib add --bibtex FILE` into a copy of the library; every run adds another entry."""
    work = folder / "add"
    work.mkdir(exist_ok=True)
    shutil.copy(folder / "library.bib", work / "library.bib")
    shutil.copy(folder / "taxonomy.toml", work / "taxonomy.toml")
    pending = iter(extras)
    source = work / "new.bib"

    def next_entry():
        source.write_text(render_record(next(pending)), encoding="utf-8")

    argv = [*MIBIB, "add", "--bibtex", str(source), "--category", CATEGORY, "--yes"]
    return bench.measure("mibib add --bibtex FILE", argv, work, cold=empty_cache, setup=next_entry)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated entry counts")
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per command")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--search-entries", type=int, default=100_000)
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
    print("\nbaselines")
    typer_time = bench.measure(
        "python -c 'import typer'", [sys.executable, "-c", "import typer"], ROOT
    )["median"]
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
    ratio = row["median"] / typer_time
    print(f"    ratio to import typer: {ratio:.2f}x ({shipped.relative_to(ROOT)}, piped lines)")
    table_bench = Bench(args.repeat, dict(shipped_env, TTY_COMPATIBLE="1"))
    row = table_bench.measure(
        f"list --category {CATEGORY} (shipped, table)", [*MIBIB, "list", "--category", CATEGORY],
        ROOT,
    )  # fmt: skip
    print(f"    ratio to import typer: {row['median'] / typer_time:.2f}x (as a terminal shows it)")
    notes = []
    for size in sizes:
        notes += bench_size(size, args, bench, typer_time)
    print()
    bench_search_in_process(args.search_entries, args.seed)
    for note in dict.fromkeys(notes):
        print(f"note: {note}")
    shutil.rmtree(env["MIBIB_CACHE_DIR"], ignore_errors=True)


if __name__ == "__main__":
    main()
