"""Throughput of eventwire against a bare spaCy pass, on the same texts, in one run.

    python bench/throughput.py [--sample 300] [--repeats 3] [--workers 1,2]
    python bench/throughput.py compare [--sample 300]      # fast vs full path: events
    python bench/throughput.py gold                        # fast vs full path on the gold
    python bench/throughput.py spark [--sample 300]        # Spark local[1], local[2]

``run`` (default) times, per repeat and in this order: a bare spaCy pass (the whole loaded
pipeline, ``nlp.pipe``), eventwire coding on the full path and on the fast path
(``eventwire.prefilter``) with each worker count. It prints sentences/s, stories/hour,
peak RSS (this process plus its children, sampled by a thread with psutil) and the ratios
eventwire / bare spaCy, each the median over the repeats. Results also go to
``--json`` when given. See bench/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

CORPUS = "/work/shared/corpus/ngec-synthetic-stories.csv"


def load_articles(path: str, sample: int | None) -> list[Any]:
    from eventwire.ingest import read_articles
    from eventwire.report import RunReport

    arts = read_articles([path], fields={"text": "text"}, report=RunReport())
    return list(itertools.islice(arts, sample) if sample else arts)


class RssSampler:
    """Peak resident memory of this process and all its descendants (sum and largest)."""

    def __init__(self, every: float = 0.1) -> None:
        import psutil

        self.proc = psutil.Process()
        self.every = every
        self.peak_sum = 0
        self.peak_one = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        total = 0
        for p in [self.proc] + self.proc.children(recursive=True):
            try:
                rss = p.memory_info().rss
            except Exception:  # noqa: BLE001 - a child may exit between listing and reading
                continue
            total += rss
            self.peak_one = max(self.peak_one, rss)
        self.peak_sum = max(self.peak_sum, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.every)

    def __enter__(self) -> "RssSampler":
        self._sample()
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
        self._sample()


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (pool workers are reaped when
    the pool shuts down at the end of a run)."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime


def timed(fn: Callable[[], int]) -> tuple[float, int, int, int, float]:
    with RssSampler() as rss:
        c = _cpu()
        t = time.perf_counter()
        n = fn()
        dt = time.perf_counter() - t
        cpu = _cpu() - c
    return dt, n, rss.peak_sum, rss.peak_one, cpu


def run(args: argparse.Namespace) -> dict[str, Any]:
    from eventwire.coder import Coder

    arts = load_articles(args.corpus, args.sample)
    texts = [a.body for a in arts]
    coder = Coder()
    nlp = coder.nlp
    # Warm up (lazy tables, dateparser caches, the prefilter's compiled tables).
    warm = arts[:5]
    list(coder.code_articles(warm))
    list(coder.code_articles(warm, fast=True))
    configs: list[tuple[str, Callable[[], int]]] = [
        ("bare spaCy (nlp.pipe, all components)",
         lambda: sum(len(list(d.sents)) for d in nlp.pipe(texts, batch_size=32))),
    ]
    for w in args.workers:
        configs.append((f"eventwire full, {w} worker{'s' if w > 1 else ''}",
                        lambda w=w: sum(len(c.events) for c in coder.code_articles(
                            arts, workers=w, fast=False))))
        configs.append((f"eventwire fast, {w} worker{'s' if w > 1 else ''}",
                        lambda w=w: sum(len(c.events) for c in coder.code_articles(
                            arts, workers=w, fast=True))))
    times: dict[str, list[float]] = {name: [] for name, _ in configs}
    cpus: dict[str, list[float]] = {name: [] for name, _ in configs}
    rss_sum: dict[str, int] = {name: 0 for name, _ in configs}
    rss_one: dict[str, int] = {name: 0 for name, _ in configs}
    counts: dict[str, int] = {}
    for r in range(args.repeats):
        for name, fn in configs:
            dt, n, peak_sum, peak_one, cpu = timed(fn)
            times[name].append(dt)
            cpus[name].append(cpu)
            rss_sum[name] = max(rss_sum[name], peak_sum)
            rss_one[name] = max(rss_one[name], peak_one)
            counts[name] = n
            print(f"  repeat {r + 1}: {name}: {dt:.1f}s wall, {cpu:.1f}s CPU", file=sys.stderr,
                  flush=True)
    n_sents = counts[configs[0][0]]
    bare = statistics.median(times[configs[0][0]])
    bare_cpu = statistics.median(cpus[configs[0][0]])
    rows = []
    for name, _ in configs:
        med = statistics.median(times[name])
        rows.append({
            "config": name, "median_s": round(med, 2), "runs_s": [round(t, 2) for t in times[name]],
            "sentences_per_s": round(n_sents / med, 1),
            "stories_per_hour": round(len(arts) / med * 3600),
            "ratio_vs_bare": round(bare / med, 2),
            "cpu_s": round(statistics.median(cpus[name]), 2),
            "cpu_ms_per_story": round(statistics.median(cpus[name]) / len(arts) * 1000, 1),
            "cpu_ratio_vs_bare": round(bare_cpu / statistics.median(cpus[name]), 2),
            "peak_rss_mb_sum": round(rss_sum[name] / 2**20),
            "peak_rss_mb_largest": round(rss_one[name] / 2**20),
            "events" if "eventwire" in name else "sentences": counts[name],
        })
    result = {"stories": len(arts), "sentences": n_sents, "repeats": args.repeats,
              "cpus": os.cpu_count(), "load_avg": os.getloadavg(), "rows": rows}
    print(f"\n{len(arts)} stories, {n_sents} sentences (spaCy's), median of {args.repeats} "
          f"repeats; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    print(f"{'config':42} {'median s':>9} {'sent/s':>8} {'stories/h':>10} {'x bare':>7} "
          f"{'RSS sum MB':>10} {'RSS max MB':>10} {'CPU ms/story':>12} {'CPU x bare':>10}")
    for r in rows:
        print(f"{r['config']:42} {r['median_s']:9.2f} {r['sentences_per_s']:8.1f} "
              f"{r['stories_per_hour']:10,} {r['ratio_vs_bare']:7.2f} "
              f"{r['peak_rss_mb_sum']:10} {r['peak_rss_mb_largest']:10} "
              f"{r['cpu_ms_per_story']:12.1f} {r['cpu_ratio_vs_bare']:10.2f}")
    return result


def _key(e: Any) -> tuple[Any, ...]:
    """An event without its position ids: what was coded, not where the sentence count
    put it (sentence ids can shift where the rule splitter and the parser disagree)."""
    return (e.article_id, " ".join(e.sentence_text.strip(" \"'\n").split()), e.cameo_code,
            e.source_actor.code if e.source_actor else None,
            e.target_actor.code if e.target_actor else None, e.modality,
            e.event_date.value)


def compare(args: argparse.Namespace) -> dict[str, Any]:
    from collections import Counter

    from eventwire.coder import Coder
    from eventwire.prefilter import fast_parser

    arts = load_articles(args.corpus, args.sample)
    coder = Coder()
    t = time.perf_counter()
    full = list(coder.code_articles(arts, fast=False))
    t_full = time.perf_counter() - t
    t = time.perf_counter()
    fast = list(coder.code_articles(arts, fast=True))
    t_fast = time.perf_counter() - t
    stats = fast_parser(coder).stats.as_dict()
    a = Counter(_key(e) for c in full for e in c.events)
    b = Counter(_key(e) for c in fast for e in c.events)
    ids_a = {e.event_id for c in full for e in c.events}
    ids_b = {e.event_id for c in fast for e in c.events}
    only_full = a - b
    only_fast = b - a
    same_articles = sum(1 for x, y in zip(full, fast)
                        if Counter(map(_key, x.events)) == Counter(map(_key, y.events)))
    n_a, n_b = sum(a.values()), sum(b.values())
    res = {
        "stories": len(arts), "prefilter": stats,
        "events_full": n_a, "events_fast": n_b,
        "events_per_story_full": round(n_a / len(arts), 3),
        "events_per_story_fast": round(n_b / len(arts), 3),
        "only_full": sum(only_full.values()), "only_fast": sum(only_fast.values()),
        "symmetric_difference_share": round((sum(only_full.values()) + sum(only_fast.values()))
                                            / max(1, n_a), 4),
        "identical_event_ids": len(ids_a & ids_b), "articles_identical": same_articles,
        "seconds_full": round(t_full, 1), "seconds_fast": round(t_fast, 1),
    }
    print(json.dumps(res, indent=1))
    for k in list(only_full)[: args.show]:
        print("  only full:", k[2:6], "|", k[1][:140])
    for k in list(only_fast)[: args.show]:
        print("  only fast:", k[2:6], "|", k[1][:140])
    return res


def gold(args: argparse.Namespace) -> dict[str, Any]:
    from eventwire.coder import Coder
    from eventwire.evaluate import read_gold, score_events
    from eventwire.prefilter import FastCoder

    coder = Coder()
    out = {}
    for name, c in (("full", coder), ("fast", FastCoder(coder))):
        sc = score_events(read_gold(args.gold), c)
        d = sc.as_dict()
        out[name] = {k: v for k, v in d.items() if k not in ("errors", "confusion")}
        out[name]["plover_type"] = d["plover_type"]["micro"]
        out[name]["cameo_root"] = d["cameo_root"]["micro"]
    print(json.dumps(out, indent=1, default=str))
    return out


def spark_bench(args: argparse.Namespace) -> dict[str, Any]:
    """Local-mode Spark throughput with 1 and 2 executor cores (warm: a first job loads the
    model in each Python worker; the timed job codes the sample and counts the events)."""
    import tempfile

    from eventwire.spark import code_dataframe, session

    arts = load_articles(args.corpus, args.sample)
    tmp = Path(tempfile.mkdtemp(prefix="ew-spark-bench-"))
    path = tmp / "articles.jsonl"
    with path.open("w") as fh:
        for a in arts:
            fh.write(json.dumps({"id": a.article_id, "text": a.body, "title": a.title,
                                 "date": a.published}) + "\n")
    out: dict[str, Any] = {"stories": len(arts), "rows": []}
    for cores in args.workers:
        spark = session(f"local[{cores}]", "eventwire-bench",
                        {"spark.sql.shuffle.partitions": str(cores)})
        try:
            df = spark.read.json(str(path)).repartition(4 * cores).cache()
            df.count()
            warm = spark.createDataFrame(df.limit(2 * cores).collect(), df.schema)
            code_dataframe(warm.repartition(cores)).count()  # start workers, load models
            times = []
            n = 0
            for _ in range(args.repeats):
                t = time.perf_counter()
                n = code_dataframe(df).count()
                times.append(time.perf_counter() - t)
            med = statistics.median(times)
            row = {"master": f"local[{cores}]", "median_s": round(med, 2),
                   "runs_s": [round(x, 2) for x in times], "events": n,
                   "stories_per_hour": round(len(arts) / med * 3600)}
            out["rows"].append(row)
            print(row, flush=True)
        finally:
            spark.stop()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", nargs="?", default="run", choices=("run", "compare", "gold", "spark"))
    ap.add_argument("--corpus", default=CORPUS)
    ap.add_argument("--sample", type=int, default=300, help="stories (0 = all)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--gold", default=str(Path(__file__).resolve().parent.parent / "tests" /
                                          "gold" / "events.jsonl"))
    ap.add_argument("--show", type=int, default=10, help="differences to print (compare)")
    ap.add_argument("--json", default=None, help="also write the results here")
    args = ap.parse_args()
    args.workers = [int(w) for w in str(args.workers).split(",") if w]
    args.sample = args.sample or None
    res = {"run": run, "compare": compare, "gold": gold, "spark": spark_bench}[args.mode](args)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, default=str))


if __name__ == "__main__":
    main()
