"""Questions asked of a DuckDB event archive, answered as pandas DataFrames.

    from eventwire.analysis import series, dyads, actors, alternation, timeline
    series("eventwire.duckdb", source="USA", target="PRK", freq="month")

Every function takes the archive (a path or an open ``EventStore``) and either a
``Filters`` or its keywords (``source, target, start, end, direction, one_a_day,
include_negated``); see ``Filters`` for how actor codes match.
"""

from eventwire.analysis._query import (
    TALK_TYPES, THREAT_TYPES, Filters, parse_bound,
)
from eventwire.analysis.alternation import Alternation, alternation, lagged_xcorr
from eventwire.analysis.dyads import actors, dyads
from eventwire.analysis.series import series
from eventwire.analysis.timeline import timeline

__all__ = [
    "Alternation", "Filters", "TALK_TYPES", "THREAT_TYPES", "actors", "alternation", "dyads",
    "lagged_xcorr", "parse_bound", "series", "timeline",
]
