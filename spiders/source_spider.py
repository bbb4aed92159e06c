"""The one generic spider: ``scrapy crawl source -a source=<slug> -a run_id=<id>``.

It reads the source record, lets the record's CMS family parse lists and detail pages, and decides what to
fetch: every list page until it reaches known items (or ``max_pages``), detail pages it has not seen, and
known pages whose revisit is due. Failures are recorded as causes on the crawl run, never as empty results.
"""
from __future__ import annotations

import json
import os
from datetime import date
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest

from regwatch.killpoints import maybe_kill
from spiders.families import SelectorError, get_family
from spiders.items import GoneItem, ListEntry, ReleaseItem
from spiders.records import get_source

HOME_PATHS = {"", "/", "/index.html", "/index.htm", "/index.shtml"}
MAX_ATTACHMENTS = 10  # per page; beyond that the page is an index, not a document
CHECK_DETAILS = 3  # `sources check` tries this many entries until one detail page reads


def detect_block_cause(response, record) -> str | None:
    """A bot challenge or block page, by the shared detector (spiders/blocking.py)."""
    from spiders.blocking import detect_block

    headers = {k.decode("latin-1").lower(): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
    text = response.text if isinstance(response, scrapy.http.TextResponse) else None
    return detect_block(response.status, headers, response.body, text, record)


def is_removal_notice(text: str) -> bool:
    from diffing.removal import is_removal_notice as check

    return check(text)


def body_text(html: str) -> str:
    from diffing.normalize import normalize_html

    return normalize_html(html)


class SourceSpider(scrapy.Spider):
    name = "source"
    # statuses we judge ourselves (gone pages, challenges, outages) instead of dropping them silently
    handle_httpstatus_list = [400, 401, 403, 404, 410, 412, 429, 500, 502, 503, 504, 521, 522, 524]

    def __init__(self, source: str, run_id: str | None = None, baseline: str = "0", check_report: str | None = None,
                 *args, **kwargs):
        super().__init__(*args, **kwargs)
        # check mode (`regwatch sources check`): list page + one detail page, nothing stored, a JSON report
        self.check_report = check_report
        self.checked: list[dict] = []
        self.check_notes: list[str] = []
        self.record = get_source(source)
        self.family = get_family(self.record.family)
        self.allowed_domains = self.record.hosts
        self.run_id = int(run_id) if run_id else None
        self.is_baseline = baseline == "1"
        self.known: set[str] = set()
        self.revisits: list[dict] = []
        self.listed: dict[str, ListEntry] = {}
        self.list_failures: list[str] = []
        self.detail_errors: list[str] = []
        self.list_pages = 0
        self.stopped_early = False

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings, record = crawler.settings, spider.record
        settings.set("ROBOTSTXT_OBEY", record.robots == "obey", priority="spider")
        if record.user_agent == "browser":
            settings.set("USER_AGENT", settings.get("BROWSER_USER_AGENT"), priority="spider")
        delay = settings.getfloat("DOWNLOAD_DELAY") if "REGWATCH_DOWNLOAD_DELAY" in os.environ else record.download_delay
        slots = {host: {"concurrency": 1, "delay": delay, "jitter": 0.0} for host in record.hosts}
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        settings.set("DOWNLOAD_DELAY", delay, priority="spider")
        settings.set("AUTOTHROTTLE_START_DELAY", delay, priority="spider")
        return spider

    # -- planning ---------------------------------------------------------------------------------------------
    async def start(self):
        from regwatch import store
        from regwatch.config import utcnow
        from regwatch.db import session_scope

        if not self.check_report:
            with session_scope() as session:
                plan = store.crawl_plan(session, self.record.slug, utcnow())
            self.known, self.revisits = plan.known, plan.revisits
        for request in self.family.list_requests(self.record):
            yield self._list_request(request, page=1, page_request=True)
        for row in self.revisits:
            entry = ListEntry(url=row["url"], title=row["title"], published=row["published"],
                              doc_number=row.get("doc_number"), extra=row.get("extra") or {})
            yield self._detail_request(entry, revisit=True)

    def _list_request(self, request: scrapy.Request, page: int, page_request: bool = False) -> scrapy.Request:
        meta = {**request.meta, "regwatch_kind": "list", "regwatch_page": page}
        if page_request and self.record.render:  # JS-built list: spiders/rendering.py loads it in Chromium
            meta["render"] = True
        return request.replace(callback=self.parse_list, errback=self.on_error, meta=meta, dont_filter=True)

    def _detail_request(self, entry: ListEntry, revisit: bool = False, request=None) -> scrapy.Request:
        request = request or self.family.detail_request(entry, self.record)
        meta = {**request.meta, "regwatch_kind": "detail", "entry": entry, "revisit": revisit}
        return request.replace(callback=self.parse_detail, errback=self.on_error, meta=meta)

    def _allowed(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return any(host == h or host.endswith("." + h) for h in self.record.hosts)

    # -- lists ------------------------------------------------------------------------------------------------
    def parse_list(self, response):
        response = self._decoded(response)
        page = response.meta["regwatch_page"]
        cause = detect_block_cause(response, self.record)
        if cause:
            return self._list_failure("blocked", cause)
        if response.status >= 400:
            return self._list_failure("failed", f"HTTP {response.status} on list page {response.url}")
        try:
            result = self.family.parse_list(response, self.record)
        except SelectorError as exc:
            return self._list_failure("empty", f"selector came up empty: {exc}")
        except (ValueError, KeyError, json.JSONDecodeError) as exc:
            return self._list_failure("failed", f"malformed list response {response.url}: {type(exc).__name__}: {exc}")
        self.list_pages += 1
        for request in result.requests:
            yield self._list_request(request, page=page)
        page_has_known = False
        for entry in result.entries:
            self.listed.setdefault(entry.url, entry)
            if entry.url in self.known:
                page_has_known = True
                continue
            if not self._allowed(entry.url):
                self.crawler.stats.inc_value("regwatch/offsite_links")
                continue
            if self.check_report and self.crawler.stats.get_value("regwatch/check_details", 0) >= CHECK_DETAILS:
                continue
            self.crawler.stats.inc_value("regwatch/check_details")
            yield self._detail_request(entry)
        if self.check_report:
            return
        if result.next_page is not None:
            if page_has_known:
                self.stopped_early = True
            elif page < self.record.max_pages:
                yield self._list_request(result.next_page, page=page + 1, page_request=True)

    def _decoded(self, response):
        """The response decoded as its bytes say (record's forced encoding, mislabelled charsets)."""
        from spiders.encoding import repair_encoding

        repaired = repair_encoding(response, self.record)
        if repaired is not response:
            self.crawler.stats.inc_value("regwatch/encoding_repaired")
            self.logger.info("decoded %s as %s (labelled %s)", response.url, repaired.encoding, response.encoding)
        return repaired

    def _list_failure(self, kind: str, cause: str) -> None:
        """A list that could not be read: ``blocked`` (challenge), ``failed`` (outage, malformed) or ``empty``."""
        self.list_failures.append({"kind": kind, "cause": cause})

    # -- details ----------------------------------------------------------------------------------------------
    def parse_detail(self, response):
        maybe_kill("crawl.mid_page")
        response = self._decoded(response)
        entry: ListEntry = response.meta["entry"]
        if response.status in (404, 410):
            yield GoneItem(self.record.slug, entry.url, response.status, f"HTTP {response.status}")
            return
        cause = detect_block_cause(response, self.record)
        if cause is None and response.status >= 400:
            cause = f"HTTP {response.status}"
        if cause:
            self.detail_errors.append(f"{entry.url}: {cause}")
            return
        redirects = response.meta.get("redirect_urls") or []
        if redirects and urlsplit(response.url).path in HOME_PATHS:
            yield GoneItem(self.record.slug, entry.url, response.status, f"redirected to the home page {response.url}")
            return
        try:
            result = self.family.parse_detail(response, self.record, entry)
        except (SelectorError, ValueError, KeyError) as exc:
            self.detail_errors.append(f"{entry.url}: {type(exc).__name__}: {exc}")
            return
        if isinstance(result, scrapy.Request):
            yield self._detail_request(entry, response.meta.get("revisit", False), request=result)
            return
        if is_removal_notice(body_text(result.body_html)):
            yield GoneItem(self.record.slug, entry.url, response.status, "removal notice page")
            return
        encoding = getattr(response, "encoding", None) or "binary"
        item = ReleaseItem(self.record.slug, entry.url, entry, result, response.body, encoding,
                           response.status, response.url)
        yield self._follow_attachments(item)

    # -- attachments: fetched in a chain before the page is stored, so a version covers their content ---------
    def _follow_attachments(self, item: ReleaseItem):
        if self.check_report:
            return item
        pending = []
        for attachment in item.page.attachments:
            if not self._allowed(attachment.url):
                attachment.note = "not followed: host not in the source's allowed hosts"
            elif len(pending) < MAX_ATTACHMENTS:
                pending.append(attachment)
        return self._next_attachment(item, pending)

    def _next_attachment(self, item: ReleaseItem, pending: list):
        if not pending:
            return item
        meta = {"regwatch_kind": "attachment", "item": item, "pending": pending}
        return scrapy.Request(pending[0].url, callback=self.parse_attachment, errback=self.attachment_failed,
                              meta=meta, dont_filter=True)

    def parse_attachment(self, response):
        from hashlib import sha256

        from diffing.attachments import extract_attachment

        item, pending = response.meta["item"], response.meta["pending"]
        attachment = pending[0]
        if response.status >= 400:
            attachment.note = f"HTTP {response.status}"
        else:
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
            filename = attachment.name if "." in attachment.name else urlsplit(attachment.url).path
            extracted = extract_attachment(response.body, filename, content_type)
            attachment.sha256 = sha256(response.body).hexdigest()
            attachment.size, attachment.content_type = len(response.body), content_type
            attachment.text, attachment.note, attachment.data = extracted["text"], extracted["note"], response.body
        yield self._next_attachment(item, pending[1:])

    def attachment_failed(self, failure):
        item, pending = failure.request.meta["item"], failure.request.meta["pending"]
        pending[0].note = f"download failed: {failure.type.__name__}: {failure.value}"
        yield self._next_attachment(item, pending[1:])

    def closed(self, reason):
        if self.check_report:
            from pathlib import Path

            Path(self.check_report).write_text(json.dumps(self.check_summary(reason), ensure_ascii=False, default=str))

    def check_summary(self, reason: str) -> dict:
        """What `regwatch sources check` prints for this source."""
        record = self.record
        causes = [f["cause"] for f in self.list_failures]
        if not self.checked:  # a detail error only fails the check when no detail page could be read
            causes += self.detail_errors
        if not causes and len(self.listed) < max(record.expected_min_items, 1):
            causes.append(f"list yielded {len(self.listed)} items, expected at least {record.expected_min_items}")
        if not causes and not self.checked:
            causes.append("no detail page could be read")
        return {"slug": record.slug, "level": record.level, "family": record.family, "verified": record.verified,
                "status": "ok" if not causes else "; ".join(causes), "items": len(self.listed),
                "details": self.checked, "notes": self.check_notes + self.detail_errors, "finish_reason": reason}

    def on_error(self, failure):
        request = failure.request
        kind = request.meta.get("regwatch_kind", "request")
        if failure.check(IgnoreRequest):
            message = f"{request.url}: {failure.value or 'ignored'} (robots.txt or offsite)"
        else:
            message = f"{request.url}: {failure.type.__name__}: {failure.value}"
        if kind == "list":
            self._list_failure("failed", message)
        else:
            self.detail_errors.append(message)

    # -- summary for the store --------------------------------------------------------------------------------
    def listing_summary(self) -> dict:
        dates = [e.published for e in self.listed.values() if e.published]
        oldest = min(dates) if dates else None
        return {
            "urls": sorted(self.listed),
            "oldest_published": date.fromisoformat(oldest) if oldest else None,
            "complete": not self.list_failures and self.list_pages > 0,
        }
