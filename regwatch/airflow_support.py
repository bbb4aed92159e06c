"""What the DAG files share: assets, default task arguments, the ops failure notifier, and the crawl task body.

Imported by every file in ``dags/`` at parse time, so it does no I/O at import and imports the pipeline lazily.
Failure notifications go through Airflow's own notifiers (``SlackWebhookNotifier``, ``SmtpNotifier``) and are
configured only by Airflow connections/variables, usually from the environment:

* ``AIRFLOW_CONN_REGWATCH_OPS_SLACK`` — a ``slackwebhook`` connection (JSON form, password = webhook URL);
* ``AIRFLOW_CONN_SMTP_DEFAULT`` + ``AIRFLOW_VAR_REGWATCH_OPS_EMAIL`` — SMTP relay and the ops mailbox.

A channel whose connection is missing is skipped with a log line, so a dev setup without either still runs.
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from airflow.sdk import Asset, BaseNotifier

log = logging.getLogger(__name__)

OWNER = "regwatch"
TAGS = ["regwatch"]
CRAWL_POOL = "regwatch_crawl"
OPS_SLACK_CONN_ID = "regwatch_ops_slack"
OPS_SMTP_CONN_ID = "smtp_default"
OPS_EMAIL_VARIABLE = "regwatch_ops_email"
START_DATE = datetime(2026, 1, 1, tzinfo=UTC)

# Private scheme: provider URI validators never claim it (a postgres:// URI would be validated and rejected).
VERSIONS = Asset(name="regwatch_versions", uri="regwatch://store/versions")
ALERTS = Asset(name="regwatch_alerts", uri="regwatch://outbox/alerts")


class OpsFailureNotifier(BaseNotifier):
    """Tell the ops channels that a task failed: Slack webhook and/or e-mail, whichever is configured."""

    def __init__(self, *, slack_conn_id: str = OPS_SLACK_CONN_ID, smtp_conn_id: str = OPS_SMTP_CONN_ID,
                 email_variable: str = OPS_EMAIL_VARIABLE, **kwargs):
        super().__init__(**kwargs)
        self.slack_conn_id = slack_conn_id
        self.smtp_conn_id = smtp_conn_id
        self.email_variable = email_variable

    @staticmethod
    def _has_connection(conn_id: str) -> bool:
        from airflow.sdk import BaseHook
        from airflow.sdk.exceptions import AirflowNotFoundException

        try:
            BaseHook.get_connection(conn_id)
        except AirflowNotFoundException:
            return False
        except Exception:
            log.exception("connection %s is not usable", conn_id)
            return False
        return True

    @staticmethod
    def describe(context) -> tuple[str, str]:
        ti = context["ti"]
        where = f"{ti.dag_id}.{ti.task_id}"
        label = context.get("rendered_map_index") or getattr(ti, "rendered_map_index", None)
        if label or getattr(ti, "map_index", -1) not in (-1, None):
            where += f"[{label or ti.map_index}]"
        subject = f"[regwatch] {where} failed (try {ti.try_number})"
        error = context.get("exception")
        body = f"{subject}\nrun: {context.get('run_id')}\nerror: {error!s}"[:3000]
        return subject, body

    def notify(self, context) -> None:
        from airflow.providers.slack.notifications.slack_webhook import SlackWebhookNotifier
        from airflow.providers.smtp.notifications.smtp import SmtpNotifier
        from airflow.sdk import Variable

        subject, body = self.describe(context)
        sent = []
        if self._has_connection(self.slack_conn_id):
            SlackWebhookNotifier(slack_webhook_conn_id=self.slack_conn_id, text=f":rotating_light: {body}"
                                 ).notify(context)
            sent.append("slack")
        to = Variable.get(self.email_variable, default=None)
        if to and self._has_connection(self.smtp_conn_id):
            from html import escape

            SmtpNotifier(to=to, subject=subject, html_content=f"<pre>{escape(body)}</pre>",
                         smtp_conn_id=self.smtp_conn_id).notify(context)
            sent.append("email")
        log.info("ops failure notice for %s sent via %s", subject, ", ".join(sent) or "nothing (not configured)")


def default_args(**overrides) -> dict:
    """Task defaults for every regwatch DAG: owner, 3 retries with exponential backoff, the ops notifier."""
    args = {
        "owner": OWNER,
        "retries": 3,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": timedelta(minutes=30),
        "execution_timeout": timedelta(minutes=30),
        "on_failure_callback": [OpsFailureNotifier()],
    }
    args.update(overrides)
    return args


def mirror_from_params(value: str | None) -> str | None:
    """The ``mirror`` param: ``env`` → REGWATCH_MIRROR if set; ``off`` → the live sites; else a mirror URL."""
    value = (value or "env").strip()
    if value == "env":
        return None  # the crawl subprocess inherits REGWATCH_MIRROR from the worker's environment
    if value == "off":
        return ""  # an empty REGWATCH_MIRROR means "no mirror" (regwatch.config treats "" as unset)
    if not value.startswith(("http://", "https://")):
        raise ValueError(f"mirror must be 'env', 'off' or an http(s) URL, not {value!r}")
    return value


def crawl_host_group(group: dict, mirror_param: str | None, try_number: int = 1) -> dict:
    """Crawl one host's sources in sequence; raise (so Airflow retries) if any crawl run is recorded failed.

    On a retry only the sources whose latest crawl run failed (or never finished) are crawled again.
    Blocked and empty runs do not fail the task: they are reported by ``source_health``.
    """
    from regwatch import pipeline, schedule

    slugs = list(group["slugs"])
    if try_number > 1:
        slugs = schedule.to_retry(slugs)
        log.info("retry %d of host %s: re-crawling %s", try_number, group["host"], slugs or "nothing")
    results = pipeline.crawl_host(slugs, mirror=mirror_from_params(mirror_param))
    failed = [r for r in results if r["status"] == "failed"]
    summary = {"host": group["host"], "new_versions": sum(r["new_versions"] for r in results),
               "runs": [{k: r[k] for k in ("slug", "run_id", "status", "cause", "items", "new_versions")}
                        for r in results]}
    if failed:
        causes = "; ".join(f"{r['slug']} (run {r['run_id']}): {r['cause']}" for r in failed)
        raise RuntimeError(f"crawl failed on {group['host']}: {causes}"[:4000])
    return summary
