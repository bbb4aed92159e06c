"""Runtime configuration: every knob is a ``REGWATCH_*`` environment variable (listed in the README).

Read once per call of :func:`get_settings`, so tests and the demo can change the environment between runs.
Secrets (SMTP password, webhook URLs, the signing key) are only ever read here and are never logged:
``Settings.__repr__`` masks them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET_FIELDS = {"smtp_url", "slack_webhook_url", "ops_slack_webhook_url", "secret_key"}


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"REGWATCH_{name}")
    return value if value not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    database_url: str
    mirror: str | None
    smtp_url: str | None
    slack_webhook_url: str | None
    ops_slack_webhook_url: str | None
    secret_key: str | None
    base_url: str
    now: datetime | None
    home: Path
    mail_from: str
    withdraw_confirm_hours: float
    revisit_days: tuple[int, ...]
    lookback_days: int
    crawl_timeout: int
    crawl_processes: int
    translator_url: str | None
    digest_empty: str
    outbox_lease_seconds: float

    def __repr__(self) -> str:  # never print secrets
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in SECRET_FIELDS and value:
                value = "***"
            parts.append(f"{f.name}={value!r}")
        return f"Settings({', '.join(parts)})"


def _parse_now(raw: str | None) -> datetime | None:
    if not raw:
        return None
    value = datetime.fromisoformat(raw)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def get_settings() -> Settings:
    """Build the settings from the current environment."""
    home = Path(_env("HOME", str(PROJECT_ROOT / "var")))
    return Settings(
        database_url=_env("DATABASE_URL", f"sqlite:///{home / 'regwatch.db'}"),
        mirror=_env("MIRROR"),
        smtp_url=_env("SMTP_URL"),
        slack_webhook_url=_env("SLACK_WEBHOOK_URL"),
        ops_slack_webhook_url=_env("OPS_SLACK_WEBHOOK_URL"),
        secret_key=_env("SECRET_KEY"),
        base_url=_env("BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        now=_parse_now(_env("NOW")),
        home=home,
        mail_from=_env("MAIL_FROM", "regwatch <regwatch@localhost>"),
        withdraw_confirm_hours=float(_env("WITHDRAW_CONFIRM_HOURS", "24")),
        revisit_days=tuple(int(x) for x in _env("REVISIT_DAYS", "1,7,30,90").split(",")),
        lookback_days=int(_env("LOOKBACK_DAYS", "0")),
        crawl_timeout=int(_env("CRAWL_TIMEOUT", "1500")),
        # 4 processes even on 2 cores: a crawl process waits on the network and on the database between parses,
        # and with zero delay (the benchmark) a change sweep of 200 sources took 91 s with 4 processes and
        # 110-118 s with 2; 2 were faster only where nothing changed (5.6 s against 6.8 s: the imports)
crawl_processes=int(_env("CRAWL_PROCESSES", "4")),
        translator_url=_env("TRANSLATOR_URL"),
        digest_empty=(_env("DIGEST_EMPTY", "note") or "note").strip().lower(),
        outbox_lease_seconds=float(_env("OUTBOX_LEASE", "600")),
    )


def templates_dir() -> Path:
    """The Jinja2 templates: ``templates/`` in a checkout, ``<prefix>/share/regwatch/templates`` in a wheel."""
    import sys

    checkout = PROJECT_ROOT / "templates"
    return checkout if checkout.is_dir() else Path(sys.prefix) / "share" / "regwatch" / "templates"


def utcnow() -> datetime:
    """The injectable clock: ``REGWATCH_NOW`` (ISO 8601) when set, else the real time, always UTC-aware."""
    return get_settings().now or datetime.now(timezone.utc)
