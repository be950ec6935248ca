"""Shared filtering for every analysis: which events of the archive a question is about.

All analyses take the same filters (CLI: ``--source --target --start --end --direction``),
so they are built once here into a parametrised SQL ``WHERE`` clause; values never reach
the SQL text, only the placeholders do.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.store import EventStore

#: --freq value -> pandas period alias (weeks run Monday to Sunday, like DuckDB's date_trunc).
FREQS: dict[str, str] = {"day": "D", "week": "W-SUN", "month": "M", "year": "Y"}
DIRECTIONS = ("forward", "both")

#: PLOVER types counted as threats/coercion and as talks/agreements by ``alternation``.
THREAT_TYPES = ("THREATEN", "COERCE", "ASSAULT", "SANCTION", "MOBILIZE")
TALK_TYPES = ("CONSULT", "AGREE", "COOPERATE", "CONCEDE")
#: CAMEO roots used instead when an event has no PLOVER type.
THREAT_ROOTS = ("13", "15", "16", "17", "18", "19", "20")
TALK_ROOTS = ("03", "04", "05", "06")

QUAD_NAMES = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict",
              4: "material_conflict"}

DbLike = str | Path | EventStore


def _codes(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(c.strip().upper() for c in items if c and c.strip())


def parse_bound(value: str | dt.date | None, end: bool = False) -> dt.date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; as an end bound, the last day of that period.

    So ``--start 2020 --end 2021`` covers all of 2020 and 2021, as a reader expects.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    v = value.strip()
    try:
        if len(v) == 4:
            return dt.date(int(v), 12, 31) if end else dt.date(int(v), 1, 1)
        if len(v) == 7:
            y, m = int(v[:4]), int(v[5:7])
            return dt.date(y, m, calendar.monthrange(y, m)[1] if end else 1)
        return dt.date.fromisoformat(v[:10])
    except ValueError as exc:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}") from exc


@dataclass(frozen=True)
class Filters:
    """Which events to analyse.

    Actor codes match by prefix, so ``PRK`` matches ``PRK``, ``PRKGOV``, ``PRKMIL``… and
    ``IGO`` every intergovernmental organisation; several codes may be given, comma-separated.
    ``direction='both'`` also takes events from target to source. Negated, denied and
    hypothetical events did not happen and are left out unless ``include_negated``.
    """

    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    direction: str = "forward"
    one_a_day: bool = False
    include_negated: bool = False

    @classmethod
    def make(
        cls, source: str | Sequence[str] | None = None, target: str | Sequence[str] | None = None,
        start: str | dt.date | None = None, end: str | dt.date | None = None,
        direction: str = "forward", one_a_day: bool = False, include_negated: bool = False,
    ) -> "Filters":
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
        return cls(_codes(source), _codes(target), parse_bound(start),
                   parse_bound(end, end=True), direction, one_a_day, include_negated)

    @property
    def table(self) -> str:
        return "events_one_a_day" if self.one_a_day else "events"

    def where(self, alias: str = "e") -> tuple[str, list[Any]]:
        params: list[Any] = []

        def match(col: str, codes: tuple[str, ...]) -> str:
            if not codes:
                return "TRUE"
            params.extend(codes)
            return "(" + " OR ".join(f"starts_with({alias}.{col}, ?)" for _ in codes) + ")"

        forward = f"({match('source_code', self.source)} AND {match('target_code', self.target)})"
        clauses = [forward]
        if self.direction == "both" and (self.source or self.target):
            back = f"({match('target_code', self.source)} AND {match('source_code', self.target)})"
            clauses = [f"({forward} OR {back})"]
        if self.start:
            clauses.append(f"{alias}.event_day >= ?")
            params.append(self.start)
        if self.end:
            clauses.append(f"{alias}.event_day <= ?")
            params.append(self.end)
        if not self.include_negated:
            clauses.append(f"NOT coalesce({alias}.negated, false) AND coalesce({alias}.modality, "
                           "'asserted') NOT IN ('denied', 'hypothetical')")
        clauses.append(f"{alias}.event_day IS NOT NULL")
        return " AND ".join(clauses), params

    def label(self) -> str:
        """How a title or summary names the events analysed: ``USA → PRK`` or ``PRK ↔ *``."""
        arrow = "↔" if self.direction == "both" else "→"
        src = "+".join(self.source) or "any actor"
        tgt = "+".join(self.target) or "any actor"
        text = f"{src} {arrow} {tgt}"
        if self.start or self.end:
            text += f", {self.start or '…'} to {self.end or '…'}"
        return text


@contextlib.contextmanager
def open_db(db: DbLike) -> Iterator[EventStore]:
    """An already-open store passes through; a path is opened read-only and closed after."""
    if isinstance(db, EventStore):
        yield db
        return
    store = EventStore(db, read_only=True)
    try:
        yield store
    finally:
        store.close()


def trunc_sql(freq: str, col: str = "e.event_day") -> str:
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {tuple(FREQS)}, not {freq!r}")
    return f"CAST(date_trunc('{freq}', {col}) AS DATE)"


def threat_sql(alias: str = "e") -> str:
    types = ", ".join(f"'{t}'" for t in THREAT_TYPES)
    roots = ", ".join(f"'{r}'" for r in THREAT_ROOTS)
    return (f"(upper({alias}.plover_type) IN ({types}) OR (coalesce({alias}.plover_type, '') = ''"
            f" AND {alias}.cameo_root IN ({roots})))")


def talk_sql(alias: str = "e") -> str:
    types = ", ".join(f"'{t}'" for t in TALK_TYPES)
    roots = ", ".join(f"'{r}'" for r in TALK_ROOTS)
    return (f"(upper({alias}.plover_type) IN ({types}) OR (coalesce({alias}.plover_type, '') = ''"
            f" AND {alias}.cameo_root IN ({roots})))")


def period_index(lo: dt.date, hi: dt.date, freq: str) -> "pd.DatetimeIndex":
    """Every period from ``lo``'s to ``hi``'s, so that quiet periods show as zeros, not gaps."""
    import pandas as pd

    return pd.period_range(pd.Timestamp(lo).to_period(FREQS[freq]),
                           pd.Timestamp(hi).to_period(FREQS[freq]), freq=FREQS[freq]).start_time


def data_bounds(store: EventStore, filters: Filters) -> tuple[dt.date, dt.date] | None:
    """The analysed range: the filter's bounds where given, else the data's."""
    where, params = filters.where()
    lo, hi = store.con.execute(
        f"SELECT min(e.event_day), max(e.event_day) FROM {filters.table} e WHERE {where}",
        params).fetchall()[0]
    if lo is None:
        return None
    return filters.start or lo, filters.end or hi
