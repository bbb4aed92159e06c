"""Urgent Slack posts through the outbox to a real HTTP webhook receiver: rules, Block Kit, escaping, 429/5xx."""
from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from regwatch.models import Delivery
from regwatch.notify.outbox import deliver_due
from regwatch.notify.slack import escape
from regwatch.notify.urgent import enqueue_ops_alert, enqueue_urgent, load_rules
from tests.notify.conftest import NOW, World


def _payloads(webhook_sink):
    return [json.loads(p.read_text("utf-8")) for p in webhook_sink.files()]


def _all_text(payload) -> str:
    return json.dumps(payload, ensure_ascii=False)


def test_urgent_rules_block_kit_and_escaping(factory, world, webhook_sink):
    with factory() as s, s.begin():  # an urgent item whose scraped title carries Slack control sequences
        w = World(s)
        gov = w.source("cn_gov_zhengce", name="中国政府网 · 政策", agency="state_council")
        evil = w.release(gov, "https://www.gov.cn/zhengce/content/202611/content_7000002.htm",
                         title="国务院关于推进绿色低碳转型的意见 <!channel> <https://evil.example/phish|点此查看> & @here",
                         text_="到2030年，非化石能源消费比重达到25%左右。", published=date(2026, 11, 21),
                         labels={"relevant": True, "sectors": ["economy_wide"], "plan_type": "guiding_opinion",
                                 "status": "issued", "level": "national", "issuers": ["state_council"]},
                         detected_at=NOW - timedelta(hours=5))
        evil_id = evil.event.id
    with factory() as s, s.begin():
        created = enqueue_urgent(s, NOW)
        keys = {d.idempotency_key: d.extra["rule"] for d in created}
        assert all(d.recipient == "slack:urgent" for d in created)
    assert keys == {
        f"slack:{world.dual_gov}:urgent": "state_council",  # the NDRC repost of the same document is not posted
        f"slack:{world.market}:urgent": "state_council",
        f"slack:{world.draft}:urgent": "draft_closing",
        f"slack:{world.withdrawn}:urgent": "withdrawn",
        f"slack:{evil_id}:urgent": "state_council",
    }
    assert f"slack:{world.baseline}:urgent" not in keys and f"slack:{world.dual_ndrc}:urgent" not in keys
    with factory() as s, s.begin():
        assert enqueue_urgent(s, NOW + timedelta(hours=1)) == []  # idempotent

    assert deliver_due(factory, NOW, ["slack"])["sent"] == 5
    posts = _payloads(webhook_sink)
    assert len(posts) == 5
    by_key = {p["metadata"]["event_payload"]["idempotency_key"]: p for p in posts}
    assert set(by_key) == set(keys)
    market = by_key[f"slack:{world.market}:urgent"]
    assert [b["type"] for b in market["blocks"]][:2] == ["header", "section"]
    text = _all_text(market)
    assert "State Council" in text and "国令第775号" in text and "Carbon market" in text
    assert "https://www.gov.cn/zhengce/content/202611/content_7000001.htm|Original>" in text
    assert "https://regwatch.example.org/archive/" in text
    draft = _all_text(by_key[f"slack:{world.draft}:urgent"])
    assert "Comments close" in draft and "27 Nov 2026" in draft

    evil_post = by_key[f"slack:{evil_id}:urgent"]
    mrkdwn = [b["text"]["text"] for b in evil_post["blocks"] if b["type"] == "section" and "text" in b]
    blob = "\n".join(mrkdwn) + evil_post["text"]
    assert "<!channel>" not in blob and "<https://evil.example" not in blob
    assert "&lt;!channel&gt;" in blob and "&lt;https://evil.example/phish|点此查看&gt;" in blob
    assert "&amp;" in blob and "@here" not in blob


def test_revision_post_carries_one_line_diff_summary(factory, world, webhook_sink, tmp_path):
    rules = tmp_path / "urgency.yaml"
    rules.write_text("channel: urgent\nrules:\n  - id: any_revision\n    label: Revised\n    kinds: [revised]\n",
                     encoding="utf-8")
    load_rules.cache_clear()
    with factory() as s, s.begin():
        created = enqueue_urgent(s, NOW, rules_path=rules)  # both revisions match this rule set
        payloads = {d.event_id: json.loads(d.payload) for d in created}
    assert set(payloads) == {world.revised, world.editorial}
    text = _all_text(payloads[world.revised])
    assert "*Change:* Target raised from 3% to 5%; capacity-replacement rule added." in text


def test_429_retry_after_then_500_backoff_then_success(factory, world, webhook_sink):
    with factory() as s, s.begin():
        enqueue_urgent(s, NOW)
        first = s.scalars(select(Delivery).where(Delivery.channel == "slack").order_by(Delivery.id)).first().id
    webhook_sink.state.fail(429, 1, retry_after=2)
    webhook_sink.state.fail(500, 1)
    counts = deliver_due(factory, NOW, ["slack"])
    assert counts["retried"] == 2 and counts["sent"] == 2  # 4 urgent events, the first two answered 429, 500
    with factory() as s:
        row = s.get(Delivery, first)
        assert row.status == "pending" and row.next_attempt_at == NOW + timedelta(seconds=2)  # Retry-After
        assert "429" in row.last_error
        second = s.scalars(select(Delivery).where(Delivery.status == "pending", Delivery.id != first)).one()
        assert second.next_attempt_at == NOW + timedelta(minutes=1) and "500" in second.last_error
    assert deliver_due(factory, NOW + timedelta(seconds=1), ["slack"])["sent"] == 0  # honours Retry-After
    assert deliver_due(factory, NOW + timedelta(seconds=3), ["slack"])["sent"] == 1
    assert deliver_due(factory, NOW + timedelta(minutes=2), ["slack"])["sent"] == 1
    assert len(webhook_sink.files()) == 4
    assert [r["status"] for r in webhook_sink.state.requests].count(200) == 4


def test_slack_4xx_is_permanent_and_ops_alerts_use_the_ops_webhook(factory, world, webhook_sink):
    with factory() as s, s.begin():
        enqueue_urgent(s, NOW)
        d = enqueue_ops_alert(s, "cn_ndrc_tz", "blocked", "HTTP 412 challenge page <script>", NOW)
        assert d.recipient == "slack:ops" and d.channel == "ops_slack"
        assert enqueue_ops_alert(s, "cn_ndrc_tz", "blocked", "again", NOW + timedelta(minutes=5)) is None
    webhook_sink.state.fail(404, 1)
    counts = deliver_due(factory, NOW, ["slack"])
    assert counts["failed"] == 1 and counts["sent"] == 3
    assert deliver_due(factory, NOW + timedelta(days=1), ["slack"])["sent"] == 0
    assert deliver_due(factory, NOW, ["ops_slack"])["sent"] == 1
    ops_paths = [r["path"] for r in webhook_sink.state.requests if "/OPS/" in r["path"]]
    assert len(ops_paths) == 1
    ops = [p for p in _payloads(webhook_sink) if p["metadata"]["event_type"] == "regwatch_ops"]
    assert len(ops) == 1 and "&lt;script&gt;" in _all_text(ops[0])


def test_escape_is_total():
    assert escape("a & b <!here> <@U123> <http://x|y> @channel") == \
        "a &amp; b &lt;!here&gt; &lt;@U123&gt; &lt;http://x|y&gt; @\u200bchannel"
