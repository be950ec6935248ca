"""How fast does every page of `eventwire serve` answer on a 4,500-story archive?

Builds the store's synthetic archive (4,500 articles, ~20k events; reused if the file
exists), starts the real server (`eventwire serve --review`, uvicorn, loopback) in a
subprocess, and times each page and API call end to end with httpx: a warm-up request, then
``--repeat`` timed ones. Prints median / p90 / max per URL and exits 1 if any median is
over the budget (500 ms).

    python bench/web_latency.py [--db /tmp/web-bench.duckdb] [--repeat 15] [--budget-ms 500]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

TOKEN = "bench-token-0123456789abcdef"


def build(db: Path, n: int) -> None:
    from eventwire.store import EventStore
    from eventwire.store.synthetic import synthetic_archive
    from eventwire.web import review as rv

    t = time.perf_counter()
    with EventStore(db) as s:
        stats = s.ingest(synthetic_archive(n, seed=0))
        rv.ensure_table(s.con)
        # A few reviews so the review page and gold export have something to do.
        rows = s.con.execute("SELECT article_id, sentence_id, event_id FROM events "
                             "ORDER BY article_id, sentence_id LIMIT 200").fetchall()
        for aid, sid, eid in rows:
            rv.add_review(s.con, rv.ReviewInput(aid, sid, "correct", eid))
    print(f"built {db}: {stats.new} articles, {stats.events} events in "
          f"{time.perf_counter() - t:.1f} s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/eventwire-web-bench.duckdb"))
    ap.add_argument("--articles", type=int, default=4500)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--budget-ms", type=float, default=500.0)
    ap.add_argument("--no-cache", action="store_true",
                    help="turn off the app's analysis cache: every request computes afresh")
    args = ap.parse_args()
    if not args.db.exists():
        build(args.db, args.articles)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "EVENTWIRE_WEB_CACHE": "0" if args.no_cache else "64"}
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db",
                             str(args.db), "--port", str(port), "--review", "--token", TOKEN],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=env)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    print(proc.stderr.read(), file=sys.stderr)
                    return 2
                try:
                    client.get("/events")
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline:
                        print("server did not start", file=sys.stderr)
                        return 2
                    time.sleep(0.2)
            aid = client.get("/api/events", params={"per_page": 1, "sort": "date"}).json()[
                "rows"][0]["article_id"]
            urls = [
                "/events",
                "/events?source=USA&target=PRK&direction=both",
                "/events?country=IRN&plover=THREATEN&start=2021&end=2022",
                "/events?q=sanctions&sort=goldstein&order=asc&page=20",
                "/events?root=19&quad=4&sort=outlet&per_page=200",
                "/events?page=400",
                f"/articles/{aid}",
                "/dyad",
                "/dyad?source=USA&target=PRK",
                "/dyad?source=IRN&direction=both",
                "/dyad?source=USA&target=PRK&freq=week",
                "/dyad?freq=day&source=CHN&one_a_day=1",
                "/review",
                "/api/events?source=USA",
                "/api/events.csv?source=USA&target=PRK",
                "/api/events.csv",
                f"/api/articles/{aid}",
                "/api/series?source=USA&target=PRK",
                "/api/alternation?source=USA&target=PRK",
                "/api/timeline?source=USA&target=PRK&format=csv",
                "/api/dyads?part=actors",
                "/api/reviews/gold",
            ]
            results = []
            for url in urls:
                t = time.perf_counter()
                r = client.get(url)  # first request: cold (and check it works)
                first = (time.perf_counter() - t) * 1000
                if r.status_code != 200:
                    print(f"{url}: HTTP {r.status_code} {r.text[:200]}", file=sys.stderr)
                    return 2
                times = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    r = client.get(url)
                    _ = r.content
                    times.append((time.perf_counter() - t) * 1000)
                times.sort()
                results.append((url, first, statistics.median(times),
                                times[int(0.9 * (len(times) - 1))], times[-1], len(r.content)))
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    width = max(len(u) for u, *_ in results)
    print(f"{'url':<{width}}  first_ms  median_ms  p90_ms  max_ms    bytes")
    worst = 0.0
    for url, first, med, p90, mx, size in results:
        worst = max(worst, med)
        flag = "  OVER BUDGET" if med > args.budget_ms else ""
        print(f"{url:<{width}}  {first:8.1f}  {med:9.1f}  {p90:6.1f}  {mx:6.1f}  {size:7d}{flag}")
    print(f"worst median {worst:.1f} ms (budget {args.budget_ms:.0f} ms, {args.repeat} timed "
          f"requests per URL, analysis cache {'off' if args.no_cache else 'on'})")
    return 0 if worst <= args.budget_ms else 1


if __name__ == "__main__":
    raise SystemExit(main())
