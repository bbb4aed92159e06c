"""Scrapy settings: polite by default. Per-source values (robots, user agent, delay) come from the record."""
import os

from regwatch.config import get_settings

BOT_NAME = "regwatch"
SPIDER_MODULES = ["spiders.source_spider"]

# Identify ourselves; records with user_agent: browser use BROWSER_USER_AGENT (sites that refuse bots).
USER_AGENT = "regwatch/0.1 (+https://github.com/regwatch/regwatch; public-policy monitoring bot)"
BROWSER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
)

# Politeness: robots.txt, one request at a time per host, a delay AutoThrottle never goes below.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = float(os.environ.get("REGWATCH_DOWNLOAD_DELAY", "1.0"))
# The delay is a floor, not an average. Scrapy's default jitter (0.5) draws a new random delay every time a slot
# wakes up, so a request waits for the first draw below the time already waited: gaps averaged 1.22x the delay
# (measured 1.23 s at 1.0 s; simulated 1.218) and some fell to 0.79 s, below what the site was promised.
DOWNLOAD_DELAY_JITTER = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = DOWNLOAD_DELAY
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Failures: a few quick retries in Scrapy; long backoff is the scheduler's job (Airflow task retries).
RETRY_TIMES = 2
# caps on one response's time and size; REGWATCH_DOWNLOAD_TIMEOUT / REGWATCH_DOWNLOAD_MAXSIZE (bytes) lower them in tests
DOWNLOAD_TIMEOUT = int(os.environ.get("REGWATCH_DOWNLOAD_TIMEOUT") or 30)
DOWNLOAD_MAXSIZE = int(os.environ.get("REGWATCH_DOWNLOAD_MAXSIZE") or 20 * 1024 * 1024)
DOWNLOAD_WARNSIZE = min(5 * 1024 * 1024, DOWNLOAD_MAXSIZE)
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = True  # JPaaS and WAF cookie replays need the jar

# The crawl is one short job in a subprocess: no telnet console, no remote-control code server.
TELNETCONSOLE_ENABLED = False
# Scrapy parses each callback's source (inspect + ast) for every new spider instance to warn about generators that
# return a value: 1.8 ms per source crawl in the no-change sweep's profile, for a warning about our own code.
WARN_ON_GENERATOR_RETURN_VALUE = False
# LogStats logs "Crawled N pages" at open and every minute; one source's crawl is short and its closing stats dump
# says the same. Its start-up was 8 % of the per-source request work in the same profile.
EXTENSIONS = {"scrapy.extensions.logstats.LogStats": None}
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = os.environ.get("REGWATCH_SCRAPY_LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"

DOWNLOADER_MIDDLEWARES = {
    # robots.txt at most once a day per host, cached in the regwatch database
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "spiders.httpcache.DailyRobotsTxtMiddleware": 100,
    # conditional requests, but an outage is never answered from the cache
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
    "spiders.httpcache.MonitorHttpCacheMiddleware": 900,
    # before HttpProxyMiddleware (750): route through the offline mirror when REGWATCH_MIRROR is set
    "spiders.middlewares.MirrorMiddleware": 740,
    # after RedirectMiddleware (600) in response order: off-host / private-address URLs and redirects refused
    "spiders.guards.SsrfGuardMiddleware": 650,
}
# the address a connection is made to is judged again where it is resolved (DNS rebinding; spiders/guards.py)
TWISTED_DNS_RESOLVER = "spiders.guards.PublicOnlyResolver"

# Conditional requests (ETag / If-Modified-Since) where the site gave validators; never a stale list.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "spiders.httpcache.MonitorCachePolicy"
HTTPCACHE_DIR = str(get_settings().home.resolve() / "httpcache")  # absolute: shared by every crawl of this home
HTTPCACHE_GZIP = True
ITEM_PIPELINES = {"spiders.pipelines.StorePipeline": 300}

# Records with `render: true`: list requests carrying meta["render"] are loaded in headless system Chromium
# (Playwright, through the mirror when REGWATCH_MIRROR is set); every other request goes to Scrapy's HTTP11
# handler unchanged. A download handler, not a middleware, so rendering stays inside the per-host slot.
DOWNLOAD_HANDLERS = {
    "http": "spiders.rendering.RenderingDownloadHandler",
    "https": "spiders.rendering.RenderingDownloadHandler",
}
