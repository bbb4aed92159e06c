"""Process what the crawls stored: change events, classification, documents; queue urgent notices.

Triggered by the `regwatch_versions` asset (any successful host crawl). Calls
`pipeline.process_new_versions()` (idempotent: each version is processed once) and updates `regwatch_alerts`,
which triggers `alerts`.
"""
from __future__ import annotations

from airflow.sdk import dag, task

from regwatch.airflow_support import ALERTS, START_DATE, TAGS, VERSIONS, default_args


@dag(
    dag_id="process",
    schedule=[VERSIONS],
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(),
    tags=[*TAGS, "process"],
    doc_md=__doc__,
)
def process():
    @task(outlets=[ALERTS])
    def process_new_versions(outlet_events=None) -> dict:
        from regwatch import pipeline

        pipeline.prepare()
        summary = pipeline.process_new_versions()
        outlet_events[ALERTS].extra = {"urgent_queued": summary.get("urgent_queued", 0)}
        return summary

    process_new_versions()


process()
