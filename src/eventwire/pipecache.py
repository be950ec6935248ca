"""Per-token caches for spaCy's rule lemmatizer and attribute ruler, in eventwire's pipeline.

The rule lemmatizer caches its table lookups by (ORTH, POS, MORPH) but not its early returns
(base forms, proper nouns, punctuation), and walks the Doc token by token from Python. Its
answer depends on those three values only, so caching every answer under spaCy's own key
gives identical lemmas; the Doc is read and written with ``to_array``/``from_array``.

Installed only on the pipeline ``eventwire.nlp.load_pipeline`` returns (the instance's class
is swapped for a caching subclass); a pipeline loaded elsewhere, such as the bare spaCy pass
of bench/throughput.py, is untouched. ``tests/test_pipecache.py`` checks the lemmas against
a fresh pipeline's.

The attribute ruler spends nearly all its time in its Matcher, which tries all of its rules
(179 in en_core_web_sm) at every token: 7-10 ms of CPU per synthetic story, more than our NER
on demand. Its single-token rules test only a token's LOWER, TAG, DEP and IS_SPACE, so which
of them match is a function of (LOWER, TAG, DEP): that answer is cached per key and per
token (not per Doc: an earlier per-Doc cache only helped Docs seen before and was
withdrawn), and only the few multi-token rules ("there is", "gon na") still go through a
Matcher, and only for a Doc with a token they need (each has a word or label one of its
tokens must have: a gate). ``match`` returns the very list spaCy's returns (rule order,
then position), so ``set_annotations`` writes the same attributes; a ruler with a rule this
cannot evaluate (another attribute, an operator) is left as it is. Measured on 200 fresh
synthetic stories after 200 of warm-up: ``match`` 7-10 -> 1.0-1.5 ms per story, the same
matches.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

#: A cache is cleared when it holds this many keys (memory stays bounded on any corpus).
MAX_KEYS = 500_000


def install(nlp: Language) -> Language:
    """Swap ``nlp``'s rule lemmatizer and attribute ruler for their caching versions (no-op
    for a lemmatizer of another kind or mode, a ruler with rules the cache cannot evaluate,
    or components already swapped)."""
    for name, proc in nlp.pipeline:
        if type(proc) in _LEMMA_CLASSES and proc.mode == "rule":
            proc.__class__ = _LEMMA_CLASSES[type(proc)]
            proc._ew_cache = {}
        elif type(proc) is AttributeRuler:
            plan = _rule_plan(proc)
            if plan is not None:
                proc.__class__ = CachedAttributeRuler
                proc._ew_plan = plan
                proc._ew_rules = {}
    return nlp


#: What a single-token rule of the cached attribute ruler may test, and how.
_RULE_KEYS = frozenset({"LOWER", "TAG", "DEP", "IS_SPACE"})
_RULE_OPS = frozenset({"IN", "NOT_IN", "REGEX"})


#: Attributes a multi-token rule can be gated on (their column in ``match``'s array).
_GATE_ATTRS = {"LOWER": 0, "TAG": 1, "DEP": 2}


def _gate(pattern: list[dict[str, Any]], strings: Any) -> tuple[int, frozenset[int]] | None:
    """A necessary condition of a multi-token pattern: a column and the values one of the
    Doc's tokens must have there (a token's exact LOWER/TAG/DEP or ``IN`` list), or None."""
    best: tuple[int, frozenset[int]] | None = None
    for spec in pattern:
        if spec.get("OP", "+") != "+":  # an optional, repeated-or-absent or negated token
            continue
        for key, want in spec.items():
            if key not in _GATE_ATTRS:
                continue
            if isinstance(want, str):
                values = [want]
            elif isinstance(want, dict) and set(want) == {"IN"}:
                values = list(want["IN"])
            else:
                continue
            gate = (_GATE_ATTRS[key], frozenset(strings.add(v) for v in values))
            if best is None or len(gate[1]) < len(best[1]):
                best = gate
    return best


def _rule_plan(ruler: AttributeRuler) -> tuple[_SingleRules, Matcher | None, list[int],
                                               list[tuple[int, frozenset[int]]] | None] | None:
    """The ruler's single-token rules indexed for lookup, a Matcher holding only its longer
    rules, each rule's match id, and the longer rules' gates (None: always run the
    Matcher); None when a rule tests what this cannot."""
    single = _SingleRules()
    multi = Matcher(ruler.vocab)
    gates: list[tuple[int, frozenset[int]]] | None = []
    for i, rule in enumerate(ruler.patterns):
        for pattern in rule["patterns"]:
            if len(pattern) != 1:
                multi.add(str(i), [pattern])
                gate = _gate(pattern, ruler.vocab.strings)
                if gate is None or gates is None:
                    gates = None
                else:
                    gates.append(gate)
                continue
            spec = pattern[0]
            for key, want in spec.items():
                if key not in _RULE_KEYS or (isinstance(want, dict) and (
                        key == "IS_SPACE" or not set(want) <= _RULE_OPS)):
                    return None
            single.add(i, spec)
    match_ids = [ruler.vocab.strings.add(str(i)) for i in range(len(ruler.attrs))]
    return single, (multi if len(multi) else None), match_ids, gates


class _SingleRules:
    """One-token rules indexed by the exact LOWER or TAG they require, so that a token
    unseen before is tested against a handful of rules, not all of them."""

    def __init__(self) -> None:
        self.by_lower: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self.by_tag: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self.rest: list[tuple[int, dict[str, Any]]] = []

    def add(self, i: int, spec: dict[str, Any]) -> None:
        if isinstance(spec.get("LOWER"), str):
            self.by_lower.setdefault(spec["LOWER"], []).append((i, spec))
        elif isinstance(spec.get("TAG"), str):
            self.by_tag.setdefault(spec["TAG"], []).append((i, spec))
        else:
            self.rest.append((i, spec))

    def matching(self, token: dict[str, Any]) -> tuple[int, ...]:
        """Indices of the rules the token fits, in rule order."""
        cands = (*self.by_lower.get(token["LOWER"], ()), *self.by_tag.get(token["TAG"], ()),
                 *self.rest)
        return tuple(sorted({i for i, spec in cands if _fits(spec, token)}))


def _fits(spec: dict[str, Any], token: dict[str, Any]) -> bool:
    """Does a token with these attribute values fit a one-token Matcher pattern?"""
    for key, want in spec.items():
        have = token[key]
        if not isinstance(want, dict):
            if have != want:
                return False
            continue
        for op, arg in want.items():
            if op == "IN" and have not in arg or op == "NOT_IN" and have in arg or \
                    op == "REGEX" and re.search(arg, have) is None:
                return False
    return True


def _may_match(keys: list[list[int]], gates: list[tuple[int, frozenset[int]]] | None) -> bool:
    """Can any longer rule match a Doc whose tokens have these (LOWER, TAG, DEP)?"""
    if gates is None:
        return True
    columns = [set(column) for column in zip(*keys)] or [set(), set(), set()]
    return any(not values.isdisjoint(columns[col]) for col, values in gates)


class CachedAttributeRuler(AttributeRuler):
    """spaCy's ``AttributeRuler`` whose single-token rules are matched per (LOWER, TAG,
    DEP) from a cache instead of by its Matcher at every token."""

    _ew_plan: tuple[_SingleRules, Matcher | None, list[int],
                    list[tuple[int, frozenset[int]]] | None]
    _ew_rules: dict[tuple[int, int, int], tuple[tuple[int, int], ...]]

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        single, multi, match_ids, gates = self._ew_plan
        cache = self._ew_rules
        if len(cache) > MAX_KEYS:
            cache.clear()
        strings = self.vocab.strings
        out: list[tuple[int, int, int, int]] = []
        keys = doc.to_array([LOWER, TAG, DEP]).tolist()
        for i, key in enumerate(map(tuple, keys)):
            rules = cache.get(key)
            if rules is None:
                lower, tag, dep = (strings[k] if k else "" for k in key)
                token = {"LOWER": lower, "TAG": tag, "DEP": dep, "IS_SPACE": lower.isspace()}
                rules = cache[key] = tuple((r, match_ids[r]) for r in single.matching(token))
            for r, m_id in rules:
                out.append((r, m_id, i, i + 1))
        # The longer rules ("there is", "gon na") need a token with a given word or label; a
        # Doc with none of them cannot match any, and the Matcher is most of the cost left.
        if multi is not None and _may_match(keys, gates):
            out.extend((int(strings[m_id]), m_id, s, e)
                       for m_id, s, e in multi(doc, allow_missing=True, as_spans=False))
        out.sort()
        return out


class _CachedLemmas:
    """The lemmatizer's ``__call__`` with its answer per (ORTH, POS, MORPH) cached."""

    _ew_cache: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:  # type: ignore[attr-defined]
            self._validate_tables(Errors.E1004)  # type: ignore[attr-defined]
        if not len(doc):
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        cache = self._ew_cache
        if len(cache) > MAX_KEYS:
            cache.clear()
        lemmas = arr[:, 3].copy()
        overwrite = self.overwrite  # type: ignore[attr-defined]
        strings = self.vocab.strings  # type: ignore[attr-defined]
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not overwrite:
                continue
            hit = cache.get((orth, pos, morph))
            if hit is None:
                hit = strings.add(self.lemmatize(doc[i])[0])  # type: ignore[attr-defined]
                if pos:  # (an untagged token warns each time, as spaCy's does)
                    cache[(orth, pos, morph)] = hit
            lemmas[i] = hit
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


class CachedLemmatizer(_CachedLemmas, Lemmatizer):
    """spaCy's ``Lemmatizer`` (rule mode) with its lemmas cached, early returns too."""


class CachedEnglishLemmatizer(_CachedLemmas, EnglishLemmatizer):
    """spaCy's ``EnglishLemmatizer`` (rule mode) with its lemmas cached, early returns
    too."""


_LEMMA_CLASSES: dict[type, type] = {Lemmatizer: CachedLemmatizer,
                                    EnglishLemmatizer: CachedEnglishLemmatizer}
