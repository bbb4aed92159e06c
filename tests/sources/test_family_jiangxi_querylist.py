"""Jiangxi queryList family: POST form, JSON-string fields, <em> titles, body from the list JSON."""
import json
from urllib.parse import parse_qs

from scrapy.http import HtmlResponse, TextResponse

from spiders.families import get_family
from spiders.items import ListEntry
from spiders.records import SourceRecord

SRC = SourceRecord(slug="jx_test_col", name="t", name_en="t", agency="t", agency_name="t", level="provincial",
                   region="jiangxi", family="jiangxi_querylist", list_urls=["https://gxt.jiangxi.gov.cn/jxsgyhxxht/zcwj/index.html"],
                   options={"page_size": 1, "form": {"webSiteCode[]": "jxsgyhxxht", "channelCode[]": "zcwj"}})


def test_shell_posts_querylist_form():
    resp = HtmlResponse(SRC.list_urls[0], body=b"<html></html>", encoding="utf-8")
    (req,) = get_family("jiangxi_querylist").parse_list(resp, SRC).requests
    assert req.method == "POST" and req.url == "https://gxt.jiangxi.gov.cn/queryList"
    assert parse_qs(req.body.decode()) == {"webSiteCode[]": ["jxsgyhxxht"], "channelCode[]": ["zcwj"], "current": ["1"],
                                           "pageSize": ["1"]}
    assert req.headers["X-Requested-With"] == b"XMLHttpRequest"


def test_results_and_paging():
    fam = get_family("jiangxi_querylist")
    (req,) = fam.parse_list(HtmlResponse(SRC.list_urls[0], body=b"<html></html>", encoding="utf-8"), SRC).requests
    data = {"data": {"total": 2, "results": [{"source": {
        "title": "关于<em>绿色</em>工厂的通知", "pubDate": "2026-10-13 16:00:00", "metadata": json.dumps({"author": "江西省工业和信息化厅"}),
        "content": {"content": "<p>第一句。</p>"}, "urls": json.dumps({"pc": "/jxsgyhxxht/zcwj/pc/content/content_1.html"})}}]}}
    result = fam.parse_list(TextResponse(req.url, body=json.dumps(data).encode(), request=req), SRC)
    (entry,) = result.entries
    assert entry.title == "关于绿色工厂的通知" and entry.published == "2026-10-13"
    assert entry.url == "https://gxt.jiangxi.gov.cn/jxsgyhxxht/zcwj/pc/content/content_1.html"
    assert parse_qs(result.next_page.body.decode())["current"] == ["2"]
    page = fam.parse_detail(HtmlResponse(entry.url, body=b'<html><head><meta name="ArticleTitle" content="T"></head>'
                                                        b'<body><div id="content"></div></body></html>', encoding="utf-8"), SRC, entry)
    assert page.body_html == "<p>第一句。</p>" and page.issuer_names == ["江西省工业和信息化厅"]


def test_detail_keeps_list_metadata_when_page_is_js_only():
    entry = ListEntry(url="https://x/c.html", title="T", published="2026-01-02",
                      extra={"content_html": "<p>赣府发〔2022〕17号</p><p>正文。</p>"})
    page = get_family("jiangxi_querylist").parse_detail(
        HtmlResponse(entry.url, body=b"<html><body></body></html>", encoding="utf-8"), SRC, entry)
    assert (page.title, page.published, page.doc_number) == ("T", "2026-01-02", "赣府发〔2022〕17号")
