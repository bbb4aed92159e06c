"""Subscriber management: add, list, remove (unsubscribe) and import from YAML.

YAML import format (one file, many subscribers; upsert by email)::

    subscribers:
      - email: analyst@example.org
        name: Li Analyst
        language: en            # en | zh
        timezone: Europe/Berlin
        digest: {weekday: mon, hour: 8}
        filters:                # or `subscriptions:` with a list of filter sets (any one matching is enough)
          sectors: [carbon_market, energy]
          plan_types: [regulation]
          levels: [national]
          regions: [guangdong]
          issuers: [ndrc, mee]
          keywords: [碳排放权, carbon market]
          include_editorial: false

An address that unsubscribed is never re-subscribed by an import; only ``add --resubscribe`` does that.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from regwatch.models import Subscriber, Subscription

FILTER_KEYS = {"sectors", "plan_types", "levels", "regions", "issuers", "statuses", "keywords", "include_editorial"}
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _weekday(value) -> int:
    if isinstance(value, int) and 0 <= value <= 6:
        return value
    key = str(value).strip().lower()[:3]
    if key in WEEKDAYS:
        return WEEKDAYS[key]
    raise ValueError(f"digest weekday {value!r}: use 0-6 (0 = Monday) or mon..sun")


def validate_filters(filters: dict | None) -> dict:
    """A clean filter dict: known keys only (typos are errors, not silent match-alls), lists of strings."""
    filters = dict(filters or {})
    unknown = set(filters) - FILTER_KEYS
    if unknown:
        raise ValueError(f"unknown filter keys {sorted(unknown)}; allowed: {sorted(FILTER_KEYS)}")
    out: dict = {}
    for key, value in filters.items():
        if key == "include_editorial":
            out[key] = bool(value)
            continue
        values = value if isinstance(value, list) else [value]
        cleaned = [str(v).strip() for v in values if v is not None and str(v).strip()]
        if cleaned:
            out[key] = cleaned
    return out


def _validate(language: str, timezone: str, hour: int) -> None:
    if language not in ("en", "zh"):
        raise ValueError(f"language {language!r}: use en or zh")
    try:
        ZoneInfo(timezone)
    except (KeyError, ValueError):
        raise ValueError(f"unknown time zone {timezone!r}") from None
    if not 0 <= int(hour) <= 23:
        raise ValueError(f"digest hour {hour!r}: use 0-23")


def add_subscriber(session: Session, email: str, now: datetime, *, name: str = "", language: str = "zh",
                   timezone: str = "Asia/Shanghai", weekday: int | str = 0, hour: int = 8,
                   filters: dict | list[dict] | None = None, resubscribe: bool = False) -> Subscriber:
    """Create a subscriber (or update an active one) with one or more filter sets."""
    email = email.strip()
    if "@" not in email:
        raise ValueError(f"not an email address: {email!r}")
    _validate(language, timezone, hour)
    sets = [validate_filters(f) for f in (filters if isinstance(filters, list) else [filters or {}])]
    sub = session.scalar(select(Subscriber).where(Subscriber.email == email))
    if sub is None:
        sub = Subscriber(email=email, created_at=now, active=True)
        session.add(sub)
    elif sub.unsubscribed_at is not None or not sub.active:
        if not resubscribe:
            raise ValueError(f"{email} unsubscribed on {sub.unsubscribed_at}; pass resubscribe=True to override")
        sub.unsubscribed_at, sub.active = None, True
    sub.name, sub.language, sub.timezone = name or sub.name or "", language, timezone
    sub.digest_weekday, sub.digest_hour = _weekday(weekday), int(hour)
    sub.subscriptions.clear()
    session.flush()
    for f in sets:
        sub.subscriptions.append(Subscription(filters=f))
    session.flush()
    return sub


def list_subscribers(session: Session, include_inactive: bool = False) -> list[Subscriber]:
    q = select(Subscriber).order_by(Subscriber.email)
    if not include_inactive:
        q = q.where(Subscriber.active.is_(True), Subscriber.unsubscribed_at.is_(None))
    return list(session.scalars(q))


def remove_subscriber(session: Session, email: str) -> bool:
    """Unsubscribe an address (kept, inactive, for the delivery history); False if unknown."""
    from regwatch.web import unsubscribe

    sub = session.scalar(select(Subscriber).where(Subscriber.email == email.strip()))
    if sub is None:
        return False
    unsubscribe(session, sub)
    return True


def import_yaml(session: Session, path: str | Path, now: datetime) -> dict:
    """Upsert the subscribers of a YAML file; returns ``{"added": [...], "updated": [...], "skipped": [...]}``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    entries = data.get("subscribers", data) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a list under 'subscribers'")
    report: dict[str, list[str]] = {"added": [], "updated": [], "skipped": []}
    for entry in entries:
        email = str(entry["email"]).strip()
        existing = session.scalar(select(Subscriber).where(Subscriber.email == email))
        if existing is not None and (existing.unsubscribed_at is not None or not existing.active):
            report["skipped"].append(email)  # never re-subscribe someone who left
            continue
        digest = entry.get("digest") or {}
        add_subscriber(
            session, email, now, name=entry.get("name", ""), language=entry.get("language", "zh"),
            timezone=entry.get("timezone", "Asia/Shanghai"),
            weekday=digest.get("weekday", entry.get("digest_weekday", 0)),
            hour=digest.get("hour", entry.get("digest_hour", 8)),
            filters=entry.get("subscriptions") or entry.get("filters") or {},
        )
        report["updated" if existing is not None else "added"].append(email)
    return report


def describe(sub: Subscriber) -> dict:
    """A plain view of a subscriber for listings."""
    return {"id": sub.id, "email": sub.email, "name": sub.name, "language": sub.language, "timezone": sub.timezone,
            "digest": f"{list(WEEKDAYS)[sub.digest_weekday]} {sub.digest_hour:02d}:00", "active": sub.active,
            "filters": [s.filters for s in sub.subscriptions]}


def import_subscribers(session: Session, path: str | Path, now: datetime | None = None) -> dict:
    """:func:`import_yaml` with the injectable clock as default ``now``."""
    from regwatch.config import utcnow

    return import_yaml(session, path, now or utcnow())
