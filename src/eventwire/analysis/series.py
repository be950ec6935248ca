"""``series``: how much cooperation and conflict, of which kinds, period by period."""

from __future__ import annotations

import pandas as pd

from eventwire.analysis._query import (
    QUAD_NAMES, DbLike, Filters, data_bounds, open_db, period_index, trunc_sql,
)


def series(db: DbLike, filters: Filters | None = None, freq: str = "month",
           **filter_kw: object) -> pd.DataFrame:
    """Event counts by QuadClass and PLOVER type, summed and mean Goldstein, per period.

    One row per period from the first to the last (or ``start``..``end``), quiet periods
    included as zeros so that the series can be plotted and correlated as is. Columns:
    ``period, events, verbal_coop, material_coop, verbal_conflict, material_conflict,
    cooperative, conflictual, net_cooperation, goldstein_sum, goldstein_mean`` then one
    column per PLOVER type seen (upper case), most frequent first.
    """
    f = filters or Filters.make(**filter_kw)  # type: ignore[arg-type]
    base = ["period", "events", *QUAD_NAMES.values(), "cooperative", "conflictual",
            "net_cooperation", "goldstein_sum", "goldstein_mean"]
    with open_db(db) as store:
        bounds = data_bounds(store, f)
        if bounds is None:
            return pd.DataFrame(columns=base)
        where, params = f.where()
        raw = store.con.execute(
            f"""SELECT {trunc_sql(freq)} AS period, e.quad_class, upper(e.plover_type) AS plover,
                       count(*) AS n, sum(e.goldstein) AS g
                FROM {f.table} e WHERE {where} GROUP BY ALL""", params).df()
    idx = pd.DatetimeIndex(period_index(*bounds, freq), name="period")
    raw["period"] = pd.to_datetime(raw["period"])
    out = pd.DataFrame(index=idx)
    out["events"] = raw.groupby("period")["n"].sum()
    quad = raw.pivot_table(index="period", columns="quad_class", values="n", aggfunc="sum")
    for q, name in QUAD_NAMES.items():
        out[name] = quad[q] if q in quad.columns else 0
    out = out.fillna(0)
    out["cooperative"] = out["verbal_coop"] + out["material_coop"]
    out["conflictual"] = out["verbal_conflict"] + out["material_conflict"]
    out["net_cooperation"] = out["cooperative"] - out["conflictual"]
    out["goldstein_sum"] = raw.groupby("period")["g"].sum().reindex(idx).fillna(0.0)
    out["goldstein_mean"] = (out["goldstein_sum"] / out["events"].where(out["events"] > 0)).round(3)
    plover = raw.dropna(subset=["plover"]).pivot_table(
        index="period", columns="plover", values="n", aggfunc="sum")
    for p in plover.sum().sort_values(ascending=False).index:
        out[p] = plover[p].reindex(idx).fillna(0)
    count_cols = [c for c in out.columns if c not in ("goldstein_sum", "goldstein_mean")]
    out[count_cols] = out[count_cols].astype("int64")
    out["goldstein_sum"] = out["goldstein_sum"].round(3)
    return out.reset_index()
