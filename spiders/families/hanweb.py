"""Classic Hanweb (大汉) column pages: Jiangsu, Zhejiang (sources.md §2.1 item 2, §4.4, §4.7).

Page 1 is embedded in ``/col/colN/index.html`` as ``<script type="text/xml"><datastore><recordset><record>
<![CDATA[<li>…</li>]]></record>…`` (on some sites the whole block is HTML-entity-escaped). Later pages come from
``/module/web/jpage/dataproxy.jsp`` as the same XML, either a POST form (``startrecord/endrecord/perpage`` in the
query) or the GET variant (``page=N``). A data page with an empty recordset (deep-page stub) ends the list;
an empty recordset on page 1 is a loud error. Options:

``webid``, ``columnid``, ``unitid``, ``webname`` (POST only), ``perpage``: the dataproxy parameters.
``proxy``: ``post`` (default) or ``get``. ``link`` (CSS, default ``a[href]``), ``date`` (CSS, default ``span``;
``b`` on Jiangsu 工信厅); dates like ``2026- 08- 07`` are normalised. Detail pages use detail.py's options.
"""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector
from scrapy import FormRequest, Request

from spiders.families import register
from spiders.families.base import Family, ListResult, SelectorError
from spiders.families.detail import extract_detail, parse_date
from spiders.items import ListEntry

PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
_XML_BLOCK = re.compile(r'<script[^>]*type="text/xml"[^>]*>(.*?)</script>', re.DOTALL | re.IGNORECASE)
_RECORD = re.compile(r"<record>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</record>", re.DOTALL)
_TOTAL = re.compile(r"(?:totalRecord\s*[:=]\s*['\"]?|<totalrecord>)\s*(\d+)", re.IGNORECASE)


def datastore(text: str, url: str) -> str:
    """The ``<datastore>`` XML of a column page or dataproxy answer, entity-unescaped when needed."""
    blocks = _XML_BLOCK.findall(text) if PROXY_PATH not in url else [text]
    block = next((b for b in blocks if "datastore" in b), None)
    if block is None:
        raise SelectorError(f"0 items for 'script[type=\"text/xml\"] <datastore>' on {url}")
    if "<record" not in block and "&lt;record" in block:
        block = html.unescape(block)
    if "<recordset" not in block:
        raise SelectorError(f"0 items for '<datastore><recordset>' on {url}")
    return block


def records(block: str) -> list[str]:
    """The HTML of each ``<record>`` (CDATA or escaped)."""
    return [html.unescape(r) if "&lt;" in r and "<" not in r else r for r in _RECORD.findall(block)]


def current_page(url: str) -> int:
    """1 for the column page; the page a dataproxy URL asks for."""
    query = dict(parse_qsl(urlsplit(url).query))
    if "page" in query:
        return int(query["page"])
    if "startrecord" in query:
        return (int(query["startrecord"]) - 1) // int(query["perpage"]) + 1
    return 1


def proxy_request(base_url: str, opts: dict, page: int) -> Request:
    """The dataproxy request for ``page`` (POST form or GET variant, as the record says)."""
    per = int(opts.get("perpage", 15))
    url = urljoin(base_url, PROXY_PATH)
    common = {"appid": "1", "webid": str(opts["webid"]), "path": "/", "columnid": str(opts["columnid"]),
              "unitid": str(opts["unitid"]), "permissiontype": "0"}
    headers = {"Referer": base_url}
    if opts.get("proxy", "post") == "get":
        return Request(f"{url}?{urlencode({'page': page, **common})}", headers=headers, meta={"list_page": page})
    query = urlencode({"startrecord": (page - 1) * per + 1, "endrecord": page * per, "perpage": per})
    form = {"col": "1", **common, "sourceContentType": "1", "webname": opts.get("webname", "")}
    return FormRequest(f"{url}?{query}", formdata=form, headers=headers, meta={"list_page": page})


def _text(node) -> str:
    return re.sub(r"[\s\u3000\xa0]+", " ", node.xpath("string()").get() or "").strip()


@register
class HanwebFamily(Family):
    """Column page XML → rows; dataproxy.jsp for later pages."""

    name = "hanweb"

    def parse_list(self, response, source) -> ListResult:
        opts = source.options
        page = current_page(response.url)
        block = datastore(response.text, response.url)
        entries = [e for e in (self._entry(r, response, opts) for r in records(block)) if e]
        if not entries:
            if page > 1:  # deep-page stub: the list simply ends here
                return ListResult()
            raise SelectorError(f"0 items for '<record> {opts.get('link', 'a[href]')}' on {response.url}")
        total = _TOTAL.search(response.text)
        per = int(opts.get("perpage", 15))
        more = total is None or page * per < int(total[1])
        column_url = source.list_urls[0] if page > 1 else response.url
        return ListResult(entries=entries, next_page=proxy_request(column_url, opts, page + 1) if more else None)

    def _entry(self, record: str, response, opts: dict) -> ListEntry | None:
        row = Selector(text=record)
        link = row.css(opts.get("link", "a[href]"))
        if not link:
            return None
        title = (link[0].attrib.get("title") or _text(link[0])).strip()
        date = row.css(opts.get("date", "span"))
        return ListEntry(url=urljoin(response.url, link[0].attrib["href"].strip()), title=title,
                         published=parse_date(_text(date[-1])) if date else None)

    def parse_detail(self, response, source, entry):
        return extract_detail(response, fallback_title=entry.title, fallback_published=entry.published,
                              options=source.options)
