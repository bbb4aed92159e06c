"""The weekly digest: which change events a subscriber gets, grouped into sections, rendered and queued.

``build_digest`` loads the events of a period and returns a plain dict (sections → items) that the templates
render; ``render_digest`` turns it into (subject, html, text); ``enqueue_due_digests`` puts one MIME message per
subscriber per ISO week into the outbox (``Delivery``), where ``regwatch.notify.outbox`` sends it exactly once.
Scraped text is untrusted: templates autoescape it and the archive page shows escaped normalized text only.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

import css_inline
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from regwatch.config import get_settings, templates_dir
from regwatch.models import (
    ChangeEvent,
    Classification,
    Delivery,
    Release,
    Source,
    Subscriber,
    Subscription,
    Version,
)
from regwatch.notify import content
from regwatch.notify.i18n import fmt_date, label_name, t
from regwatch.notify.safe import strip_bidi
from regwatch.notify.translate import Translator, get_translator, looks_chinese

log = logging.getLogger(__name__)

SECTIONS = ("national", "provincial", "drafts", "effective", "changes", "international")
CHANGE_KINDS = {"revised", "attachment_changed", "withdrawn", "restored"}
# which event of a document to show when several sources report it: lower wins
_KIND_RANK = {"new": 0, "finalized": 0, "withdrawn": 1, "revised": 2, "attachment_changed": 3, "restored": 4}
EFFECTIVE_WINDOW_DAYS = 14
EFFECTIVE_LOOKBACK_DAYS = 365


# ---------------------------------------------------------------------------------------------- time helpers
def iso_week(moment: datetime | date) -> str:
    """``2026-W47`` for a date or datetime (already in the subscriber's zone)."""
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> date:
    """The Monday of an ISO week written ``2026-W47``."""
    year, w = week.split("-W")
    return date.fromisocalendar(int(year), int(w), 1)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "Asia/Shanghai")
    except (KeyError, ValueError):
        log.warning("unknown time zone %r; using Asia/Shanghai", name)
        return ZoneInfo("Asia/Shanghai")


def due_moment(subscriber: Subscriber, now: datetime) -> tuple[str, datetime]:
    """(ISO week, the UTC moment this week's digest is due) in the subscriber's time zone."""
    local = now.astimezone(_zone(subscriber.timezone))
    monday = local.date() - timedelta(days=local.weekday())
    day = monday + timedelta(days=min(max(subscriber.digest_weekday or 0, 0), 6))
    hour = min(max(subscriber.digest_hour or 0, 0), 23)
    due = datetime.combine(day, time(hour), tzinfo=local.tzinfo)
    return iso_week(local), due.astimezone(UTC)


# ---------------------------------------------------------------------------------------------- loading
@dataclass
class _Row:
    """One change event with everything needed to describe it (loaded once, then processed purely)."""

    event: ChangeEvent
    release: Release
    source: Source | None
    version: Version | None  # the version to show (new, else the last known)
    old_version: Version | None
    labels: dict
    doc_key: tuple
    siblings: list[tuple[Release, Source | None, int | None]] = field(default_factory=list)


def _latest_classifications(session: Session, release_ids: set[int]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    if not release_ids:
        return out
    rows = session.scalars(
        select(Classification).where(Classification.release_id.in_(release_ids))
        .order_by(Classification.created_at, Classification.id)
    )
    for c in rows:  # later rows (corrections, reclassifications) win
        out[c.release_id] = dict(c.labels or {})
    return out


def _load_rows(session: Session, start: datetime | None, end: datetime, *, only_ids: set[int] | None = None,
               detected_before: datetime | None = None) -> list[_Row]:
    q = select(ChangeEvent).join(Release, ChangeEvent.release_id == Release.id).where(
        Release.is_baseline.is_(False), ChangeEvent.detected_at <= end)
    if start is not None:
        q = q.where(ChangeEvent.detected_at > start)
    if detected_before is not None:
        q = q.where(ChangeEvent.detected_at <= detected_before)
    events = list(session.scalars(q.order_by(ChangeEvent.detected_at, ChangeEvent.id)))
    if only_ids is not None:
        events = [e for e in events if e.id in only_ids]
    if not events:
        return []
    release_ids = {e.release_id for e in events}
    version_ids = {v for e in events for v in (e.new_version_id, e.old_version_id) if v}
    versions = {v.id: v for v in session.scalars(select(Version).where(Version.id.in_(version_ids)))} \
        if version_ids else {}
    sources = {s.slug: s for s in session.scalars(select(Source))}
    labels = _latest_classifications(session, release_ids)
    doc_ids = {e.document_id or e.release.document_id for e in events} - {None}
    siblings: dict[int, list[Release]] = {}
    if doc_ids:
        for rel in session.scalars(select(Release).where(Release.document_id.in_(doc_ids)).order_by(Release.id)):
            siblings.setdefault(rel.document_id, []).append(rel)
    latest_version: dict[int, int] = {}
    sib_ids = {r.id for rels in siblings.values() for r in rels} | release_ids
    for rid, vid in session.execute(
        select(Version.release_id, Version.id).where(Version.release_id.in_(sib_ids)).order_by(Version.id)
    ):
        latest_version[rid] = vid
    rows = []
    for e in events:
        rel = e.release
        version = versions.get(e.new_version_id) if e.new_version_id else None
        old = versions.get(e.old_version_id) if e.old_version_id else None
        if version is None:
            version = old or (session.get(Version, latest_version[rel.id]) if rel.id in latest_version else None)
        doc_id = e.document_id or rel.document_id
        sibs = [(r, sources.get(r.source_slug), latest_version.get(r.id)) for r in siblings.get(doc_id, [])]
        rows.append(_Row(e, rel, sources.get(rel.source_slug), version, old, labels.get(rel.id, {}),
                         ("doc", doc_id) if doc_id else ("rel", rel.id), sibs))
    return rows


# ---------------------------------------------------------------------------------------------- facts
def _as_list(value) -> list:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def _parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def facts(row: _Row) -> dict:
    """The structured facts of one event that filters, sections and urgency rules look at."""
    lab, src, v = row.labels, row.source, row.version
    meta = (v.meta if v is not None else None) or {}
    text = v.text if v is not None else ""
    level = lab.get("level") or (src.level if src else None)
    status = lab.get("status")
    deadline = _parse_date(lab.get("comment_deadline") or meta.get("comment_deadline"))
    if deadline is None and (status == "consultation" or "征求意见" in (row.release.title or "")):
        deadline = content.find_deadline(text)
    if status is None and ("征求意见稿" in (row.release.title or "") or "draft for comment" in
                           (row.release.title or "").lower()):
        status = "consultation"
    effective = _parse_date(lab.get("effective_date") or meta.get("effective_date")) or content.find_effective(text)
    kind = row.event.kind
    if kind in ("revised", "attachment_changed") and row.old_version is not None and v is not None:
        match_text = content.added_text(row.old_version.text, v.text)
        if row.old_version.title != v.title:
            match_text = v.title + "\n" + match_text
    else:
        match_text = (v.title if v is not None else row.release.title) + "\n" + text
    return {
        "kind": kind,
        "sectors": _as_list(lab.get("sectors")),
        "plan_type": lab.get("plan_type"),
        "status": status,
        "level": level,
        "region": lab.get("region") or (src.region if src else None),
        "issuers": _as_list(lab.get("issuers")),
        "relevant": lab.get("relevant", True),
        "doc_number": lab.get("doc_number") or (v.doc_number if v is not None else None) or row.release.doc_number,
        "deadline": deadline,
        "effective": effective,
        "significance": row.event.significance,
        "match_text": match_text,
    }


def matches(filters: dict, f: dict) -> bool:
    """Whether one subscription's filters accept an event: AND across kinds of filter, OR within one."""
    for key, fact in (("sectors", "sectors"), ("plan_types", "plan_type"), ("levels", "level"),
                      ("regions", "region"), ("issuers", "issuers"), ("statuses", "status")):
        wanted = set(_as_list(filters.get(key)))
        if wanted and not wanted & set(_as_list(f[fact])):
            return False
    keywords = [k for k in _as_list(filters.get("keywords")) if str(k).strip()]
    if keywords:
        hay = (f["match_text"] or "").lower()
        if not any(str(k).lower() in hay for k in keywords):
            return False
    if f["kind"] in ("revised", "attachment_changed") and f["significance"] == "editorial" \
            and not filters.get("include_editorial"):
        return False
    return True


def subscriber_accepts(subscriptions: list[Subscription], f: dict) -> bool:
    """A subscriber gets an event matching any subscription; without subscriptions, every relevant event."""
    if f["relevant"] is False:
        return False
    if not subscriptions:
        return matches({}, f)
    return any(matches(s.filters or {}, f) for s in subscriptions)


# ---------------------------------------------------------------------------------------------- items
def _issuer_names(row: _Row, f: dict, lang: str) -> list[str]:
    names = [label_name(lang, "issuers", k) for k in f["issuers"]]
    if names:
        return names
    meta = (row.version.meta if row.version is not None else None) or {}
    raw = meta.get("issuers") or meta.get("issuer") or meta.get("发文机关")
    raw = [str(x) for x in _as_list(raw) if str(x).strip()]
    if raw and (lang == "zh" or not any(looks_chinese(x) for x in raw)):
        return raw
    src = row.source
    if src is None:
        return raw
    if not looks_chinese(src.name) and f["level"] == "international":
        return [src.name.split("·")[0].strip()]
    if f["level"] in ("provincial", "municipal") and f["region"]:
        region = label_name(lang, "region", f["region"])
        return [region if lang == "en" else src.name.split("·")[0].strip()]
    agency = label_name(lang, "issuers", src.agency)
    if lang == "en" and looks_chinese(agency):
        return raw or [src.agency.upper()]
    return [agency] if agency != src.agency or lang == "en" else [src.name.split("·")[0].strip()]


def _english_headline(issuers: list[str], f: dict) -> str:
    """An English headline from structured fields, for a Chinese title nobody translated."""
    kind = label_name("en", "plan_type", f["plan_type"]) if f["plan_type"] else "Document"
    if f["status"] == "consultation":
        kind = f"Draft {kind.lower()} for comment"
    topics = [label_name("en", "sectors", s) for s in f["sectors"] if s != "economy_wide"]
    scope = " on " + ", ".join(t_.lower() for t_ in topics) if topics else ""
    if "economy_wide" in f["sectors"] and not topics:
        scope = " (economy-wide)"
    who = ", ".join(issuers) if issuers else "Unknown issuer"
    return f"{who}: {kind}{scope}"


def _headline(row: _Row, f: dict, lang: str, translated_title: str | None) -> tuple[str, str | None, bool]:
    """(headline, original title shown beneath or None, machine-translated?) for one item."""
    title = (row.version.title if row.version is not None else None) or row.release.title or ""
    issuers = _issuer_names(row, f, lang)
    prefix = "、".join(issuers) if lang == "zh" else ", ".join(issuers)
    if lang == "zh" or not looks_chinese(title):
        if issuers and not any(n and n in title for n in issuers):
            return (f"{prefix}：{title}" if lang == "zh" else f"{prefix}: {title}"), None, False
        return title, None, False
    if translated_title:
        return f"{prefix}: {translated_title}" if prefix else translated_title, title, True
    return _english_headline(issuers, f), title, False


def _label_chips(f: dict, lang: str) -> list[str]:
    chips = [label_name(lang, "sectors", s) for s in f["sectors"]]
    if f["plan_type"] and f["plan_type"] != "other":
        chips.append(label_name(lang, "plan_type", f["plan_type"]))
    if f["status"] and f["status"] != "issued":
        chips.append(label_name(lang, "status", f["status"]))
    if f["region"] and f["level"] in ("provincial", "municipal"):
        chips.append(label_name(lang, "region", f["region"]))
    return [c for c in chips if c]


def _render_diff(row: _Row, lang: str) -> tuple[str | None, str | None, str | None, list[tuple[str, str]]]:
    """(diff html from diffing, diff text from diffing, one-line summary, fallback paragraph lines)."""
    ev = row.event
    html = text = None
    summary = ev.summary
    if ev.diff:
        try:
            from diffing.diff import render_html, render_text, summarize  # type: ignore[import-not-found]

            html, text = render_html(ev.diff, lang), render_text(ev.diff, lang)
            summary = summarize(ev.diff, lang) or summary
        except ImportError:
            pass
        except Exception:
            log.exception("diffing renderer failed for event %s; using the paragraph diff", ev.id)
            html = text = None
    lines = []
    if html is None and row.old_version is not None and row.version is not None and row.old_version is not row.version:
        lines = content.diff_lines(row.old_version.text, row.version.text)
    return html, text, summary, lines


def _source_name(src: Source | None, lang: str, f: dict | None = None) -> str:
    if src is None:
        return ""
    if lang == "en":
        try:
            from spiders.records import get_source

            return get_source(src.slug).name_en
        except Exception:  # noqa: BLE001 - records are optional here (tests, removed sources)
            pass
        if not looks_chinese(src.name):
            return src.name
        if src.region:
            return label_name("en", "region", src.region)
        name = label_name("en", "issuers", src.agency)
        return name if not looks_chinese(name) and name.lower() != src.agency.lower() else src.slug
    return src.name


def _make_item(row: _Row, f: dict, lang: str, base_url: str, translations: dict[str, str | None],
               today: date | None = None) -> dict:
    v = row.version
    title = (v.title if v is not None else None) or row.release.title or ""
    headline, original_title, machine = _headline(row, f, lang, translations.get(title))
    text = v.text if v is not None else ""
    summary = content.pick_summary(text, title=title) if row.event.kind != "withdrawn" else []
    summary_note = ""
    if lang == "en" and summary and any(looks_chinese(s) for s in summary):
        done = [translations.get(s) for s in summary]
        if all(done):
            summary, summary_note = done, t(lang, "machine_translated")
        else:
            summary_note = t(lang, "untranslated")
    elif machine:
        summary_note = t(lang, "machine_translated")
    published = (v.published if v is not None else None) or row.release.published
    html, dtext, dsummary, dlines = _render_diff(row, lang) if row.event.kind in CHANGE_KINDS else (None,) * 3 + ([],)
    also = []
    for rel, src, vid in row.siblings:
        if rel.id == row.release.id:
            continue
        also.append({"source": _source_name(src, lang) or rel.source_slug, "url": rel.url,
                     "archive_url": f"{base_url}/archive/{vid}" if vid else None,
                     "withdrawn": rel.status == "withdrawn"})
    today = today or row.event.detected_at.date()
    days_left = (f["deadline"] - today).days if f["deadline"] else None
    return {
        "event_id": row.event.id,
        "document_key": f"{row.doc_key[0]}:{row.doc_key[1]}",
        "kind": row.event.kind,
        "kind_label": t(lang, f"kind_{row.event.kind}"),
        "headline": headline,
        "original_title": original_title,
        "title": title,
        "issuers": _issuer_names(row, f, lang),
        "source": _source_name(row.source, lang, f),
        "published": published.isoformat() if published else None,
        "published_label": fmt_date(published, lang),
        "doc_number": f["doc_number"],
        "labels": _label_chips(f, lang),
        "summary": summary,
        "summary_note": summary_note,
        "url": row.release.url,
        "archive_url": f"{base_url}/archive/{v.id}" if v is not None else None,
        "also": also,
        "deadline": f["deadline"].isoformat() if f["deadline"] else None,
        "deadline_label": fmt_date(f["deadline"], lang),
        "days_left": days_left,
        "effective": f["effective"].isoformat() if f["effective"] else None,
        "effective_label": fmt_date(f["effective"], lang),
        "diff_summary": dsummary,
        "diff_html": html,
        "diff_text": dtext,
        "diff_lines": [{"op": op, "text": p} for op, p in dlines],
        "detected_at": row.event.detected_at.isoformat(),
        "significance": row.event.significance,
    }


def _section_of(f: dict) -> str:
    if f["kind"] in CHANGE_KINDS:
        return "changes"
    if f["level"] == "international":
        return "international"
    if f["status"] == "consultation":
        return "drafts"
    return "national" if f["level"] == "national" else "provincial"


def _pick_per_document(rows: list[_Row]) -> list[_Row]:
    """One row per document: a repost on another site is the same document (shown once, 'also published by')."""
    best: dict[tuple, _Row] = {}
    for row in rows:
        cur = best.get(row.doc_key)

        def rank(r: _Row) -> tuple:
            canonical = getattr(r.release, "document_id", None) is not None and any(
                s[0].id == r.release.id for s in r.siblings[:1])
            return (_KIND_RANK.get(r.event.kind, 9), not canonical, r.event.detected_at, r.event.id)

        if cur is None or rank(row) < rank(cur):
            best[row.doc_key] = row
    return sorted(best.values(), key=lambda r: (r.event.detected_at, r.event.id))


def _canonical_first(session: Session, rows: list[_Row]) -> None:
    """Order each row's siblings so the document's canonical release comes first."""
    from regwatch.models import Document

    for row in rows:
        if row.doc_key[0] != "doc" or not row.siblings:
            continue
        doc = session.get(Document, row.doc_key[1])
        canon = doc.canonical_release_id if doc else None
        row.siblings.sort(key=lambda s: (s[0].id != canon, s[0].id))


def build_digest(session: Session, subscriber: Subscriber, period_start: datetime | None, period_end: datetime,
                 now: datetime, *, translator: Translator | None = None, base_url: str | None = None,
                 shared: dict | None = None) -> dict:
    """The digest context for one subscriber: events detected in (period_start, period_end] matching their filters.

    Returns a plain dict (JSON-serialisable): subscriber, language, period, sections (in fixed order, each with
    items), counts and links. Loads everything first; the rest is pure. ``shared`` (one dict per enqueue run)
    keeps the rows loaded for a period: a week's subscribers mostly share one period, and loading the same
    events for each of 1,000 readers was repeated database work.
    """
    lang = subscriber.language if subscriber.language in ("en", "zh") else "zh"
    base_url = (base_url or get_settings().base_url).rstrip("/")
    translator = translator or get_translator()
    subs = list(session.scalars(select(Subscription).where(Subscription.subscriber_id == subscriber.id)))
    key = (period_start, period_end)
    if shared is not None and key in shared:
        rows, older = shared[key]
    else:
        rows = _load_rows(session, period_start, period_end)
        # earlier documents that take effect soon are reminders worth a section of their own
        older = _load_rows(session, period_end - timedelta(days=EFFECTIVE_LOOKBACK_DAYS), period_end,
                           detected_before=period_start) if period_start else []
        _canonical_first(session, rows + older)
        if shared is not None:
            shared[key] = (rows, older)

    chosen = []
    for row in _pick_per_document(rows):
        f = facts(row)
        if subscriber_accepts(subs, f):
            chosen.append((row, f, _section_of(f)))
    shown = {row.doc_key for row, _, _ in chosen}
    today = period_end.astimezone(_zone(subscriber.timezone)).date()
    for row in _pick_per_document([r for r in older if r.event.kind in ("new", "finalized")]):
        if row.doc_key in shown or row.release.status == "withdrawn":
            continue
        f = facts(row)
        if f["effective"] and today < f["effective"] <= today + timedelta(days=EFFECTIVE_WINDOW_DAYS) \
                and subscriber_accepts(subs, f):
            chosen.append((row, f, "effective"))
            shown.add(row.doc_key)

    translations: dict[str, str | None] = {}
    if lang == "en":
        texts = []
        for row, f, _ in chosen:
            v = row.version
            title = (v.title if v is not None else None) or row.release.title or ""
            if looks_chinese(title):
                texts.append(title)
                texts += [s for s in content.pick_summary(v.text if v is not None else "", title=title)
                          if looks_chinese(s)]
        texts = list(dict.fromkeys(texts))
        if texts:
            translations = dict(zip(texts, translator.translate(texts, "zh", "en")))

    sections = {key: [] for key in SECTIONS}
    for row, f, section in chosen:
        sections[section].append(_make_item(row, f, lang, base_url, translations, today))
    sections["national"].sort(key=lambda i: (i["published"] or "", i["detected_at"]), reverse=True)
    sections["provincial"].sort(key=lambda i: (i["published"] or "", i["detected_at"]), reverse=True)
    sections["international"].sort(key=lambda i: (i["published"] or "", i["detected_at"]), reverse=True)
    sections["drafts"].sort(key=lambda i: (i["deadline"] is None, i["deadline"] or "", i["detected_at"]))
    sections["effective"].sort(key=lambda i: (i["effective"] or "", i["detected_at"]))
    sections["changes"].sort(key=lambda i: i["detected_at"], reverse=True)

    zone = _zone(subscriber.timezone)
    start_local = period_start.astimezone(zone) if period_start else None
    end_local = period_end.astimezone(zone)
    count = sum(len(v) for v in sections.values())
    tokens = _tokens(subscriber)
    return {
        "lang": lang,
        "subscriber": {"id": subscriber.id, "email": subscriber.email, "name": subscriber.name or ""},
        "week": iso_week(end_local),
        "period": {
            "start": period_start.isoformat() if period_start else None,
            "end": period_end.isoformat(),
            "start_label": fmt_date(start_local, lang) if start_local else "",
            "end_label": fmt_date(end_local, lang),
        },
        "generated_at": now.isoformat(),
        "count": count,
        "empty": count == 0,
        "sections": [
            {"key": key, "title": t(lang, f"sec_{key}"), "items": sections[key]} for key in SECTIONS if sections[key]
        ],
        "base_url": base_url,
        "unsubscribe_url": f"{base_url}/unsubscribe/{tokens['unsubscribe']}" if tokens else None,
        "feed_url": f"{base_url}/feed/{tokens['feed']}.atom" if tokens else None,
        "translator": translator.name,
    }


def _tokens(subscriber: Subscriber) -> dict | None:
    try:
        from regwatch.web import make_token
    except ImportError:  # pragma: no cover - web.py ships with this module
        return None
    return {"unsubscribe": make_token(subscriber.id, "unsubscribe"), "feed": make_token(subscriber.id, "feed")}


# ---------------------------------------------------------------------------------------------- rendering
def _env(html: bool) -> Environment:
    return _env_for(html, str(templates_dir()))


@functools.lru_cache(maxsize=4)
def _env_for(html: bool, directory: str) -> Environment:
    """One environment per kind, kept: a new one per digest re-parsed and re-compiled both templates for every
    subscriber (Jinja's own cache lives in the environment; it still reloads a template whose file changed)."""
    # The HTML template autoescapes every value (scraped titles and sentences are untrusted). The text template
    # is not HTML, so HTML-escaping there would corrupt '&' and '<' in plain-text mail; it renders literally.
    env = Environment(loader=FileSystemLoader(directory), autoescape=html, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=strip_bidi)
    env.globals["t"] = t
    env.filters["trusted_diff"] = lambda s: Markup(s) if s else ""
    return env


_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def render_digest(context: dict, lang: str | None = None) -> tuple[str, str, str]:
    """(subject, html with inlined CSS, plain text) for a digest context."""
    lang = lang or context["lang"]
    week = context["week"]
    subject = t(lang, "subject_empty", week=week) if context["empty"] else \
        t(lang, "subject", count=context["count"], week=week)
    ctx = dict(context, lang=lang, subject=subject)
    html = _INLINER.inline(_env(True).get_template("digest.html.j2").render(**ctx))
    text = _env(False).get_template("digest.txt.j2").render(**ctx)
    return subject, html, text


def _mail_domain(mail_from: str) -> str:
    addr = parseaddr(mail_from)[1]
    return addr.rpartition("@")[2] or "regwatch.localhost"


def build_message(subscriber: Subscriber, subject: str, html: str, text: str, message_id: str,
                  unsubscribe_url: str | None, now: datetime) -> EmailMessage:
    """A multipart/alternative digest with RFC 8058 one-click unsubscribe headers."""
    msg = EmailMessage(policy=SMTP.clone(max_line_length=998))  # keep long List-Unsubscribe URLs unfolded
    msg["From"] = get_settings().mail_from
    # a display name is free text: CR/LF would make the header raise (one bad row would stop every digest)
    msg["To"] = formataddr((" ".join((subscriber.name or "").split()), subscriber.email))
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id
    if unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def _empty_policy() -> str:
    """``note`` (default: send a short 'nothing new' email) or ``skip``; env ``REGWATCH_DIGEST_EMPTY``."""
    value = (get_settings().digest_empty).strip().lower()
    return "skip" if value in ("skip", "0", "false", "no") else "note"


def period_start_for(session: Session, subscriber: Subscriber, now: datetime) -> datetime:
    """Where the next digest starts: after the last sent digest, or after any digest still queued (never twice)."""
    starts = [subscriber.last_digest_at] if subscriber.last_digest_at else []
    for d in session.scalars(select(Delivery).where(Delivery.subscriber_id == subscriber.id,
                                                    Delivery.channel == "email",
                                                    Delivery.status.notin_(("failed", "cancelled")))):
        end = (d.extra or {}).get("period_end")
        if end:
            starts.append(datetime.fromisoformat(end))
    return max(starts) if starts else now - timedelta(days=7)


def enqueue_due_digests(session: Session, now: datetime, *, force: bool = False,
                        translator: Translator | None = None) -> list[Delivery]:
    """Queue this ISO week's digest for every active subscriber whose weekday/hour has passed (or all, ``force``).

    Idempotent: the key ``digest:<subscriber_id>:<ISO week>`` is unique, so a second call in the same week adds
    nothing. The exact MIME bytes are stored; ``Subscriber.last_digest_at`` moves only when the outbox sends it.
    """
    created = []
    shared: dict = {}  # rows per period, loaded once for all subscribers of this run
    subscribers = session.scalars(select(Subscriber).where(Subscriber.active.is_(True),
                                                           Subscriber.unsubscribed_at.is_(None))
                                  .order_by(Subscriber.id))
    for sub in list(subscribers):
        week, due = due_moment(sub, now)
        if now < due and not force:
            continue
        key = f"digest:{sub.id}:{week}"
        if session.scalar(select(Delivery.id).where(Delivery.idempotency_key == key)) is not None:
            continue
        start = period_start_for(session, sub, now)
        ctx = build_digest(session, sub, start, now, now, translator=translator, shared=shared)
        if ctx["empty"] and _empty_policy() == "skip":
            continue
        subject, html, text = render_digest(ctx, ctx["lang"])
        domain = _mail_domain(get_settings().mail_from)
        message_id = f"<digest.{sub.id}.{week}.{secrets.token_hex(6)}@{domain}>"
        msg = build_message(sub, subject, html, text, message_id, ctx["unsubscribe_url"], now)
        payload = msg.as_bytes()
        delivery = Delivery(
            idempotency_key=key, channel="email", subscriber_id=sub.id, period=week, message_id=message_id,
            recipient=sub.email, payload=payload, status="pending", attempts=0, next_attempt_at=now,
            created_at=now,
            extra={"period_start": start.isoformat(), "period_end": now.isoformat(), "items": ctx["count"],
                   "event_ids": [i["event_id"] for s in ctx["sections"] for i in s["items"]],
                   "sha256": hashlib.sha256(payload).hexdigest()},
        )
        session.add(delivery)
        session.flush()
        created.append(delivery)
        log.info("queued digest %s (%d items)", key, ctx["count"])
    return created


def preview(session: Session, subscriber: Subscriber, week: str, out_dir: Path, now: datetime | None = None,
            translator: Translator | None = None) -> tuple[Path, Path]:
    """Render the digest of ISO ``week`` for a subscriber into ``out_dir`` (HTML + text); nothing is queued."""
    zone = _zone(subscriber.timezone)
    monday = week_monday(week)
    start = datetime.combine(monday, time(0), tzinfo=zone).astimezone(UTC)
    end = start + timedelta(days=7)
    ctx = build_digest(session, subscriber, start, end, now or end, translator=translator)
    ctx["week"] = week
    _, html, text = render_digest(ctx, ctx["lang"])
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{week}-{subscriber.id}-{ctx['lang']}"
    html_path, text_path = out_dir / f"{stem}.html", out_dir / f"{stem}.txt"
    html_path.write_text(html, encoding="utf-8")
    text_path.write_text(text, encoding="utf-8")
    return html_path, text_path
