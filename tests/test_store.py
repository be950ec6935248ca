"""The DuckDB store: schema and migrations, idempotent and replacing writes, dedup views."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from eventwire.models import EVENT_FLAT_COLUMNS
from eventwire.store import (
    LATEST_VERSION, MIGRATIONS, EventStore, SchemaError, coded_from_dict, migrate, parse_day,
)
from eventwire.store.core import flat_event
from eventwire.store.synthetic import coded_article, make_event, synthetic_archive


def _rows(store: EventStore, table: str) -> list[tuple]:
    excl = " EXCLUDE (ingested_at)" if table == "articles" else ""
    return store.con.execute(f"SELECT *{excl} FROM {table} ORDER BY ALL").fetchall()


def test_events_table_keeps_the_flat_columns_in_order(tmp_path: Path) -> None:
    # The store, the CSV/Parquet sinks and the exports must agree on the flat event table;
    # a new Event field needs a migration, and this test says so.
    with EventStore(tmp_path / "a.duckdb") as s:
        cols = [r[0] for r in s.con.execute("DESCRIBE events").fetchall()]
    assert tuple(cols[: len(EVENT_FLAT_COLUMNS)]) == EVENT_FLAT_COLUMNS
    assert cols[len(EVENT_FLAT_COLUMNS):] == ["event_day"]


def test_fast_flattening_equals_to_flat() -> None:
    c = coded_article("2021-03-04", [("USAGOV", "PRK", "130"), (None, "IRN", "190")])
    bare = dataclasses.replace(c.events[1], location=None, source_actor=None)
    for e in [*c.events, bare]:
        assert flat_event(e) == e.to_flat()


def test_ingest_stores_everything_and_is_idempotent(tmp_path: Path) -> None:
    arts = list(synthetic_archive(120, seed=3))
    with EventStore(tmp_path / "a.duckdb") as s:
        first = s.ingest(arts, batch_size=16)
        assert (first.new, first.replaced, first.unchanged) == (120, 0, 0)
        counts = s.counts()
        assert counts == {"articles": 120,
                          "sentences": sum(len(a.sentences) for a in arts),
                          "mentions": sum(len(a.mentions) for a in arts),
                          "events": sum(len(a.events) for a in arts)}
        snapshot = {t: _rows(s, t) for t in counts}
        again = s.ingest(arts + arts[:10], batch_size=16)  # repeats inside one run too
        assert (again.new, again.replaced, again.unchanged) == (0, 0, 130)
        assert {t: _rows(s, t) for t in counts} == snapshot


def test_changed_article_replaces_its_rows(tmp_path: Path) -> None:
    old = coded_article("2021-01-01", [("USA", "PRK", "130"), ("PRK", "USA", "111")],
                        article_id="a1")
    other = coded_article("2021-01-02", [("CHN", "JPN", "040")], article_id="a2")
    new = coded_article("2021-01-01", [("USA", "PRK", "046")], article_id="a1", salt="v2")
    with EventStore(tmp_path / "a.duckdb") as s:
        s.write([old, other])
        stats = s.write([new])
        assert (stats.new, stats.replaced) == (0, 1)
        ev = s.con.execute("SELECT article_id, cameo_code FROM events ORDER BY ALL").fetchall()
        assert ev == [("a1", "046"), ("a2", "040")]
        assert s.con.execute("SELECT count(*) FROM sentences WHERE article_id = 'a1'"
                             ).fetchall()[0][0] == len(new.sentences)
        assert s.con.execute("SELECT body_hash FROM articles WHERE article_id = 'a1'"
                             ).fetchall()[0][0] != s.con.execute(
            "SELECT body_hash FROM articles WHERE article_id = 'a2'").fetchall()[0][0]
        # --recode path: unchanged body but replace anyway
        assert s.write([new], replace_unchanged=True).replaced == 1


def test_a_failing_batch_loses_only_the_bad_article(tmp_path: Path) -> None:
    good = [coded_article("2021-02-0%d" % i, [("USA", "IRN", "130")]) for i in range(1, 4)]
    bad = coded_article("2021-02-09", [("USA", "IRN", "130")])
    bad.events[0].sentence_id = "not a number"  # type: ignore[assignment]
    with EventStore(tmp_path / "a.duckdb") as s:
        stats = s.ingest([good[0], bad, good[1], good[2]], batch_size=10)
        assert (stats.new, stats.failed) == (3, 1)
        assert bad.article.article_id in stats.errors[0]
        assert s.counts()["articles"] == 3
        with pytest.raises(Exception):
            s.ingest([bad], strict=True)


def test_duplicate_event_ids_in_one_article_are_kept_once(tmp_path: Path) -> None:
    c = coded_article("2021-05-05", [("USA", "PRK", "130")])
    c.events.append(c.events[0])
    with EventStore(tmp_path / "a.duckdb") as s:
        assert s.write([c]).duplicate_event_ids == 1
        assert s.counts()["events"] == 1


def test_event_day_uses_event_date_then_article_date(tmp_path: Path) -> None:
    c = coded_article("2021-05-05", [("USA", "PRK", "130"), ("USA", "PRK", "111"),
                                     ("USA", "PRK", "040")])
    c.events[1].event_date.value, c.events[1].event_date.granularity = "2021-04", "month"
    c.events[2].event_date.value = None
    with EventStore(tmp_path / "a.duckdb") as s:
        s.write([c])
        days = s.con.execute("SELECT cameo_code, event_day FROM events ORDER BY 1").fetchall()
    assert days == [("040", dt.date(2021, 5, 5)), ("111", dt.date(2021, 4, 1)),
                    ("130", dt.date(2021, 5, 5))]
    assert parse_day("2020") == dt.date(2020, 1, 1) and parse_day("garbage") is None


def test_dedup_views(tmp_path: Path) -> None:
    day = "2022-06-01"
    a = coded_article(day, [("USA", "PRK", "130"), ("USA", "PRK", "130")], outlet="Wire A")
    b = coded_article(day, [("USA", "PRK", "130")], outlet="Daily C")
    c = coded_article("2022-06-02", [("USA", "PRK", "130")], outlet="Wire A")
    d = coded_article(day, [("CHN", "PRK", "040")], outlet="Wire A")
    with EventStore(tmp_path / "a.duckdb") as s:
        s.write([a, b, c, d])
        assert s.counts()["events"] == 5  # raw events are all kept
        one = s.con.execute("SELECT source_code, event_day, n_reports, n_articles "
                            "FROM events_one_a_day ORDER BY ALL").fetchall()
        assert one == [("CHN", dt.date(2022, 6, 1), 1, 1), ("USA", dt.date(2022, 6, 1), 3, 2),
                       ("USA", dt.date(2022, 6, 2), 1, 1)]
        cross = s.con.execute("SELECT source_code, target_code, cameo_code, event_day, "
                              "n_reports, n_articles, n_outlets FROM events_cross_article"
                              ).fetchall()
        assert cross == [("USA", "PRK", "130", dt.date(2022, 6, 1), 3, 2, 2)]


def test_opens_a_v1_archive_and_migrates_it(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    assert migrate(con, target=1) == [1]
    con.close()
    # A v1 archive with data in it, written by the v1 code path.
    c = coded_article("2021-01-01", [("USA", "PRK", "130")])
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO articles (article_id, body_hash, ingested_at) VALUES (?, 'h', now())",
                [c.article.article_id])
    con.execute("INSERT INTO events (event_id, article_id, source_code, target_code, cameo_code,"
                " event_day) VALUES ('e1', ?, 'USA', 'PRK', '130', DATE '2021-01-01')",
                [c.article.article_id])
    assert con.execute("SELECT max(version) FROM schema_version").fetchall() == [(1,)]
    assert not con.execute("SELECT * FROM information_schema.tables "
                           "WHERE table_name = 'events_one_a_day'").fetchall()
    con.close()
    with EventStore(path, read_only=True) as s:  # analyses upgrade old archives too
        assert s.schema_version == LATEST_VERSION
        assert s.con.execute("SELECT count(*) FROM events_one_a_day").fetchall() == [(1,)]
        versions = s.con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    assert [v for (v,) in versions] == [m.version for m in MIGRATIONS]


def test_newer_archive_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    EventStore(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version (version, description) VALUES (999, 'future')")
    con.close()
    with pytest.raises(SchemaError):
        EventStore(path)


def test_read_only_open_of_missing_archive_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="eventwire ingest"):
        EventStore(tmp_path / "nope.duckdb", read_only=True)


def test_coded_round_trip_through_json() -> None:
    c = coded_article("2021-01-01", [("USAGOV", "PRK", "130"), (None, "IGOUNO", "040")])
    again = coded_from_dict(json.loads(json.dumps(c.to_dict())))
    assert again.to_dict() == c.to_dict()
    assert [e.to_flat() for e in again.events] == [e.to_flat() for e in c.events]


def test_make_event_ids_are_content_stable() -> None:
    a = make_event("x", 0, "s", "2020-01-01", "USA", "PRK", "130")
    b = make_event("x", 0, "s", "2020-01-01", "USA", "PRK", "130")
    assert a.event_id == b.event_id


def test_cli_coded_ingest_skips_bad_records_and_strict_fails(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    good = [coded_article("2021-01-0%d" % i, [("USA", "PRK", "130")]) for i in (1, 2)]
    src = tmp_path / "coded.jsonl"
    src.write_text(json.dumps(good[0].to_dict()) + "\n{not json\n"
                   + json.dumps(good[1].to_dict()) + "\n")
    db = tmp_path / "c.duckdb"
    runner = CliRunner()
    r = runner.invoke(app, ["ingest", "--coded", str(src), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "coded.jsonl:2" in r.stderr
    with EventStore(db, read_only=True) as s:
        assert s.counts()["articles"] == 2
    r = runner.invoke(app, ["ingest", "--coded", str(src), "--db", str(db), "--strict"])
    assert r.exit_code == 2


def test_articles_coded_before_a_coder_crash_are_kept(tmp_path: Path) -> None:
    arts = list(synthetic_archive(5, seed=9))

    def coder():
        yield from arts[:3]
        raise RuntimeError("coder died")

    with EventStore(tmp_path / "a.duckdb") as s:
        with pytest.raises(RuntimeError):
            s.ingest(coder(), batch_size=10)
        assert s.counts()["articles"] == 3
