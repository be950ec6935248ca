"""The cheap first pass (eventwire.prefilter): what it selects, and that skipping sentences
that can hold no event changes nothing."""

from __future__ import annotations

from eventwire.models import Article

TEXT = ("North Korea threatened missile strikes against South Korea on Monday. The weather was "
        "mild in the afternoon, and markets were calm.\n\nSeoul condemned the threat. Trading "
        "closed higher.\n\nAnalysts expect more tension in the weeks ahead.")


def _fp(coder):
    from eventwire.prefilter import fast_parser

    return fast_parser(coder)


def test_possible_lemmas_come_from_the_pipelines_own_rules(coder):
    pf = _fp(coder).prefilter
    assert "talk" in pf.lemmas("talks")
    assert "threaten" in pf.lemmas("threatened")
    assert "meet" in pf.lemmas("met")          # exception table
    assert "seize" in pf.lemmas("seizing")
    assert "say" in pf.lemmas("said")


def test_rule_sentences_cover_the_doc(coder):
    pf = _fp(coder).prefilter
    doc = coder.nlp.make_doc(TEXT)
    sents = pf.split(doc)
    assert sents[0][0] == 0 and sents[-1][1] == len(doc)
    assert all(a[1] == b[0] for a, b in zip(sents, sents[1:]))
    assert len(sents) == 5


def test_plan_skips_sentences_without_trigger_or_actor(coder):
    pf = _fp(coder).prefilter
    runs, stats = pf.plan(coder.nlp.make_doc(TEXT))
    assert [r[2] for r in runs] == [True, False, True, False, False]
    assert stats.event_sentences == 2 and stats.parsed_tokens < stats.tokens / 2


def test_verb_pattern_needs_its_object_word(coder):
    pf = _fp(coder).prefilter
    # "hold" triggers only with one of its objects ("talks", "exercise", ...).
    lemmas = set().union(*(pf.lemmas(w) for w in "they hold the door".split()))
    assert not pf._verb_hit(lemmas, set("they hold the door".split())) or \
        "hold" not in pf.verb_reqs
    lemmas = set().union(*(pf.lemmas(w) for w in "they hold talks".split()))
    assert pf._verb_hit(lemmas, set("they hold talks".split()))


def test_context_sentence_before_an_event_is_parsed(coder):
    pf = _fp(coder).prefilter
    text = "Iran's foreign minister was in Geneva on Thursday. It criticised the sanctions on Friday."
    runs, stats = pf.plan(coder.nlp.make_doc(text))
    assert all(r[2] for r in runs)


def test_fast_doc_keeps_tokens_offsets_and_sentences(coder):
    fp = _fp(coder)
    doc = fp.parse(Article(article_id="x", body=TEXT))
    full = coder.nlp(TEXT)
    assert doc.text == TEXT and len(doc) == len(full)
    assert [s.text for s in doc.sents] == [s.text for s in full.sents]


def test_fast_path_codes_the_same_events(coder):
    a = Article(article_id="t1", body=TEXT, published="2013-07-02", date_source="field")
    full = coder.code_article(a)
    fast = next(iter(coder.code_articles([a], fast=True)))
    assert [e.to_dict() for e in fast.events] == [e.to_dict() for e in full.events]
    assert len(full.events) >= 2
    assert [m.to_dict() for m in fast.mentions] == [m.to_dict() for m in full.mentions]


def test_fast_path_on_the_bundled_sample_equals_full_path(coder):
    from eventwire.ingest import read_articles, sample_path

    a = next(iter(read_articles([sample_path()])))
    full = coder.code_article(a)
    fast = next(iter(coder.code_articles([a], fast=True)))
    assert [e.to_dict() for e in fast.events] == [e.to_dict() for e in full.events]


def test_empty_and_blank_bodies(coder):
    fp = _fp(coder)
    for body in ("", "   \n\n  "):
        doc = fp.parse(Article(article_id="e", body=body))
        assert doc.text == body
        coded = coder.code_doc(doc, Article(article_id="e", body=body))
        assert coded.events == []


def test_names_context_mode_notes_names_of_skipped_sentences(coder):
    from eventwire.prefilter import fast_parser

    text = ("Iran's foreign minister was in Geneva on Thursday. Officials said talks would go "
            "on. It criticised the sanctions on Friday.")
    a = Article(article_id="n1", body=text, published="2013-07-02", date_source="field")
    fp = fast_parser(coder, "names")
    coded = coder.code_doc(fp.parse(a), a)
    assert [m.code for m in coded.mentions if m.sentence_id == 0] == ["IRN"]
    assert [e.source_actor.code for e in coded.events] == ["IRN"]   # full path: IRNGOV
    assert fp.stats.context_sentences == 0
