"""The pipeline of two weeks as one resumable process, for the crash trials (tests/reliability/test_crash_trials.py).

``python crash_driver.py <progress file> <week1 mirror> <week2 mirror> <clock offset seconds>``

Steps: setup, then per week crawl → process → digests → deliver, each with ``REGWATCH_NOW`` at the week's moment
plus the offset. A finished step is appended to the progress file, so a rerun after a crash continues with the
step that was interrupted (as a scheduler retries a failed task). A crawl whose Scrapy subprocess did not end
``ok`` (it was killed at a crawl kill point) ends the driver with exit code 75: that task failed and is retried.
"""
from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

WEEKS = (("week1", "2026-11-09T02:00:00+00:00"), ("week2", "2026-11-16T02:00:00+00:00"))
SLUG = "cn_crash_tz"
CRAWL_FAILED = 75


def main(progress: Path, mirrors: list[str], offset: float) -> None:
    from regwatch import pipeline

    done = set(progress.read_text().split()) if progress.exists() else set()

    def finish(step: str) -> None:
        with open(progress, "a") as fh:
            fh.write(step + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def clock(moment: str) -> None:
        os.environ["REGWATCH_NOW"] = (datetime.fromisoformat(moment) + timedelta(seconds=offset)).isoformat()

    if "setup" not in done:
        from regwatch.db import session_scope
        from regwatch.notify.subscribers import add_subscriber

        clock(WEEKS[0][1])
        pipeline.prepare()
        with session_scope() as session:
            add_subscriber(session, "reader@example.org", datetime.fromisoformat("2026-10-01T00:00:00+00:00"),
                           name="Reader", language="en")
        finish("setup")
    pipeline.prepare()
    for (week, moment), mirror in zip(WEEKS, mirrors):
        clock(moment)
        if f"{week}.crawl" not in done:
            (result,) = pipeline.crawl_sources([SLUG], mirror=mirror, workers=1)
            if result["status"] != "ok":
                print(f"{week} crawl {result['status']}: {result['cause']}", file=sys.stderr, flush=True)
                sys.exit(CRAWL_FAILED)
            finish(f"{week}.crawl")
        if f"{week}.process" not in done:
            pipeline.process_new_versions()
            finish(f"{week}.process")
        if f"{week}.digests" not in done:
            pipeline.queue_digests()
            finish(f"{week}.digests")
        if f"{week}.deliver" not in done:
            counts = pipeline.deliver_due_messages()
            finish(f"{week}.deliver")
            print(week, counts, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), [sys.argv[2], sys.argv[3]], float(sys.argv[4]))
