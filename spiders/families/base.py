"""The contract every CMS-family parser follows.

A family turns responses into plain results and never touches the database or the network itself: it
returns ``scrapy.Request`` objects (without callbacks) for anything it needs next, and the generic spider
(`spiders/source_spider.py`) decides whether to follow them (incremental stop, page limit, allowed hosts).
Zero items where items are expected raises :class:`SelectorError` with the selector that came up empty.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import TextResponse

    from spiders.items import DetailPage, ListEntry
    from spiders.records import SourceRecord


class SelectorError(Exception):
    """A selector that must match found nothing: the page changed shape (or is not the page we think)."""


@dataclass
class ListResult:
    """What one list response yields."""

    entries: list["ListEntry"] = field(default_factory=list)
    # further requests that belong to this same list page (shell page -> JSON/XML data, first -> API call)
    requests: list["Request"] = field(default_factory=list)
    # the next page of the list; the spider follows it only while nothing known has been seen
    next_page: "Request | None" = None


class Family:
    """Base class: override what the CMS does differently."""

    name = "base"

    def list_requests(self, source: "SourceRecord") -> list["Request"]:
        """First requests of a crawl: by default a GET of each list URL."""
        from scrapy import Request

        return [Request(url) for url in source.list_urls]

    def parse_list(self, response: "TextResponse", source: "SourceRecord") -> ListResult:
        raise NotImplementedError

    def parse_detail(
        self, response: "TextResponse", source: "SourceRecord", entry: "ListEntry"
    ) -> "DetailPage | Request":
        """Parse a detail page; return a Request instead when the content lives at another URL (SPA + API)."""
        raise NotImplementedError

    def detail_request(self, entry: "ListEntry", source: "SourceRecord") -> "Request":
        """The request for an entry's detail page (a plain GET unless the family says otherwise)."""
        from scrapy import Request

        return Request(entry.url)


def require(items: list, selector: str, response: "TextResponse") -> list:
    """Loud selector: raise when a list selector that must match found nothing."""
    if not items:
        raise SelectorError(f"0 items for {selector!r} on {response.url} (status {response.status})")
    return items
