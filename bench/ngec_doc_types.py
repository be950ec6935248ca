"""Document-level sanity check on the synthetic NGEC stories: is the story's PLOVER label
(a noisy pseudo-label) among the PLOVER types eventwire codes in it?

This is NOT an accuracy measure (labels are per document and noisy); it tells whether the
coder's types line up with what each story is about. Needs an archive made by
``eventwire ingest ../shared/corpus/ngec-synthetic-stories.csv --db FILE``.

    python bench/ngec_doc_types.py --db archive.duckdb [--csv ../shared/corpus/ngec-synthetic-stories.csv]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd

from eventwire.ingest import read_articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--csv", default=str(Path(__file__).resolve().parents[2] / "shared" /
                                         "corpus" / "ngec-synthetic-stories.csv"))
    args = ap.parse_args()
    labels = pd.read_csv(args.csv)["label"].tolist()
    ids = [a.article_id for a in read_articles([args.csv])]
    if len(ids) != len(labels):
        raise SystemExit(f"{len(ids)} articles read but {len(labels)} labels")
    con = duckdb.connect(args.db, read_only=True)
    rows = con.execute("SELECT article_id, plover_type, count(*) FROM events "
                       "WHERE plover_type IS NOT NULL GROUP BY 1, 2").fetchall()
    by_article: dict[str, Counter] = {}
    for aid, ptype, n in rows:
        by_article.setdefault(aid, Counter())[ptype] += n
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
