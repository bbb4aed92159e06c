from core import *
import json
from spiders.families.detail import first_sentence

NEA = "www.nea.gov.cn"
SITE = "国家能源局"
ROBOTS_NEA = "User-agent: *\nAllow: /\n"


def art(k, d):
    return f"http://{NEA}/{d.replace('-', '')}/{hexid('nea', k)}/c.html"


def shell(col, ds):
    return page(f"{col}-{SITE}", {"SiteName": SITE, "ColumnName": col},
                f'<div class="list-box"><h2>{col}</h2>\n<ul class="list" id="showData0" data="datasource:{ds}" '
                f'preview="ds_"></ul>\n<div id="pagination"></div></div>\n'
                '<script src="/govapp/js/datasource.js"></script>')


def detail(title, time, source, body):
    return page(f"{title}-{SITE}", {"SiteName": SITE, "ArticleTitle": title, "PubDate": time, "ContentSource": source,
                                    "keywords": "能源,政策"},
                f'<div class="article"><div class="titles">{title}</div>\n<div class="author">来源：{source}　'
                f'发布时间：{time}</div>\n<span id="detailContent">{body}</span></div>')


SOURCES = {
    "cn_nea_tz": dict(col="通知", ds="7290c82b05cc4d49be4971ade193edfc", bom=True, rows=[
        ("t1", "国家能源局关于组织开展2026年度可再生能源<br/>发展试点示范工作的通知", "国家能源局关于组织开展2026年度可再生能源发展试点示范工作的通知", "2026-11-03 16:20:00"),
        ("t2", "国家能源局综合司关于做好2026年迎峰度冬电力保供工作的通知", "国家能源局综合司关于做好2026年迎峰度冬电力保供工作的通知", "2026-10-27 10:00:00"),
        ("t3", "<font color=\"red\">国家能源局关于加快推进新型储能调度运用的通知</font>", "国家能源局关于加快推进新型储能调度运用的通知", "2026-10-09 09:30:00"),
        ("t4", "国家发展改革委 国家能源局关于印发《“十四五”新型储能发展实施方案》的通知", "国家发展改革委 国家能源局关于印发《“十四五”新型储能发展实施方案》的通知", "2022-03-21 15:00:00"),
    ], details={
        "t1": ("新能源和可再生能源司", None, [], """
<p>各省（自治区、直辖市）能源局，有关省（自治区、直辖市）及新疆生产建设兵团发展改革委，各派出机构，有关中央企业：</p>
<p>为推动可再生能源高质量发展，助力实现碳达峰碳中和目标，国家能源局决定组织开展2026年度可再生能源发展试点示范工作。</p>
<p>附件：<a href="/20261103/{h}/files/{a}.pdf">2026年度可再生能源发展试点示范申报要求.pdf</a></p>"""),
        "t4": ("国家能源局", "发改能源〔2022〕209号", [], """
<p style="text-align:center">发改能源〔2022〕209号</p>
<p>各省、自治区、直辖市及新疆生产建设兵团发展改革委、能源局：</p>
<p>为深入贯彻落实碳达峰碳中和目标要求，推动新型储能高质量规模化发展，我们组织编制了《“十四五”新型储能发展实施方案》，现印发给你们，请遵照执行。</p>
<p><a href="/20220321/{h}/jd.html">政策解读</a></p>"""),
    }),
    "cn_nea_gg": dict(col="公告", ds="6db2ed2a0ae946d882bcc769494c99be", bom=False, rows=[
        ("g1", "国家能源局公告（2026年第5号）", "国家能源局公告（2026年第5号）", "2026-10-30 17:00:00"),
        ("g2", "国家能源局关于发布《光伏电站碳排放核算技术规范》等<br>能源行业标准的公告", "国家能源局关于发布《光伏电站碳排放核算技术规范》等能源行业标准的公告", "2026-09-18 11:00:00"),
        ("g3", "国家能源局关于废止部分规范性文件的公告", "国家能源局关于废止部分规范性文件的公告", "2026-08-12 10:00:00"),
    ], details={
        "g2": ("能源节约和科技装备司", None, [], """
<p>依据《能源标准化管理办法》，经审查，国家能源局批准《光伏电站碳排放核算技术规范》等能源行业标准，现予以发布。</p>
<p>附件：<a href="/20260918/{h}/files/{a}.xlsx">行业标准目录.xlsx</a></p>"""),
        "g3": ("法制和体制改革司", None, [], """
<p>为深入推进依法行政，国家能源局对现行规范性文件进行了清理，决定废止部分规范性文件。</p>
<p>本公告自发布之日起施行。</p>"""),
    }),
}


def build_all():
    for slug, cfg in SOURCES.items():
        reset(slug)
        state = "week1"
        put(slug, state, f"https://{NEA}/policy/{'tz' if slug.endswith('tz') else 'gg'}.htm", shell(cfg["col"], cfg["ds"]))
        robots(slug, state, NEA, ROBOTS_NEA)
        ds = {"categoryName": cfg["col"], "categoryDesc": "", "datasource": [
            {"title": t, "showTitle": plain, "publishUrl": art(k, d[:10]), "publishTime": d, "summary": "",
             "sourceText": SITE, "author": "", "editor": "", "responsibleEditor": "", "keywords": "能源",
             "linkUrls": []} for k, t, plain, d in cfg["rows"]]}
        raw = json.dumps(ds, ensure_ascii=False, indent=1).encode()
        put(slug, state, f"https://{NEA}/policy/ds_{cfg['ds']}.json", (b"\xef\xbb\xbf" if cfg["bom"] else b"") + raw)
        expect_list(slug, state, [dict(url=art(k, d[:10]), title=plain, published=d[:10]) for k, t, plain, d in cfg["rows"]], 1)
        for k, (src, docno, issuers, body) in cfg["details"].items():
            row = next(r for r in cfg["rows"] if r[0] == k)
            url = art(k, row[3][:10])
            h, a = hexid("nea", k), hexid("nea-att", k)
            body = body.replace("{h}", h).replace("{a}", a)
            put(slug, state, url, detail(row[2], row[3], src, body))
            atts = []
            if "files/" in body:
                ext = body.split(f"{a}.")[1].split('"')[0]
                atts = [f"http://{NEA}/{row[3][:10].replace('-', '')}/{h}/files/{a}.{ext}"]
                put(slug, state, atts[0], b"PK\x03\x04 placeholder")
            expect_detail(slug, state, url, row[2], row[3][:10], docno, issuers, first_sentence(body), atts)
        provenance(slug, f"""
# {slug} — NEA {cfg['col']} (nea family)

- §3.5 [S16, S23] (H): column shell `/policy/{'tz' if slug.endswith('tz') else 'gg'}.htm` with `ul#showData0[data="datasource:{cfg['ds']}"]`;
  rows in the sibling `ds_{cfg['ds']}.json` (`categoryName`, `datasource[]` with `title` that may contain HTML
  (`<br/>`, `<font>`), `showTitle`, absolute `http://` `publishUrl` `/YYYYMMDD/<32hex>/c.html`, `publishTime`
  "YYYY-MM-DD HH:mm:ss"). {'The file starts with a UTF-8 BOM (§2.8 notes BOMs on gov.cn static JSON; kept here as a tolerance test).' if cfg['bom'] else ''}
- Detail: meta SiteName 国家能源局 / ArticleTitle / PubDate / ContentSource; body `span#detailContent`; attachments and a
  政策解读 link inside the body. 发改能源〔2022〕209号 (新型储能实施方案) is real; the other titles are plausible 2026 items.
State: week1.
""")
