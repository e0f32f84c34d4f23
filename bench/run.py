"""`make bench`: build speed, memory and validation throughput, side by side with baselines.

Every measurement runs in its own fresh intermediate Python (`run.py --child`), which starts the
command, samples the RSS and PSS of its whole process tree, waits, and reports the command's wall time and
`getrusage(RUSAGE_CHILDREN).ru_maxrss` (the peak RSS of the largest single process in the tree).
Ours and the baselines are interleaved run by run, because the machine is shared and noisy: the
ratios count, not the seconds.

    .venv/bin/python bench/run.py            # the full benchmark (about 7-10 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # N = 1,000 and 2,000, 50,000 rows, one run each
    .venv/bin/python bench/run.py --history-only --runs 1   # only the 更新记录 measurement
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (bench/ is not a package)
from gongkai.fastpath.cache import cache_dir  # noqa: E402

# 2026-11-25 00:00 in China: the build date of every measured run (as in the tests).
BUILD_EPOCH = int(dt.datetime(2026, 11, 25, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp())
SAMPLE_SECONDS = 0.2
MARKER = ".gongkai-bench"
FULL = {"sizes": [1000, 10000], "datasets": 100, "rows": 200, "big_rows": [1000000, 200000], "runs": 3,
        "history_rows": 100000, "history_commits": 50}
QUICK = {"sizes": [1000, 2000], "datasets": 20, "rows": 200, "big_rows": [50000, 10000], "runs": 1,
         "history_rows": 10000, "history_commits": 10}
TARGETS = {"build_ratio": 1.5, "build_rss_mb": 1024, "rebuild_fraction": 0.5, "check_seconds": 15.0,
           "validation_ratio": 1.0, "validation_rss_growth": 1.25, "one_edit_seconds": 2.0, "unchanged_seconds": 1.5}
# Random edits of the cache's property test (tests/test_fastpath_property.py); `make test` takes 3.
PROPERTY_STEPS = {"full": 12, "quick": 0}


class BenchFailed(Exception):
    pass


# --- the intermediate child: one command, its time and peak memory --------------------------------


PSS_READABLE = Path("/proc/self/smaps_rollup").is_file()


def _pss_kb(pid: int) -> int:
    """Proportional set size: a page shared by n processes counts 1/n in each (forked workers share
    the parent's pages copy-on-write, so summing their RSS would count those pages n times).
    0 for a process that is exiting (its memory is being freed)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_memory_kb(root_pid: int, page_kb: int) -> tuple[int, int | None]:
    """(RSS, PSS) of a process and all its descendants, read from /proc; PSS None if unreadable."""
    total, pss, stack, seen = 0, 0, [root_pid], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * page_kb
            pss = pss + _pss_kb(pid) if PSS_READABLE else None
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    stack += [int(child) for child in handle.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue  # the process ended between listing and reading: it holds no memory any more
    return total, pss


def child_main(spec: dict) -> int:
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    with open(spec["log"], "ab") as log:
        log.write(f"$ {' '.join(spec['cmd'])}\n".encode())
        log.flush()
        start = time.perf_counter()
        process = subprocess.Popen(spec["cmd"], cwd=spec["cwd"], env=spec["env"], stdout=log, stderr=subprocess.STDOUT)
        peak_tree, peak_pss = [0], [0]
        sampling = Path("/proc/self/task").is_dir()

        def sample():
            while process.poll() is None:
                rss, pss = _tree_memory_kb(process.pid, page_kb)
                peak_tree[0] = max(peak_tree[0], rss)
                peak_pss[0] = None if pss is None or peak_pss[0] is None else max(peak_pss[0], pss)
                time.sleep(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        if sampling:
            sampler.start()
        returncode = process.wait()
        seconds = time.perf_counter() - start
        if sampling:
            sampler.join()
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_kb / 1024,
                      "peak_tree_rss_mb": peak_tree[0] / 1024 if sampling else None,
                      "peak_tree_pss_mb": peak_pss[0] / 1024 if sampling and peak_pss[0] is not None else None,
                      "returncode": returncode}))
    return 0


# --- the parent: measurements, summaries, table -----------------------------------------------------


class Bench:
    def __init__(self, workdir: Path, env: dict):
        self.workdir, self.env = workdir, env
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.measurements: dict[str, dict] = {}
        self.search_cost: dict[str, dict] = {}  # size -> {"rows": [...], "table": markdown}
        self.started = time.perf_counter()

    def progress(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:7.1f}s] {message}", file=sys.stderr, flush=True)

    def measure(self, key: str, label: str, cmd: list, *, cwd: Path, run: int, runs: int, env: dict | None = None,
                **extra) -> dict:
        self.progress(f"{label}: run {run + 1}/{runs} ...")
        log = self.logs / f"{key}.log"
        spec = {"cmd": [str(c) for c in cmd], "cwd": str(cwd), "env": dict(self.env, **(env or {})), "log": str(log)}
        child = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)],
                               capture_output=True, text=True)
        if child.returncode != 0:
            raise BenchFailed(f"{label}: the measuring child failed:\n{child.stderr[-3000:]}")
        result = json.loads(child.stdout.strip().splitlines()[-1])
        if result["returncode"] != 0:
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise BenchFailed(f"{label}: `{' '.join(spec['cmd'])}` exited {result['returncode']}; end of {log}:\n{tail}")
        entry = self.measurements.setdefault(key, {"label": label, "command": spec["cmd"], "runs": []})
        entry.update(extra)
        entry["runs"].append({k: result[k] for k in ("seconds", "peak_rss_mb", "peak_tree_rss_mb", "peak_tree_pss_mb")})
        self.progress(f"{label}: {result['seconds']:.1f} s, peak RSS {result['peak_rss_mb']:.0f} MB")
        return result

    def summarise(self) -> None:
        for entry in self.measurements.values():
            seconds = [r["seconds"] for r in entry["runs"]]
            entry["seconds"] = {"min": min(seconds), "median": statistics.median(seconds), "max": max(seconds)}
            entry["peak_rss_mb"] = max(r["peak_rss_mb"] for r in entry["runs"])
            for key in ("peak_tree_rss_mb", "peak_tree_pss_mb"):
                trees = [r[key] for r in entry["runs"] if r[key] is not None]
                entry[key] = max(trees) if trees else None
            if "rows" in entry:
                entry["rows_per_second"] = entry["rows"] / entry["seconds"]["median"]

    def median(self, key: str) -> float:
        return statistics.median(r["seconds"] for r in self.measurements[key]["runs"])


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def edit_one_item(site: Path, run: int) -> Path:
    """Append a sentence to the body of one item in the middle of the catalogue."""
    paths = sorted((site / "content" / "disclosures").rglob("*.md"), key=lambda p: p.relative_to(site).as_posix())
    path = paths[len(paths) // 2]
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n（第{run + 1}次修改：补充说明办理地点。）\n")
    return path


def tools() -> dict:
    venv_bin = Path(sys.executable).parent
    from pagefind_bin_extended import get_executable
    return {"gongkai": venv_bin / "gongkai", "pelican": venv_bin / "pelican", "frictionless": venv_bin / "frictionless",
            "pagefind": Path(get_executable())}


def run_builds(bench: Bench, tool: dict, args, size: int, largest: bool) -> None:
    site, baseline = bench.workdir / f"site-{size}", bench.workdir / f"pelican-{size}"
    bench.progress(f"generating {size} items, {args.datasets} datasets of {args.rows} rows into {site}")
    items = generate.generate_site(site, size, args.datasets, args.rows)
    generate.write_pelican_baseline(items, baseline)
    output, pelican_output = site / "output", baseline / "out"
    build = [tool["gongkai"], "build", "--root", site, "--settings", "pelicanconf.py", "--output", output]
    for run in range(args.runs):
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache_dir(site), ignore_errors=True)  # a full build starts cold: no previous output, no cache
        bench.measure(f"build_full_{size}", f"full build, N={size}", build, cwd=site, run=run, runs=args.runs,
                      items=size, datasets=args.datasets)
        shutil.rmtree(pelican_output, ignore_errors=True)
        bench.measure(f"baseline_pelican_{size}", f"vanilla Pelican, N={size}",
                      [tool["pelican"], "content", "-o", "out", "-s", "pelicanconf.py"], cwd=baseline, run=run,
                      runs=args.runs, items=size)
        if largest:
            bench.measure(f"rebuild_unchanged_{size}", f"rebuild, nothing changed, N={size}", build, cwd=site,
                          run=run, runs=args.runs, items=size)
            edited = edit_one_item(site, run)
            bench.measure(f"rebuild_one_edit_{size}", f"rebuild after editing one item, N={size}", build, cwd=site,
                          run=run, runs=args.runs, items=size, edited=edited.relative_to(site).as_posix())
    for run in range(args.runs):
        bench.measure(f"check_{size}", f"gongkai check, N={size}", [tool["gongkai"], "check", "--root", site],
                      cwd=site, run=run, runs=args.runs, items=size)
    files, size_bytes = folder_size(output)
    bench.measurements[f"build_full_{size}"].update(output_files=files, output_bytes=size_bytes)
    if largest and args.search_cost:
        measure_search(bench, output, size)
    if largest:
        for run in range(args.runs):
            shutil.rmtree(output / "pagefind_bench", ignore_errors=True)
            bench.measure(f"pagefind_{size}", f"Pagefind alone, unsharded (for comparison), N={size}",
                          [tool["pagefind"], "--site", output, "--output-subdir", "pagefind_bench", "--silent"],
                          cwd=site, run=run, runs=args.runs, items=size)
        index_files, index_bytes = folder_size(output / "pagefind_bench")
        bench.measurements[f"pagefind_{size}"].update(index_files=index_files, index_bytes=index_bytes,
                                                       build_index_bytes=folder_size(output / "pagefind")[1])
    if not args.keep:
        shutil.rmtree(site)
        shutil.rmtree(baseline)


def run_property(bench: Bench, steps: int) -> None:
    """The build cache's property test with many random edits: after each, the fast build must
    equal `--serial --no-cache` byte for byte (a failure stops the benchmark and names its seed)."""
    if steps:
        bench.measure(f"property_{steps}", f"cache property test, {steps} random edits",
                      [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                       "tests/test_fastpath_property.py::test_after_every_edit_the_fast_build_equals_the_slow_one"],
                      cwd=REPO, run=0, runs=1, env={"GONGKAI_PROPERTY_STEPS": str(steps)}, steps=steps)


def measure_search(bench: Bench, output: Path, size: int) -> None:
    """bench/search_cost.py on the built site: what the first results of ten queries cost in Chromium."""
    bench.progress(f"search cost in Chromium, N={size} ...")
    rows = bench.logs / f"search_cost_{size}.json"
    child = subprocess.run([sys.executable, str(BENCH / "search_cost.py"), "--site", str(output), "--json", str(rows)],
                           capture_output=True, text=True, env=bench.env)
    if child.returncode != 0:
        raise BenchFailed(f"search cost, N={size}:\n{child.stderr[-3000:]}")
    bench.search_cost[str(size)] = {"rows": json.loads(rows.read_text(encoding="utf-8")), "table": child.stdout}


def run_validation(bench: Bench, tool: dict, args, rows: int) -> None:
    site = bench.workdir / f"big-{rows}"
    bench.progress(f"generating one dataset of {rows} rows x 8 columns into {site}")
    descriptor = generate.generate_big_dataset(site, rows)
    for run in range(args.runs):
        bench.measure(f"validate_gongkai_{rows}", f"gongkai check on the dataset, {rows} rows",
                      [tool["gongkai"], "check", "--root", site], cwd=site, run=run, runs=args.runs, rows=rows)
        bench.measure(f"validate_frictionless_{rows}", f"frictionless validate, {rows} rows",
                      [tool["frictionless"], "validate", descriptor.name], cwd=descriptor.parent, run=run,
                      runs=args.runs, rows=rows)
    bench.measurements[f"validate_gongkai_{rows}"]["csv_bytes"] = (descriptor.parent / "data" / "ledger.csv").stat().st_size
    if not args.keep:
        shutil.rmtree(site)


def run_history(bench: Bench, tool: dict, args) -> None:
    """The 更新记录 of one dataset of R rows changed in C commits: the history alone (cold cache,
    then warm) against loading the site, and whole builds with the history on (first build,
    rebuild) against the same build with it switched off."""
    rows, commits = args.history_rows, args.history_commits
    site = bench.workdir / f"history-{rows}x{commits}"
    bench.progress(f"generating a git repository: one dataset of {rows} rows changed in {commits} commits, into {site}")
    generate.generate_history_site(site, rows, commits)
    (site / "nohistory.py").write_text("import os\nimport sys\n\nsys.path.append(os.curdir)\n"
                                       "from pelicanconf import *  # noqa: E402,F403\n\nGONGKAI_HISTORY = False\n",
                                       encoding="utf-8")
    output, cache = site / "output", cache_dir(site)
    alone = [sys.executable, BENCH / "history_alone.py", site]
    build = [tool["gongkai"], "build", "--root", site, "--output", output, "--settings"]
    extra = {"history_rows": rows, "commits": commits}  # not "rows": that would print a rows/s figure
    for run in range(args.runs):
        bench.measure(f"history_check_{rows}", "history site: gongkai check (loading only)",
                      [tool["gongkai"], "check", "--root", site], cwd=site, run=run, runs=args.runs, **extra)
        shutil.rmtree(cache, ignore_errors=True)
        bench.measure(f"history_alone_cold_{rows}", f"history alone, {rows} rows x {commits} commits, no cache", alone,
                      cwd=site, run=run, runs=args.runs, **extra)
        bench.measure(f"history_alone_warm_{rows}", f"history alone, {rows} rows x {commits} commits, cached", alone,
                      cwd=site, run=run, runs=args.runs, **extra)
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        bench.measure(f"history_build_off_{rows}", "history site: full build, history off", build + ["nohistory.py"],
                      cwd=site, run=run, runs=args.runs, **extra)
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        bench.measure(f"history_build_first_{rows}", "history site: full build, history on", build + ["pelicanconf.py"],
                      cwd=site, run=run, runs=args.runs, **extra)
        bench.measure(f"history_rebuild_{rows}", "history site: rebuild, nothing changed", build + ["pelicanconf.py"],
                      cwd=site, run=run, runs=args.runs, **extra)
    bench.measurements[f"history_build_first_{rows}"]["changes_csv_bytes"] = (
        output / "datasets" / generate.HISTORY_DATASET / "changes.csv").stat().st_size
    if not args.keep:
        shutil.rmtree(site)


def history_ratios(bench: Bench, args) -> dict:
    rows = args.history_rows
    first = bench.median(f"history_build_first_{rows}")
    return {f"history_build_first_vs_off_{rows}": first / bench.median(f"history_build_off_{rows}"),
            f"history_rebuild_vs_first_{rows}": bench.median(f"history_rebuild_{rows}") / first,
            f"history_alone_warm_vs_cold_{rows}": (bench.median(f"history_alone_warm_{rows}")
                                                   / bench.median(f"history_alone_cold_{rows}"))}


def ratios_and_targets(bench: Bench, args) -> tuple[dict, list]:
    m = bench.measurements
    largest, rows, fewer = max(args.sizes), max(args.big_rows), min(args.big_rows)
    ratios = {}
    for size in args.sizes:
        ours, base = m[f"build_full_{size}"]["runs"], m[f"baseline_pelican_{size}"]["runs"]
        ratios[f"build_vs_pelican_{size}"] = bench.median(f"build_full_{size}") / bench.median(f"baseline_pelican_{size}")
        # Each run of ours ran right next to a baseline run: the paired ratios show the noise.
        ratios[f"build_vs_pelican_{size}_paired"] = [o["seconds"] / b["seconds"] for o, b in zip(ours, base)]
    full = bench.median(f"build_full_{largest}")
    ratios[f"rebuild_unchanged_vs_full_{largest}"] = bench.median(f"rebuild_unchanged_{largest}") / full
    ratios[f"rebuild_one_edit_vs_full_{largest}"] = bench.median(f"rebuild_one_edit_{largest}") / full
    for count in args.big_rows:
        ratios[f"validate_gongkai_vs_frictionless_{count}"] = (bench.median(f"validate_gongkai_{count}")
                                                              / bench.median(f"validate_frictionless_{count}"))
    for tool_name in ("gongkai", "frictionless"):
        if rows != fewer:
            ratios[f"validate_{tool_name}_rss_growth_{fewer}_to_{rows}"] = (
                m[f"validate_{tool_name}_{rows}"]["peak_rss_mb"] / m[f"validate_{tool_name}_{fewer}"]["peak_rss_mb"])
    build_rss = m[f"build_full_{largest}"]["peak_rss_mb"]
    targets = [
        ("full build ≤ 1.5 × vanilla Pelican", ratios[f"build_vs_pelican_{largest}"], TARGETS["build_ratio"], "×"),
        ("full build peak RSS ≤ 1 GB", build_rss, TARGETS["build_rss_mb"], "MB"),
        ("rebuild after one edit ≤ 0.5 × full build", ratios[f"rebuild_one_edit_vs_full_{largest}"],
         TARGETS["rebuild_fraction"], "×"),
        ("rebuild after one edit ≤ 2 s", bench.median(f"rebuild_one_edit_{largest}"), TARGETS["one_edit_seconds"], "s"),
        ("rebuild with nothing changed ≤ 1.5 s", bench.median(f"rebuild_unchanged_{largest}"),
         TARGETS["unchanged_seconds"], "s"),
        ("gongkai check ≤ 15 s", bench.median(f"check_{largest}"), TARGETS["check_seconds"], "s"),
        ("dataset validation ≤ frictionless time", ratios[f"validate_gongkai_vs_frictionless_{rows}"],
         TARGETS["validation_ratio"], "×"),
    ]
    growth = f"validate_gongkai_rss_growth_{fewer}_to_{rows}"
    if growth in ratios:
        targets.append((f"validation memory flat ({fewer:,} → {rows:,} rows, ≤ 1.25×)", ratios[growth],
                        TARGETS["validation_rss_growth"], "×"))
    return ratios, [{"target": name, "at": largest if "valid" not in name else rows, "measured": value, "limit": limit,
                     "unit": unit, "met": value <= limit} for name, value, limit, unit in targets]


def table(bench: Bench, ratios: dict, targets: list) -> str:
    lines = [f"{'measurement':46} {'runs':>4} {'min s':>8} {'median s':>9} {'max s':>8} {'RSS MB':>7} {'tree RSS':>8} "
             f"{'tree PSS':>8}  notes", "-" * 119]
    for entry in bench.measurements.values():
        notes = []
        if "rows_per_second" in entry:
            notes.append(f"{entry['rows_per_second']:,.0f} rows/s")
        if "index_bytes" in entry:
            notes.append(f"index {entry['index_bytes'] / 1048576:.1f} MB in {entry['index_files']} files")
        if "output_files" in entry:
            notes.append(f"output {entry['output_files']} files, {entry['output_bytes'] / 1048576:.0f} MB")
        if "changes_csv_bytes" in entry:
            notes.append(f"changes.csv {entry['changes_csv_bytes'] / 1048576:.1f} MB")
        tree, pss = (entry[key] for key in ("peak_tree_rss_mb", "peak_tree_pss_mb"))
        s = entry["seconds"]
        lines.append(f"{entry['label']:46} {len(entry['runs']):>4} {s['min']:>8.2f} {s['median']:>9.2f} {s['max']:>8.2f} "
                     f"{entry['peak_rss_mb']:>7.0f} {(f'{tree:.0f}' if tree is not None else '-'):>8} "
                     f"{(f'{pss:.0f}' if pss is not None else '-'):>8}  {'; '.join(notes)}")
    lines += ["", "ratios (of medians):"]
    for name, value in ratios.items():
        shown = ", ".join(f"{v:.2f}" for v in value) if isinstance(value, list) else f"{value:.2f}"
        lines.append(f"  {name:52} {shown}")
    lines += ["", "targets:"]
    for target in targets:
        lines.append(f"  {'MET   ' if target['met'] else 'MISSED'} {target['target']:52} "
                     f"{target['measured']:.2f} {target['unit']} (limit {target['limit']} {target['unit']})")
    return "\n".join(lines)


def parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Gongkai benchmarks (see bench/README.md).")
    parser.add_argument("--quick", action="store_true", help="N = 1,000 and 2,000, 50,000 rows, one run")
    parser.add_argument("--runs", type=int, help="runs of each measurement (default 3; 1 with --quick)")
    parser.add_argument("--sizes", help="comma-separated item counts; the largest gets every measurement")
    parser.add_argument("--datasets", type=int, help="datasets in each site (default 100)")
    parser.add_argument("--rows", type=int, help="rows of each of those datasets (default 200)")
    parser.add_argument("--big-rows", help="comma-separated row counts of the big dataset (default 1000000,200000)")
    parser.add_argument("--workdir", type=Path, default=BENCH / "results" / "tmp", help="where the sites are generated")
    parser.add_argument("--results", type=Path, help="JSON results file (default bench/results/bench-<N>.json)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites and outputs")
    parser.add_argument("--history-rows", type=int, help="rows of the 更新记录 dataset (default 100000)")
    parser.add_argument("--history-commits", type=int, help="commits of the 更新记录 dataset (default 50)")
    parser.add_argument("--history-only", action="store_true", help="measure only the 更新记录 (row-level history)")
    parser.add_argument("--property-steps", type=int,
                        help="random edits of the cache property test (default 12; 0 with --quick: not run)")
    parser.add_argument("--no-search-cost", dest="search_cost", action="store_false",
                        help="skip the Chromium measurement of search (bench/search_cost.py) on the largest site")
    args = parser.parse_args(argv)
    preset = QUICK if args.quick else FULL
    args.sizes = sorted(int(s) for s in args.sizes.split(",")) if args.sizes else preset["sizes"]
    args.big_rows = sorted((int(r) for r in args.big_rows.split(",")), reverse=True) if args.big_rows else preset["big_rows"]
    args.datasets = preset["datasets"] if args.datasets is None else args.datasets
    args.rows = preset["rows"] if args.rows is None else args.rows
    args.runs = preset["runs"] if args.runs is None else args.runs
    if args.property_steps is None:
        args.property_steps = PROPERTY_STEPS["quick" if args.quick or args.history_only else "full"]
    args.history_rows = preset["history_rows"] if args.history_rows is None else args.history_rows
    args.history_commits = preset["history_commits"] if args.history_commits is None else args.history_commits
    args.results = args.results or BENCH / "results" / (
        f"bench-history-{args.history_rows}.json" if args.history_only else f"bench-{max(args.sizes)}.json")
    return args


def main(argv=None) -> int:
    args = parse(argv)
    workdir = args.workdir.resolve()
    if workdir.exists() and any(workdir.iterdir()) and not (workdir / MARKER).exists():
        print(f"{workdir} is not empty and was not made by bench/run.py; give another --workdir", file=sys.stderr)
        return 2
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    (workdir / MARKER).write_text("made by bench/run.py; removed and remade on every run\n", encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(BUILD_EPOCH), PYTHONDONTWRITEBYTECODE="1")
    bench = Bench(workdir, env)
    tool = tools()
    try:
        if not args.history_only:
            for size in args.sizes:
                run_builds(bench, tool, args, size, largest=size == max(args.sizes))
            for rows in args.big_rows:
                run_validation(bench, tool, args, rows)
        run_history(bench, tool, args)
    except BenchFailed as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    try:  # last: its failure is reported after the measurements above are written down
        run_property(bench, args.property_steps)
        property_failure = None
    except BenchFailed as exc:
        property_failure = str(exc)
    bench.summarise()
    ratios, targets = ({}, []) if args.history_only else ratios_and_targets(bench, args)
    ratios.update(history_ratios(bench, args))
    total = time.perf_counter() - bench.started
    results = {
        "parameters": {"sizes": args.sizes, "datasets": args.datasets, "rows": args.rows, "big_rows": args.big_rows,
                       "runs": args.runs, "seed": generate.SEED, "build_epoch": BUILD_EPOCH,
                       "history_rows": args.history_rows, "history_commits": args.history_commits,
                       "history_only": args.history_only, "property_steps": args.property_steps},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    **{name: metadata.version(name) for name in ("pelican", "frictionless", "pagefind_bin_extended",
                                                                  "Markdown", "Jinja2", "vl-convert-python")}},
        "total_seconds": total,
        "measurements": bench.measurements,
        "search_cost": bench.search_cost,
        "ratios": ratios,
        "targets": targets,
        "property_test": {"steps": args.property_steps, "passed": property_failure is None,
                          "failure": property_failure},
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(table(bench, ratios, targets))
    for size, cost in bench.search_cost.items():
        print(f"\nsearch, first results in Chromium (cold cache, text gzip-compressed), N={size}:\n{cost['table']}")
    print(f"\nwhole benchmark: {total / 60:.1f} min; results in {args.results}")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    if property_failure is not None:
        print(f"bench failed: {property_failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        sys.exit(child_main(json.loads(sys.argv[2])))
    sys.exit(main())
