"""SSRF guard: a downloader middleware that refuses requests a monitoring bot must never make.

Every request (list, detail, attachment, robots.txt, and every redirect hop, which Scrapy reschedules through
the downloader middlewares again) is judged on its own URL, the ORIGINAL one: the offline mirror only sets
``meta["proxy"]`` (spiders/middlewares.py), so the proxy's 127.0.0.1 address is never what is checked.

Refused (``IgnoreRequest``; the spider's errback records the cause on the crawl run):

* a scheme other than http/https (``file:``, ``ftp:``, ``data:``, ``javascript:`` …);
* a host that is not one of the source's configured hosts (or a subdomain of one). Unlike Scrapy's
  OffsiteMiddleware this also applies to ``dont_filter`` requests (the list pages) and their redirects;
* an IP-literal host in a private, loopback, link-local, reserved, multicast, unspecified, shared (CGNAT) or
  site-local range (``10.0.0.1``, ``127.0.0.1:1``, ``169.254.169.254``, ``[::1]``, ``0.0.0.0`` …), whatever the
  source's configuration says;
* without the mirror only: a hostname that resolves to such an address. With ``REGWATCH_MIRROR`` set the name is
  NOT resolved (offline runs have no DNS and the mirror answers only snapshot hosts), so the check there is the
  IP-literal and configured-host one.

DNS rebinding: the middleware's lookup and the download's own lookup are two answers, and a hostile name can
give a public address to the first and ``127.0.0.1`` to the second. :class:`PublicOnlyResolver` (Scrapy's
``TWISTED_DNS_RESOLVER``) closes that: it judges the address the connection is actually made to, in the
resolver Twisted connects with, and fails the lookup for a private one. Only the configured proxies' own names
(``http_proxy``/``https_proxy``, the mirror) are exempt; IP literals never reach a resolver.

Enable between RedirectMiddleware (600) and HttpProxyMiddleware (750)::

    "spiders.guards.SsrfGuardMiddleware": 650,

so that ``process_response`` sees a 3xx BEFORE RedirectMiddleware follows it and refuses a Location pointing off
the configured hosts or at a private address with a cause the request's errback records. (Scrapy's own
OffsiteMiddleware drops off-host redirects of ordinary requests at scheduling time, silently: the run never
learns about them.) ``process_request`` still sees the original URL there; robots.txt requests are requests
too and pass the same check.
"""
from __future__ import annotations

import ipaddress
import os
import socket
import logging
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.response import get_meta_refresh
from twisted.internet.error import DNSLookupError

_SHARED = ipaddress.ip_network("100.64.0.0/10")
log = logging.getLogger(__name__)


class RefusedRequest(IgnoreRequest):
    """A request the guard refused; its message is the cause recorded on the crawl run."""


def forbidden_address(address: str) -> str | None:
    """Why ``address`` (an IP literal) may not be fetched, or None when it is a public address."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for name in ("loopback", "link_local", "private", "reserved", "multicast", "unspecified", "site_local"):
        if getattr(ip, f"is_{name}", False):
            return name.replace("_", "-")
    if ip in _SHARED or not ip.is_global:
        return "non-global"
    return None


@lru_cache(maxsize=256)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        return tuple(sorted({info[4][0] for info in socket.getaddrinfo(host, None)}))
    except OSError:
        return ()  # unresolvable: the download itself will fail with a DNS error, recorded as usual


def host_allowed(host: str, allowed: list[str]) -> bool:
    return any(host == h or host.endswith("." + h) for h in allowed)


def check_url(url: str, allowed_hosts: list[str] | None, *, resolve: bool) -> str | None:
    """The refusal cause for ``url``, or None when it may be fetched."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"refused {url[:200]}: scheme {parts.scheme!r} is not http(s)"
    host = (parts.hostname or "").lower()
    if not host:
        return f"refused {url[:200]}: no host"
    why = forbidden_address(host)
    if why:
        return f"refused {url[:200]}: {host} is a {why} address (SSRF guard)"
    if allowed_hosts and not host_allowed(host, allowed_hosts):
        return f"refused {url[:200]}: host {host} is not a configured host of the source ({', '.join(allowed_hosts)})"
    if resolve:
        for address in _resolve(host):
            why = forbidden_address(address)
            if why:
                return f"refused {url[:200]}: {host} resolves to {why} address {address} (SSRF guard)"
    return None


class SsrfGuardMiddleware:
    def __init__(self, crawler=None, mirror: str | None = None):
        self.crawler = crawler
        self.mirror = mirror

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.get("REGWATCH_MIRROR") or os.environ.get("REGWATCH_MIRROR") or None)

    def _allowed(self, spider) -> list[str]:
        spider = spider or (self.crawler.spider if self.crawler else None)
        record = getattr(spider, "record", None)
        return list(record.hosts) if record is not None else list(getattr(spider, "allowed_domains", None) or [])

    def _refuse(self, cause: str, origin: str | None):
        if origin:
            cause += f" (redirected from {origin[:200]})"
        if self.crawler is not None:
            self.crawler.stats.inc_value("regwatch/refused_requests")
        raise RefusedRequest(cause)

    def process_request(self, request, spider=None):
        cause = check_url(request.url, self._allowed(spider), resolve=not self.mirror)
        if cause:
            redirects = request.meta.get("redirect_urls") or []
            self._refuse(cause, redirects[0] if redirects else None)
        return None

    def process_response(self, request, response, spider=None):
        location = response.headers.get(b"Location") if 300 <= response.status < 400 else None
        if location:
            target = urljoin(request.url, location.decode("latin-1").strip())
            cause = check_url(target, self._allowed(spider), resolve=not self.mirror)
            if cause:
                self._refuse(cause, request.url)
        elif self._follows_meta_refresh(request, response):
            # MetaRefreshMiddleware (580) would schedule the target, and Scrapy's OffsiteMiddleware would then
            # drop an off-host one at scheduling time without telling the request's errback: judge it here
            _interval, target = get_meta_refresh(response, ignore_tags=self._meta_refresh_ignore)
            if target:
                cause = check_url(target, self._allowed(spider), resolve=not self.mirror)
                if cause:
                    self._refuse(f"{cause} (meta refresh)", request.url)
        return response

    _meta_refresh_ignore = ("script", "noscript")

    def _follows_meta_refresh(self, request, response) -> bool:
        if not isinstance(response, HtmlResponse) or request.meta.get("dont_redirect"):
            return False
        settings = self.crawler.settings if self.crawler is not None else None
        if settings is not None and not settings.getbool("METAREFRESH_ENABLED", True):
            return False
        interval, target = get_meta_refresh(response, ignore_tags=self._meta_refresh_ignore)
        max_delay = settings.getint("METAREFRESH_MAXDELAY", 100) if settings is not None else 100
        return bool(target) and interval < max_delay


def proxy_hosts(extra: str | None = None) -> frozenset[str]:
    """Host names of the configured proxies (environment, mirror): the only names allowed to be private."""
    urls = [os.environ.get(k) for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "REGWATCH_MIRROR")]
    hosts = set()
    for url in [*urls, extra]:
        if url:
            hosts.add((urlsplit(url if "://" in url else f"http://{url}").hostname or "").lower())
    return frozenset(h for h in hosts if h)


class PublicOnlyResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to non-public addresses (anti DNS rebinding).

    The check runs on the very answer the TCP connection uses (cached answers included), so a name that changed
    its answer since the middleware looked cannot smuggle a request to the metadata service or localhost.
    """

    exempt: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.exempt = proxy_hosts(crawler.settings.get("REGWATCH_MIRROR"))
        return resolver

    def getHostByName(self, name: str, timeout=()):
        deferred = super().getHostByName(name, timeout)
        deferred.addCallback(self._judge, name)
        return deferred

    def _judge(self, address: str, name: str) -> str:
        why = forbidden_address(address)
        if why and name.lower() not in self.exempt:
            # Twisted reports a failed lookup as "no results" (the message is lost on the way): log the cause
            log.warning("refused %s: resolved to %s address %s (SSRF guard, DNS pinning)", name, why, address)
            raise DNSLookupError(f"{name} resolved to {why} address {address}: refused (SSRF guard, DNS pinning)")
        return address
