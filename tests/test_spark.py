"""Spark in local mode codes ~20 texts exactly as the single-process Coder does.

Skipped (with the reason) where pyspark or a Java runtime is missing; install them with
``pip install -e ".[dev,spark]"`` and a JDK 17+.
"""

from __future__ import annotations

import json
import math
import shutil
import sys
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark", reason="pyspark not installed (pip install "
                              "'eventwire[spark]')")
if shutil.which("java") is None:
    pytest.skip("no Java runtime on PATH (Spark needs JDK 17+)", allow_module_level=True)

GOLD = Path(__file__).resolve().parent / "gold" / "events.jsonl"


def _corpus(tmp: Path) -> Path:
    """20 records: every whole article of the gold file, then gold sentences."""
    items = [json.loads(line) for line in GOLD.read_text().splitlines() if line.strip()]
    items = [i for i in items if i["kind"] == "article"] + \
        [i for i in items if i["kind"] == "sentence"]
    path = tmp / "articles.jsonl"
    with path.open("w") as fh:
        for i in items[:20]:
            fh.write(json.dumps({"id": i["id"], "text": i["text"], "date": i["date"],
                                 "title": i.get("title")}) + "\n")
    return path


def _norm(row: dict) -> tuple:
    out = []
    for k in sorted(row):
        v = row[k]
        if isinstance(v, float):
            v = None if math.isnan(v) else round(v, 6)
        out.append((k, v))
    return tuple(out)


def _expected(coder, path: Path) -> list[tuple]:
    from eventwire.ingest import read_articles
    from eventwire.models import EVENT_FLAT_COLUMNS
    from eventwire.spark import event_month

    rows = []
    for coded in coder.code_articles(read_articles([path])):
        for e in coded.events:
            flat = e.to_flat()
            row = {c: flat[c] for c in EVENT_FLAT_COLUMNS}
            row["event_month"] = event_month(flat["event_date"])
            rows.append(_norm(row))
    return sorted(rows)


@pytest.fixture(scope="module")
def spark():
    from eventwire.spark import session

    s = session("local[2]", "eventwire-test",
                {"spark.sql.shuffle.partitions": "2", "spark.driver.memory": "1g"})
    yield s
    s.stop()


def test_spark_events_equal_single_process_coder(spark, coder, tmp_path):
    from eventwire.models import EVENT_FLAT_COLUMNS
    from eventwire.spark import code_dataframe, event_schema, read_articles_df

    path = _corpus(tmp_path)
    df = read_articles_df(spark, str(path), "jsonl").repartition(2)
    events = code_dataframe(df)
    assert events.schema == event_schema()
    assert events.columns == list(EVENT_FLAT_COLUMNS) + ["event_month"]
    got = sorted(_norm(r.asDict()) for r in events.collect())
    want = _expected(coder, path)
    assert len(want) >= 10
    assert got == want


def test_spark_code_command_writes_parquet_by_month(spark, coder, tmp_path):
    import pandas as pd
    from typer.testing import CliRunner

    from eventwire.cli import app

    path = _corpus(tmp_path)
    out = tmp_path / "events"
    res = CliRunner().invoke(app, ["spark-code", str(path), str(out), "--master", "local[2]",
                                   "--input-format", "jsonl"])
    assert res.exit_code == 0, res.output
    months = sorted(p.name for p in out.iterdir() if p.name.startswith("event_month="))
    assert months and all(len(m.split("=")[1]) in (4, 7) or m.endswith("unknown")
                          for m in months)
    table = pd.read_parquet(out)
    assert len(table) == len(_expected(coder, path))
    assert str(table["sentence_id"].dtype).lower().startswith("int")
    assert str(table["goldstein"].dtype) == "float64"
