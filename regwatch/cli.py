"""The ``regwatch`` command. Each command parses arguments and calls one pipeline function; no logic here."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="log at INFO level")
def main(verbose: bool) -> None:
    """regwatch: monitor Chinese carbon-peak / carbon-neutrality policy releases."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@main.command()
@click.option("--mirror", envvar="REGWATCH_MIRROR", default=None, help="offline mirror URL (default: live sites)")
@click.option("--no-send", is_flag=True, help="queue messages but do not deliver them")
@click.argument("slugs", nargs=-1)
def run(mirror, no_send, slugs) -> None:
    """The whole pipeline once: crawl, process, queue due digests, deliver."""
    from regwatch.pipeline import run_once

    _echo_json(run_once(list(slugs) or None, mirror=mirror, send=not no_send))


@main.command()
@click.option("--mirror", envvar="REGWATCH_MIRROR", default=None)
@click.argument("slugs", nargs=-1)
def crawl(mirror, slugs) -> None:
    """Crawl sources (all when none are named): a few Scrapy processes, hosts side by side, one host's in turn."""
    from regwatch.pipeline import crawl_sources, prepare

    prepare()
    results = crawl_sources(list(slugs) or None, mirror=mirror)
    _echo_json(results)
    sys.exit(0 if all(r["status"] == "ok" for r in results) else 1)


@main.command()
def process() -> None:
    """Turn stored versions into change events, labels and documents; queue urgent notices."""
    from regwatch.pipeline import prepare, process_new_versions

    prepare()
    _echo_json(process_new_versions())


@main.command()
@click.option("--channel", "channels", multiple=True, type=click.Choice(["email", "slack", "ops_slack"]))
@click.option("--queue-digests/--no-queue-digests", default=True, help="first queue the digests that are due")
def deliver(channels, queue_digests) -> None:
    """Send the messages the outbox holds and is due (with retries)."""
    from regwatch.pipeline import deliver_due_messages, prepare
    from regwatch.pipeline import queue_digests as queue

    prepare()
    queued = queue() if queue_digests else 0
    _echo_json({"digests_queued": queued, "delivered": deliver_due_messages(list(channels) or None)})


@main.command()
def health() -> None:
    """Judge every source's health; queue an ops alert when a source's state changes (as the DAG does)."""
    from regwatch.health import check_source_health
    from regwatch.pipeline import prepare

    prepare()
    _echo_json(check_source_health())


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="head")
def db_upgrade(revision) -> None:
    """Apply the Alembic migrations (idempotent)."""
    from regwatch.db import upgrade

    upgrade(revision=revision)
    click.echo(f"database at {revision}")


@main.group()
def mirror() -> None:
    """The offline mirror of the monitored sites."""


@mirror.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8899, show_default=True)
@click.option("--state", default="week1", show_default=True)
@click.option("--snapshots", type=click.Path(path_type=Path), default=None)
def mirror_serve(host, port, state, snapshots) -> None:
    """Serve the snapshots as an HTTP(S) proxy; point REGWATCH_MIRROR at it."""
    from regwatch.mirror.server import MirrorServer
    from regwatch.pipeline import default_snapshots_dir

    server = MirrorServer(snapshots or default_snapshots_dir(), state, host, port)
    click.echo(f"mirror at {server.url} (state {state}); export REGWATCH_MIRROR={server.url}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.stop()


@mirror.command("path")
@click.argument("url")
@click.option("--method", default="GET")
@click.option("--data", default="", help="request body (POST)")
@click.option("--content-type", default="")
def mirror_path(url, method, data, content_type) -> None:
    """Print the snapshot file name (below a state directory) that answers URL."""
    from regwatch.mirror.layout import snapshot_relpath

    click.echo(snapshot_relpath(url, method, data.encode("utf-8"), content_type))


@main.command()
@click.option("--keep", is_flag=True, help="keep the previous demo database and outputs")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="output folder (default: out/)")
@click.option("--home", type=click.Path(path_type=Path), default=None, help="demo database folder (var/demo/)")
def demo(keep, out, home) -> None:
    """Offline demo: baseline at week1, then week2 -> digest via a local SMTP sink (make demo)."""
    from regwatch.demo import run_demo

    sys.exit(run_demo(fresh=not keep, out_dir=out, home=home))


def _attach_feature_commands() -> None:
    """Commands that live next to their feature (classification, notification, sources)."""
    from regwatch.classify.cli import classify_command, label_command
    from regwatch.notify.cli import digest_group, serve_command, sink_command, subscribers_group
    from regwatch.sources_cli import sources_group

    for command in (classify_command, label_command, subscribers_group, digest_group, serve_command,
                    sink_command, sources_group):
        main.add_command(command)


_attach_feature_commands()


if __name__ == "__main__":
    main()
