"""Analyses on small synthetic archives whose answers are known by construction."""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import types
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from eventwire import analysis
from eventwire.analysis import Filters, lagged_xcorr
from eventwire.cli import app
from eventwire.store import EventStore
from eventwire.store.synthetic import coded_article

THREAT, TALK = "130", "046"  # THREATEN (QuadClass 3) and CONSULT (QuadClass 1)


def month(i: int, base: dt.date = dt.date(2020, 1, 1), day: int = 10) -> str:
    y, m = divmod(base.month - 1 + i, 12)
    return dt.date(base.year + y, m + 1, day).isoformat()


def build(path: Path, articles: list) -> Path:
    with EventStore(path) as s:
        s.write(articles)
    return path


@pytest.fixture()
def small(tmp_path: Path) -> Path:
    """Jan: USAGOV threatens PRK twice, USA talks once; Feb quiet; Mar: PRK→USA talk,
    CHN→PRK aid; plus a negated attack in Jan that did not happen."""
    jan = coded_article(month(0), [("USAGOV", "PRK", THREAT), ("USA", "PRKMIL", THREAT),
                                   ("USA", "PRK", TALK)], outlet="Wire A")
    neg = coded_article(month(0, day=11), [("USA", "PRK", "190")], outlet="Wire B")
    neg.events[0].negated = True
    mar = coded_article(month(2), [("PRK", "USA", TALK), ("CHN", "PRK", "071")])
    return build(tmp_path / "small.duckdb", [jan, neg, mar])


def test_series_counts_quad_classes_and_fills_quiet_months(small: Path) -> None:
    df = analysis.series(small, source="USA", target="PRK")
    assert list(df["period"].dt.strftime("%Y-%m")) == ["2020-01"]  # range is the data's
    row = df.iloc[0]
    assert (row.events, row.verbal_coop, row.verbal_conflict) == (3, 1, 2)
    assert row.goldstein_sum == pytest.approx(7.0 - 2 * 4.4)
    assert (row.THREATEN, row.CONSULT, row.net_cooperation) == (2, 1, -1)

    both = analysis.series(small, source="USA", target="PRK", direction="both")
    assert list(both["events"]) == [3, 0, 1]  # February present, as zero
    assert list(both["period"].dt.month) == [1, 2, 3]
    withneg = analysis.series(small, source="USA", target="PRK", include_negated=True)
    assert withneg.iloc[0].events == 4 and withneg.iloc[0].material_conflict == 1


def test_prefix_matching_and_filters(small: Path) -> None:
    def n(**kw) -> int:
        return int(analysis.timeline(small, **kw).shape[0])

    assert n(source="USA") == 3          # USA and USAGOV
    assert n(source="USAGOV") == 1
    assert n(target="PRK") == 4          # PRK and PRKMIL, incl. CHN→PRK
    assert n(source="usa,chn", target="PRK") == 4
    assert n(source="PRK", direction="both") == 5
    assert n(start="2020-03") == 2 and n(end="2020-01") == 3 and n(end="2020") == 5
    with pytest.raises(ValueError):
        Filters.make(direction="sideways")
    with pytest.raises(ValueError):
        Filters.make(start="March")


def test_week_and_year_periods(small: Path) -> None:
    week = analysis.series(small, source="PRK", direction="both", freq="week")
    assert week["period"].iloc[0] == pd.Timestamp("2020-01-06")  # Monday of 2020-01-10
    assert week["events"].sum() == 5 and (week["period"].dt.day_of_week == 0).all()
    year = analysis.series(small, freq="year")
    assert list(year["events"]) == [5]


def test_dyads_and_actors(small: Path) -> None:
    d = analysis.dyads(small)
    first = d.iloc[0]
    assert (first.source, first.target, first.events, first.cooperative, first.conflictual,
            first.net_cooperation) == ("USA", "PRK", 3, 1, 2, -1)
    codes = analysis.dyads(small, level="code")
    assert {"USAGOV", "USA"} <= set(codes["source"])
    both = analysis.dyads(small, direction="both", source="USA")
    assert list(both[["actor_a", "actor_b", "events"]].iloc[0]) == ["PRK", "USA", 4]
    a = analysis.actors(small).set_index("actor")
    assert a.loc["PRK", "events"] == 5 and a.loc["PRK", "as_target"] == 4
    assert a.loc["USA", "as_source"] == 3
    per = analysis.dyads(small, freq="month", limit=1)
    assert list(per["period"].dt.month) == [1, 3]


def test_timeline_is_in_date_order_with_sentences(small: Path) -> None:
    t = analysis.timeline(small, source="PRK", direction="both")
    assert list(t["event_day"]) == sorted(t["event_day"])
    assert t.iloc[0]["sentence_text"].startswith("United States threatened North Korea")
    assert t.iloc[-1]["outlet"] == "Wire A" and t.iloc[-1]["title"]


def test_one_a_day_counts_repeated_reports_once(tmp_path: Path) -> None:
    arts = [coded_article(month(0), [("USA", "PRK", THREAT)], outlet=o)
            for o in ("Wire A", "Wire B", "Daily C")]
    db = build(tmp_path / "d.duckdb", arts)
    assert analysis.series(db).events.sum() == 3
    assert analysis.series(db, one_a_day=True).events.sum() == 1


# -- alternation: answers known by construction -----------------------------------------------
def _monthly(path: Path, threats: list[int], talks: list[int]) -> Path:
    arts = []
    for i, (nt, nk) in enumerate(zip(threats, talks)):
        triples = [("USA", "PRK", THREAT)] * nt + [("PRK", "USA", TALK)] * nk
        if triples:
            arts.append(coded_article(month(i), triples, article_id=f"m{i}"))
    return build(path, arts)


def test_strictly_alternating_series(tmp_path: Path) -> None:
    n = 24
    db = _monthly(tmp_path / "alt.duckdb", [2 if i % 2 == 0 else 0 for i in range(n)],
                  [0 if i % 2 == 0 else 2 for i in range(n)])
    a = analysis.alternation(db, source="USA", target="PRK", direction="both")
    assert len(a.periods) == n
    assert list(a.phases["phase"]) == ["conflictual", "cooperative"] * (n // 2)
    tr = a.transitions
    assert tr.loc["verbal_conflict", "verbal_coop"] == 12
    assert tr.loc["verbal_coop", "verbal_conflict"] == 11
    assert tr.to_numpy().sum() == n - 1
    assert a.transition_probs.loc["verbal_conflict", "verbal_coop"] == 1.0
    r = a.xcorr.set_index("lag")["r"]
    assert r[0] == pytest.approx(-1) and r[1] == pytest.approx(1) and r[-1] == pytest.approx(1)
    assert r[2] == pytest.approx(-1)
    # threat months 0, 2, …, 20 have two observed months after them: 11 cases, all followed
    assert (a.follow["threat_periods"], a.follow["talks_followed"]) == (11, 11)
    assert "followed within 2 months in 11 of 11 cases" in a.summary
    assert "12 cooperative and 12 conflictual phases" in a.summary
    assert "changed in 23 of 23" in a.summary


def test_talks_two_months_after_threats(tmp_path: Path) -> None:
    rng = random.Random(1)
    n = 120
    threats = [rng.choice([0, 0, 1, 3]) for _ in range(n)]
    talks = [0, 0] + threats[:-2]
    db = _monthly(tmp_path / "lag.duckdb", threats, talks)
    a = analysis.alternation(db, source="USA", target="PRK", direction="both")
    r = a.xcorr.set_index("lag")["r"]
    assert r.idxmax() == 2 and r[2] > 0.95
    assert "lag +2" in a.summary and "talks tend to follow 2 month(s) after threats" in a.summary


def test_unrelated_series_show_no_clear_relation(tmp_path: Path) -> None:
    rng = random.Random(7)
    n = 240
    threats = [rng.choice([0, 0, 1, 2, 3]) for _ in range(n)]
    talks = [rng.choice([0, 0, 1, 2, 3]) for _ in range(n)]
    db = _monthly(tmp_path / "none.duckdb", threats, talks)
    a = analysis.alternation(db, source="USA", target="PRK", direction="both")
    assert a.xcorr["r"].abs().max() < 0.3
    assert "No lag shows a clear relation" in a.summary
    rate, base = a.follow["talks_followed"] / a.follow["threat_periods"], a.follow["baseline_rate"]
    assert abs(rate - base) < 0.1  # talks follow threats no more often than any month


def test_lagged_xcorr_edge_cases() -> None:
    flat = lagged_xcorr(pd.Series([1, 1, 1, 1]), pd.Series([0, 1, 0, 1]), max_lag=2)
    assert flat["r"].isna().all() and list(flat["lag"]) == [-2, -1, 0, 1, 2]


def test_alternation_without_events(small: Path) -> None:
    a = analysis.alternation(small, source="FRA")
    assert a.periods.empty and "no events" in a.summary


# -- plots ----------------------------------------------------------------------------------------
def test_plots_render_png_and_html(tmp_path: Path) -> None:
    rng = random.Random(3)
    db = _monthly(tmp_path / "p.duckdb", [rng.randint(0, 3) for _ in range(18)],
                  [rng.randint(0, 3) for _ in range(18)])
    from eventwire.analysis.plots import plot_alternation, plot_dyads, plot_series

    f = Filters.make(source="USA", target="PRK", direction="both")
    s, d, a = analysis.series(db, f), analysis.dyads(db, f), analysis.alternation(db, f)
    for ext in ("png", "html"):
        for name, fn in (("s", lambda p: plot_series(s, p, f.label())),
                         ("d", lambda p: plot_dyads(d, p, f.label())),
                         ("a", lambda p: plot_alternation(a, p))):
            out = fn(tmp_path / f"{name}.{ext}")
            data = out.read_bytes()
            if ext == "png":
                assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
            else:
                text = data.decode("utf-8")
                assert "vega" in text
                assert "USA ↔ PRK" in text or "USA \\u2194 PRK" in text  # raw or JSON-escaped
    with pytest.raises(ValueError):
        plot_series(s, tmp_path / "x.jpg", "x")


# -- CLI -------------------------------------------------------------------------------------------
runner = CliRunner()


def test_cli_analysis_commands(small: Path, tmp_path: Path) -> None:
    base = ["--db", str(small)]
    r = runner.invoke(app, ["series", *base, "--source", "USA", "--target", "PRK", "-f", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].startswith("period,events,verbal_coop")
    assert r.stdout.splitlines()[1].startswith("2020-01-01,3,1,0,2,0")
    r = runner.invoke(app, ["dyads", *base, "-f", "json"])
    body = json.loads(r.stdout)
    assert body["dyads"][0]["source"] == "USA" and body["actors"][0]["actor"] == "PRK"
    r = runner.invoke(app, ["alternation", *base, "--source", "USA", "--direction", "both",
                            "-f", "json", "--plot", str(tmp_path / "alt.png")])
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    assert set(body) >= {"summary", "periods", "phases", "transitions", "xcorr"}
    assert (tmp_path / "alt.png").stat().st_size > 10_000
    r = runner.invoke(app, ["timeline", *base, "--source", "USA", "--target", "PRK"])
    assert r.exit_code == 0 and "threatened" in r.stdout
    r = runner.invoke(app, ["series", *base, "--freq", "fortnight"])
    assert r.exit_code == 2
    r = runner.invoke(app, ["series", "--db", str(tmp_path / "missing.duckdb")])
    assert r.exit_code == 2 and "eventwire ingest" in r.output


def test_cli_ingest_wires_reader_and_coder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    """The real ingest path with stand-ins for ``eventwire.ingest`` and ``eventwire.coder``
    (the coder loads spaCy; what is tested here is the wiring, batching and summary)."""
    arts = [coded_article(month(i), [("USA", "PRK", THREAT)], article_id=f"a{i}")
            for i in range(7)]
    by_id = {c.article.article_id: c for c in arts}
    calls: dict[str, object] = {}

    class FakeCoder:
        def __init__(self, model=None, dicts=()):
            calls["init"] = (model, tuple(dicts))

        def code_articles(self, articles, workers=1):
            calls["workers"] = workers
            for a in articles:
                calls.setdefault("coded", []).append(a.article_id)
                yield by_id[a.article_id]

    def read_articles(paths, report=None):
        calls["paths"] = list(paths)
        return iter([c.article for c in arts])

    monkeypatch.setitem(sys.modules, "eventwire.coder", types.SimpleNamespace(Coder=FakeCoder))
    monkeypatch.setitem(sys.modules, "eventwire.ingest",
                        types.SimpleNamespace(read_articles=read_articles))
    db = tmp_path / "i.duckdb"
    r = runner.invoke(app, ["ingest", "news/", "--db", str(db), "--model", "m",
                            "--workers", "3", "--batch-size", "3"])
    assert r.exit_code == 0, r.output
    assert calls["init"] == ("m", ()) and calls["workers"] == 3 and calls["paths"] == ["news/"]
    assert "archive" in r.stderr and "stored new" in r.stderr
    with EventStore(db, read_only=True) as s:
        assert s.counts()["articles"] == 7
    calls.clear()
    r = runner.invoke(app, ["ingest", "news/", "--db", str(db)])
    assert r.exit_code == 0
    assert "coded" not in calls and "init" not in calls  # unchanged: spaCy never loaded


def test_threat_and_talk_types_are_plover_types() -> None:
    from eventwire.analysis import TALK_TYPES, THREAT_TYPES
    from eventwire.cameo import PLOVER_TYPES
    from eventwire.store.synthetic import CAMEO_SAMPLE

    assert set(THREAT_TYPES) | set(TALK_TYPES) <= set(PLOVER_TYPES)
    assert not set(THREAT_TYPES) & set(TALK_TYPES)
    assert {v[3] for v in CAMEO_SAMPLE.values()} <= set(PLOVER_TYPES)
