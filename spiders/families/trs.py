"""TRS WCM (拓尔思) static sites: NDRC, MEE, MOST, MOF, MOT xxgk, MOE, PBOC, Beijing, Chongqing (sources.md §2.1).

Lists are ``index.html`` then ``index_1.html`` … with the page count printed into inline JS
(``createPageHTML(total, current, "index", "html")``, ``var countPage = N``, ``createPage(N, …)``); rows are
``<li>``/``<tr>`` with a relative link ``./YYYYMM/tYYYYMMDD_N.html`` and a date. Record ``options``:

* ``row_selectors``: CSS for list rows, tried in order (default :data:`ROW_SELECTORS`)
* ``date_selector`` / ``doc_number_selector``: CSS inside a row (default: the date/文号 found in the row text)
* ``title_selector``: CSS inside a row for the title when neither ``a[title]`` nor the link text alone is it
  (Chongqing jjxxw rows are ``<a><p>title</p><span>date</span></a>``)
* ``link_selector``: CSS of the row's link (default ``a[href]``; a row may itself be the ``<a>``)
* ``deadline_from_body``: read the 征求意见 deadline from the body prose into ``meta["comment_deadline"]`` (§2.7)
* ``page_ext``: extension of ``index_N`` pages when the JS does not say (``shtml`` on MEE, ``htm`` on MOF)
* ``stub_max_bytes``: a deep page smaller than this with no rows is a stub, the end of the list (§2.1)
* ``detail``: options for :func:`spiders.families.detail.extract_detail` (body/title/date/attachment selectors)
"""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from scrapy import Request

from spiders.families import register
from spiders.families.base import Family, ListResult, SelectorError, require
from spiders.families.detail import (
    attachments,
    clean_html,
    document,
    extract_detail,
    find_deadline,
    find_doc_number,
    is_attachment_url,
    node_text,
    parse_date,
    url_date,
)
from spiders.items import DetailPage, ListEntry

ROW_SELECTORS = ("ul.u-list li", "ul.info_list2 li", "li:has(span.date)", "ul li:has(span)", "tbody tr:has(a)")

_PAGERS = (
    re.compile(r"createPageHTML\(\s*['\"]?(?P<total>\d+)['\"]?\s*,\s*['\"]?(?P<current>\d+)['\"]?\s*,\s*"
               r"['\"](?P<base>\w+)['\"]\s*,\s*['\"](?P<ext>\w+)['\"]"),
    re.compile(r"var\s+countPage\s*=\s*['\"]?(?P<total>\d+)"),
    re.compile(r"createPage\(\s*['\"]?(?P<total>\d+)"),
)
_PAGE_IN_URL = re.compile(r"/(?P<base>index)(?:_(?P<n>\d+))?\.(?P<ext>s?html?)$")
# §2.7: status markers of 征求意见 columns, kept in extra["status"] and removed from the title
_STATUS = re.compile(r"^\s*[【\[](?P<a>进行中|已结束|已截止)[】\]]\s*|\s*[【\[](?P<b>进行中|已结束|已截止)[】\]]\s*$")


def page_count(text: str) -> tuple[int, str | None] | None:
    """``(total pages, extension or None)`` from a TRS pager script, else None."""
    for pattern in _PAGERS:
        match = pattern.search(text)
        if match:
            return int(match["total"]), match.groupdict().get("ext")
    return None


def next_page_url(url: str, text: str, default_ext: str | None = None) -> str | None:
    """The ``index_{n+1}`` URL after ``url`` while the pager script says there are more pages."""
    found = page_count(text)
    if not found:
        return None
    total, ext = found
    parts = urlsplit(url)
    match = _PAGE_IN_URL.search(parts.path)
    current = int(match["n"]) if match and match["n"] else 0
    if current + 1 >= total:
        return None
    ext = ext or (match["ext"] if match else None) or default_ext or "html"
    return urljoin(url, f"index_{current + 1}.{ext}")


def split_status(title: str) -> tuple[str, str | None]:
    """Title without a 【进行中】/[已结束] marker, and the marker."""
    match = _STATUS.search(title)
    if not match:
        return title, None
    return _STATUS.sub("", title).strip(), match["a"] or match["b"]


@register
class TrsFamily(Family):
    """Static TRS lists with JS page counts; generic detail extraction steered by ``options.detail``."""

    name = "trs"

    def parse_list(self, response, source) -> ListResult:
        rows, css = self._rows(response, source)
        if not rows:
            if self._is_stub(response, source):
                return ListResult()
            raise SelectorError(
                f"0 items for {' | '.join(self._row_selectors(source))!r} on {response.url} (status {response.status})")
        entries = [entry for entry in (self._entry(row, response, source) for row in rows) if entry]
        require(entries, f"{css} a[href] (non-file links)", response)
        url = next_page_url(response.url, response.text, source.options.get("page_ext"))
        return ListResult(entries=entries, next_page=Request(url) if url else None)

    @staticmethod
    def _row_selectors(source) -> tuple[str, ...]:
        return tuple(source.options.get("row_selectors") or ROW_SELECTORS)

    def _rows(self, response, source):
        for css in self._row_selectors(source):
            rows = [row for row in response.css(css) if row.css("a[href]")]
            if rows:
                return rows, css
        return [], None

    @staticmethod
    def _is_stub(response, source) -> bool:
        """A deep ``index_N`` page that came back as a few hundred bytes without rows (§2.1): end of list."""
        deep = bool(re.search(r"/index_\d+\.s?html?$", urlsplit(response.url).path))
        return deep and len(response.body) <= int(source.options.get("stub_max_bytes", 600))

    def _entry(self, row, response, source) -> ListEntry | None:
        link = row.css(source.options.get("link_selector", "a[href]"))[0]
        href = (link.attrib.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#")):
            return None
        url = urljoin(response.url, href)
        if is_attachment_url(url):  # MOST lists PDFs beside articles: not documents of their own
            return None
        title_css = source.options.get("title_selector")
        shown = node_text(row.css(title_css)[0]) if title_css and row.css(title_css) else node_text(link)
        title, status = split_status(link.attrib.get("title", "").strip() or shown)
        return ListEntry(
            url=url,
            title=title,
            published=self._row_date(row, link, source) or url_date(url),
            doc_number=self._row_doc_number(row, title, source),
            extra={"status": status} if status else {},
        )

    @staticmethod
    def _row_date(row, link, source) -> str | None:
        css = source.options.get("date_selector")
        if css:
            return parse_date(" ".join(node_text(n) for n in row.css(css)))
        outside = [t for t in row.xpath(".//text()[not(ancestor::a)]").getall() if t.strip()]
        for text in reversed(outside):
            found = parse_date(text)
            if found:
                return found
        return None

    @staticmethod
    def _row_doc_number(row, title, source) -> str | None:
        css = source.options.get("doc_number_selector")
        if css:
            return find_doc_number(" ".join(node_text(n) for n in row.css(css)))
        return find_doc_number(title)

    def parse_detail(self, response, source, entry):
        options = source.options.get("detail", {})
        page = extract_detail(response, fallback_title=entry.title, fallback_published=entry.published,
                              options=options)
        if not page.body_html:
            wanted = " | ".join(options.get("body_selectors", [])) or "§2.5 body containers"
            raise SelectorError(f"0 items for {wanted!r} on {response.url} (status {response.status})")
        if source.options.get("deadline_from_body"):
            deadline = find_deadline(node_text(document(page.body_html)))
            if deadline:
                page.meta["comment_deadline"] = deadline
        return page


@register
class NdrcConsultationFamily(TrsFamily):
    """NDRC 意见征求: a TRS list whose links open an SPA fed by two JSON calls (§3.4).

    ``sa.html#/<shortKey>`` → ``access-url?shortKey=`` → ``{"data": ".../article.html?articleId=<uuid>"}`` →
    ``getArticleDetail?articleId=`` → ``{data: {articleTitle, articleContent, publishDate, articleSource}}``.
    """

    name = "trs_ndrc_yjzq"
    API = "https://yyglxxbsgw.ndrc.gov.cn/public/submission-service/"

    def detail_request(self, entry, source):
        key = urlsplit(entry.url).fragment.strip("/")
        if not key:
            return Request(entry.url)
        return Request(f"{self.API}article/access-url?shortKey={key}")

    def parse_detail(self, response, source, entry):
        if "/article/access-url" in response.url:
            target = json.loads(response.text).get("data") or ""
            article_id = re.search(r"articleId=([\w-]+)", target)
            if not article_id:
                raise SelectorError(f"no articleId in access-url answer on {response.url}")
            return Request(f"{self.API}column/getArticleDetail?articleId={article_id[1]}")
        if "/column/getArticleDetail" in response.url:
            return self._article(json.loads(response.text), response, entry)
        return super().parse_detail(response, source, entry)

    @staticmethod
    def _article(payload: dict, response, entry):
        data = payload.get("data") or {}
        if not data.get("articleContent"):
            raise SelectorError(f"0 items for 'data.articleContent' on {response.url}")
        html = f"<div class=\"yjzq-content\">{data['articleContent']}</div>"
        node = document(html).css("div.yjzq-content")[0]
        raw = re.sub(r"(?i)\s*<br\s*/?>\s*", "", data.get("articleTitle") or "")  # <BR> splits a title mid-word
        title = re.sub(r"\s+", " ", raw).strip() or entry.title
        return DetailPage(
            title=title,
            published=parse_date(data.get("publishDate")) or entry.published,
            body_html=clean_html(node),
            doc_number=find_doc_number(title),
            issuer_names=[],
            attachments=attachments([node], response.url),
            meta={k: data[k] for k in ("articleSource", "publishDate") if data.get(k)},
        )
