"""A new source's first crawl is a silent baseline, except items published within the look-back window."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from regwatch import store
from regwatch.db import session_scope, upgrade
from regwatch.models import ChangeEvent, Release
from regwatch.process import process_versions, ProcessSummary
from spiders.items import DetailPage, ListEntry, ReleaseItem
from spiders.records import all_sources

NOW = datetime(2026, 11, 9, 2, tzinfo=timezone.utc)


def item(url: str, published: str) -> ReleaseItem:
    page = DetailPage(title=f"关于{published}的通知", published=published, body_html=f"<p>{url} 正文。</p>")
    return ReleaseItem("cn_ndrc_tz", url, ListEntry(url, page.title, published), page, b"<p/>", "utf-8", 200, url)


def test_lookback_items_of_a_baseline_are_announced(regwatch_env, monkeypatch, sqlite_url):
    monkeypatch.setenv("REGWATCH_LOOKBACK_DAYS", "3")
    upgrade(sqlite_url)
    with session_scope(sqlite_url) as s:
        store.sync_sources(s, all_sources(), NOW)
        run = store.start_run(s, "cn_ndrc_tz", NOW)
        for url, published in (("https://www.ndrc.gov.cn/a.html", "2026-11-08"),
                               ("https://www.ndrc.gov.cn/b.html", "2026-10-01")):
            store.record_fetch(s, item(url, published), NOW, run_id=run.id, baseline=run.is_baseline)
    with session_scope(sqlite_url) as s:
        process_versions(s, NOW, ProcessSummary())
    with session_scope(sqlite_url) as s:
        baseline = {r.url: r.is_baseline for r in s.scalars(select(Release))}
        events = {(e.kind, e.release.url) for e in s.scalars(select(ChangeEvent))}
    assert baseline == {"https://www.ndrc.gov.cn/a.html": False, "https://www.ndrc.gov.cn/b.html": True}
    assert events == {("new", "https://www.ndrc.gov.cn/a.html")}
