"""Operator label corrections: stored as new Classification rows (corrected_by set), exportable as labelled lines.

A correction never edits the machine row; it appends one whose labels are the machine labels overlaid with
the operator's values, so history and the classifier version that was corrected stay visible.
"""
from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from regwatch.classify import CLASSIFIER_VERSION, classify
from regwatch.classify.rules import data
from regwatch.config import utcnow
from regwatch.models import Classification, Release

LIST_KEYS = ("sectors", "issuers", "issuer_names")


def parse_assignments(pairs: list[str]) -> dict:
    """['sectors=energy,industry', 'relevant=false', 'region='] -> typed label dict."""
    out: dict = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if key in LIST_KEYS:
            out[key] = [v.strip() for v in value.split(",") if v.strip()]
        elif key == "relevant":
            out[key] = value.lower() in ("1", "true", "yes", "y")
        else:
            out[key] = value or None
    return out


def validate(labels: dict) -> None:
    """Reject values outside the closed vocabularies (data/taxonomy.yaml, issuers.yaml, regions.yaml)."""
    tax = data("taxonomy")
    vocab = {"sectors": set(tax["sectors"]), "plan_type": set(tax["plan_type"]), "status": set(tax["status"]),
             "level": set(tax["level"]), "region": set(data("regions")["provinces"]),
             "issuers": set(data("issuers")["issuers"])}
    for key, value in labels.items():
        if key in vocab:
            for v in value if isinstance(value, list) else [value]:
                if v is not None and v not in vocab[key]:
                    raise ValueError(f"{key}: {v!r} is not in the vocabulary")


def latest(session: Session, release_id: int) -> Classification | None:
    return session.scalars(select(Classification).where(Classification.release_id == release_id)
                           .order_by(Classification.id.desc()).limit(1)).first()


def apply_correction(session: Session, release_id: int, labels: dict, operator: str) -> Classification:
    """Store the operator's labels over the latest classification (or a fresh one) as a new row."""
    validate(labels)
    release = session.get(Release, release_id)
    if release is None:
        raise LookupError(f"no release {release_id}")
    base = latest(session, release_id)
    if base is None:
        text = release.versions[-1].text if release.versions else ""
        c = classify(release.title, text, url=release.url)
        base_labels, version_id = c.labels, (release.versions[-1].id if release.versions else None)
    else:
        base_labels, version_id = base.labels, base.version_id
    merged = {**base_labels, **labels}
    row = Classification(release_id=release_id, version_id=version_id, labels=merged,
                         evidence={k: [f"corrected by {operator}"] for k in labels},
                         classifier_version=CLASSIFIER_VERSION, corrected_by=operator, created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def export_corrections(session: Session) -> list[str]:
    """Latest correction per release as labelled-set JSONL lines (same shape as eval/labelled.jsonl)."""
    rows = session.scalars(select(Classification).where(Classification.corrected_by.is_not(None))
                           .order_by(Classification.id)).all()
    by_release = {r.release_id: r for r in rows}
    lines = []
    for rid, row in sorted(by_release.items()):
        rel = session.get(Release, rid)
        text = rel.versions[-1].text[:500] if rel.versions else ""
        g = row.labels
        gold = {"relevant": bool(g.get("relevant"))}
        if gold["relevant"]:
            gold.update({k: g.get(k) for k in ("sectors", "plan_type", "status", "level", "region", "issuers",
                                               "doc_number")})
        lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in rel.title) else "en"
        lines.append(json.dumps({"id": f"r{rid}", "lang": lang, "title": rel.title, "text": text, "url": rel.url,
                                 "provenance": f"operator correction by {row.corrected_by}, release {rid}",
                                 "gold": gold}, ensure_ascii=False))
    return lines
