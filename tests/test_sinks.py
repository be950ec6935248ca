"""JSONL / CSV / Parquet sinks for plain dict records."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from eventwire.sinks import SinkError, format_for_path, open_sink

RECORDS = [
    {"id": 1, "name": "Seoul", "tags": [], "where": {"lat": 37.5}, "note": None},
    {"id": 2, "name": "Pyongyang, \"north\"", "tags": ["a", "b"], "where": None, "note": "x"},
]


def test_jsonl_to_file_keeps_nesting(tmp_path):
    out = tmp_path / "r.jsonl"
    with open_sink("jsonl", out) as sink:
        sink.write_many(RECORDS)
    assert sink.count == 2
    assert [json.loads(line) for line in out.read_text().splitlines()] == RECORDS


def test_jsonl_and_csv_to_stdout(capsys):
    with open_sink("jsonl", None) as sink:
        sink.write(RECORDS[0])
    with open_sink("csv", "-") as sink:
        sink.write_many(RECORDS)
    out = capsys.readouterr().out.splitlines()
    assert json.loads(out[0]) == RECORDS[0]
    assert out[1] == "id,name,tags,where,note"


def test_csv_encodes_nested_values_as_json_and_none_as_empty(tmp_path):
    out = tmp_path / "r.csv"
    with open_sink("csv", out, columns=["id", "tags", "where", "note", "missing"]) as sink:
        sink.write_many(RECORDS)
        sink.write({"id": 3, "extra": "dropped"})
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0] == {"id": "1", "tags": "[]", "where": '{"lat": 37.5}', "note": "",
                       "missing": ""}
    assert json.loads(rows[1]["tags"]) == ["a", "b"]
    assert rows[2]["id"] == "3" and "extra" not in rows[2]


def test_csv_with_columns_and_no_records_still_has_header(tmp_path):
    out = tmp_path / "empty.csv"
    with open_sink("csv", out, columns=["a", "b"]):
        pass
    assert out.read_text().strip() == "a,b"


def test_parquet_writes_row_groups_and_tolerates_null_first_batch(tmp_path):
    out = tmp_path / "r.parquet"
    records = [{"i": i, "w": [] if i < 3 else ["late"], "s": None if i < 3 else "x"}
               for i in range(10)]
    with open_sink("parquet", out, batch_size=3) as sink:
        sink.write_many(records)
    meta = pq.ParquetFile(out).metadata
    assert meta.num_rows == 10 and meta.num_row_groups == 4
    frame = pd.read_parquet(out)
    assert list(frame["w"][9]) == ["late"] and frame["s"][9] == "x"


def test_parquet_needs_a_file():
    with pytest.raises(SinkError, match="needs --out"):
        open_sink("parquet", None)


def test_parquet_schema_clash_is_a_clear_error(tmp_path):
    with pytest.raises(SinkError, match="schema"):
        with open_sink("parquet", tmp_path / "x.parquet", batch_size=1) as sink:
            sink.write({"n": 1})
            sink.write({"n": "not a number"})


def test_unknown_format_and_suffix_guess():
    with pytest.raises(SinkError, match="unknown output format"):
        open_sink("xml")
    assert format_for_path("a/b.parquet") == "parquet"
    assert format_for_path("b.CSV") == "csv"
    assert format_for_path(None) == "jsonl"
    assert format_for_path("b.out", default="csv") == "csv"
