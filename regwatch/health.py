"""Source health: is each monitored source still working, and did that change since the last check?

States (stored in ``Source.health_state``):

* ``ok`` — the latest runs succeeded and new items arrive at the source's usual rhythm;
* ``blocked`` — the latest finished run hit a block/challenge page;
* ``failing`` — the last ``REGWATCH_HEALTH_FAILED_RUNS`` (default 3) finished runs all failed or came back empty;
* ``silent`` — nothing new for longer than the expected rhythm: the record's ``expected_rhythm_days``, else twice
  the 95th-percentile gap between the distinct ``first_seen_at`` times of the source's past items;
* ``unknown`` — never crawled yet (no alert).

An ops alert (``regwatch.notify.urgent.enqueue_ops_alert`` → the ``ops_slack`` outbox channel) is queued once per
state change — including the recovery back to ``ok`` — never on every check. :func:`decide` and
:func:`should_alert` are pure; :func:`check_source_health` is the one entry point the DAG and the CLI call.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

BAD_STATES = ("blocked", "failing", "silent")
FAILURE_STATUSES = ("failed", "empty")
MIN_GAPS = 3  # fewer distinct arrival times than this: no learned rhythm, no silence judgment


@dataclass(frozen=True)
class Health:
    state: str
    cause: str | None = None


def failed_runs_threshold() -> int:
    return max(1, int(os.environ.get("REGWATCH_HEALTH_FAILED_RUNS", "3")))


def learned_rhythm(first_seen: list[datetime]) -> timedelta | None:
    """Twice the 95th-percentile gap (nearest rank) between distinct arrival times; None with too little history.

    Items first seen by the same crawl share one arrival time, so a baseline crawl of 50 items counts once.
    """
    times = sorted(set(first_seen))
    gaps = sorted(b - a for a, b in pairwise(times))
    if len(gaps) < MIN_GAPS:
        return None
    p95 = gaps[max(0, math.ceil(0.95 * len(gaps)) - 1)]
    return 2 * p95


def decide(statuses: list[str], *, now: datetime, last_new_at: datetime | None,
           rhythm: timedelta | None, failed_runs: int = 3) -> Health:
    """The health of one source from its finished runs (newest first) and its item history."""
    if not statuses:
        return Health("unknown")
    if statuses[0] == "blocked":
        return Health("blocked", "the latest crawl was answered with a block or challenge page")
    recent = statuses[:failed_runs]
    if len(recent) == failed_runs and all(s in FAILURE_STATUSES for s in recent):
        return Health("failing", f"the last {failed_runs} crawls failed ({', '.join(recent)})")
    if rhythm is not None and last_new_at is not None and now - last_new_at > rhythm:
        days = (now - last_new_at).total_seconds() / 86400
        return Health("silent", f"nothing new for {days:.1f} days (expected at least one item every "
                                f"{rhythm.total_seconds() / 86400:.1f} days)")
    return Health("ok")


def should_alert(previous: str | None, current: str) -> bool:
    """Alert on every change of state, except a source's first verdict being a healthy or unknown one."""
    if current == previous or current == "unknown":
        return False
    return not (previous in (None, "unknown") and current == "ok")


def check_source_health(now: datetime | None = None) -> dict:
    """Judge every unpaused source, store changed states and queue one ops alert per change.

    Returns ``{"checked": n, "alerts_queued": k, "sources": {slug: {"state", "previous", "cause", "alerted"}}}``.
    """
    from sqlalchemy import select

    from regwatch.config import utcnow
    from regwatch.db import session_scope
    from regwatch.models import CrawlRun, Release, Source
    from regwatch.notify.urgent import enqueue_ops_alert
    from spiders.records import all_sources

    now = now or utcnow()
    failed_runs = failed_runs_threshold()
    records = all_sources()
    report: dict = {"checked": 0, "alerts_queued": 0, "sources": {}}
    with session_scope() as session:
        for source in session.scalars(select(Source).order_by(Source.slug)):
            record = records.get(source.slug)
            if record is None or source.paused:
                continue
            statuses = list(session.scalars(
                select(CrawlRun.status).where(CrawlRun.source_slug == source.slug, CrawlRun.status != "running")
                .order_by(CrawlRun.id.desc()).limit(failed_runs)))
            first_seen = list(session.scalars(
                select(Release.first_seen_at).where(Release.source_slug == source.slug)))
            if record.expected_rhythm_days:
                rhythm = timedelta(days=record.expected_rhythm_days)
            else:
                rhythm = learned_rhythm(first_seen)
            last_new = max(first_seen, default=None) or source.baseline_at
            health = decide(statuses, now=now, last_new_at=last_new, rhythm=rhythm, failed_runs=failed_runs)
            previous = source.health_state
            alerted = False
            if should_alert(previous, health.state):
                cause = health.cause if health.state != "ok" else f"recovered (was {previous})"
                alerted = enqueue_ops_alert(session, source.slug, health.state, cause, now) is not None
            if health.state != "unknown":
                source.health_state = health.state
            report["checked"] += 1
            report["alerts_queued"] += int(alerted)
            report["sources"][source.slug] = {"state": health.state, "previous": previous, "cause": health.cause,
                                              "alerted": alerted}
    return report
