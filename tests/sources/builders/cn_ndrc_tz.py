"""Snapshots of NDRC 政策发布 · 通知 (sources.md §3.4): ul.u-list, createPageHTML paging, div.article_con pages."""
from __future__ import annotations

from tests.sources.builders.common import esc, paragraphs, reset, states_yaml, write

SLUG = "cn_ndrc_tz"
BASE = "https://www.ndrc.gov.cn/xxgk/zcfb/tz/"
PER_PAGE = 6
ROBOTS = "User-agent: *\nDisallow: /search/\n"

NDRC_404 = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>404-国家发展和改革委员会</title>
<link rel="stylesheet" href="/images/common.css"></head>
<body><div class="error-page"><div class="error-img"><img src="/images/404.png" alt=""></div>
<div class="error-text"><p>对不起，您访问的页面不存在或已被删除！</p><p><span id="time">5</span>秒后自动返回<a href="https://www.ndrc.gov.cn/">首页</a></p></div></div>
<script>var t=5;setInterval(function(){t--;if(t<=0){location.href="https://www.ndrc.gov.cn/";}},1000);</script>
</body></html>
"""

# key: (date, id, title, source 司局, paragraphs, attachments [(file, name)])
DOCS = {
    "carbon_footprint": ("2026-11-07", "1401235",
        "国家发展改革委等部门关于加快建立产品碳足迹管理体系的意见（发改环资〔2023〕1529号）", "环资司",
        ["各省、自治区、直辖市及计划单列市、新疆生产建设兵团发展改革委、工业和信息化主管部门、生态环境厅（局）：",
         "产品碳足迹一般指国际通行的产品全生命周期碳排放总量。为加快建立产品碳足迹管理体系，现提出如下意见。"],
        [("P020261107521236904735.pdf", "关于加快建立产品碳足迹管理体系的意见.pdf")]),
    "coal_power": ("2026-11-05", "1401188",
        "国家发展改革委 国家能源局关于印发《煤电低碳化改造建设行动方案（2024—2027年）》的通知（发改环资〔2024〕894号）", "环资司",
        ["各省、自治区、直辖市及新疆生产建设兵团发展改革委、能源局：",
         "为加快煤电低碳化改造和建设，推动煤炭清洁高效利用，我们制定了《煤电低碳化改造建设行动方案（2024—2027年）》，现印发给你们，请认真贯彻落实。"],
        [("P020261105382016577911.pdf", "煤电低碳化改造建设行动方案（2024—2027年）.pdf")]),
    "price_monitor": ("2026-11-04", "1401150",
        "国家发展改革委办公厅关于做好2026年秋冬季重要民生商品价格监测工作的通知", "价格监测中心",
        ["各省、自治区、直辖市发展改革委：", "为做好秋冬季重要民生商品保供稳价工作，现就加强价格监测有关事项通知如下。"],
        []),
    "green_catalogue": ("2026-11-03", "1401102",
        "国家发展改革委等部门关于印发《绿色低碳转型产业指导目录（2024年版）》的通知（发改环资〔2024〕165号）", "环资司",
        ["各省、自治区、直辖市及计划单列市、新疆生产建设兵团发展改革委、工业和信息化主管部门：",
         "为贯彻落实党中央、国务院关于推动绿色低碳发展的决策部署，我们修订形成了《绿色低碳转型产业指导目录（2024年版）》，现印发给你们。"],
        [("P020261103551024687102.pdf", "绿色低碳转型产业指导目录（2024年版）.pdf"),
         ("P020261103551024691477.docx", "目录解释说明.docx")]),
    "tou_price": ("2026-10-30", "1400987",
        "国家发展改革委关于进一步完善分时电价机制的通知(发改价格[2021]1093号)", "价格司",
        ["各省、自治区、直辖市发展改革委，国家电网有限公司、中国南方电网有限责任公司、内蒙古电力（集团）有限责任公司：",
         "为贯彻落实党中央、国务院决策部署，充分发挥分时电价信号作用，服务以新能源为主体的新型电力系统建设，促进能源绿色低碳发展，现就进一步完善分时电价机制有关事项通知如下。",
         "一、优化峰谷电价机制。各地要统筹考虑当地电力系统峰谷差率、新能源装机占比、系统调节能力等因素，合理确定峰谷电价价差。"],
        []),
    "wheat_price": ("2026-10-28", "1400921",
        "国家发展改革委关于公布2027年小麦最低收购价格的通知", "价格司",
        ["各省、自治区、直辖市发展改革委、粮食和储备局（粮食局）、农业农村（农牧）厅（局、委）：",
         "为保护农民利益，防止“谷贱伤农”，经国务院批准，2027年国家继续在小麦主产区实行最低收购价政策。"],
        []),
    "storage": ("2022-03-21", "1319772",
        "关于印发《“十四五”新型储能发展实施方案》的通知（发改能源〔2022〕209号）", "国家能源局",
        ["各省、自治区、直辖市、新疆生产建设兵团发展改革委、能源局，有关中央企业：",
         "为深入贯彻落实“四个革命、一个合作”能源安全新战略，推动新型储能规模化、产业化、市场化发展，我们研究制定了《“十四五”新型储能发展实施方案》，现印发给你们，请遵照执行。"],
        [("P020220321546558061806.pdf", "“十四五”新型储能发展实施方案.pdf")]),
    "green_consumption": ("2022-01-21", "1312456",
        "关于印发《促进绿色消费实施方案》的通知（发改就业〔2022〕107号）", "就业司",
        ["各省、自治区、直辖市及计划单列市、新疆生产建设兵团有关部门：",
         "为深入贯彻落实党中央、国务院关于促进绿色消费的决策部署，我们制定了《促进绿色消费实施方案》，现印发给你们，请认真贯彻执行。"],
        []),
    "dual_control": ("2021-09-16", "1297021",
        "国家发展改革委关于印发《完善能源消费强度和总量双控制度方案》的通知（发改环资〔2021〕1310号）", "环资司",
        ["各省、自治区、直辖市人民政府，国务院有关部委、直属机构：",
         "经国务院同意，现将《完善能源消费强度和总量双控制度方案》印发给你们，请认真贯彻落实。"],
        []),
}

NEW_WEEK2 = {
    "distribution_grid": ("2026-11-13", "1401420",
        "国家发展改革委 国家能源局关于新形势下配电网高质量发展的指导意见（发改能源〔2024〕187号）", "国家能源局",
        ["各省、自治区、直辖市及新疆生产建设兵团发展改革委、能源局，北京市城市管理委员会，国家能源局各派出机构，国家电网有限公司、中国南方电网有限责任公司、内蒙古电力（集团）有限责任公司：",
         "配电网作为重要的公共基础设施，在保障电力供应、支撑经济社会发展、服务改善民生等方面发挥重要作用。"],
        [("P020261113610298734561.pdf", "关于新形势下配电网高质量发展的指导意见.pdf")]),
    "aluminium": ("2026-11-11", "1401366",
        "国家发展改革委等部门关于印发《电解铝行业节能降碳专项行动计划》的通知", "环资司",
        ["各省、自治区、直辖市及新疆生产建设兵团发展改革委、工业和信息化主管部门、生态环境厅（局）、市场监管局（厅、委）、能源局：",
         "为深入挖掘电解铝行业节能降碳潜力，加快推动电解铝行业节能降碳改造和用能设备更新，我们制定了《电解铝行业节能降碳专项行动计划》，现印发给你们，请结合实际认真抓好贯彻落实。"],
        []),
}


def url_of(doc) -> str:
    date, doc_id = doc[0], doc[1]
    return f"{BASE}{date[:7].replace('-', '')}/t{date.replace('-', '')}_{doc_id}.html"


def detail(doc, views: int = 0) -> str:
    date, doc_id, title, origin, paras, files = doc
    links = "".join(f'<p><a href="./{f}" target="_blank">{i}.{esc(name)}</a></p>' for i, (f, name) in enumerate(files, 1))
    attachment = (f'<div class="attachment"><div class="attachment_l">附件：</div><div class="attachment_r">{links}</div></div>'
                  if files else "")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="中华人民共和国国家发展和改革委员会">
<meta name="SiteDomain" content="www.ndrc.gov.cn">
<meta name="ColumnName" content="通知">
<meta name="ColumnType" content="通知">
<meta name="ColumnDescription" content="政策发布 通知">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{date} 10:30:00">
<meta name="ContentSource" content="{esc(origin)}">
<meta name="Keywords" content="">
<title>{esc(title)}-国家发展和改革委员会</title>
<link rel="stylesheet" href="/images/common.css">
</head>
<body>
<div class="header"><a class="logo" href="https://www.ndrc.gov.cn/">国家发展和改革委员会</a></div>
<div class="container">
<div class="position">当前位置：<a href="../../../../">首页</a> &gt; <a href="../../../">政务公开</a> &gt; <a href="../../">政策发布</a> &gt; <a href="../">通知</a></div>
<div class="article">
<div class="article_title"><h2>{esc(title)}</h2>
<div class="time"><span>发布时间：{date.replace('-', '/')}</span><span>来源：{esc(origin)}</span>
<span class="fontsize">[ 字号 <a href="javascript:void(0)">大</a> <a href="javascript:void(0)">中</a> <a href="javascript:void(0)">小</a> ]</span></div></div>
<div class="article_con article_con_title">
<div class="TRS_Editor">
{paragraphs(paras)}
</div>
</div>
{attachment}
<div class="ewm">扫一扫在手机打开当前页</div>
<div class="print"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div></div>
<div class="footer">国家发展和改革委员会 版权所有 京ICP备05052393号</div>
</body>
</html>
"""


def list_page(docs: list, page: int, total: int) -> str:
    rows = []
    for i, doc in enumerate(docs, 1):
        title = doc[2]
        shown = title if len(title) <= 32 else title[:32] + "..."
        href = "./" + url_of(doc)[len(BASE):]
        rows.append(f'<li><a href="{href}" target="_blank" title="{esc(title)}">{esc(shown)}</a><span>{doc[0].replace("-", "/")}</span></li>')
        if i % 5 == 0:
            rows.append('<li class="empty"></li>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="中华人民共和国国家发展和改革委员会">
<meta name="ColumnName" content="通知">
<title>通知-国家发展和改革委员会</title>
<link rel="stylesheet" href="/images/common.css">
</head>
<body>
<div class="header"><a class="logo" href="https://www.ndrc.gov.cn/">国家发展和改革委员会</a>
<ul class="nav"><li><a href="/xwdt/">新闻动态</a></li><li><a href="/xxgk/">政务公开</a></li><li><a href="/fggz/">发展改革工作</a></li></ul></div>
<div class="container">
<div class="position">当前位置：<a href="../../../">首页</a> &gt; <a href="../../">政务公开</a> &gt; <a href="../">政策发布</a> &gt; 通知</div>
<div class="list">
<div class="list-title">通知</div>
<ul class="u-list">
{chr(10).join(rows)}
</ul>
<div class="page"><script type="text/javascript">createPageHTML({total}, {page}, "index", "html");</script></div>
</div></div>
<div class="footer">国家发展和改革委员会 版权所有</div>
</body>
</html>
"""


def write_lists(state: str, docs: dict) -> None:
    ordered = sorted(docs.values(), key=lambda d: (d[0], d[1]), reverse=True)
    pages = [ordered[i:i + PER_PAGE] for i in range(0, len(ordered), PER_PAGE)]
    for n, chunk in enumerate(pages):
        name = "index.html" if n == 0 else f"index_{n}.html"
        write(SLUG, state, BASE + name, list_page(chunk, n, len(pages)))


def build() -> None:
    reset(SLUG)
    states_yaml(SLUG, {"week2": "week1"})
    write(SLUG, "week1", "https://www.ndrc.gov.cn/robots.txt", ROBOTS)
    write_lists("week1", DOCS)
    for doc in DOCS.values():
        write(SLUG, "week1", url_of(doc), detail(doc))
    # ---- week2: two new, one withdrawn (404 + dropped), one revised (paragraph added)
    week2 = {k: v for k, v in {**DOCS, **NEW_WEEK2}.items() if k != "green_catalogue"}
    write_lists("week2", week2)
    for doc in NEW_WEEK2.values():
        write(SLUG, "week2", url_of(doc), detail(doc))
    write(SLUG, "week2", url_of(DOCS["green_catalogue"]), NDRC_404, status=404,
          headers={"Content-Type": "text/html; charset=utf-8"})
    date, doc_id, title, origin, paras, files = DOCS["tou_price"]
    added = paras + ["二、强化尖峰电价机制。各地要结合实际情况在峰谷电价的基础上推行尖峰电价机制，尖峰电价在峰段电价基础上上浮比例原则上不低于20%。"]
    write(SLUG, "week2", url_of(DOCS["tou_price"]), detail((date, doc_id, title, origin, added, files)))


if __name__ == "__main__":
    build()
