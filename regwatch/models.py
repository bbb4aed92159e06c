"""SQLAlchemy 2 models: the whole state of regwatch lives in these tables (SQLite or PostgreSQL).

Data flow: a crawl run fetches pages -> releases (one per URL per source) get append-only versions (raw bytes
in content-addressed blobs) -> processing turns versions and gone-observations into change events, clusters
releases into documents and classifies them -> deliveries (the outbox) carry digests and Slack posts.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both SQLite (which drops tzinfo) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime stored; use regwatch.config.utcnow()")
        return value

    def process_result_value(self, value, dialect):
        from datetime import timezone

        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc) if value is not None else None


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict: JSON, list: JSON}


class Source(Base):
    """A monitored column; mirrors its YAML record (the record is the truth, this row holds state)."""

    __tablename__ = "sources"
    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    agency: Mapped[str] = mapped_column(String(80))
    level: Mapped[str] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(40))
    family: Mapped[str] = mapped_column(String(40))
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    baseline_at: Mapped[datetime | None] = mapped_column(comment="end of the silent baseline crawl")
    created_at: Mapped[datetime]
    health_state: Mapped[str | None] = mapped_column(String(40), comment="last alerted health state")


class CrawlRun(Base):
    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_slug: Mapped[str] = mapped_column(ForeignKey("sources.slug"), index=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|ok|failed|blocked|empty
    cause: Mapped[str | None] = mapped_column(Text)
    is_baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    list_entries: Mapped[int] = mapped_column(Integer, default=0)
    new_versions: Mapped[int] = mapped_column(Integer, default=0)
    gone: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    list_complete: Mapped[bool] = mapped_column(Boolean, default=False)
    list_oldest: Mapped[date | None] = mapped_column(Date)
    stats: Mapped[dict | None]


class Document(Base):
    """One policy document, however many sites publish it (a cluster of releases)."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id", use_alter=True))
    doc_number: Mapped[str | None] = mapped_column(String(120), index=True)
    fingerprint: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    # a draft for comment points at its final version's document; an interpretation at what it interprets
    relation: Mapped[str | None] = mapped_column(String(20), comment="final_of_draft|interprets")
    related_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))


class Release(Base):
    """One document URL on one source, with its lifecycle state."""

    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("source_slug", "url", name="uq_release_source_url"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_slug: Mapped[str] = mapped_column(ForeignKey("sources.slug"), index=True)
    url: Mapped[str] = mapped_column(String(1000))
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    doc_number: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20), default="active")  # active|withdrawn
    is_baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    last_listed_at: Mapped[datetime | None]
    last_fetched_at: Mapped[datetime | None]
    fetch_count: Mapped[int] = mapped_column(Integer, default=0)
    next_revisit_at: Mapped[datetime | None] = mapped_column(index=True)
    gone_first_at: Mapped[datetime | None]
    gone_last_at: Mapped[datetime | None]
    gone_count: Mapped[int] = mapped_column(Integer, default=0)
    gone_reason: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    list_extra: Mapped[dict | None]
    versions: Mapped[list["Version"]] = relationship(
        back_populates="release", order_by="Version.id", cascade="all, delete-orphan"
    )


class Blob(Base):
    """Raw bytes, content-addressed (sha256) and zlib-compressed; shared by identical fetches."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Version(Base):
    """An append-only snapshot of a release; a new one only when the normalized content changes."""

    __tablename__ = "versions"
    __table_args__ = (Index("ix_versions_unprocessed", "processed_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"), index=True)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    fetched_at: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    raw_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    encoding: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    doc_number: Mapped[str | None] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text, comment="normalized text, paragraphs separated by newlines")
    body_html: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict] = mapped_column(JSON, default=dict, comment="issuer names, info table, attachments")
    processed_at: Mapped[datetime | None]
    release: Mapped[Release] = relationship(back_populates="versions")


class ChangeEvent(Base):
    __tablename__ = "change_events"
    __table_args__ = (UniqueConstraint("release_id", "kind", "new_version_id", "detected_at", name="uq_event"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # new|revised|attachment_changed|withdrawn|restored|finalized
    old_version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    new_version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    significance: Mapped[str | None] = mapped_column(String(20))  # substantive|editorial for revisions
    summary: Mapped[str | None] = mapped_column(Text, comment="one-line human summary (diff summary)")
    diff: Mapped[dict | None] = mapped_column(JSON, comment="structured diff, rendered per channel")
    detected_at: Mapped[datetime] = mapped_column(index=True)
    release: Mapped[Release] = relationship()


class Classification(Base):
    __tablename__ = "classifications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    labels: Mapped[dict] = mapped_column(JSON)
    evidence: Mapped[dict] = mapped_column(JSON)
    classifier_version: Mapped[str] = mapped_column(String(40))
    corrected_by: Mapped[str | None] = mapped_column(String(200), comment="operator who corrected the labels")
    created_at: Mapped[datetime]


class Subscriber(Base):
    __tablename__ = "subscribers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(5), default="zh")
    timezone: Mapped[str] = mapped_column(String(60), default="Asia/Shanghai")
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0, comment="0 = Monday")
    digest_hour: Mapped[int] = mapped_column(Integer, default=8)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    unsubscribed_at: Mapped[datetime | None]
    last_digest_at: Mapped[datetime | None] = mapped_column(comment="detected_at bound of the last sent digest")
    subscriptions: Mapped[list["Subscription"]] = relationship(cascade="all, delete-orphan")


class Subscription(Base):
    """A filter set; a subscriber receives events matching any of their subscriptions."""

    __tablename__ = "subscriptions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id"), index=True)
    filters: Mapped[dict] = mapped_column(JSON, default=dict)


class Delivery(Base):
    """The outbox: one row per message to send, keyed for idempotency, with a stable Message-ID."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(20))  # email|slack|ops_slack
    subscriber_id: Mapped[int | None] = mapped_column(ForeignKey("subscribers.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("change_events.id"))
    period: Mapped[str | None] = mapped_column(String(20), comment="ISO week of a digest, e.g. 2026-W47")
    message_id: Mapped[str] = mapped_column(String(250))
    recipient: Mapped[str] = mapped_column(String(320), comment="address or channel name, never a secret URL")
    payload: Mapped[bytes] = mapped_column(LargeBinary, comment="the exact bytes to send (MIME or JSON)")
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending|sending|sent|failed|in_doubt|cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    extra: Mapped[dict | None]


class RobotsCache(Base):
    """robots.txt per host, fetched at most once a day and shared by every crawl worker."""

    __tablename__ = "robots_cache"
    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    fetched_at: Mapped[datetime]
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)
