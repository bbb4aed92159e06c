"""A small fixture source family for the reliability tests: TRS-style list + detail pages under a tmp snapshots root.

``make_source(root, records, slug, host)`` writes ``<records>/<slug>.yaml`` (family ``trs``) and
``<root>/<slug>/week1/<host>/…`` (robots.txt, ``/tz/index.html`` listing ``docs``, one detail page per doc) plus a
``states.yaml`` where week2 and week3 inherit week1. Callers add or override files per state with ``write``.
"""
from __future__ import annotations

import html as htmlmod
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass
class Doc:
    path: str          # e.g. "202611/t20261102_1.html" under /tz/
    title: str
    date: str          # "2026/11/02"
    body: str          # HTML paragraphs (raw: hostile tests put markup here on purpose)
    list_title: str | None = None  # raw HTML text for the list row's title attribute/text (default: escaped title)


def default_docs(tag: str) -> list[Doc]:
    return [
        Doc(f"202611/t2026110{i}_{i}.html", f"关于推进{tag}碳达峰工作的第{i}号通知", f"2026/11/0{i}",
            f"<p>各有关单位：为推进{tag}碳达峰碳中和工作，现就第{i}项事项通知如下。</p><p>到2030年前实现碳达峰。</p>")
        for i in (1, 2, 3)
    ]


def list_page(docs: list[Doc]) -> str:
    rows = "\n".join(
        f'<li><a href="/tz/{d.path}" target="_blank" title="{d.list_title or htmlmod.escape(d.title)}">'
        f'{d.list_title or htmlmod.escape(d.title)}</a><span>{d.date}</span></li>' for d in docs)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>通知</title></head><body>\n"
            f"<div class=\"list\"><ul class=\"u-list\">\n{rows}\n</ul>\n"
            "<div class=\"page\"><script>createPageHTML(1, 0, \"index\", \"html\");</script></div></div>"
            "\n</body></html>\n")


def detail_page(doc: Doc, raw_title: str | None = None) -> str:
    title = raw_title if raw_title is not None else htmlmod.escape(doc.title)
    iso = doc.date.replace("/", "-")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"ArticleTitle\" content=\"{htmlmod.escape(doc.title, quote=True)}\">"
            f"<meta name=\"PubDate\" content=\"{iso} 10:00:00\"><title>{title}</title></head><body>\n"
            f"<div class=\"article\"><div class=\"article_title\"><h2>{title}</h2>"
            f"<div class=\"time\"><span>发布时间：{doc.date}</span></div></div>\n"
            f"<div class=\"article_con\"><div class=\"TRS_Editor\">\n{doc.body}\n</div></div></div>\n</body></html>\n")


def write(root: Path, slug: str, state: str, host: str, rel: str, data: str | bytes) -> Path:
    path = root / slug / state / host / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def make_source(root: Path, records: Path, slug: str, host: str, docs: list[Doc] | None = None,
                scheme: str = "http", lists: tuple[str, ...] = ("tz",), **record_extra) -> list[Doc]:
    docs = docs if docs is not None else default_docs(slug)
    records.mkdir(parents=True, exist_ok=True)
    record = {
        "slug": slug, "name": f"测试来源 {slug}", "name_en": f"Test source {slug}", "agency": "ndrc",
        "agency_name": "测试机关", "level": "national", "family": "trs",
        "list_urls": [f"{scheme}://{host}/{name}/" for name in lists], "expected_min_items": 2, "max_pages": 1, "download_delay": 0,
        "options": {"row_selectors": ["ul.u-list li"],
                    "detail": {"body_selectors": ["div.article_con .TRS_Editor"]}},
        "notes": "reliability test fixture",
        **record_extra,
    }
    (records / f"{slug}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    write(root, slug, "week1", host, "robots.txt", "User-agent: *\nDisallow: /private/\n")
    for name in lists:
        write(root, slug, "week1", host, f"{name}/index.html", list_page(docs))
    for doc in docs:
        write(root, slug, "week1", host, f"tz/{doc.path}", detail_page(doc))
    for state in ("week2", "week3"):
        (root / slug / state / host).mkdir(parents=True, exist_ok=True)
    (root / slug / "states.yaml").write_text("week2: {base: week1}\nweek3: {base: week2}\n", encoding="utf-8")
    return docs
