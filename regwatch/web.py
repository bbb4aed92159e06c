"""regwatch's small web app (Starlette): one-click unsubscribe, archived copies with diffs, per-subscriber Atom feeds.

* ``/unsubscribe/<token>``: RFC 8058 — POST unsubscribes at once (mail clients call it), GET shows a confirm form.
* ``/archive/<version_id>``: the stored normalized text of a version, escaped (scraped HTML is never served), with
  the change against the previous version.
* ``/feed/<token>.atom``: the subscriber's matching items of the last 30 days.

Tokens are itsdangerous signatures over the subscriber id with ``REGWATCH_SECRET_KEY`` (one salt per purpose):
unforgeable and not enumerable. ``make_token`` refuses to work without the key rather than sign with a guessable one.
"""
from __future__ import annotations

import logging
from datetime import timedelta
from xml.etree import ElementTree as ET

from itsdangerous import BadSignature, URLSafeSerializer
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from regwatch.config import get_settings, templates_dir, utcnow
from regwatch.notify.safe import strip_bidi
from regwatch.db import get_engine
from regwatch.models import ChangeEvent, Delivery, Release, Source, Subscriber, Version
from regwatch.notify.translate import looks_chinese

log = logging.getLogger(__name__)
PURPOSES = ("unsubscribe", "feed")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _serializer(purpose: str) -> URLSafeSerializer:
    key = get_settings().secret_key
    if not key:
        raise RuntimeError("REGWATCH_SECRET_KEY is not set: cannot sign unsubscribe/feed links")
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return URLSafeSerializer(key, salt=f"regwatch.{purpose}")


def make_token(subscriber_id: int, purpose: str) -> str:
    """A signed, URL-safe token naming one subscriber for one purpose (``unsubscribe`` or ``feed``)."""
    return _serializer(purpose).dumps(subscriber_id)


def read_token(token: str, purpose: str) -> int | None:
    """The subscriber id of a valid token, else ``None``."""
    try:
        value = _serializer(purpose).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe(session: Session, subscriber: Subscriber) -> None:
    """Stop everything for a subscriber: inactive now, and queued digests cancelled (they will not be sent)."""
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = utcnow()
    subscriber.active = False
    session.execute(
        update(Delivery).where(Delivery.subscriber_id == subscriber.id,
                               Delivery.status.in_(("pending", "in_doubt")))
        .values(status="cancelled", last_error="subscriber unsubscribed")
        .execution_options(synchronize_session=False)
    )


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(str(templates_dir())), autoescape=True, finalize=strip_bidi)
    env.filters["trusted_diff"] = lambda s: Markup(s) if s else ""
    return env


def _safe_href(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def create_app(database_url: str | None = None) -> Starlette:
    """The ASGI app; ``database_url`` defaults to ``REGWATCH_DATABASE_URL``."""
    factory = sessionmaker(get_engine(database_url), expire_on_commit=False)
    env = _templates()

    def page(template: str, status: int = 200, **ctx) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(**ctx), status_code=status, headers=SECURITY_HEADERS)

    async def unsubscribe_view(request: Request) -> Response:
        sid = read_token(request.path_params["token"], "unsubscribe")
        with factory() as session, session.begin():
            sub = session.get(Subscriber, sid) if sid is not None else None
            if sub is None:
                return page("web_message.html.j2", 404, title="Link not valid",
                            message="This unsubscribe link is not valid.")
            lang = sub.language if sub.language in ("en", "zh") else "en"
            if request.method == "POST":
                unsubscribe(session, sub)
                log.info("subscriber %s unsubscribed", sub.id)
                return page("web_message.html.j2", title="已退订" if lang == "zh" else "Unsubscribed",
                            message=("您已退订，不会再收到 regwatch 的邮件。" if lang == "zh"
                                     else f"{sub.email} will receive no more regwatch digests."))
            return page("web_unsubscribe.html.j2", email=sub.email, lang=lang,
                        already=sub.unsubscribed_at is not None)

    async def archive_view(request: Request) -> Response:
        vid = request.path_params["version_id"]
        with factory() as session:
            version = session.get(Version, vid)
            if version is None:
                return page("web_message.html.j2", 404, title="Not found", message="No such archived version.")
            release = session.get(Release, version.release_id)
            source = session.get(Source, release.source_slug)
            versions = session.scalars(select(Version.id, ).where(Version.release_id == release.id)
                                       .order_by(Version.id)).all()
            prev_id = max((v for v in versions if v < vid), default=None)
            prev = session.get(Version, prev_id) if prev_id else None
            event = session.scalars(select(ChangeEvent).where(ChangeEvent.new_version_id == vid)
                                    .order_by(ChangeEvent.id)).first()
            diff_html, diff_lines = None, []
            if event is not None and event.diff:
                try:
                    from diffing.diff import render_html  # type: ignore[import-not-found]

                    diff_html = render_html(event.diff, "zh" if looks_chinese(version.text) else "en")
                except ImportError:
                    pass
                except Exception:
                    log.exception("render_html failed for event %s", event.id)
            if diff_html is None and prev is not None:
                from regwatch.notify.content import diff_lines as paragraph_diff

                diff_lines = [{"op": op, "text": p} for op, p in paragraph_diff(prev.text, version.text, limit=200)]
            return page(
                "archive.html.j2", version=version, release=release, source=source,
                paragraphs=[p for p in (version.text or "").splitlines() if p.strip()],
                original_href=_safe_href(release.url), versions=versions, prev=prev, diff_html=diff_html,
                diff_lines=diff_lines, event=event,
            )

    async def feed_view(request: Request) -> Response:
        raw = request.path_params["token"]
        sid = read_token(raw, "feed")
        with factory() as session:
            sub = session.get(Subscriber, sid) if sid is not None else None
            if sub is None or not sub.active:
                return PlainTextResponse("not found", status_code=404)
            from regwatch.notify.digest import build_digest

            now = utcnow()
            ctx = build_digest(session, sub, now - timedelta(days=30), now, now)
        base = get_settings().base_url
        ns = "http://www.w3.org/2005/Atom"
        ET.register_namespace("", ns)
        feed = ET.Element(f"{{{ns}}}feed")
        ET.SubElement(feed, f"{{{ns}}}title").text = "regwatch: " + (sub.name or sub.email)
        ET.SubElement(feed, f"{{{ns}}}id").text = f"{base}/feed/{sub.id}"
        ET.SubElement(feed, f"{{{ns}}}updated").text = now.isoformat()
        ET.SubElement(feed, f"{{{ns}}}link", rel="self", href=f"{base}/feed/{raw}.atom")
        for section in ctx["sections"]:
            for item in section["items"]:
                entry = ET.SubElement(feed, f"{{{ns}}}entry")
                ET.SubElement(entry, f"{{{ns}}}title").text = strip_bidi(f"[{section['title']}] {item['headline']}")
                ET.SubElement(entry, f"{{{ns}}}id").text = f"{base}/event/{item['event_id']}"
                ET.SubElement(entry, f"{{{ns}}}updated").text = item["detected_at"]
                ET.SubElement(entry, f"{{{ns}}}link", rel="alternate", href=item["url"])
                if item["archive_url"]:
                    ET.SubElement(entry, f"{{{ns}}}link", rel="related", href=item["archive_url"])
                for label in item["labels"]:
                    ET.SubElement(entry, f"{{{ns}}}category", term=label)
                summary = " ".join(item["summary"]) or (item["diff_summary"] or "")
                ET.SubElement(entry, f"{{{ns}}}summary").text = strip_bidi(summary)
        body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    async def health(_request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[
        Route("/unsubscribe/{token}", unsubscribe_view, methods=["GET", "POST"]),
        Route("/archive/{version_id:int}", archive_view),
        Route("/feed/{token}.atom", feed_view),
        Route("/healthz", health),
    ])
