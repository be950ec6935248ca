"""Export the archive's events: the flat table (JSONL, CSV, Parquet) or the column layouts of
two established event datasets (GDELT 1.0 event TSV, Phoenix TSV) so that existing tools and
scripts written for those datasets can read eventwire output. Column mappings and their
approximations are documented in docs/STORE.md.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import IO

import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from eventwire.analysis._query import DbLike, Filters, open_db
from eventwire.models import EVENT_FLAT_COLUMNS

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "phoenix")

#: GDELT 1.0 daily event file columns (58: the 57 of the backfiles plus SOURCEURL).
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                             "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                             "Type3Code")),
    *(f"Actor2{c}" for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                             "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                             "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
      for c in ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)

#: Phoenix (Open Event Data Alliance) daily file columns.
PHOENIX_COLUMNS: tuple[str, ...] = (
    "EventID", "Date", "Year", "Month", "Day", "SourceActorFull", "SourceActorEntity",
    "SourceActorRole", "SourceActorAttribute", "TargetActorFull", "TargetActorEntity",
    "TargetActorRole", "TargetActorAttribute", "EventCode", "EventRootCode", "PentaClass",
    "GoldsteinScore", "Issues", "Lat", "Lon", "LocationName", "StateName", "CountryCode",
    "SentenceID", "URLs", "NewsSources",
)

_ORDER = "ORDER BY e.event_day, e.article_id, e.sentence_id, e.event_id"


def _with_context(store, f: Filters) -> pd.DataFrame:
    """Events plus what the dataset layouts need from elsewhere: article URL and outlet,
    the article's first sentence, and how many reports/articles/outlets carry the event."""
    where, params = f.where()
    sql = f"""
        WITH reports AS (
            SELECT e.source_code, e.target_code, e.cameo_code, e.event_day,
                   count(*) AS n_mentions, count(DISTINCT e.article_id) AS n_articles,
                   count(DISTINCT coalesce(a.source, a.agency, e.article_id)) AS n_sources
            FROM events e LEFT JOIN articles a USING (article_id)
            WHERE NOT coalesce(e.negated, false)
            GROUP BY ALL),
        first_sentence AS (
            SELECT article_id, min(sentence_id) AS first_id FROM sentences GROUP BY 1)
        SELECT e.*, a.url, coalesce(a.source, a.agency) AS outlet,
               CAST(a.ingested_at AS DATE) AS added,
               coalesce(fs.first_id, 0) AS first_sentence_id,
               coalesce(r.n_mentions, 1) AS n_mentions, coalesce(r.n_articles, 1) AS n_articles,
               coalesce(r.n_sources, 1) AS n_sources
        FROM {f.table} e
        LEFT JOIN articles a USING (article_id)
        LEFT JOIN first_sentence fs USING (article_id)
        LEFT JOIN reports r ON r.source_code IS NOT DISTINCT FROM e.source_code
             AND r.target_code IS NOT DISTINCT FROM e.target_code
             AND r.cameo_code IS NOT DISTINCT FROM e.cameo_code AND r.event_day = e.event_day
        WHERE {where} {_ORDER}"""
    return store.con.execute(sql, params).df()


def numeric_event_id(article_id: str, event_id: str) -> int:
    """A positive 60-bit integer id for formats whose readers expect numbers (GDELT)."""
    return int(hashlib.sha1(f"{article_id}\x1f{event_id}".encode()).hexdigest()[:15], 16)


def _ymd(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.strftime("%Y%m%d")


def _org_group(code: pd.Series) -> pd.Series:
    return code.where(code.fillna("").str[:3].isin(["IGO", "NGO", "MNC"])).str[3:6]


def gdelt_frame(df: pd.DataFrame) -> pd.DataFrame:
    """GDELT 1.0 columns from events with context (see docs/STORE.md for the mapping)."""
    day = pd.to_datetime(df["event_day"])
    out = pd.DataFrame(index=df.index, columns=list(GDELT_COLUMNS), dtype=object)
    out["GLOBALEVENTID"] = [numeric_event_id(a, e) for a, e in zip(df["article_id"], df["event_id"])]
    out["SQLDATE"] = day.dt.strftime("%Y%m%d")
    out["MonthYear"] = day.dt.strftime("%Y%m")
    out["Year"] = day.dt.year
    out["FractionDate"] = (day.dt.year + day.dt.day_of_year / 365.0).round(4)
    for n, side in (("1", "source"), ("2", "target")):
        out[f"Actor{n}Code"] = df[f"{side}_code"]
        out[f"Actor{n}Name"] = df[f"{side}_name"].fillna(df[f"{side}_text"]).str.upper()
        out[f"Actor{n}CountryCode"] = df[f"{side}_country"]
        out[f"Actor{n}KnownGroupCode"] = _org_group(df[f"{side}_code"])
        out[f"Actor{n}Type1Code"] = df[f"{side}_sector"]
    out["IsRootEvent"] = (df["sentence_id"] == df["first_sentence_id"]).astype(int)
    out["EventCode"] = df["cameo_code"]
    out["EventBaseCode"] = df["cameo_code"].str[:3]
    out["EventRootCode"] = df["cameo_root"]
    out["QuadClass"] = df["quad_class"]
    out["GoldsteinScale"] = df["goldstein"]
    out["NumMentions"] = df["n_mentions"]
    out["NumSources"] = df["n_sources"]
    out["NumArticles"] = df["n_articles"]
    has_point = df["location_lat"].notna() & df["location_lon"].notna()
    has_country = df["location_country"].notna()
    # GDELT geo types: 1 country, 4 world city (a point); blank when there is no location.
    geo_type = pd.Series(pd.NA, index=df.index, dtype="Int64")
    geo_type = geo_type.mask(has_country | df["location_name"].notna(), 1).mask(has_point, 4)
    out["ActionGeo_Type"] = geo_type
    out["ActionGeo_FullName"] = df["location_name"]
    out["ActionGeo_CountryCode"] = df["location_country"]
    out["ActionGeo_Lat"] = df["location_lat"]
    out["ActionGeo_Long"] = df["location_lon"]
    out["DATEADDED"] = _ymd(df["added"])
    out["SOURCEURL"] = df["url"]
    return out


def _penta(root: pd.Series) -> pd.Series:
    r = pd.to_numeric(root, errors="coerce")
    return pd.cut(r, bins=[0, 2, 5, 8, 13, 20], labels=[0, 1, 2, 3, 4]).astype("Int64")


def phoenix_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Phoenix columns from events with context (see docs/STORE.md for the mapping)."""
    day = pd.to_datetime(df["event_day"])
    out = pd.DataFrame(index=df.index, columns=list(PHOENIX_COLUMNS), dtype=object)
    out["EventID"] = df["event_id"]
    out["Date"] = day.dt.strftime("%Y%m%d")
    out["Year"], out["Month"], out["Day"] = day.dt.year, day.dt.month, day.dt.day
    for p, side in (("Source", "source"), ("Target", "target")):
        out[f"{p}ActorFull"] = df[f"{side}_code"]
        out[f"{p}ActorEntity"] = df[f"{side}_code"].str[:3]
        out[f"{p}ActorRole"] = df[f"{side}_sector"]
    out["EventCode"] = df["cameo_code"]
    out["EventRootCode"] = df["cameo_root"]
    out["PentaClass"] = _penta(df["cameo_root"])
    out["GoldsteinScore"] = df["goldstein"]
    out["Lat"], out["Lon"] = df["location_lat"], df["location_lon"]
    out["LocationName"] = df["location_name"]
    out["CountryCode"] = df["location_country"]
    out["SentenceID"] = df["article_id"] + "_" + df["sentence_id"].astype(str)
    out["URLs"] = df["url"]
    out["NewsSources"] = df["outlet"]
    return out


def _open_text(out: str | Path | None) -> tuple[IO[str], bool]:
    if out is None or str(out) == "-":
        return sys.stdout, False
    return open(out, "w", encoding="utf-8", newline=""), True


def export_events(db: DbLike, fmt: str, out: str | Path | None,
                  filters: Filters | None = None, header: bool | None = None) -> int:
    """Write the filtered events to ``out`` (``None``/``-``: stdout); return the row count.

    The flat formats keep every stored event, negated ones included (a column says so);
    GDELT and Phoenix have no such column, so negated, denied and hypothetical events are
    left out of them. ``header`` defaults to on for CSV and off for the TSV layouts, whose
    original files had none.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    f = filters or Filters.make(include_negated=True)
    with open_db(db) as store:
        if fmt in ("jsonl", "csv", "parquet"):
            sql, params = _flat_sql(f)
            table = store.con.sql(sql, params=params).to_arrow_table()
            if fmt == "parquet":
                if out is None or str(out) == "-":
                    raise ValueError("Parquet needs --out FILE")
                pq.write_table(table, str(out))
                return table.num_rows
            fh, close = _open_text(out)
            try:
                if fmt == "csv":
                    import io

                    buf = io.BytesIO()
                    pacsv.write_csv(table, buf, pacsv.WriteOptions(
                        include_header=True if header is None else header))
                    fh.write(buf.getvalue().decode("utf-8"))
                else:
                    for row in table.to_pylist():
                        fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            finally:
                if close:
                    fh.close()
            return table.num_rows
        tsv_filters = Filters(f.source, f.target, f.start, f.end, f.direction, f.one_a_day,
                              include_negated=False)
        df = _with_context(store, tsv_filters)
    frame = gdelt_frame(df) if fmt == "gdelt" else phoenix_frame(df)
    # Tabs or newlines inside a field would break the row structure of a TSV.
    for c in frame.columns:
        if frame[c].dtype == object:
            frame[c] = frame[c].map(
                lambda v: v.replace("\t", " ").replace("\n", " ") if isinstance(v, str) else v)
    fh, close = _open_text(out)
    try:
        frame.to_csv(fh, sep="\t", index=False, header=bool(header), na_rep="")
    finally:
        if close:
            fh.close()
    return len(frame)


def _flat_sql(f: Filters) -> tuple[str, list]:
    where, params = f.where()
    cols = ", ".join(f'e."{c}"' for c in EVENT_FLAT_COLUMNS)
    return f"SELECT {cols} FROM {f.table} e WHERE {where} {_ORDER}", params
