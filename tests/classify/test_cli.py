"""CLI tests: `classify` on the shared dev set / a small file, and `label` against a migrated SQLite DB."""
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from regwatch.classify.cli import classify_command, label_command

DEV = Path("/work/shared/eval/dev_classify.jsonl")
KEYS = {"id", "relevant", "sectors", "plan_type", "status", "level", "region", "issuers", "issuer_names",
        "doc_number", "evidence", "classifier_version"}


def test_classify_command(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "title": "国务院关于印发2030年前碳达峰行动方案的通知",
                               "text": "国发〔2021〕23号"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(classify_command, ["--input", str(src), "--output", str(out)])
    assert res.exit_code == 0, res.output
    row = json.loads(out.read_text(encoding="utf-8"))
    assert set(row) == KEYS
    assert (row["plan_type"], row["issuers"], row["doc_number"]) == ("action_plan", ["state_council"], "国发〔2021〕23号")


@pytest.mark.skipif(not DEV.exists(), reason="shared dev set not mounted")
def test_classify_command_on_dev_set(tmp_path):
    out = tmp_path / "pred.jsonl"
    res = CliRunner().invoke(classify_command, ["--input", str(DEV), "--output", str(out)])
    assert res.exit_code == 0, res.output
    import importlib.util

    spec = importlib.util.spec_from_file_location("score", DEV.parent / "score_classify.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    figures, _ = mod.main(str(DEV), str(out))
    assert figures["missing"] == 0 and figures["relevance_f1"] >= 0.95 and figures["doc_number_spurious"] == 0


@pytest.fixture()
def db_url(tmp_path):
    from regwatch import db, models

    url = f"sqlite:///{tmp_path / 'rw.db'}"
    db.upgrade(url)
    now = datetime.now(UTC)
    with db.session_scope(url) as s:
        s.add(models.Source(slug="ndrc_tz", name="NDRC 通知", agency="ndrc", level="national", family="t",
                            created_at=now))
        s.flush()
        s.add(models.Release(id=1, source_slug="ndrc_tz", url="https://www.ndrc.gov.cn/x.html",
                             title="国家发展改革委关于印发《某领域碳达峰行动方案》的通知", first_seen_at=now, last_seen_at=now))
    return url


def test_label_set_and_export(db_url, tmp_path):
    from regwatch import db, models

    r = CliRunner().invoke(label_command, ["1", "--set", "sectors=energy,industry", "--set", "plan_type=action_plan",
                                           "--by", "ops", "--db", db_url])
    assert r.exit_code == 0, r.output
    with db.session_scope(db_url) as s:
        row = s.query(models.Classification).one()
        assert row.corrected_by == "ops" and row.labels["sectors"] == ["energy", "industry"]
        assert row.labels["plan_type"] == "action_plan" and row.labels["issuers"] == ["ndrc"]
    out = tmp_path / "corr.jsonl"
    r = CliRunner().invoke(label_command, ["--export", str(out), "--db", db_url])
    assert r.exit_code == 0, r.output
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["gold"]["sectors"] == ["energy", "industry"] and line["id"] == "r1"


def test_label_rejects_unknown_values(db_url):
    r = CliRunner().invoke(label_command, ["1", "--set", "sectors=space", "--by", "ops", "--db", db_url])
    assert r.exit_code != 0 and "vocabulary" in r.output
