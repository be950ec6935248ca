"""``eventwire code``, ``actors``, ``explain``, ``eval`` and ``demo``: the coder's commands.

``code`` and ``actors`` read any input ``parse`` reads and stream records out; a failure on
one article is reported (file, reason) and counted, never fatal unless ``--strict``.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any, Iterator, Optional

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from eventwire.commands import DictOption, ModelOption, OutOption, StrictOption, app, \
    dict_paths, err, quiet_broken_pipe
from eventwire.models import EVENT_FLAT_COLUMNS, ActorMention, Article, CodedArticle, Event

InputFormatOption = typer.Option("auto", "--input-format", help="auto, text, html, jsonl or "
                                 "csv (auto: by suffix, else by content).")
TextFieldOption = typer.Option(None, "--text-field", help="JSONL/CSV field holding the text.")
WorkersOption = typer.Option(1, "--workers", "-w", min=1, help="Parallel parsing processes.")


def _coder(model: Optional[str], dicts: Optional[list[Path]],  # type: ignore[no-untyped-def]
           fast: bool = False, ner: Optional[str] = None):
    from eventwire.coder import Coder
    from eventwire.lexicon import LexiconError
    from eventwire.nlp import ModelNotFound

    try:
        return Coder(model=model, dicts=dict_paths(dicts), fast=fast, ner=ner)
    except (LexiconError, ModelNotFound) as exc:
        err.print(f"[red]error[/] {exc}", highlight=False)
        raise typer.Exit(2) from None


#: Articles coded together in one process (the parse and NER batches of code_articles).
BATCH = 32


def coded_stream(paths: list[str], coder: Any, report: Any, input_format: str,
                 text_field: Optional[str], workers: int) -> Iterator[CodedArticle]:
    """Articles from ``paths`` coded in input order, in batches; a failing article is
    reported and skipped."""
    from eventwire.ingest import read_articles

    fields = {"text": text_field} if text_field else None
    articles = read_articles(paths, input_format=input_format, fields=fields, report=report)
    if workers > 1 or getattr(coder, "fast", False):
        yield from coder.code_articles(articles, workers=workers)
        return
    # Batches through code_articles (batched parse, NER batched across articles: about a
    # quarter less CPU than article by article); a batch that fails is coded again one
    # article at a time, so that only the bad article is lost.
    for batch in iter(lambda: list(itertools.islice(articles, BATCH)), []):
        try:
            yield from list(coder.code_articles(batch))
            continue
        except Exception:  # noqa: BLE001 - found and reported below, article by article
            pass
        for article in batch:
            try:
                yield coder.code_article(article)
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch
                report.fail(article.source_file or article.article_id,
                            f"coding failed: {exc.__class__.__name__}: {exc}",
                            kind="coding failed")


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed} articles"), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def _run_batch(paths: list[str], fmt: Optional[str], out: Optional[Path], strict: bool,
               model: Optional[str], dicts: Optional[list[Path]], input_format: str,
               text_field: Optional[str], workers: int, title: str,
               records: Any, columns: tuple[str, ...] | None, fast: bool = False,
               ner: Optional[str] = None) -> None:
    """Shared body of ``code`` and ``actors``: input, coder, sink, progress and summary."""
    from eventwire.report import RunReport
    from eventwire.sinks import FORMATS, SinkError, format_for_path, open_sink

    fmt = (fmt or format_for_path(out)).lower()
    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    coder = _coder(model, dicts, fast, ner)
    report = RunReport(err, title=title)
    try:
        sink = open_sink(fmt, out, columns=columns if fmt != "jsonl" else None)
    except SinkError as exc:
        err.print(f"[red]error[/] {exc}")
        raise typer.Exit(2) from None
    n_records = 0
    with quiet_broken_pipe(), sink, _progress() as progress:
        task = progress.add_task(title, total=None)
        for coded in coded_stream(paths, coder, report, input_format, text_field, workers):
            for rec in records(coded, fmt):
                sink.write(rec)
                n_records += 1
            report.written += 1
            progress.advance(task)
    report.summary()
    err.print(f"{n_records} records from {report.written} articles "
              f"(pipeline {coder.model})", highlight=False)
    raise typer.Exit(report.exit_code(strict))


def _event_records(coded: CodedArticle, fmt: str) -> Iterator[dict[str, Any]]:
    for e in coded.events:
        yield e.to_dict() if fmt == "jsonl" else e.to_flat()


def _mention_records(coded: CodedArticle, fmt: str) -> Iterator[dict[str, Any]]:
    for m in coded.mentions:
        yield m.to_dict()


@app.command()
def code(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="jsonl, csv or parquet."),
    out: Optional[Path] = OutOption,
    model: Optional[str] = ModelOption,
    dicts: Optional[list[Path]] = DictOption,
    workers: int = WorkersOption,
    strict: bool = StrictOption,
    input_format: str = InputFormatOption,
    text_field: Optional[str] = TextFieldOption,
    fast: bool = typer.Option(False, "--fast", help="Fully parse only the sentences that can "
                              "hold an event or give context (faster; not identical to the "
                              "full path, see docs/SCALE.md)."),
    full_ner: bool = typer.Option(False, "--full-ner", help="Run spaCy's NER on every "
                                  "sentence (the slower exact path; by default it runs only "
                                  "where a rule asks, see docs/SCALE.md)."),
) -> None:
    """Code articles into events (one record per event; see docs/ARCHITECTURE.md)."""
    _run_batch(paths, fmt, out, strict, model, dicts, input_format, text_field, workers,
               "eventwire code", _event_records, EVENT_FLAT_COLUMNS, fast=fast,
               ner="full" if full_ner else None)


@app.command()
def actors(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="table, jsonl, csv or "
                                      "parquet."),
    out: Optional[Path] = OutOption,
    model: Optional[str] = ModelOption,
    dicts: Optional[list[Path]] = DictOption,
    strict: bool = StrictOption,
    input_format: str = InputFormatOption,
    text_field: Optional[str] = TextFieldOption,
) -> None:
    """Find and resolve the actor mentions of articles (one record per mention)."""
    if (fmt or "").lower() == "table":
        from eventwire.report import RunReport

        coder = _coder(model, dicts)
        report = RunReport(err, title="eventwire actors")
        table = Table("article", "sent", "text", "code", "sector", "name", "resolved by",
                      "antecedent", "conf", title="actor mentions")
        for coded in coded_stream(paths, coder, report, input_format, text_field, 1):
            report.written += 1
            for m in coded.mentions:
                table.add_row(m.article_id[:8], str(m.sentence_id), m.text, m.code,
                              m.sector or "", m.name or "", m.resolved_by, m.antecedent or "",
                              f"{m.confidence:.2f}")
        from rich.console import Console

        Console().print(table)
        report.summary()
        raise typer.Exit(report.exit_code(strict))
    _run_batch(paths, fmt, out, strict, model, dicts, input_format, text_field, 1,
               "eventwire actors", _mention_records,
               (*ActorMention.FIELDS, "kind"))


def events_table(events: list[Event], title: str) -> Table:
    """The events of an article as a Rich table (``demo``, ``explain``)."""
    table = Table(title=title, show_lines=False)
    for col in ("sent", "date", "source", "", "target", "CAMEO", "PLOVER", "mode", "trigger"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(
            str(e.sentence_id), e.event_date.value or "",
            e.source_actor.code if e.source_actor else "—", "→",
            e.target_actor.code if e.target_actor else "—",
            f"{e.cameo_code} ({e.goldstein:+.1f})", e.plover_type or "(statement)",
            e.modality, e.trigger)
    return table


@app.command()
def demo(
    model: Optional[str] = ModelOption,
    dicts: Optional[list[Path]] = DictOption,
) -> None:
    """Code the bundled sample article and print its metadata and events."""
    from rich.console import Console

    from eventwire.ingest import read_articles, sample_path

    console = Console()
    coder = _coder(model, dicts)
    article: Article = next(iter(read_articles([str(sample_path())])))
    coded = coder.code_article(article)
    console.print(f"[bold]{article.title}[/]")
    console.print(f"{article.byline or ''} · {article.dateline_place or ''} · "
                  f"{article.agency or ''} · published {article.published} "
                  f"(updated {article.updated or '—'})", highlight=False)
    console.print(f"{len(coded.sentences)} sentences, {len(coded.mentions)} actor mentions, "
                  f"{len(coded.events)} events (pipeline {coder.model})", highlight=False)
    console.print(events_table(coded.events, f"events in {sample_path().name}"))


@app.command()
def explain(
    sentence: str = typer.Argument(..., help="A sentence (or short text) to code."),
    day: Optional[str] = typer.Option(None, "--date", help="Article date, YYYY-MM-DD."),
    model: Optional[str] = ModelOption,
    dicts: Optional[list[Path]] = DictOption,
) -> None:
    """Show how a sentence is coded: parse, actors, triggers, rules, events, drops."""
    from rich.console import Console

    console = Console()
    coder = _coder(model, dicts)
    doc, coded, traces = coder.explain(sentence, day)
    parse = Table("i", "token", "lemma", "pos", "dep", "head", "ent", title="parse")
    for t in doc:
        if t.is_space:
            continue
        parse.add_row(str(t.i), t.text, t.lemma_, t.pos_, t.dep_, f"{t.head.i}:{t.head.text}",
                      t.ent_type_)
    console.print(parse)
    actors_t = Table("text", "code", "kind", "resolved by", "antecedent", "conf",
                     title="actor mentions")
    for m in coded.mentions:
        actors_t.add_row(m.text, m.code, m.kind, m.resolved_by, m.antecedent or "",
                         f"{m.confidence:.2f}")
    console.print(actors_t)
    for tr in traces:
        console.print(f"[bold]sentence {tr.sentence_id}[/]: {tr.text}", highlight=False)
        if not tr.candidates:
            console.print("  no trigger matched", highlight=False)
        for c in tr.candidates:
            status = f"[red]dropped: {c.dropped}[/]" if c.dropped else \
                f"[green]{len(c.events)} event(s)[/]"
            console.print(f"  trigger [bold]{c.trigger.text}[/] → CAMEO {c.code} · "
                          f"{c.rule} · {status}", highlight=False)
    console.print(events_table(coded.events, "events"))


@app.command(name="eval")
def eval_cmd(
    gold: Path = typer.Argument(..., exists=True, help="Gold JSONL (docs/GOLD.md)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    model: Optional[str] = ModelOption,
    dicts: Optional[list[Path]] = DictOption,
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write mismatches (JSONL) "
                                          "here, to see what to fix."),
) -> None:
    """Score the coder against a gold file: events (P/R/F1 by PLOVER type, CAMEO root,
    triples, actors, dates) and/or actor mentions."""
    from eventwire.evaluate import GoldError, read_gold, score_actors, score_events

    coder = _coder(model, dicts)
    try:
        items = list(read_gold(gold))
    except GoldError as exc:
        err.print(f"[red]error[/] {exc}")
        raise typer.Exit(2) from None
    ev = score_events(items, coder) if any(i.get("kind") != "actors" for _, i in items) \
        else None
    ac = score_actors(items, coder) if any(i.get("kind") == "actors" for _, i in items) \
        else None
    result: dict[str, Any] = {"gold": str(gold), "pipeline": coder.model}
    if ev is not None:
        result["events"] = ev.as_dict()
    if ac is not None:
        result["actors"] = ac.as_dict()
    if errors is not None:
        with open(errors, "w", encoding="utf-8") as fh:
            for e in (ev.errors if ev else []) + (ac.errors if ac else []):
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    if fmt == "json":
        typer.echo(json.dumps(result, indent=2))
        return
    _print_eval(result)


def _print_eval(result: dict[str, Any]) -> None:
    from rich.console import Console

    console = Console()
    ev = result.get("events")
    if ev:
        console.print(f"[bold]events[/] — {ev['items']} gold items, pipeline "
                      f"{result['pipeline']}", highlight=False)
        for key, title in (("plover_type", "PLOVER type"), ("cameo_root", "CAMEO root")):
            t = Table(title, "P", "R", "F1", "support", title=f"by {title}")
            for name, row in ev[key].items():
                t.add_row(name, f"{row['precision']:.3f}", f"{row['recall']:.3f}",
                          f"{row['f1']:.3f}", str(row["support"]),
                          style="bold" if name == "micro" else None)
            console.print(t)
        tr = ev["triple"]
        console.print(
            f"triple (type+source+target) P {tr['precision']:.3f} R {tr['recall']:.3f} "
            f"F1 {tr['f1']:.3f} · source acc {ev['source_accuracy']:.3f} · target acc "
            f"{ev['target_accuracy']:.3f} · date acc {ev['date_accuracy']:.3f} · false events "
            f"per negative {ev['false_events_per_negative']:.3f} "
            f"({ev['negative_items']} negatives)", highlight=False)
        conf = Table("gold → predicted", "n", title="confusion (top 25)")
        for k, n in list(ev["confusion"].items())[:25]:
            conf.add_row(k, str(n))
        console.print(conf)
    ac = result.get("actors")
    if ac:
        t = Table("kind", "P", "R", "F1", "support", title=f"actor mentions ({ac['items']} "
                  "gold lines)")
        for name, row in [("overall", ac["overall"]), *ac["by_kind"].items()]:
            t.add_row(name, f"{row['precision']:.3f}", f"{row['recall']:.3f}",
                      f"{row['f1']:.3f}", str(row["support"]),
                      style="bold" if name == "overall" else None)
        console.print(t)
        console.print(f"null spans wrongly resolved: {ac['null_spans_resolved']} of "
                      f"{ac['null_spans']}", highlight=False)
