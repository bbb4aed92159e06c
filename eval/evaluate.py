"""Score the classifier on a labelled split with the shared scorer's metrics; write a JSON of figures.

usage: python eval/evaluate.py eval/heldout.jsonl [--out eval/results/heldout.json] [-v]
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from regwatch.classify import CLASSIFIER_VERSION, classify


def norm_dn(s):
    if not s:
        return None
    s = re.sub(r"\s+", "", s)
    for a, b in (("[", "〔"), ("]", "〕"), ("［", "〔"), ("］", "〕"), ("(", "〔"), (")", "〕"), ("（", "〔"), ("）", "〕")):
        s = s.replace(a, b)
    return s


def _f1(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


def predict(item: dict) -> dict:
    c = classify(item["title"], item["text"], url=item.get("url"))
    return {"id": item["id"], **{k: c.labels[k] for k in ("relevant", "sectors", "plan_type", "status", "level",
                                                          "region", "issuers", "doc_number")}}


def score(gold_items: list[dict], preds: dict) -> tuple[dict, list]:
    """Same metrics and conditions as /work/shared/eval/score_classify.py."""
    c = {k: 0 for k in ("rtp", "rfp", "rfn", "stp", "sfp", "sfn", "itp", "ifp", "ifn")}
    acc = {k: [0, 0] for k in ("plan_type", "status", "level", "region", "doc_number")}
    errors, spurious = [], 0
    for g in gold_items:
        gg, p = g["gold"], preds.get(g["id"], {})
        prel = bool(p.get("relevant"))
        if gg["relevant"] and prel:
            c["rtp"] += 1
        elif gg["relevant"]:
            c["rfn"] += 1; errors.append((g["id"], "relevant", True, prel))
        elif prel:
            c["rfp"] += 1; errors.append((g["id"], "relevant", False, prel))
        if not gg["relevant"]:
            continue
        gs, ps = set(gg["sectors"]), set(p.get("sectors") or [])
        c["stp"] += len(gs & ps); c["sfp"] += len(ps - gs); c["sfn"] += len(gs - ps)
        if gs != ps:
            errors.append((g["id"], "sectors", sorted(gs), sorted(ps)))
        for k in ("plan_type", "status", "level"):
            acc[k][1] += 1
            acc[k][0] += p.get(k) == gg[k]
            if p.get(k) != gg[k]:
                errors.append((g["id"], k, gg[k], p.get(k)))
        if gg["level"] in ("provincial", "municipal"):
            acc["region"][1] += 1
            acc["region"][0] += p.get("region") == gg["region"]
            if p.get("region") != gg["region"]:
                errors.append((g["id"], "region", gg["region"], p.get("region")))
        if gg["level"] == "national":
            gi, pi = set(gg["issuers"]), set(p.get("issuers") or [])
            c["itp"] += len(gi & pi); c["ifp"] += len(pi - gi); c["ifn"] += len(gi - pi)
            if gi != pi:
                errors.append((g["id"], "issuers", sorted(gi), sorted(pi)))
        if gg["doc_number"]:
            acc["doc_number"][1] += 1
            ok = norm_dn(p.get("doc_number")) == norm_dn(gg["doc_number"])
            acc["doc_number"][0] += ok
            if not ok:
                errors.append((g["id"], "doc_number", gg["doc_number"], p.get("doc_number")))
        elif p.get("doc_number"):
            spurious += 1; errors.append((g["id"], "doc_number", None, p.get("doc_number")))
    res = {"items": len(gold_items), "relevance_f1": _f1(c["rtp"], c["rfp"], c["rfn"]),
           "sector_micro_f1": _f1(c["stp"], c["sfp"], c["sfn"]), "issuer_f1": _f1(c["itp"], c["ifp"], c["ifn"])}
    for k, (ok, n) in acc.items():
        res[k + "_acc"] = round(ok / n, 3) if n else None
    res["doc_number_spurious"] = spurious
    res["classifier_version"] = CLASSIFIER_VERSION
    return res, errors


def evaluate(path: str) -> tuple[dict, list]:
    items = [json.loads(l) for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]
    return score(items, {it["id"]: predict(it) for it in items})


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("-")]
    res, errors = evaluate(args[0])
    if "--out" in argv:
        out = Path(argv[argv.index("--out") + 1])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if "-v" in argv:
        for e in errors:
            print("ERR", *e)
    print(json.dumps(res, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
