"""The ``eventwire`` command line: one Typer app, one module per stage's commands.

Each stage registers its commands in ``eventwire/commands/<stage>.py`` against the shared
``app`` in ``eventwire.commands``; this module only imports them and runs the app, so
stages can grow their commands without touching one another.
"""

from __future__ import annotations

import importlib

from eventwire.commands import app

#: Command modules, in the order their commands appear in ``eventwire --help``.
COMMAND_MODULES = (
    "coding",
    "parse",
    "store",
    "analysis",
    "dictionaries",
    "scale",
    "web",
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"eventwire.commands.{_name}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
