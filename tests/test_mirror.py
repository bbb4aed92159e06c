"""The offline mirror is a real HTTP(S) proxy: original URLs in, snapshot bytes out, every request logged."""
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from regwatch.mirror.layout import snapshot_relpath
from regwatch.mirror.server import MirrorServer
from regwatch.mirror.snapshots import SnapshotConflict, SnapshotStore


@pytest.fixture
def snapshot_root(tmp_path: Path) -> Path:
    root = tmp_path / "snapshots"
    week1 = root / "cn_test_a" / "week1" / "www.example.gov.cn"
    (week1 / "list").mkdir(parents=True)
    (week1 / "list" / "index.html").write_bytes("<html><meta charset='gbk'><p>通知</p></html>".encode("gbk"))
    (week1 / "doc.html").write_text("<p>v1</p>", encoding="utf-8")
    (week1 / "robots.txt").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")
    api = week1 / snapshot_relpath("https://www.example.gov.cn/api?p=1&n=2").split("/", 1)[1]
    api.write_text('{"items": []}', encoding="utf-8")
    week2 = root / "cn_test_a" / "week2" / "www.example.gov.cn"
    week2.mkdir(parents=True)
    (week2 / "doc.html").write_text("<p>v2</p>", encoding="utf-8")
    (week2 / "gone.html.meta.json").write_text(json.dumps({"status": 404}), encoding="utf-8")
    (root / "cn_test_a" / "states.yaml").write_text("week2: {base: week1}\n", encoding="utf-8")
    return root


def test_store_resolves_states_queries_and_meta(snapshot_root):
    store = SnapshotStore(snapshot_root)
    assert store.answer("week1", "GET", "https://www.example.gov.cn/doc.html").body == b"<p>v1</p>"
    assert store.answer("week2", "GET", "https://www.example.gov.cn/doc.html").body == b"<p>v2</p>"
    # week2 inherits the list page from week1; a later unknown state falls back to the newest earlier one
    assert store.answer("week2", "GET", "https://www.example.gov.cn/list/").status == 200
    assert store.answer("week9", "GET", "https://www.example.gov.cn/doc.html").body == b"<p>v2</p>"
    assert store.answer("week2", "GET", "https://www.example.gov.cn/gone.html").status == 404
    api = store.answer("week1", "GET", "https://www.example.gov.cn/api?n=2&p=1")  # parameter order is irrelevant
    assert api.status == 200 and api.headers["Content-Type"].startswith("application/json")
    list_page = store.answer("week1", "GET", "https://www.example.gov.cn/list/")
    assert list_page.headers["Content-Type"] == "text/html"  # no charset: the page's own <meta> decides
    assert store.answer("week1", "GET", "https://www.example.gov.cn/nothing.html").status == 404


def test_conflicting_copies_of_one_url_are_an_error(snapshot_root):
    other = snapshot_root / "cn_test_b" / "week1" / "www.example.gov.cn"
    other.mkdir(parents=True)
    (other / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    with pytest.raises(SnapshotConflict):
        SnapshotStore(snapshot_root).answer("week1", "GET", "https://www.example.gov.cn/robots.txt")


def test_proxy_serves_http_and_https_by_original_host(snapshot_root):
    with MirrorServer(snapshot_root, "week1") as mirror:
        with httpx.Client(proxy=mirror.url, verify=False, timeout=10) as client:
            plain = client.get("http://www.example.gov.cn/doc.html")
            tls = client.get("https://www.example.gov.cn/doc.html")
            etag = tls.headers["ETag"]
            revalidated = client.get("https://www.example.gov.cn/doc.html", headers={"If-None-Match": etag})
            unknown = client.get("http://unknown.example.org/")
            mirror.set_state("week2")
            after = client.get("https://www.example.gov.cn/doc.html")
        control = httpx.get(mirror.url + "/_mirror/state").json()
        log = mirror.access_log()
    assert plain.text == tls.text == "<p>v1</p>"
    assert revalidated.status_code == 304
    assert unknown.status_code == 502 and "unknown host" in unknown.headers["X-Mirror-Error"]
    assert after.text == "<p>v2</p>" and control == {"state": "week2"}
    hosts = {entry["host"] for entry in log}
    assert hosts == {"www.example.gov.cn", "unknown.example.org"}
    assert [e["status"] for e in log if e["url"].startswith("https://")] == [200, 304, 200]
