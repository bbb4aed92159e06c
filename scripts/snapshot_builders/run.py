"""Offline mini-crawl: list pages + expected detail pages through SnapshotStore, compared with tests/expected."""
import sys, yaml
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from scrapy.http import HtmlResponse, TextResponse, Response
from regwatch.mirror.snapshots import SnapshotStore
from spiders.families import get_family, SelectorError
from spiders.families.detail import first_sentence
from spiders.records import get_source

ROOT = Path(__file__).resolve().parents[2]
STORE = SnapshotStore(ROOT / "snapshots")


def fetch(state, request):
    ctype = request.headers.get("Content-Type", b"").decode()
    a = STORE.answer(state, request.method, request.url, request.body or b"", ctype)
    cls = HtmlResponse if a.headers.get("Content-Type", "").startswith("text/html") else TextResponse
    return cls(request.url, status=a.status, headers=a.headers, body=a.body, request=request)


def crawl(slug, state):
    src = get_source(slug)
    fam = get_family(src.family)
    entries, failure = [], None
    queue = [(r, 1) for r in fam.list_requests(src)]
    while queue:
        req, page = queue.pop(0)
        resp = fetch(state, req)
        if resp.status >= 400 or not resp.body:
            return entries, f"HTTP {resp.status} len={len(resp.body)}"
        try:
            res = fam.parse_list(resp, src)
        except SelectorError as exc:
            return entries, f"SelectorError: {exc}"
        queue.extend((r, page) for r in res.requests)
        entries.extend(res.entries)
        if res.next_page is not None and page < src.max_pages:
            queue.append((res.next_page, page + 1))
    return entries, failure


def check(slug):
    exp = yaml.safe_load((ROOT / "tests/expected" / f"{slug}.yaml").read_text())
    src, fam = get_source(slug), get_family(get_source(slug).family)
    problems = []
    for state, want in exp["states"].items():
        entries, failure = crawl(slug, state)
        if "failure" in want:
            if not failure or want["failure"]["contains"] not in failure:
                problems.append(f"{state}: failure {failure!r} !~ {want['failure']}")
            continue
        if failure:
            problems.append(f"{state}: {failure}")
        got = [{"url": e.url, "title": e.title, "published": e.published, "doc_number": e.doc_number,
                **({"extra": {k: v for k, v in e.extra.items() if k in ("comment_deadline",)}} if e.extra.get("comment_deadline") else {})}
               for e in entries]
        wl = [dict(w) for w in want["list"]]
        for w in wl:
            w.setdefault("doc_number", None)
        if got != wl:
            for i, (g, w) in enumerate(zip(got, wl)):
                if g != w:
                    problems.append(f"{state} list[{i}]: got {g} want {w}")
                    break
            if len(got) != len(wl):
                problems.append(f"{state}: {len(got)} entries, want {len(wl)}")
        by_url = {e.url: e for e in entries}
        for url, d in (want.get("details") or {}).items():
            entry = by_url.get(url)
            if entry is None:
                problems.append(f"{state}: detail {url} not listed"); continue
            req = fam.detail_request(entry, src)
            resp = fetch(state, req)
            page = fam.parse_detail(resp, src, entry)
            g = {"title": page.title, "published": page.published, "doc_number": page.doc_number,
                 "issuer_names": page.issuer_names, "first_sentence": first_sentence(page.body_html),
                 "attachments": [a.url for a in page.attachments]}
            for k, v in d.items():
                if g[k] != v:
                    problems.append(f"{state} {url} {k}: got {g[k]!r} want {v!r}")
    return problems


if __name__ == "__main__":
    for slug in sys.argv[1:]:
        probs = check(slug)
        print(slug, "OK" if not probs else "")
        for p in probs:
            print("   ", p)
