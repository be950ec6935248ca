"""Random bytes and random text never crash the text, HTML and JSONL readers (issue 2)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.ingest import read_articles, split_wire
from eventwire.models import Article
from eventwire.report import RunReport

_SETTINGS = settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


def _run(path, fmt: str) -> tuple[list[Article], RunReport]:
    report = RunReport(echo=False)
    articles = list(read_articles([path], input_format=fmt, report=report))
    return articles, report


def _check(articles: list[Article], report: RunReport) -> None:
    # Every input is accounted for: an article or a named failure, never an exception.
    for a in articles:
        assert isinstance(a.body, str) and a.date_source in (
            "field", "timestamp", "dateline", "file", "none")
    for f in report.failures:
        assert f.reason and f.file


@_SETTINGS
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(["text", "html", "jsonl", "csv"]))
def test_random_bytes(tmp_path, data, fmt):
    path = tmp_path / f"random.{fmt}"
    path.write_bytes(data)
    _check(*_run(path, fmt))


_wireish = st.lists(st.sampled_from([
    "SEOUL, July 6 (Reuters) - ", "By Jack Kim", "07/06/2013 09:16 am ET", "(Editing by X)",
    "Read more", "\n\n", "\n", "   ", "NEW DELHI:", "…", "Share this", "©", "{", "}", '"',
    "<p>", "</p>", "<html>", "Talks resumed on Monday.", "WASHINGTON (AP) — ", "\r\n", "\x00",
]) | st.text(max_size=40), max_size=40).map("".join)


@_SETTINGS
@given(text=_wireish, fmt=st.sampled_from(["text", "html", "jsonl"]))
def test_random_text(tmp_path, text, fmt):
    path = tmp_path / f"random.{fmt}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    _check(*_run(path, fmt))


@settings(max_examples=200, deadline=None)
@given(text=_wireish)
def test_split_wire_is_total_and_body_is_tidy(text):
    parts = split_wire(text)
    assert "\r" not in parts.body and parts.body == parts.body.strip()
    assert "\n\n\n" not in parts.body
    for paragraph in parts.body.split("\n\n") if parts.body else []:
        assert paragraph.strip() == paragraph and paragraph
