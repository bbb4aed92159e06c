"""The fault-injecting mirror itself (fast, no crawler): each mode answers what it claims, rules select per source
and per URL, ``times`` makes a fault transient, and the spec loads from a file or ``POST /_mirror/faults``."""
from __future__ import annotations

import json
import socket

import httpx
import pytest

from regwatch.mirror import faults
from regwatch.mirror.server import MirrorServer
from tests.reliability.site import make_source

A, B = "www.rwa.gov.cn", "www.rwb.gov.cn"


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    monkeypatch.delenv(faults.FAULTS_ENV, raising=False)
    root = tmp_path / "snapshots"
    make_source(root, tmp_path / "sources", "cn_rwa_tz", A)
    make_source(root, tmp_path / "sources", "cn_rwb_tz", B)
    with MirrorServer(root, "week1") as server:
        yield server


def get(mirror, url, **kw):
    with httpx.Client(proxy=mirror.url, verify=False, timeout=kw.pop("timeout", 5), follow_redirects=False) as c:
        return c.get(url, **kw)


def test_modes_answer_what_they_claim(mirror):
    rules = {f"http://{A}/s{c}": f"status:{c}" for c in (500, 502, 503, 404)}
    rules.update({f"http://{A}/{m}*": m for m in ("challenge412", "challenge521", "wzws200", "jscookie200",
                                                   "empty200", "redirect_loop")})
    rules[f"http://{A}/off"] = {"mode": "redirect", "location": "http://169.254.169.254/latest/meta-data/"}
    rules[f"http://{A}/tz/"] = "dup_reorder"
    rules[f"http://{A}/tz/202611/*_1.html"] = "future_dates"
    rules[f"http://{A}/tz/202611/*_2.html"] = "bad_dates"
    rules[f"http://{A}/tz/202611/*_3.html"] = "gbk_as_utf8"
    faults.install(mirror, rules)
    for code in (500, 502, 503, 404):
        assert get(mirror, f"http://{A}/s{code}").status_code == code
    r412 = get(mirror, f"http://{A}/challenge412")
    assert r412.status_code == 412 and "FSSBBIl1UgzbN7N80S" in r412.headers["set-cookie"] and "$_ts" in r412.text
    r521 = get(mirror, f"http://{A}/challenge521")
    assert r521.status_code == 521 and "__jsluid" in r521.headers["set-cookie"]
    assert "wzwsquestion" in get(mirror, f"http://{A}/wzws200").text
    js = get(mirror, f"http://{A}/jscookie200")
    assert js.status_code == 200 and "document.cookie" in js.text
    empty = get(mirror, f"http://{A}/empty200")
    assert empty.status_code == 200 and empty.content == b""
    loop = get(mirror, f"http://{A}/redirect_loop")
    assert loop.status_code == 302 and get(mirror, loop.headers["location"]).headers["location"].endswith("/redirect_loop")
    assert get(mirror, f"http://{A}/off").headers["location"] == "http://169.254.169.254/latest/meta-data/"
    listing = get(mirror, f"http://{A}/tz/").text
    assert listing.count("t20261101_1.html") == 2 and listing.index("_3.html") < listing.index("_1.html")
    assert "2099-11-01" in get(mirror, f"http://{A}/tz/202611/t20261101_1.html").text
    bad = get(mirror, f"http://{A}/tz/202611/t20261102_2.html").text
    assert "2026/11/02" not in bad and "某日" in bad or "/13/" in bad
    gbk = get(mirror, f"http://{A}/tz/202611/t20261103_3.html")
    assert "charset=utf-8" in gbk.headers["content-type"] and "通知".encode("gbk") in gbk.content
    assert get(mirror, f"http://{B}/tz/").text.count("t20261101_1.html") == 1  # other hosts are untouched


def test_transport_faults(mirror):
    faults.install(mirror, {f"http://{A}/reset": "reset", f"http://{A}/stall": {"mode": "stall", "seconds": 3},
                            f"http://{A}/trunc": "truncate", f"https://{A}/huge": {"mode": "huge", "size": 3_000_000},
                            f"http://{A}/hugec": {"mode": "huge_chunked", "size": 3_000_000}})
    with pytest.raises(httpx.TransportError):
        get(mirror, f"http://{A}/reset")
    with pytest.raises(httpx.ReadTimeout):
        get(mirror, f"http://{A}/stall", timeout=1)
    with pytest.raises(httpx.RemoteProtocolError):
        get(mirror, f"http://{A}/trunc")
    huge = get(mirror, f"https://{A}/huge", timeout=30)  # through the CONNECT tunnel
    assert huge.headers["content-length"] == "3000000" and len(huge.content) == 3_000_000
    chunked = get(mirror, f"http://{A}/hugec", timeout=30)
    assert "content-length" not in chunked.headers and len(chunked.content) == 3_000_000
    assert {e["fault"] for e in mirror.access_log() if "fault" in e} >= {"reset", "truncate", "huge", "huge_chunked"}


def test_huge_is_streamed_not_built(mirror):
    """50 MB at constant memory: read only the first bytes of a 50 MB answer over a raw socket, then hang up."""
    faults.install(mirror, {f"http://{A}/huge": "huge"})
    host, port = mirror.httpd.server_address[:2]
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(f"GET http://{A}/huge HTTP/1.1\r\nHost: {A}\r\n\r\n".encode())
        head = sock.recv(65536)
    assert b"Content-Length: 52428800" in head


def test_per_source_rules_and_transient_times(mirror):
    faults.install(mirror, {"source:cn_rwb_tz": {"mode": "status:503", "times": 2}, "re:^/tz/$": "status:500"})
    assert [get(mirror, f"http://{B}/tz/").status_code for _ in range(3)] == [503, 503, 200]  # first rule wins
    assert get(mirror, f"http://{A}/tz/").status_code == 500  # a path regex applies to every host
    assert get(mirror, f"http://{A}/tz/202611/t20261101_1.html").status_code == 200


def test_spec_from_file_and_control_endpoint(tmp_path, monkeypatch):
    root = tmp_path / "snapshots"
    make_source(root, tmp_path / "sources", "cn_rwa_tz", A)
    spec = tmp_path / "faults.yaml"
    spec.write_text(f'"http://{A}/tz/": "status:502"\n', encoding="utf-8")
    monkeypatch.setenv(faults.FAULTS_ENV, str(spec))
    with MirrorServer(root, "week1") as server:
        assert get(server, f"http://{A}/tz/").status_code == 502
        control = httpx.post(f"{server.url}/_mirror/faults", content=json.dumps({f"http://{A}/tz/": "challenge521"}))
        assert control.status_code == 200 and control.json()[f"http://{A}/tz/"]["mode"] == "challenge521"
        assert get(server, f"http://{A}/tz/").status_code == 521
        assert httpx.get(f"{server.url}/_mirror/faults").json()[f"http://{A}/tz/"]["hits"] == 1
        assert httpx.post(f"{server.url}/_mirror/faults", content=b"{not json").status_code == 400
        httpx.post(f"{server.url}/_mirror/faults/clear")
        assert get(server, f"http://{A}/tz/").status_code == 200
        assert httpx.get(f"{server.url}/_mirror/state").json() == {"state": "week1"}  # other controls unchanged
