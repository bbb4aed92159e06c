"""classify_revision: which rule fires for which kind of edit."""
import pytest

from diffing.diff import diff_texts
from diffing.removal import is_removal_notice
from diffing.significance import classify_revision, revision_reasons

TEXT = "各省：\n企业应当于每年3月31日前报送排放报告。\n加强组织领导，确保任务落实。\n（一）强化考核。\n（二）做好宣传。"
META = {"title": "关于做好碳排放报告工作的通知", "published": "2024-05-01", "doc_number": "环办气候〔2024〕1号"}


@pytest.mark.parametrize(
    "change, expected, reason",
    [
        ({"text": TEXT.replace("3月31日", "4月30日")}, "substantive", "number or date"),
        ({"text": TEXT.replace("应当", "必须")}, "substantive", "obligation word"),
        ({"text": TEXT.replace("应当", "原则上应当")}, "substantive", "obligation word"),
        ({"text": TEXT.replace("报送", "不得报送")}, "substantive", "obligation word"),
        ({"text": TEXT + "\n严禁弄虚作假。"}, "substantive", "paragraph added"),
        ({"text": TEXT.replace("\n（二）做好宣传。", "")}, "substantive", "paragraph removed"),
        ({"title": "关于做好碳排放报告与核查工作的通知"}, "substantive", "title changed"),
        ({"doc_number": "环办气候〔2024〕2号"}, "substantive", "document number changed"),
        ({"published": "2024-05-02"}, "substantive", "publication date changed"),
        ({"text": TEXT.replace("加强组织领导，确保任务落实。", "加强组织领导，统筹协调各方资源，建立健全工作机制，确保任务落实。")},
         "substantive", "wording rewritten"),
        ({"text": TEXT.replace("加强组织领导，", "加强组织领导、")}, "editorial", None),
        ({"text": TEXT.replace("确保任务落实", "确保任务落地")}, "editorial", None),
        ({"text": TEXT.replace("（一）强化考核。\n（二）做好宣传。", "（二）做好宣传。\n（一）强化考核。")}, "editorial", None),
        ({"doc_number": "环办气候[2024]1号"}, "editorial", None),  # only a bracket variant
    ],
)
def test_classify_revision(change, expected, reason):
    old = {**META, "text": TEXT}
    new = {**old, **change}
    reasons = revision_reasons(old, new, diff_texts(old["text"], new["text"]))
    assert classify_revision(old, new, diff_texts(old["text"], new["text"])) == expected
    if reason:
        assert any(reason in r for r in reasons), reasons


@pytest.mark.parametrize(
    "text, expected",
    [
        ("对不起，该信息已删除！\n返回首页", True),
        ("您访问的页面不存在或已被删除。", True),
        ("404 Not Found", True),
        ("页面不存在", True),
        ("该文章已下线", True),
        (TEXT, False),
        ("对已删除的排放数据，重点排放单位应当说明理由。" * 20, False),  # long real text mentioning 删除
        ("", False),
    ],
)
def test_is_removal_notice(text, expected):
    assert is_removal_notice(text) is expected
