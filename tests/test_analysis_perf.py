"""Every analysis answers in under 2 s on a 4,500-story archive (~20k events).

The archive is synthetic (``synthetic_archive``: 14 actors with sectors, 13 CAMEO codes,
four years) and built once per module; each query is timed end to end through the public
API, opening the file read-only as the CLI does.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from eventwire import analysis
from eventwire.exports import export_events
from eventwire.store import EventStore
from eventwire.store.synthetic import synthetic_archive

LIMIT_S = 2.0


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("perf") / "archive.duckdb"
    with EventStore(path) as s:
        stats = s.ingest(synthetic_archive(4500, seed=0))
        assert stats.new == 4500 and stats.events > 19_000
    return path


QUERIES = {
    "series month dyad": lambda db: analysis.series(db, source="USA", target="PRK",
                                                    direction="both"),
    "series day all": lambda db: analysis.series(db, freq="day"),
    "series week actor": lambda db: analysis.series(db, source="IRN", freq="week"),
    "dyads top 20": lambda db: (analysis.dyads(db, limit=20), analysis.actors(db, limit=20)),
    "dyads per month": lambda db: analysis.dyads(db, freq="month", limit=5, direction="both"),
    "alternation dyad": lambda db: analysis.alternation(db, source="USA", target="PRK",
                                                        direction="both"),
    "alternation actor one-a-day": lambda db: analysis.alternation(db, source="CHN",
                                                                   one_a_day=True),
    "timeline dyad": lambda db: analysis.timeline(db, source="USA", target="PRK"),
    "timeline all": lambda db: analysis.timeline(db),
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_analysis_under_two_seconds(archive: Path, name: str) -> None:
    started = time.perf_counter()
    result = QUERIES[name](archive)
    elapsed = time.perf_counter() - started
    print(f"{name}: {elapsed * 1000:.0f} ms")
    assert result is not None
    assert elapsed < LIMIT_S, f"{name} took {elapsed:.2f} s"


def test_flat_export_of_whole_archive_is_quick(archive: Path, tmp_path: Path) -> None:
    started = time.perf_counter()
    n = export_events(archive, "parquet", tmp_path / "all.parquet")
    assert n > 19_000 and time.perf_counter() - started < LIMIT_S
