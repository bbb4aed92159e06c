"""content_hash / attachments_hash: equal for non-changes, different for any real change."""
import pytest

from diffing.fingerprint import attachments_hash, content_hash, normalize_date, normalize_doc_number

BASE = ("关于印发《某方案》的通知", "2024-05-01", "国发〔2024〕1号", "到2025年，能耗下降13.5%。\n第二段。")


@pytest.mark.parametrize(
    "variant",
    [
        ("关于印发《某方案》的通知", "2024-05-01 10:30:00", "国发[2024]1号", "到2025年，能耗下降13.5%。\n第二段。"),
        ("关于印发《某方案》的通知", "2024年5月1日", "国发（2024）1号", "到２０２５年,能耗下降13.5%.第二段。"),
        ("關於印發《某方案》的通知", "2024/5/1", "国发〔2024〕第1号", "到2025年，\n能耗下降13.5%。第二段。"),
    ],
)
def test_same_hash_for_non_changes(variant):
    assert content_hash(*variant) == content_hash(*BASE)


@pytest.mark.parametrize(
    "index, value",
    [
        (0, "关于印发《某方案（修订）》的通知"),
        (1, "2024-05-02"),
        (1, None),
        (2, "国发〔2024〕2号"),
        (3, "到2025年，能耗下降14%。\n第二段。"),
        (3, "到2025年，能耗下降13.5%。"),
        (3, "到2025年、能耗下降13.5%。\n第二段。"),
    ],
)
def test_hash_changes_for_real_changes(index, value):
    changed = list(BASE)
    changed[index] = value
    assert content_hash(*changed) != content_hash(*BASE)


def test_hash_is_sha256_hex():
    h = content_hash(*BASE)
    assert len(h) == 64 and int(h, 16) >= 0


@pytest.mark.parametrize(
    "raw, expected",
    [("2024-5-1", "2024-05-01"), ("2024年05月01日 10:00", "2024-05-01"), ("2024.05.01", "2024-05-01"),
     (None, ""), ("", "")],
)
def test_normalize_date(raw, expected):
    assert normalize_date(raw) == expected


@pytest.mark.parametrize("raw", ["国发〔2024〕1号", "国发[2024]1号", "国发（2024）1号", "国发 〔2024〕 第1号", "國發〔2024〕1號"])
def test_normalize_doc_number(raw):
    assert normalize_doc_number(raw) == "国发[2024]1号"


A = {"url": "https://www.mee.gov.cn/a/P020240501.pdf", "name": "附件1", "sha256": "aa"}
B = {"url": "https://www.mee.gov.cn/a/P020240502.docx", "name": "附件2"}


@pytest.mark.parametrize(
    "left, right, same",
    [
        ([A, B], [B, A], True),
        ([A], [{**A, "name": "附件一"}], True),
        ([A], [{**A, "url": "http://www.mee.gov.cn/a/P020240501.pdf#page=2"}], True),
        ([A], [{**A, "sha256": "bb"}], False),
        ([A], [{**A, "url": "https://www.mee.gov.cn/a/P020240601.pdf"}], False),
        ([A, B], [A], False),
        ([], [], True),
    ],
)
def test_attachments_hash(left, right, same):
    assert (attachments_hash(left) == attachments_hash(right)) is same
