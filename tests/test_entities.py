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
