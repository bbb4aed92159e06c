"""The outbox against a real SMTP server: retries, permanent failures, refused connections, the in-doubt path,
and secrets kept out of logs, rows and rendered output."""
from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import select

from regwatch.config import PROJECT_ROOT, get_settings
from regwatch.models import Delivery, Subscriber
from regwatch.notify.digest import enqueue_due_digests
from regwatch.notify.outbox import deliver_due, pending_summary
from regwatch.notify.sink import start_smtp_sink
from tests.notify.conftest import NOW, SECRET_KEY, SMTP_PASSWORD, WEBHOOK_TOKEN, add_subscriber, read_mail


def _queue_one(factory, email="reader@example.org"):
    sid = add_subscriber(factory, email, "en")
    with factory() as s, s.begin():
        (d,) = enqueue_due_digests(s, NOW)
        return sid, d.id, d.message_id


def _row(factory, delivery_id) -> Delivery:
    with factory() as s:
        return s.get(Delivery, delivery_id)


def test_smtp_421_and_451_are_retried_with_backoff_then_sent(factory, world, smtp_sink):
    _, did, mid = _queue_one(factory)
    smtp_sink.handler.replies.extend(["421 4.3.2 Service not available, try later", "451 4.3.0 Mail server busy"])
    assert deliver_due(factory, NOW)["retried"] == 1
    row = _row(factory, did)
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, NOW + timedelta(minutes=1))
    assert "421" in row.last_error
    assert deliver_due(factory, NOW + timedelta(seconds=30)) == {"sent": 0, "retried": 0, "failed": 0,
                                                                 "in_doubt": 0, "cancelled": 0}
    assert deliver_due(factory, NOW + timedelta(seconds=61))["retried"] == 1
    row = _row(factory, did)
    assert row.attempts == 2 and "451" in row.last_error
    assert row.next_attempt_at == NOW + timedelta(seconds=61) + timedelta(minutes=2)  # exponential
    assert deliver_due(factory, NOW + timedelta(minutes=4))["sent"] == 1
    row = _row(factory, did)
    assert row.status == "sent" and row.attempts == 3 and row.last_error is None
    (eml,) = smtp_sink.files()
    assert read_mail(eml)[0]["Message-ID"] == mid
    assert smtp_sink.handler.logins and set(smtp_sink.handler.logins) == {"digest"}  # AUTH was used


def test_smtp_550_is_a_visible_permanent_failure(factory, world, smtp_sink):
    sid, did, _ = _queue_one(factory)
    smtp_sink.handler.replies.append("550 5.1.1 Mailbox unavailable")
    counts = deliver_due(factory, NOW)
    assert counts["failed"] == 1 and counts["sent"] == 0
    row = _row(factory, did)
    assert row.status == "failed" and "550" in row.last_error
    assert deliver_due(factory, NOW + timedelta(days=1))["sent"] == 0  # never retried
    assert smtp_sink.files() == []
    with factory() as s:
        visible = pending_summary(s)
        assert [r["status"] for r in visible if r["id"] == did] == ["failed"]
        assert s.get(Subscriber, sid).last_digest_at is None  # its events go into the next digest


def test_refused_connection_is_retried_until_the_server_is_up(factory, world, tmp_path, monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on (yet)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("REGWATCH_SMTP_URL", f"smtp://127.0.0.1:{port}?timeout=5")
    _, did, mid = _queue_one(factory)
    assert deliver_due(factory, NOW)["retried"] == 1
    row = _row(factory, did)
    assert row.status == "pending" and "connection" in row.last_error.lower()
    host, port2, stop = start_smtp_sink(tmp_path / "late-mail", port=port)
    try:
        assert deliver_due(factory, NOW + timedelta(minutes=2))["sent"] == 1
        (eml,) = sorted((tmp_path / "late-mail").glob("*.eml"))
        assert read_mail(eml)[0]["Message-ID"] == mid
    finally:
        stop()


CHILD = """
import sys
from datetime import datetime
from sqlalchemy.orm import sessionmaker
from regwatch.db import get_engine
from regwatch.notify.outbox import deliver_due
print(deliver_due(sessionmaker(get_engine(), expire_on_commit=False), datetime.fromisoformat(sys.argv[1])), flush=True)
"""


def test_crash_after_server_accepted_is_resent_once_with_same_message_id(factory, world, smtp_sink, db_url):
    """SIGKILL the sender after the SMTP server has the message but before the outbox recorded it."""
    sid, did, mid = _queue_one(factory)
    smtp_sink.handler.hold.clear()  # the sink writes the message, then keeps the client waiting for "250"
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    child = subprocess.Popen([sys.executable, "-c", CHILD, NOW.isoformat()], env=env, cwd=str(PROJECT_ROOT),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert smtp_sink.handler.received.wait(60), child.stderr.read() if child.poll() is not None else "timeout"
        assert _row(factory, did).status == "sending"  # committed before the hand-over
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        smtp_sink.handler.hold.set()
    assert len(smtp_sink.files()) == 1
    assert _row(factory, did).status == "sending"

    # within the lease nobody touches it (the sender might still be alive)
    assert deliver_due(factory, NOW + timedelta(minutes=5))["sent"] == 0
    assert len(smtp_sink.files()) == 1
    # after the lease: in doubt -> resent once, same Message-ID and bytes
    counts = deliver_due(factory, NOW + timedelta(minutes=11))
    assert counts["in_doubt"] == 1 and counts["sent"] == 1
    first, second = smtp_sink.files()
    assert read_mail(first)[0]["Message-ID"] == read_mail(second)[0]["Message-ID"] == mid
    assert first.read_bytes() == second.read_bytes()
    row = _row(factory, did)
    assert row.status == "sent" and row.attempts == 2 and row.extra["in_doubt_resends"] == 1
    # and never again
    assert deliver_due(factory, NOW + timedelta(days=1))["sent"] == 0
    assert len(smtp_sink.files()) == 2
    with factory() as s:
        assert s.get(Subscriber, sid).last_digest_at == NOW


def test_secrets_never_in_logs_rows_or_output(factory, world, smtp_sink, webhook_sink, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    add_subscriber(factory, "a@example.org", "en")
    add_subscriber(factory, "b@example.org", "zh")
    smtp_sink.handler.replies.extend(["451 4.3.0 try again", "550 5.7.1 rejected"])
    webhook_sink.state.fail(429, 1, retry_after=1)
    webhook_sink.state.fail(500, 1)
    webhook_sink.state.fail(403, 1)
    from regwatch.notify.urgent import enqueue_ops_alert, enqueue_urgent

    with factory() as s, s.begin():
        enqueue_due_digests(s, NOW)
        enqueue_urgent(s, NOW)
        enqueue_ops_alert(s, "cn_ndrc_tz", "blocked", f"HTTP 412 (webhook {WEBHOOK_TOKEN[:3]}…)", NOW)
    for minutes in (0, 2, 5, 10, 30, 60):
        deliver_due(factory, NOW + timedelta(minutes=minutes))
    # an unreachable SMTP URL with credentials: the connection error must not echo the password
    os.environ["REGWATCH_SMTP_URL"] = f"smtp://digest:{SMTP_PASSWORD}@127.0.0.1:9?timeout=2"
    try:
        with factory() as s, s.begin():
            add = Delivery(idempotency_key="digest:x:2026-W48", channel="email", message_id="<x@y>",
                           recipient="x@example.org", payload=b"Subject: x\r\n\r\nx", next_attempt_at=NOW,
                           created_at=NOW)
            s.add(add)
        deliver_due(factory, NOW + timedelta(hours=2), ["email"])
    finally:
        del os.environ["REGWATCH_SMTP_URL"]

    import base64

    auth_plain = base64.b64encode(f"\0digest\0{SMTP_PASSWORD}".encode()).decode()
    secrets = [SMTP_PASSWORD, WEBHOOK_TOKEN, SECRET_KEY, "XXXXwebhooksecret", auth_plain,
               base64.b64encode(SMTP_PASSWORD.encode()).decode()]
    with factory() as s:
        rows = s.scalars(select(Delivery)).all()
        assert any(r.status == "failed" for r in rows) and any(r.last_error for r in rows)
        dumped = "\n".join(
            f"{r.recipient}|{r.last_error}|{r.extra}|{r.message_id}|{r.payload.decode('utf-8', 'replace')}"
            for r in rows)
    assert {r.recipient for r in rows if r.channel != "email"} <= {"slack:urgent", "slack:ops"}
    outputs = "\n".join(p.read_text("utf-8", "replace") for p in list(smtp_sink.dir.glob("*.eml"))
                        + list(webhook_sink.dir.glob("*.json")))
    assert outputs  # something was delivered
    for secret in secrets:
        assert secret not in caplog.text, secret
        assert secret not in dumped, secret
        assert secret not in outputs, secret
        assert secret not in repr(get_settings()), secret
