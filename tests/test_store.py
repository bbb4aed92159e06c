"""The store on SQLite and on the real PostgreSQL: migrations, append-only versions, gone-observations."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from regwatch import store
from regwatch.db import session_scope, upgrade
from regwatch.models import Blob, CrawlRun, Release, Source, Version
from spiders.items import Attachment, DetailPage, GoneItem, ListEntry, ReleaseItem
from spiders.records import all_sources

T0 = datetime(2026, 11, 9, 2, tzinfo=timezone.utc)
URL = "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261105_1400001.html"
BODY = "<div class='TRS_Editor'><p>到2025年，单位GDP能耗下降13.5%。</p><p>各地要加强组织实施。</p></div>"


def item(body=BODY, title="关于印发某方案的通知", attachments=()):
    entry = ListEntry(url=URL, title=title, published="2026-11-05")
    page = DetailPage(title=title, published="2026-11-05", body_html=body, doc_number="发改能源〔2026〕1号",
                      attachments=[Attachment(u, "附件") for u in attachments])
    return ReleaseItem("cn_ndrc_tz", URL, entry, page, body.encode(), "utf-8", 200, URL)


def test_store_versions_and_gone_observations(db_url):
    upgrade(db_url)
    upgrade(db_url)  # idempotent
    with session_scope(db_url) as s:
        store.sync_sources(s, all_sources(), T0)
        run = store.start_run(s, "cn_ndrc_tz", T0)
        assert run.is_baseline
        run_id = run.id
    with session_scope(db_url) as s:
        assert store.record_fetch(s, item(), T0, run_id=run_id, baseline=True)
        # same content, different chrome and whitespace: no new version
        noisy = BODY.replace("</div>", "<p>浏览次数：125</p><p>【字体：大 中 小】 打印本页</p></div>")
        assert not store.record_fetch(s, item(body=noisy.replace("。", "。 ")), T0 + timedelta(days=1), run_id, True)
        # a real change appends a second version and keeps the first
        assert store.record_fetch(s, item(body=BODY.replace("13.5%", "14%")), T0 + timedelta(days=7), run_id, True)
        assert store.record_fetch(s, item(body=BODY.replace("13.5%", "14%"), attachments=["https://x/P0.pdf"]),
                                  T0 + timedelta(days=8), run_id, True)
    with session_scope(db_url) as s:
        release = s.scalar(select(Release))
        versions = s.scalars(select(Version).order_by(Version.id)).all()
        assert release.is_baseline and release.fetch_count == 4 and release.doc_number == "发改能源〔2026〕1号"
        assert ["13.5%" in versions[0].text, "14%" in versions[1].text] == [True, True]
        assert len(versions) == 3 and len({v.content_hash for v in versions}) == 3
        assert release.next_revisit_at == T0 + timedelta(days=8) + timedelta(days=90)  # 4th fetch: longest interval
        assert store.read_blob(s, versions[0].raw_sha256) == BODY.encode()
        assert s.scalar(select(func.count()).select_from(Blob)) == 2  # identical raw bytes stored once
        store.record_gone(s, GoneItem("cn_ndrc_tz", URL, 404, "HTTP 404"), T0 + timedelta(days=9))
        store.record_gone(s, GoneItem("cn_ndrc_tz", "https://unknown/x.html", 404, "HTTP 404"), T0)  # ignored
    with session_scope(db_url) as s:
        release = s.scalar(select(Release))
        assert (release.gone_count, release.gone_reason) == (1, "HTTP 404")
        assert release.next_revisit_at == T0 + timedelta(days=9, hours=24)  # re-check after the confirm interval
        plan = store.crawl_plan(s, "cn_ndrc_tz", T0 + timedelta(days=11))
        assert plan.known == {URL} and [r["url"] for r in plan.revisits] == [URL]


def test_spider_report_and_finish_run_record_causes(db_url):
    upgrade(db_url)
    with session_scope(db_url) as s:
        store.sync_sources(s, all_sources(), T0)
        empty = store.start_run(s, "cn_gov_zuixin", T0).id
        crashed = store.start_run(s, "cn_ndrc_tz", T0).id
    with session_scope(db_url) as s:
        store.record_spider_report(s, empty, stats={"downloader/request_count": 2}, list_failures=[],
                                   detail_errors=[], list_entries=0, expected_min_items=5)
        store.finish_run(s, empty, T0, 0, "")
        store.finish_run(s, crashed, T0, -9, "Killed")
    with session_scope(db_url) as s:
        runs = {r.id: r for r in s.scalars(select(CrawlRun))}
        assert runs[empty].status == "empty" and "expected at least 5" in runs[empty].cause
        assert runs[crashed].status == "failed" and "code -9" in runs[crashed].cause
        assert s.get(Source, "cn_gov_zuixin").baseline_at is None  # a failed baseline is retried, not skipped


def test_paused_sources_are_skipped_by_unnamed_crawls(regwatch_env):
    from click.testing import CliRunner

    from regwatch.cli import main
    from regwatch.pipeline import active_slugs

    result = CliRunner().invoke(main, ["sources", "pause", "cn_ndrc_tz", "cn_mee_zcwj"])
    assert result.exit_code == 0, result.output
    assert "cn_ndrc_tz" not in active_slugs() and "cn_gov_zuixin" in active_slugs()
    CliRunner().invoke(main, ["sources", "resume", "cn_ndrc_tz"])
    assert "cn_ndrc_tz" in active_slugs() and "cn_mee_zcwj" not in active_slugs()
    assert CliRunner().invoke(main, ["sources", "pause", "cn_nope_x"]).exit_code != 0
