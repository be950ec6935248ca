"""The FastAPI app behind ``eventwire serve``: server-rendered pages and their JSON/CSV API.

Design choices, and why:

* **One DuckDB connection, one cursor per request.** DuckDB connections are not safe to
  share between threads, and FastAPI runs plain ``def`` endpoints in a thread pool; a
  cursor is a cheap per-thread handle on the same database, so queries run side by side
  without re-opening the file (which would cost more than the query).
* **Read-only unless ``--review``.** Without it the file is opened read-only (other readers
  can work beside the app) and every write route answers 403. With it, every write must
  carry the start-up token (``X-Eventwire-Token`` header or ``token`` form field), compared
  in constant time; pages never print the token, so reading a page does not grant writes.
* **Bad input is a 400 with a sentence, never a 500.** Query strings are parsed by
  ``eventwire.web.queries`` into typed values before any SQL runs; values reach SQL only as
  parameters. Jinja autoescaping renders every stored or user-given text as text.
* **Host header check.** Only ``127.0.0.1``/``localhost`` (and the ``--host`` given) are
  answered, so a web page elsewhere cannot reach the app through DNS rebinding.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import duckdb
import pandas as pd
import pyarrow as pa
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response,
)
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire import analysis
from eventwire.analysis import Filters
from eventwire.cameo import PLOVER_TYPES
from eventwire.store import EventStore
from eventwire.web import charts
from eventwire.web import review as rv
from eventwire.web.queries import (
    SORTS, BadRequest, EventQuery, events_frame, events_page, load_article,
    parse_filters, valid_article_id,
)

HERE = Path(__file__).parent
TOKEN_HEADER = "X-Eventwire-Token"
#: Analysis results kept (a dyad page uses three); EVENTWIRE_WEB_CACHE=0 turns it off, e.g.
#: to measure uncached latency (bench/web_latency.py --no-cache).
CACHE_SIZE = int(os.environ.get("EVENTWIRE_WEB_CACHE", "64"))
FREQS = ("day", "week", "month", "year")
QUAD_NAMES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict",
              4: "Material conflict"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

# The OpenAPI page (/docs) loads Swagger UI from a CDN; it gets its own relaxed policy so
# the rest of the app keeps the strict one.
DOCS_CSP = ("default-src 'self' https://cdn.jsdelivr.net 'unsafe-inline'; "
            "img-src 'self' data: https://fastapi.tiangolo.com")

# Filter parameters documented once and shared by the API routes (OpenAPI shows them).
_P: dict[str, Any] = {
    "source": Query(None, description="Source actor code prefix(es), comma-separated: PRK "
                    "matches PRKGOV, PRKMIL…"),
    "target": Query(None, description="Target actor code prefix(es), as source."),
    "start": Query(None, description="From YYYY, YYYY-MM or YYYY-MM-DD (inclusive)."),
    "end": Query(None, description="Up to YYYY, YYYY-MM or YYYY-MM-DD (inclusive)."),
    "direction": Query(None, description="forward | both (also target → source)."),
    "negated": Query(None, description="include | exclude negated, denied and hypothetical "
                     "events."),
    "one_a_day": Query(None, description="1: one event per (source, target, CAMEO, day)."),
}


class App:
    """The archive connection and settings shared by every request."""

    def __init__(self, db: str | Path, review: bool, token: str | None) -> None:
        self.db = str(db)
        self.review = review
        self.token = token or (secrets.token_urlsafe(24) if review else None)
        store = EventStore(self.db, read_only=not review)
        self.con: duckdb.DuckDBPyConnection = store.con
        if review:
            rv.ensure_table(self.con)
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    def analyse(self, fn: Callable[..., Any], f: Filters, **kw: Any) -> Any:
        """``fn(store, f, **kw)`` from the analysis module, remembered for the app's lifetime.

        Safe because the events cannot change under the app: it never writes them (reviews
        go to their own table), and while it holds the file DuckDB's lock keeps every other
        process from writing it. Most of an analysis' time is pandas reshaping, not the
        query, so a repeated dyad view drops from ~150-300 ms to a few ms. Bounded (LRU).
        """
        key = (fn.__module__, fn.__name__, f, tuple(sorted(kw.items())))
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = fn(self.store(self.cursor()), f, **kw)
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def store(self, cur: duckdb.DuckDBPyConnection) -> EventStore:
        """An ``EventStore`` over this request's cursor, for the analysis functions.

        They accept an open store and then use its ``con``; building one around the cursor
        (instead of opening the file again per request) keeps a dyad page to tens of ms.
        """
        s = EventStore.__new__(EventStore)
        s.path, s.con, s.read_only = self.db, cur, not self.review
        return s

    def check_token(self, given: str | None) -> None:
        if not self.review:
            raise Forbidden("this server is read-only; start it with `eventwire serve --review` "
                            "to record reviews")
        if not given or not secrets.compare_digest(given.encode(), str(self.token).encode()):
            raise Forbidden("a review needs the token printed when the server started "
                            f"(header {TOKEN_HEADER} or form field 'token')")


class Forbidden(Exception):
    """A write the server refuses (read-only mode, or missing/wrong token): HTTP 403."""


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(PLOVER_TYPES=PLOVER_TYPES, QUAD_NAMES=QUAD_NAMES, FREQS=FREQS)
    env.filters["urlq"] = lambda d: urlencode({k: v for k, v in d.items() if v not in (None, "")})
    return env


def _arrow_csv(table: "pa.Table", name: str) -> Response:
    """A large table as CSV, written by Arrow's C++ writer (20k events: ~0.1 s, not ~1 s)."""
    import pyarrow.csv as pacsv

    buf = io.BytesIO()
    pacsv.write_csv(table, buf)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _plain_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-safe rows: dates as YYYY-MM-DD, NaN as null."""
    return json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False)
                      .replace("T00:00:00.000", ""))


def _csv(df: pd.DataFrame, name: str) -> Response:
    buf = io.StringIO()
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.strftime("%Y-%m-%d")
    out.to_csv(buf, index=False)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _table_or_csv(df: pd.DataFrame, fmt: str | None, name: str, **extra: Any) -> Response:
    if fmt in (None, "", "json"):
        return JSONResponse({**extra, "rows": _plain_records(df)})
    if fmt == "csv":
        return _csv(df, name)
    raise BadRequest(f"format must be 'json' or 'csv', not {str(fmt)[:20]!r}")


def _freq(params: dict[str, str]) -> str:
    freq = (params.get("freq") or "month").strip() or "month"
    if freq not in FREQS:
        raise BadRequest(f"freq must be one of {', '.join(FREQS)}, not {freq[:20]!r}")
    return freq


def _dyad_filters(params: dict[str, str]) -> Filters:
    """The dyad page's filters: like the analyses (negated left out), but both directions by
    default, since "USA and PRK" is what a reader of a dyad page means."""
    p = dict(params)
    p.setdefault("direction", "both")
    if not (p.get("direction") or "").strip():
        p["direction"] = "both"
    return parse_filters(p, default_negated=False)


def _dyad_data(app_: App, params: dict[str, str], timeline_limit: int = 100) -> dict[str, Any]:
    """Everything the dyad/actor page shows, from the analysis module's functions.

    Run one after the other: the work is mostly pandas (holding the GIL), so threads only
    added contention (measured: 845 ms in threads vs ~430 ms in a row for a day chart).
    """
    f = _dyad_filters(params)
    freq = _freq(params)
    data: dict[str, Any] = {"filters": f, "freq": freq, "label": f.label()}
    if not (f.source or f.target):
        both = Filters(f.source, f.target, f.start, f.end, "both", f.one_a_day,
                       f.include_negated)
        data["dyads"] = app_.analyse(analysis.dyads, both, limit=15)
        data["actors"] = app_.analyse(analysis.actors, f, limit=15)
        return data
    data["series"] = app_.analyse(analysis.series, f, freq=freq)
    data["alternation"] = app_.analyse(analysis.alternation, f, freq=freq)
    data["timeline"] = app_.analyse(analysis.timeline, f, limit=timeline_limit)
    # Same filters as the series, so its event counts add up to the timeline's length.
    data["timeline_total"] = int(data["series"]["events"].sum()) if len(data["series"]) else 0
    return data


def create_app(db: str | Path, review: bool = False, token: str | None = None,
               host: str = "127.0.0.1") -> FastAPI:
    """The app over archive ``db``; ``review`` enables the token-protected review writes."""
    state = App(db, review, token)
    env = _templates()
    api = FastAPI(
        title="eventwire",
        description="Browse a DuckDB event archive: events, articles with highlights, dyad "
                    "analyses, and (with --review) reviews that grow the gold set. Every "
                    "table is also available as JSON or CSV (format=csv).",
        version="1",
    )
    api.state.app = state
    api.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    allowed_hosts = {"127.0.0.1", "localhost", "[::1]", host}

    def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.update(request=request, review=state.review, path=request.url.path)
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=status)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def error(request: Request, status: int, message: str) -> Response:
        if is_api(request):
            return JSONResponse({"error": message}, status_code=status)
        return render(request, "error.html", status=status, status_code=status, message=message)

    @api.middleware("http")
    async def guard(request: Request, call_next: Callable[..., Any]) -> Response:
        hostname = (request.headers.get("host") or "").rsplit(":", 1)[0]
        if host not in ("0.0.0.0", "::") and hostname not in allowed_hosts:
            return PlainTextResponse(f"unexpected Host header {hostname[:60]!r}", 400)
        response = await call_next(request)
        docs = request.url.path in ("/docs", "/redoc")
        response.headers["Content-Security-Policy"] = DOCS_CSP if docs else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @api.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest) -> Response:
        return error(request, 400, str(exc))

    @api.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return error(request, 403, str(exc))

    @api.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body"))
            parts.append(f"{loc or 'request'}: {e.get('msg', 'invalid')}")
        return error(request, 400, "; ".join(parts) or "invalid request")

    @api.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    def qp(request: Request) -> dict[str, str]:
        return dict(request.query_params)

    # -- pages ----------------------------------------------------------------------------------
    @api.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/events", status_code=302)

    @api.get("/events", response_class=HTMLResponse, tags=["pages"],
             summary="Events: filterable, sortable, paginated table")
    def events_html(request: Request) -> HTMLResponse:
        eq = EventQuery.parse(qp(request))
        cur = state.cursor()
        total, rows = events_page(cur, eq)
        pages = max(1, -(-total // eq.per_page))
        return render(request, "events.html", eq=eq, total=total, rows=rows, pages=pages,
                      sorts=SORTS, qs=eq.link(page=None))

    @api.get("/articles/{article_id:path}", response_class=HTMLResponse, tags=["pages"],
             summary="One article with its events' triggers and actors highlighted")
    def article_html(request: Request, article_id: str) -> HTMLResponse:
        art = _article(article_id)
        latest, added = rv.article_reviews(state.cursor(), article_id)
        return render(request, "article.html", art=art, reviews=latest, added=added,
                      by_sentence=_by_sentence(art, added))

    @api.get("/dyad", response_class=HTMLResponse, tags=["pages"],
             summary="Dyad / actor: series, alternation and timeline")
    def dyad_html(request: Request) -> HTMLResponse:
        params = qp(request)
        data = _dyad_data(state, params)
        f: Filters = data["filters"]
        ctx: dict[str, Any] = {"d": data, "params": params,
                               "qs": urlencode({k: v for k, v in params.items() if v})}
        if "dyads" in data:
            names = tuple(data["dyads"].columns[:2]) if not data["dyads"].empty else (
                "actor_a", "actor_b")
            ctx["dyads_chart"] = charts.dyads_svg(
                data["dyads"], names, f"Most active dyads, {f.label()}")
        else:
            alt = data["alternation"]
            # Plain Python rows for the template: pandas row access per cell is slow.
            probs = alt.transition_probs
            ctx["transitions"] = [(str(k), [None if v != v else float(v) for v in row])
                                  for k, row in zip(probs.index, probs.to_numpy().tolist())]
            ctx["transition_cols"] = [str(c) for c in probs.columns]
            ctx["phases"] = alt.phases.tail(60).to_dict("records")
            ctx["n_phases"] = len(alt.phases)
            ctx["timeline"] = data["timeline"].to_dict("records")
            ctx["series_chart"] = charts.series_svg(
                data["series"], data["freq"], f"Cooperation and conflict, {f.label()}")
            ctx["alt_chart"] = charts.alternation_svg(
                alt.periods, data["freq"], f"Threats and talks, {f.label()}")
            ctx["xcorr_chart"] = charts.xcorr_svg(alt.xcorr, "Lagged correlation")
        return render(request, "dyad.html", **ctx)

    @api.get("/actor/{code}", include_in_schema=False)
    def actor_html(code: str) -> RedirectResponse:
        return RedirectResponse("/dyad?" + urlencode({"source": code, "direction": "both"}),
                                status_code=302)

    @api.get("/review", response_class=HTMLResponse, tags=["review"],
             summary="Recent reviews, token entry and the gold export (only with --review)")
    def review_html(request: Request) -> HTMLResponse:
        if not state.review:
            raise Forbidden("reviewing is off; start the server with `eventwire serve --review`")
        lines, skipped = rv.gold_lines(state.cursor())
        return render(request, "review.html", reviews=rv.recent_reviews(state.cursor()),
                      n_gold=len(lines), skipped=skipped)

    @api.post("/review", include_in_schema=False)
    async def review_form(request: Request) -> Response:
        """An HTML form's review (urlencoded; parsed here so no multipart library is needed)."""
        body = (await request.body())[:20_000].decode("utf-8", "replace")
        form = dict(parse_qsl(body, keep_blank_values=True))
        state.check_token(form.get("token") or request.headers.get(TOKEN_HEADER))
        r = rv.ReviewInput.parse(form)
        if not valid_article_id(r.article_id):
            raise BadRequest("article_id must be printable text of up to 1000 characters")
        rv.add_review(state.cursor(), r)
        return RedirectResponse(f"/articles/{quote(r.article_id)}#s{r.sentence_id}",
                                status_code=303)

    @api.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_reference(request: Request) -> HTMLResponse:
        """The OpenAPI schema as a plain page: /docs (Swagger UI) needs its CDN, and the
        machines this runs on may be offline."""
        schema = api.openapi()
        ops = []
        for path, methods in schema["paths"].items():
            for method, op in methods.items():
                ops.append({"path": path, "method": method.upper(),
                            "summary": op.get("summary", ""),
                            "doc": op.get("description", ""),
                            "tag": (op.get("tags") or [""])[0],
                            "params": [{"name": p["name"], "in": p["in"],
                                        "description": p.get("description", "")}
                                       for p in op.get("parameters", [])]})
        return render(request, "api.html", ops=ops, info=schema["info"])

    # -- JSON / CSV API -------------------------------------------------------------------------
    @api.get("/api/events", tags=["api"], summary="Events matching the filters (JSON or CSV)")
    def events_api(request: Request, source: str | None = _P["source"],
                   target: str | None = _P["target"], start: str | None = _P["start"],
                   end: str | None = _P["end"], direction: str | None = _P["direction"],
                   negated: str | None = _P["negated"], one_a_day: str | None = _P["one_a_day"],
                   country: str | None = Query(None, description="ISO alpha-3 of either actor"),
                   plover: str | None = Query(None, description="PLOVER event type"),
                   root: str | None = Query(None, description="CAMEO root 01..20"),
                   quad: str | None = Query(None, description="QuadClass 1..4"),
                   q: str | None = Query(None, description="Text in the sentence or title"),
                   sort: str | None = Query(None, description=", ".join(SORTS)),
                   order: str | None = Query(None, description="asc | desc"),
                   page: str | None = Query(None), per_page: str | None = Query(None),
                   format: str | None = Query(None, description="json (a page) | csv (all "
                                              "matching rows, every column)")) -> Response:
        eq = EventQuery.parse(qp(request))
        cur = state.cursor()
        if format == "csv":
            return _arrow_csv(events_frame(cur, eq), "events")
        if format not in (None, "", "json"):
            raise BadRequest(f"format must be 'json' or 'csv', not {format[:20]!r}")
        total, rows = events_page(cur, eq)
        return JSONResponse(json.loads(json.dumps(
            {"total": total, "page": eq.page, "per_page": eq.per_page, "rows": rows},
            default=str)))

    @api.get("/api/events.csv", tags=["api"], summary="All events matching the filters as CSV")
    def events_csv(request: Request) -> Response:
        eq = EventQuery.parse(qp(request))
        return _arrow_csv(events_frame(state.cursor(), eq), "events")

    def _article(article_id: str) -> dict[str, Any]:
        if not valid_article_id(article_id):
            raise BadRequest("article ids are printable text of up to 1000 characters")
        art = load_article(state.cursor(), article_id)
        if art is None:
            raise StarletteHTTPException(404, f"no article {article_id!r} in the archive")
        return art

    @api.get("/api/articles/{article_id:path}", tags=["api"],
             summary="An article, its sentences, mentions, events and highlight spans")
    def article_api(article_id: str) -> JSONResponse:
        art = _article(article_id)
        art.pop("segments", None)
        return JSONResponse(json.loads(json.dumps(art, default=str)))

    @api.get("/api/dyads", tags=["api"], summary="Top dyads (or top actors with part=actors)")
    def dyads_api(request: Request, source: str | None = _P["source"],
                  target: str | None = _P["target"], start: str | None = _P["start"],
                  end: str | None = _P["end"], direction: str | None = _P["direction"],
                  part: str | None = Query(None, description="dyads | actors"),
                  limit: int = Query(20, ge=1, le=500),
                  format: str | None = Query(None, description="json | csv")) -> Response:
        f = parse_filters(qp(request), default_negated=False)
        if part in (None, "", "dyads"):
            df = state.analyse(analysis.dyads, f, limit=limit)
        elif part == "actors":
            df = state.analyse(analysis.actors, f, limit=limit)
        else:
            raise BadRequest("part must be 'dyads' or 'actors'")
        return _table_or_csv(df, format, part or "dyads", label=f.label())

    @api.get("/api/series", tags=["api"], summary="Events per period by QuadClass and PLOVER")
    def series_api(request: Request, source: str | None = _P["source"],
                   target: str | None = _P["target"], start: str | None = _P["start"],
                   end: str | None = _P["end"], direction: str | None = _P["direction"],
                   freq: str | None = Query(None, description="day | week | month | year"),
                   format: str | None = Query(None, description="json | csv | vega-lite")
                   ) -> Response:
        params = qp(request)
        f, fr = _dyad_filters(params), _freq(params)
        df = state.analyse(analysis.series, f, freq=fr)
        if format == "vega-lite":
            return JSONResponse(charts.series_vegalite(df, fr, f"Cooperation and conflict, "
                                                                f"{f.label()}"))
        return _table_or_csv(df, format, "series", label=f.label(), freq=fr)

    @api.get("/api/alternation", tags=["api"],
             summary="Phases, transitions, lagged threat/talk correlation and summary")
    def alternation_api(request: Request, source: str | None = _P["source"],
                        target: str | None = _P["target"], start: str | None = _P["start"],
                        end: str | None = _P["end"], direction: str | None = _P["direction"],
                        freq: str | None = Query(None, description="day | week | month | year"),
                        part: str | None = Query(None, description="for csv: periods | phases "
                                                 "| transitions | xcorr"),
                        format: str | None = Query(None, description="json | csv | vega-lite")
                        ) -> Response:
        params = qp(request)
        f, fr = _dyad_filters(params), _freq(params)
        alt = state.analyse(analysis.alternation, f, freq=fr)
        frames = alt.frames()
        if format == "vega-lite":
            return JSONResponse(charts.alternation_vegalite(alt.periods,
                                                            f"Threats and talks, {f.label()}"))
        if format == "csv":
            name = part or "periods"
            if name not in frames:
                raise BadRequest(f"part must be one of {', '.join(frames)}")
            return _csv(frames[name], f"alternation-{name}")
        if format not in (None, "", "json"):
            raise BadRequest("format must be 'json', 'csv' or 'vega-lite'")
        return JSONResponse({"label": alt.label, "freq": alt.freq, "summary": alt.summary,
                             "follow": alt.follow,
                             **{k: _plain_records(v) for k, v in frames.items()}})

    @api.get("/api/timeline", tags=["api"], summary="Events in date order with their sentence")
    def timeline_api(request: Request, source: str | None = _P["source"],
                     target: str | None = _P["target"], start: str | None = _P["start"],
                     end: str | None = _P["end"], direction: str | None = _P["direction"],
                     limit: int | None = Query(None, ge=1, le=1_000_000),
                     format: str | None = Query(None, description="json | csv")) -> Response:
        f = _dyad_filters(qp(request))
        df = state.analyse(analysis.timeline, f, limit=limit)
        return _table_or_csv(df, format, "timeline", label=f.label())

    @api.post("/api/reviews", tags=["review"], status_code=201,
              summary="Record a review (needs --review and the start-up token)")
    async def review_api(request: Request) -> JSONResponse:
        """Body: JSON with ``article_id, sentence_id, verdict`` (correct | wrong | fixed |
        added | removed) and, as the verdict needs, ``event_id, plover_type, cameo_code,
        source_code, target_code, event_date, note, review_id``."""
        state.check_token(request.headers.get(TOKEN_HEADER))
        try:
            data = json.loads((await request.body())[:20_000] or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise BadRequest("the body must be a JSON object") from None
        if not isinstance(data, dict):
            raise BadRequest("the body must be a JSON object")
        rid = rv.add_review(state.cursor(), rv.ReviewInput.parse(data))
        return JSONResponse({"review_id": rid}, status_code=201)

    @api.get("/api/reviews", tags=["review"], summary="Recent reviews (JSON or CSV)")
    def reviews_api(limit: int = Query(200, ge=1, le=100_000),
                    format: str | None = Query(None, description="json | csv")) -> Response:
        df = pd.DataFrame(rv.recent_reviews(state.cursor(), limit))
        return _table_or_csv(df, format, "reviews")

    @api.get("/api/reviews/gold", tags=["review"],
             summary="Reviewed sentences as gold JSON Lines (docs/GOLD.md)")
    def gold_api() -> Response:
        # One body, not a stream: a sync generator costs a thread hop per line in Starlette.
        return Response("".join(rv.gold_jsonl(state.cursor())),
                        media_type="application/x-ndjson", headers={
                            "Content-Disposition": 'attachment; filename="reviewed-gold.jsonl"'})

    return api


def _by_sentence(art: dict[str, Any], added: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sentences that carry events (coded or added by a reviewer), in order, for the side panel."""
    out = []
    for s in art["sentences"]:
        evs = [e for e in art["events"] if e["sentence_id"] == s["sentence_id"]]
        adds = [a for a in added if a["sentence_id"] == s["sentence_id"]]
        out.append({**s, "events": evs, "added": adds})
    return out
