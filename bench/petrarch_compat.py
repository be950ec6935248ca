"""PETRARCH compatibility: code PETRARCH's unit-test sentences with its converted validation
dictionaries and count the expected codings eventwire reproduces, by test category.

    python bench/petrarch_compat.py [--shared DIR] [--with-ours] [--json OUT] [--ids A,B]

The records are /work/shared/reference/petrarch2/PETR.UnitTest.records.xml (found as
``<repo>/../shared`` or ``$EVENTWIRE_SHARED``); the dictionaries are its PETR.Validate.*
files, converted with ``eventwire.petrarch.import_petrarch`` into a temporary directory and
used *instead of* ours (PETRARCH's setup), unless ``--with-ours``. The parse trees in the file
are ignored: eventwire parses the text itself.

A record is *reproduced* when every expected (source, target, CAMEO code) coding is among
eventwire's events for the sentence (``noevents`` and discard records: when eventwire codes
nothing); *exact* additionally means eventwire coded nothing else. Records whose expectation
eventwire cannot meet by design are reported apart, with the reason (``ineligible``):

- the expected event code is not a CAMEO code (the validation verbs are mostly WEIS codes);
- the expectation is a PETRARCH parse-tree or dateline error (``bad_input_parse``,
  ``dateline``): we parse the text ourselves;
- an expected actor is PETRARCH's quoted unknown-phrase text ('"THE MINISTRY OF MAGIC"').

Of the eligible records, those whose expectation depends on TABARI/PETRARCH-only parsing
quirks are counted apart too (``quirk``), by rules read off the record, never off our
outcome (``quirk_of``):

- ``sentence="false"``: the file itself marks the record as a TABARI feature PETRARCH does
  not implement ("14.04.26: currently not implemented");
- an expected actor is PETRARCH's null-coded actor (``---``, ``---GOV``, ``###``): the code
  PETRARCH prints for a phrase its dictionaries lack, or a target-less event kept with
  ``require_dyad`` off, which DEMO-01's comment says is on;
- the text holds a dictionary token joined by ``_`` ("Dol_Amroth"), an actor only a
  matcher that reads ``_`` as a space finds;
- the record's comment says the expectation comes from the file's parse tree as edited
  by hand or from one parser's output (``TREE_DEPENDENT``), or that the record is a
  crash/robustness check rather than a coding claim (``ROBUSTNESS_ONLY``);
- the record's tree has words its text lacks (``tree_words_not_in_text``: the tree of
  AGENT-13 says "congressmen" where the text says "government"), so its expectation
  follows a sentence we are not given.

Both rates are reported: over all eligible records and over those without quirks.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

REPO = Path(__file__).resolve().parents[1]
VALIDATE = ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt",
            "PETR.Validate.discards.txt", "PETR.Validate.verbs.txt")
RECORDS = "PETR.UnitTest.records.xml"


def petrarch_dir(shared: str | Path | None = None) -> Path | None:
    """The PETRARCH reference directory, or None when it is not on this machine."""
    base = Path(shared or os.environ.get("EVENTWIRE_SHARED") or REPO.parent / "shared")
    d = base / "reference" / "petrarch2"
    return d if (d / RECORDS).exists() else None


#: Records whose comment ties the expectation to the file's parse tree (quoted).
TREE_DEPENDENT = {
    "COMPOUND-07B": "'Minas Tirith' was manually marked as (NP (NN...) (NN...)) since the "
                    "CoreNLP parser does not catch this",
    "COMPOUND-27": "Markup of the (CC phrase was manipulated to produce a tree that would "
                   "code this way",
    "AFP0808020593-1a": "the original version with the parse provided by GigaWord",
    "AFP0808020593-1b": "the same sentence but parsed on the web site, where the (SBARs are "
                        "nested more deeply",
}
#: Records whose comment makes them crash/robustness checks, not coding claims (quoted).
ROBUSTNESS_ONLY = {
    "COMPOUND-32": "The complexity of the phrase is way beyond anything automated coding "
                   "can handle, but leaving this here to check on the robustness",
    "TABDEBUG-19": "Caused the writeParse routines to crash in earlier versions",
}


@dataclass
class Record:
    id: str
    category: str
    date: str
    text: str
    expected: list[tuple[str, str, str]]
    expect_none: bool
    ineligible: str | None
    quirk: str | None = None


#: Tree leaves that are tokenisation, not words of their own ("is" of "isn't", "wo" of
#: "won't").
_TREE_TOKENS = frozenset({"s", "nt", "n", "is", "wo", "ca", "did", "do", "lrb", "rrb"})


def tree_words_not_in_text(text: str, parse: str) -> list[str]:
    """Words of the record's parse tree that its text does not have (other than
    tokenisation, numbers and inflections: same first four letters as a text word)."""
    def norm(w: str) -> str:
        return re.sub(r"[^a-z0-9]", "", w.lower())
    words = {norm(x) for w in re.findall(r"[\w'\-.]+", text) for x in re.split(r"[-_']", w)}
    words |= {norm(w) for w in re.findall(r"[\w'\-.]+", text)}
    stems = {w[:4] for w in words}
    out = []
    for leaf in re.findall(r"\(\S+ ([^()\s]+)\)", parse):
        w = norm(leaf)
        if w and not leaf.startswith("-") and w not in words and w not in _TREE_TOKENS \
                and not w.isdigit() and w[:4] not in stems:
            out.append(w)
    return out


def quirk_of(r: Record, sentence_attr: str, parse: str = "") -> str | None:
    """Why the record's expectation depends on a TABARI/PETRARCH-only quirk, or None."""
    if sentence_attr.strip().lower() == "false":
        return "marked sentence=\"false\": a TABARI feature PETRARCH does not implement"
    if any(c.startswith(("---", "###")) for s, t, _ in r.expected for c in (s, t)):
        return "expects PETRARCH's null-coded actor (---, ###) or a target-less event"
    if "_" in r.text:
        return "text holds a dictionary token joined by '_'"
    if r.id in TREE_DEPENDENT:
        return "expectation tied to the file's hand-edited or parser-specific tree"
    if tree_words_not_in_text(r.text, parse):
        return "the file's tree has words the text lacks ('congressmen' for 'government')"
    if r.id in ROBUSTNESS_ONLY:
        return "crash/robustness check, not a coding claim"
    return None


@dataclass
class Outcome:
    record: Record
    predicted: list[tuple[str, str, str]]
    reproduced: bool
    exact: bool


def read_records(path: Path) -> list[Record]:
    """The unit-test sentences with their expected codings."""
    from eventwire import cameo

    out = []
    for s in ET.parse(path).getroot().iter("Sentence"):
        text_el = s.find("Text")
        if text_el is None or not (text_el.text or "").strip():
            continue
        text = re.sub(r"\s+", " ", text_el.text or "").strip()
        d = s.get("date", "").strip()
        date = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 else None
        expected, none, reason = [], False, None
        for ec in s.findall("EventCoding"):
            a = {k.strip(): v for k, v in ec.attrib.items()}
            if "error" in a:
                if a["error"] in ("sentencediscard", "storydiscard"):
                    none = True
                else:
                    reason = f"PETRARCH {a['error']} error test"
                continue
            if a.get("noevents", "").strip().lower() == "true":
                none = True
                continue
            src, tgt, code = (a.get("sourcecode", ""), a.get("targetcode", ""),
                              a.get("eventcode", ""))
            if src.startswith('"') or tgt.startswith('"'):
                reason = reason or "expected actor is PETRARCH's quoted unknown-phrase text"
            norm = cameo.normalise(code)
            if norm is None:
                reason = reason or f"expected code {code!r} is not a CAMEO code"
            expected.append((src, tgt, norm or code))
        rec = Record(s.get("id", "?"), (s.get("category") or "?").strip(), date or "",
                     text, expected, none, reason)
        if reason is None:
            rec.quirk = quirk_of(rec, s.get("sentence", ""), s.findtext("Parse") or "")
        out.append(rec)
    return out


def convert_validate(src: Path, outdir: Path) -> Any:
    from eventwire.petrarch.convert import import_petrarch

    return import_petrarch([src / f for f in VALIDATE], outdir)


def code_records(records: Iterable[Record], coder: Any) -> list[Outcome]:
    from eventwire.models import Article

    outcomes = []
    for r in records:
        art = Article(article_id=r.id, body=r.text, published=r.date or None,
                      date_source="field" if r.date else "none")
        events = coder.code_article(art).events
        pred = sorted({(e.source_actor.code if e.source_actor else "---",
                        e.target_actor.code if e.target_actor else "---", e.cameo_code)
                       for e in events})
        if r.expect_none:
            ok = not pred
            exact = ok
        else:
            ok = all(x in pred for x in r.expected)
            exact = ok and len(pred) == len(set(r.expected))
        outcomes.append(Outcome(r, pred, ok, exact))
    return outcomes


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    by_cat: dict[str, Counter] = defaultdict(Counter)
    inel: Counter = Counter()
    quirks: Counter = Counter()
    for o in outcomes:
        c = by_cat[o.record.category]
        c["records"] += 1
        if o.record.ineligible:
            c["ineligible"] += 1
            inel[re.sub(r"'[^']*'", "<code>", o.record.ineligible)] += 1
            continue
        c["eligible"] += 1
        c["reproduced"] += o.reproduced
        c["exact"] += o.exact
        if o.record.quirk:
            c["quirk"] += 1
            quirks[o.record.quirk] += 1
        else:
            c["clean"] += 1
            c["clean_reproduced"] += o.reproduced
    elig = [o for o in outcomes if not o.record.ineligible]
    clean = [o for o in elig if not o.record.quirk]
    rate = (lambda a, b: round(a / b, 4) if b else 0.0)
    return {
        "clean": len(clean),
        "clean_reproduced": sum(o.reproduced for o in clean),
        "clean_rate": rate(sum(o.reproduced for o in clean), len(clean)),
        "quirk_by_reason": dict(quirks.most_common()),
        "records": len(outcomes),
        "eligible": len(elig),
        "reproduced": sum(o.reproduced for o in elig),
        "exact": sum(o.exact for o in elig),
        "reproduced_rate": rate(sum(o.reproduced for o in elig), len(elig)),
        "exact_rate": rate(sum(o.exact for o in elig), len(elig)),
        "all_records_reproduced": sum(o.reproduced for o in outcomes),
        "ineligible_by_reason": dict(inel.most_common()),
        "by_category": {k: {**dict(v), "rate": rate(v["reproduced"], v["eligible"]),
                            "clean_rate": rate(v["clean_reproduced"], v["clean"])}
                        for k, v in sorted(by_cat.items())},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", help="the shared data directory (default ../shared)")
    ap.add_argument("--with-ours", action="store_true", help="use our lexicons as well")
    ap.add_argument("--plain", action="store_true",
                    help="our coder as it is, without PETRARCH's target, tense and paired-code "
                         "behaviour (eventwire.petrarch.coding.PetrarchEventCoder)")
    ap.add_argument("--json", help="write the summary and every record's outcome here")
    ap.add_argument("--ids", help="only these record ids (comma-separated)")
    args = ap.parse_args(argv)
    src = petrarch_dir(args.shared)
    if src is None:
        print("PETRARCH reference files not found (set EVENTWIRE_SHARED)", file=sys.stderr)
        return 2
    from eventwire.petrarch.coding import make_coder

    records = read_records(src / RECORDS)
    if args.ids:
        keep = set(args.ids.split(","))
        records = [r for r in records if r.id in keep]
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        convert_validate(src, Path(tmp))
        coder = make_coder([tmp], include_ours=args.with_ours, petrarch=not args.plain)
        outcomes = code_records(records, coder)
    summary = summarise(outcomes)
    summary["seconds"] = round(time.time() - t0, 1)
    summary["dictionaries"] = "PETR.Validate.* converted" + (" + ours" if args.with_ours
                                                             else " instead of ours")
    summary["coder"] = "plain" if args.plain else "PETRARCH mode"
    print(json.dumps({k: v for k, v in summary.items()}, indent=2))
    if args.json:
        detail = [{"id": o.record.id, "category": o.record.category, "text": o.record.text,
                   "expected": o.record.expected, "expect_none": o.record.expect_none,
                   "ineligible": o.record.ineligible, "quirk": o.record.quirk,
                   "predicted": o.predicted,
                   "reproduced": o.reproduced, "exact": o.exact} for o in outcomes]
        Path(args.json).write_text(json.dumps({"summary": summary, "records": detail},
                                              indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
