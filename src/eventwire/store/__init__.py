"""The DuckDB event archive (``eventwire ingest``): schema, migrations, idempotent writes.

See docs/STORE.md for the tables, views, and the guarantees on re-runs and crashes.
"""

from eventwire.store.codec import coded_from_dict
from eventwire.store.core import DEFAULT_DB, EventStore, WriteStats, body_hash, parse_day
from eventwire.store.migrations import LATEST_VERSION, MIGRATIONS, SchemaError, migrate

__all__ = [
    "DEFAULT_DB", "EventStore", "LATEST_VERSION", "MIGRATIONS", "SchemaError", "WriteStats",
    "body_hash", "coded_from_dict", "migrate", "parse_day",
]
