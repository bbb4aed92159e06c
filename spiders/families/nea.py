"""National Energy Administration policy columns (sources.md §3.5).

The column page (``/policy/tz.htm``) is a JS shell: ``ul#showData0`` carries ``data="…:<32hex>"`` and the rows come
from the sibling file ``ds_<32hex>.json`` → ``{"datasource": [{title, showTitle, publishUrl, publishTime, …}]}``.
``title`` may contain HTML (``<br>``, ``<font>``); the file may start with a BOM. The whole column is one file,
so there is no next page. Detail pages (``/YYYYMMDD/<32hex>/c.html``) use detail.extract_detail.
Option ``datasource`` (the 32-hex id): ask for ``ds_<id>.json`` directly, one request per sweep instead of two.
"""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy import Request

from spiders.families import register
from spiders.families.base import Family, ListResult, SelectorError, require
from spiders.families.detail import extract_detail, parse_date
from spiders.families.jpaas import standalone_doc_number
from spiders.items import ListEntry

SHELL_LIST = "ul#showData0[data]"
_DS_ID = re.compile(r":\s*([0-9a-f]{32})\s*$")


def datasource_url(response) -> str:
    """The ``ds_<hex>.json`` URL named by the shell's ``ul#showData0[data]``."""
    data = require(response.css(SHELL_LIST), SHELL_LIST, response)[0].attrib["data"]
    match = _DS_ID.search(data)
    if not match:
        raise SelectorError(f"{SHELL_LIST} data={data!r} has no :<32hex> id on {response.url}")
    return urljoin(response.url, f"ds_{match[1]}.json")


def plain_title(value: str) -> str:
    """Title text without the HTML the CMS leaves in it."""
    text = Selector(text=f"<div>{value}</div>").xpath("string(//div)").get() or ""
    return re.sub(r"[\s\u3000\xa0]+", " ", text).strip()


@register
class NeaFamily(Family):
    """Shell → ds_<hex>.json → entries."""

    name = "nea"

    def list_requests(self, source) -> list[Request]:
        ds_id = source.options.get("datasource")
        if not ds_id:
            return super().list_requests(source)
        return [Request(urljoin(url, f"ds_{ds_id}.json"), headers={"Referer": url}) for url in source.list_urls]

    def parse_list(self, response, source) -> ListResult:
        if not re.search(r"/ds_[0-9a-f]{32}\.json$", urlsplit(response.url).path):
            return ListResult(requests=[Request(datasource_url(response), headers={"Referer": response.url})])
        try:
            data = json.loads(response.body.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SelectorError(f"datasource file is not JSON on {response.url} ({exc.msg})") from None
        rows = require([r for r in data.get("datasource") or [] if r.get("publishUrl")], "datasource[].publishUrl",
                       response)
        return ListResult(entries=[self._entry(row, response) for row in rows])

    def _entry(self, row: dict, response) -> ListEntry:
        title = plain_title(row.get("title") or "") or plain_title(row.get("showTitle") or "")
        return ListEntry(url=urljoin(response.url, row["publishUrl"]), title=title,
                         published=parse_date(row.get("publishTime")))

    def parse_detail(self, response, source, entry):
        page = extract_detail(response, fallback_title=entry.title, fallback_published=entry.published,
                              options=source.options)
        page.doc_number = page.doc_number or standalone_doc_number(page.body_html)
        return page
