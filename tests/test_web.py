"""The web app through its HTTP interface (no browser): filters, pages, API, CSV, safety.

The fixture archive is ``eventwire.web.demo``: hand-written articles with real-looking text,
mentions and events (one of them full of markup and SQL on purpose) plus synthetic ones.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwire import analysis
from eventwire.cli import app as cli_app
from eventwire.evaluate import _gold_events, read_gold
from eventwire.models import EVENT_FLAT_COLUMNS
from eventwire.store import EventStore
from eventwire.web import create_app
from eventwire.web import review as rv
from eventwire.web.demo import build_demo

TOKEN = "test-token-abcdefghijklmnop"
BASE = "http://127.0.0.1"
SQLI = "' OR 1=1; DROP TABLE events; --"
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def ro_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("web") / "ro.duckdb")


@pytest.fixture(scope="module")
def client(ro_db: Path) -> TestClient:
    return TestClient(create_app(ro_db), base_url=BASE)


@pytest.fixture()
def rw(tmp_path: Path) -> tuple[TestClient, Path]:
    db = build_demo(tmp_path / "rw.duckdb", synthetic=10)
    return TestClient(create_app(db, review=True, token=TOKEN), base_url=BASE), db


def total(client: TestClient, **params: str) -> int:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()["total"]


def sql_count(db: Path, where: str, params: list) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM events e LEFT JOIN articles a USING "
                           f"(article_id) WHERE {where}", params).fetchone()[0]
    finally:
        con.close()


# -- events: filters, sort, pages ------------------------------------------------------------------
def test_each_filter_selects_what_it_says(client: TestClient, ro_db: Path) -> None:
    everything = sql_count(ro_db, "TRUE", [])
    assert total(client) == everything
    assert total(client, q="joint drills") == 2
    assert total(client, q="JOINT DRILLS", source="USA", target="KOR") == 2
    assert total(client, q="joint drills", source="CHN") == 0
    assert total(client, source="IGOEU", plover="SANCTION", q="drone") == 1
    assert total(client, country="IRN") == sql_count(
        ro_db, "e.source_country = 'IRN' OR e.target_country = 'IRN'", [])
    assert total(client, root="19") == sql_count(ro_db, "e.cameo_root = '19'", [])
    assert total(client, root="3") == sql_count(ro_db, "e.cameo_root = '03'", [])
    assert total(client, quad="4") == sql_count(ro_db, "e.quad_class = 4", [])
    assert total(client, source="USA") == sql_count(ro_db, "starts_with(e.source_code, 'USA')", [])
    assert total(client, start="2023-03", end="2023-03") == sql_count(
        ro_db, "e.event_day BETWEEN DATE '2023-03-01' AND DATE '2023-03-31'", [])
    both = total(client, source="USA", target="KOR", direction="both")
    assert both == total(client, source="USA", target="KOR") + total(client, source="KOR",
                                                                      target="USA")


def test_sorting_and_pagination(client: TestClient) -> None:
    rows = client.get("/api/events", params={"sort": "goldstein", "order": "asc",
                                             "per_page": "500"}).json()["rows"]
    gold = [r["goldstein"] for r in rows]
    assert gold == sorted(gold)
    full = client.get("/api/events", params={"per_page": "20"}).json()["rows"]
    p2 = client.get("/api/events", params={"per_page": "5", "page": "2"}).json()["rows"]
    assert [r["event_id"] for r in p2] == [r["event_id"] for r in full[5:10]]
    html = client.get("/events", params={"per_page": "5", "page": "2", "source": "USA"}).text
    assert "page 2 of" in html and "page=3" in html and "source=USA" in html


def test_events_csv_has_every_filtered_row_and_column(client: TestClient) -> None:
    params = {"source": "USA", "negated": "include"}
    r = client.get("/api/events.csv", params=params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total(client, **params)
    assert set(EVENT_FLAT_COLUMNS) <= set(rows[0])
    assert all(x["source_code"].startswith("USA") for x in rows)
    assert client.get("/api/events", params={**params, "format": "csv"}).text == r.text


# -- pages ---------------------------------------------------------------------------------------
def test_pages_render(client: TestClient) -> None:
    for url in ("/events", "/events?source=USA&sort=outlet", "/articles/demo-korea-talks",
                "/dyad", "/dyad?source=USA&target=KOR&freq=week", "/dyad?source=IRN"):
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:300])
        assert "<svg" in r.text or "/events" not in url or "<table" in r.text
    assert client.get("/", follow_redirects=False).status_code == 302
    assert client.get("/actor/IRN", follow_redirects=False).headers["location"].startswith(
        "/dyad?source=IRN")


def test_article_highlights_triggers_and_actors(client: TestClient) -> None:
    art = client.get("/api/articles/demo-korea-talks").json()
    body = art["body"]
    assert art["byline"] == "By Min-ji Park" and art["dateline_place"] == "SEOUL"
    for e in art["events"]:
        a, b = e["trigger_span"]
        assert body[a:b].lower() == e["trigger"].lower()
        spans = {body[m["start"]:m["end"]] for m in art["mentions"]
                 if m["mention_index"] in e["actor_mentions"]}
        assert e["source_text"] in spans
    html = client.get("/articles/demo-korea-talks").text
    assert '<mark class="ev1 trigger"' in html and ">threatened</mark>" in html
    assert '<mark class="actor ev1"' in html and ">North Korea</mark>" in html


def test_dyad_page_uses_the_analysis_module(client: TestClient, ro_db: Path) -> None:
    api = client.get("/api/series", params={"source": "USA", "target": "KOR"}).json()
    df = analysis.series(ro_db, source="USA", target="KOR", direction="both")
    assert [r["events"] for r in api["rows"]] == df["events"].tolist()
    alt = client.get("/api/alternation", params={"source": "USA", "target": "KOR"}).json()
    assert alt["summary"] == analysis.alternation(ro_db, source="USA", target="KOR",
                                                  direction="both").summary
    html = client.get("/dyad", params={"source": "USA", "target": "KOR"}).text
    assert html.count("<svg") == 3 and "events over" in html
    spec = client.get("/api/series", params={"source": "USA", "format": "vega-lite"}).json()
    assert spec["$schema"].endswith("vega-lite/v5.json") and spec["layer"][0]["data"]["values"]
    tl = client.get("/api/timeline", params={"source": "USA", "target": "KOR",
                                             "format": "csv"})
    assert tl.status_code == 200 and tl.text.startswith("event_day,")
    assert client.get("/api/dyads", params={"part": "actors", "format": "csv"}).status_code == 200


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/events", "/api/articles/{article_id}", "/api/series", "/api/alternation",
              "/api/timeline", "/api/dyads", "/api/reviews", "/api/reviews/gold"):
        assert p in paths
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"source", "country", "plover", "root", "quad", "q", "sort", "format"} <= names
    page = client.get("/api").text  # the offline reference page built from the same schema
    assert "<code>/api/events</code>" in page and "Text in the sentence or title" in page


# -- safety ------------------------------------------------------------------------------------------
BAD = [
    ("page", "abc", "page"), ("page", "0", "page"), ("per_page", "100000", "per_page"),
    ("quad", "9", "quad"), ("root", "25", "root"), ("root", "x", "root"),
    ("plover", "HUG", "plover"), ("country", "KOREA", "country"), ("start", "2023-13", "date"),
    ("end", "yesterday", "date"), ("sort", "event_id; DROP", "sort"), ("order", "up", "order"),
    ("direction", "sideways", "direction"), ("source", "US A", "source"),
    ("negated", "maybe", "negated"), ("one_a_day", "yes", "one_a_day"),
    ("format", "xml", "format"), ("q", "x" * 500, "q"),
]


@pytest.mark.parametrize("key,value,word", BAD)
def test_bad_parameters_are_400_with_a_message(client: TestClient, key: str, value: str,
                                               word: str) -> None:
    r = client.get("/api/events", params={key: value})
    assert r.status_code == 400 and word in r.json()["error"]
    if key != "format":
        page = client.get("/events", params={key: value})
        assert page.status_code == 400 and word in page.text


def test_other_bad_requests(client: TestClient) -> None:
    assert client.get("/api/events", params={"start": "2023", "end": "2022"}).status_code == 400
    assert client.get("/dyad", params={"freq": "hourly"}).status_code == 400
    r = client.get("/api/dyads", params={"limit": "lots"})
    assert r.status_code == 400 and "limit" in r.json()["error"]
    assert client.get("/api/alternation", params={"format": "csv", "part": "x"}).status_code == 400
    assert client.get("/articles/no-such-article").status_code == 404
    assert client.get("/api/articles/a%00b").status_code == 400
    missing = client.get("/articles/x%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert missing.status_code == 404 and "&lt;script&gt;" in missing.text
    assert "<script>alert" not in missing.text
    assert client.get("/events", headers={"host": "evil.example"}).status_code == 400


FILTERS = ("source", "target", "start", "end", "country", "plover", "root", "quad", "q", "sort",
           "order", "direction", "negated", "one_a_day", "page", "per_page")


@pytest.mark.parametrize("key", FILTERS)
@pytest.mark.parametrize("attack", [SQLI, XSS])
def test_injection_in_every_filter_is_inert(client: TestClient, ro_db: Path, key: str,
                                            attack: str) -> None:
    before = sql_count(ro_db, "TRUE", [])
    for url in ("/events", "/api/events", "/dyad"):
        r = client.get(url, params={key: attack})
        assert r.status_code in (200, 400), (url, key, r.status_code)
        if url.startswith("/api/"):  # JSON (never sniffed as HTML: nosniff)
            assert r.headers["content-type"].startswith("application/json")
        else:
            assert "<script>alert" not in r.text.lower()
    if key == "q":  # taken literally: finds exactly the two events of the article whose
        # headline contains that text (a live OR 1=1 would match them all)
        assert total(client, q=attack) == (2 if attack == SQLI else 0)
    assert sql_count(ro_db, "TRUE", []) == before


def test_stored_markup_is_escaped(client: TestClient) -> None:
    html = client.get("/articles/demo-hostile").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Mallory" not in html
    assert html.count("<script") == 1  # the app's own /static/app.js only
    table = client.get("/events", params={"q": "DROP TABLE"}).text
    assert "&lt;script&gt;" in table and "<script>alert" not in table
    r = client.get("/events")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_read_only_server_refuses_writes(client: TestClient) -> None:
    body = {"article_id": "demo-korea-talks", "sentence_id": 0, "verdict": "correct"}
    r = client.post("/api/reviews", json=body, headers={"X-Eventwire-Token": TOKEN})
    assert r.status_code == 403 and "read-only" in r.json()["error"]
    assert client.post("/review", data={**body, "token": TOKEN}).status_code == 403
    assert client.get("/review").status_code == 403
    with pytest.raises(duckdb.Error):  # and the archive really is open read-only
        client.app.state.app.con.execute("CREATE TABLE nope (i INTEGER)")


# -- reviews -------------------------------------------------------------------------------------------
def _event_ids(db_client: TestClient, aid: str) -> dict[int, list[str]]:
    art = db_client.get(f"/api/articles/{aid}").json()
    out: dict[int, list[str]] = {}
    for e in art["events"]:
        out.setdefault(e["sentence_id"], []).append(e["event_id"])
    return out


def test_review_writes_need_the_token(rw) -> None:
    c, _ = rw
    ev = _event_ids(c, "demo-korea-talks")[0][0]
    body = {"article_id": "demo-korea-talks", "sentence_id": 0, "event_id": ev,
            "verdict": "wrong"}
    assert c.post("/api/reviews", json=body).status_code == 403
    assert c.post("/api/reviews", json=body, headers={"X-Eventwire-Token": "guess"}).status_code == 403
    assert c.post("/review", data=body).status_code == 403
    assert c.post("/review", data={**body, "token": "x" + TOKEN}).status_code == 403
    assert c.get("/api/reviews").json()["rows"] == []
    r = c.post("/api/reviews", json=body, headers={"X-Eventwire-Token": TOKEN})
    assert r.status_code == 201
    r = c.post("/review", data={**body, "verdict": "correct", "token": TOKEN},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/articles/demo-korea-talks#s0"
    assert [x["verdict"] for x in c.get("/api/reviews").json()["rows"]] == ["correct", "wrong"]


@pytest.mark.parametrize("change,word", [
    ({"verdict": "maybe"}, "verdict"), ({"event_id": "nope"}, "no event"),
    ({"sentence_id": "x"}, "sentence_id"), ({"sentence_id": 99}, "no sentence"),
    ({"verdict": "fixed", "cameo_code": "999"}, "CAMEO"),
    ({"verdict": "fixed", "plover_type": "HUG"}, "plover_type"),
    ({"verdict": "fixed", "plover_type": "AGREE", "source_code": SQLI}, "source_code"),
    ({"verdict": "fixed", "plover_type": "AGREE", "event_date": "2023-02-30"}, "date"),
    ({"verdict": "fixed"}, "PLOVER"), ({"verdict": "added"}, "event_id"),
    ({"article_id": SQLI}, "no sentence"),
])
def test_bad_reviews_are_400(rw, change: dict, word: str) -> None:
    c, _ = rw
    ev = _event_ids(c, "demo-korea-talks")[0][0]
    body = {"article_id": "demo-korea-talks", "sentence_id": 0, "event_id": ev,
            "verdict": "correct", **change}
    r = c.post("/api/reviews", json=body, headers={"X-Eventwire-Token": TOKEN})
    assert r.status_code == 400 and word in r.json()["error"], r.text
    assert c.post("/api/reviews", content=b"not json",
                  headers={"X-Eventwire-Token": TOKEN}).status_code == 400


def test_reviews_become_gold_lines(rw, tmp_path: Path) -> None:
    c, db = rw
    ids = _event_ids(c, "demo-sanctions")
    h = {"X-Eventwire-Token": TOKEN}

    def post(**body) -> str:
        r = c.post("/api/reviews", json={"article_id": "demo-sanctions", **body}, headers=h)
        assert r.status_code == 201, r.text
        return r.json()["review_id"]

    post(sentence_id=0, event_id=ids[0][0], verdict="wrong")        # -> negative example
    post(sentence_id=0, event_id=ids[0][0], verdict="correct")      # changed mind: latest wins
    by_code = {e["cameo_code"]: e["event_id"] for e in
               c.get("/api/articles/demo-sanctions").json()["events"] if e["sentence_id"] == 1}
    crit, threat = by_code["111"], by_code["130"]
    post(sentence_id=1, event_id=crit, verdict="correct")
    post(sentence_id=1, event_id=threat, verdict="fixed", cameo_code="138",
         target_code="IGOEUR", note=XSS)
    extra = post(sentence_id=1, verdict="added", plover_type="REJECT", source_code="IRNGOV",
                 target_code="IGOEUR", event_date="2023-05")
    dropped = post(sentence_id=1, verdict="added", plover_type="PROTEST")
    post(sentence_id=1, verdict="removed", review_id=dropped)
    post(sentence_id=2, verdict="added", plover_type="AID")         # s2's own event unreviewed

    lines, skipped = rv.gold_lines(c.app.state.app.cursor())
    assert skipped == 1
    by_id = {x["id"]: x for x in lines}
    assert set(by_id) == {"rv-demo-sanctions-0", "rv-demo-sanctions-1"}
    assert by_id["rv-demo-sanctions-0"]["events"] == [
        {"plover_type": "SANCTION", "cameo": "163", "source": "IGOEU", "target": "IRN"}]
    s1 = by_id["rv-demo-sanctions-1"]
    assert s1["text"] == "Iran criticised the European Union and threatened to retaliate."
    assert s1["date"] == "2023-05-02" and s1["kind"] == "sentence"
    assert sorted(s1["events"], key=lambda e: e["plover_type"]) == [
        {"plover_type": "ACCUSE", "cameo": "111", "source": "IRN", "target": "IGOEU"},
        {"plover_type": "REJECT", "source": "IRNGOV", "target": "IGOEUR", "date": "2023-05"},
        {"plover_type": "THREATEN", "cameo": "138", "source": "IRN", "target": "IGOEUR"},
    ]
    assert extra
    gold_http = c.get("/api/reviews/gold").text
    assert [json.loads(x) for x in gold_http.splitlines()] == lines
    review_page = c.get("/review").text
    assert "2 fully reviewed sentences" in review_page and "<script>alert" not in review_page

    # The same lines through the CLI, once the server has let go of the file; `eval` reads them.
    c.app.state.app.con.close()
    out = tmp_path / "gold.jsonl"
    res = CliRunner().invoke(cli_app, ["export-gold", "--db", str(db), "--out", str(out)])
    assert res.exit_code == 0, res.output
    items = list(read_gold(out))
    assert [i for _, i in items] == lines
    assert _gold_events(items[1][1])[0]["date"] in ("2023-05-02", "2023-05")


def test_export_gold_on_archive_without_reviews(tmp_path: Path) -> None:
    out = tmp_path / "g.jsonl"
    db = tmp_path / "copy.duckdb"
    with EventStore(db) as s:
        s.write([])
    res = CliRunner().invoke(cli_app, ["export-gold", "--db", str(db), "--out", str(out)])
    assert res.exit_code == 0 and out.read_text() == ""
    res = CliRunner().invoke(cli_app, ["export-gold", "--db", str(tmp_path / "none.duckdb"),
                                       "--out", str(out)])
    assert res.exit_code == 2


def test_article_ids_from_input_may_hold_any_text(tmp_path: Path) -> None:
    """Ingested ids come from the input's own `id` field: slashes, spaces, # and ? included."""
    from urllib.parse import quote

    from eventwire.store.synthetic import coded_article

    aid = "feed/2023 #7?x=<b>"
    db = tmp_path / "ids.duckdb"
    with EventStore(db) as s:
        s.write([coded_article("2023-01-05", [("USA", "PRK", "130")], article_id=aid)])
    c = TestClient(create_app(db), base_url=BASE)
    href = "/articles/" + quote(aid)
    assert href in c.get("/events").text.replace("&amp;", "&")
    page = c.get(href)
    assert page.status_code == 200 and "threatened" in page.text
    assert c.get("/api" + href).json()["article_id"] == aid
