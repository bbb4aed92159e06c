"""Crash safety: SIGKILL the pipeline at named kill points (regwatch/killpoints.py), rerun, compare with a clean run.

A small fixture source (3 documents in week 1; in week 2 one new State Council document, which fires the urgent
Slack rule, and one revised) is crawled through the mirror, processed, and notified to a real SMTP sink and a real
webhook receiver. Each trial runs the two weeks in a subprocess (``crash_driver.py``) with
``REGWATCH_KILL_POINT=<name>:<n>`` drawn by a seeded random; if it was killed, the same driver runs again without
the kill point, its clock past the outbox lease. Then, against a reference run without kills:

* releases, versions ``(url, content_hash)`` and change events ``(kind, url)`` are the same multisets (nothing
  lost, nothing duplicated); every outbox row is ``sent`` and announces the same (channel, week, event);
* every Message-ID of the trial arrived at the SMTP sink / webhook receiver; a second copy (same Message-ID) only
  after a kill at ``deliver.after_accept``, at most one, and never a third.
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from regwatch.config import PROJECT_ROOT
from regwatch.killpoints import NAMES, TALLY_ENV, reach
from regwatch.mirror.server import MirrorServer
from regwatch.notify.sink import start_smtp_sink, start_webhook_sink
from tests.reliability.crash_driver import CRAWL_FAILED, SLUG
from tests.reliability.site import Doc, default_docs, detail_page, list_page, make_source, write

pytestmark = pytest.mark.slow

TRIALS = int(os.environ.get("REGWATCH_CRASH_TRIALS", "20"))
SEED = 20261121
WORKERS = 2           # trials run two at a time (each is mostly subprocesses)
LEASE = 1.0            # REGWATCH_OUTBOX_LEASE seconds
RERUN_OFFSET = 5.0     # the rerun's clock is this many seconds later: past the lease
DRIVER = Path(__file__).with_name("crash_driver.py")
HOST = "www.crash.gov.cn"
NEW_DOC = Doc("202611/t20261112_9.html", "国务院办公厅关于加强碳排放权交易管理的通知", "2026/11/12",
              "<p>各省、自治区、直辖市人民政府，国务院各部委：</p><p>全国碳排放权交易市场管理办法如下。</p>"
              "<p>国务院办公厅 2026年11月12日</p>")


def build_site(root: Path, records: Path) -> None:
    docs = default_docs("crash")
    make_source(root, records, SLUG, HOST, docs=docs)
    revised = Doc(docs[1].path, docs[1].title, docs[1].date,
                  docs[1].body + "<p>第二条 本通知自发布之日起施行，原有规定同时废止。</p>")
    week2 = [NEW_DOC, docs[0], revised, docs[2]]
    write(root, SLUG, "week2", HOST, "tz/index.html", list_page(week2))
    for doc in (NEW_DOC, revised):
        write(root, SLUG, "week2", HOST, f"tz/{doc.path}", detail_page(doc))


def snapshot(url: str) -> dict:
    """What the database holds, as multisets keyed by stable names (ids and Message-IDs differ between runs)."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            releases = Counter(r[0] for r in conn.execute(text("SELECT url FROM releases")))
            versions = Counter(tuple(r) for r in conn.execute(text(
                "SELECT r.url, v.content_hash FROM versions v JOIN releases r ON r.id = v.release_id")))
            events = Counter(tuple(r) for r in conn.execute(text(
                "SELECT e.kind, r.url FROM change_events e JOIN releases r ON r.id = e.release_id")))
            # by what they announce, not by idempotency key: a Slack key holds the event id, and PostgreSQL
            # sequences advance in rolled-back transactions, so ids differ after a kill (nothing is lost)
            deliveries = Counter(tuple(r) for r in conn.execute(text(
                "SELECT d.channel, d.period, d.status, e.kind, r.url FROM deliveries d "
                "LEFT JOIN change_events e ON e.id = d.event_id LEFT JOIN releases r ON r.id = e.release_id")))
            mids = {r[0]: r[1] for r in conn.execute(text("SELECT message_id, channel FROM deliveries"))}
    finally:
        engine.dispose()
    return {"releases": releases, "versions": versions, "events": events, "deliveries": deliveries, "mids": mids}


def received(mail_dir: Path, slack_dir: Path) -> Counter:
    """Message-IDs as counted at the receivers (one per accepted message)."""
    from email.parser import BytesHeaderParser
    from email.policy import default

    got: Counter = Counter()
    for eml in mail_dir.glob("*.eml"):
        got[str(BytesHeaderParser(policy=default).parsebytes(eml.read_bytes())["Message-ID"]).strip()] += 1
    for post in slack_dir.glob("*.json"):
        got[json.loads(post.read_bytes())["metadata"]["event_payload"]["message_id"]] += 1
    return got


class Lab:
    """The fixture world: two mirrors (week1, week2 state) and the environment shared by every trial."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        root, records = tmp / "snapshots", tmp / "sources"
        build_site(root, records)
        self.mirrors = [MirrorServer(root, "week1").start(), MirrorServer(root, "week2").start()]
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("REGWATCH_") or k == "REGWATCH_TEST_PG_URL"}
        self.env.update(PYTHONPATH=str(PROJECT_ROOT), REGWATCH_SOURCES_DIR=str(records), REGWATCH_DOWNLOAD_DELAY="0",
                        REGWATCH_DOWNLOAD_TIMEOUT="3", REGWATCH_OUTBOX_LEASE=str(LEASE),
                        REGWATCH_SECRET_KEY="crash-trials-key", REGWATCH_BASE_URL="https://regwatch.example.org",
                        REGWATCH_MAIL_FROM="regwatch <digest@regwatch.example.org>")

    def close(self) -> None:
        for mirror in self.mirrors:
            mirror.stop()

    def run(self, name: str, db_url: str, kill: str | None, tally: Path | None = None) -> dict:
        """One trial: the driver (killed or not), a rerun if it died, then the snapshot and the receivers' counts."""
        work = self.tmp / name
        host, port, stop_smtp = start_smtp_sink(work / "mail")
        whost, wport, stop_hook = start_webhook_sink(work / "slack")
        env = dict(self.env, REGWATCH_HOME=str(work / "home"), REGWATCH_DATABASE_URL=db_url,
                   REGWATCH_SMTP_URL=f"smtp://{host}:{port}",
                   REGWATCH_SLACK_WEBHOOK_URL=f"http://{whost}:{wport}/services/T0/B0/crash")
        if tally:
            env[TALLY_ENV] = str(tally)
        args = [sys.executable, str(DRIVER), str(work / "progress"), *(m.url for m in self.mirrors)]
        try:
            first = subprocess.run([*args, "0"], env=dict(env, REGWATCH_KILL_POINT=kill) if kill else env,
                                   cwd=str(PROJECT_ROOT), capture_output=True, text=True, timeout=120, check=False)
            killed = first.returncode in (-signal.SIGKILL, CRAWL_FAILED)
            assert killed or first.returncode == 0, first.stderr[-3000:]
            if killed:
                second = subprocess.run([*args, str(RERUN_OFFSET)], env=env, cwd=str(PROJECT_ROOT),
                                        capture_output=True, text=True, timeout=120, check=False)
                assert second.returncode == 0, second.stderr[-3000:]
        finally:
            stop_smtp()
            stop_hook()
        return {"killed": killed, "db": snapshot(db_url), "got": received(work / "mail", work / "slack")}


@pytest.fixture
def fresh_db(request, tmp_path):
    """A factory of fresh, empty databases of the parametrized backend (one per trial)."""
    if request.param == "sqlite":
        yield lambda n: f"sqlite:///{tmp_path / f'trial{n}.db'}"
        return
    base = request.getfixturevalue("pg_url")  # skips (or fails under CI=true) when PostgreSQL is unreachable
    from tests.conftest import _pg_admin_engine

    admin, schemas = _pg_admin_engine(), []

    def make(n: int) -> str:
        schema = f"rw_crash_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        schemas.append(schema)
        return re.sub(r"search_path%3D\w+", f"search_path%3D{schema}", base)

    yield make
    with admin.connect() as conn:
        for schema in schemas:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.mark.parametrize("fresh_db", ["sqlite", "postgresql"], indirect=True)
def test_sigkill_at_any_kill_point_loses_and_duplicates_nothing(fresh_db, tmp_path, capsys):
    backend = "sqlite" if fresh_db(-1).startswith("sqlite") else "postgresql"
    lab = Lab(tmp_path)
    started = time.monotonic()
    try:
        tally = tmp_path / "kill-point-tally"
        ref = lab.run("reference", fresh_db(0), None, tally=tally)
        expected = ref["db"]
        assert not ref["killed"]
        reached = reach(str(tally))  # per point, the most hits in one process of the clean run
        assert set(reached) == set(NAMES), reached
        assert expected["events"][("new", f"http://{HOST}/tz/{NEW_DOC.path}")] == 1
        assert expected["events"][("revised", f"http://{HOST}/tz/{default_docs('crash')[1].path}")] == 1
        channels = Counter(expected["mids"].values())
        assert channels == {"email": 2, "slack": 1}, channels  # two weekly digests and one urgent post
        assert all(row[2] == "sent" for row in expected["deliveries"])
        assert ref["got"] == Counter(list(expected["mids"]))  # each exactly once

        # every point gets its share of the trials (in seeded random order); the hit number is drawn among the
        # hits that the clean run reaches, so that every trial really kills
        rng = random.Random(f"{SEED}-{backend}")
        points = [NAMES[i % len(NAMES)] for i in range(TRIALS)]
        rng.shuffle(points)
        plan = [(n, point, rng.randint(1, reached[point])) for n, point in enumerate(points, start=1)]
        urls = {n: fresh_db(n) for n, _, _ in plan}
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:  # trials are independent: own DB, receivers, dirs
            outs = list(pool.map(lambda t: lab.run(f"trial{t[0]}", urls[t[0]], f"{t[1]}:{t[2]}"), plan))
        rows, kills = [], Counter()
        for (n, point, hit), out in zip(plan, outs):
            db, got = out["db"], out["got"]
            for key in ("releases", "versions", "events", "deliveries"):
                assert db[key] == expected[key], (n, point, hit, key, db[key] - expected[key], expected[key] - db[key])
            assert set(got) == set(db["mids"]), (n, point, hit, got, db["mids"])  # every message arrived
            extra = {mid: c - 1 for mid, c in got.items() if c > 1}
            assert all(c <= 2 for c in got.values()), (n, point, hit, got)  # at most one resend
            if extra:
                assert out["killed"] and point == "deliver.after_accept" and len(extra) == 1, (n, point, hit, got)
            if out["killed"] and point == "deliver.after_accept":
                assert len(extra) == 1, (n, point, hit, got)  # the in-doubt message was resent, same Message-ID
            assert out["killed"], (n, point, hit, reached)  # the drawn hit is reached, so the process died
            kills[point] += 1
            rows.append((n, point, hit, out["killed"], len(db["mids"]), sum(got.values()), sum(extra.values())))
    finally:
        lab.close()
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\ncrash trials on {backend}: {TRIALS} trials (seed {SEED}) in {elapsed:.0f} s")
        print(f"{'trial':>5} {'kill point':<22} {'hit':>3} {'killed':>6} {'expected':>8} {'delivered':>9} {'resent':>6}")
        for row in rows:
            print(f"{row[0]:>5} {row[1]:<22} {row[2]:>3} {row[3]!s:>6} {row[4]:>8} {row[5]:>9} {row[6]:>6}")
        print("kills per point:", dict(sorted(kills.items())))
        print(f"messages expected {sum(r[4] for r in rows)}, delivered {sum(r[5] for r in rows)}, "
              f"resent {sum(r[6] for r in rows)}")
