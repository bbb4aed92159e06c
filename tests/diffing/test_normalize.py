"""normalize_html / comparison_text: chrome goes by whole line, real sentences survive intact."""
import pytest

from diffing.normalize import comparison_text, is_chrome_line, normalize_html

BODY = "<p>到2025年，单位GDP能耗下降13.5%。</p>"


@pytest.mark.parametrize(
    "html, expected",
    [
        ("<p>　　各省、自治区：</p><p>&nbsp;正文　第一段。</p>", "各省、自治区：\n正文 第一段。"),
        ("<div>一<br>二<br/>三</div>", "一\n二\n三"),
        ("<ul><li>甲</li><li>乙</li></ul>", "甲\n乙"),
        ("<table><tr><td>发文字号：</td><td>国发〔2024〕1号</td></tr></table>", "发文字号： 国发〔2024〕1号"),
        ("<h2>标题</h2><p>正文</p>", "标题\n正文"),
        ("<p>到２０２５年下降１３．５％，ＧＤＰ</p>", "到2025年下降13.5%，GDP"),
        ("<p>保留中文标点：“引号”、顿号（括号）。</p>", "保留中文标点：“引号”、顿号（括号）。"),
        ("<p>a<script>var x=1;</script>b<style>p{}</style><!-- c -->c</p>", "abc"),
        ("<p>正文<span style='display:none'>隐藏</span></p>", "正文"),
        ("", ""),
        ("<p>   </p>", ""),
    ],
)
def test_normalize_structure(html, expected):
    assert normalize_html(html) == expected


CHROME = [
    "<p>浏览次数：1234</p>", "<p>阅读次数: 56 次</p>", "<p>访问量：<span>9,876</span></p>",
    "<p>【字体：大 中 小】</p>", "<div>字号：[大] [中] [小]</div>", "<p>打印本页</p>", "<p>【打印】【关闭】</p>",
    "<p>关闭窗口</p>", "<p>分享到：微信 微博 QQ空间</p>", "<div class='bdsharebuttonbox'><a>微信</a></div>",
    "<p>扫一扫在手机打开当前页</p>", "<div class='qrcode'><img src='q.png'>二维码</div>",
    "<p>发布时间：2024-05-01 10:00:00 来源：生态环境部</p>", "<p>发布日期：2024年5月1日</p>",
    "<p>来源：国家发展改革委</p>", "<p>上一篇：关于某某的通知</p>", "<p>下一篇：关于另一件事的通知</p>",
    "<p>责任编辑：张三</p>", "<p>当前位置：首页 &gt; 政策 &gt; 通知</p>",
    "<div class='xglj'><h3>相关链接</h3><ul><li><a href='1'>国务院关于某事的通知</a></li></ul></div>",
    "<div><span>相关文件</span><a href='2'>关于印发某方案的通知</a><a href='3'>某解读</a></div>",
    "<p>发布时间：2024-05-01 来源：生态环境部 浏览次数：12 【字体：大 中 小】 打印 关闭</p>",
]


@pytest.mark.parametrize("chrome", CHROME)
def test_chrome_block_is_removed_and_body_kept(chrome):
    assert normalize_html(f"<div>{BODY}{chrome}</div>") == "到2025年，单位GDP能耗下降13.5%。"
    assert normalize_html(f"<div>{chrome}{BODY}</div>") == "到2025年，单位GDP能耗下降13.5%。"


@pytest.mark.parametrize(
    "line",
    [
        "请关闭窗口后重新提交申请。",
        "大中小企业应当积极参与碳排放权交易。",
        "各地可通过微信、微博等渠道开展宣传。",
        "扫描下方二维码报名参加培训。",
        "来源：国家统计局数据显示，能耗下降3%",
        "相关文件另行印发。",
        "打印机、复印机等办公设备应当节能。",
    ],
)
def test_sentences_mentioning_chrome_words_survive(line):
    assert not is_chrome_line(line)
    assert normalize_html(f"<p>{line}</p>") == line


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><div class='nav'>首页 新闻</div><div class='TRS_Editor'>{b}</div><div class='foot'>版权所有</div></body></html>",
        "<html><body><table><tr><td id='UCAP-CONTENT'>{b}</td></tr></table><p>网站地图</p></body></html>",
        "<html><body><div id='con_con'>{b}</div><div>主办单位：某某</div></body></html>",
        "<html><body><div id='zoom'>{b}</div><ul><li>联系我们</li></ul></body></html>",
        "<html><body><div class='content_body_box'>{b}</div><p>京ICP备</p></body></html>",
    ],
)
def test_body_container_is_selected(page):
    assert normalize_html(page.format(b=BODY)) == "到2025年，单位GDP能耗下降13.5%。"


@pytest.mark.parametrize(
    "a, b",
    [
        ("到2025年，能耗下降13.5%。", "到２０２５年,能耗下降13.5%."),
        ("关于“碳达峰”的通知", '关于"碳达峰"的通知'),
        ("2024—2025年", "2024-2025年"),
        ("国发〔2024〕1号", "国发[2024]1号"),
        ("關於碳達峰行動方案", "关于碳达峰行动方案"),
        ("第一段\n第二段", "第一段第二段"),
        ("第 一 段　第二段", "第一段第二段"),
        ("carbon\nneutrality", "carbon neutrality"),
        ("……", "..."),
    ],
)
def test_comparison_text_folds_non_changes(a, b):
    assert comparison_text(a) == comparison_text(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("下降13.5%", "下降14%"),
        ("应当执行", "必须执行"),
        ("甲、乙", "甲，乙"),
        ("carbon neutrality", "carbonneutrality"),
        ("2025年1月1日", "2025年3月1日"),
    ],
)
def test_comparison_text_keeps_real_changes(a, b):
    assert comparison_text(a) != comparison_text(b)
