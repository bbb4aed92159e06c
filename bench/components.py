"""Component throughput on one core: structured diff vs difflib, classification, digest rendering.

Run with ``make bench`` (never part of ``make test``). Writes bench/results/components.json; bench/report.py
renders it (with the sweeps) into the block between the bench markers in BENCHMARKS.md. Inputs are built from the committed snapshots (real-
looking Chinese policy bodies), repeated to 20–50 KB, with seeded edits, so runs are reproducible.
"""
from __future__ import annotations

import difflib
import json
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diffing.diff import diff_texts  # noqa: E402
from diffing.normalize import normalize_html  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "components.json"
RUNS = 3


def snapshot_paragraphs() -> list[str]:
    """Body paragraphs of every week-1 detail page in the snapshots (normalized as the store does)."""
    paragraphs = []
    for path in sorted(ROOT.glob("snapshots/*/week1/**/*")):
        if path.suffix in (".html", ".htm", ".shtml") and path.is_file():
            text = normalize_html(path.read_bytes().decode("utf-8", errors="replace"))
            paragraphs += [p for p in text.split("\n") if len(p) >= 20]
    return paragraphs


def make_pairs(paragraphs: list[str], count: int = 40, seed: int = 20261121) -> list[tuple[str, str]]:
    """(old, new) documents of 20–50 KB with a few realistic edits each."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        target = rng.randint(20_000, 50_000)
        doc = []
        while len("\n".join(doc).encode("utf-8")) < target:
            doc.append(rng.choice(paragraphs))
        new = list(doc)
        for _edit in range(rng.randint(1, 4)):
            i = rng.randrange(len(new))
            kind = rng.choice(["number", "insert", "delete", "move"])
            if kind == "number" and re.search(r"\d", new[i]):
                new[i] = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), new[i], count=1)
            elif kind == "insert":
                new.insert(i, "新增条款：" + rng.choice(paragraphs))
            elif kind == "delete" and len(new) > 2:
                del new[i]
            else:
                new.insert(rng.randrange(len(new)), new.pop(i))
        pairs.append(("\n".join(doc), "\n".join(new)))
    return pairs


def timed(fn, items) -> float:
    """Median CPU seconds over RUNS runs of fn over all items (process time: one core)."""
    samples = []
    for _ in range(RUNS):
        start = time.process_time()
        for item in items:
            fn(*item)
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def bench_diff(pairs) -> dict:
    ours = timed(lambda a, b: diff_texts(a, b), pairs)
    char = timed(lambda a, b: difflib.SequenceMatcher(None, a, b).get_opcodes(), pairs)
    lines = timed(lambda a, b: list(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="")), pairs)
    sizes = [len(a.encode("utf-8")) for a, _ in pairs]
    return {
        "pairs": len(pairs), "size_kb_min": min(sizes) // 1024, "size_kb_max": max(sizes) // 1024,
        "regwatch_docs_per_s": round(len(pairs) / ours, 1),
        "difflib_chars_docs_per_s": round(len(pairs) / char, 1),
        "difflib_unified_lines_docs_per_s": round(len(pairs) / lines, 1),
    }


def bench_classify() -> dict:
    from regwatch.classify import classify

    items = [json.loads(line) for line in (ROOT / "eval" / "labelled.jsonl").read_text("utf-8").splitlines() if line]
    args = [(i["title"], i["text"]) for i in items]
    seconds = timed(lambda title, text: classify(title, text), args)
    return {"releases": len(args), "releases_per_s": round(len(args) / seconds, 1)}


def render_block(figures: dict) -> str:
    d, c = figures["diff"], figures["classify"]
    lines = [
        f"Machine: {figures['machine']}; command: `make bench` (`{figures['command']}`); median of {RUNS} runs, "
        "CPU time on one core.",
        "",
        "| component | workload | regwatch | baseline |",
        "|---|---|---|---|",
        f"| structured diff (`diffing.diff.diff_texts`) | {d['pairs']} Chinese document pairs, "
        f"{d['size_kb_min']}–{d['size_kb_max']} KB, 1–4 edits each | **{d['regwatch_docs_per_s']} docs/s** | "
        f"difflib.SequenceMatcher on characters: {d['difflib_chars_docs_per_s']} docs/s; "
        f"difflib.unified_diff on lines: {d['difflib_unified_lines_docs_per_s']} docs/s |",
        f"| classification (`regwatch.classify.classify`) | the {c['releases']} labelled releases | "
        f"**{c['releases_per_s']} releases/s** | — |",
    ]
    if "digest" in figures:
        g = figures["digest"]
        lines.append(f"| digest rendering | {g['subscribers']} subscribers, {g['items']} items each | "
                     f"**{g['digests_per_s']} digests/s** | — |")
    return "\n".join(lines)


def write_benchmarks_md(block: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text("utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{block}\n{end}{tail}", encoding="utf-8")


def main() -> None:
    pairs = make_pairs(snapshot_paragraphs())
    figures = {
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
                   f"{__import__('os').cpu_count()} cores",
        "command": "python bench/components.py",
        "diff": bench_diff(pairs),
        "classify": bench_classify(),
    }
    try:
        from bench.digest_render import bench_digest
    except ImportError:
        pass
    else:
        figures["digest"] = bench_digest()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
