"""RunReport: counts, failures, summary on stderr, exit codes."""

from __future__ import annotations

import io

from rich.console import Console

from eventwire.report import STRICT_FAILURE_EXIT, RunReport


def _report(**kwargs) -> tuple[RunReport, io.StringIO]:
    buffer = io.StringIO()
    return RunReport(Console(file=buffer, width=100), **kwargs), buffer


def test_failures_are_counted_by_kind_and_echoed_with_location():
    report, buffer = _report()
    report.read = 5
    report.written = 3
    report.fail("a.jsonl", "malformed JSON (Expecting value)", line=4, kind="malformed JSON")
    report.fail("b.txt", "empty file")
    assert report.failed == 2
    assert report.failed_by_kind == {"malformed JSON": 1, "empty file": 1}
    assert [f.location() for f in report.failures] == ["a.jsonl:4", "b.txt"]
    assert "a.jsonl:4: malformed JSON" in buffer.getvalue()


def test_summary_table_lists_counts_and_reasons():
    report, buffer = _report(title="eventwire code")
    report.read, report.written = 10, 9
    report.fail("x.txt", "binary file")
    report.warn("y.txt", "truncated: first 2 MB", kind="truncated")
    report.summary()
    text = buffer.getvalue()
    for expected in ("eventwire code", "read", "10", "written", "9", "skipped: binary file",
                     "warning: truncated"):
        assert expected in text


def test_exit_code_only_fails_strict_runs_with_failures():
    report, _ = _report()
    assert report.exit_code(strict=True) == 0
    report.fail("x", "bad")
    assert report.exit_code(strict=False) == 0
    assert report.exit_code(strict=True) == STRICT_FAILURE_EXIT == 2


def test_kept_failures_are_capped_but_counts_exact():
    report, buffer = _report(echo=False, keep=3)
    for i in range(10):
        report.fail("big.csv", "bad row", line=i)
    assert report.failed == 10 and len(report.failures) == 3
    assert buffer.getvalue() == ""
