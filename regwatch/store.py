"""Repository functions: the only place that writes crawl results into the database.

Writes are idempotent (natural keys: source + URL, content hashes), so a retried crawl changes nothing.
"""
from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from regwatch.config import get_settings
from regwatch.models import Blob, CrawlRun, Release, Source, Version
from spiders.items import GoneItem, ReleaseItem
from spiders.records import SourceRecord

FAILED_STATUSES = ("failed", "blocked", "empty")


@dataclass
class CrawlPlan:
    known: set[str] = field(default_factory=set)
    revisits: list[dict] = field(default_factory=list)


def sync_sources(session: Session, records: dict[str, SourceRecord], now: datetime) -> None:
    """Make one row per source record (the record stays the truth for everything but state)."""
    existing = {s.slug: s for s in session.scalars(select(Source))}
    for slug, record in records.items():
        row = existing.get(slug)
        if row is None:
            row = Source(slug=slug, created_at=now)
            session.add(row)
        row.name, row.agency, row.level = record.name, record.agency, record.level
        row.region, row.family = record.region, record.family
    session.flush()


def start_run(session: Session, slug: str, now: datetime) -> CrawlRun:
    source = session.get(Source, slug)
    if source is None:
        raise LookupError(f"source {slug!r} has no row; run regwatch.pipeline.prepare() after adding its record")
    run = CrawlRun(source_slug=slug, started_at=now, status="running", is_baseline=source.baseline_at is None)
    session.add(run)
    session.flush()
    return run


def crawl_plan(session: Session, slug: str, now: datetime) -> CrawlPlan:
    """What a crawl of ``slug`` already knows, and which known pages are due for a revisit.

    A revisit's list entry carries the document number the last FETCH saw (its version's), not the release's:
    classification fills ``Release.doc_number`` from the text when the page has none, and feeding that back into
    the next fetch's content hash turned unchanged pages into "revised" (found by the synthetic benchmark).
    """
    plan = CrawlPlan()
    rows = session.execute(
        select(Release.id, Release.url, Release.title, Release.published, Release.list_extra,
               Release.next_revisit_at).where(Release.source_slug == slug)
    ).all()
    due = [row for row in rows if row.next_revisit_at is not None and row.next_revisit_at <= now]
    fetched_numbers: dict[int, str | None] = {}
    if due:
        latest = (select(func.max(Version.id)).where(Version.release_id.in_([r.id for r in due]))
                  .group_by(Version.release_id))
        fetched_numbers = dict(session.execute(
            select(Version.release_id, Version.doc_number).where(Version.id.in_(latest))).all())
    plan.known.update(row.url for row in rows)
    for row in due:
        plan.revisits.append({"url": row.url, "title": row.title,
                              "published": row.published.isoformat() if row.published else None,
                              "doc_number": fetched_numbers.get(row.id), "extra": row.list_extra})
    return plan


def put_blob(session: Session, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    if session.get(Blob, sha) is None:
        session.add(Blob(sha256=sha, size=len(data), data=zlib.compress(data, 6)))
    return sha


def read_blob(session: Session, sha: str) -> bytes:
    return zlib.decompress(session.get(Blob, sha).data)


def _revisit_after(fetch_count: int) -> timedelta:
    """Decaying revisit schedule (REGWATCH_REVISIT_DAYS, default 1, 7, 30, 90 days)."""
    days = get_settings().revisit_days
    return timedelta(days=days[min(max(fetch_count - 1, 0), len(days) - 1)])


FUTURE_TOLERANCE = timedelta(days=2)  # time zones and scheduled publication; beyond that a date is a glitch


def _parse_date(value: str | None, now: datetime | None = None) -> date | None:
    """An ISO date, or None when it is unparseable or implausibly far in the future (a CMS glitch)."""
    try:
        parsed = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    if parsed is not None and now is not None and parsed > (now + FUTURE_TOLERANCE).date():
        return None
    return parsed


def attachment_records(session: Session, item: ReleaseItem, previous: list[dict]) -> list[dict]:
    """Attachment metadata for a version; bytes and text go to blobs.

    A download that failed this time keeps the previous content hash: unknown is not the same as changed.
    """
    before = {a["url"]: a for a in previous}
    records = []
    for a in item.page.attachments:
        record = {"url": a.url, "name": a.name, "sha256": a.sha256, "size": a.size,
                  "content_type": a.content_type, "note": a.note}
        if a.data is not None:
            put_blob(session, a.data)
        if a.text:
            record["text_sha256"] = put_blob(session, a.text.encode("utf-8"))
            record["text_chars"] = len(a.text)
        if a.sha256 is None and a.url in before:
            record["sha256"] = before[a.url].get("sha256")
            record["text_sha256"] = before[a.url].get("text_sha256")
        records.append(record)
    return records


def version_hashes(item: ReleaseItem, text: str, attachments: list[dict],
                   published: date | None) -> tuple[str, str, str]:
    """(version hash, content hash, attachments hash) of a fetched page; ``published`` already sanitized."""
    from diffing.fingerprint import attachments_hash, content_hash

    page = item.page
    doc_number = page.doc_number or item.entry.doc_number
    chash = content_hash(page.title or item.entry.title, published.isoformat() if published else None,
                         doc_number, text)
    ahash = attachments_hash(attachments)
    return hashlib.sha256(f"{chash}|{ahash}".encode()).hexdigest(), chash, ahash


def record_fetch(session: Session, item: ReleaseItem, now: datetime, run_id: int | None, baseline: bool) -> bool:
    """Store a fetched detail page; append a version only if its normalized content changed."""
    from diffing.normalize import normalize_html

    page, entry = item.page, item.entry
    release = session.scalar(select(Release).where(Release.source_slug == item.source, Release.url == item.url))
    title = (page.title or entry.title).strip()
    published = _parse_date(page.published, now) or _parse_date(entry.published, now)
    if published is None and release is not None and (page.published or entry.published):
        published = release.published  # a glitched date (2099, garbage) is not a revision
    if release is None:
        lookback = get_settings().lookback_days
        recent = published is not None and lookback > 0 and published >= (now - timedelta(days=lookback)).date()
        release = Release(source_slug=item.source, url=item.url, title=title, first_seen_at=now, last_seen_at=now,
                          is_baseline=baseline and not recent, status="active", fetch_count=0)
        session.add(release)
    release.title, release.published = title, published
    release.doc_number = page.doc_number or entry.doc_number
    release.list_extra = entry.extra or release.list_extra
    release.last_seen_at = release.last_fetched_at = now
    release.fetch_count += 1
    release.gone_count, release.gone_reason = 0, None
    release.next_revisit_at = now + _revisit_after(release.fetch_count)
    session.flush()

    text = normalize_html(page.body_html)
    last = session.scalar(select(Version).where(Version.release_id == release.id).order_by(Version.id.desc()).limit(1))
    attachments = attachment_records(session, item, (last.meta or {}).get("attachments", []) if last else [])
    vhash, chash, ahash = version_hashes(item, text, attachments, published)
    if last is not None and last.content_hash == vhash:
        return False
    session.add(Version(
        release_id=release.id, crawl_run_id=run_id, fetched_at=now, content_hash=vhash,
        raw_sha256=put_blob(session, item.raw_body), encoding=item.encoding, title=title, published=published,
        doc_number=release.doc_number, text=text, body_html=page.body_html,
        meta={"text_hash": chash, "attachments_hash": ahash, "issuer_names": page.issuer_names,
              "attachments": attachments,
              "info": page.meta, "list": entry.extra, "fetched_url": item.fetched_url, "http_status": item.http_status},
    ))
    session.flush()
    return True


def record_gone(session: Session, item: GoneItem, now: datetime) -> None:
    """Note that a known page is gone now; processing decides whether that is a withdrawal."""
    release = session.scalar(select(Release).where(Release.source_slug == item.source, Release.url == item.url))
    if release is None:  # listed but never readable: nothing to withdraw
        return
    if release.gone_count == 0:
        release.gone_first_at = now
    release.gone_last_at = now
    release.gone_count += 1
    release.gone_reason = item.reason
    confirm = timedelta(hours=get_settings().withdraw_confirm_hours)
    release.next_revisit_at = now + confirm


def record_listing(session: Session, slug: str, run_id: int, summary: dict, now: datetime) -> None:
    """Mark which known releases the list still shows, and the window the list covered."""
    urls = set(summary["urls"])
    run = session.get(CrawlRun, run_id)
    run.list_complete = bool(summary["complete"])
    run.list_oldest = summary["oldest_published"]
    ordered = sorted(urls)
    for start in range(0, len(ordered), 500):  # one set-based UPDATE per chunk, whatever the archive size
        session.execute(update(Release).where(Release.source_slug == slug,
                                              Release.url.in_(ordered[start:start + 500])).values(last_listed_at=now))


STATUS_PRIORITY = ("blocked", "failed", "empty")


def record_spider_report(session: Session, run_id: int, *, stats: dict, list_failures: list[dict],
                         detail_errors: list[str], list_entries: int, expected_min_items: int) -> None:
    """The spider's own account of the run: counts, and the cause of a failure (never a silent empty run)."""
    run = session.get(CrawlRun, run_id)
    run.stats = stats
    run.requests = int(stats.get("downloader/request_count", 0))
    run.bytes = int(stats.get("downloader/response_bytes", 0))
    run.items = int(stats.get("item_scraped_count", 0))
    run.new_versions = int(stats.get("regwatch/new_versions", 0))
    run.gone = int(stats.get("regwatch/gone", 0))
    run.list_entries = list_entries
    crashes = {k.split("/", 1)[1]: v for k, v in stats.items() if k.startswith("spider_exceptions/")}
    if crashes:  # a parser bug is a failure with a cause, never a quietly smaller run
        detail_errors = list(detail_errors) + [f"parser raised {name} x{count}" for name, count in crashes.items()]
    run.errors = len(detail_errors)
    failures = list(list_failures)
    if not failures and list_entries < expected_min_items:
        failures.append({"kind": "empty",
                         "cause": f"list yielded {list_entries} items, expected at least {expected_min_items}"})
    if failures:
        kinds = {f["kind"] for f in failures}
        run.status = next(k for k in STATUS_PRIORITY if k in kinds)
        run.cause = "; ".join(f["cause"] for f in failures)[:4000]
    elif crashes:
        run.status = "failed"
        run.cause = "; ".join(detail_errors[-5:])
    else:
        run.status = "ok"
        if detail_errors:
            run.cause = f"{len(detail_errors)} detail page(s) failed: " + "; ".join(detail_errors[:5])


def finish_run(session: Session, run_id: int, now: datetime, exit_code: int, log_tail: str) -> CrawlRun:
    """Close a run after its process ended: a run the spider never reported on failed with the process's cause."""
    run = session.get(CrawlRun, run_id)
    run.finished_at = now
    if run.status == "running":
        run.status = "failed"
        run.cause = f"crawl process exited with code {exit_code} before reporting: {log_tail[-1500:]}"
    elif exit_code != 0 and run.status == "ok":
        run.status = "failed"
        run.cause = f"crawl process exited with code {exit_code}: {log_tail[-1500:]}"
    if run.status == "ok" and run.is_baseline:
        source = session.get(Source, run.source_slug)
        source.baseline_at = now
    return run
