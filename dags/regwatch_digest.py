"""Queue the e-mail digests that are due (each subscriber's weekday/hour) and deliver e-mail.

Hourly: `pipeline.queue_digests()` then `pipeline.deliver_due_messages(["email"])` (the outbox retries
transient SMTP failures with backoff on later runs).
"""
from __future__ import annotations

from airflow.sdk import dag, task

from regwatch.airflow_support import START_DATE, TAGS, default_args


@dag(
    dag_id="digest",
    schedule="5 * * * *",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(),
    tags=[*TAGS, "notify"],
    doc_md=__doc__,
)
def digest():
    @task
    def queue_digests() -> int:
        from regwatch import pipeline

        pipeline.prepare()
        return pipeline.queue_digests()

    @task
    def deliver_email(queued: int) -> dict:
        from regwatch import pipeline

        return {"queued": queued, **pipeline.deliver_due_messages(["email"])}

    deliver_email(queue_digests())


digest()
