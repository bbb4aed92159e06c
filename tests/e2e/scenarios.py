"""The week-2 scenarios of the foundation sources (snapshots/<slug>/SCENARIOS.md), shared by the e2e tests."""

SOURCES = ["cn_gov_zuixin", "cn_ndrc_tz", "cn_mee_zcwj", "cn_ndrc_yjzq"]
DELAY = 0.3
EXPECTED_WEEK2 = {
    ("new", "https://www.gov.cn/zhengce/content/202611/content_7101010.htm"),
    ("revised", "https://www.gov.cn/zhengce/content/202611/content_7100082.htm"),
    ("new", "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261113_1401420.html"),
    ("new", "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261111_1401366.html"),
    ("revised", "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202610/t20261030_1400987.html"),
    ("withdrawn", "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261103_1401102.html"),
    ("new", "https://www.mee.gov.cn/xxgk2018/xxgk/xxgk03/202611/t20261112_1137590.html"),
}
TRANSIENT_404 = "https://www.gov.cn/zhengce/202611/content_7100090.htm"
CHROME_ONLY = "https://www.mee.gov.cn/xxgk2018/xxgk/xxgk03/202611/t20261106_1137421.html"
EXPECTED_WEEK3 = {
    ("new", "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261119_1401555.html"),
    ("finalized", "https://yyglxxbsgw.ndrc.gov.cn/sa.html#/c9Xk2m"),  # the draft for comment whose final appeared
    ("attachment_changed", "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261107_1401235.html"),
    ("restored", "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261103_1401102.html"),
}
