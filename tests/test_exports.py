"""Exports: the flat table in three formats, and the GDELT 1.0 / Phoenix column layouts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.exports import GDELT_COLUMNS, PHOENIX_COLUMNS, export_events
from eventwire.models import EVENT_FLAT_COLUMNS
from eventwire.store import EventStore
from eventwire.store.synthetic import coded_article


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    a = coded_article("2022-03-05", [("USAGOV", "PRK", "130"), ("IGOUNO", "PRK", "046")],
                      outlet="Wire A")
    b = coded_article("2022-03-05", [("USAGOV", "PRK", "130")], outlet="Daily C")
    neg = coded_article("2022-03-06", [("PRK", "KOR", "190")], outlet="Wire A")
    neg.events[0].negated = True
    path = tmp_path / "e.duckdb"
    with EventStore(path) as s:
        s.write([a, b, neg])
    return path


def test_flat_formats_carry_every_event_with_the_flat_columns(db: Path, tmp_path: Path) -> None:
    n = export_events(db, "jsonl", tmp_path / "e.jsonl")
    rows = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert n == len(rows) == 4
    assert tuple(rows[0]) == EVENT_FLAT_COLUMNS
    assert sum(r["negated"] for r in rows) == 1
    export_events(db, "csv", tmp_path / "e.csv")
    with open(tmp_path / "e.csv", newline="") as f:
        table = list(csv.reader(f))
    assert tuple(table[0]) == EVENT_FLAT_COLUMNS and len(table) == 5
    export_events(db, "parquet", tmp_path / "e.parquet")
    t = pq.read_table(tmp_path / "e.parquet")
    assert tuple(t.column_names) == EVENT_FLAT_COLUMNS and t.num_rows == 4
    assert t.schema.field("goldstein").type == "double"


def test_gdelt_layout(db: Path, tmp_path: Path) -> None:
    n = export_events(db, "gdelt", tmp_path / "g.tsv")
    lines = (tmp_path / "g.tsv").read_text().splitlines()
    assert n == len(lines) == 3  # the negated event is left out
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"))) for line in lines]
    assert all(len(line.split("\t")) == 58 for line in lines)
    threat = [r for r in rows if r["EventCode"] == "130"]
    assert len(threat) == 2
    r = threat[0]
    assert (r["SQLDATE"], r["MonthYear"], r["Year"]) == ("20220305", "202203", "2022")
    assert (r["Actor1Code"], r["Actor1CountryCode"], r["Actor1Type1Code"]) == ("USAGOV", "USA", "GOV")
    assert (r["Actor2Code"], r["EventBaseCode"], r["EventRootCode"], r["QuadClass"]) == (
        "PRK", "130", "13", "3")
    assert (r["NumMentions"], r["NumArticles"], r["NumSources"]) == ("2", "2", "2")
    assert r["IsRootEvent"] == "1" and r["GLOBALEVENTID"].isdigit()
    assert r["SOURCEURL"].startswith("https://news.example/")
    assert r["ActionGeo_Type"] == "4" and r["ActionGeo_FullName"] == "Geneva"
    igo = [r for r in rows if r["Actor1Code"] == "IGOUNO"][0]
    assert igo["Actor1KnownGroupCode"] == "UNO" and igo["IsRootEvent"] == "0"
    assert float(r["FractionDate"]) == pytest.approx(2022 + 64 / 365, abs=1e-4)


def test_phoenix_layout(db: Path, tmp_path: Path) -> None:
    export_events(db, "phoenix", tmp_path / "p.tsv", header=True)
    reader = csv.DictReader(io.StringIO((tmp_path / "p.tsv").read_text()), delimiter="\t")
    assert tuple(reader.fieldnames or ()) == PHOENIX_COLUMNS
    rows = list(reader)
    assert len(rows) == 3
    r = [x for x in rows if x["SourceActorFull"] == "USAGOV"][0]
    assert (r["SourceActorEntity"], r["SourceActorRole"], r["EventRootCode"],
            r["PentaClass"]) == ("USA", "GOV", "13", "3")
    consult = [x for x in rows if x["EventCode"] == "046"][0]
    assert consult["PentaClass"] == "1" and consult["SentenceID"].endswith("_1")
    assert r["NewsSources"] in ("Wire A", "Daily C") and r["Date"] == "20220305"


def test_filters_and_cli(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "--source", "IGO"])
    assert r.exit_code == 0, r.output
    assert len(r.stdout.strip().splitlines()) == 2
    out = tmp_path / "x.jsonl"
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--out", str(out),
                            "--exclude-negated", "--one-a-day"])
    assert r.exit_code == 0 and len(out.read_text().splitlines()) == 2
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "xml"])
    assert r.exit_code == 2
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "parquet"])
    assert r.exit_code == 2 and "Parquet needs --out" in r.output
