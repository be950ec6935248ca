"""``eventwire demo``: code the bundled sample article and show what eventwire does."""

from __future__ import annotations

from eventwire.commands import app, err


@app.command()
def demo() -> None:
    """Code the bundled sample article and print its events as a table."""
    err.print("[yellow]The event coder is not built yet: demo shows nothing until it is.[/]")
