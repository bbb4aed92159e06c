"""Deterministic train / held-out split of eval/labelled.jsonl (about 35% held out).

Items are stratified by (lang, relevant, level); inside a stratum they are ordered by
sha1(id) and the items at evenly spaced ranks (35% of each stratum) are held out.
Re-running gives the same files; adding items only moves items of their own stratum.

usage: python eval/split.py            (writes eval/train.jsonl and eval/heldout.jsonl)
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELD_FRACTION = 0.35


def stratum(item: dict) -> tuple:
    gold = item["gold"]
    return (item["lang"], gold["relevant"], gold.get("level"))


def split(items: list[dict]) -> tuple[list[dict], list[dict]]:
    """Return (train, heldout), each in the input order."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for it in items:
        groups[stratum(it)].append(it)
    held_ids = set()
    for members in groups.values():
        ranked = sorted(members, key=lambda it: hashlib.sha1(it["id"].encode()).hexdigest())
        held_ids.update(it["id"] for rank, it in enumerate(ranked)
                        if int((rank + 1) * HELD_FRACTION) > int(rank * HELD_FRACTION))
    train = [it for it in items if it["id"] not in held_ids]
    held = [it for it in items if it["id"] in held_ids]
    return train, held


def main() -> None:
    items = [json.loads(l) for l in (HERE / "labelled.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    train, held = split(items)
    for name, rows in (("train.jsonl", train), ("heldout.jsonl", held)):
        with open(HERE / name, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(items)} items -> train {len(train)}, heldout {len(held)}")


if __name__ == "__main__":
    main()
