"""Revisit captured documents whose revisit is due, on hosts that are not crawled anyway.

Every crawl already re-fetches the due revisits of the sources it crawls; this DAG covers the hosts that have
due revisits (`Release.next_revisit_at`) but no due source: `regwatch.schedule.revisit_groups` picks them and
`crawl_host` (same pool and per-host mapping as `crawl`) runs their normal incremental crawl, which re-fetches
the due pages. New versions update `regwatch_versions`, which triggers `process`.
"""
from __future__ import annotations

from datetime import timedelta

from airflow.sdk import dag, get_current_context, task

from regwatch.airflow_support import CRAWL_POOL, START_DATE, TAGS, VERSIONS, default_args


@dag(
    dag_id="revisit",
    schedule="40 * * * *",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=3),
    default_args=default_args(),
    tags=[*TAGS, "crawl"],
    doc_md=__doc__,
)
def revisit():
    @task
    def plan() -> list[dict]:
        from regwatch import pipeline, schedule

        pipeline.prepare()
        return schedule.revisit_groups()

    @task(pool=CRAWL_POOL, map_index_template="{{ host }}", outlets=[VERSIONS],
          execution_timeout=timedelta(minutes=90))
    def crawl_host(group: dict, ti=None, outlet_events=None) -> dict:
        from regwatch.airflow_support import crawl_host_group

        get_current_context()["host"] = group["host"]
        summary = crawl_host_group(group, "env", ti.try_number)
        outlet_events[VERSIONS].extra = {"host": group["host"], "new_versions": summary["new_versions"]}
        return summary

    crawl_host.expand(group=plan())


revisit()
