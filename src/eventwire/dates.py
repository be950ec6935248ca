"""Event dates: resolve the time expression attached to an event against the article date.

News dates events relative to the story ("on Saturday", "in April", "last month"), so an
event's date is the article date moved by the expression in the event's own clause, with
the granularity the expression supports: "in April" is a month, not April 1st. Explicit
dates go through dateparser; the relative forms wire copy uses are resolved here, because
their meaning depends on tense (a future "on Monday" is the next Monday, a past one the last).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from eventwire.models import EventDate

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
            r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("md_y", re.compile(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)),
    ("dm_y", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+(\d{{4}})\b", re.I)),
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("md", re.compile(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)),
    ("dm", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}\b", re.I)),
    ("m_y", re.compile(rf"\b{_MONTH_RE},?\s+(\d{{4}})\b", re.I)),
    ("month", re.compile(rf"\b(?:in|during|since|until|by|early|late|mid-?|last|this|next)\s+"
                         rf"(?:early\s+|late\s+|mid-?)?{_MONTH_RE}\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+|this\s+|next\s+|late\s+|early\s+)?"
                           r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
                           re.I)),
    ("season", re.compile(r"\b(?:(last|this|next)\s+(spring|summer|autumn|fall|winter)|"
                          r"(?:in|during)\s+the\s+(spring|summer|autumn|winter)"
                          r"(?:\s+of\s+((?:19|20)\d{2}))?)\b", re.I)),
    ("weekend", re.compile(r"\b(?:at|over|during|on|this|last|next)\s+(?:the\s+)?weekend\b",
                           re.I)),
    ("rel", re.compile(r"\b(yesterday|today|tonight|this morning|this afternoon|this evening|"
                       r"last night|tomorrow|last week|this week|next week|last month|"
                       r"this month|next month|last year|this year|next year|(?:earlier|later) "
                       r"(?:this|in the) (?:week|month|year)|"
                       r"(?:a|one|two|three|four|five|six|\d+) (?:days?|weeks?|months?|years?) "
                       r"(?:ago|earlier|later))\b", re.I)),
    # "in the 1990s", "since the late 1980s": a decade, dated by its first year (granularity
    # "decade"); "the (late) 1990s" with no preposition is not taken (a topic, not a time).
    ("decade", re.compile(r"\b(?:in|since|during|by|until|through|throughout|from)\s+the\s+"
                          r"(?:(?:early|late|mid-?)\s*)?((?:1[89]|20)\d0)'?s\b", re.I)),
    ("year", re.compile(r"\b(?:(?:in|since|during|by|until|of)\s+(?:(?:early|late|mid-?)\s*)?|"
                        r"(?:early|late|mid-?)\s*)((?:19|20)\d{2})\b", re.I)),
]
#: Months of each season (northern hemisphere, as wire copy means them); winter is
#: dated by the year of its January.
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
           "winter": (1, 2)}
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _month_shift(d: date, months: int) -> tuple[int, int]:
    m = d.month - 1 + months
    return d.year + m // 12, m % 12 + 1


@lru_cache(maxsize=4096)
def find_expressions(text: str) -> tuple[tuple[int, int, str], ...]:
    """Time expressions in ``text`` as (start, end, kind), earliest first, non-overlapping."""
    found: list[tuple[int, int, str]] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            found.append((m.start(), m.end(), kind))
    return tuple(sorted(found))


def resolve_expression(expr: str, kind: str, ref: date, future: bool = False) -> EventDate:
    """The date an expression denotes, read from an article dated ``ref``."""
    low = expr.lower().strip()
    rx = dict(_PATTERNS)[kind]
    m = rx.search(expr)
    assert m is not None
    if kind == "md_y":
        mo, d, y = MONTHS[_month_key(m.group(1))], int(m.group(2)), int(m.group(3))
        return _day(y, mo, d, expr)
    if kind == "dm_y":
        d, mo, y = int(m.group(1)), MONTHS[_month_key(m.group(2))], int(m.group(3))
        return _day(y, mo, d, expr)
    if kind == "iso":
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)), expr)
    if kind in ("md", "dm"):
        if kind == "md":
            mo, d = MONTHS[_month_key(m.group(1))], int(m.group(2))
        else:
            d, mo = int(m.group(1)), MONTHS[_month_key(m.group(2))]
        y = _year_for_month(ref, mo, future, day=d)
        return _day(y, mo, d, expr)
    if kind == "m_y":
        mo, y = MONTHS[_month_key(m.group(1))], int(m.group(2))
        return EventDate(f"{y:04d}-{mo:02d}", "month", expr)
    if kind == "month":
        mo = MONTHS[_month_key(m.group(1))]
        if low.startswith("last "):
            y = ref.year - 1 if mo >= ref.month else ref.year
        elif low.startswith("next "):
            y = ref.year + 1 if mo <= ref.month else ref.year
        elif low.startswith("this "):
            y = ref.year
        else:
            y = _year_for_month(ref, mo, future)
        return EventDate(f"{y:04d}-{mo:02d}", "month", expr)
    if kind == "weekday":
        wd = WEEKDAYS[m.group(1).lower()]
        delta = (ref.weekday() - wd) % 7
        if low.startswith("next ") or (future and not low.startswith("last ")):
            fwd = (wd - ref.weekday()) % 7 or (7 if low.startswith("next ") else 0)
            d = ref + timedelta(days=fwd)
        elif low.startswith("last ") and delta == 0:
            d = ref - timedelta(days=7)
        else:
            d = ref - timedelta(days=delta)
        return EventDate(d.isoformat(), "day", expr)
    if kind == "rel":
        return _relative(low.replace(" in the ", " this "), ref, expr)
    if kind == "season":
        return _season(m, ref, expr, future)
    if kind == "weekend":
        return _weekend(low, ref, expr, future)
    if kind == "year":
        return EventDate(m.group(1), "year", expr)
    if kind == "decade":
        return EventDate(m.group(1), "decade", expr)
    return EventDate(ref.isoformat(), "day", None)


def _month_key(name: str) -> str:
    key = name.lower().rstrip(".")
    if key in MONTHS:
        return key
    return key[:3]


def _day(y: int, mo: int, d: int, expr: str) -> EventDate:
    try:
        return EventDate(date(y, mo, d).isoformat(), "day", expr)
    except ValueError:
        return EventDate(f"{y:04d}-{mo:02d}", "month", expr)


def _year_for_month(ref: date, month: int, future: bool, day: int = 1) -> int:
    """The year of a bare month: the latest one not after the article (or next, if future)."""
    if future:
        return ref.year if (month, day) >= (ref.month, ref.day) else ref.year + 1
    return ref.year if (month, day) <= (ref.month, max(day, ref.day) if month == ref.month
                                         else ref.day) else ref.year - 1


def _relative(low: str, ref: date, expr: str) -> EventDate:
    if low in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return EventDate(ref.isoformat(), "day", expr)
    if low in ("yesterday", "last night"):
        return EventDate((ref - timedelta(days=1)).isoformat(), "day", expr)
    if low == "tomorrow":
        return EventDate((ref + timedelta(days=1)).isoformat(), "day", expr)
    if low in ("last week",):
        return EventDate((ref - timedelta(days=7)).isoformat(), "day", expr)
    if low in ("next week",):
        return EventDate((ref + timedelta(days=7)).isoformat(), "day", expr)
    if low in ("this week", "earlier this week", "later this week"):
        return EventDate(ref.isoformat(), "day", expr)
    if low == "last month":
        y, m = _month_shift(ref, -1)
        return EventDate(f"{y:04d}-{m:02d}", "month", expr)
    if low == "next month":
        y, m = _month_shift(ref, 1)
        return EventDate(f"{y:04d}-{m:02d}", "month", expr)
    if low in ("this month", "earlier this month", "later this month"):
        return EventDate(f"{ref.year:04d}-{ref.month:02d}", "month", expr)
    if low == "last year":
        return EventDate(str(ref.year - 1), "year", expr)
    if low == "next year":
        return EventDate(str(ref.year + 1), "year", expr)
    if low in ("this year", "earlier this year", "later this year"):
        return EventDate(str(ref.year), "year", expr)
    m = re.match(r"(a|one|two|three|four|five|six|\d+) (day|week|month|year)s? (ago|earlier|"
                 r"later)", low)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        sign = 1 if m.group(3) == "later" else -1
        unit = m.group(2)
        if unit == "day":
            return EventDate((ref + timedelta(days=sign * n)).isoformat(), "day", expr)
        if unit == "week":
            return EventDate((ref + timedelta(days=sign * 7 * n)).isoformat(), "day", expr)
        if unit == "month":
            y, mo = _month_shift(ref, sign * n)
            return EventDate(f"{y:04d}-{mo:02d}", "month", expr)
        return EventDate(str(ref.year + sign * n), "year", expr)
    return EventDate(ref.isoformat(), "day", None)


def _season(m: re.Match[str], ref: date, expr: str, future: bool) -> EventDate:
    """A season is dated by its year: the one the text points to from the article date."""
    which = (m.group(1) or "").lower()
    name = (m.group(2) or m.group(3)).lower()
    if m.group(4):
        return EventDate(m.group(4), "year", expr)
    first, last = SEASONS[name]
    if which == "this":
        year = ref.year + (1 if name == "winter" and ref.month == 12 else 0)
    elif which == "next" or (not which and future):
        year = ref.year if ref.month < first else ref.year + 1
    elif which == "last":  # the latest one that is over
        year = ref.year if ref.month > last else ref.year - 1
    else:  # "in the summer", past: the latest one that has begun
        year = ref.year if ref.month >= first else ref.year - 1
    if name == "winter" and ref.month == 12 and which in ("", "last"):
        year = ref.year  # December belongs to the coming winter: the last one began in January
    return EventDate(str(year), "year", expr)


def _weekend(low: str, ref: date, expr: str, future: bool) -> EventDate:
    """A weekend is dated by its Saturday: the latest one, or the coming one if future."""
    if low.startswith("next") or (future and not low.startswith("last")):
        return EventDate((ref + timedelta(days=(5 - ref.weekday()) % 7)).isoformat(), "day",
                         expr)
    back = (ref.weekday() - 5) % 7
    if low.startswith("last") and ref.weekday() >= 5:
        back += 7  # said on a weekend, "last weekend" is the one before
    return EventDate((ref - timedelta(days=back)).isoformat(), "day", expr)


def number_word(word: str) -> int | None:
    """ "a", "two", "3" -> the count they say (for "two days after"), else None."""
    low = word.lower()
    return int(low) if low.isdigit() else _NUMBERS.get(low)


def shifted(anchor: EventDate, days: int, expr: str) -> EventDate:
    """``anchor`` moved by ``days``: exact for a day, the anchor itself when coarser (a day
    before "in April" is still April, as far as the text tells)."""
    if anchor.granularity != "day" or not anchor.value:
        return EventDate(anchor.value, anchor.granularity, expr)
    moved = date.fromisoformat(anchor.value) + timedelta(days=days)
    return EventDate(moved.isoformat(), "day", expr)


def parse_reference(value: str | None) -> date | None:
    """The article date as a ``date`` (accepts ``YYYY-MM-DD`` with or without a time)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def article_default(ref: date | None) -> EventDate:
    return EventDate(ref.isoformat() if ref else None, "day", None)
