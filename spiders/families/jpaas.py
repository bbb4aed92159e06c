"""Hanweb JPaaS publish server (MIIT, MOHURD, SAMR, MOFCOM; sources.md §2.1 item 3, §3.3, §3.7, §3.11, §3.13).

The column page is a JS shell whose ``<script src=".../unitbuild.js" url=... querydata="{'webId':...}">`` names the
"unit" API. GET that API with the querydata params (Chinese ``tagId`` UTF-8 percent-encoded, ``parseType`` copied
as the page spells it) plus ``paramJson={"pageNo":N,"pageSize":M}``; the answer is
``{"code":"200","success":true,"data":{"html":"<fragment>"}}``. Rows are read from the fragment with the record's
selectors. Options:

``rows`` (CSS, required) row elements in the fragment; rows without a link are spacers/header rows and skipped.
``link`` (CSS, default ``a[href]``) the article link in a row; its ``title`` attribute wins over (truncated) text.
``date`` (CSS) publish date in the row; ``deadline`` (CSS) comment deadline (epoch ms, ``截止日期 …`` or a
``X至Y`` period whose end is the deadline) into ``extra["comment_deadline"]``.
``page_size`` (int or str, kept as written into paramJson), ``paging`` (false: the server ignores paramJson),
``forward_cookie`` (send the column page's Set-Cookie to the API, MIIT), plus detail.py's ``*_selectors``.
"""
from __future__ import annotations

import ast
import json
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector
from scrapy import Request

from spiders.families import register
from spiders.families.base import Family, ListResult, SelectorError, require
from spiders.families.detail import extract_detail, find_doc_number, parse_date
from spiders.items import ListEntry

SHELL_SCRIPT = 'script[src$="unitbuild.js"][querydata]'
UNIT_PATH = "/front/page/build/unit"
_COUNT = re.compile(r"""\bcount["']?\s*[:=]\s*["']?(\d+)""")
_ROWS = re.compile(r"""\brows["']?\s*[:=]\s*["']?(\d+)""")


def parse_querydata(raw: str) -> dict[str, str]:
    """The single-quoted pseudo-JSON of a ``querydata`` attribute as a dict of strings."""
    try:
        data = ast.literal_eval(raw.strip())
    except (ValueError, SyntaxError):
        data = json.loads(raw.strip().replace("'", '"'))
    return {str(k): str(v) for k, v in data.items()}


def unit_url(api_url: str, params: dict[str, str], page: int | None, page_size: int | str) -> str:
    """The unit API URL for ``page`` (None: no paramJson, for columns whose server ignores paging)."""
    query = dict(params)
    if page is not None:
        query["paramJson"] = json.dumps({"pageNo": page, "pageSize": page_size}, separators=(",", ":"))
    return f"{api_url}?{urlencode(query)}"


def cookie_header(response) -> str | None:
    """``name=value`` pairs of every Set-Cookie on ``response``, joined for a Cookie header."""
    pairs = [c.decode("latin-1").split(";", 1)[0].strip() for c in response.headers.getlist(b"Set-Cookie")]
    return "; ".join(p for p in pairs if p) or None


def fragment_html(response) -> str:
    """The HTML fragment of a unit API answer; SelectorError when the answer is not that JSON."""
    try:
        data = json.loads(response.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SelectorError(f"unit API answer is not JSON on {response.url} ({exc.msg})") from None
    html = (data.get("data") or {}).get("html") if isinstance(data, dict) else None
    if not data.get("success") or not isinstance(html, str):
        raise SelectorError(f"unit API answered success={data.get('success')!r} without data.html on {response.url}")
    return html


def deadline(text: str) -> str | None:
    """The comment deadline in a row cell: epoch ms, or the last date printed (``截止日期 X``, ``X至Y``)."""
    text = text.strip()
    if text.isdigit():
        return parse_date(text)
    dates = re.findall(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}", text)
    return parse_date(dates[-1]) if dates else None


def standalone_doc_number(body_html: str, first: int = 5) -> str | None:
    """A 发文字号 printed as a paragraph of its own near the top of the body (MIIT, MOHURD letterheads)."""
    for para in Selector(text=body_html or "<p></p>").css("p")[:first]:
        text = _text(para)
        number = find_doc_number(text)
        if number and len(text) <= len(number) + 2:
            return number
    return None


def _text(node) -> str:
    return re.sub(r"[\s\u3000\xa0]+", " ", node.xpath("string()").get() or "").strip()


@register
class JpaasFamily(Family):
    """Column shell -> unit API fragment -> rows; detail pages through detail.extract_detail."""

    name = "jpaas"

    def parse_list(self, response, source) -> ListResult:
        if urlsplit(response.url).path.endswith(UNIT_PATH):
            return self._parse_fragment(response, source)
        return self._parse_shell(response, source)

    def _parse_shell(self, response, source) -> ListResult:
        """Read the unitbuild.js script's url/querydata and ask the API for page 1."""
        script = require(response.css(SHELL_SCRIPT), SHELL_SCRIPT, response)[0]
        api_url = urljoin(response.url, script.attrib["url"])
        params = parse_querydata(script.attrib["querydata"])
        headers = {"Referer": response.url}
        if source.options.get("forward_cookie"):
            cookie = cookie_header(response)
            if cookie:
                headers["Cookie"] = cookie
        page = 1 if source.options.get("paging", True) else None
        url = unit_url(api_url, params, page, source.options.get("page_size", 20))
        return ListResult(requests=[Request(url, headers=headers, meta={"list_page": 1})])

    def _parse_fragment(self, response, source) -> ListResult:
        html = fragment_html(response)
        opts = source.options
        rows = Selector(text=html).css(opts["rows"])
        link_css = opts.get("link", "a[href]")
        entries = [e for e in (self._entry(row, link_css, response, opts) for row in rows) if e]
        require(entries, f"{opts['rows']} {link_css}", response)
        return ListResult(entries=entries, next_page=self._next_page(response, html, source))

    def _entry(self, row, link_css: str, response, opts: dict) -> ListEntry | None:
        link = row.css(link_css)
        if not link or not link[0].attrib.get("href"):
            return None
        link = link[0]
        title = (link.attrib.get("title") or _text(link)).strip()
        published = parse_date(_text(row.css(opts["date"])[0])) if opts.get("date") and row.css(opts["date"]) else None
        extra = {}
        if opts.get("deadline") and row.css(opts["deadline"]):
            found = deadline(_text(row.css(opts["deadline"])[0]))
            if found:
                extra["comment_deadline"] = found
        return ListEntry(url=urljoin(response.url, link.attrib["href"].strip()), title=title,
                         published=published, extra=extra)

    def _next_page(self, response, html: str, source) -> Request | None:
        """The API call for the next page while the fragment's pager says there are more rows."""
        params = dict(parse_qsl(urlsplit(response.url).query, keep_blank_values=True))
        if "paramJson" not in params:
            return None
        paging = json.loads(params.pop("paramJson"))
        count, rows = _COUNT.search(html), _ROWS.search(html)
        page, size = int(paging["pageNo"]), paging["pageSize"]
        per_page = int(rows[1]) if rows else int(size)
        if not count or page * per_page >= int(count[1]):
            return None
        api_url = response.url.split("?", 1)[0]
        headers = dict(response.request.headers.to_unicode_dict()) if response.request is not None else {}
        return Request(unit_url(api_url, params, page + 1, size), headers=headers, meta={"list_page": page + 1})

    def parse_detail(self, response, source, entry):
        page = extract_detail(response, fallback_title=entry.title, fallback_published=entry.published,
                              options=source.options)
        page.doc_number = page.doc_number or standalone_doc_number(page.body_html)
        return page
