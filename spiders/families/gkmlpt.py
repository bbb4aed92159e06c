"""Guangdong gkmlpt 政府信息公开目录 (sources.md §4.1, [S26, S42]).

``<site>/gkmlpt/index`` sets ``window._CONFIG = {SID: '2', …}``; the list is
``<site>/gkmlpt/api/all/<category>?page=N&sid=<SID>`` → ``{total, articles: [{title, url, document_number,
publisher, display_publish_time (epoch s), …}]}``, 100 per page. Detail pages are JS-rendered: the body HTML
sits in ``_CONFIG.DETAIL.content`` as an escaped JSON string. Browser UA required (record ``user_agent:
browser``). Options: ``category`` (list category id), ``per_page`` (100), ``sid`` (the site's SID: when given,
the API is asked directly, one request per sweep instead of index + API; a wrong SID fails loudly).
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector
from scrapy import Request

from spiders.families import register
from spiders.families.base import Family, ListResult, SelectorError, require
from spiders.families.detail import attachments, extract_detail, parse_date
from spiders.items import Attachment, DetailPage, ListEntry

_SID = re.compile(r"""\bSID\s*:\s*['"]?(\d+)""")
_DETAIL = re.compile(r"\bDETAIL\s*[:=]\s*(?=\{)")


def api_url(site_url: str, category: str | int, page: int, sid: str) -> str:
    return urljoin(site_url, f"/gkmlpt/api/all/{category}?{urlencode({'page': page, 'sid': sid})}")


def config_detail(text: str, url: str) -> dict:
    """The ``_CONFIG.DETAIL`` object of a detail page's inline script."""
    match = _DETAIL.search(text)
    if not match:
        raise SelectorError(f"0 items for '_CONFIG.DETAIL' on {url}")
    try:
        detail, _ = json.JSONDecoder().raw_decode(text, match.end())
    except json.JSONDecodeError as exc:
        raise SelectorError(f"_CONFIG.DETAIL is not JSON on {url} ({exc.msg})") from None
    return detail


def _none_if_blank(value) -> str | None:
    value = (value or "").strip() if isinstance(value, str) else value
    return value or None


@register
class GkmlptFamily(Family):
    """Index (SID) → api/all/<category> JSON pages → detail pages with embedded JSON."""

    name = "gkmlpt"

    def list_requests(self, source) -> list[Request]:
        sid = source.options.get("sid")
        if sid is None:
            return super().list_requests(source)
        return [Request(api_url(url, source.options["category"], 1, str(sid)), headers={"Referer": url},
                        meta={"list_page": 1}) for url in source.list_urls]

    def parse_list(self, response, source) -> ListResult:
        if "/gkmlpt/api/" not in urlsplit(response.url).path:
            match = _SID.search(response.text)
            if not match:
                raise SelectorError(f"0 items for 'window._CONFIG.SID' on {response.url} (status {response.status})")
            url = api_url(response.url, source.options["category"], 1, match[1])
            return ListResult(requests=[Request(url, headers={"Referer": response.url}, meta={"list_page": 1})])
        try:
            data = json.loads(response.body.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SelectorError(f"gkmlpt API answer is not JSON on {response.url} ({exc.msg})") from None
        articles = require(data.get("articles") or [], "articles[]", response)
        entries = [self._entry(a, response) for a in articles]
        return ListResult(entries=entries, next_page=self._next_page(response, data, source))

    def _entry(self, article: dict, response) -> ListEntry:
        extra = {"publisher": article["publisher"].strip()} if _none_if_blank(article.get("publisher")) else {}
        return ListEntry(
            url=urljoin(response.url, article.get("url") or article["post_url"]),
            title=article["title"].strip(),
            published=parse_date(article.get("display_publish_time") or article.get("created_at")),
            doc_number=_none_if_blank(article.get("document_number")),
            extra=extra,
        )

    def _next_page(self, response, data: dict, source) -> Request | None:
        query = dict(parse_qsl(urlsplit(response.url).query))
        page, per_page = int(query.get("page", 1)), int(source.options.get("per_page", 100))
        if page * per_page >= int(data.get("total") or 0):
            return None
        url = api_url(response.url, urlsplit(response.url).path.rsplit("/", 1)[-1], page + 1, query["sid"])
        return Request(url, meta={"list_page": page + 1})

    def parse_detail(self, response, source, entry) -> DetailPage:
        """Metadata and body from ``_CONFIG.DETAIL``; <meta>/info-table values from the page shell."""
        detail = config_detail(response.text, response.url)
        shell = extract_detail(response, fallback_title=entry.title, fallback_published=entry.published,
                               options=source.options)
        body_html = detail.get("content") or ""
        files = attachments([Selector(text=body_html or "<p></p>")], response.url)
        known = {a.url for a in files}
        for item in detail.get("attachment") or []:
            url = urljoin(response.url, item.get("url") or "")
            if item.get("url") and url not in known:
                files.append(Attachment(url=url, name=item.get("name") or ""))
        publisher = _none_if_blank(detail.get("publisher"))
        return DetailPage(
            title=(detail.get("title") or shell.title).strip(),
            published=parse_date(detail.get("display_publish_time")) or shell.published,
            body_html=body_html,
            doc_number=_none_if_blank(detail.get("document_number")) or shell.doc_number,
            issuer_names=[publisher] if publisher else shell.issuer_names,
            attachments=files,
            meta={**shell.meta, "索引号": detail.get("identifier") or "", "成文日期": parse_date(detail.get("date")) or ""},
        )
