"""`make demo` end to end: the digest mailed through the real SMTP sink shows week 2 and nothing else."""
from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.e2e.scenarios import CHROME_ONLY, EXPECTED_WEEK2, SOURCES, TRANSIENT_404

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def expected_titles(slug: str, state: str) -> set[str]:
    data = yaml.safe_load((ROOT / "tests" / "expected" / f"{slug}.yaml").read_text("utf-8"))
    return {entry["title"] for entry in data["states"][state]["list"]}


def quiet_titles() -> set[str]:
    """Titles of week-1 documents of the foundation sources that week 2 leaves untouched."""
    changed = {url for _, url in EXPECTED_WEEK2} | {TRANSIENT_404, CHROME_ONLY}
    titles = set()
    for slug in SOURCES:
        data = yaml.safe_load((ROOT / "tests" / "expected" / f"{slug}.yaml").read_text("utf-8"))
        titles |= {e["title"] for e in data["states"]["week1"]["list"] if e["url"] not in changed}
    return titles


def test_demo_mails_week2_changes_only(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGWATCH_")}
    proc = subprocess.run([sys.executable, "-m", "regwatch.cli", "demo", "--out", str(tmp_path / "out"),
                           "--home", str(tmp_path / "home")], env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "mail:" in proc.stdout and "withdrawn" in proc.stdout

    messages = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                for p in sorted((tmp_path / "out" / "mail").glob("*.eml"))]
    recipients = sorted(m["To"] for m in messages)
    assert len(messages) == 2 and any("analyst@example.org" in r for r in recipients), recipients
    for message in messages:
        assert message.is_multipart() and message["Message-ID"] and message["List-Unsubscribe"]
        html = message.get_body(("html",)).get_content()
        text = message.get_body(("plain",)).get_content()
        new_titles = expected_titles("cn_ndrc_tz", "week2") - expected_titles("cn_ndrc_tz", "week1")
        assert new_titles and all(title in text for title in new_titles)
        # baseline documents that did not change in week 2 are never announced
        assert not [title for title in quiet_titles() if title in text]
    slack_posts = list((tmp_path / "out" / "slack").glob("*.json"))
    assert slack_posts, "at least one urgent notice reaches the Slack webhook receiver"
