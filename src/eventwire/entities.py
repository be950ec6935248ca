"""Named entities on demand: run spaCy's NER only on the sentences a rule asks about.

In ``en_core_web_sm`` 3.8 the ``ner`` component has its own tok2vec and costs more CPU than
tok2vec, tagger and parser together (about 50 of 80 ms per synthetic story, see
docs/SCALE.md), yet the coder reads entity labels in a handful of places only: is this
unknown proper noun a person ("Home Minister Shivraj Patil"), is this one a place
("Cancun, Mexico", "talks in Geneva"), does the article name places the lexicons do not
("Ayodhya" -> India context). So the default pipeline runs without ``ner`` and the rules ask
``Entities.label(token)``: the first question about a sentence runs the ``ner`` component on
that sentence alone and writes its entities into the Doc, so later questions (and anything
reading ``token.ent_type_`` afterwards) see them. ``Coder.code_articles`` codes a batch's
articles side by side (``code_batched``) so that one NER pass serves the questions of all of
them at once. On a Doc the full pipeline already annotated (``Coder(ner="full")``,
``explain``, a user's own ``nlp``), nothing is re-run.

The only difference from the full pipeline is NER's view across a sentence boundary (its
tok2vec window reaches four tokens into the neighbouring sentence); measured in
docs/SCALE.md.
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence, TypeVar

from greenlet import getcurrent, greenlet
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

#: ``Coder(ner=...)``: ``lazy`` runs NER only where a rule reads an entity label (default);
#: ``full`` runs it on every sentence with the rest of the pipeline (the exact old path).
NER_MODES = ("lazy", "full")

T = TypeVar("T")


class Entities:
    """Entity labels of a Doc's tokens, computing them per sentence when first asked."""

    def __init__(self, nlp: Language | None) -> None:
        # Without a pipeline (or one without NER) labels are read as the Doc has them.
        self.ner = nlp.get_pipe("ner") if nlp is not None and "ner" in nlp.component_names \
            else None
        #: Sentences and tokens NER was run on (for the benchmark's report).
        self.sentences = 0
        self.tokens = 0
        #: ``ner.pipe`` passes run (each has a fixed cost of a few ms, see code_batched).
        self.calls = 0
        #: The greenlet running ``code_batched``, while it runs.
        self._hub: greenlet | None = None

    def ensure(self, spans: Iterable[Span]) -> None:
        """Give the sentence of each span its entities (one NER batch for all of them).

        Inside ``code_batched`` the sentences wait instead: the article's coding pauses
        until every article of the batch is finished or waiting, and then one NER pass
        annotates what they all wait for."""
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
        if self._hub is not None and getcurrent().parent is self._hub:
            self._hub.switch(sents)  # back here once code_batched has annotated them
            return
        self.annotate(sents)

    def annotate(self, sents: list[Span]) -> None:
        """Run NER on these sentences (of one or several Docs) in one ``ner.pipe`` pass.

        Each sentence is its own Doc for NER, so its labels do not depend on what else is in
        the batch (tok2vec's output is bitwise the same alone or batched; tests check the
        labels)."""
        assert self.ner is not None
        found: dict[int, tuple[Doc, list[Span], list[Span]]] = {}
        for sent, sub in zip(sents, self.ner.pipe([_tokens_of(s) for s in sents],
                                                  batch_size=len(sents))):
            doc = sent.doc
            _, doc_sents, doc_ents = found.setdefault(id(doc), (doc, [], []))
            doc_sents.append(sent)
            doc_ents.extend(Span(doc, sent.start + e.start, sent.start + e.end, label=e.label)
                            for e in sub.ents)
            self.sentences += 1
            self.tokens += len(sent)
        self.calls += 1
        # Tokens of these sentences outside an entity become "O" (known), the rest of the
        # Doc stays as it was (missing until asked).
        for doc, doc_sents, doc_ents in found.values():
            doc.set_ents(doc_ents, outside=_outside(doc_sents, doc_ents), default="unmodified")

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


def code_batched(ents: Entities, jobs: Sequence[Callable[[], T]],
                 state: Sequence[object] = ()) -> list[T]:
    """The results of ``jobs`` (each codes one article's Doc, asking ``ents``), in order, with
    NER run once per round for all the articles instead of once per question.

    One ``ner.pipe`` call has a fixed cost of about 3 ms (NER on a one-token Doc: thinc's
    layers in Python, and BLIS, which runs its generic kernels on this CPU, at tens of µs
    per small matrix product), as much as NER on 20 tokens, and an article asks 1.5 times
    on average (449 calls for 300 synthetic stories). Which sentences will be asked is only known while coding, so each job runs in
    a greenlet: when it asks about a sentence without entities it pauses, and once every
    job of the batch is finished or paused, one NER pass annotates all the sentences they
    wait for and they go on. The questions and the answers are the same as coding the
    articles one after the other; only the NER calls are fewer (about the largest number
    of questions one article asks, not their sum).

    ``state``: the objects whose attributes hold one article's coding state (the coder,
    its actor resolver and event coder: ``_names_cache``, ``parties``...); each job's are
    put back before it resumes, so interleaved jobs do not see each other's.
    """
    if ents.ner is None or len(jobs) < 2 or ents._hub is not None:
        return [job() for job in jobs]
    results: list[T | None] = [None] * len(jobs)

    def run(i: int) -> None:
        results[i] = jobs[i]()

    ents._hub = getcurrent()
    try:
        lets = [greenlet(lambda i=i: run(i)) for i in range(len(jobs))]
        saved: dict[int, list[dict[str, object]]] = {}
        waiting = list(range(len(jobs)))
        while waiting:
            asked: list[Span] = []
            still: list[int] = []
            for i in waiting:
                for obj, attrs in zip(state, saved.get(i, ())):
                    vars(obj).update(attrs)
                sents = lets[i].switch()  # runs job i until it ends or asks (Entities.ensure)
                if not lets[i].dead:
                    saved[i] = [dict(vars(obj)) for obj in state]
                    asked.extend(sents)
                    still.append(i)
            if asked:
                ents.annotate(asked)
            waiting = still
    finally:
        ents._hub = None
    return results  # type: ignore[return-value]


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
