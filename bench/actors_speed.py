"""Actor resolution speed: the spaCy parse vs. ``ActorResolver.resolve``, in one run.

    python bench/actors_speed.py [--sample 500] [--repeats 3] [--batch-size 32] [--json OUT]

Per repeat, on the same ``--sample`` stories of the NGEC synthetic corpus (../shared):

1. parse: ``nlp.pipe`` over the bodies (the whole loaded pipeline), docs kept in memory;
2. resolve: ``ActorResolver.resolve(doc, article)`` over those docs.

The first resolve of a process also compiles the actor lexicons; that is done (and timed
separately, as ``lexicon_build_s``) before the repeats, so the repeats time resolution only.
Prints, as medians over the repeats: seconds for each stage, docs/s, mentions/s and
resolution's share of parse + resolution. The event coder is not timed here (see
bench/throughput.py for end-to-end throughput).
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

CORPUS = "/work/shared/corpus/ngec-synthetic-stories.csv"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=CORPUS)
    ap.add_argument("--sample", type=int, default=500)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    from eventwire.actors import actor_lexicon, resolver_for
    from eventwire.ingest import read_articles
    from eventwire.nlp import load_pipeline
    from eventwire.report import RunReport

    arts = list(itertools.islice(read_articles([args.corpus], fields={"text": "text"},
                                               report=RunReport()), args.sample))
    nlp = load_pipeline()
    t0 = time.perf_counter()
    actor_lexicon(nlp)
    resolver = resolver_for(nlp)
    build = time.perf_counter() - t0

    runs = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        docs = list(nlp.pipe((a.body for a in arts), batch_size=args.batch_size))
        parse = time.perf_counter() - t0
        t0 = time.perf_counter()
        n = 0
        for doc, art in zip(docs, arts):
            n += len(resolver.resolve(doc, art))
        resolve = time.perf_counter() - t0
        runs.append({"parse_s": parse, "resolve_s": resolve, "mentions": n})
        del docs

    med = {k: statistics.median(r[k] for r in runs) for k in ("parse_s", "resolve_s")}
    mentions = runs[0]["mentions"]
    out = {
        "stories": len(arts),
        "repeats": args.repeats,
        "lexicon_build_s": round(build, 3),
        "parse_s": round(med["parse_s"], 3),
        "resolve_s": round(med["resolve_s"], 3),
        "parse_docs_per_s": round(len(arts) / med["parse_s"], 1),
        "resolve_docs_per_s": round(len(arts) / med["resolve_s"], 1),
        "mentions": mentions,
        "resolve_mentions_per_s": round(mentions / med["resolve_s"], 1),
        "resolve_share": round(med["resolve_s"] / (med["parse_s"] + med["resolve_s"]), 4),
        "runs": [{k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()}
                 for r in runs],
    }
    for k, v in out.items():
        if k != "runs":
            print(f"{k:24s} {v}")
    print("runs", json.dumps(out["runs"]))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
