"""PETRARCH/TABARI dictionary import (issue 8): the readers on small inline dictionaries, and
the whole importer on the real PETRARCH files in the shared reference directory."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from eventwire.lexicon import load_lexicons
from eventwire.patterns import PatternIndex
from eventwire.petrarch.actors import ActorConversion, convert_actors, parse_actor_dictionary
from eventwire.petrarch.agents import AgentConversion, convert_agents
from eventwire.petrarch.common import Issue, name_variants, parse_restriction
from eventwire.petrarch.convert import import_petrarch
from eventwire.petrarch.discards import DiscardConversion, convert_discards
from eventwire.petrarch.verbs import VerbConversion, Untranslatable, convert_verbs, \
    translate_pattern

SHARED = Path(os.environ.get("EVENTWIRE_SHARED") or Path(__file__).resolve().parents[2] /
              "shared")
PETRARCH = SHARED / "reference" / "petrarch2"
needs_shared = pytest.mark.skipif(not (PETRARCH / "CAMEO.2.0.txt").exists(),
                                  reason="PETRARCH reference dictionaries not found "
                                  "(set EVENTWIRE_SHARED)")


# -- names and dates -----------------------------------------------------------------------------
def test_names_take_the_case_news_writes() -> None:
    assert "Park Geun-hye" in name_variants("PARK_GEUN-HYE")
    assert "The AU" in name_variants("THE_AU")  # a particle only inside a name ("au")
    assert name_variants("PRESIDENT_GEORGE_W._BUSH")[0] == "President George W. Bush"
    assert name_variants("PRINCE OF DOL AMROTH")[0] == "Prince of Dol Amroth"
    assert "UN Secretary General" in name_variants("UN_SECRETARY_GENERAL")
    assert "al-Qaeda" in name_variants("AL-QAEDA")
    # A three-letter name stays an acronym: "Who" or "Imf" would match ordinary words.
    assert name_variants("WHO") == ["WHO"]
    assert set(name_variants("IRAN")) == {"Iran", "IRAN"}
    assert name_variants("ARNOR_") == ["Arnor", "ARNOR"]
    assert name_variants("BAN_KI-MOON", acronyms=False) == ["Ban Ki-Moon", "Ban Ki-moon"]


def test_date_restrictions() -> None:
    assert parse_restriction("< 950601") == (None, "1995-06-01")
    assert parse_restriction(">20130225") == ("2013-02-25", None)
    assert parse_restriction("19950601 - 19990815") == ("1995-06-01", "1999-08-15")
    assert parse_restriction("320101-070723") == ("1932-01-01", "2007-07-23")
    assert parse_restriction("2004017-20061201") is None  # seven digits: unreadable


# -- actors ----------------------------------------------------------------------------------------
ACTORS = """\
<!-- a comment block
# spanning lines -->
GONDOR [GON]
+MINAS_TIRITH
+GONDORIAN
SAM_GAMGEE [HOB]  # default code, listed last
\t[HOBCIV <20080120]
\t[HOBGOV 20121109-20130119]
ISRAELI_TROOPS [ISRMIL]
UNITED_NATIONS [IGOUNO]
+U.N.
BOROMIR [---]
THE_SHIRE [FRO/BIL/SAM]
NAMELESS_ONE
"""


def _actors(text: str) -> tuple[ActorConversion, list[Issue]]:
    issues: list[Issue] = []
    out = ActorConversion()
    convert_actors(parse_actor_dictionary(text, "t.actors.txt", issues), "t.actors.txt",
                   issues, out)
    return out, issues


def test_actor_kinds_and_roles() -> None:
    out, issues = _actors(ACTORS)
    gon = out.countries["GON"]
    assert "Gondor" in gon["names"] and "Minas Tirith" in gon["names"]
    assert gon["adjectives"] == ["Gondorian"]
    sam = out.people["Sam Gamgee"]
    # Dated roles first, the undated default last: the dated role in force wins.
    assert sam["roles"] == [{"code": "HOBCIV", "start": None, "end": "2008-01-20"},
                            {"code": "HOBGOV", "start": "2012-11-09", "end": "2013-01-19"},
                            {"code": "HOB", "start": None, "end": None}]
    assert out.organisations["ISRMIL"]["country"] == "ISR"
    assert out.organisations["ISRMIL"]["sector"] == "MIL"
    assert out.organisations["IGOUNO"]["country"] is None
    assert "U.N." in out.organisations["IGOUNO"]["names"]
    reasons = {(i.line, i.status, i.reason.split(" ")[0]) for i in issues}
    assert (12, "skipped", "null") in reasons          # BOROMIR [---]
    assert (13, "untranslated", "several") in reasons  # FRO/BIL/SAM
    assert (14, "untranslated", "entry") in reasons    # no code at all


# -- agents ----------------------------------------------------------------------------------------
AGENTS = """\
!PERSON! = MAN, MEN, WOMAN
POLICE {} [ ~COP] # JON 2/8/95
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
CONGRESS!PERSON! [~LEG]
HUMAN_RIGHTS_BODY  [NGO~]
BROKEN_LINE
"""


def test_agents_by_sector() -> None:
    issues: list[Issue] = []
    out = AgentConversion()
    convert_agents(AGENTS, "t.agents.txt", issues, out)
    assert out.sectors["COP"]["nouns"] == ["police"]
    assert out.sectors["JUD"]["nouns"] == ["attorney general", "attorneys general"]
    assert out.sectors["LEG"]["nouns"] == ["congressman", "congressmen", "congresswoman"]
    assert out.sectors["NGO"]["nouns"] == ["human rights body"]
    assert [(i.line, i.status) for i in issues] == [(5, "approximated"), (6, "untranslated")]
    assert out.read == 5 and out.converted == 4


def test_discards_become_a_noise_domain() -> None:
    issues: list[Issue] = []
    out = DiscardConversion()
    convert_discards("MONTHS LATER\n+Manchester United  # club\nBASEBALL\n", "d.txt", issues,
                     out, "petrarch_discard_d")
    assert out.entries[0]["cues"] == ["months later", "manchester united", "baseball"]
    assert {i.status for i in issues} == {"approximated"}  # story level; one-cue rule


# -- verbs -----------------------------------------------------------------------------------------
VERBS = """\
&CURRENCY
# a comment line does not end the set
+DOLLAR
+RUPEE_

--- RESTORE  [---]  ---
RESTORE
RENEW {RENEWS RENEWING RENEWED}
- * DIPLOMATIC TIES  [064]
- * (WITH +) [---]
- * &CURRENCY (TO +) [071]
- * OUT VIEWS [010]
- * (TO BORDER) [154]
- &MILITARY * [154]
- * AID [062:062]
- * ARMS [:173]
- * % [030]
- * TIES [999]

--- CONTRIBUTE [070] ---
CONTRIBUTE
- * TO ATTEND [043]
~ a (a b ATTACK) SAY = a b 015
"""


def test_verb_patterns_translate_or_are_listed() -> None:
    issues: list[Issue] = []
    out = VerbConversion()
    convert_verbs(VERBS, "v.txt", issues, out)
    pats = {e["code"]: e["verbs"] for e in out.entries if "verbs" in e}
    assert pats["064"] == ["restore|renew +diplomatic_ties|diplomatic_tie"]
    assert pats["071"] == ["restore|renew +dollar|rupee to"]
    assert pats["010"] == ["restore|renew +views|view out"]
    assert pats["062"] == ["restore|renew +aid"]
    # The paired code's second half is kept for the PETRARCH-mode coder.
    assert next(e for e in out.entries if e["code"] == "062")["reverse"] == "062"
    assert "reverse" not in next(e for e in out.entries if e["code"] == "064")
    assert pats["070"] == ["contribute"] and pats["043"] == ["contribute >attend"]
    why = {i.line: (i.status, i.reason) for i in issues}
    assert why[10][0] == "skipped"                                  # [---]
    assert "noun inside a prepositional phrase" in why[13][1]
    assert "words before the verb" in why[14][1]
    assert why[15][0] == "approximated"                             # paired code
    assert "reverse-only" in why[16][1]
    assert "compound" in why[17][1]
    assert "not a CAMEO event code" in why[18][1]
    assert "transformation" in why[23][1]
    # Everything written is a pattern our own compiler accepts.
    idx = PatternIndex(_lexset("verbs", out.entries))
    assert "restore" in idx.verbs and "renew" in idx.verbs


def test_every_coded_pattern_keeps_a_word_order_form() -> None:
    """The PETRARCH-mode coder reads ``petrarch`` forms, untranslatable patterns included."""
    issues: list[Issue] = []
    out = VerbConversion()
    convert_verbs(VERBS, "v.txt", issues, out)
    forms = {f["pattern"]: f for e in out.entries for f in e.get("petrarch", [])}
    assert forms["* (TO BORDER)"]["after"] == [["to"], ["border"]]     # noun inside a PP
    assert "&MILITARY *" not in forms            # an unknown synonym set: listed, not kept
    assert forms["* &CURRENCY (TO +)"]["after"][0] == ["dollar", "rupee"]
    assert "* %" not in forms                      # % after the verb: nothing to match
    from eventwire.petrarch.linear import linear_form
    from eventwire.petrarch.verbs import _tokens
    f = linear_form("+ WAS * DEAD IN $", _tokens("+ WAS * DEAD IN $"), lambda w: [[w.lower()]])
    assert f == {"before": [["was"]], "after": [["dead"], ["in"]], "source_after": 2}
    f = linear_form("RECENTLY_*", _tokens("RECENTLY_*"), lambda w: [[w.lower()]])
    assert f is not None and f["adjacent"] == ["before"]


def test_prepositional_noun_is_not_taken_for_an_object() -> None:
    with pytest.raises(Untranslatable):
        translate_pattern("* ON RESOLUTION", {})
    assert translate_pattern("* OUT VIEWS", {}) == "+views|view out"
    assert translate_pattern("$ * (AGAINST +)", {}) == "against"


def _lexset(kind: str, entries: list[dict]):  # type: ignore[no-untyped-def]
    from eventwire.lexicon import Entry, LexiconSet

    lex = LexiconSet()
    lex.entries[kind] = [Entry(e, "mem", i + 1, True) for i, e in enumerate(entries)]
    return lex


def test_cli_import_writes_lexicons_and_report(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    (tmp_path / "t.actors.txt").write_text(ACTORS)
    (tmp_path / "t.verbs.txt").write_text(VERBS)
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["dict", "import", "--format", "petrarch",
                                   str(tmp_path / "t.actors.txt"), str(tmp_path / "t.verbs.txt"),
                                   "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["totals"]["read"] == 7 + 15  # entries; verb lines and patterns
    rows = (out / "untranslated.tsv").read_text().splitlines()
    assert rows[0].startswith("file\tline") and len(rows) - 1 == sum(
        summary["totals"][k] for k in ("untranslated", "approximated", "skipped"))
    lex = load_lexicons([out], include_ours=False)
    assert {e["code"] for e in lex["countries"]} == {"GON"}
    assert any(e["name"] == "Sam Gamgee" for e in lex["people"])


# -- the real dictionaries ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def validate_import(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("petr_validate")
    files = sorted(PETRARCH.glob("PETR.Validate.*.txt"))
    return import_petrarch(files, out), out


@needs_shared
def test_validate_dictionaries_convert_and_load(validate_import) -> None:  # type: ignore[no-untyped-def]
    report, out = validate_import
    counts = {f.file: (f.read, f.converted) for f in report.files}
    assert counts == {"PETR.Validate.actors.txt": (128, 124),
                      "PETR.Validate.agents.txt": (88, 88),
                      "PETR.Validate.discards.txt": (9, 9),
                      "PETR.Validate.verbs.txt": (744, 359)}
    lex = load_lexicons([out], include_ours=False)
    assert len(lex["countries"]) == 77 and len(lex["people"]) == 6
    assert len(lex["verbs"]) > 300


@needs_shared
def test_phoenix_and_cameo_convert_and_load(tmp_path: Path) -> None:
    files = [PETRARCH / f for f in ("Phoenix.Countries.actors.txt",
                                    "Phoenix.International.actors.txt",
                                    "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt",
                                    "Phoenix.discards.txt", "CAMEO.2.0.txt")]
    report = import_petrarch(files, tmp_path)
    by_file = {f.file: f for f in report.files}
    assert (by_file["Phoenix.Countries.actors.txt"].read,
            by_file["Phoenix.Countries.actors.txt"].converted) == (18390, 18350)
    assert by_file["Phoenix.Countries.actors.txt"].outputs == {
        "countries": 181, "organisations": 89, "people": 18028}
    assert by_file["Phoenix.agents.txt"].converted == 2243
    cameo = by_file["CAMEO.2.0.txt"]
    assert cameo.read == 6493 and cameo.converted >= 4300
    reasons = cameo.by_reason()
    assert reasons["skipped: null code [...]: PETRARCH uses it to block coding"] == 855
    # Nothing is dropped silently: every issue is a row of the report file.
    rows = (tmp_path / "untranslated.tsv").read_text(encoding="utf-8").splitlines()
    assert len(rows) - 1 == len(report.issues)
    lex = load_lexicons([tmp_path], include_ours=False)
    assert len(lex["people"]) == 18028 + 335 + 1
    assert len(lex["verbs"]) == cameo.outputs["verbs"]
    PatternIndex(lex)  # every pattern compiles


def test_excluded_roots_are_skipped_and_listed() -> None:
    issues: list[Issue] = []
    out = VerbConversion()
    convert_verbs("--- SAY [010] ---\nSAY\n- * THREAT [130]\n", "s.txt", issues, out,
                  exclude_roots=("01",))
    assert [e["code"] for e in out.entries] == ["130"]
    assert [(i.line, i.status) for i in issues] == [(2, "skipped")]
