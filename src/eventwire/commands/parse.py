"""``eventwire parse``: raw news in, clean Article records out (owned by the ingestion stage).

stdout carries records only, so ``eventwire parse news/ | jq`` always works: progress,
per-file messages and the summary go to stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from eventwire.commands import OutOption, StrictOption, app, err, quiet_broken_pipe
from eventwire.models import Article
from eventwire.report import RunReport
from eventwire.sinks import FORMATS, SinkError, format_for_path, open_sink

ARTICLE_COLUMNS = (*Article.FIELDS, "source")


@app.command()
def parse(
    paths: list[str] = typer.Argument(..., help="Files, directories (recursive), globs, or - "
                                      "for stdin."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="Output format: jsonl, "
                                      "csv or parquet (default: from --out's suffix, else "
                                      "jsonl). Parquet needs --out."),
    out: Optional[Path] = OutOption,
    strict: bool = StrictOption,
    input_format: str = typer.Option("auto", "--input-format", help="auto, text, html, "
                                     "jsonl or csv (auto: by suffix, else by content)."),
    text_field: Optional[str] = typer.Option(None, "--text-field", help="JSONL/CSV field "
                                             "holding the text (default: text, else body)."),
    id_field: Optional[str] = typer.Option(None, "--id-field"),
    title_field: Optional[str] = typer.Option(None, "--title-field"),
    date_field: Optional[str] = typer.Option(None, "--date-field"),
    url_field: Optional[str] = typer.Option(None, "--url-field"),
    source_field: Optional[str] = typer.Option(None, "--source-field"),
) -> None:
    """Read raw news (text, HTML, JSONL, CSV) and write one clean article record per article.

    A text or HTML file is one article: only its first 2 MB are read (with a warning).
    Bad files and records are reported on stderr and skipped; --strict makes them fail.
    """
    from eventwire.ingest import INPUT_FORMATS, read_articles  # heavy: only for this command

    fmt = (fmt or format_for_path(out)).lower()
    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    if input_format not in INPUT_FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(INPUT_FORMATS)}",
                                 param_hint="--input-format")
    fields = {name: value for name, value in (
        ("text", text_field), ("id", id_field), ("title", title_field),
        ("date", date_field), ("url", url_field), ("source", source_field)) if value}
    report = RunReport(err, title="eventwire parse")
    try:
        sink = open_sink(fmt, out, columns=ARTICLE_COLUMNS)
    except SinkError as exc:
        err.print(f"[red]error[/] {exc}")
        raise typer.Exit(2) from None

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                        TextColumn("{task.completed} articles"), TimeElapsedColumn(),
                        console=err, transient=True, disable=not err.is_terminal)
    with quiet_broken_pipe(), sink, progress:
        task = progress.add_task("parsing", total=None)
        for article in read_articles(paths, input_format=input_format, fields=fields,
                                     report=report):
            sink.write(article.to_dict())
            report.written += 1
            progress.advance(task)
    report.summary()
    raise typer.Exit(report.exit_code(strict))
