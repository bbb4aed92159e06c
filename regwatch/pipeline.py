"""The pipeline steps. Airflow tasks and CLI commands both call these and hold no logic of their own.

crawl (Scrapy subprocesses, many sources each) -> process (events, labels, documents) -> notify (enqueue + deliver).
Every step reads its configuration from the environment (regwatch.config) and returns a JSON-able summary.
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from regwatch.config import get_settings, utcnow
from regwatch.db import session_scope, upgrade
from regwatch.models import CrawlRun
from spiders.records import all_sources, get_source

log = logging.getLogger(__name__)


def prepare() -> None:
    """Migrate the database and sync the source rows from the records (cheap; safe to call every run)."""
    from regwatch import store

    upgrade()
    with session_scope() as session:
        store.sync_sources(session, all_sources(), utcnow())


def crawl_command(jobs_file: Path) -> list[str]:
    """The subprocess command line of a crawl batch (in-process crawls cannot restart Twisted's reactor)."""
    return [sys.executable, "-m", "spiders.batch", str(jobs_file)]


def crawl_batch(slugs: list[str], *, mirror: str | None = None) -> list[dict]:
    """Crawl ``slugs`` in ONE Scrapy subprocess (spiders/batch.py): hosts side by side, one host's in sequence.

    Each source gets its own crawl run, log file and result; a run the process never reported on (it crashed or
    was killed) fails with the process's exit code and the end of the batch log as its cause.
    """
    from regwatch import store

    if not slugs:
        return []
    for slug in slugs:
        get_source(slug)  # unknown slugs fail loudly before anything is written
    settings = get_settings()
    now = utcnow()
    logs = settings.home / "logs" / "crawl"
    jobs = []
    with session_scope() as session:
        for slug in slugs:
            run = store.start_run(session, slug, now)
            jobs.append({"slug": slug, "run_id": run.id, "baseline": run.is_baseline,
                         "log": str(logs / slug / f"{run.id}.log")})
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="spiders.settings", PYTHONUNBUFFERED="1",
               REGWATCH_CRAWL_TIMEOUT=str(settings.crawl_timeout))
    if mirror is not None:
        env["REGWATCH_MIRROR"] = mirror
    batch_log = logs / f"batch-{jobs[0]['run_id']}.log"
    batch_log.parent.mkdir(parents=True, exist_ok=True)
    jobs_file = batch_log.with_suffix(".jobs.json")
    jobs_file.write_text(json.dumps(jobs), encoding="utf-8")
    per_host = max(len(group) for group in hosts_of(slugs).values())
    with open(batch_log, "wb") as log_file:
        try:  # each crawl closes itself at crawl_timeout; this is the last resort for a wedged process
            proc = subprocess.run(crawl_command(jobs_file), env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                  timeout=settings.crawl_timeout * per_host + 120)
            exit_code = proc.returncode
        except subprocess.TimeoutExpired:
            exit_code = -9
    batch_tail = batch_log.read_text("utf-8", errors="replace")[-2000:]
    from spiders.batch import rusage_path

    usage_file = rusage_path(jobs_file)
    usage = json.loads(usage_file.read_text()) if usage_file.exists() else None  # absent after a crash
    results = []
    with session_scope() as session:
        for job in jobs:
            own = Path(job["log"])
            tail = own.read_text("utf-8", errors="replace")[-2000:] if own.exists() else ""
            run = session.get(CrawlRun, job["run_id"])
            reported = run.status != "running"
            run = store.finish_run(session, job["run_id"], utcnow(), 0 if reported else exit_code,
                                   tail if reported else f"{tail}\n-- batch log {batch_log} --\n{batch_tail}")
            result = _run_dict(run)
            result["log"] = str(own if own.exists() else batch_log)
            result["batch"] = {"log": str(batch_log), "usage": usage}
            results.append(result)
            log.info("crawl %s: %s (%s requests, %s new versions)%s", job["slug"], result["status"],
                     result["requests"], result["new_versions"],
                     f" cause: {result['cause']}" if result["cause"] else "")
    return results


def crawl_source(slug: str, *, mirror: str | None = None) -> dict:
    """Crawl one source in a subprocess and return its crawl-run record as a dict."""
    return crawl_batch([slug], mirror=mirror)[0]


def _run_dict(run: CrawlRun) -> dict:
    return {"slug": run.source_slug, "run_id": run.id, "status": run.status, "cause": run.cause,
            "baseline": run.is_baseline, "requests": run.requests, "items": run.items,
            "list_entries": run.list_entries, "new_versions": run.new_versions, "gone": run.gone}


def hosts_of(slugs: list[str]) -> dict[str, list[str]]:
    """Sources grouped by their primary host: one host is never crawled by two processes at once."""
    groups: dict[str, list[str]] = defaultdict(list)
    for slug in slugs:
        groups[get_source(slug).primary_host].append(slug)
    return dict(groups)


def crawl_host(slugs: list[str], *, mirror: str | None = None) -> list[dict]:
    """Crawl the sources of one host one after another (one Scrapy process)."""
    return crawl_batch(slugs, mirror=mirror)


def active_slugs() -> list[str]:
    """Every source that is not paused (`regwatch sources pause`)."""
    from sqlalchemy import select

    from regwatch.models import Source

    with session_scope() as session:
        paused = set(session.scalars(select(Source.slug).where(Source.paused)))
    return sorted(set(all_sources()) - paused)


def crawl_sources(slugs: list[str] | None = None, *, mirror: str | None = None,
                  workers: int | None = None) -> list[dict]:
    """Crawl many sources (default: all not paused) in at most ``workers`` Scrapy processes
    (default ``REGWATCH_CRAWL_PROCESSES``, 4).

    Hosts are dealt to the processes by load (number of sources), so a host is never crawled by two processes;
    inside a process hosts run side by side and one host's sources in sequence (spiders/batch.py).
    """
    slugs = sorted(slugs or active_slugs())
    workers = workers or get_settings().crawl_processes
    batches: list[list[str]] = [[] for _ in range(max(1, min(workers, len(slugs) or 1)))]
    for group in sorted(hosts_of(slugs).values(), key=len, reverse=True):
        min(batches, key=len).extend(group)
    batches = [b for b in batches if b]
    with ThreadPoolExecutor(max_workers=len(batches) or 1) as pool:
        results = pool.map(lambda batch: crawl_batch(batch, mirror=mirror), batches)
    by_slug = {r["slug"]: r for group in results for r in group}
    return [by_slug[slug] for slug in slugs]


def process_new_versions() -> dict:
    """Diff, classify and cluster everything stored since the last run; queue urgent notices."""
    from regwatch.process import process_all

    now = utcnow()
    with session_scope() as session:
        summary = process_all(session, now).as_dict()
    summary["urgent_queued"] = queue_urgent()
    return summary


def queue_urgent() -> int:
    from regwatch.notify.urgent import enqueue_urgent

    with session_scope() as session:
        return len(enqueue_urgent(session, utcnow()))


def queue_digests(force: bool = False) -> int:
    from regwatch.notify.digest import enqueue_due_digests

    with session_scope() as session:
        return len(enqueue_due_digests(session, utcnow(), force=force))


def deliver_due_messages(channels: list[str] | None = None) -> dict:
    """Send what the outbox holds and is due (retries included)."""
    from regwatch.db import get_engine
    from regwatch.notify.outbox import deliver_due
    from sqlalchemy.orm import sessionmaker

    return deliver_due(sessionmaker(get_engine(), expire_on_commit=False), utcnow(), channels)


def run_once(slugs: list[str] | None = None, *, mirror: str | None = None, send: bool = True) -> dict:
    """The whole pipeline once: crawl -> process -> enqueue due digests -> deliver."""
    prepare()
    crawls = crawl_sources(slugs, mirror=mirror)
    processed = process_new_versions()
    digests = queue_digests()
    delivered = deliver_due_messages() if send else {}
    return {"crawls": crawls, "processed": processed, "digests_queued": digests, "delivered": delivered}


def default_snapshots_dir() -> Path:
    from regwatch.config import PROJECT_ROOT

    return PROJECT_ROOT / "snapshots"
