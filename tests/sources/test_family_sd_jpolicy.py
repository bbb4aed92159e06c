"""Shandong jpolicy: getPolicyByOrgId form paging and detail URLs."""
import json
from urllib.parse import parse_qs

import pytest
from scrapy.http import TextResponse

from spiders.families import SelectorError, get_family
from spiders.records import SourceRecord

API = "http://www.shandong.gov.cn/jpaas-jpolicy-console-server/interface/getPolicyByOrgId?orgId=2,3&sortKey=publish_date"
SRC = SourceRecord(slug="sd_test_jpolicy", name="t", name_en="t", agency="t", agency_name="t", level="provincial",
                   region="shandong", family="sd_jpolicy", list_urls=[API], verified=False, options={"page_size": 1})


def test_rows_and_paging():
    fam = get_family("sd_jpolicy")
    (req,) = fam.list_requests(SRC)
    assert req.method == "POST" and parse_qs(req.body.decode()) == {"pageNo": ["1"], "pageSize": ["1"]}
    data = {"data": {"total": 2, "list": [{"title": "T", "iid": "9f1c2a", "publishDate": "2026-11-02"}]}}
    result = fam.parse_list(TextResponse(req.url, body=json.dumps(data).encode(), request=req), SRC)
    assert result.entries[0].url == "http://www.shandong.gov.cn/jpaas-jpolicy-web-server/front/info/detail?iid=9f1c2a"
    assert result.next_page.url == API and parse_qs(result.next_page.body.decode())["pageNo"] == ["2"]


def test_empty_list_is_loud():
    (req,) = get_family("sd_jpolicy").list_requests(SRC)
    with pytest.raises(SelectorError, match="data.list"):
        get_family("sd_jpolicy").parse_list(TextResponse(req.url, body=b'{"data":{"list":[],"total":0}}', request=req), SRC)
