"""The reference article: every event DEVELOPERS.md lists, with actors, type and date."""

from __future__ import annotations

import pytest

from eventwire.ingest import read_articles
from eventwire.models import Event


@pytest.fixture(scope="module")
def events(coder, shared) -> list[Event]:
    article = next(iter(read_articles([str(shared / "corpus" / "kaesong-talks-2013.txt")])))
    return coder.code_article(article).events


def _find(events: list[Event], types: set[str], source: str | None, target: str | None = None,
          date: str | None = None) -> list[Event]:
    out = []
    for e in events:
        if e.plover_type not in types:
            continue
        s = e.source_actor.code if e.source_actor else None
        t = e.target_actor.code if e.target_actor else None
        if source is not None and not (s or "").startswith(source):
            continue
        if target is not None and not (t or "").startswith(target):
            continue
        if date is not None and e.event_date.value != date:
            continue
        out.append(e)
    return out


def test_talks_between_the_two_koreas(events):
    assert _find(events, {"CONSULT"}, "PRK", "KOR", "2013-07-06")
    assert _find(events, {"CONSULT"}, "KOR", "PRK", "2013-07-06")


def test_north_calls_for_restart(events):
    assert _find(events, {"REQUEST"}, "PRK", None, "2013-07-06")


def test_seoul_demands_assurance_from_north(events):
    assert _find(events, {"REQUEST"}, "KORGOV", "PRK")


def test_april_shutdown(events):
    assert _find(events, {"SANCTION", "COERCE", "REJECT"}, "PRK", None, "2013-04")


def test_accusation_of_insult(events):
    hits = _find(events, {"ACCUSE"}, "KOR", "PRK") + _find(events, {"ACCUSE"}, "PRK", "KOR")
    assert hits


def test_threats_against_south_and_united_states(events):
    assert _find(events, {"THREATEN"}, "PRK", "KOR", "2013")
    assert _find(events, {"THREATEN"}, "PRK", "USA", "2013")


def test_un_sanctions(events):
    assert _find(events, {"SANCTION", "COERCE"}, "IGOUNO", "PRK")


def test_agreement_to_dialogue_last_month(events):
    assert _find(events, {"AGREE"}, "PRK", None, "2013-06")


def test_park_pledge_and_refusal(events):
    assert _find(events, {"AGREE"}, "KORGOV", "PRK")
    assert _find(events, {"REJECT"}, "KORGOV")


def test_nothing_else_of_substance(events):
    # 10 listed acts, some with two actor pairs; a few extra readings are tolerable, a flood
    # of noise is not.
    assert len(events) <= 20, [(e.cameo_code, e.trigger) for e in events]


def test_nuclear_test_is_the_norths_own_act(events):
    # "…after the United Nations tightened sanctions against it for conducting its third
    # nuclear test in February": the test, when coded, is the North's, dated February, and
    # aimed at neither the UN that answered it nor the targets of the other clause.
    tests = [e for e in events if "nuclear test" in e.trigger]
    for e in tests:
        assert e.source_actor is not None and e.source_actor.code == "PRK", e
        assert e.target_actor is None, e
        assert e.event_date.value == "2013-02"
