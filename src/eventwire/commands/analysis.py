"""``eventwire series | dyads | alternation | timeline``: questions asked of the archive.

Answers go to stdout (a table, CSV or JSON) so they can be piped; ``--plot`` also draws the
answer to a PNG or HTML file. The work is in ``eventwire.analysis``; this module only parses
options and renders.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from eventwire.commands import app, err

_FORMATS = ("table", "csv", "json")

DbOpt = typer.Option(Path("eventwire.duckdb"), "--db", help="DuckDB archive file.")
SourceOpt = typer.Option(None, "--source", help="Source actor code; a prefix, so PRK matches "
                         "PRKGOV, PRKMIL…; comma-separate several.")
TargetOpt = typer.Option(None, "--target", help="Target actor code (prefix, as --source).")
StartOpt = typer.Option(None, "--start", help="From YYYY, YYYY-MM or YYYY-MM-DD.")
EndOpt = typer.Option(None, "--end", help="Up to YYYY, YYYY-MM or YYYY-MM-DD (inclusive).")
FreqOpt = typer.Option("month", "--freq", help="day | week | month | year")
FormatOpt = typer.Option("table", "--format", "-f", help="table | csv | json")
DirectionOpt = typer.Option("forward", "--direction", help="forward: source → target only; "
                            "both: also target → source.")
OneADayOpt = typer.Option(False, "--one-a-day", help="Count an event (source, target, CAMEO "
                          "code, day) once however many articles report it.")
NegatedOpt = typer.Option(False, "--include-negated", help="Also count negated, denied and "
                          "hypothetical events.")
PlotOpt = typer.Option(None, "--plot", help="Also draw the answer to FILE.png or FILE.html.")


def _filters(source, target, start, end, direction, one_a_day, include_negated):
    from eventwire.analysis import Filters

    try:
        return Filters.make(source, target, start, end, direction, one_a_day, include_negated)
    except ValueError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2)


def _check(fmt: str, freq: str | None = None) -> None:
    if fmt not in _FORMATS:
        err.print(f"[red]--format must be one of {', '.join(_FORMATS)}[/]")
        raise typer.Exit(2)
    if freq is not None and freq not in ("day", "week", "month", "year"):
        err.print("[red]--freq must be one of day, week, month, year[/]")
        raise typer.Exit(2)


def _plain(df):
    """Dates as YYYY-MM-DD and no NaN, for every output format."""
    import pandas as pd

    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.strftime("%Y-%m-%d")
    return out


def _records(df) -> list[dict[str, Any]]:
    return json.loads(_plain(df).to_json(orient="records", force_ascii=False))


def _table(df, title: str | None = None) -> None:
    d = _plain(df)
    t = Table(title=title, show_lines=False)
    for c in d.columns:
        t.add_column(str(c), justify="right" if d[c].dtype.kind in "iuf" else "left",
                     overflow="fold")
    for row in d.itertuples(index=False):
        t.add_row(*("" if v is None or v != v else str(v) for v in row))
    width = shutil.get_terminal_size((200, 40)).columns if sys.stdout.isatty() else 240
    Console(width=max(width, 100)).print(t)


def _emit(df, fmt: str, title: str) -> None:
    if fmt == "csv":
        _plain(df).to_csv(sys.stdout, index=False)
    elif fmt == "json":
        json.dump(_records(df), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _table(df, title)


def _run(fn):
    """Turn the analysis layer's expected failures into messages, not tracebacks."""
    try:
        return fn()
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2)


@app.command()
def series(
    db: Path = DbOpt, source: Optional[str] = SourceOpt, target: Optional[str] = TargetOpt,
    start: Optional[str] = StartOpt, end: Optional[str] = EndOpt, freq: str = FreqOpt,
    fmt: str = FormatOpt, direction: str = DirectionOpt, one_a_day: bool = OneADayOpt,
    include_negated: bool = NegatedOpt, plot: Optional[Path] = PlotOpt,
) -> None:
    """Events per period for an actor or dyad: counts by QuadClass and PLOVER type, summed
    and mean Goldstein score."""
    from eventwire import analysis

    _check(fmt, freq)
    f = _filters(source, target, start, end, direction, one_a_day, include_negated)
    df = _run(lambda: analysis.series(db, f, freq=freq))
    _emit(df, fmt, f"Events per {freq}, {f.label()}")
    if plot:
        from eventwire.analysis.plots import plot_series

        _run(lambda: plot_series(df, plot, f.label(), freq))
        err.print(f"plot written to {plot}")


@app.command()
def dyads(
    db: Path = DbOpt, source: Optional[str] = SourceOpt, target: Optional[str] = TargetOpt,
    start: Optional[str] = StartOpt, end: Optional[str] = EndOpt,
    freq: Optional[str] = typer.Option(None, "--freq", help="day | week | month | year: rank "
                                       "per period (default: over the whole range)."),
    fmt: str = FormatOpt, direction: str = DirectionOpt, one_a_day: bool = OneADayOpt,
    include_negated: bool = NegatedOpt, plot: Optional[Path] = PlotOpt,
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many dyads and actors."),
    level: str = typer.Option("country", "--level", help="country: PRKGOV counts as PRK; "
                              "code: full actor codes."),
    part: str = typer.Option("dyads", "--part", help="For csv: dyads | actors."),
) -> None:
    """The most active dyads and actors, with net cooperation (cooperative minus conflictual
    events) and Goldstein sums. --direction both merges A→B with B→A."""
    from eventwire import analysis

    _check(fmt, freq)
    f = _filters(source, target, start, end, direction, one_a_day, include_negated)
    d = _run(lambda: analysis.dyads(db, f, limit=limit, level=level, freq=freq))
    a = _run(lambda: analysis.actors(db, f, limit=limit, level=level))
    if fmt == "json":
        json.dump({"dyads": _records(d), "actors": _records(a)}, sys.stdout,
                  ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif fmt == "csv":
        _emit(a if part == "actors" else d, "csv", "")
    else:
        _table(d, f"Most active dyads, {f.label()}")
        _table(a, "Most active actors")
    if plot:
        from eventwire.analysis.plots import plot_dyads

        _run(lambda: plot_dyads(d, plot, f.label()))
        err.print(f"plot written to {plot}")


@app.command()
def alternation(
    db: Path = DbOpt, source: Optional[str] = SourceOpt, target: Optional[str] = TargetOpt,
    start: Optional[str] = StartOpt, end: Optional[str] = EndOpt, freq: str = FreqOpt,
    fmt: str = FormatOpt, direction: str = DirectionOpt, one_a_day: bool = OneADayOpt,
    include_negated: bool = NegatedOpt, plot: Optional[Path] = PlotOpt,
    max_lag: int = typer.Option(6, "--max-lag", min=1, help="Lags -N..N periods."),
    window: int = typer.Option(2, "--window", min=1, help="'Talks followed within N "
                               "periods' for the follow-up counts."),
    part: str = typer.Option("periods", "--part", help="For csv: periods | phases | "
                             "transitions | xcorr."),
) -> None:
    """Cooperative and conflictual phases of an actor or dyad, month-to-month transitions
    between QuadClasses, and whether talks follow threats (lagged cross-correlation)."""
    from eventwire import analysis

    _check(fmt, freq)
    f = _filters(source, target, start, end, direction, one_a_day, include_negated)
    res = _run(lambda: analysis.alternation(db, f, freq=freq, max_lag=max_lag, window=window))
    frames = res.frames()
    if fmt == "json":
        json.dump({"summary": res.summary, "follow_up": res.follow,
                   **{k: _records(v) for k, v in frames.items()}},
                  sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    elif fmt == "csv":
        if part not in frames:
            err.print(f"[red]--part must be one of {', '.join(frames)}[/]")
            raise typer.Exit(2)
        err.print(res.summary)
        _emit(frames[part], "csv", "")
    else:
        Console(width=120).print(res.summary + "\n")
        cols = ["period", "events", "verbal_coop", "material_coop", "verbal_conflict",
                "material_conflict", "threats", "talks", "dominant_name", "phase"]
        _table(res.periods[cols], f"Per {freq}")
        _table(frames["phases"], "Phases (runs on one side)")
        _table(frames["transitions"], f"Transitions of the dominant class, {freq} to {freq} "
               "(rows: from, columns: to)")
        _table(frames["xcorr"], "Lagged correlation r = corr(threats[t], talks[t+lag])")
    if plot:
        from eventwire.analysis.plots import plot_alternation

        _run(lambda: plot_alternation(res, plot))
        err.print(f"plot written to {plot}")


@app.command()
def timeline(
    db: Path = DbOpt, source: Optional[str] = SourceOpt, target: Optional[str] = TargetOpt,
    start: Optional[str] = StartOpt, end: Optional[str] = EndOpt,
    fmt: str = FormatOpt, direction: str = DirectionOpt, one_a_day: bool = OneADayOpt,
    include_negated: bool = NegatedOpt,
    freq: Optional[str] = typer.Option(None, "--freq", help="Accepted for symmetry with the "
                                       "other analyses; a timeline lists single events."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="At most N events."),
) -> None:
    """The events of a dyad or actor in date order, with the sentence that reported each."""
    from eventwire import analysis

    _check(fmt, freq)
    f = _filters(source, target, start, end, direction, one_a_day, include_negated)
    df = _run(lambda: analysis.timeline(db, f, limit=limit))
    if fmt == "table":
        df = df[["event_day", "source_code", "target_code", "cameo_code", "plover_type",
                 "goldstein", "modality", "sentence_text", "outlet"]]
    _emit(df, fmt, f"Timeline, {f.label()}")
