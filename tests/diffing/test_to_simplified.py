"""to_simplified skips OpenCC only when no character could start a conversion: same output, always."""
from __future__ import annotations

from pathlib import Path

import pytest

from diffing.normalize import _t2s, to_simplified

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text", ["國務院關於印發《2030年前碳達峰行動方案》的通知", "碳達峰", "后台管理", "乾隆",
                                  "著作权", "国务院关于印发2030年前碳达峰行动方案的通知", "", "ASCII only 2026"])
def test_same_as_opencc(text):
    assert to_simplified(text) == _t2s().convert(text)


def test_same_as_opencc_on_every_snapshot_page():
    pages = sorted(ROOT.glob("snapshots/*/week1/**/*.*htm*"))
    assert len(pages) > 50
    skipped = 0
    for page in pages:
        text = page.read_bytes().decode("utf-8", "replace")
        assert to_simplified(text) == _t2s().convert(text), page
        skipped += to_simplified(text) is text
    assert skipped, "the fast path never applied"
