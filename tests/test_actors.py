"""Actor resolution: states, sectors, organisations, people, compounds, coreference, traps."""

from __future__ import annotations

import pytest

from eventwire.models import Article


def _mentions(coder, text: str, day: str = "2013-07-06", dateline: str | None = None):
    art = Article(article_id="t", body=text, published=day, dateline_place=dateline)
    return coder.code_article(art).mentions


def _codes(ms) -> list[tuple[str, str]]:
    return [(m.text, m.code) for m in ms]


@pytest.mark.parametrize("text,span,code", [
    ("South Korean officials met on Monday.", "South Korean officials", "KORGOV"),
    ("Israeli troops entered the town.", "Israeli troops", "ISRMIL"),
    ("Indian police detained 20 people.", "Indian police", "INDCOP"),
    ("Nigerian protesters marched on Friday.", "Nigerian protesters", "NGACVL"),
    ("Seoul said the talks would go on.", "Seoul", "KORGOV"),
    ("The Kremlin rejected the offer.", "The Kremlin", "RUSGOV"),
    ("The United Nations condemned the attack.", "The United Nations", "IGOUNO"),
    ("Britain and the U.S. issued a statement.", "Britain", "GBR"),
])
def test_single_mentions(coder, text, span, code):
    got = _codes(_mentions(coder, text))
    assert any(t == span and c.startswith(code) for t, c in got), got


def test_compound_gives_one_mention_per_actor(coder):
    ms = _mentions(coder, "North and South Korean officials held talks on Saturday.")
    assert {m.code for m in ms if m.text == "North and South Korean officials"} == \
        {"PRKGOV", "KORGOV"}


def test_person_role_depends_on_date(coder):
    ms = _mentions(coder, "President Park Geun-hye spoke in Seoul.", day="2013-07-06")
    assert any(m.code == "KORGOV" and m.kind == "person" for m in ms), _codes(ms)


def test_unknown_person_with_role_and_nationality(coder):
    ms = _mentions(coder, "Kenyan police spokesman John Otieno said three were held. "
                          "Otieno gave no names.")
    assert [m.code for m in ms if "Otieno" in m.text] == ["KENCOP", "KENCOP"], _codes(ms)


def test_divided_state_and_pronouns(coder):
    ms = _mentions(coder, "North Korea fired a missile. The North said it would test more. "
                          "South Korea condemned the launch.")
    assert ("The North", "PRK") in _codes(ms)
    it = [m for m in ms if m.text == "it"]
    assert it and it[0].code == "PRK" and it[0].resolved_by == "coreference"


def test_places_and_teams_are_not_actors(coder):
    assert not [m for m in _mentions(coder, "Brazil beat Argentina 2-0 in the World Cup final.")
                if m.kind == "state"]
    ms = _mentions(coder, "Suh told reporters in Seoul before the talks.")
    assert "Seoul" not in [m.text for m in ms]


def test_user_dictionary_adds_an_actor(tmp_path):
    from eventwire.coder import Coder

    p = tmp_path / "mine.yaml"
    p.write_text("kind: organisations\nentries:\n"
                 "  - {code: NGOXYZ, names: [Friends of Zorbia], sector: NGO}\n")
    c = Coder(dicts=[str(p)])
    art = Article(article_id="u", body="Friends of Zorbia criticised the plan.",
                  published="2020-01-01")
    assert "NGOXYZ" in [m.code for m in c.code_article(art).mentions]


def test_malformed_user_dictionary_names_file_and_line(tmp_path):
    from eventwire.lexicon import LexiconError, load_lexicons

    p = tmp_path / "bad.yaml"
    p.write_text("kind: people\nentries:\n  - {name: Nobody}\n")
    with pytest.raises(LexiconError) as exc:
        load_lexicons([str(p)])
    assert "bad.yaml:3" in str(exc.value) and "roles" in str(exc.value)
