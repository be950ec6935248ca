"""Validate the hand-written gold files in ``tests/gold/`` (format described in docs/GOLD.md).

Every line of every ``tests/gold/*.jsonl`` file must be a valid record of its ``kind``; the
events gold must also keep the coverage we promise (sentences, negatives, articles, and
events per CAMEO root and per PLOVER type), and the actors gold (when present) its size.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from eventwire.cameo import plover_of

GOLD_DIR = Path(__file__).parent / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.jsonl"))

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
CAMEO_ROOTS = {f"{i:02d}" for i in range(1, 21)}
ACTOR_RE = re.compile(r"^[A-Z]{3,12}$")
CAMEO_RE = re.compile(r"^\d{2,4}$")
DATE_SHAPES = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
MENTION_KINDS = {"state", "sector", "organisation", "person", "compound", "coreference"}

MIN_SENTENCES = 400
MIN_PER_ROOT = 15
MIN_PER_PLOVER = 15
MIN_NEGATIVES = 60
MIN_ARTICLES = 10
MIN_ACTOR_MENTIONS = 300


def _load(path: Path) -> list[tuple[int, dict]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:  # pragma: no cover - reported as failure
                pytest.fail(f"{path.name}:{n}: invalid JSON: {exc}")
            assert isinstance(obj, dict), f"{path.name}:{n}: not a JSON object"
            rows.append((n, obj))
    return rows


def _check_date(value, where: str, *, day_only: bool = False) -> dt.date:
    assert isinstance(value, str), f"{where}: date must be a string, got {value!r}"
    fmt = DATE_SHAPES.get(len(value))
    assert fmt is not None, f"{where}: bad date shape {value!r}"
    if day_only:
        assert fmt == "%Y-%m-%d", f"{where}: article date must be YYYY-MM-DD, got {value!r}"
    shape = {"%Y": r"\d{4}", "%Y-%m": r"\d{4}-\d{2}", "%Y-%m-%d": r"\d{4}-\d{2}-\d{2}"}[fmt]
    assert re.fullmatch(shape, value), f"{where}: bad date shape {value!r}"
    try:
        d = dt.datetime.strptime(value, fmt).date()
    except ValueError:
        pytest.fail(f"{where}: date does not parse: {value!r}")
    assert 1900 <= d.year <= 2100, f"{where}: implausible year in {value!r}"
    return d


def _check_actor(code, where: str) -> None:
    assert code is None or (isinstance(code, str) and ACTOR_RE.match(code)), (
        f"{where}: bad actor code {code!r}")


def _check_event_line(obj: dict, where: str) -> None:
    for key in ("id", "kind", "date", "text", "events", "tags"):
        assert key in obj, f"{where}: missing field {key!r}"
    assert obj["kind"] in ("sentence", "article"), f"{where}: bad kind {obj['kind']!r}"
    assert isinstance(obj["text"], str) and obj["text"].strip(), f"{where}: empty text"
    art_date = _check_date(obj["date"], f"{where} date", day_only=True)
    assert isinstance(obj["tags"], list) and all(isinstance(t, str) for t in obj["tags"]), (
        f"{where}: tags must be a list of strings")
    assert isinstance(obj["events"], list), f"{where}: events must be a list"
    if "title" in obj:
        assert isinstance(obj["title"], str) and obj["title"].strip(), f"{where}: bad title"
    for i, ev in enumerate(obj["events"]):
        w = f"{where} events[{i}]"
        assert isinstance(ev, dict), f"{w}: not an object"
        assert "plover_type" in ev, f"{w}: missing plover_type"
        cameo = ev.get("cameo")
        if cameo is not None:
            assert isinstance(cameo, str) and CAMEO_RE.match(cameo), f"{w}: bad cameo {cameo!r}"
            assert cameo[:2] in CAMEO_ROOTS, f"{w}: cameo root out of range {cameo!r}"
        pt = ev["plover_type"]
        if pt is None:
            assert cameo is not None and cameo.startswith("01"), (
                f"{w}: plover_type null is only allowed for CAMEO root 01 statements")
        else:
            assert pt in PLOVER_TYPES, f"{w}: unknown plover_type {pt!r}"
            assert cameo is None or not cameo.startswith("01"), (
                f"{w}: CAMEO 01 statements carry plover_type null")
            # A line's type and code must not disagree: the type is read off our
            # CAMEO->PLOVER table, so a gold line cannot score one event two ways.
            assert cameo is None or plover_of(cameo) == pt, (
                f"{w}: CAMEO {cameo} is {plover_of(cameo)} in cameo.yaml, not {pt}")
        assert "source" in ev and "target" in ev, f"{w}: source and target are required"
        _check_actor(ev["source"], f"{w} source")
        _check_actor(ev["target"], f"{w} target")
        if "date" in ev:
            d = _check_date(ev["date"], f"{w} date")
            assert d.year <= art_date.year + 1, f"{w}: event date far after article date"
    negative = "negative" in obj["tags"]
    if obj["kind"] == "sentence":
        assert negative == (not obj["events"]), (
            f"{where}: a sentence has no events exactly when it is tagged 'negative'")
    else:
        assert obj["events"], f"{where}: an article must list its events"
        paras = [p for p in re.split(r"\n\s*\n", obj["text"]) if p.strip()]
        assert 5 <= len(paras) <= 12, f"{where}: article has {len(paras)} paragraphs"


def _check_actor_line(obj: dict, where: str) -> None:
    for key in ("id", "kind", "date", "text", "mentions"):
        assert key in obj, f"{where}: missing field {key!r}"
    assert obj["kind"] == "actors", f"{where}: bad kind {obj['kind']!r}"
    _check_date(obj["date"], f"{where} date", day_only=True)
    text = obj["text"]
    assert isinstance(text, str) and text.strip(), f"{where}: empty text"
    assert isinstance(obj["mentions"], list) and obj["mentions"], f"{where}: no mentions"
    if "tags" in obj:
        assert isinstance(obj["tags"], list), f"{where}: tags must be a list"
    for i, m in enumerate(obj["mentions"]):
        w = f"{where} mentions[{i}]"
        assert isinstance(m, dict) and isinstance(m.get("text"), str) and m["text"], (
            f"{w}: mention needs a text span")
        assert "code" in m, f"{w}: missing code"
        _check_actor(m["code"], f"{w} code")
        if "start" in m:
            s = m["start"]
            assert isinstance(s, int) and text[s:s + len(m["text"])] == m["text"], (
                f"{w}: start {s} does not point at {m['text']!r}")
        else:
            assert m["text"] in text, f"{w}: span {m['text']!r} not in text"
        if "kind_of_mention" in m:
            assert m["kind_of_mention"] in MENTION_KINDS, f"{w}: bad kind_of_mention"


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.name for p in GOLD_FILES])
def test_every_line_is_valid(path: Path) -> None:
    rows = _load(path)
    assert rows, f"{path.name} is empty"
    for n, obj in rows:
        where = f"{path.name}:{n}"
        kind = obj.get("kind")
        if kind == "actors":
            _check_actor_line(obj, where)
        else:
            _check_event_line(obj, where)


def test_ids_are_unique_across_gold_files() -> None:
    seen: dict[str, str] = {}
    for path in GOLD_FILES:
        for n, obj in _load(path):
            i = obj.get("id")
            assert isinstance(i, str) and i, f"{path.name}:{n}: missing id"
            assert i not in seen, f"{path.name}:{n}: duplicate id {i!r} (first in {seen[i]})"
            seen[i] = f"{path.name}:{n}"


def test_events_gold_coverage() -> None:
    path = GOLD_DIR / "events.jsonl"
    assert path.exists(), "tests/gold/events.jsonl is missing"
    rows = [obj for _, obj in _load(path)]
    sentences = [o for o in rows if o["kind"] == "sentence"]
    articles = [o for o in rows if o["kind"] == "article"]
    negatives = [o for o in sentences if not o["events"]]
    assert len(sentences) >= MIN_SENTENCES, f"only {len(sentences)} sentences"
    assert len(negatives) >= MIN_NEGATIVES, f"only {len(negatives)} negative sentences"
    assert len(articles) >= MIN_ARTICLES, f"only {len(articles)} articles"
    roots = Counter(e["cameo"][:2] for o in sentences for e in o["events"] if e.get("cameo"))
    plover = Counter(e["plover_type"] for o in sentences for e in o["events"])
    thin_roots = {r: roots[r] for r in sorted(CAMEO_ROOTS) if roots[r] < MIN_PER_ROOT}
    thin_types = {t: plover[t] for t in sorted(PLOVER_TYPES) if plover[t] < MIN_PER_PLOVER}
    assert not thin_roots, f"CAMEO roots below {MIN_PER_ROOT} events: {thin_roots}"
    assert not thin_types, f"PLOVER types below {MIN_PER_PLOVER} events: {thin_types}"


def test_heldout2_coverage() -> None:
    """The second held-out set keeps what docs/GOLD.md promises for it."""
    path = GOLD_DIR / "events-heldout2.jsonl"
    if not path.exists():
        pytest.skip("tests/gold/events-heldout2.jsonl not written yet")
    rows = [obj for _, obj in _load(path)]
    events = [e for o in rows for e in o["events"]]
    negatives = [o for o in rows if o["kind"] == "sentence" and not o["events"]]
    assert len(negatives) >= 40, f"only {len(negatives)} negative sentences"
    assert sum(o["kind"] == "article" for o in rows) >= 3, "fewer than 3 articles"
    roots = Counter(e["cameo"][:2] for e in events if e.get("cameo"))
    plover = Counter(e["plover_type"] for e in events)
    assert not {r for r in CAMEO_ROOTS if roots[r] < 8}, f"thin CAMEO roots: {roots}"
    assert not {t for t in PLOVER_TYPES if plover[t] < 8}, f"thin PLOVER types: {plover}"


def test_actors_gold_size() -> None:
    path = GOLD_DIR / "actors.jsonl"
    if not path.exists():
        pytest.skip("tests/gold/actors.jsonl not written yet")
    mentions = sum(len(obj.get("mentions", [])) for _, obj in _load(path))
    assert mentions >= MIN_ACTOR_MENTIONS, f"only {mentions} actor mentions"
