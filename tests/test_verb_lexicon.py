"""The event-trigger lexicon (src/eventwire/data/lexicons/verbs/*.yaml): coverage and form.

Checks the shipped verb entries against docs/LEXICONS.md: every CAMEO root is present, the
leaf coverage is broad, every code is a real CAMEO code, every pattern follows the grammar,
and no pattern string is claimed by two different codes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from eventwire.lexicon import load_lexicons

ROOTS = [f"{i:02d}" for i in range(1, 21)]
MIN_LEAF_CODES = 220

#: One element of a pattern: ``lemma(|lemma)*`` optionally signed ``+`` (object), ``>``
#: (xcomp) or ``!`` (exclusion). Lemmas are lowercase; ``_`` joins the words of a multi-word
#: object option.
LEMMA = r"[a-z0-9'][a-z0-9'_\-]*"
ELEMENT = re.compile(rf"^([+>!]?)(@?{LEMMA}(?:\|@?{LEMMA})*)$")

#: Words a noun pattern may name after its head: the prepositions that introduce the target.
NOUN_PREPS = {
    "about", "across", "against", "along", "around", "at", "between", "by", "for", "from", "in",
    "into", "near", "of", "off", "on", "outside", "over", "to", "toward", "towards", "upon", "with",
}


def _ours() -> list:
    return [e for e in load_lexicons()["verbs"]
            if Path(e.path).parent.name == "verbs" and not e.user]


@pytest.fixture(scope="module")
def entries() -> list:
    out = _ours()
    assert out, "no verb entries loaded from data/lexicons/verbs/"
    return out


def _patterns(entries: list):
    for e in entries:
        code = str(e["code"])
        for kind in ("verbs", "nouns"):
            for p in e.list(kind):
                yield e, code, kind, p


def _grammar_problem(pattern: str, kind: str) -> str | None:
    if pattern != pattern.strip() or not pattern:
        return "empty or padded"
    if pattern != pattern.lower():
        return "not lowercase"
    parts = pattern.split()
    for i, part in enumerate(parts):
        m = ELEMENT.match(part)
        if not m:
            return f"bad element {part!r}"
        sign, body = m.groups()
        if i == 0:
            if sign:
                return "first element must be a plain lemma"
            if "_" in body and kind != "nouns":
                # Noun heads may be compounds ("drone_strike"); verbs take particles instead.
                return "the trigger lemma must be one word (use a particle element instead)"
            continue
        if kind == "nouns":
            if sign:
                return "noun patterns take prepositions only"
            if not set(body.split("|")) <= NOUN_PREPS:
                return f"noun pattern element {body!r} is not a preposition"
    return None


def test_file_layout():
    from importlib import resources

    root = Path(str(resources.files("eventwire"))) / "data" / "lexicons" / "verbs"
    files = sorted(p.name for p in root.glob("*.yaml"))
    assert len(files) == 20, files
    assert [f[:2] for f in files] == ROOTS


def test_all_roots_present(entries):
    roots = {str(e["code"])[:2] for e in entries}
    assert sorted(roots) == ROOTS


def test_leaf_coverage(entries):
    leaves = {str(e["code"]) for e in entries
              if len(str(e["code"])) >= 3 and (e.list("verbs") or e.list("nouns"))}
    assert len(leaves) >= MIN_LEAF_CODES, f"only {len(leaves)} leaf codes covered"


def test_codes_are_strings_of_digits(entries):
    bad = [(e.path, e.line, e["code"]) for e in entries
           if not isinstance(e["code"], str) or not re.fullmatch(r"\d{2,4}", e["code"])]
    assert not bad, bad


def test_codes_exist_in_cameo(entries):
    cameo = pytest.importorskip("eventwire.cameo")
    exists = getattr(cameo, "exists", None)
    if exists is None:
        pytest.skip("eventwire.cameo has no exists()")
    missing = sorted({str(e["code"]) for e in entries if not exists(str(e["code"]))})
    assert not missing, f"codes unknown to eventwire.cameo: {missing}"


def test_entries_have_notes_and_patterns(entries):
    bad = [(e.path, e.line) for e in entries
           if not e.get("note") or not (e.list("verbs") or e.list("nouns"))]
    assert not bad, bad


def test_patterns_follow_grammar(entries):
    problems = []
    for e, code, kind, p in _patterns(entries):
        why = _grammar_problem(p, kind)
        if why:
            problems.append(f"{e.path}:{e.line} {code} {kind} {p!r}: {why}")
    assert not problems, "\n".join(problems)


def test_patterns_compile():
    patterns = pytest.importorskip("eventwire.patterns")
    index = patterns.PatternIndex(load_lexicons())
    assert index.verbs and index.nouns


def test_no_pattern_with_two_codes(entries):
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _e, code, kind, p in _patterns(entries):
        owners[(kind, " ".join(p.split()))].add(code)
    dups = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    for (kind, p), codes in sorted(dups.items()):
        print(f"duplicate {kind} pattern {p!r}: {codes}")
    assert not dups, dups


def test_no_object_option_claimed_twice(entries):
    """The same verb + object lemma (+ words, xcomp) must not lead to two codes."""
    owners: dict[tuple, set[str]] = defaultdict(set)
    for _e, code, kind, p in _patterns(entries):
        if kind != "verbs":
            continue
        parts = p.split()
        objs, xs, words = [None], [None], []
        for part in parts[1:]:
            if part.startswith("+"):
                objs = part[1:].split("|")
            elif part.startswith(">"):
                xs = part[1:].split("|")
            else:
                words.append(part)
        for head in parts[0].split("|"):
            for o in objs:
                for x in xs:
                    owners[(head, o, tuple(words), x)].add(code)
    clashes = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert not clashes, clashes


@pytest.mark.parametrize("lemma", ["hit", "beat", "strike", "support", "say", "announce", "fight", "target", "curb",
                                   "storm"])
def test_ambiguous_verbs_are_not_bare_triggers(entries, lemma):
    bare = [(code, p) for _e, code, kind, p in _patterns(entries)
            if kind == "verbs" and p.split() == [lemma]]
    assert not bare, f"bare '{lemma}' would fire on non-political usage: {bare}"


def _index():
    patterns = pytest.importorskip("eventwire.patterns")
    return patterns.PatternIndex(load_lexicons())


def test_prepositionless_strike_noun_is_a_labour_strike():
    """'went on strike' names no target: the fallback noun pattern must be the labour one,
    while 'strikes on Gaza' still meets a 19x pattern first."""
    pats = _index().nouns["strike"]
    assert pats[-1].code.startswith("14"), [(p.code, p.text) for p in pats]
    on = next(p for p in pats if any("on" in g for g in p.words))
    assert on.code.startswith("19"), on


def test_joint_drills_are_cooperation_before_posture():
    """Equally specific patterns are tried in order: 'begin +joint_drill' (062) must come
    before 'begin +drill' (150), whatever verb starts or ends the drills."""
    for head in ("begin", "start", "hold", "conduct", "stage", "launch"):
        pats = [p for p in _index().verbs[head] if p.obj and ({"drill", "exercise"} & p.obj
                                                              or "joint drill" in p.obj)]
        codes = [p.code for p in pats]
        assert "062" in codes, (head, codes)
        first_posture = next((i for i, c in enumerate(codes) if c.startswith("15")), len(codes))
        assert codes.index("062") < first_posture, (head, codes)
