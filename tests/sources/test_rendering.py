"""Rendering JS-built lists: real Scrapy crawls (subprocesses) through the real mirror, with the system Chromium.

The source is ``hn_gov_wjk`` (Hunan 省政府文件库, ``render: true``): its list page is a shell whose inline script
writes the ``<tr>`` rows from a sibling data script and prints each 文号 with ``document.write``.

* without rendering (the same record with ``render: false``) the list yields nothing and the crawl names the
  empty selector — the page really needs JavaScript;
* with rendering, ``scrapy crawl source`` (check mode) reports ``ok``, every row, and the first row's detail
  with its exact title and 文号;
* the mirror's access log shows the browser fetched the page *and its data script* by original host through the
  proxy, and nothing from any other host (the page's analytics / 找错 badge scripts were blocked in the browser);
* the rendered DOM, parsed by the family, gives exactly the rows of ``tests/expected/hn_gov_wjk.yaml`` (which
  the JS-less snapshot harness cannot check: ``harness: rendered-only``); an https page renders through the
  mirror's CONNECT tunnel (self-signed certificate);
* no Chromium: the crawl fails loudly with the cause; and these tests FAIL (never skip) when ``CI=true``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from regwatch.mirror.server import MirrorServer
from spiders.rendering import DEFAULT_CHROMIUM

PROJECT = Path(__file__).resolve().parents[2]
SNAPSHOTS = PROJECT / "snapshots"
SLUG = "hn_gov_wjk"
HOST = "www.hunan.gov.cn"
LIST_URL = f"http://{HOST}/hnszf/xxgk/wjk/szfwj/"
DATA_URL = LIST_URL + "wjk_data.js"
EXPECTED = yaml.safe_load((PROJECT / "tests" / "expected" / f"{SLUG}.yaml").read_text("utf-8"))["states"]["week1"]
ROW_SELECTOR = "table.wjk-table tbody tr"


@pytest.fixture(scope="module")
def chromium() -> str:
    """The system Chromium; missing → FAIL in CI (CI=true), skip elsewhere."""
    path = os.environ.get("REGWATCH_CHROMIUM") or DEFAULT_CHROMIUM
    if not os.access(path, os.X_OK):
        message = (f"system Chromium not found at {path}: install the Debian package 'chromium' (`make` does it "
                   "when missing); rendered sources (render: true) cannot be tested without it")
        if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def crawl(tmp_path: Path, records: Path | None = None, **env_extra) -> tuple[dict, str, list[dict], float]:
    """``scrapy crawl source -a source=hn_gov_wjk`` in check mode through a fresh mirror: (report, stderr, log, s)."""
    report = tmp_path / "r.json"
    with MirrorServer(SNAPSHOTS, "week1") as mirror:
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="spiders.settings", REGWATCH_MIRROR=mirror.url,
                   REGWATCH_DOWNLOAD_DELAY="0.1", REGWATCH_HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1",
                   REGWATCH_SCRAPY_LOG_LEVEL="INFO", **env_extra)
        if records is not None:
            env["REGWATCH_SOURCES_DIR"] = str(records)
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "source", "-a", f"source={SLUG}",
                               "-a", f"check_report={report}"],
                              check=False, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=180)
        elapsed = time.monotonic() - started
        log = mirror.access_log()
    assert report.exists(), proc.stderr[-3000:]
    return json.loads(report.read_text("utf-8")), proc.stderr, log, elapsed


def static_records(tmp_path: Path) -> Path:
    """A records directory holding the very same record with ``render: false``."""
    from spiders.records import get_source

    records = tmp_path / "records"
    records.mkdir()
    data = get_source(SLUG).model_dump(mode="json")
    data["render"] = False
    (records / f"{SLUG}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return records


def test_without_rendering_the_list_is_empty_and_the_crawl_says_so(tmp_path: Path) -> None:
    report, stderr, log, _ = crawl(tmp_path, static_records(tmp_path))
    assert report["items"] == 0 and not report["details"], report
    assert report["status"] == f"selector came up empty: 0 items for {ROW_SELECTOR!r} on {LIST_URL} (status 200)", report
    fetched = [entry["url"] for entry in log]
    assert LIST_URL in fetched and DATA_URL not in fetched, fetched  # nothing ran the page's script
    assert "rendering:" not in stderr  # no browser was started


def test_rendered_crawl_reads_the_js_built_list_through_the_mirror(chromium: str, tmp_path: Path) -> None:
    report, stderr, log, elapsed = crawl(tmp_path)
    assert report["status"] == "ok", (report, stderr[-3000:])
    assert report["items"] == len(EXPECTED["list"]) == 4, report
    first = EXPECTED["list"][0]
    details = {d["url"]: d for d in report["details"]}
    assert first["url"] in details, report
    assert details[first["url"]]["title"] == "湖南省人民政府关于印发《湖南省新型储能产业高质量发展行动方案（2026—2028年）》的通知"
    assert details[first["url"]]["doc_number"] == "湘政发〔2026〕18号"
    # the mirror (a forward proxy) saw the browser's page AND script requests, by original host, and nothing else
    assert {entry["host"] for entry in log} == {HOST}, log
    fetched = [(entry["method"], entry["url"]) for entry in log]
    assert ("GET", LIST_URL) in fetched and ("GET", DATA_URL) in fetched, fetched
    assert fetched.count(("GET", LIST_URL)) == 1, fetched  # rendered once, not fetched beside the browser
    assert not any("hm.baidu.com" in url or "jiucuo" in url for _, url in fetched), fetched
    # ... because the browser itself refused the page's two off-host scripts (Baidu 统计, 找错 badge)
    assert "(2 off-host requests blocked)" in stderr, stderr[-3000:]
    assert "rendering: browser closed" in stderr
    print(f"\nrendered check crawl of {SLUG}: {elapsed:.1f}s (subprocess, browser launch included)")


PROBE = r'''
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings
from spiders.families import get_family
from spiders.records import get_source
from tests.sources.harness import entry_dict

record = get_source(sys.argv[1])
family = get_family(record.family)
extra_url, extra_host = sys.argv[2], sys.argv[3]
out = {}


class Probe(scrapy.Spider):
    """The family's list request (rendered, as the generic spider asks for) and one extra rendered URL."""
    name = "probe"
    allowed_domains = record.hosts + [extra_host]

    async def start(self):
        for request in family.list_requests(record):  # as spiders/source_spider.py does for render: true
            yield request.replace(callback=self.parse_list, meta={**request.meta, "render": record.render})
        yield scrapy.Request(extra_url, callback=self.parse_extra, meta={"render": True})

    def parse_list(self, response):
        result = family.parse_list(response, record)
        out["list"] = {"url": response.url, "status": response.status, "flags": response.flags,
                       "rendered": response.headers.get("X-Regwatch-Rendered", b"").decode(),
                       "entries": [entry_dict(e) for e in result.entries], "next_page": bool(result.next_page)}

    def parse_extra(self, response):
        out["extra"] = {"url": response.url, "status": response.status, "flags": response.flags,
                        "title": response.css("title::text").get()}


settings = get_project_settings()
settings.set("ROBOTSTXT_OBEY", False)
settings.set("ITEM_PIPELINES", {})
settings.set("HTTPCACHE_ENABLED", False)
process = CrawlerProcess(settings)
process.crawl(Probe)
process.start()
print("PROBE " + json.dumps(out, ensure_ascii=False))
'''


def test_rendered_dom_gives_exactly_the_expected_rows_and_https_renders_through_the_tunnel(
        chromium: str, tmp_path: Path) -> None:
    https_url = "https://www.jiangsu.gov.cn/col/col84242/index.html"  # js_gov_zcwj: an https host of the mirror
    with MirrorServer(SNAPSHOTS, "week1") as mirror:
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="spiders.settings", REGWATCH_MIRROR=mirror.url,
                   REGWATCH_DOWNLOAD_DELAY="0", REGWATCH_HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1")
        proc = subprocess.run([sys.executable, "-c", PROBE, SLUG, https_url, "www.jiangsu.gov.cn"],
                              check=False, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=180)
        log = mirror.access_log()
    lines = [line for line in proc.stdout.splitlines() if line.startswith("PROBE ")]
    assert lines, proc.stderr[-3000:]
    out = json.loads(lines[-1][len("PROBE "):])
    got = out["list"]
    assert got["url"] == LIST_URL and got["status"] == 200, got  # the original URL, not the browser's
    assert got["flags"] == ["rendered"] and got["rendered"] == "chromium", got
    assert got["entries"] == EXPECTED["list"], got["entries"]  # incl. 文号 from document.write, "无" → None
    assert got["next_page"] is False
    extra = out["extra"]
    assert extra["url"] == https_url and extra["status"] == 200 and extra["flags"] == ["rendered"], extra
    assert extra["title"], extra
    # the mirror logs requests inside a CONNECT tunnel by their https:// URL: the browser accepted its certificate
    assert ("GET", https_url) in {(e["method"], e["url"]) for e in log}, log
    assert {e["host"] for e in log} == {HOST, "www.jiangsu.gov.cn"}, log


def test_a_missing_browser_fails_the_crawl_loudly(tmp_path: Path) -> None:
    report, _, log, _ = crawl(tmp_path, REGWATCH_CHROMIUM=str(tmp_path / "no-chromium"))
    assert report["status"] != "ok" and report["items"] == 0, report
    assert "system Chromium not found at" in report["status"] and "RenderingUnavailable" in report["status"], report
    assert DATA_URL not in [entry["url"] for entry in log]
