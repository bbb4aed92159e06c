"""Label rules: relevance, sectors, plan type, status, level, region and issuers.

Each function returns (value, evidence) and reads its words from data/*.yaml via rules.py.
"""
from __future__ import annotations

import functools
import re
from urllib.parse import urlparse

from regwatch.classify.rules import Hit, Lexicon, compiled, data, lexicon_from, mask, term_regex

# ---------------------------------------------------------------- issuers (also used for masking)

@functools.lru_cache(maxsize=1)
def issuer_lexicon() -> Lexicon:
    cfg = data("issuers")
    entries, acronyms = [], set()
    for key, spec in cfg["issuers"].items():
        entries += [(n, key) for n in spec.get("zh", []) + spec.get("en", [])]
        entries += [(a, key) for a in spec.get("acronyms", [])]
        acronyms.update(spec.get("acronyms", []))
    entries += [(b, "_blocked") for b in cfg["blockers"]["zh"] + cfg["blockers"]["en"]]
    return Lexicon(entries, case_sensitive=frozenset(acronyms))


def _is_local(text: str, hit: Hit) -> bool:
    """省发展改革委 / Provincial Development and Reform Commission: a local body, not a national one."""
    markers = data("issuers")["local_markers"]
    left = text[max(0, hit.start - 20):hit.start].rstrip()
    if any(left.endswith(m) for m in markers["zh"]):
        return True
    return any(re.search(rf"(?i){re.escape(m)}$", left) for m in markers["en"])


def _is_cited(text: str, hit: Hit) -> bool:
    ref = data("issuers")["reference_context"]
    left, right = text[max(0, hit.start - 12):hit.start], text[hit.end:hit.end + 16]
    if any(c in left for c in ref["before_zh"]) or any(right.lstrip("、， ").startswith(c) for c in ref["after_zh"]):
        return True
    left_en, right_en = text[max(0, hit.start - 30):hit.start].lower(), text[hit.end:hit.end + 30].lower()
    return any(c in left_en for c in ref["before_en"]) or any(
        re.match(rf"\W*{re.escape(c.lower())}", right_en) for c in ref["after_en"])


def issuer_hits(text: str) -> list[Hit]:
    """National issuer mentions that are neither blocked names, local bodies nor citations."""
    return [h for h in issuer_lexicon().find(text)
            if h.key != "_blocked" and not _is_local(text, h) and not _is_cited(text, h)]


def local_body_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for lang in ("zh", "en"):
        for p in data("lexicons")["mask"][lang]:
            spans += [m.span() for m in re.finditer(p, text)]
    return spans


def masked(text: str) -> str:
    """Text with issuer names and local body names blanked (their words are not topics)."""
    spans = [(h.start, h.end) for h in issuer_lexicon().find(text)] + local_body_spans(text)
    return mask(text, spans)


def issuer_names(title: str, lead: str) -> list[str]:
    """Every issuing body as named (any level), title first: national names and local bodies."""
    names = []
    for text in (title, lead[:300]):
        spans = [(h.start, h.end) for h in issuer_hits(text)] + local_body_spans(text)
        spans += [m.span() for m in re.finditer(
            r"[\u4e00-\u9fff]{2,12}(?:人民政府办公厅|人民政府|省委|市委|办公厅)", text)]
        for s, e in sorted(spans):
            name = text[s:e].strip(" ,，、")
            name = re.sub(r"^(?:the|The)\s+", "", name)
            if name and not any(name in n or n in name for n in names):
                names.append(name)
    return names


def detect_issuers(title: str, lead: str, level: str, dn_issuers: list[str], dn_prefix: str | None,
                   host_agency: str | None) -> tuple[list[str], list[str]]:
    if level != "national":
        return [], []
    out, ev = [], []
    for where, text in (("title", title), ("text", lead[:400])):
        for h in issuer_hits(text):
            if h.key not in out:
                out.append(h.key)
                ev.append(f"{where} names {h.term!r} -> {h.key}")
    for k in dn_issuers:
        if k not in out:
            out.append(k)
            ev.append(f"document-number prefix {dn_prefix!r} -> {k}")
    if not out and host_agency:
        out.append(host_agency)
        ev.append(f"no issuer named; source site agency -> {host_agency}")
    return out, ev


def host_agency(url: str | None, source: dict | None) -> str | None:
    if source and source.get("level", "national") == "national" and source.get("agency") in data("issuers")["issuers"]:
        return source["agency"]
    host = (urlparse(url).hostname or "") if url else ""
    if not host or host in data("issuers")["portal_hosts"]:
        return None
    for key, spec in data("issuers")["issuers"].items():
        if any(host == h or host.endswith("." + h) for h in spec.get("hosts", [])):
            return key
    return None


# ---------------------------------------------------------------- places

@functools.lru_cache(maxsize=1)
def place_lexicon() -> Lexicon:
    cfg = data("regions")
    abbr = set(cfg["abbreviations_only"])
    entries = []
    for key, spec in cfg["provinces"].items():
        entries += [(n, f"p:{key}") for n in spec["zh"] + spec["en"] if n not in abbr]
    for key, spec in cfg["cities"].items():
        entries += [(n, f"c:{key}") for n in spec["zh"] + spec["en"]]
    return Lexicon(entries)


def _host_region(url: str | None) -> tuple[str | None, str | None]:
    host = (urlparse(url).hostname or "") if url else ""
    cfg = data("regions")
    for table, level in ((cfg["city_hosts"], "municipal"), (cfg["hosts"], "provincial")):
        for h, key in table.items():
            if host == h or host.endswith("." + h):
                return key, level
    return None, None


def level_region(title: str, lead: str, url: str | None, source: dict | None) -> tuple[str, str | None, list[str]]:
    intl = compiled("lexicons", "level", "international_title").find(title)
    places = place_lexicon().find(masked_issuers_only(title))
    if intl and not places:
        return "international", None, [f"title contains {intl[0].term!r} (international cue)"]
    if places:
        h = places[0]
        lvl = "municipal" if h.key.startswith("c:") else "provincial"
        return lvl, h.key[2:], [f"title names {h.term!r} -> {h.key[2:]} ({lvl})"]
    nat = compiled("lexicons", "level", "national_title").find(title) or issuer_hits(title)
    if nat:
        return "national", None, [f"title contains {nat[0].term!r} (national cue)"]
    places = place_lexicon().find(lead[:300])
    if places:
        h = places[0]
        lvl = "municipal" if h.key.startswith("c:") else "provincial"
        return lvl, h.key[2:], [f"text names {h.term!r} -> {h.key[2:]} ({lvl})"]
    if compiled("lexicons", "level", "international_title").find(lead[:200]) and not issuer_hits(lead[:300]):
        return "international", None, ["text has an international cue and no Chinese body"]
    if source and source.get("level"):
        return source["level"], source.get("region"), [f"source record level {source['level']}"]
    region, lvl = _host_region(url)
    if region:
        return lvl, region, [f"site host -> {region} ({lvl})"]
    return "national", None, ["default: national"]


def masked_issuers_only(text: str) -> str:
    return mask(text, [(h.start, h.end) for h in issuer_lexicon().find(text)])


# ---------------------------------------------------------------- relevance

def relevance(title: str, lead: str) -> tuple[bool, list[str]]:
    t, l = masked(title), masked(lead[:400])
    off = compiled("lexicons", "relevance", "offtopic").find(title)
    strong = compiled("lexicons", "relevance", "strong")
    if (h := strong.find(t)):
        return True, [f"title contains {h[0].term!r} (relevance lexicon)"]
    if off:
        return False, [f"title contains {off[0].term!r} (off-topic lexicon)"]
    if (h := strong.find(l)):
        return True, [f"text contains {h[0].term!r} (relevance lexicon)"]
    sp = compiled("lexicons", "relevance", "sector_plan").find(t)
    if sp and plan_cue(title)[0] not in (None, "notice"):
        return True, [f"title names {sp[0].term!r} in a plan/opinion (carbon-intensive sector)"]
    return False, ["no relevance term in title or lead"]


# ---------------------------------------------------------------- sectors

@functools.lru_cache(maxsize=1)
def sector_lexicons() -> tuple[Lexicon, Lexicon, dict]:
    cfg = data("lexicons")["sectors"]
    main = lexicon_from({k: {"zh": v.get("zh", []), "en": v.get("en", [])} for k, v in cfg.items()})
    lead = lexicon_from({k: v["lead"] for k, v in cfg.items() if v.get("lead")})
    excl = {k: v["exclude"] for k, v in cfg.items() if v.get("exclude")}
    return main, lead, excl


def _sector_keys(text: str) -> list[Hit]:
    """Sector hits, minus those inside an excluded phrase (energy conservation, Industrial Park)."""
    main, _, excl = sector_lexicons()
    out = []
    for h in main.find(text):
        ex = excl.get(h.key)
        if ex and any(m.start() <= h.start < m.end() or h.start <= m.start() < h.end
                      for e in ex["zh"] + ex["en"] for m in re.finditer(term_regex(e), text)):
            continue
        out.append(h)
    return out


def doc_names(text: str) -> list[str]:
    """Names of documents mentioned: 《…》, "…", and English 'issued the X' phrases."""
    names = re.findall(r"《([^》]{2,80})》", text) + re.findall(r"[\"“]([^\"”]{4,160})[\"”]", text)
    names += [m.group(1) for m in re.finditer(
        r"(?:issued|released|formulated|unveiled|published|solicited opinions on|issued a|released a)\s+(?:the\s+)?"
        r"([^.,;()]{6,160})", text)]
    return names


def sectors(title: str, lead: str, level: str) -> tuple[list[str], list[str]]:
    _, lead_lex, _ = sector_lexicons()
    t, l = masked(title), masked(lead[:500])
    found: dict[str, str] = {}

    def add(hits, where):
        for h in hits:
            found.setdefault(h.key, f"{where} contains {h.term!r} (sector lexicon)")

    add(_sector_keys(t), "title")
    if not found:
        for name in doc_names(l):
            add(_sector_keys(name), "document name")
    add(lead_lex.find(l), "text (scope term)")
    cues = data("lexicons")["scope_cues"]
    for c in cues["zh"] + cues["en"]:
        for m in re.finditer(term_regex(c), l):
            add(_sector_keys(re.split(r"[。.;；]", l[m.end():])[0]), f"text scope '{c}'")
    if level == "international":  # international items are labelled by their level, as in the contract's dev set
        return ["international"], ["international level -> international"]
    if not found:
        eco = compiled("lexicons", "economy_wide").find(t + " " + " ".join(doc_names(l)))
        if eco:
            found["economy_wide"] = f"whole-area carbon document ({eco[0].term!r}, no sector named)"
    if not found:
        add(_sector_keys(l), "text")
    if not found:
        found["economy_wide"] = "no sector named (fallback)"
    return list(found), list(found.values())


# ---------------------------------------------------------------- plan type and status

def _cue_table(lang: str) -> list[tuple[str, str]]:
    return [tuple(x) for x in data("lexicons")["plan_type"][lang]]


def _zh_type(name: str) -> tuple[str | None, str | None]:
    name = re.sub(r"[(（][^()（）]*[)）]\s*$", "", name.strip())
    name = re.sub(r"[(（][^()（）]*[)）]\s*$", "", name)
    best = None
    for cue, key in _cue_table("zh"):
        i = name.rfind(cue)
        if i >= 0 and (best is None or i + len(cue) > best[0] or (i + len(cue) == best[0] and len(cue) > len(best[1]))):
            best = (i + len(cue), cue, key)
    return (best[2], best[1]) if best else (None, None)


def _en_type(name: str) -> tuple[str | None, str | None]:
    best = None
    for cue, key in _cue_table("en"):
        m = re.search(term_regex(cue), name)
        if m and (best is None or m.start() < best[0] or (m.start() == best[0] and len(cue) > len(best[1]))):
            best = (m.start(), cue, key)
    if best and best[2] == "notice":  # "Notice on the Implementation Plan of ..." is a wrapper
        rest = name[best[0] + len(best[1]):]
        inner = _en_type(rest) if re.search(r"(?i)\b(plan|program|opinions?|guidelines?|measures|regulations?)\b", rest) else (None, None)
        if inner[0]:
            return inner
    return (best[2], best[1]) if best else (None, None)


def plan_cue(title: str) -> tuple[str | None, str | None]:
    """Document type named in a title (inner document of a wrapper)."""
    ign = compiled("lexicons", "plan_type", "ignore").find(title)
    title = mask(title, [(h.start, h.end) for h in ign])
    for p in data("lexicons")["plan_type"]["wrappers_zh"]:
        m = re.search(p, title)
        if m:
            k, cue = _zh_type(m["x"])
            if k:
                return k, cue
    if re.search(r"[\u4e00-\u9fff]", title):
        k, cue = _zh_type(title)
        if k:
            return k, cue
    for p in data("lexicons")["plan_type"]["wrappers_en"]:
        m = re.search(p, title)
        if m:
            k, cue = _en_type(m["x"])
            if k:
                return k, cue
    return _en_type(title)


def plan_type(title: str, lead: str, status: str) -> tuple[str, list[str]]:
    if status == "news":
        return "other", ["news item -> other"]
    k, cue = plan_cue(title)
    where = "title"
    specific = {"implementation_plan", "action_plan", "work_plan"}
    if k in (None, "plan") and not re.search(r"[\u4e00-\u9fff]", title):
        for name in doc_names(lead[:400]) + [lead[:400]]:
            k2, cue2 = plan_cue(name)
            if k2 in specific or (k is None and k2):
                k, cue, where = k2, cue2, "text"
                break
        ctx = compiled("lexicons", "plan_type", "generic_plan_context").find(title)
        if k == "plan" and cue == "plan" and ctx:
            return "implementation_plan", [f"title {ctx[0].term!r}: a sector carbon-peaking plan (实施方案)"]
    if k:
        return k, [f"{where} document type {cue!r} -> {k}"]
    return "other", ["no document-type cue"]


def status(title: str, lead: str) -> tuple[str, list[str]]:
    cfg = "lexicons", "status"
    t, l = masked(title), masked(lead[:400])
    if (h := compiled(*cfg, "consultation").find(title + " " + lead[:200])):
        return "consultation", [f"contains {h[0].term!r} (consultation cue)"]
    if (h := compiled(*cfg, "news_title").find(t)):
        return "news", [f"title contains {h[0].term!r} (news cue)"]
    if (h := compiled(*cfg, "issuance_title").find(t)):
        return "issued", [f"title contains {h[0].term!r} (issuance cue)"]
    k, cue = plan_cue(title)
    if k and (re.search(r"[\u4e00-\u9fff]", title) or any(title.lower().startswith(c) for c, _ in _cue_table("en"))):
        return "issued", [f"title is a document name ({cue!r})"]
    if (h := compiled(*cfg, "news_lead").find(l)):
        return "news", [f"text contains {h[0].term!r} (news cue)"]
    if (h := compiled(*cfg, "issuance_lead").find(l)):
        return "issued", [f"text contains {h[0].term!r} (issuance cue)"]
    return "news", ["no issuance cue -> news"]
