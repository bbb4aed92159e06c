"""State Council portal families (sources.md §3.1, §3.2).

``govcn``: column shells whose script loads a sibling JSON file (``ZUIXINZHENGCE.json`` ...), the 政策文件库
search API (``sousuo.www.gov.cn/search-gov/data?t=zhengcelibrary_gw|_bm``) and the two detail templates
(A: info table ``table.bd1``; B: ``h1#ti`` + ``div.pages-date``), body ``#UCAP-CONTENT``.
``govcn_en``: english.www.gov.cn static lists (``page_N.html``, protocol-relative links, ``div.Artical_Content``).
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from scrapy import Request

from spiders.families import register
from spiders.families.base import Family, ListResult, SelectorError, require
from spiders.families.detail import (
    document,
    extract_detail,
    find_doc_number,
    node_text,
    parse_date,
    url_date,
)
from spiders.items import ListEntry

_JSON_REF = re.compile(r"""["'](\.{0,2}/?[\w/]*?([A-Z][A-Z0-9_]*\.json))["']""")
_EM = re.compile(r"</?em>", re.IGNORECASE)


def robots_meta(url: str, source) -> dict:
    """``dont_obey_robotstxt`` for requests to the hosts named in the record's ``robots_ignore_hosts``.

    The 政策文件库 API host ``sousuo.www.gov.cn`` disallows everything (§3.1, S39) while the detail pages on
    www.gov.cn must still follow www.gov.cn's robots.txt: marking only the API requests is how a crawl that
    obeys robots.txt can skip it for one host (Scrapy's RobotsTxtMiddleware honours this meta key).
    """
    hosts = source.robots_ignore_hosts
    return {"dont_obey_robotstxt": True} if urlsplit(url).hostname in hosts else {}


def _is_json(response) -> bool:
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    return "json" in content_type or urlsplit(response.url).path.endswith(".json")


def _load_json(response):
    """Decode a JSON answer; gov.cn column files may start with a UTF-8 BOM (§2.8)."""
    return json.loads(response.body.decode("utf-8-sig"))


@register
class GovCnFamily(Family):
    """www.gov.cn column JSON files, the 政策文件库 API and Template A/B detail pages."""

    name = "govcn"

    def list_requests(self, source):
        """The list URLs; for a JS column shell whose data file is named (``options.json_file``), that file.

        Asking for the JSON directly (with the shell as Referer, as the page's own XHR does) saves a request per
        sweep; a renamed data file answers 404 and fails the run loudly, as a changed shell would.
        """
        referer = source.options.get("referer")
        json_file = source.options.get("json_file")
        requests = []
        for url in source.list_urls:
            target = urljoin(url, json_file) if json_file else url
            headers = {"Referer": url if json_file else referer} if (json_file or referer) else {}
            requests.append(Request(target, headers=headers, meta=robots_meta(target, source)))
        return requests

    def parse_list(self, response, source) -> ListResult:
        if not _is_json(response):
            return self._shell(response, source)
        data = _load_json(response)
        if isinstance(data, list):
            return ListResult(entries=self._column_entries(data, response))
        return self._library(data, response, source)

    def _shell(self, response, source) -> ListResult:
        """The JS column shell: request the JSON file its script loads (``options.json_file`` overrides)."""
        name = source.options.get("json_file")
        if not name:
            scripts = " ".join(response.css("script").getall())
            match = _JSON_REF.search(scripts)
            if not match:
                raise SelectorError(f"no '*.json' data file referenced in <script> on {response.url}")
            name = match[1]
        require(response.css(source.options.get("container", "#list-1-ajax-id")),
                source.options.get("container", "#list-1-ajax-id"), response)
        return ListResult(requests=[Request(urljoin(response.url, name), headers={"Referer": response.url})])

    def _column_entries(self, rows: list, response) -> list[ListEntry]:
        """``[{TITLE, SUB_TITLE, URL, DOCRELPUBTIME}]`` rows of a column file."""
        entries = []
        for row in require(rows, "JSON array [{TITLE, URL, DOCRELPUBTIME}]", response):
            title = (row.get("TITLE") or "").strip()
            entries.append(ListEntry(
                url=urljoin(response.url, row["URL"]),
                title=title,
                published=parse_date(row.get("DOCRELPUBTIME")),
                doc_number=find_doc_number(row.get("SUB_TITLE")) or find_doc_number(title),
                extra={"sub_title": row["SUB_TITLE"]} if row.get("SUB_TITLE") else {},
            ))
        return entries

    def _library(self, data: dict, response, source) -> ListResult:
        """``searchVO.listVO[]`` of the 政策文件库 API; titles carry ``<em>`` highlights; ``p`` pages on."""
        search = data.get("searchVO") or {}
        rows = require(search.get("listVO") or [], "searchVO.listVO (zhengcelibrary API)", response)
        entries = [ListEntry(
            url=row["url"],
            title=_EM.sub("", row.get("title") or "").strip(),
            published=parse_date(row.get("pubtime")) or parse_date(row.get("pubtimeStr")),
            doc_number=find_doc_number(row.get("pcode")),
            extra={k: row[k] for k in ("puborg", "childtype") if row.get(k)},
        ) for row in rows]
        parts = urlsplit(response.url)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        page = int(params.get("p", "1"))
        next_page = None
        if page < int(search.get("totalpage") or 1):
            params["p"] = str(page + 1)
            url = urlunsplit(parts._replace(query=urlencode(params)))
            next_page = Request(url, headers=response.request.headers if response.request else {},
                                meta=robots_meta(url, source))
        return ListResult(entries=entries, next_page=next_page)

    def parse_detail(self, response, source, entry):
        """Template A (``table.bd1`` info table), B (``h1#ti``, ``firstpublishedtime``) or a zhengceku copy.

        Body ``#UCAP-CONTENT``; zhengceku 部门文件 pages have only ``.pages_content`` (§3.1).
        """
        sel = document(response)
        template_a = bool(sel.css("table.bd1"))
        options = {
            "title_selectors": [] if template_a else ["h1#ti", "div.share-title", "div.article h1"],
            "body_selectors": ["#UCAP-CONTENT", ".pages_content"],
            **source.options.get("detail", {}),
        }
        page = extract_detail(response, fallback_title=entry.title, fallback_published=entry.published,
                              options=options)
        if not page.body_html:
            raise SelectorError(f"0 items for '#UCAP-CONTENT' on {response.url} (status {response.status})")
        origin = sel.css("div.pages-date span.font::text").re_first(r"来源[：:]\s*(\S+)")
        if origin:
            page.meta["来源"] = origin
        # zhengceku copies of 部门文件 carry their body in div.pages_content without #UCAP-CONTENT
        zhengceku = not template_a and not sel.css("#UCAP-CONTENT") and bool(sel.css(".pages_content"))
        page.meta["template"] = "A" if template_a else ("zhengceku" if zhengceku else "B")
        return page


@register
class GovCnEnglishFamily(Family):
    """english.www.gov.cn latest releases: ``page_N.html`` lists of protocol-relative links."""

    name = "govcn_en"
    LINK = re.compile(r"/\d{6}/\d{2}/content_WS[0-9a-f]+\.html$")

    def parse_list(self, response, source) -> ListResult:
        row_css = source.options.get("row_selector", ".list-container li")
        entries = []
        for row in require(response.css(row_css), row_css, response):
            href = row.css("a::attr(href)").get()
            if not href:
                continue
            url = urljoin(response.url, href.strip())  # "//english.www.gov.cn/..." keeps the page's scheme
            if not self.LINK.search(urlsplit(url).path):
                continue
            date = parse_date(node_text(row.css("span.date")[0])) if row.css("span.date") else None
            entries.append(ListEntry(url=url, title=node_text(row.css("a")[0]), published=date or _en_url_date(url)))
        require(entries, f"{row_css} a[href*=content_WS]", response)
        return ListResult(entries=entries, next_page=self._next_page(response))

    @staticmethod
    def _next_page(response) -> Request | None:
        """``page_{n+1}.html`` when the pager links to it (the first page is the column index)."""
        match = re.search(r"page_(\d+)\.html$", response.url)
        wanted = f"page_{int(match[1]) + 1 if match else 2}.html"
        for href in response.css(".pages a::attr(href), .page a::attr(href), #page a::attr(href)").getall():
            if href.strip().endswith(wanted):
                return Request(urljoin(response.url, href.strip()))
        return None

    def parse_detail(self, response, source, entry):
        options = {"title_selectors": ["div.Artical_Title h1", "h1"], "body_selectors": ["div.Artical_Content"],
                   "date_selectors": ["span.date", "div.Artical_Title .date"], **source.options.get("detail", {})}
        page = extract_detail(response, fallback_title=entry.title, fallback_published=entry.published,
                              options=options)
        if not page.body_html:
            raise SelectorError(f"0 items for 'div.Artical_Content' on {response.url} (status {response.status})")
        return page


def _en_url_date(url: str) -> str | None:
    match = re.search(r"/(\d{4})(\d{2})/(\d{2})/content_WS", url)
    return parse_date(f"{match[1]}-{match[2]}-{match[3]}") if match else url_date(url)
