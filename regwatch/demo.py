"""``make demo``: the production pipeline, offline, on a fresh database.

Starts the mirror, a local SMTP sink (out/mail/*.eml) and a local Slack webhook receiver (out/slack/), crawls
every source at snapshot state ``week1`` as a silent baseline, adds the sample subscribers, then crawls
``week2`` a week later (REGWATCH_NOW), processes, queues the due digests and urgent notices and delivers them.
"""
from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

from regwatch.config import PROJECT_ROOT

WEEK1_NOW = "2026-11-09T02:00:00+00:00"  # Monday 10:00 Asia/Shanghai
WEEK2_NOW = "2026-11-16T02:00:00+00:00"


def _set_now(value: str) -> None:
    os.environ["REGWATCH_NOW"] = value


def run_demo(fresh: bool = True, out_dir: Path | None = None, home: Path | None = None) -> int:
    from regwatch import pipeline
    from regwatch.db import session_scope
    from regwatch.mirror.server import MirrorServer
    from regwatch.notify.sink import start_smtp_sink, start_webhook_receiver
    from regwatch.notify.subscribers import import_subscribers

    out_dir = out_dir or PROJECT_ROOT / "out"
    home = home or PROJECT_ROOT / "var" / "demo"
    if fresh:
        shutil.rmtree(home, ignore_errors=True)
        for sub in ("mail", "slack", "digests"):
            shutil.rmtree(out_dir / sub, ignore_errors=True)
    home.mkdir(parents=True, exist_ok=True)
    os.environ["REGWATCH_HOME"] = str(home)
    os.environ["REGWATCH_DATABASE_URL"] = f"sqlite:///{home / 'regwatch.db'}"
    os.environ.setdefault("REGWATCH_DOWNLOAD_DELAY", "0.25")
    os.environ.setdefault("REGWATCH_SECRET_KEY", "demo-only-secret-key")

    smtp_host, smtp_port, stop_smtp = start_smtp_sink(out_dir / "mail")
    hook_url, stop_hook = start_webhook_receiver(out_dir / "slack")
    mirror = MirrorServer(pipeline.default_snapshots_dir(), "week1").start()
    os.environ["REGWATCH_SMTP_URL"] = f"smtp://{smtp_host}:{smtp_port}"
    os.environ["REGWATCH_SLACK_WEBHOOK_URL"] = hook_url
    os.environ["REGWATCH_OPS_SLACK_WEBHOOK_URL"] = hook_url.rstrip("/") + "/ops"
    try:
        _set_now(WEEK1_NOW)
        pipeline.prepare()
        week1 = pipeline.crawl_sources(mirror=mirror.url, workers=6)
        pipeline.process_new_versions()
        with session_scope() as session:
            import_subscribers(session, PROJECT_ROOT / "demo" / "subscribers.yaml")

        _set_now(WEEK2_NOW)
        mirror.set_state("week2")
        week2 = pipeline.crawl_sources(mirror=mirror.url, workers=6)
        processed = pipeline.process_new_versions()
        queued = pipeline.queue_digests()
        delivered = pipeline.deliver_due_messages()
    finally:
        mirror.stop()
        stop_hook()
        stop_smtp()
    _print_summary(week1, week2, processed, queued, delivered, out_dir)
    # a blocked or empty source with a recorded cause is a reported outcome (printed above); a crawl that
    # crashed without reporting, or a demo that delivered nothing, is a failure
    crashed = [r for r in week1 + week2 if r["status"] == "failed" and "before reporting" in (r["cause"] or "")]
    return 0 if delivered.get("sent", 0) >= 1 and not crashed else 1


def _print_summary(week1, week2, processed, queued, delivered, out_dir: Path) -> None:
    status = Counter(r["status"] for r in week2)
    print("regwatch demo (offline mirror)")
    print(f"  week1 baseline: {len(week1)} sources crawled, "
          f"{sum(r['items'] for r in week1)} releases stored silently")
    print(f"  week2: {len(week2)} sources crawled ({', '.join(f'{n} {s}' for s, n in sorted(status.items()))})")
    for r in week2:
        if r["status"] != "ok":
            print(f"    {r['slug']}: {r['status']}: {r['cause']}")
    print(f"  changes: {processed['new']} new, {processed['revised']} revised, "
          f"{processed['attachment_changed']} attachment changes, {processed['withdrawn']} withdrawn, "
          f"{processed['restored']} restored; {processed['urgent_queued']} urgent notices queued")
    print(f"  digests queued: {queued}; delivered: {delivered}")
    print(f"  mail:   {out_dir / 'mail'}/*.eml")
    print(f"  slack:  {out_dir / 'slack'}/*.json")
    print(f"  preview: regwatch digest preview --subscriber analyst@example.org --week 2026-W47 -> {out_dir / 'digests'}")
