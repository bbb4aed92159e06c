"""The SSRF guard (spiders/guards.py) as a unit: which URLs and redirects it refuses, judged on the request URL."""
from __future__ import annotations

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
