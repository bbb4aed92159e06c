from core import *
import html as H
from urllib.parse import urlencode
from spiders.families.detail import first_sentence

PROXY = "/module/web/jpage/dataproxy.jsp"


def records_xml(rows, fmt):
    return "\n".join(f"<record><![CDATA[\n{fmt(r)}\n]]></record>" for r in rows)


def shell(site, column, unitid, cfg, rows, fmt, total, escaped=False, with_xml=True):
    nextgroup = (f'<nextgroup><![CDATA[<a href="{PROXY}?page=1&appid=1&webid={cfg["webid"]}&path=/&columnid='
                 f'{cfg["columnid"]}&unitid={unitid}&permissiontype=0"></a>]]></nextgroup>')
    xml = f"<datastore>\n{nextgroup}\n<recordset>\n{records_xml(rows, fmt)}\n</recordset>\n</datastore>"
    if escaped:
        xml = H.escape(xml, quote=False)
    block = f'<script type="text/xml">{xml}</script>' if with_xml else '<div class="default_pgContainer"></div>'
    js = (f"<script language=\"javascript\" src=\"/module/web/jpage/jpage.js\"></script>\n<script>\n"
          f"$('#{unitid}').jpage({{dataStore: dataStore, proxyUrl: '{PROXY}', perPage: {cfg['perpage']}, "
          f"totalRecord: {total}, groupSize: 1, webid: '{cfg['webid']}', columnid: '{cfg['columnid']}'}});\n</script>")
    return page(f"{column} {site}", {"SiteName": site, "ColumnName": column},
                f'<div class="header">{site}</div>\n<div class="main"><div class="bt-position">当前位置：{column}</div>\n'
                f'<div id="{unitid}">{block}</div>\n{js}\n</div>')


def proxy_xml(rows, fmt, total, perpage):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>{total}</totalrecord>\n'
            f'<totalpage>{-(-total // perpage)}</totalpage>\n<recordset>\n{records_xml(rows, fmt)}\n</recordset>\n</datastore>\n')


def art(host, col, k, d):
    y, m, dd = d.split("-")
    return f"https://{host}/art/{y}/{int(m)}/{int(dd)}/art_{col}_{int(hexid(host, k)[:6], 16) % 9000000 + 1000000}.html"


def detail(site, title, time, author, body_cls, body, info=None, extra_meta=None):
    info_html = ""
    if info:
        info_html = '<table class="xxgk_table">' + "".join(
            f"<tr><th>{a}</th><td>{b}</td><th>{c}</th><td>{d}</td></tr>" for a, b, c, d in info) + "</table>\n"
    metas = {"SiteName": site, "ArticleTitle": title, "PubDate": time, "Author": author, **(extra_meta or {})}
    return page(f"{title} {site}", metas,
                f'<div class="main">{info_html}<div class="sp_title">{title}</div>\n'
                f'<div class="sp_time"><publishtime>{time}</publishtime>　信息来源：{author}</div>\n'
                f'<div class="{body_cls}">{body}</div>\n<div class="bt-share">分享到：</div></div>')


# ------------------------------------------------------------------ Jiangsu provincial portal col84242
JS = "www.jiangsu.gov.cn"
JS_SITE = "江苏省人民政府"
JS_CFG = {"webid": "1", "columnid": "84242", "unitid": "356383", "perpage": 5, "proxy": "get"}
JS_ROWS = [
    ("n1", "省政府关于印发江苏省加快构建碳排放双控制度体系实施方案的通知", "2026-11-13"),
    ("j1", "省政府办公厅关于印发江苏省推动新型储能高质量发展行动方案的通知", "2026-10-30"),
    ("j2", "省政府关于2026年度江苏省科学技术奖励的决定", "2026-10-21"),
    ("j3", "省政府办公厅关于进一步做好稳就业工作的通知", "2026-10-09"),
    ("j4", "省政府关于公布第九批省级历史文化街区名单的通知", "2026-09-26"),
    ("j5", "省政府办公厅关于加快发展绿色低碳循环经济的实施意见", "2026-09-12"),
    ("j6", "省政府关于印发江苏省碳达峰实施方案的通知", "2022-10-12"),
    ("j7", "省政府办公厅关于印发江苏省“十四五”生态环境基础设施建设规划的通知", "2021-12-30"),
    ("j8", "省政府关于深入推进绿色认证促进绿色低碳循环发展的意见", "2021-11-17"),
    ("j9", "省政府办公厅关于推进全省绿色建筑高质量发展的实施意见", "2021-08-25"),
]


def js_fmt(r):
    k, t, d = r
    spaced = d.replace("-", "- ")  # Jiangsu prints "2026- 08- 07"
    short = t if len(t) <= 26 else t[:26] + "…"
    return f'<li><a title="{t}" href="{art(JS, 46143, k, d).replace("https://" + JS, "")}" target="_blank">{short}</a><span class="time">{spaced}</span></li>'


def build_js_gov_zcwj():
    slug = "js_gov_zcwj"
    reset(slug)
    col = f"https://{JS}/col/col84242/index.html"
    total = 4421
    for state, rows in (("week1", JS_ROWS[1:]), ("week2", JS_ROWS)):
        robots(slug, state, JS)
        p1, p2 = rows[:5], rows[5:10]
        put(slug, state, col, shell(JS_SITE, "省政府文件", "356383", JS_CFG, p1, js_fmt, total + len(rows), escaped=True))
        q = {"appid": "1", "webid": "1", "path": "/", "columnid": "84242", "unitid": "356383", "permissiontype": "0"}
        put(slug, state, f"https://{JS}{PROXY}?{urlencode({'page': 2, **q})}", proxy_xml(p2, js_fmt, total + len(rows), 5))
        # deep page: a ~300-byte stub with an empty recordset (page 0/1 is the reliable slice)
        put(slug, state, f"https://{JS}{PROXY}?{urlencode({'page': 3, **q})}",
            '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>0</totalrecord>\n<recordset>\n</recordset>\n</datastore>\n')
        expect_list(slug, state, [dict(url=art(JS, 46143, k, d), title=t, published=d) for k, t, d in p1 + p2], 2)
        docs = [("j6", "2022-10-12 10:11", [("索 引 号", "014000319/2022-00521", "主题分类", "综合政务"),
                                             ("发文机关", "江苏省人民政府", "成文日期", "2022-10-09"),
                                             ("发文字号", "苏政发〔2022〕88号", "发布日期", "2022-10-12")],
                 "苏政发〔2022〕88号", ["江苏省人民政府"], """
<p>各设区市人民政府，省各委办厅局，省各直属单位：</p>
<p>现将《江苏省碳达峰实施方案》印发给你们，请认真贯彻执行。</p>
<p style="text-align:right">江苏省人民政府<br>2022年10月9日</p>
<p>（此件公开发布）</p>"""),
                ("j1", "2026-10-30 17:45", [("索 引 号", "014000319/2026-00388", "主题分类", "能源"),
                                            ("发文机关", "江苏省人民政府办公厅", "成文日期", "2026-10-27"),
                                            ("发文字号", "", "发布日期", "2026-10-30")],
                 None, ["江苏省人民政府办公厅"], """
<p>各设区市人民政府，省各委办厅局，省各直属单位：</p>
<p>《江苏省推动新型储能高质量发展行动方案》已经省人民政府同意，现印发给你们，请认真组织实施。</p>
<p>附件：<a href="/module/download/downfile.jsp?classid=0&filename={f}.pdf">江苏省推动新型储能高质量发展行动方案.pdf</a></p>""")]
        if state == "week2":
            docs.append(("n1", "2026-11-13 18:00", [("索 引 号", "014000319/2026-00412", "主题分类", "环境保护"),
                                                    ("发文机关", "江苏省人民政府", "成文日期", "2026-11-10"),
                                                    ("发文字号", "", "发布日期", "2026-11-13")],
                         None, ["江苏省人民政府"], """
<p>各设区市人民政府，省各委办厅局，省各直属单位：</p>
<p>现将《江苏省加快构建碳排放双控制度体系实施方案》印发给你们，请结合实际认真贯彻落实。</p>"""))
        for k, time, info, docno, issuers, body in docs:
            row = next(r for r in JS_ROWS if r[0] == k)
            url = art(JS, 46143, k, row[2])
            atts = []
            if "{f}" in body:
                f = hexid("js-att", k)
                body = body.replace("{f}", f)
                atts = [f"https://{JS}/module/download/downfile.jsp?classid=0&filename={f}.pdf"]
            info = [(a, b, c, d) for a, b, c, d in info]
            put(slug, state, url, detail(JS_SITE, row[1], time, issuers[0], "article-content", f'<div id="zoom">{body}</div>',
                                         info=info))
            expect_detail(slug, state, url, row[1], row[2], docno, issuers, first_sentence(body), atts)
    provenance(slug, """
# js_gov_zcwj — Jiangsu provincial government 政策文件 col84242 (hanweb)

- §2.1 item 2, §4.4 [S31] (H list / L detail): column page `/col/col84242/index.html`, unit `356383`; the first page is
  embedded as `<datastore><recordset><record>` XML inside `<script type="text/xml">`, HTML-entity-escaped here (RSSHub
  decodes entities when `<record>` is not literal). Later pages: GET `dataproxy.jsp?page=N&appid=1&webid=1&path=/&
  columnid=84242&unitid=356383&permissiontype=0` → XML with `<totalrecord>`; dates with inner spaces `2026- 08- 07`;
  record HTML `<li><a title href="/art/YYYY/M/D/art_46143_<id>.html">(truncated text…)</a><span class="time">`.
- Page 3 is a deep-page stub (empty recordset, ~150 bytes; §2.1 item 1 "deep pages are stubs") — the list ends there.
- Detail selectors are not documented for the portal (§6 item 6): generic info table (labels with spaces, `索 引 号`)
  + `div#zoom`; `<publishtime>`, meta Author. 苏政发〔2022〕88号 (江苏省碳达峰实施方案) is real (cited by 苏府〔2024〕34号);
  its web date here is illustrative. 2026 titles are plausible.
States: week1; week2 adds a document of 2026-11-13 (page 1/2 boundaries shift).
""")


# ------------------------------------------------------------------ Jiangsu DRC col282 / GXT col89736 / Zhejiang DRC
FZ = "fzggw.jiangsu.gov.cn"
GX = "gxt.jiangsu.gov.cn"
ZJ = "fzggw.zj.gov.cn"
JSL = ("<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')+('a')"
       "+('n')+('c')+('e')+('_')+('s')+('=')+('1')+('7')+('6')+('3')+('2')+('5')+('.')+('4')+('1')+('|')+('0')+('|')"
       "+('G')+('x')+('Q')+'; max-age=3600; path=/';location.href=location.pathname+location.search</script></body></html>")


def simple(slug, host, site, column, cfg, rows, fmt, details, body_cls, col_url, prov, states=("week1",), unit_col=None):
    reset(slug)
    unitid = cfg["unitid"]
    for state in states:
        robots(slug, state, host)
        per = cfg["perpage"]
        p1, rest = rows[:per], rows[per:]
        put(slug, state, col_url, shell(site, column, unitid, cfg, p1, fmt, len(rows)))
        pages = 1
        if rest:
            q = {"startrecord": per + 1, "endrecord": 2 * per, "perpage": per}
            form = {"col": "1", "appid": "1", "webid": cfg["webid"], "path": "/", "columnid": cfg["columnid"],
                    "unitid": unitid, "permissiontype": "0", "sourceContentType": "1", "webname": cfg.get("webname", "")}
            put(slug, state, f"https://{host}{PROXY}?{urlencode(q)}", proxy_xml(rest, fmt, len(rows), per),
                method="POST", data=urlencode(form), ctype="application/x-www-form-urlencoded")
            pages = 2
        expect_list(slug, state, [dict(url=art(host, unit_col or cfg["columnid"], r[0], r[2]), title=r[1], published=r[2])
                                  for r in rows], pages)
        for k, (time, author, body, atts, docno) in details.items():
            row = next(r for r in rows if r[0] == k)
            url = art(host, unit_col or cfg["columnid"], k, row[2])
            put(slug, state, url, detail(site, row[1], time, author, body_cls,
                                         f'<div id="zoom">{body}</div>' if body_cls == "main-txt" else body))
            expect_detail(slug, state, url, row[1], row[2], docno, [], first_sentence(body), atts)
    provenance(slug, prov)


def fz_fmt(r):
    k, t, d = r
    return f'<li><a href="{art(FZ, 282, k, d).replace("https://" + FZ, "")}" title="{t}" target="_blank">{t}</a><span>{d}</span></li>'


FZ_ROWS = [
    ("f1", "省发展改革委召开全省碳达峰碳中和工作推进会", "2026-11-02"),
    ("f2", "省发展改革委关于做好2026年全省节能宣传周和全国低碳日活动的通知", "2026-10-26"),
    ("f3", "全省重大项目建设推进会在南京召开", "2026-10-15"),
    ("f4", "省发展改革委 省能源局解读《江苏省新型储能项目管理办法》", "2026-09-30"),
]
FZ_CFG = {"webid": "3", "columnid": "282", "unitid": "423656", "perpage": 3, "webname": "江苏省发展和改革委员会"}


def build_js_fzggw():
    slug = "js_fzggw"
    col = f"https://{FZ}/col/col282/index.html"
    details = {
        "f1": ("2026-11-02 09:12", "江苏省发展和改革委员会", """
<p>11月1日，全省碳达峰碳中和工作推进会在南京召开。</p>
<p>会议要求，要加快构建碳排放双控制度体系，推动能源绿色低碳转型。</p>""", [], None),
        "f4": ("2026-09-30 16:40", "江苏省发展和改革委员会", """
<p>近日，省发展改革委、省能源局印发《江苏省新型储能项目管理办法》。</p>
<p>附件：<a href="/module/download/downfile.jsp?classid=0&filename={f}.doc">江苏省新型储能项目管理办法.doc</a></p>""", ["att"], None),
    }
    f = hexid("fz-att", "f4")
    details["f4"] = (details["f4"][0], details["f4"][1], details["f4"][2].replace("{f}", f),
                     [f"https://{FZ}/module/download/downfile.jsp?classid=0&filename={f}.doc"], None)
    simple(slug, FZ, "江苏省发展和改革委员会", "发改要闻", FZ_CFG, FZ_ROWS, fz_fmt, details, "bt-content", col, """
# js_fzggw — Jiangsu DRC 发改要闻 col282 (hanweb, POST dataproxy)

- §4.4 [S28] (M): dataproxy POST `startrecord/endrecord/perpage` in the query, form `col=1, appid=1, webid=3, path=/,
  columnid=282, sourceContentType=1, unitid=423656, webname, permissiontype=0`; perpage 3 here so page 2 exists.
  First page embedded as CDATA records (not escaped). Detail body `div.bt-content`, meta Author, "信息来源：" text,
  `<publishtime>`.
- Failure states: blocked = HTTP 521 + `__jsluid_s` Set-Cookie + JS cookie page (Jiangsu department requests carry
  `__jsluid_s`, §2.9/§4.4 [S28], 加速乐 inference M); empty = column page whose datastore has zero records;
  malformed = column page without the `<script type="text/xml">` block (container missing).
States: week1, blocked, empty, malformed.
""")
    col_html_empty = shell("江苏省发展和改革委员会", "发改要闻", "423656", FZ_CFG, [], fz_fmt, 0)
    col_html_bad = shell("江苏省发展和改革委员会", "发改要闻", "423656", FZ_CFG, [], fz_fmt, 0, with_xml=False)
    for state, body, meta in (("blocked", JSL, {"status": 521, "headers": {"Set-Cookie": "__jsluid_s=9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d; max-age=31536000; path=/; HttpOnly; secure"}}),
                              ("empty", col_html_empty, None), ("malformed", col_html_bad, None)):
        robots(slug, state, FZ)
        put(slug, state, col, body, meta=meta)
    expect_failure(slug, "blocked", "block", "HTTP 521 (Jiasule cookie challenge)")
    expect_failure(slug, "empty", "selector", "0 items for '<record> a[href]'")
    expect_failure(slug, "malformed", "selector", "0 items for 'script[type=\"text/xml\"] <datastore>'")


def gx_fmt(r):
    k, t, d = r
    return f'<li><a href="{art(GX, 89736, k, d).replace("https://" + GX, "")}" title="{t}" target="_blank">{t}</a><b>{d}</b></li>'


GX_ROWS = [
    ("x1", "省工业和信息化厅关于组织开展2026年度省级绿色工厂申报工作的通知", "2026-10-31"),
    ("x2", "省工业和信息化厅关于公布2026年江苏省专精特新中小企业名单的通知", "2026-10-20"),
    ("x3", "省工业和信息化厅 省发展改革委 省生态环境厅关于印发江苏省工业领域碳达峰实施方案的通知", "2022-12-30"),
]


def build_js_gxt():
    slug = "js_gxt"
    col = f"https://{GX}/col/col89736/index.html"
    details = {
        "x1": ("2026-10-31 11:20", "节能与综合利用处", """
<p>各设区市工业和信息化局：</p>
<p>为深入推进绿色制造体系建设，现组织开展2026年度省级绿色工厂申报工作。</p>""", [], None),
        "x3": ("2022-12-30 17:00", "节能与综合利用处", """
<p>各设区市工业和信息化局、发展改革委、生态环境局：</p>
<p>现将《江苏省工业领域碳达峰实施方案》印发给你们，请结合实际认真贯彻落实。</p>""", [], None),
    }
    simple(slug, GX, "江苏省工业和信息化厅", "政策文件", {"webid": "23", "columnid": "89736", "unitid": "405463", "perpage": 10,
                                                   "webname": "江苏省工业和信息化厅"},
           GX_ROWS, gx_fmt, details, "article_zoom bfr_article_content", col, """
# js_gxt — Jiangsu 工信厅 政策文件 col89736 (hanweb)

- §4.4 [S28] (M): `webid=23`, `columnid=89736`, `unitid=405463`; record date in `<b>` (record option `date: b`);
  detail body `div.article_zoom.bfr_article_content` (also `div.scroll_main.bfr_article_content`), meta Author,
  "信息来源：" and `<publishtime>`. One page (3 rows ≤ perpage) → no dataproxy call.
- Titles are plausible; no 文号 is claimed.
State: week1.
""")


def zj_fmt(r):
    k, t, d = r
    return f'<li><a href="{art(ZJ, 1229565788, k, d).replace("https://" + ZJ, "")}" title="{t}" target="_blank">{t}</a><span>{d}</span></li>'


ZJ_ROWS = [
    ("z1", "浙江省发展改革委关于印发《浙江省碳排放权交易配套管理实施细则》的通知", "2026-10-23"),
    ("z2", "浙江省发展改革委关于调整部分行政事业性收费标准的通知", "2026-09-29"),
    ("z3", "浙江省发展改革委 浙江省能源局关于印发《浙江省能源领域碳达峰实施方案》的通知", "2022-12-14"),
    ("z4", "浙江省发展改革委关于进一步完善节能审查管理的通知", "2022-06-08"),
]


def build_zj_fzggw():
    slug = "zj_fzggw"
    col = f"https://{ZJ}/col/col1229565788/index.html?uid=4892867&pageNum=1"
    details = {
        "z1": ("2026-10-23 15:30", "浙江省发展和改革委员会", """
<p>各市、县（市、区）发展改革委（局）：</p>
<p>为规范全省碳排放权交易配套管理，我委制定了《浙江省碳排放权交易配套管理实施细则》，现印发给你们，请遵照执行。</p>""", [], None),
        "z3": ("2022-12-14 10:00", "浙江省发展和改革委员会", """
<p>各市、县（市、区）发展改革委（局）、能源主管部门：</p>
<p>现将《浙江省能源领域碳达峰实施方案》印发给你们，请结合实际认真贯彻落实。</p>""", [], None),
    }
    simple(slug, ZJ, "浙江省发展和改革委员会", "行政规范性文件", {"webid": "3185", "columnid": "1229565788", "unitid": "4892867",
                                                        "perpage": 2, "webname": "浙江省发展和改革委员会"},
           ZJ_ROWS, zj_fmt, details, "main-txt", col, """
# zj_fzggw — Zhejiang DRC 行政规范性文件 col1229565788 (hanweb)

- §4.7 [S28 policy_fgw_zhejiang] (M): entry `…/col/col1229565788/index.html?uid=4892867&pageNum=1` (the query becomes
  `@pageNum=1&uid=4892867` in the snapshot name); rows `#4892867 … li > a[title] + span`; first page from
  `<script type="text/xml">` records; detail body `div#zoom` / `div.main-txt` (here `div.main-txt > div#zoom`).
- `webid` of fzggw.zj.gov.cn is NOT documented (3185 is a placeholder used only in the POST form); perpage 2 so that a
  dataproxy POST page 2 exists. The zj.gov.cn cluster refuses overseas IPs (§4.7) — irrelevant offline.
- Titles plausible; no 文号 claimed.
State: week1.
""")


def build_all():
    build_js_gov_zcwj(); build_js_fzggw(); build_js_gxt(); build_zj_fzggw()
