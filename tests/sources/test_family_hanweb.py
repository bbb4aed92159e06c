"""Hanweb family: embedded (escaped) XML records, dataproxy POST/GET paging, deep-page stubs."""
import html
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse

from spiders.families import SelectorError, get_family
from spiders.families.hanweb import current_page
from spiders.records import SourceRecord

XML = ('<datastore><recordset><record><![CDATA[<li><a title="全称标题" href="/art/2026/8/7/art_46143_1.html">全称…</a>'
       '<span class="time">2026- 08- 07</span></li>]]></record></recordset></datastore>')


def record(proxy="post", **extra):
    return SourceRecord(slug="js_test_col", name="t", name_en="t", agency="t", agency_name="t", level="provincial",
                        region="jiangsu", family="hanweb", list_urls=["https://www.example.gov.cn/col/col1/index.html"],
                        options={"proxy": proxy, "webid": 3, "columnid": 1, "unitid": 9, "perpage": 1,
                                 "webname": "网站", "date": "span.time", **extra})


def column(xml, total=5):
    body = f'<div id="9"><script type="text/xml">{xml}</script></div><script>x({{totalRecord: {total}}})</script>'
    return HtmlResponse("https://www.example.gov.cn/col/col1/index.html", body=body.encode(), encoding="utf-8")


@pytest.mark.parametrize("xml", [XML, html.escape(XML, quote=False)])
def test_embedded_records_plain_or_entity_escaped(xml):
    result = get_family("hanweb").parse_list(column(xml), record())
    (entry,) = result.entries
    assert (entry.title, entry.published) == ("全称标题", "2026-08-07")
    assert entry.url == "https://www.example.gov.cn/art/2026/8/7/art_46143_1.html"
    nxt = result.next_page
    assert parse_qs(urlsplit(nxt.url).query) == {"startrecord": ["2"], "endrecord": ["2"], "perpage": ["1"]}
    form = parse_qs(nxt.body.decode())
    assert form["columnid"] == ["1"] and form["unitid"] == ["9"] and form["webname"] == ["网站"]


def test_get_variant_and_page_numbers():
    nxt = get_family("hanweb").parse_list(column(XML), record("get")).next_page
    assert nxt.method == "GET" and parse_qs(urlsplit(nxt.url).query)["page"] == ["2"]
    assert current_page(nxt.url) == 2
    assert current_page("https://x/module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=45&perpage=15") == 3


def test_deep_page_stub_ends_the_list_but_empty_first_page_is_loud():
    fam, src = get_family("hanweb"), record("get")
    stub = TextResponse("https://www.example.gov.cn/module/web/jpage/dataproxy.jsp?page=3&appid=1",
                        body=b"<datastore><recordset></recordset></datastore>", request=Request("https://x"))
    assert fam.parse_list(stub, src).entries == [] and fam.parse_list(stub, src).next_page is None
    with pytest.raises(SelectorError, match="<record>"):
        fam.parse_list(column("<datastore><recordset></recordset></datastore>"), src)
    with pytest.raises(SelectorError, match="text/xml"):
        fam.parse_list(HtmlResponse(src.list_urls[0], body=b"<div id='9'></div>", encoding="utf-8"), src)
