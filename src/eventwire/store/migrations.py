"""The store's schema as an ordered list of migrations.

Each migration is a frozen list of SQL statements: once released, a step is never edited,
because archives built with it exist on users' disks. A schema change is a new step appended
to ``MIGRATIONS``; ``migrate`` applies the missing steps in order, each in its own
transaction together with its ``schema_version`` row, so a crash mid-migration leaves the
archive at the previous version rather than half-changed.

The ``events`` table keeps ``Event.to_flat()``'s columns in ``EVENT_FLAT_COLUMNS`` order (so
the store, the CSV/Parquet sinks and the exports agree), plus ``event_day``: the event's date
as a DATE for grouping (see docs/STORE.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_V1 = Migration(
    1,
    "articles, sentences, mentions and flat events",
    (
        """CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY,
            description VARCHAR NOT NULL,
            applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        )""",
        """CREATE TABLE articles (
            article_id VARCHAR PRIMARY KEY,
            body_hash VARCHAR NOT NULL,
            title VARCHAR,
            byline VARCHAR,
            dateline_place VARCHAR,
            agency VARCHAR,
            published VARCHAR,
            updated VARCHAR,
            date_source VARCHAR,
            body VARCHAR,
            url VARCHAR,
            source_file VARCHAR,
            language VARCHAR,
            warnings VARCHAR[],
            source VARCHAR,
            article_day DATE,
            model VARCHAR,
            ingested_at TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE sentences (
            article_id VARCHAR NOT NULL,
            sentence_id INTEGER NOT NULL,
            "start" INTEGER,
            "end" INTEGER,
            "text" VARCHAR,
            PRIMARY KEY (article_id, sentence_id)
        )""",
        """CREATE TABLE mentions (
            article_id VARCHAR NOT NULL,
            mention_index INTEGER NOT NULL,
            sentence_id INTEGER,
            "start" INTEGER,
            "end" INTEGER,
            "text" VARCHAR,
            code VARCHAR,
            country VARCHAR,
            sector VARCHAR,
            "name" VARCHAR,
            kind VARCHAR,
            resolved_by VARCHAR,
            antecedent VARCHAR,
            confidence DOUBLE,
            PRIMARY KEY (article_id, mention_index)
        )""",
        """CREATE TABLE events (
            event_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            sentence_id INTEGER,
            sentence_text VARCHAR,
            event_date VARCHAR,
            event_date_granularity VARCHAR,
            event_date_expression VARCHAR,
            source_text VARCHAR,
            source_code VARCHAR,
            source_country VARCHAR,
            source_sector VARCHAR,
            source_name VARCHAR,
            target_text VARCHAR,
            target_code VARCHAR,
            target_country VARCHAR,
            target_sector VARCHAR,
            target_name VARCHAR,
            cameo_code VARCHAR,
            cameo_root VARCHAR,
            quad_class INTEGER,
            goldstein DOUBLE,
            plover_type VARCHAR,
            plover_mode VARCHAR,
            plover_context VARCHAR,
            "trigger" VARCHAR,
            negated BOOLEAN,
            modality VARCHAR,
            location_name VARCHAR,
            location_country VARCHAR,
            location_lat DOUBLE,
            location_lon DOUBLE,
            location_fallback BOOLEAN,
            "rule" VARCHAR,
            confidence DOUBLE,
            event_day DATE,
            PRIMARY KEY (article_id, event_id)
        )""",
    ),
)

#: Preference order when several reports of one event collapse to one row: an event that
#: happened beats one that is only intended, threatened, denied or hypothetical.
_MODALITY_RANK = (
    "CASE modality WHEN 'asserted' THEN 0 WHEN 'reported' THEN 1 WHEN 'threatened' THEN 2 "
    "WHEN 'intended' THEN 3 WHEN 'denied' THEN 4 WHEN 'hypothetical' THEN 5 ELSE 6 END"
)

_V2 = Migration(
    2,
    "de-duplication views: one-a-day filter and cross-article duplicates",
    (
        f"""CREATE VIEW events_one_a_day AS
        SELECT * EXCLUDE (_rank) FROM (
            SELECT e.*,
                   count(*) OVER w AS n_reports,
                   count(DISTINCT e.article_id) OVER (PARTITION BY e.source_code, e.target_code,
                        e.cameo_code, e.event_day, coalesce(e.negated, false)) AS n_articles,
                   row_number() OVER (w ORDER BY {_MODALITY_RANK}, e.event_id, e.article_id)
                        AS _rank
            FROM events e
            WINDOW w AS (PARTITION BY e.source_code, e.target_code, e.cameo_code, e.event_day,
                         coalesce(e.negated, false))
        ) WHERE _rank = 1""",
        """CREATE VIEW events_cross_article AS
        SELECT e.source_code, e.target_code, e.cameo_code, e.event_day,
               count(*) AS n_reports,
               count(DISTINCT e.article_id) AS n_articles,
               count(DISTINCT coalesce(a.source, a.agency, a.article_id)) AS n_outlets,
               list(DISTINCT e.article_id ORDER BY e.article_id) AS article_ids,
               list(e.event_id ORDER BY e.event_id) AS event_ids,
               min(e.sentence_text) AS example_sentence
        FROM events e LEFT JOIN articles a USING (article_id)
        WHERE NOT coalesce(e.negated, false)
        GROUP BY e.source_code, e.target_code, e.cameo_code, e.event_day
        HAVING count(DISTINCT e.article_id) > 1""",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (_V1, _V2)
LATEST_VERSION: int = MIGRATIONS[-1].version


class SchemaError(RuntimeError):
    """The archive's schema is newer than this eventwire, or otherwise unusable."""


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The archive's schema version; 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchall()[0]
    return int(row[0] or 0)


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None) -> list[int]:
    """Bring the archive up to ``target`` (default: latest); return the versions applied."""
    target = LATEST_VERSION if target is None else target
    version = current_version(con)
    if version > LATEST_VERSION:
        raise SchemaError(
            f"archive schema version {version} is newer than this eventwire understands "
            f"({LATEST_VERSION}); upgrade eventwire"
        )
    applied: list[int] = []
    for m in MIGRATIONS:
        if m.version <= version or m.version > target:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for stmt in m.statements:
                con.execute(stmt)
            con.execute(
                "INSERT INTO schema_version (version, description) VALUES (?, ?)",
                [m.version, m.description],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied.append(m.version)
    return applied
