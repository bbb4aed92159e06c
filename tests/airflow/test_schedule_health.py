"""The pure decisions behind the crawl/revisit mapping (regwatch.schedule) and source health (regwatch.health),
plus check_source_health() on a real regwatch database: one ops alert per state change, not per run."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from regwatch import health, schedule
from regwatch.schedule import SourceState

NOW = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)  # 10:00 Asia/Shanghai


class Rec:
    def __init__(self, host, cron="0 */6 * * *"):
        self.primary_host, self.schedule = host, cron


def test_last_fire_reads_cron_in_shanghai_time():
    assert schedule.last_fire("0 */6 * * *", NOW) == datetime(2026, 11, 8, 22, 0, tzinfo=UTC)  # 06:00 CST
    assert schedule.last_fire("0 10 * * *", NOW) == NOW  # a tick exactly now counts


def test_is_due():
    assert schedule.is_due("0 */6 * * *", None, NOW)
    assert schedule.is_due("0 */6 * * *", NOW - timedelta(hours=5), NOW)  # before the 06:00 tick
    assert not schedule.is_due("0 */6 * * *", NOW - timedelta(hours=3), NOW)  # after it
    assert not schedule.is_due("0 */6 * * *", NOW - timedelta(hours=4), NOW)  # exactly at it


def test_plan_groups_by_host_skips_paused_busy_and_not_due():
    records = {"a_x_one": Rec("h1"), "a_x_two": Rec("h1"), "b_y_one": Rec("h2"), "c_z_one": Rec("h3"),
               "d_w_one": Rec("h4")}
    states = {
        "b_y_one": SourceState("b_y_one", paused=True),
        "c_z_one": SourceState("c_z_one", last_started_at=NOW - timedelta(hours=1), last_status="ok"),
        "d_w_one": SourceState("d_w_one", last_started_at=NOW - timedelta(hours=9), last_status="running",
                               running_since=NOW - timedelta(minutes=5)),
    }
    lease = timedelta(minutes=30)
    assert schedule.plan_crawl(records, states, NOW, lease=lease) == [{"host": "h1", "slugs": ["a_x_one", "a_x_two"]}]
    # a manual subset is crawled even when paused or not due
    assert schedule.plan_crawl(records, states, NOW, lease=lease, only=["b_y_one", "c_z_one"]) == [
        {"host": "h2", "slugs": ["b_y_one"]}, {"host": "h3", "slugs": ["c_z_one"]}]
    with pytest.raises(ValueError):
        schedule.plan_crawl(records, states, NOW, lease=lease, only=["nope_nope"])


def test_revisits_only_on_hosts_not_otherwise_due():
    records = {"a_x_one": Rec("h1"), "b_y_one": Rec("h2"), "b_y_two": Rec("h2")}
    recent = NOW - timedelta(hours=1)
    states = {
        "a_x_one": SourceState("a_x_one", last_started_at=recent, last_status="ok", revisits_due=2),
        "b_y_one": SourceState("b_y_one", revisits_due=5),  # never crawled: due -> its host is left to crawl
        "b_y_two": SourceState("b_y_two", last_started_at=recent, last_status="ok", revisits_due=1),
    }
    assert schedule.plan_revisits(records, states, NOW, lease=timedelta(minutes=30)) == [
        {"host": "h1", "slugs": ["a_x_one"]}]


def test_learned_rhythm_ignores_batches():
    base = NOW - timedelta(days=30)
    seen = [base] * 40 + [base + timedelta(days=d) for d in (2, 4, 6, 9)]
    assert health.learned_rhythm(seen) == timedelta(days=6)  # gaps 2,2,2,3 -> p95 3 days, doubled
    assert health.learned_rhythm([base] * 10 + [base + timedelta(days=1)]) is None


@pytest.mark.parametrize("statuses,last_new,expected", [
    ([], None, "unknown"),
    (["ok", "ok"], NOW - timedelta(days=1), "ok"),
    (["blocked", "ok"], NOW, "blocked"),
    (["failed", "empty", "failed"], NOW, "failing"),
    (["failed", "failed", "ok"], NOW, "ok"),  # two in a row is not yet N=3
    (["ok"], NOW - timedelta(days=8), "silent"),
])
def test_decide(statuses, last_new, expected):
    got = health.decide(statuses, now=NOW, last_new_at=last_new, rhythm=timedelta(days=7), failed_runs=3)
    assert got.state == expected
    assert (got.cause is None) == (expected in ("ok", "unknown"))


def test_should_alert_once_per_change():
    assert not health.should_alert(None, "ok")
    assert health.should_alert(None, "failing")
    assert not health.should_alert("failing", "failing")
    assert health.should_alert("failing", "ok")  # recovery is news too
    assert health.should_alert("ok", "silent")
    assert not health.should_alert("ok", "unknown")


def test_check_source_health_alerts_once_per_state_change(regwatch_env, monkeypatch):
    from sqlalchemy import func, select

    from regwatch import pipeline
    from regwatch.db import session_scope
    from regwatch.models import CrawlRun, Delivery, Source

    monkeypatch.setenv("REGWATCH_NOW", NOW.isoformat())
    pipeline.prepare()

    def add_runs(slug, *statuses):
        with session_scope() as s:
            for st in statuses:
                s.add(CrawlRun(source_slug=slug, started_at=NOW, finished_at=NOW, status=st))

    add_runs("cn_ndrc_tz", "failed", "failed", "failed")
    add_runs("cn_gov_zuixin", "ok")
    first = health.check_source_health()
    assert first["sources"]["cn_ndrc_tz"]["state"] == "failing" and first["sources"]["cn_ndrc_tz"]["alerted"]
    assert first["sources"]["cn_mee_zcwj"]["state"] == "unknown"
    second = health.check_source_health()  # same state: no new alert
    assert second["alerts_queued"] == 0
    add_runs("cn_ndrc_tz", "ok")
    monkeypatch.setenv("REGWATCH_NOW", (NOW + timedelta(hours=1)).isoformat())
    third = health.check_source_health()
    assert third["sources"]["cn_ndrc_tz"] == {"state": "ok", "previous": "failing", "cause": None, "alerted": True}
    with session_scope() as s:
        ops = s.scalar(select(func.count()).select_from(Delivery).where(Delivery.channel == "ops_slack"))
        stored = s.get(Source, "cn_ndrc_tz").health_state
    assert ops == 2 + (1 if first["sources"]["cn_gov_zuixin"]["alerted"] else 0)
    assert stored == "ok"
