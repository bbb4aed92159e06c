"""Crawl the monitored sources that are due, one mapped task per host.

Every 15 minutes `plan` migrates/syncs the regwatch database and asks `regwatch.schedule.crawl_groups` which
sources are due (each record's cron, Asia/Shanghai, against its last crawl run; paused sources are skipped).
`crawl_host` runs once per host (map index = host name) in the `regwatch_crawl` pool and calls
`pipeline.crawl_host`: one Scrapy subprocess for the host's sources, crawled one after another, so no host
ever sees two crawls.
A source whose crawl run is recorded `failed` fails the task and Airflow retries (only the failed sources).
Each successful host updates the `regwatch_versions` asset, which triggers `process`.

Manual runs: `sources` (a subset, crawled even if not due or paused) and `mirror` (`env` = REGWATCH_MIRROR if
set, `off` = the live sites, or a mirror URL such as http://127.0.0.1:8899).
"""
from __future__ import annotations

from datetime import timedelta

from airflow.sdk import Param, dag, get_current_context, task

from regwatch.airflow_support import CRAWL_POOL, START_DATE, TAGS, VERSIONS, default_args


@dag(
    dag_id="crawl",
    schedule="*/15 * * * *",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=3),
    default_args=default_args(),
    tags=[*TAGS, "crawl"],
    doc_md=__doc__,
    params={
        "sources": Param([], type="array", items={"type": "string"},
                         description="source slugs to crawl now (empty: the sources that are due)"),
        "mirror": Param("env", type="string",
                        description="'env' (REGWATCH_MIRROR if set), 'off' (live sites) or a mirror URL"),
    },
)
def crawl():
    @task
    def plan(params=None) -> list[dict]:
        from regwatch import pipeline, schedule

        pipeline.prepare()
        return schedule.crawl_groups(only=params["sources"] or None)

    @task(pool=CRAWL_POOL, map_index_template="{{ host }}", outlets=[VERSIONS],
          execution_timeout=timedelta(minutes=90))
    def crawl_host(group: dict, params=None, ti=None, outlet_events=None) -> dict:
        from regwatch.airflow_support import crawl_host_group

        get_current_context()["host"] = group["host"]
        summary = crawl_host_group(group, params["mirror"], ti.try_number)
        outlet_events[VERSIONS].extra = {"host": group["host"], "new_versions": summary["new_versions"]}
        return summary

    crawl_host.expand(group=plan())


crawl()
