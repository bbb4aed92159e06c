"""The digest HTML in a real headless Chromium (Debian ``chromium``, never a downloaded browser) at phone and
desktop widths: no horizontal overflow, every section present.

``WRITE_DIGEST_SAMPLE=1`` also writes the committed sample ``docs/digest-sample.html`` and ``.png``.
"""
from __future__ import annotations

import os
import shutil
from datetime import timedelta

import pytest

from regwatch.config import PROJECT_ROOT
from regwatch.models import Subscriber
from regwatch.notify.digest import build_digest, render_digest
from tests.notify.conftest import NOW, add_subscriber

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser(tmp_path):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Debian chromium is not installed (make system-deps)")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield context
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_digest_fits_a_phone_and_a_desktop(factory, world, browser, tmp_path, lang, db_url):
    if "postgres" in db_url:
        pytest.skip("rendering does not depend on the database; covered on SQLite")
    sid = add_subscriber(factory, f"{lang}@example.org", lang, name="Lin Analyst" if lang == "en" else "张伟")
    with factory() as s:
        ctx = build_digest(s, s.get(Subscriber, sid), NOW - timedelta(days=7), NOW, NOW)
    _, html, _ = render_digest(ctx, lang)
    path = tmp_path / f"digest-{lang}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path.as_uri())
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{lang} digest overflows horizontally by {overflow}px at {width}px"
        for key in ("national", "provincial", "drafts", "effective", "changes", "international"):
            assert page.locator(f"#sec-{key}").count() == 1, key
        assert page.locator(".item").count() == ctx["count"]
        assert page.evaluate("document.querySelectorAll('script').length") == 0  # scraped <script> stayed text
    if lang == "en" and os.environ.get("WRITE_DIGEST_SAMPLE") == "1":
        docs = PROJECT_ROOT / "docs"
        docs.mkdir(exist_ok=True)
        shutil.copy(path, docs / "digest-sample.html")
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(path.as_uri())
        page.screenshot(path=str(docs / "digest-sample.png"), full_page=True)
    page.close()
