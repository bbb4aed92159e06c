"""Urgent Slack notices: the rules in ``urgency.yaml`` (data, not code) select events for an immediate post.

``enqueue_urgent`` queues one Block Kit message per urgent document (a repost on a second site is not posted
again) with the idempotency key ``slack:<event_id>:<channel>``; ``enqueue_ops_alert`` queues a source-health
alert for the separate ops webhook. Delivery happens in the outbox.
"""
from __future__ import annotations

import functools
import logging
import secrets
from datetime import datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from regwatch.models import Delivery
from regwatch.notify import digest, slack

log = logging.getLogger(__name__)
RULES_PATH = Path(__file__).with_name("urgency.yaml")
RULE_KEYS = {"id", "label", "kinds", "issuers_any", "sectors_any", "plan_types", "statuses", "levels",
             "deadline_within_days", "title_any"}


@functools.lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> dict:
    """The urgency configuration, validated (unknown rule keys are errors so a typo cannot disable a rule)."""
    data = yaml.safe_load(Path(path or RULES_PATH).read_text(encoding="utf-8")) or {}
    for rule in data.get("rules", []):
        unknown = set(rule) - RULE_KEYS
        if unknown or "id" not in rule:
            raise ValueError(f"urgency rule {rule.get('id')!r}: unknown keys {sorted(unknown)} or missing id")
    data.setdefault("channel", "urgent")
    data.setdefault("lookback_days", 7)
    return data


def rule_matches(rule: dict, f: dict, detected: datetime, title: str) -> bool:
    """Whether one rule accepts an event's facts (as computed by :func:`regwatch.notify.digest.facts`)."""
    if rule.get("kinds") and f["kind"] not in rule["kinds"]:
        return False
    if rule.get("issuers_any") and not set(rule["issuers_any"]) & set(f["issuers"]):
        return False
    if rule.get("sectors_any") and not set(rule["sectors_any"]) & set(f["sectors"]):
        return False
    if rule.get("plan_types") and f["plan_type"] not in rule["plan_types"]:
        return False
    if rule.get("statuses") and f["status"] not in rule["statuses"]:
        return False
    if rule.get("levels") and f["level"] not in rule["levels"]:
        return False
    if rule.get("title_any") and not any(s in (title or "") for s in rule["title_any"]):
        return False
    if rule.get("deadline_within_days") is not None:
        if f["deadline"] is None:
            return False
        days = (f["deadline"] - detected.date()).days
        if not 0 <= days <= int(rule["deadline_within_days"]):
            return False
    if f["relevant"] is False:
        return False
    return True


def _posted_documents(session: Session, since: datetime) -> set[tuple[str, str]]:
    keys = set()
    for extra in session.scalars(select(Delivery.extra).where(Delivery.channel == "slack",
                                                              Delivery.created_at >= since)):
        if extra and extra.get("document_key"):
            keys.add((extra["document_key"], extra.get("rule", "")))
    return keys


def enqueue_urgent(session: Session, now: datetime, *, rules_path: str | None = None) -> list[Delivery]:
    """Queue a Slack post for each urgent, not yet posted event detected in the lookback window."""
    config = load_rules(str(rules_path) if rules_path else None)
    channel = config["channel"]
    since = now - timedelta(days=int(config["lookback_days"]))
    rows = digest._load_rows(session, since, now)  # excludes baseline releases
    digest._canonical_first(session, rows)
    posted = _posted_documents(session, since - timedelta(days=30))
    existing = set(session.scalars(select(Delivery.idempotency_key).where(Delivery.channel == "slack",
                                                                          Delivery.created_at >= since
                                                                          - timedelta(days=1))))
    created = []
    for row in rows:
        if row.release.is_baseline:  # belt and braces: baseline crawls never alert
            continue
        key = f"slack:{row.event.id}:{channel}"
        if key in existing:
            continue
        f = digest.facts(row)
        title = row.version.title if row.version is not None else row.release.title
        rule = next((r for r in config.get("rules", []) if rule_matches(r, f, row.event.detected_at, title)), None)
        if rule is None:
            continue
        doc_key = f"{row.doc_key[0]}:{row.doc_key[1]}"
        if (doc_key, rule["id"]) in posted:
            continue  # the same document reposted by another site: already announced
        item = digest._make_item(row, f, "zh" if config.get("language") == "zh" else "en",
                                 digest.get_settings().base_url, {})
        message_id = f"slack.{row.event.id}.{channel}.{secrets.token_hex(6)}"
        payload = slack.build_event_payload(item, rule=rule["id"], rule_label=rule.get("label", rule["id"]),
                                            idempotency_key=key, message_id=message_id)
        d = Delivery(idempotency_key=key, channel="slack", event_id=row.event.id, message_id=message_id,
                     recipient=f"slack:{channel}", payload=slack.encode(payload), status="pending", attempts=0,
                     next_attempt_at=now, created_at=now,
                     extra={"rule": rule["id"], "document_key": doc_key, "kind": row.event.kind})
        session.add(d)
        session.flush()
        posted.add((doc_key, rule["id"]))
        created.append(d)
        log.info("queued urgent post %s (%s)", key, rule["id"])
    return created


def enqueue_ops_alert(session: Session, source_slug: str, state: str, cause: str | None, now: datetime,
                      ) -> Delivery | None:
    """Queue a source-health alert for the ops webhook; one per source, state and hour (repeats are dropped)."""
    key = f"ops:{source_slug}:{state}:{now:%Y-%m-%dT%H}"
    if session.scalar(select(Delivery.id).where(Delivery.idempotency_key == key)) is not None:
        return None
    message_id = f"ops.{source_slug}.{state}.{secrets.token_hex(6)}"
    payload = slack.build_ops_payload(source_slug, state, cause, idempotency_key=key, message_id=message_id,
                                      when=now.isoformat(timespec="minutes"))
    d = Delivery(idempotency_key=key, channel="ops_slack", message_id=message_id, recipient="slack:ops",
                 payload=slack.encode(payload), status="pending", attempts=0, next_attempt_at=now, created_at=now,
                 extra={"source": source_slug, "state": state})
    session.add(d)
    session.flush()
    return d
