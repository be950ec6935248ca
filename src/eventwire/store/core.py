"""The DuckDB event archive: one file holding articles, sentences, mentions and events.

Writes are idempotent and crash-safe by construction rather than by cleanup:

* every row is keyed by content-stable ids (``article_id`` from ingestion, ``event_id`` from
  the coder), and an article's ``body_hash`` tells an unchanged re-read (skipped) from a
  changed article (its earlier sentences, mentions and events are deleted and replaced);
* a batch of articles is written in a single transaction — delete-then-insert for every
  article in it — so ``kill -9`` at any instant leaves either the whole batch or none of it,
  and the next run simply redoes the missing batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from eventwire.models import EVENT_FLAT_COLUMNS, Article, CodedArticle, Event
from eventwire.store.migrations import LATEST_VERSION, SchemaError, current_version, migrate

#: Where ``eventwire ingest`` and the analyses look when ``--db`` is not given.
DEFAULT_DB = "eventwire.duckdb"

_S = pa.string()
_I = pa.int32()
_F = pa.float64()
_B = pa.bool_()

ARTICLE_SCHEMA = pa.schema([
    ("article_id", _S), ("body_hash", _S), ("title", _S), ("byline", _S),
    ("dateline_place", _S), ("agency", _S), ("published", _S), ("updated", _S),
    ("date_source", _S), ("body", _S), ("url", _S), ("source_file", _S), ("language", _S),
    ("warnings", pa.list_(_S)), ("source", _S), ("article_day", pa.date32()), ("model", _S),
    ("ingested_at", pa.timestamp("us")),
])
SENTENCE_SCHEMA = pa.schema([
    ("article_id", _S), ("sentence_id", _I), ("start", _I), ("end", _I), ("text", _S),
])
MENTION_SCHEMA = pa.schema([
    ("article_id", _S), ("mention_index", _I), ("sentence_id", _I), ("start", _I),
    ("end", _I), ("text", _S), ("code", _S), ("country", _S), ("sector", _S), ("name", _S),
    ("kind", _S), ("resolved_by", _S), ("antecedent", _S), ("confidence", _F),
])
_EVENT_TYPES: dict[str, pa.DataType] = {
    "sentence_id": _I, "quad_class": _I, "goldstein": _F, "negated": _B,
    "location_lat": _F, "location_lon": _F, "location_fallback": _B, "confidence": _F,
}
EVENT_SCHEMA = pa.schema(
    [(c, _EVENT_TYPES.get(c, _S)) for c in EVENT_FLAT_COLUMNS] + [("event_day", pa.date32())]
)


def body_hash(body: str) -> str:
    """The hash that tells a changed article from a re-read of the same one."""
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def parse_day(value: str | None) -> dt.date | None:
    """First day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD[...]`` date; None if unparseable.

    Month- and year-granular event dates are grouped under their first day: the granularity
    column says how much of that day to believe.
    """
    if not value:
        return None
    v = value.strip()
    try:
        if len(v) >= 10:
            return dt.date.fromisoformat(v[:10])
        if len(v) == 7:
            return dt.date(int(v[:4]), int(v[5:7]), 1)
        if len(v) == 4:
            return dt.date(int(v), 1, 1)
    except ValueError:
        return None
    return None


@dataclass
class WriteStats:
    """What a write did, per article outcome; added up across batches for the summary."""

    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    sentences: int = 0
    mentions: int = 0
    events: int = 0
    duplicate_event_ids: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "WriteStats") -> None:
        for k in ("new", "replaced", "unchanged", "failed", "sentences", "mentions", "events",
                  "duplicate_event_ids"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors.extend(other.errors)

    @property
    def articles(self) -> int:
        return self.new + self.replaced + self.unchanged + self.failed


def _article_row(c: CodedArticle, now: dt.datetime) -> dict[str, Any]:
    a = c.article
    d = {k: getattr(a, k) for k in Article.FIELDS}
    d["source"] = a.source
    d["warnings"] = list(a.warnings or [])
    d["body_hash"] = body_hash(a.body)
    d["article_day"] = parse_day(a.published)
    d["model"] = c.model
    d["ingested_at"] = now
    return d


def flat_event(e: Event) -> dict[str, Any]:
    """``Event.to_flat()`` without ``dataclasses.asdict``'s deep copies (5x faster).

    ``tests/test_store.py`` checks it equals ``to_flat()`` so the two cannot drift apart.
    """
    d = e.event_date
    s, t, loc = e.source_actor, e.target_actor, e.location
    return {
        "event_id": e.event_id, "article_id": e.article_id, "sentence_id": e.sentence_id,
        "sentence_text": e.sentence_text,
        "event_date": d.value if d else None,
        "event_date_granularity": d.granularity if d else None,
        "event_date_expression": d.expression if d else None,
        "source_text": s.text if s else None, "source_code": s.code if s else None,
        "source_country": s.country if s else None, "source_sector": s.sector if s else None,
        "source_name": s.name if s else None,
        "target_text": t.text if t else None, "target_code": t.code if t else None,
        "target_country": t.country if t else None, "target_sector": t.sector if t else None,
        "target_name": t.name if t else None,
        "cameo_code": e.cameo_code, "cameo_root": e.cameo_root, "quad_class": e.quad_class,
        "goldstein": e.goldstein, "plover_type": e.plover_type, "plover_mode": e.plover_mode,
        "plover_context": e.plover_context, "trigger": e.trigger, "negated": e.negated,
        "modality": e.modality,
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "location_lat": loc.lat if loc else None, "location_lon": loc.lon if loc else None,
        "location_fallback": loc.fallback if loc else None,
        "rule": e.rule, "confidence": e.confidence,
    }


def _event_rows(c: CodedArticle) -> tuple[list[dict[str, Any]], int]:
    """Flat event rows, each with ``event_day``; duplicate event ids in one article dropped."""
    fallback = parse_day(c.article.published)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    dupes = 0
    for e in c.events:
        if e.event_id in seen:
            dupes += 1
            continue
        seen.add(e.event_id)
        flat = flat_event(e)
        flat["article_id"] = c.article.article_id
        flat["event_day"] = parse_day(flat.get("event_date")) or fallback
        rows.append(flat)
    return rows, dupes


class EventStore:
    """An open archive. Use as a context manager; ``read_only`` for analyses."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only:
            if self.path != ":memory:" and not Path(self.path).exists():
                raise FileNotFoundError(
                    f"no event archive at {self.path}; create one with `eventwire ingest`")
            self.con = duckdb.connect(self.path, read_only=True)
            version = current_version(self.con)
            if version < LATEST_VERSION:
                # An older archive: upgrade it once (needs write access), then read.
                self.con.close()
                self.con = duckdb.connect(self.path)
                migrate(self.con)
            elif version > LATEST_VERSION:
                raise SchemaError(f"archive schema version {version} is newer than "
                                  f"this eventwire ({LATEST_VERSION}); upgrade eventwire")
        else:
            self.con = duckdb.connect(self.path)
            migrate(self.con)
        self.read_only = read_only

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "EventStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return current_version(self.con)

    # -- reads -------------------------------------------------------------------------------
    def known_hashes(self) -> dict[str, str]:
        """article_id -> body_hash of every stored article: lets ingest skip re-coding."""
        return dict(self.con.execute("SELECT article_id, body_hash FROM articles").fetchall())

    def counts(self) -> dict[str, int]:
        return {t: int(self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0])
                for t in ("articles", "sentences", "mentions", "events")}

    # -- writes ------------------------------------------------------------------------------
    def write(self, batch: Iterable[CodedArticle], replace_unchanged: bool = False) -> WriteStats:
        """Store a batch of coded articles in one all-or-nothing transaction.

        Articles whose body hash is already stored are skipped unless ``replace_unchanged``
        (used when re-coding with a new model or lexicon). Within the batch, a later copy of
        an article id wins over an earlier one, as a later re-read would.
        """
        by_id: dict[str, CodedArticle] = {}
        for c in batch:
            by_id.pop(c.article.article_id, None)
            by_id[c.article.article_id] = c
        stats = WriteStats()
        if not by_id:
            return stats
        ids = list(by_id)
        existing = dict(self.con.execute(
            "SELECT article_id, body_hash FROM articles WHERE article_id IN "
            "(SELECT unnest(?::VARCHAR[]))", [ids]).fetchall())
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        arts, sents, ments, evs = [], [], [], []
        write_ids: list[str] = []
        replaced_ids: list[str] = []
        for aid, c in by_id.items():
            h = body_hash(c.article.body)
            if aid in existing and existing[aid] == h and not replace_unchanged:
                stats.unchanged += 1
                continue
            if aid in existing:
                stats.replaced += 1
                replaced_ids.append(aid)
            else:
                stats.new += 1
            write_ids.append(aid)
            arts.append(_article_row(c, now))
            for s in c.sentences:
                sents.append({"article_id": aid, "sentence_id": s.sentence_id, "start": s.start,
                              "end": s.end, "text": s.text})
            for i, m in enumerate(c.mentions):
                ments.append({
                    "article_id": aid, "mention_index": i, "sentence_id": m.sentence_id,
                    "start": m.start, "end": m.end, "text": m.text, "code": m.code,
                    "country": m.country, "sector": m.sector, "name": m.name, "kind": m.kind,
                    "resolved_by": m.resolved_by, "antecedent": m.antecedent,
                    "confidence": m.confidence})
            rows, dupes = _event_rows(c)
            evs.extend(rows)
            stats.duplicate_event_ids += dupes
        if not write_ids:
            return stats
        tables = {
            "articles": pa.Table.from_pylist(arts, schema=ARTICLE_SCHEMA),
            "sentences": pa.Table.from_pylist(sents, schema=SENTENCE_SCHEMA),
            "mentions": pa.Table.from_pylist(ments, schema=MENTION_SCHEMA),
            "events": pa.Table.from_pylist(evs, schema=EVENT_SCHEMA),
        }
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            # Only a stored article can have rows to replace: rows never exist without
            # their article row, since all of an article's rows commit together.
            for t in ("events", "mentions", "sentences", "articles") if replaced_ids else ():
                con.execute(f"DELETE FROM {t} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                            [replaced_ids])
            for t in ("articles", "sentences", "mentions", "events"):
                if tables[t].num_rows:
                    con.register("_batch", tables[t])
                    try:
                        cols = ", ".join(f'"{n}"' for n in tables[t].column_names)
                        con.execute(f"INSERT INTO {t} ({cols}) SELECT {cols} FROM _batch")
                    finally:
                        con.unregister("_batch")
            _test_hook("before_commit")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        stats.sentences, stats.mentions, stats.events = (
            len(sents), len(ments), len(evs))
        return stats

    def ingest(
        self,
        coded: Iterable[CodedArticle],
        batch_size: int = 256,
        max_batch_seconds: float = 2.0,
        replace_unchanged: bool = False,
        strict: bool = False,
        on_batch: Callable[[WriteStats], None] | None = None,
    ) -> WriteStats:
        """Write a stream of coded articles in small all-or-nothing batches.

        A batch is committed when it reaches ``batch_size`` articles or has waited
        ``max_batch_seconds`` (slow coders should not hold finished work uncommitted). If a
        batch fails, its articles are retried one by one so that one bad record loses only
        itself; with ``strict`` the first failure is raised instead.
        """
        total = WriteStats()
        for batch in _batches(coded, batch_size, max_batch_seconds):
            try:
                stats = self.write(batch, replace_unchanged=replace_unchanged)
            except (duckdb.Error, ValueError, TypeError, pa.ArrowException) as exc:
                if strict:
                    raise
                stats = WriteStats()
                for c in batch:
                    try:
                        stats.add(self.write([c], replace_unchanged=replace_unchanged))
                    except (duckdb.Error, ValueError, TypeError, pa.ArrowException) as one:
                        stats.failed += 1
                        stats.errors.append(f"{c.article.article_id}: {one}")
                if not stats.failed:  # the batch error was not about one article
                    stats.errors.append(f"batch retried one by one after: {exc}")
            total.add(stats)
            if on_batch:
                on_batch(stats)
            _test_hook("after_commit", stats)
        return total


def _batches(items: Iterable[CodedArticle], size: int,
             max_seconds: float) -> Iterator[list[CodedArticle]]:
    batch: list[CodedArticle] = []
    started = time.monotonic()
    try:
        for item in items:
            if not batch:
                started = time.monotonic()
            batch.append(item)
            if len(batch) >= size or time.monotonic() - started >= max_seconds:
                yield batch
                batch = []
    except (Exception, KeyboardInterrupt):
        # The coder (or reader) failed, or the user pressed Ctrl-C: what was already coded
        # is still good, so store it before passing the error on.
        if batch:
            yield batch
        raise
    if batch:
        yield batch


# -- test-only hooks ---------------------------------------------------------------------------
# EVENTWIRE_TEST_COMMIT_LOG=path appends one line per committed batch, so the crash test can
# kill the writer at a moment when it is known to be mid-run. Unset in normal use: no cost.
def _test_hook(point: str, stats: WriteStats | None = None) -> None:
    import os

    log = os.environ.get("EVENTWIRE_TEST_COMMIT_LOG")
    if log and point == "after_commit" and stats is not None:
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{stats.new + stats.replaced}\n")
