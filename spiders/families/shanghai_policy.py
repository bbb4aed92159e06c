"""Shanghai 政策文件库 (sources.md §4.6, [S33]).

A Vue SPA fed by ``POST https://www.shanghai.gov.cn/gwk/policy/page`` with the JSON body
``{"current": N, "size": 10}`` (size ≤ 10; extra search fields make the server answer 500) →
``{data: {records: [{title, publishDate, originUrl, businessId, origin, genre}], current, pages, total}}``.
``originUrl`` is empty for municipal-government-level documents: option ``detail_url_template`` (filled from
the record's fields) gives their URL. Detail pages are the legacy template (``#ivs_title``, ``small.PBtime``,
``#ivs_content``), read through detail.py with the record's ``*_selectors`` options.
"""
from __future__ import annotations

import json

from scrapy.http import JsonRequest

from spiders.families import register
from spiders.families.base import Family, ListResult, SelectorError, require
from spiders.families.detail import extract_detail, parse_date
from spiders.families.jpaas import standalone_doc_number
from spiders.items import ListEntry

PAGE_SIZE = 10


def page_request(url: str, page: int) -> JsonRequest:
    return JsonRequest(url, data={"current": page, "size": PAGE_SIZE}, meta={"list_page": page})


@register
class ShanghaiPolicyFamily(Family):
    """POST JSON pages → entries → legacy detail pages."""

    name = "shanghai_policy"

    def list_requests(self, source):
        return [page_request(url, 1) for url in source.list_urls]

    def parse_list(self, response, source) -> ListResult:
        try:
            data = json.loads(response.body.decode("utf-8-sig"))["data"]
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise SelectorError(f"policy/page answer is not the expected JSON on {response.url} ({exc})") from None
        records = require(data.get("records") or [], "data.records[]", response)
        entries = [self._entry(r, source) for r in records]
        current, pages = int(data.get("current") or 1), int(data.get("pages") or 1)
        next_page = page_request(response.url, current + 1) if current < pages else None
        return ListResult(entries=entries, next_page=next_page)

    def _entry(self, record: dict, source) -> ListEntry:
        url = (record.get("originUrl") or "").strip() or source.options["detail_url_template"].format(**record)
        extra = {"origin": record["origin"]} if record.get("origin") else {}
        return ListEntry(url=url, title=record["title"].strip(), published=parse_date(record.get("publishDate")),
                         extra=extra)

    def parse_detail(self, response, source, entry):
        page = extract_detail(response, fallback_title=entry.title, fallback_published=entry.published,
                              options=source.options)
        page.doc_number = page.doc_number or standalone_doc_number(page.body_html)
        return page
