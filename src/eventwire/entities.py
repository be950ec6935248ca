"""Named entities on demand: run spaCy's NER only on the sentences a rule asks about.

In ``en_core_web_sm`` 3.8 the ``ner`` component has its own tok2vec and costs more CPU than
tok2vec, tagger and parser together (about 50 of 80 ms per synthetic story, see
docs/SCALE.md), yet the coder reads entity labels in a handful of places only: is this
unknown proper noun a person ("Home Minister Shivraj Patil"), is this one a place
("Cancun, Mexico", "talks in Geneva"), does the article name places the lexicons do not
("Ayodhya" -> India context). So the default pipeline runs without ``ner`` and the rules ask
``Entities.label(token)``: the first question about a sentence runs the ``ner`` component on
that sentence alone and writes its entities into the Doc, so later questions (and anything
reading ``token.ent_type_`` afterwards) see them. On a Doc the full pipeline already
annotated (``Coder(ner="full")``, ``explain``, a user's own ``nlp``), nothing is re-run.

The only difference from the full pipeline is NER's view across a sentence boundary (its
tok2vec window reaches four tokens into the neighbouring sentence); measured in
docs/SCALE.md.
"""

from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

#: ``Coder(ner=...)``: ``lazy`` runs NER only where a rule reads an entity label (default);
#: ``full`` runs it on every sentence with the rest of the pipeline (the exact old path).
NER_MODES = ("lazy", "full")


class Entities:
    """Entity labels of a Doc's tokens, computing them per sentence when first asked."""

    def __init__(self, nlp: Language | None) -> None:
        # Without a pipeline (or one without NER) labels are read as the Doc has them.
        self.ner = nlp.get_pipe("ner") if nlp is not None and "ner" in nlp.component_names \
            else None
        #: Sentences and tokens NER was run on (for the benchmark's report).
        self.sentences = 0
        self.tokens = 0

    def ensure(self, spans: Iterable[Span]) -> None:
        """Give the sentence of each span its entities (one NER batch for all of them)."""
        todo: dict[int, Span] = {}
        for span in spans:
            doc = span.doc
            if self.ner is None or not len(span) or doc[span.start].ent_iob != 0:
                continue  # no NER available, or this sentence has entities already
            sent = doc[span.start].sent  # spans lie within one sentence
            todo.setdefault(sent.start, sent)
        if not todo:
            return
        sents = list(todo.values())
        doc = sents[0].doc
        found: list[Span] = []
        for sent, sub in zip(sents, self.ner.pipe([_tokens_of(s) for s in sents])):
            found.extend(Span(doc, sent.start + e.start, sent.start + e.end, label=e.label)
                         for e in sub.ents)
            self.sentences += 1
            self.tokens += len(sent)
        # Tokens of these sentences outside an entity become "O" (known), the rest of the
        # Doc stays as it was (missing until asked).
        doc.set_ents(found, outside=_outside(sents, found), default="unmodified")

    def label(self, tok: Token) -> str:
        """The entity label of ``tok`` ("" outside an entity), computing its sentence's."""
        if tok.ent_iob == 0:
            self.ensure([tok.doc[tok.i:tok.i + 1]])
        return tok.ent_type_

    def spans(self, span: Span) -> list[Span]:
        """The entities inside ``span`` (a sentence or a phrase)."""
        self.ensure([span])
        # From the tokens' IOB tags: reading ``doc.ents`` would cost the whole Doc's
        # entities per question (quadratic on a page of thousands of sentences).
        doc = span.doc
        out: list[Span] = []
        start = None
        for i in range(span.start, span.end):
            iob = doc[i].ent_iob_
            if start is not None and iob != "I":
                out.append(Span(doc, start, i, label=doc[start].ent_type))
                start = None
            if iob == "B":
                start = i
        if start is not None and (span.end >= len(doc) or doc[span.end].ent_iob_ != "I"):
            out.append(Span(doc, start, span.end, label=doc[start].ent_type))
        return out


def _tokens_of(sent: Span) -> Doc:
    """The sentence's tokens as a Doc of their own, with what NER reads (their norms).
    ``Span.as_doc`` would copy the whole Doc's arrays each time: quadratic on a long page."""
    sub = Doc(sent.doc.vocab, words=[t.text for t in sent],
              spaces=[bool(t.whitespace_) for t in sent])
    for t, s in zip(sent, sub):
        if t.norm != s.norm:  # tokenizer exceptions ("n't" -> "not")
            s.norm_ = t.norm_
    return sub


def _outside(sents: list[Span], ents: list[Span]) -> list[Span]:
    """The parts of ``sents`` not covered by ``ents``, as spans (set_ents wants them apart)."""
    covered = {i for e in ents for i in range(e.start, e.end)}
    out: list[Span] = []
    for sent in sents:
        start = None
        for i in range(sent.start, sent.end):
            if i in covered:
                if start is not None:
                    out.append(Span(sent.doc, start, i))
                    start = None
            elif start is None:
                start = i
        if start is not None:
            out.append(Span(sent.doc, start, sent.end))
    return out


def has_entities(doc: Doc) -> bool:
    """Did NER run over the whole Doc (full pipeline)?"""
    return doc.has_annotation("ENT_IOB", require_complete=True)
