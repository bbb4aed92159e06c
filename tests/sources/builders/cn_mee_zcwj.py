"""Snapshots of MEE 政策文件 · 部文件 (sources.md §3.6): li + span.date rows, countPage paging, two detail templates."""
from __future__ import annotations

from tests.sources.builders.common import esc, paragraphs, reset, states_yaml, write

SLUG = "cn_mee_zcwj"
HOST = "https://www.mee.gov.cn"
LIST = HOST + "/zcwj/bwj/wj/index.shtml"
PER_PAGE = 5
ROBOTS = "User-agent: *\nDisallow: /was5/\nDisallow: /xxgk2018/xxgk/sqgk/\n"

# key: dict(date, url, title, tpl ("xxgk" info-table page | "col" column page), info, paras, files, views)
DOCS = {
    "climate_guidance": dict(
        date="2026-11-06", url="/xxgk2018/xxgk/xxgk03/202611/t20261106_1137421.html", tpl="xxgk",
        title="关于统筹和加强应对气候变化与生态环境保护相关工作的指导意见",
        info=dict(index="000014672/2021-00021", cls="应对气候变化", org="生态环境部", made="2021-01-09", num="环综合〔2021〕4号"),
        paras=["各省、自治区、直辖市生态环境厅（局），新疆生产建设兵团生态环境局，部机关各部门，各派出机构、直属单位：",
               "为深入贯彻落实党中央、国务院关于应对气候变化和生态环境保护的重大决策部署，统筹和加强应对气候变化与生态环境保护相关工作，现提出如下意见。"],
        files=[], views=1532),
    "pollution_carbon": dict(
        date="2026-11-04", url="/xxgk2018/xxgk/xxgk03/202611/t20261104_1137360.html", tpl="xxgk",
        title="关于印发《减污降碳协同增效实施方案》的通知",
        info=dict(index="000014672/2022-00470", cls="应对气候变化",
                  org="生态环境部 国家发展和改革委员会 工业和信息化部 住房和城乡建设部 交通运输部 农业农村部 国家能源局",
                  made="2022-06-10", num="环综合〔2022〕42号"),
        paras=["各省、自治区、直辖市及新疆生产建设兵团生态环境、发展改革、工业和信息化、住房和城乡建设、交通运输、农业农村、能源主管部门：",
               "为深入贯彻落实党中央、国务院关于碳达峰碳中和决策部署，落实新发展阶段生态文明建设有关要求，协同推进减污降碳，生态环境部等7部门联合制定了《减污降碳协同增效实施方案》。",
               "附件：<a href=\"./W020261104389041521390.pdf\">减污降碳协同增效实施方案.pdf</a>"],
        files=[], views=2210),
    "eia_source": dict(
        date="2026-11-02", url="/xxgk2018/xxgk/xxgk03/202611/t20261102_1137302.html", tpl="xxgk",
        title="关于加强高耗能、高排放建设项目生态环境源头防控的指导意见",
        info=dict(index="000014672/2021-00472", cls="环境影响评价", org="生态环境部", made="2021-05-30", num="环环评[2021]45号"),
        paras=["各省、自治区、直辖市生态环境厅（局），新疆生产建设兵团生态环境局：",
               "为加强高耗能、高排放（以下简称“两高”）建设项目生态环境源头防控，坚决遏制“两高”项目盲目发展，推动绿色转型和高质量发展，提出以下意见。"],
        files=[], views=987),
    "soil_plan": dict(
        date="2026-10-30", url="/zcwj/bwj/wj/202610/t20261030_1137188.shtml", tpl="col",
        title="关于进一步加强农村生活污水治理监督管理的通知",
        paras=["各省、自治区、直辖市生态环境厅（局），新疆生产建设兵团生态环境局：",
               "为推动农村生活污水治理提质增效，现就进一步加强监督管理有关事项通知如下。"],
        files=[], views=415),
    "ghg_reporting": dict(
        date="2026-10-27", url="/xxgk2018/xxgk/xxgk03/202610/t20261027_1137101.html", tpl="xxgk",
        title="关于加强企业温室气体排放报告管理相关工作的通知",
        info=dict(index="000014672/2021-00301", cls="应对气候变化", org="生态环境部办公厅", made="2021-03-29", num="环办气候〔2021〕9号"),
        paras=["各省、自治区、直辖市生态环境厅（局），新疆生产建设兵团生态环境局：",
               "为做好全国碳排放权交易市场数据质量管理相关工作，现就加强企业温室气体排放报告管理有关事项通知如下。"],
        files=[("./W020261027567709102345.xlsx", "附件1.企业温室气体排放报告核查表.xlsx")], views=3306),
    "methane": dict(
        date="2026-10-20", url="/zcwj/bwj/wj/202610/t20261020_1136950.shtml", tpl="col",
        title="关于印发《甲烷排放控制行动方案》的通知",
        paras=["各省、自治区、直辖市及新疆生产建设兵团生态环境、外交、发展改革、科技、工业和信息化、财政、自然资源、住房和城乡建设、交通运输、农业农村、应急管理、市场监管、能源、林草主管部门：",
               "为贯彻落实党中央、国务院关于碳达峰碳中和的决策部署，有效控制甲烷排放，我们制定了《甲烷排放控制行动方案》，现印发给你们，请结合实际认真贯彻落实。"],
        files=[("W020261020431197356281.pdf", "甲烷排放控制行动方案.pdf")], views=1888),
}

NEW_WEEK2 = {
    "ccer_rules": dict(
        date="2026-11-12", url="/xxgk2018/xxgk/xxgk03/202611/t20261112_1137590.html", tpl="xxgk",
        title="关于做好2023—2025年发电行业企业温室气体排放报告管理有关工作的通知",
        info=dict(index="000014672/2023-00112", cls="应对气候变化", org="生态环境部办公厅", made="2023-02-07", num="环办气候函〔2023〕43号"),
        paras=["各省、自治区、直辖市生态环境厅（局），新疆生产建设兵团生态环境局：",
               "为做好2023—2025年发电行业企业温室气体排放报告管理有关工作，现将有关事项通知如下。"],
        files=[], views=12),
}


def chrome(views: int, font_label: str = "字号：", print_label: str = "打印本页") -> str:
    return f"""<div class="neiright_Tools"><span class="view_count">浏览次数：<span id="viewCount">{views}</span></span>
<span class="fontsize">{font_label}<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a></span>
<a class="print" href="javascript:window.print()">{print_label}</a> <a href="javascript:window.close()">关闭窗口</a></div>"""


def head(doc: dict, column: str) -> str:
    return f"""<head>
<meta charset="utf-8">
<meta name="SiteName" content="中华人民共和国生态环境部">
<meta name="SiteDomain" content="www.mee.gov.cn">
<meta name="ColumnName" content="{column}">
<meta name="ArticleTitle" content="{esc(doc['title'])}">
<meta name="PubDate" content="{doc['date']} 17:30">
<meta name="ContentSource" content="{esc(doc.get('info', {}).get('org', '生态环境部'))}">
<meta name="Keywords" content="">
<meta name="contentid" content="{doc['url'].rsplit('_', 1)[1].split('.')[0]}">
<title>{esc(doc['title'])}_生态环境部</title>
<link rel="stylesheet" href="/images/common.css">
</head>"""


def files_html(doc: dict) -> str:
    return "".join(f'<p><a href="{f}">{esc(n)}</a></p>' for f, n in doc["files"])


def xxgk_page(doc: dict, tools: str) -> str:
    i = doc["info"]
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
{head(doc, "部文件")}
<body>
<div class="header"><a href="https://www.mee.gov.cn/">中华人民共和国生态环境部</a></div>
<div class="content_top_box"><ul>
<li class="first"><span>索 引 号：</span><i>{i['index']}</i></li>
<li><span>分　　类：</span><i>{esc(i['cls'])}</i></li>
<li><span>发布机关：</span><i>{esc(i['org'])}</i></li>
<li><span>生成日期：</span><i>{i['made']}</i></li>
<li class="name"><span>名　　称：</span><i>{esc(doc['title'])}</i></li>
<li><span>文　　号：</span><i>{esc(i['num'])}</i></li>
</ul></div>
<div class="content_body">
<h1>{esc(doc['title'])}</h1>
<div class="content_body_box">
<div class="Custom_UnionStyle">
{paragraphs(doc['paras'])}
{files_html(doc)}
</div>
</div>
{tools}
</div>
<div class="leave_dialog" style="display:none"><h1>您访问的链接即将离开“生态环境部”门户网站 是否继续？</h1></div>
<div class="footer">版权所有：中华人民共和国生态环境部</div>
</body>
</html>
"""


def column_page(doc: dict, tools: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
{head(doc, "部文件")}
<body>
<div class="header"><a href="https://www.mee.gov.cn/">中华人民共和国生态环境部</a></div>
<div class="neiright">
<h2 class="neiright_Title">{esc(doc['title'])}</h2>
<div class="xqLyPc"><span class="time">{doc['date']}</span><span class="source">来源：生态环境部</span></div>
<div class="neiright_JPZ_GK_CP">
<div class="TRS_Editor">
{paragraphs(doc['paras'])}
{files_html(doc)}
</div>
</div>
{tools}
</div>
<div class="footer">版权所有：中华人民共和国生态环境部</div>
</body>
</html>
"""


def page(doc: dict, **chrome_args) -> str:
    tools = chrome(doc["views"], **chrome_args)
    return (xxgk_page if doc["tpl"] == "xxgk" else column_page)(doc, tools)


def relative(url: str) -> str:
    """Links as the list prints them: ./YYYYMM/… inside the column, ../../../xxgk2018/… across (§2.1)."""
    if url.startswith("/zcwj/bwj/wj/"):
        return "./" + url[len("/zcwj/bwj/wj/"):]
    return "../../.." + url


def list_page(docs: list, page: int, total: int) -> str:
    rows = "\n".join(
        f'<li><span class="date">{d["date"]}</span><a href="{relative(d["url"])}" target="_blank">{esc(d["title"])}</a></li>'
        for d in docs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="中华人民共和国生态环境部">
<meta name="ColumnName" content="部文件">
<title>部文件_生态环境部</title>
<link rel="stylesheet" href="/images/common.css">
</head>
<body>
<div class="header"><a href="https://www.mee.gov.cn/">中华人民共和国生态环境部</a>
<ul class="nav"><li><a href="/ywdt/">要闻动态</a></li><li><a href="/zcwj/">政策文件</a></li><li><a href="/xxgk2018/">信息公开</a></li></ul></div>
<div class="main">
<div class="left_nav"><ul>
<li><a href="/zcwj/zyygwj/">中央有关文件</a></li><li><a href="/zcwj/gwywj/">国务院有关文件</a></li>
<li class="on"><a href="/zcwj/bwj/">部文件</a></li><li><a href="/zcwj/bgtwj/">办公厅文件</a></li></ul></div>
<div class="iframe-list"><ul id="div">
{rows}
</ul>
<div class="page"><script>
var currentPage = {page};
var countPage = {total};
createPageHTML(countPage, currentPage, "index", "shtml");
</script></div>
</div></div>
<div class="footer">版权所有：中华人民共和国生态环境部</div>
</body>
</html>
"""


def write_lists(state: str, docs: dict) -> None:
    ordered = sorted(docs.values(), key=lambda d: (d["date"], d["url"]), reverse=True)
    pages = [ordered[i:i + PER_PAGE] for i in range(0, len(ordered), PER_PAGE)]
    for n, chunk in enumerate(pages):
        name = "index.shtml" if n == 0 else f"index_{n}.shtml"
        write(SLUG, state, HOST + "/zcwj/bwj/wj/" + name, list_page(chunk, n, len(pages)))


def build() -> None:
    reset(SLUG)
    states_yaml(SLUG, {"week2": "week1"})
    write(SLUG, "week1", HOST + "/robots.txt", ROBOTS)
    write_lists("week1", DOCS)
    for doc in DOCS.values():
        write(SLUG, "week1", HOST + doc["url"], page(doc))
    # ---- week2: one new document; chrome-only change (浏览次数, 字号, 打印本页) on climate_guidance
    write_lists("week2", {**DOCS, **NEW_WEEK2})
    for doc in NEW_WEEK2.values():
        write(SLUG, "week2", HOST + doc["url"], page(doc))
    doc = dict(DOCS["climate_guidance"], views=2871)
    write(SLUG, "week2", HOST + doc["url"], page(doc, font_label="【字体：", print_label="【打印】"))


if __name__ == "__main__":
    build()
