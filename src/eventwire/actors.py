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

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Callable, Iterable

import pycountry
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from eventwire.dates import MONTHS
from eventwire.entities import Entities
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
    "leave", "migrate", "escape", "swim", "ride", "evacuate", "withdraw", "deport", "expel",
    "airlift", "repatriate",
})
#: Motion verbs that, with an object of their own, hand it over: "returned the bronzes to
#: Nigeria" gives to Nigeria, where "returned to Nigeria" goes there.
GIVE_BACK_VERBS = frozenset({"return"})
#: Dependency labels of the left modifiers that belong to a noun phrase.
PHRASE_MODS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod",
                         "case", "cc", "conj", "punct", "advmod"})
#: Titles before a person's name that are not sector nouns.
TITLES = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame",
                    "madam", "sheikh", "prof", "prof."})
#: Words of organisations' and places' names (besides sector nouns): a run of capitalised
#: words holding one is no plain person's name, NER decides.
ORG_WORDS = frozenset({
    "agency", "airways", "airlines", "alliance", "association", "bank", "brotherhood",
    "center", "centre", "club", "college", "company", "corp", "corporation", "council",
    "county", "district", "federal", "foundation", "front", "fund", "group", "human",
    "inc", "institute", "international", "island", "islands", "league", "movement",
    "national", "network", "news", "organization", "organisation", "post", "press",
    "province", "republic", "river", "society", "state", "street", "times", "tribune",
    "union", "united", "university", "watch"})
PERSON_PRONOUN_LEMMAS = frozenset({"he", "she", "him", "her", "his", "hers"})
#: Singular nouns that name one person: "the president ... his party".
PERSON_NOUNS = frozenset({
    "president", "minister", "premier", "chancellor", "king", "queen", "monarch", "emir",
    "sultan", "leader", "spokesman", "spokeswoman", "spokesperson", "official", "diplomat",
    "envoy", "ambassador", "governor", "mayor", "delegate", "negotiator", "dictator",
    "strongman", "general", "commander", "colonel", "chief", "judge", "prosecutor",
    "magistrate", "senator", "lawmaker", "legislator", "congressman", "congresswoman", "mp",
    "dissident", "activist", "journalist", "reporter", "editor", "businessman", "executive",
    "cleric", "imam", "priest", "bishop", "pope", "candidate", "politician", "secretary",
    "chairman", "chairwoman", "director", "head", "founder", "officer", "soldier",
    "protester", "student", "lawyer", "detective", "inspector", "ceo", "tycoon",
})
#: Predicates of an extraposed "it": "it is likely that", "it is time to".
EXPLETIVE_PREDICATES = frozenset({
    "clear", "unclear", "likely", "unlikely", "possible", "impossible", "important",
    "necessary", "difficult", "easy", "hard", "true", "false", "time", "obvious", "evident",
    "certain", "uncertain", "essential", "crucial", "vital", "wrong", "right", "enough",
    "expected", "known", "reported", "said", "believed", "feared", "thought", "hoped",
    "understood", "estimated", "worth", "surprising", "strange", "imperative"})
#: Nouns of travel: "take-off from Addis Ababa", "the flight to Beijing".
MOTION_NOUNS = frozenset({"off", "takeoff", "take-off", "flight", "route", "journey", "trip",
                          "road", "highway", "voyage", "departure", "exodus", "evacuation"})
#: Agreements and meetings named after the city that hosted them ("the Paris accord").
VENUE_NOUNS = frozenset({"accord", "agreement", "deal", "treaty", "protocol", "convention",
                         "process", "summit", "talk", "conference", "format", "declaration",
                         "framework", "climate", "peace", "ceasefire", "marathon", "games",
                         "olympics", "festival"})
#: "pro-Russian", "anti-American": an allegiance, not the state itself.
ALLEGIANCE_PREFIXES = frozenset({"pro", "anti", "non"})
#: Installations and bodies that a sector modifier makes that sector ("army base").
FACILITY_NOUNS = frozenset({"base", "camp", "academy", "council", "post", "checkpoint",
                            "barracks", "headquarters", "station", "convoy", "unit", "patrol",
                            "outpost", "position", "garrison", "compound", "command"})
#: "party" that is a gathering, not a political party.
SOCIAL_PARTIES = frozenset({"tea", "birthday", "dinner", "search", "garden", "house", "hen",
                            "stag", "launch", "pool", "farewell", "wedding", "cocktail",
                            "christmas", "office", "welcome", "victory", "block"})
#: Listeners, not actors, as the object of "told", "briefed".
AUDIENCE_NOUNS = frozenset({"reporter", "journalist", "correspondent"})
#: Weapons are actors as subjects ("Iranian missiles struck"), things as objects.
WEAPON_NOUNS = frozenset({"missile", "drone", "tank", "warplane", "bomber", "helicopter",
                          "gunship", "warship", "frigate", "destroyer", "submarine",
                          "fighter jet", "jet"})
#: Words of role titles that tell no role from another ("President of the National
#: Assembly" and "Opposition Leader" share none of these with the text's cue).
TITLE_FILLERS = frozenset({"of", "the", "a", "an", "and", "for", "to", "in", "on", "'s"})
#: Nouns for the followers of a named actor, whose sector can follow the actor's.
FOLLOWER_NOUNS = frozenset({"supporter", "follower", "loyalist", "partisan"})
#: Sectors of a leader or party whose followers are themselves the opposition.
FOLLOWED_SECTORS = frozenset({"OPP"})
#: A state's missions abroad: "the consulate in Istanbul" is a foreign state's.
MISSION_NOUNS = frozenset({"embassy", "consulate"})
#: Institutions that are also buildings: places after a locative preposition.
BUILDING_NOUNS = frozenset({"parliament", "court", "senate", "congress", "legislature",
                            "assembly", "palace"})
#: Singular sector nouns that "they" can refer to ("police said they...").
COLLECTIVE_NOUNS = frozenset({"police", "military", "authority", "media", "medium",
                              "clergy", "public", "militia", "junta", "gendarmerie"})
FIRST_PERSON = frozenset({"we", "us", "our", "ours", "ourselves"})
SPEECH_VERBS = frozenset({"say", "tell", "add", "state", "declare", "announce", "insist",
                          "warn", "write", "vow", "tweet", "claim", "stress", "note"})
SINGULAR_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
#: Places whose name is "New" + a state's name.
NEW_PLACE_NAMES = frozenset({"Mexico", "Mexican", "Jersey", "England", "Guinea", "Caledonia",
                             "South Wales", "Brunswick", "Hampshire", "York"})
#: Adjectives that open a sentence capitalised ("New U.S. sanctions …"), not club names.
SENTENCE_START_ADJECTIVES = frozenset({"new", "fresh", "former", "top", "senior", "recent",
                                       "latest", "more", "further", "additional", "renewed",
                                       "heavy", "deadly", "fierce", "rival", "joint"})
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

    def role_on(self, day: str | None, cue: str = "") -> tuple[str, str | None, float]:
        """The role code in force on ``day``; the nearest role, less trusted, if none is.
        When several are in force (Guaido headed the assembly and led the opposition), the
        one whose title shares a word with ``cue``, the words the text puts before the name
        ("Opposition leader Juan Guaido"), is the one the text means; else the first."""
        if not self.roles:
            return "", None, 0.0
        if day is None:
            code, title, _s, _e = max(self.roles, key=lambda r: r[2] or "")
            return code, title, 0.7
        best: tuple[float, str, str | None] | None = None
        cue_words = set(cue.lower().split())
        current = [(code, title) for code, title, start, end in self.roles
                   if _pad(start, "0000-01-01") <= day <= _pad(end, "9999-12-31", end=True)]
        if current:
            code, title = max(current, key=lambda r: len(cue_words & set(
                (r[1] or "").lower().split()) - TITLE_FILLERS))
            return code, title, 0.95
        for code, title, start, end in self.roles:
            s = _pad(start, "0000-01-01")
            e = _pad(end, "9999-12-31", end=True)
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
        #: Names that mean an organisation only when its country is in context ("Congress"
        #: is India's Congress party in an Indian story, a legislature elsewhere).
        self.context_names: dict[str, str] = {}
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
        pycountry_refs = {(t, r.code) for t, refs in self.names.items() for r in refs}
        # Our entries win over pycountry's: a user or lexicon entry may drop/override names.
        for e in entries:
            code = str(e["code"]).upper()
            for n in e.list("names"):
                # "Kuwait" under a dictionary's legacy code KUW is no longer pycountry's KWT.
                refs = self.names.get(n.strip(), [])
                refs[:] = [r for r in refs if r.code == code or r.kind != "country" or
                           (n.strip(), r.code) not in pycountry_refs]
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
            for n in e.list("context_names"):
                self.context_names[n] = code

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

    def org_code_on(self, code: str, day: str | None) -> str:
        """An organisation's code on ``day``: a dated role in force ("roles", as for people:
        the Taliban govern Afghanistan from 15 August 2021) wins over the entry's code."""
        e = self.orgs.get(code)
        if e is None or not day or not e.get("roles"):
            return code
        for r in e.get("roles") or []:
            if not isinstance(r, dict) or not r.get("code"):
                continue
            s = _pad(str(r["start"]) if r.get("start") else None, "0000-01-01")
            t = _pad(str(r["end"]) if r.get("end") else None, "9999-12-31", end=True)
            if s <= str(day)[:10] <= t:
                return str(r["code"]).upper()
        return code

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
            and (o.code.startswith(m.code) or o.country == m.country and
                 not (m.kind in ("person", "organisation") and m.resolved_by == "lexicon"
                      and o.kind in ("person", "organisation") and o.code != m.code))
            for o in mentions)
        if not nested:
            keep.append(m)
    return keep


def doc_left_is_modifier(tok: Token) -> bool:
    """"northern Moscow": the words before the place's head only locate it."""
    return all(t.lower_ in PLACE_MODIFIERS or not t.text[:1].isupper()
               for t in tok.doc[tok.left_edge.i:tok.i])


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
    persons: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)  # surname ->
    mentions: list[ActorMention] = field(default_factory=list)
    #: (code, text, sentence id, strong): strong notes come from actors, weak ones from places,
    #: the dateline and the home countries of armed groups.
    notes: list[tuple[str, str, int, bool]] = field(default_factory=list)
    #: Countries named anywhere in the article (names only), for references made before any
    #: country is named ("The prime minister thanked voters ... in New Delhi").
    doc_countries: Counter = field(default_factory=Counter)
    doc_first: dict[str, int] = field(default_factory=dict)
    #: The rest of the article-wide count (places NER must confirm), run on first use:
    #: most articles never fall back to it, and it is what would make NER run on every
    #: sentence with a proper noun the gazetteer knows.
    pending: Callable[[], None] | None = None
    #: token start of an organisation mention -> its lexicon entry (whose code may differ
    #: from the mention's on a dated role)
    org_entries: dict[int, str] = field(default_factory=dict)
    sid: int = 0

    #: Running tallies of ``notes`` per strength: code -> [count, index of the latest,
    #: its text], so that the country "most named so far" costs no scan of all notes
    #: (a page of thousands of sentences would make that quadratic).
    tallies: dict[bool, dict[str, list]] = field(
        default_factory=lambda: {True: {}, False: {}})
    named_codes: set[str] = field(default_factory=set)

    def note_country(self, code: str | None, text: str, strong: bool = True) -> None:
        if code and len(code) == 3 and code.isalpha():
            self.named_codes.add(code)
            tally = self.tallies[strong].setdefault(code, [0, 0, text])
            tally[0] += 1
            tally[1] = len(self.notes)
            tally[2] = text
            self.notes.append((code, text, self.sid, strong))

    def recent_country(self, exclude: str | None = None,
                       allow_doc: bool = True) -> tuple[str, str] | None:
        """The country in context: the latest actor's country in this or the previous
        sentence, else the latest place there, else the country most named so far, else the
        country the article names most."""
        near: list[tuple[str, str, int, bool]] = []
        for n in reversed(self.notes):  # notes come in sentence order: stop at the window
            if n[2] < self.sid - 1:
                break
            if n[0] != exclude:
                near.append(n)
        for strong in (True, False):
            pool = [n for n in near if n[3] == strong]
            if pool:
                return pool[0][0], pool[0][1]
        for strong in (True, False):
            tally = {c: t for c, t in self.tallies[strong].items() if c != exclude}
            if tally:
                code = max(tally, key=lambda c: (tally[c][0], tally[c][1]))
                return code, tally[code][2]
        if not allow_doc:
            return None
        self.counted()
        cands = [c for c in self.doc_countries if c != exclude]
        if cands:
            code = max(cands, key=lambda c: (self.doc_countries[c], -self.doc_first[c]))
            return code, "article"
        return None

    def named(self, code: str) -> bool:
        if code in self.named_codes:
            return True
        self.counted()
        return code in self.doc_countries

    def counted(self) -> None:
        """Finish the article-wide country count (``pending``) before it is read."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending()

    def prior(self, so_far: list[ActorMention], end: int, since: int | None = None
              ) -> list[ActorMention]:
        """Mentions before token ``end`` (earlier sentences, then this one's so far), in
        text order; ``since``: only from that sentence id on. Walks back from the latest,
        so a window costs its own size, not the article's."""
        earlier: list[ActorMention] = []
        for m in reversed(self.mentions):
            if since is not None and m.sentence_id < since:
                break
            if m.token_end <= end:
                earlier.append(m)
        earlier.reverse()
        return earlier + [m for m in so_far if m.token_end <= end and
                          (since is None or m.sentence_id >= since)]


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
        self._names_cache: dict[int, tuple[Span, NameRef]] = {}
        #: Entity labels, computed per sentence when a rule first asks (eventwire.entities).
        self.ents = Entities(nlp)
        #: Words that can make a phrase's sector: only for these does it matter whether a
        #: proper noun is a person's name ("Gunjan Shah" is no shah).
        self._sector_words = frozenset(
            {w for k in self.lex.agent_nouns for w in k.split()} | set(self.lex.agent_modifiers)
            | set(self.lex.standalone))

    # -- public -------------------------------------------------------------------------------
    def place_country(self, name: str) -> str | None:
        """The country a place name belongs to: a country or capital we know, else the
        gazetteer's answer ("Havana" -> CUB, "Johannesburg" -> ZAF)."""
        for ref in self.lex.names.get(name, []):
            if ref.kind in ("country", "capital"):
                return ref.code
        cache = self.__dict__.setdefault("_place_cache", {})
        if name not in cache:
            from eventwire.places import lookup

            loc = lookup(name)
            if len(cache) > 50_000:
                cache.clear()
            cache[name] = loc.country if loc is not None else None
        return cache[name]

    def _sector_word(self, tok: Token) -> bool:
        return tok.lower_ in self._sector_words or tok.lemma_.lower() in self._sector_words

    def _gazetteer_sentences(self, doc: Doc, names: dict[int, tuple[Span, NameRef]]
                             ) -> list[Span]:
        """Sentences with a proper noun (or a run of up to three) outside the lexicon names
        that the gazetteer knows: the only ones where NER can find a place to count."""
        out: list[Span] = []
        for sent in doc.sents:
            # Months, titles and organisations' words are no place ("March", "Union").
            toks = [t for t in sent if t.pos_ == "PROPN" and t.i not in names and
                    t.lower_ not in MONTHS and t.lower_ not in ORG_WORDS and
                    not self._sector_word(t)]
            hit = False
            for t in toks:
                for n in (1, 2, 3):
                    if t.i + n > sent.end or any(doc[j].pos_ != "PROPN"
                                                 for j in range(t.i + 1, t.i + n)):
                        break
                    if self.place_country(doc[t.i:t.i + n].text):
                        hit = True
                        break
                if hit:
                    break
            if hit:
                out.append(sent)
        return out

    def resolve(self, doc: Doc, article: Article) -> list[ActorMention]:
        """All actor mentions of ``doc`` (the parsed ``article.body``), in text order."""
        ctx = _Context(article)
        if article.dateline_place:
            for ref in self.lex.names.get(article.dateline_place.strip().title(), []) + \
                    self.lex.names.get(article.dateline_place.strip(), []):
                if ref.kind in ("capital", "country"):
                    ctx.note_country(ref.code, article.dateline_place, strong=False)
                    ctx.doc_countries[ref.code] += 2
                    ctx.doc_first.setdefault(ref.code, -1)
                    break
        names = self._name_spans(doc, article.date)
        self._name_token_cache = set(names)
        self._names_cache = names
        self._count_doc_countries(doc, names, ctx)
        out: list[ActorMention] = []
        for sid, sent in enumerate(doc.sents):
            ctx.sid = sid
            sent_mentions = _drop_nested(self._resolve_sentence(doc, sent, sid, names, ctx))
            seen_spans: set[tuple[int, int, str]] = set()
            unique = []
            for m in sent_mentions:  # one mention per span and code
                key = (m.token_start, m.token_end, m.code)
                if key not in seen_spans:
                    seen_spans.add(key)
                    unique.append(m)
            sent_mentions = unique
            out.extend(sent_mentions)
            ctx.mentions.extend(sent_mentions)
        return out

    def _count_doc_countries(self, doc: Doc, names: dict[int, tuple[Span, NameRef]],
                             ctx: _Context) -> None:
        """How often the article names each country (states, capitals, people, national
        organisations), and where first: the fallback context for early references."""
        seen: set[int] = set()
        for span, ref in names.values():
            if span.start in seen:
                continue
            seen.add(span.start)
            code = None
            if ref.kind in ("country", "adjective", "people", "capital", "seat"):
                code = ref.code
            elif ref.kind == "org":
                code = self.lex.org_parts(self.lex.org_code_on(ref.code, ctx.article.date))[0]
            elif ref.kind == "person":
                role = self.lex.people[ref.code].role_on(ctx.article.date)[0]
                code = _split_code(role)[0] if role else None
            if code and len(code) == 3 and code.isalpha():
                # "outside the US embassy in Seoul": a state named by its mission abroad is
                # the foreign one there, the weakest hint of where the article's people are.
                mission = any(t.head.lemma_.lower() in MISSION_NOUNS and
                              t.dep_ in ("compound", "amod", "poss", "nmod")
                              for t in span if not span.start <= t.head.i < span.end)
                ctx.doc_countries[code] += 0.25 if mission else 1
                ctx.doc_first.setdefault(code, span.start)
        ctx.pending = lambda: self._count_places(doc, names, ctx)

    def _count_places(self, doc: Doc, names: dict[int, tuple[Span, NameRef]],
                      ctx: _Context) -> None:
        """The article-wide count's second part: places and the divided states' halves."""
        # Places the lexicons do not name ("Ayodhya", "Chhattisgarh"): the gazetteer's
        # country, counted at half weight. NER says which proper nouns are places; it runs
        # only on the sentences with a proper noun the gazetteer knows.
        self.ents.ensure(self._gazetteer_sentences(doc, names))
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC") and not any(i in names for i in
                                                         range(ent.start, ent.end)):
                code = self.place_country(ent.text)
                if code and len(code) == 3 and code.isalpha():
                    ctx.doc_countries[code] += 0.5
                    ctx.doc_first.setdefault(code, ent.start)
        # "The North ... the South" with neither Korea named: the divided state's halves.
        body = ctx.article.body or ""

        def says(short: str) -> bool:
            return short in body or short[:1].upper() + short[1:] in body

        for code, info in self.lex.countries.items():
            if info.short and info.partner and says(info.short):
                partner = self.lex.countries.get(info.partner)
                if partner is not None and partner.short and says(partner.short):
                    ctx.doc_countries.setdefault(code, 0)
                    ctx.doc_first.setdefault(code, 10 ** 9)

    # -- names ----------------------------------------------------------------------------------
    def _name_spans(self, doc: Doc, day: str | None = None) -> dict[int, tuple[Span, NameRef]]:
        """Longest non-overlapping name matches, indexed by every token they cover."""
        spans = []
        refs: dict[tuple[int, int], list[NameRef]] = {}
        for match_id, start, end in self.lex.matcher(doc):
            span = doc[start:end]
            spans.append(span)
            refs.setdefault((start, end), []).extend(self.lex.refs_for(match_id))
        by_token: dict[int, tuple[Span, NameRef]] = {}
        for span in filter_spans(spans):
            ref = self._pick_ref(refs[(span.start, span.end)], span, day)
            if ref is None or self._not_the_state(doc, span, ref):
                continue
            for i in range(span.start, span.end):
                by_token[i] = (span, ref)
        return by_token

    @staticmethod
    def _not_the_state(doc: Doc, span: Span, ref: NameRef) -> bool:
        """A state's name that does not stand for the state: "pro-Russian separatists",
        "anti-American protesters" (an allegiance), "New Mexico", "New Jersey", "Latin
        American" (another place's name)."""
        if ref.kind not in ("country", "adjective", "people", "capital", "seat"):
            return False
        i = span.start
        prev = doc[i - 1] if i > 0 else None
        if prev is not None and prev.text in ("-", "‐", "‑") and i > 1 and \
                doc[i - 2].lower_ in ALLEGIANCE_PREFIXES and not prev.whitespace_:
            return True
        if prev is not None and prev.lower_.rstrip("-") in ALLEGIANCE_PREFIXES and \
                prev.text.endswith("-"):
            return True
        if prev is not None and prev.text == "Latin" and span.text.startswith("America"):
            return True
        if prev is not None and prev.text == "New" and span.text in NEW_PLACE_NAMES:
            return True  # "New Mexico", "New Jersey" — but "New U.S. sanctions" is the U.S.
        return False

    def _pick_ref(self, refs: list[NameRef], span: Span, day: str | None = None
                  ) -> NameRef | None:
        if not refs:
            return None
        order = {"person": 0, "org": 1, "seat": 2, "country": 3, "adjective": 4,
                 "people": 5, "capital": 6, "short": 7}
        refs = sorted(refs, key=lambda r: order.get(r.kind, 9))
        people = [r for r in refs if r.kind == "person" and r.code in self.lex.people]
        if len(people) > 1 and day:
            # A name several people share ("Kim" for North Korea's leaders) is the one in
            # office on the article date; among several, the first listed.
            in_office = [r for r in people if self.lex.people[r.code].role_on(day)[2] >= 0.95]
            if in_office:
                refs = in_office + [r for r in refs if r not in in_office]
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
            split = self._folded_pair(tok, start)
            if split is not None:
                # "Colombia's government and FARC rebels": two phrases the parse folded into
                # one, the first headed by the modifier noun.
                mod, cc, conj = split
                for ph in (_Phrase(mod, start, cc.i), _Phrase(tok, conj.left_edge.i, end)):
                    ph.names.extend(names[i] for i in range(ph.start, ph.end)
                                    if i in names and names[i][0].start == i)
                    phrases.append(ph)
                continue
            ph = _Phrase(tok, start, end)
            seen: set[int] = set()
            for i in range(start, end):
                if i in names and names[i][0].start not in seen:
                    # Names inside a possessive's own sub-phrase stay: "Seoul's chief delegate".
                    seen.add(names[i][0].start)
                    ph.names.append(names[i])
            phrases.append(ph)
        return phrases

    def _folded_pair(self, tok: Token, start: int) -> tuple[Token, Token, Token] | None:
        """"Colombia's government and FARC rebels" parsed as one phrase headed by "rebels",
        with "government" a modifier coordinated with "FARC": a sector noun that modifies
        the head under a possessor (its own or the head's) and has its own "and" and conjunct begins a
        phrase of its own (modifier, "and", conjunct). Adjectives and names coordinated
        before a shared head ("U.S. and South Korean forces") stay one phrase."""
        for mod in tok.lefts:
            if mod.dep_ not in ("nmod", "compound") or mod.pos_ != "NOUN" or \
                    not self._sector_word(mod):
                continue
            cc = next((c for c in mod.rights if c.dep_ == "cc" and c.lower_ == "and"), None)
            conj = next((c for c in mod.rights if c.dep_ == "conj" and c.i < tok.i), None)
            if cc is None or conj is None or not any(
                    c.dep_ == "poss" and start <= c.i < mod.i
                    for c in itertools.chain(tok.lefts, mod.lefts)):
                continue
            return mod, cc, conj
        return None

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
                ctx.note_country(m.country, m.text, strong=not self._armed_group(m.code))
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

    def _armed_group(self, code: str) -> bool:
        """Named non-state armed groups: their home country is a weak hint of the story's
        country (al-Shabaab attacks in Kenya)."""
        e = self.lex.orgs.get(code)
        return e is not None and e.get("kind") == "armed_group"

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

    def _is_locative(self, tok: Token, objects: bool = True) -> bool:
        """Is this token a place ("in Seoul", "southern Lebanon", "fled Kiev"), not an actor?
        ``objects=False``: "leave the EU" leaves an organisation, not a place."""
        if any(c.lower_ in PLACE_MODIFIERS for c in tok.lefts
               if c.dep_ in ("amod", "compound") and c.i not in self._name_token_cache):
            return True
        # "Cancun, Mexico", "Phuket, Thailand": a country naming where a place is.
        if tok.i >= 2 and tok.doc[tok.i - 1].text == "," and tok.i not in range(
                tok.sent.start, tok.sent.start + 2):
            prev = tok.doc[tok.i - 2]
            # The second comma may be missing: "The people of Abu Dhabi, UAE have risen up"
            # parses the country as a second subject of the verb, after the first's place.
            closed = (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].is_punct) or (
                tok.dep_ == "nsubj" and any(ch.dep_ == "nsubj" and ch.i < tok.i and
                                            ch.right_edge.i == prev.i
                                            for ch in tok.head.children))
            if prev.pos_ == "PROPN" and closed:
                if prev.i not in self._name_token_cache:
                    if self.ents.label(prev) in ("GPE", "LOC", "FAC"):
                        return True
                elif prev.i in self._names_cache and \
                        self._names_cache[prev.i][1].kind == "capital":
                    # "Abu Dhabi, UAE": a capital placed in its country.
                    return True
        if objects and tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("flee", "leave", "enter",
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
        if objects and p in ("to", "from") and (prep.head.lemma_.lower() in MOTION_VERBS or
                                    prep.head.lemma_.lower() in MOTION_NOUNS) and \
                not _gives_back(prep):
            return True
        if p in ("with", "of", "along", "to") and prep.head.lemma_.lower() in (
                "crossing", "crossing point"):
            return True  # "border crossings with Iraq" (but "its border with X" names X)
        if p == "of" and prep.head.lemma_.lower() in ("north", "south", "east", "west",
                                                       "capital", "city", "border", "coast",
                                                       "part", "region", "province", "outskirts"):
            return True
        return False

    def _sector_of_phrase(self, doc: Doc, ph: _Phrase) -> tuple[str | None, Token | None]:
        """Sector from the head noun, compound nouns and modifiers; modifiers win."""
        head_sector = None
        head_tok = None
        multi_words: set[int] = set()
        tokens = list(doc[ph.start:ph.end])
        # Each word's forms once (the n-gram loop below reads them up to four times).
        lowers = [t.lower_ for t in tokens]
        lemmas = [t.lemma_.lower() for t in tokens]
        name_tokens = {i for span, _ in ph.names for i in range(span.start, span.end)}
        # A person's name is no sector noun ("Gunjan Shah"), nor is a bracketed
        # abbreviation ("Chief Electoral Officer (CEO)").
        depth = 0
        for t in tokens:
            if t.text == "(":
                depth += 1
            if depth or (t.pos_ == "PROPN" and self._sector_word(t) and
                         self._ends_person_name(doc, t)):
                name_tokens.add(t.i)  # the last word of a person's name
            if t.text == ")":
                depth = max(0, depth - 1)
        # Multi-word nouns first, the longest ("human rights activist" before "rights
        # activist"), then two words ("foreign minister", "armed forces").
        agent_nouns = self.lex.agent_nouns
        start = ph.start
        for n in (4, 3, 2):
            for i in range(len(tokens) - n + 1):
                if start + i in name_tokens:
                    continue
                words = " ".join(lowers[i:i + n - 1] + [lemmas[i + n - 1]])
                if words in agent_nouns:
                    head_sector, head_tok = agent_nouns[words], tokens[i + n - 1]
                    multi_words = set(range(start + i, start + i + n - 1))
            if head_sector is not None:
                break
        if head_sector is None:
            for i in range(len(tokens) - 1, -1, -1):
                t = tokens[i]
                if start + i in name_tokens or t.pos_ not in ("NOUN", "PROPN"):
                    continue
                # (``sector_of_lemma`` of the lemma, then of the written form)
                sec = agent_nouns.get(lemmas[i]) or agent_nouns.get(lowers[i].lower())
                if sec:
                    head_sector, head_tok = sec, t
                    break
        mod_sector = None
        skip = name_tokens | multi_words | {ph.head.i}
        if head_tok is not None:
            skip.add(head_tok.i)
        for i, t in enumerate(tokens):
            if start + i in skip:
                continue
            if t.dep_ in ("amod", "compound", "nmod"):
                sec = self.lex.agent_modifiers.get(lowers[i]) or \
                    self.lex.agent_modifiers.get(lemmas[i])
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
        if before is not None and before.pos_ == "PROPN" and (
                not before.is_sent_start or before.tag_ == "NNP" and
                before.lower_ not in self.lex.agent_nouns and
                before.lower_ not in PLACE_MODIFIERS and
                before.lower_ not in SENTENCE_START_ADJECTIVES) and \
                before.head.i in range(
                span.start, span.end) and before.dep_ == "compound" and before.i not in \
                self._name_token_cache:
            return True
        if head.dep_ == "compound" and head.head.pos_ == "PROPN" and \
                head.head.i not in self._name_token_cache and \
                self.ents.label(head.head) != "PERSON":
            return True
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "PROPN" \
                and head.head.head.i not in self._name_token_cache and \
                self.ents.label(head.head.head) in ("ORG", "FAC", ""):
            return True
        # A city that named an agreement or a meeting ("the Paris climate accord").
        if head.dep_ in ("compound", "nmod") and head.head.lemma_.lower() in VENUE_NOUNS and \
                any(r.kind == "capital" for r in self.lex.names.get(span.text, [])):
            return True
        # A country name modifying a thing ("Guinea pigs", "Turkey prices").
        if head.dep_ in ("compound", "nmod") and head.head.pos_ == "NOUN" and \
                head.head.i == ph.head.i and self.lex.sector_of_lemma(ph.head.lemma_) is None \
                and self.lex.sector_of_lemma(ph.head.lower_) is None \
                and ph.head.lemma_.lower() not in self.event_nouns:
            # ("U.S. and South Korean forces": "forces" is a sector noun only as written.)
            return True
        return False

    def _resolve_phrase(self, doc: Doc, sent: Span, sid: int, ph: _Phrase, ctx: _Context,
                        so_far: list[ActorMention]) -> list[ActorMention]:
        head = ph.head
        # Pronouns and other references to earlier actors.
        if head.pos_ == "PRON":
            return self._resolve_pronoun(doc, sent, sid, head, ctx, so_far)
        sector, sector_tok = self._sector_of_phrase(doc, ph)
        # "the two sides", "both sides", "the two leaders", "both governments".
        if head.lemma_.lower() in PAIR_NOUNS and head.tag_ in ("NNS", "NNPS") and \
                any(c.lower_ in ("two", "both") for c in head.lefts) and \
                any(c.lower_ in ("the", "both", "these", "those") for c in head.lefts) and \
                not ph.names:
            return self._two_sides(doc, sid, ph, ctx, sector, so_far)
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
        if persons and orgs and any(head.i in range(sp.start, sp.end) for sp, _ in orgs):
            persons = []  # "Mamata Banerjee's Trinamool Congress": the party is the head
        if persons and len(persons[-1][0]) == 1 and persons[-1][0].text in ctx.persons:
            # A bare surname the article gave a person of its own ("Kim Sung-hwan ... Kim
            # said") is that person, not a namesake the lexicon knows by the surname alone.
            persons = []
        if persons and not (self._is_locative(head) and not sector):
            span, ref = persons[-1]
            info = self.lex.people[ref.code]
            code, title, conf = info.role_on(ctx.article.date, doc[ph.start:span.start].text)
            if code:
                country, sec = _split_code(code)
                self._remember_person(ctx, span, code, info.name)
                return [self._mention(doc, sid, ph.start, ph.end, head.i, code, country, sec,
                                      name=info.name, kind="person", conf=conf)]
        if orgs:
            span, ref = orgs[-1]
            code = self.lex.org_code_on(ref.code, ctx.article.date)
            country, osec = self.lex.org_parts(code)
            if self._is_locative(head, objects=False) and head.i in range(span.start, span.end) \
                    and not sector:
                return []
            ctx.org_entries[ph.start] = ref.code
            return [self._mention(doc, sid, ph.start, ph.end, head.i, code, country,
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
                    ctx.note_country(ref.code, span.text, strong=False)
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
        # "a Somali army base", "police posts", "the military council": a sector's own
        # installation or body stands for the sector.
        if sector and (sector_tok is None or sector_tok.i != head.i) and head.pos_ == "NOUN" and \
                head.lemma_.lower() in FACILITY_NOUNS and not self._is_locative(head):
            if not ph.names:
                recent = self._place_of(head) or ctx.recent_country()
                if recent is None:
                    return []
                return [self._mention(doc, sid, ph.start, ph.end, head.i, recent[0] + sector,
                                      recent[0], sector, kind="sector", by="coreference",
                                      antecedent=recent[1], conf=0.55)]
        # "the group", "the tribunal", "the country": an actor named before.
        if not ph.names:
            ref = self._definite_reference(doc, sid, ph, ctx, so_far)
            if ref is not None:
                return ref
        # "Congress" in an Indian story: the party, not a legislature.
        if self.lex.context_names and not ph.names:
            hit = self._context_name(doc, ph, ctx)
            if hit is not None:
                code = self.lex.org_code_on(hit, ctx.article.date)
                country, osec = self.lex.org_parts(code)
                return [self._mention(doc, sid, ph.start, ph.end, head.i, code, country, osec,
                                      kind="organisation", by="rule", conf=0.8)]
        # A sector noun with no country of its own: the country in context ("the
        # government"; "Home Minister Shivraj Patil": a title before an unknown name).
        titled = self._unknown_person(doc, ph) if sector and sector_tok is not None and \
            sector_tok.i != head.i and head.pos_ == "PROPN" else None
        if titled is not None and head.i in range(titled.start, titled.end):
            sector_tok = head
        if sector and sector_tok is not None and sector_tok.i == head.i:
            lemma = head.lemma_.lower()
            if lemma == "party" and any(c.dep_ == "compound" and c.lower_ in SOCIAL_PARTIES
                                        or c.lower_ == "third" for c in head.lefts):
                return []  # "a tea party", "third parties"
            if lemma in AUDIENCE_NOUNS and head.dep_ in ("dobj", "dative") and \
                    head.head.lemma_.lower() in ("tell", "brief", "inform"):
                return []  # "told reporters": the audience of a statement
            if lemma in WEAPON_NOUNS and head.dep_ in ("dobj", "pobj"):
                return []  # "test-fired an intercontinental missile": a thing
            if self._is_locative(head) and (lemma in BUILDING_NOUNS or
                                            head.lower_ in BUILDING_NOUNS):
                return []  # "rallied outside parliament"
            standalone = lemma in self.lex.standalone or head.lower_ in self.lex.standalone
            # The possessor is in this phrase, the same-sector antecedent at most a sentence
            # back: that window is all this rule reads.
            prior = ctx.prior(so_far, head.i, since=sid - 1)
            recent = None
            poss = next((c for c in head.lefts if c.dep_ == "poss"), None)
            if poss is not None:
                pm = next((m for m in reversed(prior) if m.head == poss.i), None)
                if pm is not None and pm.kind == "organisation":
                    # "the group's spokesman", "Hamas's leaders": the organisation speaks.
                    return [self._mention(doc, sid, ph.start, ph.end, head.i, pm.code,
                                          pm.country, pm.sector, kind="organisation",
                                          by="coreference", antecedent=pm.text,
                                          conf=round(0.85 * pm.confidence, 2))]
                if pm is not None and pm.country:
                    recent = (pm.country, pm.text)
            place = self._place_of(head)
            if recent is None and lemma in MISSION_NOUNS and place is not None:
                # "the consulate in Istanbul" is a foreign state's, never the host's.
                recent = ctx.recent_country(exclude=place[0])
                if recent is None:
                    return []
            if recent is None and sector == "NGO" and place is None:
                # Unnamed aid and rights groups: no country of their own.
                return [self._mention(doc, sid, ph.start, ph.end, head.i, "NGO", None, "NGO",
                                      kind="sector", by="rule", conf=0.6)]
            if recent is None:
                recent = place
            if recent is None:
                # "the government ... the ministry": the latest actor of the same sector.
                same = [m for m in prior if m.sector == sector and m.country and
                        m.sentence_id >= sid - 1]
                if same:
                    recent = (same[-1].country, same[-1].text)
            if recent is None:
                named = self._of_named(head, ctx)
                if named is not None:
                    recent = (named[0], named[1])
                    if lemma in FOLLOWER_NOUNS and named[2] in FOLLOWED_SECTORS:
                        # "supporters of jailed former prime minister Imran Khan": the
                        # followers of an opposition figure are the opposition, as
                        # "opposition supporters" are (agents.yaml); a leader's in power
                        # stay the public ("supporters of Donald Trump" -> USACVL).
                        sector = "OPP"
            if recent is None:
                recent = ctx.recent_country(
                    allow_doc=standalone or (lemma in PERSON_NOUNS and head.tag_ == "NN") or
                    (head.text[:1].isupper() and head.i != head.sent.start))
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
        return []

    def _context_name(self, doc: Doc, ph: _Phrase, ctx: _Context) -> str | None:
        for t in doc[ph.start:ph.end]:
            code = self.lex.context_names.get(t.text)
            if code is None:
                continue
            home = self.lex.org_parts(code)[0]
            recent = ctx.recent_country()
            ctx.counted()
            top = max(ctx.doc_countries, key=lambda c: ctx.doc_countries[c]) \
                if ctx.doc_countries else None
            if home and (recent and recent[0] == home or top == home):
                return code
        return None

    def _of_named(self, head: Token, ctx: _Context) -> tuple[str, str, str | None] | None:
        """"Supporters of Donald Trump", "officials of the BJP": the named actor's country,
        its text, and its sector on the article's day (a person's role, an organisation's
        code), which followers of an opposition figure take on."""
        for prep in head.rights:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for pobj in prep.children:
                hit = self._names_cache.get(pobj.i)
                if pobj.dep_ == "pobj" and hit is None:
                    # "supporters of Brazil's former president": the possessor's state.
                    hit = next((self._names_cache[p.i] for p in pobj.children
                                if p.dep_ == "poss" and p.i in self._names_cache), None)
                if pobj.dep_ != "pobj" or hit is None:
                    continue
                span, ref = hit
                code, sector = None, None
                if ref.kind in ("country", "capital", "seat"):
                    code = ref.code
                elif ref.kind == "person":
                    role = self.lex.people[ref.code].role_on(ctx.article.date)[0]
                    code, sector = _split_code(role) if role else (None, None)
                elif ref.kind == "org":
                    code, sector = self.lex.org_parts(self.lex.org_code_on(ref.code,
                                                                           ctx.article.date))
                if code and len(code) == 3 and code.isalpha():
                    return code, span.text, sector
        return None

    def _definite_reference(self, doc: Doc, sid: int, ph: _Phrase, ctx: _Context,
                            so_far: list[ActorMention]) -> list[ActorMention] | None:
        """"the country" -> the latest state; "the group"/"the movement" -> the latest
        non-state organisation; "the tribunal", "the agency", "the party" -> the latest
        organisation whose name ends in that noun (or a synonym)."""
        head = ph.head
        if head.tag_ not in ("NN", "NNP") or head.pos_ not in ("NOUN", "PROPN"):
            return None
        lefts = [c for c in doc[ph.start:head.i]]
        if not lefts or lefts[0].lower_ not in ("the", "this") or \
                any(c.dep_ not in ("det", "punct") for c in lefts):
            return None
        lemma = head.lemma_.lower()
        prior = ctx.prior(so_far, head.i, since=sid - 4)
        if lemma in ("country", "nation"):
            if self._is_locative(head):
                return []  # "set foot in the country": a place
            for m in reversed(prior):
                if m.country and m.kind != "organisation" and m.head is not None and \
                        doc[m.head].pos_ != "PRON":
                    return [self._mention(doc, sid, ph.start, ph.end, head.i, m.country,
                                          m.country, None, kind="state", by="coreference",
                                          antecedent=m.text, conf=0.75)]
            return None
        orgs = [(m, ctx.org_entries.get(m.token_start, m.code)) for m in prior
                if m.kind == "organisation"]
        orgs = [(m, key) for m, key in orgs if key in self.lex.orgs]
        for m, key in reversed(orgs):
            kind = self.lex.orgs[key].get("kind")
            if lemma in ("group", "movement", "militia", "outfit") and kind in (
                    "armed_group", "ngo", "party"):
                hit = m
            elif lemma in ("organisation", "organization", "body") or \
                    lemma in self._org_heads(key):
                hit = m
            else:
                continue
            return [self._mention(doc, sid, ph.start, ph.end, head.i, hit.code, hit.country,
                                  hit.sector, kind="organisation", by="coreference",
                                  antecedent=hit.text, conf=0.75)]
        return None

    def _org_heads(self, code: str) -> frozenset[str]:
        """The head nouns of an organisation's names: "International Criminal Court" ->
        court (and tribunal), "Bharatiya Janata Party" -> party."""
        cache = self.__dict__.setdefault("_org_heads_cache", {})
        if code not in cache:
            heads = set()
            for n in self.lex.orgs[code].list("names"):
                words = n.split()
                if len(words) < 2:
                    continue
                if "of" in words[1:]:
                    words = words[:words.index("of", 1)]
                heads.add(words[-1].lower())
            for a, b in (("court", "tribunal"), ("agency", "watchdog"), ("party", "party")):
                if a in heads or b in heads:
                    heads.update((a, b))
            cache[code] = frozenset(heads)
        return cache[code]

    def _place_of(self, head: Token) -> tuple[str, str] | None:
        """"Police in Moscow", "protesters in Tehran": the country of the place named."""
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "of"):
                for pobj in prep.children:
                    if pobj.dep_ != "pobj" or pobj.pos_ != "PROPN":
                        continue
                    name = pobj.doc[pobj.left_edge.i:pobj.i + 1].text
                    name = " ".join(w for w in name.split() if w[:1].isupper()) or pobj.text
                    code = self.place_country(name) or (
                        self.place_country(pobj.text) if len(name.split()) == 1 or
                        doc_left_is_modifier(pobj) else None)
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
        named = {i for span, _ in ph.names for i in range(span.start, span.end)}
        unknown = [i for i in range(ph.start, ph.end) if doc[i].pos_ == "PROPN" and
                   i not in named]
        # A person's name is proper nouns; none outside the lexicon names (or only titles
        # and organisations' words: "the Foreign Ministry"), no unknown person.
        if any(not self._sector_word(doc[i]) and doc[i].lower_ not in ORG_WORDS
               for i in unknown):
            plain = self._plain_name(doc, ph, unknown)
            if plain is not None:
                return plain
            for ent in self.ents.spans(doc[ph.start:ph.end]):
                if ent.label_ == "PERSON" and \
                        not any(i in named for i in range(ent.start, ent.end)):
                    return ent
        # Appositive names: "chief delegate Suh Ho" parses Ho as the head's appositive.
        for child in ph.head.rights:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return doc[child.left_edge.i:child.i + 1]
        return None

    def _ends_person_name(self, doc: Doc, t: Token) -> bool:
        """Is this proper noun, a sector word, the last word of a person's name ("Gunjan
        Shah")? Only an unknown proper noun before it and none after it make NER worth
        asking ("President Joe Biden", "the Supreme Court" aside)."""
        if t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" or t.i == 0:
            return False
        prev = doc[t.i - 1]
        if prev.pos_ != "PROPN" or prev.i in self._name_token_cache or self._sector_word(prev):
            return False
        return self.ents.label(t) == "PERSON" and (
            t.i + 1 >= len(doc) or doc[t.i + 1].ent_iob_ != "I")

    def _plain_name(self, doc: Doc, ph: _Phrase, unknown: list[int]) -> Span | None:
        """The common case NER need not be asked about: a title, then one run of two to
        four capitalised words ending the phrase ("Foreign Minister Jane Doe", "Palestinian
        President Mahmoud Abbas"), none of them a title, an organisation's word or a month,
        and together no place the gazetteer knows. Anything else (one word, acronyms, "Al Jazeera's
        correspondent", "Supreme Court Justice ...") is left to NER."""
        start, end = unknown[0], unknown[-1] + 1
        if end - start != len(unknown) or not 2 <= len(unknown) <= 4 or end != ph.end or \
                end - 1 != ph.head.i:
            return None
        before = doc[start - 1] if start > ph.start else None
        if before is None or not (self._sector_word(before) or before.lower_ in TITLES):
            return None
        for i in unknown:
            t = doc[i]
            low = t.lower_
            if not (t.is_title and t.is_alpha) or low in self._sector_words or \
                    low in ORG_WORDS or low in MONTHS:
                return None
        span = doc[start:end]
        return None if self.place_country(span.text) else span

    def _remember_person(self, ctx: _Context, span: Span | str, code: str, name: str) -> None:
        text = span.text if isinstance(span, Span) else span
        parts = [p for p in re.split(r"\s+", text) if p[:1].isupper()]
        if not parts:
            return
        for key in {parts[0], parts[-1], text}:
            ctx.persons.setdefault(key, (code, name, text))

    def _two_sides(self, doc: Doc, sid: int, ph: _Phrase, ctx: _Context,
                   sector: str | None = None,
                   so_far: list[ActorMention] | None = None) -> list[ActorMention]:
        seen: list[str] = []
        prior = itertools.chain(reversed([m for m in so_far or [] if m.token_end <= ph.start]),
                                (m for m in reversed(ctx.mentions) if m.token_end <= ph.start))
        for m in prior:  # latest first, lazily: it stops at the second country
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
        person = low in PERSON_PRONOUN_LEMMAS
        plural = low in PLURAL_PRONOUNS
        if not (person or plural or low in SINGULAR_PRONOUNS):
            return []
        if tok.dep_ not in ROLE_DEPS and tok.dep_ not in ("nsubj", "nsubjpass"):
            return []
        if low == "it" and self._expletive(tok):
            return []
        # Antecedents lie close by: this sentence and the two before it.
        prior = ctx.prior(so_far, tok.i, since=sid - 2)
        own_subject = None
        if tok.dep_ in ("dobj", "pobj", "dative", "iobj", "obj"):
            verb = tok.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
                verb = verb.head
            own_subject = next((c.i for c in verb.children
                                if c.dep_ in ("nsubj", "nsubjpass")), None)
        if person:
            cands: list[list[ActorMention]] = [[m] for m in prior if self._personal(doc, m)]
        elif plural:
            cands = [[m] for m in prior if self._plural(doc, m)] + self._groups(doc, prior)
        else:
            cands = [[m] for m in prior if m.kind != "person" and self._actor_head(doc, m)
                     and (not self._plural(doc, m) or doc[m.head].tag_ in ("NN", "NNP")) and not self._coordinated(doc, m, prior)]
        cands = [g for g in cands if all(m.head != own_subject for m in g)]
        if not cands:
            return []
        cands.sort(key=lambda g: max(m.token_end for m in g))
        pick = None
        if tok.dep_ in ("nsubj", "nsubjpass"):
            # "Iran said it had shot down...": the subject of a governing clause first.
            by_head = {m.head: g for g in cands for m in g if m.head is not None}
            verb = tok.head
            while pick is None and verb.head != verb and verb.dep_ != "advcl":
                nxt = verb.head
                for c in nxt.children:
                    if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i:
                        pick = by_head.get(c.i) or self._group_at(c, cands)
                        if pick is not None:
                            break
                verb = nxt
        if pick is None:
            pick = cands[-1]
        out = []
        for m in pick:
            out.append(self._mention(doc, sid, tok.i, tok.i + 1, tok.i, m.code, m.country,
                                     m.sector, name=m.name, kind=m.kind, by="coreference",
                                     antecedent=m.text, conf=round(0.8 * m.confidence, 2)))
        return out

    @staticmethod
    def _coordinated(doc: Doc, m: ActorMention, prior: list[ActorMention]) -> bool:
        """One of several coordinated actors ("the United States and Britain"): not the
        antecedent of a singular pronoun."""
        if m.head is None:
            return False
        heads = {o.head for o in prior if o is not m}
        return any(t.i in heads for t in doc[m.head].conjuncts) or \
            sum(1 for o in prior if o.head == m.head) > 1

    @staticmethod
    def _group_at(tok: Token, cands: list[list[ActorMention]]) -> list[ActorMention] | None:
        for g in cands:
            if len(g) > 1 and any(m.head == tok.i for m in g):
                return g
        return None

    def _personal(self, doc: Doc, m: ActorMention) -> bool:
        """Can he/she/his/her refer to this mention? People, and singular titles."""
        if m.kind == "person":
            return True
        if m.head is None:
            return False
        h = doc[m.head]
        return h.tag_ in ("NN", "NNP") and h.lemma_.lower() in PERSON_NOUNS

    @staticmethod
    def _plural(doc: Doc, m: ActorMention) -> bool:
        if m.head is None:
            return False
        h = doc[m.head]
        if h.pos_ == "PRON":
            return h.lower_ in PLURAL_PRONOUNS
        return h.tag_ in ("NNS", "NNPS") or (m.kind == "sector" and h.lemma_.lower() in
                                              COLLECTIVE_NOUNS)

    def _actor_head(self, doc: Doc, m: ActorMention) -> bool:
        """Not a thing an actor adjective merely describes ("an Israeli air strike")."""
        if m.head is None:
            return True
        h = doc[m.head]
        if h.pos_ != "NOUN" or h.i in self._name_token_cache:
            return True
        return m.sector is not None or m.kind in ("organisation", "person")

    def _groups(self, doc: Doc, prior: list[ActorMention]) -> list[list[ActorMention]]:
        """Coordinated actors ("Sweden and Finland ... their bids") as one plural antecedent."""
        by_head = {m.head: m for m in prior if m.head is not None}
        groups = []
        shared: dict[int, list[ActorMention]] = {}
        for m in prior:
            if m.head is not None:
                shared.setdefault(m.head, []).append(m)
        groups.extend(g for g in shared.values() if len(g) > 1)
        for m in prior:
            if m.head is None or doc[m.head].dep_ == "conj":
                continue
            members = [m]
            for t in doc[m.head].conjuncts:
                if t.i > m.head and t.i in by_head and by_head[t.i] is not m:
                    members.append(by_head[t.i])
            if len(members) > 1:
                groups.append(members)
        return groups

    @staticmethod
    def _expletive(tok: Token) -> bool:
        head = tok.head
        if tok.dep_ == "expl":
            return True
        if (head.lemma_ in ("be", "seem", "appear", "remain", "take") or
                head.lower_ in ("'s", "\u2019s")) and tok.dep_ == "nsubj":
            # "it is clear that...", "it seems the talks...": but not "it was ready to help".
            if any(c.dep_ == "ccomp" for c in head.children):
                return True
            return any(c.dep_ in ("acomp", "attr", "xcomp") and c.lemma_.lower() in
                       EXPLETIVE_PREDICATES for c in head.children)
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
    """The pipeline that made ``doc``: a resolver already built on its vocab (so a Doc from
    ``--model en_core_web_md`` is resolved with that pipeline's lexicon matchers), else the
    default pipeline."""
    for resolver in _resolvers.values():
        if resolver.nlp.vocab is doc.vocab:
            return resolver.nlp
    from eventwire.nlp import load_pipeline  # local: loading spaCy is slow

    return load_pipeline()



def _gives_back(prep: Token) -> bool:
    """Is a 'to' phrase the recipient of a thing handed back ("returned twenty Benin Bronzes
    to Nigeria", "returned the bodies to Israel")? Only a verb of giving back with a direct
    object of its own: the bare verb is a journey ("returned to Kabul")."""
    verb = prep.head
    return prep.lower_ == "to" and verb.lemma_.lower() in GIVE_BACK_VERBS and \
        any(ch.dep_ in ("dobj", "obj") for ch in verb.children)
