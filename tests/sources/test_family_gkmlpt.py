"""gkmlpt family: SID discovery, epoch-second dates in Asia/Shanghai, _CONFIG.DETAIL body."""
import json

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse

from spiders.families import SelectorError, get_family
from spiders.records import SourceRecord

SRC = SourceRecord(slug="gd_test_gkmlpt", name="t", name_en="t", agency="t", agency_name="t", level="provincial",
                   region="guangdong", family="gkmlpt", list_urls=["http://www.gd.gov.cn/gkmlpt/index"],
                   user_agent="browser", options={"category": 5})


def test_index_sid_builds_the_api_call():
    body = b"<script>window._CONFIG = {\n SID: '2',\n TREE: []};</script>"
    (req,) = get_family("gkmlpt").parse_list(HtmlResponse(SRC.list_urls[0], body=body, encoding="utf-8"), SRC).requests
    assert req.url == "http://www.gd.gov.cn/gkmlpt/api/all/5?page=1&sid=2"


def test_articles_use_shanghai_day_and_blank_number_is_none():
    midnight = 1793980800  # 2026-11-07 00:00 +08:00 (still 2026-11-06 in UTC)
    data = {"total": 1, "articles": [{"title": " 标题 ", "url": "http://www.gd.gov.cn/gkmlpt/content/4/4821/post_4821377.html",
                                      "document_number": "", "publisher": "广东省人民政府", "display_publish_time": midnight}]}
    resp = TextResponse("http://www.gd.gov.cn/gkmlpt/api/all/5?page=1&sid=2", body=json.dumps(data).encode())
    result = get_family("gkmlpt").parse_list(resp, SRC)
    (entry,) = result.entries
    assert (entry.title, entry.published, entry.doc_number) == ("标题", "2026-11-07", None)
    assert entry.extra == {"publisher": "广东省人民政府"} and result.next_page is None


def test_detail_body_comes_from_escaped_config_json():
    detail = {"title": "T", "document_number": "粤府〔2026〕1号", "publisher": "广东省人民政府", "display_publish_time": 1793980800,
              "content": "<p>第一句。</p><p><a href='/a/1.pdf'>附件</a></p>"}
    js = json.dumps(detail, ensure_ascii=False).replace("<", "\\u003C").replace("/", "\\/")
    body = f"<html><body><script>window._CONFIG = {{SID: '2', DETAIL: {js}, X: 1}};</script></body></html>"
    url = "http://www.gd.gov.cn/gkmlpt/content/4/4821/post_4821377.html"
    resp = HtmlResponse(url, body=body.encode(), encoding="utf-8", request=Request(url))
    from spiders.items import ListEntry
    page = get_family("gkmlpt").parse_detail(resp, SRC, ListEntry(url=url, title="T"))
    assert (page.title, page.published, page.doc_number, page.issuer_names) == ("T", "2026-11-07", "粤府〔2026〕1号", ["广东省人民政府"])
    assert page.body_html.startswith("<p>第一句。") and [a.url for a in page.attachments] == ["http://www.gd.gov.cn/a/1.pdf"]


def test_empty_body_is_loud():
    with pytest.raises(SelectorError, match="SID"):
        get_family("gkmlpt").parse_list(HtmlResponse(SRC.list_urls[0], body=b"", encoding="utf-8"), SRC)
