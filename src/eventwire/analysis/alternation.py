"""``alternation``: do cooperation and conflict take turns, and do threats bring talks?

Three views of one actor's or dyad's history, period by period (months by default):

* phases — each month's dominant side (cooperative if QuadClass 1-2 events outnumber 3-4,
  conflictual if the reverse, ``mixed`` on a tie, ``quiet`` without events) and the runs
  of months on one side;
* the transition matrix of the dominant QuadClass from one month to the next (with
  ``none`` for a month without events, since silence is a state too);
* the lagged cross-correlation between threats/coercion and talks/agreements, and the
  plain count behind it: after a month with threats, how often did talks follow soon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from eventwire.analysis._query import (
    QUAD_NAMES, DbLike, Filters, data_bounds, open_db, period_index, talk_sql, threat_sql,
    trunc_sql,
)

STATES = ("none", *QUAD_NAMES.values())  # index = dominant QuadClass, 0 = no events
_UNIT = {"day": "day", "week": "week", "month": "month", "year": "year"}


@dataclass
class Alternation:
    """The answer of ``alternation``; ``summary`` says it in words."""

    label: str
    freq: str
    periods: pd.DataFrame      # one row per period: counts, threats, talks, dominant, phase
    phases: pd.DataFrame       # runs of periods on one side: phase, start, end, periods, events
    transitions: pd.DataFrame  # counts, from-state rows x to-state columns
    transition_probs: pd.DataFrame
    xcorr: pd.DataFrame        # lag, r, pairs: r = corr(threats[t], talks[t+lag])
    follow: dict[str, int | float | None] = field(default_factory=dict)
    summary: str = ""

    def frames(self) -> dict[str, pd.DataFrame]:
        return {"periods": self.periods, "phases": self.phases,
                "transitions": self.transitions.reset_index(names="from"),
                "xcorr": self.xcorr}


def _phase(coop: int, conf: int) -> str:
    if coop == conf:
        return "quiet" if coop == 0 else "mixed"
    return "cooperative" if coop > conf else "conflictual"


def lagged_xcorr(x: pd.Series, y: pd.Series, max_lag: int = 6) -> pd.DataFrame:
    """Pearson r between ``x[t]`` and ``y[t+lag]`` for lag in -max_lag..max_lag.

    Positive lags ask whether ``y`` follows ``x``. Undefined (NaN) when fewer than three
    pairs overlap or either side is constant over them.
    """
    xs, ys = x.to_numpy(dtype=float), y.to_numpy(dtype=float)
    n = len(xs)
    rows = []
    for lag in range(-max_lag, max_lag + 1):
        if lag >= 0:
            a, b = xs[: n - lag], ys[lag:]
        else:
            a, b = xs[-lag:], ys[: n + lag]
        r = float("nan")
        if len(a) >= 3 and a.std() > 0 and b.std() > 0:
            r = float(np.corrcoef(a, b)[0, 1])
        rows.append({"lag": lag, "r": round(r, 4) if not math.isnan(r) else r, "pairs": len(a)})
    return pd.DataFrame(rows)


def follow_rate(trigger: pd.Series, response: pd.Series, window: int) -> tuple[int, int, float | None]:
    """Of the periods with ``trigger`` > 0 whose next ``window`` periods are all observed,
    how many saw ``response`` > 0 in one of them; plus that rate after any period (baseline)."""
    t, r = trigger.to_numpy() > 0, response.to_numpy() > 0
    n = len(t)
    usable = range(0, max(n - window, 0))
    followed = [bool(r[i + 1: i + 1 + window].any()) for i in usable]
    cases = [i for i in usable if t[i]]
    hits = sum(followed[i] for i in cases)
    base = (sum(followed) / len(followed)) if followed else None
    return hits, len(cases), base


def alternation(db: DbLike, filters: Filters | None = None, freq: str = "month",
                max_lag: int = 6, window: int = 2, **filter_kw: object) -> Alternation:
    """Phases, QuadClass transitions and threat→talk lags for an actor or dyad."""
    f = filters or Filters.make(**filter_kw)  # type: ignore[arg-type]
    with open_db(db) as store:
        bounds = data_bounds(store, f)
        where, params = f.where()
        raw = store.con.execute(
            f"""SELECT {trunc_sql(freq)} AS period,
                  count(*) AS events,
                  count(*) FILTER (WHERE e.quad_class = 1) AS verbal_coop,
                  count(*) FILTER (WHERE e.quad_class = 2) AS material_coop,
                  count(*) FILTER (WHERE e.quad_class = 3) AS verbal_conflict,
                  count(*) FILTER (WHERE e.quad_class = 4) AS material_conflict,
                  count(*) FILTER (WHERE {threat_sql()}) AS threats,
                  count(*) FILTER (WHERE {talk_sql()}) AS talks
                FROM {f.table} e WHERE {where} GROUP BY 1""", params).df()
    cols = ["events", *QUAD_NAMES.values(), "threats", "talks"]
    if bounds is None:
        idx = pd.DatetimeIndex([], name="period")
    else:
        idx = pd.DatetimeIndex(period_index(*bounds, freq), name="period")
    raw["period"] = pd.to_datetime(raw["period"])
    per = raw.set_index("period")[cols].reindex(idx).fillna(0).astype("int64")
    quads = per[list(QUAD_NAMES.values())].to_numpy()
    # Dominant class: the most frequent; ties go to the lower (more cooperative) class.
    per["dominant"] = np.where(quads.sum(axis=1) > 0, quads.argmax(axis=1) + 1, 0)
    per["dominant_name"] = [STATES[d] for d in per["dominant"]]
    coop = per["verbal_coop"] + per["material_coop"]
    conf = per["verbal_conflict"] + per["material_conflict"]
    per["phase"] = [_phase(a, b) for a, b in zip(coop, conf)]
    per = per.reset_index()

    # Runs of consecutive periods on the same side.
    run_id = (per["phase"] != per["phase"].shift()).cumsum()
    phases = (per.groupby(run_id)
              .agg(phase=("phase", "first"), start=("period", "first"), end=("period", "last"),
                   periods=("period", "size"), events=("events", "sum"))
              .reset_index(drop=True))

    counts = np.zeros((5, 5), dtype=int)
    dom = per["dominant"].to_numpy()
    for a, b in zip(dom[:-1], dom[1:]):
        counts[a, b] += 1
    transitions = pd.DataFrame(counts, index=list(STATES), columns=list(STATES))
    transitions.index.name = "from"
    rowsum = transitions.sum(axis=1).replace(0, np.nan)
    probs = transitions.div(rowsum, axis=0).round(3)

    xcorr = lagged_xcorr(per["threats"], per["talks"], max_lag)
    hits, cases, base = follow_rate(per["threats"], per["talks"], window)
    back_hits, back_cases, back_base = follow_rate(per["talks"], per["threats"], window)
    follow = {"window": window, "threat_periods": cases, "talks_followed": hits,
              "baseline_rate": base, "talk_periods": back_cases, "threats_followed": back_hits,
              "baseline_rate_threats": back_base}
    result = Alternation(f.label(), freq, per, phases, transitions, probs, xcorr, follow)
    result.summary = _summary(result)
    return result


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def _summary(a: Alternation) -> str:
    """The findings in sentences a reader can act on, with the numbers behind them."""
    unit = _UNIT[a.freq]
    per = a.periods
    if per.empty or per["events"].sum() == 0:
        return f"{a.label}: no events in the archive match."
    first, last = per["period"].iloc[0], per["period"].iloc[-1]
    fmt = "%Y-%m" if a.freq in ("month", "year") else "%Y-%m-%d"
    n_coop = int((a.phases["phase"] == "cooperative").sum())
    n_conf = int((a.phases["phase"] == "conflictual").sum())
    steps = len(per) - 1
    changes = int((per["dominant"].to_numpy()[1:] != per["dominant"].to_numpy()[:-1]).sum())
    lines = [
        f"{a.label}: {int(per['events'].sum())} events over {len(per)} {unit}s "
        f"({first:{fmt}} to {last:{fmt}}).",
        f"{n_coop} cooperative and {n_conf} conflictual phases; the dominant QuadClass "
        f"changed in {changes} of {steps} {unit}-to-{unit} steps.",
    ]
    fo = a.follow
    w = fo["window"]
    span = f"within {w} {unit}s" if w != 1 else f"the next {unit}"
    if fo["threat_periods"]:
        lines.append(
            f"After a {unit} of threats or coercion, talks or agreements followed {span} in "
            f"{fo['talks_followed']} of {fo['threat_periods']} cases "
            f"({_pct(fo['talks_followed'] / fo['threat_periods'])}; after any {unit}: "
            f"{_pct(fo['baseline_rate'])}).")
    else:
        lines.append(f"No {unit} with threats or coercion to follow up (or too close to the end).")
    if fo["talk_periods"]:
        lines.append(
            f"After a {unit} of talks or agreements, threats or coercion followed {span} in "
            f"{fo['threats_followed']} of {fo['talk_periods']} cases "
            f"({_pct(fo['threats_followed'] / fo['talk_periods'])}; after any {unit}: "
            f"{_pct(fo['baseline_rate_threats'])}).")
    xc = a.xcorr.dropna(subset=["r"])
    if xc.empty:
        lines.append("Threats and talks cannot be correlated (too few periods, or one of "
                     "them never varies).")
    else:
        best = xc.loc[xc["r"].abs().idxmax()]
        lag, r, pairs = int(best["lag"]), float(best["r"]), int(best["pairs"])
        # About 3 standard errors of r under no relation: 13 lags are tried, so the usual 2
        # would flag a spurious lag in most unrelated series (Bonferroni, 0.05 / 13).
        band = 3 / math.sqrt(max(pairs, 1))
        if abs(r) >= max(0.3, band):
            if lag > 0:
                what = f"talks tend to {'follow' if r > 0 else 'be scarce'} {lag} {unit}(s) after threats"
            elif lag < 0:
                what = f"threats tend to {'follow' if r > 0 else 'be scarce'} {-lag} {unit}(s) after talks"
            else:
                what = f"threats and talks tend to {'coincide' if r > 0 else 'exclude each other'} in the same {unit}"
            lines.append(f"Strongest lagged relation: lag {lag:+d} (r = {r:.2f}): {what}.")
        else:
            lines.append(f"No lag shows a clear relation between threats and talks "
                         f"(largest |r| = {abs(r):.2f} at lag {lag:+d}; noise level about "
                         f"{band:.2f} for {pairs} {unit}s).")
    return "\n".join(lines)
