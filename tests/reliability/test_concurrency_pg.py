"""PostgreSQL under concurrency: crawls of different hosts, processing and a digest send at the same time.

Six fixture sources on six hosts. Week 1 is a baseline, week 2 brings one new and one revised document per source
and queues a weekly digest for 120 subscribers. Then, all at once on the same PostgreSQL database:

* the week-3 crawl of all six hosts (four Scrapy subprocesses writing in parallel; one more new document each),
* ``process_new_versions`` in a loop (diff, classify, cluster: reads and writes what the crawls insert),
* two ``deliver_due_messages`` workers racing for the same digest outbox (row claims must keep each message single).

What must hold: every step finishes without error (PostgreSQL reports a deadlock as an error, and the server's own
deadlock counter must not move); the stored releases, versions and change events are exactly those of the same
three weeks run one step after another on a fresh schema; every digest reached the real SMTP sink exactly once.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from email.parser import BytesHeaderParser
from email.policy import default as default_policy

import pytest
from sqlalchemy import create_engine, text

from regwatch import pipeline
from regwatch.db import normalize_url
from regwatch.mirror.server import MirrorServer
from regwatch.notify.sink import start_smtp_sink
from tests.conftest import PG_URL, pg_schema_url
from tests.reliability.site import Doc, default_docs, detail_page, list_page, make_source, write

pytestmark = pytest.mark.slow

HOSTS = [f"www.conc{i}.gov.cn" for i in range(6)]
SLUGS = [f"cn_conc{i}_tz" for i in range(6)]
SUBSCRIBERS = 120
WEEK1, WEEK2, WEEK3 = "2026-11-09T02:00:00+00:00", "2026-11-16T02:00:00+00:00", "2026-11-16T03:00:00+00:00"


def build_world(root, records) -> None:
    for slug, host in zip(SLUGS, HOSTS):
        docs = default_docs(slug)
        make_source(root, records, slug, host, docs=docs)
        new2 = Doc("202611/t20261112_4.html", f"关于{slug}节能降碳行动方案的通知", "2026/11/12",
                   "<p>各有关单位：</p><p>为落实碳达峰行动方案，推进节能降碳，现印发本方案。</p>" * 20)
        revised = Doc(docs[1].path, docs[1].title, docs[1].date, docs[1].body + "<p>第五条 本通知自发布之日起施行。</p>")
        week2 = [new2, docs[0], revised, docs[2]]
        write(root, slug, "week2", host, "tz/index.html", list_page(week2))
        for doc in (new2, revised):
            write(root, slug, "week2", host, f"tz/{doc.path}", detail_page(doc))
        new3 = Doc("202611/t20261116_5.html", f"{slug}关于征求碳排放核算指南意见的函", "2026/11/16",
                   "<p>现将碳排放核算指南（征求意见稿）印发给你们，请于2026年12月1日前反馈意见。</p>" * 20)
        write(root, slug, "week3", host, "tz/index.html", list_page([new3, *week2]))
        write(root, slug, "week3", host, f"tz/{new3.path}", detail_page(new3))


def prepare_weeks_1_and_2(monkeypatch, mirrors) -> None:
    """Baseline, week-2 changes processed, 120 subscribers and their digests queued (not sent)."""
    from datetime import datetime

    from regwatch.db import session_scope
    from regwatch.notify.subscribers import add_subscriber

    monkeypatch.setenv("REGWATCH_NOW", WEEK1)
    pipeline.prepare()
    with session_scope() as session:
        for n in range(SUBSCRIBERS):
            add_subscriber(session, f"reader{n:03d}@example.org", datetime.fromisoformat("2026-10-01T00:00:00+00:00"),
                           name=f"Reader {n}", language="en" if n % 2 else "zh")
    assert {r["status"] for r in pipeline.crawl_sources(SLUGS, mirror=mirrors["week1"].url)} == {"ok"}
    pipeline.process_new_versions()
    monkeypatch.setenv("REGWATCH_NOW", WEEK2)
    assert {r["status"] for r in pipeline.crawl_sources(SLUGS, mirror=mirrors["week2"].url)} == {"ok"}
    pipeline.process_new_versions()
    assert pipeline.queue_digests() == SUBSCRIBERS


def snapshot(url: str) -> dict:
    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as conn:
            def bag(sql: str) -> Counter:
                return Counter(tuple(r) for r in conn.execute(text(sql)))
            return {
                "releases": bag("SELECT url FROM releases"),
                "versions": bag("SELECT r.url, v.content_hash FROM versions v JOIN releases r ON r.id = v.release_id"),
                "events": bag("SELECT e.kind, r.url FROM change_events e JOIN releases r ON r.id = e.release_id"),
                "classified": bag("SELECT r.url, c.version_id IS NOT NULL FROM classifications c "
                                  "JOIN releases r ON r.id = c.release_id"),
                "deliveries": bag("SELECT channel, recipient, status FROM deliveries"),
            }
    finally:
        engine.dispose()


def deadlocks() -> int:
    engine = create_engine(normalize_url(PG_URL))
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
                                ).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture
def world(fixture_world, monkeypatch):
    root, records = fixture_world
    build_world(root, records)
    monkeypatch.setenv("REGWATCH_SECRET_KEY", "concurrency-test-key")
    monkeypatch.setenv("REGWATCH_BASE_URL", "https://regwatch.example.org")
    monkeypatch.setenv("REGWATCH_MAIL_FROM", "regwatch <digest@regwatch.example.org>")
    mirrors = {state: MirrorServer(root, state).start() for state in ("week1", "week2", "week3")}
    yield mirrors
    for mirror in mirrors.values():
        mirror.stop()


def run_sequential(monkeypatch, mirrors, tmp_path) -> dict:
    """The reference: the same three weeks, one step after another, on a fresh schema."""
    host, port, stop_smtp = start_smtp_sink(tmp_path / "mail-sequential")
    with pg_schema_url() as url:
        monkeypatch.setenv("REGWATCH_DATABASE_URL", url)
        monkeypatch.setenv("REGWATCH_SMTP_URL", f"smtp://{host}:{port}")
        try:
            prepare_weeks_1_and_2(monkeypatch, mirrors)
            monkeypatch.setenv("REGWATCH_NOW", WEEK3)
            assert pipeline.deliver_due_messages()["sent"] == SUBSCRIBERS
            assert {r["status"] for r in pipeline.crawl_sources(SLUGS, mirror=mirrors["week3"].url)} == {"ok"}
            pipeline.process_new_versions()
            return snapshot(url)
        finally:
            stop_smtp()


def test_concurrent_crawls_processing_and_digest_send_on_postgresql(world, monkeypatch, tmp_path, pg_url):
    mirrors = world
    expected = run_sequential(monkeypatch, mirrors, tmp_path)

    mail = tmp_path / "mail"
    host, port, stop_smtp = start_smtp_sink(mail)
    monkeypatch.setenv("REGWATCH_DATABASE_URL", pg_url)
    monkeypatch.setenv("REGWATCH_SMTP_URL", f"smtp://{host}:{port}")
    try:
        prepare_weeks_1_and_2(monkeypatch, mirrors)
        monkeypatch.setenv("REGWATCH_NOW", WEEK3)
        deadlocks_before = deadlocks()
        errors: list[BaseException] = []
        crawl_done = threading.Event()
        spans: dict[str, list[float]] = {}
        results: dict[str, object] = {}

        def step(name, fn):
            def run():
                spans[name] = [time.monotonic()]
                try:
                    results[name] = fn()
                except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                    errors.append(exc)
                finally:
                    spans[name].append(time.monotonic())
            return threading.Thread(target=run, name=name)

        def crawl():
            try:
                return pipeline.crawl_sources(SLUGS, mirror=mirrors["week3"].url, workers=4)
            finally:
                crawl_done.set()

        def process_loop():
            rounds = []
            while not crawl_done.is_set():
                rounds.append(pipeline.process_new_versions())
                time.sleep(0.2)
            rounds.append(pipeline.process_new_versions())
            return rounds

        def deliver():
            return pipeline.deliver_due_messages()

        threads = [step("crawl", crawl), step("process", process_loop), step("deliver-a", deliver),
                   step("deliver-b", deliver)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not [t.name for t in threads if t.is_alive()], "a step hung (deadlock?)"
        assert not errors, errors
        assert deadlocks() == deadlocks_before, "PostgreSQL detected a deadlock"
    finally:
        stop_smtp()

    # the steps really overlapped: both deliverers and the processing loop ran while the crawl was writing
    crawl_start, crawl_end = spans["crawl"]
    for name in ("deliver-a", "deliver-b", "process"):
        assert spans[name][0] < crawl_end and spans[name][1] > crawl_start, (name, spans)
    assert len(results["process"]) >= 2, "processing ran only after the crawl"
    assert {r["status"] for r in results["crawl"]} == {"ok"}, results["crawl"]
    sent = results["deliver-a"]["sent"] + results["deliver-b"]["sent"]
    assert sent == SUBSCRIBERS, (results["deliver-a"], results["deliver-b"])

    got = Counter(str(BytesHeaderParser(policy=default_policy).parsebytes(p.read_bytes())["Message-ID"])
                  for p in mail.glob("*.eml"))
    assert len(got) == SUBSCRIBERS and set(got.values()) == {1}, got.most_common(3)

    actual = snapshot(pg_url)
    for key in expected:
        assert actual[key] == expected[key], (key, actual[key] - expected[key], expected[key] - actual[key])
    assert sum(1 for kind, _ in actual["events"] if kind == "new") == 12  # week 2 and week 3, six sources each
