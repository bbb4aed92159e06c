"""NEA family: ul#showData0[data] → ds_<hex>.json (BOM tolerated, HTML in titles)."""
import json

import pytest
from scrapy.http import HtmlResponse, TextResponse

from spiders.families import SelectorError, get_family
from spiders.records import SourceRecord

HEX = "7290c82b05cc4d49be4971ade193edfc"
SRC = SourceRecord(slug="cn_nea_x", name="n", name_en="n", agency="nea", agency_name="国家能源局", level="national",
                   family="nea", list_urls=["https://www.nea.gov.cn/policy/tz.htm"])


def test_shell_names_the_sibling_datasource():
    body = f'<ul class="list" id="showData0" data="datasource:{HEX}"></ul>'.encode()
    (req,) = get_family("nea").parse_list(HtmlResponse(SRC.list_urls[0], body=body, encoding="utf-8"), SRC).requests
    assert req.url == f"https://www.nea.gov.cn/policy/ds_{HEX}.json"


def test_datasource_with_bom_and_html_title():
    data = {"datasource": [{"title": '<font color="red">关于<br/>储能的通知</font>', "showTitle": "x",
                            "publishUrl": "http://www.nea.gov.cn/20261009/abc/c.html", "publishTime": "2026-10-09 09:30:00"}]}
    resp = TextResponse(f"https://www.nea.gov.cn/policy/ds_{HEX}.json",
                        body=b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode())
    (entry,) = get_family("nea").parse_list(resp, SRC).entries
    assert (entry.title, entry.published, entry.url) == ("关于储能的通知", "2026-10-09", "http://www.nea.gov.cn/20261009/abc/c.html")


def test_missing_list_element_is_loud():
    with pytest.raises(SelectorError, match="ul#showData0"):
        get_family("nea").parse_list(HtmlResponse(SRC.list_urls[0], body=b"<html></html>", encoding="utf-8"), SRC)
