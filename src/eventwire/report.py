"""A run's bookkeeping, shared by every batch command (parse, code, actors, ingest).

Batch commands promise that bad input never crashes a run nor loses good records: each bad
item is reported once, on stderr, naming the file (and line) and the reason, and the run
ends with a summary. Keeping that promise in one small class means every stage words its
messages, counts and exit codes the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

#: Exit code of a ``--strict`` run that met any failure (1 is left to Typer/usage errors).
STRICT_FAILURE_EXIT = 2


@dataclass(frozen=True)
class Failure:
    """One item that could not be turned into a record."""

    file: str
    line: int | None
    reason: str
    kind: str

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


class RunReport:
    """Counts what a batch read, wrote and skipped, and says so on stderr.

    ``kind`` groups failures in the summary ("binary file", "malformed JSON"…); it defaults to
    the reason, so pass a short kind when the reason carries per-item detail. Only the first
    ``keep`` failures are kept in memory (counts stay exact) so that a run over millions of
    bad records stays flat in memory.
    """

    def __init__(self, console: Console | None = None, *, title: str = "eventwire run",
                 echo: bool = True, keep: int = 10_000) -> None:
        self.console = console or Console(stderr=True)
        self.title = title
        self.echo = echo
        self.keep = keep
        self.read = 0
        self.written = 0
        self.failures: list[Failure] = []
        self.failed_by_kind: Counter[str] = Counter()
        self.warned_by_kind: Counter[str] = Counter()

    @property
    def failed(self) -> int:
        return sum(self.failed_by_kind.values())

    @property
    def warned(self) -> int:
        return sum(self.warned_by_kind.values())

    def fail(self, file: str, reason: str, *, line: int | None = None,
             kind: str | None = None) -> Failure:
        """Record an item that was skipped, and tell the user straight away."""
        failure = Failure(str(file), line, reason, kind or reason)
        self.failed_by_kind[failure.kind] += 1
        if len(self.failures) < self.keep:
            self.failures.append(failure)
        if self.echo:
            self.console.print(f"[red]skipped[/] {failure.location()}: {reason}",
                               highlight=False, markup=True, soft_wrap=True)
        return failure

    def warn(self, file: str, message: str, *, line: int | None = None,
             kind: str | None = None) -> None:
        """Something was off but a record was still produced (e.g. a truncated file)."""
        self.warned_by_kind[kind or message] += 1
        if self.echo:
            where = f"{file}:{line}" if line is not None else str(file)
            self.console.print(f"[yellow]warning[/] {where}: {message}", highlight=False,
                               soft_wrap=True)

    def summary(self) -> None:
        """Print the end-of-run table to stderr."""
        table = Table(title=self.title, show_header=True, header_style="bold")
        table.add_column("")
        table.add_column("count", justify="right")
        table.add_row("read", str(self.read))
        table.add_row("written", str(self.written))
        table.add_row("skipped", str(self.failed), style="red" if self.failed else None)
        for kind, n in self.failed_by_kind.most_common():
            table.add_row(f"  skipped: {kind}", str(n))
        for kind, n in self.warned_by_kind.most_common():
            table.add_row(f"  warning: {kind}", str(n), style="yellow")
        self.console.print(table)

    def exit_code(self, strict: bool = False) -> int:
        return STRICT_FAILURE_EXIT if strict and self.failed else 0
