"""The pipeline steps. Airflow tasks and CLI commands both call these and hold no logic of their own.

crawl (one Scrapy subprocess per source) -> process (events, labels, documents) -> notify (enqueue + deliver).
Every step reads its configuration from the environment (regwatch.config) and returns a JSON-able summary.
"""
from __future__ import annotations

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


def crawl_command(slug: str, run_id: int, baseline: bool) -> list[str]:
    """The subprocess command line of one crawl (in-process crawls cannot restart Twisted's reactor)."""
    return [sys.executable, "-m", "scrapy", "crawl", "source", "-a", f"source={slug}", "-a", f"run_id={run_id}",
            "-a", f"baseline={int(baseline)}"]


def crawl_source(slug: str, *, mirror: str | None = None) -> dict:
    """Crawl one source in a subprocess and return its crawl-run record as a dict."""
    from regwatch import store

    get_source(slug)  # unknown slugs fail loudly before anything is written
    settings = get_settings()
    with session_scope() as session:
        run = store.start_run(session, slug, utcnow())
        run_id, baseline = run.id, run.is_baseline
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="spiders.settings", PYTHONUNBUFFERED="1")
    if mirror is not None:
        env["REGWATCH_MIRROR"] = mirror
    log_path = settings.home / "logs" / "crawl" / slug / f"{run_id}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log_file:
        try:
            proc = subprocess.run(crawl_command(slug, run_id, baseline), env=env, stdout=log_file,
                                  stderr=subprocess.STDOUT, timeout=settings.crawl_timeout)
            exit_code = proc.returncode
        except subprocess.TimeoutExpired:
            exit_code = -9
    tail = log_path.read_text("utf-8", errors="replace")[-2000:]
    with session_scope() as session:
        run = store.finish_run(session, run_id, utcnow(), exit_code, tail)
        result = _run_dict(run)
    result["log"] = str(log_path)
    log.info("crawl %s: %s (%s requests, %s new versions)%s", slug, result["status"], result["requests"],
             result["new_versions"], f" cause: {result['cause']}" if result["cause"] else "")
    return result


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
    """Crawl the sources of one host one after another."""
    return [crawl_source(slug, mirror=mirror) for slug in slugs]


def active_slugs() -> list[str]:
    """Every source that is not paused (`regwatch sources pause`)."""
    from sqlalchemy import select

    from regwatch.models import Source

    with session_scope() as session:
        paused = set(session.scalars(select(Source.slug).where(Source.paused)))
    return sorted(set(all_sources()) - paused)


def crawl_sources(slugs: list[str] | None = None, *, mirror: str | None = None, workers: int = 4) -> list[dict]:
    """Crawl many sources (default: all not paused): hosts in parallel (bounded), one host's in sequence."""
    slugs = sorted(slugs or active_slugs())
    groups = hosts_of(slugs)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = pool.map(lambda group: crawl_host(group, mirror=mirror), groups.values())
    return [r for group in results for r in group]


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
