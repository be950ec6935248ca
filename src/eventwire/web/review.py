"""Reviews of coded events, kept in the archive itself, and their export as gold lines.

The review table lives in the same DuckDB file as the events (so one file carries the data
and its corrections) but belongs to the web app, not to the store's schema: it is created
with ``CREATE TABLE IF NOT EXISTS`` when the app starts with ``--review``, and the store's
migrations never touch it. Reviews are append-only: every verdict is a new row and the
latest one per event wins, so a reviewer can change their mind and nothing is lost.

``export_gold`` turns them into ``tests/gold/events.jsonl`` lines (docs/GOLD.md): one line
per reviewed sentence with its corrected full event list. A sentence is exported only once
every event the coder found in it has a verdict: a partly reviewed sentence would otherwise
claim that its unreviewed events are not events.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from eventwire import cameo
from eventwire.cameo import PLOVER_TYPES
from eventwire.web.queries import BadRequest

TABLE = "web_reviews"
CREATE = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    review_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    sentence_id INTEGER NOT NULL,
    event_id VARCHAR,              -- NULL for an event the coder missed ("added")
    verdict VARCHAR NOT NULL,      -- correct | wrong | fixed | added | removed
    plover_type VARCHAR,
    cameo_code VARCHAR,
    source_code VARCHAR,
    target_code VARCHAR,
    event_date VARCHAR,
    note VARCHAR,
    created_at TIMESTAMP NOT NULL
)"""

VERDICTS = ("correct", "wrong", "fixed", "added", "removed")
_ACTOR_RE = re.compile(r"^(?:[A-Z]{3})+$")
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(CREATE)


def has_table(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
        [TABLE]).fetchone()[0])


@dataclass(frozen=True)
class ReviewInput:
    """One validated review: what the reviewer said about one event (or one missed event)."""

    article_id: str
    sentence_id: int
    verdict: str
    event_id: str | None = None
    plover_type: str | None = None
    cameo_code: str | None = None
    source_code: str | None = None
    target_code: str | None = None
    event_date: str | None = None
    note: str | None = None
    target_review: str | None = None  # for "removed": the added event's review_id

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> "ReviewInput":
        """From a form or JSON body; every field checked, a clear BadRequest otherwise."""
        def text(key: str, limit: int = 200) -> str | None:
            v = data.get(key)
            if v is None:
                return None
            v = str(v).strip()
            if len(v) > limit:
                raise BadRequest(f"{key} is limited to {limit} characters")
            return v or None

        verdict = text("verdict")
        if verdict not in VERDICTS:
            raise BadRequest(f"verdict must be one of {', '.join(VERDICTS)}")
        article_id = text("article_id")
        if not article_id:
            raise BadRequest("article_id is required")
        try:
            sentence_id = int(text("sentence_id") or "")
        except ValueError:
            raise BadRequest("sentence_id must be a whole number") from None
        event_id = text("event_id")
        if verdict in ("correct", "wrong", "fixed") and not event_id:
            raise BadRequest(f"a '{verdict}' verdict needs the event_id it is about")
        if verdict == "added" and event_id:
            raise BadRequest("an added event has no event_id (the coder did not find it)")
        plover = text("plover_type")
        plover = plover.upper() if plover else None
        if plover and plover not in PLOVER_TYPES:
            raise BadRequest(f"plover_type must be one of {', '.join(PLOVER_TYPES)}")
        code = text("cameo_code")
        if code:
            norm = cameo.normalise(code)
            if norm is None:
                raise BadRequest(f"cameo_code {code[:20]!r} is not a CAMEO code")
            code = norm
            plover = plover or cameo.plover_of(code)
        actors = {}
        for side in ("source_code", "target_code"):
            v = text(side, 60)
            v = v.upper() if v else None
            if v and not _ACTOR_RE.match(v):
                raise BadRequest(f"{side} must be an actor code of three-letter parts, such "
                                 f"as PRK, KORGOV or IGOUNO (or empty for none)")
            actors[side] = v
        date = text("event_date", 10)
        if date and not _DATE_RE.match(date):
            raise BadRequest("event_date must be YYYY, YYYY-MM or YYYY-MM-DD")
        if date:
            try:
                dt.date.fromisoformat((date + "-01-01")[:10] if len(date) < 10 else date)
            except ValueError:
                raise BadRequest(f"event_date {date!r} is not a real date") from None
        if verdict in ("fixed", "added") and not plover:
            raise BadRequest(f"a '{verdict}' event needs its PLOVER type (or a CAMEO code)")
        target_review = text("review_id", 64)
        if verdict == "removed" and not target_review:
            raise BadRequest("'removed' needs the review_id of the added event to remove")
        return cls(article_id, sentence_id, verdict, event_id, plover, code,
                   actors["source_code"], actors["target_code"], date, text("note", 1000),
                   target_review)


def add_review(con: duckdb.DuckDBPyConnection, r: ReviewInput) -> str:
    """Store a review after checking that it is about a stored sentence/event; its id."""
    if not con.execute("SELECT count(*) FROM sentences WHERE article_id = ? AND sentence_id = ?",
                       [r.article_id, r.sentence_id]).fetchone()[0]:
        raise BadRequest(f"no sentence {r.sentence_id} in article {r.article_id[:60]!r}")
    if r.event_id and not con.execute(
            "SELECT count(*) FROM events WHERE article_id = ? AND event_id = ? AND sentence_id = ?",
            [r.article_id, r.event_id, r.sentence_id]).fetchone()[0]:
        raise BadRequest(f"no event {r.event_id[:40]!r} in that sentence")
    event_id = r.event_id
    if r.verdict == "removed":
        # Retract an added event: the row points at the added review it cancels.
        found = con.execute(f"SELECT count(*) FROM {TABLE} WHERE review_id = ? AND verdict = "
                            "'added' AND article_id = ? AND sentence_id = ?",
                            [r.target_review, r.article_id, r.sentence_id]).fetchone()[0]
        if not found:
            raise BadRequest("no added event with that review_id in this sentence")
        event_id = f"review:{r.target_review}"
    rid = uuid.uuid4().hex
    con.execute(
        f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [rid, r.article_id, r.sentence_id, event_id, r.verdict, r.plover_type, r.cameo_code,
         r.source_code, r.target_code, r.event_date, r.note,
         dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)])
    return rid


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _fold(rows: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Review rows (oldest first) -> latest verdict per event id, live added events by id."""
    latest: dict[str, dict[str, Any]] = {}
    added: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["verdict"] == "added":
            added[r["review_id"]] = r
        elif r["verdict"] == "removed":
            added.pop(str(r["event_id"]).removeprefix("review:"), None)
        else:
            latest[r["event_id"]] = r
    return latest, added


def article_reviews(con: duckdb.DuckDBPyConnection, article_id: str
                    ) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The latest verdict per coded event, and the added (not retracted) events, of an article."""
    if not has_table(con):
        return {}, []
    latest, added = _fold(_rows(con.execute(
        f"SELECT * FROM {TABLE} WHERE article_id = ? ORDER BY created_at, review_id",
        [article_id])))
    return latest, list(added.values())


def recent_reviews(con: duckdb.DuckDBPyConnection, limit: int = 200) -> list[dict[str, Any]]:
    if not has_table(con):
        return []
    return _rows(con.execute(
        f"""SELECT r.*, a.title FROM {TABLE} r LEFT JOIN articles a USING (article_id)
            ORDER BY r.created_at DESC, r.review_id LIMIT ?""", [limit]))


def _gold_event(d: Mapping[str, Any]) -> dict[str, Any]:
    ev: dict[str, Any] = {"plover_type": d.get("plover_type"), "cameo": d.get("cameo_code"),
                          "source": d.get("source_code"), "target": d.get("target_code")}
    if not ev["cameo"]:
        ev.pop("cameo")
    if d.get("event_date"):
        ev["date"] = d["event_date"]
    return ev


def gold_lines(con: duckdb.DuckDBPyConnection) -> tuple[list[dict[str, Any]], int]:
    """Gold lines for every fully reviewed sentence, and how many sentences were left out.

    A coded event's corrected form is: dropped if marked wrong, as coded if correct, the
    reviewer's values if fixed (fields left empty in a fix keep the coded value); added events
    are appended. Event dates are written only when the event has its own date that differs
    from the article's (the gold default). Four queries in all, however many reviews.
    """
    if not has_table(con):
        return [], 0
    by_article: dict[str, list[dict[str, Any]]] = {}
    for r in _rows(con.execute(f"SELECT * FROM {TABLE} ORDER BY created_at, review_id")):
        by_article.setdefault(r["article_id"], []).append(r)
    aids = sorted(by_article)
    in_ids = "article_id IN (SELECT unnest(?::VARCHAR[]))"
    published = dict(con.execute(f"SELECT article_id, published FROM articles WHERE {in_ids}",
                                 [aids]).fetchall())
    events: dict[str, list[dict[str, Any]]] = {}
    for e in _rows(con.execute(
            "SELECT article_id, event_id, sentence_id, plover_type, cameo_code, source_code, "
            f"target_code, event_date FROM events WHERE {in_ids} "
            "ORDER BY article_id, sentence_id, event_id", [aids])):
        events.setdefault(e["article_id"], []).append(e)
    texts = {(a, sid): t for a, sid, t in con.execute(
        f'SELECT article_id, sentence_id, "text" FROM sentences WHERE {in_ids}',
        [aids]).fetchall()}
    lines: list[dict[str, Any]] = []
    skipped = 0
    for aid in aids:
        if aid not in published:
            continue
        day = (published[aid] or "")[:10] or None
        latest, added_by_id = _fold(by_article[aid])
        added = list(added_by_id.values())
        art_events = events.get(aid, [])
        touched = {r["sentence_id"] for r in latest.values()} | {a["sentence_id"] for a in added}
        for sid in sorted(touched):
            coded = [e for e in art_events if e["sentence_id"] == sid]
            if any(e["event_id"] not in latest for e in coded):
                skipped += 1
                continue
            gold: list[dict[str, Any]] = []
            for e in coded:
                r = latest[e["event_id"]]
                if r["verdict"] == "wrong":
                    continue
                merged = dict(e)
                if r["verdict"] == "fixed":
                    for k in ("plover_type", "cameo_code", "source_code", "target_code",
                              "event_date"):
                        if r.get(k):
                            merged[k] = r[k]
                    if r.get("plover_type") and not r.get("cameo_code"):
                        # A new type without a code: the old code would contradict it.
                        merged["cameo_code"] = None
                if merged.get("event_date") == day:
                    merged["event_date"] = None
                gold.append(_gold_event(merged))
            gold += [_gold_event(a) for a in added if a["sentence_id"] == sid]
            lines.append({"id": f"rv-{aid}-{sid}", "kind": "sentence", "date": day,
                          "text": texts.get((aid, sid), ""), "events": gold,
                          "tags": ["review"] + ([] if gold else ["negative"])})
    return lines, skipped


def gold_jsonl(con: duckdb.DuckDBPyConnection) -> Iterator[str]:
    lines, _ = gold_lines(con)
    for line in lines:
        yield json.dumps(line, ensure_ascii=False) + "\n"
