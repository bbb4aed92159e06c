"""Render the generated block of BENCHMARKS.md from bench/results/*.json (components and sweeps).

``make bench`` runs it last; alone: ``.venv/bin/python bench/report.py``. Every figure is shown next to its target
from the performance issue, with "met" or "MISSED"; figures added by hand stay outside the markers.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.components import render_block as component_rows  # noqa: E402
from bench.components import write_benchmarks_md  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def verdict(ok: bool) -> str:
    return "met" if ok else "**MISSED**"


def sweep_rows(f: dict) -> list[str]:
    w, first, nc, ch = f["workload"], f["first_crawl"], f["no_change"], f["change"]
    det = ch["detection"]
    found_all = all(det[k]["found"] == det[k]["truth"] for k in ("new", "revised", "withdrawn"))
    spurious = sum(det[k]["spurious_count"] for k in ("new", "revised", "withdrawn")) + sum(
        det["other_kinds"].values())
    rows = [
        f"Workload: synthetic mirror (`bench/synthetic.py`), {w['sources']} sources × {w['docs_per_source']} "
        f"documents ({w['documents']} detail pages, {w['hosts']} hosts, families TRS / Hanweb / gkmlpt / …), "
        f"week 2 with {w['truth']['new']} new, {w['truth']['revised']} revised and {w['truth']['withdrawn']} "
        f"withdrawn documents; command: `{f['command']}`"
        + "".join(f", then `{again}`" for again in f.get("reruns", []))
        + f"; sweeps are the median of {len(nc['runs'])} runs; "
        "fresh SQLite database; mirror on 127.0.0.1; no download delay except in the politeness run.",
        "",
        "| # | figure | target | measured | |",
        "|---|---|---|---|---|",
        f"| 1 | first full crawl (baseline) | — | {first['pages_200']} pages in {first['crawl_wall_s']} s: "
        f"**{first['pages_per_s']} pages/s**, {first['cpu_s_per_page'] * 1000:.1f} ms CPU/page in "
        f"{first['crawl_processes']} crawl processes"
        + (f", each peaking at **{first['peak_rss_mib']} MiB**" if first.get("peak_rss_mib") else "")
        + (f"; re-measured alone ({f['first_crawl_only']['pages_per_s']} pages/s): crawl processes peak "
           f"**{f['first_crawl_only']['peak_rss_mib']} MiB** each" if "first_crawl_only" in f else "")
        + f"; then processing (diff, classify, cluster) **{first['process_wall_s']} s** for "
        f"{first.get('processed', {}).get('classified', '?')} releases (see the profiles below) | |",
        f"| 2 | no-change sweep | ≤ 1.1 requests/source (robots.txt excluded) | "
        f"**{nc['median_requests_per_source']} requests/source**, {nc['median_bytes_per_source']} response-body bytes/source, "
        f"{nc['median_wall_s']} s wall ({nc['runs'][0]['not_modified_304']} of {nc['runs'][0]['requests']} "
        f"answered 304) | {verdict(nc['median_requests_per_source'] <= 1.1)} |",
        f"| 3 | change sweep (revisits due) | every truth event found, none spurious | {ch['median_wall_s']} s wall, "
        f"{int(ch['median_requests'])} requests, processing {ch['median_process_wall_s']} s; found new "
        f"{det['new']['found']}/{det['new']['truth']}, revised {det['revised']['found']}/{det['revised']['truth']}, "
        f"withdrawn {det['withdrawn']['found']}/{det['withdrawn']['truth']}; spurious {spurious} | "
        f"{verdict(found_all and spurious == 0)} |",
    ]
    if "growth" in f:
        cases = f["growth"]["cases"]
        plain = [c for c in cases if c["archive_factor"] == 1]
        per_source = [c["median_wall_s"] / c["sources"] for c in plain]
        linear = all(b <= a * 1.25 for a, b in zip(per_source, per_source[1:]))
        mem = ", ".join(f"S={c['sources']}: {c['median_wall_s']} s, {c['peak_rss_mib']} MiB" for c in plain)
        rows.append(f"| 4 | growth: no-change sweep at S = {', '.join(str(c['sources']) for c in plain)} | time "
                    f"and memory at most linear in S | {mem} (s per source: "
                    f"{', '.join(f'{x:.3f}' for x in per_source)}) | {verdict(linear)} |")
        big = [c for c in cases if c["archive_factor"] > 1]
        if big:
            b = big[0]
            same = next((c for c in plain if c["sources"] == b["sources"]), None)
            if same:
                growth = b["median_wall_s"] / same["median_wall_s"] - 1
                rows.append(f"| 4 | growth: {b['archive_factor']}× archive at S = {b['sources']} "
                            f"({b['releases']} releases) | time +10 % at most | {b['median_wall_s']} s vs "
                            f"{same['median_wall_s']} s (**{growth:+.0%}**) | {verdict(growth <= 0.10)} |")
    if "urlwatch" in f:
        u = f["urlwatch"]
        ratio = u["wall_ratio_regwatch_over_urlwatch"]
        rows.append(f"| 5 | side by side with urlwatch ({u['version']}), {u['urls']} list URLs, no-change sweep | "
                    f"regwatch not slower | regwatch {nc['median_wall_s']} s, {nc['runs'][0]['requests']} requests; "
                    f"urlwatch {u['no_change']['median_wall_s']} s, {int(u['no_change']['median_requests'])} requests "
                    f"(ratio **{ratio}**) | {verdict(ratio <= 1.0)} |")
    if "politeness" in f:
        p = f["politeness"]
        rows.append(f"| 6 | politeness: {p['sources']} sources on {p['hosts']} hosts, delay {p['delay_s']} s | ≤ 1.2× "
                    f"the busiest host's requests × delay; no concurrent requests to a host | {p['wall_s']} s "
                    f"against {p['lower_bound_s']} s (**{p['ratio']}×**); overlapping requests: "
                    f"{p['overlapping_requests']}, gaps below the delay: {p.get('gaps_below_delay', '?')}" + (
                        "; busiest host: first request after {first_request_after_s} s, mean gap {mean_gap_s} s "
                        "(min {min_gap_s} s), {slow_gaps_over_1_1s} gaps over 1.1 s adding {excess_of_those_s} s, "
                        "{after_last_response_s} s after the last response".format(**p["where_the_time_goes"])
                        if "mean_gap_s" in p.get("where_the_time_goes", {}) else "")
                    + f" | {verdict(p['ratio'] <= 1.2 and p['overlapping_requests'] == 0 and not p.get('gaps_below_delay'))} |")
    if "digest" in f:
        d = f["digest"]
        rows.append(f"| 7 | digest rendering: {d['subscribers']} subscribers (zh/en, half filtered) | — | "
                    f"**{d['digests_per_s']} digests/s** on one core ({d['queued']} queued, {d['items_min']}–"
                    f"{d['items_max']} items, {d['mime_bytes_mean']} bytes MIME each) | |")
    return rows


def main() -> None:
    blocks = []
    sweeps = RESULTS / "sweeps.json"
    if sweeps.exists():
        blocks.append("\n".join(sweep_rows(json.loads(sweeps.read_text("utf-8")))))
    components = RESULTS / "components.json"
    if components.exists():
        blocks.append("Component throughput (figure 7):\n\n" + component_rows(json.loads(components.read_text("utf-8"))))
    block = "\n\n".join(blocks)
    write_benchmarks_md(block)
    print(block)


if __name__ == "__main__":
    main()
