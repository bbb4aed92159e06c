"""The SSRF guard (spiders/guards.py) as a unit: which URLs and redirects it refuses, judged on the request URL."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.http import Response

from spiders.guards import RefusedRequest, SsrfGuardMiddleware, check_url, forbidden_address

HOSTS = ["www.ndrc.gov.cn"]


@pytest.mark.parametrize("address,why", [
    ("10.0.0.1", "private"), ("127.0.0.1", "loopback"), ("169.254.169.254", "link-local"), ("192.168.1.1", "private"),
    ("172.16.0.1", "private"), ("0.0.0.0", "private"), ("100.64.0.1", "private"), ("[::1]", "loopback"),
    ("fe80::1", "link-local"), ("::ffff:127.0.0.1", "loopback"), ("240.0.0.1", "private"), ("224.0.0.1", "multicast"),
])
def test_private_addresses_are_refused(address, why):
    assert forbidden_address(address) in (why, "reserved", "non-global")


@pytest.mark.parametrize("address", ["8.8.8.8", "202.108.22.5", "2001:4860:4860::8888"])
def test_public_addresses_pass(address):
    assert forbidden_address(address) is None


@pytest.mark.parametrize("url,fragment", [
    ("http://10.0.0.1/", "private"), ("http://127.0.0.1:1/", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"), ("http://[::1]:8080/", "loopback"),
    ("http://www.evil-example.com/", "not a configured host"), ("file:///etc/passwd", "scheme"),
    ("javascript:alert(1)", "scheme"), ("data:text/html,<script>", "scheme"), ("http:///nohost", "no host"),
    ("http://www.ndrc.gov.cn.evil.com/", "not a configured host"),
])
def test_refused_urls(url, fragment):
    assert fragment in check_url(url, HOSTS, resolve=False)


def test_configured_hosts_and_subdomains_pass():
    assert check_url("https://www.ndrc.gov.cn/xxgk/", HOSTS, resolve=False) is None
    assert check_url("https://zfxxgk.www.ndrc.gov.cn/a.html", HOSTS, resolve=False) is None


def test_hostnames_are_resolved_only_without_the_mirror(monkeypatch):
    import spiders.guards as guards

    guards._resolve.cache_clear()
    monkeypatch.setattr(guards.socket, "getaddrinfo", lambda host, port: [(2, 1, 6, "", ("127.0.0.1", 0))])
    assert "resolves to loopback" in check_url("http://www.ndrc.gov.cn/", HOSTS, resolve=True)
    guards._resolve.cache_clear()
    mw = SsrfGuardMiddleware(None, mirror="http://127.0.0.1:9")  # the mirror (a loopback proxy) is not judged
    spider = SimpleNamespace(record=SimpleNamespace(hosts=HOSTS))
    request = Request("http://www.ndrc.gov.cn/", meta={"proxy": "http://127.0.0.1:9"})
    assert mw.process_request(request, spider) is None
    guards._resolve.cache_clear()


def test_redirect_location_is_refused_before_it_is_followed():
    mw = SsrfGuardMiddleware(None, mirror="http://127.0.0.1:9")
    spider = SimpleNamespace(record=SimpleNamespace(hosts=HOSTS))
    request = Request("http://www.ndrc.gov.cn/a.html")
    ok = Response(request.url, status=302, headers={"Location": "/b.html"}, request=request)
    assert mw.process_response(request, ok, spider) is ok
    for location in ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "//www.evil-example.com/x"):
        bad = Response(request.url, status=301, headers={"Location": location}, request=request)
        with pytest.raises(RefusedRequest, match="redirected from http://www.ndrc.gov.cn/a.html"):
            mw.process_response(request, bad, spider)


# -- DNS rebinding: the address actually connected to is judged (spiders.guards.PublicOnlyResolver) --------------
REBIND_CRAWL = r'''
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
import spiders.guards as guards
import spiders.settings as project

guards._resolve = lambda host: ("93.184.216.34",)  # the guard's own lookup gets a public answer ...
url, resolver = sys.argv[1], sys.argv[2]
outcome = {}

class Probe(scrapy.Spider):
    name = "probe"
    allowed_domains = ["localhost"]
    async def start(self):
        yield scrapy.Request(url, callback=self.ok, errback=self.failed, dont_filter=True)
    def ok(self, response):
        outcome["status"] = response.status
    def failed(self, failure):
        outcome["error"] = f"{failure.type.__name__}: {failure.value}"

settings = Settings()
settings.setmodule(project)
settings.update({"TWISTED_DNS_RESOLVER": resolver, "ROBOTSTXT_OBEY": False, "HTTPCACHE_ENABLED": False,
                 "RETRY_ENABLED": False, "ITEM_PIPELINES": {}, "LOG_LEVEL": "WARNING", "REGWATCH_MIRROR": None,
                 "DOWNLOADER_MIDDLEWARES": {**project.DOWNLOADER_MIDDLEWARES,
                                            "spiders.httpcache.DailyRobotsTxtMiddleware": None}})
process = CrawlerProcess(settings)
process.crawl(Probe)
process.start()
print(json.dumps(outcome))
'''


@pytest.mark.parametrize("resolver,reaches", [("spiders.guards.PublicOnlyResolver", False),
                                              ("scrapy.resolver.CachingThreadedResolver", True)])
def test_dns_rebinding_is_refused_at_connect_time(tmp_path, resolver, reaches):
    """... and the name then answers 127.0.0.1 (localhost, resolved for real) when the download connects."""
    import http.server
    import json
    import os
    import subprocess
    import sys
    import threading

    from regwatch.config import PROJECT_ROOT

    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>internal admin</body></html>")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGWATCH_") and "proxy" not in k.lower()}
    env.update(PYTHONPATH=str(PROJECT_ROOT), REGWATCH_HOME=str(tmp_path / "home"),
               REGWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'rw.db'}")
    try:
        proc = subprocess.run([sys.executable, "-c", REBIND_CRAWL, f"http://localhost:{server.server_port}/admin",
                               resolver], env=env, cwd=str(PROJECT_ROOT), capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
    assert proc.returncode == 0, proc.stderr[-3000:]
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    if reaches:  # the control: Scrapy's stock resolver connects to the loopback server
        assert outcome == {"status": 200} and hits == ["/admin"], (outcome, hits)
    else:
        assert hits == [], "the request reached the loopback server"
        assert "DNS lookup failed" in outcome["error"], outcome  # a failed download, recorded like any other
        assert "refused localhost: resolved to loopback address 127.0.0.1 (SSRF guard, DNS pinning)" in proc.stderr


def test_browser_sub_requests_get_the_same_judgement(monkeypatch):
    """The Playwright route gate (spiders/rendering.py) refuses what the downloader's guard refuses."""
    import asyncio

    import spiders.guards as guards
    from spiders.rendering import sub_request_refusal

    def judge(url, allowed=("www.ndrc.gov.cn",), resolve=False):
        return asyncio.run(sub_request_refusal(url, list(allowed), resolve=resolve))

    assert judge("https://www.ndrc.gov.cn/xxgk/list.js") is None
    assert judge("data:image/png;base64,iVBORw0KGgo=") is None
    assert "not an allowed host" in judge("https://hm.baidu.com/hm.js?x")
    assert "private address" in judge("http://10.0.0.1/", allowed=("10.0.0.1",))  # even if configured
    guards._resolve.cache_clear()
    monkeypatch.setattr(guards.socket, "getaddrinfo", lambda host, port: [(2, 1, 6, "", ("169.254.169.254", 0))])
    try:
        assert "resolves to link-local address 169.254.169.254" in judge("https://www.ndrc.gov.cn/x", resolve=True)
        assert judge("https://www.ndrc.gov.cn/x", resolve=False) is None  # offline: names are not resolved
    finally:
        guards._resolve.cache_clear()


@pytest.mark.parametrize("refresh,refused", [
    ("0;url=http://169.254.169.254/latest/meta-data/", "link-local address (SSRF guard) (meta refresh)"),
    ("3; URL='http://www.evil-example.com/'", "not a configured host"),
    ("0;url=/xxgk/zcfb/tz/202611/t20261101_1.html", None),            # same host: followed as usual
    ("1000;url=http://www.evil-example.com/", None),                    # past METAREFRESH_MAXDELAY: not followed
])
def test_meta_refresh_off_host_is_refused_with_a_cause(refresh, refused):
    """A detail page that meta-refreshes off the configured hosts fails that detail with a recorded cause."""
    from scrapy.http import HtmlResponse

    mw = SsrfGuardMiddleware(None, mirror="http://127.0.0.1:9")
    spider = SimpleNamespace(record=SimpleNamespace(hosts=HOSTS))
    url = "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261101_9.html"
    body = f'<html><head><meta http-equiv="refresh" content="{refresh}"></head><body>跳转中</body></html>'
    response = HtmlResponse(url, body=body.encode("utf-8"), encoding="utf-8")
    if refused is None:
        assert mw.process_response(Request(url), response, spider) is response
    else:
        with pytest.raises(RefusedRequest, match=re.escape(refused)):
            mw.process_response(Request(url), response, spider)
