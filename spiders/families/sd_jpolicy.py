"""Shandong policy library, Hanweb jpaas-jpolicy (sources.md §4.8, [S35]; record ``verified: false``).

``POST http://www.shandong.gov.cn/jpaas-jpolicy-console-server/interface/getPolicyByOrgId?orgId=<ids>
&sortKey=publish_date`` (form ``pageNo``, ``pageSize``) → ``{data: {list: [{title, iid, publishDate}], total}}``;
detail ``/jpaas-jpolicy-web-server/front/info/detail?iid=<iid>``. The detail markup is not documented, so it is
read with detail.py's generic chain. Options: ``page_size``.
"""
from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode, urljoin

from scrapy import FormRequest, Request

from spiders.families import register
from spiders.families.base import Family, ListResult, SelectorError, require
from spiders.families.detail import extract_detail, parse_date
from spiders.items import ListEntry

DETAIL_PATH = "/jpaas-jpolicy-web-server/front/info/detail"


def page_request(url: str, opts: dict, page: int) -> FormRequest:
    form = {"pageNo": str(page), "pageSize": str(opts.get("page_size", 10))}
    return FormRequest(url, formdata=form, meta={"list_page": page})


def _asked_page(response) -> int:
    request = response.request
    if request is None or not request.body:
        return 1
    return int(dict(parse_qsl(request.body.decode("utf-8"))).get("pageNo", 1))


@register
class SdJpolicyFamily(Family):
    """getPolicyByOrgId pages → front/info/detail pages."""

    name = "sd_jpolicy"

    def list_requests(self, source) -> list[Request]:
        return [page_request(url, source.options, 1) for url in source.list_urls]

    def parse_list(self, response, source) -> ListResult:
        try:
            data = json.loads(response.body.decode("utf-8-sig"))["data"]
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise SelectorError(f"getPolicyByOrgId answer is not the expected JSON on {response.url} ({exc})") from None
        rows = require(data.get("list") or [], "data.list[]", response)
        entries = [
            ListEntry(url=urljoin(response.url, f"{DETAIL_PATH}?{urlencode({'iid': r['iid']})}"),
                      title=r["title"].strip(), published=parse_date(r.get("publishDate")))
            for r in rows
        ]
        page, size = _asked_page(response), int(source.options.get("page_size", 10))
        more = page * size < int(data.get("total") or 0)
        return ListResult(entries=entries, next_page=page_request(response.url, source.options, page + 1) if more else None)

    def parse_detail(self, response, source, entry):
        return extract_detail(response, fallback_title=entry.title, fallback_published=entry.published,
                              options=source.options)
