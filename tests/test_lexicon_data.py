"""Checks on the shipped actor lexicons: countries, agents (sectors) and organisations.

These guard the data, not the matcher: full coverage of ISO 3166-1, no string that points at
two different actors, codes and lemmas in the shape the resolver expects.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
import yaml

from eventwire.lexicon import LexiconError, load_lexicons, package_lexicon_files, parse_lexicon_text

OUR_FILES = ("countries.yaml", "agents.yaml", "organisations.yaml")
COUNTRY_FIELDS = ("names", "adjectives", "people", "capitals", "seats")
HISTORICAL = {"SUN", "YUG", "DDR", "CSK", "YMD", "SCG", "XKX"}
REQUIRED_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "INS", "MED", "BUS",
                    "CVL", "LAB", "EDU", "REF", "REL", "NGO"}
ORG_KINDS = {"igo", "ngo", "armed_group", "party", "institution", "company"}
ISO3 = {c.alpha_3 for c in pycountry.countries}

#: Strings deliberately shared by two actors (none at present; add with a reason).
DELIBERATELY_SHARED: dict[str, set[str]] = {}


def _norm(text: str) -> str:
    """The form a name is matched in: the resolver also matches "the X" as plain "X"."""
    text = text.strip()
    return text[4:] if text.lower().startswith("the ") else text


@pytest.fixture(scope="module")
def lex():
    return load_lexicons()


def _ours(lex, kind):
    return [e for e in lex[kind] if not e.user and Path(e.path).name in OUR_FILES]


@pytest.fixture(scope="module")
def countries(lex):
    return _ours(lex, "countries")


@pytest.fixture(scope="module")
def agents(lex):
    return _ours(lex, "agents")


@pytest.fixture(scope="module")
def orgs(lex):
    return _ours(lex, "organisations")


@pytest.mark.parametrize("name", OUR_FILES)
def test_file_parses_with_its_kind(name):
    path = next(p for p in package_lexicon_files() if p.name == name)
    try:
        kind, entries = parse_lexicon_text(path.read_text(encoding="utf-8"), str(path))
    except LexiconError as exc:  # pragma: no cover - the assertion message is the point
        pytest.fail(f"{name} does not load: {exc}")
    assert kind == name.removesuffix(".yaml")
    assert entries


class _NoDuplicateKeys(yaml.SafeLoader):
    """A loader that refuses a mapping with a repeated key (plain YAML keeps the last one)."""


def _construct_mapping(loader, node, deep=False):
    keys = [loader.construct_object(k) for k, _ in node.value]
    repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
    assert not repeated, f"line {node.start_mark.line + 1}: repeated keys {repeated}"
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_NoDuplicateKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@pytest.mark.parametrize("name", OUR_FILES)
def test_no_entry_repeats_a_key(name):
    path = next(p for p in package_lexicon_files() if p.name == name)
    yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDuplicateKeys)


def test_every_iso_country_has_an_entry(countries):
    codes = [str(e["code"]) for e in countries]
    assert len(codes) == len(set(codes)), "duplicate country codes"
    missing = ISO3 - set(codes)
    assert not missing, f"countries without an entry: {sorted(missing)}"
    assert set(codes) - ISO3 == HISTORICAL


def test_country_fields_are_lists_of_strings(countries):
    allowed = set(COUNTRY_FIELDS) | {"code", "short", "partner", "legacy"}
    for e in countries:
        assert set(e.data) <= allowed, (e["code"], set(e.data) - allowed)
        assert re.fullmatch(r"[A-Z]{3}", e["code"])
        for f in COUNTRY_FIELDS + ("legacy",):
            value = e.get(f)
            if value is None:
                continue
            assert isinstance(value, list), (e["code"], f)
            assert all(isinstance(v, str) and v.strip() == v and v for v in value), (e["code"], f, value)


def test_news_names_reach_the_right_country(countries):
    table = {}
    for e in countries:
        for f in COUNTRY_FIELDS:
            for v in e.list(f):
                table[(f, v)] = e["code"]
    expected = {
        ("names", "U.S."): "USA", ("names", "America"): "USA", ("names", "Britain"): "GBR",
        ("names", "UK"): "GBR", ("names", "Burma"): "MMR", ("names", "Ivory Coast"): "CIV",
        ("names", "North Korea"): "PRK", ("names", "DPRK"): "PRK", ("names", "South Korea"): "KOR",
        ("names", "DRC"): "COD", ("names", "Congo-Brazzaville"): "COG", ("names", "Czechia"): "CZE",
        ("names", "Turkey"): "TUR", ("names", "Gaza"): "PSE", ("names", "West Bank"): "PSE",
        ("names", "Soviet Union"): "SUN", ("names", "USSR"): "SUN", ("names", "West Germany"): "DEU",
        ("names", "East Germany"): "DDR", ("names", "Czechoslovakia"): "CSK",
        ("names", "Yugoslavia"): "YUG", ("adjectives", "South Korean"): "KOR",
        ("adjectives", "Israeli"): "ISR", ("adjectives", "Congolese"): "COD",
        ("adjectives", "Filipino"): "PHL", ("adjectives", "Philippine"): "PHL",
        ("adjectives", "Soviet"): "SUN", ("people", "Israelis"): "ISR",
        ("people", "Nigerians"): "NGA", ("capitals", "Seoul"): "KOR",
        ("capitals", "Pyongyang"): "PRK", ("capitals", "Kyiv"): "UKR", ("capitals", "Kiev"): "UKR",
        ("capitals", "Jerusalem"): "ISR", ("capitals", "Washington"): "USA",
        ("seats", "Kremlin"): "RUS", ("seats", "White House"): "USA",
        ("seats", "Downing Street"): "GBR", ("seats", "Blue House"): "KOR",
        ("seats", "Zhongnanhai"): "CHN",
    }
    wrong = {k: (table.get(k), v) for k, v in expected.items() if table.get(k) != v}
    assert not wrong, wrong


def test_every_state_has_an_adjective_where_one_exists(countries):
    # Sovereign states in the UN with a well-known demonym must have one.
    for code in ("USA", "GBR", "FRA", "DEU", "RUS", "CHN", "IND", "PAK", "IRN", "IRQ", "SYR",
                 "ISR", "PSE", "EGY", "NGA", "KEN", "ZAF", "BRA", "MEX", "JPN", "KOR", "PRK",
                 "UKR", "TUR", "SAU", "AFG", "MMR", "THA", "VNM", "IDN", "PHL", "COL", "VEN"):
        e = next(e for e in countries if e["code"] == code)
        assert e.list("adjectives"), code
        assert e.list("capitals") or e.list("seats"), code


def test_risky_capitals_are_left_out(countries):
    capitals = {v for e in countries for v in e.list("capitals")}
    for word in ("Victoria", "Kingston", "Male", "Brussels", "Hamilton", "Sofia", "The Hague"):
        assert word not in capitals, word


def test_divided_states_point_at_each_other(countries):
    by_code = {e["code"]: e for e in countries}
    pairs = [(c, e["partner"]) for c, e in by_code.items() if e.get("partner")]
    assert ("PRK", "KOR") in pairs and ("KOR", "PRK") in pairs
    for code, partner in pairs:
        assert partner in by_code, (code, partner)
        assert by_code[code].get("short"), code
    assert by_code["PRK"]["short"] == "the North" and by_code["KOR"]["short"] == "the South"


def test_legacy_codes_do_not_shadow_current_codes(countries):
    codes = {e["code"] for e in countries}
    legacy = [(old, e["code"]) for e in countries for old in e.list("legacy")]
    assert ("ZAR", "COD") in legacy
    for old, code in legacy:
        assert old not in codes, (old, code)
    assert len({o for o, _ in legacy}) == len(legacy)


def test_no_string_names_two_actors(countries, orgs):
    owners: dict[str, set[str]] = defaultdict(set)
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            v = getattr(c, attr, None)
            if v and "," not in v:
                owners[_norm(v)].add(c.alpha_3)
    for e in countries:
        for f in COUNTRY_FIELDS:
            for v in e.list(f):
                owners[_norm(v)].add(e["code"])
    for e in orgs:
        for v in e.list("names"):
            owners[_norm(v)].add(e["code"])
    clashes = {k: v for k, v in owners.items()
               if len(v) > 1 and DELIBERATELY_SHARED.get(k) != v}
    assert not clashes, clashes


def test_agents_codes_and_lemmas(agents):
    sectors = [e["sector"] for e in agents]
    assert len(sectors) == len(set(sectors)), "duplicate sectors"
    assert REQUIRED_SECTORS <= set(sectors), REQUIRED_SECTORS - set(sectors)
    noun_owner: dict[str, str] = {}
    mod_owner: dict[str, str] = {}
    for e in agents:
        sec = e["sector"]
        assert re.fullmatch(r"[A-Z]{3}", sec), sec
        assert e.get("label"), sec
        for key, owner in (("nouns", noun_owner), ("modifiers", mod_owner)):
            for n in e.list(key):
                assert n == n.lower() and n.strip() == n and n, (sec, key, n)
                assert owner.setdefault(n, sec) == sec, f"{n!r} in {owner[n]} and {sec}"
        nouns = set(e.list("nouns"))
        for s in e.list("standalone"):
            assert s in nouns, (sec, s)


def test_agents_put_key_words_in_the_right_sector(agents):
    noun = {n: e["sector"] for e in agents for n in e.list("nouns")}
    mod = {n: e["sector"] for e in agents for n in e.list("modifiers")}
    expected = {"official": "GOV", "foreign minister": "GOV", "spokesman": "GOV",
                "authority": "GOV", "troop": "MIL", "soldier": "MIL", "armed force": "MIL",
                "police": "COP", "security force": "COP", "court": "JUD", "prosecutor": "JUD",
                "lawmaker": "LEG", "mp": "LEG", "opposition": "OPP", "rebel": "REB",
                "insurgent": "INS", "militant": "REB", "journalist": "MED", "medium": "MED",
                "firm": "BUS", "protester": "CVL", "civilian": "CVL", "worker": "LAB",
                "student": "EDU", "refugee": "REF", "cleric": "REL", "aid group": "NGO",
                "rights group": "NGO", "doctor": "HLH", "gunman": "UAF", "smuggler": "CRM",
                "farmer": "AGR", "party": "PTY", "separatist": "SEP", "spy": "SPY"}
    wrong = {k: (noun.get(k), v) for k, v in expected.items() if noun.get(k) != v}
    assert not wrong, wrong
    for m, sec in {"opposition": "OPP", "rebel": "REB", "police": "COP", "military": "MIL",
                   "government": "GOV", "student": "EDU"}.items():
        assert mod.get(m) == sec, (m, mod.get(m))
    # Words that would steal the sector of an unrelated head must not be modifiers.
    for word in ("state", "defence", "defense", "health", "security"):
        assert word not in mod, word


def test_organisation_codes_and_names(orgs, countries):
    assert len(orgs) >= 120
    known = {e["code"] for e in countries}
    codes = [e["code"] for e in orgs]
    assert len(codes) == len(set(codes)), "duplicate organisation codes"
    for e in orgs:
        code = e["code"]
        assert re.fullmatch(r"[A-Z0-9]{3,12}", code), code
        assert e.get("kind") in ORG_KINDS, (code, e.get("kind"))
        assert re.fullmatch(r"[A-Z]{3}", str(e.get("sector"))), code
        country = e.get("country")
        if country is not None:
            assert country in known, (code, country)
        if code[:3] not in ("IGO", "NGO", "IMG"):
            assert country == code[:3], (code, country)
        if code.startswith("IGO"):
            assert country is None, code
        names = e.list("names")
        assert names and all(isinstance(n, str) and n.strip() == n for n in names), code
        assert len(names) == len(set(names)), code


def test_organisations_resolve_as_expected(orgs):
    by_name = {n: e for e in orgs for n in e.list("names")}
    expected = {"United Nations": "IGOUNO", "U.N.": "IGOUNO", "UN": "IGOUNO",
                "UNHCR": "IGOUNOHCR", "European Union": "IGOEUR", "Brussels": "IGOEUR",
                "NATO": "IGONAT", "Amnesty International": "NGOAMN", "Pentagon": "USAMIL",
                "State Department": "USAGOV", "CIA": "USASPY", "FBI": "USACOP",
                "IDF": "ISRMIL", "Knesset": "ISRLEG", "Palestinian Authority": "PSEGOV",
                "Islamic State": "IMGMUSISI", "ISIS": "IMGMUSISI", "Daesh": "IMGMUSISI"}
    wrong = {k: (by_name[k]["code"] if k in by_name else None, v)
             for k, v in expected.items() if k not in by_name or by_name[k]["code"] != v}
    assert not wrong, wrong
    home = {"Hamas": "PSE", "Hezbollah": "LBN", "Taliban": "AFG", "al-Shabaab": "SOM",
            "AQAP": "YEM", "Boko Haram": "NGA", "FARC": "COL", "ELN": "COL", "PKK": "TUR",
            "Houthis": "YEM", "LTTE": "LKA", "Polisario": "ESH", "M23": "COD",
            "Rapid Support Forces": "SDN", "Wagner Group": "RUS", "Lashkar-e-Taiba": "PAK",
            "Tehrik-i-Taliban Pakistan": "PAK", "BJP": "IND", "Election Commission of India": "IND",
            "Supreme Court of India": "IND", "People's Liberation Army": "CHN", "Duma": "RUS"}
    wrong = {k: (by_name[k].get("country") if k in by_name else None, v)
             for k, v in home.items() if k not in by_name or by_name[k].get("country") != v}
    assert not wrong, wrong
    assert by_name["Supreme Court of India"]["code"] == "INDJUD"
    # Named armed groups are REB with a three-letter suffix, so that gold codes such as
    # PSEREB match them (evaluate.actor_match).
    for name in ("Hamas", "Hezbollah", "Taliban", "al-Shabaab", "Boko Haram", "PKK", "LTTE"):
        code = by_name[name]["code"]
        assert code[3:6] == "REB" and len(code) == 9 and by_name[name]["sector"] == "REB", name


def test_ambiguous_short_forms_are_not_names(orgs, countries):
    names = {n for e in orgs for n in e.list("names")}
    names |= {v for e in countries for f in COUNTRY_FIELDS for v in e.list(f)}
    for risky in ("IS", "ED", "SP", "PA", "PT", "CPI", "Labour", "Democrats", "Republicans",
                  "Wagner", "Victoria", "the alliance", "Delhi"):
        assert risky not in names, risky
