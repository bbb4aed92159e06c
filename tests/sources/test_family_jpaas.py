"""JPaaS family: shell → unit API params, cookie forwarding, fragment rows, deadlines, failures."""
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse

from spiders.families import SelectorError, get_family
from spiders.families.jpaas import deadline, parse_querydata, standalone_doc_number
from spiders.records import SourceRecord

SHELL = """<html><body><div class="lmy_main_rb"><script src="/cms_files/default/script/AuthorizedRead/unitbuild.js"
 url="/api-gateway/jpaas-publish-server/front/page/build/unit"
 querydata="{'webId':'w1','pageId':'p1','tplSetId':'t1','pageType':'column','tagId':'右侧内容','editType':'null','parseType':'bulidstatic'}"></script></div></body></html>"""


def record(**options):
    return SourceRecord(slug="cn_test_col", name="测试", name_en="test", agency="t", agency_name="测试",
                        level="national", family="jpaas", list_urls=["https://www.example.gov.cn/col/index.html"],
                        options={"rows": "ul li", "date": "span.fr", "deadline": "span.endtime", "page_size": "10",
                                 **options})


def api_response(request, payload):
    return TextResponse(request.url, body=payload.encode(), headers={"Content-Type": "application/json"}, request=request)


def test_querydata_is_single_quoted_pseudo_json():
    assert parse_querydata("{'webId':'a','tagId':'内容1','parseType':'buildstatic'}")["tagId"] == "内容1"


def test_shell_builds_unit_request_with_utf8_tag_and_forwarded_cookie():
    fam = get_family("jpaas")
    resp = HtmlResponse("https://www.example.gov.cn/col/index.html", body=SHELL.encode(), encoding="utf-8",
                        headers={"Set-Cookie": "sess=abc; Path=/; HttpOnly"})
    (req,) = fam.parse_list(resp, record(forward_cookie=True)).requests
    assert "tagId=%E5%8F%B3%E4%BE%A7%E5%86%85%E5%AE%B9" in req.url  # UTF-8, never GBK
    query = parse_qs(urlsplit(req.url).query)
    assert query["parseType"] == ["bulidstatic"]  # copied as the page spells it
    assert json.loads(query["paramJson"][0]) == {"pageNo": 1, "pageSize": "10"}
    assert req.headers["Cookie"] == b"sess=abc"
    assert req.headers["Referer"] == b"https://www.example.gov.cn/col/index.html"


def test_no_paramjson_when_paging_is_ignored_server_side():
    resp = HtmlResponse("https://www.example.gov.cn/col/index.html", body=SHELL.encode(), encoding="utf-8")
    (req,) = get_family("jpaas").parse_list(resp, record(paging=False)).requests
    assert "paramJson" not in req.url


def test_fragment_rows_skip_spacers_keep_title_attribute_and_hidden_deadline():
    fam = get_family("jpaas")
    ms = 1795104000000  # 2026-11-20 00:00 Asia/Shanghai = 2026-11-19 16:00 UTC
    html = (f'<ul><li class="empty"></li><li><span class="fr">2026-10-30</span><a href="/a/art/2026/art_1.html" '
            f'title="完整标题"><i></i><font></font>截断…</a><span class="endtime" style="display:none">{ms}</span></li>'
            f'<li class="border-line"></li></ul><script>oLayPageRender("p", {{rows:"10", count:"25", pageNo:"1"}});</script>')
    req = Request("https://www.example.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit?webId=w1"
                  "&paramJson=%7B%22pageNo%22%3A1%2C%22pageSize%22%3A%2210%22%7D", headers={"Cookie": "sess=abc"})
    result = fam.parse_list(api_response(req, json.dumps({"code": "200", "success": True, "data": {"html": html}})), record())
    (entry,) = result.entries
    assert (entry.title, entry.published, entry.extra) == ("完整标题", "2026-10-30", {"comment_deadline": "2026-11-20"})
    assert entry.url == "https://www.example.gov.cn/a/art/2026/art_1.html"
    assert json.loads(parse_qs(urlsplit(result.next_page.url).query)["paramJson"][0])["pageNo"] == 2
    assert result.next_page.headers["Cookie"] == b"sess=abc"


@pytest.mark.parametrize("payload,message", [
    ('{"code":"200","success":true,"data":{"html":"<ul><li', "not JSON"),
    ('{"success":false,"data":{}}', "success=False"),
    ('{"code":"200","success":true,"data":{"html":"<ul></ul>"}}', "0 items for 'ul li a[href]'"),
])
def test_broken_answers_are_loud(payload, message):
    req = Request("https://www.example.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit?webId=w1")
    with pytest.raises(SelectorError, match=re.escape(message)):
        get_family("jpaas").parse_list(api_response(req, payload), record())


def test_deadline_shapes():
    assert deadline("截止日期\xa0\xa02026-12-05") == "2026-12-05"
    assert deadline("2026-10-27至2026-12-26") == "2026-12-26"
    assert deadline("") is None


def test_standalone_doc_number_ignores_citations():
    assert standalone_doc_number("<p>工信部联节〔2022〕88号</p><p>各省：</p>") == "工信部联节〔2022〕88号"
    assert standalone_doc_number("<p>根据《方案》（国发〔2021〕23号），现通知如下。</p>") is None
