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

from typing import Any, Callable, Iterable, Sequence, TypeVar

import numpy
from blis.py import gemm as blis_gemm
from greenlet import getcurrent, greenlet
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from thinc.api import NumpyOps

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
        #: What runs NER on sentence Docs (BiluoDecoder, else the component's pipe).
        self._decode: Callable[[list[Doc]], list[list[tuple[int, int, str]]]] | None = None

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
        labels). The decoding is ``BiluoDecoder``'s when it can reproduce the component."""
        assert self.ner is not None
        if self._decode is None:
            self._decode = BiluoDecoder.for_component(self.ner) or self._pipe
        found: dict[int, tuple[Doc, list[Span], list[Span]]] = {}
        for sent, sub in zip(sents, self._decode([_tokens_of(s) for s in sents])):
            doc = sent.doc
            _, doc_sents, doc_ents = found.setdefault(id(doc), (doc, [], []))
            doc_sents.append(sent)
            doc_ents.extend(Span(doc, sent.start + start, sent.start + end, label=label)
                            for start, end, label in sub)
            self.sentences += 1
            self.tokens += len(sent)
        self.calls += 1
        # Tokens of these sentences outside an entity become "O" (known), the rest of the
        # Doc stays as it was (missing until asked).
        for doc, doc_sents, doc_ents in found.values():
            doc.set_ents(doc_ents, outside=_outside(doc_sents, doc_ents), default="unmodified")

    def _pipe(self, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
        """The entities of each Doc by the component itself (when BiluoDecoder can't)."""
        assert self.ner is not None
        return [[(e.start, e.end, e.label_) for e in d.ents]
                for d in self.ner.pipe(docs, batch_size=len(docs))]

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


class BiluoDecoder:
    """spaCy's greedy NER decoding, with the same arithmetic, in numpy.

    ``ner.pipe`` on sentences spends about as much CPU in the greedy decoder as in NER's
    tok2vec: each transition step of each sentence makes four BLIS ``saxpy`` calls and a
    BLIS ``sgemm`` (generic kernels on this CPU, microseconds each). But while no entity
    is open a step's features are only the next token's (the other two are padding), so
    those scores do not depend on earlier steps: here they are computed for every token at
    once, one ``sgemm`` for the batch, and only the steps inside an entity (about one
    token in ten) are computed one at a time.

    The scores are bitwise spaCy's: the same float32 operations in the same order
    (``parser_model.pyx``, ``predict_states``: the three features' precomputed rows summed
    into zeros, the bias added, maxout, BLIS ``sgemm`` with the output layer, its bias),
    and the moves are chosen as ``arg_max_if_valid`` does (the first best valid one) under
    ``ner.pyx``'s rules for a Doc without preset entities: B needs a next token, B and U no
    whitespace token, I and L continue the open entity's label, I is not last, O and U/B
    only when no entity is open. Checked against ``ner.pipe`` in tests/test_entities.py and
    on every sentence of 1,000 synthetic stories (identical entities).
    """

    def __init__(self, ner: Any) -> None:
        model = ner.model
        self.tok2vec = model.get_ref("tok2vec")
        self.lower = model.get_ref("lower")
        upper = model.get_ref("upper")
        self.W = numpy.ascontiguousarray(upper.get_param("W"))
        self.b = upper.get_param("b")
        self.width = self.lower.get_dim("nO") * self.lower.get_dim("nP")
        self.pieces = self.lower.get_dim("nP")
        self.bias = self.lower.get_param("b").reshape(-1)
        names = [ner.moves.get_class_name(i)
                 for i in range(ner.moves.n_moves)]
        self.moves = [n[0] for n in names]
        self.labels = [n[2:] for n in names]
        move = numpy.array(self.moves)
        label = numpy.array(self.labels)
        named = label != ""
        begin, inside, last, unit, out = (move == m for m in "BILUO")
        #: Valid moves with no entity open, by [last token][whitespace token].
        self.closed = numpy.array([[out | (unit & named & (not space)) |
                                    (begin & named & (not end) & (not space))
                                    for space in (False, True)] for end in (False, True)])
        #: Valid moves with an entity of this label open, by [last token].
        self.open = {lab: numpy.array([(inside | last) & (label == lab), last & (label == lab)])
                     for lab in set(self.labels) - {""}}

    @classmethod
    def for_component(cls, ner: Any) -> "BiluoDecoder | None":
        """A decoder for this ``ner`` component, or None if it is not the greedy CPU model
        with three state features this class reproduces (then ``ner.pipe`` is used)."""
        try:
            model = ner.model
            ok = (model.name == "parser_model" and model.attrs["has_upper"] and
                  not model.attrs["unseen_classes"] and
                  ner.cfg.get("beam_width", 1) == 1 and
                  type(ner.moves).__name__ == "BiluoPushDown" and
                  model.get_ref("lower").get_dim("nF") == 3 and
                  isinstance(model.ops, NumpyOps))
            return cls(ner) if ok else None
        except (AttributeError, KeyError, ValueError):
            return None

    def __call__(self, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
        """The entities (start, end, label) of each Doc, each Doc decoded on its own."""
        vecs = self.tok2vec.predict(docs)
        n = vecs.shape[0]
        # Row 0 is the padding (a feature with no token), then one row per token.
        rows = self.lower.predict(vecs).reshape(n + 1, 3, self.width)
        pad, rows = rows[0], rows[1:]
        # Every token's scores as the next token with no entity open.
        summed = numpy.zeros((n, self.width), dtype="f")
        summed += rows[:, 0]
        summed += pad[1]
        summed += pad[2]
        summed += self.bias
        scores = blis_gemm(summed.reshape(n, -1, self.pieces).max(axis=2), self.W,
                           trans2=True)
        scores += self.b
        ends = numpy.zeros(n, dtype=numpy.intp)
        spaces = numpy.zeros(n, dtype=numpy.intp)
        offset = 0
        for doc in docs:
            ends[offset + len(doc) - 1] = 1
            spaces[offset:offset + len(doc)] = [t.is_space for t in doc]
            offset += len(doc)
        best = numpy.where(self.closed[ends, spaces], scores, -numpy.inf).argmax(axis=1)
        out: list[list[tuple[int, int, str]]] = []
        offset = 0
        for doc in docs:
            ents: list[tuple[int, int, str]] = []
            label = ""
            start = -1
            for i in range(len(doc)):
                t = offset + i
                if not label:
                    move = best[t]
                    if self.moves[move] == "B":
                        label, start = self.labels[move], i
                    elif self.moves[move] == "U":
                        ents.append((i, i + 1, self.labels[move]))
                    continue
                # Inside an entity: features (next token, entity start, token before).
                step = numpy.zeros(self.width, dtype="f")
                step += rows[t, 0]
                step += rows[offset + start, 1]
                step += rows[t - 1, 2]
                step += self.bias
                score = blis_gemm(step.reshape(1, -1, self.pieces).max(axis=2), self.W,
                                  trans2=True)[0]
                score += self.b
                move = int(numpy.where(self.open[label][int(i == len(doc) - 1)], score,
                                       -numpy.inf).argmax())
                if self.moves[move] == "L":
                    ents.append((start, i + 1, label))
                    label = ""
            out.append(ents)
            offset += len(doc)
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
