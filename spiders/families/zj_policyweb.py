"""Zhejiang 政策文件库 policyweb (sources.md §4.7, [S32]).

``POST https://zhengce.zj.gov.cn/policyweb/httpservice/getPolicy.do`` (form: ``pageIndex``, ``pageSize=20``,
``sortKey=``, filter ``zccjfl=1`` = provincial level) → ``{success, params: {policyList: {data: [{title, iid,
pubtime (epoch ms), policyurl, organization, filenumber}], totalNum}}}``. Detail: ``showinfo.do?infoid=<iid>``.
Options: ``form`` (filter fields), ``page_size``.
"""
from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode, urljoin

from scrapy import FormRequest, Request

from spiders.families import register
from spiders.families.base import Family, ListResult, SelectorError, require
from spiders.families.detail import extract_detail, parse_date
from spiders.items import ListEntry

DETAIL_PATH = "/policyweb/httpservice/showinfo.do"


def page_request(url: str, opts: dict, page: int) -> FormRequest:
    form = {"pageIndex": str(page), "pageSize": str(opts.get("page_size", 20)), "sortKey": "", **opts.get("form", {})}
    return FormRequest(url, formdata=form, meta={"list_page": page})


def _asked_page(response) -> int:
    request = response.request
    if request is None or not request.body:
        return 1
    return int(dict(parse_qsl(request.body.decode("utf-8"))).get("pageIndex", 1))


@register
class ZjPolicywebFamily(Family):
    """getPolicy.do pages → showinfo.do detail pages."""

    name = "zj_policyweb"

    def list_requests(self, source) -> list[Request]:
        return [page_request(url, source.options, 1) for url in source.list_urls]

    def parse_list(self, response, source) -> ListResult:
        try:
            data = json.loads(response.body.decode("utf-8-sig"))
            policies = data["params"]["policyList"]
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise SelectorError(f"getPolicy.do answer is not the expected JSON on {response.url} ({exc})") from None
        rows = require(policies.get("data") or [], "params.policyList.data[]", response)
        entries = [self._entry(r, response) for r in rows]
        page, size = _asked_page(response), int(source.options.get("page_size", 20))
        more = page * size < int(policies.get("totalNum") or 0)
        return ListResult(entries=entries, next_page=page_request(response.url, source.options, page + 1) if more else None)

    def _entry(self, row: dict, response) -> ListEntry:
        url = urljoin(response.url, f"{DETAIL_PATH}?{urlencode({'infoid': row['iid']})}")
        extra = {"organization": row["organization"]} if row.get("organization") else {}
        return ListEntry(url=url, title=row["title"].strip(), published=parse_date(row.get("pubtime")),
                         doc_number=(row.get("filenumber") or "").strip() or None, extra=extra)

    def parse_detail(self, response, source, entry):
        page = extract_detail(response, fallback_title=entry.title, fallback_published=entry.published,
                              options=source.options)
        page.doc_number = page.doc_number or entry.doc_number
        return page
