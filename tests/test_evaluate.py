"""The gold scorer (`eventwire eval`): alignment, actor and date matching, error slicing.

A stub coder returns fixed events, so these tests check the arithmetic of the scores
without spaCy: every figure the closing notes quote comes from this code.
"""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.evaluate import actor_match, date_match, score_events
from eventwire.models import Actor, CodedArticle, Event, EventDate


def _event(code: str, ptype: str | None, src: str | None, tgt: str | None,
           day: str = "2013-07-06") -> Event:
    return Event(event_id="e", article_id="a", sentence_id=0, sentence_text="",
                 event_date=EventDate(day, "day" if len(day) == 10 else "month", None),
                 source_actor=Actor(text=src, code=src) if src else None,
                 target_actor=Actor(text=tgt, code=tgt) if tgt else None,
                 cameo_code=code, cameo_root=code[:2], quad_class=1, goldstein=0.0,
                 plover_type=ptype, plover_mode=None, plover_context=None, trigger="t",
                 negated=False, modality="asserted", location=None, rule="r", confidence=1.0)


class StubCoder:
    """Answers each gold text with the events listed for it."""

    def __init__(self, answers: dict[str, list[Event]]) -> None:
        self.answers = answers

    def code_article(self, article: Any) -> CodedArticle:
        return CodedArticle(article=article, sentences=[], mentions=[],
                            events=self.answers.get(article.body, []))


def _gold(text: str, events: list[dict[str, Any]], date: str = "2013-07-06") -> dict[str, Any]:
    return {"id": text[:8], "kind": "sentence", "date": date, "text": text, "events": events}


@pytest.mark.parametrize("gold,pred,ok", [
    ("PRK", "PRK", True), ("PRK", "PRKGOV", True), ("PRKGOV", "PRK", True),
    ("PRKGOV", "PRKMIL", False), ("IGOUNO", "IGOUNOWHO", True), ("IGOUNOWHO", "IGOUNO", False),
    ("NGO", "NGOAMN", False), (None, None, True), (None, "PRK", False), ("PRK", None, False),
])
def test_actor_match(gold, pred, ok):
    assert actor_match(gold, pred) is ok


@pytest.mark.parametrize("gold,pred,ok", [
    ("2013-04", "2013-04", True), ("2013-04", "2013-04-12", True), ("2013", "2013-04", True),
    ("2013-04-12", "2013-04", False), ("2013-04", "2013-05-01", False), (None, "2013", True),
    ("2013-04", None, False), ("2013", "20134", False),
])
def test_date_match_allows_a_more_precise_prediction_only(gold, pred, ok):
    assert date_match(gold, pred) is ok


def test_scores_count_each_right_event_once_and_slice_the_errors():
    talks = "North and South Korea held talks."
    threat = "North Korea threatened the South in April."
    neg = "The Tigers crushed the Lions."
    gold = [
        _gold(talks, [{"plover_type": "CONSULT", "cameo": "046", "source": "PRK", "target": "KOR"},
                      {"plover_type": "CONSULT", "cameo": "046", "source": "KOR", "target": "PRK"}]),
        _gold(threat, [{"plover_type": "THREATEN", "cameo": "130", "source": "PRK",
                        "target": "KOR", "date": "2013-04"}]),
        _gold(neg, []),
    ]
    coder = StubCoder({
        # the same event predicted twice: the copy is aligned with the reverse gold event,
        # so it counts for the type but not for the triple
        talks: [_event("046", "CONSULT", "PRKGOV", "KORGOV"),
                _event("046", "CONSULT", "PRKGOV", "KORGOV")],
        # right type and actors, wrong month
        threat: [_event("130", "THREATEN", "PRK", "KOR", day="2013-05")],
        neg: [_event("190", "ASSAULT", "USA", None)],
    })
    sc = score_events(enumerate(gold, start=1), coder).as_dict()
    assert sc["items"] == 3 and sc["negative_items"] == 1
    assert sc["false_events_per_negative"] == 1.0
    t = sc["triple"]
    assert (t["tp"], t["fp"], t["fn"]) == (2, 2, 1)  # talks once, threat; copy and negative
    assert (sc["plover_type"]["CONSULT"]["tp"], sc["plover_type"]["CONSULT"]["fp"]) == (2, 0)
    assert sc["plover_type"]["ASSAULT"]["fp"] == 1
    assert sc["date_accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert sc["aligned_pairs"] == 3
    problems = sorted(tuple(e["problems"]) for e in score_events(
        enumerate(gold, start=1), coder).errors)
    assert problems == [("date",), ("extra",), ("source", "target")]
