"""The event coder: who did what to whom, when and where, from a parsed article.

For each sentence the coder (1) finds trigger candidates — tokens whose lemma heads a pattern
of the verbs lexicon and whose dependents fit it; (2) works out the act's mode from the
governors above it ("agreed to" talks is an intention, "threatened" strikes a threat,
"vowed not to" give in a refusal, a "said" above it makes it reported) and recodes it with
the modality lexicon; (3) fills source and target from the dependency roles around the
trigger, using the actor mentions of ``eventwire.actors``; (4) drops what is negated,
hypothetical, asked, denied or sports; (5) dates and places each event.

Every decision is recorded in a ``Trace`` so that ``eventwire explain`` can show why each
candidate became an event or was dropped: the coder stays explainable, rule by rule.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Callable, Container, Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventwire import cameo
from eventwire.actors import BUILDING_NOUNS, PAIR_NOUNS, ActorResolver, resolver_for
from eventwire.dates import article_default, find_expressions, number_word, parse_reference, \
    resolve_expression, shifted
from eventwire.entities import NER_MODES, Entities, code_batched
from eventwire.models import ActorMention, Article, CodedArticle, Event, EventDate, \
    Location, Sentence, stable_id
from eventwire.nlp import load_pipeline, model_name
from eventwire.patterns import ACTOR_OBJECT, Governor, Match, PatternIndex, pattern_index
from eventwire.noise import article_domain, noise_domain
from eventwire.places import dateline_location, lookup

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
STRONG_TARGET_PREPS = frozenset({"against", "on", "to", "toward", "towards", "from", "at", "into",
                                 "between", "upon", "onto"})
WEAK_TARGET_PREPS = frozenset({"with", "over", "for", "among"})
NON_TARGET_PREPS = frozenset({"of", "after", "before", "since", "during", "because", "despite",
                              "in", "amid", "until", "by"})
CLAUSE_LINKS = ("xcomp", "ccomp", "conj", "advcl", "pcomp", "acl", "relcl")
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})
HEDGE_AUX = frozenset({"could", "might", "may"})
GOAL_NOUNS = frozenset({"aim", "goal", "objective", "ambition", "dream", "hope", "purpose",
                        "intention", "priority", "mission", "task", "challenge"})
#: Roots whose acts go to a recipient named with "to" (aid, material cooperation, intents).
RECIPIENT_ROOTS = frozenset({"03", "06", "07"})
#: Visits and hosting: the place named is the other party ("arrived in Havana" -> CUB).
VISIT_CODES = ("042", "043")
#: Force, posture and coercion: a place they are aimed at names the party aimed at.
FORCE_ROOTS = frozenset({"15", "17", "18", "19", "20"})
#: Acts that are mutual whoever the sentence makes the subject: talks, meetings at a third
#: place, negotiations, signing an agreement, joint exercises (CAMEO's own definitions).
SYMMETRIC_CODES = ("040", "041", "044", "046", "057", "062")
UNKNOWN_SOURCE_ROOTS = frozenset({"18", "19", "20"})
#: Governor modes that recode or reattribute the act they govern ("agreed to talks" is one
#: AGREE event by the one who agreed, not AGREE + CONSULT).
COMPOSING_MODES = ("intended", "threatened", "rejected", "demanded", "appealed", "caused",
                   "acknowledged")
#: Governor modes whose act is not coded, with the reason `explain` gives.
DROPPING_MODES = {"denied": "denied", "hypothetical": "hypothetical",
                  "prevented": "did not happen", "alleged": "the content of an accusation",
                  "topic": "what a comment is about"}
#: A governor of these modes is not an act of its own either (it drops what it governs).
DROPPING_MODES_KEYS = ("denied", "hypothetical")
#: Prepositions through which a verb governs a nominal act ("agreed to talks", "called for
#: sanctions", "insisted on a ceasefire"); "after the coup" or "during talks" govern nothing.
#: Prepositions of circumstance: the act they introduce is background that did happen
#: ("pledged cooperation during Xi's visit", "refused to step down despite protests"), so a
#: governor above them does not reach it.
CIRCUMSTANCE_PREPS = frozenset({"after", "before", "during", "amid", "amidst", "following",
                                "despite", "since", "until", "throughout"})
GOVERNOR_PREPS = frozenset({"to", "for", "on", "upon", "in", "into", "of", "against", "with",
                            "from"})
#: Modifiers that make a nominal event one that has not happened ("the coming summit").
NOT_YET = frozenset({"coming", "upcoming", "planned", "proposed", "possible", "potential",
                     "future", "expected", "scheduled", "prospective", "mooted", "would-be",
                     "simulated", "mock", "fictional", "fictitious", "imaginary",
                     "hypothetical"})
SYMMETRIC_ROOTS = frozenset({"03", "04", "05", "06"})
#: De-escalation two coordinated sides do together ("Indian and Chinese troops pulled back",
#: "both sides held their fire"): each toward the other.
MUTUAL_RETREAT = "087"
#: Comments, endorsements and condemnations: their target may be the party of what they
#: are about ("denounced the coup in Burkina Faso").
TOPIC_ROOTS = frozenset({"01", "05", "11"})
#: Prepositions that name what a comment is about, or carry it further ("responsibility for
#: the killings", "a statement about the fighting").
TOPIC_PREPS = frozenset({"about", "on", "over", "for", "into", "of"})
#: Quantities whose "of" phrase is what is counted ("hundreds of Yazidi men").
COUNT_NOUNS = frozenset({"hundred", "thousand", "dozen", "score", "million", "ten", "number",
                         "group", "handful"})
#: Pair nouns that name the two parties' states as a whole ("both countries").
STATE_PAIR_NOUNS = frozenset({"country", "nation", "state"})
#: Mediating and hosting talks: between the parties of the talks.
BROKER_CODES = ("043", "045")
#: Acts that answer another's act: concessions (08) and shows of force (15).
ANSWERING_ROOTS = frozenset({"08", "15"})
#: Subordinators of a clause that occasions an act ("after Indian jets crossed the border").
OCCASION_MARKS = frozenset({"after", "as", "when", "once", "because"})
#: Prepositions of a place phrase ("over the Sea of Japan", "on the island of St Vincent"):
#: where an act happens, not who it is done with.
LOCATIVE_PREPS = frozenset({"in", "on", "at", "over", "near", "off", "around", "across",
                            "along", "through", "inside", "outside", "above", "within"})



@dataclass
class Candidate:
    """A trigger under consideration, with everything decided about it so far."""

    match: Match
    code: str
    mode: str = "asserted"
    governor: Token | None = None
    governor_mode: str | None = None
    rule: str = ""
    dropped: str | None = None
    events: list[Event] = field(default_factory=list)
    sources: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    #: The roles ruled a target out ("an investigation into the deaths of protesters" is
    #: not aimed at the dead): the nearest-actor fallback must not bring one back.
    no_target: bool = False

    @property
    def trigger(self) -> Token:
        return self.match.trigger


@dataclass
class Trace:
    """What the coder saw and decided in one sentence (for ``eventwire explain``)."""

    sentence_id: int
    text: str
    mentions: list[ActorMention]
    candidates: list[Candidate]


class EventCoder:
    """Rules that turn one parsed sentence and its actor mentions into events."""

    def __init__(self, index: PatternIndex, dicts: tuple[str, ...] = (),
                 place_country: Callable[[str], str | None] | None = None,
                 name_country: Callable[[str], str | None] | None = None,
                 ents: Entities | None = None,
                 sector_of: Callable[[str], str | None] | None = None) -> None:
        self.index = index
        #: Sector of an agent noun ("parliament" -> LEG), for institutions named by their
        #: building ("rallied outside parliament").
        self.sector_of = sector_of
        #: Entity labels, run per sentence on demand when the pipeline skipped NER.
        self.ents = ents or Entities(None)
        self.dicts = dicts
        #: Country code of a place name ("Havana" -> CUB), for acts whose target is where
        #: they happen: a visit's host ("arrived in Havana").
        self.place_country = place_country
        #: Country a name or demonym stands for ("British" -> GBR), for owned things.
        self.name_country = name_country
        #: The non-political domain of the story being coded (``noise.article_domain``),
        #: set per article by ``Coder.code_doc``: a sports story's sentences code nothing
        #: even where they have no sports cue of their own.
        self.story_domain: str | None = None
        #: The parties of the article's latest mutual act (talks, a signing), set as events
        #: are coded and reset per article by ``Coder.code_doc``: "The talks were mediated
        #: by the African Union" mediates between them.
        self.parties: list[ActorMention] = []

    # -- the pipeline per sentence ------------------------------------------------------------
    def code_sentence(self, doc: Doc, sent: Span, sid: int, mentions: list[ActorMention],
                      article: Article, ref: date | None) -> Trace:
        mentions = self._sides_as_parties(sent, sid, mentions)
        text = sent.text  # (a Span builds its text token by token on every read)
        trace = Trace(sid, text.strip(), mentions, [])
        by_token = _mention_index(mentions)
        self.index.actor_heads = frozenset(m.head for m in mentions if m.head is not None)
        try:
            cands = self._candidates(sent)
        finally:
            self.index.actor_heads = frozenset()
        trace.candidates = cands
        if text.rstrip().endswith("?"):
            for c in cands:
                c.dropped = c.dropped or "question"
        domain = noise_domain(text, self.dicts) or self.story_domain
        if domain is not None:
            for c in cands:
                c.dropped = c.dropped or f"{domain} context"
        seen: set[tuple[str, str | None, str | None]] = set()
        for c in cands:
            if c.dropped:
                continue
            self._mode(c)
            if c.dropped:
                continue
            sources, targets, how = self._roles(c, by_token)
            c.rule += how
            if c.dropped:
                continue
            if c.code == "042" and _movement_not_visit(c.trigger, sources):
                c.dropped = "troops, police, goods or travellers arriving: not a visit"
                continue
            if c.code == "0874" and c.trigger.lemma_.lower() in ("leave", "retreat") and \
                    not c.match.pattern.obj and \
                    any(s.sector and s.sector not in ARMED_SECTORS for s in sources):
                # (a state named as a whole may withdraw: "the US left Afghanistan")
                c.dropped = "a departure or a policy retreat, not a military withdrawal"
                continue
            if c.match.code in ("040", "041") and targets and not c.match.pattern.nominal and \
                    c.match.pattern.obj is None:
                # "ministers discussed sanctions against Russia", "discussed aid to Ukraine":
                # a party named in what is discussed takes no part in the talks.
                topical = [t for t in targets if _in_topic(sent.doc, t, c.trigger)]
                if topical:
                    targets = [t for t in targets if t not in topical]
                    c.no_target = True
                    if len(sources) < 2 and not targets:
                        c.dropped = "a party named in the topic discussed, no partner"
                        continue
            if sources and not targets:
                targets = _conjunct_targets(c, cands, sources)
                if targets:
                    c.rule += " | target: shared with coordinated clause"
            if sources and not targets and not c.no_target and c.code[:2] in FORCE_ROOTS:
                # "attacked the town of Halabja with poison gas, killing thousands of
                # civilians": the victims of the outcome are whom the attack hit.
                targets = _tokens_mentions(
                    [o for d in cands if d.trigger.head.i == c.trigger.i and
                     d.trigger.dep_ == "advcl" and d.trigger.tag_ == "VBG" and
                     d.code[:2] in UNKNOWN_SOURCE_ROOTS
                     for o in d.trigger.children if o.dep_ == "dobj"], by_token)
                targets = [t for t in targets if t.code not in {s_.code for s_ in sources}]
                if targets:
                    c.rule += " | target: the victims of its outcome"
            if sources and not targets and c.code.startswith(BROKER_CODES):
                # "The talks were mediated by the AU", "talks hosted by Venezuela": between
                # the parties of the talks the article reported last.
                codes = {s_.code for s_ in sources}
                targets = [p for p in self.parties if p.code not in codes]
                if targets:
                    c.rule += " | target: the parties of the talks reported last"
            if len(sources) == 1 and not targets and not c.no_target:
                # (Two or more sources of a mutual act pair with each other instead.)
                targets = self._nearest_other(c, sources, mentions)
                if targets:
                    c.rule += " | target: nearest other actor in the sentence (fallback)"
            obj = c.match.obj
            if len(sources) >= 2 and obj is not None and targets and \
                    c.trigger.lemma_.lower() in self.index.reciprocal and \
                    all(t.head is not None and obj.left_edge.i <= t.head <= obj.right_edge.i
                        for t in targets):
                # "the army and the RSF fought for control of Khartoum": what two sides
                # fight over is no third party; they fight each other.
                targets = []
                c.rule += " | each side against the other"
            c.sources, c.targets = sources, targets
            pairs = _pairs(sources, targets, c.code,
                           reciprocal=c.trigger.lemma_.lower() in self.index.reciprocal)
            if not pairs and targets and c.code[:2] in UNKNOWN_SOURCE_ROOTS and \
                    self._unnamed_attacker(c):
                # "Gunmen killed 26 tourists", "a roadside bomb killed four soldiers": violence
                # is coded against its victims even when the attacker is not named.
                pairs = [(None, t) for t in targets]
                c.rule += " | source unknown"
            if not pairs:
                c.dropped = "no source actor" if not sources else "source is its own target"
                continue
            when = self._date(c, sent, ref)
            where = self._place(c, sent, by_token, article)
            for s, t in pairs:
                code = _riot(c.code, s, t)
                if code != c.code:
                    c.rule += (" | civilians fighting security forces: riot (145)"
                               if code == "145" else
                               " | security forces firing on civilians: repression (175)")
                key = (code, s.code if s else None, t.code if t else None)
                if key in seen:
                    continue
                seen.add(key)
                c.events.append(self._event(c, s, t, when, where, sent, sid, article, code))
                if code.startswith("043") and s is not None and t is not None and \
                        t.head is not None and _hosted_guest(sent.doc[t.head], c.trigger) and \
                        ("042", t.code, s.code) not in seen:
                    # Hosting a visit is the guest's visit seen from the host (CAMEO 043/042).
                    seen.add(("042", t.code, s.code))
                    c.events.append(self._event(c, t, s, when, where, sent, sid, article, "042"))
            if not c.events:
                c.dropped = "duplicate of an event already coded in this sentence"
            elif c.code.startswith(SYMMETRIC_CODES):
                sides = {m.code: m for m in sources + targets}
                if len(sides) >= 2:
                    self.parties = list(sides.values())
        self._attack_tolls(cands, sent, sid, by_token, article, ref)
        _drop_consequences(cands, self.index.governors)
        _drop_unattributed_duplicates(cands)
        return trace

    def _attack_tolls(self, cands: list[Candidate], sent: Span, sid: int,
                      by_token: dict[int, list[ActorMention]], article: Article,
                      ref: date | None) -> None:
        """"A U.S. drone strike in Baghdad killed the Iranian general", "an attack on a UN
        base killed a peacekeeper": violence whose subject is a named attack is that
        attack's toll, one act. The attack is coded, aimed at whom the verb names when its
        own phrase named only a place (or no one); the verb's event is dropped."""
        nominal = {c.trigger.i: c for c in cands if c.events and c.match.pattern.nominal and
                   c.code[:2] in UNKNOWN_SOURCE_ROOTS}
        if not nominal:
            return
        for v in cands:
            if not v.events or v.match.pattern.nominal or v.code[:2] not in UNKNOWN_SOURCE_ROOTS:
                continue
            n = next((nominal[ch.i] for ch in v.trigger.children
                      if ch.dep_ == "nsubj" and ch.i in nominal), None)
            if n is None:
                continue
            # The time phrase hangs on the verb ("killed ... on Friday"): it dates the attack.
            when = v.events[0].event_date
            if v.targets and all(t.resolved_by == "rule" for t in n.targets):
                where = self._place(n, sent, by_token, article)
                n.targets = list(v.targets)
                n.events = [self._event(n, s, t, when, where, sent, sid, article)
                            for s in (n.sources or [None]) for t in v.targets]
                n.rule += f" | target: whom its toll '{v.trigger.text}' names"
            elif when.expression is not None:
                n.events = [replace(e, event_date=when) if e.event_date.expression is None
                            else e for e in n.events]
            v.events = []
            v.dropped = f"toll of '{n.trigger.text}', already coded"

    def _sides_as_parties(self, sent: Span, sid: int, mentions: list[ActorMention]
                          ) -> list[ActorMention]:
        """"The two presidents agreed to meet again", "talks between the two sides": a pair
        reference names the parties of the article's latest mutual act (the meeting, the
        signing), not the last two countries the resolver found ("Brazil, which borders
        both countries, ..."), and may be two of one country (an army and a militia, which
        the resolver's country count cannot pair). A sentence that itself names two actors
        before the reference keeps the resolver's local reading ("Islamic Jihad fired
        rockets ... and the two sides agreed")."""
        if len(self.parties) != 2:
            return mentions
        doc = sent.doc
        spans: dict[int, list[ActorMention]] = {}
        for m in mentions:
            if m.resolved_by == "coreference" and m.head is not None:
                spans.setdefault(m.head, []).append(m)
        party_countries = {p.country for p in self.parties}
        out = list(mentions)
        for tok in sent:
            if not _pair_reference(tok):
                continue
            pair = spans.get(tok.i, [])
            if any(m.head == tok.i and m not in pair for m in mentions) or len(pair) == 1 or \
                    {m.country for m in pair} == party_countries:
                continue
            start = tok.left_edge.i
            if len({m.code for m in mentions if m.resolved_by != "coreference" and
                    m.token_end <= start}) >= 2:
                continue
            sector = pair[0].sector if pair else None
            distinct = len(party_countries) == 2
            # "both countries" are the parties' states; "the two sides" the parties.
            states = distinct and tok.lemma_.lower() in STATE_PAIR_NOUNS
            span = doc[start:tok.i + 1]
            new = [ActorMention(
                article_id=p.article_id, sentence_id=sid,
                start=span.start_char, end=span.end_char, token_start=span.start,
                token_end=span.end, text=span.text,
                code=(p.country + sector if sector and distinct and p.country else
                      p.country if states and p.country else p.code),
                country=p.country, sector=sector if sector and distinct else p.sector,
                kind="state", resolved_by="coreference", antecedent=p.text,
                confidence=0.6, head=tok.i)
                for p in self.parties]
            out = [m for m in out if m not in pair] + new
        return out

    def _nearest_other(self, c: Candidate, sources: list[ActorMention],
                       mentions: list[ActorMention]) -> list[ActorMention]:
        """When syntax names no target, the closest other actor in the sentence is the most
        likely one ("the president resigned after protesters overran his residence"), less
        trusted; reporters of the sentence ("…, South Korean media reported") never are."""
        src = {m.code for m in sources}
        tok = c.trigger
        if _reason_for_response(tok, self.index):
            return []
        best: tuple[int, ActorMention] | None = None
        for m in mentions:
            if m.code in src or m in sources or m.head is None:
                continue
            head = tok.doc[m.head]
            if head.dep_ in ("nsubj", "nsubjpass") and self.index.reports(head.head):
                continue
            if m.resolved_by == "coreference" and m.country in {s.country for s in sources}:
                continue
            if m.code in {s.country for s in sources} or (
                    m.country in {s.code for s in sources if s.sector is None}):
                continue  # the source's own state (or a state's own organ) is not its target
            if head.dep_ == "pobj" and head.head.lower_ in ("in", "at", "on", "near", "of",
                                                             "across", "around", "through",
                                                             "outside", "inside", "over"):
                continue  # a place-like phrase ("on the island of St Vincent"), not a party
            dist = abs(m.head - tok.i)
            if best is None or dist < best[0]:
                best = (dist, m)
        if best is None:
            return []
        m = best[1]
        return [ActorMention(**{**m.__dict__, "confidence": round(m.confidence * 0.5, 2)})]

    def _unnamed_attacker(self, c: Candidate) -> bool:
        """A violent act whose doer is unnamed: passive ("was shot dead") or an instrument
        or anonymous attacker as subject ("a roadside bomb killed", "gunmen abducted")."""
        tok = c.trigger
        if any(ch.dep_ == "nsubjpass" for ch in tok.children) or (
                tok.dep_ == "acl" and tok.tag_ == "VBN"):
            return True
        subj = [ch for ch in tok.children if ch.dep_ == "nsubj"]
        return any(s.lemma_.lower() in self.index.instruments or
                   s.lower_ in self.index.instruments for s in subj)

    # -- candidates ---------------------------------------------------------------------------
    def _candidates(self, sent: Span) -> list[Candidate]:
        matches: list[Match] = []
        for tok in sent:
            m = self.index.match_token(tok)
            if m is not None:
                matches.append(m)
        consumed = {m.obj.i for m in matches if m.obj is not None}
        cands: list[Candidate] = []
        for m in matches:
            if m.trigger.i in consumed:
                continue
            rule = f"{'noun' if m.pattern.nominal else 'verb'} '{m.pattern.text}' " \
                   f"({m.pattern.where.rsplit('/', 1)[-1]})"
            cands.append(Candidate(m, m.code, rule=rule))
        by_tok = {c.trigger.i: c for c in cands}
        for c in cands:
            # "A U.S. drone strike killed the general": a named kind of attack that is the
            # subject of its own outcome is one event, with the attack's code (the more
            # specific about means) and the outcome's victims. A bare "attack" (190) or
            # "violence" tells no more than the outcome does.
            if c.match.pattern.nominal or c.code[:2] not in UNKNOWN_SOURCE_ROOTS:
                continue
            noun = next((by_tok[s.i] for s in c.trigger.children
                         if s.dep_ == "nsubj" and s.i in by_tok), None)
            if noun is None or not noun.match.pattern.nominal or noun.dropped or \
                    noun.code[:2] not in UNKNOWN_SOURCE_ROOTS or noun.code[2] == "0":
                continue
            noun.dropped = f"subject of its outcome '{c.trigger.text}', coded as one event"
            c.rule += f" | as the '{noun.trigger.text}' that did it ({noun.code})"
            c.code = noun.code
        # A governor that composes with an act it governs is not an act of its own
        # ("agreed to talks" is one AGREE event, not AGREE + CONSULT).
        governed: dict[int, Candidate] = {}
        for c in cands:
            gov = self._effective_governor(c.trigger)
            if gov is None:
                continue
            if gov[0].i in by_tok and gov[1].mode in COMPOSING_MODES + DROPPING_MODES_KEYS:
                by_tok[gov[0].i].dropped = (
                    f"governs '{c.trigger.text}', coded as one composed event")
            if gov[1].mode == "reported":
                # "said China's actions threatened peace and reaffirmed its commitment":
                # a speaker may report any number of acts.
                continue
            # One governor, one composed act: the act nearest to it in the tree
            # ("agreed to a ceasefire at talks" is about the ceasefire).
            other = governed.get(gov[0].i)
            if other is None or _depth_to(c.trigger, gov[0]) < _depth_to(other.trigger, gov[0]):
                if other is not None:
                    other.dropped = f"'{gov[0].text}' already governs '{c.trigger.text}'"
                governed[gov[0].i] = c
            else:
                c.dropped = f"'{gov[0].text}' already governs '{other.trigger.text}'"
        return cands

    def _effective_governor(self, tok: Token) -> tuple[Token, Governor, str] | None:
        """The governor that decides what a trigger's act is: the nearest one, unless that
        one only causes the act and is itself refused, denied or hypothetical ("refused to
        approve any peace talks" is a refusal of talks, 125, not talks held)."""
        g = self._governor_of(tok)
        if g is not None and g[1].mode == "caused":
            outer = self._governor_of(g[0])
            if outer is not None and outer[1].mode in ("rejected", *DROPPING_MODES_KEYS):
                return outer
        return g

    def _governor_of(self, tok: Token) -> tuple[Token, Governor, str] | None:
        """The nearest governor verb above a trigger, with the path kind that links them."""
        if tok.dep_ in ("relcl", "acl") and _mandative(tok):
            # "demanded at the International Court of Justice that Chile negotiate": the
            # parser hangs the 'that' clause on the nearest noun; it belongs to the verb.
            verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
            gov = self.index.governors.get(verb.lemma_.lower()) if verb is not None else None
            if gov is not None and (gov.via is None or "ccomp" in gov.via):
                return verb, gov, "ccomp"
        x = tok
        for _ in range(4):
            head = x.head
            if head == x:
                return None
            dep = x.dep_
            if dep in ("pobj", "pcomp") and head.dep_ in ("prep", "dative", "acomp", "amod"):
                prep = head
                if prep.lower_ in CIRCUMSTANCE_PREPS:
                    return None
                verb = prep.head
                gov = self.index.governors.get(verb.lemma_.lower())
                if gov is not None and verb.pos_ in ("VERB", "AUX", "NOUN", "ADJ") and \
                        prep.lower_ in GOVERNOR_PREPS:
                    if gov.via is None or prep.lower_ in gov.via:
                        return verb, gov, prep.lower_
                x = verb
                continue
            if dep in ("xcomp", "ccomp", "dobj", "conj", "pcomp", "nsubjpass", "acl", "attr"):
                gov = self.index.governors.get(head.lemma_.lower())
                if gov is not None and head.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
                    path = "xcomp" if dep == "xcomp" else dep
                    if dep == "conj":
                        x = head
                        continue
                    if gov.via is None or path in gov.via:
                        return head, gov, path
                if dep in ("conj", "xcomp") or (dep == "dobj" and tok.pos_ == "NOUN"):
                    x = head
                    continue
            return None
        return None

    # -- mode -----------------------------------------------------------------------------------
    def _refused_permission(self, tok: Token) -> Token | None:
        """"refused to let UN investigators visit the site": what was not allowed did not
        happen (the refusal itself is coded from its own trigger)."""
        t = tok
        for _ in range(3):
            head = t.head
            if head.i == t.i or t.dep_ not in ("ccomp", "xcomp", "advcl"):
                return None
            if head.lemma_.lower() in ("let", "allow", "permit", "authorize", "authorise"):
                g = self._governor_of(head)
                if _negated(head) or (g is not None and g[1].mode in ("rejected",
                                                                       "prevented")):
                    return head
                return None
            t = head
        return None

    def _inside_allegation(self, tok: Token) -> Token | None:
        """An accuser above the trigger through "of"/"for" ("accused Cameroon of harbouring
        the gunmen who attacked a village"): what is alleged is not coded as an act."""
        t = tok
        for _ in range(10):
            head = t.head
            if head.i == t.i:
                return None
            if t.dep_ in ("pobj", "pcomp") and head.lower_ in ("of", "for") and \
                    head.head.i != head.i:
                g = self.index.governors.get(head.head.lemma_.lower())
                if g is not None and g.mode == "alleged":
                    return head.head
            t = head
        return None

    def _mode(self, c: Candidate) -> None:
        tok = c.trigger
        if c.match.pattern.nominal and any(ch.lower_ in NOT_YET for ch in tok.children
                                           if ch.dep_ in ("amod", "compound")):
            c.dropped = "a planned or possible event, not one that happened"
            return
        refused = self._refused_permission(tok)
        if refused is not None:
            c.dropped = f"not permitted ('{refused.text}')"
            return
        if tok.dep_ in ("ccomp", "xcomp") and \
                tok.head.lemma_.lower() in ("let", "allow", "permit") and \
                self.index.match_token(tok.head) is not None:
            # "allowed UN inspectors to visit the site": the permission is the event
            # (0862); what it permits has not happened yet.
            c.dropped = f"permitted by '{tok.head.text}', coded as the permission"
            return
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.dep_ in ("dobj", "nsubjpass"):
            # "vetoed a resolution demanding a ceasefire", "blocked a statement condemning
            # the coup": what a text that was rejected or stopped says was never said.
            verb = tok.head.head
            g = self.index.governors.get(verb.lemma_.lower())
            if _negated(verb) or (g is not None and g.mode in ("rejected", "prevented",
                                                                 "denied")):
                c.dropped = f"what a text '{verb.text}' says ('{tok.head.text}')"
                return
        accuser = self._inside_allegation(tok)
        if accuser is not None and accuser.i != tok.i:
            c.dropped = f"the content of an accusation ('{accuser.text}')"
            return
        clause = _clause_verb(tok)
        negated = _negated(tok) or (clause != tok and _negated(clause))
        g = self._effective_governor(tok)
        reported = False
        if clause.dep_ == "ccomp" and clause.head.lemma_ == "be":
            # "It is false that Russia shelled the plant."
            falsity = self._false_word(clause.head)
            if falsity is not None:
                c.dropped = f"denied ('{falsity.text}')"
                return
        if g is not None and g[1].mode == "reported":
            falsity = self._called_false(g[0])
            if falsity is not None:
                # "Reports that Chinese troops had crossed into Bhutan were false".
                c.dropped = f"denied ('{falsity.text}')"
                return
            reported = True
            g = None
        if g is None:
            if self._goal_clause(tok):
                c.dropped = "a goal, not an act"
                return
            if negated and "03" <= c.code[:2] <= "08" and any(
                    a.lower_ in FUTURE_AUX for a in clause.children if a.dep_ == "aux"):
                # "We will not negotiate with terrorists": a refusal, not a non-event.
                rejected = self.index.governors.get("refuse")
                if rejected is not None:
                    self._apply(c, rejected, None, "a future act negated")
                    return
            if negated:
                c.dropped = "negated"
                return
            if _mandative(tok):
                c.dropped = "a mandative subjunctive: what was demanded or proposed, not done"
                return
            if _hypothetical(clause):
                c.dropped = "hypothetical (conditional or hedged)"
                return
            # "said it would attend talks": a future act reported is an intention; so are
            # the talks a future journey is for ("would travel to Seoul for talks").
            if any(a.lower_ in FUTURE_AUX for a in clause.children if a.dep_ == "aux") and \
                    (not c.match.pattern.nominal or
                     (tok.dep_ == "pobj" and tok.head.lower_ == "for") or
                     (_object_of(tok, clause) and
                      clause.lemma_.lower() in self.index.light_verbs)):
                intent = self.index.governors.get("pledge")
                if intent is not None:
                    self._apply(c, intent, None, "future tense")
                    return
            c.mode = "reported" if reported or _under_speech(clause, self.index) else "asserted"
            return
        if self._goal_clause(tok):
            c.dropped = "a goal, not an act"
            return
        gtok, gov, path = g
        if reported or _under_speech(gtok, self.index):
            reported = True
        gov_negated = _negated(gtok)
        if gov.mode == "denied" and c.match.pattern.nominal and any(
                ch.dep_ == "poss" and ch.pos_ != "PRON" for ch in tok.children):
            # "Moscow's threat was dismissed by Helsinki": one party dismissing another's
            # act does not undo it; only a denial by the doer does ("denied sending").
            c.mode = "reported" if reported else "asserted"
            return
        if gov.mode in DROPPING_MODES:
            c.dropped = f"{DROPPING_MODES[gov.mode]} ('{gtok.text}')"
            return
        if gov_negated:
            c.dropped = f"negated governor '{gtok.text}'"
            return
        if _hypothetical(gtok):
            c.dropped = "hypothetical (conditional or hedged)"
            return
        if negated:
            if gov.mode == "intended" and c.code[:2] >= "14":
                # "agreed not to use force", "pledged not to attack": a promise to hold back
                # is an intention to de-escalate (0356), not a refusal.
                c.code = "0356" if cameo.exists("0356") else c.code
                c.mode = "intended"
                c.governor = gtok
                c.governor_mode = "intended"
                c.rule += f" + intended restraint ('{gtok.text} not to')"
                return
            if gov.mode == "intended":
                rejected = self.index.governors.get("refuse")
                if rejected is not None:
                    self._apply(c, rejected, gtok, f"'{gtok.text} not to'")
                    return
            c.dropped = "negated"
            return
        self._apply(c, gov, gtok, f"'{gtok.text}' ({path})")

    def _called_false(self, noun: Token) -> Token | None:
        """The word that calls a report or claim false, when the report is the subject of
        a denial ("reports that … were false", "claims that … are baseless")."""
        if noun.pos_ != "NOUN" or noun.dep_ not in ("nsubj", "nsubjpass"):
            return None
        return self._false_word(noun.head)

    def _false_word(self, verb: Token) -> Token | None:
        """A complement of ``verb`` that calls its subject false ("were baseless")."""
        for ch in verb.children:
            if ch.dep_ in ("acomp", "attr", "oprd"):
                g = self.index.governors.get(ch.lemma_.lower())
                if g is not None and g.mode == "denied":
                    return ch
        return None

    @staticmethod
    def _goal_clause(tok: Token) -> bool:
        """"Its aim is to win recognition": an aim states a goal, not an act."""
        t = tok
        for _ in range(6):
            if t.lemma_ == "be" and any(ch.dep_ in ("nsubj", "nsubjpass") and
                                        ch.lemma_.lower() in GOAL_NOUNS for ch in t.children):
                return True
            if t.head.i == t.i:
                return False
            t = t.head
        return False

    def _apply(self, c: Candidate, gov: Governor, gtok: Token | None, why: str) -> None:
        root = c.code[:2]
        mode = gov.mode
        if gtok is not None and gtok.lemma_.lower() in gov.accedes and \
                c.code.startswith(gov.accede_codes):
            # "agreed to scrap the quota system after mass protests": agreeing to what was
            # demanded is the concession itself (083 accede), by whoever agreed.
            c.governor, c.governor_mode, c.mode = gtok, "caused", "asserted"
            c.rule += f" + acceded by {why}"
            return
        if gov.conflict_mode and root >= "14" and gtok is not None and \
                gtok.lemma_.lower() in gov.decisions:
            # "the EU agreed new sanctions on Russia": the decision is the act itself.
            c.governor, c.governor_mode, c.mode = gtok, "caused", "asserted"
            c.rule += f" + decided by {why}"
            return
        if gov.conflict_mode and root >= "14":
            conflict = next((g for g in self.index.governors.values()
                             if g.mode == gov.conflict_mode), None)
            if conflict is not None:
                gov, mode = conflict, gov.conflict_mode
        new = gov.recode(c.code)
        if new is not None and cameo.exists(new):
            c.code = new
        c.mode = {"intended": "intended", "threatened": "threatened", "rejected": "asserted",
                  "demanded": "asserted", "appealed": "asserted",
                  "caused": "asserted", "acknowledged": "reported"}.get(mode, mode)
        c.governor = gtok
        c.governor_mode = mode
        c.rule += f" + {mode} by {why}"

    # -- roles ----------------------------------------------------------------------------------
    def _roles(self, c: Candidate, by_token: dict[int, list[ActorMention]]
               ) -> tuple[list[ActorMention], list[ActorMention], str]:
        tok = c.trigger
        m = c.match
        how = ""
        sources: list[ActorMention] = []
        targets: list[ActorMention] = []
        top = c.governor if c.governor is not None else tok
        if m.pattern.nominal:
            sources = _nominal_source(tok, by_token)
            targets = _prep_targets(tok, m.preps | m.pattern.target_preps, by_token)
            if c.governor is not None and c.governor_mode in COMPOSING_MODES:
                # "Serbia rejected EU pressure", "urged an end to Russia's occupation": the
                # composed act is the governor's subject's; the noun's own actor is its target.
                own = sources
                sources = _subjects(c.governor, by_token)
                if sources and own and not targets:
                    targets = [o for o in own if o not in sources]
                elif not sources:
                    sources = own
            verb = _clause_verb(tok)
            # ("called the shelling a war crime" names the act, it does not do it: oprd)
            light = verb != tok and verb.lemma_.lower() in self.index.light_verbs and \
                not any(ch.dep_ == "oprd" for ch in verb.children) and (
                _object_of(tok, verb) or (tok.dep_ == "pobj" and tok.head.lower_ in
                                          ("in", "into", "on") and tok.head.head == verb and
                                          _no_other_object(verb, by_token)))
            if not sources and (c.governor is not None or light):
                # "launched strikes on", "engage the North in dialogue", "agreed to talks".
                sources = _subjects(c.governor or verb, by_token)
                how = " | source: subject of light verb"
            if not sources and c.code[:2] == "04" and tok.dep_ == "pobj" and \
                    tok.head.lower_ in ("for", "at", "in", "after", "during", "following"):
                # "rode a bus to Lahore for talks with his counterpart": who goes to talks
                # takes part in them.
                sources = _subjects(verb, by_token)
                how = " | source: subject of the clause the talks belong to"
            if not targets and light:
                targets = _verb_targets(verb, None, by_token, exclude=sources)
            if not targets and sources:
                # "Beijing's ban on all Japanese seafood imports": the nation named in the
                # target phrase is the target.
                for prep in tok.children:
                    if prep.dep_ == "prep" and prep.lower_ in (m.preps | m.pattern.target_preps):
                        for pobj in prep.children:
                            code = self._country_in(pobj) if pobj.dep_ == "pobj" else None
                            if code and code not in {s_.country for s_ in sources}:
                                span = pobj.doc[pobj.left_edge.i:pobj.i + 1]
                                targets = [_rule_mention(span, code, sources[0].sentence_id,
                                                         0.6, pobj.i)]
                                break
            if not (light or c.governor is not None or targets or
                    _prep_targets(tok, m.preps | m.pattern.target_preps, by_token)):
                # A bare mention of a kind of event ("France's commitment", "its support")
                # describes; it reports no act unless a verb or a target anchors it.
                c.dropped = "nominal trigger with no target phrase and no verb governing it"
                return [], [], how
        else:
            passive = any(ch.dep_ == "nsubjpass" for ch in tok.children) or (
                tok.dep_ == "acl" and tok.tag_ == "VBN")
            if passive and c.governor is None:
                sources = _agent(tok, by_token)
                targets = _tokens_mentions([ch for ch in tok.children
                                            if ch.dep_ == "nsubjpass"], by_token)
                if tok.dep_ == "acl" and tok.tag_ == "VBN":
                    targets = targets or _tokens_mentions([tok.head], by_token)
                if not sources and c.code[:2] == "16" and "from" in m.pattern.target_preps:
                    # "Russia was suspended from the Council of Europe": the body it is
                    # suspended or expelled from acts.
                    sources = _prep_objects(tok, {"from"}, by_token, 1)
                if not sources and c.code[:3] in ("151", "152"):
                    # "troops were placed on high alert": a raised alert is the force's own
                    # ("marines have been stationed there since 1999" stays a state).
                    sources, targets = targets, []
                how = " | passive"
            else:
                sources = _subjects(top, by_token)
                targets = _verb_targets(tok, m, by_token, exclude=sources,
                                        weak=not c.code.startswith(VISIT_CODES))
        if c.governor is not None:
            gov_obj = [ch for ch in c.governor.children if ch.dep_ in ("dobj", "dative")]
            gov_obj += [p for ch in c.governor.children
                        if ch.dep_ == "prep" and ch.lower_ in ("to", "on", "upon")
                        for p in ch.children if p.dep_ == "pobj"]
            control = _tokens_mentions(gov_obj, by_token)
            if not control and c.governor_mode in ("demanded", "appealed"):
                # "demanded that Washington cancel the trip": who is to act is addressed.
                # A mandative 'that' clause the parser hung on a noun ("demanded at the
                # court that Chile negotiate") is addressed the same way as a ccomp.
                clause = _clause_verb(tok)
                if clause.dep_ == "ccomp" or _mandative(clause):
                    control = _tokens_mentions([ch for ch in clause.children
                                                if ch.dep_ in ("nsubj", "nsubjpass")],
                                               by_token)
            if c.governor_mode == "caused":
                pass  # "ordered the army to withdraw": the army is the doer's own side
            elif control and c.governor_mode in ("demanded", "appealed", "rejected"):
                # "urged Iran to resume talks": Iran is who is asked.
                targets = control
            elif not targets:
                targets = _verb_targets(c.governor, None, by_token, exclude=sources)
        if not sources and not m.pattern.nominal:
            # Relative clauses: "the rebels, who attacked the town" / "troops that fired".
            if tok.dep_ == "relcl":
                sources = _tokens_mentions([_relative_antecedent(tok)], by_token)
        if not sources and not m.pattern.nominal and c.code[:2] in UNKNOWN_SOURCE_ROOTS:
            # "A car bomb claimed by al-Shabaab killed 79 people": the weapon's owner acts.
            for subj in (ch for ch in tok.children if ch.dep_ == "nsubj"):
                if subj.lemma_.lower() in self.index.instruments or \
                        subj.lower_ in self.index.instruments:
                    for cl in subj.children:
                        if cl.dep_ == "acl" and cl.tag_ == "VBN":
                            sources = _agent(cl, by_token)
                            if sources:
                                how += " | source: who the weapon is claimed by"
                                break
        if not sources and (c.code[:2] == "14" or (
                c.code[:2] == "19" and _clause_subject_lemma(tok) in CROWD_NOUNS)):
            crowd = self._crowd_source(c)
            if crowd is not None:
                sources = [crowd]
                how += " | source: a crowd in the place named"
        # The sources' own side resolved from context ("its troops") is no target.
        src_countries = {s.country for s in sources if s.country}
        targets = [t for t in targets if not _own_side(t, src_countries)]
        if c.code[:2] == "16" and src_countries:
            # "Iran expelled two diplomats (from the British embassy)": officials a state
            # expels or cuts off are another's; the resolver's guess from context (the
            # expeller's own country) is no target, a "from" phrase may name theirs.
            own = [t for t in targets if t.resolved_by == "coreference" and
                   t.sector == "GOV" and t.country in src_countries]
            if own:
                targets = [t for t in targets if t not in own]
                how += " | its own officials are not whom a state expels"
                if not targets:
                    carriers = [tok] + ([m.obj] if m.obj is not None else [])
                    targets = [t for cr in carriers
                               for t in _prep_objects(cr, {"from"}, by_token, 1)
                               if t.country not in src_countries]
                    c.no_target = not targets
        if c.code[:2] == "15" or c.code.startswith("087") or c.governor_mode == "caused":
            # Moving, alerting or withdrawing one's own forces is not an act against them.
            targets = [t for t in targets if t.country not in src_countries]
        if sources and targets and c.code[:2] in FORCE_ROOTS:
            # "Eritrean troops massacred civilians in the Ethiopian city of Axum": unnamed
            # victims the resolver gave the attacker's country live where it happened.
            place = None
            rehomed = []
            for t in targets:
                if t.resolved_by == "coreference" and t.kind == "sector" and \
                        t.country in src_countries and t.sector in SOCIETY_SECTORS:
                    place = place or self._named_country_of_place(c)
                    if place is not None and place not in src_countries:
                        t = ActorMention(**{**t.__dict__, "code": place + t.sector,
                                            "country": place, "resolved_by": "rule"})
                        how += " | victims: of the country where it happened"
                rehomed.append(t)
            targets = rehomed
        if sources and not targets and c.code[:2] in ANSWERING_ROOTS:
            # "put its navy on alert as a Turkish survey ship entered disputed waters",
            # "reversed a price hike after unions threatened a strike": a show of force or a
            # concession answers whoever acted in the clause that occasions it.
            targets = [t for t in self._occasion_actors(c, sources, by_token)
                       if t.code not in {s_.code for s_ in sources} and
                       not _own_side(t, src_countries)]
            if targets:
                how += " | target: the actor of the clause that occasions it"
        if sources and not targets and (c.code.startswith(VISIT_CODES) or
                                        c.code[:2] in FORCE_ROOTS or
                                        c.code.startswith(MUTUAL_RETREAT)):
            # "seized a Greek tanker in the Gulf of Oman": whose the thing seized or struck
            # is, before where it was.
            owner = self._owner_target(c, sources) if c.code[:2] in FORCE_ROOTS else None
            place = owner or self._place_target(c, sources) or self._owner_target(c, sources)
            if place is not None:
                targets = [place]
                how += " | target: host of the place named"
        if sources and c.code[:2] in TOPIC_ROOTS and not m.pattern.nominal and \
                not c.code.startswith(SYMMETRIC_CODES) and (
                not targets or all(t.country in src_countries for t in targets) or
                all(self._deep_in_object(c, t) for t in targets)):
            # "denounced the military coup in neighbouring Burkina Faso", "endorsed the
            # Palestinian bid for membership of the UN": what is commented on names its party.
            topic = self._topic_target(c, sources)
            if topic is not None:
                targets = [topic]
                how += " | target: the party of what it is about"
        if c.code[:2] == "09" and sources:
            # "an inquiry into the killing of protesters by police": an investigation is
            # aimed at whoever did what it is about, never at the victims.
            doers = [t for t in _by_phrase_actors(tok, by_token) if t not in sources]
            if doers:
                targets = doers
                how += " | target: the doer of what is investigated"
            else:
                kept = [t for t in targets if not _victim(tok.doc, t)]
                if len(kept) != len(targets):
                    how += " | the victims of what is investigated are no target"
                    c.no_target = not kept
                targets = kept
        if sources and not targets and not c.no_target:
            # '"We will not negotiate with terrorists," Buhari said of Boko Haram'.
            targets = [t for t in self._speech_topic(tok, by_token)
                       if t.code not in {s_.code for s_ in sources}]
            if targets:
                how += " | target: whom the statement is about"
        if sources and not targets and c.code[:2] in ("12", "13") and \
                sources[0].sector in STATE_SECTORS and sources[0].country and \
                _protest_context(tok, c.governor):
            # "refused to step down despite mass protests", "warned it could declare a state
            # of emergency if the protests turned violent": aimed at the protesting public.
            targets = [_sector_mention(sources[0], "CVL", 0.4)]
            how += " | target: the protesting public"
        if sources and not targets and c.code[:2] == "14":
            # "Anti-Japanese protesters marched": what a protest is against, by its name.
            against = self._anti_target(sources, tok)
            if against is not None:
                targets = [against]
                how += " | target: what the protesters are named against"
        if sources and not targets and c.code[:2] == "16" and not c.no_target:
            # "slapped tariffs on Chinese steel", "banned imports of Georgian wine": a
            # sanction on a nation's goods is aimed at that nation.
            owner = self._owner_target(c, sources)
            if owner is not None:
                targets = [owner]
                how += " | target: the nation whose goods are sanctioned"
        if sources and not targets and c.code[:2] in RECIPIENT_ROOTS:
            # "restored direct flights to Qatar": a destination named as a place.
            place = self._place_target(c, sources, wanted={"to"})
            if place is not None:
                targets = [place]
                how += " | target: the country it goes to"
        if sources and not targets and c.code.startswith(LABOUR_STRIKE) and \
                sources[0].sector == "LAB":
            # "Hyundai Motor's union staged a strike", "garment workers went on strike to
            # demand higher wages": a labour dispute is with the employer, not the state.
            employer = _employer_target(sources[0], tok)
            if employer is not None:
                targets = [employer]
                how += " | target: the employer of the striking workers"
        if sources and not targets and c.code.startswith(PROTEST_THREATS) and \
                sources[0].sector in SOCIETY_SECTORS and not _pay_dispute(tok) and any(
                    _grievance(t) for t in [tok, *(o for o in tok.children
                                                   if o.dep_ in ("dobj", "xcomp"))]):
            # "Nigerian unions threatened a nationwide strike over the removal of the fuel
            # subsidy": a threatened protest that states a grievance is aimed where a staged
            # one is, the government (a pay dispute names no one: rg-recall-06).
            targets = [_sector_mention(sources[0], "GOV", 0.4)]
            how += " | target: the government a threatened protest's grievance is against"
        if sources and not targets and c.code.startswith(NON_PROTEST_ACTIONS) and \
                not _grievance(tok):
            # "Railway workers in Germany went on strike", "farmers occupied a sugar
            # factory": a strike or blockade that states no grievance names no opponent.
            c.no_target = True
            how += " | no grievance stated: no implicit target"
        if sources and not targets and c.code[:2] == "14":
            # "Georgians rallied outside parliament against the law": a protest at an
            # institution's building is aimed at that institution.
            seat = self._besieged_institution(c, sources[0])
            if seat is not None:
                targets = [seat]
                how += " | target: the institution whose building is besieged"
        if sources and not targets and not c.no_target:
            implicit = _implicit_domestic_target(c.code, sources[0])
            if implicit is not None:
                targets = [implicit]
                how += f" | target: {implicit.code}, the implicit domestic party"
        if sources and sources[0].sector:
            # "passed information to their Libyan counterparts": a counterpart holds the
            # source's own kind of office (security forces to security forces).
            targets = [ActorMention(**{**t.__dict__, "code": t.country + sources[0].sector,
                                       "sector": sources[0].sector})
                       if t.head is not None and tok.doc[t.head].lemma_.lower() == "counterpart"
                       and t.country and t.sector != sources[0].sector and t.kind == "sector"
                       else t for t in targets]
        if self._mutual(c) and len(src_countries) >= 2:
            # "Russia and China conducted joint patrols over the Sea of Japan", "Russia and
            # Ukraine exchanged prisoners": in a mutual act the parties are its coordinated
            # sources; a place it happens in or their own people are no third party.
            kept = [t for t in targets if t.country not in src_countries and
                    t.resolved_by != "rule" and not _locative_phrase(tok.doc[t.head]
                                                                     if t.head is not None
                                                                     else None)]
            if len(kept) != len(targets):
                how += " | mutual act: its sources are the parties, not a place or their own"
            targets = kept
        return sources, [t for t in targets if t not in sources], how

    def _besieged_institution(self, c: Candidate, source: ActorMention
                              ) -> ActorMention | None:
        """The institution a protest gathers at, named by its building ("outside parliament",
        "at the supreme court"), in the protesters' own country."""
        if self.sector_of is None or not source.country or len(source.country) != 3:
            return None
        for carrier in (c.trigger, _clause_verb(c.trigger)):
            for prep in carrier.children:
                if prep.dep_ != "prep" or prep.lower_ not in SIEGE_PREPS:
                    continue
                for pobj in prep.children:
                    lemma = pobj.lemma_.lower()
                    if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN" and lemma in BUILDING_NOUNS:
                        sector = self.sector_of(lemma)
                        if sector in STATE_SECTORS:
                            return _sector_mention(source, sector, 0.5)
        return None

    def _anti_target(self, sources: list[ActorMention], tok: Token) -> ActorMention | None:
        """"Anti-Japanese protesters", "anti-American demonstrators": the country the
        source (or the clause's subject, for a crowd placed by its city) is named against."""
        if self.name_country is None:
            return None
        subj = " ".join(t.text for ch in _clause_verb(tok).children if ch.dep_ == "nsubj"
                        for t in ch.subtree)
        for text in [s_.text for s_ in sources] + [subj]:
            words = text.replace("\u2011", "-").replace(" - ", "-").split()
            for word in words:
                if word.lower().startswith("anti-"):
                    code = self.name_country(word[5:])
                    if code and code not in {s_.country for s_ in sources}:
                        src = sources[0]
                        return ActorMention(**{**src.__dict__, "code": code, "country": code,
                                               "sector": None, "kind": "state",
                                               "resolved_by": "rule", "confidence": 0.5})
        return None

    def _speech_topic(self, tok: Token, by_token: dict[int, list[ActorMention]]
                      ) -> list[ActorMention]:
        """Actors a reporting verb above the act says it "of" or "about" ('"We will not
        negotiate with terrorists," the president said of Boko Haram')."""
        t = tok
        for _ in range(4):
            if t.head.i == t.i:
                return []
            if t.dep_ in ("ccomp", "parataxis"):
                g = self.index.governors.get(t.head.lemma_.lower())
                if g is None or g.mode != "reported":
                    return []
                return _tokens_mentions([p for ch in t.head.children if ch.dep_ == "prep" and
                                         ch.lower_ in ("of", "about")
                                         for p in ch.children if p.dep_ == "pobj"], by_token)
            t = t.head
        return []

    def _occasion_actors(self, c: Candidate, sources: list[ActorMention],
                         by_token: dict[int, list[ActorMention]]) -> list[ActorMention]:
        """Subjects of an "after"/"as"/"when" clause on the act's clause ("after Indian jets
        crossed the border"): the party whose act the coded one answers."""
        for verb in (c.governor, _clause_verb(c.trigger)):
            if verb is None:
                continue
            for cl in verb.children:
                if cl.dep_ != "advcl" or not any(
                        mk.dep_ == "mark" and mk.lower_ in OCCASION_MARKS for mk in cl.children):
                    continue
                subj = [ch for ch in cl.children if ch.dep_ == "nsubj"]
                found = _tokens_mentions(subj, by_token)
                if found:
                    return found
                # "after Indian jets crossed the border": a nationality on a thing that acts.
                for sj in subj:
                    for mod in sj.lefts:
                        code = self.name_country(mod.text) if self.name_country is not None \
                            and mod.dep_ == "amod" else None
                        if code:
                            return [_rule_mention(mod.doc[mod.i:mod.i + 1], code,
                                                  sources[0].sentence_id, 0.5, mod.i)]
        return []

    def _deep_in_object(self, c: Candidate, t: ActorMention) -> bool:
        """Is the target an actor inside a prepositional phrase of the act's object ("the
        bid for membership of the United Nations"), not the object or its possessor?"""
        if t.head is None:
            return False
        doc = c.trigger.doc
        for o in c.trigger.children:
            if o.dep_ in ("dobj", "obj") and o.i != t.head and \
                    o.left_edge.i <= t.head <= o.right_edge.i and doc[t.head].head.i != o.i:
                return True
        return False

    def _topic_target(self, c: Candidate, sources: list[ActorMention]) -> ActorMention | None:
        """The country of what a comment is about: a nationality on its object ("the
        Palestinian bid" -> PSE), else a place in the object's or the topic's phrase ("the
        fighting in South Sudan" -> SSD, "responsibility for the killings in Namibia")."""
        if self.name_country is None:
            return None
        tok = c.trigger
        src = {s.country for s in sources}
        topics = [ch for ch in tok.children if ch.dep_ in ("dobj", "obj")]
        if c.match.obj is not None and c.match.obj not in topics:
            topics.append(c.match.obj)
        i = 0
        while i < len(topics) and i < 8:
            for prep in topics[i].children:
                if prep.dep_ == "prep" and prep.lower_ in TOPIC_PREPS:
                    topics.extend(p for p in prep.children if p.dep_ == "pobj")
            i += 1
        topics += [p for ch in tok.children if ch.dep_ == "prep" and ch.lower_ in TOPIC_PREPS
                   for p in ch.children if p.dep_ == "pobj"]
        sid = sources[0].sentence_id
        for t in topics:
            for mod in t.lefts:
                if mod.dep_ == "amod" and mod.pos_ == "ADJ":
                    code = self.name_country(mod.text)
                    if code and code not in src:
                        return _rule_mention(mod.doc[mod.i:mod.i + 1], code, sid, 0.6, mod.i)
        for carrier in topics + [tok]:
            for prep in carrier.children:
                if prep.dep_ != "prep" or prep.lower_ != "in":
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    span = pobj.doc[pobj.left_edge.i:pobj.i + 1]
                    code = self._place_name_country(span) or self._country_in(pobj)
                    if code and code not in src:
                        return _rule_mention(span, code, sid, 0.6, pobj.i)
        return None

    def _named_country_of_place(self, c: Candidate) -> str | None:
        """A country the clause's place phrase names outright, by name or nationality ("in
        the Ethiopian city of Axum", "in northern Iraq's Sinjar region") — not a town looked
        up in a gazetteer, which may be a namesake abroad."""
        if self.name_country is None:
            return None
        verb = _clause_verb(c.trigger)
        for prep in verb.subtree:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "at", "near"):
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                for t in pobj.subtree:
                    if (t.pos_ == "ADJ" and t.dep_ == "amod") or (t.pos_ == "PROPN" and
                                                                  t.dep_ == "poss"):
                        code = self.name_country(t.text)
                        if code:
                            return code
        return None

    def _place_name_country(self, span: Span) -> str | None:
        """The country of a place phrase's whole proper name ("South Sudan", not "Sudan")."""
        name = " ".join(t.text for t in span if t.pos_ == "PROPN")
        return self.place_country(name) if name and self.place_country is not None else None

    def _mutual(self, c: Candidate) -> bool:
        """Acts two coordinated parties do with or to each other: talks, agreements and
        cooperation (CAMEO's symmetric codes and roots), exchanges and clashes, and
        de-escalation ("Indian and Chinese troops began pulling back", 087)."""
        return c.code.startswith(SYMMETRIC_CODES) or c.code[:2] in SYMMETRIC_ROOTS or \
            c.code.startswith(MUTUAL_RETREAT) or c.trigger.lemma_.lower() in self.index.reciprocal

    def _crowd_source(self, c: Candidate) -> ActorMention | None:
        """"Thousands marched through Hong Kong", "protesters rallied in Almaty": an unnamed
        crowd protesting in a place is that country's civilians."""
        if self.place_country is None:
            return None
        verb = _clause_verb(c.trigger)
        subj = [ch for ch in verb.children if ch.dep_ == "nsubj"]
        if not subj or subj[0].pos_ not in ("NOUN", "NUM", "PROPN"):
            return None
        for tok in verb.subtree:
            if tok.dep_ == "pobj" and tok.pos_ == "PROPN" and tok.head.lower_ in (
                    "in", "through", "across", "outside", "at", "around", "near"):
                span = tok.doc[tok.left_edge.i:tok.i + 1]
                name = " ".join(t.text for t in span if t.pos_ == "PROPN")
                code = self.place_country(name) or self.place_country(tok.text)
                if code:
                    m = _rule_mention(span, code, 0, 0.5, subj[0].i)
                    m.code, m.sector, m.kind = code + "CVL", "CVL", "sector"
                    return m
        return None

    def _place_target(self, c: Candidate, sources: list[ActorMention],
                      wanted: set[str] | None = None) -> ActorMention | None:
        """The country of the place a visit-like pattern names ("arrive in", "visit to")."""
        if self.place_country is None:
            return None
        if wanted is not None:
            pass
        elif c.code[:2] in FORCE_ROOTS:
            # "massed troops near Ukraine's border", "drills around Taiwan".
            wanted = {"in", "to", "at", "near", "toward", "towards", "around", "along", "into",
                      "on", "over", "across", "off", "against", "outside"}
        elif c.code.startswith(MUTUAL_RETREAT):
            # "withdrew from the city of Kherson": whose place it leaves.
            wanted = {"from", "out"}
        else:
            wanted = {"in", "to", "at"}
        carriers = [c.trigger] + ([c.match.obj] if c.match.obj is not None else [])
        arrival = _arrival_of_carrier(c.trigger)
        if arrival is not None and c.code[:2] in RECIPIENT_ROOTS:
            # "a military plane carrying relief supplies landed in Turkey": where the
            # vehicle that carries the aid arrives is where the aid goes.
            carriers.append(arrival)
            wanted = set(wanted) | {"in", "at"}
        for o in c.trigger.children:
            if o.dep_ in ("dobj", "obj") and o not in carriers:
                carriers.append(o)
                carriers.extend(cj for cj in o.children if cj.dep_ == "conj")
        for o in list(carriers[1:]):
            # "killed hundreds of Yazidi men in northern Iraq": the counted noun's place.
            if o.lemma_.lower() in COUNT_NOUNS or o.pos_ == "NUM":
                carriers.extend(p for pr in o.children if pr.dep_ == "prep" and pr.lower_ == "of"
                                for p in pr.children if p.dep_ == "pobj")
        for carrier in carriers:
            for prep in carrier.children:
                if prep.dep_ != "prep" or prep.lower_ not in wanted:
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    span = pobj.doc[pobj.left_edge.i:pobj.i + 1]
                    name = " ".join(t.text for t in span if t.pos_ == "PROPN") or pobj.text
                    code = self.place_country(name) or self._country_in(pobj)
                    if code and code not in {s.country for s in sources}:
                        return _rule_mention(span, code, sources[0].sentence_id, 0.7, pobj.i)
        return None

    def _country_in(self, tok: Token) -> str | None:
        """A country named inside a place phrase: "the Congolese town of Beni" → COD,
        "residential districts of Kharkiv" → UKR."""
        for t in tok.subtree:
            if t.pos_ == "PROPN" and self.place_country is not None:
                code = self.place_country(t.text)
                if code:
                    return code
            if t.pos_ == "ADJ" and self.name_country is not None and \
                    t.dep_ in ("amod", "compound"):
                # "South Korean": the adjective with what modifies it, or with the word before.
                for text in (t.doc[t.left_edge.i:t.i + 1].text,
                             t.doc[max(0, t.i - 1):t.i + 1].text, t.text):
                    code = self.name_country(text)
                    if code:
                        return code
        return None

    def _owner_target(self, c: Candidate, sources: list[ActorMention]) -> ActorMention | None:
        """A thing attacked or seized that a nationality names: "seized a British-flagged
        tanker" → GBR, "demolished two Palestinian homes" → PSE."""
        if self.name_country is None:
            return None
        objs = [o for o in c.trigger.children if o.dep_ in ("dobj", "nsubjpass")]
        if c.match.obj is not None and c.match.obj not in objs:
            objs.append(c.match.obj)
        for carrier in [c.trigger] + list(objs):
            for prep in carrier.children:
                if prep.dep_ == "prep" and prep.lower_ in ("at", "on", "against", "of"):
                    objs.extend(p for p in prep.children if p.dep_ == "pobj")
        src = {s.country for s in sources}
        for o in objs:
            if o.pos_ == "PROPN" and self.place_country is not None:
                # "shelled districts of Kharkiv", "annexed Crimea": a place's country.
                span = o.doc[o.left_edge.i:o.i + 1]
                code = self.place_country(" ".join(t.text for t in span if t.pos_ == "PROPN"))
                if code and code not in src:
                    return _rule_mention(span, code, sources[0].sentence_id, 0.6, o.i)
            for mod in o.lefts:
                if mod.dep_ not in ("amod", "compound", "nmod", "npadvmod") or mod.i == o.i:
                    continue
                text = mod.doc[mod.left_edge.i:mod.i + 1].text.split("-")[0]
                code = self.name_country(text) or self.name_country(mod.text.split("-")[0])
                if code and code not in src:
                    span = mod.doc[mod.left_edge.i:mod.i + 1]
                    return _rule_mention(span, code, sources[0].sentence_id, 0.6, mod.i)
        return None

    # -- time and place -------------------------------------------------------------------------
    def _date(self, c: Candidate, sent: Span, ref: date | None) -> EventDate:
        if ref is None:
            return article_default(None)
        tok = c.trigger
        clause = _clause_verb(tok)
        own = _clause_tokens(clause if not c.match.pattern.nominal else tok, tok)
        if c.governor is not None:
            own |= _clause_tokens(c.governor, c.governor)
        text = sent.text
        base = sent.start_char
        exprs = find_expressions(text)

        def first_in(tokens: set[int]) -> EventDate | None:
            for s, e, kind in exprs:
                toks = [t for t in sent if base + s <= t.idx < base + e]
                if toks and any(t.i in tokens for t in toks):
                    return resolve_expression(text[s:e], kind, ref, future=_future(toks[0]))
            return None

        offset = _offset_anchor(tok if c.match.pattern.nominal else clause)
        if offset is not None:
            # "…on Wednesday, a day after protesters stormed parliament": a day before the
            # time of the clause it is measured from (the article date when that has none).
            anchor, days, expr = offset
            return shifted(first_in(_clause_tokens(anchor, anchor)) or article_default(ref),
                           days, expr)
        best = first_in(own)
        # A participle or coordinated clause shares its parent's time ("shut down the
        # factories in April, pulling out its workers").
        for _level in range(2):
            if best is not None or clause.dep_ not in ("advcl", "conj", "xcomp", "ccomp") or \
                    clause.head == clause:
                break
            clause = clause.head
            best = first_in(_clause_tokens(clause, tok))
        for scope in ([] if best is not None else
                      self._borrowed_time_scopes(tok, c.match.pattern.nominal)):
            best = first_in(scope)
            if best is not None:
                break
        if best is None:
            # A time expression heading the sentence ("Earlier this year, …") applies to it.
            for s, e, kind in exprs:
                if s < 3 and kind == "rel":
                    best = resolve_expression(text[s:e], kind, ref, future=False)
                break
        return best or article_default(ref)

    def _borrowed_time_scopes(self, tok: Token, nominal: bool) -> Iterator[set[int]]:
        """Clauses whose time an event with none of its own shares, nearest first."""
        verb = _clause_verb(tok)
        if nominal and _argument_of(tok, verb):
            # "the talks ended on Wednesday", "went on strike on Monday", "rode to Lahore
            # on Saturday for talks": a nominal argument happens when its clause does.
            yield _clause_tokens(verb, tok)
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and \
                _argument_of(tok.head, host := _clause_verb(tok.head)):
            # "agreed on Friday …, in a deal brokered by China": the brokering is the deal's.
            yield _clause_tokens(host, tok)
        for ch in verb.children:
            if ch.dep_ == "advcl" and any(m.lower_ in SIMULTANEOUS_MARKS for m in ch.children
                                          if m.dep_ == "mark"):
                yield _clause_tokens(ch, ch)  # "was shot dead while campaigning on Friday"
            elif ch.dep_ in ("dobj", "nsubjpass"):
                for acl in ch.children:
                    if acl.dep_ == "acl" and acl.tag_ == "VBG":
                        # what a document says has no time of its own: "vetoed a resolution
                        # demanding a ceasefire on Friday" is Friday's veto
                        yield _clause_tokens(acl, acl)
            elif ch.dep_ in ("advcl", "parataxis", "ccomp") and ch.i > tok.i and \
                    self.index.reports(ch):
                # "…has agreed to dismantle it, Moon said on Wednesday"
                yield _clause_tokens(ch, ch)

    def _place(self, c: Candidate, sent: Span, by_token: dict[int, list[ActorMention]],
               article: Article) -> Location | None:
        clause = _clause_verb(c.trigger)
        for tok in _clause_tokens(clause, c.trigger, as_tokens=True):
            if tok.dep_ == "pobj" and tok.pos_ == "PROPN" and \
                    tok.head.lower_ in ("in", "at", "near", "outside", "across") and \
                    tok.i not in by_token and self.ents.label(tok) in ("GPE", "LOC", "FAC"):
                ent = next((e for e in self.ents.spans(sent) if e.start <= tok.i < e.end), None)
                name = ent.text if ent is not None else tok.text
                loc = lookup(name)
                if loc is not None:
                    return loc
        return dateline_location(article.dateline_place)

    # -- output -----------------------------------------------------------------------------------
    def _event(self, c: Candidate, s: ActorMention | None, t: ActorMention | None,
               when: EventDate,
               where: Location | None, sent: Span, sid: int, article: Article,
               code: str | None = None) -> Event:
        code = code or c.code
        info = cameo.get(code)
        conf = c.match.pattern.specificity / (c.match.pattern.specificity + 1)
        conf *= (s.confidence if s else 0.6) * (t.confidence if t else 0.8)
        trigger = c.trigger.text
        if c.match.obj is not None:
            trigger = sent.doc[min(c.trigger.i, c.match.obj.i):max(c.trigger.i,
                                                                   c.match.obj.i) + 1].text
        if c.governor is not None:
            lo, hi = sorted((c.governor.i, c.trigger.i))
            if hi - lo <= 6:
                trigger = sent.doc[lo:hi + 1].text
            else:
                trigger = f"{c.governor.text} … {trigger}"
        eid = stable_id(article.article_id, str(sid), code, s.code if s else "",
                        t.code if t else "",
                        str(c.trigger.i - sent.start))
        return Event(
            event_id=eid, article_id=article.article_id, sentence_id=sid,
            sentence_text=sent.text.strip(), event_date=when,
            source_actor=s.to_actor() if s else None,
            target_actor=t.to_actor() if t else None,
            cameo_code=info.code, cameo_root=info.root, quad_class=info.quad_class,
            goldstein=info.goldstein, plover_type=info.plover_type,
            plover_mode=info.plover_mode, plover_context=info.plover_context,
            trigger=trigger, negated=False, modality=c.mode, location=where, rule=c.rule,
            confidence=round(min(1.0, conf), 3),
        )


# -- syntax helpers ---------------------------------------------------------------------------------
def _mention_index(mentions: list[ActorMention]) -> dict[int, list[ActorMention]]:
    idx: dict[int, list[ActorMention]] = {}
    for m in mentions:
        if m.head is not None:
            idx.setdefault(m.head, []).append(m)
        for i in range(m.token_start, m.token_end):
            if i != m.head:
                idx.setdefault(i, [])
                if m not in idx[i]:
                    idx[i].append(m)
    return idx


def _tokens_mentions(tokens: Iterable[Token], by_token: dict[int, list[ActorMention]]
                     ) -> list[ActorMention]:
    """Mentions standing for these tokens, through coordination ("X and Y")."""
    out: list[ActorMention] = []
    stack = list(tokens)
    seen: set[int] = set()
    while stack:
        t = stack.pop(0)
        if t.i in seen:
            continue
        seen.add(t.i)
        for m in by_token.get(t.i, []):
            if m not in out:
                out.append(m)
        stack.extend(ch for ch in t.children if ch.dep_ == "conj")
        # "Colombia's government and FARC rebels", parsed as one phrase and resolved as two
        # (actors: _folded_pair), stands for both.
        stack.extend(ch for ch in t.lefts if ch.dep_ in ("nmod", "compound") and
                     any(g.dep_ == "conj" for g in ch.children) and
                     any(m.head == ch.i for m in by_token.get(ch.i, [])))
        # "Saudi Arabia, the UAE, Bahrain and Egypt": lists often parse as appositions.
        stack.extend(ch for ch in t.children if ch.dep_ == "appos" and by_token.get(ch.i))
        if not by_token.get(t.i):
            # "leaders of Iran", "troops from Chad": the actor is in the of/from phrase;
            # "insulted its intentions", "attacked Iran's embassy": the possessor.
            for ch in t.children:
                if ch.dep_ == "prep" and ch.lower_ in ("of", "from"):
                    stack.extend(p for p in ch.children if p.dep_ == "pobj")
                if ch.dep_ == "poss":
                    stack.append(ch)
            stack.extend(ch for ch in t.children if ch.dep_ == "appos")
    return out


def _relative_antecedent(rel: Token) -> Token:
    """What a relative clause is about. The parser hangs it on the nearest noun, but one set
    off by a comma after a coordination, with a verb not marked singular, is about all of
    it: "Saudi Arabia and the United States, which brokered the talks" (both brokered);
    "which holds the presidency" (VBZ) stays with the last conjunct."""
    head = rel.head
    if head.dep_ != "conj" or rel.tag_ == "VBZ" or any(
            ch.dep_ in ("aux", "auxpass") and ch.tag_ == "VBZ" for ch in rel.children):
        return head
    pron = rel.doc[rel.left_edge.i]
    if pron.i == 0 or rel.doc[pron.i - 1].text != ",":
        return head
    top = head
    while top.dep_ == "conj" and top.head != top:
        top = top.head
    return top


def _subjects(verb: Token, by_token: dict[int, list[ActorMention]]) -> list[ActorMention]:
    """The acting subject of a verb, inherited through xcomp/conj/advcl chains."""
    v = verb
    for _ in range(5):
        subj = [ch for ch in v.children if ch.dep_ in ("nsubj", "csubj")]
        if subj:
            ms = _tokens_mentions(subj, by_token)
            if not ms:
                rel = [s for s in subj if s.tag_ in ("WDT", "WP") or s.lower_ == "that"]
                if rel and v.dep_ == "relcl":
                    ms = _tokens_mentions([_relative_antecedent(v)], by_token)
            return ms
        if any(ch.dep_ == "nsubjpass" for ch in v.children):
            return []
        if v.dep_ == "xcomp" and v.head != v and v.head.tag_ == "VBG" and \
                v.head.dep_ in ("advcl", "xcomp"):
            # "…, prompting Mexico to break off relations": the object of a participle of
            # cause is who acts in its complement.
            ctrl = _tokens_mentions([ch for ch in v.head.children if ch.dep_ == "dobj"],
                                    by_token)
            if ctrl:
                return ctrl
        if v.dep_ == "pcomp" and v.head.lower_ == "for" and v.head.head != v.head:
            # "tightened sanctions against it for conducting a nuclear test", "Iran was
            # punished for enriching uranium": who answers for an act did it, not who
            # answers it.
            ctrl = _answerable(v.head.head, by_token)
            if ctrl:
                return ctrl
        if v.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp") and v.head != v:
            v = v.head if v.dep_ != "pcomp" else v.head.head
            continue
        if v.dep_ == "relcl":
            return _tokens_mentions([_relative_antecedent(v)], by_token)
        if v.dep_ == "acl":
            return _tokens_mentions([v.head], by_token) if v.tag_ == "VBG" else []
        return []
    return []


#: The prepositions that name whom a punishment or condemnation is aimed at.
AIM_PREPS = frozenset({"against", "on"})


def _answerable(gov: Token, by_token: dict[int, list[ActorMention]]) -> list[ActorMention]:
    """Whom a verb or noun of response is aimed at: its object or passive subject, else the
    object of its (or its object's) "against"/"on" phrase ("sanctions against it")."""
    heads = [ch for ch in gov.children if ch.dep_ in ("dobj", "nsubjpass")]
    ms = _tokens_mentions(heads, by_token)
    if ms:
        return ms
    out: list[ActorMention] = []
    for h in (gov, *heads):
        out.extend(m for m in _prep_objects(h, AIM_PREPS, by_token, 1) if m not in out)
    return out


def _reason_for_response(tok: Token, index: PatternIndex) -> bool:
    """Is ``tok`` an act named as the reason for a stated actor's punishment or
    condemnation ("the UN sanctioned it for conducting a test")? Its own participants are
    then all it has: the punisher is not its target, and the other actors of the sentence
    belong to other clauses. (Thanks for an act, "thanked Argentina for sending
    firefighters", is cooperative and usually names the act's target.)"""
    if not (tok.dep_ == "pcomp" and tok.head.lower_ == "for") or tok.head.head == tok.head:
        return False
    gov = tok.head.head
    m = index.match_token(gov)
    if m is None or m.pattern.code[:2] < "10":  # CAMEO roots 10-20: demands to violence
        return False
    return any(ch.dep_ == "nsubj" or (
        (ch.dep_ == "agent" or (ch.dep_ == "prep" and ch.lower_ == "by")) and
        any(p.dep_ == "pobj" for p in ch.children))
        for v in ([gov, gov.head] if gov.pos_ == "NOUN" else [gov]) for ch in v.children)


def _agent(verb: Token, by_token: dict[int, list[ActorMention]]) -> list[ActorMention]:
    for ch in verb.children:
        if ch.dep_ == "agent" or (ch.dep_ == "prep" and ch.lower_ == "by"):
            return _tokens_mentions([p for p in ch.children if p.dep_ == "pobj"], by_token)
    return []


def _pair_reference(tok: Token) -> bool:
    """"the two sides", "both sides", "the two presidents" (the resolver's own test)."""
    return tok.lemma_.lower() in PAIR_NOUNS and tok.tag_ in ("NNS", "NNPS") and \
        any(c.lower_ in ("two", "both") for c in tok.lefts) and \
        any(c.lower_ in ("the", "both", "these", "those") for c in tok.lefts)


def _prep_targets(tok: Token, preps: Iterable[str], by_token: dict[int, list[ActorMention]],
                  depth: int = 2, weak: bool = True) -> list[ActorMention]:
    """Actors in the target prepositions of ``tok``, looking through one nested phrase
    ("threatened strikes with missiles against the South")."""
    # The pattern's own prepositions and the directional ones first, at every depth; the
    # weak ones ("with", "over", "for") only after, since they often mark an instrument
    # or a topic ("strikes with missiles against the South").
    for wanted in (set(preps) | STRONG_TARGET_PREPS, WEAK_TARGET_PREPS if weak else set()):
        out = _prep_objects(tok, wanted, by_token, depth)
        if out:
            return out
    return []


def _prep_objects(tok: Token, wanted: set[str] | frozenset[str],
                  by_token: dict[int, list[ActorMention]], depth: int) -> list[ActorMention]:
    out: list[ActorMention] = []
    for ch in tok.children:
        if ch.dep_ in ("prep", "dative") and ch.lower_ in wanted:
            objs = [p for p in ch.children if p.dep_ == "pobj"]
            # "to tens of thousands of Syrians fleeing the war" parsed as a clause.
            objs += [s for p in ch.children if p.dep_ == "pcomp" and not objs
                     for s in p.children if s.dep_ == "nsubj"]
            for m in _tokens_mentions(objs, by_token):
                if m not in out:
                    out.append(m)
    if not out and depth > 1:
        for ch in tok.children:
            # Through "of" too, to the phrase it completes ("welcomed the resumption of ties
            # with Osgiliath"), though an of-phrase itself never names a target.
            if ch.dep_ == "prep" and (ch.lower_ not in NON_TARGET_PREPS or ch.lower_ == "of"):
                for p in ch.children:
                    if p.dep_ == "pobj":
                        out.extend(m for m in _prep_objects(p, wanted, by_token, depth - 1)
                                   if m not in out)
    return out


#: Prepositions that place a protest at a building it besieges.
SIEGE_PREPS = frozenset({"outside", "at", "before"})


#: Society's side of domestic politics: its protests, demands and refusals with no named
#: target are aimed at the government; a government's concessions with none go to them.
SOCIETY_SECTORS = frozenset({"CVL", "LAB", "OPP", "EDU", "AGR", "REL", "MED", "BUS", "REF", "HLH",
                             "HRI", "NGO", "PTY"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG"})


def _implicit_domestic_target(code: str, source: ActorMention) -> ActorMention | None:
    """The party a domestic act is conventionally coded against when the text names none:
    "protesters marched" → their government; "the president repealed the decree" → the
    public (CVL). Low confidence, and only for the roots where this reading is standard."""
    if not source.country or len(source.country) != 3:
        return None
    root = code[:2]
    sector = source.sector
    if root in ("10", "11", "12", "14") and sector in SOCIETY_SECTORS:
        target_sector = "GOV"
    elif code[:3] in ("081", "082", "083") and (
            sector in STATE_SECTORS or (sector is None and source.kind == "state")):
        # Easing restrictions, ending repression, policy reversals, resignations.
        target_sector = "CVL"
    elif root == "08" and sector in SOCIETY_SECTORS:
        target_sector = "GOV"
    elif root in ("17", "18") and sector in STATE_SECTORS:
        # "police detained dozens", "forces demolished homes": repression of the public.
        target_sector = "CVL"
    elif root in ("18", "19", "20") and sector in ("REB", "INS", "UAF", "SEP", "CRM"):
        # "militants stormed a hotel": insurgent violence against civilians.
        target_sector = "CVL"
    else:
        return None
    return _sector_mention(source, target_sector, 0.4)


OWN_SIDE_WORDS = frozenset({"its", "their", "his", "her", "it", "they", "them", "our", "we"})


#: Strikes, boycotts, blockades and occupations: aimed at the government only when the text
#: says what they protest (rg-0007, rg-0019), else at no one the text names.
NON_PROTEST_ACTIONS = ("143", "144")
#: Prepositions that state what a protest is against ("against the pension reform", "over
#: the removal of subsidies", "for higher wages").
GRIEVANCE_PREPS = frozenset({"against", "over", "for"})
DURATION_NOUNS = frozenset({"hour", "day", "week", "month", "year", "time", "while", "period"})
GRIEVANCE_VERBS = frozenset({"demand", "protest", "oppose", "denounce", "reject", "seek",
                             "press", "call", "urge", "condemn", "defy", "resist"})


#: Threats of protest or strike (CAMEO 133).
PROTEST_THREATS = ("133",)
#: Strikes (CAMEO 143), whose target may be the workers' employer.
LABOUR_STRIKE = ("143",)
#: Nouns of a pay dispute: a strike over them is against employers (ev-0247), unless the
#: clause names the government (a state wage freeze is policy).
PAY_NOUNS = frozenset({"wage", "pay", "salary", "bonus", "paycheck", "payrise", "overtime"})
#: Prepositions that tie workers to a company ("workers at Ford", "the union of Samsung").
EMPLOYER_PREPS = frozenset({"at", "of"})


def _employer_target(source: ActorMention, tok: Token) -> ActorMention | None:
    """Whom a strike by workers (LAB) is against when the text names no one: the company
    the workers or union belong to ("Hyundai Motor's union", "workers at Ford"), else, when
    they strike over pay, business in their country. Unions striking over state policy
    keep the government (rg-0019, ev-0248) through the grievance rule; a pay strike that
    names the government is left to it."""
    doc = tok.doc
    if source.head is not None and source.country:
        head = doc[source.head]
        owners = [c for c in head.children if c.dep_ == "poss"]
        owners += [p for c in head.children if c.dep_ == "prep" and c.lower_ in EMPLOYER_PREPS
                   for p in c.children if p.dep_ == "pobj"]
        for owner in owners:
            if owner.ent_type_ == "ORG" and owner.pos_ == "PROPN":
                return _sector_mention(source, "BUS", 0.4)
    if source.country and _pay_dispute(tok):
        return _sector_mention(source, "BUS", 0.4)
    return None


#: Verbs of a vehicle's arrival, whose place is the destination of what it carries.
ARRIVAL_VERBS = frozenset({"land", "arrive", "dock", "touch"})
#: Participles of carrying that tie a load to its vehicle ("a plane carrying aid").
CARRY_VERBS = frozenset({"carry", "bring", "transport", "ferry", "load"})


def _arrival_of_carrier(trigger: Token) -> Token | None:
    """The arrival verb of the vehicle that carries ``trigger`` ("a plane carrying relief
    supplies landed in Turkey" -> landed), or None when the load is not so carried."""
    carry = trigger.head
    if trigger.dep_ not in ("dobj", "obj", "conj") or carry.lemma_.lower() not in CARRY_VERBS:
        return None
    vehicle = carry.head
    if carry.dep_ != "acl" or vehicle.dep_ != "nsubj":
        return None
    verb = vehicle.head
    return verb if verb.lemma_.lower() in ARRIVAL_VERBS else None


def _pay_dispute(tok: Token) -> bool:
    """Is the act's clause about pay ("to demand higher wages", "over unpaid salaries")
    without naming the government (a state wage freeze is policy, not a pay dispute)?"""
    words = list(_clause_verb(tok).subtree)
    if any(t.lemma_.lower() == "government" for t in words):
        return False
    return any(t.lemma_.lower() in PAY_NOUNS and t.pos_ == "NOUN" for t in words)


def _grievance(tok: Token) -> bool:
    """Does the clause of a protest act say what it is against: a purpose ("to demand",
    "to protest"), an against/over/for phrase, "in protest at", or "demanding ..."?"""
    clause = _clause_verb(tok)
    for t in itertools.chain(clause.subtree, tok.subtree):
        if t.head.i not in (clause.i, tok.i):
            continue
        objs = [p for p in t.children if p.dep_ == "pobj"]
        if t.dep_ == "prep" and t.lower_ in GRIEVANCE_PREPS and any(
                p.ent_type_ not in ("DATE", "TIME") and p.lemma_.lower() not in DURATION_NOUNS
                for p in objs):
            return True  # ("for a third week" is a duration, not a cause)
        if t.dep_ == "prep" and t.lower_ == "in" and any(p.lemma_ == "protest" for p in objs):
            return True
        if t.dep_ in ("advcl", "xcomp") and t.pos_ == "VERB" and (
                any(a.dep_ == "aux" and a.lower_ == "to" for a in t.children) or
                (t.tag_ == "VBG" and t.lemma_.lower() in GRIEVANCE_VERBS)):
            return True  # a purpose, or "demanding ..." ("halting trains" is an outcome)
    return False


#: Words that put a protesting public in a sentence.
PROTEST_NOUNS = frozenset({"protest", "protester", "protestor", "demonstration", "demonstrator",
                           "rally", "riot", "rioter", "uprising", "unrest", "marcher"})


def _protest_context(tok: Token, governor: Token | None) -> bool:
    """Does the act's clause (or its governor's) speak of protests or protesters?"""
    for head in (governor, _clause_verb(tok)):
        if head is not None and any(t.lemma_.lower() in PROTEST_NOUNS for t in head.subtree):
            return True
    return False


def _sector_mention(source: ActorMention, sector: str, conf: float) -> ActorMention:
    """The source's own country in another sector, inferred by a rule (no span of its own)."""
    return ActorMention(
        article_id="", sentence_id=source.sentence_id, start=source.start, end=source.end,
        token_start=source.token_start, token_end=source.token_end, text=source.text,
        code=(source.country or "") + sector, country=source.country, sector=sector,
        kind="sector", resolved_by="rule", confidence=conf, head=None)


#: Harms whose "of" complement is the victim ("the killing of protesters").
HARM_NOUNS = frozenset({"killing", "death", "disappearance", "murder", "abduction",
                        "kidnapping", "torture", "massacre", "shooting", "assassination",
                        "detention", "arrest", "rape", "abuse", "mistreatment", "execution",
                        "beating", "poisoning", "deportation", "expulsion"})


def _by_phrase_actors(tok: Token, by_token: dict[int, list[ActorMention]]
                      ) -> list[ActorMention]:
    """Actors in a by-phrase on a noun under ``tok`` ("abuses by Venezuelan security
    forces", "the killing of protesters by police"): who did the thing talked about."""
    active = any(ch.dep_ == "nsubj" for ch in tok.children)
    for t in tok.subtree:
        # (On an active verb a by-phrase cannot be its agent: it belongs to the noun the
        # parser failed to attach it to, "opened an inquiry into the killing ... by police".)
        if t.dep_ in ("prep", "agent") and t.lower_ == "by" and (
                (t.head.pos_ == "NOUN" and t.head.i != tok.i) or (t.head.i == tok.i and active)):
            found = _tokens_mentions([p for p in t.children if p.dep_ == "pobj"], by_token)
            if found:
                return found
    return []


def _victim(doc: Doc, t: ActorMention) -> bool:
    """Is the mention the "of" complement of a harm ("the deaths of protesters")?"""
    if t.head is None:
        return False
    tok = doc[t.head]
    for _ in range(3):
        if tok.dep_ != "pobj" or tok.head.lower_ != "of":
            return False
        noun = tok.head.head
        if noun.lemma_.lower() in HARM_NOUNS or noun.lower_ in HARM_NOUNS:
            return True
        tok = noun  # "the deaths of dozens of protesters"
    return False


def _locative_phrase(tok: Token | None) -> bool:
    """Is ``tok`` inside a place phrase ("the Sea of Japan" after "over"), looking up
    through of-phrases to the preposition that governs it?"""
    t = tok
    for _ in range(4):
        if t is None or t.dep_ != "pobj" or t.head.i == t.i:
            return False
        prep = t.head
        if prep.lower_ != "of":
            return prep.lower_ in LOCATIVE_PREPS
        t = prep.head
    return False


def _own_side(target: ActorMention, src_countries: set[str | None]) -> bool:
    """ "its troops", "their embassies": a pronoun's side is the source's own, no target."""
    first = target.text.split()[0].lower() if target.text else ""
    return target.resolved_by == "coreference" and target.country in src_countries and \
        first in OWN_SIDE_WORDS


#: Unnamed crowds whose street violence is rioting, not military force.
CROWD_NOUNS = frozenset({"protester", "demonstrator", "crowd", "people", "thousand", "hundred",
                         "dozen", "marcher", "rioter", "student", "supporter", "resident",
                         "villager", "mob", "youth"})


def _clause_subject_lemma(tok: Token) -> str | None:
    verb = _clause_verb(tok)
    subj = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None)
    return subj.lemma_.lower() if subj is not None else None


#: Longest text parsed in one piece: spaCy needs ~1 GB per 100,000 characters.
MAX_CHUNK_CHARS = 100_000


def _chunks(text: str, limit: int) -> list[str]:
    """Contiguous slices of ``text`` no longer than ``limit``, cut at paragraph breaks when
    possible, else at a sentence end or a space; their concatenation is ``text``."""
    out: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = limit
        for sep in ("\n\n", "\n", ". ", " "):
            at = window.rfind(sep)
            if at > limit // 2:
                cut = at + len(sep)
                break
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out


def _rule_mention(span: Span, country: str, sid: int, conf: float, head: int) -> ActorMention:
    """A state actor the coder infers from a place or a nationality, not from the resolver."""
    return ActorMention(
        article_id="", sentence_id=sid, start=span.start_char, end=span.end_char,
        token_start=span.start, token_end=span.end, text=span.text, code=country,
        country=country, sector=None, kind="state", resolved_by="rule", confidence=conf,
        head=head)


def _riot(code: str, source: ActorMention | None, target: ActorMention | None) -> str:
    """Civilians or opposition fighting their own security forces is a riot (CAMEO 145),
    not military force (19x): "opposition supporters clashed with police". The other way
    round, security forces firing on their own civilians is violent repression (175), not
    small-arms combat (193): "soldiers opened fire on protesters"."""
    if code == "193" and source is not None and target is not None and \
            source.sector in ("COP", "MIL") and target.sector in SOCIETY_SECTORS and \
            source.country is not None and source.country == target.country:
        return "175"
    # Protesters burning or wrecking their government's buildings ("set fire to government
    # buildings", 1712) are rioting too: destruction by a crowd is violent protest.
    if (code[:2] != "19" and code != "1712") or source is None or \
            source.sector not in SOCIETY_SECTORS:
        return code
    if target is not None and (target.sector not in ("COP", "MIL", "GOV") or
                               target.country != source.country):
        return code
    return "145"


def _future(tok: Token) -> bool:
    """Is the clause a time expression belongs to about the future ("will meet on Monday",
    "pledged to visit next month") rather than the past ("agreed on Friday")?"""
    verb = _clause_verb(tok)
    if any(a.lower_ in FUTURE_AUX or a.lemma_ in ("will", "shall") for a in verb.children
           if a.dep_ == "aux"):
        return True
    # An infinitive under a verb of intention: "pledged to visit on Monday".
    return verb.dep_ == "xcomp" and verb.tag_ == "VB" and verb.head.lemma_.lower() in (
        "plan", "agree", "pledge", "promise", "vow", "intend", "expect", "schedule", "due",
        "set", "decide", "hope", "want", "aim", "prepare")


def _conditional(clause: Token) -> bool:
    """An "if"/"unless" clause or an inverted one ("Should Ethiopia fill the dam, …")."""
    if any(ch.dep_ == "mark" and ch.lower_ in ("if", "unless") for ch in clause.children):
        return True
    subj = next((ch.i for ch in clause.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and any(ch.dep_ == "aux" and ch.lower_ in ("should", "were", "had")
                                    and ch.i < subj for ch in clause.children)


def _in_topic(doc: Doc, t: ActorMention, verb: Token) -> bool:
    """Is ``t`` named inside the verb's object through a preposition of direction ("discussed
    sanctions against Russia", "aid to Ukraine"), i.e. in what is talked about?"""
    if t.head is None:
        return False
    x = doc[t.head]
    for _ in range(8):
        head = x.head
        if head.i == x.i:
            return False
        if x.dep_ == "pobj" and head.lower_ in STRONG_TARGET_PREPS | {"over", "for"}:
            obj = head.head
            while obj.dep_ in ("conj", "pobj", "prep") and obj.head.i != obj.i:
                obj = obj.head
            return obj.dep_ in ("dobj", "obj") and obj.head.i == verb.i
        x = head
    return False


def _drop_consequences(cands: list[Candidate], governors: Container[str] = frozenset()
                       ) -> None:
    """"Soldiers opened fire on protesters, killing six": the participle tells the outcome
    of the act already coded, not a second act, when it adds no target of its own."""
    by_trigger = {c.trigger.i: c for c in cands if c.events}
    for c in cands:
        if c.events and c.match.pattern.nominal:
            # "went on strike": the strike's clause verb stands for it too.
            by_trigger.setdefault(_clause_verb(c.trigger).i, c)
    for c in cands:
        t = c.trigger
        if c.events and t.dep_ == "pcomp" and t.head.lower_ == "by" and \
                t.head.head.i in by_trigger and by_trigger[t.head.head.i] is not c:
            # "violated the truce by shelling front-line positions": the means is the act.
            c.events = []
            c.dropped = f"means of '{t.head.head.text}', already coded"
            continue
        if c.governor is not None and c.governor.dep_ in ("advcl", "xcomp"):
            # "occupied schools to press the government for funding": the composed appeal
            # is the purpose, its governor the clause that hangs on the main act.
            t = c.governor
        while t.dep_ == "xcomp" and t.head.i not in by_trigger and \
                t.head.dep_ in ("advcl", "xcomp") and t.head.tag_ == "VB":
            # "deployed troops to help fight insurgents", "to try to stop": a purpose
            # reached through a helper verb that is no act of its own is still a purpose.
            t = t.head
        if not c.events or t.dep_ not in ("advcl", "xcomp"):
            continue
        main = by_trigger.get(t.head.i)
        if main is None or main is c:
            continue
        if t.dep_ == "xcomp" and (main.trigger.lemma_.lower() in governors or
                                  t.tag_ != "VB"):
            continue  # an open complement of a governor is composed, not a purpose
        if t.tag_ == "VBG" and _adds_no_party(c, main):
            c.events = []
            c.dropped = f"outcome of '{main.trigger.text}', already coded"
        elif t.tag_ == "VB" and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in t.children):
            # "blocked highways to protest against fuel prices", "went on strike to demand
            # higher wages": a purpose states what the act is for, not a second act.
            c.events = []
            c.dropped = f"purpose of '{main.trigger.text}', already coded"


def _mandative(tok: Token) -> bool:
    """"demanded at the court that Chile negotiate": a 'that' clause whose verb keeps its
    bare form beside its own subject, with no auxiliary, is a mandative subjunctive (what
    someone demands, urges or proposes), even when the parser hangs it on the wrong head
    and no governor is found; an act that happened would be finite ("negotiated")."""
    kids = list(tok.children)
    return tok.tag_ == "VB" and tok.dep_ in ("ccomp", "relcl", "advcl", "acl") and \
        any(k.dep_ == "mark" and k.lower_ == "that" for k in kids) and \
        any(k.dep_ == "nsubj" for k in kids) and \
        not any(k.dep_ in ("aux", "auxpass") for k in kids)


def _adds_no_party(outcome: Candidate, main: Candidate) -> bool:
    """Does an outcome participle name nobody the main act did not ("opened fire on
    protesters, killing six": the six are the protesters; a target the coder only guessed,
    the implicit domestic party or the nearest actor, names nobody either)?"""
    if all(e.target_actor is None for e in outcome.events):
        return True
    if outcome.code[:2] not in UNKNOWN_SOURCE_ROOTS or main.code[:2] < "17":
        # "expelled the ambassador, accusing him of …" is a second act on the same party;
        # only violence has a toll that is the same event as the act that caused it.
        return False
    main_targets = {e.target_actor.code for e in main.events if e.target_actor is not None}
    guessed = "implicit" in outcome.rule or "fallback" in outcome.rule
    return all(e.target_actor is None or guessed or e.target_actor.code in main_targets or
               e.target_actor.sector in SOCIETY_SECTORS and main_targets and
               any(code[:3] == e.target_actor.code[:3] for code in main_targets)
               for e in outcome.events)


def _drop_unattributed_duplicates(cands: list[Candidate]) -> None:
    """"49 soldiers were killed when Azerbaijani forces attacked": violence with an unknown
    source against a party that a named attacker's violence in the same sentence also hit
    is that attack's toll, not a second event."""
    named = {e.target_actor.code for c in cands for e in c.events
             if e.source_actor is not None and e.target_actor is not None and
             e.cameo_code[:2] in UNKNOWN_SOURCE_ROOTS}
    for c in cands:
        if c.events and all(e.source_actor is None and e.target_actor is not None and
                            e.target_actor.code in named for e in c.events):
            c.events = []
            c.dropped = "toll of an attack by a named actor, already coded"
        elif c.events and all(e.source_actor is None for e in c.events) and _running_toll(c.trigger):
            c.events = []
            c.dropped = "a running toll ('have been killed since'), not one event"


def _running_toll(tok: Token) -> bool:
    """"More than 3,700 people have been killed since the fighting began": a perfect
    passive counted from a starting point sums many acts; it is not one event."""
    auxes = {ch.lower_ for ch in tok.children if ch.dep_ in ("aux", "auxpass")}
    return bool(auxes & {"have", "has", "had"}) and "been" in auxes and any(
        ch.lower_ == "since" or any(g.dep_ == "mark" and g.lower_ == "since"
                                     for g in ch.children)
        for ch in tok.children if ch.dep_ in ("prep", "advcl"))


def _depth_to(tok: Token, ancestor: Token) -> int:
    d = 0
    t = tok
    while t.i != ancestor.i and t.head.i != t.i and d < 20:
        t = t.head
        d += 1
    return d


def _conjunct_targets(c: Candidate, cands: list[Candidate], sources: list[ActorMention]
                      ) -> list[ActorMention]:
    """Targets of an earlier event whose clause is coordinated with this one, same source.

    "Park has pledged to engage the North in dialogue, but has also vowed not to give in":
    the second act is aimed at the same party as the first.
    """
    mine = c.governor if c.governor is not None else _clause_verb(c.trigger)
    codes = {s.code for s in sources}
    for other in cands:
        if other is c or not other.events:
            continue
        theirs = other.governor if other.governor is not None else _clause_verb(other.trigger)
        if not _coordinated(mine, theirs):
            continue
        if other.targets and codes & {s.code for s in other.sources}:
            return list(other.targets)
    return []


def _coordinated(a: Token, b: Token) -> bool:
    def top(t: Token) -> Token:
        while t.dep_ == "conj" and t.head != t:
            t = t.head
        return t
    return a != b and top(a) == top(b)


def _object_of(tok: Token, verb: Token) -> bool:
    """Is ``tok`` the verb's direct object (or coordinated with it)?"""
    t = tok
    while t.dep_ == "conj" and t.head != t:
        t = t.head
    return t.dep_ in ("dobj", "attr", "nsubjpass", "obj") and t.head == verb


def _verb_targets(verb: Token, m: Match | None, by_token: dict[int, list[ActorMention]],
                  exclude: list[ActorMention], weak: bool = True) -> list[ActorMention]:
    """The target of a verbal act, from the most to the least telling position."""
    def keep(ms: list[ActorMention]) -> list[ActorMention]:
        return [t for t in ms if t not in exclude]

    carriers = [verb] + ([m.obj] if m is not None and m.obj is not None else [])
    named = set(m.pattern.target_preps) if m is not None else set()
    # 0. A pattern whose object is any actor ("suspend +@actor from") is aimed at that actor;
    # its prepositions only say from what ("expelled Russia from the Council of Europe").
    if m is not None and m.obj is not None and m.pattern.obj and ACTOR_OBJECT in m.pattern.obj:
        targets = keep(_tokens_mentions([m.obj], by_token))
        if targets:
            return targets
    # 1. The preposition the pattern names ("extradite to", "meet with", "impose on").
    if named:
        for carrier in carriers:
            targets = keep(_prep_objects(carrier, named, by_token, 2))
            if targets:
                return targets
    objs = [ch for ch in verb.children if ch.dep_ in ("dobj", "obj", "dative", "iobj", "attr")
            and (m is None or m.obj is None or ch.i != m.obj.i)]
    # 2. For transfers (aid, extradition, cooperation), the recipient: "extradited the drug
    # lord to the United States", "supplied drones to Russia".
    if m is not None and m.code[:2] in RECIPIENT_ROOTS:
        for carrier in carriers + objs:
            targets = keep(_prep_objects(carrier, {"to", "toward", "towards"}, by_token, 1))
            if targets:
                return targets
    # 3. The direct object or recipient.
    targets = keep(_tokens_mentions(objs, by_token))
    if targets:
        return targets
    # 3b. Investigations and accusations aim at whoever did what they are about:
    # "examined abuses by Ethiopian forces", "documented killings by the army".
    if m is not None and m.code[:2] in ("09", "11"):
        for o in objs + ([m.obj] if m.obj is not None else []):
            targets = keep(_prep_objects(o, {"by"}, by_token, 2))
            if targets:
                return targets
    # 4a. An "against" phrase on the verb or its objects names the opponent before an "at"
    # or "to" phrase, which may only name the forum: "filed a case against Israel at the
    # International Court of Justice", "lodged a complaint against Russia at the UN".
    for carrier in carriers + [o for o in objs if o not in carriers]:
        targets = keep(_prep_objects(carrier, {"against"}, by_token, 1))
        if targets:
            return targets
    # 4-. An actor the pattern's object itself names comes before the prepositions on it:
    # "welcomed the EU's new sanctions on Iran" praises the EU, "shot down an American drone
    # over Yemen" hits the United States (the object's own actor, as in step 3).
    if m is not None and m.obj is not None and by_token.get(m.obj.i):
        targets = _own_object(m, keep(by_token[m.obj.i]), exclude)
        if targets:
            return targets
    # 4. Directional, then weak prepositions, on the verb or its objects.
    for carrier in carriers + [o for o in objs if o not in carriers]:
        targets = keep(_prep_targets(carrier, (), by_token, weak=weak))
        if targets:
            return targets
    # 5. The object itself when it names an actor ("held talks with Iran's minister"), or an
    # actor inside a clause on the object ("agreements normalising relations with Israel"),
    # or the object of an open complement ("promised to help Somalia").
    if m is not None and m.obj is not None:
        targets = _own_object(m, keep(_tokens_mentions([m.obj], by_token)), exclude)
        if targets:
            return targets
        for cl in m.obj.children:
            if cl.dep_ in ("acl", "relcl"):
                targets = keep(_verb_targets(cl, None, by_token, exclude))
                if targets:
                    return targets
    for cl in verb.children:
        if cl.dep_ == "xcomp":
            targets = keep(_tokens_mentions([ch for ch in cl.children
                                             if ch.dep_ in ("dobj", "dative")], by_token))
            if targets:
                return targets
    return []


def _own_object(m: Match, targets: list[ActorMention], exclude: list[ActorMention]
               ) -> list[ActorMention]:
    """Mentions of a pattern's object that may be its target. In an act of force aimed by a
    preposition ("fired drones and missiles at Saudi oil facilities"), the source's own
    weapons fired are no target ("shot down a Ukrainian passenger jet" still is)."""
    if m.code[:2] in FORCE_ROOTS and m.pattern.target_preps:
        own = {e.country for e in exclude}
        return [t for t in targets if t.country not in own]
    return targets


#: Sectors whose leaving a place is a military withdrawal (CAMEO 0874).
ARMED_SECTORS = frozenset({"MIL", "REB", "INS", "UAF"})
#: Verbs that make a visit only when a visitor moves: a delegation lands, tanks do not.
MOTION_LEMMAS = frozenset({"arrive", "land", "fly", "travel", "head", "leave", "depart",
                           "stop"})
#: Sectors whose plural bodies or vehicles arriving somewhere are a deployment, a delivery or
#: travel, not a diplomatic visit ("Kenyan police officers landed in Haiti").
NON_VISITOR_SECTORS = frozenset({"MIL", "COP", "BUS", "CVL", "REF", "CRM", "UAF", "SPY"})
VEHICLE_NOUNS = frozenset({"plane", "aircraft", "jet", "helicopter", "ship", "vessel",
                           "tank", "convoy", "truck", "flight", "warship", "boat",
                           "airliner", "drone"})


def _movement_not_visit(trigger: Token, sources: list[ActorMention]) -> bool:
    """Is a 'visit' coded from a verb of motion really troops, police, goods or travellers
    arriving? Only officials visit: "The first Kenyan police officers landed in Haiti",
    "Britain's Challenger tanks have arrived in Ukraine" are deployments and deliveries,
    while "the army chief arrived in Islamabad" stays a visit (a person, not a body)."""
    if trigger.lemma_.lower() not in MOTION_LEMMAS or not sources:
        return False
    doc = trigger.doc
    for s in sources:
        if s.sector not in NON_VISITOR_SECTORS or s.head is None:
            return False
        head = doc[s.head]
        if head.tag_ not in ("NNS", "NNPS") and head.lemma_.lower() not in VEHICLE_NOUNS:
            return False
    return True


def _no_other_object(verb: Token, by_token: dict[int, list[ActorMention]]) -> bool:
    """Does a light verb lend its subject to the act named in its in/into/on phrase? Yes
    with no object or an actor object ("engaged the North in dialogue"); no when its object
    is a thing of its own ("opened an inquiry into the killing" does not make the inquirers
    the killers)."""
    return all(ch.i in by_token and by_token[ch.i] for ch in verb.children
               if ch.dep_ in ("dobj", "obj"))


def _nominal_source(tok: Token, by_token: dict[int, list[ActorMention]]) -> list[ActorMention]:
    """The actor of a nominal event: possessor, actor modifier, or a by-phrase."""
    own = [m for m in by_token.get(tok.i, []) if m.head != tok.i]
    if own:
        return own
    mods = [ch for ch in tok.children if ch.dep_ in ("poss", "amod", "compound", "nmod")]
    ms = _tokens_mentions(mods, by_token)
    if ms:
        return ms
    return _agent(tok, by_token)


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause a token belongs to (itself for verbs)."""
    t = tok
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            return t
        if t.head == t:
            return t
        t = t.head
    return tok


#: Subordinators of a clause that happens at the same time as the one it modifies.
SIMULTANEOUS_MARKS = frozenset({"while", "as", "when"})
#: Units of "a day after …", "two weeks before …", in days.
OFFSET_UNITS = {"day": 1, "week": 7}


def _offset_anchor(tok: Token) -> tuple[Token, int, str] | None:
    """For an event in "a day after X" / "two weeks before X" (a clause or a nominal),
    the verb whose time it is measured from, the shift in days, and the words that say so."""
    if tok.dep_ == "advcl":
        link = next((ch for ch in tok.children
                     if ch.dep_ == "mark" and ch.lower_ in ("after", "before")), None)
        measure_host, anchor = tok, tok.head
    elif tok.dep_ == "pobj" and tok.head.lower_ in ("after", "before"):
        link = tok.head
        measure_host, anchor = tok.head, _clause_verb(tok.head.head)
    else:
        return None
    if link is None:
        return None
    unit = next((ch for ch in measure_host.children
                 if ch.dep_ == "npadvmod" and ch.lemma_.lower() in OFFSET_UNITS), None)
    if unit is None:
        return None
    count = next((number_word(ch.text) for ch in unit.children
                  if ch.dep_ in ("nummod", "det") and number_word(ch.text)), 1)
    days = count * OFFSET_UNITS[unit.lemma_.lower()] * (-1 if link.lower_ == "after" else 1)
    words = sorted([*unit.subtree, link], key=lambda t: t.i)
    return anchor, days, " ".join(t.text for t in words)


def _argument_of(noun: Token, verb: Token) -> bool:
    """Is ``noun`` the verb's subject or object, directly or through one preposition?"""
    head = noun.head
    if head.dep_ == "prep" and noun.dep_ == "pobj":
        head = head.head
    return head == verb and noun != verb


def _clause_tokens(clause: Token, trigger: Token, as_tokens: bool = False):  # type: ignore[no-untyped-def]
    """Tokens of a clause, not descending into embedded clauses that have their own verb."""
    out: list[Token] = []
    stack = [clause]
    while stack:
        t = stack.pop()
        out.append(t)
        for ch in t.children:
            if ch.dep_ in ("ccomp", "relcl", "acl", "advcl", "conj", "csubj", "xcomp",
                           "pcomp") and ch.pos_ in ("VERB", "AUX") and ch != trigger and \
                    trigger not in ch.subtree:
                continue
            stack.append(ch)
    if as_tokens:
        return out
    return {t.i for t in out}


def _negated(tok: Token) -> bool:
    if any(ch.dep_ == "neg" for ch in tok.children):
        return True
    if any(ch.lower_ == "longer" and any(g.lower_ == "no" for g in ch.children)
           for ch in tok.children if ch.dep_ == "advmod"):
        return True  # "would no longer be bound by"
    if tok.pos_ == "NOUN" and any(ch.lower_ in ("no",) and ch.dep_ == "det"
                                  for ch in tok.children):
        return True
    return any(ch.lower_ in ("never",) for ch in tok.children if ch.dep_ == "advmod")


def _hypothetical(verb: Token) -> bool:
    t = verb
    for _ in range(4):
        if any(ch.dep_ == "mark" and ch.lower_ in ("if", "unless", "whether")
               for ch in t.children):
            return True
        if any(ch.dep_ == "aux" and ch.lower_ in HEDGE_AUX for ch in t.children):
            return True
        auxes = {ch.lower_ for ch in t.children if ch.dep_ == "aux"}
        if auxes & {"would", "should"} and "have" in auxes:
            return True  # counterfactual: "a resolution that would have kept aid flowing"
        if any(ch.dep_ == "aux" and ch.lower_ in ("would", "could", "might") for ch in t.children)\
                and any(ch.dep_ == "advcl" and _conditional(ch) for ch in t.children):
            return True  # the consequence of a condition: "if X, Egypt would take its case"
        subj = next((ch.i for ch in t.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and any(ch.dep_ == "aux" and ch.lower_ in ("should", "were", "had")
                                    and ch.i < subj for ch in t.children):
            return True  # "Should the AU send troops, …": an inverted conditional
        if t.dep_ in ("conj", "xcomp") and t.head != t:
            t = t.head
            continue
        break
    return False


def _under_speech(tok: Token, index: PatternIndex) -> bool:
    t = tok
    for _ in range(4):
        if t.head == t:
            return False
        if t.dep_ in ("ccomp", "parataxis"):
            return index.reports(t.head)
        t = t.head
    return False


def _pairs(sources: list[ActorMention], targets: list[ActorMention], code: str,
           reciprocal: bool = False) -> list[tuple[ActorMention | None, ActorMention | None]]:
    pairs: list[tuple[ActorMention | None, ActorMention | None]] = []
    # "Iran and Iraq reopened their embassies": a pronoun target from the sources' own
    # country is the sources themselves, not a party acted upon.
    src_countries = {s.country for s in sources if s.country}
    targets = [t for t in targets if not _own_side(t, src_countries)]
    if sources and targets:
        for s in sources:
            for t in targets:
                if s.code != t.code:
                    pairs.append((s, t))
                    if code.startswith(SYMMETRIC_CODES):
                        # "Putin spoke with his Turkish counterpart": a meeting is mutual.
                        pairs.append((t, s))
        return pairs
    group = sources or targets
    if len(group) >= 2 and not code.startswith(BROKER_CODES) and (
            code[:2] in SYMMETRIC_ROOTS or reciprocal or code.startswith(MUTUAL_RETREAT)):
        # "North and South Korean officials held talks": each side with the other (but
        # "Qatar and Egypt mediated" are co-mediators, not each other's parties).
        for s in group:
            for t in group:
                if s.code != t.code:
                    pairs.append((s, t))
        return pairs
    return [(s, None) for s in sources]


# ----------------------------------------------------------------------------------------------
class Coder:
    """Articles in, coded articles out: the batch interface for the CLI, store and Spark.

    The spaCy pipeline and the lexicons are loaded once per ``Coder``; ``code_articles``
    streams, so memory stays flat whatever the corpus size.
    """

    def __init__(self, model: str | None = None, dicts: Sequence[str] = (),
                 nlp: Language | None = None, fast: bool = False,
                 ner: str | None = None) -> None:
        self.nlp = nlp or load_pipeline(model)
        self.model_arg = model  # the name to load again in spawned workers
        self.fast = fast  # code_articles: parse only sentences that can matter (prefilter)
        #: ``lazy`` (default, or ``EVENTWIRE_NER``): the pipeline runs without NER and the
        #: rules run it on the sentences they ask about (eventwire.entities); ``full``: NER
        #: on every sentence, as spaCy's pipeline does.
        self.ner = ner or os.environ.get("EVENTWIRE_NER", "lazy")
        if self.ner not in NER_MODES:
            raise ValueError(f"ner must be one of {', '.join(NER_MODES)}, not {self.ner!r}")
        #: Components the parse leaves out (``nlp.pipe(..., disable=...)``).
        self.disabled: tuple[str, ...] = ("ner",) if self.ner == "lazy" and \
            "ner" in self.nlp.pipe_names else ()
        self.dicts = tuple(str(d) for d in dicts)
        self.actors: ActorResolver = resolver_for(self.nlp, self.dicts)
        self.events = EventCoder(pattern_index(self.dicts), self.dicts,
                                 place_country=self.actors.place_country,
                                 name_country=self._name_country, ents=self.actors.ents,
                                 sector_of=self.actors.lex.sector_of_lemma)
        self.model = model_name(self.nlp)

    def _name_country(self, text: str) -> str | None:
        for ref in self.actors.lex.names.get(text, []):
            if ref.kind in ("country", "adjective", "people", "capital"):
                return ref.code
        return None

    def code_doc(self, doc: Doc, article: Article, traces: list[Trace] | None = None
                 ) -> CodedArticle:
        mentions = self.actors.resolve(doc, article)
        for m in mentions:
            m.article_id = article.article_id
        by_sent: dict[int, list[ActorMention]] = {}
        for m in mentions:
            by_sent.setdefault(m.sentence_id, []).append(m)
        ref = parse_reference(article.published)
        sentences: list[Sentence] = []
        events: list[Event] = []
        self.events.parties = []
        self.events.story_domain = article_domain(
            "\n".join(t for t in (article.title, article.body) if t), self.dicts)
        for sid, sent in enumerate(doc.sents):
            sentences.append(Sentence(article.article_id, sid, sent.start_char, sent.end_char,
                                      sent.text.strip()))
            trace = self.events.code_sentence(doc, sent, sid, by_sent.get(sid, []), article, ref)
            for c in trace.candidates:
                events.extend(c.events)
            if traces is not None:
                traces.append(trace)
        return CodedArticle(article, sentences, mentions, events, self.model)

    def parse(self, text: str) -> Doc:
        """The parsed body; a body longer than spaCy's limit (a 1 MB scraped page) is parsed
        in paragraph chunks joined back into one Doc, so offsets are still the body's."""
        limit = min(self.nlp.max_length, MAX_CHUNK_CHARS)
        if len(text) <= limit:
            return self.nlp(text, disable=self.disabled)
        # One chunk at a time, without the tok2vec tensors the coder never reads: memory
        # stays that of one chunk (all at once, a 1 MB page took 3.8 GB).
        docs = list(self.pipe(_chunks(text, limit), batch_size=1))
        return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])

    def pipe(self, texts: Iterable, batch_size: int = 32, as_tuples: bool = False
             ) -> Iterator:
        """``nlp.pipe`` with the components this coder leaves out disabled."""
        return self.nlp.pipe(texts, batch_size=batch_size, as_tuples=as_tuples,
                             disable=list(self.disabled))

    def code_article(self, article: Article) -> CodedArticle:
        return self.code_doc(self.parse(article.body), article)

    def code_articles(self, articles: Iterable[Article], workers: int = 1,
                      batch_size: int = 32, fast: bool | None = None
                      ) -> Iterator[CodedArticle]:
        """Code a stream of articles, in input order, memory flat.

        ``workers > 1`` codes in that many processes (``eventwire.parallel``); ``fast``
        (default: the Coder's) fully parses only the sentences that can hold an event or
        give one its actors' context (``eventwire.prefilter``, docs/SCALE.md).
        """
        fast = self.fast if fast is None else fast
        if workers > 1:
            from eventwire.parallel import code_parallel

            yield from code_parallel(self, articles, workers, fast=fast)
            return
        if fast:
            from eventwire.prefilter import code_articles_fast

            yield from code_articles_fast(self, articles, batch_size)
            return
        limit = min(self.nlp.max_length, MAX_CHUNK_CHARS)
        batch: list[Article] = []
        for article in itertools.chain(articles, [None]):
            if article is not None:
                batch.append(article)
                if len(batch) < batch_size:
                    continue
            # Short bodies go through nlp.pipe together; an over-long one is chunked alone.
            short = [a for a in batch if len(a.body) <= limit]
            parsed = dict(zip((id(a) for a in short),
                              self.pipe((a.body for a in short), batch_size=batch_size)))
            # Runs of short bodies are coded together, NER batched across them
            # (entities.code_batched); an over-long body alone, when its turn comes.
            for long, run in itertools.groupby(batch, key=lambda a: id(a) not in parsed):
                if long:
                    for a in run:
                        yield self.code_doc(self.parse(a.body), a)
                else:
                    yield from code_batched(
                        self.actors.ents, [partial(self.code_doc, parsed[id(a)], a)
                                           for a in run], (self, self.actors, self.events))
            batch = []

    def explain(self, text: str, day: str | None = None) -> tuple[Doc, CodedArticle,
                                                                   list[Trace]]:
        article = Article(article_id=stable_id(text), body=text, published=day,
                          date_source="field" if day else "none")
        doc = self.parse(text)
        traces: list[Trace] = []
        coded = self.code_doc(doc, article, traces)
        self.actors.ents.ensure(doc.sents)  # every entity, for the parse table
        return doc, coded, traces


def _hosted_guest(g: Token, trigger: Token) -> bool:
    """The guest of a hosted visit: the host verb's object ("received the minister"), its
    passive subject ("the minister was received by"), or the object of "to" on the verb or
    its object ("played host to the minister")."""
    if g.dep_ in ("dobj", "nsubjpass"):
        return g.head.i == trigger.i
    if g.dep_ == "pobj" and g.head.lower_ == "to":
        carrier = g.head.head
        return carrier.i == trigger.i or (carrier.head.i == trigger.i and
                                          carrier.dep_ == "dobj")
    return False


def code_text(text: str, date: str | None = None, model: str | None = None,
              dicts: Sequence[str] = ()) -> list[Event]:
    """Code one text (an article body or a sentence) read as of ``date`` (YYYY-MM-DD)."""
    coder = _default_coder(model, tuple(dicts))
    article = Article(article_id=stable_id(text), body=text, published=date,
                      date_source="field" if date else "none")
    return coder.code_article(article).events


_coders: dict[tuple[str | None, tuple[str, ...]], Coder] = {}


def _default_coder(model: str | None, dicts: tuple[str, ...]) -> Coder:
    key = (model, dicts)
    if key not in _coders:
        _coders[key] = Coder(model, dicts)
    return _coders[key]


@Language.factory("eventwire", default_config={"dicts": []})
def make_component(nlp: Language, name: str, dicts: list[str]) -> "EventwireComponent":
    """``nlp.add_pipe("eventwire")``: sets ``doc._.events`` and ``doc._.actor_mentions``."""
    return EventwireComponent(nlp, tuple(dicts))


class EventwireComponent:
    """A spaCy pipeline component wrapping the coder (article date from ``doc._.date``)."""

    def __init__(self, nlp: Language, dicts: tuple[str, ...]) -> None:
        from spacy.tokens import Doc as _Doc

        for ext in ("events", "actor_mentions"):
            if not _Doc.has_extension(ext):
                _Doc.set_extension(ext, default=None)
        if not _Doc.has_extension("date"):
            _Doc.set_extension("date", default=None)
        self.nlp = nlp
        self.dicts = dicts
        self._coder: Coder | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self._coder is None:
            self._coder = Coder(dicts=self.dicts, nlp=self.nlp)
        article = Article(article_id=stable_id(doc.text), body=doc.text, published=doc._.date)
        coded = self._coder.code_doc(doc, article)
        doc._.events = coded.events
        doc._.actor_mentions = coded.mentions
        return doc
