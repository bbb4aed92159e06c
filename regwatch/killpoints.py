"""Named crash points for the crash-safety trials (tests/reliability/test_crash_trials.py).

``REGWATCH_KILL_POINT=<name>:<n>`` makes the process that reaches ``maybe_kill(<name>)`` for the n-th time kill
itself with SIGKILL (no cleanup, no ``finally``, no flush: the same as ``kill -9`` or the OOM killer). Without the
variable ``maybe_kill`` is one dict lookup and returns. Hits are counted per process (a crawl runs in its own
Scrapy subprocess, which inherits the variable and counts its own hits).

``REGWATCH_KILL_POINT_TALLY=<file>`` appends ``<pid> <name>`` per hit instead: a reference run measures how often
each point is reached in one process, so that the trials draw hit numbers that are really reached.

Names:

* ``crawl.mid_page``      start of ``SourceSpider.parse_detail`` (a detail page downloaded, nothing parsed or stored)
* ``crawl.mid_write``     ``StorePipeline.process_item`` after ``store.record_fetch`` returned, before its commit
* ``process.mid``         ``process_all`` after ``process_versions`` added the events, before the commit
* ``deliver.before_send`` outbox: the row is committed ``sending``, the message not yet handed to SMTP/Slack
* ``deliver.after_accept`` outbox: the receiver accepted the message, the row is not yet marked ``sent``
"""
from __future__ import annotations

import os
import signal

NAMES = ("crawl.mid_page", "crawl.mid_write", "process.mid", "deliver.before_send", "deliver.after_accept")
ENV = "REGWATCH_KILL_POINT"
TALLY_ENV = "REGWATCH_KILL_POINT_TALLY"

_hits: dict[str, int] = {}


def maybe_kill(name: str) -> None:
    """SIGKILL this process on the n-th hit of ``name`` when ``REGWATCH_KILL_POINT=<name>:<n>``; else nothing."""
    spec = os.environ.get(ENV)
    if not spec:
        tally = os.environ.get(TALLY_ENV)
        if tally:
            with open(tally, "a", encoding="utf-8") as out:
                out.write(f"{os.getpid()} {name}\n")
        return
    target, _, nth = spec.rpartition(":")
    if target != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def reach(tally_file: str) -> dict[str, int]:
    """The most hits of each kill point in any single process of a tallied run (what ``<name>:<n>`` can reach)."""
    from collections import Counter

    with open(tally_file, encoding="utf-8") as lines:
        per_process = Counter(tuple(line.split()) for line in lines if line.strip())
    best: dict[str, int] = {}
    for (_pid, name), hits in per_process.items():
        best[name] = max(best.get(name, 0), hits)
    return best
