"""What the spiders hand to the store: plain dataclasses, no parsing logic."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Attachment:
    url: str
    name: str
    # filled in when the spider follows the link (allowed hosts only): content hash, size, extracted text
    sha256: str | None = None
    size: int | None = None
    content_type: str | None = None
    text: str | None = None
    note: str | None = None  # why there is no text (unsupported format, download error, not followed)
    data: bytes | None = field(default=None, repr=False)


@dataclass
class ListEntry:
    """One row of a list page (or list API), before its detail page is read."""

    url: str
    title: str
    published: str | None = None  # ISO date YYYY-MM-DD, never invented
    doc_number: str | None = None
    extra: dict = field(default_factory=dict)  # e.g. comment deadline shown in the row


@dataclass
class DetailPage:
    """What a family parser extracts from a detail page (or detail API)."""

    title: str
    published: str | None
    body_html: str
    doc_number: str | None = None
    issuer_names: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # info-table and <meta> values as found (索引号, 成文日期, ...)


@dataclass
class ReleaseItem:
    """A fetched detail page: its list row, the parsed page and the raw bytes."""

    source: str
    url: str
    entry: ListEntry
    page: DetailPage
    raw_body: bytes
    encoding: str
    http_status: int
    fetched_url: str  # the URL that answered (after redirects), original host


@dataclass
class GoneItem:
    """A detail page that is gone now: 404/410, a removal notice or a redirect to the home page."""

    source: str
    url: str
    http_status: int
    reason: str


@dataclass
class ListingItem:
    """The URLs a list crawl saw, so the store can tell 'dropped from its list'."""

    source: str
    urls: list[str]
    oldest_published: str | None
    pages_read: int
    complete: bool  # True when the crawl read every page it meant to (no early stop, no error)
