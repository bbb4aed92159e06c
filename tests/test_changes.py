"""Lifecycle rules (diffing/changes.py): what counts as new, withdrawn or restored — and what must not."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from diffing.changes import ListFacts, ReleaseFacts, VersionFacts, lifecycle_event, version_events

T0 = datetime(2026, 11, 9, 2, tzinfo=timezone.utc)
CONFIRM = timedelta(hours=24)


def release(status="active", gone=0, first=None, last=None, listed=T0, published=date(2026, 11, 5)):
    return ReleaseFacts(status, gone, first, last, listed, published)


def version(id_, text="第一条 到2025年下降13.5%。", title="关于印发方案的通知", attachments_hash="a0"):
    return VersionFacts(id_, title, "2026-11-05", None, text, f"h:{title}:{text}", attachments_hash)


LATEST_LIST = ListFacts(started_at=T0 + timedelta(days=7), complete=True, oldest=date(2026, 10, 20))


@pytest.mark.parametrize(
    "facts, latest, expected",
    [
        # a transient 404 while the list still shows the document: not a withdrawal
        (release(gone=1, first=T0 + timedelta(days=7), last=T0 + timedelta(days=7),
                 listed=T0 + timedelta(days=7, minutes=5)), LATEST_LIST, None),
        # two gone fetches closer together than the confirmation interval: not yet
        (release(gone=2, first=T0, last=T0 + timedelta(hours=2), listed=T0 + timedelta(days=8)), LATEST_LIST, None),
        # two gone fetches a day apart: withdrawn even though still listed
        (release(gone=2, first=T0, last=T0 + timedelta(hours=24), listed=T0 + timedelta(days=8)), LATEST_LIST,
         "withdrawn"),
        # gone once and dropped from a list whose window covers its date: withdrawn
        (release(gone=1, first=T0 + timedelta(days=7), last=T0 + timedelta(days=7), listed=T0), LATEST_LIST,
         "withdrawn"),
        # dropped, but older than the window the list crawl covered: cannot tell, no event
        (release(gone=1, first=T0, last=T0, listed=T0, published=date(2026, 9, 1)), LATEST_LIST, None),
        # dropped, but the last list crawl was incomplete (an error): no event
        (release(gone=1, first=T0, last=T0, listed=T0), ListFacts(T0 + timedelta(days=7), False, date(2026, 10, 1)),
         None),
        (release(status="withdrawn", gone=0), LATEST_LIST, "restored"),
        (release(status="withdrawn", gone=3, first=T0, last=T0), LATEST_LIST, None),
        (release(), LATEST_LIST, None),
    ],
    ids=["transient-404", "gone-twice-too-soon", "gone-twice-confirmed", "gone-and-dropped", "dropped-outside-window",
         "incomplete-list", "restored", "still-gone", "healthy"],
)
def test_lifecycle_event(facts, latest, expected):
    assert lifecycle_event(facts, latest, CONFIRM) == expected


def test_first_version_is_new_unless_baseline():
    assert [e.kind for e in version_events(None, version(1), is_baseline=False)] == ["new"]
    assert version_events(None, version(1), is_baseline=True) == []


def test_identical_hash_gives_no_event_and_attachment_swap_is_its_own_event():
    assert version_events(version(1), version(2), is_baseline=False) == []
    events = version_events(version(1), version(2, attachments_hash="a1"), is_baseline=False)
    assert [(e.kind, e.old_version_id, e.new_version_id) for e in events] == [("attachment_changed", 1, 2)]


def test_revision_links_versions_and_describes_the_change():
    old, new = version(1), version(2, text="第一条 到2025年下降14%。")
    (event,) = version_events(old, new, is_baseline=False)
    assert (event.kind, event.old_version_id, event.new_version_id) == ("revised", 1, 2)
    assert event.significance == "substantive"
    assert "14%" in event.summary and event.diff is not None
