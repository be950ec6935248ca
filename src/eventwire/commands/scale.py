"""``eventwire spark-code``: code a corpus with Spark, events to Parquet by event month.

pyspark is imported lazily (it is the optional extra ``spark``), so the rest of the CLI loads
without it. See docs/SCALE.md for running on a cluster.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer

from eventwire.commands import DictOption, ModelOption, app, dict_paths, err


@app.command("spark-code")
def spark_code(
    input_path: str = typer.Argument(..., metavar="INPUT", help="JSONL, CSV or Parquet file "
                                     "or directory (any path Spark reads: local, hdfs://, "
                                     "s3a://)."),
    output: str = typer.Argument(..., metavar="OUTPUT", help="Parquet directory for events, "
                                 "partitioned by event_month."),
    master: str = typer.Option("local[*]", "--master", help="Spark master: local[*], "
                               "local[2], spark://host:7077, yarn, k8s://…"),
    input_format: str = typer.Option("jsonl", "--input-format", help="jsonl, csv or parquet."),
    text_field: Optional[str] = typer.Option(None, "--text-field", help="Column holding the "
                                             "text (default: text, body, content, …)."),
    model: Optional[str] = ModelOption,
    dicts: Optional[list[Path]] = DictOption,
    fast: bool = typer.Option(False, "--fast", help="Parse only the sentences that can hold "
                              "an event or give context (eventwire.prefilter)."),
    partitions: Optional[int] = typer.Option(None, "--partitions", help="Repartition the "
                                             "input into this many tasks first."),
    mode: str = typer.Option("overwrite", "--mode", help="Spark write mode: overwrite, "
                             "append, error, ignore."),
) -> None:
    """Code articles with Spark (mapInPandas, one coder per executor Python worker)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        err.print("[red]error[/] pyspark is not installed; run: pip install 'eventwire[spark]'")
        raise typer.Exit(2) from None
    from eventwire.spark import PARTITION_COLUMN, code_dataframe, read_articles_df, session

    if input_format not in ("jsonl", "json", "csv", "parquet"):
        raise typer.BadParameter("choose jsonl, csv or parquet", param_hint="--input-format")
    spark = session(master)
    t0 = time.perf_counter()
    try:
        df = read_articles_df(spark, input_path, input_format)
        if partitions:
            df = df.repartition(partitions)
        events = code_dataframe(df, model=model, dicts=dict_paths(dicts), fast=fast,
                                fields={"text": text_field} if text_field else None)
        events.write.mode(mode).partitionBy(PARTITION_COLUMN).parquet(output)
        n = spark.read.parquet(output).count()
    finally:
        spark.stop()
    err.print(f"{n} events written to {output} (partitioned by {PARTITION_COLUMN}) in "
              f"{time.perf_counter() - t0:.1f}s", highlight=False)
