"""Which sources (and which hosts) a crawl should fetch now.

Each source record carries a cron ``schedule`` in Asia/Shanghai time. A source is *due* when the most recent
fire time of its cron (at or before now) is later than the start of its last crawl run: a missed tick is crawled
once, never replayed. The Airflow ``crawl`` DAG ticks every 15 minutes and maps over the hosts returned by
:func:`crawl_groups`; ``revisit`` maps over the hosts that only have due revisits (:func:`revisit_groups`).

The decisions are pure functions (:func:`is_due`, :func:`group_by_host`); the DB read is one small query
(:func:`source_states`). Nothing here touches the network.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from croniter import croniter  # ships with apache-airflow (its own cron parser)

SOURCE_TZ = ZoneInfo("Asia/Shanghai")


def last_fire(cron: str, now: datetime, tz: ZoneInfo = SOURCE_TZ) -> datetime:
    """The latest time at or before ``now`` that ``cron`` (read in ``tz``) fires, as UTC."""
    local = now.astimezone(tz)
    it = croniter(cron, local + timedelta(seconds=1))  # "at or before": a tick exactly at now counts
    return it.get_prev(datetime).astimezone(UTC)


def is_due(cron: str, last_started_at: datetime | None, now: datetime, tz: ZoneInfo = SOURCE_TZ) -> bool:
    """True when ``cron`` fired since the last crawl started (or the source was never crawled)."""
    if last_started_at is None:
        return True
    return last_fire(cron, now, tz) > last_started_at


@dataclass(frozen=True)
class SourceState:
    """What the scheduler needs to know about one source, read from the database."""

    slug: str
    paused: bool = False
    last_started_at: datetime | None = None
    last_status: str | None = None
    running_since: datetime | None = None  # a crawl run still marked running (another process is on it)
    revisits_due: int = 0


def group_by_host(slugs: list[str], primary_host: dict[str, str]) -> list[dict]:
    """``[{"host": h, "slugs": [...]}, ...]`` sorted by host; one group = one mapped task = one host at a time."""
    groups: dict[str, list[str]] = defaultdict(list)
    for slug in sorted(slugs):
        groups[primary_host[slug]].append(slug)
    return [{"host": host, "slugs": groups[host]} for host in sorted(groups)]


def busy_hosts(states: dict[str, SourceState], primary_host: dict[str, str], now: datetime,
               lease: timedelta) -> set[str]:
    """Hosts with a crawl still running (started less than ``lease`` ago): never start a second one there."""
    return {primary_host[s.slug] for s in states.values()
            if s.slug in primary_host and s.running_since is not None and now - s.running_since < lease}


def due_slugs(records: dict, states: dict[str, SourceState], now: datetime) -> list[str]:
    """Unpaused sources whose schedule fired since their last crawl."""
    due = []
    for slug, record in sorted(records.items()):
        state = states.get(slug, SourceState(slug))
        if not state.paused and is_due(record.schedule, state.last_started_at, now):
            due.append(slug)
    return due


def plan_crawl(records: dict, states: dict[str, SourceState], now: datetime, *, lease: timedelta,
               only: list[str] | None = None) -> list[dict]:
    """Host groups for the ``crawl`` DAG. ``only`` (a manual run) forces those sources, paused or not."""
    hosts = {slug: r.primary_host for slug, r in records.items()}
    if only:
        unknown = sorted(set(only) - set(records))
        if unknown:
            raise ValueError(f"unknown sources: {', '.join(unknown)}")
        return group_by_host(list(dict.fromkeys(only)), hosts)
    busy = busy_hosts(states, hosts, now, lease)
    return [g for g in group_by_host(due_slugs(records, states, now), hosts) if g["host"] not in busy]


def plan_revisits(records: dict, states: dict[str, SourceState], now: datetime, *, lease: timedelta) -> list[dict]:
    """Host groups for the ``revisit`` DAG: sources with due revisits whose host is not due for a crawl anyway.

    A crawl re-fetches the due revisits of the sources it crawls, so a host with any due source is left to
    ``crawl``; the revisit crawl of a source is its normal incremental crawl (list page + due detail pages).
    """
    hosts = {slug: r.primary_host for slug, r in records.items()}
    due_hosts = {hosts[s] for s in due_slugs(records, states, now)}
    busy = busy_hosts(states, hosts, now, lease)
    wanted = [slug for slug, state in sorted(states.items())
              if slug in records and not state.paused and state.revisits_due > 0]
    return [g for g in group_by_host(wanted, hosts) if g["host"] not in due_hosts | busy]


def source_states(now: datetime | None = None) -> dict[str, SourceState]:
    """One read of the regwatch database: pause flags, last crawl runs and due revisit counts per source."""
    from sqlalchemy import func, select

    from regwatch.config import utcnow
    from regwatch.db import session_scope
    from regwatch.models import CrawlRun, Release, Source

    now = now or utcnow()
    with session_scope() as session:
        states = {slug: {"slug": slug, "paused": bool(paused)}
                  for slug, paused in session.execute(select(Source.slug, Source.paused))}
        latest = select(func.max(CrawlRun.id).label("id")).group_by(CrawlRun.source_slug).subquery()
        for slug, started, status in session.execute(
                select(CrawlRun.source_slug, CrawlRun.started_at, CrawlRun.status)
                .join(latest, CrawlRun.id == latest.c.id)):
            entry = states.setdefault(slug, {"slug": slug})
            entry["last_started_at"], entry["last_status"] = started, status
            if status == "running":
                entry["running_since"] = started
        for slug, count in session.execute(
                select(Release.source_slug, func.count()).where(Release.next_revisit_at <= now)
                .group_by(Release.source_slug)):
            states.setdefault(slug, {"slug": slug})["revisits_due"] = count
    return {slug: SourceState(**values) for slug, values in states.items()}


def _lease() -> timedelta:
    from regwatch.config import get_settings

    return timedelta(seconds=get_settings().crawl_timeout + 300)


def crawl_groups(only: list[str] | None = None, now: datetime | None = None) -> list[dict]:
    """Host groups to crawl now (``crawl`` DAG); ``only`` forces a manual subset."""
    from regwatch.config import utcnow
    from spiders.records import all_sources

    now = now or utcnow()
    return plan_crawl(all_sources(), source_states(now), now, lease=_lease(), only=only)


def revisit_groups(now: datetime | None = None) -> list[dict]:
    """Host groups that only have due revisits (``revisit`` DAG)."""
    from regwatch.config import utcnow
    from spiders.records import all_sources

    now = now or utcnow()
    return plan_revisits(all_sources(), source_states(now), now, lease=_lease())


def to_retry(slugs: list[str]) -> list[str]:
    """The subset of ``slugs`` a task retry re-crawls: latest run failed, never finished, or never started.

    Blocked and empty runs are not retried within minutes (that is impolite and rarely helps); source health
    reports them instead.
    """
    states = source_states()
    return [s for s in slugs if s not in states or states[s].last_status in (None, "failed", "running")]
