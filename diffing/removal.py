"""Recognise a removal notice ("该信息已删除", "页面不存在") served in place of a document body."""
from __future__ import annotations

import re

from diffing.normalize import comparison_text

_REMOVAL = re.compile(
    r"(该|此|本)?(信息|文章|页面|内容|稿件|文件|栏目)(已|已经|已被)?(删除|撤销|撤稿|撤回|下线|下架|失效|过期|不存在|被删除)"
    r"|(您|你)?(所)?(访问|请求|查找)的(页面|信息|内容|文章|资源)(不存在|已删除|已被删除|已下线|已失效|找不到)"
    r"|页面(不存在|找不到|未找到)|找不到(该|此)?页面|无法找到(该|此)?页面|404\s*(not\s*found|错误|页面)?"
    r"|\bnot\s*found\b|该(信息|文章|稿件)已(被)?(管理员)?(删除|撤下)",
    re.IGNORECASE,
)
MAX_NOTICE_CHARS = 300  # a real document that merely mentions 删除 is longer than any notice page


def is_removal_notice(text: str) -> bool:
    """True when the (normalised) page text is a short "deleted / does not exist" notice."""
    key = comparison_text(text or "")
    return bool(key) and len(key) <= MAX_NOTICE_CHARS and bool(_REMOVAL.search(key))
