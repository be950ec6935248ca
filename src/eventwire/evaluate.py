"""Scoring the coder against hand-coded gold files (format: docs/GOLD.md).

Event scoring works per gold item (a sentence or an article): predicted and gold events are
aligned one-to-one, preferring pairs that agree on type and then on actors, so that one
right event cannot be credited twice. From the alignment come precision/recall/F1 by PLOVER
type and by CAMEO root, the full-triple score (type + source + target), actor and date
accuracy on aligned pairs, false events per negative item, and a confusion matrix.

Actor scoring aligns predicted mentions with gold spans by character overlap; a gold span
coded ``null`` is a trap (a place, a sports team) that must not be resolved.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from eventwire.ingest.build import Meta, build_article
from eventwire.ingest.wire import split_wire
from eventwire.models import ActorMention, Article, Event, stable_id


class GoldError(ValueError):
    """A gold line that cannot be scored, with file and line."""


def read_gold(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Gold lines with their 1-based line numbers; a malformed line is a GoldError."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
            if not isinstance(item, dict) or "text" not in item:
                raise GoldError(f"{path}:{n}: a gold line needs at least 'text'")
            yield n, item


def actor_match(gold: str | None, pred: str | None) -> bool:
    """Codes agree, or one is a bare country and the other that country with a sector."""
    if gold is None or pred is None:
        return gold is None and pred is None
    if gold == pred:
        return True
    short, long_ = sorted((gold, pred), key=len)
    if len(short) == 3:
        return long_.startswith(short) and short not in ("IGO", "NGO")
    # CAMEO codes grow by three letters per level: a more specific prediction of the gold
    # actor (IGOUNO -> IGOUNOWHO, PSEREB -> PSEREBHMS) is the same actor.
    return short == gold and long_.startswith(short) and len(short) % 3 == 0


def date_match(gold: str | None, pred: str | None) -> bool:
    if not gold:
        return True
    if not pred:
        return False
    return pred == gold or pred.startswith(gold + "-")


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "support": self.tp + self.fn}


@dataclass
class EventScores:
    items: int = 0
    by_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    by_root: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    type_micro: PRF = field(default_factory=PRF)
    root_micro: PRF = field(default_factory=PRF)
    triple: PRF = field(default_factory=PRF)
    aligned: int = 0
    source_ok: int = 0
    target_ok: int = 0
    date_ok: int = 0
    negatives: int = 0
    negative_false_events: int = 0
    confusion: Counter = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        pct = (lambda a, b: round(a / b, 4) if b else 0.0)
        return {
            "items": self.items,
            "plover_type": {"micro": self.type_micro.as_dict(),
                            **{k: v.as_dict() for k, v in sorted(self.by_type.items())}},
            "cameo_root": {"micro": self.root_micro.as_dict(),
                           **{k: v.as_dict() for k, v in sorted(self.by_root.items())}},
            "triple": self.triple.as_dict(),
            "source_accuracy": pct(self.source_ok, self.aligned),
            "target_accuracy": pct(self.target_ok, self.aligned),
            "date_accuracy": pct(self.date_ok, self.aligned),
            "aligned_pairs": self.aligned,
            "negative_items": self.negatives,
            "false_events_per_negative": pct(self.negative_false_events, self.negatives),
            "confusion": {f"{g} -> {p}": n for (g, p), n in self.confusion.most_common()},
        }


def gold_article(item: dict[str, Any]) -> Article:
    """The Article a gold line stands for.

    A whole article goes through the same wire cleaning as a JSONL record given to
    ``eventwire code`` (its dateline becomes metadata, not body text whose "Dec 15" could
    date the first sentence's events), so that eval scores what users get; a sentence is
    coded as it is.
    """
    text = item["text"]
    article_id = item.get("id") or stable_id(text)
    if item.get("kind") == "article":
        meta = Meta(record_id=article_id, title=item.get("title"), date=item.get("date"))
        return replace(build_article(split_wire(text, title=item.get("title")), meta,
                                     raw_text=text), article_id=article_id)
    return Article(article_id=article_id, body=text, title=item.get("title"),
                   published=item.get("date"), date_source="field" if item.get("date") else "none")


def _gold_events(item: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for e in item.get("events") or []:
        cameo_code = e.get("cameo")
        out.append({
            "type": e.get("plover_type"),
            "root": str(cameo_code)[:2] if cameo_code else None,
            "cameo": str(cameo_code) if cameo_code else None,
            "source": e.get("source"), "target": e.get("target"),
            "date": e.get("date") or item.get("date"),
        })
    return out


def _pred(e: Event) -> dict[str, Any]:
    return {"type": e.plover_type, "root": e.cameo_root, "cameo": e.cameo_code,
            "source": e.source_actor.code if e.source_actor else None,
            "target": e.target_actor.code if e.target_actor else None,
            "date": e.event_date.value, "trigger": e.trigger, "rule": e.rule}


def _align(gold: list[dict[str, Any]], pred: list[dict[str, Any]]
           ) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """One-to-one alignment: best-scoring pairs first (type, root, source, target)."""
    scored = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            s = (4 if g["type"] == p["type"] and g["type"] is not None else 0) + \
                (2 if g["root"] and g["root"] == p["root"] else 0) + \
                (1 if actor_match(g["source"], p["source"]) else 0) + \
                (1 if actor_match(g["target"], p["target"]) else 0)
            if s >= 2:
                scored.append((s, gi, pi))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    for _s, gi, pi in scored:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    pairs += [(g, None) for i, g in enumerate(gold) if i not in used_g]
    pairs += [(None, p) for i, p in enumerate(pred) if i not in used_p]
    return pairs


def score_events(items: Iterable[tuple[int, dict[str, Any]]], coder: Any,
                 keep_errors: int = 100_000) -> EventScores:
    """Code every gold item with ``coder`` (an ``eventwire.coder.Coder``) and score it."""
    sc = EventScores()
    for line, item in items:
        if item.get("kind") == "actors":
            continue
        sc.items += 1
        text = item["text"]
        events = coder.code_article(gold_article(item)).events
        gold = _gold_events(item)
        pred = [_pred(e) for e in events]
        if not gold:
            sc.negatives += 1
            sc.negative_false_events += len(pred)
        for g, p in _align(gold, pred):
            _count(sc, g, p)
            problems = _problems(g, p)
            if problems and len(sc.errors) < keep_errors:
                sc.errors.append({"id": item.get("id"), "line": line, "text": text[:300],
                                  "problems": problems, "gold": g, "pred": p})
    return sc


def _problems(g: dict[str, Any] | None, p: dict[str, Any] | None) -> list[str]:
    """What is wrong with one aligned (gold, predicted) pair, so --errors can be sliced."""
    if g is None:
        return ["extra"]
    if p is None:
        return ["missed"]
    checks = (("type", g["type"] == p["type"] and g["root"] in (None, p["root"])),
              ("source", actor_match(g["source"], p["source"])),
              ("target", actor_match(g["target"], p["target"])),
              ("date", date_match(g["date"], p["date"])))
    return [name for name, ok in checks if not ok]


def _count(sc: EventScores, g: dict[str, Any] | None, p: dict[str, Any] | None) -> None:
    gt = g["type"] if g else None
    pt = p["type"] if p else None
    # PLOVER types (events without a PLOVER type, CAMEO 01, are scored by root only).
    if g is not None and p is not None and gt == pt and gt is not None:
        sc.by_type[gt].tp += 1
        sc.type_micro.tp += 1
    else:
        if gt is not None:
            sc.by_type[gt].fn += 1
            sc.type_micro.fn += 1
        if pt is not None:
            sc.by_type[pt].fp += 1
            sc.type_micro.fp += 1
    gr = g["root"] if g else None
    pr = p["root"] if p else None
    if gr is not None and pr == gr and p is not None:
        sc.by_root[gr].tp += 1
        sc.root_micro.tp += 1
    else:
        if gr is not None:
            sc.by_root[gr].fn += 1
            sc.root_micro.fn += 1
        if pr is not None and (g is None or gr is not None or pt != gt):
            sc.by_root[pr].fp += 1
            sc.root_micro.fp += 1
    if g is not None and p is not None:
        sc.aligned += 1
        s_ok = actor_match(g["source"], p["source"])
        t_ok = actor_match(g["target"], p["target"])
        sc.source_ok += s_ok
        sc.target_ok += t_ok
        sc.date_ok += date_match(g["date"], p["date"])
        if gt == pt and s_ok and t_ok:
            sc.triple.tp += 1
        else:
            sc.triple.fp += 1
            sc.triple.fn += 1
    elif g is not None:
        sc.triple.fn += 1
    elif p is not None:
        sc.triple.fp += 1
    gold_label = (gt or f"CAMEO {gr}") if g is not None else "NONE"
    pred_label = (pt or f"CAMEO {pr}") if p is not None else "MISSED"
    sc.confusion[(gold_label, pred_label)] += 1


# -- actors -------------------------------------------------------------------------------------
@dataclass
class ActorScores:
    items: int = 0
    overall: PRF = field(default_factory=PRF)
    by_kind: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    traps: int = 0
    traps_resolved: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "overall": self.overall.as_dict(),
                "by_kind": {k: v.as_dict() for k, v in sorted(self.by_kind.items())},
                "null_spans": self.traps, "null_spans_resolved": self.traps_resolved}


def _gold_spans(item: dict[str, Any]) -> list[dict[str, Any]]:
    text = item["text"]
    spans = []
    for m in item.get("mentions") or []:
        start = m.get("start")
        if start is None:
            start = text.find(m["text"])
        if start < 0:
            continue
        spans.append({"start": start, "end": start + len(m["text"]), "text": m["text"],
                      "code": m.get("code"), "kind": m.get("kind_of_mention") or "other"})
    return spans


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score_actors(items: Iterable[tuple[int, dict[str, Any]]], coder: Any,
                 keep_errors: int = 100_000) -> ActorScores:
    """Resolve the actors of each gold line and score them against the gold spans."""
    sc = ActorScores()
    for line, item in items:
        if item.get("kind") != "actors":
            continue
        sc.items += 1
        text = item["text"]
        article = Article(article_id=item.get("id") or stable_id(text), body=text,
                          published=item.get("date"))
        mentions: list[ActorMention] = coder.code_article(article).mentions
        gold = _gold_spans(item)
        used: set[int] = set()
        for g in gold:
            cands = [i for i, m in enumerate(mentions) if i not in used and
                     _overlaps(g["start"], g["end"], m.start, m.end)]
            if g["code"] is None:
                sc.traps += 1
                if cands:
                    sc.traps_resolved += 1
                    sc.overall.fp += 1
                    sc.by_kind["null-span"].fp += 1
                    used.update(cands[:1])
                    _err(sc, keep_errors, item, line, g, mentions[cands[0]])
                continue
            hit = next((i for i in cands if actor_match(g["code"], mentions[i].code)), None)
            if hit is not None:
                used.add(hit)
                sc.overall.tp += 1
                sc.by_kind[g["kind"]].tp += 1
            else:
                sc.overall.fn += 1
                sc.by_kind[g["kind"]].fn += 1
                if cands:
                    used.add(cands[0])
                    sc.overall.fp += 1
                    sc.by_kind[g["kind"]].fp += 1
                _err(sc, keep_errors, item, line, g, mentions[cands[0]] if cands else None)
        for i, m in enumerate(mentions):
            if i in used or any(_overlaps(g["start"], g["end"], m.start, m.end) for g in gold):
                continue
            sc.overall.fp += 1
            sc.by_kind["unlabelled"].fp += 1
            _err(sc, keep_errors, item, line, None, m)
    return sc


def _err(sc: ActorScores, keep: int, item: dict[str, Any], line: int,
         g: dict[str, Any] | None, m: ActorMention | None) -> None:
    if len(sc.errors) < keep:
        sc.errors.append({"id": item.get("id"), "line": line,
                          "gold": {"text": g["text"], "code": g["code"]} if g else None,
                          "pred": {"text": m.text, "code": m.code, "by": m.resolved_by}
                          if m else None})
