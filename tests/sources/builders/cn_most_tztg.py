"""Snapshots of MOST 通知通告 (sources.md §3.8): ul.info_list2, PDF rows, a legacy GB2312 page, a stub deep page.

Also the resilience states ``blocked`` (412 Ruishu-style answer), ``empty`` (200 with no body) and ``malformed``
(the list markup changed: rows moved out of ul.info_list2).
"""
from __future__ import annotations

from tests.sources.builders.common import esc, paragraphs, reset, states_yaml, write

SLUG = "cn_most_tztg"
HOST = "https://www.most.gov.cn"
BASE = HOST + "/tztg/"
ROBOTS = "User-agent: *\nDisallow: /cgi-bin/\n"

DOCS = [  # (date, id, title, paras, files)
    ("2026-11-06", "198712", "科技部关于印发《科技支撑碳达峰碳中和实施方案（2022—2030年）》的通知",
     ["各省、自治区、直辖市及计划单列市科技厅（委、局），新疆生产建设兵团科技局，国务院各有关部门科技主管司局：",
      "为深入贯彻落实党中央、国务院关于碳达峰碳中和的重大战略决策，科技部等九部门研究制定了《科技支撑碳达峰碳中和实施方案（2022—2030年）》，现印发给你们，请结合实际认真贯彻落实。"],
     [("P020261106412250135671.pdf", "科技支撑碳达峰碳中和实施方案（2022—2030年）.pdf")]),
    ("2026-11-03", "198655", "科技部办公厅关于组织开展2026年度国家重点研发计划“碳中和关键技术研究与示范”重点专项项目申报的通知",
     ["各有关单位：", "根据国家重点研发计划组织管理有关规定，现将“碳中和关键技术研究与示范”重点专项2026年度项目申报指南予以发布。"],
     [("W020261103581129087230.docx", "申报指南.docx")]),
    ("2026-10-29", "198590", "关于2026年度国家科学技术奖励提名工作的通知",
     ["各有关单位：", "2026年度国家科学技术奖提名工作即将开始，现将有关事项通知如下。"], []),
]
PDF_ROW = ("2026-11-06", "./202611/P020261106412250135671.pdf", "科技支撑碳达峰碳中和实施方案（2022—2030年）.pdf")
LEGACY = ("2019-05-20", "146789", "科技部关于印发《绿色技术创新体系建设工作方案》的通知",
          ["各省、自治区、直辖市科技厅（委、局）：", "为贯彻落实党的十九大精神，构建市场导向的绿色技术创新体系，现印发工作方案，请认真组织实施。"])

STUB = '<html><head><meta charset="utf-8"></head><body><ul class="info_list2"></ul><script>createPageHTML(3, 2, "index", "html");</script></body></html>'


def url_of(date: str, doc_id: str, ext: str = "html") -> str:
    return f"{BASE}{date[:7].replace('-', '')}/t{date.replace('-', '')}_{doc_id}.{ext}"


def detail(date, doc_id, title, paras, files) -> str:
    links = "".join(f'<p>附件：<a href="./{f}">{esc(n)}</a></p>' for f, n in files)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="中华人民共和国科学技术部">
<meta name="ColumnName" content="通知通告">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{date} 09:00">
<meta name="ContentSource" content="科技部">
<title>{esc(title)}_中华人民共和国科学技术部</title>
</head>
<body>
<div class="header"><a href="https://www.most.gov.cn/">中华人民共和国科学技术部</a></div>
<div class="main">
<div class="title_wide">{esc(title)}</div>
<div class="notes">日期：{date}　来源：科技部　<span class="fontsize">字号：大 中 小</span>　<a href="javascript:window.print()">打印本页</a></div>
<div class="text wide">
<div class="TRS_Editor">
{paragraphs(paras)}
{links}
</div></div></div>
<div class="footer">主办：中华人民共和国科学技术部</div>
</body>
</html>
"""


def legacy_detail() -> bytes:
    """A ≤2019 page: GB2312 declared in http-equiv, body between ContentStart/ContentEnd markers, no container class."""
    date, doc_id, title, paras = LEGACY
    html = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{date}">
<title>{title}</title>
</head>
<body>
<table width="990" border="0" cellpadding="0" cellspacing="0"><tr><td class="STYLE30">{title}</td></tr>
<tr><td>
<meta name="ContentStart"/>
<div>
{paragraphs(paras)}
</div>
<meta name="ContentEnd"/>
</td></tr></table>
</body>
</html>
"""
    return html.encode("gb2312")


def row(date, href, title) -> str:
    return f'<li><a href="{href}" target="_blank" title="{esc(title)}">{esc(title)}</a><span class="date mhide">{date}</span></li>'


def list_page(rows: list[str], page: int, total: int, list_class: str = "info_list2") -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="SiteName" content="中华人民共和国科学技术部"><meta name="ColumnName" content="通知通告">
<title>通知通告_中华人民共和国科学技术部</title></head>
<body>
<div class="header"><a href="https://www.most.gov.cn/">中华人民共和国科学技术部</a></div>
<div class="main"><div class="list_title">通知通告</div>
<ul class="{list_class}">
{chr(10).join(rows)}
</ul>
<div class="page"><script>createPageHTML({total}, {page}, "index", "html");</script></div>
</div>
</body>
</html>
"""


def build() -> None:
    reset(SLUG)
    states_yaml(SLUG, {"blocked": "week1", "empty": "week1", "malformed": "week1"})
    write(SLUG, "week1", HOST + "/robots.txt", ROBOTS)
    first = [row(d[0], "./" + url_of(d[0], d[1])[len(BASE):], d[2]) for d in DOCS[:2]]
    first.insert(1, row(*PDF_ROW))  # the PDF of item 1 listed as its own row (§3.8: skip)
    write(SLUG, "week1", BASE, list_page(first, 0, 3))
    second = [row(DOCS[2][0], "./" + url_of(DOCS[2][0], DOCS[2][1])[len(BASE):], DOCS[2][2]),
              row(LEGACY[0], "./" + url_of(LEGACY[0], LEGACY[1], "htm")[len(BASE):], LEGACY[2])]
    write(SLUG, "week1", BASE + "index_1.html", list_page(second, 1, 3))
    write(SLUG, "week1", BASE + "index_2.html", STUB)  # §2.1: deep pages can be 300–400-byte stubs
    for doc in DOCS:
        write(SLUG, "week1", url_of(doc[0], doc[1]), detail(*doc))
    write(SLUG, "week1", url_of(LEGACY[0], LEGACY[1], "htm"), legacy_detail())
    # ---- resilience states
    write(SLUG, "blocked", BASE, "<html><head><meta charset='utf-8'></head><body><script>$_ts=window['$_ts'];"
          "$_ts.nsd=12345;$_ts.cd='qEjr';</script><script src='/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js'></script></body></html>",
          status=412, headers={"Content-Type": "text/html", "Set-Cookie": "FSSBBIl1UgzbN7N80SO=Yx3q; Path=/; HttpOnly"})
    write(SLUG, "empty", BASE, b"", headers={"Content-Type": "text/html"})
    write(SLUG, "malformed", BASE, list_page(first, 0, 3, list_class="news-list2026").replace(
        '<span class="date mhide">', '<em class="time">').replace("</span></li>", "</em></li>"))


if __name__ == "__main__":
    build()
