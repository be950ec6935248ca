"""``eventwire ingest`` and ``eventwire export``: fill the DuckDB archive and get events out.

The coder and the reader are imported lazily inside ``ingest`` so that this module (and the
whole CLI) loads even where spaCy models are not installed, and ``export`` stays fast.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Optional

import typer
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
)
from rich.table import Table

from eventwire.commands import DictOption, ModelOption, StrictOption, app, dict_paths, err
from eventwire.models import Article, CodedArticle

DbOption = typer.Option(Path("eventwire.duckdb"), "--db",
                        help="DuckDB archive file (created if missing).")


def _skip_unchanged(items: Iterable[Article], known: dict[str, str], recode: bool,
                    counter: dict[str, int]) -> Iterator[Article]:
    """Drop articles already stored with the same body before they reach the (slow) coder."""
    from eventwire.store import body_hash

    for a in items:
        counter["read"] += 1
        if not recode and known.get(a.article_id) == body_hash(a.body):
            counter["unchanged"] += 1
            continue
        yield a


def _skip_unchanged_pairs(items: Iterable[CodedArticle], known: dict[str, str], recode: bool,
                          counter: dict[str, int]) -> Iterator[CodedArticle]:
    from eventwire.store import body_hash

    for c in items:
        counter["read"] += 1
        if not recode and known.get(c.article.article_id) == body_hash(c.article.body):
            counter["unchanged"] += 1
            continue
        yield c


def _read_articles(paths: list[str], report: object) -> Iterable[Article]:
    from eventwire.ingest import read_articles  # lazy: owned by the ingestion stage

    # read_articles never raises for bad input: it reports to ``report`` and skips.
    return read_articles(paths, report=report)


def _code(articles: Iterable[Article], model: Optional[str], dicts: tuple[str, ...],
          workers: int) -> Iterator[CodedArticle]:
    """Code the articles; the pipeline is loaded only if at least one needs coding, so a
    re-run over an unchanged corpus finishes in seconds instead of loading spaCy."""
    it = iter(articles)
    first = next(it, None)
    if first is None:
        return
    from eventwire.coder import Coder  # lazy: loads spaCy only when something is to be coded

    coder = Coder(model=model, dicts=dicts)
    yield from coder.code_articles(itertools.chain([first], it), workers=workers)


def _with_progress(items: Iterable[CodedArticle], progress: Progress, task: int,
                   counter: dict[str, int]) -> Iterator[CodedArticle]:
    delay = float(os.environ.get("EVENTWIRE_TEST_INGEST_DELAY", "0") or 0)  # crash test only
    for c in items:
        if delay:
            time.sleep(delay)
        counter["coded"] += 1
        counter["events"] += len(c.events)
        progress.update(task, advance=1, description=(
            f"coded {counter['coded']:,} · unchanged {counter['unchanged']:,} · "
            f"events {counter['events']:,}"))
        yield c


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs or - (stdin) to "
                                      "read; with --coded, JSONL of coded articles."),
    db: Path = DbOption,
    model: Optional[str] = ModelOption,
    dicts: Optional[list[Path]] = DictOption,
    workers: int = typer.Option(1, "--workers", min=1, help="Coder processes."),
    strict: bool = StrictOption,
    coded: bool = typer.Option(False, "--coded", help="PATHs hold already coded articles "
                               "(JSONL of CodedArticle.to_dict); store them without coding."),
    recode: bool = typer.Option(False, "--recode", help="Also re-code and replace articles "
                                "stored unchanged (after changing --model or --dict)."),
    batch_size: int = typer.Option(256, "--batch-size", min=1, help="Articles per "
                                   "transaction (a batch is committed all or nothing)."),
) -> None:
    """Code articles and store them, with their sentences, actor mentions and events, in a
    DuckDB archive. Re-running is safe: unchanged articles are skipped, changed ones
    replaced, and an interrupted run resumes where its last committed batch ended."""
    from eventwire.store import EventStore
    from eventwire.store.codec import read_coded_jsonl

    err.print(f"eventwire: archive [bold]{db.resolve()}[/]")
    try:
        store = EventStore(db)
    except Exception as exc:  # locked by another writer, not a DuckDB file, newer schema…
        err.print(f"[red]cannot open archive {db}: {exc}[/]")
        raise typer.Exit(1)
    started = time.monotonic()
    counter = {"read": 0, "unchanged": 0, "coded": 0, "events": 0}
    known = store.known_hashes()
    failed_exc: BaseException | None = None
    report = None
    with store, Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                         MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                         transient=False) as progress:
        task = progress.add_task("starting…", total=None)
        try:
            if coded:
                from eventwire.report import RunReport

                report = RunReport(err, title="eventwire ingest: input")

                def bad(path: str, line: int, exc: Exception) -> None:
                    report.fail(path, f"not a coded article: {exc}", line=line,
                                kind="bad coded record")

                source: Iterable[CodedArticle] = _skip_unchanged_pairs(
                    itertools.chain.from_iterable(read_coded_jsonl(p, bad) for p in paths),
                    known, recode, counter)
            else:
                from eventwire.report import RunReport

                report = RunReport(err, title="eventwire ingest: input")
                articles = _skip_unchanged(_read_articles(paths, report), known, recode, counter)
                source = _code(articles, model, dict_paths(dicts), workers)
            stats = store.ingest(_with_progress(source, progress, task, counter),
                                 batch_size=batch_size, replace_unchanged=recode, strict=strict)
        except KeyboardInterrupt:
            err.print("[yellow]interrupted: committed batches are kept; re-run to resume.[/]")
            raise typer.Exit(130)
        except Exception as exc:  # noqa: BLE001 - reported, and fatal only with --strict
            failed_exc = exc
            stats = None
        progress.update(task, total=counter["coded"], completed=counter["coded"])
        counts = store.counts()
    elapsed = time.monotonic() - started
    table = Table(title="ingest summary", show_header=False, box=None)
    rows = [("articles read", counter["read"])]
    if report is not None:
        rows.append(("inputs skipped as unreadable/bad", report.failed))
    rows += [("unchanged (skipped before coding)", counter["unchanged"]),
             ("coded", counter["coded"])]
    if stats is not None:
        rows += [("stored new", stats.new), ("replaced (changed body)", stats.replaced),
                 ("failed", stats.failed), ("events stored", stats.events),
                 ("sentences stored", stats.sentences), ("mentions stored", stats.mentions)]
        if stats.duplicate_event_ids:
            rows.append(("duplicate event ids dropped", stats.duplicate_event_ids))
    rows += [("archive now", f"{counts['articles']:,} articles, {counts['events']:,} events"),
             ("elapsed", f"{elapsed:.1f} s"
              + (f" ({counter['coded'] / elapsed:.2f} articles/s)" if counter["coded"] else ""))]
    for k, v in rows:
        table.add_row(k, f"{v:,}" if isinstance(v, int) else str(v))
    err.print(table)
    for msg in (stats.errors if stats else [])[:20]:
        err.print(f"[yellow]  {msg}[/]")
    if failed_exc is not None:
        err.print(f"[red]ingest stopped: {type(failed_exc).__name__}: {failed_exc}[/]\n"
                  "Committed batches are kept; fix the input and re-run to resume.")
        raise typer.Exit(2 if strict else 1)
    if strict and ((stats is not None and stats.failed) or (report is not None and report.failed)):
        raise typer.Exit(2)


@app.command()
def export(
    db: Path = DbOption,
    fmt: str = typer.Option("jsonl", "--format", "-f",
                            help="jsonl | csv | parquet | gdelt | phoenix"),
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Output file (default "
                                      "stdout; Parquet needs a file)."),
    source: Optional[str] = typer.Option(None, "--source", help="Source actor code prefix(es)."),
    target: Optional[str] = typer.Option(None, "--target", help="Target actor code prefix(es)."),
    start: Optional[str] = typer.Option(None, "--start", help="From YYYY[-MM[-DD]]."),
    end: Optional[str] = typer.Option(None, "--end", help="Up to YYYY[-MM[-DD]] (inclusive)."),
    direction: str = typer.Option("forward", "--direction", help="forward | both"),
    one_a_day: bool = typer.Option(False, "--one-a-day", help="One event per source, target, "
                                   "CAMEO code and day."),
    exclude_negated: bool = typer.Option(False, "--exclude-negated", help="Leave out negated, "
                                         "denied and hypothetical events (always for "
                                         "gdelt/phoenix)."),
    header: Optional[bool] = typer.Option(None, "--header/--no-header", help="Column header "
                                          "(default: on for csv, off for gdelt/phoenix)."),
) -> None:
    """Export stored events: the flat event table (jsonl, csv, parquet) or GDELT 1.0 / Phoenix
    style TSV (column mapping in docs/STORE.md)."""
    from eventwire.analysis import Filters
    from eventwire.exports import FORMATS, export_events

    if fmt not in FORMATS:
        err.print(f"[red]--format must be one of {', '.join(FORMATS)}[/]")
        raise typer.Exit(2)
    try:
        f = Filters.make(source, target, start, end, direction, one_a_day,
                         include_negated=not exclude_negated)
        n = export_events(db, fmt, out, f, header=header)
    except (ValueError, FileNotFoundError) as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2)
    err.print(f"exported {n:,} events as {fmt}" + (f" to {out}" if out and out != "-" else ""))
