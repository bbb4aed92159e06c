"""Snapshots of Beijing and Chongqing TRS columns (sources.md §4.2, §4.5, §2.1): bj_gov_zcfg, cq_gov_szfwj,
cq_jjxxw_zcwj, cq_fzggw_xzgfxwj.

Detail-page markup of these sites is not documented (§6 item 6): the detail templates below are inferred from the
Chongqing department notes (trs_editor_view, yj3, zcwjk-xlcon, insertfileTag, 发布机构 strong/span) and from the
generic TRS meta block; the records say ``verified: false``.
"""
from __future__ import annotations

from tests.sources.builders.common import esc, paragraphs, reset, states_yaml, write

PERMISSIVE = "User-agent: *\nDisallow:\n"


def ym(date: str) -> str:
    return date[:7].replace("-", "")


def tname(date: str, doc_id: str) -> str:
    return f"{ym(date)}/t{date.replace('-', '')}_{doc_id}.html"


def trs_meta(site: str, column: str, title: str, date: str, source: str) -> str:
    return f"""<meta charset="utf-8">
<meta name="SiteName" content="{site}">
<meta name="ColumnName" content="{column}">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{date}">
<meta name="ContentSource" content="{esc(source)}">"""


# ================================================================ 北京 政策法规 (§4.5)

BJ = "https://www.beijing.gov.cn"
BJ_LIST = BJ + "/zhengce/zhengcefagui/"
# key: (date, id, title, 发文字号 (only when certain), 发文机构, flag, paras, files)
BJ_DOCS = {
    "carbon_peak": ("2026-11-06", "40123456", "北京市人民政府关于印发《北京市碳达峰实施方案》的通知", "京政发〔2022〕31号",
        "北京市人民政府", "", ["各区人民政府，市政府各委、办、局，各市属机构：",
                          "现将《北京市碳达峰实施方案》印发给你们，请认真贯彻落实。"],
        [("./W020261106512873340921.pdf", "北京市碳达峰实施方案.pdf")]),
    "energy_saving": ("2026-11-03", "40123321", "北京市人民政府办公厅关于印发《北京市进一步强化节能降碳工作方案》的通知", "",
        "北京市人民政府办公厅", "解读", ["各区人民政府，市政府各委、办、局，各市属机构：",
                                  "经市政府同意，现将《北京市进一步强化节能降碳工作方案》印发给你们，请结合实际认真贯彻落实。"],
        []),
    "heating": ("2026-10-29", "40123105", "北京市人民政府办公厅关于做好2026—2027年采暖季供热保障工作的通知", "",
        "北京市人民政府办公厅", "", ["各区人民政府，市政府各委、办、局，各市属机构：",
                               "为做好本市2026—2027年采暖季供热保障工作，确保群众温暖过冬，现就有关事项通知如下。"],
        []),
    "ev_charging": ("2026-10-21", "40122877", "北京市人民政府关于加快推进充电基础设施建设的实施意见", "",
        "北京市人民政府", "图解", ["各区人民政府，市政府各委、办、局，各市属机构：",
                              "为加快构建高质量充电基础设施体系，更好满足人民群众购置和使用新能源汽车需求，提出如下实施意见。"],
        []),
    "housing": ("2026-10-10", "40122540", "北京市人民政府关于修改《北京市住房租赁条例实施办法》的决定", "",
        "北京市人民政府", "", ["市政府决定对《北京市住房租赁条例实施办法》作如下修改。"],
        []),
}
BJ_WEEK2 = {
    "zero_carbon": ("2026-11-13", "40124010", "北京市人民政府办公厅关于印发《北京市零碳园区建设实施方案》的通知", "",
        "北京市人民政府办公厅", "", ["各区人民政府，市政府各委、办、局，各市属机构：",
                               "经市政府同意，现将《北京市零碳园区建设实施方案》印发给你们，请认真贯彻落实。"],
        []),
}


def bj_detail(doc) -> str:
    date, doc_id, title, number, org, flag, paras, files = doc
    links = "".join(f'<p><a href="{f}">{esc(n)}</a></p>' for f, n in files)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{trs_meta("首都之窗_北京市人民政府门户网站", "政策文件", title, date + " 17:43", org)}
<title>{esc(title)}_政策文件_首都之窗_北京市人民政府门户网站</title>
<link rel="stylesheet" href="/images/zhengce.css">
</head>
<body>
<div class="header"><a href="https://www.beijing.gov.cn/">首都之窗</a></div>
<div class="container">
<div class="header_con"><div class="doc-info"><ol>
<li class="col-md-8"><span>[名称]</span>{esc(title)}</li>
<li class="col-md-4"><span>[发文机构]</span>{esc(org)}</li>
<li class="col-md-4"><span>[发文字号]</span>{esc(number)}</li>
<li class="col-md-4"><span>[成文日期]</span>{date.replace('-', '年', 1).replace('-', '月')}日</li>
<li class="col-md-4"><span>[发布日期]</span>{date.replace('-', '年', 1).replace('-', '月')}日</li>
</ol></div>
<div class="header"><p>{esc(title)}</p></div></div>
<div class="view TRS_UEDITOR trs_paper_default trs_word" id="mainText">
{paragraphs(paras)}
{links}</div>
<div class="share">分享：<a href="javascript:void(0)">微信</a> <a class="print" href="javascript:window.print()">打印</a></div>
</div>
<div class="footer">主办：北京市人民政府办公厅</div>
</body>
</html>
"""


def bj_list(docs: list) -> str:
    rows = []
    for doc in docs:
        flag = f'<i class="flag">{doc[5]}</i>' if doc[5] else ""
        rows.append(f'<li>{flag}<a href="./{tname(doc[0], doc[1])}" target="_blank" title="{esc(doc[2])}">{esc(doc[2])}</a>'
                    f'<span>{doc[0]}</span></li>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="首都之窗_北京市人民政府门户网站">
<meta name="ColumnName" content="政策法规">
<title>政策法规_首都之窗_北京市人民政府门户网站</title>
<link rel="stylesheet" href="/images/zhengce.css">
</head>
<body>
<div class="header"><a href="https://www.beijing.gov.cn/">首都之窗</a>
<ul class="nav"><li><a href="/zhengce/">政策</a></li><li><a href="/gongkai/">公开</a></li><li><a href="/hudong/">互动</a></li></ul></div>
<div class="container"><div class="listBox"><ul class="list">
{chr(10).join(rows)}
</ul></div>
<div class="changepage"><script>createPageHTML(48, 0, "index", "html");</script></div></div>
<div class="footer">主办：北京市人民政府办公厅</div>
</body>
</html>
"""


def build_bj() -> None:
    slug = "bj_gov_zcfg"
    reset(slug)
    states_yaml(slug, {"week2": "week1"})
    write(slug, "week1", BJ + "/robots.txt", PERMISSIVE)
    write(slug, "week1", BJ_LIST + "index.html", bj_list(sorted(BJ_DOCS.values(), reverse=True)))
    for doc in BJ_DOCS.values():
        write(slug, "week1", BJ_LIST + tname(doc[0], doc[1]), bj_detail(doc))
    write(slug, "week2", BJ_LIST + "index.html", bj_list(sorted({**BJ_DOCS, **BJ_WEEK2}.values(), reverse=True)))
    for doc in BJ_WEEK2.values():
        write(slug, "week2", BJ_LIST + tname(doc[0], doc[1]), bj_detail(doc))


# ================================================================ 重庆市政府 市政府文件 (§4.2)

CQ = "https://www.cq.gov.cn"
CQ_LIST = CQ + "/zwgk/zfxxgkml/szfwj/qtgw/"
# key: (date, id, title, 文号 (only when certain; list cell otherwise empty), 发布机构, paras, files)
CQ_DOCS = {
    "carbon_peak": ("2026-11-05", "12874501", "重庆市人民政府关于印发重庆市碳达峰实施方案的通知", "",
        "重庆市人民政府", ["各区县（自治县）人民政府，市政府各部门，有关单位：",
                       "现将《重庆市碳达峰实施方案》印发给你们，请认真贯彻执行。"],
        [("./P020261105389720145512.pdf", "重庆市碳达峰实施方案.pdf")]),
    "green_finance": ("2026-10-30", "12874233", "重庆市人民政府办公厅关于印发重庆市建设绿色金融改革创新试验区实施细则的通知", "",
        "重庆市人民政府办公厅", ["各区县（自治县）人民政府，市政府各部门，有关单位：",
                           "《重庆市建设绿色金融改革创新试验区实施细则》已经市政府同意，现印发给你们，请认真组织实施。"],
        []),
    "flood_season": ("2026-10-22", "12873980", "重庆市人民政府办公厅关于做好2026年冬春火灾防控工作的通知", "",
        "重庆市人民政府办公厅", ["各区县（自治县）人民政府，市政府各部门，有关单位：",
                           "为切实做好今冬明春火灾防控工作，确保全市火灾形势持续平稳，现就有关事项通知如下。"],
        []),
    "new_energy_vehicles": ("2026-10-12", "12873611", "重庆市人民政府关于加快新能源汽车产业高质量发展的意见", "",
        "重庆市人民政府", ["各区县（自治县）人民政府，市政府各部门，有关单位：",
                       "为加快推动新能源汽车产业高质量发展，打造世界级智能网联新能源汽车产业集群，提出如下意见。"],
        []),
}


def cq_detail(doc) -> str:
    date, doc_id, title, number, org, paras, files = doc
    links = "".join(f'<p><a href="{f}">{esc(n)}</a></p>' for f, n in files)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{trs_meta("重庆市人民政府网", "其他公文", title, date + " 10:12", org)}
<title>{esc(title)}_其他公文_重庆市人民政府网</title>
<link rel="stylesheet" href="/images/gkxl.css">
</head>
<body>
<div class="top"><a href="https://www.cq.gov.cn/">重庆市人民政府</a></div>
<table class="gkxl-top"><tbody>
<tr><td class="t1">索 引 号：</td><td>11500000009275780L/{date[:4]}-00{doc_id[-3:]}</td><td class="t1">主题分类：</td><td>综合政务</td></tr>
<tr><td class="t1">发布机构：</td><td>{esc(org)}</td><td class="t1">成文日期：</td><td>{date}</td></tr>
<tr><td class="t1">标　　题：</td><td colspan="3">{esc(title)}</td></tr>
<tr><td class="t1">发文字号：</td><td>{esc(number)}</td><td class="t1">发布日期：</td><td>{date}</td></tr>
</tbody></table>
<div class="gkxl-article">
<h2 class="title">{esc(title)}</h2>
<div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">
{paragraphs(paras)}
{links}</div>
</div>
<div class="gkxl-bot"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<div class="footer">主办：重庆市人民政府办公厅</div>
</body>
</html>
"""


def cq_list(docs: list, page: int, total: int) -> str:
    rows = []
    for doc in docs:
        rows.append(f'<ul class="list-cont"><li class="w400"><a href="./{tname(doc[0], doc[1])}" target="_blank" '
                    f'title="{esc(doc[2])}">{esc(doc[2])}</a></li><li class="w120">{esc(doc[3])}</li>'
                    f'<li class="w172">{esc(doc[4])}</li><li class="w110"><span>{doc[0]}</span></li></ul>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="重庆市人民政府网">
<meta name="ColumnName" content="其他公文">
<title>其他公文_重庆市人民政府网</title>
<link rel="stylesheet" href="/images/gkxl.css">
</head>
<body>
<div class="top"><a href="https://www.cq.gov.cn/">重庆市人民政府</a></div>
<div class="list-head"><ul><li class="w400">标题</li><li class="w120">文号</li><li class="w172">发布机构</li><li class="w110">发布日期</li></ul></div>
<div class="list-box">
{chr(10).join(rows)}
</div>
<div class="page"><script>createPage({total}, {page}, "index", "html");</script></div>
<div class="footer">主办：重庆市人民政府办公厅</div>
</body>
</html>
"""


def build_cq_gov() -> None:
    slug = "cq_gov_szfwj"
    reset(slug)
    write(slug, "week1", CQ + "/robots.txt", PERMISSIVE)
    ordered = sorted(CQ_DOCS.values(), reverse=True)
    write(slug, "week1", CQ_LIST, cq_list(ordered[:3], 0, 2))
    write(slug, "week1", CQ_LIST + "index_1.html", cq_list(ordered[3:], 1, 2))
    for doc in CQ_DOCS.values():
        write(slug, "week1", CQ_LIST + tname(doc[0], doc[1]), cq_detail(doc))


# ================================================================ 重庆市经信委 (§4.2, S28, S29)

JJ = "https://jjxxw.cq.gov.cn"
JJ_QTWJ = JJ + "/zwgk_213/zcwj/qtwj/"
JJ_GFXWJ = JJ + "/zwgk_213/zcwj/xzgfxwj/"
# key: (column, date, id, title, paras, files)
JJ_DOCS = {
    "material_peak": (JJ_QTWJ, "2026-11-04", "12901233", "重庆市经济和信息化委员会关于公开征求《重庆市材料工业碳达峰实施方案（征求意见稿）》意见的通知",
        ["各区县（自治县）经济信息委，两江新区、西部科学城重庆高新区、万盛经开区经济运行局，有关单位：",
         "为深入贯彻落实党中央、国务院关于碳达峰碳中和的重大战略决策，我委会同有关部门起草了《重庆市材料工业碳达峰实施方案（征求意见稿）》，现公开征求意见。"],
        [("./P020261104531208873415.pdf", "重庆市材料工业碳达峰实施方案（征求意见稿）.pdf")]),
    "industry_peak": (JJ_QTWJ, "2026-10-27", "12900876", "重庆市经济和信息化委员会 重庆市发展和改革委员会 重庆市生态环境局关于印发《重庆市工业领域碳达峰实施方案》的通知",
        ["各区县（自治县）经济信息委、发展改革委、生态环境局：",
         "现将《重庆市工业领域碳达峰实施方案》印发给你们，请结合实际认真贯彻落实。"],
        [("./P020261027402199871230.pdf", "重庆市工业领域碳达峰实施方案.pdf"),
         ("./P020261027402201346718.docx", "重点任务分工表.docx")]),
    "digital_economy": (JJ_QTWJ, "2026-10-15", "12900510", "重庆市经济和信息化委员会关于开展2026年度市级工业互联网平台遴选工作的通知",
        ["各区县（自治县）经济信息委，有关单位：", "为加快工业互联网创新发展，现组织开展2026年度市级工业互联网平台遴选工作。"],
        []),
    "green_factory": (JJ_GFXWJ, "2026-11-02", "12901102", "重庆市经济和信息化委员会关于印发《重庆市绿色工厂梯度培育管理办法》的通知",
        ["各区县（自治县）经济信息委，有关单位：",
         "为推动制造业绿色低碳转型，我委制定了《重庆市绿色工厂梯度培育管理办法》，现印发给你们，请遵照执行。"],
        []),
    "power_demand": (JJ_GFXWJ, "2026-10-20", "12900702", "重庆市经济和信息化委员会关于印发《重庆市电力需求响应实施方案》的通知",
        ["国网重庆市电力公司，各区县（自治县）经济信息委：",
         "为提升电力系统调节能力，保障迎峰度冬期间电力安全稳定供应，我委制定了《重庆市电力需求响应实施方案》，现印发给你们。"],
        []),
}


def jj_detail(doc) -> str:
    column, date, doc_id, title, paras, files = doc
    links = "".join(f'<p class="insertfileTag"><a href="{f}" target="_blank">{esc(n)}</a></p>' for f, n in files)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{trs_meta("重庆市经济和信息化委员会", "政策文件", title, date + " 09:30", "市经济信息委")}
<title>{esc(title)}_重庆市经济和信息化委员会</title>
<link rel="stylesheet" href="/images/jjxxw.css">
</head>
<body>
<div class="top"><a href="https://jjxxw.cq.gov.cn/">重庆市经济和信息化委员会</a></div>
<div class="zwxl-main">
<div class="zwxl-title"><p class="tit">{esc(title)}</p>
<div class="zwxl-info"><span><strong>发布机构：</strong><span>重庆市经济和信息化委员会</span></span>
<span>发布日期：<publishtime>{date} 09:30:00</publishtime></span></div></div>
<div class="yj3">
<div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">
{paragraphs(paras)}
</div>
{links}
</div>
<div class="zwxl-bot"><a href="javascript:window.print()">【打印】</a> <a href="javascript:window.close()">【关闭】</a></div>
</div>
<div class="footer">主办：重庆市经济和信息化委员会</div>
</body>
</html>
"""


def jj_list(column: str, docs: list) -> str:
    rows = "\n".join(f'<a href="./{tname(d[1], d[2])}" target="_blank"><p>{esc(d[3])}</p><span>{d[1]}</span></a>' for d in docs)
    if column == JJ_QTWJ:  # jjxxw template: div.item.on > div:first-child > a(p + span)
        body = f"""<div class="tab-content"><div class="item on">
<div class="list">
{rows}
</div>
<div class="fy"><script>createPage(1, 0, "index", "html");</script></div>
</div></div>"""
        name = "其他文件"
    else:  # other columns: div.li-8 > a > p + span
        body = "\n".join(f'<div class="li-8"><a href="./{tname(d[1], d[2])}" target="_blank"><p>{esc(d[3])}</p><span>{d[1]}</span></a></div>'
                         for d in docs) + '\n<div class="fy"><script>createPage(1, 0, "index", "html");</script></div>'
        name = "行政规范性文件"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="重庆市经济和信息化委员会">
<meta name="ColumnName" content="{name}">
<title>{name}_重庆市经济和信息化委员会</title>
<link rel="stylesheet" href="/images/jjxxw.css">
</head>
<body>
<div class="top"><a href="https://jjxxw.cq.gov.cn/">重庆市经济和信息化委员会</a></div>
<div class="main-right"><div class="tit">{name}</div>
{body}
</div>
<div class="footer">主办：重庆市经济和信息化委员会</div>
</body>
</html>
"""


def build_jj() -> None:
    slug = "cq_jjxxw_zcwj"
    reset(slug)
    write(slug, "week1", JJ + "/robots.txt", PERMISSIVE)
    for column in (JJ_QTWJ, JJ_GFXWJ):
        docs = sorted((d for d in JJ_DOCS.values() if d[0] == column), key=lambda d: d[1], reverse=True)
        write(slug, "week1", column + "index.html", jj_list(column, docs))
        for doc in docs:
            write(slug, "week1", column + tname(doc[1], doc[2]), jj_detail(doc))


# ================================================================ 重庆市发改委 行政规范性文件 (§4.2, S28)

FZ = "https://fzggw.cq.gov.cn"
FZ_LIST = FZ + "/zwgk/zfxxgkml/zcwj/xzgfxwj/"
# key: (date, id, title, paras, files)
FZ_DOCS = {
    "tou_price": ("2026-11-07", "12911820", "重庆市发展和改革委员会关于进一步完善我市分时电价机制有关事项的通知",
        ["国网重庆市电力公司，各区县（自治县）发展改革委：",
         "为充分发挥分时电价信号作用，服务以新能源为主体的新型电力系统建设，促进能源绿色低碳发展，现就进一步完善我市分时电价机制有关事项通知如下。"],
        [("./P020261107561230987412.pdf", "重庆市分时电价时段划分表.pdf")]),
    "energy_review": ("2026-10-31", "12911503", "重庆市发展和改革委员会关于印发《重庆市固定资产投资项目节能审查和碳排放评价实施办法》的通知",
        ["各区县（自治县）发展改革委，两江新区、西部科学城重庆高新区、万盛经开区发展改革部门：",
         "为加强固定资产投资项目节能审查和碳排放评价管理，我委制定了《重庆市固定资产投资项目节能审查和碳排放评价实施办法》，现印发给你们，请遵照执行。"],
        []),
    "water_price": ("2026-10-18", "12911022", "重庆市发展和改革委员会关于调整主城都市区居民用水价格的通知",
        ["各有关区发展改革委，有关供水企业：", "经市政府同意，现就调整主城都市区居民用水价格有关事项通知如下。"],
        []),
}
FZ_WEEK2 = {
    "green_power": ("2026-11-12", "12912230", "重庆市发展和改革委员会关于做好2027年绿色电力交易工作的通知",
        ["国网重庆市电力公司，重庆电力交易中心，各有关发电企业：",
         "为满足市场主体绿色电力消费需求，推动绿色电力证书与碳市场衔接，现就做好2027年绿色电力交易工作有关事项通知如下。"],
        []),
}


def fz_detail(doc) -> str:
    date, doc_id, title, paras, files = doc
    links = "".join(f'<p><a href="{f}" target="_blank">{esc(n)}</a></p>' for f, n in files)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{trs_meta("重庆市发展和改革委员会", "行政规范性文件", title, date + " 16:00", "市发展改革委")}
<title>{esc(title)}_重庆市发展和改革委员会</title>
<link rel="stylesheet" href="/images/fzggw.css">
</head>
<body>
<div class="top"><a href="https://fzggw.cq.gov.cn/">重庆市发展和改革委员会</a></div>
<div class="zcwjk-xxgk"><table><tbody>
<tr><td>索 引 号：</td><td>11500000MB1K01520L/{date[:4]}-00{doc_id[-3:]}</td><td>发布机构：</td><td>重庆市发展和改革委员会</td></tr>
<tr><td>标　　题：</td><td colspan="3">{esc(title)}</td></tr>
<tr><td>成文日期：</td><td>{date}</td><td>发布日期：</td><td>{date}</td></tr>
<tr><td>有 效 性：</td><td colspan="3">有效</td></tr>
</tbody></table></div>
<div class="zcwjk-xlcon">
<div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">
{paragraphs(paras)}
{links}</div>
</div>
<div class="zcwjk-bot"><a href="javascript:window.print()">打印</a></div>
<div class="footer">主办：重庆市发展和改革委员会</div>
</body>
</html>
"""


def fz_list(docs: list, page: int, total: int) -> str:
    rows = "\n".join(f'<li><a href="./{tname(d[0], d[1])}" target="_blank" title="{esc(d[2])}">{esc(d[2])}</a><span>{d[0]}</span></li>'
                     for d in docs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="重庆市发展和改革委员会">
<meta name="ColumnName" content="行政规范性文件">
<title>行政规范性文件_重庆市发展和改革委员会</title>
<link rel="stylesheet" href="/images/fzggw.css">
</head>
<body>
<div class="top"><a href="https://fzggw.cq.gov.cn/">重庆市发展和改革委员会</a>
<ul class="nav"><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwxx/">政务信息</a></li></ul></div>
<div class="gkm-cr glw-c"><div class="tab-con"><ul>
{rows}
</ul></div>
<div class="page"><script>createPage({total}, {page}, "index", "html");</script></div></div>
<div class="footer">主办：重庆市发展和改革委员会</div>
</body>
</html>
"""


def build_fz() -> None:
    slug = "cq_fzggw_xzgfxwj"
    reset(slug)
    states_yaml(slug, {"week2": "week1"})
    write(slug, "week1", FZ + "/robots.txt", PERMISSIVE)
    write(slug, "week1", FZ_LIST, fz_list(sorted(FZ_DOCS.values(), reverse=True), 0, 1))
    for doc in FZ_DOCS.values():
        write(slug, "week1", FZ_LIST + tname(doc[0], doc[1]), fz_detail(doc))
    write(slug, "week2", FZ_LIST, fz_list(sorted({**FZ_DOCS, **FZ_WEEK2}.values(), reverse=True), 0, 1))
    for doc in FZ_WEEK2.values():
        write(slug, "week2", FZ_LIST + tname(doc[0], doc[1]), fz_detail(doc))


def build() -> None:
    build_bj()
    build_cq_gov()
    build_jj()
    build_fz()


if __name__ == "__main__":
    build()
