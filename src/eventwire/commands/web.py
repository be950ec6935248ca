"""``eventwire serve`` and ``eventwire export-gold``: the web app and its reviews' way out.

The app lives in ``eventwire.web`` (docs/WEB.md); this module parses options, prints the
review token, and runs uvicorn. Heavy imports happen inside the commands so that the rest
of the CLI does not pay for FastAPI.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Optional

import typer

from eventwire.commands import app, err


@app.command()
def serve(
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help="DuckDB archive file."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port (0: any free)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; the default "
                             "keeps the app on this machine."),
    review: bool = typer.Option(False, "--review", help="Allow reviews (writes to the "
                                "archive); each needs the token printed at start-up."),
    token: Optional[str] = typer.Option(None, "--token", envvar="EVENTWIRE_REVIEW_TOKEN",
                                        help="Use this review token instead of a random one."),
) -> None:
    """Browse the archive in a web browser: events, articles, dyads; review with --review."""
    import uvicorn

    from eventwire.web import create_app

    if not db.exists():
        err.print(f"[red]no event archive at {db}; create one with `eventwire ingest`[/]")
        raise typer.Exit(2)
    if review and token is not None and len(token) < 16:
        err.print("[red]--token must be at least 16 characters[/]")
        raise typer.Exit(2)
    tok = (token or secrets.token_urlsafe(24)) if review else None
    try:
        api = create_app(db, review=review, token=tok, host=host)
    except Exception as exc:  # a locked or newer-schema archive: say so, not a traceback
        err.print(f"[red]cannot open {db}: {exc}[/]")
        raise typer.Exit(2)
    if port == 0:  # pick the free port here, so the printed URL is the real one
        import socket

        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
            sock.bind((host, 0))
            port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    err.print(f"eventwire web: http://{shown}:{port}/events  (archive {db}, "
              f"{'REVIEW mode' if review else 'read-only'})", highlight=False, soft_wrap=True)
    if review:
        err.print(f"review token: {tok}", highlight=False, soft_wrap=True)
        err.print(f"open http://{shown}:{port}/review#token={tok} to review in this browser",
                  highlight=False, soft_wrap=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning: listening on {host}: other machines can reach the app[/]")
    uvicorn.run(api, host=host, port=port, log_level="warning")


@app.command(name="export-gold")
def export_gold(
    db: Path = typer.Option(Path("eventwire.duckdb"), "--db", help="DuckDB archive file."),
    out: Path = typer.Option(..., "--out", "-o", help="Gold JSON Lines file to write."),
) -> None:
    """Write reviewed sentences as gold lines for `eventwire eval` (docs/GOLD.md)."""
    import duckdb

    from eventwire.store import EventStore
    from eventwire.web.review import gold_lines

    if not db.exists():
        err.print(f"[red]no event archive at {db}[/]")
        raise typer.Exit(2)
    try:
        store = EventStore(db, read_only=True)
    except duckdb.IOException as exc:
        err.print(f"[red]cannot open {db}: {exc}\nIs `eventwire serve --review` still running "
                  "on it? Stop it, or download /api/reviews/gold from the app.[/]")
        raise typer.Exit(2)
    with store:
        lines, skipped = gold_lines(store.con)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    n_events = sum(len(x["events"]) for x in lines)
    err.print(f"wrote {len(lines)} reviewed sentences ({n_events} events) to {out}"
              + (f"; {skipped} sentences left out because some of their events are not "
                 "reviewed yet" if skipped else ""), highlight=False)
