"""A download handler that renders list pages in headless Chromium for records with ``render: true``.

Registered for ``http``/``https`` in ``spiders/settings.py`` (``DOWNLOAD_HANDLERS``). Every request goes to
Scrapy's own :class:`~scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler` unless
``request.meta["render"]`` is true; then the URL is loaded by Playwright (async API, on the asyncio loop Scrapy's
``AsyncioSelectorReactor`` runs) driving the **system** Chromium (Debian ``chromium``; no browser download).

Why a handler and not a downloader middleware: a middleware's ``process_request`` runs before the request
enters its per-host download slot, so a browser fetch there would bypass ``DOWNLOAD_SLOTS`` concurrency and
delays. A handler runs inside the slot: a rendered page is one polite page view like any other download, and
robots.txt, the mirror proxy, cookies-off-the-record, retries and the HTTP cache middlewares all still apply.

Rendering:

* one browser per crawl process (shared by the http and https handler instances, launched lazily on the first
  rendered request, closed on ``spider_closed`` and in :meth:`close`), a fresh context (no cookies, no cache)
  per request; Playwright gives each launch its own fresh ``--user-data-dir``;
* wait for ``meta["render_wait_for"]`` (else the record's ``options.render_wait_for``, else ``body``) to be in
  the DOM; the value ``networkidle`` waits for network idle instead. A selector that never appears is not an
  error here: the DOM is returned as it is and the family's own selector fails loudly (SelectorError);
* the whole render is bounded by ``DOWNLOAD_TIMEOUT`` (``meta["download_timeout"]``); a page that does not load
  in time raises :class:`scrapy.exceptions.DownloadTimeoutError`, a page the browser cannot load
  :class:`~scrapy.exceptions.DownloadFailedError` (both retried like any download failure);
* the answer is an :class:`~scrapy.http.HtmlResponse` with the **original request URL**, the rendered DOM
  (``page.content()``) as UTF-8, and the status of the last main-document response;
* the browser may load only the source's allowed hosts (``spider.allowed_domains``, the record's hosts, and
  subdomains), plus the request's own host: every other sub-request (analytics, 找错 badges, CDNs) is aborted;
* with ``REGWATCH_MIRROR`` (or a ``meta["proxy"]``) the browser uses it as its proxy, so the page, its scripts
  and XHRs all reach the mirror while URLs keep their original hosts. The proxy is configured by a PAC script
  scoped to the source's hosts (:func:`proxy_pac`), so Chromium's own background calls to Google never reach
  the mirror; certificate errors are ignored only for the mirror (its CONNECT tunnels use a throwaway
  self-signed certificate), never for another proxy.

Settings: ``REGWATCH_CHROMIUM`` (default ``/usr/bin/chromium``), ``REGWATCH_MIRROR`` (or the environment).
Stats: ``regwatch/render/pages``, ``regwatch/render/blocked_requests``, ``regwatch/render/wait_timeouts``.
"""
from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import time
import weakref
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from scrapy import signals
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import DownloadFailedError, DownloadTimeoutError
from scrapy.http import Headers, HtmlResponse
from scrapy.utils.misc import build_from_crawler

log = logging.getLogger(__name__)

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Chromium as root needs --no-sandbox; the rest keeps it from calling Google services (refused offline).
# Never add --disable-features here: it would replace Playwright's own list (which, among others, turns off the
# automatic http -> https upgrade of navigations, so http:// list URLs would be fetched as https://).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
)
DEFAULT_WAIT_FOR = "body"


class RenderingUnavailable(RuntimeError):
    """The browser cannot be started (no system Chromium, no asyncio reactor): a loud, non-retried failure."""


def host_allowed(host: str, allowed: list[str] | tuple[str, ...] | set[str]) -> bool:
    """``host`` is one of ``allowed`` or a subdomain of one (the spider's offsite rule)."""
    host = (host or "").lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for h in (a.lower().rstrip(".") for a in allowed if a))


async def sub_request_refusal(url: str, allowed, *, resolve: bool) -> str | None:
    """Why the browser may not load ``url`` (off the allowed hosts, or an SSRF target), or None.

    The same judgement as the downloader's SSRF guard (spiders/guards.py): private, loopback and link-local IP
    literals, and, live, names resolving to them (looked up off the event loop). ``data:``/``blob:`` URLs are
    the page's own and pass.
    """
    from spiders.guards import check_url

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    if not host_allowed(parts.hostname or "", allowed):
        return f"refused {url[:200]}: host {parts.hostname} is not an allowed host"
    if resolve:
        return await asyncio.get_running_loop().run_in_executor(None, lambda: check_url(url, None, resolve=True))
    return check_url(url, None, resolve=False)


def playwright_proxy(url: str) -> dict:
    """Playwright's proxy dict for a proxy URL (credentials split out of ``user:pass@host``)."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    proxy = {"server": f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")}
    if parts.username:
        proxy["username"] = unquote(parts.username)
        proxy["password"] = unquote(parts.password or "")
    return proxy


def proxy_pac(proxy_url: str, hosts: list[str], black_hole: bool) -> str | None:
    """A ``data:`` PAC URL that sends only ``hosts`` (and their subdomains) through ``proxy_url``.

    Chromium itself talks to Google in the background (update.googleapis.com, accounts.google.com,
    clients2.google.com — seen through a browser-wide proxy despite ``--disable-background-networking`` and
    ``--disable-component-update``). A PAC script scoped to the source's hosts keeps that traffic away from the
    proxy: with the mirror (``black_hole``) it goes to a closed local port, otherwise ``DIRECT``. Page
    sub-requests to other hosts never get this far (aborted by the route gate). None for proxies with
    credentials (a PAC cannot carry them).
    """
    parts = urlsplit(proxy_url if "://" in proxy_url else f"http://{proxy_url}")
    if parts.username:
        return None
    kind = {"http": "PROXY", "https": "HTTPS", "socks5": "SOCKS5", "socks4": "SOCKS4"}.get(parts.scheme, "PROXY")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    names = sorted({h.lower().rstrip(".") for h in hosts if h})
    other = '"PROXY 127.0.0.1:9"' if black_hole else '"DIRECT"'
    script = (
        "function FindProxyForURL(url, host) {\n"
        f"  var hosts = {json.dumps(names)};\n"
        "  for (var i = 0; i < hosts.length; i++) {\n"
        "    if (host == hosts[i] || dnsDomainIs(host, '.' + hosts[i])) {\n"
        f"      return \"{kind} {parts.hostname}:{port}\";\n"
        "    }\n"
        "  }\n"
        f"  return {other};\n"
        "}\n"
    )
    return "data:application/x-ns-proxy-autoconfig;base64," + base64.b64encode(script.encode()).decode()


def _same_proxy(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and a.rstrip("/") == b.rstrip("/")


class SharedBrowser:
    """The one Chromium of a crawl process; both scheme handlers of a crawler share it."""

    _by_crawler: ClassVar[weakref.WeakKeyDictionary] = weakref.WeakKeyDictionary()

    @classmethod
    def for_crawler(cls, crawler) -> SharedBrowser:
        if crawler not in cls._by_crawler:
            cls._by_crawler[crawler] = cls(crawler)
        return cls._by_crawler[crawler]

    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.executable = settings.get("REGWATCH_CHROMIUM") or os.environ.get("REGWATCH_CHROMIUM") or DEFAULT_CHROMIUM
        self.mirror = settings.get("REGWATCH_MIRROR") or os.environ.get("REGWATCH_MIRROR") or None
        self.default_timeout = settings.getfloat("DOWNLOAD_TIMEOUT", 180)
        self._playwright = None
        self._browser = None
        self._launch_proxy: str | None = None
        self._lock: asyncio.Lock | None = None
        self._closed = False

    # -- lifecycle ------------------------------------------------------------------------------------------
    async def _ensure(self, request, request_proxy: str | None):
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            if self._closed:
                raise RenderingUnavailable("the crawl is closing; no new browser")
            from scrapy.utils.reactor import is_asyncio_reactor_installed

            if not is_asyncio_reactor_installed():
                raise RenderingUnavailable("rendering needs TWISTED_REACTOR = AsyncioSelectorReactor (Playwright async)")
            if not os.access(self.executable, os.X_OK):
                raise RenderingUnavailable(
                    f"system Chromium not found at {self.executable} (Debian package 'chromium'; `make` installs it; "
                    "set REGWATCH_CHROMIUM to another binary). Browsers are never downloaded.")
            from playwright.async_api import async_playwright

            args = list(CHROMIUM_ARGS)
            launch: dict = {"executable_path": self.executable, "headless": True}
            self._launch_proxy = self.mirror or request_proxy
            if self._launch_proxy:
                is_mirror = _same_proxy(self._launch_proxy, self.mirror)
                pac = proxy_pac(self._launch_proxy, self._allowed_hosts(request), black_hole=is_mirror)
                if pac:
                    args.append(f"--proxy-pac-url={pac}")
                else:  # a proxy with credentials: Playwright's own proxy option (browser-wide) handles the auth
                    launch["proxy"] = playwright_proxy(self._launch_proxy)
                if is_mirror:
                    args.append("--ignore-certificate-errors")  # the mirror's self-signed CONNECT certificate
            started = time.monotonic()
            self._playwright = await async_playwright().start()
            try:
                self._browser = await self._playwright.chromium.launch(args=args, **launch)
            except Exception as exc:
                await self._stop_playwright()
                raise RenderingUnavailable(f"Chromium at {self.executable} failed to start: {exc}") from exc
            log.info("rendering: launched %s (Chromium %s) in %.2fs%s", self.executable, self._browser.version,
                     time.monotonic() - started, f" via proxy {self._launch_proxy}" if self._launch_proxy else "")
            return self._browser

    async def _stop_playwright(self) -> None:
        if self._playwright is not None:
            playwright, self._playwright = self._playwright, None
            try:
                await playwright.stop()
            except Exception:
                log.debug("rendering: playwright stop failed", exc_info=True)

    async def close(self) -> None:
        self._closed = True
        browser, self._browser = self._browser, None
        if browser is not None:
            try:
                await browser.close()
            except Exception:
                log.debug("rendering: browser close failed", exc_info=True)
            log.info("rendering: browser closed")
        await self._stop_playwright()

    # -- one page -------------------------------------------------------------------------------------------
    def _allowed_hosts(self, request) -> list[str]:
        spider = self.crawler.spider
        hosts = list(getattr(spider, "allowed_domains", None) or [])
        record = getattr(spider, "record", None)
        if record is not None:
            hosts += list(record.hosts)
        hosts.append(urlsplit(request.url).hostname or "")
        return hosts

    def _wait_for(self, request) -> str:
        record = getattr(self.crawler.spider, "record", None)
        options = getattr(record, "options", None) or {}
        return request.meta.get("render_wait_for") or options.get("render_wait_for") or DEFAULT_WAIT_FOR

    async def render(self, request) -> HtmlResponse:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        request_proxy = request.meta.get("proxy") or self.mirror
        browser = await self._ensure(request, request_proxy)
        timeout = float(request.meta.get("download_timeout") or self.default_timeout)
        deadline = time.monotonic() + timeout
        allowed = self._allowed_hosts(request)
        stats = self.crawler.stats
        context_options: dict = {
            "locale": "zh-CN",
            "service_workers": "block",
            "ignore_https_errors": _same_proxy(request_proxy, self.mirror),
        }
        user_agent = request.headers.get(b"User-Agent")
        if user_agent:
            context_options["user_agent"] = user_agent.decode("latin-1")
        if request_proxy and not _same_proxy(request_proxy, self._launch_proxy):
            context_options["proxy"] = playwright_proxy(request_proxy)
        blocked: list[str] = []

        resolve = not self.mirror  # offline, names are not resolved (the mirror serves only snapshot hosts)

        async def gate(route):
            url = route.request.url
            if await sub_request_refusal(url, allowed, resolve=resolve):
                blocked.append(url)
                await route.abort("blockedbyclient")
            else:
                await route.continue_()

        started = time.monotonic()
        context = await browser.new_context(**context_options)
        try:
            await context.route("**/*", gate)
            page = await context.new_page()
            main: dict = {"status": None}

            def on_response(response):  # the last main-document answer (a JS challenge may reload the page)
                if response.request.is_navigation_request() and response.frame == page.main_frame:
                    main["status"] = response.status

            page.on("response", on_response)
            try:
                first = await page.goto(request.url, wait_until="load", timeout=timeout * 1000)
            except PlaywrightTimeout as exc:
                raise DownloadTimeoutError(f"rendering {request.url} took longer than {timeout:g}s") from exc
            except PlaywrightError as exc:
                raise DownloadFailedError(f"browser could not load {request.url}: {exc.message.splitlines()[0]}") from exc
            try:
                await self._settle(page, self._wait_for(request), deadline, request, PlaywrightTimeout)
                html = await self._content(page, deadline)
            except PlaywrightError as exc:
                raise DownloadFailedError(f"browser lost {request.url}: {exc.message.splitlines()[0]}") from exc
            status = main["status"] or (first.status if first is not None else 200)
            final_url = page.url
        finally:
            await context.close()
        elapsed = time.monotonic() - started
        stats.inc_value("regwatch/render/pages")
        stats.inc_value("regwatch/render/blocked_requests", len(blocked))
        log.info("rendering: %s -> HTTP %s, %d chars of DOM in %.2fs (%d off-host requests blocked)",
                 request.url, status, len(html), elapsed, len(blocked))
        for url in blocked:
            log.debug("rendering: blocked off-host request %s", url)
        headers = Headers({"Content-Type": "text/html; charset=utf-8", "X-Regwatch-Rendered": "chromium"})
        if final_url and final_url != request.url:
            headers["X-Regwatch-Final-Url"] = final_url
        return HtmlResponse(url=request.url, status=status, headers=headers, body=html.encode("utf-8"),
                            encoding="utf-8", request=request, flags=["rendered"])

    @staticmethod
    async def _content(page, deadline: float) -> str:
        """The serialized DOM; once more after the next load when the page was navigating (a script reload)."""
        from playwright.async_api import Error as PlaywrightError

        try:
            return await page.content()
        except PlaywrightError:
            await page.wait_for_load_state("load", timeout=max(deadline - time.monotonic(), 0.1) * 1000)
            return await page.content()

    async def _settle(self, page, wait_for: str, deadline: float, request, timeout_error) -> None:
        remaining_ms = max(deadline - time.monotonic(), 0.1) * 1000
        try:
            if wait_for == "networkidle":
                await page.wait_for_load_state("networkidle", timeout=remaining_ms)
            else:
                await page.wait_for_selector(wait_for, state="attached", timeout=remaining_ms)
        except timeout_error:
            # not fatal: the family parses what is there and names its own empty selector
            self.crawler.stats.inc_value("regwatch/render/wait_timeouts")
            log.warning("rendering: %r did not appear on %s within the download timeout", wait_for, request.url)


class RenderingDownloadHandler(BaseDownloadHandler):
    """``DOWNLOAD_HANDLERS`` entry for http/https: HTTP11 for everything, Chromium for ``meta["render"]``."""

    lazy = False

    def __init__(self, crawler):
        super().__init__(crawler)
        self._http = build_from_crawler(HTTP11DownloadHandler, crawler)
        self._browser = SharedBrowser.for_crawler(crawler)
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)

    async def download_request(self, request):
        if not request.meta.get("render"):
            return await self._http.download_request(request)
        return await self._browser.render(request)

    async def _spider_closed(self, spider=None, reason=None) -> None:
        await self._browser.close()

    async def close(self) -> None:
        try:
            await self._browser.close()
        finally:
            await self._http.close()
