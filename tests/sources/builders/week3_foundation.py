"""Builds state week3 of the foundation sources: attachment swap, restoration, draft -> final.

Run from the repo root: ``.venv/bin/python -m tests.sources.builders.week3_foundation``.
Scenarios are documented in snapshots/cn_ndrc_tz/SCENARIOS.md and snapshots/cn_gov_zuixin/SCENARIOS.md.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
NDRC = ROOT / "snapshots" / "cn_ndrc_tz"
GOV = ROOT / "snapshots" / "cn_gov_zuixin"
TZ = "www.ndrc.gov.cn/xxgk/zcfb/tz"
FINAL_URL_PATH = "202611/t20261119_1401555.html"
FINAL_TITLE = "国家发展改革委 国家能源局关于印发《可再生能源绿色电力证书核发和交易规则》的通知"
ATTACHMENT = "202611/P020261107521236904735.pdf"


def minimal_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF with ASCII text (offsets computed, so strict readers accept it)."""
    text = "BT /F1 11 Tf 72 770 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text.encode("ascii") + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


ANNEX_V1 = ["Annex: Product carbon footprint accounting rules", "Scope: 50 key products by 2027",
            "Data quality: third-party verification required"]
ANNEX_V2 = ["Annex: Product carbon footprint accounting rules", "Scope: 100 key products by 2027",
            "Data quality: third-party verification required"]

FINAL_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="中华人民共和国国家发展和改革委员会">
<meta name="SiteDomain" content="www.ndrc.gov.cn">
<meta name="ColumnName" content="通知">
<meta name="ColumnType" content="通知">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2026-11-19 16:00:00">
<meta name="ContentSource" content="能源局">
<title>{title}-国家发展和改革委员会</title>
</head>
<body>
<div class="container"><div class="article">
<div class="article_title"><h2>{title}</h2>
<div class="time"><span>发布时间：2026/11/19</span><span>来源：能源局</span></div></div>
<div class="article_con article_con_title">
<div class="TRS_Editor">
<p>各省、自治区、直辖市及新疆生产建设兵团发展改革委、能源局，国家能源局各派出机构：</p>
<p>为规范可再生能源绿色电力证书核发和交易，我们在公开征求意见的基础上制定了《可再生能源绿色电力证书核发和交易规则》，现印发给你们，请遵照执行。</p>
<p>绿证核发以电网企业、电力交易机构提供的数据为基础，对全国风电、太阳能发电、常规水电、生物质发电、地热能发电、海洋能发电等已建档立卡的可再生能源发电项目所生产的全部电量核发绿证。</p>
</div>
</div>
</div></div>
</body>
</html>
"""


def build() -> None:
    week3 = NDRC / "week3" / TZ
    (week3 / "202611").mkdir(parents=True, exist_ok=True)
    # 1. the final version of the draft published for comment on cn_ndrc_yjzq -> finalized
    (week3 / FINAL_URL_PATH).write_text(FINAL_PAGE.format(title=FINAL_TITLE), encoding="utf-8")
    # 2. the withdrawn notice is back, listed and readable -> restored
    shutil.copy(NDRC / "week1" / TZ / "202611/t20261103_1401102.html", week3 / "202611/t20261103_1401102.html")
    # 3. the annex PDF behind an unchanged link is replaced -> attachment_changed
    (NDRC / "week1" / TZ / ATTACHMENT).write_bytes(minimal_pdf(ANNEX_V1))
    (week3 / ATTACHMENT).write_bytes(minimal_pdf(ANNEX_V2))
    week1_list = (NDRC / "week1" / TZ / "index.html").read_text("utf-8")
    restored_row = re.search(r"<li><a href=\"\./202611/t20261103_1401102\.html\".*?</li>", week1_list).group(0)
    week2_list = (NDRC / "week2" / TZ / "index.html").read_text("utf-8")
    final_row = (f'<li><a href="./{FINAL_URL_PATH}" target="_blank" title="{FINAL_TITLE}">'
                 f"{FINAL_TITLE[:30]}...</a><span>2026/11/19</span></li>")
    first_row = week2_list.index("<li><a href=\"./202611/")
    week3_list = week2_list[:first_row] + final_row + "\n" + week2_list[first_row:]
    anchor = week3_list.index('<li><a href="./202611/t20261104_1401150.html"')
    anchor = week3_list.index("</li>", anchor) + len("</li>")
    week3_list = week3_list[:anchor] + "\n" + restored_row + week3_list[anchor:]
    (week3 / "index.html").write_text(week3_list, encoding="utf-8")
    _add_state(NDRC, "week3", "week2")
    # 4. gov.cn: the page that answered 404 in week 2 is back (it was never withdrawn: no event)
    gov3 = GOV / "week3" / "www.gov.cn/zhengce/202611"
    gov3.mkdir(parents=True, exist_ok=True)
    shutil.copy(GOV / "week1" / "www.gov.cn/zhengce/202611/content_7100090.htm", gov3 / "content_7100090.htm")
    _add_state(GOV, "week3", "week2")


def _add_state(source_dir: Path, state: str, base: str) -> None:
    spec = source_dir / "states.yaml"
    text = spec.read_text("utf-8") if spec.exists() else ""
    if f"{state}:" not in text:
        spec.write_text(text.rstrip("\n") + f"\n{state}: {{base: {base}}}\n", encoding="utf-8")


if __name__ == "__main__":
    build()
