"""Digest round trip through the real outbox, a real SMTP server and the Starlette unsubscribe endpoint."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from starlette.testclient import TestClient

from regwatch.models import Delivery, Subscriber
from regwatch.notify.digest import build_digest, enqueue_due_digests
from regwatch.notify.outbox import deliver_due
from regwatch.web import create_app
from tests.notify.conftest import NOW, add_subscriber, read_mail

BASE = "https://regwatch.example.org"


def _send_week(factory, now):
    with factory() as s, s.begin():
        queued = [(d.idempotency_key, d.message_id, d.recipient) for d in enqueue_due_digests(s, now)]
    return queued, deliver_due(factory, now)


def test_digest_round_trip_filters_languages_links_and_unsubscribe(factory, world, smtp_sink, db_url):
    en = add_subscriber(factory, "analyst@example.org", "en", name="Lin Analyst")
    zh = add_subscriber(factory, "zhang@example.com", "zh", name="张伟",
                        filters={"levels": ["provincial"], "keywords": ["碳达峰"]})
    queued, counts = _send_week(factory, NOW)
    assert sorted(k for k, _, _ in queued) == [f"digest:{en}:2026-W48", f"digest:{zh}:2026-W48"]
    assert counts["sent"] == 2 and counts["failed"] == 0

    mails = {read_mail(p)[0]["To"].addresses[0].addr_spec: read_mail(p) for p in smtp_sink.files()}
    assert set(mails) == {"analyst@example.org", "zhang@example.com"}

    msg, text, html = mails["analyst@example.org"]
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Message-ID"] == next(m for k, m, _ in queued if k.startswith(f"digest:{en}:"))
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsub_url = str(msg["List-Unsubscribe"]).strip("<>")
    assert unsub_url.startswith(f"{BASE}/unsubscribe/")
    assert msg["Subject"].startswith("regwatch weekly: 8 carbon-policy updates")
    # English frame throughout: section titles, glossary issuer names, dates
    for needle in ("National releases", "Provincial and municipal releases", "Drafts open for comment",
                   "Taking effect soon", "Revised and withdrawn documents", "International",
                   "General Office of the State Council: Work plan on carbon accounting", "18 Nov 2026",
                   "Comments close: 27 Nov 2026 (4 days left)", "Chinese original; no translation available."):
        assert needle in text, needle
    # links: original, archived copy, also published by (the NDRC repost), unsubscribe
    assert f'href="{BASE}/archive/{world.versions["dual_gov"]}"' in html
    assert 'href="https://www.gov.cn/zhengce/content/202608/content_6965771.htm"' in html
    assert 'href="https://www.ndrc.gov.cn/xxgk/zcfb/tz/202608/t20260802_1.html"' in html
    assert unsub_url in html and unsub_url in text
    # CSS is inlined (mail clients drop <style>), scraped markup is escaped
    assert 'style="' in html and "<script>alert" not in html and "&lt;script&gt;" in html
    # excluded: classifier says irrelevant, editorial-only revision, baseline crawl
    for absent in ("新闻发布会", "钢铁行业节能降碳", "历史文件"):
        assert absent not in text and absent not in html, absent

    msg_zh, text_zh, html_zh = mails["zhang@example.com"]
    assert msg_zh["Subject"] == "碳达峰碳中和政策周报：2 条更新（2026-W48）"
    assert "地方发布" in text_zh and "公开征求意见" in text_zh and "国家层面发布" not in text_zh
    assert "广东省碳达峰实施方案" in text_zh and "碳排放权交易管理暂行条例" not in text_zh
    assert "意见截止：2026年11月27日" in text_zh

    with factory() as s:
        sub = s.get(Subscriber, en)
        assert sub.last_digest_at == NOW
        assert s.scalar(select(Delivery.status).where(Delivery.idempotency_key == f"digest:{en}:2026-W48")) == "sent"
    # same week again: nothing new queued, nothing resent
    queued_again, counts_again = _send_week(factory, NOW + timedelta(hours=3))
    assert queued_again == [] and counts_again["sent"] == 0 and len(smtp_sink.files()) == 2

    # one-click unsubscribe (RFC 8058) through the real app
    client = TestClient(create_app(db_url))
    path = unsub_url[len(BASE):]
    page = client.get(path)
    assert page.status_code == 200 and 'method="post"' in page.text and "analyst@example.org" in page.text
    with factory() as s:
        assert s.get(Subscriber, en).active  # GET alone must not unsubscribe (link scanners)
    forged = client.post(path[:-2] + ("AA" if not path.endswith("AA") else "BB"),
                         content=b"List-Unsubscribe=One-Click")
    assert forged.status_code == 404
    done = client.post(path, content=b"List-Unsubscribe=One-Click",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert done.status_code == 200
    with factory() as s:
        sub = s.get(Subscriber, en)
        assert not sub.active and sub.unsubscribed_at is not None

    # next week: the unsubscribed address gets nothing, the other subscriber still does
    queued_next, counts_next = _send_week(factory, NOW + timedelta(days=7))
    assert [r for _, _, r in queued_next] == ["zhang@example.com"]
    assert counts_next["sent"] == 1
    assert [read_mail(p)[0]["To"].addresses[0].addr_spec for p in smtp_sink.files()].count("analyst@example.org") == 1


def test_unsubscribe_cancels_queued_digest(factory, world, smtp_sink, db_url):
    sid = add_subscriber(factory, "late@example.org", "en")
    with factory() as s, s.begin():
        (d,) = enqueue_due_digests(s, NOW)
        key = d.idempotency_key
    from regwatch.web import make_token

    client = TestClient(create_app(db_url))
    assert client.post(f"/unsubscribe/{make_token(sid, 'unsubscribe')}").status_code == 200
    counts = deliver_due(factory, NOW)
    assert counts["sent"] == 0 and smtp_sink.files() == []
    with factory() as s:
        assert s.scalar(select(Delivery.status).where(Delivery.idempotency_key == key)) == "cancelled"


def test_empty_week_sends_short_note_or_nothing(factory, world, smtp_sink, monkeypatch):
    add_subscriber(factory, "quiet@example.org", "en", filters={"keywords": ["hydrogen aviation"]})
    queued, counts = _send_week(factory, NOW)
    assert len(queued) == 1 and counts["sent"] == 1
    msg, text, html = read_mail(smtp_sink.files()[0])
    assert msg["Subject"] == "regwatch weekly: nothing new, 2026-W48"
    assert "Nothing new matched your subscription" in text and 'id="nothing-new"' in html
    assert "National releases" not in text

    monkeypatch.setenv("REGWATCH_DIGEST_EMPTY", "skip")
    add_subscriber(factory, "silent@example.org", "en", filters={"keywords": ["hydrogen aviation"]})
    queued2, counts2 = _send_week(factory, NOW)
    assert queued2 == [] and counts2["sent"] == 0


def test_document_reposted_by_two_sources_appears_once(factory, world):
    sid = add_subscriber(factory, "once@example.org", "zh")
    with factory() as s:
        ctx = build_digest(s, s.get(Subscriber, sid), NOW - timedelta(days=7), NOW, NOW)
    items = [i for sec in ctx["sections"] for i in sec["items"]]
    dual = [i for i in items if "碳排放双控制度体系" in i["title"]]
    assert len(dual) == 1
    assert dual[0]["url"].startswith("https://www.gov.cn/")  # the canonical release leads
    assert [a["url"] for a in dual[0]["also"]] == ["https://www.ndrc.gov.cn/xxgk/zcfb/tz/202608/t20260802_1.html"]
    assert len({i["document_key"] for i in items}) == len(items)


def test_filters_and_editorial_opt_in(factory, world):
    only_market = add_subscriber(factory, "market@example.org", "en",
                                 filters=[{"sectors": ["carbon_market"], "levels": ["national"]}])
    steel = add_subscriber(factory, "steel@example.org", "en",
                           filters={"sectors": ["iron_steel"], "include_editorial": True})
    revised_kw = add_subscriber(factory, "kw@example.org", "zh", filters={"keywords": ["产能置换"]})
    with factory() as s:
        def titles(sid):
            ctx = build_digest(s, s.get(Subscriber, sid), NOW - timedelta(days=7), NOW, NOW)
            return sorted(i["title"] for sec in ctx["sections"] for i in sec["items"])

        assert titles(only_market) == sorted(["碳排放权交易管理暂行条例", "生态环境部关于做好全国碳市场配额分配工作的通知"])
        assert titles(steel) == ["工业和信息化部关于钢铁行业节能降碳的通知"]
        # keywords match only text a revision added: "产能置换" was added to the MIIT plan
        assert titles(revised_kw) == ["工业和信息化部等四部门关于印发建材行业碳达峰实施方案的通知"]


def test_drafts_sorted_by_deadline_soonest_first(factory, world):
    from datetime import date

    from tests.notify.conftest import World

    with factory() as s, s.begin():
        w = World(s)
        src = w.source("zj_fzggw_tzgg", name="浙江省发展和改革委员会 · 通知公告", agency="zj_fzggw",
                       level="provincial", region="zhejiang")
        w.release(src, "https://fzggw.zj.gov.cn/art/2026/11/20/art_1.html",
                  title="关于公开征求《浙江省能源领域碳达峰实施方案（征求意见稿）》意见的通知",
                  text_="现公开征求意见。\n意见反馈截止时间为2026年11月24日。\n到2025年，非化石能源消费比重达到24%。",
                  published=date(2026, 11, 20),
                  labels={"relevant": True, "sectors": ["energy"], "plan_type": "implementation_plan",
                          "status": "consultation", "level": "provincial", "region": "zhejiang", "issuers": []},
                  detected_at=NOW - timedelta(days=2))
    sid = add_subscriber(factory, "drafts@example.org", "en", filters={"statuses": ["consultation"]})
    with factory() as s:
        ctx = build_digest(s, s.get(Subscriber, sid), NOW - timedelta(days=7), NOW, NOW)
    (drafts,) = [sec for sec in ctx["sections"] if sec["key"] == "drafts"]
    assert [i["deadline"] for i in drafts["items"]] == ["2026-11-24", "2026-11-27"]
    assert drafts["items"][0]["days_left"] == 1
