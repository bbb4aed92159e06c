"""Shanghai policy library: POST JSON paging and the originUrl fallback."""
import json

from scrapy.http import TextResponse

from spiders.families import get_family
from spiders.records import SourceRecord

SRC = SourceRecord(slug="sh_test_gwk", name="t", name_en="t", agency="t", agency_name="t", level="provincial",
                   region="shanghai", family="shanghai_policy", list_urls=["https://www.shanghai.gov.cn/gwk/policy/page"],
                   options={"detail_url_template": "https://www.shanghai.gov.cn/gwk/search/content/{businessId}"})


def test_post_json_body_and_origin_fallback():
    fam = get_family("shanghai_policy")
    (req,) = fam.list_requests(SRC)
    assert req.method == "POST" and json.loads(req.body) == {"current": 1, "size": 10}
    data = {"data": {"current": 1, "pages": 2, "records": [
        {"title": "市级文件", "publishDate": "2026-10-31 16:00:00", "originUrl": "", "businessId": "b1", "origin": "上海市人民政府"},
        {"title": "部门文件", "publishDate": "2026-10-22 10:00:00", "originUrl": "https://www.shanghai.gov.cn/nw12344/20261022/x.html"}]}}
    result = fam.parse_list(TextResponse(req.url, body=json.dumps(data).encode(), request=req), SRC)
    assert [e.url for e in result.entries] == ["https://www.shanghai.gov.cn/gwk/search/content/b1",
                                              "https://www.shanghai.gov.cn/nw12344/20261022/x.html"]
    assert result.entries[0].extra == {"origin": "上海市人民政府"} and result.entries[1].published == "2026-10-22"
    assert json.loads(result.next_page.body) == {"current": 2, "size": 10}
