"""``eventwire code`` with one process codes in batches (commands.coding.coded_stream), and a
batch with a bad article loses that article only, named in the run's report."""

from __future__ import annotations

import json

from eventwire.commands.coding import BATCH, coded_stream
from eventwire.report import RunReport


class _Coder:
    """Codes an article to its id; an article whose text says BAD fails, in a batch too."""

    fast = False

    def __init__(self) -> None:
        self.batches: list[int] = []

    def code_articles(self, articles, workers=1):
        self.batches.append(len(articles))
        for a in articles:
            yield self.code_article(a)

    def code_article(self, article):
        if "BAD" in article.body:
            raise ValueError("no parse")
        return article.article_id


def test_batches_and_a_bad_article_loses_only_itself(tmp_path):
    lines = [{"id": f"a{i}", "text": "BAD" if i == 40 else f"Text {i}."}
             for i in range(BATCH + 20)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    report = RunReport()
    coder = _Coder()
    out = list(coded_stream([str(src)], coder, report, "auto", None, 1))
    assert out == [x["id"] for x in lines if x["id"] != "a40"]  # input order, the rest kept
    assert coder.batches == [BATCH, 20]
    assert report.failed == 1 and report.failed_by_kind == {"coding failed": 1}
