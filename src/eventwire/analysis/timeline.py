"""``timeline``: a dyad's events in date order, each with the sentence that reported it."""

from __future__ import annotations

import pandas as pd

from eventwire.analysis._query import DbLike, Filters, open_db


def timeline(db: DbLike, filters: Filters | None = None, limit: int | None = None,
             **filter_kw: object) -> pd.DataFrame:
    """Events in date order with their sentence and the article (title, outlet, URL).

    Ties on a day keep reading order: article publication, then sentence position.
    """
    f = filters or Filters.make(**filter_kw)  # type: ignore[arg-type]
    where, params = f.where()
    sql = f"""
        SELECT e.event_day, e.event_date, e.event_date_granularity AS granularity,
               e.source_code, e.target_code, e.cameo_code, e.plover_type, e.quad_class,
               e.goldstein, e.modality, e.negated, e.sentence_text,
               coalesce(a.source, a.agency) AS outlet, a.title, a.published, a.url,
               e.article_id, e.sentence_id, e.event_id
        FROM {f.table} e LEFT JOIN articles a USING (article_id)
        WHERE {where}
        ORDER BY e.event_day, a.published, e.article_id, e.sentence_id, e.event_id
        {"LIMIT ?" if limit else ""}"""
    with open_db(db) as store:
        return store.con.execute(sql, [*params, limit] if limit else params).df()
