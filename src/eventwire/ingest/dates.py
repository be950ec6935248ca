"""Dates as news pages print them, turned into ISO 8601 strings.

Scraped pages state dates in many ways ("07/06/2013 09:16 am ET", "Sep 05, 2013",
"2013-07-06T09:16:00Z", "July 6" in a dateline). We keep what the source actually gave: a
date-time with its UTC offset when it had a time and a zone, a bare date-time when it had a
time but no zone, a plain date otherwise, so that no precision is invented. US zone
abbreviations are resolved through the IANA database, so "ET" in July is EDT (-04:00).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

#: Zone abbreviations seen on news pages -> IANA zone (DST is then the database's business).
ZONES: dict[str, str] = {
    "ET": "America/New_York", "EST": "America/New_York", "EDT": "America/New_York",
    "CT": "America/Chicago", "CST": "America/Chicago", "CDT": "America/Chicago",
    "MT": "America/Denver", "MST": "America/Denver", "MDT": "America/Denver",
    "PT": "America/Los_Angeles", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "GMT": "UTC", "UTC": "UTC", "Z": "UTC", "BST": "Europe/London",
    "CET": "Europe/Paris", "CEST": "Europe/Paris", "IST": "Asia/Kolkata",
    "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney", "HKT": "Asia/Hong_Kong", "SGT": "Asia/Singapore",
}

#: Languages dateparser tries; detecting among all of its locales costs seconds per string.
DATE_LANGUAGES = ["en", "es", "fr", "de", "pt"]

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_RE = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
             r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
MONTH_DAY = re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
                       rf"(?:,?\s+(?P<year>\d{{4}}))?\b", re.I)

_TIME = re.compile(r"\b(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?\s*"
                   r"(?P<ampm>[ap]\.?\s?m\.?)?(?![\w])", re.I)
_NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\b")
_ISO = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?"
                  r"\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$")
_ZONE_TOKEN = re.compile(r"\b(" + "|".join(sorted(ZONES, key=len, reverse=True)) + r")\b")

#: Words allowed on a time-stamp line besides dates, times and zones.
_STAMP_WORDS = re.compile(
    r"\b(?:published|posted|first|last|updated?|modified|on|at|am|pm|a\.m\.|p\.m\.|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|" + "|".join(MONTHS) + r"|"
    + "|".join(z.lower() for z in ZONES) + r")\b\.?", re.I)
_UPDATED_SPLIT = re.compile(r"\b(?:last\s+)?(?:updated|modified)\b\s*:?", re.I)


def _month_number(name: str) -> int:
    return MONTHS.index(next(m for m in MONTHS if m.startswith(name.lower().rstrip(".")[:3])))\
        + 1


def _zone_of(text: str) -> ZoneInfo | None:
    m = _ZONE_TOKEN.search(text)
    return ZoneInfo(ZONES[m.group(1)]) if m else None


def _iso(d: dt.date | dt.datetime) -> str:
    if isinstance(d, dt.datetime):
        return d.isoformat(timespec="seconds")
    return d.isoformat()


@lru_cache(maxsize=4096)
def parse_when(text: str, *, dayfirst: bool = False) -> str | None:
    """One date (with optional time and zone) in ``text`` as ISO 8601, or None.

    Numeric dates are read month-first (the US sites whose time-stamp lines we meet) unless
    the first number cannot be a month or ``dayfirst`` is set.
    """
    text = text.strip()
    if not text or len(text) > 200 or not re.search(r"\d", text):
        return None  # no digit: relative words ("yesterday") mean nothing without a base
    m = _ISO.match(text)
    if m:
        try:
            if not m.group(2):
                return dt.date.fromisoformat(m.group(1)).isoformat()
            stamp = dt.datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}{m.group(4) or ''}"
                                              .replace("Z", "+00:00"))
            return _iso(stamp)
        except ValueError:
            return None
    date: dt.date | None = None
    nm = _NUMERIC_DATE.search(text)
    try:
        if nm:
            a, b, y = int(nm.group("a")), int(nm.group("b")), int(nm.group("y"))
            month, day = (b, a) if (dayfirst or a > 12) else (a, b)
            date = dt.date(y, month, day)
        else:
            md = MONTH_DAY.search(text)
            if md and md.group("year"):
                date = dt.date(int(md.group("year")), _month_number(md.group("month")),
                               int(md.group("day")))
    except (ValueError, StopIteration):
        date = None
    if date is None:
        date = _dateparser(_ZONE_TOKEN.sub(" ", text), dayfirst)
        if date is None:
            return None
    rest = text[nm.end():] if nm else text
    tm = _TIME.search(rest)
    if not tm:
        return date.isoformat()
    hour, minute, second = int(tm.group("h")), int(tm.group("m")), int(tm.group("s") or 0)
    ampm = (tm.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        stamp = dt.datetime(date.year, date.month, date.day, hour, minute, second)
    except ValueError:
        return date.isoformat()
    zone = _zone_of(rest[tm.end():]) or _zone_of(text)
    if zone is not None:
        stamp = stamp.replace(tzinfo=zone)
    return _iso(stamp)


def _dateparser(text: str, dayfirst: bool) -> dt.date | None:
    import dateparser  # slow to import; only messy strings need it

    settings = {"DATE_ORDER": "DMY" if dayfirst else "MDY", "PREFER_DAY_OF_MONTH": "first",
                "REQUIRE_PARTS": ["day", "month", "year"]}
    try:
        parsed = dateparser.parse(text, languages=DATE_LANGUAGES, settings=settings)  # type: ignore
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date() if parsed else None


def parse_timestamp_line(line: str) -> tuple[str | None, str | None] | None:
    """(published, updated) if ``line`` is a page's time-stamp line and nothing else.

    A line counts as a time-stamp only when, after removing dates, times, zones and words
    such as "Updated", almost nothing remains: a headline that mentions a date is not one.
    """
    if len(line) > 120 or not re.search(r"\d", line):
        return None
    residue = _STAMP_WORDS.sub(" ", line)
    residue = re.sub(r"[\d/:.,|\-–—()T+Z]+", " ", residue)
    if len(residue.split()) > 1:
        return None
    parts = _UPDATED_SPLIT.split(line, maxsplit=1)
    published = parse_when(parts[0]) if parts[0].strip() else None
    updated = parse_when(parts[1]) if len(parts) > 1 else None
    if published is None and updated is None:
        return None
    return published, updated


def resolve_month_day(month: str, day: int, context: dt.date | None) -> str | None:
    """A dateline's "July 6" as a full date, its year taken from ``context``.

    Datelines are written on (or just before) the publication day, so a month-day later than
    the context date belongs to the previous year (a "Dec 31" story published on Jan 2).
    """
    if context is None:
        return None
    try:
        candidate = dt.date(context.year, _month_number(month), day)
        if candidate > context + dt.timedelta(days=2):
            candidate = dt.date(context.year - 1, candidate.month, day)
    except (ValueError, StopIteration):
        return None
    return candidate.isoformat()


def as_date(iso: str | None) -> dt.date | None:
    """The calendar date part of one of our ISO strings."""
    if not iso:
        return None
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None
