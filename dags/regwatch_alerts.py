"""Deliver queued Slack notices: urgent policy posts (`slack`) and source-health alerts (`ops_slack`).

Triggered by the `regwatch_alerts` asset (after `process` and `source_health`) and every 10 minutes, so that
deliveries the outbox scheduled for a retry (429/5xx backoff) go out without waiting for the next event.
Calls `pipeline.deliver_due_messages(["slack", "ops_slack"])`.
"""
from __future__ import annotations

from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable, dag, task

from regwatch.airflow_support import ALERTS, START_DATE, TAGS, default_args


@dag(
    dag_id="alerts",
    schedule=AssetOrTimeSchedule(timetable=CronTriggerTimetable("*/10 * * * *", timezone="UTC"), assets=ALERTS),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(),
    tags=[*TAGS, "notify"],
    doc_md=__doc__,
)
def alerts():
    @task
    def deliver_slack() -> dict:
        from regwatch import pipeline

        pipeline.prepare()
        return pipeline.deliver_due_messages(["slack", "ops_slack"])

    deliver_slack()


alerts()
