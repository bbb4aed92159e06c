"""Jiangxi province CMS: column shell + ``POST /queryList`` JSON (sources.md §4.3, [S28]).

The column page is a JS shell; rows come from ``POST https://<host>/queryList`` (form, ``X-Requested-With``)
→ ``{data: {total, results: [{source: {title, showTitle, pubDate, metadata, content, urls}}]}}``. ``title`` may
carry search highlighting (``<em>``); ``urls`` and ``metadata`` are JSON strings; ``content`` is the body HTML
(a string or ``{"content": html}``), which the detail page itself only renders by JS — so the body is taken from
the list JSON and the detail page supplies its ``<meta>`` tags. Options: ``form`` (the fixed form fields,
lists for repeated ``name[]`` keys), ``page_size``.
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector
from scrapy import FormRequest

from spiders.families import register
from spiders.families.base import Family, ListResult, SelectorError, require
from spiders.families.detail import attachments, extract_detail, parse_date
from spiders.families.jpaas import standalone_doc_number
from spiders.items import ListEntry

API_PATH = "/queryList"


def query_request(column_url: str, opts: dict, page: int) -> FormRequest:
    """The queryList POST for ``page`` (1-based ``current``)."""
    form = {**opts.get("form", {}), "current": str(page), "pageSize": str(opts.get("page_size", 15))}
    headers = {"X-Requested-With": "XMLHttpRequest", "Referer": column_url}
    return FormRequest(urljoin(column_url, API_PATH), formdata=form, headers=headers,
                       meta={"list_page": page, "column_url": column_url})


def _json_field(value, default):
    """Fields the API ships as JSON strings (``urls``, ``metadata``); dicts pass through."""
    if isinstance(value, str):
        try:
            return json.loads(value) if value.strip() else default
        except json.JSONDecodeError:
            return default
    return value if value is not None else default


def _plain(value: str) -> str:
    text = Selector(text=f"<div>{value or ''}</div>").xpath("string(//div)").get() or ""
    return re.sub(r"[\s\u3000\xa0]+", " ", text).strip()


def _request_page(response) -> int:
    """The ``current`` this answer was asked for (1 when the request is unknown)."""
    request = response.request
    if request is None or not request.body:
        return 1
    return int(dict(parse_qsl(request.body.decode("utf-8"))).get("current", 1))


@register
class JiangxiQueryListFamily(Family):
    """Shell → queryList JSON pages; body from the JSON, metadata from the detail page."""

    name = "jiangxi_querylist"

    def parse_list(self, response, source) -> ListResult:
        if urlsplit(response.url).path != API_PATH:
            return ListResult(requests=[query_request(response.url, source.options, 1)])
        try:
            data = json.loads(response.body.decode("utf-8-sig"))["data"]
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise SelectorError(f"queryList answer is not the expected JSON on {response.url} ({exc})") from None
        results = require([r.get("source") or {} for r in data.get("results") or []], "data.results[].source",
                          response)
        entries = [e for e in (self._entry(r, response) for r in results) if e]
        require(entries, "data.results[].source.urls.pc", response)
        page, size = _request_page(response), int(source.options.get("page_size", 15))
        more = page * size < int(data.get("total") or 0)
        return ListResult(entries=entries,
                          next_page=query_request(source.list_urls[0], source.options, page + 1) if more else None)

    def _entry(self, row: dict, response) -> ListEntry | None:
        path = _json_field(row.get("urls"), {}).get("pc")
        if not path:
            return None
        content = row.get("content")
        body = content.get("content") if isinstance(content, dict) else content
        metadata = _json_field(row.get("metadata"), {})
        extra = {"content_html": body or ""}
        if metadata.get("author"):
            extra["author"] = metadata["author"]
        return ListEntry(url=urljoin(response.url, path), title=_plain(row.get("title")) or _plain(row.get("showTitle")),
                         published=parse_date(row.get("pubDate")), extra=extra)

    def parse_detail(self, response, source, entry):
        """The detail page's meta and title; body and attachments from the list JSON when the page has none."""
        page = extract_detail(response, fallback_title=entry.title, fallback_published=entry.published,
                              options=source.options)
        body = entry.extra.get("content_html")
        if body:
            page.body_html = body
            page.attachments = attachments([Selector(text=body)], response.url)
        page.doc_number = page.doc_number or standalone_doc_number(body or "")
        if not page.issuer_names and entry.extra.get("author"):
            page.issuer_names = [entry.extra["author"]]
        return page
