"""Document-level sanity check on the synthetic NGEC stories: is the story's PLOVER label
(a noisy pseudo-label) among the PLOVER types eventwire codes in it?

This is NOT an accuracy measure (labels are per document and noisy); it tells whether the
coder's types line up with what each story is about. Two modes:

* archive: reads the events of an archive made by
  ``eventwire ingest ../shared/corpus/ngec-synthetic-stories.csv --db FILE`` (every story);
* direct (``--sample N``): codes a seeded random sample of N stories with ``eventwire.Coder``
  (no archive; about 0.1 s a story on one core). ``--seed`` picks the sample, ``--skip``
  drops the stories another seed's sample holds (a disjoint check sample), ``--dump`` writes
  each sampled story's label, coded types and events (JSONL) for reading misses.

    python bench/ngec_doc_types.py --db archive.duckdb [--csv ../shared/corpus/ngec-synthetic-stories.csv]
    python bench/ngec_doc_types.py --sample 600 --seed 1 [--dump out.jsonl]
    python bench/ngec_doc_types.py --sample 600 --seed 2 --skip 1:600   # disjoint from seed 1
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

import pandas as pd

from eventwire.ingest import read_articles


def sample_indices(n: int, size: int, seed: int, skip: set[int] = frozenset()) -> list[int]:
    """``size`` story indices out of ``n``, drawn with ``random.Random(seed)``, none in
    ``skip``; sorted, so the sample is the same whatever the machine."""
    pool = [i for i in range(n) if i not in skip]
    return sorted(random.Random(seed).sample(pool, min(size, len(pool))))


def archive_types(db: str) -> dict[str, Counter]:
    import duckdb

    con = duckdb.connect(db, read_only=True)
    rows = con.execute("SELECT article_id, plover_type, count(*) FROM events "
                       "WHERE plover_type IS NOT NULL GROUP BY 1, 2").fetchall()
    by_article: dict[str, Counter] = {}
    for aid, ptype, n in rows:
        by_article.setdefault(aid, Counter())[ptype] += n
    return by_article


def direct_types(articles: list, dump: str | None) -> dict[str, Counter]:
    from eventwire import Coder

    coder = Coder()
    by_article: dict[str, Counter] = {}
    out = open(dump, "w", encoding="utf-8") if dump else None
    for coded in coder.code_articles(articles):
        aid = coded.article.article_id
        types = by_article.setdefault(aid, Counter())
        for e in coded.events:
            if e.plover_type:
                types[e.plover_type] += 1
        if out:
            out.write(json.dumps({
                "article_id": aid, "types": dict(types),
                "events": [{"sent": e.sentence_id, "code": e.cameo_code,
                            "type": e.plover_type, "trigger": e.trigger,
                            "source": e.source_actor.code if e.source_actor else None,
                            "target": e.target_actor.code if e.target_actor else None,
                            "text": e.sentence_text}
                           for e in coded.events]}) + "\n")
    if out:
        out.close()
    return by_article


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="archive made by eventwire ingest (archive mode)")
    ap.add_argument("--sample", type=int, help="code N sampled stories directly (direct mode)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip", action="append", default=[], metavar="SEED:N",
                    help="leave out the stories of the sample SEED:N (repeatable)")
    ap.add_argument("--dump", help="direct mode: write per-story labels/types/events here")
    ap.add_argument("--csv", default=str(Path(__file__).resolve().parents[2] / "shared" /
                                         "corpus" / "ngec-synthetic-stories.csv"))
    args = ap.parse_args()
    if bool(args.db) == bool(args.sample):
        raise SystemExit("give either --db or --sample")
    labels = pd.read_csv(args.csv)["label"].tolist()
    articles = list(read_articles([args.csv]))
    if len(articles) != len(labels):
        raise SystemExit(f"{len(articles)} articles read but {len(labels)} labels")
    if args.db:
        ids = [a.article_id for a in articles]
        by_article = archive_types(args.db)
    else:
        skip: set[int] = set()
        for spec in args.skip:
            s, k = spec.split(":")
            skip.update(sample_indices(len(articles), int(k), int(s)))
        idx = sample_indices(len(articles), args.sample, args.seed, skip)
        articles = [articles[i] for i in idx]
        labels = [labels[i] for i in idx]
        ids = [a.article_id for a in articles]
        by_article = direct_types(articles, args.dump)
        if args.dump:  # the labels too, for reading misses
            rows = [json.loads(line) for line in open(args.dump, encoding="utf-8")]
            for row, i, label in zip(rows, idx, labels):
                row["index"], row["label"] = i, str(label).upper()
            with open(args.dump, "w", encoding="utf-8") as out:
                out.writelines(json.dumps(r) + "\n" for r in rows)
    hit = top = coded = 0
    per_label: dict[str, list[int]] = {}
    for aid, label in zip(ids, labels):
        types = by_article.get(aid)
        label = str(label).upper()
        stats = per_label.setdefault(label, [0, 0, 0])
        stats[0] += 1
        if not types:
            continue
        coded += 1
        stats[1] += label in types
        stats[2] += types.most_common(1)[0][0] == label
        hit += label in types
        top += types.most_common(1)[0][0] == label
    n = len(ids)
    print(f"stories {n}, with at least one event {coded} ({coded / n:.1%})")
    print(f"label among the story's event types: {hit} ({hit / n:.1%}); "
          f"label is the most frequent type: {top} ({top / n:.1%})")
    print(f"{'label':<12}{'stories':>8}{'among':>8}{'top':>8}")
    for label, (k, among, first) in sorted(per_label.items()):
        print(f"{label:<12}{k:>8}{among / k:>8.1%}{first / k:>8.1%}")


if __name__ == "__main__":
    main()
