"""Mislabelled charsets are decoded as the bytes say; a record's forced encoding wins."""
from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from spiders.encoding import best_encoding, repair_encoding

TEXT = "国家发展改革委关于印发《“十四五”新型储能发展实施方案》的通知，到2025年新型储能由商业化初期步入规模化发展阶段。"


@pytest.mark.parametrize("body, declared, forced, expected", [
    (TEXT.encode("gbk"), "utf-8", None, "gb18030"),        # GBK bytes labelled UTF-8
    (TEXT.encode("utf-8"), "gbk", None, "utf-8"),          # UTF-8 bytes labelled GBK
    (TEXT.encode("utf-8"), "utf-8", None, "utf-8"),        # honest label
    (TEXT.encode("gbk"), "gb18030", None, "gb18030"),      # honest label
    ("通知".encode("gbk"), "gbk", None, "gbk"),             # too short to overrule the label
    (TEXT.encode("gbk"), "utf-8", "gbk", "gbk"),           # the record knows better
])
def test_best_encoding(body, declared, forced, expected):
    assert best_encoding(body, declared, forced) == expected


def test_repair_gives_readable_text_and_keeps_honest_responses():
    html = f"<html><head><meta charset='utf-8'></head><body><p>{TEXT}</p></body></html>"
    lying = HtmlResponse("https://www.ndrc.gov.cn/a.html", body=html.encode("gbk"),
                         headers={"Content-Type": "text/html; charset=utf-8"})
    assert "\ufffd" in lying.text
    repaired = repair_encoding(lying)
    assert TEXT in repaired.text and repaired.url == lying.url
    honest = HtmlResponse("https://www.ndrc.gov.cn/b.html", body=html.encode("utf-8"),
                          headers={"Content-Type": "text/html; charset=utf-8"})
    assert repair_encoding(honest) is honest
