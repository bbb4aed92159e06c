"""The profiles behind BENCHMARKS.md's explanations, reproducible: where a crawl process and the processing step
spend their CPU on the synthetic mirror.

    python bench/profiles.py no-change --py-spy /path/to/py-spy [--sources 200]
    python bench/profiles.py process   --py-spy /path/to/py-spy [--sources 50]

py-spy samples the real processes (the crawl runs in its own Scrapy process; the processing step as
``regwatch process``); it is not a project dependency: ``python3.11 -m venv /tmp/spy && /tmp/spy/bin/pip install
py-spy``. Writes the raw samples to ``var/bench/profiles/`` and prints a table of shares and per-item costs.
"""
from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import sweeps  # noqa: E402

OUT = sweeps.WORK / "profiles"

# first matching group wins; a sample belongs to one part
CRAWL_PARTS = [
    ("thread pool (idle waits)", ["ThreadWorker"]),
    ("imports (once per process)", ["_find_and_load"]),
    ("crawl plan from the database (spider start)", ["SourceSpider.start"]),
    ("crawl-run bookkeeping at close (listing, report)", ["StorePipeline.close_spider", "StorePipeline.process_item"]),
    ("Scrapy crawler construction (settings copy, engine, components)",
     ["create_crawler", "Crawler.__init__", "_create_engine", "ExecutionEngine.__init__"]),
    ("Scrapy engine open and close, signals, stats",
     ["open_spider", "close_spider", "ExecutionEngine.close", "engine_stopped", "Crawler.crawl", "Crawler.stop"]),
    ("logging", ["Logger._log", "Logger.handle"]),
    ("the request: middlewares, HTTP cache, parsing, reactor", [""]),
]
PROCESS_PARTS = [
    ("classification", ["classify_releases"]),
    ("clustering: shingles and sketches", ["sketch (", "shingles ("]),
    ("clustering: candidates and link rules", ["assign_documents"]),
    ("versions, events, lifecycle", ["process_versions", "process_lifecycle"]),
    ("start-up, imports, database", [""]),
]


def shares(raw: Path, parts: list[tuple[str, list[str]]]) -> dict[str, int]:
    counts: collections.Counter = collections.Counter()
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, samples = line.rpartition(" ")
        if not stack:
            continue
        name = next(name for name, patterns in parts if any(p in stack for p in patterns))
        counts[name] += int(samples)
    return {name: counts[name] for name, _ in parts}


def table(counts: dict[str, int], cpu_s: float, items: int, unit: str) -> str:
    busy = sum(v for k, v in counts.items() if not k.startswith("thread pool"))
    rows = [f"| part | share | per {unit} |", "|---|---|---|"]
    for name, n in counts.items():
        if name.startswith("thread pool"):
            continue
        rows.append(f"| {name} | {100 * n / busy:.0f} % | {n / busy * cpu_s / items * 1000:.1f} ms |")
    return "\n".join(rows) + f"\n\n{cpu_s:.2f} s of CPU for {items} {unit}s"


def crawled_world(sources: int, name: str):
    """A fresh world with its first crawl done (unprocessed): the starting point of both profiles."""
    context = sweeps.fresh_world(sources, 20, name)
    bench, home = context.__enter__()
    bench.sweep("week1", sweeps.T0, process=False)
    return context, bench, home


def no_change(py_spy: str, sources: int) -> None:
    from regwatch import pipeline

    context, bench, home = crawled_world(sources, "home-profile-crawl")
    try:
        plain = pipeline.crawl_command
        raw = OUT / "no-change.raw.txt"
        pipeline.crawl_command = lambda jobs: [py_spy, "record", "-r", "200", "--format", "raw", "-o", str(raw),
                                               "--"] + plain(jobs)
        result = bench.sweep("week1", sweeps.T0 + timedelta(hours=1), workers=1, process=False)
        pipeline.crawl_command = plain
        cpu = result["batch_usage"][0]["cpu_s"]
        print(table(shares(raw, CRAWL_PARTS), cpu, result["sources"], "source"))
    finally:
        context.__exit__(None, None, None)


def process(py_spy: str, sources: int) -> None:
    context, bench, home = crawled_world(sources, "home-profile-process")
    try:
        raw = OUT / "process.raw.txt"
        env = dict(os.environ, REGWATCH_NOW=sweeps.T0.isoformat())
        rate = 100
        subprocess.run([py_spy, "record", "-r", str(rate), "--format", "raw", "-o", str(raw), "--",
                        str(Path(sys.executable).with_name("regwatch")), "process"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        counts = shares(raw, PROCESS_PARTS)
        cpu = sum(counts.values()) / rate  # one busy thread: samples / rate is its time
        print(table(counts, cpu, sources * 20, "release"))
    finally:
        context.__exit__(None, None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("profile", choices=["no-change", "process"])
    parser.add_argument("--py-spy", default=shutil.which("py-spy"), help="the py-spy executable")
    parser.add_argument("--sources", type=int, default=None)
    args = parser.parse_args()
    if not args.py_spy:
        parser.error("py-spy not found: give --py-spy (see the module docstring)")
    OUT.mkdir(parents=True, exist_ok=True)
    if args.profile == "no-change":
        no_change(args.py_spy, args.sources or 200)
    else:
        process(args.py_spy, args.sources or 50)


if __name__ == "__main__":
    main()
