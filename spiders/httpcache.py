"""Conditional requests and a once-a-day robots.txt, for polite incremental crawls.

* ``MonitorCachePolicy``: every request still goes to the network (a monitor must never serve a stale list
  from cache), but where the site gave validators (ETag / Last-Modified) the request is conditional and a
  304 reuses the stored body. Unlike RFC2616Policy it never answers a 5xx with the cached copy: an outage
  must look like an outage, not like "no change".
* ``DailyRobotsTxtMiddleware``: robots.txt is fetched at most once a day per host (on regwatch's clock),
  cached in the database so every worker shares it.
"""
from __future__ import annotations

from datetime import timedelta

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler

ROBOTS_MAX_AGE = timedelta(days=1)


class MonitorCachePolicy(RFC2616Policy):
    def is_cached_response_fresh(self, cachedresponse, request) -> bool:
        self._set_conditional_validators(request, cachedresponse)
        return False

    def is_cached_response_valid(self, cachedresponse, response, request) -> bool:
        return response.status == 304


class MonitorHttpCacheMiddleware(HttpCacheMiddleware):
    """Never answer a failed download (reset, timeout) with the cached copy: the error reaches the retry
    middleware and then the spider, which records the outage as the run's cause."""

    def process_exception(self, request, exception, spider=None):
        request.meta.pop("cached_response", None)
        return None


class DailyRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Also applies the record's per-host exceptions (``robots_ignore_hosts``, each with a written reason)."""

    async def process_request(self, request, spider=None):
        record = getattr(self.crawler.spider, "record", None)
        if record is not None and not record.obeys_robots(urlparse_cached(request).hostname):
            return None
        return await super().process_request(request)

    def _shared_cache(self) -> bool:
        """`sources check` runs without a database: it fetches robots.txt itself and caches nothing."""
        return not getattr(self.crawler.spider, "check_report", None)

    async def robot_parser(self, request):
        netloc = urlparse_cached(request).netloc
        if netloc not in self._parsers and self._shared_cache():
            body = _cached_robots(netloc)
            if body is not None:
                self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
                self._stats.inc_value("robotstxt/cache_hit")
        return await super().robot_parser(request)

    async def _parse_robots(self, response, netloc, request):
        if self._shared_cache():
            _store_robots(netloc, response.status, response.body)
        await super()._parse_robots(response, netloc, request)


def _cached_robots(host: str) -> bytes | None:
    from regwatch.config import utcnow
    from regwatch.db import session_scope
    from regwatch.models import RobotsCache

    with session_scope() as session:
        row = session.get(RobotsCache, host)
        if row is not None and utcnow() - row.fetched_at < ROBOTS_MAX_AGE:
            return row.body
    return None


def _store_robots(host: str, status: int, body: bytes) -> None:
    from regwatch.config import utcnow
    from regwatch.db import session_scope
    from regwatch.models import RobotsCache

    with session_scope() as session:
        row = session.get(RobotsCache, host) or RobotsCache(host=host)
        row.fetched_at, row.status, row.body = utcnow(), status, body
        session.add(row)
