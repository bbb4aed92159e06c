from core import *
from urllib.parse import urlencode
import json
from spiders.families.detail import first_sentence

UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"


def shell(site_name, column, host, qd, wrapper_open, wrapper_close):
    q = "{" + ",".join(f"'{k}':'{v}'" for k, v in qd.items()) + "}"
    script = (f'<script type="text/javascript" src="/cms_files/default/script/AuthorizedRead/unitbuild.js" '
              f'url="{UNIT}" querydata="{q}"></script>')
    return page(f"{column}_{site_name}", {"SiteName": site_name, "SiteDomain": host, "ColumnName": column,
                                           "ColumnType": column},
                f'<div class="header"><a href="/">{site_name}</a></div>\n{wrapper_open}\n'
                f'<div class="lmy_main_rb_t">{column}</div>\n{script}\n{wrapper_close}\n<div class="footer">版权所有：{site_name}</div>',
                head_extra='<script src="/cms_files/default/script/jquery.min.js"></script>\n')


def unit_answer(html):
    return json.dumps({"code": "200", "success": True, "message": "操作成功", "data": {"html": html}},
                      ensure_ascii=False)


def unit_url(host, qd, page=None, size=None):
    q = dict(qd)
    if page is not None:
        q["paramJson"] = json.dumps({"pageNo": page, "pageSize": size}, separators=(",", ":"))
    return f"https://{host}{UNIT}?{urlencode(q)}"


def detail_expect(slug, state, url, d, body_html):
    expect_detail(slug, state, url, d["title"], d["published"], d.get("doc_number"), d.get("issuers", []),
                  first_sentence(body_html), d.get("attachments", []))


# ------------------------------------------------------------------ MIIT 文件发布
MIIT = "www.miit.gov.cn"
MIIT_SITE = "中华人民共和国工业和信息化部"
MIIT_QD_WJFB = {"webId": "8d828e408d90447786ddbe128d495e9e", "pageId": "c52d8862a87d454582ed7c46513978d9",
                "tplSetId": "209741b2109044b5b7695700b2bec37e", "pageType": "column", "tagId": "当前栏目_list",
                "editType": "null", "parseType": "buildstatic"}
MIIT_ROBOTS = "User-agent: *\nDisallow: /search-front-server/\nDisallow: /cms_files/filemanager/temp/\n"


def miit_art(sub, year, key):
    return f"https://{MIIT}/zwgk/zcwj/wjfb/{sub}/art/{year}/art_{hexid('miit', key)}.html"


def miit_attach(key, ext="pdf", yyyym="202210"):
    return f"https://{MIIT}/cms_files/filemanager/1226211233/attach/{yyyym}/{hexid('miit-att', key)}.{ext}"


WJFB_ROWS = [  # (key, sub, title, date)
    ("n1", "tz", "工业和信息化部等四部门关于开展2026年度工业领域碳达峰碳中和标准化试点工作的通知", "2026-11-12"),
    ("a1", "tz", "工业和信息化部办公厅关于组织开展2026年度工业节能诊断服务工作的通知", "2026-10-28"),
    ("a2", "gg", "中华人民共和国工业和信息化部公告2026年第27号（汽车行业标准）", "2026-10-24"),
    ("a3", "tz", "工业和信息化部办公厅关于开展2026年度绿色制造名单推荐工作的通知", "2026-10-15"),
    ("a4", "yj", "工业和信息化部关于加快推进工业领域设备更新和绿色低碳技术改造的实施意见", "2026-09-30"),
    ("a5", "tz", "工业和信息化部办公厅关于做好2026年工业和信息化质量工作的通知", "2026-09-19"),
    ("a6", "tz", "工业和信息化部办公厅关于公布2026年度工业产品绿色设计示范企业名单的通知", "2026-09-02"),
    ("a7", "gg", "中华人民共和国工业和信息化部公告2026年第21号（道路机动车辆生产企业及产品）", "2026-08-21"),
    ("a8", "tz", "工业和信息化部办公厅关于组织开展2026年新型储能制造业高质量发展典型案例征集的通知", "2026-08-07"),
    ("a9", "tz", "工业和信息化部等三部门关于印发有色金属行业碳达峰实施方案的通知", "2022-11-15"),
    ("b1", "tz", "工业和信息化部 国家发展改革委 生态环境部 住房和城乡建设部关于印发建材行业碳达峰实施方案的通知", "2022-11-08"),
    ("b2", "tz", "工业和信息化部 国家发展改革委 生态环境部关于印发工业领域碳达峰实施方案的通知", "2022-08-01"),
    ("b3", "tz", "工业和信息化部关于印发“十四五”工业绿色发展规划的通知", "2021-12-03"),
    ("b4", "tz", "工业和信息化部办公厅关于做好2021年工业节能监察工作的通知", "2021-05-10"),
]
WJFB_DOCNO = {"b1": "工信部联原〔2022〕149号", "b2": "工信部联节〔2022〕88号", "b3": "工信部规〔2021〕178号"}


def truncate(t, n=24):
    return t if len(t) <= n else t[:n] + "..."


def miit_fragment(rows, page_no, count, size=10):
    lis = "\n".join(
        f'<li class="cf"><a class="fl" href="{miit_art(sub, d[:4], k).replace("https://" + MIIT, "")}" title="{t}" '
        f'target="_blank">{truncate(t)}</a><span class="fr">{d}</span></li>' for k, sub, t, d in rows)
    return (f'<div class="page-content"><ul>\n{lis}\n</ul></div>\n<div id="page_div" class="pagination"></div>\n'
            f'<script>oLayPageRender("page_div", {{rows:"{size}", count:"{count}", pageNo:"{page_no}"}});</script>')


def miit_detail(title, time, source_dept, body, column="文件发布"):
    return page(f"{title}_{MIIT_SITE}", {"SiteName": MIIT_SITE, "SiteDomain": MIIT, "SiteIDCode": "bm07000001",
                                        "ColumnName": column, "ArticleTitle": title, "PubDate": time,
                                        "ContentSource": source_dept, "Description": title},
                f'<div class="w1200 ccontent_box"><div class="bread">当前位置：首页 &gt; 政务公开 &gt; {column}</div>\n'
                f'<h1 id="con_title">{title}</h1>\n<div class="cinfo center"><span id="con_time">发布时间：{time}</span>'
                f'<span>来源：{source_dept}</span></div>\n<div id="con_con" class="ccontent center">{body}</div>\n'
                f'<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>\n'
                f'<div class="print"><a href="javascript:window.print()">打印本页</a></div></div>')


MIIT_DETAILS = {
    "a1": dict(title=WJFB_ROWS[1][2], published="2026-10-28", time="2026-10-28 16:30", dept="节能与综合利用司",
               body="""
<p>各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门，有关行业协会：</p>
<p>为贯彻落实《工业领域碳达峰实施方案》，持续提升工业企业能效水平，现就组织开展2026年度工业节能诊断服务工作有关事项通知如下。</p>
<p>一、各地工业和信息化主管部门要结合本地区实际，组织节能诊断服务机构为企业提供诊断服务。</p>
<p>附件：<a href="{att1}">2026年度工业节能诊断服务任务分配表.doc</a></p>
<p style="text-align:right">工业和信息化部办公厅<br>2026年10月24日</p>""",
               attachments=["att1"], att_ext="doc"),
    "b2": dict(title=WJFB_ROWS[11][2], published="2022-08-01", time="2022-08-01 10:08", dept="节能与综合利用司",
               doc_number="工信部联节〔2022〕88号", body="""
<p style="text-align:center">工信部联节〔2022〕88号</p>
<p>各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门、发展改革委、生态环境厅（局）：</p>
<p>现将《工业领域碳达峰实施方案》印发给你们，请结合实际，认真贯彻落实。</p>
<p>附件：<a href="{att1}">工业领域碳达峰实施方案.pdf</a></p>
<p style="text-align:right">工业和信息化部<br>国家发展改革委<br>生态环境部<br>2022年7月7日</p>""",
               attachments=["att1"], att_ext="pdf"),
    "n1": dict(title=WJFB_ROWS[0][2], published="2026-11-12", time="2026-11-12 17:05", dept="科技司",
               body="""
<p>各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化、市场监管主管部门，有关单位：</p>
<p>为发挥标准在工业领域碳达峰碳中和工作中的引领作用，四部门决定组织开展2026年度工业领域碳达峰碳中和标准化试点工作。</p>
<p>二、试点申报单位应于2026年12月15日前报送申报材料。</p>
<p style="text-align:right">工业和信息化部<br>国家发展改革委<br>生态环境部<br>市场监管总局<br>2026年11月6日</p>""",
               attachments=[]),
}


def miit_detail_files(slug, state, keys):
    for k in keys:
        d = MIIT_DETAILS[k]
        row = next(r for r in WJFB_ROWS if r[0] == k)
        url = miit_art(row[1], row[3][:4], k)
        atts = [miit_attach(k + a, d.get("att_ext", "pdf"), row[3][:4] + str(int(row[3][5:7]))) for a in d["attachments"]]
        body = d["body"].replace("{att1}", atts[0] if atts else "")
        put(slug, state, url, miit_detail(d["title"], d["time"], d["dept"], body))
        for a in atts:
            put(slug, state, a, b"%PDF-1.4\n% regwatch snapshot placeholder\n")
        detail_expect(slug, state, url, dict(d, attachments=atts), body)


def build_miit_wjfb():
    slug = "cn_miit_wjfb"
    reset(slug)
    col = f"https://{MIIT}/zwgk/zcwj/wjfb/index.html"
    cookie = {"headers": {"Set-Cookie": "jpaas_publish_session=6f3c1e0a2b9d4c7e; Path=/; HttpOnly"}}
    wrap = ('<div class="w1100 clist cf"><div class="lmy_main_l fl"><ul><li><a href="/zwgk/zcwj/wjfb/tz/index.html">通知</a></li>'
            '<li><a href="/zwgk/zcwj/wjfb/gg/index.html">公告</a></li><li><a href="/zwgk/zcwj/wjfb/yj/index.html">意见</a></li></ul></div>'
            '\n<div class="lmy_main_rb">', "</div></div>")
    shell_html = shell(MIIT_SITE, "文件发布", MIIT, MIIT_QD_WJFB, *wrap)
    for state, rows in (("week1", WJFB_ROWS[1:]), ("week2", WJFB_ROWS)):
        put(slug, state, col, shell_html, meta=cookie)
        robots(slug, state, MIIT, MIIT_ROBOTS)
        p1, p2 = rows[:10], rows[10:]
        put(slug, state, unit_url(MIIT, MIIT_QD_WJFB, 1, "10"), unit_answer(miit_fragment(p1, 1, len(rows))))
        put(slug, state, unit_url(MIIT, MIIT_QD_WJFB, 2, "10"), unit_answer(miit_fragment(p2, 2, len(rows))))
        entries = [dict(url=miit_art(s, d[:4], k), title=t, published=d, doc_number=None) for k, s, t, d in rows]
        expect_list(slug, state, entries, 2)
        miit_detail_files(slug, state, ["a1", "b2"] + (["n1"] if state == "week2" else []))
    # failure states: each a full copy of the column page + robots, with the broken answer
    put(slug, "blocked", col, JSL_521, meta={"status": 521, "headers": {
        "Set-Cookie": "__jsluid_s=3f1e0c9a7b2d4e6f8a0b1c2d3e4f5a6b; max-age=31536000; path=/; HttpOnly; secure"}})
    robots(slug, "blocked", MIIT, MIIT_ROBOTS)
    expect_failure(slug, "blocked", "block", "HTTP 521 (Jiasule cookie challenge)")
    for state in ("empty", "malformed"):
        put(slug, state, col, shell_html, meta=cookie)
        robots(slug, state, MIIT, MIIT_ROBOTS)
    put(slug, "empty", unit_url(MIIT, MIIT_QD_WJFB, 1, "10"), unit_answer(
        '<div class="page-content"><ul>\n</ul></div>\n<div id="page_div" class="pagination"></div>\n'
        '<script>oLayPageRender("page_div", {rows:"10", count:"0", pageNo:"1"});</script>'))
    expect_failure(slug, "empty", "selector", "0 items for 'div.page-content ul li.cf a.fl'")
    put(slug, "malformed", unit_url(MIIT, MIIT_QD_WJFB, 1, "10"),
        '{"code":"200","success":true,"data":{"html":"<div class=\\"page-content\\"><ul>\\n<li class=\\"cf\\"><a class=\\"fl\\" href=\\"/zwgk/zcwj/wjfb/tz/art/2026/')
    expect_failure(slug, "malformed", "selector", "unit API answer is not JSON")
    provenance(slug, f"""
# cn_miit_wjfb — MIIT 文件发布 (JPaaS)

Facts followed (sources.md):
- §2.1 item 3 / §3.3: column page is a JS shell with `script[src$=unitbuild.js]` carrying `url` and single-quoted
  `querydata`; webId `8d828e40…`, tplSetId `209741b2…`, `parseType=buildstatic` (MIIT spelling), `tagId=当前栏目_list`
  [S14, S15]. The pageId of the main 文件发布 column is not documented: `c52d8862…` is the "(another column)" id of §3.3
  (inferred).
- Set-Cookie on the column page that the API call must carry [S14] → `index.html.meta.json`.
- Paging `paramJson={{"pageNo":N,"pageSize":"10"}}` (S12 used "24"; the client chooses) and the pager
  `oLayPageRender(…, {{rows, count, pageNo}})` [S41, S11] → page 1 + page 2 API answers.
- Rows `div.page-content ul li.cf > a.fl[title] + span.fr`; link text is truncated (`…`), the `title` attribute is
  full [S15, S16]. Articles `/zwgk/zcwj/wjfb/<tz|gg|yj>/art/YYYY/art_<32hex>.html` (year only).
- Detail: meta SiteName/ArticleTitle/PubDate ("YYYY-MM-DD HH:mm")/ContentSource (司局), `h1#con_title`,
  `span#con_time`, body `div#con_con`, absolute attachment links under `/cms_files/filemanager/…/attach/<yyyym>/`;
  the 发文字号 is the first body paragraph.
- Real documents: 工信部联节〔2022〕88号 (工业领域碳达峰实施方案), 工信部联原〔2022〕149号 (建材, seed 000),
  工信部规〔2021〕178号; 2026 titles are plausible, without numbers.
States: week1; week2 adds one document of 2026-11-12 (page boundaries shift); blocked = 521 + `__jsluid_s`
Set-Cookie + JS cookie page (MIIT 2021–22, §2.9 [S18]); empty = fragment with zero rows; malformed = truncated JSON.
""")


JSL_521 = ("<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')"
           "+('a')+('n')+('c')+('e')+('_')+('s')+('=')+(-~[]+'')+('7')+('8')+('1')+('4')+('3')+('2')+('5')+('6')"
           "+('.')+('8')+('8')+('|')+('0')+('|')+('u')+('Y')+('p')+('K')+('L')+'; max-age=3600; path=/';"
           "location.href=location.pathname+location.search</script></body></html>")


# ------------------------------------------------------------------ MIIT 意见征集
MIIT_QD_YJZJ = dict(MIIT_QD_WJFB, pageId="ff3aac0962cb45e48e8e4da69450e847", tagId="右侧内容")
YJZJ_ROWS = [  # key, title, published, deadline
    ("y1", "关于《工业领域碳达峰碳中和标准体系建设指南（2026年版）（征求意见稿）》公开征求意见的通知", "2026-10-30", "2026-11-29"),
    ("y2", "关于《重点工业产品碳足迹核算规则 电解铝（征求意见稿）》等行业标准公开征求意见的通知", "2026-10-21", "2026-11-20"),
    ("y3", "关于《工业和信息化部行政许可实施办法（修订征求意见稿）》公开征求意见的通知", "2026-10-09", "2026-11-08"),
    ("y4", "关于《新能源汽车动力电池综合利用管理办法（征求意见稿）》公开征求意见的通知", "2026-09-12", "2026-10-12"),
    ("y5", "关于2026年拟立项行业标准项目公开征求意见的通知", "2026-08-28", "2026-09-27"),
]


def yjzj_url(k, d):
    return f"https://{MIIT}/gzcy/yjzj/art/{d[:4]}/art_{hexid('miit-yjzj', k)}.html"


def build_miit_yjzj():
    slug, state = "cn_miit_yjzj", "week1"
    reset(slug)
    col = f"https://{MIIT}/gzcy/yjzj/index.html"
    cookie = {"headers": {"Set-Cookie": "jpaas_publish_session=6f3c1e0a2b9d4c7e; Path=/; HttpOnly"}}
    put(slug, state, col, shell(MIIT_SITE, "意见征集", MIIT, MIIT_QD_YJZJ, '<div class="w1100 cf"><div class="clist_con">',
                                "</div></div>"), meta=cookie)
    robots(slug, state, MIIT, MIIT_ROBOTS)
    lis = ['<li class="empty"></li>']
    for k, t, d, dl in YJZJ_ROWS:
        lis.append(f'<li><span class="fr">{d}</span><a href="{yjzj_url(k, d).replace("https://" + MIIT, "")}" title="{t}" '
                   f'target="_blank"><i></i><font></font>{truncate(t, 30)}</a>'
                   f'<span class="endtime" style="display:none">{epoch_ms(dl)}</span></li>')
        lis.append('<li class="border-line"></li>')
    frag = ('<div class="clist_con"><ul>\n' + "\n".join(lis) + '\n</ul></div>\n<div id="page_div"></div>\n'
            f'<script>oLayPageRender("page_div", {{rows:"10", count:"{len(YJZJ_ROWS)}", pageNo:"1"}});</script>')
    put(slug, state, unit_url(MIIT, MIIT_QD_YJZJ, 1, "10"), unit_answer(frag))
    expect_list(slug, state, [dict(url=yjzj_url(k, d), title=t, published=d, extra={"comment_deadline": dl})
                              for k, t, d, dl in YJZJ_ROWS], 1)
    docs = {
        "y1": ("2026-10-30 09:00", "科技司", """
<p>为贯彻落实党中央、国务院关于碳达峰碳中和的决策部署，加快构建工业领域碳达峰碳中和标准体系，我部组织编制了《工业领域碳达峰碳中和标准体系建设指南（2026年版）（征求意见稿）》，现公开征求社会各界意见。</p>
<p>请于2026年11月29日前将意见反馈至电子邮箱。</p>
<p>附件：<a href="{att}">工业领域碳达峰碳中和标准体系建设指南（2026年版）（征求意见稿）.pdf</a></p>
<p style="text-align:right">工业和信息化部科技司<br>2026年10月30日</p>"""),
        "y3": ("2026-10-09 15:20", "政策法规司", """
<p>为进一步规范行政许可实施工作，我部起草了《工业和信息化部行政许可实施办法（修订征求意见稿）》，现向社会公开征求意见。</p>
<p>公众可于2026年11月8日前通过电子邮件反馈意见。</p>
<p style="text-align:right">工业和信息化部<br>2026年10月9日</p>"""),
    }
    for k, (time, dept, body) in docs.items():
        row = next(r for r in YJZJ_ROWS if r[0] == k)
        url = yjzj_url(k, row[2])
        atts = [miit_attach("yj" + k, "pdf", "202610")] if "{att}" in body else []
        body = body.replace("{att}", atts[0] if atts else "")
        put(slug, state, url, miit_detail(row[1], time, dept, body, column="意见征集"))
        for a in atts:
            put(slug, state, a, b"%PDF-1.4\n% regwatch snapshot placeholder\n")
        detail_expect(slug, state, url, dict(title=row[1], published=row[2], attachments=atts), body)
    provenance(slug, """
# cn_miit_yjzj — MIIT 意见征集 (JPaaS)

- §3.3 [S11]: `tagId=右侧内容`, `pageId=ff3aac09…`, webId/tplSetId as 文件发布, `parseType=buildstatic`; params read
  from the `unitbuild.js` script inside `div.clist_con`; Set-Cookie forwarded to the API [S14].
- Fragment rows `div.clist_con ul li`: `span.fr` date + `a[href="/gzcy/yjzj/art/YYYY/art_<32hex>.html"][title]` with
  `<i></i><font></font>` before the (truncated) text + hidden `span.endtime` (deadline, epoch ms at 00:00 Asia/Shanghai,
  i.e. the previous day in UTC); `li.empty` / `li.border-line` spacers without links [S11 fixture].
- Detail as 文件发布 (`#con_con`), deadline sentence "请于YYYY年M月D日前…" / "…前…反馈" (§2.7).
State: week1 only.
""")


# ------------------------------------------------------------------ MOHURD
MOHURD = "www.mohurd.gov.cn"
MOHURD_SITE = "中华人民共和国住房和城乡建设部"
MOHURD_QD = {"webId": "86ca573ec4df405db627fdc2493677f3", "pageId": "vhiC3JxmPC8o7Lqg4Jw0E",
             "tplSetId": "fc259c381af3496d85e61997ea7771cb", "pageType": "column", "tagId": "内容1",
             "editType": "null", "parseType": "bulidstatic"}
MOHURD_ROBOTS = "User-agent: *\nAllow: /\n"


def mohurd_download(name):
    from urllib.parse import quote
    file_url = f"/cms_files/filemanager/{hexid('mohurd-f', name)[:10]}/attach/{name}"
    return (f"https://{MOHURD}/api-gateway/jpaas-web-server/front/document/download?"
            f"fileUrl={quote(file_url, safe='')}&fileName={quote(name)}")


def mohurd_detail(title_meta, title, time, dept, column, info, body, downloads):
    info_html = ""
    if info:
        cells = "".join(f"<tr><td class=\"td-label\">{k}</td><td>{v}</td></tr>" for k, v in info)
        info_html = f'<table class="xxgk-table">{cells}</table>\n'
    dl = ""
    if downloads:
        dl = ('<div class="editorContent-download"><p>附件下载：</p><ul>' +
              "".join(f'<li><a href="{u}">{n}</a></li>' for n, u in downloads) + "</ul></div>")
    return page(f"{title}-{MOHURD_SITE}", {"SiteName": MOHURD_SITE, "SiteDomain": MOHURD, "SiteIDCode": "bm31000002",
                                          "ColumnName": column, "ColumnType": column, "ArticleTitle": title_meta,
                                          "PubDate": time, "ContentSource": dept},
                f'<div class="container"><div class="content-title">{title}</div>\n{info_html}'
                f'<div class="editor-content">{body}</div>\n{dl}\n<div class="share">分享</div></div>')


WJK_ROWS = [
    ("w1", "住房城乡建设部关于推进建筑领域节能降碳工作的若干意见", "2026-10-22"),
    ("w2", "住房城乡建设部办公厅关于做好2026年全国城市节约用水宣传周工作的通知", "2026-09-28"),
    ("w3", "住房城乡建设部关于发布国家标准《零碳建筑技术标准》的公告", "2026-09-04"),
    ("w4", "住房和城乡建设部 国家发展改革委关于印发城乡建设领域碳达峰实施方案的通知", "2022-07-13"),
    ("w5", "住房和城乡建设部关于印发“十四五”建筑节能与绿色建筑发展规划的通知", "2022-03-11"),
    ("w6", "住房和城乡建设部关于印发“十四五”住房和城乡建设科技发展规划的通知", "2022-03-01"),
]


def wjk_url(k, d):
    return f"https://{MOHURD}/gongkai/zc/wjk/art/{d[:4]}/art_{hexid('mohurd-wjk', k)}.html"


def build_mohurd_wjk():
    slug, state = "cn_mohurd_wjk", "week1"
    reset(slug)
    col = f"https://{MOHURD}/gongkai/zc/wjk/index.html"
    put(slug, state, col, shell(MOHURD_SITE, "文件库", MOHURD, MOHURD_QD, '<div class="main"><div class="list-box">', "</div></div>"))
    robots(slug, state, MOHURD, MOHURD_ROBOTS)
    for pno, rows in ((1, WJK_ROWS[:4]), (2, WJK_ROWS[4:])):
        trs = ['<tr class="table-head"><th>序号</th><th>标题</th><th>发布日期</th></tr>']
        for i, (k, t, d) in enumerate(rows, 1 + (pno - 1) * 4):
            trs.append(f'<tr><td>{i}</td><td class="tit"><a href="{wjk_url(k, d).replace("https://" + MOHURD, "")}" '
                       f'title="{t}" target="_blank">{truncate(t, 28)}</a></td><td class="date">{d}</td></tr>')
        frag = ('<table class="wjk-table">\n' + "\n".join(trs) + "\n</table>\n<div id=\"pager\"></div>\n"
                f'<script>oLayPageRender("pager", {{rows:"4", count:"{len(WJK_ROWS)}", pageNo:"{pno}"}});</script>')
        put(slug, state, unit_url(MOHURD, MOHURD_QD, pno, 4), unit_answer(frag))
    expect_list(slug, state, [dict(url=wjk_url(k, d), title=t, published=d) for k, t, d in WJK_ROWS], 2)
    docs = [
        ("w4", "住房和城乡建设部 国家发展改革委关于印发城乡建设领域碳达峰实施方案的通知", "2022-07-13 16:00", "标准定额司",
         [("索 引 号", "000013338/2022-00198"), ("主题分类", "城乡建设、环境保护"), ("发文机关", "住房和城乡建设部 国家发展改革委"),
          ("成文日期", "2022-06-30"), ("标　　题", "住房和城乡建设部 国家发展改革委关于印发城乡建设领域碳达峰实施方案的通知"),
          ("发文字号", "建标〔2022〕53号"), ("发布日期", "2022-07-13")],
         "建标〔2022〕53号", ["住房和城乡建设部", "国家发展改革委"],
         """
<p>各省、自治区、直辖市住房和城乡建设厅（委、管委）、发展改革委，新疆生产建设兵团住房和城乡建设局、发展改革委：</p>
<p>现将《城乡建设领域碳达峰实施方案》印发给你们，请认真贯彻落实。</p>
<p style="text-align:right">住房和城乡建设部<br>国家发展改革委<br>2022年6月30日</p>""",
         [("城乡建设领域碳达峰实施方案.doc", mohurd_download("城乡建设领域碳达峰实施方案.doc"))]),
        ("w1", "住房城乡建设部关于推进建筑领域节能降碳工作的若干意见", "2026-10-22 10:30", "建筑节能与科技司",
         [("索 引 号", "000013338/2026-00412"), ("主题分类", "城乡建设、环境保护"), ("发文机关", "住房和城乡建设部"),
          ("成文日期", "2026-10-16"), ("标　　题", "住房城乡建设部关于推进建筑领域节能降碳工作的若干意见"),
          ("发文字号", ""), ("发布日期", "2026-10-22")],
         None, ["住房和城乡建设部"],
         """
<p>各省、自治区住房和城乡建设厅，直辖市住房城乡建设（管）委：</p>
<p>为深入贯彻落实党中央、国务院关于碳达峰碳中和的决策部署，推动建筑领域节能降碳，提出以下意见。</p>
<p>一、提高新建建筑节能水平。</p>""", []),
    ]
    for k, title, time, dept, info, docno, issuers, body, downloads in docs:
        row = next(r for r in WJK_ROWS if r[0] == k)
        url = wjk_url(k, row[2])
        # ArticleTitle carries a stray line break on MOHURD [S11]
        meta_title = title[:12] + "\n" + title[12:]
        put(slug, state, url, mohurd_detail(meta_title, title, time, dept, "文件库", info, body, downloads))
        detail_expect(slug, state, url, dict(title=title, published=row[2], doc_number=docno, issuers=issuers,
                                             attachments=[u for _, u in downloads]), body)
    provenance(slug, """
# cn_mohurd_wjk — MOHURD 文件库 (JPaaS)

- §3.7 [S24]: webId `86ca573e…`, tplSetId `fc259c38…`, `parseType=bulidstatic` (MOHURD spelling), `tagId=内容1`
  (percent-encoded UTF-8 in the query), `pageId=vhiC3JxmPC8o7Lqg4Jw0E`; fragment rows are `<tr>` with `a[title]` and a
  date; the header row has no link. Pager `oLayPageRender(…, {rows, count, pageNo})` [S11 mohurd.ts]; pageSize 4 here so
  that page 2 exists.
- Detail: meta `ArticleTitle` with a stray line break [S11], `PubDate` "YYYY-MM-DD HH:mm", `ContentSource` (司),
  body `div.editor-content`, attachments in `div.editorContent-download ul li a` → download API
  `/api-gateway/jpaas-web-server/front/document/download?fileUrl=…&fileName=<name.doc>` (no extension in the path).
- Info table (§2.4) with full-width / ASCII spaces inside labels (`索 引 号`, `标　　题`); 建标〔2022〕53号 is real
  (城乡建设领域碳达峰实施方案, joint with NDRC → two issuers); the 2026 document has an empty 发文字号 cell.
State: week1.
""")


ZQYJ_ROWS = [  # key, title, deadline
    ("z1", "住房城乡建设部办公厅关于国家标准《建筑碳排放计算标准（征求意见稿）》公开征求意见的通知", "2026-12-05"),
    ("z2", "住房城乡建设部办公厅关于《城市更新条例（征求意见稿）》公开征求意见的通知", "2026-11-28"),
    ("z3", "住房城乡建设部办公厅关于行业标准《既有建筑节能改造技术标准（征求意见稿）》公开征求意见的通知", "2026-11-20"),
    ("z4", "住房城乡建设部办公厅关于《住宅项目规范（征求意见稿）》公开征求意见的通知", "2026-10-31"),
]


def zqyj_url(k):
    return f"https://{MOHURD}/gongkai/fdzdgknr/zqyj/art/2026/art_{hexid('mohurd-zqyj', k)}.html"


def build_mohurd_zqyj():
    slug, state = "cn_mohurd_zqyj", "week1"
    reset(slug)
    qd = dict(MOHURD_QD, pageId="Pgf4Z2WE0oiRbuRzvrIVA")
    col = f"https://{MOHURD}/gongkai/fdzdgknr/zqyj/index.html"
    put(slug, state, col, shell(MOHURD_SITE, "征求意见", MOHURD, qd, '<div class="main"><div class="solicit-box">', "</div></div>"))
    robots(slug, state, MOHURD, MOHURD_ROBOTS)
    lis = "\n".join(
        f'<li class="long-deta"><a href="{zqyj_url(k).replace("https://" + MOHURD, "")}" title="{t}" target="_blank">'
        f'<span class="title-info">{t}</span><span class="date-info">截止日期&nbsp;&nbsp;{dl}</span></a></li>'
        for k, t, dl in ZQYJ_ROWS)
    frag = ('<div class="mohurdTab-wrapper"><ul class="mohurdTab-nav"><li class="solicit-now active">进行中</li>'
            '<li class="solicit-expire">已截止</li></ul>\n<ul class="solicit-list-ul">\n' + lis + "\n</ul></div>")
    put(slug, state, unit_url(MOHURD, qd), unit_answer(frag))
    expect_list(slug, state, [dict(url=zqyj_url(k), title=t, published=None, extra={"comment_deadline": dl})
                              for k, t, dl in ZQYJ_ROWS], 1)
    docs = [
        ("z1", "2026-11-05 17:30", "标准定额司", """
<p>根据住房和城乡建设部工程建设标准制修订计划，我部组织编制了国家标准《建筑碳排放计算标准（征求意见稿）》，现向社会公开征求意见。</p>
<p>意见反馈截止时间为2026年12月5日。</p>""", "2026-11-05"),
        ("z3", "2026-10-20 09:15", "标准定额司", """
<p>现将行业标准《既有建筑节能改造技术标准（征求意见稿）》在网上公开征求意见，请于2026年11月20日前将意见反馈我部标准定额司。</p>
<p>意见反馈截止时间为2026年11月20日。</p>""", "2026-10-20"),
    ]
    for k, time, dept, body, pub in docs:
        row = next(r for r in ZQYJ_ROWS if r[0] == k)
        url = zqyj_url(k)
        put(slug, state, url, mohurd_detail(row[1], row[1], time, dept, "征求意见", [], body, []))
        detail_expect(slug, state, url, dict(title=row[1], published=pub), body)
    provenance(slug, """
# cn_mohurd_zqyj — MOHURD 征求意见 (JPaaS)

- §3.7 / §2.7 [S11 mohurd.ts + fixtures/e2e-mohurd]: same webId/tplSetId/tagId as 文件库, `pageId=Pgf4Z2WE0oiRbuRzvrIVA`;
  paging params are ignored server-side (record `paging: false`, no paramJson); fragment `div.mohurdTab-wrapper` with
  tabs `li.solicit-now` / `li.solicit-expire` and `ul.solicit-list-ul > li.long-deta > a[href][title] >
  span.title-info + span.date-info` ("截止日期&nbsp;&nbsp;YYYY-MM-DD"). No publish date in the list → `published: null`
  in list entries; the detail's meta PubDate gives it.
- Detail `div.editor-content`, "意见反馈截止时间为…" sentence.
State: week1.
""")


# ------------------------------------------------------------------ SAMR 征集调查
SAMR = "www.samr.gov.cn"
SAMR_SITE = "国家市场监督管理总局"
SAMR_QD = {"webId": "29e9522dc89d4e088a953d8cede72f4c", "pageId": "b00644872e354a96b66e3cd954e9996f",
           "tplSetId": "5c30fb89ae5e48b9aefe3cdf49853830", "pageType": "column", "tagId": "内容区域",
           "editType": "null", "parseType": "bulidstatic"}
SAMR_ROWS = [  # key, title, start, end, status
    ("s1", "市场监管总局关于公开征求《温室气体 产品碳足迹 量化方法与要求 动力电池（征求意见稿）》等4项国家标准意见的公告", "2026-10-27", "2026-12-26", "(进行中)"),
    ("s2", "市场监管总局关于《网络交易平台规则监督管理办法（征求意见稿）》公开征求意见的公告", "2026-10-16", "2026-11-15", "(进行中)"),
    ("s3", "市场监管总局关于公开征求《碳排放管理体系 要求及使用指南（征求意见稿）》国家标准意见的公告", "2026-09-08", "2026-10-08", "(已结束)"),
    ("s4", "市场监管总局关于《食品安全抽样检验管理办法（修订征求意见稿）》公开征求意见的公告", "2026-08-20", "2026-09-19", "(已结束)"),
]


def samr_url(k, d):
    return f"https://{SAMR}/hd/zjdc/art/{d[:4]}/art_{hexid('samr', k)}.html"


def build_samr_zjdc():
    slug, state = "cn_samr_zjdc", "week1"
    reset(slug)
    col = f"https://{SAMR}/hd/zjdc/"
    put(slug, state, col, shell(SAMR_SITE, "征集调查", SAMR, SAMR_QD, '<div class="zjnav04"><div class="zjnav04Left">', "</div></div>"))
    robots(slug, state, SAMR)
    lis = ['<li class="zjnav04Left02_content"><div class="doctitle">标题</div><div class="doctime tim">征集时间</div>'
           '<div class="docstatus stu">状态</div></li>']
    for k, t, s, e, st in SAMR_ROWS:
        lis.append(f'<li class="zjnav04Left02_content"><div class="doctitle"><a href="{samr_url(k, s).replace("https://" + SAMR, "")}" '
                   f'title="{t}" target="_blank">{truncate(t, 34)}</a></div><div class="doctime tim">{s}至{e}</div>'
                   f'<div class="docstatus stu">{st}</div></li>')
    frag = '<div class="zjnav04Left02"><ul>\n' + "\n".join(lis) + "\n</ul></div>"
    put(slug, state, unit_url(SAMR, SAMR_QD), unit_answer(frag))
    expect_list(slug, state, [dict(url=samr_url(k, s), title=t, published=None, extra={"comment_deadline": e})
                              for k, t, s, e, st in SAMR_ROWS], 1)
    docs = [("s1", "2026-10-27 18:02", "标准技术管理司", """
<p>为贯彻落实党中央、国务院关于碳达峰碳中和的决策部署，加快建立产品碳足迹管理体系，市场监管总局（国家标准委）组织起草了《温室气体 产品碳足迹 量化方法与要求 动力电池（征求意见稿）》等4项国家标准，现向社会公开征求意见。</p>
<p>征求意见截止日期为2026年12月26日。</p>""", ["征求意见稿.pdf", "意见反馈表.doc"]),
            ("s2", "2026-10-16 09:30", "网络交易监督管理司", """
<p>为规范网络交易平台规则制定和执行活动，市场监管总局起草了《网络交易平台规则监督管理办法（征求意见稿）》，现向社会公开征求意见。</p>
<p>公众可在2026年11月15日前提出意见。</p>""", ["网络交易平台规则监督管理办法（征求意见稿）.pdf"])]
    for k, time, dept, body, files in docs:
        row = next(r for r in SAMR_ROWS if r[0] == k)
        url = samr_url(k, row[2])
        atts = [f"https://{SAMR}/cms_files/filemanager/1647978232/attach/202610/{hexid('samr-att', k, n)}.pdf?fileName={n}"
                for n in files]
        from urllib.parse import quote
        atts = [a.split("?fileName=")[0] + "?fileName=" + quote(a.split("?fileName=")[1]) for a in atts]
        links = "".join(f'<li><a href="{a}" target="_blank">{n}</a></li>' for a, n in zip(atts, files))
        meta_title = row[1][:20] + "\n" + row[1][20:]
        html = page(f"{row[1]}_{SAMR_SITE}", {"SiteName": SAMR_SITE, "SiteDomain": SAMR, "ColumnName": "征集调查",
                                             "ArticleTitle": meta_title, "PubDate": time, "ContentSource": dept},
                    f'<div class="Three_xilan"><div class="Three_xilan_01">{row[1]}</div>\n'
                    f'<div class="Three_xilan_02">发布时间：{time}</div>\n'
                    f'<div class="Three_xilan_07">{body}</div>\n'
                    f'<div class="contentLeft0102"><ul class="contentLeft0102box"></ul></div>\n'
                    f'<div class="contentLeft0102"><p>附件：</p><ul class="contentLeft0102box">{links}</ul></div></div>')
        put(slug, state, url, html)
        for a in atts:
            put(slug, state, a, b"%PDF-1.4\n% regwatch snapshot placeholder\n")
        detail_expect(slug, state, url, dict(title=row[1], published=time[:10], attachments=atts), body)
    provenance(slug, """
# cn_samr_zjdc — SAMR 征集调查 (JPaaS)

- §3.11 [S11 samr.ts] (H): webId `29e9522d…`, tplSetId `5c30fb89…`, `parseType=bulidstatic`, `tagId=内容区域`,
  `pageId=b0064487…`; unpaged variant (no paramJson; record `paging: false`). Rows `li.zjnav04Left02_content`, the
  header row has no link; `.doctitle a[href="/hd/zjdc/art/YYYY/art_<hex>.html"]`, `.doctime.tim` = 征集期
  "YYYY-MM-DD至YYYY-MM-DD" (its end is the deadline; the start is not taken as the publish date), `.docstatus.stu`.
- Detail: meta ArticleTitle (with a line break) / PubDate / ContentSource; body `div.Three_xilan_07`; attachments
  not in the body but in `ul.contentLeft0102box`, which appears twice (the first is empty), links `…pdf?fileName=…`.
State: week1.
""")


# ------------------------------------------------------------------ MOFCOM 政策发布
MOFCOM = "www.mofcom.gov.cn"
MOFCOM_SITE = "中华人民共和国商务部"
MOFCOM_QD = {"webId": "5f1d4a6e3c2b4f8a9e7d6c5b4a3f2e1d", "pageId": "fc8bdff48fa345a48b651c1285b70b8f",
             "tplSetId": "0b7e2c9d4f6a4e1c8d3b5a7f9e2c4d6b", "pageType": "column", "tagId": "内容1",
             "editType": "null", "parseType": "bulidstatic"}
MOFCOM_ROWS = [
    ("m1", "商务部等9部门关于推动外贸产品绿色低碳转型的指导意见", "2026-10-29"),
    ("m2", "商务部公告2026年第48号 关于对原产于有关国家的进口产品反倾销调查的终裁公告", "2026-10-17"),
    ("m3", "商务部办公厅关于开展2026年绿色商场创建工作的通知", "2026-09-25"),
    ("m4", "商务部 生态环境部关于印发《对外投资合作绿色发展工作指引》的通知", "2021-07-16"),
]


def mofcom_url(k, d):
    return f"https://{MOFCOM}/zwgk/zcfb/art/{d[:4]}/art_{hexid('mofcom', k)}.html"


def build_mofcom_zcfb():
    slug, state = "cn_mofcom_zcfb", "week1"
    reset(slug)
    col = f"https://{MOFCOM}/zcfb/index.html"
    put(slug, state, col, shell(MOFCOM_SITE, "政策发布", MOFCOM, MOFCOM_QD, '<div class="wrap"><div class="list-con">', "</div></div>"))
    robots(slug, state, MOFCOM)
    lis = "\n".join(f'<li><a href="{mofcom_url(k, d).replace("https://" + MOFCOM, "")}" title="{t}" target="_blank">{t}</a>'
                    f'<span>{d}</span></li>' for k, t, d in MOFCOM_ROWS)
    frag = (f'<ul class="txtList_01">\n{lis}\n</ul>\n<div class="pages" rows="15" count="{len(MOFCOM_ROWS)}"></div>')
    put(slug, state, unit_url(MOFCOM, MOFCOM_QD, 1, 15), unit_answer(frag))
    expect_list(slug, state, [dict(url=mofcom_url(k, d), title=t, published=d) for k, t, d in MOFCOM_ROWS], 1)
    docs = [("m1", "2026-10-29 15:00", "对外贸易司", """
<p>发文日期：2026年10月27日</p>
<p>各省、自治区、直辖市及计划单列市、新疆生产建设兵团商务主管部门：</p>
<p>为贯彻落实党中央、国务院关于碳达峰碳中和的决策部署，推动外贸产品绿色低碳转型，现提出以下意见。</p>"""),
            ("m4", "2021-07-16 10:00", "对外投资和经济合作司", """
<p>发文日期：2021年7月9日</p>
<p>各省、自治区、直辖市及计划单列市、新疆生产建设兵团商务主管部门、生态环境厅（局）：</p>
<p>为深入贯彻习近平生态文明思想，推动对外投资合作绿色发展，现将《对外投资合作绿色发展工作指引》印发给你们，请结合实际，认真贯彻执行。</p>
<p>附件：<a href="/zwgk/zcfb/art/2021/{att}">对外投资合作绿色发展工作指引.pdf</a></p>""")]
    for k, time, dept, body in docs:
        row = next(r for r in MOFCOM_ROWS if r[0] == k)
        url = mofcom_url(k, row[2])
        atts = []
        if "{att}" in body:
            name = f"{hexid('mofcom-att', k)}.pdf"
            body = body.replace("{att}", name)
            atts = [f"https://{MOFCOM}/zwgk/zcfb/art/2021/{name}"]
            put(slug, state, atts[0], b"%PDF-1.4\n% regwatch snapshot placeholder\n")
        html = page(f"{row[1]}_{MOFCOM_SITE}", {"SiteName": MOFCOM_SITE, "SiteDomain": MOFCOM, "ColumnName": "政策发布",
                                               "ArticleTitle": row[1], "PubDate": time, "ContentSource": dept},
                    f'<div class="art-title"><h1>{row[1]}</h1><div class="art-info">发布时间：{time}</div></div>\n'
                    f'<div class="art-con art-con-bottonmLine">{body}</div>\n<div class="art-jd"><a href="/zcjd/index.html">政策解读</a></div>')
        put(slug, state, url, html)
        detail_expect(slug, state, url, dict(title=row[1], published=row[2], attachments=atts), body)
    provenance(slug, """
# cn_mofcom_zcfb — MOFCOM 政策发布 (JPaaS variant; record verified: false)

- §3.13 / §6 item 3: the list path conflicts (static `/zcfb/` `ul.policy-list` [S16] vs JPaaS `/zwgk/zcfb/` [S17 recon]).
  These snapshots follow the JPaaS report: `pageId=fc8bdff4…`, `rows=15`, fragment `ul.txtList_01 li`, articles
  `/zwgk/zcfb/art/YYYY/art_<uuid>.html`; the column shell sits at the documented entry `/zcfb/index.html`.
  webId / tplSetId are NOT documented (placeholders); `tagId=内容1` and `parseType=bulidstatic` are inferred.
- Pager as a div with `rows`/`count` attributes (§2.1 item 3 [S41]).
- Detail: body `div.art-con.art-con-bottonmLine` holding "发文日期：YYYY年M月D日" [S16]; meta SiteName 中华人民共和国商务部;
  a relative attachment link resolved against the article URL. Titles of 2026 items are plausible; the 2021 对外投资合作绿色发展工作指引
  is a real MOFCOM/MEE document (number not given).
State: week1.
""")


def build_all():
    build_miit_wjfb(); build_miit_yjzj(); build_mohurd_wjk(); build_mohurd_zqyj(); build_samr_zjdc(); build_mofcom_zcfb()
