"""Bad input never crashes a batch nor loses good records (issue 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.ingest import read_articles
from eventwire.report import RunReport

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = "MADRID (Reuters) - Spain and Morocco agreed on Tuesday to reopen their border.\n"


def _read(paths, **kwargs):
    report = RunReport(echo=False)
    return list(read_articles(paths, report=report, **kwargs)), report


def _kinds(report: RunReport) -> dict[str, int]:
    return dict(report.failed_by_kind)


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\n\t \n")
    (tmp_path / "good.txt").write_text(GOOD)
    articles, report = _read([tmp_path])
    assert len(articles) == 1 and _kinds(report) == {"empty file": 2}
    assert {Path(f.file).name for f in report.failures} == {"empty.txt", "blank.txt"}


def test_binary_files_are_refused_by_name(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (tmp_path / "noise.txt").write_bytes(bytes((i * 37 + 11) % 32 for i in range(5000)))
    (tmp_path / "good.txt").write_text(GOOD)
    articles, report = _read([tmp_path])
    assert len(articles) == 1 and _kinds(report) == {"binary file": 2}


def test_non_utf8_text_is_decoded_and_noted(tmp_path):
    text = ("BRUSSELS (AFP) - The European Union’s foreign ministers condemned the coup on "
            "Monday, and France’s minister said the junta’s “promises” meant nothing. The "
            "café owners in the capital closed their doors in protest, residents said.\n")
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (article,), report = _read([tmp_path / "cp1252.txt"])
    assert "European Union’s" in article.body and "café" in article.body
    assert any(w.startswith("not UTF-8") for w in article.warnings)
    assert report.warned == 1 and report.failed == 0


def test_csv_without_text_column_is_one_named_failure():
    articles, report = _read([FIXTURES / "no-text-column.csv"])
    assert articles == []
    (failure,) = report.failures
    assert failure.kind == "no text column" and "headline" in failure.reason
    assert failure.file.endswith("no-text-column.csv")


def test_html_without_article_is_a_named_failure():
    articles, report = _read([FIXTURES / "no-article.html", FIXTURES / "article.html"])
    assert len(articles) == 1
    assert _kinds(report) == {"HTML page without article": 1}


def test_fifty_megabyte_text_file_is_truncated_with_flat_memory(tmp_path):
    big = tmp_path / "huge.txt"
    paragraph = (b"Officials from the two governments met again on Monday to discuss the "
                 b"border, according to a joint statement issued in the evening.\n\n")
    chunk = paragraph * (1_000_000 // len(paragraph))
    with open(big, "wb") as fh:
        for _ in range(50):
            fh.write(chunk)
    assert big.stat().st_size >= 49_000_000
    tracemalloc.start()
    (article,), report = _read([big], max_bytes=1_000_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 40_000_000  # a whole-file read would need > 50 MB
    assert len(article.body) <= 1_000_000
    assert any(w.startswith("truncated") for w in article.warnings)
    assert report.warned_by_kind["truncated"] == 1


def test_bad_records_and_files_never_lose_good_ones(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(GOOD.replace("Tuesday", name))
    (tmp_path / "bad.jsonl").write_text('{"text": "Good one, officials said on Monday."}\n'
                                        '{broken\n'
                                        '{"text": "Another good one, they said later."}\n')
    (tmp_path / "zero.txt").write_bytes(b"")
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02" * 100)
    articles, report = _read([tmp_path])
    assert len(articles) == 4
    assert report.failed == 3 and report.read == 7
    assert any(f.line == 2 and f.file.endswith("bad.jsonl") for f in report.failures)


runner = CliRunner()


def test_cli_strict_turns_failures_into_exit_code_2(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "empty.txt").write_bytes(b"")
    lenient = runner.invoke(app, ["parse", str(tmp_path)])
    strict = runner.invoke(app, ["parse", str(tmp_path), "--strict"])
    assert lenient.exit_code == 0 and strict.exit_code == 2
    for result in (lenient, strict):
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert len(records) == 1 and records[0]["dateline_place"] == "Madrid"
        assert "empty.txt" in result.stderr and "empty file" in result.stderr


def test_cli_csv_and_parquet_outputs(tmp_path):
    out = tmp_path / "articles.parquet"
    result = runner.invoke(app, ["parse", str(FIXTURES / "records.jsonl"), "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    import pandas as pd

    frame = pd.read_parquet(out)
    assert list(frame["article_id"][:2]) == ["a1", "a2"] and "body" in frame.columns
    no_out = runner.invoke(app, ["parse", str(FIXTURES / "records.jsonl"), "-f", "parquet"])
    assert no_out.exit_code == 2 and "needs --out" in no_out.stderr and no_out.stdout == ""
    as_csv = runner.invoke(app, ["parse", str(FIXTURES / "wire-ap.txt"), "-f", "csv"])
    assert as_csv.stdout.splitlines()[0].startswith("article_id,title,byline")


def test_stdout_carries_records_only_in_a_real_process(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "bad.jsonl").write_text("not json\n")
    env = dict(os.environ, COLUMNS="80")
    proc = subprocess.run(
        [sys.executable, "-m", "eventwire.cli", "parse", str(tmp_path),
         str(FIXTURES / "article.html"), "-"],
        input=b'{"text": "Peru and Bolivia signed a water accord on Monday, officials said."}',
        capture_output=True, env=env, timeout=60)
    assert proc.returncode == 0
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(records) == 3
    stderr = proc.stderr.decode()
    assert "bad.jsonl:1" in stderr and "written" in stderr
