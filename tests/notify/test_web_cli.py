"""The Starlette app (archive, feed, tokens) and the click groups, against a real database."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from click.testing import CliRunner
from starlette.testclient import TestClient

from regwatch.web import create_app, make_token, read_token
from tests.notify.conftest import add_subscriber

ATOM = "{http://www.w3.org/2005/Atom}"


def test_archive_serves_escaped_text_and_diff_never_raw_html(factory, world, db_url):
    client = TestClient(create_app(db_url))
    page = client.get(f"/archive/{world.versions['guangdong']}")
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "<script>" not in page.text and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert "alert('raw')" not in page.text  # the stored body_html is never served
    assert "非化石能源消费比重力争达到32%以上" in page.text

    revised = client.get(f"/archive/{world.versions['revised']}")
    assert revised.status_code == 200 and 'id="diff"' in revised.text
    assert "降低5%以上" in revised.text and "降低3%以上" in revised.text
    assert client.get("/archive/999999").status_code == 404


def test_feed_token_purposes_and_atom(factory, world, db_url, monkeypatch):
    monkeypatch.setenv("REGWATCH_NOW", "2026-11-23T02:00:00+00:00")
    sid = add_subscriber(factory, "feed@example.org", "en", filters={"levels": ["national"]})
    token = make_token(sid, "feed")
    assert read_token(token, "feed") == sid
    assert read_token(token, "unsubscribe") is None  # a feed token cannot unsubscribe anyone
    assert read_token(make_token(sid + 1, "feed")[:-1] + "x", "feed") is None
    client = TestClient(create_app(db_url))
    assert client.post(f"/unsubscribe/{token}").status_code == 404
    resp = client.get(f"/feed/{token}.atom")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(resp.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert any("General Office of the State Council" in t for t in titles)
    assert not any("Guangdong" in t for t in titles)
    assert client.get("/feed/1.forged.atom").status_code == 404


def test_cli_subscribers_import_list_remove_and_preview(factory, world, db_url, tmp_path):
    from regwatch.notify.cli import digest_group, subscribers_group

    yaml_file = tmp_path / "subs.yaml"
    yaml_file.write_text(
        "subscribers:\n"
        "  - {email: a@example.org, name: A, language: en, timezone: Europe/Berlin, digest: {weekday: fri, hour: 7},"
        " filters: {sectors: [carbon_market]}}\n"
        "  - {email: b@example.org, language: zh}\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(subscribers_group, ["import", str(yaml_file)])
    assert result.exit_code == 0, result.output
    assert '"added"' in result.output and "a@example.org" in result.output
    listed = runner.invoke(subscribers_group, ["list"])
    assert "fri 07:00" in listed.output and "carbon_market" in listed.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("subscribers:\n  - {email: c@example.org, filters: {sector: [energy]}}\n", encoding="utf-8")
    assert runner.invoke(subscribers_group, ["import", str(bad)]).exit_code != 0  # typo'd filter key refused

    out = tmp_path / "digests"
    prev = runner.invoke(digest_group, ["preview", "--subscriber", "a@example.org", "--week", "2026-W47",
                                        "--out", str(out)])
    assert prev.exit_code == 0, prev.output
    html = (out / next(p.name for p in out.glob("*.html"))).read_text("utf-8")
    assert "碳排放权交易管理暂行条例" in html and "Carbon market" in html

    assert runner.invoke(subscribers_group, ["remove", "a@example.org"]).exit_code == 0
    assert "a@example.org" not in runner.invoke(subscribers_group, ["list"]).output
    again = runner.invoke(subscribers_group, ["import", str(yaml_file)])
    assert '"skipped"' in again.output and "a@example.org" in again.output.split('"skipped"')[1]
