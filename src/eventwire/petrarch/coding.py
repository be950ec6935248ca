"""A Coder that uses imported dictionaries *instead of* ours (``--no-default-dicts``).

``Coder(dicts=[DIR])`` already uses converted dictionaries *alongside* ours. Replacing ours
needs ``include_ours=False`` threaded through ``Coder`` -> ``resolver_for``/``ActorResolver``
-> ``actor_lexicon`` -> ``load_lexicons`` and ``pattern_index`` (proposed in
docs/PETRARCH.md). Until ``Coder`` takes that parameter, this module builds the same thing
from the public pieces: the user's countries, agents, organisations, people and verbs only,
with our grammar kept.

"Instead of ours" replaces dictionaries, not grammar: our ``modality`` lexicon (how "agreed
to", "threatened", "denied" recode the act they govern) and our ``noise`` cues have no
counterpart in a PETRARCH dictionary set, so they stay. Country names from pycountry stay
too: they are not one of our lexicon files.

``make_coder(..., petrarch=True)`` is the **PETRARCH mode** used to reproduce PETRARCH's own
codings (bench/petrarch_compat.py): the same pieces with PETRARCH's reading of a sentence
where it differs from ours (``PetrarchEventCoder``, ``PetrarchPatternIndex``, a resolver
that treats every dictionary phrase as an actor). It is for compatibility checks and for
users who want PETRARCH's behaviour; our own coding is unchanged by it.
"""

from __future__ import annotations

import dataclasses
import inspect
from datetime import date
from typing import TYPE_CHECKING, Sequence

from spacy.tokens import Doc, Span, Token

from eventwire import cameo
from eventwire.coder import COMPOSING_MODES, Candidate, EventCoder, Trace, _subjects
from eventwire.lexicon import KINDS, Entry, LexiconSet, load_lexicons
from eventwire.models import ActorMention, Article, Event
from eventwire.patterns import Match, PatternIndex, _check_verb
from eventwire.petrarch.linear import LinearPattern, linear_patterns

if TYPE_CHECKING:
    from eventwire.coder import Coder

#: Kinds of ours kept when the user's dictionaries replace ours.
GRAMMAR_KINDS = ("modality", "noise")


def replacement_lexicons(dicts: Sequence[str]) -> LexiconSet:
    """The user's entries for every kind, plus our entries for the grammar kinds."""
    user = load_lexicons(tuple(str(d) for d in dicts), include_ours=False)
    ours = load_lexicons((), include_ours=True)
    lex = LexiconSet(entries={k: list(user[k]) for k in KINDS}, sources=list(user.sources))
    for kind in GRAMMAR_KINDS:
        lex.entries[kind] = list(ours[kind]) + list(user[kind])
    return lex


def petrarch_lexicons(lex: LexiconSet) -> LexiconSet:
    """A copy of ``lex`` without our composing governors ("agreed to talks" -> one AGREE
    event): PETRARCH has none; its dictionaries code the verb's own patterns
    (``URGE [102]``), and the governed verb is coded by its own."""
    out = LexiconSet(entries={k: list(v) for k, v in lex.entries.items()},
                     sources=list(lex.sources))
    out.entries["modality"] = [e for e in lex["modality"] if e["mode"] not in COMPOSING_MODES]
    return out


def reverse_codes(lex: LexiconSet) -> dict[str, str]:
    """``file:line`` of each verbs entry carrying a PETRARCH paired code's ``reverse`` code
    (``[032:033]``: "left for Minas Tirith" is a visit and, seen from the host, a visit
    received); patterns record the same ``file:line`` as ``Pattern.where``."""
    out: dict[str, str] = {}
    for e in lex["verbs"]:
        rev = e.get("reverse")
        if rev is not None and cameo.exists(str(rev)):
            out[f"{e.path}:{e.line}"] = str(rev)
    return out


class PetrarchPatternIndex(PatternIndex):
    """Our compiled patterns plus the entries' PETRARCH word-order forms (``linear.py``);
    a token takes whichever fitting pattern is the most specific, as in PETRARCH."""

    def __init__(self, lex: LexiconSet) -> None:
        self.linear: dict[str, list[LinearPattern]] = {}
        super().__init__(lex)
        for pats in self.linear.values():
            pats.sort(key=lambda p: -p.specificity)

    def _add_entry(self, e: Entry) -> None:
        super()._add_entry(e)
        forms = e.get("petrarch") or []
        for p in linear_patterns(str(e["code"]).strip(), forms, f"{e.path}:{e.line}"):
            for h in p.head:
                self.linear.setdefault(h, []).append(p)

    def match_token(self, tok: Token) -> Match | None:
        best = super().match_token(tok)
        if tok.pos_ not in ("VERB", "AUX"):
            return best
        lemma = tok.lemma_.lower()
        if tok.lower_ != lemma and tok.lower_ in self.verbs:
            # A block for the written form ("LEFT [032:033]") is PETRARCH's match for
            # "left", not the block of its lemma ("LEAVE").
            best = next((m for m in map(lambda p: _check_verb(p, tok), self.verbs[tok.lower_])
                         if m is not None), best)
        for p in self.linear.get(tok.lemma_.lower()) or self.linear.get(tok.lower_, ()):
            if best is not None and best.pattern.specificity >= p.specificity:
                break
            if p.positions(tok) is not None:
                return Match(p, tok, None, frozenset())
        return best


class PetrarchEventCoder(EventCoder):
    """Our event coder with the behaviours PETRARCH dictionaries are written for.

    - **Targets**: PETRARCH's target is the first actor in the verb phrase, whatever the
      preposition ("renewing his license in Michel Delving" -> the Shire's government); ours
      reads "in X" as a place. When our rules find no target, the first actor in the
      trigger's phrase after it is taken (never one outside that phrase: PETRARCH has no
      nearest-actor fallback).
    - **No composition**: PETRARCH codes the act a verb names whatever its tense ("will
      contribute aid" is 07x; ours reads a future act as an intention, 03x) and has no
      governors ("urged Bree to help" is URGE's own code, not an appeal recoding "help"):
      the index it is given comes from ``petrarch_lexicons``, without our composing
      governors, so neither recoding happens.
    - **Paired codes**: ``[032:033]`` also codes the reverse event (target -> source) with
      the second code, read from the verbs entry's ``reverse`` key.
    - **Source after the verb**: a word-order pattern with ``$`` after the verb (``+ WAS *
      DEAD IN $``) takes the source from there and the subject as the target.
    - **require_dyad** (PETRARCH's default, and what the unit-test file's DEMO-01 states):
      an event without a target is not coded.
    """

    def __init__(self, index: PatternIndex, dicts: tuple[str, ...] = (),
                 reverse: dict[str, str] | None = None, require_dyad: bool = True,
                 **kw: object) -> None:
        super().__init__(index, dicts, **kw)  # type: ignore[arg-type]
        self.reverse = reverse or {}
        #: PETRARCH's default: an event needs both a source and a target actor.
        self.require_dyad = require_dyad

    def _roles(self, c: Candidate, by_token: dict[int, list[ActorMention]]
               ) -> tuple[list[ActorMention], list[ActorMention], str]:
        p = c.match.pattern
        linear = p if isinstance(p, LinearPattern) else None
        if linear is not None and linear.source_after is not None:
            # "+ WAS * DEAD IN $": the source follows the verb, the subject is the target.
            src = linear.actor_after(c.trigger, "source", by_token)
            if src is not None:
                tgt = linear.actor_after(c.trigger, "target", by_token)
                return [src], [tgt] if tgt is not None else _subjects(c.trigger, by_token), \
                    " | source after the verb, target the subject (PETRARCH $ pattern)"
        sources, targets, how = super()._roles(c, by_token)
        if not sources and not c.match.pattern.nominal and c.governor is None and \
                any(ch.dep_ == "nsubjpass" for ch in c.trigger.children):
            # PETRARCH reads no voice: the subject of "was criticized over its dispute with
            # Eriador" is the source, the verb phrase's actor the target.
            sources = _subjects_passive(c.trigger, by_token)
            targets = [t for t in targets if t not in sources]
            how += " | passive subject as source (PETRARCH)"
        if linear is not None and linear.target_after is not None:
            # "* EID AT ^ WITH +": the target is where the pattern puts it.
            tgt = linear.actor_after(c.trigger, "target", by_token)
            if tgt is not None and tgt not in sources:
                return sources, [tgt], how + " | target where the PETRARCH pattern puts it"
        if linear is not None and linear.compound and linear.target_after is None:
            # "% * [030]": the members of the compound subject act on each other.
            return sources, list(sources), how + " | compound subject pattern (PETRARCH %)"
        if any(t.resolved_by == "rule" and t.head is None for t in targets):
            # Our implicit domestic party ("police detained dozens" -> the public) is a
            # convention PETRARCH does not have.
            targets = []
        if sources and not targets and not c.dropped:
            first = _first_in_phrase(c.trigger, sources, by_token)
            if first is not None:
                targets = [first]
                how += " | target: first actor in the verb phrase (PETRARCH)"
        return sources, targets, how

    def _mode(self, c: Candidate) -> None:
        p = c.match.pattern
        if isinstance(p, LinearPattern) and p.before:
            # The pattern names the words before the verb ("- INDICATED SHOULD *", "- NOT
            # *"): it has decided what the modal context means; ours does not drop it.
            c.rule += " | modal context read by the PETRARCH pattern"
            return
        super()._mode(c)

    def _nearest_other(self, c: Candidate, sources: list[ActorMention],
                       mentions: list[ActorMention]) -> list[ActorMention]:
        return []  # PETRARCH looks for a target inside the verb phrase only (``_roles``)

    def code_sentence(self, doc: Doc, sent: Span, sid: int, mentions: list[ActorMention],
                      article: Article, ref: date | None) -> Trace:
        trace = super().code_sentence(doc, sent, sid, mentions, article, ref)
        for c in trace.candidates:
            if self.require_dyad and c.events:
                c.events = [e for e in c.events
                            if e.source_actor is not None and e.target_actor is not None]
                if not c.events:
                    c.dropped = "no target actor (PETRARCH's require_dyad)"
            rev = self.reverse.get(c.match.pattern.where)
            if rev is None or c.code != c.match.pattern.code:
                continue  # no paired code, or a governor recoded the act
            have = {(e.source_actor.code if e.source_actor else None,
                     e.target_actor.code if e.target_actor else None, e.cameo_code)
                    for e in c.events}
            for e in list(c.events):
                if e.source_actor is None or e.target_actor is None:
                    continue
                key = (e.target_actor.code, e.source_actor.code, rev)
                if key not in have:
                    have.add(key)
                    c.events.append(_reversed(e, rev))
        return trace


def _no_places(resolver_cls: type) -> type:
    """``resolver_cls`` with every dictionary phrase an actor, in a place phrase too.

    PETRARCH has no notion of a place: "renewing his license in Michel Delving" names the
    Shire's government as the target. Ours reads "in Michel Delving" as where, not who.
    It matches every dictionary phrase wherever it stands, so a country name modifying
    another noun ("Libya crowds", in a test sentence with words left out) is an actor too.
    """
    class PetrarchResolver(resolver_cls):  # type: ignore[misc, valid-type]
        def _is_locative(self, tok: Token, objects: bool = True) -> bool:
            return False

        def _inside_other_name(self, *args: object) -> bool:
            return False
    return PetrarchResolver


def _subjects_passive(verb: Token, by_token: dict[int, list[ActorMention]]
                      ) -> list[ActorMention]:
    """The actors of a passive subject and its conjuncts (PETRARCH's source)."""
    out: list[ActorMention] = []
    for ch in verb.children:
        if ch.dep_ == "nsubjpass":
            out.extend(m for m in by_token.get(ch.i, []) if m not in out)
            for conj in ch.children:
                if conj.dep_ == "conj":
                    out.extend(m for m in by_token.get(conj.i, []) if m not in out)
    return out


def _first_in_phrase(trigger: Token, sources: list[ActorMention],
                     by_token: dict[int, list[ActorMention]]) -> ActorMention | None:
    """The first actor after the trigger inside its own phrase, other than the sources."""
    own = {s.code for s in sources}
    for tok in trigger.subtree:
        if tok.i <= trigger.i:
            continue
        for m in by_token.get(tok.i, []):
            if m.head == tok.i and m.code not in own and m not in sources:
                return m
    return None


def _reversed(e: Event, code: str) -> Event:
    info = cameo.get(code)
    return dataclasses.replace(
        e, event_id=f"{e.event_id}-r{code}", source_actor=e.target_actor,
        target_actor=e.source_actor, cameo_code=info.code, cameo_root=info.root,
        quad_class=info.quad_class, goldstein=info.goldstein, plover_type=info.plover_type,
        plover_mode=info.plover_mode, plover_context=info.plover_context,
        rule=f"{e.rule} | reverse of a PETRARCH paired code")


def make_coder(dicts: Sequence[str] = (), include_ours: bool = True,
               model: str | None = None, petrarch: bool = False) -> "Coder":
    """An ``eventwire.coder.Coder`` over ``dicts``, with or without our dictionaries;
    ``petrarch`` swaps in ``PetrarchEventCoder`` (PETRARCH's target, tense and paired-code
    behaviour) for reproducing PETRARCH's codings."""
    from eventwire.actors import ActorLexicon, ActorResolver
    from eventwire.coder import Coder

    dicts = tuple(str(d) for d in dicts)
    if include_ours and not petrarch:
        return Coder(model=model, dicts=dicts)
    if not petrarch and "include_ours" in inspect.signature(Coder.__init__).parameters:
        return Coder(model=model, dicts=dicts, include_ours=False)  # type: ignore[call-arg]
    lex = load_lexicons(dicts) if include_ours else replacement_lexicons(dicts)
    # Built with our lexicons first (cached, cheap), then pointed at the replacement set:
    # only attributes the constructors themselves set from the lexicons are replaced.
    coder = Coder(model=model, dicts=())
    if petrarch:
        lex = petrarch_lexicons(lex)
    index = PetrarchPatternIndex(lex) if petrarch else PatternIndex(lex)
    resolver = (_no_places(ActorResolver) if petrarch else ActorResolver)(coder.nlp, ())
    resolver.dicts = dicts
    resolver.lex = ActorLexicon(coder.nlp, lex)
    resolver.event_nouns = frozenset(index.nouns)
    coder.dicts = dicts
    coder.actors = resolver
    coder.events = (PetrarchEventCoder(index, dicts, reverse_codes(lex)) if petrarch
                    else EventCoder(index, dicts))
    return coder
