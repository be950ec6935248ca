"""Coding a Spark DataFrame of articles into a DataFrame of events (``eventwire spark-code``).

    from eventwire.spark import code_dataframe
    events = code_dataframe(spark.read.json("articles.jsonl"))   # flat event schema
    events.write.partitionBy("event_month").parquet("events/")

Each row becomes an ``Article`` exactly as ``read_articles`` builds it from a JSONL/CSV
record (same field names and aliases: ``text``/``body``, ``id``/``article_id``, ``title``,
``date``, ``url``, ``source``; same wire cleaning, same ids), so the events equal those of
``eventwire code`` on the same records. Rows are coded with ``mapInPandas``: each executor
Python worker process builds one ``Coder`` lazily, on its first batch, and keeps it for every
later task (Spark reuses Python workers), so the model loads once per worker process.

The output has the columns of ``eventwire.models.EVENT_FLAT_COLUMNS`` with explicit types,
plus ``event_month`` (``YYYY-MM`` of the event date; ``YYYY`` for a year-only date,
``unknown`` without one) to partition by. See docs/SCALE.md for clusters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence

from eventwire.models import EVENT_FLAT_COLUMNS, Article

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame

#: Non-string columns of the flat event table and their Spark SQL types.
NON_STRING_TYPES: dict[str, str] = {
    "sentence_id": "int",
    "quad_class": "int",
    "goldstein": "double",
    "negated": "boolean",
    "location_lat": "double",
    "location_lon": "double",
    "location_fallback": "boolean",
    "confidence": "double",
}
PARTITION_COLUMN = "event_month"

_coders: dict[tuple[Any, ...], Any] = {}


def event_schema() -> Any:
    """The Spark ``StructType`` of coded events (flat columns + ``event_month``)."""
    from pyspark.sql.types import (BooleanType, DoubleType, IntegerType, StringType,
                                   StructField, StructType)

    kinds = {"int": IntegerType(), "double": DoubleType(), "boolean": BooleanType()}
    fields = [StructField(c, kinds.get(NON_STRING_TYPES.get(c, ""), StringType()), True)
              for c in EVENT_FLAT_COLUMNS]
    fields.append(StructField(PARTITION_COLUMN, StringType(), False))
    return StructType(fields)


def event_month(value: str | None) -> str:
    if not value:
        return "unknown"
    return value[:7] if len(value) >= 7 else value[:4]


def _coder(model: str | None, dicts: tuple[str, ...], fast: bool) -> Any:
    """This Python process's coder, built on first use and kept."""
    key = (model, dicts, fast)
    if key not in _coders:
        from eventwire.coder import Coder

        _coders[key] = Coder(model=model, dicts=dicts, fast=fast)
    return _coders[key]


def _none(value: Any) -> Any:
    """pandas' missing values (NaN, NaT, None, pd.NA) as None."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def row_articles(rows: "pd.DataFrame", fields: Mapping[str, str] | None = None
                 ) -> Iterator[Article]:
    """Articles from a pandas batch of records, built exactly as ``read_articles`` builds
    them from JSONL/CSV records (rows with no text are skipped, as there)."""
    from eventwire.ingest.build import Meta, build_article
    from eventwire.ingest.records import pick, resolve_fields
    from eventwire.ingest.wire import split_wire

    spec = resolve_fields(list(rows.columns), fields)
    for record in rows.to_dict("records"):
        record = {k: _none(v) for k, v in record.items()}
        text = pick(record, spec["text"])
        if text is None or not str(text).strip():
            continue
        text = str(text)
        title = pick(record, spec["title"])
        title = str(title) if title not in (None, "") else None

        def s(v: Any) -> str | None:
            return None if v is None else str(v)

        meta = Meta(source_file=None, record_id=s(pick(record, spec["id"])), title=title,
                    date=s(pick(record, spec["date"])), url=s(pick(record, spec["url"])),
                    source=s(pick(record, spec["source"])))
        yield build_article(split_wire(text, title=title), meta, raw_text=text)


def _event_rows(coded: Any) -> Iterator[dict[str, Any]]:
    for e in coded.events:
        flat = e.to_flat()
        row = {c: flat.get(c) for c in EVENT_FLAT_COLUMNS}
        row[PARTITION_COLUMN] = event_month(flat.get("event_date"))
        yield row


def code_batches(batches: Iterator["pd.DataFrame"], *, model: str | None = None,
                 dicts: Sequence[str] = (), fast: bool = False,
                 fields: Mapping[str, str] | None = None) -> Iterator["pd.DataFrame"]:
    """The ``mapInPandas`` function: pandas batches of articles -> batches of events."""
    import pandas as pd

    coder = _coder(model, tuple(str(d) for d in dicts), fast)
    columns = list(EVENT_FLAT_COLUMNS) + [PARTITION_COLUMN]
    for batch in batches:
        rows: list[dict[str, Any]] = []
        for coded in coder.code_articles(row_articles(batch, fields)):
            rows.extend(_event_rows(coded))
        frame = pd.DataFrame(rows, columns=columns)
        for col, kind in NON_STRING_TYPES.items():
            if col in frame:
                frame[col] = frame[col].astype({"int": "Int32", "double": "float64",
                                                "boolean": "boolean"}[kind])
        yield frame


def code_dataframe(df: "DataFrame", *, model: str | None = None, dicts: Sequence[str] = (),
                   fast: bool = False, fields: Mapping[str, str] | None = None
                   ) -> "DataFrame":
    """A DataFrame of events (``event_schema()``) from a DataFrame of articles.

    ``fields`` maps article fields (text, id, title, date, url, source) to column names,
    as ``--text-field`` does for ``eventwire code``; by default the usual aliases apply.
    """
    dicts = tuple(str(d) for d in dicts)
    fields = dict(fields) if fields else None

    def fn(batches: Iterator["pd.DataFrame"]) -> Iterator["pd.DataFrame"]:
        return code_batches(batches, model=model, dicts=dicts, fast=fast, fields=fields)

    return df.mapInPandas(fn, schema=event_schema())


def read_articles_df(spark: Any, path: str, input_format: str = "jsonl") -> "DataFrame":
    """Read JSONL, CSV (header row; quoted multi-line fields) or Parquet as a DataFrame."""
    fmt = input_format.lower()
    if fmt in ("jsonl", "json"):
        return spark.read.json(path)
    if fmt == "csv":
        return (spark.read.option("header", True).option("multiLine", True)
                .option("escape", '"').option("quote", '"').csv(path))
    if fmt == "parquet":
        return spark.read.parquet(path)
    raise ValueError(f"input format must be jsonl, csv or parquet, not {input_format!r}")


def session(master: str = "local[*]", app_name: str = "eventwire",
            conf: Mapping[str, str] | None = None) -> Any:
    """A SparkSession for ``master``, with Arrow batches sized for coding."""
    import os
    import sys

    from pyspark.sql import SparkSession

    if master.startswith("local"):
        # Local executors run this very interpreter (the one with eventwire and the model).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
               .config("spark.ui.showConsoleProgress", "false"))
    for k, v in (conf or {}).items():
        builder = builder.config(k, v)
    return builder.getOrCreate()
