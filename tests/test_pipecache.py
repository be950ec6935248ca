"""The lemmatizer and attribute-ruler caches of eventwire's pipeline (eventwire.pipecache)
annotate exactly as spaCy's own components do."""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, TAG

from eventwire.nlp import _load_one, load_pipeline
from eventwire.pipecache import CachedAttributeRuler, CachedEnglishLemmatizer, _may_match, install

TEXTS = [
    "There is no sign that the talks will resume, the foreign ministry said on Monday.",
    "Protesters gon na march on parliament; y'all know they ain't leaving, let's see.",
    "Iran's foreign minister met his Iraqi counterpart in Baghdad and signed an accord.",
    "Gunmen killed 26 tourists. There were fears of more attacks, officials were saying.",
    "c'mon, we got ta go. The U.S. and South Korean forces held joint naval drills.",
    "",
    "  \n\n ",
    "Rebels have kept the city of Taiz under siege since 2015, the U.N. says.",
]
ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START]


@pytest.fixture(scope="module")
def pipelines():
    ours = load_pipeline()
    fresh = _load_one(f"{ours.meta['lang']}_{ours.meta['name']}", ())
    return ours, fresh


def _annotations(doc):
    return (doc.to_array(ATTRS).tolist(), [t.lemma_ for t in doc], [str(t.morph) for t in doc],
            [t.pos_ for t in doc])


def test_cached_components_annotate_as_spacy_does(pipelines):
    ours, fresh = pipelines
    assert type(ours.get_pipe("lemmatizer")) is CachedEnglishLemmatizer
    assert type(ours.get_pipe("attribute_ruler")) is CachedAttributeRuler
    # Twice: the first pass fills the caches through spaCy's own code, the second reads them.
    for _ in range(2):
        for a, b in zip(ours.pipe(TEXTS, disable=["ner"]), fresh.pipe(TEXTS, disable=["ner"])):
            assert _annotations(a) == _annotations(b), a.text


def test_only_our_pipeline_is_touched(pipelines):
    ours, fresh = pipelines
    assert type(ours.get_pipe("lemmatizer")) is not type(fresh.get_pipe("lemmatizer"))
    assert type(fresh.get_pipe("lemmatizer")).__module__.startswith("spacy")
    assert install(ours) is ours  # installing twice changes nothing


def test_attribute_ruler_matches_are_spacys(pipelines):
    """The same (rule, start, end) list as spaCy's Matcher over all rules, multi-token rules
    ("gon na", "there is", "y'all") included, first from an empty cache and then from a full
    one."""
    ours, fresh = pipelines
    off = ["attribute_ruler", "lemmatizer", "ner"]
    mine, theirs = ours.get_pipe("attribute_ruler"), fresh.get_pipe("attribute_ruler")
    for _ in range(2):
        for a, b in zip(ours.pipe(TEXTS, disable=off), fresh.pipe(TEXTS, disable=off)):
            assert [(r, s, e) for r, _m, s, e in mine.match(a)] == \
                [(r, s, e) for r, _m, s, e in theirs.match(b)], a.text


def test_longer_rules_are_skipped_only_when_they_cannot_match(pipelines):
    """The multi-token rules' Matcher runs only on a Doc with a token one of them needs."""
    ours, _ = pipelines
    gates = ours.get_pipe("attribute_ruler")._ew_plan[3]
    assert gates, "every longer rule of this model has a word or label to gate on"
    off = ["attribute_ruler", "lemmatizer", "ner"]
    plain, there, gonna = ours.pipe(["Rebels shelled the town on Monday.",
                                     "There are fears of more attacks.",
                                     "They are gon na march."], disable=off)

    def keys(doc):
        return doc.to_array([LOWER, TAG, DEP]).tolist()

    assert not _may_match(keys(plain), gates)
    assert _may_match(keys(there), gates) and _may_match(keys(gonna), gates)
    assert not _may_match([], gates)


def test_a_token_that_may_be_absent_is_no_gate():
    from spacy.strings import StringStore

    from eventwire.pipecache import _gate

    strings = StringStore()
    optional_first = [{"LOWER": "gon", "OP": "?"}, {"LOWER": {"IN": ["na", "ta"]}}]
    assert _gate(optional_first, strings) == (0, frozenset({strings["na"], strings["ta"]}))
    assert _gate([{"LOWER": "not", "OP": "!"}, {"TAG": {"REGEX": "^V"}}], strings) is None
