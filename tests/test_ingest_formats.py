"""Each input format, field mapping, dates, ids and the shared corpora (issue 2)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from eventwire import Article, read_articles
from eventwire.report import RunReport

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _read(paths, **kwargs):
    report = RunReport(echo=False)
    articles = list(read_articles(paths, report=report, **kwargs))
    return articles, report


def test_html_page_metadata_and_clean_body():
    (article,), report = _read([FIXTURES / "article.html"])
    assert report.failed == 0
    assert article.title == "France and Germany agree on border checks"
    assert article.byline == "Marie Dubois"
    assert article.source == "Continental Post"
    assert (article.published, article.date_source) == ("2015-09-14", "field")
    assert (article.dateline_place, article.agency) == ("Berlin", "AFP")
    assert article.body.startswith("France and Germany agreed on Monday")
    assert article.body.endswith("close its own frontier within days.")
    for chrome in ("Reporting by", "Related Articles", "Copyright", "Home"):
        assert chrome not in article.body


def test_jsonl_records_keep_good_lines_around_bad_ones():
    articles, report = _read([FIXTURES / "records.jsonl"])
    assert [a.article_id for a in articles[:2]] == ["a1", "a2"]
    assert len(articles) == 3  # a1, a2 and the record with "body"
    first = articles[0]
    assert (first.title, first.url, first.source) == (
        "Talks resume", "https://example.org/a1", "Example Wire")
    assert (first.dateline_place, first.agency) == ("Geneva", "Reuters")
    assert first.body.startswith("Iran and the United States")
    assert articles[1].published == "2019-05-03" and articles[1].date_source == "field"
    assert articles[2].body.startswith("Kenya accused Somalia")
    lines = sorted((f.line, f.kind) for f in report.failures)
    assert lines == [(3, "malformed JSON"), (5, "not a JSON object"), (6, "empty text")]
    assert report.read == 6


def test_csv_with_configured_field_names():
    fields = {"text": "story", "id": "story_id", "title": "headline", "date": "when"}
    articles, report = _read([FIXTURES / "custom-fields.csv"], fields=fields)
    assert report.failed == 0
    assert [a.article_id for a in articles] == ["x1", "x2"]
    assert articles[0].title == "Ceasefire holds"
    assert (articles[0].published, articles[0].date_source) == ("2020-10-11", "field")
    assert (articles[1].title, articles[1].date_source) == (None, "none")


def test_plain_text_directory_glob_and_input_format(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.story").write_text("Talks\n\nMOSCOW (Reuters) - Russia and "
                                             "Turkey held talks on Syria on Friday.\n")
    (tmp_path / ".hidden.txt").write_text("Never read: hidden files are skipped here.\n")
    articles, report = _read([tmp_path])
    assert [a.dateline_place for a in articles] == ["Moscow"]
    articles, _ = _read([str(tmp_path / "**" / "*.story")])
    assert len(articles) == 1
    # A JSON-looking file read as text on request.
    p = tmp_path / "odd.dat"
    p.write_text('{"text": "Not a record but text here, on purpose."}\n')
    (article,), _ = _read([p], input_format="text")
    assert article.body.startswith('{"text"')
    (article,), _ = _read([p])  # auto: sniffed as JSONL
    assert article.body == "Not a record but text here, on purpose."


def test_stdin_is_read_with_dash(monkeypatch):
    data = b'{"id": "s1", "text": "Japan protested to China over the incident."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    (article,), report = _read(["-"])
    assert article.article_id == "s1" and article.source_file == "<stdin>"


def test_missing_path_is_a_named_failure(tmp_path):
    articles, report = _read([tmp_path / "nope.txt", str(tmp_path / "*.none")])
    assert articles == [] and report.failed == 2
    assert {f.kind for f in report.failures} == {"no such file"}


def test_ids_are_stable_across_reads_and_follow_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("PARIS (AFP) - France recalled its ambassador from Rome on Thursday.\n")
    (a1,), _ = _read([p])
    (a2,), _ = _read([p])
    assert a1.article_id == a2.article_id and len(a1.article_id) == 16
    p.write_text("PARIS (AFP) - France recalled its ambassador from Berlin on Thursday.\n")
    (a3,), _ = _read([p])
    assert a3.article_id != a1.article_id


def test_article_records_serialise_all_fields():
    (article,), _ = _read([FIXTURES / "wire-ap.txt"])
    d = article.to_dict()
    assert set(Article.FIELDS) <= set(d)
    json.dumps(d)


@pytest.mark.skipif(not SHARED.exists(), reason="shared corpus not mounted")
def test_ngec_synthetic_csv_loads_every_row():
    articles, report = _read([SHARED / "ngec-synthetic-stories.csv"])
    assert len(articles) == 4500 and report.failed == 0
    assert all(a.source in ("Reuters", "AFP", "AP", None) or a.source for a in articles)
    assert sum(1 for a in articles if a.body) >= 4490


@pytest.mark.skipif(not SHARED.exists(), reason="shared corpus not mounted")
def test_india_scraped_csv_loads_every_row_and_cuts_furniture():
    articles, report = _read([SHARED / "india-news-scraped.csv"])
    assert len(articles) == 233 and report.failed == 0
    assert all(a.url and a.url.startswith("http") for a in articles)
    bodies = [a.body for a in articles]
    for marker in ("Stories you might be interested in", "Find this comment offensive",
                   "Follow us on"):
        assert sum(marker in b for b in bodies) <= 2, marker
