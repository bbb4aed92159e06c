"""Snapshots of six TRS ministry columns (sources.md §2.1, §3.4, §3.6, §3.9, §3.10, §3.12).

cn_ndrc_gg (NDRC 公告), cn_mee_yjzj (MEE 意见征集), cn_mee_ydqhbh (MEE 温室气体控制), cn_moe_zqyj (MOE 征求意见),
cn_mot_qtwj (MOT 其他政策性文件), cn_mof_zcfb (MOF 政策发布). Hosts shared with other sources reuse their robots.txt.
"""
from __future__ import annotations

from tests.sources.builders import cn_mee_zcwj, cn_ndrc_tz
from tests.sources.builders.common import esc, paragraphs, reset, states_yaml, write

PERMISSIVE = "User-agent: *\nDisallow:\n"


def tdate(date: str) -> str:
    return date.replace("-", "")


def meta_block(site: str, column: str, title: str, date: str, source: str, extra: str = "") -> str:
    return f"""<meta charset="utf-8">
<meta name="SiteName" content="{site}">
<meta name="ColumnName" content="{column}">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{date}">
<meta name="ContentSource" content="{esc(source)}">
<meta name="Keywords" content="">{extra}"""


# ================================================================ NDRC 公告 (§3.4)

NDRC = "https://www.ndrc.gov.cn"
NDRC_GG = NDRC + "/xxgk/zcfb/gg/"
# key: (date, id, title, 司局, paras, files, path (default the 公告 column))
NDRC_DOCS = {
    "tech_catalogue": ("2026-11-06", "1401201", "关于发布《国家重点推广的低碳技术目录（第五批）》的公告", "环资司",
        ["为贯彻落实党中央、国务院关于碳达峰碳中和的决策部署，加快低碳技术推广应用，我委组织编制了《国家重点推广的低碳技术目录（第五批）》，现予以发布。",
         "各地区、各有关部门要加大对目录所列技术的推广力度。"],
        [("P020261106612390471825.pdf", "国家重点推广的低碳技术目录（第五批）.pdf")], None),
    "tech_catalogue_jd": ("2026-11-06", "1401207", "《国家重点推广的低碳技术目录（第五批）》解读", "环资司",
        ["近日，国家发展改革委发布《国家重点推广的低碳技术目录（第五批）》。", "一、目录编制的背景是什么？"],
        [], "/xxgk/jd/jd/"),
    "pilot_list": ("2026-11-02", "1401122", "关于第二批国家碳达峰试点名单的公告", "环资司",
        ["根据《国家碳达峰试点建设方案》，经地方申报、省级推荐、专家评审和网上公示，确定第二批国家碳达峰试点名单，现予公告。"],
        [("P020261102403125607781.pdf", "第二批国家碳达峰试点名单.pdf")], None),
    "grain_quota": ("2026-10-26", "1400962", "2027年粮食进口关税配额申请和分配细则", "外资司",
        ["根据《中华人民共和国货物进出口管理条例》《农产品进口关税配额管理暂行办法》，制定2027年粮食进口关税配额申请和分配细则。"],
        [], None),
    "cotton_quota": ("2026-10-19", "1400871", "关于2027年棉花进口滑准税加工贸易配额申请有关事项的公告", "经贸司",
        ["为保障纺织企业用棉需要，经研究，决定发放一定数量的棉花进口滑准税配额，现将有关事项公告如下。"],
        [], None),
    "ev_charging": ("2026-10-10", "1400755", "关于公布2026年度车网互动规模化应用试点名单的公告", "能源局",
        ["为推动新能源汽车与电网融合互动，经地方申报、专家评审，确定2026年度车网互动规模化应用试点名单，现予公布。"],
        [], None),
}
NDRC_WEEK2 = {
    "zero_carbon_parks": ("2026-11-13", "1401433", "关于第一批国家级零碳园区建设名单的公告", "环资司",
        ["为贯彻落实党中央、国务院关于碳达峰碳中和的决策部署，有序推进零碳园区建设，现将第一批国家级零碳园区建设名单予以公告。"],
        [("P020261113550981236640.pdf", "第一批国家级零碳园区建设名单.pdf")], None),
}


def ndrc_url(doc) -> str:
    return f"{NDRC}{doc[6] or '/xxgk/zcfb/gg/'}{doc[0][:7].replace('-', '')}/t{tdate(doc[0])}_{doc[1]}.html"


def ndrc_detail(doc) -> str:
    column = "解读" if doc[6] else "公告"
    return cn_ndrc_tz.detail(doc[:6]).replace('content="通知"', f'content="{column}"').replace(
        'content="政策发布 通知"', f'content="政策发布 {column}"')


def ndrc_list(docs: list, page: int, total: int) -> str:
    rows = []
    for doc in docs:
        title = doc[2]
        shown = title if len(title) <= 24 else title[:24] + "..."
        target = ndrc_url(doc)
        href = "./" + target[len(NDRC_GG):] if target.startswith(NDRC_GG) else "../../jd/jd/" + target.split("/xxgk/jd/jd/")[1]
        rows.append(f'<li><a href="{href}" target="_blank" title="{esc(title)}">{esc(shown)}</a><span>{doc[0].replace("-", "/")}</span></li>')
    html = cn_ndrc_tz.list_page([], page, total)
    return (html.replace("<title>通知-", "<title>公告-").replace('content="通知"', 'content="公告"')
            .replace('<div class="list-title">通知</div>', '<div class="list-title">公告</div>')
            .replace("&gt; 通知</div>", "&gt; 公告</div>")
            .replace('<ul class="u-list">\n', '<ul class="u-list">\n' + "\n".join(rows) + '\n<li class="empty"></li>'))


def ndrc_lists(state: str, docs: dict, per_page: int = 5) -> None:
    ordered = sorted(docs.values(), key=lambda d: (d[0], d[1]), reverse=True)
    pages = [ordered[i:i + per_page] for i in range(0, len(ordered), per_page)]
    for n, chunk in enumerate(pages):
        write("cn_ndrc_gg", state, NDRC_GG + ("index.html" if n == 0 else f"index_{n}.html"), ndrc_list(chunk, n, len(pages)))


def build_ndrc_gg() -> None:
    slug = "cn_ndrc_gg"
    reset(slug)
    states_yaml(slug, {"week2": "week1"})
    write(slug, "week1", NDRC + "/robots.txt", cn_ndrc_tz.ROBOTS)
    ndrc_lists("week1", NDRC_DOCS)
    for doc in NDRC_DOCS.values():
        write(slug, "week1", ndrc_url(doc), ndrc_detail(doc))
    ndrc_lists("week2", {**NDRC_DOCS, **NDRC_WEEK2})
    for doc in NDRC_WEEK2.values():
        write(slug, "week2", ndrc_url(doc), ndrc_detail(doc))


# ================================================================ MEE 意见征集 and 温室气体控制 (§3.6)

MEE = "https://www.mee.gov.cn"


def mee_page(doc: dict, column: str) -> str:
    page = cn_mee_zcwj.page(doc)
    return page.replace('content="部文件"', f'content="{column}"')


YJZJ_DOCS = {
    "steel_guide": dict(
        date="2026-11-06", url="/xxgk2018/xxgk/xxgk06/202611/t20261106_1137455.html", tpl="xxgk", views=866,
        title="关于公开征求《企业温室气体排放核算与报告指南 钢铁行业（征求意见稿）》意见的通知",
        info=dict(index="000014672/2026-00655", cls="应对气候变化", org="生态环境部办公厅", made="2026-11-04", num="环办便函〔2026〕412号"),
        paras=["各有关单位：",
               "为规范全国碳排放权交易市场钢铁行业企业温室气体排放核算与报告工作，我部组织编制了《企业温室气体排放核算与报告指南 钢铁行业（征求意见稿）》，现公开征求意见。",
               "请于2026年12月6日前将意见通过电子邮件反馈我部。"],
        files=[("./W020261106398125476120.pdf", "企业温室气体排放核算与报告指南 钢铁行业（征求意见稿）.pdf")]),
    "offshore_wind": dict(
        date="2026-11-03", url="/hdjl/yjzj/zjyj/202611/t20261103_1137398.shtml", tpl="col", views=402,
        title="关于公开征求《温室气体自愿减排项目方法学 并网海上风力发电（征求意见稿）》意见的函",
        paras=["各有关单位：",
               "为规范温室气体自愿减排项目的设计、实施、审定和减排量的核算、核查，我部组织编制了《温室气体自愿减排项目方法学 并网海上风力发电（征求意见稿）》。",
               "征求意见截止时间为2026年11月20日。"],
        files=[("W020261103546713028845.pdf", "方法学（征求意见稿）.pdf")]),
    "standards_rules": dict(
        date="2026-10-29", url="/xxgk2018/xxgk/xxgk06/202610/t20261029_1137240.html", tpl="xxgk", views=311,
        title="关于征求《生态环境标准管理办法（修订草案征求意见稿）》意见的函",
        info=dict(index="000014672/2026-00631", cls="法规标准", org="生态环境部办公厅", made="2026-10-27", num="环办法规函〔2026〕398号"),
        paras=["各省、自治区、直辖市生态环境厅（局），新疆生产建设兵团生态环境局：",
               "为进一步规范生态环境标准管理工作，我部组织修订了《生态环境标准管理办法》，形成了修订草案征求意见稿。",
               "请研究提出意见，并于2026年11月28日前反馈我部。"],
        files=[]),
    "noise_permit": dict(
        date="2026-10-22", url="/hdjl/yjzj/zjyj/202610/t20261022_1137116.shtml", tpl="col", views=257,
        title="关于公开征求《排污许可证申请与核发技术规范 工业噪声（征求意见稿）》意见的通知",
        paras=["各有关单位：",
               "为贯彻《中华人民共和国噪声污染防治法》，规范工业噪声排污许可管理，我部组织编制了《排污许可证申请与核发技术规范 工业噪声（征求意见稿）》。",
               "征求意见截止时间为2026年11月21日。"],
        files=[]),
    "feedback": dict(
        date="2026-10-14", url="/hdjl/yjzj/zjyj/202610/t20261014_1136998.shtml", tpl="col", views=198,
        title="《碳排放权交易管理办法（试行）》修订公开征求意见采纳情况的说明",
        paras=["2026年8月，我部就《碳排放权交易管理办法（试行）》修订稿公开征求意见，共收到意见建议312条。",
               "我部对意见建议逐条进行了研究，采纳或部分采纳意见建议147条。"],
        files=[]),
}
YJZJ_LIST = MEE + "/hdjl/yjzj/"


def yjzj_relative(url: str) -> str:
    return "./" + url[len("/hdjl/yjzj/"):] if url.startswith("/hdjl/yjzj/") else "../.." + url


def mee_list(docs: list, column: str, nav: str, page: int, total: int, relative, ext: str = "shtml") -> str:
    rows = "\n".join(
        f'<li><a href="{relative(d["url"])}" target="_blank">{esc(d["title"])}</a><span class="date">{d["date"]}</span></li>'
        for d in docs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="中华人民共和国生态环境部">
<meta name="ColumnName" content="{column}">
<title>{column}_生态环境部</title>
<link rel="stylesheet" href="/images/common.css">
</head>
<body>
<div class="header"><a href="https://www.mee.gov.cn/">中华人民共和国生态环境部</a>
<ul class="nav"><li><a href="/ywdt/">要闻动态</a></li><li><a href="/zcwj/">政策文件</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="main">
<div class="left_nav"><ul>
{nav}
</ul></div>
<div class="iframe-list"><ul id="div">
{rows}
</ul>
<div class="page"><script>
var currentPage = {page};
var countPage = {total};
createPageHTML(countPage, currentPage, "index", "{ext}");
</script></div>
</div></div>
<div class="footer">版权所有：中华人民共和国生态环境部</div>
</body>
</html>
"""


def build_mee_yjzj() -> None:
    slug = "cn_mee_yjzj"
    reset(slug)
    write(slug, "week1", MEE + "/robots.txt", cn_mee_zcwj.ROBOTS)
    nav = '<li class="on"><a href="./zjyj/">最新征集</a></li><li><a href="./wqzj_1/">往期征集</a></li>'
    ordered = sorted(YJZJ_DOCS.values(), key=lambda d: d["date"], reverse=True)
    write(slug, "week1", YJZJ_LIST, mee_list(ordered, "意见征集", nav, 0, 1, yjzj_relative))
    for doc in YJZJ_DOCS.values():
        write(slug, "week1", MEE + doc["url"], mee_page(doc, "意见征集"))


WSQTKZ = "/ywgz/ydqhbh/wsqtkz/"
YDQH_DOCS = {
    "allocation": dict(
        date="2026-11-08", url=WSQTKZ + "202611/t20261108_1137502.shtml", tpl="col", views=5120,
        title="关于做好2023、2024年度发电行业全国碳排放权交易配额分配及清缴相关工作的通知",
        paras=["各省、自治区、直辖市生态环境厅（局），新疆生产建设兵团生态环境局：",
               "为做好2023、2024年度发电行业全国碳排放权交易配额分配及清缴相关工作，现将有关事项通知如下。"],
        files=[("W020261108512330987612.pdf", "2023、2024年度全国碳排放权交易发电行业配额总量和分配方案.pdf")]),
    "market_report": dict(
        date="2026-11-04", url=WSQTKZ + "202611/t20261104_1137371.shtml", tpl="col", views=3307,
        title="全国碳市场发展报告（2024）",
        paras=["全国碳排放权交易市场是利用市场机制控制和减少温室气体排放、推动绿色低碳发展的重大制度创新。",
               "为全面反映全国碳市场建设进展和成效，我部组织编写了《全国碳市场发展报告（2024）》。"],
        files=[("./W020261104338612250891.pdf", "全国碳市场发展报告（2024）.pdf")]),
    "methodologies": dict(
        date="2026-10-30", url=WSQTKZ + "202610/t20261030_1137205.shtml", tpl="col", views=2754,
        title="关于发布《温室气体自愿减排项目方法学 造林碳汇（CCER-14-001-V01）》等4项方法学的公告",
        paras=["为规范温室气体自愿减排项目设计、实施、审定和减排量核算、核查工作，现发布《温室气体自愿减排项目方法学 造林碳汇（CCER-14-001-V01）》等4项方法学。",
               "本公告自发布之日起施行。"],
        files=[("W020261030601542239876.pdf", "温室气体自愿减排项目方法学 造林碳汇（CCER-14-001-V01）.pdf"),
               ("W020261030601542301144.pdf", "温室气体自愿减排项目方法学 并网光热发电（CCER-01-001-V01）.pdf")]),
    "seminar": dict(
        date="2026-10-24", url=WSQTKZ + "202610/t20261024_1137150.shtml", tpl="col", views=912,
        title="生态环境部召开全国碳市场扩大行业覆盖范围专家研讨会",
        paras=["10月23日，生态环境部在京召开全国碳市场扩大行业覆盖范围专家研讨会。",
               "会议听取了钢铁、水泥、铝冶炼行业纳入全国碳市场的准备情况汇报。"],
        files=[]),
    "expansion_draft": dict(
        date="2026-10-16", url=WSQTKZ + "202610/t20261016_1137021.shtml", tpl="col", views=4410,
        title="关于公开征求《全国碳排放权交易市场覆盖水泥、钢铁、电解铝行业工作方案（征求意见稿）》意见的函",
        paras=["各有关单位：",
               "为贯彻落实党中央、国务院关于碳达峰碳中和的决策部署，我部组织编制了《全国碳排放权交易市场覆盖水泥、钢铁、电解铝行业工作方案（征求意见稿）》，现公开征求意见。"],
        files=[]),
    "annual_report": dict(
        date="2026-10-09", url=WSQTKZ + "202610/t20261009_1136905.shtml", tpl="col", views=2088,
        title="中国应对气候变化的政策与行动2024年度报告",
        paras=["2023年以来，中国坚定实施积极应对气候变化国家战略，推进碳达峰碳中和各项工作取得积极进展。"],
        files=[("W020261009511287659013.pdf", "中国应对气候变化的政策与行动2024年度报告.pdf")]),
    "cement_guide": dict(
        date="2026-10-02", url=WSQTKZ + "202610/t20261002_1136811.shtml", tpl="col", views=1301,
        title="关于发布《企业温室气体排放核算与报告指南 水泥熟料生产》的通知",
        paras=["各省、自治区、直辖市生态环境厅（局），新疆生产建设兵团生态环境局：",
               "为做好水泥行业纳入全国碳排放权交易市场相关工作，我部组织制定了《企业温室气体排放核算与报告指南 水泥熟料生产》，现予印发。"],
        files=[]),
}
YDQH_WEEK2 = {
    "expansion_plan": dict(
        date="2026-11-11", url=WSQTKZ + "202611/t20261111_1137577.shtml", tpl="col", views=88,
        title="关于印发《全国碳排放权交易市场覆盖钢铁、水泥、铝冶炼行业工作方案》的通知",
        paras=["各省、自治区、直辖市生态环境厅（局），新疆生产建设兵团生态环境局：",
               "现将《全国碳排放权交易市场覆盖钢铁、水泥、铝冶炼行业工作方案》印发给你们，请认真贯彻落实。"],
        files=[("W020261111329870165432.pdf", "全国碳排放权交易市场覆盖钢铁、水泥、铝冶炼行业工作方案.pdf")]),
}


def ydqh_lists(state: str, docs: dict, per_page: int = 5) -> None:
    nav = ('<li class="on"><a href="/ywgz/ydqhbh/wsqtkz/">温室气体控制</a></li>'
           '<li><a href="/ywgz/ydqhbh/syqhbh/">适应气候变化</a></li><li><a href="/ywgz/ydqhbh/qhbhlf/">气候变化国际合作</a></li>')
    ordered = sorted(docs.values(), key=lambda d: (d["date"], d["url"]), reverse=True)
    pages = [ordered[i:i + per_page] for i in range(0, len(ordered), per_page)]
    for n, chunk in enumerate(pages):
        name = "" if n == 0 else f"index_{n}.shtml"  # the column URL ends in / (served as index.html)
        html = mee_list(chunk, "温室气体控制", nav, n, len(pages), lambda u: "./" + u[len(WSQTKZ):])
        write("cn_mee_ydqhbh", state, MEE + WSQTKZ + name, html)


def build_mee_ydqhbh() -> None:
    slug = "cn_mee_ydqhbh"
    reset(slug)
    states_yaml(slug, {"week2": "week1"})
    write(slug, "week1", MEE + "/robots.txt", cn_mee_zcwj.ROBOTS)
    ydqh_lists("week1", YDQH_DOCS)
    for doc in YDQH_DOCS.values():
        write(slug, "week1", MEE + doc["url"], mee_page(doc, "温室气体控制"))
    ydqh_lists("week2", {**YDQH_DOCS, **YDQH_WEEK2})
    for doc in YDQH_WEEK2.values():
        write(slug, "week2", MEE + doc["url"], mee_page(doc, "温室气体控制"))


# ================================================================ MOE 征求意见 (§3.9)

MOE = "http://www.moe.gov.cn"
MOE_LIST = MOE + "/jyb_xwfb/s248/"
# key: (date, id, status, title, paras)
MOE_DOCS = {
    "green_edu": ("2026-11-05", "1142871", "进行中",
        "教育部关于公开征求对《绿色低碳发展国民教育体系建设实施方案（修订征求意见稿）》意见的通知",
        ["为深入贯彻落实党中央、国务院关于碳达峰碳中和的重大战略决策，我部研究起草了《绿色低碳发展国民教育体系建设实施方案（修订征求意见稿）》，现向社会公开征求意见。",
         "意见反馈截止时间为2026年12月5日。"]),
    "degree_rules": ("2026-10-28", "1142790", "进行中",
        "教育部关于公开征求对《中华人民共和国学位法实施条例（征求意见稿）》意见的通知",
        ["为做好学位法的贯彻实施工作，我部研究起草了《中华人民共和国学位法实施条例（征求意见稿）》，现向社会公开征求意见。",
         "公众可于2026年11月27日前通过电子邮件提出意见。"]),
    "campus_energy": ("2026-10-14", "1142655", "已结束",
        "教育部办公厅关于公开征求对《高等学校节能降碳行动方案（征求意见稿）》意见的通知",
        ["为推动高等学校节能降碳工作，建设绿色低碳校园，我部研究起草了《高等学校节能降碳行动方案（征求意见稿）》。",
         "意见反馈截止时间为2026年10月31日。"]),
    "tutoring": ("2026-10-08", "1142590", "已结束",
        "教育部关于《校外培训管理条例（征求意见稿）》公开征求意见的通知",
        ["为规范校外培训行为，我部研究起草了《校外培训管理条例（征求意见稿）》，现向社会公开征求意见。",
         "意见反馈截止时间为2026年10月20日。"]),
}


def moe_url(doc) -> str:
    return f"{MOE_LIST}{doc[0][:7].replace('-', '')}/t{tdate(doc[0])}_{doc[1]}.html"


def moe_detail(doc) -> str:
    date, doc_id, status, title, paras = doc
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta_block("中华人民共和国教育部", "征求意见", title, date + " 16:20:00", "教育部")}
<title>{esc(title)} - 中华人民共和国教育部政府门户网站</title>
<link rel="stylesheet" href="/images/moe_2024.css">
</head>
<body>
<div class="moe-header"><a href="http://www.moe.gov.cn/">中华人民共和国教育部</a></div>
<div class="moe-position">您的位置：<a href="/">首页</a> &gt; <a href="/jyb_xwfb/">新闻</a> &gt; <a href="../../">征求意见</a></div>
<div class="moe-detail-box">
<h1>{esc(title)}</h1>
<div class="moe-detail-shuxing">{date.replace('-', '年', 1).replace('-', '月')}日　来源：教育部</div>
<div class="TRS_Editor"><div class="TRS_Editor">
{paragraphs(paras)}
</div></div>
<div id="detail-editor">【责任编辑：王湘蓉】</div>
</div>
<div class="moe-footer">主办单位：中华人民共和国教育部</div>
</body>
</html>
"""


def moe_list(docs: list) -> str:
    rows = []
    for doc in docs:
        full = f"【{doc[2]}】{doc[3]}"
        shown = full if len(full) <= 30 else full[:30] + "…"
        rows.append(f'<li><a href="./{doc[0][:7].replace("-", "")}/t{tdate(doc[0])}_{doc[1]}.html" target="_blank" '
                    f'title="{esc(full)}">{esc(shown)}</a><span>{doc[0]}</span></li>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>征求意见 - 中华人民共和国教育部政府门户网站</title>
<link rel="stylesheet" href="/images/moe_2024.css">
</head>
<body>
<div class="moe-header"><a href="http://www.moe.gov.cn/">中华人民共和国教育部</a>
<ul class="moe-nav"><li><a href="/jyb_xwfb/">新闻</a></li><li><a href="/jyb_xxgk/">公开</a></li><li><a href="/jyb_hygq/">互动</a></li></ul></div>
<div class="moe-position">您的位置：<a href="/">首页</a> &gt; <a href="/jyb_xwfb/">新闻</a> &gt; 征求意见</div>
<div class="moe-list-box"><ul id="list">
{chr(10).join(rows)}
</ul>
<div class="scy_page"><script>createPageHTML(1, 0, "index", "html");</script></div></div>
<div class="moe-footer">主办单位：中华人民共和国教育部</div>
</body>
</html>
"""


def build_moe() -> None:
    slug = "cn_moe_zqyj"
    reset(slug)
    write(slug, "week1", MOE + "/robots.txt", PERMISSIVE)
    write(slug, "week1", MOE_LIST, moe_list(sorted(MOE_DOCS.values(), reverse=True)))
    for doc in MOE_DOCS.values():
        write(slug, "week1", moe_url(doc), moe_detail(doc))


# ================================================================ MOT 其他政策性文件 (§3.10)

MOT = "https://xxgk.mot.gov.cn"
MOT_LIST = MOT + "/2020/zhengce/qtwjlist.html"
# key: (date, dept, id, title, 文号 (only when certain), 发布机构, paras)
MOT_DOCS = {
    "green_plan": ("2026-11-06", "zhghs", "3982101", "交通运输部关于印发《绿色交通“十四五”发展规划》的通知", "交规划发〔2021〕104号",
        "综合规划司", ["各省、自治区、直辖市、新疆生产建设兵团交通运输厅（局、委），部属各单位，部内各司局：",
                      "现将《绿色交通“十四五”发展规划》印发给你们，请结合实际认真贯彻落实。"]),
    "carbon_opinion": ("2026-11-02", "zhghs", "3981877",
        "交通运输部 国家铁路局 中国民用航空局 国家邮政局贯彻落实《中共中央 国务院关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见》的实施意见",
        "交规划发〔2022〕56号", "综合规划司",
        ["为深入贯彻落实《中共中央 国务院关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见》，扎实做好交通运输行业碳达峰碳中和工作，提出如下实施意见。"]),
    "winter_safety": ("2026-10-27", "ysfws", "3981520", "交通运输部办公厅关于做好2026年冬季道路运输安全生产工作的通知", "",
        "运输服务司", ["各省、自治区、直辖市、新疆生产建设兵团交通运输厅（局、委）：",
                      "入冬以来，雨雪冰冻等恶劣天气增多，为切实做好冬季道路运输安全生产工作，现就有关事项通知如下。"]),
    "port_power": ("2026-10-16", "syj", "3981102", "交通运输部办公厅关于进一步推进港口岸电设施建设和常态化使用的通知", "",
        "水运局", ["各省、自治区、直辖市、新疆生产建设兵团交通运输厅（局、委），长江航务管理局：",
                  "为推动靠港船舶使用岸电常态化，减少港口大气污染物和温室气体排放，现就有关事项通知如下。"]),
}
MOT_WEEK2 = {
    "ev_trucks": ("2026-11-12", "ysfws", "3982330", "交通运输部办公厅关于推进城市货运配送新能源车辆推广应用的通知", "",
        "运输服务司", ["各省、自治区、直辖市、新疆生产建设兵团交通运输厅（局、委）：",
                      "为加快城市货运配送绿色低碳转型，推进新能源车辆推广应用，现就有关事项通知如下。"]),
}


def mot_url(doc) -> str:
    return f"{MOT}/2020/jigou/{doc[1]}/{doc[0][:7].replace('-', '')}/t{tdate(doc[0])}_{doc[2]}.html"


def mot_detail(doc) -> str:
    date, dept, doc_id, title, number, org, paras = doc
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta_block("交通运输部政府网站", "其他政策性文件", title, date + " 15:30", org)}
<title>{esc(title)}_交通运输部</title>
<link rel="stylesheet" href="/2020/images/xxgk.css">
</head>
<body>
<div class="gknav"><a href="https://xxgk.mot.gov.cn/2020/">政府信息公开</a> &gt; 其他政策性文件</div>
<div class="gkxx_box">
<h1 class="gkxx_title">{esc(title)}</h1>
<div class="gkxx_date">发布时间：{date}</div>
<div class="TRS_Editor" id="Zoom">
{paragraphs(paras)}
<p style="text-align:right">交通运输部</p>
</div>
<div class="fenxiang">分享到：<a href="javascript:void(0)">微信</a></div>
</div>
<div class="footer">主办单位：中华人民共和国交通运输部</div>
</body>
</html>
"""


def mot_list(docs: list) -> str:
    rows = []
    for n, doc in enumerate(docs, 1):
        y, m, d = doc[0].split("-")
        href = f"../jigou/{doc[1]}/{y}{m}/t{y}{m}{d}_{doc[2]}.html"
        rows.append(f'<tr><td>{n}</td><td class="tl"><a href="{href}" target="_blank" title="{esc(doc[3])}">{esc(doc[3])}</a></td>'
                    f'<td>{esc(doc[4])}</td><td>{y}年{m}月{d}日</td></tr>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="交通运输部政府网站">
<title>其他政策性文件_交通运输部</title>
<link rel="stylesheet" href="/2020/images/xxgk.css">
</head>
<body>
<div class="gknav"><a href="https://xxgk.mot.gov.cn/2020/">政府信息公开</a> &gt; 政策 &gt; 其他政策性文件</div>
<table class="table xxgk_table">
<thead><tr><th>序号</th><th>标题</th><th>文号</th><th>发布日期</th></tr></thead>
<tbody id="xxgkzn_list_tbody_ID">
{chr(10).join(rows)}
</tbody></table>
<div class="footer">主办单位：中华人民共和国交通运输部</div>
</body>
</html>
"""


def build_mot() -> None:
    slug = "cn_mot_qtwj"
    reset(slug)
    states_yaml(slug, {"week2": "week1"})
    write(slug, "week1", MOT + "/robots.txt", PERMISSIVE)
    write(slug, "week1", MOT_LIST, mot_list(sorted(MOT_DOCS.values(), reverse=True)))
    for doc in MOT_DOCS.values():
        write(slug, "week1", mot_url(doc), mot_detail(doc))
    write(slug, "week2", MOT_LIST, mot_list(sorted({**MOT_DOCS, **MOT_WEEK2}.values(), reverse=True)))
    for doc in MOT_WEEK2.values():
        write(slug, "week2", mot_url(doc), mot_detail(doc))


# ================================================================ MOF 政策发布 (§3.12)

MOF = "https://www.mof.gov.cn"
MOF_LIST = MOF + "/zhengwuxinxi/zhengcefabu/"
MOF_HOSTS = ["www.mof.gov.cn", "gss.mof.gov.cn", "zyhjs.mof.gov.cn", "szs.mof.gov.cn"]
# key: (date, host, column path, id, title, 司局, paras, files)
MOF_DOCS = {
    "carbon_finance": ("2026-11-07", "zyhjs", "/zhengcefagui/", "3951470",
        "财政部关于印发《财政支持做好碳达峰碳中和工作的意见》的通知（财资环〔2022〕53号）", "资源环境司",
        ["各省、自治区、直辖市、计划单列市财政厅（局），新疆生产建设兵团财政局，各中央部门：",
         "为深入贯彻落实党中央、国务院关于碳达峰碳中和重大战略决策，财政部制定了《财政支持做好碳达峰碳中和工作的意见》，现印发给你们，请遵照执行。"],
        [("./P020261107390451287735.pdf", "财政支持做好碳达峰碳中和工作的意见.pdf")]),
    "nev_tax": ("2026-11-05", "szs", "/zhengcefabu/", "3951322",
        "财政部 税务总局 工业和信息化部关于延续和优化新能源汽车车辆购置税减免政策的公告", "税政司",
        ["为支持新能源汽车产业发展，促进汽车消费，现就延续和优化新能源汽车车辆购置税减免政策有关事项公告如下。"],
        []),
    "tariff_plan": ("2026-11-03", "gss", "/gzdt/zhengcefabu/", "3951108",
        "国务院关税税则委员会关于2027年关税调整方案的通知", "关税司",
        ["海关总署：", "《2027年关税调整方案》已经国务院关税税则委员会第4次全体会议审议通过，并报国务院批准，自2027年1月1日起实施。"],
        []),
    "ethics": ("2026-10-29", "www", "/zhengwuxinxi/zhengcefabu/", "3950876",
        "财政部关于印发《会计人员职业道德规范》的通知", "会计司",
        ["各省、自治区、直辖市、计划单列市财政厅（局），新疆生产建设兵团财政局，有关中央管理企业：",
         "为贯彻落实党中央、国务院关于加强社会信用体系建设的决策部署，推进会计诚信体系建设，我部制定了《会计人员职业道德规范》。"],
        []),
    "carbon_accounting": ("2026-10-22", "www", "/zhengwuxinxi/zhengcefabu/", "3950655",
        "财政部关于印发《碳排放权交易有关会计处理暂行规定》的通知（财会〔2019〕22号）", "会计司",
        ["党中央有关部门，国务院各部委、各直属机构，各省、自治区、直辖市、计划单列市财政厅（局），新疆生产建设兵团财政局：",
         "为配合我国碳排放权交易的开展，规范碳排放权交易相关的会计处理，我部制定了《碳排放权交易有关会计处理暂行规定》，现予印发，请遵照执行。"],
        []),
    "renewables": ("2026-10-12", "www", "/zhengwuxinxi/zhengcefabu/", "3950318",
        "财政部 国家发展改革委 国家能源局关于促进非水可再生能源发电健康发展的若干意见（财建〔2020〕4号）", "经济建设司",
        ["各省、自治区、直辖市、计划单列市财政厅（局）、发展改革委、能源局，新疆生产建设兵团财政局、发展改革委，国家电网有限公司、中国南方电网有限责任公司：",
         "非水可再生能源是能源供应体系的重要组成部分，是保障能源安全的重要内容。"],
        []),
}


def mof_url(doc) -> str:
    date, host, column, doc_id = doc[:4]
    return f"https://{host}.mof.gov.cn{column}{date[:7].replace('-', '')}/t{tdate(date)}_{doc_id}.htm"


def mof_detail(doc) -> str:
    date, host, column, doc_id, title, dept, paras, files = doc
    links = "".join(f'<p><a href="{f}">{esc(n)}</a></p>' for f, n in files)
    head = f"""<head>
{meta_block("中华人民共和国财政部" if host == "www" else f"中华人民共和国财政部{dept}", "政策发布", title, date + " 09:30", dept)}
<title>{esc(title)}</title>
<link rel="stylesheet" href="/images/mof.css">
</head>"""
    if host == "www":
        body = f"""<div class="my_conbox"><div class="my_conboxtitle"><h2 class="title_con">{esc(title)}</h2>
<p class="my_conboxdate">发布时间：{date}　来源：{dept}</p></div>
<div class="my_conboxzw"><div class="TRS_Editor">
{paragraphs(paras)}
{links}</div></div>
<div class="my_conboxbtn"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div></div>"""
    else:
        body = f"""<div class="my_doc"><h2 class="title_con">{esc(title)}</h2>
<p class="my_docdate">{date}　来源：{dept}</p>
<div class="my_doccontent"><div class="TRS_Editor">
{paragraphs(paras)}
{links}</div></div>
<div class="zzName">{dept}</div></div>"""
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
{head}
<body>
<div class="top"><a href="https://www.mof.gov.cn/">中华人民共和国财政部</a></div>
{body}
<div class="footer">中华人民共和国财政部 版权所有</div>
</body>
</html>
"""


def mof_list(docs: list, page: int, total: int) -> str:
    rows = []
    for doc in docs:
        url = mof_url(doc)
        href = "./" + url[len(MOF_LIST):] if url.startswith(MOF_LIST) else url
        rows.append(f'<li><a href="{href}" target="_blank" title="{esc(doc[4])}">{esc(doc[4])}</a><span>{doc[0]}</span></li>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="中华人民共和国财政部">
<title>政策发布</title>
<link rel="stylesheet" href="/images/mof.css">
</head>
<body>
<div class="top"><a href="https://www.mof.gov.cn/">中华人民共和国财政部</a>
<ul class="nav"><li><a href="/zhengwuxinxi/">政务信息</a></li><li><a href="/zhengwuxinxi/zhengcejiedu/">政策解读</a></li></ul></div>
<div class="mainboxerji">
<div class="boxtitle">政策发布</div>
<ul class="xwfb_listbox">
{chr(10).join(rows)}
</ul>
<div class="pagger"><script>
var countPage = {total};
createPageHTML({total}, {page}, "index", "htm");
</script></div>
</div>
<div class="footer">中华人民共和国财政部 版权所有</div>
</body>
</html>
"""


def build_mof() -> None:
    slug = "cn_mof_zcfb"
    reset(slug)
    for host in MOF_HOSTS:
        write(slug, "week1", f"https://{host}/robots.txt", PERMISSIVE)
    ordered = sorted(MOF_DOCS.values(), key=lambda d: (d[0], d[3]), reverse=True)
    pages = [ordered[:5], ordered[5:]]
    for n, chunk in enumerate(pages):
        write(slug, "week1", MOF_LIST + ("" if n == 0 else f"index_{n}.htm"), mof_list(chunk, n, len(pages)))
    for doc in MOF_DOCS.values():
        write(slug, "week1", mof_url(doc), mof_detail(doc))


def build() -> None:
    build_ndrc_gg()
    build_mee_yjzj()
    build_mee_ydqhbh()
    build_moe()
    build_mot()
    build_mof()


if __name__ == "__main__":
    build()
