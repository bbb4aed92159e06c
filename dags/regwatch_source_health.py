"""Check every source's health and queue one ops alert per state change.

Hourly: `regwatch.health.check_source_health()` judges each unpaused source (failing N runs in a row,
blocked, or silent for longer than its expected rhythm), stores the state in `Source.health_state` and queues
an `ops_slack` alert only when the state changed. Updates `regwatch_alerts`, which triggers `alerts`.
"""
from __future__ import annotations

from airflow.sdk import dag, task

from regwatch.airflow_support import ALERTS, START_DATE, TAGS, default_args


@dag(
    dag_id="source_health",
    schedule="50 * * * *",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(),
    tags=[*TAGS, "health"],
    doc_md=__doc__,
)
def source_health():
    @task(outlets=[ALERTS])
    def check_source_health() -> dict:
        from regwatch import health, pipeline

        pipeline.prepare()
        return health.check_source_health()

    check_source_health()


source_health()
