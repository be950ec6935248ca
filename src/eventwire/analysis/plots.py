"""Charts of the analyses: PNG with matplotlib (Agg, no display needed) or interactive HTML
with Altair/Vega-Lite, chosen by the output file's extension.

Each chart carries its own title, axis labels with units and a legend, so that it can be
pasted into a report and read without the command that made it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from eventwire.analysis.alternation import Alternation

QUAD_LABELS = {
    "verbal_coop": "Verbal cooperation (QuadClass 1)",
    "material_coop": "Material cooperation (2)",
    "verbal_conflict": "Verbal conflict (3)",
    "material_conflict": "Material conflict (4)",
}
QUAD_COLORS = {
    "verbal_coop": "#9ecae1", "material_coop": "#2171b5",
    "verbal_conflict": "#fdae6b", "material_conflict": "#d94801",
}
PHASE_COLORS = {"cooperative": "#deebf7", "conflictual": "#fee6ce", "mixed": "#eeeeee"}
FREQ_WORD = {"day": "day", "week": "week", "month": "month", "year": "year"}
_NOTE = "Source: eventwire event archive"


def _kind(path: str | Path) -> str:
    ext = Path(path).suffix.lower()
    if ext == ".png":
        return "png"
    if ext in (".html", ".htm"):
        return "html"
    raise ValueError(f"--plot needs a .png or .html file name, not {path!r}")


def _plt():
    import matplotlib

    matplotlib.use("Agg")  # files only: works on servers and in CI without a display
    import matplotlib.pyplot as plt

    return plt


def _bar_width_days(periods: pd.Series) -> float:
    if len(periods) < 2:
        return 20.0
    step = pd.Series(periods).diff().dropna().dt.days.median()
    return max(float(step) * 0.8, 0.8)


# -- series -------------------------------------------------------------------------------------
def plot_series(df: pd.DataFrame, path: str | Path, label: str, freq: str = "month") -> Path:
    """Stacked bars of events per QuadClass per period, with mean Goldstein as a line."""
    path = Path(path)
    unit = FREQ_WORD[freq]
    title = f"Cooperation and conflict, {label}, per {unit}"
    if _kind(path) == "html":
        import altair as alt

        long = df.melt(id_vars=["period"], value_vars=list(QUAD_LABELS), var_name="class",
                       value_name="n")
        long["class"] = long["class"].map(QUAD_LABELS)
        bars = alt.Chart(long).mark_bar().encode(
            x=alt.X("period:T", title=unit.capitalize()),
            y=alt.Y("n:Q", stack=True, title=f"Events per {unit}"),
            color=alt.Color("class:N", title="Event class",
                            scale=alt.Scale(domain=list(QUAD_LABELS.values()),
                                            range=list(QUAD_COLORS.values()))),
            tooltip=["period:T", "class:N", alt.Tooltip("n:Q", title="events")])
        line = alt.Chart(df).mark_line(color="black", point=True).encode(
            x="period:T",
            y=alt.Y("goldstein_mean:Q", title="Mean Goldstein score (−10 conflict … +10 cooperation)",
                    scale=alt.Scale(domain=[-10, 10])),
            tooltip=["period:T", "goldstein_mean:Q", "goldstein_sum:Q"])
        chart = alt.layer(bars, line).resolve_scale(y="independent").properties(
            title=title, width=800, height=350)
        chart.save(str(path))
        return path
    plt = _plt()
    fig, ax = plt.subplots(figsize=(11, 5.5), constrained_layout=True)
    bottom = pd.Series(0, index=df.index, dtype=float)
    width = _bar_width_days(df["period"])
    for col, name in QUAD_LABELS.items():
        ax.bar(df["period"], df[col], width=width, bottom=bottom, color=QUAD_COLORS[col],
               label=name)
        bottom += df[col]
    ax.set_ylim(0, max(float(bottom.max()) if len(bottom) else 1, 1) * 1.1)
    ax.set_ylabel(f"Events per {unit}")
    ax.set_xlabel(unit.capitalize())
    ax2 = ax.twinx()
    ax2.plot(df["period"], df["goldstein_mean"], color="black", marker="o", ms=3, lw=1.2,
             label="Mean Goldstein score (right axis)")
    ax2.axhline(0, color="grey", lw=0.6, ls=":")
    ax2.set_ylim(-10.5, 10.5)
    ax2.set_ylabel("Mean Goldstein score\n(−10 most conflictual … +10 most cooperative)")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=3,
              fontsize=8, frameon=False)
    ax.set_title(title)
    fig.text(0.99, 0.005, _NOTE, ha="right", va="bottom", fontsize=7, color="grey")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# -- dyads --------------------------------------------------------------------------------------
def _dyad_names(df: pd.DataFrame) -> pd.Series:
    if "actor_a" in df.columns:
        return df["actor_a"] + " ↔ " + df["actor_b"]
    return df["source"] + " → " + df["target"]


def plot_dyads(df: pd.DataFrame, path: str | Path, label: str) -> Path:
    """Diverging bars per dyad: cooperative events right, conflictual left, net as a dot."""
    path = Path(path)
    title = f"Most active dyads ({label}): cooperative vs conflictual events"
    d = df.copy()
    if "period" in d.columns:  # per-period rankings: chart the whole range's totals
        key = [c for c in ("source", "target", "actor_a", "actor_b") if c in d.columns]
        d = d.groupby(key, as_index=False)[["events", "cooperative", "conflictual",
                                            "net_cooperation", "goldstein_sum"]].sum()
        d = d.sort_values("events", ascending=False)
    d["dyad"] = _dyad_names(d)
    if _kind(path) == "html":
        import altair as alt

        long = pd.concat([
            d.assign(kind="Cooperative events (QuadClass 1–2)", n=d["cooperative"]),
            d.assign(kind="Conflictual events (QuadClass 3–4)", n=-d["conflictual"]),
        ])
        order = list(d["dyad"])
        bars = alt.Chart(long).mark_bar().encode(
            y=alt.Y("dyad:N", sort=order, title="Dyad (source → target)"),
            x=alt.X("n:Q", title="Events (conflictual to the left, cooperative to the right)"),
            color=alt.Color("kind:N", title="", scale=alt.Scale(range=["#2171b5", "#d94801"])),
            tooltip=["dyad:N", "events:Q", "cooperative:Q", "conflictual:Q",
                     "net_cooperation:Q", "goldstein_sum:Q"])
        dots = alt.Chart(d).mark_point(color="black", filled=True).encode(
            y=alt.Y("dyad:N", sort=order), x="net_cooperation:Q",
            tooltip=["dyad:N", "net_cooperation:Q"])
        (bars + dots).properties(title=title, width=700, height=max(200, 22 * len(d))).save(
            str(path))
        return path
    plt = _plt()
    fig, ax = plt.subplots(figsize=(10, max(3.5, 0.38 * len(d) + 1.5)), constrained_layout=True)
    y = range(len(d))[::-1]
    ax.barh(list(y), d["cooperative"], color="#2171b5", label="Cooperative events (QuadClass 1–2)")
    ax.barh(list(y), -d["conflictual"], color="#d94801", label="Conflictual events (QuadClass 3–4)")
    ax.scatter(d["net_cooperation"], list(y), color="black", zorder=3, s=18,
               label="Net cooperation (cooperative − conflictual)")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(list(y), d["dyad"])
    ax.set_xlabel("Number of events (conflictual to the left, cooperative to the right)")
    ax.set_ylabel("Dyad (source → target)" if "source" in d.columns else "Dyad (either direction)")
    ax.legend(loc="lower right", fontsize=8, framealpha=0.9)
    ax.set_title(title)
    fig.text(0.99, 0.005, _NOTE, ha="right", va="bottom", fontsize=7, color="grey")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# -- alternation --------------------------------------------------------------------------------
def plot_alternation(a: "Alternation", path: str | Path) -> Path:
    """Threats vs talks over time on shaded phases, the lag correlations, the transitions."""
    path = Path(path)
    unit = FREQ_WORD[a.freq]
    per, xc = a.periods, a.xcorr
    title = f"Alternation of cooperation and conflict, {a.label}"
    if _kind(path) == "html":
        import altair as alt

        long = per.melt(id_vars=["period", "phase"], value_vars=["threats", "talks"],
                        var_name="kind", value_name="n")
        long["kind"] = long["kind"].map({"threats": "Threats / coercion",
                                         "talks": "Talks / agreements"})
        ts = alt.Chart(long).mark_line(point=True).encode(
            x=alt.X("period:T", title=unit.capitalize()),
            y=alt.Y("n:Q", title=f"Events per {unit}"),
            color=alt.Color("kind:N", title="", scale=alt.Scale(range=["#d94801", "#2171b5"])),
            tooltip=["period:T", "kind:N", alt.Tooltip("n:Q", title="events"), "phase:N"],
        ).properties(width=800, height=250, title=f"Threats and talks per {unit}")
        bars = alt.Chart(xc).mark_bar().encode(
            x=alt.X("lag:O", title=f"Lag in {unit}s (positive: talks after threats)"),
            y=alt.Y("r:Q", title="Correlation r", scale=alt.Scale(domain=[-1, 1])),
            tooltip=["lag:O", "r:Q", "pairs:Q"],
        ).properties(width=380, height=220, title="Lagged correlation, threats → talks")
        tr = a.transition_probs.reset_index().melt(id_vars="from", var_name="to",
                                                   value_name="p").fillna(0)
        heat = alt.Chart(tr).mark_rect().encode(
            x=alt.X("to:N", title=f"Dominant class next {unit}", sort=list(tr["from"].unique())),
            y=alt.Y("from:N", title=f"Dominant class this {unit}", sort=list(tr["from"].unique())),
            color=alt.Color("p:Q", title="Share of transitions", scale=alt.Scale(scheme="blues")),
            tooltip=["from:N", "to:N", "p:Q"],
        ).properties(width=300, height=220, title="Transitions between dominant classes")
        alt.vconcat(ts, alt.hconcat(bars, heat)).properties(title=title).save(str(path))
        return path
    plt = _plt()
    fig = plt.figure(figsize=(12, 9), constrained_layout=True)
    grid = fig.add_gridspec(2, 2, height_ratios=[1.1, 1])
    ax = fig.add_subplot(grid[0, :])
    width = _bar_width_days(per["period"])
    half = pd.Timedelta(days=width / 1.6)
    seen: set[str] = set()
    for _, row in per.iterrows():
        color = PHASE_COLORS.get(row["phase"])
        if color:
            lab = f"{row['phase'].capitalize()} {unit}" if row["phase"] not in seen else None
            seen.add(row["phase"])
            ax.axvspan(row["period"] - half, row["period"] + half, color=color, lw=0, label=lab)
    ax.plot(per["period"], per["threats"], color="#d94801", marker="o", ms=3,
            label="Threats / coercion (THREATEN, COERCE, ASSAULT, SANCTION, MOBILIZE)")
    ax.plot(per["period"], per["talks"], color="#2171b5", marker="s", ms=3,
            label="Talks / agreements (CONSULT, AGREE, COOPERATE, CONCEDE)")
    top = max(int(per[["threats", "talks"]].to_numpy().max()) if len(per) else 1, 1)
    ax.set_ylim(0, top * 1.45 + 0.5)  # headroom so the legend never hides the lines
    ax.set_ylabel(f"Events per {unit}")
    ax.set_xlabel(unit.capitalize() + " (background: dominant side of that " + unit + ")")
    handles, labels = ax.get_legend_handles_labels()
    if (per["phase"] == "quiet").any():
        from matplotlib.patches import Patch

        handles.append(Patch(facecolor="white", edgecolor="#999999", lw=0.6))
        labels.append(f"Quiet {unit} (no events)")
    ax.legend(handles, labels, loc="upper left", fontsize=8, framealpha=0.9, ncol=2)
    ax.set_title(f"Threats and talks per {unit}")
    ax2 = fig.add_subplot(grid[1, 0])
    colors = ["#2171b5" if r >= 0 else "#d94801" for r in xc["r"].fillna(0)]
    ax2.bar(xc["lag"], xc["r"].fillna(0), color=colors)
    if len(xc) and xc["pairs"].max() > 0:
        band = 3 / (xc["pairs"].max() ** 0.5)
        ax2.axhspan(-band, band, color="grey", alpha=0.15, label="Noise band (≈ no relation)")
        ax2.legend(loc="lower left", fontsize=8)
    ax2.axhline(0, color="black", lw=0.8)
    ax2.set_ylim(-1.05, 1.05)
    ax2.set_xticks(list(xc["lag"]))
    ax2.set_xlabel(f"Lag in {unit}s (positive: talks come after threats)")
    ax2.set_ylabel("Correlation r (threats, later talks)")
    ax2.set_title("Do talks follow threats? Lagged correlation")
    ax3 = fig.add_subplot(grid[1, 1])
    probs = a.transition_probs.fillna(0)
    im = ax3.imshow(probs.to_numpy(), cmap="Blues", vmin=0, vmax=1)
    names = [s.replace("_", " ") for s in probs.index]
    ax3.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
    ax3.set_yticks(range(len(names)), names, fontsize=8)
    for i in range(len(names)):
        for j in range(len(names)):
            n = int(a.transitions.iat[i, j])
            if n:
                ax3.text(j, i, str(n), ha="center", va="center", fontsize=8,
                         color="white" if probs.iat[i, j] > 0.5 else "black")
    ax3.set_xlabel(f"Dominant class next {unit}")
    ax3.set_ylabel(f"Dominant class this {unit}")
    ax3.set_title("Transitions (numbers: count; shade: share of row)")
    fig.colorbar(im, ax=ax3, label="Share of transitions from this class")
    fig.suptitle(title, fontsize=13)
    fig.text(0.01, 0.002, _NOTE, ha="left", va="bottom", fontsize=7, color="grey")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
