"""Throughput of eventwire against a bare spaCy pass, on the same texts, in one run.

    python bench/throughput.py [--sample 300] [--repeats 3] [--workers 1,2] [--paths ...]
    python bench/throughput.py compare [--sample 300] [--paths exact,default]   # events
    python bench/throughput.py gold [--paths exact,default]       # the paths on the gold
    python bench/throughput.py spark [--sample 300]        # Spark local[1], local[2]
    python bench/throughput.py dump --sample 300 --out before.jsonl   # all output, to diff
    python bench/throughput.py cli --sample 0 --workers 1,2   # `eventwire code` itself: memory

Paths (``--paths``): ``default`` is ``Coder()`` as shipped (no NER in the pipeline, NER on
demand: eventwire.entities); ``exact`` is ``Coder(ner="full")``, the whole spaCy pipeline
on every sentence as before; ``fast`` is the default coder with the prefilter
(``eventwire.prefilter``).

``run`` (default) times, per repeat: a bare spaCy pass (the whole loaded pipeline,
``nlp.pipe``) and eventwire coding on each path in one process, interleaved block by block
(``--blocks``, 50 stories: a shared host's slow spells fall on every configuration alike),
then eventwire with each larger worker count over the whole sample. It
prints sentences/s, stories/hour, peak RSS (this process plus its children, sampled by a
thread with psutil), CPU time per story and the ratios eventwire / bare spaCy (wall and
CPU), each the median over the repeats. Results also go to ``--json`` when given. See
bench/README.md.
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
    """Peak resident memory of this process and all its descendants: RSS summed and largest,
    and PSS summed (forked workers share the model's pages copy-on-write; RSS counts them in
    every process, PSS splits them among the sharers, so its sum is the memory really used)."""

    def __init__(self, every: float = 0.1, pss_every: int = 10) -> None:
        import psutil

        self.proc = psutil.Process()
        self.every = every
        #: PSS is read every ``pss_every`` samples only: reading it parses
        #: /proc/PID/smaps, about 10 ms of CPU per 400 MB process, so sampled every 0.1 s
        #: over three processes it took about a third of a core from the measured run.
        self.pss_every = pss_every
        self.peak_sum = 0
        self.peak_one = 0
        self.peak_pss = 0
        #: CPU seconds the sampling thread itself used (subtracted from the run's CPU).
        self.cpu = 0.0
        self._n = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _sample(self, pss_too: bool = True) -> None:
        total = pss = 0
        for p in [self.proc] + self.proc.children(recursive=True):
            try:
                rss = p.memory_info().rss
                if pss_too:
                    pss += getattr(p.memory_full_info(), "pss", rss)
            except Exception:  # noqa: BLE001 - a child may exit between listing and reading
                continue
            total += rss
            self.peak_one = max(self.peak_one, rss)
        self.peak_sum = max(self.peak_sum, total)
        if pss_too:
            self.peak_pss = max(self.peak_pss, pss)

    def _run(self) -> None:
        import resource

        def cpu() -> float:
            r = resource.getrusage(resource.RUSAGE_THREAD)
            return r.ru_utime + r.ru_stime

        start = cpu()
        while not self._stop.is_set():
            self._sample(self._n % self.pss_every == 0)
            self._n += 1
            self._stop.wait(self.every)
        self.cpu = cpu() - start

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


def timed(fn: Callable[[], int]) -> tuple[float, int, int, int, int, float]:
    """Wall time, result, peak memory and CPU of ``fn()``; the CPU excludes the memory
    sampler's own thread (it is the measurement, not the work)."""
    with RssSampler() as rss:
        c = _cpu()
        t = time.perf_counter()
        n = fn()
        dt = time.perf_counter() - t
        cpu = _cpu() - c
    return dt, n, rss.peak_sum, rss.peak_one, rss.peak_pss, cpu - rss.cpu


PATHS = ("default", "exact", "fast")


def coders(names: list[str]) -> dict[str, tuple[Any, bool]]:
    """Each path's (coder, fast flag); the coders share one loaded pipeline."""
    from eventwire.coder import Coder

    default = Coder()
    out: dict[str, tuple[Any, bool]] = {}
    for name in names:
        if name not in PATHS:
            raise SystemExit(f"unknown path {name!r}; choose from {', '.join(PATHS)}")
        out[name] = (Coder(nlp=default.nlp, ner="full") if name == "exact" else default,
                     name == "fast")
    return out


def bare_pipeline(ours: Any) -> Any:
    """A pipeline of its own for the bare pass, loaded fresh from the same package as the
    coder's (all components enabled), so nothing eventwire adds to its pipeline (caches,
    wrapped components) can speed the baseline up."""
    import spacy

    from eventwire.nlp import _load_one

    name = f"{ours.meta['lang']}_{ours.meta['name']}"
    nlp = _load_one(name, ())
    assert nlp is not ours and nlp.pipe_names == ours.pipe_names, nlp.pipe_names
    assert nlp.meta["version"] == ours.meta["version"], (nlp.meta, spacy.__version__)
    return nlp


def run(args: argparse.Namespace) -> dict[str, Any]:
    from eventwire.places import preload

    arts = load_articles(args.corpus, args.sample)
    texts = [a.body for a in arts]
    paths = coders(args.paths)
    nlp = bare_pipeline(next(iter(paths.values()))[0].nlp)
    # Warm up (lazy tables, the gazetteer, dateparser caches, the prefilter's tables).
    preload()
    for coder, fast in paths.values():
        list(coder.code_articles(arts[:5], fast=fast))
    list(nlp.pipe(texts[:5]))
    # Each configuration codes a slice of the sample: fn(articles, texts) -> count.
    Fn = Callable[[list[Any], list[str]], int]
    configs: list[tuple[str, Fn, int]] = [
        ("bare spaCy (own spacy.load, nlp.pipe, all components)",
         lambda a, t: sum(len(list(d.sents)) for d in nlp.pipe(t, batch_size=32)), 1),
    ]
    if args.bare_numpy:
        # For reference only (ratios stay against spaCy as shipped): how much of eventwire's
        # lead is numpy's BLAS (eventwire.fastops), which the bare pass could use too.
        from eventwire import fastops

        nlp_np = fastops.install(bare_pipeline(nlp))
        list(nlp_np.pipe(texts[:5]))
        configs.append(("bare spaCy, numpy BLAS (eventwire.fastops)",
                        lambda a, t: sum(len(list(d.sents))
                                         for d in nlp_np.pipe(t, batch_size=32)), 1))
    for w in args.workers:
        for name, (coder, fast) in paths.items():
            configs.append((f"eventwire {name}, {w} worker{'s' if w > 1 else ''}",
                            lambda a, t, w=w, coder=coder, fast=fast: sum(
                                len(c.events) for c in coder.code_articles(
                                    a, workers=w, fast=fast)), w))
    names = [name for name, _, _ in configs]
    times: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    rss_sum: dict[str, int] = {name: 0 for name in names}
    rss_one: dict[str, int] = {name: 0 for name in names}
    pss_sum: dict[str, int] = {name: 0 for name in names}
    counts: dict[str, int] = {}

    def measure(runs: list[tuple[str, Fn]], a: list[Any], t: list[str]) -> dict[str, tuple]:
        out = {}
        for name, fn in runs:
            dt, n, peak_sum, peak_one, peak_pss, cpu = timed(lambda: fn(a, t))
            rss_sum[name] = max(rss_sum[name], peak_sum)
            rss_one[name] = max(rss_one[name], peak_one)
            pss_sum[name] = max(pss_sum[name], peak_pss)
            out[name] = (dt, n, cpu)
        return out

    # One-process configurations, interleaved by blocks of --blocks stories (the order
    # rotating from block to block), so that a slow spell of a shared host falls on all of
    # them alike; pools run over the whole sample (a pool per block would time its start).
    single = [(name, fn) for name, fn, w in configs if w == 1]
    pooled = [(name, fn) for name, fn, w in configs if w > 1]
    size = args.blocks or len(arts)
    blocks = [slice(i, i + size) for i in range(0, len(arts), size)]
    for r in range(args.repeats):
        sums = {name: [0.0, 0, 0.0] for name in names}
        for b, sl in enumerate(blocks):
            k = b % len(single)
            for name, (dt, n, cpu) in measure(single[k:] + single[:k], arts[sl],
                                              texts[sl]).items():
                sums[name][0] += dt
                sums[name][1] += n
                sums[name][2] += cpu
        for name, (dt, n, cpu) in measure(pooled, arts, texts).items():
            sums[name] = [dt, n, cpu]
        for name in names:
            dt, n, cpu = sums[name]
            times[name].append(dt)
            cpus[name].append(cpu)
            counts[name] = n
            print(f"  repeat {r + 1}: {name}: {dt:.1f}s wall, {cpu:.1f}s CPU", file=sys.stderr,
                  flush=True)
    configs = [(name, fn) for name, fn, _ in configs]  # type: ignore[misc]
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
            "peak_pss_mb_sum": round(pss_sum[name] / 2**20),
            "events" if "eventwire" in name else "sentences": counts[name],
        })
    result = {"stories": len(arts), "sentences": n_sents, "repeats": args.repeats,
              "blocks": args.blocks,
              "cpus": os.cpu_count(), "load_avg": os.getloadavg(), "rows": rows}
    print(f"\n{len(arts)} stories, {n_sents} sentences (spaCy's), median of {args.repeats} "
          f"repeats; one-process configurations interleaved by blocks of {size} stories; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    print(f"{'config':54} {'median s':>9} {'sent/s':>8} {'stories/h':>10} {'x bare':>7} "
          f"{'RSS sum MB':>10} {'RSS max MB':>10} {'PSS sum MB':>10} {'CPU ms/story':>12} {'CPU x bare':>10}")
    for r in rows:
        print(f"{r['config']:54} {r['median_s']:9.2f} {r['sentences_per_s']:8.1f} "
              f"{r['stories_per_hour']:10,} {r['ratio_vs_bare']:7.2f} "
              f"{r['peak_rss_mb_sum']:10} {r['peak_rss_mb_largest']:10} {r['peak_pss_mb_sum']:10} "
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
    """Events and actor mentions of two paths (``--paths A,B``, default exact,default) on
    the same stories."""
    from collections import Counter

    from eventwire.prefilter import fast_parser

    arts = load_articles(args.corpus, args.sample)
    paths = coders(args.paths or ["exact", "default"])
    (name_a, (coder_a, fast_a)), (name_b, (coder_b, fast_b)) = list(paths.items())[:2]
    t = time.process_time()
    coded_a = list(coder_a.code_articles(arts, fast=fast_a))
    t_a = time.process_time() - t
    ner0, calls0 = coder_b.actors.ents.tokens, coder_b.actors.ents.calls
    t = time.process_time()
    coded_b = list(coder_b.code_articles(arts, fast=fast_b))
    t_b = time.process_time() - t
    stats = fast_parser(coder_b).stats.as_dict() if fast_b else {}
    stats["ner_tokens_share"] = round((coder_b.actors.ents.tokens - ner0) / max(
        1, sum(len(coder_b.nlp.make_doc(a.body)) for a in arts)), 3)
    stats["ner_calls"] = coder_b.actors.ents.calls - calls0  # ner.pipe passes (code_batched)
    a = Counter(_key(e) for c in coded_a for e in c.events)
    b = Counter(_key(e) for c in coded_b for e in c.events)
    ids_a = {e.event_id for c in coded_a for e in c.events}
    ids_b = {e.event_id for c in coded_b for e in c.events}
    only_a = a - b
    only_b = b - a
    same_articles = sum(1 for x, y in zip(coded_a, coded_b)
                        if Counter(map(_key, x.events)) == Counter(map(_key, y.events)))

    def mentions(c: Any) -> list[tuple[Any, ...]]:
        return [(m.token_start, m.token_end, m.code) for m in c.mentions]

    n_a, n_b = sum(a.values()), sum(b.values())
    res = {
        "paths": [name_a, name_b], "stories": len(arts), "prefilter": stats,
        f"events_{name_a}": n_a, f"events_{name_b}": n_b,
        f"only_{name_a}": sum(only_a.values()), f"only_{name_b}": sum(only_b.values()),
        "symmetric_difference_share": round((sum(only_a.values()) + sum(only_b.values()))
                                            / max(1, n_a), 4),
        "identical_event_ids": len(ids_a & ids_b), "articles_identical": same_articles,
        "articles_with_identical_mentions": sum(1 for x, y in zip(coded_a, coded_b)
                                                if mentions(x) == mentions(y)),
        f"cpu_s_{name_a}": round(t_a, 1), f"cpu_s_{name_b}": round(t_b, 1),
    }
    print(json.dumps(res, indent=1))
    for k in list(only_a)[: args.show]:
        print(f"  only {name_a}:", k[2:6], "|", k[1][:140])
    for k in list(only_b)[: args.show]:
        print(f"  only {name_b}:", k[2:6], "|", k[1][:140])
    return res


def dump(args: argparse.Namespace) -> dict[str, Any]:
    """Every coded article of the first path (``--paths``, default ``default``) as JSONL:
    events, mentions and sentences. A speed change must leave this file byte-identical
    (``cmp before.jsonl after.jsonl``), which ``compare`` (events and mention spans only,
    between two paths of one commit) cannot show across commits."""
    arts = load_articles(args.corpus, args.sample)
    name, (coder, fast) = next(iter(coders(args.paths or ["default"]).items()))
    out = Path(args.out or f"dump-{name}.jsonl")
    t = time.process_time()
    n = 0
    with out.open("w") as fh:
        for c in coder.code_articles(arts, workers=args.workers[0], fast=fast):
            fh.write(json.dumps(c.to_dict(), sort_keys=True, default=str) + "\n")
            n += len(c.events)
    res = {"path": name, "stories": len(arts), "events": n, "out": str(out),
           "cpu_s": round(time.process_time() - t, 1)}
    print(json.dumps(res))
    return res


def gold(args: argparse.Namespace) -> dict[str, Any]:
    from eventwire.evaluate import read_gold, score_events
    from eventwire.prefilter import FastCoder

    out = {}
    for name, (coder, fast) in coders(args.paths or ["exact", "default", "fast"]).items():
        c = FastCoder(coder) if fast else coder
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


def cli(args: argparse.Namespace) -> dict[str, Any]:
    """The user's command itself, ``eventwire code SAMPLE --workers N``, run as a child
    process per worker count: wall time, stories/hour and peak memory of the command's
    process tree (PSS summed, RSS of its largest process). Unlike ``run``, no bare pipeline
    shares the measured processes' memory; this script's own process (no spaCy) is
    counted too, about 30 MB."""
    import csv
    import shutil
    import subprocess
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="ew-cli-bench-"))
    sample = tmp / "sample.csv"
    csv.field_size_limit(1 << 30)
    with open(args.corpus, newline="", encoding="utf-8") as src, \
            sample.open("w", newline="", encoding="utf-8") as dst:
        rows = csv.reader(src)
        out_rows = csv.writer(dst)
        out_rows.writerow(next(rows))
        for row in itertools.islice(rows, args.sample):
            out_rows.writerow(row)
    exe = shutil.which("eventwire") or str(Path(sys.executable).with_name("eventwire"))
    result: dict[str, Any] = {"sample": args.sample or "all", "rows": []}
    for w in args.workers:
        out = tmp / f"events-{w}.jsonl"
        cmd = [exe, "code", str(sample), "--text-field", "text", "--workers", str(w),
               "-o", str(out)]
        dt, rc, peak_sum, peak_one, peak_pss, cpu = timed(
            lambda cmd=cmd: subprocess.run(cmd, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.PIPE).returncode)
        n_events = sum(1 for _ in out.open()) if out.exists() else 0
        row = {"workers": w, "rc": rc, "wall_s": round(dt, 2), "cpu_s": round(cpu, 1),
               "events": n_events, "peak_pss_mb_sum": round(peak_pss / 2**20),
               "peak_rss_mb_largest": round(peak_one / 2**20),
               "peak_rss_mb_sum": round(peak_sum / 2**20)}
        result["rows"].append(row)
        print(json.dumps(row), flush=True)
    counts = {r["events"] for r in result["rows"]}
    result["same_event_count"] = len(counts) == 1
    print(f"{sample}: load average {os.getloadavg()[0]:.1f}; the same number of events "
          f"for every worker count: {result['same_event_count']}")
    shutil.rmtree(tmp, ignore_errors=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", nargs="?", default="run", choices=("run", "compare", "gold", "spark",
                                                            "dump", "cli"))
    ap.add_argument("--corpus", default=CORPUS)
    ap.add_argument("--sample", type=int, default=300, help="stories (0 = all)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--paths", default=None, help="comma-separated, of: " + ", ".join(PATHS) +
                    " (run: all three; compare: exact,default; gold: all three)")
    ap.add_argument("--gold", default=str(Path(__file__).resolve().parent.parent / "tests" /
                                          "gold" / "events.jsonl"))
    ap.add_argument("--show", type=int, default=10, help="differences to print (compare)")
    ap.add_argument("--blocks", type=int, default=50,
                    help="run: interleave the one-process configurations by blocks of this "
                         "many stories (0 = each over the whole sample in turn)")
    ap.add_argument("--bare-numpy", action="store_true",
                    help="run: also time the bare pass with numpy's BLAS (reference row)")
    ap.add_argument("--json", default=None, help="also write the results here")
    ap.add_argument("--out", default=None, help="dump: the JSONL file to write")
    args = ap.parse_args()
    args.workers = [int(w) for w in str(args.workers).split(",") if w]
    args.paths = [p for p in (args.paths or "").split(",") if p] or (
        list(PATHS) if args.mode == "run" else None)
    args.sample = args.sample or None
    res = {"run": run, "compare": compare, "gold": gold, "spark": spark_bench,
           "dump": dump, "cli": cli}[args.mode](args)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, default=str))


if __name__ == "__main__":
    main()
