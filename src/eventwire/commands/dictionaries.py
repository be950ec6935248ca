"""``eventwire dict``: bring your own dictionaries (import PETRARCH/TABARI, score with them).

``dict import`` converts PETRARCH/TABARI dictionaries into a lexicon directory for
``--dict``; ``dict eval`` scores a gold file with such a directory alongside our lexicons
or, with ``--no-default-dicts``, instead of them (see docs/PETRARCH.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.table import Table

from eventwire.commands import ModelOption, app, dict_paths, err

dict_app = typer.Typer(help="Bring your own dictionaries: import PETRARCH/TABARI "
                       "dictionaries and score with them.", no_args_is_help=True)
app.add_typer(dict_app, name="dict")


@dict_app.command(name="import")
def import_cmd(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False,
                                       help="Dictionary files (actors, agents, discards, "
                                       "verbs; the type is read from the name or content)."),
    out: Path = typer.Option(..., "--out", "-o", help="Directory for the converted YAML "
                             "lexicons, untranslated.tsv and summary.json."),
    fmt: str = typer.Option("petrarch", "--format", help="Source format: petrarch "
                            "(PETRARCH/TABARI text dictionaries)."),
    kind: Optional[str] = typer.Option(None, "--type", help="Force the dictionary type: "
                                       "actors, agents, discards or verbs."),
    exclude_roots: Optional[list[str]] = typer.Option(
        None, "--exclude-root", help="Leave out verb codes under this CAMEO root "
        "(repeatable), e.g. 01: PETRARCH codes every 'said' as 010."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout."),
) -> None:
    """Convert dictionaries into eventwire lexicons; list what could not be translated."""
    from eventwire.lexicon import LexiconError, load_lexicons
    from eventwire.petrarch.convert import DICTIONARY_TYPES, import_petrarch

    if fmt != "petrarch":
        err.print(f"[red]error[/] unknown --format {fmt!r} (supported: petrarch)")
        raise typer.Exit(2)
    if kind is not None and kind not in DICTIONARY_TYPES:
        err.print(f"[red]error[/] --type must be one of {', '.join(DICTIONARY_TYPES)}")
        raise typer.Exit(2)
    report = import_petrarch(files, out, kind, exclude_roots or ())
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        _print_summary(report.as_dict())
    try:
        load_lexicons([out], include_ours=False)
    except LexiconError as exc:  # a converter bug: say so rather than leave a broken dir
        err.print(f"[red]error[/] the converted lexicons do not load: {exc}")
        raise typer.Exit(1) from None


def _print_summary(summary: dict[str, Any]) -> None:
    t = Table("file", "type", "read", "converted", "approximated", "untranslated", "skipped",
              "written", title=f"PETRARCH import -> {summary['outdir']}")
    for f in summary["files"]:
        written = ", ".join(f"{k} {v}" for k, v in f["outputs"].items())
        t.add_row(f["file"], f["dictionary"], str(f["read"]), str(f["converted"]),
                  str(f["approximated"]), str(f["untranslated"]), str(f["skipped"]), written)
    tot = summary["totals"]
    t.add_row("total", "", str(tot["read"]), str(tot["converted"]), str(tot["approximated"]),
              str(tot["untranslated"]), str(tot["skipped"]), "", style="bold")
    err.print(t)
    reasons: dict[str, int] = {}
    for f in summary["files"]:
        for r, n in f["reasons"].items():
            reasons[r] = reasons.get(r, 0) + n
    r_table = Table("status: reason", "n", title="not translated exactly (top 15; all in "
                    "untranslated.tsv)")
    for r, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:15]:
        r_table.add_row(r, str(n))
    err.print(r_table)


@dict_app.command(name="eval")
def eval_cmd(
    gold: Path = typer.Argument(..., exists=True, help="Gold JSONL (docs/GOLD.md)."),
    dicts: Optional[list[Path]] = typer.Option(None, "--dict", help="Lexicon file or "
                                               "directory; repeatable."),
    no_default: bool = typer.Option(False, "--no-default-dicts", help="Use the --dict "
                                    "lexicons instead of ours (our modality and noise "
                                    "grammar stay)."),
    petrarch: bool = typer.Option(False, "--petrarch-mode", help="Code as PETRARCH does "
                                  "(eventwire.petrarch.coding.PetrarchEventCoder: word-order "
                                  "patterns, first actor in the verb phrase as target, no "
                                  "composing governors, paired codes, require_dyad)."),
    fmt: str = typer.Option("json", "--format", "-f", help="json or table."),
    model: Optional[str] = ModelOption,
) -> None:
    """Score event coding on a gold file with imported dictionaries, with or without ours."""
    from eventwire.evaluate import GoldError, read_gold, score_events
    from eventwire.lexicon import LexiconError
    from eventwire.petrarch.coding import make_coder

    try:
        coder = make_coder(dict_paths(dicts), include_ours=not no_default, model=model,
                           petrarch=petrarch)
        items = list(read_gold(gold))
    except (LexiconError, GoldError) as exc:
        err.print(f"[red]error[/] {exc}", highlight=False)
        raise typer.Exit(2) from None
    ev = score_events(items, coder).as_dict()
    result = {"gold": str(gold), "dicts": list(dict_paths(dicts)),
              "default_dicts": not no_default, "petrarch_mode": petrarch, "events": ev}
    if fmt == "json":
        typer.echo(json.dumps(result, indent=2))
        return
    typer.echo(f"PLOVER type micro F1 {ev['plover_type']['micro']['f1']:.3f}  "
               f"CAMEO root micro F1 {ev['cameo_root']['micro']['f1']:.3f}  "
               f"triple F1 {ev['triple']['f1']:.3f}")
