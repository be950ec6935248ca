"""Wire-text clean-up: metadata and exact body of scraped stories (issue 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.ingest import read_articles, sample_path, split_wire
from eventwire.ingest.dates import parse_timestamp_line, parse_when, resolve_month_day
from eventwire.ingest.language import guess_language
from eventwire.ingest.wire import match_dateline
from eventwire.report import RunReport

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
KAESONG = SHARED / "kaesong-talks-2013.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _one(path: Path):
    report = RunReport(echo=False)
    articles = list(read_articles([path], report=report))
    assert report.failed == 0, report.failures
    assert len(articles) == 1
    return articles[0]


@pytest.mark.skipif(not KAESONG.exists(), reason="shared corpus not mounted")
def test_reference_article_metadata_and_exact_body():
    article = _one(KAESONG)
    assert article.title == "North, South Korea Hold Talks On Joint Industrial Zone"
    assert article.byline == "Jack Kim"
    assert article.dateline_place == "Seoul"
    assert article.agency == "Reuters"
    assert article.published == "2013-07-06T09:16:00-04:00"  # ET in July is EDT
    assert article.updated == "2013-09-05"
    assert article.date_source == "timestamp"
    assert article.language == "en"
    assert article.body.startswith("North and South Korean officials held talks")
    assert article.body.endswith("make concessions to achieve superficial progress.")
    assert "World Heritage" not in article.body
    assert "Editing by" not in article.body and "Additional reporting" not in article.body
    assert "(Reuters)" not in article.body and "Jack Kim" not in article.body
    # Exactly the file's text from the first to the last body words, paragraphs kept.
    raw = KAESONG.read_text(encoding="utf-8")
    start = raw.index("North and South Korean officials held talks")
    end = raw.index("superficial progress.") + len("superficial progress.")
    expected = "\n\n".join(p.strip() for p in raw[start:end].split("\n\n") if p.strip())
    assert article.body == expected


@pytest.mark.skipif(not KAESONG.exists(), reason="shared corpus not mounted")
def test_reference_credits_are_split_out():
    parts = split_wire(KAESONG.read_text(encoding="utf-8"))
    assert parts.credits == [
        "Additional reporting by Jane Chung and Reuters TV; Editing by Sanjeev Miglani"]
    assert "North Korea's World Heritage Sites" in parts.dropped


def test_sample_article_is_our_own_wire_story():
    article = _one(sample_path())
    assert "Kaesong" not in article.body
    assert article.dateline_place == "Kuala Lumpur"
    assert article.agency == "Meridian News"
    assert article.byline == "Nadia Rahman"
    assert article.published == "2024-03-14T06:42:00-04:00"
    assert article.updated == "2024-03-15"
    assert article.body.count("\n\n") == 7  # eight paragraphs
    assert article.body.endswith("would return to Kuala Lumpur next month.")
    assert "Photo Journey" not in article.body and "Editing by" not in article.body


@pytest.mark.parametrize("line, place, agency, month, day", [
    ("SEOUL, July 6 (Reuters) - North Korea said", "SEOUL", "Reuters", "July", "6"),
    ("WASHINGTON (AP) — The Senate voted", "WASHINGTON", "AP", None, None),
    ("LONDON, March 3 (AFP) - Britain said", "LONDON", "AFP", "March", "3"),
    ("NEW DELHI: The government said", "NEW DELHI", None, None, None),
    ("SAN FRANCISCO, Calif., Jan. 5 (Reuters) - Police said", "SAN FRANCISCO", "Reuters",
     "Jan.", "5"),
    ("BRISBANE, Australia (AP) — While the team", "BRISBANE", "AP", None, None),
])
def test_dateline_forms(line, place, agency, month, day):
    m = match_dateline(line)
    assert m is not None
    assert (m.group("place"), m.group("agency"), m.group("month"), m.group("day")) == \
        (place, agency, month, day)


@pytest.mark.parametrize("line", [
    "UPDATE: talks will resume on Monday, officials said.",
    "BREAKING: A strong earthquake hit the coast.",
    "North Korea said on Saturday it would attend.",
    "The UN said - in a statement - that it was worried.",
])
def test_not_datelines(line):
    assert match_dateline(line) is None


def test_ap_story_furniture_and_timestamp():
    article = _one(FIXTURES / "wire-ap.txt")
    assert article.title == "Ukraine Rejects Ultimatum As Troops Gather"
    assert (article.dateline_place, article.agency) == ("Washington", "AP")
    assert article.published == "2014-03-03T22:02:00-05:00"  # EST in March 3
    assert article.body.endswith("a joint response to the crisis.")
    for chrome in ("Share this", "Read more", "Copyright"):
        assert chrome not in article.body


def test_colon_dateline_and_standalone_credit_line():
    article = _one(FIXTURES / "colon-dateline.txt")
    assert article.dateline_place == "New Delhi"
    assert article.body.startswith("The Election Commission on Tuesday")
    assert article.body.endswith("against the decision.")
    assert article.date_source == "file"  # nothing else dates it


def test_timestamp_lines():
    assert parse_timestamp_line("07/06/2013 09:16 am ET Updated Sep 05, 2013") == \
        ("2013-07-06T09:16:00-04:00", "2013-09-05")
    assert parse_timestamp_line("Published: March 3, 2014 10:02 PM EST") == \
        ("2014-03-03T22:02:00-05:00", None)
    assert parse_timestamp_line("Talks on July 6, 2013 ended without a deal") is None
    assert parse_timestamp_line("North, South Korea Hold Talks") is None


def test_parse_when_forms():
    assert parse_when("2013-07-06T09:16:00Z") == "2013-07-06T09:16:00+00:00"
    assert parse_when("2013-07-06") == "2013-07-06"
    assert parse_when("Monday, 12 January 2015") == "2015-01-12"
    assert parse_when("25/12/2015") == "2015-12-25"  # first number cannot be a month
    assert parse_when("yesterday") is None
    assert parse_when("not a date 42") is None


def test_dateline_year_comes_from_context():
    import datetime as dt

    assert resolve_month_day("July", 6, dt.date(2013, 9, 5)) == "2013-07-06"
    assert resolve_month_day("Dec", 31, dt.date(2014, 1, 2)) == "2013-12-31"
    assert resolve_month_day("July", 6, None) is None


def test_dateline_date_used_when_no_timestamp(tmp_path):
    import os

    path = tmp_path / "story.txt"
    path.write_text("Talks Resume\n\nCAIRO, Nov 3 (Reuters) - Egypt and Ethiopia resumed "
                    "talks on the dam on Sunday, officials said.\n", encoding="utf-8")
    stamp = 1388707200  # 2014-01-03: a November dateline belongs to the year before
    os.utime(path, (stamp, stamp))
    article = _one(path)
    assert (article.published, article.date_source) == ("2013-11-03", "dateline")


def test_flat_scrape_drops_headline_lists_and_promos():
    text = ("The election commission rejected the opposition's demand on Tuesday, saying the "
            "revision of voter rolls would go ahead as planned.   Why markets fell: five "
            "charts to watch? Budget 2026: what changes for you? Stock picks of the week: "
            "top 5 ideas... PM visits Gujarat: inaugurates new bridge... Is gold still a "
            "hedge? Opinion: Can the rupee recover? Top Searched Companies Top Calculators "
            "Follow us on: Find this comment offensive? Stories you might be interested in")
    parts = split_wire(text)
    assert parts.body == ("The election commission rejected the opposition's demand on "
                          "Tuesday, saying the revision of voter rolls would go ahead as "
                          "planned.")


def test_tail_promo_sentences_are_trimmed():
    text = ("Officials from both countries met in Doha on Monday to discuss a prisoner "
            "exchange, according to a statement. The talks will continue next week. Please "
            "subscribe to our newsletter for more stories. Thank you.")
    assert split_wire(text).body.endswith("The talks will continue next week.")


def test_hard_wrapped_paragraphs_are_joined():
    text = ("Ministers from both sides met on Monday in Geneva for a first round of talks\n"
            "on the dispute, the foreign ministry said in a statement issued late in the\n"
            "evening.\n\nThey agreed to meet again in a month.\n")
    body = split_wire(text).body
    assert body.split("\n\n")[0].endswith("issued late in the evening.")
    assert body.count("\n\n") == 1


@pytest.mark.parametrize("text, lang", [
    ("The minister said the government would hold talks with the rebels on Monday.", "en"),
    ("El gobierno de los Estados Unidos dijo que las conversaciones con la oposición "
     "continuarán en la capital del país.", "es"),
    ("Министр иностранных дел заявил, что переговоры продолжатся.", "ru"),
    ("", "en"),
])
def test_language_guess(text, lang):
    assert guess_language(text) == lang


def test_mojibake_is_repaired_and_latin1_left_alone():
    from eventwire.ingest.wire import normalise_text

    assert normalise_text("Desai\xe2\x80\x99s \xe2\x80\x98Coolie\xe2\x80\x99") == \
        "Desai’s ‘Coolie’"
    assert normalise_text("café naïve") == "café naïve"


def test_whole_article_glued_into_one_block_is_not_a_headline_list():
    labels = "Topic: World Politics Sport: Cricket? Watch: Highlights? Photo: Getty Images: "
    story = " ".join(
        f"The minister said on day {i} that the talks with the neighbouring country would "
        f"continue next week in the capital." for i in range(12))
    body = split_wire(labels * 3 + story).body
    assert "The minister said on day 11" in body
