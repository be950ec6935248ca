"""Checks on the people lexicon (src/eventwire/data/lexicons/people/*.yaml)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter, defaultdict

import pycountry
import pytest

from eventwire.lexicon import load_lexicons

HISTORIC = {"SUN", "YUG", "DDR", "CSK"}
G20 = "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA".split()
HEAD_TITLES = {
    "President", "Acting President", "Interim President", "Prime Minister",
    "Acting Prime Minister", "Premier", "Chancellor", "King", "Queen", "Emperor",
    "Supreme Leader", "Emir", "Sultan", "General Secretary", "Head of State", "Acting Premier",
    "State President", "Acting State President",
}
#: Predecessor states whose leaders count for a G20 member before it existed as such.
PREDECESSORS = {"RUS": ("SUN",)}


def _date(value, end: bool) -> dt.date | None:
    """An ISO date of any precision as a day: the first day for a start, the last for an end."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        y, mo = int(m[1]), int(m[2])
        return dt.date(y, mo, calendar.monthrange(y, mo)[1] if end else 1)
    return dt.date.fromisoformat(text)


TODAY = dt.date.today()


@pytest.fixture(scope="module")
def people():
    return load_lexicons()["people"]


def _span(role) -> tuple[dt.date, dt.date]:
    return _date(role["start"], False), _date(role.get("end"), True) or TODAY


def test_enough_people(people):
    assert len(people) >= 1000


def test_names_unique(people):
    counts = Counter(e["name"] for e in people)
    assert not sorted(n for n, k in counts.items() if k > 1)


def test_role_codes_and_dates(people):
    valid = {c.alpha_3 for c in pycountry.countries} | HISTORIC
    bad = []
    for e in people:
        assert e.list("roles"), e["name"]
        for role in e["roles"]:
            code = str(role.get("code", ""))
            where = f'{e.path}:{e.line} {e["name"]}'
            if not re.fullmatch(r"[A-Z]{6}[A-Z]*", code) or not (
                code[:3] in valid or code[:3] in {"IGO", "NGO"}
            ):
                bad.append(f"{where}: code {code!r}")
            if not role.get("title"):
                bad.append(f"{where}: no title")
            if "start" not in role or "end" not in role:
                bad.append(f"{where}: start and end are required")
                continue
            try:
                start, end = _span(role)
            except (TypeError, ValueError) as exc:
                bad.append(f"{where}: bad date {exc}")
                continue
            if start > end:
                bad.append(f"{where}: start {start} after end {end}")
    assert not bad, "\n".join(bad)


def _covered(people, code_ok, title_ok, first: dt.date, last: dt.date, max_gap: int = 45):
    """Gaps longer than ``max_gap`` days in the union of matching roles between first and last.

    Stricter than "some role in each year": a missing office-holder shows up as a gap even when
    the year is partly covered; short interregna (caretakers we leave out) are tolerated.
    """
    spans = sorted(
        _span(r) for e in people for r in e["roles"] if code_ok(r["code"]) and title_ok(r["title"])
    )
    gaps, reach = [], first
    for start, end in spans:
        if start > reach and (start - reach).days > max_gap and reach < last:
            gaps.append((reach, min(start, last)))
        reach = max(reach, end)
    if reach < last and (last - reach).days > max_gap:
        gaps.append((reach, last))
    return gaps


@pytest.mark.parametrize("iso", G20)
def test_g20_heads_every_year(people, iso):
    gaps = _covered(
        people,
        lambda c: c in {f"{p}GOV" for p in (iso, *PREDECESSORS.get(iso, ()))},
        lambda t: t in HEAD_TITLES,
        dt.date(1979, 1, 1), dt.date(2024, 12, 31),
    )
    assert not gaps, f"{iso}: no head of state/government in {gaps}"


def test_eu_commission_presidents(people):
    titles = ("President of the European Commission", "Acting President of the European Commission")
    gaps = _covered(
        people, lambda c: c == "IGOEUR", lambda t: t in titles,
        dt.date(1979, 1, 1), dt.date(2024, 12, 31),
    )
    assert not gaps


@pytest.mark.parametrize("iso,title", [
    ("USA", "Secretary of State"), ("USA", "Secretary of Defense"),
    ("GBR", "Foreign Secretary"), ("GBR", "Defence Secretary"),
    ("RUS", "Foreign Minister"), ("CHN", "Foreign Minister"), ("FRA", "Foreign Minister"),
    ("DEU", "Foreign Minister"), ("JPN", "Foreign Minister"), ("IND", "External Affairs Minister"),
])
def test_key_ministers_every_year(people, iso, title):
    start = dt.date(1992, 1, 1) if iso == "RUS" else dt.date(1979, 1, 1)
    gaps = _covered(people, lambda c: c == f"{iso}GOV", lambda t: t in (title, f"Acting {title}"),
                    start, dt.date(2024, 6, 30), max_gap=100)
    assert not gaps, f"{iso} {title}: gaps {gaps}"


def _role_on(people, name, day):
    person = next(e for e in people if e["name"] == name)
    return [r for r in person["roles"] if _span(r)[0] <= day <= _span(r)[1]]


def test_park_geun_hye_2013(people):
    roles = _role_on(people, "Park Geun-hye", dt.date(2013, 7, 6))
    assert [r["code"] for r in roles] == ["KORGOV"]


def test_suh_ho(people):
    assert any(r["code"] == "KORGOV" for r in _role_on(people, "Suh Ho", dt.date(2013, 7, 6)))


def test_no_ambiguous_alias(people):
    """A form (name or alias) may not point at two people who are active at the same time."""
    by_form = defaultdict(list)
    for e in people:
        for form in {e["name"], *e.list("aliases")}:
            by_form[form].append(e)
    clashes = []
    for form, holders in by_form.items():
        for i, a in enumerate(holders):
            for b in holders[i + 1:]:
                if a is b:
                    continue
                for ra in a["roles"]:
                    for rb in b["roles"]:
                        (sa, ea), (sb, eb) = _span(ra), _span(rb)
                        if sa < eb and sb < ea:
                            clashes.append(f'{form!r}: {a["name"]} / {b["name"]}')
                            break
                    else:
                        continue
                    break
    assert not clashes, "\n".join(sorted(set(clashes)))


def test_alias_hygiene(people):
    bad = [f'{e["name"]}: {a!r}' for e in people for a in e.list("aliases")
           if a != a.strip() or len(a) < 2]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name,day,code,title", [
    ("Xi Jinping", "2015-06-01", "CHNGOV", "President"),
    ("Vladimir Putin", "2000-03-01", "RUSGOV", "Acting President"),
    ("Vladimir Putin", "2010-03-01", "RUSGOV", "Prime Minister"),
    ("Mahmoud Abbas", "2010-03-01", "PSEGOV", "President"),
    ("Min Aung Hlaing", "2022-03-01", "MMRGOV", "Chairman of the State Administration Council"),
    ("Pervez Musharraf", "2003-03-01", "PAKGOV", "President"),
    ("Benjamin Netanyahu", "2022-01-01", "ISROPP", "Opposition Leader"),
    ("Luiz Inácio Lula da Silva", "2024-01-01", "BRAGOV", "President"),
])
def test_first_role_in_force(people, name, day, code, title):
    """The actor stage takes the first listed role in force, so the senior office comes first."""
    roles = _role_on(people, name, dt.date.fromisoformat(day))
    assert roles and (roles[0]["code"], roles[0]["title"]) == (code, title)


def test_igo_codes_are_known_organisations(people):
    """IGO/NGO role codes are those of the organisations lexicon, so mentions of a person and
    of the body they speak for get the same actor code."""
    orgs = {str(e["code"]) for e in load_lexicons()["organisations"]}
    if not orgs:
        pytest.skip("no organisations lexicon")
    unknown = sorted({
        f'{r["code"]} ({e["name"]})' for e in people for r in e["roles"]
        if str(r["code"])[:3] in {"IGO", "NGO"} and str(r["code"]) not in orgs
    })
    assert not unknown, "\n".join(unknown)
