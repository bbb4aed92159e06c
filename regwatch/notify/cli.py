"""Click commands for notifications, attached to ``regwatch`` by ``regwatch.cli``: ``subscribers``, ``digest``,
``serve`` and ``sink``. Each parses arguments and calls one function of this package."""
from __future__ import annotations

import json
import signal
import threading
from pathlib import Path

import click


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _session_factory():
    from sqlalchemy.orm import sessionmaker

    from regwatch.db import get_engine

    return sessionmaker(get_engine(), expire_on_commit=False)


# ---------------------------------------------------------------------------------------------- subscribers
@click.group("subscribers")
def subscribers_group() -> None:
    """Manage digest subscribers."""


@subscribers_group.command("add")
@click.argument("email")
@click.option("--name", default="")
@click.option("--language", type=click.Choice(["en", "zh"]), default="zh")
@click.option("--timezone", "tz", default="Asia/Shanghai")
@click.option("--weekday", default="mon", help="digest weekday: mon..sun or 0-6")
@click.option("--hour", type=click.IntRange(0, 23), default=8, help="digest hour in the subscriber's time zone")
@click.option("--sector", "sectors", multiple=True)
@click.option("--plan-type", "plan_types", multiple=True)
@click.option("--level", "levels", multiple=True)
@click.option("--region", "regions", multiple=True)
@click.option("--issuer", "issuers", multiple=True)
@click.option("--keyword", "keywords", multiple=True, help="matched in new or added text")
@click.option("--include-editorial", is_flag=True, help="also editorial (non-substantive) revisions")
@click.option("--resubscribe", is_flag=True, help="re-activate an address that unsubscribed (it asked to)")
def subscribers_add(email, name, language, tz, weekday, hour, sectors, plan_types, levels, regions, issuers,
                    keywords, include_editorial, resubscribe) -> None:
    """Add (or update) a subscriber with one filter set."""
    from regwatch.config import utcnow
    from regwatch.db import session_scope
    from regwatch.notify.subscribers import add_subscriber, describe

    filters = {k: list(v) for k, v in dict(sectors=sectors, plan_types=plan_types, levels=levels, regions=regions,
                                           issuers=issuers, keywords=keywords).items() if v}
    if include_editorial:
        filters["include_editorial"] = True
    weekday_value = int(weekday) if str(weekday).isdigit() else weekday
    with session_scope() as session:
        try:
            sub = add_subscriber(session, email, utcnow(), name=name, language=language, timezone=tz,
                                 weekday=weekday_value, hour=hour, filters=filters, resubscribe=resubscribe)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        _echo_json(describe(sub))


@subscribers_group.command("list")
@click.option("--all", "include_inactive", is_flag=True, help="include unsubscribed addresses")
def subscribers_list(include_inactive) -> None:
    """List subscribers and their filters."""
    from regwatch.db import session_scope
    from regwatch.notify.subscribers import describe, list_subscribers

    with session_scope() as session:
        _echo_json([describe(s) for s in list_subscribers(session, include_inactive)])


@subscribers_group.command("remove")
@click.argument("email")
def subscribers_remove(email) -> None:
    """Unsubscribe an address (queued digests are cancelled)."""
    from regwatch.db import session_scope
    from regwatch.notify.subscribers import remove_subscriber

    with session_scope() as session:
        if not remove_subscriber(session, email):
            raise click.ClickException(f"no subscriber {email}")
    click.echo(f"unsubscribed {email}")


@subscribers_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def subscribers_import(path) -> None:
    """Upsert subscribers from a YAML file (addresses that unsubscribed are skipped)."""
    from regwatch.db import session_scope
    from regwatch.notify.subscribers import import_subscribers

    with session_scope() as session:
        try:
            _echo_json(import_subscribers(session, path))
        except (ValueError, KeyError) as exc:
            raise click.ClickException(f"{path}: {exc}") from None


# ---------------------------------------------------------------------------------------------- digest
@click.group("digest")
def digest_group() -> None:
    """Preview and send the weekly digests."""


@digest_group.command("preview")
@click.option("--subscriber", "email", required=True, help="subscriber email")
@click.option("--week", required=True, help="ISO week, e.g. 2026-W47")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out/digests"))
def digest_preview(email, week, out_dir) -> None:
    """Render one subscriber's digest for an ISO week to OUT (HTML + text); nothing is sent or queued."""
    from sqlalchemy import select

    from regwatch.db import session_scope
    from regwatch.models import Subscriber
    from regwatch.notify.digest import preview

    with session_scope() as session:
        sub = session.scalar(select(Subscriber).where(Subscriber.email == email))
        if sub is None:
            raise click.ClickException(f"no subscriber {email}")
        try:
            html, text = preview(session, sub, week, out_dir)
        except ValueError as exc:
            raise click.ClickException(f"bad week {week!r}: {exc}") from None
    click.echo(f"{html}\n{text}")


@digest_group.command("send")
@click.option("--force", is_flag=True, help="queue this week's digest for every subscriber, due or not")
@click.option("--no-deliver", is_flag=True, help="only queue")
def digest_send(force, no_deliver) -> None:
    """Queue the due digests (one per subscriber per ISO week) and deliver everything due in the outbox."""
    from regwatch.config import utcnow
    from regwatch.db import session_scope
    from regwatch.notify.digest import enqueue_due_digests
    from regwatch.notify.outbox import deliver_due

    now = utcnow()
    with session_scope() as session:
        queued = [d.idempotency_key for d in enqueue_due_digests(session, now, force=force)]
    result = {"queued": queued}
    if not no_deliver:
        result["delivered"] = deliver_due(_session_factory(), now)
    _echo_json(result)


@digest_group.command("status")
def digest_status() -> None:
    """Outbox rows that need attention: failed, in doubt, retrying."""
    from regwatch.db import session_scope
    from regwatch.notify.outbox import pending_summary

    with session_scope() as session:
        _echo_json(pending_summary(session))


# ---------------------------------------------------------------------------------------------- serve / sink
@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", type=int, default=8000)
def serve_command(host, port) -> None:
    """Serve unsubscribe links, archived copies and Atom feeds (REGWATCH_BASE_URL should point here)."""
    import uvicorn

    from regwatch.web import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info", access_log=False)


@click.command("sink")
@click.option("--mail-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out/mail"))
@click.option("--slack-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out/slack"))
@click.option("--smtp-port", type=int, default=1025)
@click.option("--webhook-port", type=int, default=8025)
@click.option("--host", default="127.0.0.1")
def sink_command(mail_dir, slack_dir, smtp_port, webhook_port, host) -> None:
    """Local SMTP sink and Slack webhook receiver writing to files, until Ctrl-C."""
    from regwatch.notify.sink import start_smtp_sink, start_webhook_sink

    shost, sport, stop_smtp = start_smtp_sink(mail_dir, smtp_port, host)
    whost, wport, stop_hook = start_webhook_sink(slack_dir, webhook_port, host)
    click.echo(f"export REGWATCH_SMTP_URL=smtp://{shost}:{sport}")
    click.echo(f"export REGWATCH_SLACK_WEBHOOK_URL=http://{whost}:{wport}/services/urgent")
    click.echo(f"export REGWATCH_OPS_SLACK_WEBHOOK_URL=http://{whost}:{wport}/services/ops")
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop_hook()
        stop_smtp()
