"""Structured, channel-neutral diff of two stored texts, plus Slack/email/plain renderings.

Paragraphs are matched on their ``comparison_text`` key (so width/punctuation-variant noise is not
a change), moved paragraphs are reported as moves, and replaced paragraphs get a token diff where
numbers and dates are single tokens, so "13.5% → 14%" is exactly what a reader sees.
"""
from __future__ import annotations

import html
import re
from difflib import SequenceMatcher

from diffing.normalize import comparison_text

# Dates first, then numbers with their unit, Latin words, whitespace, then any single character.
_TOKEN = re.compile(
    r"\d{4}年\d{1,2}月(?:\d{1,2}[日号])?"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}月\d{1,2}[日号]"
    r"|[〇零一二三四五六七八九]{4}年"
    r"|\d+(?:[.,]\d+)*\s*(?:%|‰|万亿|万|亿|年|月|日|号|个|项|条|倍|时|分|元|吨|千瓦时|千瓦|瓦|度)?"
    r"|[A-Za-z][A-Za-z0-9.\-]*[A-Za-z0-9]|[A-Za-z]"
    r"|\s+"
    r"|.",
    re.DOTALL,
)
_PAIR_MIN_RATIO = 0.4  # below this an edited paragraph is shown as delete + insert
_DIGIT = re.compile(r"[0-9〇零一二三四五六七八九十百千万亿两]")


def tokenize(text: str) -> list[str]:
    """CJK-aware tokens: one per Chinese character, whole numbers/percentages/dates, Latin words."""
    return _TOKEN.findall(text)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


def diff_texts(old: str, new: str) -> dict:
    """Diff two stored texts (one paragraph per line) into a JSON-serialisable dict.

    Keys: ``changed``, ``moved_only``, ``stats`` (counts per op) and ``ops`` in new-document order;
    each op is ``equal``/``insert``/``delete``/``move`` with ``text``, or ``replace`` with
    ``old``, ``new``, ``segments`` ([kind, text] with kind equal/insert/delete) and ``changes``
    ([{"old", "new"}] per changed run).
    """
    a, b = _paragraphs(old), _paragraphs(new)
    if comparison_text("\n".join(a)) == comparison_text("\n".join(b)):
        same_shape = len(a) == len(b)  # re-flow only: paragraph boundaries may differ
        ops = [{"op": "equal", "old_index": j if same_shape else None, "new_index": j, "text": p}
               for j, p in enumerate(b)]
        return _result(ops)
    ka, kb = [comparison_text(p) for p in a], [comparison_text(p) for p in b]
    opcodes = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    deleted = [i for tag, i1, i2, _, _ in opcodes if tag in ("delete", "replace") for i in range(i1, i2)]
    inserted = [j for tag, _, _, j1, j2 in opcodes if tag in ("insert", "replace") for j in range(j1, j2)]
    moves = _match_moves(deleted, inserted, ka, kb)  # new index -> old index
    moved_old = set(moves.values())

    ops: list[dict] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            ops += [{"op": "equal", "old_index": i, "new_index": j, "text": b[j]}
                    for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        olds = [i for i in range(i1, i2) if i not in moved_old]
        news = [j for j in range(j1, j2) if j not in moves]
        pairs = _pair_edits(olds, news, a, b, j2)
        for j in range(j1, j2):
            if j in moves:
                ops.append({"op": "move", "old_index": moves[j], "new_index": j, "text": b[j]})
        ops += pairs
    ops.sort(key=_op_order)
    return _result(ops)


def _op_order(op: dict) -> tuple:
    # new-document order; a deletion sits where it was, right before the next new paragraph
    if op["new_index"] is not None:
        return (op["new_index"], 1)
    return (op["anchor"], 0, op["old_index"])


def _match_moves(deleted: list[int], inserted: list[int], ka: list[str], kb: list[str]) -> dict[int, int]:
    pool: dict[str, list[int]] = {}
    for i in deleted:
        pool.setdefault(ka[i], []).append(i)
    moves = {}
    for j in inserted:
        if pool.get(kb[j]):
            moves[j] = pool[kb[j]].pop(0)
    return moves


def _pair_edits(olds: list[int], news: list[int], a: list[str], b: list[str], block_end: int) -> list[dict]:
    """Pair old/new paragraphs of one replaced block in order when similar enough; rest del/ins."""
    ops, jpos = [], 0
    for i in olds:
        best, best_ratio = None, _PAIR_MIN_RATIO
        for k in range(jpos, len(news)):
            ratio = SequenceMatcher(None, a[i], b[news[k]], autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = k, ratio
        if best is None:
            anchor = news[jpos] if jpos < len(news) else block_end
            ops.append({"op": "delete", "old_index": i, "new_index": None, "anchor": anchor, "text": a[i]})
            continue
        for k in range(jpos, best):
            ops.append({"op": "insert", "old_index": None, "new_index": news[k], "text": b[news[k]]})
        ops.append(_replace_op(i, news[best], a[i], b[news[best]]))
        jpos = best + 1
    for k in range(jpos, len(news)):
        ops.append({"op": "insert", "old_index": None, "new_index": news[k], "text": b[news[k]]})
    return ops


def _replace_op(i: int, j: int, old: str, new: str) -> dict:
    segments = inline_segments(old, new)
    return {"op": "replace", "old_index": i, "new_index": j, "old": old, "new": new,
            "segments": segments, "changes": _changes(segments)}


def inline_segments(old: str, new: str) -> list[list[str]]:
    """Token diff of one paragraph: [[kind, text], ...] with kind in equal/delete/insert."""
    ta, tb = tokenize(old), tokenize(new)
    segs: list[list[str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if tag == "equal":
            _push(segs, "equal", "".join(ta[i1:i2]))
        else:
            _push(segs, "delete", "".join(ta[i1:i2]))
            _push(segs, "insert", "".join(tb[j1:j2]))
    return _absorb_short_equals(segs)


def _push(segs: list[list[str]], kind: str, text: str) -> None:
    """Append keeping each run of changes as one delete followed by one insert."""
    if not text:
        return
    if segs and segs[-1][0] == kind:
        segs[-1][1] += text
    elif kind == "delete" and segs and segs[-1][0] == "insert":
        if len(segs) > 1 and segs[-2][0] == "delete":
            segs[-2][1] += text
        else:
            segs.insert(len(segs) - 1, [kind, text])
    else:
        segs.append([kind, text])


def _absorb_short_equals(segs: list[list[str]]) -> list[list[str]]:
    """Fold a 1-char unchanged island between two larger edits into them (readability only)."""
    out: list[list[str]] = []
    k = 0
    while k < len(segs):
        kind, text = segs[k]
        if (kind == "equal" and len(text) == 1 and 0 < k < len(segs) - 1 and out and out[-1][0] != "equal"
                and segs[k + 1][0] != "equal"):
            before = sum(len(t) for kd, t in out[-2:] if kd != "equal")
            if before >= 3 and len(segs[k + 1][1]) >= 2:
                for kd in ("delete", "insert"):
                    _push(out, kd, text)
                k += 1
                continue
        _push(out, kind, text)
        k += 1
    return out


def _changes(segments: list[list[str]]) -> list[dict]:
    changes, cur = [], None
    for kind, text in segments:
        if kind == "equal":
            if cur:
                changes.append(cur)
            cur = None
            continue
        cur = cur or {"old": "", "new": ""}
        cur["old" if kind == "delete" else "new"] += text
    if cur:
        changes.append(cur)
    return changes


def _result(ops: list[dict]) -> dict:
    for op in ops:
        op.pop("anchor", None)
    stats = {k: 0 for k in ("equal", "insert", "delete", "replace", "move")}
    for op in ops:
        stats[op["op"]] += 1
    changed = any(op["op"] != "equal" for op in ops)
    moved_only = changed and all(op["op"] in ("equal", "move") for op in ops)
    return {"changed": changed, "moved_only": moved_only, "stats": stats, "ops": ops}


# ---------------------------------------------------------------- renderings

_LABELS = {
    "zh": {"none": "无变化", "moved": "{n} 段顺序调整", "changed": "{n} 段变更", "insert": "新增 {n}",
           "delete": "删除 {n}", "replace": "修改 {n}", "move": "移动 {n}", "sep": "：", "join": "，",
           "added": "新增「{t}」", "removed": "删除「{t}」", "moved_from": "（自第 {n} 段移来）"},
    "en": {"none": "no changes", "moved": "{n} paragraph{s} reordered", "changed": "{n} paragraph{s} changed",
           "insert": "{n} added", "delete": "{n} removed", "replace": "{n} edited", "move": "{n} moved",
           "sep": "; ", "join": ", ", "added": "added “{t}”", "removed": "removed “{t}”",
           "moved_from": " (moved from ¶{n})"},
}


def _clip(text: str, limit: int = 24) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summarize(diff: dict, lang: str = "zh", max_changes: int = 3) -> str:
    """One line for Slack, e.g. ``3 段变更（修改 3）：13.5% → 14%``; numbers/dates listed first."""
    lab = _LABELS["en" if lang == "en" else "zh"]
    st = diff.get("stats", {})
    n = sum(st.get(k, 0) for k in ("insert", "delete", "replace", "move"))
    plural = "" if n == 1 else "s"
    if not diff.get("changed"):
        return lab["none"]
    if diff.get("moved_only"):
        return lab["moved"].format(n=n, s=plural)
    parts = [lab[k].format(n=st[k]) for k in ("replace", "insert", "delete", "move") if st.get(k)]
    head = lab["changed"].format(n=n, s=plural)
    head += f"（{'，'.join(parts)}）" if lang != "en" else f" ({', '.join(parts)})"
    details = []
    for op in diff["ops"]:
        if op["op"] == "replace":
            details += [f"{_clip(c['old']) or '∅'} → {_clip(c['new']) or '∅'}" for c in op["changes"]]
        elif op["op"] in ("insert", "delete"):
            details.append(lab["added" if op["op"] == "insert" else "removed"].format(t=_clip(op["text"], 16)))
    details.sort(key=lambda d: 0 if re.search(r"\d", d) else 1)  # stable: numbers first
    if not details:
        return head
    return head + lab["sep"] + lab["join"].join(details[:max_changes])


def _context_window(ops: list[dict], context: int = 1) -> list[int | None]:
    """Indexes of ops to show: every change plus ``context`` equal paragraphs; None marks a gap."""
    keep = set()
    for k, op in enumerate(ops):
        if op["op"] != "equal":
            keep.update(range(max(0, k - context), min(len(ops), k + context + 1)))
    shown: list[int | None] = []
    for k in sorted(keep):
        if shown and shown[-1] is not None and k != shown[-1] + 1:
            shown.append(None)
        shown.append(k)
    if shown and shown[0] != 0:
        shown.insert(0, None)
    if shown and shown[-1] is not None and shown[-1] != len(ops) - 1:
        shown.append(None)
    return shown


_STY_INS = "background-color:#d4f7dc;color:#05640b;text-decoration:underline;"
_STY_DEL = "background-color:#fddede;color:#a0111f;text-decoration:line-through;"
_STY_P = "margin:0 0 8px 0;line-height:1.6;"
_STY_CTX = "color:#6a737d;"
_STY_MOVE = "background-color:#fff5cc;"


def render_html(diff: dict, lang: str = "zh") -> str:
    """Email-safe HTML (inline styles only): changed paragraphs with one paragraph of context."""
    esc = html.escape
    lab = _LABELS["en" if lang == "en" else "zh"]
    if not diff.get("changed"):
        return f'<div style="{_STY_P}">{esc(lab["none"])}</div>'
    rows = []
    for k in _context_window(diff["ops"]):
        if k is None:
            rows.append(f'<p style="{_STY_P}{_STY_CTX}">…</p>')
            continue
        op = diff["ops"][k]
        kind = op["op"]
        if kind == "equal":
            rows.append(f'<p style="{_STY_P}{_STY_CTX}">{esc(op["text"])}</p>')
        elif kind == "insert":
            rows.append(f'<p style="{_STY_P}"><ins style="{_STY_INS}">{esc(op["text"])}</ins></p>')
        elif kind == "delete":
            rows.append(f'<p style="{_STY_P}"><del style="{_STY_DEL}">{esc(op["text"])}</del></p>')
        elif kind == "move":
            note = esc(lab["moved_from"].format(n=op["old_index"] + 1))
            rows.append(f'<p style="{_STY_P}{_STY_MOVE}">{esc(op["text"])}'
                        f'<span style="{_STY_CTX}font-size:12px;">{note}</span></p>')
        else:
            inner = "".join(
                esc(t) if kd == "equal" else
                f'<{"ins" if kd == "insert" else "del"} style="{_STY_INS if kd == "insert" else _STY_DEL}">'
                f'{esc(t)}</{"ins" if kd == "insert" else "del"}>'
                for kd, t in op["segments"])
            rows.append(f'<p style="{_STY_P}">{inner}</p>')
    return '<div style="font-family:Arial,\'Microsoft YaHei\',sans-serif;font-size:14px;">' + "".join(rows) + "</div>"


def render_text(diff: dict, lang: str = "zh") -> str:
    """Plain-text rendering for the email text part: ``[-old-]{+new+}`` inside changed paragraphs."""
    lab = _LABELS["en" if lang == "en" else "zh"]
    if not diff.get("changed"):
        return lab["none"]
    lines = []
    for k in _context_window(diff["ops"]):
        if k is None:
            lines.append("…")
            continue
        op = diff["ops"][k]
        kind = op["op"]
        if kind == "equal":
            lines.append(op["text"])
        elif kind == "insert":
            lines.append("{+" + op["text"] + "+}")
        elif kind == "delete":
            lines.append("[-" + op["text"] + "-]")
        elif kind == "move":
            lines.append(op["text"] + lab["moved_from"].format(n=op["old_index"] + 1))
        else:
            lines.append("".join(t if kd == "equal" else ("{+" + t + "+}" if kd == "insert" else "[-" + t + "-]")
                                 for kd, t in op["segments"]))
    return "\n".join(lines)
