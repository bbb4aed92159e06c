"""Snapshots + expected values for cn_nea_zxwj (nea), cn_miit_wjgs (jpaas) and cn_ndrc_ghxwj (trs).

Run standalone: ``.venv/bin/python scripts/snapshot_builders/gen_more.py`` — it rebuilds only these three
sources and writes only their ``tests/expected/<slug>.yaml`` (``build.py`` would also regenerate every JPaaS
source of gen_jpaas). Helpers are copied from gen_nea / gen_jpaas / tests/sources/builders/cn_ndrc_tz.py
(not imported) so that edits there cannot silently change these snapshots.

Expected values are stated from the data below, never read back from the parsers; review against the pages.
"""
import html as _html
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from core import EXP, expect_detail, expect_list, hexid, page, provenance, put, reset, robots, write_expected

from spiders.families.detail import first_sentence

PDF = b"%PDF-1.4\n% regwatch snapshot placeholder\n"
XLSX = b"PK\x03\x04 regwatch snapshot placeholder"


def esc(text):
    return _html.escape(text, quote=True)


# ================================================================== NEA 最新文件 (nea family, §3.5)
NEA = "www.nea.gov.cn"
NEA_SITE = "国家能源局"
NEA_ROBOTS = "User-agent: *\nAllow: /\n"  # byte-identical to cn_nea_tz / cn_nea_gg
ZXWJ_DS = "40d365c13659452aa06cdb7268d6192e"

# key, title as the datasource spells it (may hold HTML), plain title, publishTime, url style
ZXWJ_ROWS = [
    ("z1", "国家能源局关于印发《能源领域碳达峰碳中和标准体系<br/>建设方案（2026年版）》的通知",
     "国家能源局关于印发《能源领域碳达峰碳中和标准体系建设方案（2026年版）》的通知", "2026-11-06 15:30:00", "new"),
    ("z2", "<font color=\"red\">国家能源局综合司关于开展2026年度绿色电力证书核发情况核查工作的通知</font>",
     "国家能源局综合司关于开展2026年度绿色电力证书核发情况核查工作的通知", "2026-10-29 10:00:00", "new"),
    ("z3", "国家能源局关于印发《氢能产业标准体系建设指南（2026版）》的通知",
     "国家能源局关于印发《氢能产业标准体系建设指南（2026版）》的通知", "2026-10-20 16:00:00", "new"),
    ("z4", "国家能源局关于组织开展2026年度能源领域首台（套）重大技术装备评定工作的通知",
     "国家能源局关于组织开展2026年度能源领域首台（套）重大技术装备评定工作的通知", "2026-10-10 09:00:00", "new"),
    # a 2022 document still in the column: old URL shape /YYYY-MM/DD/c_<id>.htm and the older page template
    ("z5", "国家能源局关于印发《能源碳达峰碳中和标准化提升行动计划》的通知",
     "国家能源局关于印发《能源碳达峰碳中和标准化提升行动计划》的通知", "2022-10-09 17:18:00", "old"),
]
OLD_IDS = {"z5": "1310669315"}  # synthetic


def zxwj_url(key, day, style):
    if style == "old":
        return f"http://{NEA}/{day[:7]}/{day[8:10]}/c_{OLD_IDS[key]}.htm"
    return f"http://{NEA}/{day.replace('-', '')}/{hexid('nea-zxwj', key)}/c.html"


def nea_shell(col, ds):
    return page(f"{col}-{NEA_SITE}", {"SiteName": NEA_SITE, "ColumnName": col},
                f'<div class="list-box"><h2>{col}</h2>\n<ul class="list" id="showData0" data="datasource:{ds}" '
                f'preview="ds_"></ul>\n<div id="pagination"></div></div>\n'
                '<script src="/govapp/js/datasource.js"></script>')


def nea_detail(title, time, source, body):
    return page(f"{title}-{NEA_SITE}", {"SiteName": NEA_SITE, "ArticleTitle": title, "PubDate": time,
                                        "ContentSource": source, "keywords": "能源,政策"},
                f'<div class="article"><div class="titles">{title}</div>\n<div class="author">来源：{source}　'
                f'发布时间：{time}</div>\n<span id="detailContent">{body}</span></div>')


def nea_old_detail(title, day, source, body):
    """The pre-2023 NEA article template: lowercase ``publishdate`` meta only, h1 title, ``div.article-content``."""
    return (f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            f'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">\n'
            f'<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
            f'<meta name="publishdate" content="{day}" />\n<meta name="keywords" content="能源,标准化,碳达峰" />\n'
            f'<title>{title}-{NEA_SITE}</title>\n</head>\n<body>\n'
            f'<div class="top"><a href="/">国家能源局</a></div>\n<div class="main-box">\n'
            f'<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/policy/">政策</a></div>\n'
            f'<div class="article-box">\n<h1 class="article-title">{title}</h1>\n'
            f'<div class="article-info">来源：{source}　{day}</div>\n'
            f'<div class="article-content">{body}</div>\n'
            f'<div class="article-tools"><a href="javascript:window.print()">【打印】</a>'
            f'<a href="javascript:window.close()">【关闭】</a></div>\n</div></div>\n'
            f'<div class="footer">国家能源局 版权所有</div>\n</body>\n</html>\n')


ZXWJ_DETAILS = {  # key: (ContentSource, doc number, body with {att})
    "z1": ("能源节约和科技装备司", None, """
<p>各省（自治区、直辖市）能源局，有关省（自治区、直辖市）及新疆生产建设兵团发展改革委，各派出机构，有关中央企业，有关行业协会、标准化技术组织：</p>
<p>为贯彻落实碳达峰碳中和重大战略决策，发挥标准对能源绿色低碳转型的引领作用，国家能源局组织编制了《能源领域碳达峰碳中和标准体系建设方案（2026年版）》，现印发给你们，请结合实际认真抓好落实。</p>
<p>附件：<a href="{att}">能源领域碳达峰碳中和标准体系建设方案（2026年版）.pdf</a></p>
<p style="text-align:right">国家能源局<br>2026年11月3日</p>"""),
    "z2": ("电力业务资质管理中心", None, """
<p>各派出机构，国家电网有限公司、中国南方电网有限责任公司、内蒙古电力（集团）有限责任公司，有关发电企业：</p>
<p>为规范绿色电力证书核发工作，保障绿证权威性和唯一性，国家能源局决定组织开展2026年度绿色电力证书核发情况核查工作。</p>
<p>一、核查范围为2025年1月1日至2026年6月30日期间核发的绿色电力证书。</p>"""),
    "z5": ("能源节约和科技装备司", "国能发科技〔2022〕100号", """
<p style="text-align:center">国能发科技〔2022〕100号</p>
<p>各省（自治区、直辖市）能源局，有关省（自治区、直辖市）及新疆生产建设兵团发展改革委，各派出机构，有关中央企业，有关单位：</p>
<p>为深入贯彻落实党中央、国务院关于碳达峰碳中和的重大决策部署，充分发挥标准的引领和支撑作用，我局制定了《能源碳达峰碳中和标准化提升行动计划》，现印发给你们，请结合实际认真贯彻执行。</p>
<p>附件：<a href="{att}">能源碳达峰碳中和标准化提升行动计划.pdf</a></p>
<p style="text-align:right">国家能源局<br>2022年9月20日</p>"""),
}


def build_nea_zxwj():
    slug, state = "cn_nea_zxwj", "week1"
    reset(slug)
    put(slug, state, f"https://{NEA}/policy/zxwj.htm", nea_shell("最新文件", ZXWJ_DS))
    robots(slug, state, NEA, NEA_ROBOTS)
    ds = {"categoryName": "最新文件", "categoryDesc": "", "datasource": [
        {"title": t, "showTitle": plain, "publishUrl": zxwj_url(k, d[:10], style), "publishTime": d, "summary": "",
         "sourceText": NEA_SITE, "author": "", "editor": "", "responsibleEditor": "", "keywords": "能源,政策",
         "linkUrls": []} for k, t, plain, d, style in ZXWJ_ROWS]}
    # the 最新文件 file is served with a UTF-8 BOM like 通知 (§2.8; the parser must strip it)
    raw = b"\xef\xbb\xbf" + json.dumps(ds, ensure_ascii=False, indent=1).encode()
    put(slug, state, f"https://{NEA}/policy/ds_{ZXWJ_DS}.json", raw)
    expect_list(slug, state, [{"url": zxwj_url(k, d[:10], s), "title": plain, "published": d[:10]}
                              for k, t, plain, d, s in ZXWJ_ROWS], 1)
    for k, (src, docno, body) in ZXWJ_DETAILS.items():
        _, _, plain, time, style = next(r for r in ZXWJ_ROWS if r[0] == k)
        day = time[:10]
        url = zxwj_url(k, day, style)
        atts = []
        if "{att}" in body:
            if style == "old":
                href = f"{OLD_IDS[k]}_16653068.pdf"  # relative, next to the article
                atts = [url.rsplit("/", 1)[0] + "/" + href]
            else:
                href = f"/{day.replace('-', '')}/{hexid('nea-zxwj', k)}/files/{hexid('nea-zxwj-att', k)}.pdf"
                atts = [f"http://{NEA}{href}"]
            body = body.replace("{att}", href)
            put(slug, state, atts[0], PDF)
        html = nea_old_detail(plain, day, src, body) if style == "old" else nea_detail(plain, time, src, body)
        put(slug, state, url, html)
        expect_detail(slug, state, url, plain, day, docno, [], first_sentence(body), atts)
    provenance(slug, f"""
# cn_nea_zxwj — NEA 最新文件 (nea family)

Built by `scripts/snapshot_builders/gen_more.py` (run it standalone).

| File | Follows |
|---|---|
| `www.nea.gov.cn/policy/zxwj.htm` | §3.5 [S16, S23] (H): JS shell, `ul#showData0[data="datasource:{ZXWJ_DS}"]` |
| `policy/ds_{ZXWJ_DS}.json` | §3.5: the documented id of 最新文件; `{{categoryName, categoryDesc, datasource:[{{title, showTitle, publishUrl, publishTime, summary, sourceText, author, editor, responsibleEditor, keywords, linkUrls}}]}}`; `title` holds HTML (`<br/>`, `<font>`) — `showTitle` is plain; UTF-8 BOM kept (§2.8 BOM on static JSON; tolerance) |
| `/YYYYMMDD/<32hex>/c.html` (2026 items) | §3.5 current template: meta SiteName/ArticleTitle/PubDate (`YYYY-MM-DD HH:mm:ss`)/ContentSource; body `span#detailContent`; attachment inside the body under `files/` |
| `/2022-10/09/c_{OLD_IDS['z5']}.htm` | §2.2 / §3.5 **quirk**: older policy URLs `/YYYY-MM/DD/c_<id>.htm` and the older template (`publishdate` meta instead of PubDate, no ArticleTitle, `h1` title, body `div.article-content` → record `options.body_selectors`); 发文字号 as the first body paragraph; attachment linked relative to the article |
| `robots.txt` | byte-identical to cn_nea_tz / cn_nea_gg (not documented; permissive assumed, L) |

Document facts: 国能发科技〔2022〕100号 (能源碳达峰碳中和标准化提升行动计划, dated 2022-09-20) is real; its article id,
publish time and attachment name are synthetic. The 2026 items are plausible titles without numbers. Only z1, z2, z5
have detail pages; z3/z4 answer 404 (the expected file says so).
State: week1.
""")


# ================================================================== MIIT 文件公示 (jpaas family, §3.3)
MIIT = "www.miit.gov.cn"
MIIT_SITE = "中华人民共和国工业和信息化部"
MIIT_ROBOTS = "User-agent: *\nDisallow: /search-front-server/\nDisallow: /cms_files/filemanager/temp/\n"
UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"
WJGS_QD = {"webId": "8d828e408d90447786ddbe128d495e9e", "pageId": "a7180b76aadf4a2ca625f403045cbaae",
           "tplSetId": "209741b2109044b5b7695700b2bec37e", "pageType": "column", "tagId": "右侧内容",
           "editType": "null", "parseType": "buildstatic"}
MIIT_COOKIE = {"headers": {"Set-Cookie": "jpaas_publish_session=6f3c1e0a2b9d4c7e; Path=/; HttpOnly"}}

WJGS_ROWS = [  # key, title, date
    ("g01", "关于2026年度绿色制造名单的公示", "2026-11-06"),
    ("g02", "2026年度重点用能行业能效“领跑者”企业名单公示", "2026-11-04"),
    ("g03", "关于2026年国家工业和信息化领域节能降碳技术装备推荐目录的公示", "2026-11-02"),
    ("g04", "符合《锂离子电池行业规范条件》企业名单（2026年第二批）公示", "2026-10-30"),
    ("g05", "关于2026年度工业产品绿色设计示范企业名单的公示", "2026-10-28"),
    ("g06", "符合《新能源汽车废旧动力电池综合利用行业规范条件》企业名单（2026年）公示", "2026-10-24"),
    ("g07", "关于2026年度工业节能诊断服务机构名单的公示", "2026-10-21"),
    ("g08", "2026年度符合《环保装备制造业规范条件》企业名单公示", "2026-10-17"),
    ("g09", "关于工业领域碳达峰碳中和标准化试点单位名单的公示", "2026-10-15"),
    ("g10", "符合《钢铁行业规范条件》企业名单（2026年）公示", "2026-10-13"),
    ("g11", "关于2026年智能光伏试点示范企业和示范项目名单的公示", "2026-10-10"),
    ("g12", "2026年度工业资源综合利用基地名单公示", "2026-10-08"),
    ("g13", "关于2026年度国家绿色数据中心名单的公示", "2026-10-02"),
]


def wjgs_url(key, day):
    return f"https://{MIIT}/zwgk/wjgs/art/{day[:4]}/art_{hexid('miit-wjgs', key)}.html"


def wjgs_attach(key, ext, yyyym):
    return f"https://{MIIT}/cms_files/filemanager/1226211233/attach/{yyyym}/{hexid('miit-wjgs-att', key)}.{ext}"


def truncate(t, n=24):
    return t if len(t) <= n else t[:n] + "..."


def wjgs_shell():
    """文件公示 column shell: the unitbuild.js script also carries parseType="buildstatic" (§3.3 S14 selector)."""
    q = "{" + ",".join(f"'{k}':'{v}'" for k, v in WJGS_QD.items()) + "}"
    script = (f'<script type="text/javascript" parseType="buildstatic" '
              f'src="/cms_files/default/script/AuthorizedRead/unitbuild.js" url="{UNIT}" querydata="{q}"></script>')
    return page(f"文件公示_{MIIT_SITE}", {"SiteName": MIIT_SITE, "SiteDomain": MIIT, "ColumnName": "文件公示",
                                          "ColumnType": "文件公示"},
                f'<div class="header"><a href="/">{MIIT_SITE}</a></div>\n'
                f'<div class="w1100 clist cf"><div class="lmy_main_l fl"><ul><li><a href="/zwgk/zcwj/wjfb/index.html">文件发布</a></li>'
                f'<li class="on"><a href="/zwgk/wjgs/index.html">文件公示</a></li><li><a href="/zwgk/zcjd/index.html">政策解读</a></li></ul></div>\n'
                f'<div class="lmy_main_rb">\n<div class="lmy_main_rb_t">文件公示</div>\n{script}\n</div></div>\n'
                f'<div class="footer">版权所有：{MIIT_SITE}</div>',
                head_extra='<script src="/cms_files/default/script/jquery.min.js"></script>\n')


def unit_url(page_no, size):
    from urllib.parse import urlencode
    q = dict(WJGS_QD, paramJson=json.dumps({"pageNo": page_no, "pageSize": size}, separators=(",", ":")))
    return f"https://{MIIT}{UNIT}?{urlencode(q)}"


def unit_answer(fragment):
    return json.dumps({"code": "200", "success": True, "message": "操作成功", "data": {"html": fragment}},
                      ensure_ascii=False)


def wjgs_fragment(rows, page_no, count, size=10):
    lis = "\n".join(
        f'<li class="cf"><a class="fl" href="{wjgs_url(k, d).replace("https://" + MIIT, "")}" title="{esc(t)}" '
        f'target="_blank">{esc(truncate(t))}</a><span class="fr">{d}</span></li>' for k, t, d in rows)
    return (f'<div class="page-content"><ul>\n{lis}\n</ul></div>\n<div id="page_div" class="pagination"></div>\n'
            f'<script>oLayPageRender("page_div", {{rows:"{size}", count:"{count}", pageNo:"{page_no}"}});</script>')


def miit_detail(title, time, dept, body, column="文件公示"):
    return page(f"{title}_{MIIT_SITE}", {"SiteName": MIIT_SITE, "SiteDomain": MIIT, "SiteIDCode": "bm07000001",
                                        "ColumnName": column, "ArticleTitle": title, "PubDate": time,
                                        "ContentSource": dept, "Description": title},
                f'<div class="w1200 ccontent_box"><div class="bread">当前位置：首页 &gt; 政务公开 &gt; {column}</div>\n'
                f'<h1 id="con_title">{title}</h1>\n<div class="cinfo center"><span id="con_time">发布时间：{time}</span>'
                f'<span>来源：{dept}</span></div>\n<div id="con_con" class="ccontent center">{body}</div>\n'
                f'<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>\n'
                f'<div class="print"><a href="javascript:window.print()">打印本页</a></div></div>')


WJGS_DETAILS = {  # key: (time, 司局, body, attachment ext or None)
    "g01": ("2026-11-06 17:30", "节能与综合利用司", """
<p>根据《工业和信息化部办公厅关于开展2026年度绿色制造名单推荐工作的通知》要求，经地方推荐、专家论证，现将2026年度绿色制造名单予以公示。</p>
<p>公示时间：2026年11月6日—2026年11月12日。</p>
<p>公示期间，如有异议，请以书面形式反馈至工业和信息化部节能与综合利用司。</p>
<p>附件：<a href="{att}">2026年度绿色制造名单.xlsx</a></p>
<p style="text-align:right">工业和信息化部节能与综合利用司<br>2026年11月6日</p>""", "xlsx"),
    "g11": ("2026-10-10 16:00", "电子信息司", """
<p>按照《工业和信息化部办公厅 住房和城乡建设部办公厅 交通运输部办公厅 农业农村部办公厅 国家能源局综合司关于开展第四批智能光伏试点示范活动的通知》要求，经申报推荐、专家评审，拟确定2026年智能光伏试点示范企业和示范项目名单，现予以公示。</p>
<p>公示时间：2026年10月10日至2026年10月16日。</p>
<p>附件：<a href="{att}">2026年智能光伏试点示范企业和示范项目名单.pdf</a></p>
<p style="text-align:right">工业和信息化部电子信息司<br>2026年10月10日</p>""", "pdf"),
}


def build_miit_wjgs():
    slug, state = "cn_miit_wjgs", "week1"
    reset(slug)
    col = f"https://{MIIT}/zwgk/wjgs/index.html"
    put(slug, state, col, wjgs_shell(), meta=MIIT_COOKIE)
    robots(slug, state, MIIT, MIIT_ROBOTS)
    rows = WJGS_ROWS
    put(slug, state, unit_url(1, "10"), unit_answer(wjgs_fragment(rows[:10], 1, len(rows))))
    put(slug, state, unit_url(2, "10"), unit_answer(wjgs_fragment(rows[10:], 2, len(rows))))
    expect_list(slug, state, [{"url": wjgs_url(k, d), "title": t, "published": d} for k, t, d in rows], 2)
    for k, (time, dept, body, ext) in WJGS_DETAILS.items():
        _, title, day = next(r for r in rows if r[0] == k)
        url = wjgs_url(k, day)
        atts = [wjgs_attach(k, ext, day[:4] + day[5:7])] if ext else []
        body = body.replace("{att}", atts[0] if atts else "")
        put(slug, state, url, miit_detail(title, time, dept, body))
        for a in atts:
            put(slug, state, a, XLSX if a.endswith(".xlsx") else PDF)
        expect_detail(slug, state, url, title, day, None, [], first_sentence(body), atts)
    provenance(slug, """
# cn_miit_wjgs — MIIT 文件公示 (jpaas family)

Built by `scripts/snapshot_builders/gen_more.py` (run it standalone).

| File | Follows |
|---|---|
| `www.miit.gov.cn/zwgk/wjgs/index.html` (+ `.meta.json`) | §3.3 [S14, S16] (H): JS shell; the params sit on the script RSSHub selects as `script[parseType=buildstatic]` — here a `unitbuild.js` script that carries `parseType="buildstatic"`, `url` and single-quoted `querydata` (**quirk**: per-column script placement); `Set-Cookie` on the column page, forwarded to the API (`forward_cookie`, [S14]) |
| `api-gateway/…/build/unit@q-…` (pages 1, 2) | §3.3: `webId=8d828e40…`, `tplSetId=209741b2…`, `parseType=buildstatic`, **`tagId=右侧内容`, `pageId=a7180b76aadf4a2ca625f403045cbaae`** [S16]; `paramJson={"pageNo":N,"pageSize":"10"}` [S12]; pager `oLayPageRender(…, {rows, count, pageNo})` [S41]; rows `div.page-content ul li.cf > a.fl[title] + span.fr` with truncated link text (`...`), full title in `title` [S15, S16] |
| `/zwgk/wjgs/art/2026/art_<32hex>.html` | §3.3 detail: meta ArticleTitle/PubDate (`YYYY-MM-DD HH:mm`)/ContentSource (司局), `h1#con_title`, `span#con_time`, body `div#con_con`; "公示时间：X—Y" sentence (§2.7); absolute attachment links `/cms_files/filemanager/<n>/attach/<yyyymm>/<32hex>.xlsx|.pdf` |
| `robots.txt` | byte-identical to cn_miit_wjfb / cn_miit_yjzj |

Document facts: 公示 titles of 2026 are plausible (the column publishes 绿色制造 / 能效领跑者 / 行业规范条件 lists);
no document numbers. 13 rows over two API pages; g01 and g11 (page 2) have detail pages, the rest answer 404.
State: week1.
""")


# ================================================================== NDRC 规范性文件 (trs family, §3.4)
NDRC = "www.ndrc.gov.cn"
NDRC_BASE = f"https://{NDRC}/xxgk/zcfb/ghxwj/"
NDRC_JD = f"https://{NDRC}/xxgk/jd/jd/"
NDRC_ROBOTS = "User-agent: *\nDisallow: /search/\n"  # byte-identical to cn_ndrc_tz / gg / yjzq
PER_PAGE = 6

# key: (date, id, title, 司局, paragraphs, attachments [(file, name)], column base)
GHXWJ_DOCS = {
    "storage_price": ("2026-11-06", "1401209",
        "国家发展改革委 国家能源局关于完善新型储能价格机制的通知", "价格司",
        ["各省、自治区、直辖市及新疆生产建设兵团发展改革委、能源局，国家电网有限公司、中国南方电网有限责任公司、内蒙古电力（集团）有限责任公司：",
         "为加快构建新型电力系统，更好发挥新型储能调节作用，促进能源绿色低碳转型，现就完善新型储能价格机制有关事项通知如下。",
         "一、新型储能参与电力市场形成的充放电价格，按照电力市场有关规则执行。"],
        [("P020261106538712096452.pdf", "新型储能价格机制有关问题说明.pdf")], NDRC_BASE),
    "efficiency_levels": ("2026-11-02", "1401077",
        "国家发展改革委等部门关于发布《重点用能产品设备能效先进水平、节能水平和准入水平（2026年版）》的通知", "环资司",
        ["各省、自治区、直辖市及新疆生产建设兵团发展改革委、工业和信息化主管部门、市场监管局（厅、委）：",
         "为加快推动重点用能产品设备节能降碳更新改造，我们对重点用能产品设备能效水平进行了更新，现予以发布。"],
        [], NDRC_BASE),
    "efficiency_levels_jd": ("2026-11-02", "1401079",
        "加快重点用能产品设备节能降碳更新改造——《重点用能产品设备能效先进水平、节能水平和准入水平（2026年版）》解读", "环资司",
        ["近日，国家发展改革委等部门发布《重点用能产品设备能效先进水平、节能水平和准入水平（2026年版）》。",
         "本次更新扩大了产品设备范围，进一步提升了能效要求。"],
        [], NDRC_JD),
    "energy_review": ("2026-10-22", "1400939",
        "国家发展改革委办公厅关于做好固定资产投资项目节能审查与碳排放评价衔接工作的通知", "环资司",
        ["各省、自治区、直辖市及新疆生产建设兵团发展改革委：",
         "为推动能耗双控逐步转向碳排放双控，现就做好固定资产投资项目节能审查与碳排放评价衔接工作有关事项通知如下。"],
        [], NDRC_BASE),
    "renewable_exclusion": ("2026-10-14", "1400846",
        "国家发展改革委 国家统计局 国家能源局关于进一步做好新增可再生能源消费不纳入能源消费总量控制有关工作的通知", "环资司",
        ["各省、自治区、直辖市及新疆生产建设兵团发展改革委、统计局、能源局：",
         "为做好能耗双控向碳排放双控转变的衔接，现就进一步做好新增可再生能源消费不纳入能源消费总量控制有关工作通知如下。"],
        [], NDRC_BASE),
    "carbon_dual_control": ("2026-10-09", "1400788",
        "国家发展改革委关于印发《省级人民政府碳排放双控考核实施办法》的通知", "环资司",
        ["各省、自治区、直辖市人民政府办公厅：",
         "为贯彻落实《加快构建碳排放双控制度体系工作方案》，我们制定了《省级人民政府碳排放双控考核实施办法》，现印发给你们。"],
        [], NDRC_BASE),
    # real documents (numbers and dates real; article ids synthetic), on index_1.html
    "new_energy_price": ("2025-02-09", "1395960",
        "国家发展改革委 国家能源局关于深化新能源上网电价市场化改革 促进新能源高质量发展的通知（发改价格〔2025〕136号）", "价格司",
        ["各省、自治区、直辖市及新疆生产建设兵团发展改革委、能源局，天津市工业和信息化局、辽宁省工业和信息化厅、重庆市经济和信息化委员会、甘肃省工业和信息化厅，北京市城市管理委员会，国家能源局各派出机构，国家电网有限公司、中国南方电网有限责任公司、内蒙古电力（集团）有限责任公司：",
         "为贯彻落实党的二十届三中全会精神和党中央、国务院关于加快构建新型电力系统、健全绿色低碳发展机制的决策部署，充分发挥市场在资源配置中的决定性作用，大力推动新能源高质量发展，现就深化新能源上网电价市场化改革有关事项通知如下。"],
        [], NDRC_BASE),
    "capacity_price": ("2023-11-10", "1362084",
        "国家发展改革委 国家能源局关于建立煤电容量电价机制的通知（发改价格〔2023〕1501号）", "价格司",
        ["各省、自治区、直辖市及新疆生产建设兵团发展改革委、能源局，北京市城市管理委员会，天津市工业和信息化局，辽宁省、上海市、重庆市、甘肃省工业和信息化厅（委员会、局），国家能源局各派出机构，国家电网有限公司、中国南方电网有限责任公司、内蒙古电力（集团）有限责任公司：",
         "为贯彻落实党中央、国务院决策部署，加快构建新型电力系统，促进能源绿色低碳转型，决定自2024年1月1日起将现行煤电单一制电价调整为两部制电价，其中电量电价通过市场化方式形成，容量电价水平根据转型进度等实际情况合理确定并逐步调整。"],
        [("P020231110554783609127.pdf", "关于建立煤电容量电价机制的通知.pdf")], NDRC_BASE),
    "coal_price": ("2021-10-12", "1299583",
        "国家发展改革委关于进一步深化燃煤发电上网电价市场化改革的通知（发改价格〔2021〕1439号）", "价格司",
        ["各省、自治区、直辖市发展改革委，国家能源局各派出机构，国家电网有限公司、中国南方电网有限责任公司、内蒙古电力（集团）有限责任公司：",
         "为贯彻落实党中央、国务院决策部署，加快推进电价市场化改革，现就进一步深化燃煤发电上网电价市场化改革及有关事项通知如下。"],
        [], NDRC_BASE),
}
GHXWJ_WITH_DETAIL = ("storage_price", "efficiency_levels_jd", "capacity_price")


def ndrc_url(doc):
    date, doc_id, base = doc[0], doc[1], doc[6]
    return f"{base}{date[:7].replace('-', '')}/t{date.replace('-', '')}_{doc_id}.html"


def ndrc_href(doc):
    """Relative link from the ghxwj list: ./YYYYMM/… or, for the 解读 in another column, ../../jd/jd/YYYYMM/…."""
    url = ndrc_url(doc)
    return "./" + url[len(NDRC_BASE):] if url.startswith(NDRC_BASE) else "../../" + url[len(f"https://{NDRC}/xxgk/"):]


def ndrc_detail(doc):
    date, _doc_id, title, origin, paras, files, base = doc
    column = "规范性文件" if base == NDRC_BASE else "解读"
    crumbs = ('<a href="../../">政务公开</a> &gt; <a href="../">政策发布</a> &gt; <a href="./">规范性文件</a>'
              if base == NDRC_BASE else '<a href="../../">政务公开</a> &gt; <a href="../">政策解读</a> &gt; <a href="./">解读</a>')
    links = "".join(f'<p><a href="./{f}" target="_blank">{i}.{esc(name)}</a></p>' for i, (f, name) in enumerate(files, 1))
    attachment = (f'<div class="attachment"><div class="attachment_l">附件：</div><div class="attachment_r">{links}</div></div>'
                  if files else "")
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="中华人民共和国国家发展和改革委员会">
<meta name="SiteDomain" content="www.ndrc.gov.cn">
<meta name="ColumnName" content="{column}">
<meta name="ColumnType" content="{column}">
<meta name="ColumnDescription" content="{'政策发布 规范性文件' if column == '规范性文件' else '政策解读 解读'}">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{date} 18:00:00">
<meta name="ContentSource" content="{esc(origin)}">
<meta name="Keywords" content="">
<title>{esc(title)}-国家发展和改革委员会</title>
<link rel="stylesheet" href="/images/common.css">
</head>
<body>
<div class="header"><a class="logo" href="https://www.ndrc.gov.cn/">国家发展和改革委员会</a></div>
<div class="container">
<div class="position">当前位置：<a href="../../../../">首页</a> &gt; {crumbs}</div>
<div class="article">
<div class="article_title"><h2>{esc(title)}</h2>
<div class="time"><span>发布时间：{date.replace('-', '/')}</span><span>来源：{esc(origin)}</span>
<span class="fontsize">[ 字号 <a href="javascript:void(0)">大</a> <a href="javascript:void(0)">中</a> <a href="javascript:void(0)">小</a> ]</span></div></div>
<div class="article_con article_con_title">
<div class="TRS_Editor">
{body}
</div>
</div>
{attachment}
<div class="ewm">扫一扫在手机打开当前页</div>
<div class="print"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div></div>
<div class="footer">国家发展和改革委员会 版权所有 京ICP备05052393号</div>
</body>
</html>
""", body


def ndrc_list_page(docs, page_no, total):
    rows = []
    for i, doc in enumerate(docs, 1):
        title = doc[2]
        shown = title if len(title) <= 32 else title[:32] + "..."
        rows.append(f'<li><a href="{ndrc_href(doc)}" target="_blank" title="{esc(title)}">{esc(shown)}</a>'
                    f'<span>{doc[0].replace("-", "/")}</span></li>')
        if i % 5 == 0:
            rows.append('<li class="empty"></li>')
    nl = "\n"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="中华人民共和国国家发展和改革委员会">
<meta name="ColumnName" content="规范性文件">
<title>规范性文件-国家发展和改革委员会</title>
<link rel="stylesheet" href="/images/common.css">
</head>
<body>
<div class="header"><a class="logo" href="https://www.ndrc.gov.cn/">国家发展和改革委员会</a>
<ul class="nav"><li><a href="/xwdt/">新闻动态</a></li><li><a href="/xxgk/">政务公开</a></li><li><a href="/fggz/">发展改革工作</a></li></ul></div>
<div class="container">
<div class="position">当前位置：<a href="../../../">首页</a> &gt; <a href="../../">政务公开</a> &gt; <a href="../">政策发布</a> &gt; 规范性文件</div>
<div class="list">
<div class="list-title">规范性文件</div>
<ul class="u-list">
{nl.join(rows)}
</ul>
<div class="page"><script type="text/javascript">createPageHTML({total}, {page_no}, "index", "html");</script></div>
</div></div>
<div class="footer">国家发展和改革委员会 版权所有</div>
</body>
</html>
"""


def build_ndrc_ghxwj():
    slug, state = "cn_ndrc_ghxwj", "week1"
    reset(slug)
    put(slug, state, f"https://{NDRC}/robots.txt", NDRC_ROBOTS)
    ordered = list(GHXWJ_DOCS.values())  # already newest first, as the site lists them
    pages = [ordered[i:i + PER_PAGE] for i in range(0, len(ordered), PER_PAGE)]
    for n, chunk in enumerate(pages):
        put(slug, state, NDRC_BASE + ("index.html" if n == 0 else f"index_{n}.html"), ndrc_list_page(chunk, n, len(pages)))
    numbers = {"new_energy_price": "发改价格〔2025〕136号", "capacity_price": "发改价格〔2023〕1501号",
               "coal_price": "发改价格〔2021〕1439号"}
    expect_list(slug, state, [{"url": ndrc_url(d), "title": d[2], "published": d[0], "doc_number": numbers.get(k)}
                              for k, d in GHXWJ_DOCS.items()], len(pages))
    for k in GHXWJ_WITH_DETAIL:
        doc = GHXWJ_DOCS[k]
        url = ndrc_url(doc)
        html, body = ndrc_detail(doc)
        put(slug, state, url, html)
        atts = [url.rsplit("/", 1)[0] + "/" + f for f, _ in doc[5]]
        for a in atts:
            put(slug, state, a, PDF)
        expect_detail(slug, state, url, doc[2], doc[0], numbers.get(k), [], first_sentence(body), atts)
    provenance(slug, """
# cn_ndrc_ghxwj — NDRC 政策发布 · 规范性文件 (trs family, same dialect as cn_ndrc_tz)

Built by `scripts/snapshot_builders/gen_more.py` (run it standalone).

| File | Follows |
|---|---|
| `www.ndrc.gov.cn/xxgk/zcfb/ghxwj/index.html`, `index_1.html` | §3.4, §2.1 [S20, S21, S43]: the `ghxwj` sub-column of 政策发布 (crawled directly, `/xxgk/zcfb/` is a JS redirect shell); `ul.u-list > li > a[href][title]` + `<span>YYYY/MM/DD</span>`; link text truncated (`...`); `li.empty` spacer after every 5 rows; `createPageHTML(total, current, "index", "html")`; 6 rows per page here |
| `…/xxgk/jd/jd/202611/t20261102_1401079.html` | §3.4 **quirk**: "some links go to other columns (`../../jd/jd/…`)" — the list links a 解读 in 政策解读 with `../../jd/jd/YYYYMM/t…html`, resolved against the list URL; same detail template, ColumnName 解读 |
| `…/ghxwj/YYYYMM/tYYYYMMDD_N.html` | §3.4 [S19, S20, S15]: meta ArticleTitle / PubDate `YYYY-MM-DD HH:mm:ss` / ContentSource (司局); body `div.article_con > div.TRS_Editor`; attachments `./P0YYYYMMDD….pdf` in the following `div.attachment` (record `attachment_selectors`); 发文字号 only inside the title's parentheses (§2.4) |
| `robots.txt` | byte-identical to cn_ndrc_tz / cn_ndrc_gg / cn_ndrc_yjzq |

Document facts: 发改价格〔2025〕136号 (新能源上网电价市场化改革, 2025-02-09), 发改价格〔2023〕1501号 (煤电容量电价机制,
2023-11-10) and 发改价格〔2021〕1439号 (燃煤发电上网电价市场化改革, 2021-10-12) are real documents with their real
dates; their article ids and attachment names are synthetic. The 2026 items are plausible titles without numbers.
Detail pages: storage_price, the 解读, capacity_price; the others answer 404.
State: week1.
""")


def build_all():
    build_nea_zxwj()
    build_miit_wjgs()
    build_ndrc_ghxwj()


if __name__ == "__main__":
    build_all()
    assert set(EXP) == {"cn_nea_zxwj", "cn_miit_wjgs", "cn_ndrc_ghxwj"}
    write_expected()
