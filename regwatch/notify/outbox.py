"""The outbox state machine: every digest and Slack post is a ``Delivery`` row, sent at most once unless in doubt.

States: ``pending`` → ``sending`` (committed *before* the server sees the message) → ``sent``.
Transient failures (SMTP 4xx, connection errors, Slack 429/5xx) go back to ``pending`` with exponential backoff
(or the server's ``Retry-After``) in ``next_attempt_at``; permanent ones (SMTP 5xx, Slack 4xx) and exhausted
retries become ``failed`` with ``last_error``. A row still ``sending`` after its lease means the process died
between handing over the message and recording it: it becomes ``in_doubt`` and is resent once with the same
Message-ID (mail clients and Slack metadata can deduplicate on it); a second doubt is failed, not resent.
A digest for a subscriber who unsubscribed meanwhile is ``cancelled``.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from regwatch.config import get_settings
from regwatch.killpoints import maybe_kill
from regwatch.models import Delivery, Subscriber
from regwatch.notify.errors import DeliveryError, install_log_redaction, redact

install_log_redaction()

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(seconds=60)
BACKOFF_CAP = timedelta(hours=6)
CHANNELS = ("email", "slack", "ops_slack")


def lease() -> timedelta:
    """How long a ``sending`` row may stay unrecorded before it is presumed in doubt (``REGWATCH_OUTBOX_LEASE``)."""
    return timedelta(seconds=get_settings().outbox_lease_seconds)


def backoff(attempts: int) -> timedelta:
    """Exponential backoff after ``attempts`` failed tries: 1, 2, 4 … minutes, capped at 6 hours."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def _send(delivery: Delivery) -> None:
    settings = get_settings()
    if delivery.channel == "email":
        if not settings.smtp_url:
            raise DeliveryError("REGWATCH_SMTP_URL is not set", transient=True)
        from regwatch.notify.smtp import send_mime

        send_mime(settings.smtp_url, settings.mail_from, delivery.recipient, delivery.payload)
    elif delivery.channel in ("slack", "ops_slack"):
        url = settings.slack_webhook_url if delivery.channel == "slack" else settings.ops_slack_webhook_url
        if not url:
            name = "SLACK_WEBHOOK_URL" if delivery.channel == "slack" else "OPS_SLACK_WEBHOOK_URL"
            raise DeliveryError(f"REGWATCH_{name} is not set", transient=True)
        from regwatch.notify.slack import post_webhook

        post_webhook(url, delivery.payload)
    else:
        raise DeliveryError(f"unknown channel {delivery.channel!r}", transient=False)


def _mark_in_doubt(session: Session, now: datetime, channels: Iterable[str]) -> int:
    rows = session.scalars(select(Delivery).where(Delivery.status == "sending", Delivery.next_attempt_at <= now,
                                                  Delivery.channel.in_(list(channels)))).all()
    for d in rows:
        extra = dict(d.extra or {})
        if extra.get("in_doubt_resends", 0) >= 1:
            d.status = "failed"
            d.last_error = "in doubt again after one resend; not resent to avoid a duplicate (check the server)"
            log.error("delivery %s failed: %s", d.idempotency_key, d.last_error)
            continue
        d.status = "in_doubt"
        d.last_error = "lease expired while sending: the server may have accepted it; resending once"
        log.warning("delivery %s is in doubt (attempt %d)", d.idempotency_key, d.attempts)
    return len(rows)


def _claim(session: Session, delivery: Delivery, now: datetime) -> bool:
    """Atomically move a due row to ``sending`` (committed by the caller before the send)."""
    extra = dict(delivery.extra or {})
    if delivery.status == "in_doubt":
        extra["in_doubt_resends"] = extra.get("in_doubt_resends", 0) + 1
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id, Delivery.status == delivery.status)
        .values(status="sending", attempts=Delivery.attempts + 1, next_attempt_at=now + lease(), extra=extra)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _record(session: Session, delivery_id: int, now: datetime, error: DeliveryError | None) -> str:
    d = session.get(Delivery, delivery_id)
    if error is None:
        d.status, d.sent_at, d.last_error = "sent", now, None
        if d.channel == "email" and d.subscriber_id and (d.extra or {}).get("period_end"):
            sub = session.get(Subscriber, d.subscriber_id)
            end = datetime.fromisoformat(d.extra["period_end"])
            if sub is not None and (sub.last_digest_at is None or sub.last_digest_at < end):
                sub.last_digest_at = end
        log.info("delivery %s sent to %s", d.idempotency_key, d.recipient)
        return "sent"
    d.last_error = redact(str(error))[:2000]
    if error.transient and d.attempts < MAX_ATTEMPTS:
        wait = timedelta(seconds=error.retry_after) if error.retry_after is not None else backoff(d.attempts)
        d.status, d.next_attempt_at = "pending", now + wait
        log.warning("delivery %s retry in %ss: %s", d.idempotency_key, int(wait.total_seconds()), d.last_error)
        return "retried"
    d.status = "failed"
    log.error("delivery %s failed permanently: %s", d.idempotency_key, d.last_error)
    return "failed"


def deliver_due(session_factory: Callable[[], Session], now: datetime, channels: Iterable[str] | None = None,
                *, limit: int | None = None) -> dict:
    """Send every due outbox row; returns counts ``{sent, retried, failed, in_doubt, cancelled}``.

    Each row is claimed (``sending``, committed) before it is handed to the server and recorded after, in its own
    transactions, so a crash anywhere leaves a state the next run can act on.
    """
    channels = tuple(channels or CHANNELS)
    counts = {"sent": 0, "retried": 0, "failed": 0, "in_doubt": 0, "cancelled": 0}
    with session_factory() as session, session.begin():
        counts["in_doubt"] = _mark_in_doubt(session, now, channels)
    with session_factory() as session:
        ids = session.scalars(
            select(Delivery.id).where(Delivery.status.in_(("pending", "in_doubt")), Delivery.next_attempt_at <= now,
                                      Delivery.channel.in_(channels))
            .order_by(Delivery.next_attempt_at, Delivery.id)
        ).all()
    for delivery_id in ids[:limit] if limit else ids:
        with session_factory() as session, session.begin():
            d = session.get(Delivery, delivery_id)
            if d is None or d.status not in ("pending", "in_doubt") or d.next_attempt_at > now:
                continue
            if d.channel == "email" and d.subscriber_id:
                sub = session.get(Subscriber, d.subscriber_id)
                if sub is None or not sub.active or sub.unsubscribed_at is not None:
                    d.status, d.last_error = "cancelled", "subscriber unsubscribed before sending"
                    counts["cancelled"] += 1
                    continue
            if not _claim(session, d, now):
                continue
            session.expunge(d)
        # committed: from here on a crash leaves the row 'sending' until its lease expires
        error: DeliveryError | None = None
        try:
            maybe_kill("deliver.before_send")
            _send(d)
            maybe_kill("deliver.after_accept")
        except DeliveryError as exc:
            error = exc
        except Exception as exc:  # noqa: BLE001 - an unexpected bug is recorded, never raised past the outbox
            error = DeliveryError(f"{type(exc).__name__}: {exc}", transient=True)
        with session_factory() as session, session.begin():
            counts[_record(session, delivery_id, now, error)] += 1
    return counts


def pending_summary(session: Session) -> list[dict]:
    """Rows an operator should see: failed, in doubt, or retrying (for ``regwatch digest status``)."""
    rows = session.scalars(select(Delivery).where(Delivery.status.in_(("failed", "in_doubt", "pending", "sending")))
                           .order_by(Delivery.id))
    return [{"id": d.id, "key": d.idempotency_key, "status": d.status, "attempts": d.attempts,
             "next_attempt_at": d.next_attempt_at.isoformat(), "last_error": d.last_error} for d in rows]
