"""Slack: Block Kit payloads (pure) and the incoming-webhook poster (httpx).

Scraped text goes into mrkdwn, where ``&``, ``<`` and ``>`` are control characters: ``<!channel>`` would ping a
whole channel and ``<https://evil|text>`` would disguise a link. :func:`escape` neutralises both. The poster maps
429 (with ``Retry-After``) and 5xx to transient errors that the outbox retries, other 4xx to permanent ones.
"""
from __future__ import annotations

import json
import re
from datetime import UTC

import httpx

from regwatch.notify.errors import DeliveryError, install_log_redaction
from regwatch.notify.safe import strip_bidi

install_log_redaction()

_MENTION = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)


def escape(text: str | None) -> str:
    """Escape Slack mrkdwn control characters and defuse bare @channel/@here mentions in untrusted text."""
    if not text:
        return ""
    text = strip_bidi(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION.sub(lambda m: "@\u200b" + m.group(1), text)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link(url: str, label: str) -> str:
    """A mrkdwn link whose URL cannot break out (``|`` and ``>`` are percent-encoded)."""
    safe = url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C").replace(" ", "%20")
    return f"<{safe}|{escape(label)}>"


def build_event_payload(item: dict, *, rule: str, rule_label: str, idempotency_key: str, message_id: str) -> dict:
    """Block Kit message for one urgent event (``item`` as built by the digest: headline, issuers, dates, links).

    ``metadata`` carries the idempotency key so a resend after an in-doubt crash can be recognised downstream.
    """
    headline = item.get("headline") or item.get("title") or ""
    fields = []
    if item.get("issuers"):
        fields.append({"type": "mrkdwn", "text": "*Issuers*\n" + escape(", ".join(item["issuers"]))})
    if item.get("published_label"):
        fields.append({"type": "mrkdwn", "text": "*Published*\n" + escape(item["published_label"])})
    if item.get("doc_number"):
        fields.append({"type": "mrkdwn", "text": "*Document no.*\n" + escape(item["doc_number"])})
    if item.get("deadline_label"):
        fields.append({"type": "mrkdwn", "text": "*Comments close*\n" + escape(item["deadline_label"])})
    if item.get("labels"):
        fields.append({"type": "mrkdwn", "text": "*Labels*\n" + escape(", ".join(item["labels"]))})
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": _clip(f"{item.get('kind_label', '')}: {headline}"
                                                                          .lstrip(": "), 150), "emoji": False}},
        {"type": "section", "text": {"type": "mrkdwn", "text": _clip("*" + escape(headline) + "*"
                                                                     + (f"\n{escape(item['original_title'])}"
                                                                        if item.get("original_title") else ""),
                                                                     3000)}},
    ]
    if fields:
        blocks.append({"type": "section", "fields": fields[:10]})
    if item.get("diff_summary") and item.get("kind") != "new":
        blocks.append({"type": "section", "text": {"type": "mrkdwn",
                                                   "text": _clip("*Change:* " + escape(item["diff_summary"]), 3000)}})
    links = [_link(item["url"], "Original")] if item.get("url") else []
    if item.get("archive_url"):
        links.append(_link(item["archive_url"], "Archived copy"))
    if links:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": " · ".join(links)}})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn",
                                                    "text": escape(f"regwatch urgent: {rule_label}")}]})
    return {
        "text": _clip(escape(f"{rule_label}: {headline}"), 3000),  # notification fallback
        "blocks": blocks,
        "unfurl_links": False,
        "metadata": {"event_type": "regwatch_delivery",
                     "event_payload": {"idempotency_key": idempotency_key, "message_id": message_id, "rule": rule}},
    }


def build_ops_payload(source_slug: str, state: str, cause: str | None, *, idempotency_key: str, message_id: str,
                      when: str) -> dict:
    """Block Kit message for a source-health alert (ops channel)."""
    text = f"Source {source_slug} is {state}"
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": _clip(text, 150)}},
        {"type": "section", "fields": [
            {"type": "mrkdwn", "text": "*Source*\n" + escape(source_slug)},
            {"type": "mrkdwn", "text": "*State*\n" + escape(state)},
            {"type": "mrkdwn", "text": "*Since*\n" + escape(when)},
        ]},
    ]
    if cause:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _clip("*Cause:* " + escape(cause), 3000)}})
    return {"text": escape(text), "blocks": blocks, "unfurl_links": False,
            "metadata": {"event_type": "regwatch_ops",
                         "event_payload": {"idempotency_key": idempotency_key, "message_id": message_id}}}


def encode(payload: dict) -> bytes:
    """The exact bytes stored in the outbox and posted."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _retry_after(resp: httpx.Response) -> float | None:
    raw = resp.headers.get("Retry-After")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        from datetime import datetime
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, (parsedate_to_datetime(raw) - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            return None


def post_webhook(url: str, body: bytes, *, timeout: float = 15.0) -> None:
    """POST one payload to an incoming webhook; raises :class:`DeliveryError` (never with the URL in it)."""
    try:
        resp = httpx.post(url, content=body, headers={"Content-Type": "application/json; charset=utf-8"},
                          timeout=timeout)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"Slack webhook unreachable: {type(exc).__name__}", transient=True) from None
    if 200 <= resp.status_code < 300:
        return
    detail = resp.text[:200].replace("\n", " ")
    if resp.status_code == 429:
        raise DeliveryError(f"Slack 429 rate limited: {detail}", transient=True, code=429,
                            retry_after=_retry_after(resp))
    if resp.status_code >= 500:
        raise DeliveryError(f"Slack {resp.status_code}: {detail}", transient=True, code=resp.status_code,
                            retry_after=_retry_after(resp))
    raise DeliveryError(f"Slack {resp.status_code}: {detail}", transient=False, code=resp.status_code)
