"""Actor mentions: find every political actor in a parsed article and resolve it to a code.

The event coder only asks "which actor does this token stand for?", so this stage does all
the work of turning names, sector nouns, titles and pronouns into ``ActorMention`` records
with CAMEO-style codes (``PRK``, ``KORGOV``, ``IGOUNO``).

How it works, per sentence, in one pass over noun phrases:

1. A case-sensitive phrase matcher (compiled once from the lexicons) marks names: countries
   and their adjectives, plural demonyms, capitals and seats of government, organisations and
   people. Sector nouns ("officials", "troops") are looked up by lemma, not matched, since
   they need the parse anyway.
2. Each nominal head with its left modifiers forms a phrase; the phrase's parts decide the
   mention: a known person (role in force on the article date), an organisation, country +
   sector ("South Korean officials" -> KORGOV), a bare country (``PRK``), or a sector noun
   alone resolved from the country in context ("the government").
3. What the phrase cannot name itself is resolved against the article so far: "the North"
   when its partner state was named, "the two sides", pronouns ("it", "its", "they"), people
   introduced earlier by role ("Suh told reporters" after "chief delegate Suh Ho").

Every mention records how it was resolved and a confidence, so that ``eventwire explain``
can say why a code was given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Iterable, Iterator

import pycountry
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from eventwire.lexicon import Entry, LexiconSet, load_lexicons
from eventwire.models import ActorMention, Article
from eventwire.noise import noise_domain

#: Prepositions after which a place name is a location, not an actor ("talks in Seoul").
LOCATIVE_PREPS = frozenset({
    "in", "at", "near", "outside", "inside", "across", "around", "into", "through",
    "throughout", "within", "off", "along", "beyond", "via", "past", "towards", "toward",
})
#: Verbs of motion after which "to X" is a destination, not a recipient ("flew to Beijing").
MOTION_VERBS = frozenset({
    "travel", "fly", "arrive", "return", "go", "come", "head", "move", "flee", "drive",
    "sail", "walk", "march", "trip", "journey", "land", "relocate", "smuggle", "cross", "enter",
    "leave", "migrate", "escape", "swim", "ride",
})
#: Dependency labels of the left modifiers that belong to a noun phrase.
PHRASE_MODS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod",
                         "case", "cc", "conj", "punct", "advmod"})
PERSON_PRONOUN_LEMMAS = frozenset({"he", "she", "him", "her", "his", "hers"})
FIRST_PERSON = frozenset({"we", "us", "our", "ours", "ourselves"})
SPEECH_VERBS = frozenset({"say", "tell", "add", "state", "declare", "announce", "insist",
                          "warn", "write", "vow", "tweet", "claim", "stress", "note"})
SINGULAR_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
#: Plural nouns that, with "two"/"both", refer to the last two parties named.
PAIR_NOUNS = frozenset({"side", "leader", "government", "country", "nation", "party", "neighbour",
                        "neighbor", "rival", "army", "delegation", "president", "minister",
                        "state", "capital"})
#: Adjectives that make a place of a country or city name ("southern Lebanon").
PLACE_MODIFIERS = frozenset({"northern", "southern", "eastern", "western", "central",
                             "north", "south", "east", "west", "northeastern", "northwestern",
                             "southeastern", "southwestern", "downtown", "rural", "coastal",
                             "occupied", "outer", "inner", "greater", "mainland"})
#: Verbs whose object is a place when it is a country or city ("fled Kiev").
PLACE_VERBS = frozenset({"flee", "leave", "enter", "reach", "evacuate", "cross", "tour",
                         "invade", "overrun", "storm", "besiege", "shell", "bomb", "hit",
                         "rock", "strike", "ravage", "batter", "grip", "sweep"})
ROLE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "dative", "agent",
                       "appos", "conj", "attr", "iobj", "obj"})
HISTORICAL = {"SUN": "Soviet Union", "YUG": "Yugoslavia", "DDR": "East Germany",
              "CSK": "Czechoslovakia", "XKX": "Kosovo"}


@dataclass(frozen=True)
class NameRef:
    """What a matched name stands for."""

    kind: str  # country | adjective | people | capital | seat | org | person | short
    code: str  # ISO3 for country kinds, the actor code for orgs, the person key for people
    text: str


@dataclass
class PersonInfo:
    name: str
    roles: list[tuple[str, str | None, str | None, str | None]]  # code, title, start, end

    def role_on(self, day: str | None) -> tuple[str, str | None, float]:
        """The role code in force on ``day``; the nearest role, less trusted, if none is."""
        if not self.roles:
            return "", None, 0.0
        if day is None:
            code, title, _s, _e = max(self.roles, key=lambda r: r[2] or "")
            return code, title, 0.7
        best: tuple[float, str, str | None] | None = None
        for code, title, start, end in self.roles:
            s = _pad(start, "0000-01-01")
            e = _pad(end, "9999-12-31", end=True)
            if s <= day <= e:
                return code, title, 0.95
            gap = min(abs(_days(day) - _days(s)), abs(_days(day) - _days(e)))
            if best is None or gap < best[0]:
                best = (gap, code, title)
        assert best is not None
        conf = 0.6 if best[0] < 3 * 365 else 0.4
        return best[1], best[2], conf


def _pad(value: str | None, default: str, end: bool = False) -> str:
    if not value:
        return default
    v = str(value)
    if len(v) == 4:
        return v + ("-12-31" if end else "-01-01")
    if len(v) == 7:
        return v + ("-28" if end else "-01")
    return v[:10]


def _days(iso: str) -> int:
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        y = int(iso[:4]) if iso[:4].isdigit() else 1
        return date(max(1, min(9999, y)), 1, 1).toordinal()


@dataclass
class CountryInfo:
    code: str
    name: str
    short: str | None = None
    partner: str | None = None


class ActorLexicon:
    """The actor lexicons compiled for one spaCy vocabulary: built once, shared by all docs."""

    def __init__(self, nlp: Language, lex: LexiconSet) -> None:
        self.nlp = nlp
        self.countries: dict[str, CountryInfo] = {}
        self.people: dict[str, PersonInfo] = {}
        self.orgs: dict[str, Entry] = {}
        self.agent_nouns: dict[str, str] = {}  # lemma (or "w1 w2") -> sector
        self.agent_modifiers: dict[str, str] = {}
        self.standalone: dict[str, str] = {}
        self.legacy: dict[str, str] = {}
        self.names: dict[str, list[NameRef]] = {}
        self._build_countries(lex["countries"])
        self._build_agents(lex["agents"])
        self._build_orgs(lex["organisations"])
        self._build_people(lex["people"])
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._key_refs: dict[int, list[NameRef]] = {}
        for i, (text, refs) in enumerate(sorted(self.names.items())):
            key = f"EW_NAME_{i}"
            self._key_refs[nlp.vocab.strings.add(key)] = refs
            self.matcher.add(key, [nlp.make_doc(text)])

    # -- building -----------------------------------------------------------------------------
    def _add_name(self, text: str, ref: NameRef) -> None:
        text = text.strip()
        if not text:
            return
        variants = {text}
        if text[0].islower():
            variants.add(text[0].upper() + text[1:])
        if text.lower().startswith("the "):
            variants.add(text[4:])
        for v in variants:
            refs = self.names.setdefault(v, [])
            if ref not in refs:
                refs.append(ref)

    def _build_countries(self, entries: list[Entry]) -> None:
        for c in pycountry.countries:
            code = c.alpha_3
            self.countries[code] = CountryInfo(code, getattr(c, "common_name", None) or c.name)
            for attr in ("name", "official_name", "common_name"):
                val = getattr(c, attr, None)
                if val and "," not in val:
                    self._add_name(val, NameRef("country", code, val))
        for code, name in HISTORICAL.items():
            self.countries.setdefault(code, CountryInfo(code, name))
        # Our entries win over pycountry's: a user or lexicon entry may drop/override names.
        for e in entries:
            code = str(e["code"]).upper()
            info = self.countries.setdefault(code, CountryInfo(code, e.list("names")[0]
                                                               if e.list("names") else code))
            if e.get("short"):
                info.short = str(e["short"])
            if e.get("partner"):
                info.partner = str(e["partner"]).upper()
            for field_name, kind in (("names", "country"), ("adjectives", "adjective"),
                                     ("people", "people"), ("capitals", "capital"),
                                     ("seats", "seat")):
                for n in e.list(field_name):
                    self._add_name(n, NameRef(kind, code, n))
            for old in e.list("legacy"):
                self.legacy[old.upper()] = code

    def _build_agents(self, entries: list[Entry]) -> None:
        for e in entries:
            sector = str(e["sector"]).upper()
            for n in e.list("nouns"):
                self.agent_nouns[n.lower()] = sector
            for n in e.list("modifiers"):
                self.agent_modifiers[n.lower()] = sector
            for n in e.list("standalone"):
                self.standalone[n.lower()] = sector

    def _build_orgs(self, entries: list[Entry]) -> None:
        for e in entries:
            code = str(e["code"]).upper()
            self.orgs[code] = e
            for n in e.list("names"):
                self._add_name(n, NameRef("org", code, n))

    def _build_people(self, entries: list[Entry]) -> None:
        for e in entries:
            name = str(e["name"])
            roles = []
            for r in e.get("roles") or []:
                if isinstance(r, dict) and r.get("code"):
                    roles.append((str(r["code"]).upper(), r.get("title"),
                                  str(r["start"]) if r.get("start") else None,
                                  str(r["end"]) if r.get("end") else None))
            self.people[name] = PersonInfo(name, roles)
            self._add_name(name, NameRef("person", name, name))
            for a in e.list("aliases"):
                self._add_name(a, NameRef("person", name, a))

    # -- lookups -------------------------------------------------------------------------------
    def refs_for(self, match_id: int) -> list[NameRef]:
        return self._key_refs.get(match_id, [])

    def org_parts(self, code: str) -> tuple[str | None, str | None]:
        e = self.orgs.get(code)
        if e is None:
            return _split_code(code)
        country = e.get("country")
        sector = e.get("sector")
        return (str(country).upper() if country else None, str(sector).upper() if sector else None)

    def sector_of_lemma(self, lemma: str) -> str | None:
        return self.agent_nouns.get(lemma.lower())

    def country_name(self, code: str) -> str:
        info = self.countries.get(code)
        return info.name if info else code


def _drop_nested(mentions: list[ActorMention]) -> list[ActorMention]:
    """Drop a mention inside a larger one of the same country ("Seoul" in "Seoul's delegate").

    The larger phrase says more (a sector, a person); the inner name only told us its country.
    """
    keep = []
    for m in mentions:
        nested = any(
            o is not m and o.token_start <= m.token_start and m.token_end <= o.token_end
            and (o.token_end - o.token_start) > (m.token_end - m.token_start)
            and (o.country == m.country or o.code.startswith(m.code))
            for o in mentions)
        if not nested:
            keep.append(m)
    return keep


def _split_code(code: str) -> tuple[str | None, str | None]:
    """Country and first sector of a CAMEO-style code (``KORGOV`` -> KOR, GOV)."""
    head = code[:3]
    if head in ("IGO", "NGO", "IMG", "MNC", "UIS"):
        return None, head
    sector = code[3:6] or None
    return head, sector


@lru_cache(maxsize=8)
def _compiled(nlp: Language, dicts: tuple[str, ...]) -> ActorLexicon:
    return ActorLexicon(nlp, load_lexicons(dicts))


def actor_lexicon(nlp: Language, dicts: Iterable[str] = ()) -> ActorLexicon:
    """The compiled actor lexicon for this pipeline and set of user dictionaries (cached)."""
    return _compiled(nlp, tuple(str(d) for d in dicts))


# ------------------------------------------------------------------------------------------------
@dataclass
class _Phrase:
    head: Token
    start: int
    end: int
    names: list[tuple[Span, NameRef]] = field(default_factory=list)


@dataclass
class _Context:
    """What the article has said so far, for resolving references that don't name an actor."""

    article: Article
    countries: list[tuple[str, str]] = field(default_factory=list)  # (code, text), in order
    persons: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)  # surname ->
    mentions: list[ActorMention] = field(default_factory=list)

    def note_country(self, code: str | None, text: str) -> None:
        if code and len(code) == 3 and code.isalpha():
            self.countries.append((code, text))

    def recent_country(self) -> tuple[str, str] | None:
        return self.countries[-1] if self.countries else None

    def named(self, code: str) -> bool:
        return any(c == code for c, _ in self.countries)


class ActorResolver:
    """Resolves the actor mentions of parsed documents against compiled lexicons."""

    def __init__(self, nlp: Language, dicts: Iterable[str] = ()) -> None:
        from eventwire.patterns import pattern_index

        self.nlp = nlp
        self.dicts = tuple(str(d) for d in dicts)
        self.lex = actor_lexicon(nlp, self.dicts)
        #: Nouns that name events: an actor adjective on them is the event's source
        #: ("Israeli strikes"), on other nouns it only describes a thing ("Israeli tanker").
        self.event_nouns = frozenset(pattern_index(self.dicts).nouns)
        self._name_token_cache: set[int] = set()

    # -- public -------------------------------------------------------------------------------
    def place_country(self, name: str) -> str | None:
        """The country a place name belongs to: a country or capital we know, else the
        gazetteer's answer ("Havana" -> CUB, "Johannesburg" -> ZAF)."""
        for ref in self.lex.names.get(name, []):
            if ref.kind in ("country", "capital"):
                return ref.code
        from eventwire.places import lookup

        loc = lookup(name)
        return loc.country if loc is not None else None

    def resolve(self, doc: Doc, article: Article) -> list[ActorMention]:
        """All actor mentions of ``doc`` (the parsed ``article.body``), in text order."""
        ctx = _Context(article)
        if article.dateline_place:
            for ref in self.lex.names.get(article.dateline_place.strip().title(), []) + \
                    self.lex.names.get(article.dateline_place.strip(), []):
                if ref.kind in ("capital", "country"):
                    ctx.note_country(ref.code, article.dateline_place)
                    break
        names = self._name_spans(doc)
        self._name_token_cache = set(names)
        out: list[ActorMention] = []
        for sid, sent in enumerate(doc.sents):
            sent_mentions = _drop_nested(self._resolve_sentence(doc, sent, sid, names, ctx))
            out.extend(sent_mentions)
            ctx.mentions.extend(sent_mentions)
        return out

    # -- names ----------------------------------------------------------------------------------
    def _name_spans(self, doc: Doc) -> dict[int, tuple[Span, NameRef]]:
        """Longest non-overlapping name matches, indexed by every token they cover."""
        spans = []
        refs: dict[tuple[int, int], list[NameRef]] = {}
        for match_id, start, end in self.lex.matcher(doc):
            span = doc[start:end]
            spans.append(span)
            refs.setdefault((start, end), []).extend(self.lex.refs_for(match_id))
        by_token: dict[int, tuple[Span, NameRef]] = {}
        for span in filter_spans(spans):
            ref = self._pick_ref(refs[(span.start, span.end)], span)
            if ref is None:
                continue
            for i in range(span.start, span.end):
                by_token[i] = (span, ref)
        return by_token

    @staticmethod
    def _pick_ref(refs: list[NameRef], span: Span) -> NameRef | None:
        if not refs:
            return None
        order = {"person": 0, "org": 1, "seat": 2, "country": 3, "adjective": 4,
                 "people": 5, "capital": 6, "short": 7}
        refs = sorted(refs, key=lambda r: order.get(r.kind, 9))
        # An all-lowercase hit inside a sentence is rarely a name ("us", "chad").
        if span.text.islower():
            return None
        return refs[0]

    # -- phrases --------------------------------------------------------------------------------
    def _phrases(self, sent: Span, names: dict[int, tuple[Span, NameRef]]) -> list[_Phrase]:
        phrases: list[_Phrase] = []
        for tok in sent:
            if tok.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "ADJ", "X", "DET"):
                continue
            if tok.dep_ in ("compound", "amod", "nmod", "det", "nummod", "quantmod", "case"):
                # A modifier belongs to its head's phrase, unless it is a name whose head is
                # a different name (handled through names of that phrase).
                continue
            if tok.pos_ in ("ADJ", "DET") and (
                    tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos")
                    or (tok.i not in names and tok.lower_ not in ("north", "south"))):
                continue
            start = tok.i
            for child in tok.lefts:
                if child.dep_ in PHRASE_MODS or child.i in names:
                    start = min(start, child.left_edge.i)
            end = tok.i + 1
            # Multi-token names extend right of their head token ("Suh Ho", "Park Geun-hye").
            if tok.i in names:
                span = names[tok.i][0]
                start = min(start, span.start)
                end = max(end, span.end)
            for child in tok.rights:
                # "chief delegate Suh Ho": a name right after its role noun is the same actor.
                if child.dep_ == "appos" and child.pos_ == "PROPN" and child.left_edge.i == end:
                    end = child.i + 1
            start = max(start, sent.start)
            ph = _Phrase(tok, start, end)
            seen: set[int] = set()
            for i in range(start, end):
                if i in names and names[i][0].start not in seen:
                    # Names inside a possessive's own sub-phrase stay: "Seoul's chief delegate".
                    seen.add(names[i][0].start)
                    ph.names.append(names[i])
            phrases.append(ph)
        return phrases

    def _resolve_sentence(self, doc: Doc, sent: Span, sid: int,
                          names: dict[int, tuple[Span, NameRef]],
                          ctx: _Context) -> list[ActorMention]:
        mentions: list[ActorMention] = []
        sports = noise_domain(sent.text, self.dicts) is not None
        first_person = []
        for ph in self._phrases(sent, names):
            if ph.head.pos_ == "PRON" and ph.head.lower_ in FIRST_PERSON:
                first_person.append(ph)
                continue
            for m in self._resolve_phrase(doc, sent, sid, ph, ctx, mentions):
                if sports and m.kind in ("state", "sector", "organisation"):
                    continue  # "Brazil beat Argentina 2-0": teams, not states
                mentions.append(m)
                ctx.note_country(m.country, m.text)
        if first_person:
            mentions.extend(self._speaker_mentions(doc, sent, sid, first_person, mentions))
            mentions.sort(key=lambda m: m.token_start)
        return mentions

    def _speaker_mentions(self, doc: Doc, sent: Span, sid: int, phrases: list[_Phrase],
                          mentions: list[ActorMention]) -> list[ActorMention]:
        """'"We will not negotiate with terrorists," Buhari said': we is the speaker's side."""
        speaker = None
        for tok in sent:
            if tok.lemma_.lower() in SPEECH_VERBS:
                for ch in tok.children:
                    if ch.dep_ == "nsubj":
                        hit = [m for m in mentions if m.token_start <= ch.i < m.token_end]
                        if hit:
                            speaker = hit[0]
                            break
            if speaker is not None:
                break
        if speaker is None or '"' not in sent.text and "\u201c" not in sent.text:
            return []
        out = []
        for ph in phrases:
            tok = ph.head
            if tok.dep_ not in ROLE_DEPS:
                continue
            code, sector = speaker.code, speaker.sector
            if speaker.kind == "person" and speaker.country:
                code = speaker.country + (sector or "")
            out.append(self._mention(doc, sid, tok.i, tok.i + 1, tok.i, code, speaker.country,
                                     sector, kind="state" if not sector else "sector",
                                     by="coreference", antecedent=speaker.text,
                                     conf=round(0.8 * speaker.confidence, 2)))
        return out

    def _mention(self, doc: Doc, sid: int, start: int, end: int, head: int, code: str,
                 country: str | None, sector: str | None, *, name: str | None = None,
                 kind: str = "state", by: str = "lexicon", antecedent: str | None = None,
                 conf: float = 1.0) -> ActorMention:
        span = doc[start:end]
        return ActorMention(
            article_id="", sentence_id=sid, start=span.start_char, end=span.end_char,
            token_start=start, token_end=end, text=span.text, code=code, country=country,
            sector=sector, name=name, kind=kind, resolved_by=by, antecedent=antecedent,
            confidence=round(conf, 2), head=head,
        )

    def _is_locative(self, tok: Token) -> bool:
        """Is this token a place ("in Seoul", "southern Lebanon", "fled Kiev"), not an actor?"""
        if any(c.lower_ in PLACE_MODIFIERS for c in tok.lefts
               if c.dep_ in ("amod", "compound") and c.i not in self._name_token_cache):
            return True
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("flee", "leave", "enter",
                                                               "reach", "evacuate", "cross",
                                                               "tour"):
            return True
        t = tok
        while t.dep_ in ("compound", "conj", "appos") and t.head != t:
            t = t.head
        if t.dep_ != "pobj":
            return False
        prep = t.head
        p = prep.lower_
        if p in LOCATIVE_PREPS:
            return True
        if p in ("to", "from") and prep.head.lemma_.lower() in MOTION_VERBS:
            return True
        if p == "of" and prep.head.lemma_.lower() in ("north", "south", "east", "west",
                                                       "capital", "city", "border", "coast",
                                                       "part", "region", "province", "outskirts"):
            return True
        return False

    def _sector_of_phrase(self, doc: Doc, ph: _Phrase) -> tuple[str | None, Token | None]:
        """Sector from the head noun, compound nouns and modifiers; modifiers win."""
        head_sector = None
        head_tok = None
        tokens = [doc[i] for i in range(ph.start, ph.end)]
        name_tokens = {i for span, _ in ph.names for i in range(span.start, span.end)}
        # Two-word nouns first ("foreign minister", "armed forces").
        for i, t in enumerate(tokens):
            if t.i in name_tokens:
                continue
            if i + 1 < len(tokens):
                two = f"{t.lower_} {tokens[i + 1].lemma_.lower()}"
                if two in self.lex.agent_nouns:
                    head_sector, head_tok = self.lex.agent_nouns[two], tokens[i + 1]
        if head_sector is None:
            for t in reversed(tokens):
                if t.i in name_tokens or t.pos_ not in ("NOUN", "PROPN"):
                    continue
                sec = self.lex.sector_of_lemma(t.lemma_) or self.lex.sector_of_lemma(t.lower_)
                if sec:
                    head_sector, head_tok = sec, t
                    break
        mod_sector = None
        for t in tokens:
            if t.i in name_tokens or t == head_tok or t.i == ph.head.i:
                continue
            if t.dep_ in ("amod", "compound", "nmod"):
                sec = self.lex.agent_modifiers.get(t.lower_) or \
                    self.lex.agent_modifiers.get(t.lemma_.lower())
                if sec:
                    mod_sector = sec
        if mod_sector == "GOV" and head_sector is not None:
            # "government troops" are troops (MIL); "opposition leader" is OPP.
            mod_sector = None
        return (mod_sector or head_sector), head_tok

    def _inside_other_name(self, doc: Doc, span: Span, ph: _Phrase) -> bool:
        """A place name that is part of a larger proper name or a modifier of a thing:
        "Real Madrid", "Paris Saint-Germain", "Bank of America", "Guinea pigs", "Turkey
        prices" — not actors."""
        first, last = doc[span.start], doc[span.end - 1]
        head = last if last.head.i not in range(span.start, span.end) else first
        # A proper name continues left or right ("Real Madrid", "Paris Saint-Germain").
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.pos_ == "PROPN" and not before.is_sent_start and \
                before.head.i in range(
                span.start, span.end) and before.dep_ == "compound" and before.i not in \
                self._name_token_cache:
            return True
        if head.dep_ == "compound" and head.head.pos_ == "PROPN" and \
                head.head.i not in self._name_token_cache and head.head.ent_type_ != "PERSON":
            return True
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "PROPN" \
                and head.head.head.i not in self._name_token_cache and \
                head.head.head.ent_type_ in ("ORG", "FAC", ""):
            return True
        # A country name modifying a thing ("Guinea pigs", "Turkey prices").
        if head.dep_ in ("compound", "nmod") and head.head.pos_ == "NOUN" and \
                head.head.i == ph.head.i and self.lex.sector_of_lemma(ph.head.lemma_) is None \
                and ph.head.lemma_.lower() not in self.event_nouns:
            return True
        return False

    def _resolve_phrase(self, doc: Doc, sent: Span, sid: int, ph: _Phrase, ctx: _Context,
                        so_far: list[ActorMention]) -> list[ActorMention]:
        head = ph.head
        # Pronouns and other references to earlier actors.
        if head.pos_ == "PRON":
            return self._resolve_pronoun(doc, sent, sid, head, ctx, so_far)
        sector, sector_tok = self._sector_of_phrase(doc, ph)
        lower = head.lower_
        # "the two sides", "both sides", "the two leaders", "both governments".
        if head.lemma_.lower() in PAIR_NOUNS and head.tag_ in ("NNS", "NNPS") and \
                any(c.lower_ in ("two", "both") for c in head.lefts) and not ph.names:
            return self._two_sides(doc, sid, ph, ctx, sector)
        persons = [(s, r) for s, r in ph.names if r.kind == "person"]
        orgs = [(s, r) for s, r in ph.names if r.kind == "org"]
        states = [(s, r) for s, r in ph.names if r.kind in
                  ("country", "adjective", "people", "capital", "seat")]
        states = [(s, r) for s, r in states
                  if r.kind in ("adjective", "people") or not self._inside_other_name(doc, s, ph)]
        if any(r.kind == "adjective" for _, r in states) and not sector and \
                head.i not in {i for s, _ in states for i in range(s.start, s.end)} and \
                head.pos_ == "NOUN" and head.lemma_.lower() not in self.event_nouns:
            # "a Malaysian airliner", "British-flagged tanker": a thing, not an actor — but
            # still a hint of whose story this is.
            for s_, r_ in states:
                if r_.kind == "adjective":
                    ctx.note_country(r_.code, s_.text)
            states = [(s, r) for s, r in states if r.kind != "adjective"]
            if not states:
                return []
        if persons and not (self._is_locative(head) and not sector):
            span, ref = persons[-1]
            info = self.lex.people[ref.code]
            code, title, conf = info.role_on(ctx.article.date)
            if code:
                country, sec = _split_code(code)
                self._remember_person(ctx, span, code, info.name)
                return [self._mention(doc, sid, ph.start, ph.end, head.i, code, country, sec,
                                      name=info.name, kind="person", conf=conf)]
        if orgs:
            span, ref = orgs[-1]
            country, osec = self.lex.org_parts(ref.code)
            if self._is_locative(head) and head.i in range(span.start, span.end) and not sector:
                return []
            return [self._mention(doc, sid, ph.start, ph.end, head.i, ref.code, country,
                                  osec, kind="organisation")]
        # "North and South Korean officials": a compass word coordinated with a divided
        # state's adjective names the partner.
        states = states + self._compass_partners(doc, ph, states)
        if states:
            if self._is_locative(head) and not (sector and sector_tok is not None
                                                and sector_tok.i == head.i):
                # A place is no actor, but it tells whose country the story is in
                # ("protesters marched through Almaty ... police said").
                for span, ref in states:
                    ctx.note_country(ref.code, span.text)
                return []
            out = []
            seen: set[str] = set()
            person_name = self._unknown_person(doc, ph)
            for span, ref in states:
                if ref.code in seen:
                    continue
                seen.add(ref.code)
                code_country = ref.code
                sec = sector
                kind = "sector" if sec else "state"
                conf = 1.0
                if ref.kind in ("capital", "seat") and not sec:
                    sec = "GOV"
                    kind = "state"
                if ref.kind == "people" and not sec:
                    sec = "CVL"
                    kind = "sector"
                if not sec and ref.kind == "adjective":
                    # An adjective on a non-actor noun ("Israeli strikes", "a Korean ship"):
                    # the country, less trusted, so an event may still use it as a source.
                    if head.i in range(span.start, span.end):
                        conf = 0.8
                    else:
                        conf = 0.6
                code = code_country + (sec or "")
                if person_name and sec:
                    self._remember_person(ctx, person_name, code, person_name.text)
                    kind = "person"
                out.append(self._mention(
                    doc, sid, ph.start, ph.end, head.i, code, code_country, sec,
                    name=person_name.text if person_name is not None and sec else None,
                    kind=kind, by="lexicon" if ref.kind != "short" else "coreference",
                    antecedent=None, conf=conf))
            return out
        # "the North" / "the democratic South" once its partner is in context.
        short = self._short_reference(head, ctx)
        if short is not None:
            code, ante = short
            if self._is_locative(head):
                return []
            return [self._mention(doc, sid, ph.start, ph.end, head.i, code, code, None,
                                  kind="state", by="coreference", antecedent=ante, conf=0.9)]
        # A person named earlier in the article ("Suh told reporters").
        if head.pos_ == "PROPN" and head.text in ctx.persons and not self._is_locative(head):
            code, name, ante = ctx.persons[head.text]
            country, sec = _split_code(code)
            return [self._mention(doc, sid, ph.start, ph.end, head.i, code, country, sec,
                                  name=name, kind="person", by="coreference", antecedent=ante,
                                  conf=0.85)]
        # A sector noun with no country of its own: the country in context.
        if sector and sector_tok is not None and sector_tok.i == head.i:
            standalone = head.lemma_.lower() in self.lex.standalone or \
                head.lower_ in self.lex.standalone
            recent = self._place_of(head) or ctx.recent_country()
            if recent is None:
                return []
            code_c, ante = recent
            conf = 0.75 if standalone else 0.55
            person_name = self._unknown_person(doc, ph)
            if person_name is not None:
                self._remember_person(ctx, person_name, code_c + sector, person_name.text)
            return [self._mention(doc, sid, ph.start, ph.end, head.i, code_c + sector, code_c,
                                  sector, name=person_name.text if person_name else None,
                                  kind="sector", by="coreference", antecedent=ante,
                                  conf=conf)]
        _ = lower
        return []

    def _place_of(self, head: Token) -> tuple[str, str] | None:
        """"Police in Moscow", "protesters in Tehran": the country of the place named."""
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "of"):
                for pobj in prep.children:
                    if pobj.dep_ != "pobj" or pobj.pos_ != "PROPN":
                        continue
                    name = pobj.doc[pobj.left_edge.i:pobj.i + 1].text
                    name = " ".join(w for w in name.split() if w[:1].isupper()) or pobj.text
                    code = self.place_country(name) or self.place_country(pobj.text)
                    if code:
                        return code, name
        return None

    def _compass_partners(self, doc: Doc, ph: _Phrase,
                          states: list[tuple[Span, NameRef]]) -> list[tuple[Span, NameRef]]:
        extra: list[tuple[Span, NameRef]] = []
        for span, ref in states:
            if ref.kind != "adjective" or len(span) < 2:
                continue
            rest = span[1:].text
            for t in doc[ph.start:span.start]:
                if t.text in ("North", "South", "East", "West") and \
                        any(c.lower_ == "and" for c in list(t.rights) + list(t.head.children)):
                    for r in self.lex.names.get(f"{t.text} {rest}", []):
                        if r.kind == "adjective":
                            extra.append((doc[t.i:t.i + 1], r))
        return extra

    def _short_reference(self, head: Token, ctx: _Context) -> tuple[str, str] | None:
        if head.text not in ("North", "South") or head.pos_ not in ("PROPN", "NOUN", "ADJ"):
            return None
        for code, info in self.lex.countries.items():
            if not info.short or not info.partner:
                continue
            if info.short.split()[-1] != head.text:
                continue
            if ctx.named(info.partner) or ctx.named(code):
                return code, f"{info.short} -> {self.lex.country_name(code)}"
        return None

    def _unknown_person(self, doc: Doc, ph: _Phrase) -> Span | None:
        """A person's name in the phrase (PERSON entity), e.g. 'Foreign Minister Jane Doe'."""
        for ent in doc.ents:
            if ent.label_ == "PERSON" and ent.start >= ph.start and ent.end <= ph.end:
                return ent
        # Appositive names: "chief delegate Suh Ho" parses Ho as the head's appositive.
        for child in ph.head.rights:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return doc[child.left_edge.i:child.i + 1]
        return None

    def _remember_person(self, ctx: _Context, span: Span | str, code: str, name: str) -> None:
        text = span.text if isinstance(span, Span) else span
        parts = [p for p in re.split(r"\s+", text) if p[:1].isupper()]
        if not parts:
            return
        for key in {parts[0], parts[-1], text}:
            ctx.persons.setdefault(key, (code, name, text))

    def _two_sides(self, doc: Doc, sid: int, ph: _Phrase, ctx: _Context,
                   sector: str | None = None) -> list[ActorMention]:
        seen: list[str] = []
        for m in reversed(ctx.mentions):
            c = m.country or m.code
            if c and c not in seen:
                seen.append(c)
            if len(seen) == 2:
                break
        if len(seen) < 2:
            return []
        return [self._mention(doc, sid, ph.start, ph.end, ph.head.i, c + (sector or ""), c,
                              sector, kind="state", by="coreference",
                              antecedent=self.lex.country_name(c), conf=0.8)
                for c in reversed(seen)]

    def _resolve_pronoun(self, doc: Doc, sent: Span, sid: int, tok: Token, ctx: _Context,
                         so_far: list[ActorMention]) -> list[ActorMention]:
        low = tok.lower_
        if low not in SINGULAR_PRONOUNS and low not in PLURAL_PRONOUNS:
            return []
        if tok.dep_ not in ROLE_DEPS and tok.dep_ not in ("nsubj", "nsubjpass"):
            return []
        if low == "it" and self._expletive(tok):
            return []
        plural = low in PLURAL_PRONOUNS
        own_subject = None
        if tok.dep_ in ("dobj", "pobj", "poss", "dative"):
            verb = tok.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
                verb = verb.head
            own_subject = next((c.i for c in verb.children
                                if c.dep_ in ("nsubj", "nsubjpass")), None)
        cands = [m for m in ctx.mentions + so_far if m.token_end <= tok.i]
        cands = [m for m in cands if m.kind != "person" and m.head != own_subject]
        if plural:
            cands = [m for m in cands if (m.head is not None and doc[m.head].tag_ in
                                          ("NNS", "NNPS")) or m.kind == "sector"]
        else:
            cands = [m for m in cands if m.head is None or doc[m.head].tag_ not in
                     ("NNS", "NNPS")]
        if not cands:
            return []
        # Prefer the subject of the main clause of this sentence, then the latest mention.
        root = sent.root
        main_subj = [m for m in cands if m.head is not None and m.sentence_id == sid and
                     doc[m.head].dep_ in ("nsubj", "nsubjpass") and doc[m.head].head == root]
        pick = main_subj[0] if main_subj else cands[-1]
        return [self._mention(doc, sid, tok.i, tok.i + 1, tok.i, pick.code, pick.country,
                              pick.sector, name=pick.name, kind=pick.kind, by="coreference",
                              antecedent=pick.text, conf=round(0.8 * pick.confidence, 2))]

    @staticmethod
    def _expletive(tok: Token) -> bool:
        head = tok.head
        if tok.dep_ == "expl":
            return True
        if head.lemma_ in ("be", "seem", "appear", "remain", "take") and tok.dep_ == "nsubj":
            return any(c.dep_ in ("acomp", "ccomp", "xcomp") for c in head.children)
        return False


_resolvers: dict[tuple[int, tuple[str, ...]], ActorResolver] = {}


def resolver_for(nlp: Language, dicts: Iterable[str] = ()) -> ActorResolver:
    key = (id(nlp), tuple(str(d) for d in dicts))
    if key not in _resolvers:
        _resolvers[key] = ActorResolver(nlp, dicts)
    return _resolvers[key]


def resolve(doc: Doc, article: Article, dicts: Iterable[str] = ()) -> list[ActorMention]:
    """The actor mentions of a parsed article (``doc`` is ``nlp(article.body)``)."""
    mentions = resolver_for(_nlp_of(doc), dicts).resolve(doc, article)
    for m in mentions:
        m.article_id = article.article_id
    return mentions


def _nlp_of(doc: Doc) -> Language:
    from eventwire.nlp import load_pipeline  # local: the doc's vocab tells us nothing else

    return load_pipeline()


def iter_sentences(doc: Doc) -> Iterator[tuple[int, Span]]:
    """Sentences with the ids used by mentions and events (0-based, in text order)."""
    return enumerate(doc.sents)
