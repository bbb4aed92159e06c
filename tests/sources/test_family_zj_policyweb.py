"""Zhejiang policyweb: getPolicy.do form, epoch-ms pubtime, showinfo.do detail URLs."""
import json
from urllib.parse import parse_qs

from scrapy.http import TextResponse

from spiders.families import get_family
from spiders.records import SourceRecord

SRC = SourceRecord(slug="zj_test_zcwjk", name="t", name_en="t", agency="t", agency_name="t", level="provincial",
                   region="zhejiang", family="zj_policyweb",
                   list_urls=["https://zhengce.zj.gov.cn/policyweb/httpservice/getPolicy.do"],
                   options={"page_size": 1, "form": {"zccjfl": "1"}})


def test_form_rows_and_next_page():
    fam = get_family("zj_policyweb")
    (req,) = fam.list_requests(SRC)
    assert parse_qs(req.body.decode(), keep_blank_values=True) == {"pageIndex": ["1"], "pageSize": ["1"], "sortKey": [""],
                                                                   "zccjfl": ["1"]}
    data = {"success": True, "params": {"policyList": {"totalNum": 3, "data": [
        {"title": "T", "iid": 71234567, "pubtime": 1793980800000, "organization": "浙江省人民政府", "filenumber": " "}]}}}
    result = fam.parse_list(TextResponse(req.url, body=json.dumps(data).encode(), request=req), SRC)
    (entry,) = result.entries
    assert entry.url == "https://zhengce.zj.gov.cn/policyweb/httpservice/showinfo.do?infoid=71234567"
    assert (entry.published, entry.doc_number) == ("2026-11-07", None)
    assert parse_qs(result.next_page.body.decode())["pageIndex"] == ["2"]
