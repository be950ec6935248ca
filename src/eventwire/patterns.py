"""Event-trigger patterns: the verbs lexicon compiled into lookups on the dependency parse.

A pattern such as ``impose +sanction on|against`` (docs/LEXICONS.md) becomes a ``Pattern``
indexed by its head lemma, so that each token of a sentence costs one dict lookup; only the
few patterns of a matching lemma are then checked against the token's dependents. The
governor lexicon (``kind: modality``) is compiled here too, since it is read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from spacy.tokens import Token

from eventwire.dates import MONTHS, WEEKDAYS
from eventwire.lexicon import Entry, LexiconError, LexiconSet, load_lexicons

_ELEMENT = re.compile(r"^([+>!]?)(@?[\w'\-.]+(?:\|@?[\w'\-.]+)*)$")
#: The object option that any actor mention fills: "recognise +@actor" (recognised Kosovo),
#: "suspend +@actor" (suspended Niger), where a list of nouns could never be complete.
ACTOR_OBJECT = "@actor"
#: The exclusion option that any direct object or clausal complement fills: "demonstrate
#: !@object" is a street protest, not "demonstrated the importance" or "demonstrate that".
ANY_OBJECT = "@object"

#: Dependents that can carry the particle or preposition a pattern names (``npadvmod``:
#: the first half of a hyphenated verb, "test-fired").
PARTICLE_DEPS = frozenset({"prt", "prep", "agent", "dative", "advmod", "compound:prt", "mark",
                           "acomp", "advcl", "npadvmod"})
#: Dependents that are the verb's object for ``+lemma`` constraints.
OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr", "oprd", "dative"})


@dataclass(frozen=True)
class Pattern:
    """One trigger pattern of one CAMEO code."""

    code: str
    head: frozenset[str]
    obj: frozenset[str] | None
    words: tuple[frozenset[str], ...]
    xcomp: frozenset[str] | None
    nominal: bool
    text: str
    where: str
    #: ``!lemma``: the pattern does not fit when the object, or a noun a preposition of the
    #: trigger or of its object introduces, has one of these lemmas ("release !report").
    exclude: frozenset[str] | None = None

    @property
    def specificity(self) -> int:
        # A multi-word noun head ("drone_strike") is more telling than its last word alone.
        compound = 2 if self.nominal and any(" " in h for h in self.head) else 0
        return 1 + (3 if self.obj else 0) + 2 * len(self.words) + (2 if self.xcomp else 0) + \
            compound

    @property
    def target_preps(self) -> frozenset[str]:
        out: set[str] = set()
        for group in self.words:
            out |= group
        return frozenset(out)


@dataclass(frozen=True)
class Match:
    """A pattern that fits a token: the trigger, the object it consumed, and the words seen."""

    pattern: Pattern
    trigger: Token
    obj: Token | None
    preps: frozenset[str]

    @property
    def code(self) -> str:
        return self.pattern.code


def _alts(text: str) -> frozenset[str]:
    return frozenset(a.replace("_", " ") for a in text.split("|"))


def parse_pattern(text: str, code: str, nominal: bool, where: str) -> Pattern:
    """Parse one pattern string; a malformed one is a LexiconError naming its entry."""
    parts = text.strip().lower().split()
    if not parts:
        raise LexiconError(where.rsplit(":", 1)[0], _line(where), f"empty pattern for {code}")
    obj = xcomp = exclude = None
    words: list[frozenset[str]] = []
    for i, part in enumerate(parts):
        m = _ELEMENT.match(part)
        if not m or (i == 0 and m.group(1)):
            raise LexiconError(where.rsplit(":", 1)[0], _line(where),
                               f"pattern {text!r} of {code}: bad element {part!r}")
        sign, body = m.groups()
        if i == 0:
            continue
        if sign == "+":
            obj = _alts(body)
        elif sign == ">":
            xcomp = _alts(body)
        elif sign == "!":
            exclude = (exclude or frozenset()) | _alts(body)
        else:
            words.append(_alts(body))
    return Pattern(code=code, head=_alts(parts[0].lstrip("+>")), obj=obj, words=tuple(words),
                   xcomp=xcomp, nominal=nominal, text=text, where=where, exclude=exclude)


def _line(where: str) -> int | None:
    tail = where.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


@dataclass(frozen=True)
class Governor:
    """A governor verb's effect: the mode it gives and how it recodes the governed act."""

    mode: str
    codes: dict[str, str]
    via: frozenset[str] | None
    conflict_mode: str | None
    decisions: frozenset[str] = frozenset()
    accedes: frozenset[str] = frozenset()
    accede_codes: tuple[str, ...] = ()

    def recode(self, code: str) -> str | None:
        """The code of the composed event, or None when the mode keeps the act's code."""
        for key in (code, code[:3], code[:2], "default"):
            if key in self.codes:
                value = self.codes[key]
                return None if value == "keep" else value
        return None


class PatternIndex:
    """Verb and noun patterns by head lemma, plus governors by lemma."""

    def __init__(self, lex: LexiconSet) -> None:
        self.verbs: dict[str, list[Pattern]] = {}
        self.nouns: dict[str, list[Pattern]] = {}
        self.governors: dict[str, Governor] = {}
        self.light_verbs: frozenset[str] = frozenset()
        self.instruments: frozenset[str] = frozenset()
        self.reciprocal: frozenset[str] = frozenset()
        self.codes: set[str] = set()
        #: Token indices of the actor mentions' heads in the sentence being matched, for
        #: ``+@actor`` objects; the event coder sets it around each sentence's matching.
        self.actor_heads: frozenset[int] = frozenset()
        for e in lex["verbs"]:
            self._add_entry(e)
        for e in lex["modality"]:
            self._add_governor(e)
        for table in (self.verbs, self.nouns):
            for pats in table.values():
                pats.sort(key=lambda p: -p.specificity)

    def _add_entry(self, e: Entry) -> None:
        code = str(e["code"]).strip()
        if not code.isdigit() or not 2 <= len(code) <= 4:
            raise LexiconError(e.path, e.line, f"CAMEO code must be 2-4 digits, got {code!r}")
        self.codes.add(code)
        where = f"{e.path}:{e.line}"
        for text in e.list("verbs"):
            p = parse_pattern(text, code, False, where)
            for h in p.head:
                self.verbs.setdefault(h, []).append(p)
        for text in e.list("nouns"):
            p = parse_pattern(text, code, True, where)
            # A multi-word head is indexed by its last word, the noun the parse makes head;
            # its modifiers are checked when it is matched.
            for h in {h.split()[-1] for h in p.head}:
                self.nouns.setdefault(h, []).append(p)

    def _add_governor(self, e: Entry) -> None:
        if e["mode"] == "light":
            self.light_verbs = self.light_verbs | frozenset(e.list("lemmas"))
            return
        if e["mode"] == "instrument":
            self.instruments = self.instruments | frozenset(e.list("lemmas"))
            return
        if e["mode"] == "reciprocal":
            self.reciprocal = self.reciprocal | frozenset(e.list("lemmas"))
            return
        codes = {str(k): str(v) for k, v in (e.get("codes") or {}).items()}
        via_map = e.get("via") or {}
        for lemma in e.list("lemmas"):
            via = via_map.get(lemma)
            self.governors[lemma] = Governor(
                mode=str(e["mode"]), codes=codes,
                via=frozenset(str(v) for v in via) if via else None,
                conflict_mode=e.get("conflict_mode"),
                decisions=frozenset(e.list("decisions")),
                accedes=frozenset(e.list("accedes")),
                accede_codes=tuple(str(c) for c in e.list("accede_codes")))

    def reports(self, tok: Token) -> bool:
        """Is ``tok`` a verb of saying ("said", "told", "announced"): a governor of mode
        ``reported``, which reports acts rather than doing them?"""
        g = self.governors.get(tok.lemma_.lower())
        return g is not None and g.mode == "reported"

    # -- matching -----------------------------------------------------------------------------
    def match_token(self, tok: Token) -> Match | None:
        """The most specific pattern that fits ``tok`` as a verb or noun trigger."""
        lemma = tok.lemma_.lower()
        lower = tok.lower_
        verbs, nouns = self.verbs, self.nouns
        if lemma not in verbs and lower not in verbs and lemma not in nouns and \
                lower not in nouns:
            return None  # most tokens: no pattern is indexed under either form
        pos = tok.pos_
        if pos in ("VERB", "AUX") or (pos == "NOUN" and tok.dep_ == "ROOT"
                                      and lemma in verbs and lemma not in nouns):
            # A pattern may name a written form ("said", "left": PETRARCH lists verb forms).
            # Among equally specific patterns, one whose object fits a multi-word option
            # wins, whatever the file order: "signed a trade deal" is 061's 'sign
            # +trade_deal', not 057's 'sign +deal' (as a compound noun head beats its last word).
            first = None
            objs: list[Token] | None = None  # the same for every pattern of this verb
            for p in verbs.get(lemma) or verbs.get(lower, ()):
                if first is not None and p.specificity < first.pattern.specificity:
                    break
                if objs is None and p.obj is not None:
                    objs = _objects(tok)
                m = _check_verb(p, tok, self.actor_heads, objs)
                if m is None:
                    continue
                if m.obj is not None and _compound_fit(m.obj, p.obj):
                    return m
                first = first or m
            if first is not None:
                return first
        elif (pos == "NOUN" or (pos == "VERB" and tok.tag_ == "VBG" and
                                tok.dep_ in ("pobj", "dobj", "nsubj"))) and \
                tok.dep_ not in ("compound", "amod", "nmod", "poss"):
            # A noun modifying another ("aid workers", "opposition leader") names no event.
            pats = [p for p in nouns.get(lemma) or nouns.get(lower) or ()
                    if _lemma_in(tok, p.head)]
            # A compound head that fits ("hunger strike") beats the bare noun's patterns
            # even without its preposition.
            compound = next((q for q in pats if any(" " in h for h in q.head)), None)
            if compound is not None:
                # "air strikes by the army": the bare noun's patterns no longer apply.
                pats = [q for q in pats if any(" " in h for h in q.head)]
            # "a strike on Monday": a preposition whose object is a date names no target.
            preps = frozenset(c.lower_ for c in tok.children if c.dep_ == "prep" and
                              not any(o.dep_ == "pobj" and (o.ent_type_ in ("DATE", "TIME")
                                                            or o.lower_ in WEEKDAYS
                                                            or o.lower_ in MONTHS)
                                      for o in c.children))
            for p in pats:
                if p.words and all(group & preps for group in p.words):
                    return Match(p, tok, None, preps)
                if not p.words:
                    return Match(compound or p, tok, None, preps)
            if pats:
                # Without the named preposition the noun still triggers, less specifically.
                return Match(compound or pats[-1], tok, None, frozenset())
        return None


#: Counting nouns: "exchanged hundreds of prisoners" is about the prisoners.
QUANTITY_NOUNS = frozenset({"hundred", "thousand", "dozen", "score", "million", "billion",
                            "ten", "number", "lot", "couple", "handful", "batch", "group",
                            "company", "battalion", "squadron", "fleet", "shipment",
                            "consignment", "package", "tranche", "contingent",
                            # measures and loads: "sent 20 truckloads of food"
                            "ton", "tonne", "truckload", "planeload", "shipload", "boatload",
                            "load", "cargo", "crate", "carton", "sack", "pallet", "kilogram",
                            "litre", "liter", "barrel", "container", "convoy"})


#: Nouns of kind: "called the strike an act of terrorism", "a textbook example of ethnic
#: cleansing" name what the object is called by their "of" phrase.
KIND_NOUNS = frozenset({"example", "act", "case", "instance", "form"})


def _objects(tok: Token) -> list[Token]:
    objs = [c for c in tok.children if c.dep_ in OBJECT_DEPS]
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        # "a deal brokered by China", "the tanker seized by British forces": the noun a
        # passive participle modifies is what the act was done to.
        objs.append(tok.head)
    for comp in tok.children:
        # "allowed UN inspectors to resume work", "let aid cross": the subject of an
        # infinitive complement is the object of the verb that lets or makes it act.
        if comp.dep_ in ("ccomp", "xcomp") and (comp.tag_ == "VB" or comp.pos_ == "ADJ"):
            # (also a small clause: "holds Hamas responsible", "found the government guilty")
            objs.extend(c for c in comp.children if c.dep_ == "nsubj")
    for o in list(objs):
        objs.extend(c for c in o.children if c.dep_ == "conj")
        # "staged a sit-in outside army headquarters": the parser makes the split
        # hyphenated noun a modifier of the noun after it.
        objs.extend(c for c in o.children if c.dep_ == "nmod" and c.i < o.i and
                    any(g.dep_ == "prt" for g in c.children))
    for o in list(objs):
        if o.pos_ == "NUM" or o.lemma_.lower() in QUANTITY_NOUNS or \
                (o.dep_ == "oprd" and o.lemma_.lower() in KIND_NOUNS):
            for prep in o.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    objs.extend(p for p in prep.children if p.dep_ == "pobj")
    return objs


def _singular(tok: Token) -> str | None:
    """The tagger keeps the plural as the lemma of a plural proper noun ("Germany returned
    twenty Benin Bronzes", "the Elgin Marbles"), so an object class written in the singular
    would miss it: strip the plural ending of NNPS heads only (common nouns are lemmatised)."""
    if tok.tag_ != "NNPS":
        return None
    low = tok.lower_
    if low.endswith("ies"):
        return low[:-3] + "y"
    if low.endswith(("ses", "xes", "ches", "shes")):
        return low[:-2]
    return low[:-1] if low.endswith("s") and not low.endswith("ss") else None


#: Hyphenated prefixes that make another word of what follows: "co-operation" is no
#: "operation", "de-escalation" no "escalation", "anti-war" no "war", "non-aggression" no
#: "aggression" (a counter-attack, a re-arrest still are what they say).
WORD_CHANGING_PREFIXES = frozenset({"co", "de", "non", "anti", "un"})


def _prefixed_tail(tok: Token) -> bool:
    """Is ``tok`` the second half of "co-operation" (three tokens, no spaces)?"""
    if tok.i - tok.sent.start < 2:
        return False
    hyphen, prefix = tok.doc[tok.i - 1], tok.doc[tok.i - 2]
    return hyphen.text == "-" and not hyphen.whitespace_ and not prefix.whitespace_ and \
        prefix.lower_ in WORD_CHANGING_PREFIXES


def _lemma_in(tok: Token, options: frozenset[str]) -> bool:
    if _prefixed_tail(tok):
        return False
    lemma = tok.lemma_.lower()
    if lemma in options or tok.lower_ in options:
        return True
    singular = _singular(tok)
    if singular is not None and singular in options:
        return True
    # Multi-word options ("joint drill", "military action"): the last word is the head and
    # the others must modify it ("joint naval drills", "military and economic action").
    mods = None
    for opt in options:
        if " " in opt:
            words = opt.split()
            if words[-1] in (lemma, tok.lower_):
                if mods is None:
                    mods = {t.lower_ for t in tok.subtree if t.i < tok.i} | \
                        {t.lemma_.lower() for t in tok.subtree if t.i < tok.i}
                if all(w in mods for w in words[:-1]):
                    return True
    return False


def _compound_fit(tok: Token, options: frozenset[str] | None) -> bool:
    """Whether ``tok`` fits one of the multi-word ``options`` ("trade deal"), not just a
    one-word one."""
    multi = frozenset(o for o in options or () if " " in o)
    return bool(multi) and _lemma_in(tok, multi)


def _check_verb(p: Pattern, tok: Token, actor_heads: frozenset[int] = frozenset(),
                objs: list[Token] | None = None) -> Match | None:
    """``objs``: ``_objects(tok)`` when the caller has it already (one verb, many
    patterns)."""
    obj_tok = None
    if p.obj is not None:
        obj_tok = next((o for o in (_objects(tok) if objs is None else objs)
                        if _lemma_in(o, p.obj) or
                        (ACTOR_OBJECT in p.obj and o.i in actor_heads)), None)
        if obj_tok is None and p.words:
            # "hacked into the network", "walked off the job": with a preposition named in
            # the pattern, the object may be that preposition's own object.
            # "pulled out of the deal": "of" may hang on "out".
            preps = [c for c in tok.children if c.dep_ in ("prep", "prt")]
            preps += [g for c in preps for g in c.children if g.dep_ == "prep"]
            obj_tok = next((o for c in preps if any(c.lower_ in g for g in p.words)
                            for o in c.children if o.dep_ == "pobj" and _lemma_in(o, p.obj)),
                           None)
        if obj_tok is None:
            # "talks were held": the passive subject is the object of the active verb.
            return None
    seen: set[str] = set()
    carriers = [tok] + ([obj_tok] if obj_tok is not None else [])
    for group in p.words:
        hit = None
        for c in carriers:
            for child in c.children:
                if child.dep_ in PARTICLE_DEPS and child.lower_ in group:
                    hit = child.lower_
                    break
                if child.dep_ in ("prep", "agent") and child.lower_ in group:
                    hit = child.lower_
                    break
            if hit:
                break
        if hit is None and obj_tok is not None:
            # The object reached through the pattern's prepositions: "out of the deal".
            t = obj_tok.head
            while hit is None and t != tok and t.dep_ in ("prep", "prt"):
                hit = t.lower_ if t.lower_ in group else None
                t = t.head
        if hit is None:
            hit = _misattached_adverb(tok, group)
        if hit is None:
            return None
        seen.add(hit)
    if p.xcomp is not None:
        # An adjective complement may come out as advcl ("held Russia fully responsible");
        # so may an infinitive of purpose ("sent police to restore order"), also when it
        # is reached through a helper verb ("to help restore order").
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "pcomp") or
                 (c.dep_ == "advcl" and (c.pos_ == "ADJ" or _to_infinitive(c)))]
        comps += [x for c in comps if c.dep_ == "advcl" and c.pos_ != "ADJ"
                  for x in c.children if x.dep_ == "xcomp" and x.tag_ == "VB"]
        if not any(_lemma_in(c, p.xcomp) for c in comps):
            return None
    if p.exclude is not None and _excluded(tok, obj_tok, p.exclude,
                                           _objects(tok) if objs is None else objs):
        return None
    return Match(p, tok, obj_tok, frozenset(seen))


#: Prepositions of circumstance: "released the prisoners after the report" is still a
#: release of prisoners, whatever a ``!report`` exclusion says.
_CIRCUMSTANCE = frozenset({"after", "before", "during", "amid", "amidst", "following",
                           "despite", "since", "until", "throughout"})


def _excluded(tok: Token, obj_tok: Token | None, options: frozenset[str],
              objs: list[Token]) -> bool:
    """Does a ``!`` exclusion of a pattern apply to ``tok``: its object, a clausal
    complement (for ``!@object``), a particle or preposition of the trigger ("backed away",
    "left thousands without power"), or the object
    of a preposition hanging on the trigger or on its object has a lemma of ``options``?"""
    if any(c.dep_ in ("prt", "advmod", "compound:prt", "prep") and c.lower_ in options
           for c in tok.children):
        return True
    direct = [o for o in objs if o.dep_ in ("dobj", "obj")]
    if ANY_OBJECT in options and (direct or any(
            c.dep_ == "ccomp" or (c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("that", "how", "whether") for m in c.children))
            for c in tok.children)):
        return True
    nouns = list(objs)
    for head in [tok] + ([obj_tok] if obj_tok is not None else []) + direct:
        for prep in head.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ not in _CIRCUMSTANCE:
                nouns.extend(c for c in prep.children if c.dep_ == "pobj")
    return any(_lemma_in(n, options) for n in nouns)


def _to_infinitive(tok: Token) -> bool:
    """A bare verb with its own "to" ("to help restore order")."""
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


#: Clause links an adverb of the trigger's own clause is never found beyond.
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis"})


def _misattached_adverb(tok: Token, group: frozenset[str]) -> str | None:
    """An adverb a pattern names that the parser hung lower in the trigger's own clause:
    "brought the government and the opposition together" attaches "together" to the last
    conjunct. Nested clauses are not searched, so their adverbs never count."""
    stack = [c for c in tok.children if c.dep_ not in _CLAUSE_DEPS]
    while stack:
        t = stack.pop()
        if t.dep_ == "advmod" and t.lower_ in group and t.pos_ == "ADV":
            return t.lower_
        stack.extend(c for c in t.children if c.dep_ not in _CLAUSE_DEPS and c.pos_ != "VERB")
    return None


@lru_cache(maxsize=16)
def _index(dicts: tuple[str, ...], include_ours: bool) -> PatternIndex:
    return PatternIndex(load_lexicons(dicts, include_ours=include_ours))


def pattern_index(dicts: Iterable[str] = (), include_ours: bool = True) -> PatternIndex:
    """The compiled patterns for our lexicons plus ``dicts`` (cached per set of paths)."""
    return _index(tuple(str(d) for d in dicts), include_ours)
