"""Digest summaries quote substance: never the addressee line, a colon lead-in or an attachment file name."""
from regwatch.notify.content import pick_summary

BODY = "\n".join([
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
    "现就有关事项通知如下：",
    "到2030年，我国风电、太阳能发电总装机容量达到12亿千瓦以上。",
    "严格控制煤炭消费增长，推动煤电节能降碳改造。",
    "附件：全国碳排放权交易市场覆盖钢铁行业工作方案.pdf",
])


def test_summary_skips_salutation_and_file_names():
    summary = pick_summary(BODY)
    assert summary[0].startswith("到2030年") and "12亿千瓦" in summary[0]
    assert not any(s.endswith(("：", ":", ".pdf")) for s in summary)
