"""diff_texts / summarize / render_*: moves are moves, numbers are whole tokens, output is escaped."""
import json

import pytest

from diffing.diff import diff_texts, render_html, render_text, summarize, tokenize

DOC = "各省：\n到2025年，能耗下降13.5%。\n（一）加强领导。\n（二）强化考核。\n（三）做好宣传。\n自2025年1月1日起施行。"


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("下降13.5%。", ["下", "降", "13.5%", "。"]),
        ("到2025年底", ["到", "2025年", "底"]),
        ("自2025年1月1日起", ["自", "2025年1月1日", "起"]),
        ("2024-05-01前", ["2024-05-01", "前"]),
        ("PM2.5浓度", ["PM2.5", "浓", "度"]),
        ("40个自然日", ["40个", "自", "然", "日"]),
        ("二〇二五年", ["二〇二五年"]),
    ],
)
def test_tokenize(text, tokens):
    assert tokenize(text) == tokens


@pytest.mark.parametrize(
    "old, new, stats, moved_only",
    [
        (DOC, DOC, {"replace": 0, "insert": 0, "delete": 0, "move": 0}, False),
        (DOC, DOC.replace("13.5%", "14%"), {"replace": 1, "insert": 0, "delete": 0, "move": 0}, False),
        (DOC, DOC + "\n新增一段。", {"replace": 0, "insert": 1, "delete": 0, "move": 0}, False),
        (DOC, DOC.replace("（二）强化考核。\n", ""), {"replace": 0, "insert": 0, "delete": 1, "move": 0}, False),
        (DOC, DOC.replace("（一）加强领导。\n（二）强化考核。", "（二）强化考核。\n（一）加强领导。"),
         {"replace": 0, "insert": 0, "delete": 0, "move": 1}, True),
        ("甲。\n乙。\n丙。\n丁。", "丁。\n丙。\n乙。\n甲。", {"replace": 0, "insert": 0, "delete": 0, "move": 3}, True),
        (DOC, DOC.replace("\n", "").replace("（一）", "\n（一）"), {"replace": 0, "insert": 0, "delete": 0, "move": 0}, False),
        (DOC, DOC.replace("2025年", "２０２５年"), {"replace": 0, "insert": 0, "delete": 0, "move": 0}, False),
    ],
)
def test_paragraph_ops(old, new, stats, moved_only):
    d = diff_texts(old, new)
    assert {k: d["stats"][k] for k in stats} == stats
    assert d["moved_only"] is moved_only
    assert d["changed"] is any(stats.values())
    json.dumps(d)  # JSON-serialisable


@pytest.mark.parametrize(
    "old, new, change",
    [
        ("能耗下降13.5%。", "能耗下降14%。", {"old": "13.5%", "new": "14%"}),
        ("自2025年1月1日起施行。", "自2025年3月1日起施行。", {"old": "2025年1月1日", "new": "2025年3月1日"}),
        ("企业应当报告排放数据。", "企业必须报告排放数据。", {"old": "应当", "new": "必须"}),
        ("各地要加强领导。", "各地要切实加强领导。", {"old": "", "new": "切实"}),
    ],
)
def test_inline_change_is_exactly_the_token(old, new, change):
    (op,) = [o for o in diff_texts(old, new)["ops"] if o["op"] != "equal"]
    assert op["op"] == "replace" and op["changes"] == [change]


@pytest.mark.parametrize(
    "new, zh, en",
    [
        (DOC, "无变化", "no changes"),
        (DOC.replace("13.5%", "14%"), "1 段变更（修改 1）：13.5% → 14%", "1 paragraph changed (1 edited); 13.5% → 14%"),
        (DOC.replace("（一）加强领导。\n（二）强化考核。", "（二）强化考核。\n（一）加强领导。"), "1 段顺序调整", "1 paragraph reordered"),
        (DOC.replace("13.5%", "14%").replace("1月1日", "3月1日") + "\n新增一段。",
         "3 段变更（修改 2，新增 1）：13.5% → 14%，2025年1月1日 → 2025年3月1日，新增「新增一段。」",
         "3 paragraphs changed (2 edited, 1 added); 13.5% → 14%, 2025年1月1日 → 2025年3月1日, added “新增一段。”"),
    ],
)
def test_summarize(new, zh, en):
    d = diff_texts(DOC, new)
    assert summarize(d, "zh") == zh
    assert summarize(d, "en") == en


def test_render_text_marks_changes_with_context_only():
    long_doc = "\n".join(f"第{i}段内容。" for i in range(1, 11))
    out = render_text(diff_texts(long_doc, long_doc.replace("第5段内容", "第5段新内容")))
    assert out.splitlines() == ["…", "第4段内容。", "第5段{+新+}内容。", "第6段内容。", "…"]
    out = render_text(diff_texts("甲。\n乙。", "甲。"))
    assert out.splitlines() == ["甲。", "[-乙。-]"]


def test_render_html_is_escaped_inline_styled_and_marks_changes():
    tail = "单位国内生产总值能源消耗和二氧化碳排放持续下降，"
    old = f"正文<b>不是标签</b>。\n第二段{tail}下降13.5%。"
    new = f"正文<b>不是标签</b>。\n第二段{tail}下降14%<script>x</script>。"
    out = render_html(diff_texts(old, new))
    assert "<script>" not in out and "&lt;script&gt;" in out and "&lt;b&gt;" in out
    assert "<del style=" in out and "13.5%</del>" in out and "<ins style=" in out
    assert "<style" not in out and "class=" not in out


def test_render_html_shows_one_paragraph_of_context():
    long_doc = "\n".join(f"第{i}段。" for i in range(1, 11))
    out = render_html(diff_texts(long_doc, long_doc.replace("第5段", "第5段改")))
    assert "第4段。" in out and "第6段。" in out and "第3段。" not in out and "第7段。" not in out


# Property-style: generated edits of a document; invariants hold for every case.
def _variants():
    import random

    rng = random.Random(5)
    paras = [f"第{i}条 各地应当于{2024 + i % 3}年{i % 12 + 1}月底前完成任务{i}。" for i in range(1, 16)]
    for n in range(40):
        new = list(paras)
        kind = n % 4
        if kind == 0:
            k = rng.randrange(len(new))
            new[k] = new[k].replace("月底", "月中旬")
        elif kind == 1:
            new.insert(rng.randrange(len(new)), f"新增要求{n}。")
        elif kind == 2:
            new.pop(rng.randrange(len(new)))
        else:
            i, j = rng.sample(range(len(new)), 2)
            new[i], new[j] = new[j], new[i]
        yield n, paras, new


@pytest.mark.parametrize("n, old, new", list(_variants()))
def test_property_diff_reconstructs_new_and_old(n, old, new):
    d = diff_texts("\n".join(old), "\n".join(new))
    rebuilt_new = [op["new"] if op["op"] == "replace" else op["text"] for op in d["ops"] if op["op"] != "delete"]
    assert rebuilt_new == new
    kept_old = sorted(op["old_index"] for op in d["ops"] if op["op"] != "insert")
    assert kept_old == list(range(len(old)))
    for op in d["ops"]:
        if op["op"] == "replace":
            segs = op["segments"]
            assert "".join(t for k, t in segs if k != "insert") == op["old"]
            assert "".join(t for k, t in segs if k != "delete") == op["new"]
    assert d["changed"] is (old != new)
    assert d["moved_only"] is (sorted(old) == sorted(new) and old != new)
