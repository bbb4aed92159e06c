"""Snapshot/expected writer shared by the per-family generator modules."""
import hashlib, json, shutil, sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from regwatch.mirror.layout import snapshot_relpath
import yaml

ROOT = Path(__file__).resolve().parents[2]
SNAP = ROOT / "snapshots"
EXP = {}      # slug -> {state: {...}}
TZ = timezone(timedelta(hours=8))


def reset(slug):
    shutil.rmtree(SNAP / slug, ignore_errors=True)
    EXP[slug] = {}


def put(slug, state, url, body, method="GET", data=b"", ctype="", meta=None, encoding="utf-8"):
    rel = snapshot_relpath(url, method, data if isinstance(data, bytes) else data.encode(), ctype)
    path = SNAP / slug / state / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if body is not None:
        path.write_bytes(body if isinstance(body, bytes) else body.encode(encoding))
    if meta:
        path.with_name(path.name + ".meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    return rel


def hexid(*parts):
    return hashlib.md5("|".join(map(str, parts)).encode()).hexdigest()


def epoch_ms(day, hour=0, minute=0):
    y, m, d = map(int, day.split("-"))
    return int(datetime(y, m, d, hour, minute, tzinfo=TZ).timestamp() * 1000)


def epoch_s(day, hour=0):
    return epoch_ms(day, hour) // 1000


ROBOTS = "User-agent: *\nDisallow: /search/\nDisallow: /api-gateway/jpaas-web-server/\n"
ROBOTS_PLAIN = "User-agent: *\nAllow: /\n"


def robots(slug, state, host, text=ROBOTS_PLAIN):
    put(slug, state, f"https://{host}/robots.txt", text)


def states_yaml(slug, spec):
    (SNAP / slug / "states.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False))


def provenance(slug, text):
    (SNAP / slug).mkdir(parents=True, exist_ok=True)
    (SNAP / slug / "PROVENANCE.md").write_text(text.strip() + "\n")


EXTRA = {}  # (slug, state) -> [extra dicts] checked by the family unit tests, not by the harness


def expect_list(slug, state, entries, pages):
    st = EXP[slug].setdefault(state, {})
    st["pages"] = pages
    st["list"] = [{"url": e["url"], "title": e["title"], "published": e.get("published"),
                   "doc_number": e.get("doc_number"), **({"extra": e["extra"]} if e.get("extra") else {})}
                  for e in entries]


def expect_detail(slug, state, url, title, published, doc_number, issuers, first_sentence, attachments):
    EXP[slug].setdefault(state, {}).setdefault("details", {})[url] = {
        "title": title, "published": published, "doc_number": doc_number, "issuer_names": issuers,
        "first_sentence": first_sentence, "attachments": attachments}


def expect_failure(slug, state, kind, text):
    if kind == "block":
        EXP[slug][state] = {"failure": {"kind": "block", "cause": text}}
    else:
        EXP[slug][state] = {"failure": {"kind": "selector", "contains": text}}


def write_expected():
    out = ROOT / "tests" / "expected"
    out.mkdir(parents=True, exist_ok=True)
    for slug, states in EXP.items():
        for st in states.values():
            if "list" in st:
                details = st.setdefault("details", {})
                ordered = {}
                for e in st["list"]:
                    ordered[e["url"]] = details.get(e["url"], {"status": 404})
                st["details"] = ordered
        doc = {"slug": slug, "states": dict(sorted(states.items(), key=lambda kv: (kv[0] not in ("week1", "week2"), kv[0])))}
        (out / f"{slug}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200))


def page(title_tag, metas, body, head_extra=""):
    m = "\n".join(f'<meta name="{k}" content="{v}">' for k, v in metas.items())
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n{m}\n'
            f"<title>{title_tag}</title>\n{head_extra}</head>\n<body>\n{body}\n</body>\n</html>\n")
