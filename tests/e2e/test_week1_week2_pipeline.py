"""End to end on the foundation sources: real Scrapy crawls through the mirror, then processing.

Week 1 is a silent baseline; week 2 (a week later on the injectable clock) must yield exactly the events
documented in snapshots/<slug>/SCENARIOS.md — including a chrome-only change and a transient 404 that must
produce nothing. Politeness is asserted from the mirror's own access log.
"""
from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from regwatch import pipeline
from regwatch.db import session_scope
from regwatch.mirror.server import MirrorServer
from regwatch.models import ChangeEvent, CrawlRun, Document, Release

pytestmark = pytest.mark.slow

from tests.e2e.scenarios import CHROME_ONLY, DELAY, EXPECTED_WEEK2, EXPECTED_WEEK3, SOURCES, TRANSIENT_404


CONNECT_JITTER = 0.06  # seconds a new tunnel's CONNECT + TLS handshake may shift a logged start


def assert_polite(log: list[dict], robots_expected: int) -> None:
    """Per host: requests never overlap, and consecutive requests are spaced by the download delay."""
    by_host = defaultdict(list)
    for entry in log:
        if entry["method"] != "CONNECT":
            by_host[entry["host"]].append(entry)
    for host, entries in by_host.items():
        entries.sort(key=lambda e: e["start"])
        gaps = []
        for before, after in zip(entries, entries[1:]):
            assert after["start"] >= before["end"], f"concurrent requests to {host}: {before['url']} / {after['url']}"
            # the delay is a floor (no jitter, spiders/settings.py); the mirror logs a request when it has been
            # read, so a new CONNECT + TLS setup can shift one start by a few tens of milliseconds
            gaps.append(after["start"] - before["start"])
            assert gaps[-1] >= DELAY - CONNECT_JITTER, f"{host} hit too fast: {gaps[-1]:.3f}s"
        robots = [e for e in entries if urlsplit(e["url"]).path == "/robots.txt"]
        assert len(robots) == robots_expected, f"{host}: robots.txt fetched {len(robots)} times"


def crawl(mirror: MirrorServer, monkeypatch, now: str, robots_expected: int = 1) -> list[dict]:
    monkeypatch.setenv("REGWATCH_NOW", now)
    mirror.clear_log()
    results = pipeline.crawl_sources(SOURCES, mirror=mirror.url, workers=3)
    assert {r["slug"]: r["status"] for r in results} == {s: "ok" for s in SOURCES}, results
    assert_polite(mirror.access_log(), robots_expected)
    return results


def test_baseline_then_week2_events(regwatch_env, monkeypatch):
    monkeypatch.setenv("REGWATCH_DOWNLOAD_DELAY", str(DELAY))
    monkeypatch.setenv("REGWATCH_NOW", "2026-11-09T02:00:00+00:00")
    pipeline.prepare()
    with MirrorServer(pipeline.default_snapshots_dir(), "week1") as mirror:
        week1 = crawl(mirror, monkeypatch, "2026-11-09T02:00:00+00:00")
        assert all(r["baseline"] and r["new_versions"] >= 2 for r in week1)
        first = pipeline.process_new_versions()
        assert (first["new"], first["revised"], first["withdrawn"]) == (0, 0, 0)  # a baseline is silent
        assert first["classified"] == sum(r["new_versions"] for r in week1)

        mirror.set_state("week2")
        week2 = crawl(mirror, monkeypatch, "2026-11-16T02:00:00+00:00")
        assert not any(r["baseline"] for r in week2)
        second = pipeline.process_new_versions()

        # an hour later nothing is new and no revisit is due: only conditional list requests, answered 304;
        # robots.txt is reused (at most one fetch a day per host)
        crawl(mirror, monkeypatch, "2026-11-16T03:00:00+00:00", robots_expected=0)
        sweep = [e for e in mirror.access_log() if e["method"] != "CONNECT"]
        assert sweep and {e["status"] for e in sweep} == {304}, [(e["status"], e["url"]) for e in sweep]
        assert pipeline.process_new_versions()["versions"] == 0

        # week 3: the final version of a draft, an annex swapped behind the same link, a withdrawal undone,
        # and the page that answered 404 once is back (never withdrawn, so no event)
        mirror.set_state("week3")
        crawl(mirror, monkeypatch, "2026-11-23T02:00:00+00:00")
        third = pipeline.process_new_versions()

    with session_scope() as session:
        events = {(e.kind, e.release.url) for e in session.scalars(select(ChangeEvent))}
        assert events == EXPECTED_WEEK2 | EXPECTED_WEEK3
        releases = {r.url: r for r in session.scalars(select(Release))}
        # stored URLs keep the original hosts, never the mirror's address
        assert {urlsplit(u).hostname for u in releases} == {"www.gov.cn", "www.ndrc.gov.cn", "www.mee.gov.cn",
                                                            "yyglxxbsgw.ndrc.gov.cn"}
        transient = releases[TRANSIENT_404]
        assert transient.status == "active" and transient.gone_count == 0 and transient.gone_first_at is not None
        assert len(releases[CHROME_ONLY].versions) == 1  # chrome-only change: no new version
        restored = releases["https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261103_1401102.html"]
        assert restored.status == "active" and len(restored.versions) == 1
        swapped = releases["https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261107_1401235.html"]
        annexes = [v.meta["attachments"][0] for v in swapped.versions]
        assert [a["sha256"] is not None for a in annexes] == [True, True] and annexes[0]["sha256"] != annexes[1]["sha256"]
        assert swapped.versions[0].text == swapped.versions[1].text  # the page itself did not change
        final = releases["https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261119_1401555.html"]
        draft = releases["https://yyglxxbsgw.ndrc.gov.cn/sa.html#/c9Xk2m"]
        assert final.document_id != draft.document_id
        assert session.get(Document, final.document_id).related_document_id == draft.document_id
        revised = session.scalar(select(ChangeEvent).where(ChangeEvent.kind == "revised",
                                                            ChangeEvent.release_id == releases[
                                                                "https://www.gov.cn/zhengce/content/202611/content_7100082.htm"].id))
        assert revised.old_version_id and revised.new_version_id and "4.0%" in revised.summary
        assert session.scalar(select(CrawlRun).where(CrawlRun.is_baseline.is_(False)).limit(1)).list_complete
    assert (second["new"], second["revised"], second["withdrawn"]) == (4, 2, 1)
    assert (third["new"], third["finalized"], third["attachment_changed"], third["restored"]) == (1, 1, 1, 1)
