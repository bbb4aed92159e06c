"""Delivery errors shared by the SMTP and Slack senders, and secret redaction for anything logged or stored."""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from regwatch.config import get_settings


class DeliveryError(Exception):
    """A failed send. ``transient`` ones are retried with backoff (or after ``retry_after`` seconds)."""

    def __init__(self, message: str, *, transient: bool, code: int | None = None, retry_after: float | None = None):
        super().__init__(redact(message))
        self.transient = transient
        self.code = code
        self.retry_after = retry_after


def _secrets() -> list[str]:
    s = get_settings()
    out: list[str] = []
    for value in (s.smtp_url, s.slack_webhook_url, s.ops_slack_webhook_url, s.secret_key):
        if not value:
            continue
        out.append(value)
        try:
            parts = urlsplit(value)
        except ValueError:
            continue
        if parts.password:
            out += [parts.password, unquote(parts.password)]
        if parts.path and len(parts.path) > 8 and value != s.smtp_url:  # webhook tokens live in the path
            out.append(parts.path)
    return sorted({x for x in out if len(x) >= 4}, key=len, reverse=True)


_URL_CREDS = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^/\s:@]+:)[^@\s/]+@", re.IGNORECASE)


def redact(text: str | None) -> str:
    """``text`` with configured secrets (SMTP password, webhook URLs, signing key) and URL credentials masked."""
    if not text:
        return text or ""
    for secret in _secrets():
        text = text.replace(secret, "***")
    text = _URL_CREDS.sub(r"\1***@", text)
    return re.sub(r"hooks\.slack\.com/services/[A-Za-z0-9/_-]+", "hooks.slack.com/services/***", text)


class RedactingFilter:
    """A logging filter that masks secrets in a record's final message (httpx logs full webhook URLs at INFO)."""

    def filter(self, record) -> bool:  # logging.Filter protocol
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - leave malformed records alone
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install_log_redaction(names: tuple[str, ...] = ("httpx", "httpcore", "mail.log", "regwatch")) -> None:
    """Attach :class:`RedactingFilter` once to the loggers that may see secrets."""
    import logging

    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
