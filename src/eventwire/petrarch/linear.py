"""PETRARCH's word-order patterns, kept beside our grammar for the PETRARCH-mode coder.

Our pattern grammar (``verb +object prep >xcomp``) reads the dependency parse; many PETRARCH
patterns say something it cannot: a noun inside a prepositional phrase (``- * (ON
RESOLUTION)``), words before the verb (``- HEAVILY *``, ``- % HAVE *``), any word of the
object phrase (``- * ARTILLERY`` on "fired two artillery shells"), or a source after the
verb (``- + WAS * DEAD IN $``). PETRARCH itself matches a pattern's words in order against
the words of the verb phrase after the verb and of the sentence before it.

The importer therefore also writes every coded pattern as a *word-order form* (the entry's
``petrarch`` list, see :func:`linear_form`); our own coder ignores it, and
``eventwire.petrarch.coding.PetrarchEventCoder`` matches it with :class:`LinearPattern`:

- ``after``: elements that must occur in this order among the words of the verb's phrase
  after the verb (other words may come between them; the words of one element, PETRARCH's
  ``A_B`` or ``{A B}``, are consecutive);
- ``before``: the same for the words of the sentence before the verb;
- ``compound``: ``%`` before the verb, the subject is a coordination ("Gondor and
  Osgiliath have postponed");
- ``source_after`` / ``target_after``: ``$`` / ``+`` after the verb: the source / target is
  the first actor after the word matched by that many ``after`` elements, passing over one
  actor per ``^`` (TABARI's skipped phrase) right before the marker (``source_skip``,
  ``target_skip``); with ``$`` after the verb the subject is the target.

Otherwise ``^`` needs nothing (gaps are allowed), nor do ``+``/``$`` in their usual places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from spacy.tokens import Token

from eventwire.patterns import Pattern

#: One element: its alternatives, each a tuple of consecutive words.
Element = tuple[tuple[str, ...], ...]


def linear_form(body: str, toks: Sequence[Any], expand: Any) -> dict[str, Any] | None:
    """The word-order form of a pattern ``body`` tokenised by ``verbs._tokens``, or None
    when it has no verb marker. ``expand`` turns a PETRARCH phrase into its word
    sequences. ``RECENTLY_*`` / ``*_TO`` join the word to the verb (``adjacent``)."""
    if "*" not in toks:
        return None
    star = toks.index("*")
    out: dict[str, Any] = {"before": [], "after": []}
    joined = [side for side, glue in (("before", "_*"), ("after", "*_")) if glue in body]
    if joined:
        out["adjacent"] = joined
    for side, items in (("before", toks[:star]), ("after", toks[star + 1:])):
        skips = 0
        for t in _flatten(items):
            if t == "%" and side == "before":
                out["compound"] = True
            elif t in ("$", "+") and side == "after":
                role = "source" if t == "$" else "target"
                out[f"{role}_after"] = len(out["after"])
                if skips:
                    out[f"{role}_skip"] = skips
            elif t == "^":
                skips += 1
            elif isinstance(t, tuple):
                out[side].append([" ".join(seq) for seq in expand(t[1])])
                skips = 0
    return out


def _flatten(items: Sequence[Any]) -> list[Any]:
    flat: list[Any] = []
    for t in items:
        if isinstance(t, tuple) and t[0] == "pp":
            flat.extend(_flatten(t[1]))
        else:
            flat.append(t)
    return flat


@dataclass(frozen=True)
class LinearPattern(Pattern):
    """A PETRARCH word-order pattern as one of our ``Pattern``s (so a ``Match`` carries it)."""

    before: tuple[Element, ...] = ()
    after: tuple[Element, ...] = ()
    compound: bool = False
    source_after: int | None = None
    target_after: int | None = None
    #: Actors to pass over (``^``, TABARI's skipped phrase) before the source / target.
    source_skip: int = 0
    target_skip: int = 0
    adjacent: frozenset[str] = frozenset()

    def actor_after(self, tok: Token, role: str, by_token: dict[int, list[Any]]
                    ) -> Any | None:
        """The actor mention where this pattern puts ``role`` ("source"/"target") after
        the verb: the first one after the word matched before the marker, less skips."""
        n = self.source_after if role == "source" else self.target_after
        if n is None:
            return None
        ends = self.positions(tok) or []
        after = ends[n - 1] if n and len(ends) >= n else tok.i
        skip = self.source_skip if role == "source" else self.target_skip
        seen: list[Any] = []
        for t in sorted(tok.subtree, key=lambda t: t.i):
            if t.i <= after:
                continue
            for m in by_token.get(t.i, []):
                if m.head == t.i and m not in seen:
                    seen.append(m)
                    if len(seen) > skip:
                        return m
        return None

    @property
    def specificity(self) -> int:
        # PETRARCH prefers the longest pattern; a word costs as much as our object noun.
        words = sum(max(len(a) for a in el) for el in self.before + self.after)
        return 1 + 3 * words + (1 if self.compound else 0)

    def positions(self, tok: Token) -> list[int] | None:
        """Token index of the last word of each ``after`` element, or None if no match."""
        if self.compound and not _compound_subject(tok):
            return None
        sent = tok.sent
        if self.before:
            words = [t for t in sent if t.i < tok.i]
            if "before" in self.adjacent:
                # The last element must end right before the verb: match it reversed.
                words = words[-max(len(a) for a in self.before[-1]):]
                ok = any(len(a) <= len(words) and all(_word(t, w) for t, w in
                                                       zip(words[-len(a):], a))
                         for a in self.before[-1])
                if not ok or _in_order(self.before[:-1], [t for t in sent if t.i < tok.i
                                                          ][:-1]) is None:
                    return None
            elif _in_order(self.before, words) is None:
                return None
        return _in_order(self.after, sorted((t for t in tok.subtree if t.i > tok.i),
                                            key=lambda t: t.i),
                         first_at_start="after" in self.adjacent)


def _in_order(elements: Sequence[Element], tokens: list[Token],
              first_at_start: bool = False) -> list[int] | None:
    pos = 0
    ends: list[int] = []
    for n, el in enumerate(elements):
        hit = None
        last = 1 if first_at_start and n == 0 else len(tokens)
        for start in range(pos, min(last, len(tokens))):
            for alt in el:
                if start + len(alt) <= len(tokens) and all(
                        _word(tokens[start + k], w) for k, w in enumerate(alt)):
                    hit = start + len(alt)
                    break
            if hit is not None:
                break
        if hit is None:
            return None
        ends.append(tokens[hit - 1].i)
        pos = hit
    return ends


def _word(tok: Token, word: str) -> bool:
    # Written forms, as PETRARCH matches them ("* RESOLUTION" fails on "resolutions").
    return word == tok.lower_


def _compound_subject(tok: Token) -> bool:
    v = tok
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return any(c.dep_ == "conj" for s in subj for c in s.children)
        if v.dep_ in ("xcomp", "conj", "ccomp") and v.head.i != v.i:
            v = v.head
            continue
        return False
    return False


def linear_patterns(entry_code: str, forms: list[dict[str, Any]], where: str
                    ) -> list[LinearPattern]:
    """The ``petrarch`` forms of one verbs entry as patterns, one per form."""
    out = []
    for f in forms:
        heads = frozenset(h.replace("_", " ") for h in str(f.get("verbs", "")).split("|") if h)
        if not heads:
            continue
        out.append(LinearPattern(
            code=entry_code, head=heads, obj=None, words=(), xcomp=None, nominal=False,
            text=f"PETRARCH - {f.get('pattern', '')}", where=where,
            before=_elements(f.get("before")), after=_elements(f.get("after")),
            compound=bool(f.get("compound")),
            source_after=f.get("source_after"), target_after=f.get("target_after"),
            source_skip=int(f.get("source_skip") or 0),
            target_skip=int(f.get("target_skip") or 0),
            adjacent=frozenset(f.get("adjacent") or ())))
    return out


def _elements(raw: Any) -> tuple[Element, ...]:
    return tuple(tuple(tuple(str(a).lower().split()) for a in el) for el in (raw or []))
