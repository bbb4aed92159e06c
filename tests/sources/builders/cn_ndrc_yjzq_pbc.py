"""Snapshots of NDRC 意见征求 (SPA + two JSON calls, §3.4) and PBOC 条法司 规范性文件 (WZWS challenge, §3.14)."""
from __future__ import annotations

import json

from tests.sources.builders.cn_ndrc_tz import ROBOTS as NDRC_ROBOTS
from tests.sources.builders.common import esc, reset, write

API = "https://yyglxxbsgw.ndrc.gov.cn/public/submission-service/"
YJZQ = "https://www.ndrc.gov.cn/hdjl/yjzq/"

CONSULTATIONS = [  # (shortKey, articleId, list title, date, api title, content html, source)
    ("c9Xk2m", "8f2b6c1e-4d7a-4e0b-9a51-2f6d3c8e1a47", "【进行中】关于《可再生能源绿色电力证书核发和交易规则（征求意见稿）》公开征求意见的公告",
     "2026-11-05", "关于《可再生能源绿色电力证书核发和交易规则<BR>（征求意见稿）》公开征求意见的公告",
     "<p>为做好可再生能源绿色电力证书全覆盖工作，我们起草了《可再生能源绿色电力证书核发和交易规则（征求意见稿）》，现向社会公开征求意见。</p>"
     "<p>此次公开征求意见的时间为2026年11月5日至2026年12月4日。</p>"
     "<p>附件：<a href=\"https://yyglxxbs.ndrc.gov.cn/file-submission/2026/11/05/5d1f0c2a.docx\">征求意见稿.docx</a></p>",
     "国家能源局"),
    ("Qm7pLa", "1c3e5a7b-9d2f-4b6a-8c0e-3f5a7c9e1b2d", "关于《固定资产投资项目节能审查办法（修订征求意见稿）》公开征求意见的公告[已结束]",
     "2026-10-12", "关于《固定资产投资项目节能审查办法（修订征求意见稿）》公开征求意见的公告",
     "<p>为贯彻落实党中央、国务院关于碳达峰碳中和的决策部署，我委对《固定资产投资项目节能审查办法》进行了修订。</p>"
     "<p>此次公开征求意见的时间为2026年10月12日至2026年11月11日。</p>",
     "环资司"),
]

YJZQ_LIST = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>意见征求-国家发展和改革委员会</title></head>
<body><div class="header"><a class="logo" href="https://www.ndrc.gov.cn/">国家发展和改革委员会</a></div>
<div class="container"><div class="list"><div class="list-title">意见征求</div>
<ul class="u-list">
{rows}
<li class="empty"></li>
</ul>
<div class="page"><script type="text/javascript">createPageHTML(1, 0, "index", "html");</script></div>
</div></div></body></html>
"""

PBC_LIST = "http://www.pbc.gov.cn/tiaofasi/144941/3581332/index.html"
WZWS_PAGE = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta http-equiv="pragma" content="no-cache"><title></title></head>
<body><noscript><h1><strong>请开启JavaScript并刷新该页.</strong></h1></noscript>
<script type="text/javascript">var dynamicurl="/WZWSREL3RpYW9mYXNpLzE0NDk0MS8zNTgxMzMyL2luZGV4Lmh0bWw=";var wzwsquestion="W#hV`F";
var wzwsfactor="8217";var wzwsmethod="post";var wzwsparams="";
function HXXTTKKLLPPP5(){var x3=dynamicurl;var x4=wzwsquestion;var x5=parseInt(wzwsfactor)+x4.length;}</script>
<script type="text/javascript">HXXTTKKLLPPP5();</script></body></html>
"""


def build() -> None:
    reset("cn_ndrc_yjzq")
    write("cn_ndrc_yjzq", "week1", "https://www.ndrc.gov.cn/robots.txt", NDRC_ROBOTS)
    write("cn_ndrc_yjzq", "week1", "https://yyglxxbsgw.ndrc.gov.cn/robots.txt", "User-agent: *\nDisallow:\n")
    rows = "\n".join(f'<li><a href="https://yyglxxbsgw.ndrc.gov.cn/sa.html#/{key}" target="_blank" title="{esc(title)}">'
                     f'{esc(title[:30])}...</a><span>{date.replace("-", "/")}</span></li>'
                     for key, _, title, date, *_ in CONSULTATIONS)
    write("cn_ndrc_yjzq", "week1", YJZQ, YJZQ_LIST.format(rows=rows))
    for key, article, _, date, title, content, source in CONSULTATIONS:
        write("cn_ndrc_yjzq", "week1", f"{API}article/access-url?shortKey={key}", json.dumps(
            {"status": 1, "msg": "success",
             "data": f"https://yyglxxbsgw.ndrc.gov.cn/htmls/article/article.html?articleId={article}"}),
            headers={"Content-Type": "application/json;charset=UTF-8"})
        write("cn_ndrc_yjzq", "week1", f"{API}column/getArticleDetail?articleId={article}", json.dumps(
            {"status": 1, "msg": "success", "data": {"articleId": article, "articleTitle": title,
             "articleContent": content, "publishDate": f"{date} 16:30:00", "articleSource": source}},
            ensure_ascii=False), headers={"Content-Type": "application/json;charset=UTF-8"})

    reset("cn_pbc_tfs")
    write("cn_pbc_tfs", "week1", "http://www.pbc.gov.cn/robots.txt", "User-agent: *\nDisallow:\n")
    write("cn_pbc_tfs", "week1", PBC_LIST, WZWS_PAGE)


if __name__ == "__main__":
    build()
