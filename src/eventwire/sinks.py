"""Writers for plain dict records: JSONL, CSV or Parquet, to a file or stdout.

Every stage ends by writing records (articles, events, actor mentions), so the formats'
quirks live here once: CSV cannot hold nested values (they are JSON-encoded), Parquet is a
binary columnar file (it needs a real file and is written in row groups so memory stays
flat however many records flow through), and JSONL/CSV on stdout must carry nothing but
records so that they pipe into ``jq``, ``duckdb`` or the next stage.

    with open_sink("parquet", "events.parquet") as sink:
        for event in events:
            sink.write(event.to_flat())
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

FORMATS = ("jsonl", "csv", "parquet")


class SinkError(ValueError):
    """The requested output cannot be written (bad format, Parquet to stdout, schema clash)."""


def _json_default(value: Any) -> Any:
    # Dates, paths, numpy scalars: anything without a JSON form is written as its text.
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


class Sink:
    """Base writer: a context manager that accepts dict records one at a time."""

    def __init__(self, out: str | Path | None, columns: Sequence[str] | None = None) -> None:
        self.out = None if out in (None, "-") else Path(out)
        self.columns: list[str] | None = list(columns) if columns else None
        self.count = 0

    def __enter__(self) -> "Sink":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, record: dict[str, Any]) -> None:
        raise NotImplementedError

    def write_many(self, records: Iterable[dict[str, Any]]) -> int:
        n = 0
        for record in records:
            self.write(record)
            n += 1
        return n

    def close(self) -> None:
        raise NotImplementedError

    def _project(self, record: dict[str, Any]) -> dict[str, Any]:
        if self.columns is None:
            self.columns = list(record)
        return {c: record.get(c) for c in self.columns}


class _TextSink(Sink):
    def __init__(self, out: str | Path | None, columns: Sequence[str] | None = None) -> None:
        super().__init__(out, columns)
        if self.out is None:
            self._fh: IO[str] = sys.stdout
            self._owns = False
        else:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.out, "w", encoding="utf-8", newline="")
            self._owns = True

    def close(self) -> None:
        if self._owns:
            self._fh.close()
        else:
            self._fh.flush()


class JsonlSink(_TextSink):
    """One JSON object per line; nested values stay nested."""

    def write(self, record: dict[str, Any]) -> None:
        if self.columns is not None:
            record = self._project(record)
        self._fh.write(_dumps(record) + "\n")
        self.count += 1


class CsvSink(_TextSink):
    """RFC 4180 CSV; the header is ``columns`` or the first record's keys.

    Keys a later record adds are dropped rather than shifting columns; nested dicts and lists
    are JSON-encoded and None is an empty cell so the file loads in any spreadsheet or
    ``pandas.read_csv``.
    """

    def __init__(self, out: str | Path | None, columns: Sequence[str] | None = None) -> None:
        super().__init__(out, columns)
        self._writer: csv.writer | None = None  # type: ignore[valid-type]

    def write(self, record: dict[str, Any]) -> None:
        row = self._project(record)
        if self._writer is None:
            self._writer = csv.writer(self._fh)
            self._writer.writerow(self.columns)
        self._writer.writerow([self._cell(v) for v in row.values()])
        self.count += 1

    @staticmethod
    def _cell(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, (dict, list, tuple)):
            return _dumps(value)
        return value

    def close(self) -> None:
        if self._writer is None and self.columns:
            csv.writer(self._fh).writerow(self.columns)
        super().close()


class ParquetSink(Sink):
    """Parquet written in row groups of ``batch_size`` records.

    The schema comes from ``schema`` or is inferred from the first batch, with all-null
    columns typed as strings (a first batch without warnings must not fix ``warnings`` as a
    list of nulls). Later batches are cast to that schema; a value that cannot be cast is a
    SinkError naming the column rather than a corrupt file.
    """

    def __init__(self, out: str | Path | None, columns: Sequence[str] | None = None, *,
                 batch_size: int = 10_000, schema: Any = None) -> None:
        super().__init__(out, columns)
        if self.out is None:
            raise SinkError("Parquet output needs --out FILE: Parquet is a binary file "
                            "format and cannot be written to stdout (use jsonl or csv there)")
        self.batch_size = batch_size
        self._schema = schema
        self._rows: list[dict[str, Any]] = []
        self._writer: Any = None

    def write(self, record: dict[str, Any]) -> None:
        self._rows.append(self._project(record))
        self.count += 1
        if len(self._rows) >= self.batch_size:
            self._flush()

    def _infer_schema(self, rows: list[dict[str, Any]]) -> Any:
        import pyarrow as pa

        inferred = pa.Table.from_pylist(rows).schema
        fields = []
        for f in inferred:
            t = f.type
            if pa.types.is_null(t):
                t = pa.string()
            elif pa.types.is_list(t) and pa.types.is_null(t.value_type):
                t = pa.list_(pa.string())
            fields.append(pa.field(f.name, t))
        return pa.schema(fields)

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._rows and self._writer is not None:
            return
        if self._schema is None:
            if not self._rows:
                if not self.columns:
                    return
                self._schema = pa.schema([(c, pa.string()) for c in self.columns])
            else:
                self._schema = self._infer_schema(self._rows)
        try:
            table = pa.Table.from_pylist(self._rows, schema=self._schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise SinkError(f"record does not fit the Parquet schema of earlier records: "
                            f"{exc}") from exc
        if self._writer is None:
            assert self.out is not None
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(str(self.out), self._schema)
        self._writer.write_table(table)
        self._rows = []

    def close(self) -> None:
        self._flush()
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def open_sink(fmt: str, out: str | Path | None = None, columns: Sequence[str] | None = None,
              **options: Any) -> Sink:
    """Open a writer for ``fmt`` (jsonl, csv, parquet) to ``out`` (None or "-" = stdout)."""
    fmt = fmt.lower()
    if fmt == "jsonl":
        return JsonlSink(out, columns)
    if fmt == "csv":
        return CsvSink(out, columns)
    if fmt == "parquet":
        return ParquetSink(out, columns, **options)
    raise SinkError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def format_for_path(out: str | Path | None, default: str = "jsonl") -> str:
    """Guess the output format from ``--out``'s suffix, so ``-o events.parquet`` just works."""
    if out in (None, "-"):
        return default
    suffix = Path(out).suffix.lower().lstrip(".")
    return {"jsonl": "jsonl", "ndjson": "jsonl", "json": "jsonl", "csv": "csv",
            "parquet": "parquet", "pq": "parquet"}.get(suffix, default)


__all__ = ["FORMATS", "CsvSink", "JsonlSink", "ParquetSink", "Sink", "SinkError",
           "format_for_path", "open_sink"]
