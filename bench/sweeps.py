"""Pipeline sweeps on a synthetic mirror: first crawl, no-change sweep, change sweep with ground truth, politeness.

Run with ``make bench`` (never part of ``make test``), or alone::

    .venv/bin/python bench/sweeps.py --sources 200 --docs 20 --runs 3

Everything goes through the real pipeline (``regwatch.pipeline``: Scrapy subprocesses through the mirror on
127.0.0.1 -> store -> diff -> classify) on a fresh SQLite database; only the workload is synthetic
(``bench/synthetic.py``: S sources across CMS families, a week-2 state with known new / revised / withdrawn
documents). Requests and bytes are counted in the mirror's access log, CPU and peak memory with ``getrusage``
of this process and its children (the crawl subprocesses). Writes ``bench/results/sweeps.json``; the BENCHMARKS.md
block is rendered by ``bench/components.py`` from every results file.

Figures (the performance issue's numbering):
1. first full crawl (baseline): pages/s, CPU s/page, peak memory;
2. no-change sweep one hour later (nothing new, no revisit due): requests and bytes per source, wall time;
3. change sweep one day later (week-2 state; every page due for its first revisit): wall time, requests, and
   detection against the ground truth (found / missed / spurious per kind);
6. politeness: per-host delay 1 s, several sources per host (the change sweep of a few hosts, so that the bound
   is the delay, not start-up): wall time against the busiest host's requests x delay, and no two requests to
   one host ever overlap (mirror access log).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import SyntheticWorld, generate  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "sweeps.json"
WORK = ROOT / "var" / "bench"
T0 = datetime.fromisoformat("2026-11-09T02:00:00+00:00")


def _rusage() -> tuple[float, float, int]:
    """(CPU seconds of this process, CPU seconds of waited-for children, peak RSS of any child in KiB)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, kids.ru_maxrss


class Bench:
    """One synthetic world, one regwatch home per measured state, the mirror in this process."""

    def __init__(self, world: SyntheticWorld, home: Path):
        from regwatch.mirror.server import MirrorServer

        self.world, self.home = world, home
        self.mirror = MirrorServer(world.snapshots, "week1").start()

    def close(self) -> None:
        self.mirror.stop()

    def use_home(self, home: Path, delay: float = 0.0) -> None:
        for key in [k for k in os.environ if k.startswith("REGWATCH_")]:
            del os.environ[key]
        os.environ.update(REGWATCH_HOME=str(home), REGWATCH_DATABASE_URL=f"sqlite:///{home / 'regwatch.db'}",
                          REGWATCH_SOURCES_DIR=str(self.world.records), REGWATCH_DOWNLOAD_DELAY=str(delay),
                          REGWATCH_SCRAPY_LOG_LEVEL="INFO")
        from regwatch.db import _engine_for

        _engine_for.cache_clear()

    def sweep(self, state: str, now: datetime, slugs: list[str] | None = None, workers: int | None = None,
              process: bool = True) -> dict:
        """Crawl (and then process) every source at ``state`` and ``now``; the measured figures."""
        from regwatch import pipeline

        os.environ["REGWATCH_NOW"] = now.isoformat()
        self.mirror.set_state(state)
        self.mirror.clear_log()
        slugs = slugs or self.world.slugs
        cpu0, kids0, _ = _rusage()
        started = time.monotonic()
        runs = pipeline.crawl_sources(slugs, mirror=self.mirror.url, workers=workers)
        crawl_wall = time.monotonic() - started
        cpu1, kids1, _ = _rusage()
        log = self.mirror.access_log()
        started = time.monotonic()
        processed = pipeline.process_new_versions() if process else {}
        process_wall = time.monotonic() - started
        cpu2, _, _ = _rusage()
        batches = {r["batch"]["log"]: r["batch"]["usage"] or {} for r in runs}
        pages = [e for e in log if not e["url"].endswith("/robots.txt")]
        statuses = Counter(e["status"] for e in pages)
        return {
            "sources": len(slugs), "crawl_wall_s": round(crawl_wall, 2), "process_wall_s": round(process_wall, 2),
            "crawl_cpu_s": round((cpu1 - cpu0) + (kids1 - kids0), 2), "process_cpu_s": round(cpu2 - cpu1, 2),
            "peak_rss_mib": round(max((u.get("peak_rss_kib", 0) for u in batches.values()), default=0) / 1024, 1),
            "crawl_processes": len(batches), "batch_usage": list(batches.values()),
            "crawl_process_cpu_s": round(sum(u.get("cpu_s", 0) for u in batches.values()), 2),
            "requests": len(pages), "robots_requests": len(log) - len(pages),
            "requests_per_source": round(len(pages) / len(slugs), 3),
            "bytes": sum(e["bytes"] for e in log), "bytes_per_source": round(sum(e["bytes"] for e in log) / len(slugs)),
            "pages_200": statuses.get(200, 0), "not_modified_304": statuses.get(304, 0),
            "statuses": dict(sorted(statuses.items())),
            "run_status": dict(Counter(r["status"] for r in runs)),
            "causes": sorted({r["cause"] for r in runs if r["cause"]})[:5],
            "processed": processed, "log": log,
        }

    def snapshot_home(self, src: Path, dst: Path) -> None:
        """Copy a home (database, HTTP cache) so that several sweeps can start from the same state."""
        from regwatch.db import _engine_for

        _engine_for.cache_clear()
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(src, dst)


def detection(world: SyntheticWorld) -> dict:
    """Change events of the change sweep against the generator's ground truth."""
    from sqlalchemy import select

    from regwatch.db import session_scope
    from regwatch.models import ChangeEvent, Release

    with session_scope() as session:
        rows = session.execute(select(ChangeEvent.kind, Release.url).join(Release, Release.id == ChangeEvent.release_id)
                               ).all()
    found: dict[str, set[str]] = defaultdict(set)
    for kind, url in rows:
        found[kind].add(url)
    out = {}
    for kind in ("new", "revised", "withdrawn"):
        truth = set(world.truth[kind])
        got = found.get(kind, set())
        out[kind] = {"truth": len(truth), "found": len(truth & got), "missed": sorted(truth - got)[:5],
                     "spurious": sorted(got - truth)[:5], "spurious_count": len(got - truth)}
    out["other_kinds"] = {k: len(v) for k, v in found.items() if k not in ("new", "revised", "withdrawn")}
    return out


def overlaps(log: list[dict]) -> int:
    """Pairs of requests to one host whose [start, end] intervals overlap (must be 0)."""
    by_host: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for e in log:
        by_host[e["host"]].append((e["start"], e["end"]))
    bad = 0
    for spans in by_host.values():
        spans.sort()
        bad += sum(1 for a, b in zip(spans, spans[1:]) if b[0] < a[1] - 1e-3)
    return bad


URLWATCH_VENV = WORK / "urlwatch-venv"


def urlwatch_bin() -> Path:
    """urlwatch from PyPI in a venv of its own (bench only; pinned in bench/urlwatch-requirements.txt)."""
    import subprocess

    exe = URLWATCH_VENV / "bin" / "urlwatch"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(URLWATCH_VENV)], check=True)
        subprocess.run([str(URLWATCH_VENV / "bin" / "pip"), "install", "-q", "-r",
                        str(ROOT / "bench" / "urlwatch-requirements.txt")], check=True)
    return exe


def urlwatch_jobs(no_change_log: list[dict]) -> list[dict]:
    """urlwatch jobs for exactly the list requests regwatch's no-change sweep made (URL, method, POST body):
    for the JS-shell families (gkmlpt, NEA) the list data lives in the JSON endpoint, not in the shell page."""
    jobs, seen = [], set()
    for entry in no_change_log:
        if entry["url"].endswith("/robots.txt") or entry["method"] == "CONNECT":
            continue
        key = (entry["method"], entry["url"], entry.get("body"))
        if key in seen:
            continue
        seen.add(key)
        job = {"name": f"u{len(jobs)}", "url": entry["url"]}
        if entry["method"] == "POST":
            job["method"], job["data"] = "POST", entry.get("body", "")
            if entry.get("content_type"):
                job["headers"] = {"Content-Type": entry["content_type"]}
        jobs.append(job)
    return jobs


def urlwatch_sweeps(bench: "Bench", runs: int, jobs: list[dict]) -> dict:
    """urlwatch on the same list requests through the same mirror: a first run (baseline), then no-change sweeps."""
    import subprocess

    import yaml

    exe = urlwatch_bin()
    work = WORK / "urlwatch"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    # urlwatch passes its jobs' own proxy keys to requests (None would override the environment's)
    jobs = [dict(job, http_proxy=bench.mirror.url, https_proxy=bench.mirror.url) for job in jobs]
    (work / "urls.yaml").write_text(yaml.safe_dump_all(jobs, allow_unicode=True), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(HOME=str(work), http_proxy=bench.mirror.url, https_proxy=bench.mirror.url, no_proxy="")
    cmd = [str(exe), "--urls", str(work / "urls.yaml"), "--config", str(work / "urlwatch.yaml"),
           "--cache", str(work / "cache.db")]
    subprocess.run([*cmd, "--list"], env=env, capture_output=True, check=False)  # writes the default config
    bench.mirror.set_state("week1")
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env).stdout.strip()
    out: dict = {"urls": len(jobs), "version": version}
    sweeps = []
    for i in range(runs + 1):
        bench.mirror.clear_log()
        started = time.monotonic()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        wall = time.monotonic() - started
        log = bench.mirror.access_log()
        entry = {"wall_s": round(wall, 2), "requests": len(log), "statuses": dict(Counter(e["status"] for e in log)),
                 "bytes": sum(e["bytes"] for e in log), "exit": proc.returncode,
                 "errors": proc.stderr.strip().splitlines()[-3:] if proc.returncode else []}
        if i == 0:
            out["first_run"] = entry
        else:
            sweeps.append(entry)
    out["no_change"] = {"runs": sweeps, "median_wall_s": round(statistics.median(r["wall_s"] for r in sweeps), 3),
                        "median_requests": statistics.median(r["requests"] for r in sweeps)}
    return out


def bulk_load(world: SyntheticWorld, now: datetime, archive_factor: int = 1) -> int:
    """The archive of an install that has run for a while, written straight into the database (issue: "archives
    for the growth runs may be bulk-loaded"): every listed week-1 document as a known, baselined release with one
    processed version and no revisit due; with ``archive_factor`` k, (k-1) times as many older releases per source
    that are no longer on the list. Returns the number of releases written."""
    import hashlib

    from sqlalchemy import insert, select, update

    from regwatch import pipeline
    from regwatch.db import session_scope
    from regwatch.models import Blob, Release, Source, Version

    pipeline.prepare()
    body = b"<p>bulk-loaded archive version</p>"
    sha = hashlib.sha256(body).hexdigest()
    later = now + timedelta(days=30)
    rows = []
    for slug in world.slugs:
        docs = world.week1_docs[slug]
        older = [(f"{url.rsplit('/', 1)[0]}/archive/a{k}_{i}.html", f"{title}（存档{k}）", published)
                 for k in range(1, archive_factor) for i, (url, title, published) in enumerate(docs)]
        for url, title, published in [*docs, *older]:
            rows.append({"source_slug": slug, "url": url, "title": title, "published": published, "status": "active",
                         "is_baseline": True, "first_seen_at": now, "last_seen_at": now, "last_listed_at": now,
                         "last_fetched_at": now, "fetch_count": 1, "next_revisit_at": later, "gone_count": 0})
    with session_scope() as session:
        session.execute(insert(Blob), [{"sha256": sha, "size": len(body), "data": body}])
        session.execute(insert(Release), rows)
        ids = session.execute(select(Release.id, Release.title, Release.published)).all()
        session.execute(insert(Version), [
            {"release_id": rid, "fetched_at": now, "content_hash": hashlib.sha256(str(rid).encode()).hexdigest(),
             "raw_sha256": sha, "encoding": "utf-8", "title": title, "published": published,
             "text": title, "body_html": "<p>" + title + "</p>", "meta": {}, "processed_at": now}
            for rid, title, published in ids])
        session.execute(update(Source).values(baseline_at=now))
    return len(rows)


def growth(sizes: list[int], docs: int, runs: int, archive_factor: int, archive_size: int) -> dict:
    """No-change sweeps over bulk-loaded archives: S in ``sizes``, and ``archive_factor`` x the archive at
    ``archive_size`` sources. Each: one warm-up sweep (stores the lists' validators), then ``runs`` measured."""
    cases = [(s, 1) for s in sizes] + [(archive_size, archive_factor)]
    out = []
    for sources, factor in cases:
        world_dir = WORK / f"world-{sources}x{docs}"
        if world_dir.exists():
            shutil.rmtree(world_dir)
        world = generate(world_dir, sources, docs)
        bench = Bench(world, WORK / "home")
        try:
            home = WORK / f"home-growth-{sources}-{factor}"
            if home.exists():
                shutil.rmtree(home)
            bench.use_home(home)
            loaded = bulk_load(world, T0, factor)
            warm = bench.sweep("week1", T0 + timedelta(hours=1))
            measured = []
            for i in range(runs):
                result = bench.sweep("week1", T0 + timedelta(hours=2 + i))
                result.pop("log")
                measured.append(result)
            entry = {"sources": sources, "archive_factor": factor, "releases": loaded,
                     "warmup_wall_s": warm["crawl_wall_s"], "warmup_status": warm["run_status"],
                     "median_wall_s": median_of(measured, "crawl_wall_s"),
                     "median_process_wall_s": median_of(measured, "process_wall_s"),
                     "median_requests_per_source": median_of(measured, "requests_per_source"),
                     "peak_rss_mib": max(r["peak_rss_mib"] for r in measured),
                     "run_status": measured[-1]["run_status"], "new_versions": measured[-1]["processed"].get("new")}
            out.append(entry)
            print("growth:", json.dumps(entry), flush=True)
        finally:
            bench.close()
    return {"cases": out}


def digest_rendering(subscribers: int, now: datetime) -> dict:
    """Weekly digests for ``subscribers`` readers over the change sweep's events (the current home): build,
    render (HTML + text, both languages, half the readers with sector filters) and queue; CPU time on one core."""
    from regwatch.db import session_scope
    from regwatch.notify.digest import enqueue_due_digests
    from regwatch.notify.subscribers import add_subscriber

    os.environ.update(REGWATCH_SECRET_KEY="bench-key", REGWATCH_BASE_URL="https://regwatch.example.org",
                      REGWATCH_MAIL_FROM="regwatch <digest@regwatch.example.org>")
    with session_scope() as session:
        for n in range(subscribers):
            filters = {"sectors": [("industry", "energy", "construction", "transport")[n % 4]]} if n % 2 else None
            add_subscriber(session, f"reader{n:04d}@example.org", now - timedelta(days=14), name=f"读者 {n}",
                           language="en" if n % 3 == 0 else "zh", filters=filters)
    cpu = time.process_time()
    started = time.monotonic()
    with session_scope() as session:
        queued = enqueue_due_digests(session, now, force=True)
        items = [d.extra["items"] for d in queued]
        size = sum(len(d.payload) for d in queued)
    wall, cpu = time.monotonic() - started, time.process_time() - cpu
    return {"subscribers": subscribers, "queued": len(queued), "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "digests_per_s": round(len(queued) / cpu, 1), "items_min": min(items), "items_max": max(items),
            "mime_bytes_mean": round(size / max(len(queued), 1))}


def median_of(runs: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 3)


def run(sources: int, docs: int, runs: int, politeness_sources: int) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    world_dir = WORK / f"world-{sources}x{docs}"
    started = time.monotonic()
    if world_dir.exists():
        shutil.rmtree(world_dir)
    world = generate(world_dir, sources, docs)
    generated_s = time.monotonic() - started
    bench = Bench(world, WORK / "home")
    figures: dict = {"machine": {"platform": platform.machine(), "python": platform.python_version(),
                                 "cores": os.cpu_count()},
                     "workload": {"sources": sources, "docs_per_source": docs, "documents": world.documents,
                                  "hosts": len(world.hosts), "truth": {k: len(v) for k, v in world.truth.items()},
                                  "generate_s": round(generated_s, 1)}}
    try:
        base = WORK / "home-baseline"
        if base.exists():
            shutil.rmtree(base)
        bench.use_home(base)
        from regwatch import pipeline

        pipeline.prepare()
        first = bench.sweep("week1", T0)
        first_pages = first["pages_200"]
        figures["first_crawl"] = {
            **{k: v for k, v in first.items() if k not in ("log", "processed")},
            "pages_per_s": round(first_pages / first["crawl_wall_s"], 2),
            "cpu_s_per_page": round(first["crawl_cpu_s"] / max(first_pages, 1), 4),
            "processed": {k: first["processed"].get(k) for k in ("new", "revised", "withdrawn", "classified")},
        }
        print("first crawl:", json.dumps(figures["first_crawl"], ensure_ascii=False), flush=True)

        no_change, change, no_change_log = [], [], []
        for i in range(runs):
            home = WORK / f"home-{i}"
            bench.snapshot_home(base, home)
            bench.use_home(home)
            result = bench.sweep("week1", T0 + timedelta(hours=1))
            no_change_log = result.pop("log")
            no_change.append(result)
            print(f"no-change sweep {i + 1}:", result["requests_per_source"], "req/source,", result["crawl_wall_s"],
                  "s", flush=True)
            bench.snapshot_home(base, home)
            bench.use_home(home)
            result = bench.sweep("week2", T0 + timedelta(days=1, hours=1))
            result.pop("log")
            result["detection"] = detection(world)
            change.append(result)
            print(f"change sweep {i + 1}:", result["crawl_wall_s"], "s,", json.dumps(result["detection"]), flush=True)
        figures["digest"] = digest_rendering(1000, T0 + timedelta(days=1, hours=2))
        print("digest rendering:", json.dumps(figures["digest"]), flush=True)
        figures["no_change"] = {"runs": no_change, "median_wall_s": median_of(no_change, "crawl_wall_s"),
                                "median_requests_per_source": median_of(no_change, "requests_per_source"),
                                "median_bytes_per_source": median_of(no_change, "bytes_per_source")}
        figures["change"] = {"runs": change, "median_wall_s": median_of(change, "crawl_wall_s"),
                             "median_requests": median_of(change, "requests"),
                             "median_process_wall_s": median_of(change, "process_wall_s"),
                             "detection": change[-1]["detection"]}

        # side by side: urlwatch on the same list URLs, same mirror, no delays, in this same session
        figures["urlwatch"] = urlwatch_sweeps(bench, runs, urlwatch_jobs(no_change_log))
        ours = figures["no_change"]["median_wall_s"]
        figures["urlwatch"]["wall_ratio_regwatch_over_urlwatch"] = round(
            ours / max(figures["urlwatch"]["no_change"]["median_wall_s"], 1e-6), 2)
        print("urlwatch:", json.dumps({k: v for k, v in figures["urlwatch"].items() if k != "no_change"}),
              figures["urlwatch"]["no_change"]["median_wall_s"], "s median no-change", flush=True)

        home = WORK / "home-polite"
        bench.snapshot_home(base, home)
        figures["politeness"] = politeness(bench, home, politeness_sources)
        print("politeness:", json.dumps(figures["politeness"]), flush=True)
    finally:
        bench.close()
    return figures


def politeness(bench: "Bench", home: Path, sources: int, process: bool = True) -> dict:
    """1 s per host, several sources per host: the change sweep (revisits due, so that the bound is the delay and
    not start-up) of a few hosts, against the busiest host's requests x delay; where the time above the bound goes."""
    world = bench.world
    slugs = [s for host in list(world.hosts)[: max(1, sources // 4)] for s in world.hosts[host]]
    bench.use_home(home, delay=1.0)
    started = time.time()
    polite = bench.sweep("week2", T0 + timedelta(days=1, hours=1), slugs=slugs, process=process)
    log = polite["log"]
    per_host = Counter(e["host"] for e in log)
    busiest = max(per_host, key=per_host.get)
    spans = sorted((e["start"], e["end"]) for e in log if e["host"] == busiest)
    gaps = [b[0] - a[0] for a, b in zip(spans, spans[1:])]
    slow = [g for g in gaps if g > 1.1]  # hand-overs between two crawls of the host, start-up of a crawler
    bound = per_host[busiest] * 1.0
    return {"sources": len(slugs), "hosts": len(per_host), "delay_s": 1.0, "busiest_host_requests": per_host[busiest],
            "lower_bound_s": bound, "wall_s": polite["crawl_wall_s"], "ratio": round(polite["crawl_wall_s"] / bound, 2),
            "overlapping_requests": overlaps(log),
            "gaps_below_delay": sum(1 for g in gaps if g < 1.0 - 0.06),  # the delay is a floor (no jitter)
            "where_the_time_goes": {
                "first_request_after_s": round(spans[0][0] - started, 2),
                "mean_gap_s": round(statistics.mean(gaps or [0]), 3), "min_gap_s": round(min(gaps or [0]), 3),
                "slow_gaps_over_1_1s": len(slow), "excess_of_those_s": round(sum(g - 1.0 for g in slow), 2),
                "after_last_response_s": round(started + polite["crawl_wall_s"] - spans[-1][1], 2)}}


@contextlib.contextmanager
def fresh_world(sources: int, docs: int, home_name: str):
    """A freshly generated world, its mirror and an empty regwatch home (migrated): what each stage starts from."""
    world_dir = WORK / f"world-{sources}x{docs}"
    if world_dir.exists():
        shutil.rmtree(world_dir)
    bench = Bench(generate(world_dir, sources, docs), WORK / "home")
    try:
        home = WORK / home_name
        if home.exists():
            shutil.rmtree(home)
        bench.use_home(home)
        from regwatch import pipeline

        pipeline.prepare()
        yield bench, home
    finally:
        bench.close()


def politeness_again(sources: int, docs: int, polite_sources: int) -> dict:
    """The politeness run alone: a fresh first crawl (unprocessed) of the world, then the 1 s change sweep."""
    with fresh_world(sources, docs, "home-polite-again") as (bench, home):
        hosts = bench.world.hosts
        slugs = [s for host in list(hosts)[: max(1, polite_sources // 4)] for s in hosts[host]]
        bench.sweep("week1", T0, slugs=slugs, process=False)
        return politeness(bench, home, polite_sources, process=False)


def first_crawl_only(sources: int, docs: int) -> dict:
    """The first crawl again without processing: its crawl figures and the crawl processes' peak memory."""
    with fresh_world(sources, docs, "home-first-only") as (bench, _home):
        result = bench.sweep("week1", T0, process=False)
        usage = [u for u in result.pop("batch_usage") if u]
        pages = result["pages_200"]
        return {"sources": sources, "pages_200": pages, "crawl_wall_s": result["crawl_wall_s"],
                "pages_per_s": round(pages / result["crawl_wall_s"], 2), "crawl_processes": len(usage),
                "crawl_process_cpu_s": result["crawl_process_cpu_s"],
                "cpu_s_per_page": round(result["crawl_process_cpu_s"] / max(pages, 1), 4),
                "peak_rss_mib": result["peak_rss_mib"], "run_status": result["run_status"]}


def digest_again(sources: int, docs: int, subscribers: int = 1000) -> dict:
    """Figure 7's digest rendering again: first crawl, processing, the change sweep, then the digests."""
    with fresh_world(sources, docs, "home-digest-again") as (bench, _home):
        bench.sweep("week1", T0)
        bench.sweep("week2", T0 + timedelta(days=1, hours=1))
        return digest_rendering(subscribers, T0 + timedelta(days=1, hours=2))


def no_change_again(sources: int, docs: int, runs: int) -> dict:
    """The no-change sweeps and the urlwatch side by side again (after a crawl-speed fix), on a fresh first crawl
    that is not processed (processing does not change what a sweep requests)."""
    with fresh_world(sources, docs, "home-no-change-again") as (bench, _home):
        bench.sweep("week1", T0, process=False)
        measured, log = [], []
        for i in range(runs):
            result = bench.sweep("week1", T0 + timedelta(hours=1 + i), process=False)
            log = result.pop("log")
            measured.append(result)
            print(f"no-change sweep {i + 1}:", result["requests_per_source"], "req/source,", result["crawl_wall_s"],
                  "s", flush=True)
        no_change = {"runs": measured, "median_wall_s": median_of(measured, "crawl_wall_s"),
                     "median_requests_per_source": median_of(measured, "requests_per_source"),
                     "median_bytes_per_source": median_of(measured, "bytes_per_source")}
        watch = urlwatch_sweeps(bench, runs, urlwatch_jobs(log))
        watch["wall_ratio_regwatch_over_urlwatch"] = round(
            no_change["median_wall_s"] / max(watch["no_change"]["median_wall_s"], 1e-6), 2)
        return {"no_change": no_change, "urlwatch": watch}


def correctness_failures(figures: dict) -> list[str]:
    """What the benchmark must get right whatever its speed: every ground-truth event and none other, every
    crawl ok, 1 request per source when nothing changed, no host ever hit concurrently or faster than its delay.
    A run with any of these fails (exit 1) after writing its figures."""
    failures = []
    for run in figures.get("change", {}).get("runs", []):
        det = run["detection"]
        for kind in ("new", "revised", "withdrawn"):
            if det[kind]["found"] != det[kind]["truth"] or det[kind]["spurious_count"]:
                failures.append(f"change sweep {kind}: found {det[kind]['found']} of {det[kind]['truth']}, "
                                f"spurious {det[kind]['spurious']}")
        if det["other_kinds"]:
            failures.append(f"change sweep: unexpected events {det['other_kinds']}")
    for name in ("first_crawl", "first_crawl_only"):
        status = figures.get(name, {}).get("run_status")
        if status and set(status) != {"ok"}:
            failures.append(f"{name}: crawl statuses {status}")
    for run in figures.get("no_change", {}).get("runs", []):
        if run["run_status"] != {"ok": run["sources"]} or run["requests_per_source"] > 1.0:
            failures.append(f"no-change sweep: {run['run_status']}, {run['requests_per_source']} requests/source")
    polite = figures.get("politeness")
    if polite and (polite["overlapping_requests"] or polite.get("gaps_below_delay")):
        failures.append(f"politeness: {polite['overlapping_requests']} overlapping requests, "
                        f"{polite.get('gaps_below_delay')} gaps below the delay")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--politeness-sources", type=int, default=16)
    parser.add_argument("--growth", default="50,200,1000", help="source counts of the growth runs ('' to skip)")
    parser.add_argument("--archive-factor", type=int, default=10)
    parser.add_argument("--stages", default="all",
                        help="all, or a comma list of 'no-change', 'politeness', 'growth', 'first-crawl', 'digest' to "
                             "re-measure into the "
                             "existing "
                             "results file (the other figures are kept)")
    args = parser.parse_args()
    started = time.monotonic()
    stages = set(args.stages.split(","))
    if stages == {"all"}:
        figures = run(args.sources, args.docs, args.runs, args.politeness_sources)
        if args.growth:
            figures["growth"] = growth([int(x) for x in args.growth.split(",")], args.docs, args.runs,
                                       args.archive_factor, args.sources)
        figures["command"] = "python bench/sweeps.py " + " ".join(sys.argv[1:])
    else:
        figures = json.loads(RESULTS.read_text(encoding="utf-8"))
        reruns = figures.setdefault("reruns", [])
        if "first-crawl" in stages:
            figures["first_crawl_only"] = first_crawl_only(args.sources, args.docs)
            print("first crawl only:", json.dumps(figures["first_crawl_only"]), flush=True)
        if "no-change" in stages:
            again = no_change_again(args.sources, args.docs, args.runs)
            figures["no_change"], figures["urlwatch"] = again["no_change"], again["urlwatch"]
            print("urlwatch ratio:", figures["urlwatch"]["wall_ratio_regwatch_over_urlwatch"], flush=True)
        if "politeness" in stages:
            figures["politeness"] = politeness_again(args.sources, args.docs, args.politeness_sources)
            print("politeness:", json.dumps(figures["politeness"]), flush=True)
        if "digest" in stages:
            figures["digest"] = digest_again(args.sources, args.docs)
            print("digest rendering:", json.dumps(figures["digest"]), flush=True)
        if "growth" in stages:
            figures["growth"] = growth([int(x) for x in args.growth.split(",")], args.docs, args.runs,
                                       args.archive_factor, args.sources)
        reruns.append("python bench/sweeps.py " + " ".join(sys.argv[1:]))
    figures["total_s" if stages == {"all"} else "rerun_s"] = round(time.monotonic() - started)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"wrote {RESULTS} after {round(time.monotonic() - started)} s")
    failures = correctness_failures(figures)
    if failures:
        print("CORRECTNESS FAILURES:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
