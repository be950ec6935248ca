"""PETRARCH agent dictionaries (``*.agents.txt``) into our ``agents`` lexicon (nouns by sector).

Format: ``NOUN_PHRASE {PLURALS} [~CODE]``. ``[~GOV]`` appends the code to the actor in
context ("Israeli police" -> ISRCOP), which is exactly our sector nouns; ``[NGO~]`` puts it
in front (NGO + country), which we have no form for, so it becomes a sector noun as well
and is listed as approximated. ``{...}`` gives irregular plurals and ``{}`` none; we match
on lemmas, so plurals are only kept as extra nouns. ``!NAME! = A, B`` defines a
substitution set used inside other entries (``CONGRESS!PERSON!`` -> congressman, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product

from eventwire.petrarch.common import Issue, content_lines, noun_phrase

_ENTRY = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plurals>[^}]*)\})?\s*"
                    r"(?P<codes>(?:\[[^\]]*\]\s*)+)$")
_SUBST_DEF = re.compile(r"^!(?P<name>\w+)!\s*=\s*(?P<values>.+)$")
_SUBST_USE = re.compile(r"!(\w+)!")


@dataclass
class AgentConversion:
    sectors: dict[str, dict[str, object]] = field(default_factory=dict)
    read: int = 0
    converted: int = 0


def _expand(phrase: str, subst: dict[str, list[str]]) -> list[str] | None:
    names = _SUBST_USE.findall(phrase)
    if not names:
        return [phrase]
    if any(n not in subst for n in names):
        return None
    parts = _SUBST_USE.split(phrase)
    # parts alternate text, name, text, ...
    choices = [[p] if i % 2 == 0 else subst[p] for i, p in enumerate(parts)]
    return ["".join(c) for c in product(*choices)]


def convert_agents(text: str, file: str, issues: list[Issue], out: AgentConversion,
                   dictionary: str = "agents") -> None:
    """Add an agent dictionary's nouns to ``out`` by sector; list what cannot be kept."""
    subst: dict[str, list[str]] = {}
    for n, line in content_lines(text):
        s = line.strip()
        if not s:
            continue
        d = _SUBST_DEF.match(s)
        if d:
            subst[d.group("name")] = [v.strip() for v in d.group("values").split(",")
                                      if v.strip()]
            continue
        out.read += 1
        m = _ENTRY.match(s)
        if not m:
            issues.append(Issue(file, n, dictionary, "untranslated",
                                "not an agent entry (NOUN {PLURALS} [~CODE])", s))
            continue
        codes = [c.strip().replace(" ", "") for c in re.findall(r"\[([^\]]*)\]",
                                                                m.group("codes"))]
        phrases = _expand(m.group("phrase").strip(), subst)
        if phrases is None:
            issues.append(Issue(file, n, dictionary, "untranslated",
                                "undefined !SUBSTITUTION! set", s))
            continue
        code = codes[0] if codes else ""
        if len(codes) > 1:
            issues.append(Issue(file, n, dictionary, "approximated",
                                f"several codes {codes}: kept the first", s))
        if code.startswith("~"):
            sector = code[1:]
        elif code.endswith("~"):
            sector = code[:-1]
            issues.append(Issue(file, n, dictionary, "approximated",
                                f"prefix code {code}: eventwire sector codes follow the "
                                f"country, so this is a {sector} sector noun", s))
        else:
            issues.append(Issue(file, n, dictionary, "untranslated",
                                f"code {code!r} has no '~' (neither prefix nor suffix)", s))
            continue
        if not re.fullmatch(r"[A-Z0-9]{3,12}", sector):
            issues.append(Issue(file, n, dictionary, "untranslated",
                                f"sector code {sector!r} is not an agent code", s))
            continue
        nouns = [noun_phrase(p) for p in phrases]
        plurals = m.group("plurals")
        if plurals:
            for p in re.split(r"[\s,]+", plurals.strip()):
                if p:
                    nouns.append(noun_phrase(p))
        nouns = [x for x in nouns if x]
        if not nouns:
            issues.append(Issue(file, n, dictionary, "untranslated", "no noun", s))
            continue
        entry = out.sectors.setdefault(sector, {"sector": sector, "nouns": []})
        noun_list = entry["nouns"]
        assert isinstance(noun_list, list)
        for x in nouns:
            if x not in noun_list:
                noun_list.append(x)
        out.converted += 1
