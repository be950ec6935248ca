"""Per-token caches for spaCy's attribute ruler and rule lemmatizer, in eventwire's pipeline.

Both components write, for each token, values that depend only on a few attributes of that
token, yet recompute them for every token of every text:

* the attribute ruler (``en_core_web_sm``: 179 rules mapping tags to POS and morphology)
  runs a ``Matcher`` over the Doc and then, per match, builds a ``Span`` and sets attributes
  from Python: about 10 ms per 230-token story, as much as the parser's share of tok2vec;
* the rule lemmatizer caches its table lookups by (ORTH, POS, MORPH) but not its early
  returns (base forms, proper nouns, punctuation), and walks the Doc token by token.

A single-token rule's writes are a function of the attributes its patterns read (for this
model: TAG, LOWER, DEP, IS_SPACE), so a dict from those values to the final writes of all
rules (later rules win, as in ``AttributeRuler.set_annotations``) gives identical results.
A Doc containing a word that could start a multi-token rule ("gon na", "ai n't"), and every
Doc with a token not seen yet, goes through the component's own code; the writes of a
Doc's tokens are cached from its matches. The lemmatizer likewise caches its answer per
(ORTH, POS, MORPH), the key spaCy's own cache uses.

Installed only on the pipeline ``eventwire.nlp.load_pipeline`` returns (the instances'
classes are swapped for caching subclasses); a pipeline loaded elsewhere, such as the bare
spaCy pass of bench/throughput.py, is untouched. ``tests/test_pipecache.py`` checks that
the cached components give the same annotations as fresh uncached ones.
"""

from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

#: A cache is cleared when it holds this many keys (memory stays bounded on any corpus).
MAX_KEYS = 500_000

_MATCHER_ALIASES = {"TEXT": "ORTH"}


def install(nlp: Language) -> Language:
    """Swap ``nlp``'s attribute ruler and rule lemmatizer for their caching versions
    (no-op for components of another kind, or already swapped)."""
    for name, proc in nlp.pipeline:
        if type(proc) is AttributeRuler:
            plan = _ruler_plan(proc)
            if plan is not None:
                proc.__class__ = CachedAttributeRuler
                proc._ew_keys, proc._ew_multi = plan
                proc._ew_cache = {}
        elif type(proc) in _LEMMA_CLASSES and proc.mode == "rule":
            proc.__class__ = _LEMMA_CLASSES[type(proc)]
            proc._ew_cache = {}
    return nlp


#: String attributes a multi-token rule's conditions may be checked on (as the Matcher
#: reads them).
_STRING_ATTRS = {"LOWER": "lower_", "ORTH": "text", "TEXT": "text", "TAG": "tag_",
                 "DEP": "dep_", "POS": "pos_"}


def _ruler_plan(ruler: AttributeRuler
                ) -> tuple[list[int], list[tuple[int, int, frozenset[int], list[dict]]]] | None:
    """The attribute ids the rules read, and for each multi-token rule an anchor (position,
    attribute id, allowed value hashes) that any match must satisfy; None if a rule reads
    something else or has no anchor."""
    keys: set[int] = set()
    multi: list[tuple[int, int, frozenset[int], list[dict]]] = []
    strings = ruler.vocab.strings
    for entry in ruler.patterns:
        for pattern in entry["patterns"]:
            if not isinstance(pattern, list):
                return None
            for tok in pattern:
                for k in tok:
                    name = _MATCHER_ALIASES.get(k, k)
                    if k == "OP" or name not in IDS:
                        return None
                    keys.add(IDS[name])
            if len(pattern) == 1:
                continue
            anchor = None
            for pos, tok in enumerate(pattern):
                for k in ("LOWER", "ORTH", "TEXT", "DEP", "TAG"):
                    v = tok.get(k)
                    words = {v} if isinstance(v, str) else set(v["IN"]) if \
                        isinstance(v, dict) and set(v) == {"IN"} else None
                    if words:
                        anchor = (pos, IDS[_MATCHER_ALIASES.get(k, k)],
                                  frozenset(strings.add(str(w)) for w in words))
                        break
                if anchor is not None:
                    break
            if anchor is None:
                return None
            multi.append((*anchor, pattern))
    return sorted(keys), multi


def _may_match(doc: Doc, start: int, pattern: list[dict]) -> bool:
    """Could ``pattern`` match at ``start``? Conditions of kinds not checked here count as
    met, so a False is certain and a True only sends the Doc down spaCy's own path."""
    if start < 0 or start + len(pattern) > len(doc):
        return False
    for k, tok in enumerate(pattern):
        t = doc[start + k]
        for name, cond in tok.items():
            attr = _STRING_ATTRS.get(name)
            if attr is None:
                continue
            value = getattr(t, attr)
            if isinstance(cond, str):
                if value != cond:
                    return False
            elif isinstance(cond, dict):
                for op, arg in cond.items():
                    if op == "IN" and value not in arg or op == "NOT_IN" and value in arg or \
                            op == "REGEX" and not re.search(arg, value):
                        return False
    return True


class CachedAttributeRuler(AttributeRuler):
    """``AttributeRuler`` with its per-token writes cached by the attributes its rules read."""

    _ew_keys: list[int]
    _ew_multi: list[tuple[int, int, frozenset[int], list[dict]]]
    _ew_cache: dict[tuple[int, ...], tuple[tuple[int, int], ...]]

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return super().__call__(doc)
        keys = [tuple(row) for row in
                doc.to_array(self._ew_keys).reshape(len(doc), -1).tolist()]
        for pos, attr, values, pattern in self._ew_multi:
            col = doc.to_array(attr)
            for i in numpy.flatnonzero(numpy.isin(col, list(values))).tolist():
                if _may_match(doc, i - pos, pattern):
                    # A multi-token rule may match ("there is", "gon na"): spaCy's path.
                    return super().__call__(doc)
        cache = self._ew_cache
        writes = [cache.get(k) for k in keys]
        if any(w is None for w in writes):
            matches = self.match(doc)
            self.set_annotations(doc, matches)
            self._learn(doc, keys, matches)
            return doc
        attrs = sorted({a for w in writes for a, _ in w})  # type: ignore[union-attr]
        if not attrs:
            return doc
        col = {a: j for j, a in enumerate(attrs)}
        arr = doc.to_array(attrs).reshape(len(doc), -1)
        for i, w in enumerate(writes):
            for a, v in w:  # type: ignore[union-attr]
                arr[i, col[a]] = v
        _set_columns(doc, attrs, arr)
        return doc

    def _learn(self, doc: Doc, keys: list[tuple[int, ...]],
               matches: list[tuple[int, Any, int, int]]) -> None:
        """Cache the final writes of each token of ``doc`` (matches in rule order)."""
        if len(self._ew_cache) > MAX_KEYS:
            self._ew_cache.clear()
        per_token: list[dict[int, int]] = [{} for _ in keys]
        for attr_id, _match_id, start, end in matches:
            index = self.indices[attr_id]
            i = (start if index >= 0 else end) + index
            for a, v in self.attrs[attr_id].items():
                if not isinstance(a, int):
                    return  # extension attributes: not cached
                per_token[i][a] = v
        for k, w in zip(keys, per_token):
            self._ew_cache.setdefault(k, tuple(sorted(w.items())))


def _set_columns(doc: Doc, attrs: list[int], arr: numpy.ndarray) -> None:
    """Write attribute columns back; DEP alone through ``from_array`` would need heads, so
    it is written token by token (one rule of en_core_web_sm sets it)."""
    if DEP in attrs:
        j = attrs.index(DEP)
        for i, v in enumerate(arr[:, j].tolist()):
            doc[i].dep = v
        keep = [k for k, a in enumerate(attrs) if a != DEP]
        attrs = [attrs[k] for k in keep]
        arr = arr[:, keep]
        if not attrs:
            return
    doc.from_array(attrs, numpy.ascontiguousarray(arr, dtype=numpy.uint64))


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
