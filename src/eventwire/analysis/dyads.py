"""``dyads``: who interacts most, and how cooperatively, in a period."""

from __future__ import annotations

import pandas as pd

from eventwire.analysis._query import DbLike, Filters, open_db, trunc_sql

LEVELS = ("country", "code")


def _key(side: str, level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    # Organisations have no country: they stand for themselves (IGOUNO, not NULL).
    return f"coalesce(e.{side}_country, e.{side}_code)" if level == "country" else f"e.{side}_code"


_MEASURES = """count(*) AS events,
    count(*) FILTER (WHERE e.quad_class IN (1, 2)) AS cooperative,
    count(*) FILTER (WHERE e.quad_class IN (3, 4)) AS conflictual,
    count(*) FILTER (WHERE e.quad_class IN (1, 2))
      - count(*) FILTER (WHERE e.quad_class IN (3, 4)) AS net_cooperation,
    round(sum(e.goldstein), 3) AS goldstein_sum,
    round(avg(e.goldstein), 3) AS goldstein_mean"""


def dyads(db: DbLike, filters: Filters | None = None, limit: int = 20,
          level: str = "country", freq: str | None = None, **filter_kw: object) -> pd.DataFrame:
    """The most active dyads, with net cooperation (cooperative minus conflictual events).

    ``level='country'`` groups ``PRKGOV`` and ``PRKMIL`` under ``PRK``; ``'code'`` keeps
    full actor codes. With ``direction='both'`` a dyad is unordered (``actor_a < actor_b``)
    so that A→B and B→A add up; otherwise columns are ``source, target``. With ``freq``,
    the top ``limit`` dyads of each period, else of the whole range.
    """
    f = filters or Filters.make(**filter_kw)  # type: ignore[arg-type]
    s, t = _key("source", level), _key("target", level)
    if f.direction == "both":
        a, b, names = f"least({s}, {t})", f"greatest({s}, {t})", ("actor_a", "actor_b")
    else:
        a, b, names = s, t, ("source", "target")
    period = f"{trunc_sql(freq)} AS period, " if freq else ""
    part = "PARTITION BY period " if freq else ""
    where, params = f.where()
    sql = f"""
        SELECT * FROM (
            SELECT {period}{a} AS {names[0]}, {b} AS {names[1]}, {_MEASURES}
            FROM {f.table} e
            WHERE {where} AND e.source_code IS NOT NULL AND e.target_code IS NOT NULL
            GROUP BY ALL) d
        QUALIFY row_number() OVER ({part}ORDER BY events DESC, {names[0]}, {names[1]}) <= ?
        ORDER BY {"period, " if freq else ""}events DESC, {names[0]}, {names[1]}"""
    with open_db(db) as store:
        return store.con.execute(sql, [*params, limit]).df()


def actors(db: DbLike, filters: Filters | None = None, limit: int = 20,
           level: str = "country", **filter_kw: object) -> pd.DataFrame:
    """The most active actors: every event counts once for its source and once for its target."""
    f = filters or Filters.make(**filter_kw)  # type: ignore[arg-type]
    where, params = f.where()
    sql = f"""
        WITH f AS (SELECT * FROM {f.table} e WHERE {where}),
        sides AS (
            SELECT {_key('source', level)} AS actor, 1 AS as_source, 0 AS as_target,
                   e.quad_class, e.goldstein FROM f e WHERE e.source_code IS NOT NULL
            UNION ALL
            SELECT {_key('target', level)}, 0, 1, e.quad_class, e.goldstein
            FROM f e WHERE e.target_code IS NOT NULL)
        SELECT actor, {_MEASURES.replace('count(*) AS events,', 'count(*) AS events, sum(as_source) AS as_source, sum(as_target) AS as_target,')}
        FROM sides e GROUP BY actor ORDER BY events DESC, actor LIMIT ?"""
    with open_db(db) as store:
        df = store.con.execute(sql, [*params, limit]).df()
    for c in ("as_source", "as_target"):
        df[c] = df[c].astype("int64")
    return df
