"""kill -9 the ingest at arbitrary moments, re-run, and get exactly the clean run's archive.

The writer is the real CLI (``eventwire ingest --coded``) in a subprocess, slowed down per
article by a test-only env var so that it can be killed mid-run; a second test-only env var
makes it log each committed batch so the test knows the kill landed after some commits.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from eventwire.store import EventStore
from eventwire.store.synthetic import synthetic_archive

TABLES = ("articles", "sentences", "mentions", "events")


def _ingest(coded: Path, db: Path, env: dict[str, str] | None = None,
            **popen: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "ingest", "--coded", str(coded), "--db", str(db),
         "--batch-size", "5"],
        env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, **popen)


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in TABLES:
            excl = " EXCLUDE (ingested_at)" if t == "articles" else ""
            out[t] = con.execute(f"SELECT *{excl} FROM {t} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def _lines(path: Path) -> list[int]:
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def test_kill_9_mid_ingest_then_rerun_equals_clean_run(tmp_path: Path) -> None:
    arts = list(synthetic_archive(200, seed=11))
    coded = tmp_path / "coded.jsonl"
    coded.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in arts))
    expected_events = {a.article.article_id: len({e.event_id for e in a.events}) for a in arts}

    clean_db = tmp_path / "clean.duckdb"
    with EventStore(clean_db) as store:  # the uninterrupted reference run, in-process
        store.ingest(arts, batch_size=5)
    clean = _snapshot(clean_db)
    assert len(clean["articles"]) == 200

    db = tmp_path / "crashy.duckdb"
    log = tmp_path / "commits.log"
    rng = random.Random(5)
    env = {"EVENTWIRE_TEST_INGEST_DELAY": "0.01", "EVENTWIRE_TEST_COMMIT_LOG": str(log)}
    stored_before = 0
    for attempt in range(2):
        seen = len(_lines(log))
        proc = _ingest(coded, db, env)
        deadline = time.monotonic() + 60
        while len(_lines(log)) < seen + 2 and proc.poll() is None:  # wait for 2 commits
            assert time.monotonic() < deadline, "ingest made no progress"
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.08))  # anywhere: between commits or inside one
        assert proc.poll() is None, "finished before it could be killed: slow it down"
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL

        snap = _snapshot(db)
        committed = sum(_lines(log))
        n_articles = len(snap["articles"])
        # Nothing committed is lost; nothing half-written is visible; no duplicates.
        assert committed <= n_articles < 200
        assert n_articles > stored_before
        stored_before = n_articles
        ids = [r[0] for r in snap["articles"]]
        assert len(ids) == len(set(ids))
        per_article: dict[str, int] = {}
        for row in snap["events"]:
            per_article[row[1]] = per_article.get(row[1], 0) + 1
        assert per_article == {i: expected_events[i] for i in ids if expected_events[i]}

    assert _ingest(coded, db).wait(120) == 0  # resume to the end
    assert _snapshot(db) == clean
    assert _ingest(coded, db).wait(120) == 0  # and once more: nothing changes
    assert _snapshot(db) == clean
