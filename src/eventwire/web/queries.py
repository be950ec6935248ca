"""What the web pages ask the archive: the events table, one article with its highlights.

Every filter a page accepts is parsed here once, from the raw query string, into typed
values; anything malformed raises ``BadRequest`` with a sentence the user can act on, so a
bad URL is a 400, never a 500. Values only ever reach DuckDB as ``?`` parameters: the SQL
text is built from whitelisted column names and fixed fragments, never from user input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

import duckdb

from eventwire.analysis import Filters
from eventwire.cameo import PLOVER_TYPES


class BadRequest(ValueError):
    """A query parameter the app cannot use; the message is shown to the user (HTTP 400)."""


_CODE_RE = re.compile(r"^[A-Z]{1,30}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{3}$")

#: Sort keys the events table offers -> the SQL expression they order by (a whitelist: the
#: user picks a key, never an expression).
SORTS: dict[str, str] = {
    "date": "e.event_day", "source": "e.source_code", "target": "e.target_code",
    "cameo": "e.cameo_code", "plover": "e.plover_type", "quad": "e.quad_class",
    "goldstein": "e.goldstein", "outlet": "outlet",
}
MAX_PER_PAGE = 500
MAX_TEXT = 200


def _clean(params: Mapping[str, str], key: str) -> str | None:
    v = params.get(key)
    if v is None:
        return None
    v = v.strip()
    return v or None


def _int(params: Mapping[str, str], key: str, default: int, lo: int, hi: int) -> int:
    raw = _clean(params, key)
    if raw is None:
        return default
    try:
        n = int(raw)
    except ValueError:
        raise BadRequest(f"{key} must be a whole number, not {raw[:40]!r}") from None
    if not lo <= n <= hi:
        raise BadRequest(f"{key} must be between {lo} and {hi}, not {n}")
    return n


def parse_codes(params: Mapping[str, str], key: str) -> str | None:
    """Actor code prefixes, comma-separated, letters only (``PRK``, ``USAGOV,IGO``)."""
    raw = _clean(params, key)
    if raw is None:
        return None
    codes = [c.strip().upper() for c in raw.split(",") if c.strip()]
    if len(codes) > 20:
        raise BadRequest(f"{key}: at most 20 actor codes")
    for c in codes:
        if not _CODE_RE.match(c):
            raise BadRequest(f"{key}: actor codes are letters only, such as PRK or USAGOV "
                             f"(comma-separate several); got {c[:40]!r}")
    return ",".join(codes) or None


def parse_filters(params: Mapping[str, str], default_negated: bool = True) -> Filters:
    """The analyses' ``Filters`` from a query string: source, target, dates, direction…"""
    direction = _clean(params, "direction") or "forward"
    if direction not in ("forward", "both"):
        raise BadRequest(f"direction must be 'forward' or 'both', not {direction[:40]!r}")
    negated = _clean(params, "negated")
    if negated not in (None, "include", "exclude"):
        raise BadRequest(f"negated must be 'include' or 'exclude', not {negated[:40]!r}")
    include_negated = default_negated if negated is None else negated == "include"
    one = _clean(params, "one_a_day")
    if one not in (None, "0", "1"):
        raise BadRequest(f"one_a_day must be 0 or 1, not {one[:40]!r}")
    try:
        f = Filters.make(source=parse_codes(params, "source"), target=parse_codes(params, "target"),
                         start=_clean(params, "start"), end=_clean(params, "end"),
                         direction=direction, one_a_day=one == "1",
                         include_negated=include_negated)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    if f.start and f.end and f.start > f.end:
        raise BadRequest(f"start ({f.start}) is after end ({f.end})")
    return f


@dataclass(frozen=True)
class EventQuery:
    """The events table's filters, sort and page, parsed and validated."""

    filters: Filters
    raw: dict[str, str] = field(default_factory=dict)  # the cleaned inputs, for links/forms
    country: str | None = None
    plover: str | None = None
    root: str | None = None
    quad: int | None = None
    q: str | None = None
    sort: str = "date"
    desc: bool = True
    page: int = 1
    per_page: int = 50

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> "EventQuery":
        filters = parse_filters(params)
        country = _clean(params, "country")
        if country is not None:
            country = country.upper()
            if not _COUNTRY_RE.match(country):
                raise BadRequest(f"country must be a three-letter ISO code such as PRK, "
                                 f"not {country[:40]!r}")
        plover = _clean(params, "plover")
        if plover is not None:
            plover = plover.upper()
            if plover not in PLOVER_TYPES:
                raise BadRequest(f"plover must be one of {', '.join(PLOVER_TYPES)}; "
                                 f"got {plover[:40]!r}")
        root = _clean(params, "root")
        if root is not None:
            if not (root.isdigit() and 1 <= int(root) <= 20 and len(root) <= 2):
                raise BadRequest(f"root must be a CAMEO root 01..20, not {root[:40]!r}")
            root = f"{int(root):02d}"
        quad = _int(params, "quad", 0, 0, 4) or None
        q = _clean(params, "q")
        if q is not None and len(q) > MAX_TEXT:
            raise BadRequest(f"q (text search) is limited to {MAX_TEXT} characters")
        sort = _clean(params, "sort") or "date"
        if sort not in SORTS:
            raise BadRequest(f"sort must be one of {', '.join(SORTS)}, not {sort[:40]!r}")
        order = _clean(params, "order") or ("desc" if sort in ("date", "goldstein") else "asc")
        if order not in ("asc", "desc"):
            raise BadRequest(f"order must be 'asc' or 'desc', not {order[:40]!r}")
        page = _int(params, "page", 1, 1, 1_000_000)
        per_page = _int(params, "per_page", 50, 1, MAX_PER_PAGE)
        keys = ("source", "target", "start", "end", "direction", "negated", "one_a_day",
                "country", "plover", "root", "quad", "q", "sort", "order", "per_page")
        raw = {k: v for k in keys if (v := _clean(params, k)) is not None}
        return cls(filters, raw, country, plover, root, quad, q, sort, order == "desc", page,
                   per_page)

    def where(self) -> tuple[str, list[Any]]:
        sql, params = self.filters.where("e")
        clauses = [sql]
        if self.country:
            clauses.append("(e.source_country = ? OR e.target_country = ?)")
            params += [self.country, self.country]
        if self.plover:
            clauses.append("upper(e.plover_type) = ?")
            params.append(self.plover)
        if self.root:
            clauses.append("e.cameo_root = ?")
            params.append(self.root)
        if self.quad:
            clauses.append("e.quad_class = ?")
            params.append(self.quad)
        if self.q:
            # contains() takes the text literally: no LIKE wildcards to escape.
            clauses.append("(contains(lower(e.sentence_text), lower(?)) OR "
                           "contains(lower(coalesce(a.title, '')), lower(?)))")
            params += [self.q, self.q]
        return " AND ".join(clauses), params

    def order_by(self) -> str:
        d = "DESC" if self.desc else "ASC"
        return (f"{SORTS[self.sort]} {d} NULLS LAST, e.event_day DESC, e.article_id, "
                "e.sentence_id, e.event_id")

    def link(self, **changes: Any) -> str:
        """This query's URL parameters with some changed (None drops one): for sort/page links."""
        merged: dict[str, Any] = dict(self.raw)
        if self.page != 1:
            merged["page"] = str(self.page)
        for k, v in changes.items():
            if v is None:
                merged.pop(k, None)
            else:
                merged[k] = str(v)
        return urlencode(merged)

    def with_page(self, page: int) -> "EventQuery":
        return replace(self, page=page)


TABLE_COLUMNS = (
    "event_day", "source_code", "target_code", "cameo_code", "cameo_root", "plover_type",
    "quad_class", "goldstein", "modality", "negated", "trigger", "sentence_text", "article_id",
    "sentence_id", "event_id", "title", "outlet",
)


def events_page(con: duckdb.DuckDBPyConnection, eq: EventQuery) -> tuple[int, list[dict[str, Any]]]:
    """The total number of matching events and the requested page of them."""
    where, params = eq.where()
    base = f"FROM {eq.filters.table} e LEFT JOIN articles a USING (article_id) WHERE {where}"
    total = int(con.execute(f"SELECT count(*) {base}", params).fetchone()[0])
    rows = con.execute(
        f"""SELECT e.event_day, e.source_code, e.target_code, e.cameo_code, e.cameo_root,
                   e.plover_type, e.quad_class, e.goldstein, e.modality, e.negated, e."trigger",
                   e.sentence_text, e.article_id, e.sentence_id, e.event_id, a.title,
                   coalesce(a.source, a.agency) AS outlet
            {base} ORDER BY {eq.order_by()} LIMIT ? OFFSET ?""",
        [*params, eq.per_page, (eq.page - 1) * eq.per_page]).fetchall()
    return total, [dict(zip(TABLE_COLUMNS, r)) for r in rows]


def events_frame(con: duckdb.DuckDBPyConnection, eq: EventQuery) -> "Any":
    """Every matching event (all flat columns plus outlet and title) as an Arrow table, for
    the CSV download."""
    where, params = eq.where()
    return con.execute(
        f"""SELECT e.*, coalesce(a.source, a.agency) AS outlet, a.title, a.url
            FROM {eq.filters.table} e LEFT JOIN articles a USING (article_id)
            WHERE {where} ORDER BY {eq.order_by()}""", params).to_arrow_table()


# -- one article ---------------------------------------------------------------------------------
def valid_article_id(article_id: str) -> bool:
    """Ids come from the input (a JSONL ``id`` field can be any text), so accept any
    printable text of sane length: it only ever reaches SQL as a parameter."""
    return 0 < len(article_id) <= 1000 and article_id.isprintable()


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def find_trigger(sentence: str, trigger: str | None) -> tuple[int, int] | None:
    """Where the event's trigger word sits in its sentence: whole word, case-insensitive.

    Events store the trigger as text, not offsets, so the first whole-word match is taken
    (falling back to any match, e.g. for a lemma that is a prefix of the inflected word).
    """
    if not trigger:
        return None
    m = re.search(rf"(?<!\w){re.escape(trigger)}(?!\w)", sentence, re.IGNORECASE)
    if m is None:
        m = re.search(rf"(?<!\w){re.escape(trigger)}", sentence, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def load_article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """An article with its sentences, mentions and events, and the spans to highlight.

    Each event gets ``trigger_span`` (body offsets, from its sentence and trigger text) and
    ``actor_mentions`` (the mentions in its sentence whose code is its source or target), so
    the page can light up exactly what the coder read.
    """
    arts = _dicts(con.execute("SELECT * EXCLUDE (body_hash) FROM articles WHERE article_id = ?",
                              [article_id]))
    if not arts:
        return None
    art = arts[0]
    sentences = _dicts(con.execute(
        'SELECT sentence_id, "start", "end", "text" FROM sentences WHERE article_id = ? '
        "ORDER BY sentence_id", [article_id]))
    mentions = _dicts(con.execute(
        'SELECT mention_index, sentence_id, "start", "end", "text", code, country, sector, '
        "name, kind, resolved_by FROM mentions WHERE article_id = ? ORDER BY mention_index",
        [article_id]))
    events = _dicts(con.execute(
        "SELECT * FROM events WHERE article_id = ? ORDER BY sentence_id, event_id", [article_id]))
    by_sid = {s["sentence_id"]: s for s in sentences}
    body = art.get("body") or ""
    for i, e in enumerate(events):
        e["n"] = i + 1
        s = by_sid.get(e["sentence_id"])
        span = None
        if s is not None and s["start"] is not None:
            local = find_trigger(s["text"] or "", e.get("trigger"))
            if local:
                span = (s["start"] + local[0], s["start"] + local[1])
        e["trigger_span"] = span
        e["actor_mentions"] = [
            m["mention_index"] for m in mentions
            if m["sentence_id"] == e["sentence_id"] and m["code"]
            and m["code"] in (e.get("source_code"), e.get("target_code"))]
    art["sentences"] = sentences
    art["mentions"] = mentions
    art["events"] = events
    art["segments"] = segments(body, mentions, events)
    return art


def segments(body: str, mentions: list[dict[str, Any]],
             events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The body cut at every highlight boundary into runs of plain text with their marks.

    Overlapping spans (a mention inside another, a trigger next to an actor) are handled by
    cutting at every start and end: each run carries every mark that covers it. The
    template escapes each run's text, so the body never reaches the page as markup.
    """
    n = len(body)
    spans: list[tuple[int, int, str, str]] = []  # start, end, kind, label
    ev_of_mention: dict[int, list[int]] = {}
    for e in events:
        for mi in e["actor_mentions"]:
            ev_of_mention.setdefault(mi, []).append(e["n"])
        if e["trigger_span"]:
            a, b = e["trigger_span"]
            spans.append((a, b, f"trigger ev{e['n']}",
                          f"event {e['n']}: {e.get('cameo_code')} {e.get('plover_type') or ''}"))
    for m in mentions:
        if m["start"] is None or m["end"] is None:
            continue
        evs = ev_of_mention.get(m["mention_index"], [])
        kind = "actor " + " ".join(f"ev{k}" for k in evs) if evs else "mention"
        spans.append((m["start"], m["end"], kind, f"{m['code'] or 'unresolved'}"))
    spans = [(max(0, a), min(n, b), k, t) for a, b, k, t in spans if 0 <= a < b <= n]
    cuts = sorted({0, n, *(a for a, *_ in spans), *(b for _, b, *_ in spans)})
    out: list[dict[str, Any]] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [(k, t) for s, e, k, t in spans if s <= a and b <= e]
        classes = " ".join(sorted({c for k, _ in covering for c in k.split()}))
        titles = "; ".join(dict.fromkeys(t for _, t in covering))
        out.append({"text": body[a:b], "cls": classes, "title": titles})
    return out
