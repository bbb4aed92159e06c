"""Which change events a new version or a gone-observation means. Pure: plain facts in, event specs out.

Rules (README, "Diffing"):
* new       -- the first version of a release that is not part of its source's silent baseline;
* revised   -- title, date, document number or normalized body changed (chrome never reaches here:
               normalization removed it before hashing);
* attachment_changed -- the attachment set changed (an attachment swapped behind the same link text);
* withdrawn -- gone (404/410, removal notice, redirect home) on two fetches at least ``confirm`` apart,
               or gone once and dropped from a list crawl whose window covers its publish date;
* restored  -- a withdrawn release readable again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class VersionFacts:
    id: int
    title: str
    published: str | None
    doc_number: str | None
    text: str
    text_hash: str
    attachments_hash: str
    attachments: tuple = ()


@dataclass(frozen=True)
class EventSpec:
    kind: str
    old_version_id: int | None
    new_version_id: int | None
    significance: str | None = None
    summary: str | None = None
    diff: dict | None = None


@dataclass(frozen=True)
class ReleaseFacts:
    status: str
    gone_count: int
    gone_first_at: datetime | None
    gone_last_at: datetime | None
    last_listed_at: datetime | None
    published: date | None


@dataclass(frozen=True)
class ListFacts:
    """The latest successful list crawl of the release's source."""

    started_at: datetime
    complete: bool
    oldest: date | None


def _field_changes(prev: VersionFacts, new: VersionFacts) -> list[str]:
    changes = []
    for name, label in (("title", "title"), ("published", "date"), ("doc_number", "document number")):
        old_value, new_value = getattr(prev, name), getattr(new, name)
        if (old_value or "") != (new_value or ""):
            changes.append(f"{label}: {old_value or '—'} → {new_value or '—'}")
    return changes


def version_events(prev: VersionFacts | None, new: VersionFacts, *, is_baseline: bool) -> list[EventSpec]:
    """Events for a newly stored version, compared with the release's previous version."""
    if prev is None:
        return [] if is_baseline else [EventSpec("new", None, new.id)]
    events = []
    if prev.text_hash != new.text_hash:
        from diffing.diff import diff_texts, summarize
        from diffing.significance import classify_revision

        diff = diff_texts(prev.text, new.text)
        fields = _field_changes(prev, new)
        diff["fields"] = fields
        significance = classify_revision(_as_dict(prev), _as_dict(new), diff)
        summary = "; ".join(fields + ([summarize(diff, "en")] if prev.text != new.text else []))
        events.append(EventSpec("revised", prev.id, new.id, significance, summary or "content changed", diff))
    if prev.attachments_hash != new.attachments_hash:
        old_urls = {a["url"] for a in prev.attachments}
        new_urls = {a["url"] for a in new.attachments}
        summary = f"attachments: {len(new_urls - old_urls)} added, {len(old_urls - new_urls)} removed"
        if old_urls == new_urls:
            summary = "attachment content changed behind the same link"
        events.append(EventSpec("attachment_changed", prev.id, new.id, "substantive", summary))
    return events


def _as_dict(v: VersionFacts) -> dict:
    return {"title": v.title, "published": v.published, "doc_number": v.doc_number, "text": v.text}


def lifecycle_event(release: ReleaseFacts, latest_list: ListFacts | None, confirm: timedelta) -> str | None:
    """'withdrawn', 'restored' or None for a release's current gone-observations."""
    if release.status == "withdrawn":
        return "restored" if release.gone_count == 0 else None
    if release.gone_count < 1:
        return None
    confirmed = (
        release.gone_count >= 2
        and release.gone_first_at is not None
        and release.gone_last_at is not None
        and release.gone_last_at - release.gone_first_at >= confirm
    )
    return "withdrawn" if confirmed or dropped_from_list(release, latest_list) else None


def dropped_from_list(release: ReleaseFacts, latest_list: ListFacts | None) -> bool:
    """The last complete list crawl covered the release's date but no longer shows it."""
    if latest_list is None or not latest_list.complete or latest_list.oldest is None or release.published is None:
        return False
    not_listed = release.last_listed_at is None or release.last_listed_at < latest_list.started_at
    return not_listed and release.published > latest_list.oldest
