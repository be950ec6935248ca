"""NER on demand (eventwire.entities): the default pipeline skips spaCy's NER and the rules
run it only on the sentences they ask about; the result must equal the full pipeline's."""

from __future__ import annotations

import pytest

from eventwire.models import Article

TEXT = ("Home Minister Shivraj Patil met protesters in Ayodhya on Monday. The weather was mild. "
        "Belarusian opposition figure Maria Kolesnikova was detained in Minsk, and Lithuania "
        "said she would be welcome in Vilnius. Markets were calm.")


@pytest.fixture(scope="module")
def full(coder):
    from eventwire.coder import Coder

    return Coder(nlp=coder.nlp, ner="full")


def _key(coded):
    return ([(m.token_start, m.token_end, m.code, m.kind) for m in coded.mentions],
            [(e.sentence_id, e.cameo_code, e.source_actor and e.source_actor.code,
              e.target_actor and e.target_actor.code, e.location and e.location.name)
             for e in coded.events])


def test_default_pipeline_leaves_ner_out(coder, full):
    assert coder.ner == "lazy" and coder.disabled == ("ner",)
    assert full.disabled == ()
    doc = coder.parse(TEXT)
    assert not doc.has_annotation("ENT_IOB")


def test_lazy_entities_code_like_the_full_pipeline(coder, full):
    article = Article(article_id="ner", body=TEXT, published="2020-08-24")
    assert _key(coder.code_article(article)) == _key(full.code_article(article))


def test_label_runs_ner_on_the_asked_sentence_only(coder):
    from eventwire.entities import Entities

    ents = Entities(coder.nlp)
    doc = coder.parse(TEXT)
    sents = list(doc.sents)
    patil = next(t for t in doc if t.text == "Patil")
    assert ents.label(patil) == "PERSON"
    assert ents.sentences == 1
    assert all(t.ent_iob_ for t in sents[0])              # known: in an entity or "O"
    assert not any(t.ent_iob_ for t in sents[2])          # not asked: still missing
    assert [e.text for e in ents.spans(sents[2])
            if e.label_ == "PERSON"] == ["Maria Kolesnikova"]
    assert ents.sentences == 2
    ents.label(patil)                                     # asked again: nothing re-run
    assert ents.sentences == 2


def test_unknown_ner_mode_is_refused(coder):
    from eventwire.coder import Coder

    with pytest.raises(ValueError):
        Coder(nlp=coder.nlp, ner="sometimes")


OTHERS = [
    "Foreign Minister Sergei Lavrov met his counterpart in Cancun, Mexico. Talks went on.",
    "Police arrested Gunjan Shah in Ayodhya. Protesters gathered outside the court in Lucknow.",
    "The weather was mild.",
    TEXT,
]


def _articles(texts):
    return [Article(article_id=f"b{i}", body=t, published="2020-08-24")
            for i, t in enumerate(texts)]


def test_batched_sentences_get_the_labels_they_get_alone(coder):
    """One ``ner.pipe`` pass over sentences of several Docs labels each sentence as NER on
    that sentence alone does (what ``label`` did per question before batching)."""
    from eventwire.entities import Entities

    alone, batched = Entities(coder.nlp), Entities(coder.nlp)
    docs_alone = [coder.parse(t) for t in OTHERS]
    docs_batched = [coder.parse(t) for t in OTHERS]
    for doc in docs_alone:
        for sent in doc.sents:
            alone.ensure([sent])
    batched.annotate([s for doc in docs_batched for s in doc.sents])
    assert batched.calls == 1 and alone.calls == alone.sentences > 4
    for a, b in zip(docs_alone, docs_batched):
        assert [(e.start, e.end, e.label_) for e in a.ents] == \
            [(e.start, e.end, e.label_) for e in b.ents]
    assert ("Sergei Lavrov", "PERSON") in [(e.text, e.label_) for e in docs_batched[0].ents]


def test_code_articles_batches_ner_and_codes_like_one_at_a_time(coder, full):
    """``code_articles`` codes a batch's articles interleaved (entities.code_batched): the
    same mentions and events as coding each alone and as the full pipeline, in fewer NER
    calls than questions."""
    arts = _articles(OTHERS * 2)
    ents = coder.actors.ents
    calls, sents = ents.calls, ents.sentences
    together = list(coder.code_articles(arts))
    batched_calls, asked = ents.calls - calls, ents.sentences - sents
    alone = [coder.code_article(a) for a in arts]
    assert ents.sentences - sents - asked == asked        # the same sentences asked about
    assert batched_calls < ents.calls - calls - batched_calls  # in fewer NER calls
    assert [c.article.article_id for c in together] == [a.article_id for a in arts]
    assert [_key(c) for c in together] == [_key(c) for c in alone] == \
        [_key(full.code_article(a)) for a in arts]


def test_code_batched_keeps_each_job_state_and_runs_jobs_without_questions(coder):
    """A job's coding state (attributes of the objects in ``state``) is its own across the
    pauses; jobs that ask nothing simply run."""
    from eventwire.entities import Entities, code_batched

    ents = Entities(coder.nlp)
    docs = [coder.parse(t) for t in OTHERS]

    class State:
        current = None

    st = State()

    def job(i):
        def run():
            st.current = i
            out = []
            for sent in docs[i].sents:
                out.append([ents.label(t) for t in sent])
                assert st.current == i
            return i, out
        return run

    res = code_batched(ents, [job(i) for i in range(len(docs))], (st,))
    assert [r[0] for r in res] == list(range(len(docs)))
    assert ents.calls < ents.sentences
    assert code_batched(ents, [lambda: 1, lambda: 2]) == [1, 2]


DECODER_TEXTS = [
    TEXT,
    *OTHERS,
    "Paris",                                     # one token, an entity that is also last
    "He said :\n\n  Barack Obama visited New York City and Los Angeles .",
    "The United Nations Security Council met on 12 March 2021 in New York, and Russia's "
    "ambassador Vassily Nebenzia said $ 5 billion was 40 % of the budget.",
    "  \n ",                                     # whitespace only
    "Then President of the European Commission Ursula von der Leyen spoke",  # ends inside
]


def test_biluo_decoder_finds_the_entities_ner_pipe_finds(coder, shared):
    """BiluoDecoder reproduces spaCy's greedy NER decoding on sentence Docs: the same
    entities as ``ner.pipe`` on hand-picked edge cases (whitespace, one token, an entity
    ending the Doc) and on every sentence of 40 synthetic stories, batched as NER is."""
    import csv

    from eventwire.entities import BiluoDecoder, _tokens_of

    ner = coder.nlp.get_pipe("ner")
    decode = BiluoDecoder.for_component(ner)
    assert decode is not None
    sents = [s for t in DECODER_TEXTS for s in coder.parse(t).sents]
    corpus = shared / "corpus" / "ngec-synthetic-stories.csv"
    if corpus.exists():
        with corpus.open(newline="") as fh:
            rows = [r["text"] for _, r in zip(range(40), csv.DictReader(fh))]
        sents += [s for doc in coder.pipe(rows) for s in doc.sents]
    docs = [_tokens_of(s) for s in sents]
    for i in range(0, len(docs), 16):
        batch = docs[i:i + 16]
        assert decode(batch) == [[(e.start, e.end, e.label_) for e in d.ents]
                                 for d in ner.pipe(batch)]
    assert sum(1 for d in docs for t in d if t.is_space) >= 2


def test_entities_fall_back_to_ner_pipe_for_other_components(coder):
    from eventwire.entities import BiluoDecoder

    class Beam:
        model = coder.nlp.get_pipe("ner").model
        cfg = {"beam_width": 4}
        moves = coder.nlp.get_pipe("ner").moves

    assert BiluoDecoder.for_component(Beam()) is None
    assert BiluoDecoder.for_component(object()) is None
