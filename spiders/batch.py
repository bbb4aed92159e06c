"""Many source crawls in one Scrapy process: hosts side by side, the sources of one host one after another.

``python -m spiders.batch JOBS.json`` where the file is a list of ``{"slug", "run_id", "baseline", "log"}``
(written by ``regwatch.pipeline.crawl_batch``, which also opens and closes the crawl runs).

Why: a Scrapy process spends 1.2–3 s importing and starting before its first request; one process per source made
that the dominant cost of every sweep (the performance issue). Here each source is still its own crawler — its
own settings (robots, user agent, per-host delay from its record), its own stats, its own crawl-run row — but they
share one process and one reactor.

Politeness is unchanged: the crawls of one host run strictly in sequence (each crawler has its own downloader, so
two crawlers of one host side by side would not share a download slot), a crawler's own slot keeps concurrency 1
with the record's delay, and the hand-over from one crawler to the next waits that delay too (found by the
politeness assertion of tests/e2e/test_week1_week2_pipeline.py: without it the next source's first request
followed the last one by 0.04 s). Each crawl is capped by ``CLOSESPIDER_TIMEOUT`` (``REGWATCH_CRAWL_TIMEOUT``)
and logs to its own file (every log record that names its spider) as well as to the batch log on stderr.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "spiders.settings")


class _SpiderLog(logging.Handler):
    """Copies the records of one spider (Scrapy passes ``extra={"spider": ...}``) to that crawl's own log file."""

    def __init__(self, path: Path, spider):
        super().__init__()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.stream = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed when the spider closes
        self.spider = spider
        self.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "spider", None) is self.spider:
            try:
                self.stream.write(self.format(record) + "\n")
                self.stream.flush()
            except Exception:  # noqa: BLE001 - logging must never break a crawl
                self.handleError(record)

    def close(self) -> None:
        self.stream.close()
        super().close()


def group_by_host(jobs: list[dict]) -> dict[str, list[dict]]:
    """Jobs keyed by their source's primary host, in the given order."""
    from spiders.records import get_source

    groups: dict[str, list[dict]] = defaultdict(list)
    for job in jobs:
        groups[get_source(job["slug"]).primary_host].append(job)
    return dict(groups)


def handover_pause(slug: str) -> float:
    """Seconds to wait before the next crawl of a host starts: that source's download delay (as the spider sets it:
    ``REGWATCH_DOWNLOAD_DELAY`` when given, else the record's). Each crawler's own slot spaces its requests, but a
    new crawler's first request would otherwise follow the previous crawler's last one at once."""
    from spiders.records import get_source

    override = os.environ.get("REGWATCH_DOWNLOAD_DELAY")
    return float(override) if override is not None else float(get_source(slug).download_delay)


def run(jobs: list[dict]) -> None:
    from scrapy.utils.reactor import install_reactor

    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    from scrapy import signals
    from scrapy.crawler import CrawlerRunner
    from scrapy.utils.log import configure_logging
    from scrapy.utils.project import get_project_settings
    from twisted.internet import defer, reactor, task

    from spiders.source_spider import SourceSpider

    settings = get_project_settings()
    timeout = int(os.environ.get("REGWATCH_CRAWL_TIMEOUT", "1500"))
    settings.set("CLOSESPIDER_TIMEOUT", timeout, priority="cmdline")
    configure_logging(settings)
    runner = CrawlerRunner(settings)

    def crawl_one(job: dict):
        crawler = runner.create_crawler(SourceSpider)
        handlers: list[_SpiderLog] = []

        def opened(spider):
            handler = _SpiderLog(Path(job["log"]), spider)
            logging.getLogger().addHandler(handler)
            handlers.append(handler)

        def stopped():  # after the spider closed and the stats were dumped (that dump names the spider too)
            for handler in handlers:
                logging.getLogger().removeHandler(handler)
                handler.close()

        # strong references: Scrapy's signal dispatcher holds receivers weakly, and these are closures
        crawler.signals.connect(opened, signal=signals.spider_opened, weak=False)
        crawler.signals.connect(stopped, signal=signals.engine_stopped, weak=False)
        return runner.crawl(crawler, source=job["slug"], run_id=str(job["run_id"]),
                            baseline="1" if job["baseline"] else "0")

    @defer.inlineCallbacks
    def host_chain(host_jobs: list[dict]):
        for n, job in enumerate(host_jobs):
            if n:  # the next crawler has a fresh download slot: keep the host's delay across the hand-over
                yield task.deferLater(reactor, handover_pause(job["slug"]), lambda: None)
            try:
                yield crawl_one(job)
            except Exception:  # noqa: BLE001 - one source's failure never stops the next one of the host
                logging.getLogger(__name__).exception("crawl of %s raised", job["slug"])

    chains = [host_chain(host_jobs) for host_jobs in group_by_host(jobs).values()]
    done = defer.DeferredList(chains, consumeErrors=True)
    done.addBoth(lambda _: reactor.stop())
    reactor.run()


def rusage_path(jobs_file: Path) -> Path:
    """Where the batch leaves its own CPU time and peak memory (read by the pipeline into each result)."""
    return jobs_file.with_name(jobs_file.name.replace(".jobs.json", "") + ".rusage.json")


def peak_rss_kib() -> int:
    """This process's own peak resident memory (VmHWM). Not ``ru_maxrss``: Linux carries that across exec, so a
    crawl process started by a big parent would report the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    import resource

    jobs_file = Path(sys.argv[1])
    jobs = json.loads(jobs_file.read_text(encoding="utf-8"))
    run(jobs)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rusage_path(jobs_file).write_text(json.dumps({"cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
                                                  "peak_rss_kib": peak_rss_kib(), "crawls": len(jobs)}))


if __name__ == "__main__":
    main()
