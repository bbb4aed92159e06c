"""Adding a site on a known CMS family needs a record, snapshots and expected values — no code.

Issue: "A new TRS-family and a new Hanweb-family site are each added in a test from a record, snapshots and
expected values alone". Each site below exists nowhere in the repository (the test asserts so): its three kinds of
files are written into tmp directories exactly as a contributor would add them to ``spiders/sources/``,
``snapshots/`` and ``tests/expected/``, and then

* the SAME discovery and checks as ``test_source_snapshots.py`` (``harness.expected_cases`` /
  ``harness.check_state`` / ``harness.sources_missing_expected``) run over those directories, and
* the REAL spider (``scrapy crawl source`` in check mode, a subprocess) crawls each site through
  ``regwatch.mirror.server.MirrorServer`` serving the tmp snapshots, with ``REGWATCH_SOURCES_DIR`` naming the tmp
  records directory.

Nothing is imported or registered for these sites: the families ``trs`` and ``hanweb`` are the existing ones.
The two sites are fictional test data shaped like sources.md §2.1 items 1 and 2 (TRS ``createPageHTML`` lists with
``tYYYYMMDD_N.shtml`` articles; Hanweb ``/col/colN/`` pages with the first rows in ``<script type="text/xml">`` and
later rows from ``dataproxy.jsp`` — the GET variant here); their documents carry no 发文字号.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from regwatch.mirror.layout import snapshot_relpath
from regwatch.mirror.server import MirrorServer
from spiders.families import get_family
from spiders.records import SOURCES_DIR, get_source
from tests.sources.harness import (
    EXPECTED,
    PROJECT,
    SNAPSHOTS,
    check_state,
    expected_cases,
    sources_missing_expected,
)

ROBOTS = "User-agent: *\nDisallow: /search/\n"

# ------------------------------------------------------------------ a TRS-family provincial DRC (§2.1 item 1)
HB_RECORD = """\
slug: hb_fgw_tzgg
name: 湖北省发展和改革委员会 · 通知公告
name_en: Hubei DRC · Notices
agency: hb_fgw
agency_name: 湖北省发展和改革委员会
level: provincial
region: hubei
family: trs
list_urls: [https://fgw.hubei.gov.cn/zfxxgk/zc/tzgg/]
expected_min_items: 2
max_pages: 3
options:
  row_selectors: ["ul.info-list li"]
  detail:
    attachment_selectors: ["div.fujian"]
notes: test-only site (tests/sources/test_add_a_site.py); TRS list with createPageHTML(.., "shtml") paging.
"""


def hb_list(rows: str, total: int, current: int) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="SiteName" content="湖北省发展和改革委员会">
<meta name="ColumnName" content="通知公告"><title>通知公告-湖北省发展和改革委员会</title></head>
<body><div class="header">湖北省发展和改革委员会</div>
<div class="list-box"><h3>通知公告</h3>
<ul class="info-list">
{rows}
</ul>
<div class="pager"><script>createPageHTML({total}, {current}, "index", "shtml");</script></div></div>
<div class="footer">湖北省发展和改革委员会 主办</div></body></html>
"""


def hb_detail(title: str, time: str, issuers: str, paras: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="SiteName" content="湖北省发展和改革委员会"><meta name="ColumnName" content="通知公告">
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{time}">
<meta name="ContentSource" content="湖北省发展和改革委员会">
<title>{title}-湖北省发展和改革委员会</title></head>
<body><div class="header">湖北省发展和改革委员会</div>
<div class="xxgk-info"><table>
<tr><td>索 引 号：</td><td>011043012/2026-20117</td><td>发文机关：</td><td>{issuers}</td></tr>
<tr><td>发文字号：</td><td>无</td><td>发布日期：</td><td>{time[:10]}</td></tr>
</table></div>
<div class="article"><h2>{title}</h2>
<div class="article-con"><div class="TRS_Editor">{paras}</div></div>
{extra}
<div class="print"><a href="javascript:window.print()">打印本页</a></div></div>
</body></html>
"""


HB_BASE = "https://fgw.hubei.gov.cn/zfxxgk/zc/tzgg/"
HB_T1 = "湖北省发展改革委 湖北省能源局关于印发湖北省新型储能发展实施方案（2026—2030年）的通知"
HB_T2 = "湖北省发展改革委关于做好2026年全省节能降碳工作的通知"
HB_T3 = "湖北省发展改革委关于开展2026年度省级碳达峰试点建设评估工作的通知"
HB_FILES = {
    HB_BASE + "index.html": hb_list(
        f'<li><a href="./202611/t20261105_5830121.shtml" title="{HB_T1}">{HB_T1[:30]}...</a><span class="date">2026-11-05</span></li>\n'
        f'<li><a href="./202610/t20261028_5818007.shtml" title="{HB_T2}">{HB_T2}</a><span class="date">2026-10-28</span></li>',
        total=2, current=0),
    HB_BASE + "index_1.shtml": hb_list(
        f'<li><a href="./202610/t20261016_5801432.shtml" title="{HB_T3}">{HB_T3}</a><span class="date">2026-10-16</span></li>',
        total=2, current=1),
    HB_BASE + "202611/t20261105_5830121.shtml": hb_detail(
        HB_T1, "2026-11-05 16:20:00", "湖北省发展和改革委员会 湖北省能源局",
        "<p>各市、州、直管市及神农架林区发展改革委（能源局）：</p>"
        "<p>为加快新型储能规模化发展，助力全省碳达峰碳中和目标实现，现将《湖北省新型储能发展实施方案（2026—2030年）》印发给你们，请认真贯彻落实。</p>",
        '<div class="fujian">附件：<a href="./P020261105390121845512.pdf">湖北省新型储能发展实施方案（2026—2030年）.pdf</a></div>'),
    HB_BASE + "202611/P020261105390121845512.pdf": b"%PDF-1.4\n% test\n",
    HB_BASE + "202610/t20261016_5801432.shtml": hb_detail(
        HB_T3, "2026-10-16 09:00:00", "湖北省发展和改革委员会",
        "<p>各试点市、县（市、区）发展改革委：</p><p>按照省级碳达峰试点建设工作安排，现就开展2026年度试点建设评估工作通知如下。</p>"),
    "https://fgw.hubei.gov.cn/robots.txt": ROBOTS,
}
HB_EXPECTED = {"slug": "hb_fgw_tzgg", "states": {"week1": {
    "pages": 2,
    "list": [
        {"url": HB_BASE + "202611/t20261105_5830121.shtml", "title": HB_T1, "published": "2026-11-05", "doc_number": None},
        {"url": HB_BASE + "202610/t20261028_5818007.shtml", "title": HB_T2, "published": "2026-10-28", "doc_number": None},
        {"url": HB_BASE + "202610/t20261016_5801432.shtml", "title": HB_T3, "published": "2026-10-16", "doc_number": None},
    ],
    "details": {
        HB_BASE + "202611/t20261105_5830121.shtml": {
            "title": HB_T1, "published": "2026-11-05", "doc_number": None,
            "issuer_names": ["湖北省发展和改革委员会", "湖北省能源局"],
            "first_sentence": "各市、州、直管市及神农架林区发展改革委（能源局）： 为加快新型储能规模化发展，助力全省碳达峰碳中和目标实现，"
                              "现将《湖北省新型储能发展实施方案（2026—2030年）》印发给你们，请认真贯彻落实。",
            "attachments": [HB_BASE + "202611/P020261105390121845512.pdf"],
            "body_contains": ["新型储能规模化发展"], "body_lacks": ["打印本页"]},
        HB_BASE + "202610/t20261028_5818007.shtml": {"status": 404},  # listed, no snapshot: the mirror's 404
        HB_BASE + "202610/t20261016_5801432.shtml": {
            "title": HB_T3, "published": "2026-10-16", "doc_number": None, "issuer_names": ["湖北省发展和改革委员会"],
            "first_sentence": "各试点市、县（市、区）发展改革委： 按照省级碳达峰试点建设工作安排，现就开展2026年度试点建设评估工作通知如下。",
            "attachments": []},
    }}}}

# ------------------------------------------------------------------ a Hanweb-family provincial portal (§2.1 item 2)
AH_RECORD = """\
slug: ah_gov_zcwj
name: 安徽省人民政府 · 政策文件
name_en: Anhui Provincial Government · Policy documents
agency: ah_gov
agency_name: 安徽省人民政府
level: provincial
region: anhui
family: hanweb
list_urls: [https://www.ah.gov.cn/col/col7220/index.html]
expected_min_items: 2
max_pages: 2
options:
  proxy: get
  webid: 1
  columnid: 7220
  unitid: 59771
  perpage: 2
  date: span
notes: test-only site (tests/sources/test_add_a_site.py); Hanweb column page + dataproxy.jsp GET variant.
"""
AH = "https://www.ah.gov.cn"
AH_T1 = "安徽省人民政府办公厅关于印发安徽省碳排放双控制度体系建设实施方案的通知"
AH_T2 = "安徽省人民政府关于加快推进新型储能高质量发展的实施意见"
AH_T3 = "安徽省人民政府办公厅关于印发安徽省绿色低碳先进技术示范工程实施方案的通知"


def ah_record(href: str, title: str, day: str) -> str:
    return f'<record><![CDATA[\n<li><a href="{href}" title="{title}" target="_blank">{title}</a><span>{day}</span></li>\n]]></record>'


def ah_detail(title: str, time: str, paras: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="SiteName" content="安徽省人民政府"><meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{time}"><meta name="Author" content="安徽省人民政府办公厅">
<title>{title}_安徽省人民政府</title></head>
<body><div class="wzy_title">{title}</div>
<div class="wzy_info"><publishtime>{time}</publishtime>　来源：安徽省人民政府办公厅</div>
<div class="wzcon j-fontContent" id="zoom">{paras}</div>
<div class="share">分享到：</div>
</body></html>
"""


AH_FILES = {
    AH + "/col/col7220/index.html": f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="SiteName" content="安徽省人民政府">
<meta name="ColumnName" content="政策文件"><title>政策文件_安徽省人民政府</title></head>
<body><div class="header">安徽省人民政府</div>
<div class="navjz">政策文件</div>
<div id="59771"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=7220&unitid=59771&permissiontype=0"></a>]]></nextgroup>
<recordset>
{ah_record("/art/2026/11/4/art_7220_8812345.html", AH_T1, "2026-11-04")}
{ah_record("/art/2026/10/23/art_7220_8801102.html", AH_T2, "2026-10-23")}
</recordset>
</datastore></script></div>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script>$('#59771').jpage({{dataStore: dataStore, proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 2, totalRecord: 3, groupSize: 1, webid: '1', columnid: '7220'}});</script>
</body></html>
""",
    # the URL exactly as a browser (and the hanweb family) asks for page 2 of the GET variant
    AH + "/module/web/jpage/dataproxy.jsp?page=2&appid=1&webid=1&path=/&columnid=7220&unitid=59771&permissiontype=0":
        '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>3</totalrecord>\n<totalpage>2</totalpage>\n'
        f'<recordset>\n{ah_record("/art/2026/10/9/art_7220_8790556.html", AH_T3, "2026-10-09")}\n</recordset>\n</datastore>\n',
    AH + "/art/2026/11/4/art_7220_8812345.html": ah_detail(
        AH_T1, "2026-11-04 17:30",
        "<p>各市人民政府，省政府各部门、各直属机构：</p><p>《安徽省碳排放双控制度体系建设实施方案》已经省政府同意，现印发给你们，请认真贯彻落实。</p>"
        '<p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename=7d1c0f3a2b.pdf">实施方案.pdf</a></p>'),
    AH + "/art/2026/10/9/art_7220_8790556.html": ah_detail(
        AH_T3, "2026-10-09 10:05",
        "<p>各市人民政府，省政府各部门、各直属机构：</p><p>《安徽省绿色低碳先进技术示范工程实施方案》已经省政府同意，现印发给你们，请结合实际认真组织实施。</p>"),
    AH + "/robots.txt": ROBOTS,
}
AH_EXPECTED = {"slug": "ah_gov_zcwj", "states": {"week1": {
    "pages": 2,
    "list": [
        {"url": AH + "/art/2026/11/4/art_7220_8812345.html", "title": AH_T1, "published": "2026-11-04", "doc_number": None},
        {"url": AH + "/art/2026/10/23/art_7220_8801102.html", "title": AH_T2, "published": "2026-10-23", "doc_number": None},
        {"url": AH + "/art/2026/10/9/art_7220_8790556.html", "title": AH_T3, "published": "2026-10-09", "doc_number": None},
    ],
    "details": {
        AH + "/art/2026/11/4/art_7220_8812345.html": {
            "title": AH_T1, "published": "2026-11-04", "doc_number": None, "issuer_names": [],
            "first_sentence": "各市人民政府，省政府各部门、各直属机构： 《安徽省碳排放双控制度体系建设实施方案》已经省政府同意，现印发给你们，请认真贯彻落实。",
            "attachments": [AH + "/module/download/downfile.jsp?classid=0&filename=7d1c0f3a2b.pdf"]},
        AH + "/art/2026/10/23/art_7220_8801102.html": {"status": 404},
        AH + "/art/2026/10/9/art_7220_8790556.html": {
            "title": AH_T3, "published": "2026-10-09", "doc_number": None, "issuer_names": [],
            "first_sentence": "各市人民政府，省政府各部门、各直属机构： 《安徽省绿色低碳先进技术示范工程实施方案》已经省政府同意，现印发给你们，请结合实际认真组织实施。",
            "attachments": []},
    }}}}

SITES = {
    "hb_fgw_tzgg": {"family": "trs", "record": HB_RECORD, "files": HB_FILES, "expected": HB_EXPECTED,
                    "first_page_items": 2, "first_detail": HB_T1},
    "ah_gov_zcwj": {"family": "hanweb", "record": AH_RECORD, "files": AH_FILES, "expected": AH_EXPECTED,
                    "first_page_items": 2, "first_detail": AH_T1},
}


def add_site(root: Path, slug: str) -> tuple[Path, Path, Path]:
    """Write the site's three kinds of files as a contributor would; return (records, snapshots, expected) dirs."""
    site = SITES[slug]
    records, snapshots, expected = root / "sources", root / "snapshots", root / "expected"
    for directory in (records, snapshots, expected):
        directory.mkdir(parents=True, exist_ok=True)
    (records / f"{slug}.yaml").write_text(site["record"], encoding="utf-8")
    for url, body in site["files"].items():
        path = snapshots / slug / "week1" / snapshot_relpath(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    (snapshots / slug / "PROVENANCE.md").write_text(f"# {slug}\n\nTest-only site: {site['record'].splitlines()[-1]}\n")
    (expected / f"{slug}.yaml").write_text(
        yaml.safe_dump(site["expected"], allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    return records, snapshots, expected


@pytest.mark.parametrize("slug", sorted(SITES))
def test_site_is_new(slug: str) -> None:
    """The site is not in the repository, and its family is one that already exists (nothing is registered)."""
    assert not (SOURCES_DIR / f"{slug}.yaml").exists()
    assert not (SNAPSHOTS / slug).exists()
    assert not (EXPECTED / f"{slug}.yaml").exists()
    assert get_family(SITES[slug]["family"]).name == SITES[slug]["family"]


@pytest.mark.parametrize("slug", sorted(SITES))
def test_added_site_passes_the_snapshot_checks(slug: str, tmp_path: Path) -> None:
    records, snapshots, expected = add_site(tmp_path, slug)
    assert get_source(slug, records).family == SITES[slug]["family"]
    # discovery: exactly what test_source_snapshots.py would parametrize over these directories
    cases = expected_cases(expected)
    assert cases == [(expected / f"{slug}.yaml", "week1")]
    assert sources_missing_expected(records, snapshots, expected) == []
    # the checks themselves
    result = check_state(*cases[0], records=records, snapshots=snapshots)
    assert result.pages == 2 and len(result.entries) == 3 and len(result.fetched) == 2


@pytest.mark.parametrize("slug", sorted(SITES))
def test_checks_are_strict_for_the_added_site(slug: str, tmp_path: Path) -> None:
    """A wrong expected value fails (the check above is not vacuous), and an expected file is required."""
    records, snapshots, expected = add_site(tmp_path, slug)
    path = expected / f"{slug}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["states"]["week1"]["list"][1]["published"] = "2026-01-01"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(AssertionError):
        check_state(path, "week1", records=records, snapshots=snapshots)
    path.unlink()
    assert sources_missing_expected(records, snapshots, expected) == [slug]


@pytest.mark.parametrize("slug", sorted(SITES))
def test_real_spider_crawls_the_added_site_through_the_mirror(slug: str, tmp_path: Path) -> None:
    """`scrapy crawl source` (check mode) with REGWATCH_SOURCES_DIR → the tmp record, against the tmp snapshots."""
    records, snapshots, _ = add_site(tmp_path, slug)
    report = tmp_path / "report.json"
    with MirrorServer(snapshots, "week1") as mirror:
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="spiders.settings", REGWATCH_MIRROR=mirror.url,
                   REGWATCH_DOWNLOAD_DELAY="0.1", REGWATCH_SOURCES_DIR=str(records),
                   REGWATCH_HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1")
        proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "source", "-a", f"source={slug}",
                               "-a", f"check_report={report}"],
                              check=False, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=180)
        log = mirror.access_log()
    assert report.exists(), proc.stderr[-3000:]
    data = json.loads(report.read_text("utf-8"))
    assert data["status"] == "ok", data
    assert data["slug"] == slug and data["family"] == SITES[slug]["family"]
    # check mode reads the first list page (and the requests it spawns) and one detail page
    assert data["items"] == SITES[slug]["first_page_items"], data
    assert [d["title"] for d in data["details"]] == [SITES[slug]["first_detail"]], data
    list_url = yaml.safe_load(SITES[slug]["record"])["list_urls"][0]
    assert {entry["host"] for entry in log} == {list_url.split("/")[2]}, log  # only the site's own host
    fetched = [entry["url"] for entry in log]
    assert fetched[0].endswith("/robots.txt") and list_url in fetched, fetched
