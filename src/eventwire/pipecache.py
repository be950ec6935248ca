"""A per-token cache for spaCy's rule lemmatizer, in eventwire's pipeline.

The rule lemmatizer caches its table lookups by (ORTH, POS, MORPH) but not its early returns
(base forms, proper nouns, punctuation), and walks the Doc token by token from Python. Its
answer depends on those three values only, so caching every answer under spaCy's own key
gives identical lemmas; the Doc is read and written with ``to_array``/``from_array``.

Installed only on the pipeline ``eventwire.nlp.load_pipeline`` returns (the instance's class
is swapped for a caching subclass); a pipeline loaded elsewhere, such as the bare spaCy pass
of bench/throughput.py, is untouched. ``tests/test_pipecache.py`` checks the lemmas against
a fresh pipeline's.

Not cached: the attribute ruler. Its single-token rules' writes are a function of (TAG,
LOWER, DEP, IS_SPACE), but a cache of those keys only helps a Doc all of whose tokens were
seen before: on fresh synthetic stories (after 300 stories of warm-up) 200 of 200 Docs had
an unseen token or a possible multi-token rule ("there is"), so a per-Doc cache saved
nothing (measured 2026-11-30; an earlier figure of 6.75 -> 2.50 ms/story came from re-running
the same Docs and was wrong).
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

#: A cache is cleared when it holds this many keys (memory stays bounded on any corpus).
MAX_KEYS = 500_000


def install(nlp: Language) -> Language:
    """Swap ``nlp``'s rule lemmatizer for its caching version (no-op for a lemmatizer of
    another kind or mode, or one already swapped)."""
    for name, proc in nlp.pipeline:
        if type(proc) in _LEMMA_CLASSES and proc.mode == "rule":
            proc.__class__ = _LEMMA_CLASSES[type(proc)]
            proc._ew_cache = {}
    return nlp


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
