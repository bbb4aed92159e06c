"""dag.test() end to end on a migrated SQLite Airflow metadata DB, against the offline mirror, a real aiosmtpd
SMTP sink and a real HTTP webhook receiver (Airflow runs in a subprocess: tests/airflow/dagtest_driver.py).

Proves: the DAGs run their pipeline steps for real (subprocess crawls, one mapped task per host named by host),
week2 changes become change events, urgent Slack notices and digests are delivered through the outbox, source
health runs, and the ops failure notifier posts to Slack and mails through Airflow connections from env vars.
"""
from __future__ import annotations

import json
import sys

import pytest

from tests.airflow.conftest import REPO, WEEK1_NOW, WEEK2_NOW, airflow_env

pytestmark = pytest.mark.slow
# A representative subset (the `sources` param of a manual run): two sources share www.ndrc.gov.cn, so one mapped
# task crawls them in sequence; crawling all records twice would only make the test slower.
SOURCES = ["cn_gov_zuixin", "cn_mee_zcwj", "cn_ndrc_gg", "cn_ndrc_tz"]


def test_dag_test_week1_week2(tmp_path, mirror, local_sinks):
    home = tmp_path / "airflow"
    db = tmp_path / "regwatch.db"
    smtp_host, smtp_port = local_sinks["smtp"]
    hook = local_sinks["hook_url"]
    ops_hook_host = hook.split("://", 1)[1].split("/", 1)[0]
    env = airflow_env(
        home,
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home / 'airflow.db'}",
        REGWATCH_DATABASE_URL=f"sqlite:///{db}",
        REGWATCH_SMTP_URL=f"smtp://{smtp_host}:{smtp_port}",
        REGWATCH_SLACK_WEBHOOK_URL=hook,
        REGWATCH_OPS_SLACK_WEBHOOK_URL=hook.rstrip("/") + "/ops",
        REGWATCH_SECRET_KEY="test-only-secret",
        AIRFLOW_CONN_REGWATCH_OPS_SLACK=json.dumps({"conn_type": "slackwebhook", "schema": "http",
                                                    "host": f"{ops_hook_host}/services",
                                                    "password": "T000/B000/AIRFLOW"}),
        AIRFLOW_CONN_SMTP_DEFAULT=json.dumps({"conn_type": "smtp", "host": smtp_host, "port": smtp_port,
                                              "extra": {"disable_ssl": True, "disable_tls": True,
                                                        "from_email": "airflow@example.org"}}),
        AIRFLOW_VAR_REGWATCH_OPS_EMAIL="ops@example.org",
        TEST_MIRROR_URL=mirror.url, TEST_WEEK1_NOW=WEEK1_NOW, TEST_WEEK2_NOW=WEEK2_NOW,
        TEST_SOURCES=",".join(SOURCES),
    )
    home.mkdir()
    out = tmp_path / "report.json"
    import subprocess

    proc = subprocess.run([sys.executable, str(REPO / "tests" / "airflow" / "dagtest_driver.py"), str(out)],
                          env=env, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert out.exists(), proc.stderr[-5000:]
    report = json.loads(out.read_text())
    print(json.dumps(report, indent=1)[:6000])
    runs = {}
    for r in report["runs"]:
        runs.setdefault(r["dag_id"], []).append(r)
    assert proc.returncode == 0, proc.stderr[-5000:]

    # crawl: one mapped task per host, named by the host, all successful, in both weeks
    for week, crawl in enumerate(runs["crawl"], 1):
        assert crawl["state"] == "success", crawl
        mapped = sorted(t["rendered_map_index"] for t in crawl["tis"] if t["task_id"] == "crawl_host")
        assert mapped == ["www.gov.cn", "www.mee.gov.cn", "www.ndrc.gov.cn"], (week, mapped)

    from sqlalchemy import create_engine, func, select

    from regwatch.models import ChangeEvent, CrawlRun, Delivery, Release, Source

    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        runs_by_status = dict(conn.execute(select(CrawlRun.status, func.count()).group_by(CrawlRun.status)).all())
        releases = conn.scalar(select(func.count()).select_from(Release))
        baseline = conn.scalar(select(func.count()).select_from(Release).where(Release.is_baseline))
        health = dict(conn.execute(select(Source.slug, Source.health_state)).all())
        events = dict(conn.execute(select(ChangeEvent.kind, func.count()).group_by(ChangeEvent.kind)).all()) \
            if runs["process"][-1]["state"] == "success" else {}
        deliveries = dict(conn.execute(select(Delivery.channel, func.count()).where(Delivery.status == "sent")
                                       .group_by(Delivery.channel)).all())
    assert runs_by_status == {"ok": 2 * len(SOURCES)}, runs_by_status  # every source, both weeks
    assert releases > baseline > 0

    missing = [r for r in report["runs"] if r["state"] != "success"]
    if any(r["dag_id"] == "process" for r in missing):
        error = next(r for r in missing if r["dag_id"] == "process")
        pytest.fail(f"process DAG failed (pipeline.process_new_versions): {error.get('error', error)}")
    assert not missing, missing

    assert events.get("new", 0) >= 1 and sum(events.values()) >= 2, events
    mails = sorted(local_sinks["mail_dir"].glob("*.eml"))
    posts = sorted(local_sinks["hook_dir"].glob("*.json"))
    # digest: at least one digest e-mail reached the real SMTP sink through the outbox
    assert deliveries.get("email", 0) >= 1 and any(b"analyst@example.org" in m.read_bytes() for m in mails), deliveries
    # alerts: the urgent Slack notices queued by process were posted to the webhook receiver
    assert deliveries.get("slack", 0) >= 1, deliveries
    assert {slug: health[slug] for slug in SOURCES} == {slug: "ok" for slug in SOURCES}, health
    # the ops failure notifier (on_failure_callback of every task) reached both channels via Airflow connections
    assert report["notifier"] == "ok", report["notifier"]
    assert any(b"crawl.crawl_host[www.ndrc.gov.cn] failed (try 4)" in p.read_bytes() for p in posts)
    assert any(b"crawl.crawl_host[www.ndrc.gov.cn] failed" in m.read_bytes() and b"ops@example.org" in m.read_bytes()
               for m in mails)
