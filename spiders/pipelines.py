"""Item pipeline: every fetched page goes straight to the store, one transaction per item.

A crash mid-crawl therefore loses at most the item in flight, and a rerun re-fetches it (its URL is still
unknown or still due). At close, the listing and the crawl's own account (causes, stats) go on the run row.
"""
from __future__ import annotations

from regwatch import store
from regwatch.config import utcnow
from regwatch.db import session_scope
from regwatch.killpoints import maybe_kill
from spiders.items import GoneItem, ReleaseItem


class StorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        spider = self.crawler.spider
        if spider.check_report:  # `sources check` stores nothing; it reports the fields it found
            if isinstance(item, ReleaseItem):
                page = item.page
                spider.checked.append({"url": item.url, "title": page.title, "published": page.published,
                                       "doc_number": page.doc_number, "issuer_names": page.issuer_names,
                                       "attachments": len(page.attachments), "body_chars": len(page.body_html)})
            else:  # a document gone from the site is news, not a broken source
                spider.check_notes.append(f"{item.url}: gone ({item.reason})")
            return item
        now = utcnow()
        with session_scope() as session:
            if isinstance(item, ReleaseItem):
                appended = store.record_fetch(session, item, now, run_id=spider.run_id, baseline=spider.is_baseline)
                maybe_kill("crawl.mid_write")
                if appended:
                    self.crawler.stats.inc_value("regwatch/new_versions")
            elif isinstance(item, GoneItem):
                store.record_gone(session, item, now)
                self.crawler.stats.inc_value("regwatch/gone")
        return item

    def close_spider(self):
        spider = self.crawler.spider
        if spider.run_id is None or spider.check_report:
            return
        stats = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                 for k, v in self.crawler.stats.get_stats().items()}
        with session_scope() as session:
            store.record_listing(session, spider.record.slug, spider.run_id, spider.listing_summary(), utcnow())
            store.record_spider_report(
                session,
                spider.run_id,
                stats=stats,
                list_failures=spider.list_failures,
                detail_errors=spider.detail_errors,
                list_entries=len(spider.listed),
                expected_min_items=spider.record.expected_min_items,
            )
