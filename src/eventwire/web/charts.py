"""Charts for the dyad page, drawn server-side as inline SVG, plus Vega-Lite specs for the API.

Why SVG strings rather than matplotlib or a JavaScript library: the machine the app runs on
may have no internet (no CDN), an inline SVG costs a few milliseconds where a matplotlib
figure costs ~100 ms (the 500 ms page budget), and it scales with the window (``viewBox``)
so the narrow-screen layout needs nothing special. Every piece of text goes through
``html.escape``; the only markup is the fixed drawing code below.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

import pandas as pd

QUAD = (
    ("verbal_coop", "Verbal cooperation (1)", "#9ecae1"),
    ("material_coop", "Material cooperation (2)", "#2171b5"),
    ("verbal_conflict", "Verbal conflict (3)", "#fdae6b"),
    ("material_conflict", "Material conflict (4)", "#d94801"),
)
PHASE_COLORS = {"cooperative": "#deebf7", "conflictual": "#fee6ce", "mixed": "#eeeeee"}

W, H = 760, 300
ML, MR, MT, MB = 48, 48, 16, 40  # margins: left axis, right axis, top, bottom labels


def _num(x: float) -> str:
    return f"{x:.1f}"


def _ticks(hi: float, n: int = 4) -> list[float]:
    """Round axis ticks from 0 to at least ``hi``; counts get whole-number steps."""
    if hi <= 0:
        return [0.0]
    raw = max(hi / n, 1.0)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [i * step for i in range(int(hi / step) + 2) if i * step <= hi * 1.0001 + step]


def _label_every(n: int, room: int = 8) -> int:
    return max(1, math.ceil(n / room))


def _period_labels(periods: pd.Series, freq: str) -> list[str]:
    """Every period as text at its frequency's precision, formatted in one vectorised call."""
    fmt = {"year": "%Y", "month": "%Y-%m"}.get(freq, "%Y-%m-%d")
    return list(pd.to_datetime(periods).dt.strftime(fmt))


def _svg(body: list[str], title: str, height: int = H) -> str:
    return (f'<svg class="chart" viewBox="0 0 {W} {height}" role="img" '
            f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def _empty(title: str) -> str:
    return _svg([f'<text x="{W / 2}" y="{H / 2}" text-anchor="middle" class="muted">'
                 "No events match.</text>"], title)


def series_svg(df: pd.DataFrame, freq: str, title: str) -> str:
    """Stacked bars of events per QuadClass per period, mean Goldstein as a line (right axis)."""
    if df.empty or int(df["events"].sum()) == 0:
        return _empty(title)
    n = len(df)
    pw = (W - ML - MR) / n
    ymax = max(float(df["events"].max()), 1.0)
    ticks = _ticks(ymax)
    ymax = max(ymax, ticks[-1])
    ph = H - MT - MB

    def y(v: float) -> float:
        return MT + ph - v / ymax * ph

    def yg(g: float) -> float:  # Goldstein -10..10 on the right axis
        return MT + ph - (g + 10) / 20 * ph

    out: list[str] = []
    for t in ticks:
        out.append(f'<line x1="{ML}" x2="{W - MR}" y1="{_num(y(t))}" y2="{_num(y(t))}" '
                   f'class="grid"/><text x="{ML - 4}" y="{_num(y(t) + 4)}" '
                   f'text-anchor="end">{t:g}</text>')
    for g in (-10, 0, 10):
        out.append(f'<text x="{W - MR + 4}" y="{_num(yg(g) + 4)}">{g:+d}</text>')
    every = _label_every(n)
    pts: list[str | None] = []
    # Few periods: one rect each, with a tooltip. Many (a day chart over years): one path per
    # QuadClass, which is 4 elements instead of thousands and renders as fast as it draws.
    dense = n > 200
    paths: dict[str, list[str]] = {col: [] for col, _, _ in QUAD}
    bw = max(pw * 0.8, 0.5)
    labels = _period_labels(df["period"], freq)
    # Plain lists: indexing them is far cheaper than pandas row access in a per-period loop.
    counts = {col: df[col].astype(float).tolist() for col, _, _ in QUAD}
    means = df["goldstein_mean"].tolist()
    for i in range(n):
        x = ML + i * pw
        base = 0.0
        label = labels[i]
        for col, name, color in QUAD:
            v = counts[col][i]
            if v <= 0:
                continue
            top, h = y(base + v), y(base) - y(base + v)
            if dense:
                paths[col].append(f"M{_num(x + pw * 0.1)} {_num(top)}h{_num(bw)}v{_num(h)}"
                                  f"h-{_num(bw)}z")
            else:
                out.append(f'<rect x="{_num(x + pw * 0.1)}" y="{_num(top)}" width="{_num(bw)}" '
                           f'height="{_num(h)}" fill="{color}"><title>{escape(label)}: '
                           f"{int(v)} {escape(name)}</title></rect>")
            base += v
        if i % every == 0:
            out.append(f'<text x="{_num(x + pw / 2)}" y="{H - MB + 14}" text-anchor="middle">'
                       f"{escape(label)}</text>")
        gm = means[i]
        if gm is not None and not (isinstance(gm, float) and math.isnan(gm)):
            pts.append(f"{_num(x + pw / 2)},{_num(yg(float(gm)))}")
        else:
            pts.append(None)
    for col, name, color in QUAD:
        if paths[col]:
            out.append(f'<path d="{"".join(paths[col])}" fill="{color}"><title>{escape(name)}'
                       "</title></path>")
    # The mean is undefined in a quiet period: draw runs of consecutive periods as lines and
    # every defined point as a dot, rather than bridging the gaps with a misleading line.
    run: list[str] = []
    for p in [*pts, None]:
        if p is None:
            if len(run) > 1:
                out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="#222" '
                           f'stroke-width="1.5"/>')
            run = []
            continue
        run.append(p)
        if not dense:
            cx, cy = p.split(",")
            out.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" fill="#222"/>')
    out.append(f'<text x="{ML}" y="{H - 6}" class="muted caption">bars: events per {escape(freq)} '
               "by QuadClass · line: mean Goldstein (right axis, −10…+10)</text>")
    return _svg(out, title)


def alternation_svg(periods: pd.DataFrame, freq: str, title: str) -> str:
    """Threats and talks per period as lines over the phase shading (blue coop, orange conflict)."""
    if periods.empty or int(periods["events"].sum()) == 0:
        return _empty(title)
    n = len(periods)
    pw = (W - ML - MR) / n
    ymax = max(float(periods[["threats", "talks"]].to_numpy().max()), 1.0)
    ticks = _ticks(ymax)
    ymax = max(ymax, ticks[-1])
    ph = H - MT - MB

    def y(v: float) -> float:
        return MT + ph - v / ymax * ph

    out: list[str] = []
    every = _label_every(n)
    phases = list(periods["phase"])
    labels = _period_labels(periods["period"], freq)
    i = 0
    while i < n:  # one shaded rect per run of periods in the same phase
        j = i
        while j + 1 < n and phases[j + 1] == phases[i]:
            j += 1
        color = PHASE_COLORS.get(phases[i])
        if color:
            span = labels[i] if i == j else f"{labels[i]} to {labels[j]}"
            out.append(f'<rect x="{_num(ML + i * pw)}" y="{MT}" width="{_num((j - i + 1) * pw)}" '
                       f'height="{ph}" fill="{color}"><title>{escape(span)}: '
                       f"{escape(phases[i])}</title></rect>")
        i = j + 1
    for i in range(0, n, every):
        out.append(f'<text x="{_num(ML + i * pw + pw / 2)}" y="{H - MB + 14}" '
                   f'text-anchor="middle">{escape(labels[i])}</text>')
    for t in ticks:
        out.append(f'<line x1="{ML}" x2="{W - MR}" y1="{_num(y(t))}" y2="{_num(y(t))}" '
                   f'class="grid"/><text x="{ML - 4}" y="{_num(y(t) + 4)}" '
                   f'text-anchor="end">{t:g}</text>')
    for col, color in (("threats", "#d94801"), ("talks", "#2171b5")):
        pts = " ".join(f"{_num(ML + i * pw + pw / 2)},{_num(y(float(v)))}"
                       for i, v in enumerate(periods[col]))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>')
    out.append(f'<text x="{ML}" y="{H - 6}" class="muted caption"><tspan fill="#d94801">■ threats/'
               'coercion</tspan> <tspan fill="#2171b5">■ talks/agreements</tspan> · shading: '
               "cooperative (blue) / conflictual (orange) phase</text>")
    return _svg(out, title)


def xcorr_svg(xcorr: pd.DataFrame, title: str) -> str:
    """r(lag) = corr(threats[t], talks[t+lag]) as bars, with the ±3/√n noise band."""
    h = 220
    ph = h - MT - MB
    n = len(xcorr)
    if n == 0:
        return _empty(title)
    pw = (W - ML - MR) / n

    def y(r: float) -> float:
        return MT + ph / 2 - r * ph / 2

    pairs = int(xcorr["pairs"].max() or 1)
    band = min(3 / math.sqrt(max(pairs, 1)), 1.0)
    out = [f'<rect x="{ML}" y="{_num(y(band))}" width="{W - ML - MR}" '
           f'height="{_num(y(-band) - y(band))}" fill="#eeeeee"><title>noise band ±{band:.2f}'
           "</title></rect>",
           f'<line x1="{ML}" x2="{W - MR}" y1="{_num(y(0))}" y2="{_num(y(0))}" stroke="#666"/>']
    for r in (-1, 0, 1):
        out.append(f'<text x="{ML - 4}" y="{_num(y(r) + 4)}" text-anchor="end">{r:+d}</text>')
    for i, row in enumerate(xcorr.itertuples(index=False)):
        x = ML + i * pw
        r = row.r
        if r is not None and not math.isnan(r):
            top, bot = sorted((y(r), y(0)))
            color = "#2171b5" if r > 0 else "#d94801"
            out.append(f'<rect x="{_num(x + pw * 0.2)}" y="{_num(top)}" width="{_num(pw * 0.6)}" '
                       f'height="{_num(max(bot - top, 0.5))}" fill="{color}"><title>lag '
                       f"{int(row.lag):+d}: r = {r:.2f} ({int(row.pairs)} pairs)</title></rect>")
        out.append(f'<text x="{_num(x + pw / 2)}" y="{h - MB + 14}" text-anchor="middle">'
                   f"{int(row.lag):+d}</text>")
    out.append(f'<text x="{ML}" y="{h - 6}" class="muted caption">lag in periods: positive = talks after '
               f"threats · grey band: noise level ±{band:.2f}</text>")
    return _svg(out, title, h)


def dyads_svg(df: pd.DataFrame, names: tuple[str, str], title: str) -> str:
    """Diverging bars per dyad: cooperative events right, conflictual left, net as a dot."""
    if df.empty:
        return _empty(title)
    row_h = 22
    h = MT + row_h * len(df) + 36
    lw = 130
    mid = lw + (W - lw - 20) / 2
    half = (W - lw - 20) / 2 - 30  # room for the count at each bar's end
    vmax = max(float(df["cooperative"].max()), float(df["conflictual"].max()), 1.0)
    out = [f'<line x1="{_num(mid)}" x2="{_num(mid)}" y1="{MT}" y2="{h - 30}" stroke="#666"/>']
    for i, row in enumerate(df.itertuples(index=False)):
        y = MT + i * row_h
        a, b = getattr(row, names[0]), getattr(row, names[1])
        label = f"{a} {'↔' if names[0] == 'actor_a' else '→'} {b}"
        coop, conf = float(row.cooperative), float(row.conflictual)
        net = float(row.net_cooperation)
        out.append(f'<text x="{lw - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>')
        out.append(f'<rect x="{_num(mid)}" y="{y + 3}" width="{_num(coop / vmax * half)}" '
                   f'height="{row_h - 6}" fill="#2171b5"><title>{escape(label)}: {int(coop)} '
                   "cooperative</title></rect>")
        out.append(f'<rect x="{_num(mid - conf / vmax * half)}" y="{y + 3}" '
                   f'width="{_num(conf / vmax * half)}" height="{row_h - 6}" fill="#d94801">'
                   f"<title>{escape(label)}: {int(conf)} conflictual</title></rect>")
        if conf:
            out.append(f'<text x="{_num(mid - conf / vmax * half - 4)}" y="{y + 15}" '
                       f'text-anchor="end" class="muted">{int(conf)}</text>')
        if coop:
            out.append(f'<text x="{_num(mid + coop / vmax * half + 4)}" y="{y + 15}" '
                       f'class="muted">{int(coop)}</text>')
        out.append(f'<circle cx="{_num(mid + net / vmax * half)}" cy="{y + row_h / 2}" r="4" '
                   f'fill="#111"><title>net cooperation {int(net):+d}</title></circle>')
    out.append(f'<text x="{lw}" y="{h - 10}" class="muted caption">← conflictual events · cooperative '
               "events → · dot: net cooperation</text>")
    return _svg(out, title, h)


# -- Vega-Lite specs (the API's machine-readable twin of the SVG charts) ----------------------------
def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.strftime("%Y-%m-%d")
    return out.astype(object).where(out.notna(), None).to_dict(orient="records")


def series_vegalite(df: pd.DataFrame, freq: str, title: str) -> dict[str, Any]:
    """A Vega-Lite v5 spec with inline data: stacked QuadClass bars and mean Goldstein line."""
    long = []
    for rec in _records(df):
        for col, name, _ in QUAD:
            long.append({"period": rec["period"], "class": name, "n": rec[col]})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "layer": [
            {"data": {"values": long}, "mark": "bar",
             "encoding": {
                 "x": {"field": "period", "type": "temporal", "title": freq},
                 "y": {"field": "n", "type": "quantitative", "stack": True,
                       "title": f"events per {freq}"},
                 "color": {"field": "class", "type": "nominal",
                           "scale": {"domain": [q[1] for q in QUAD],
                                     "range": [q[2] for q in QUAD]}}}},
            {"data": {"values": _records(df[["period", "goldstein_mean"]])},
             "mark": {"type": "line", "color": "black"},
             "encoding": {
                 "x": {"field": "period", "type": "temporal"},
                 "y": {"field": "goldstein_mean", "type": "quantitative",
                       "scale": {"domain": [-10, 10]}, "title": "mean Goldstein"}}},
        ],
        "resolve": {"scale": {"y": "independent"}},
    }


def alternation_vegalite(periods: pd.DataFrame, title: str) -> dict[str, Any]:
    """Threats and talks per period as lines, coloured background by phase."""
    recs = _records(periods[["period", "threats", "talks", "phase"]])
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "data": {"values": recs},
        "layer": [
            {"mark": {"type": "bar", "opacity": 0.4},
             "encoding": {"x": {"field": "period", "type": "temporal"},
                          "color": {"field": "phase", "type": "nominal"}}},
            {"transform": [{"fold": ["threats", "talks"], "as": ["kind", "n"]}],
             "mark": "line",
             "encoding": {"x": {"field": "period", "type": "temporal"},
                          "y": {"field": "n", "type": "quantitative"},
                          "stroke": {"field": "kind", "type": "nominal"}}},
        ],
    }
