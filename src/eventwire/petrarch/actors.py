"""PETRARCH/TABARI actor dictionaries (``*.actors.txt``) into our countries, organisations
and people lexicons.

The format: a primary name on its own line, ``+SYNONYM`` lines, and one or more codes in
brackets, on the name's line or on indented lines below it. A code may carry a date
restriction: ``[HOB <950601]`` (before), ``[HOBELI >20130119]`` (from), ``[X 19950601 -
19990815]`` (between); an undated code next to dated ones is the default.

Decisions (docs/PETRARCH.md):

- an entry with any dated code is a **person** (``people`` kind): the dated codes become
  roles with ``start``/``end``, the undated code a role with no dates, listed last so the
  dated role in force wins (PETRARCH's precedence);
- an undated entry whose code is three letters and not a transnational prefix (IGO, NGO,
  IMG, MNC, ...) is a **country** (``countries`` kind), all names merged by code; this keeps
  legacy and fictional codes as given (Phoenix uses ISO alpha-3 already);
- every other undated entry is an **organisation** with its code as given, the country and
  sector read from the code (``ISRMIL`` -> ISR, MIL);
- ``[---]`` is PETRARCH's null actor (a phrase that must not be coded): skipped and listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from eventwire.petrarch.common import Issue, content_lines, name_variants, \
    parse_restriction, phrase_words

#: Code prefixes of actors that belong to no single country.
TRANSNATIONAL = ("IGO", "NGO", "IMG", "MNC", "UIS", "INT", "ELI")
NULL_CODES = frozenset({"---", "+++", "###"})
_CODE = re.compile(r"\[([^\]]*)\]")
_DEMONYM = re.compile(r"(IAN|EAN|ESE|ISH|I|ICAN)$")


@dataclass
class ActorCode:
    code: str
    start: str | None
    end: str | None
    dated: bool
    line: int


@dataclass
class ActorRecord:
    """One entry of an actor dictionary as written."""

    name: str
    line: int
    synonyms: list[str] = field(default_factory=list)
    codes: list[ActorCode] = field(default_factory=list)


def _codes(text: str, line: int, file: str, issues: list[Issue], dictionary: str
           ) -> list[ActorCode]:
    out = []
    for raw in _CODE.findall(text):
        parts = raw.strip().split(None, 1)
        if not parts:
            issues.append(Issue(file, line, dictionary, "untranslated", "empty code []", text))
            continue
        code = parts[0].upper()
        if len(parts) == 1:
            out.append(ActorCode(code, None, None, False, line))
            continue
        span = parse_restriction(parts[1])
        if span is None:
            issues.append(Issue(file, line, dictionary, "untranslated",
                                f"unreadable date restriction {parts[1]!r} of code {code}",
                                text.strip()))
            continue
        out.append(ActorCode(code, span[0], span[1], True, line))
    return out


def parse_actor_dictionary(text: str, file: str, issues: list[Issue],
                           dictionary: str = "actors") -> list[ActorRecord]:
    """All entries of an actor dictionary, in file order."""
    records: list[ActorRecord] = []
    cur: ActorRecord | None = None
    for n, line in content_lines(text):
        s = line.strip()
        if not s:
            continue
        name_part = _CODE.sub(" ", s).strip()
        if s.startswith("["):
            if cur is None:
                issues.append(Issue(file, n, dictionary, "untranslated",
                                    "code line with no entry above it", s))
                continue
            cur.codes.extend(_codes(s, n, file, issues, dictionary))
        elif s.startswith("+"):
            if cur is None:
                issues.append(Issue(file, n, dictionary, "untranslated",
                                    "synonym with no entry above it", s))
                continue
            if name_part.lstrip("+").strip():
                cur.synonyms.append(name_part.lstrip("+").strip())
            cur.codes.extend(_codes(s, n, file, issues, dictionary))
        else:
            cur = ActorRecord(name_part, n)
            records.append(cur)
            cur.codes.extend(_codes(s, n, file, issues, dictionary))
    return records


def _split_code(code: str) -> tuple[str | None, str | None]:
    head = code[:3]
    if head in TRANSNATIONAL:
        return None, head
    return (head if head.isalpha() else None), (code[3:6] or None)


def _all_names(rec: ActorRecord, person: bool = False) -> list[str]:
    out: list[str] = []
    for raw in [rec.name] + rec.synonyms:
        for v in name_variants(raw, acronyms=not person):
            if v not in out:
                out.append(v)
    return out


def _is_demonym(raw: str, primary: str) -> bool:
    words = phrase_words(raw)
    word, main = words[0].upper() if words else "", primary.strip("_").upper()
    # "ALBANIAN" for ALBANIA, not "GHAZNI" (a province) for AFGHANISTAN.
    return (len(words) == 1 and word != main and word[:3] == main[:3]
            and bool(_DEMONYM.search(word)))


@dataclass
class ActorConversion:
    countries: dict[str, dict[str, Any]] = field(default_factory=dict)
    organisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    converted: int = 0


def convert_actors(records: list[ActorRecord], file: str, issues: list[Issue],
                   out: ActorConversion, dictionary: str = "actors") -> None:
    """Add the records' lexicon entries to ``out``; list what cannot be kept in ``issues``."""
    for rec in records:
        where = rec.name + (" +" + " +".join(rec.synonyms) if rec.synonyms else "")
        if not phrase_words(rec.name):
            issues.append(Issue(file, rec.line, dictionary, "untranslated", "entry has no name",
                                where))
            continue
        codes = [c for c in rec.codes if c.code not in NULL_CODES]
        nulls = [c for c in rec.codes if c.code in NULL_CODES]
        if not rec.codes:
            issues.append(Issue(file, rec.line, dictionary, "untranslated",
                                "entry has no code", where))
            continue
        if not codes:
            issues.append(Issue(file, rec.line, dictionary, "skipped",
                                "null actor code [---]: PETRARCH uses it to block a phrase; "
                                "eventwire has no blocking entry", where))
            continue
        if nulls:
            issues.append(Issue(file, rec.line, dictionary, "approximated",
                                "dated null code [---] dropped: the entry stays an actor in "
                                "that period", where))
        multi = [c for c in codes if "/" in c.code]
        if multi:
            issues.append(Issue(file, rec.line, dictionary, "untranslated",
                                f"several actors in one code {multi[0].code!r}: eventwire "
                                "gives a name one actor", where))
            continue
        bad = [c for c in codes if not re.fullmatch(r"[A-Z0-9]{2,15}", c.code)]
        if bad:
            issues.append(Issue(file, rec.line, dictionary, "untranslated",
                                f"code {bad[0].code!r} is not an actor code", where))
            continue
        person = any(c.dated for c in codes)
        names = _all_names(rec, person)
        if not names:
            issues.append(Issue(file, rec.line, dictionary, "untranslated",
                                "no usable name", where))
            continue
        out.converted += 1
        if person:
            _add_person(rec, codes, names, file, issues, out, dictionary)
            continue
        distinct = list(dict.fromkeys(c.code for c in codes))
        if len(distinct) > 1:
            issues.append(Issue(file, rec.line, dictionary, "approximated",
                                f"several undated codes {distinct}: kept the first", where))
        code = distinct[0]
        country, sector = _split_code(code)
        if len(code) == 3 and code.isalpha() and code not in TRANSNATIONAL:
            e = out.countries.setdefault(code, {"code": code, "names": [], "adjectives": []})
            for raw in [rec.name] + rec.synonyms:
                key = "adjectives" if _is_demonym(raw, rec.name) else "names"
                for v in name_variants(raw):
                    if v not in e[key]:
                        e[key].append(v)
        else:
            e = out.organisations.setdefault(code, {"code": code, "names": [],
                                                    "country": country, "sector": sector})
            for v in names:
                if v not in e["names"]:
                    e["names"].append(v)


def _add_person(rec: ActorRecord, codes: list[ActorCode], names: list[str], file: str,
                issues: list[Issue], out: ActorConversion, dictionary: str) -> None:
    roles: list[dict[str, Any]] = []
    for c in [c for c in codes if c.dated] + [c for c in codes if not c.dated]:
        role = {"code": c.code, "start": c.start, "end": c.end}
        if role not in roles:
            roles.append(role)
    name = names[0]
    existing = out.people.get(name)
    if existing is not None:
        issues.append(Issue(file, rec.line, dictionary, "approximated",
                            f"a second entry for {name!r}: roles merged into one person",
                            rec.name))
        existing["roles"].extend(r for r in roles if r not in existing["roles"])
        existing["aliases"].extend(a for a in names[1:] if a not in existing["aliases"])
        return
    out.people[name] = {"name": name, "aliases": names[1:], "roles": roles}
