"""Hostile page content through the REAL pipeline: a fixture source crawled by the real spider through the mirror,
processed, then mailed (digest over SMTP to the sink), posted (Slack webhook receiver), and served (Atom feed and
archive page). Markup, script, ``javascript:``/``data:`` links, Slack control sequences, CR/LF header injection,
right-to-left overrides and over-long fields must arrive escaped or neutralised everywhere."""
from __future__ import annotations

import email
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.policy import default

import pytest
from sqlalchemy import select

from regwatch import pipeline
from regwatch.db import session_scope
from regwatch.mirror.server import MirrorServer
from regwatch.models import Release, Subscriber
from tests.reliability.site import Doc, default_docs, detail_page, list_page, make_source, write

pytestmark = pytest.mark.slow

HOST = "www.hostile.gov.cn"
SLUG = "cn_hostile_tz"
HOSTILE_TITLE = ("关于碳达峰的通知<script>alert('t')</script><img src=x onerror=alert(1)> <!channel> <!here> @everyone "
                 "<https://evil.example/|点此登录> &amp; \r\nBcc: victim@evil.example\r\nX-Injected: 1 "
                 "\u202egnp.exe 碳中和" + "长" * 3000)
HOSTILE_BODY = (
    "<p>到2030年前实现碳达峰。&lt;script&gt;alert('escaped')&lt;/script&gt; &lt;!channel&gt; "
    "&lt;https://evil.example/|看这里&gt;</p>"
    "<p><script>alert('body')</script><a href=\"javascript:alert(document.cookie)\">点击查看附件.pdf</a> "
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">附件2.doc</a> "
    "<a href=\"JaVaScRiPt:alert(2)\">附件3.xls</a><iframe src=\"http://10.0.0.1/\"></iframe></p>"
    "<p onmouseover=\"alert(3)\">各地区要加快推进碳达峰碳中和工作\u202e，确保2030年前实现碳达峰。</p>"
    "<p>" + "超长段落。" * 4000 + "</p>"
)
EVIL = ("<script", "<iframe", "<img", "<!channel>", "<!here>", "<https://evil.example/|")


def _hostile_state(root):
    docs = default_docs("hostile")
    hostile = Doc("202611/t20261112_9.html", HOSTILE_TITLE, "2026/11/12", HOSTILE_BODY)
    listed = [hostile] + docs
    write(root, SLUG, "week2", HOST, "tz/index.html", list_page(listed))
    write(root, SLUG, "week2", HOST, f"tz/{hostile.path}", detail_page(hostile))


CHECK_BIDI = {"on": False}


def _no_evil(where: str, text: str) -> None:
    """No live markup: escaped text (&lt;script&gt;) is fine, tags, handlers and script URLs are not."""
    low = text.lower()
    for marker in EVIL:
        assert marker.lower() not in low, f"{marker!r} unescaped in {where}"
    if CHECK_BIDI["on"]:
        assert "\u202e" not in text, f"right-to-left override left in {where}"


def _no_live_html(where: str, html: str) -> None:
    import lxml.html

    _no_evil(where, html)
    for el in lxml.html.fromstring(html).iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in ("script", "iframe", "object", "embed"), (where, el.tag)
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (where, el.tag, name)
            if name.lower() in ("href", "src", "action"):
                assert value.strip().lower().startswith(("http://", "https://", "mailto:", "#", "/")), (where, value)


@pytest.mark.parametrize("bidi", [
    False,
    pytest.param(True),
], ids=["markup-links-mentions-headers-length", "bidi-overrides"])
def test_hostile_content_is_neutralised_everywhere(fixture_world, monkeypatch, tmp_path, bidi):
    from starlette.testclient import TestClient

    from regwatch.notify.outbox import deliver_due
    from regwatch.notify.sink import start_smtp_sink, start_webhook_sink
    from regwatch.notify.subscribers import add_subscriber
    from regwatch.notify.urgent import enqueue_urgent
    from regwatch.web import create_app, make_token

    monkeypatch.setitem(CHECK_BIDI, "on", bidi)
    root, records = fixture_world
    make_source(root, records, SLUG, HOST)
    _hostile_state(root)
    monkeypatch.setenv("REGWATCH_SECRET_KEY", "hostile-test-key")
    monkeypatch.setenv("REGWATCH_BASE_URL", "https://regwatch.example.org")
    monkeypatch.setenv("REGWATCH_MAIL_FROM", "regwatch <digest@regwatch.example.org>")
    h, port, stop_smtp = start_smtp_sink(tmp_path / "mail")
    wh, wport, stop_hook = start_webhook_sink(tmp_path / "slack")
    monkeypatch.setenv("REGWATCH_SMTP_URL", f"smtp://{h}:{port}")
    monkeypatch.setenv("REGWATCH_SLACK_WEBHOOK_URL", f"http://{wh}:{wport}/services/T/B/X")
    rules = tmp_path / "urgency.yaml"
    rules.write_text("channel: urgent\nlookback_days: 7\nlanguage: en\nrules:\n  - id: all\n    label: Every new"
                     " carbon document <!channel>\n    kinds: [new]\n    title_any: ['碳达峰']\n", encoding="utf-8")
    try:
        monkeypatch.setenv("REGWATCH_NOW", "2026-11-09T02:00:00+00:00")
        pipeline.prepare()
        with MirrorServer(root, "week1") as mirror:
            assert pipeline.crawl_sources([SLUG], mirror=mirror.url)[0]["status"] == "ok"
            pipeline.process_new_versions()
            now = datetime.fromisoformat("2026-11-16T02:00:00+00:00")
            monkeypatch.setenv("REGWATCH_NOW", now.isoformat())
            mirror.set_state("week2")
            run = pipeline.crawl_sources([SLUG], mirror=mirror.url)[0]
            assert run["status"] == "ok" and run["new_versions"] == 1, run
            assert pipeline.process_new_versions()["new"] == 1
        with session_scope() as session:
            sub = add_subscriber(session, "reader@example.org", now - timedelta(days=30),
                                 name="Eve\r\nBcc: victim@evil.example", language="zh")
            sub_id = sub.id
            assert enqueue_urgent(session, now, rules_path=str(rules))
        pipeline.queue_digests(force=True)
        from regwatch.db import get_engine
        from sqlalchemy.orm import sessionmaker

        counts = deliver_due(sessionmaker(get_engine(), expire_on_commit=False), now)
        assert counts["sent"] >= 2 and counts["failed"] == 0, counts

        # -- email: headers and the HTML part
        mails = sorted((tmp_path / "mail").glob("*.eml"))
        assert len(mails) == 1
        raw = mails[0].read_bytes()
        msg = email.message_from_bytes(raw, policy=default)
        header_names = [k.lower() for k in msg.keys()]
        assert "bcc" not in header_names and "x-injected" not in header_names
        assert not re.search(rb"(?mi)^(Bcc|X-Injected):", raw.split(b"\r\n\r\n", 1)[0])  # the header block
        for name in ("Subject", "To", "From"):
            assert "\r" not in str(msg[name]) and "\n" not in str(msg[name])
        html = msg.get_body(preferencelist=("html",)).get_content()
        text = msg.get_body(preferencelist=("plain",)).get_content()
        assert "&lt;script&gt;" in html, "the hostile title is in the digest, escaped"
        _no_live_html("digest HTML", html)
        assert not bidi or "\u202e" not in text

        # -- Slack
        posts = [json.loads(p.read_bytes()) for p in sorted((tmp_path / "slack").glob("*.json"))]
        assert posts
        for post in posts:
            blob = json.dumps(post, ensure_ascii=False)
            _no_evil("Slack payload", blob.replace("\\u202e", "\u202e"))
            header = post["blocks"][0]["text"]["text"]
            assert len(header) <= 150 and all(len(b.get("text", {}).get("text", "")) <= 3000 for b in post["blocks"])
        assert "&lt;!channel&gt;" in json.dumps(posts, ensure_ascii=False)

        # -- Atom feed and archive page
        client = TestClient(create_app())
        feed = client.get(f"/feed/{make_token(sub_id, 'feed')}.atom")
        assert feed.status_code == 200
        tree = ET.fromstring(feed.content)  # well-formed XML whatever the titles hold
        ns = {"a": "http://www.w3.org/2005/Atom"}
        titles = [e.text for e in tree.findall("a:entry/a:title", ns)]
        assert any("<script>" in (t or "") for t in titles), "hostile title carried as text, escaped by XML"
        assert b"<script" not in feed.content.lower()
        for link in tree.iter("{http://www.w3.org/2005/Atom}link"):
            assert link.get("href", "").startswith(("http://", "https://")), link.attrib
        _no_evil("Atom feed", feed.content.decode("utf-8").replace("&lt;", "\0"))
        with session_scope() as session:
            release = session.scalar(select(Release).where(Release.url.like("%_9.html")))
            version_id = release.versions[-1].id
            assert session.get(Subscriber, sub_id).name.count("\n") <= 1
        page = client.get(f"/archive/{version_id}")
        assert page.status_code == 200
        _no_live_html("archive page", page.text)
        assert "&lt;script&gt;" in page.text
    finally:
        stop_smtp()
        stop_hook()
