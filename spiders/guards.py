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
  IP-literal and configured-host one. Note: resolution happens here and again in the download handler, so a
  DNS-rebinding host could still answer differently the second time; pinning the resolved address in the
  handler would close that and is not done.

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
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest

_SHARED = ipaddress.ip_network("100.64.0.0/10")


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
        return response
