"""A cheap first pass that picks the sentences worth a full parse (``fast`` coding).

Most sentences of a news story cannot hold an event: no verb or noun of the verbs lexicon is
there with the words its pattern needs ("hold +talk": *hold* and *talk* both present), or no
actor could be its source. The full spaCy pipeline (tok2vec, tagger, parser, lemmatizer,
NER) is what costs; tokenizing and splitting sentences by rule costs little. So:

1. Tokenize the body (``nlp.make_doc``, the same tokens as the full path) and split it into
   sentences by rule: ``.``/``!``/``?`` (with closing quotes/brackets) and line breaks.
2. Per sentence, look up every token's *possible lemmas* - exactly the forms the pipeline's
   own rule lemmatizer can give it as a noun, verb, adjective or auxiliary, plus the lemmas
   the attribute ruler assigns - against the trigger heads of the ``PatternIndex``. A verb
   pattern counts only when its object word, its particles and its ``>xcomp`` word are in
   the sentence too (a necessary condition of ``patterns._check_verb``). A sentence with
   such a trigger *and* a possible actor mention (step 3; an event needs a source among
   the sentence's own mentions) is an *event sentence*.
3. Actor coreference reads earlier sentences ("the North", "it", "the government", "Suh
   told reporters"), so a sentence that can yield an actor mention - a name of the actor
   lexicon's phrase matcher, a sector noun, a pronoun, North/South, a capitalised word
   already seen in a context sentence - is parsed too when an event sentence follows it.
   A sentence that can yield no mention, or that comes after the last event sentence,
   changes nothing downstream and is skipped.
4. Runs of selected sentences are parsed as one doc each (so a trigger keeps its
   neighbours), batched across articles with ``nlp.pipe``; skipped runs get a trivial
   annotation (no POS, one flat tree per run) and everything is reassembled with
   ``Doc.from_docs`` into one ``Doc`` with the very tokens and character offsets of the
   full path. ``Coder.code_doc`` then runs unchanged: skipped sentences hold no candidate
   and no mention, parsed ones are coded as usual.

What can differ from the full path (measured in docs/SCALE.md): the parse of a sentence
next to a skipped one (tok2vec sees 4 tokens across a sentence boundary), and sentence
numbering where the parser would split or join differently from the rule splitter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Iterator

import numpy as np
from spacy.attrs import DEP, ENT_IOB, HEAD
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from eventwire.actors import PAIR_NOUNS, PLURAL_PRONOUNS, SINGULAR_PRONOUNS, ActorLexicon
from eventwire.models import Article
from eventwire.patterns import PatternIndex

if TYPE_CHECKING:  # pragma: no cover
    from eventwire.coder import Coder

SENT_END = frozenset({".", "!", "?", "...", "…"})
SENT_TRAIL = frozenset({'"', "'", "”", "’", ")", "]", "»"})
#: Components the coder does not read (``senter`` duplicates the parser's boundaries).
UNUSED_COMPONENTS = ("senter",)
POS_FOR_LEMMAS = ("noun", "verb", "adj", "aux")
#: How sentences before an event sentence give actor context: ``parse`` them fully when they
#: can yield a mention (closest to the full path), or only mark the lexicon ``names`` found
#: by the cheap pass as proper nouns, so that the actor resolver still notes them (faster;
#: loses pronoun and sector-noun context from those sentences).
CONTEXT_MODES = ("parse", "names")


@dataclass
class PrefilterStats:
    """How much of the text the cheap pass let through to the full parse."""

    articles: int = 0
    sentences: int = 0
    event_sentences: int = 0
    context_sentences: int = 0
    tokens: int = 0
    parsed_tokens: int = 0

    @property
    def parsed_sentences(self) -> int:
        return self.event_sentences + self.context_sentences

    def as_dict(self) -> dict[str, float | int]:
        return {"articles": self.articles, "sentences": self.sentences,
                "event_sentences": self.event_sentences,
                "context_sentences": self.context_sentences,
                "tokens": self.tokens, "parsed_tokens": self.parsed_tokens,
                "parsed_token_share": round(self.parsed_tokens / max(1, self.tokens), 3)}

    def add(self, other: "PrefilterStats") -> None:
        for k in ("articles", "sentences", "event_sentences", "context_sentences", "tokens",
                  "parsed_tokens"):
            setattr(self, k, getattr(self, k) + getattr(other, k))


@dataclass
class _Plan:
    article: Article
    doc: Doc
    runs: list[tuple[int, int, bool]] = field(default_factory=list)  # start, end, parse?
    name_ends: list[int] = field(default_factory=list)  # last token of each lexicon name


class Prefilter:
    """The cheap pass: rule sentences, event sentences and context sentences of a Doc."""

    def __init__(self, nlp: Language, index: PatternIndex, lex: ActorLexicon,
                 context: str = "parse") -> None:
        if context not in CONTEXT_MODES:
            raise ValueError(f"context must be one of {', '.join(CONTEXT_MODES)}")
        self.context = context
        self.last_name_ends: list[int] = []
        self.nlp = nlp
        self.index = index
        self.lex = lex
        self._lemma_cache: dict[str, frozenset[str]] = {}
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.component_names \
            else None
        tables = lemmatizer.lookups if lemmatizer is not None else None
        self._rules = tables.get_table("lemma_rules", {}) if tables is not None else {}
        self._exc = tables.get_table("lemma_exc", {}) if tables is not None else {}
        self._ruler_lemmas: dict[str, set[str]] = {}
        if "attribute_ruler" in nlp.component_names:
            for pat in nlp.get_pipe("attribute_ruler").patterns:
                lemma = pat.get("attrs", {}).get("LEMMA")
                if not lemma:
                    continue
                for seq in pat.get("patterns", []):
                    for tok in seq:
                        for key in ("LOWER", "ORTH", "TEXT"):
                            val = tok.get(key)
                            texts = [val] if isinstance(val, str) else \
                                (val.get("IN", []) if isinstance(val, dict) else [])
                            for t in texts:
                                self._ruler_lemmas.setdefault(t.lower(), set()).add(
                                    lemma.lower())
        # Trigger heads: nouns trigger alone; verbs need their pattern's other words.
        self.nouns = frozenset(h for h in index.nouns if " " not in h)
        self.verb_reqs: dict[str, list[tuple[frozenset[str] | None, tuple[frozenset[str], ...],
                                             frozenset[str] | None]]] = {}
        for head, pats in index.verbs.items():
            if " " in head:
                continue  # a multi-word head never equals one token's lemma
            reqs = self.verb_reqs.setdefault(head, [])
            for p in pats:
                reqs.append((_last_words(p.obj), p.words, _last_words(p.xcomp)))
        # Mention-capable words besides lexicon names.
        sector = {k.split()[-1] for k in lex.agent_nouns} | set(lex.standalone)
        self.mention_words = frozenset(sector | PAIR_NOUNS)
        self.pronouns = frozenset(SINGULAR_PRONOUNS | PLURAL_PRONOUNS)

    # -- lemmas ---------------------------------------------------------------------------------
    def lemmas(self, lower: str) -> frozenset[str]:
        """Every lemma the pipeline could give this (lower-cased) word, itself included."""
        got = self._lemma_cache.get(lower)
        if got is not None:
            return got
        out = {lower}
        for pos in POS_FOR_LEMMAS:
            for old, new in self._rules.get(pos, ()):
                if lower.endswith(old):
                    form = lower[:len(lower) - len(old)] + new
                    if form:
                        out.add(form)
            out.update(f.lower() for f in self._exc.get(pos, {}).get(lower, ()))
        out.update(self._ruler_lemmas.get(lower, ()))
        got = frozenset(out)
        if len(self._lemma_cache) < 500_000:
            self._lemma_cache[lower] = got
        return got

    # -- sentences ------------------------------------------------------------------------------
    @staticmethod
    def split(doc: Doc) -> list[tuple[int, int]]:
        """Rule sentences as token ranges: end punctuation (+ closing quotes), line breaks."""
        out: list[tuple[int, int]] = []
        start = 0
        n = len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            end = None
            if tok.text in SENT_END:
                j = i + 1
                while j < n and (doc[j].text in SENT_TRAIL or doc[j].is_space):
                    j += 1
                end = j
            elif "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
                j = i + 1
                while j < n and doc[j].is_space:
                    j += 1
                end = j
            if end is not None:
                if end > start:
                    out.append((start, end))
                start = end
                i = end
                continue
            i += 1
        if start < n:
            out.append((start, n))
        return out

    def plan(self, doc: Doc) -> tuple[list[tuple[int, int, bool]], PrefilterStats]:
        """Runs of consecutive rule sentences, each marked parse or skip."""
        sents = self.split(doc)
        names = np.zeros(len(doc) + 1, dtype=bool)
        spans = [doc[s:e] for _mid, s, e in self.lex.matcher(doc)]
        self.last_name_ends = []
        for span in filter_spans(spans):
            if not span.text.islower():
                names[span.start] = True
                self.last_name_ends.append(span.end - 1)
        trig: list[bool] = []
        ment: list[bool] = []
        seen_caps: set[str] = set()
        for s, e in sents:
            lowers: set[str] = set()
            lemmas: set[str] = set()
            caps: list[str] = []
            has_mention = bool(names[s:e].any())
            for tok in doc[s:e]:
                low = tok.lower_
                lowers.add(low)
                lemmas |= self.lemmas(low)
                text = tok.text
                if text[:1].isupper():
                    caps.append(text)
                    if text in seen_caps or text in ("North", "South"):
                        has_mention = True
            if not has_mention:
                has_mention = bool(lowers & self.pronouns) or bool(lemmas & self.mention_words)
            is_trig = bool(lemmas & self.nouns) or self._verb_hit(lemmas, lowers)
            if has_mention:
                seen_caps.update(caps)
            trig.append(is_trig)
            ment.append(has_mention)
        # An event needs a source actor among the sentence's own mentions, so a trigger
        # sentence that can yield no mention yields no event either.
        event = [t and m for t, m in zip(trig, ment)]
        last = max((i for i, t in enumerate(event) if t), default=-1)
        stats = PrefilterStats(articles=1, sentences=len(sents), tokens=len(doc))
        keep = []
        for i in range(len(sents)):
            if event[i]:
                stats.event_sentences += 1
                keep.append(True)
            elif ment[i] and i < last and self.context == "parse":
                stats.context_sentences += 1
                keep.append(True)
            else:
                keep.append(False)
        runs: list[tuple[int, int, bool]] = []
        for (s, e), k in zip(sents, keep):
            # Parsed sentences run together (the parser sees their neighbours); a skipped
            # sentence is a run of its own, so that it stays one sentence of the Doc.
            if k and runs and runs[-1][2]:
                runs[-1] = (runs[-1][0], e, k)
            else:
                runs.append((s, e, k))
            if k:
                stats.parsed_tokens += e - s
        return runs, stats

    def _verb_hit(self, lemmas: set[str], lowers: set[str]) -> bool:
        for lemma in lemmas:
            reqs = self.verb_reqs.get(lemma)
            if not reqs:
                continue
            for obj, words, xcomp in reqs:
                if obj is not None and not (obj & lemmas):
                    continue
                if xcomp is not None and not (xcomp & lemmas):
                    continue
                if all(group & lowers for group in words):
                    return True
        return False


def _last_words(options: frozenset[str] | None) -> frozenset[str] | None:
    if options is None:
        return None
    return frozenset(o.split()[-1].lower() for o in options)


class FastParser:
    """Parses articles the fast way: the cheap pass, then the full pipeline on what counts."""

    def __init__(self, nlp: Language, prefilter: Prefilter, batch_size: int = 64,
                 disable: tuple[str, ...] = ()) -> None:
        self.nlp = nlp
        self.prefilter = prefilter
        self.batch_size = batch_size
        self.stats = PrefilterStats()
        self._root = nlp.vocab.strings.add("ROOT")
        self._dep = nlp.vocab.strings.add("dep")
        self._disable = [n for n in UNUSED_COMPONENTS + disable if n in nlp.pipe_names]

    def pipe(self, articles: Iterable[Article], batch_articles: int = 32
             ) -> Iterator[tuple[Doc, Article]]:
        """(Doc, Article) pairs in input order, streaming in batches of articles."""
        batch: list[Article] = []
        for a in articles:
            batch.append(a)
            if len(batch) >= batch_articles:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def parse(self, article: Article) -> Doc:
        return next(iter(self._batch([article])))[0]

    def _batch(self, articles: list[Article]) -> Iterator[tuple[Doc, Article]]:
        plans: list[_Plan] = []
        chunks: list[Doc] = []
        for a in articles:
            doc = self.nlp.make_doc(a.body)
            runs, stats = self.prefilter.plan(doc)
            self.stats.add(stats)
            plans.append(_Plan(a, doc, runs, list(self.prefilter.last_name_ends)
                               if self.prefilter.context == "names" else []))
            for s, e, parse in runs:
                if parse:
                    chunks.append(doc[s:e].as_doc())
        parsed = iter(self.nlp.pipe(chunks, batch_size=self.batch_size,
                                    disable=self._disable) if chunks else ())
        for plan in plans:
            parts: list[Doc] = []
            for s, e, parse in plan.runs:
                parts.append(next(parsed) if parse else self._flat(
                    plan.doc[s:e].as_doc(), [i - s for i in plan.name_ends if s <= i < e]))
            if not parts:
                yield self._flat(plan.doc) if len(plan.doc) else plan.doc, plan.article
            elif len(parts) == 1:
                yield parts[0], plan.article
            else:
                yield Doc.from_docs(parts, ensure_whitespace=False,
                                    exclude=["tensor", "user_data"]), plan.article

    def _flat(self, doc: Doc, names: list[int] | None = None) -> Doc:
        """Annotate a skipped run: no POS, no entity, one flat tree rooted at its first
        token, so that it stays one sentence and yields neither mention nor candidate."""
        n = len(doc)
        arr = np.zeros((n, 3), dtype="uint64")
        arr[:, 0] = (-np.arange(n, dtype="int64")).astype("uint64")
        arr[:, 1] = self._dep
        arr[0, 1] = self._root
        arr[:, 2] = 2  # O
        doc.from_array([HEAD, DEP, ENT_IOB], arr)
        for i in names or ():
            # context="names": the last token of a lexicon name heads a bare noun phrase,
            # so the actor resolver notes the country/person/organisation in context.
            doc[i].pos_ = "PROPN"
            doc[i].tag_ = "NNP"
        return doc


def fast_parser(coder: "Coder", context: str | None = None) -> FastParser:
    """The fast parser of a ``Coder`` (built once per context mode and kept on it); the
    context mode defaults to ``EVENTWIRE_FAST_CONTEXT`` or ``parse``."""
    import os

    context = context or os.environ.get("EVENTWIRE_FAST_CONTEXT", "parse")
    cache = coder.__dict__.setdefault("_fast_parsers", {})
    fp = cache.get(context)
    if fp is None:
        fp = FastParser(coder.nlp, Prefilter(coder.nlp, coder.events.index, coder.actors.lex,
                                             context=context), disable=coder.disabled)
        cache[context] = fp
    return fp


def code_articles_fast(coder: "Coder", articles: Iterable[Article], batch_size: int = 32
                       ) -> Iterator:
    """``Coder.code_articles`` the fast way, one process (CodedArticle per article)."""
    fp = fast_parser(coder)
    for doc, article in fp.pipe(articles, batch_articles=batch_size):
        yield coder.code_doc(doc, article)


class FastCoder:
    """A ``Coder`` look-alike whose ``code_article`` takes the fast path (for ``eval``)."""

    def __init__(self, coder: "Coder") -> None:
        self.coder = coder
        self.model = coder.model

    def code_article(self, article: Article):  # type: ignore[no-untyped-def]
        return self.coder.code_doc(fast_parser(self.coder).parse(article), article)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.coder, name)
