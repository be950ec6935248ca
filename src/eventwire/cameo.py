"""The CAMEO event ontology and its PLOVER equivalents: the ``ontology`` stage.

Every CAMEO 1.1b3 event code (the 20 cue categories and all their 3- and 4-digit codes) is
described once in ``eventwire/data/cameo.yaml`` with its name, Goldstein value and PLOVER
type / mode / context. This module reads that table once and answers questions about codes::

    >>> from eventwire import cameo
    >>> c = cameo.get("036")
    >>> c.name, c.goldstein, c.quad_class, c.plover_type
    ('Express intent to meet or negotiate', 4.0, 1, 'AGREE')
    >>> cameo.root_of("1823"), cameo.quad_class("1823"), cameo.plover_of("1823")
    ('18', 4, 'ASSAULT')

QuadClass is not stored per code: it follows from the root (01-05 verbal cooperation,
06-08 material cooperation, 09-13 verbal conflict, 14-20 material conflict).

Codes are strings of digits (``"036"``, ``"0311"``, ``"18"``). :func:`normalise` also accepts
what other tools write: surrounding whitespace (PETRARCH pads codes), ints and strings that
lost their leading zero (``36`` or ``"36"`` -> ``"036"``; ``1`` -> ``"01"``). A code that exists
exactly as written always wins, so ``"10"`` is the root DEMAND, never ``"010"``.

CAMEO 01 (make public statement) has no PLOVER type: the PLOVER manual drops it, so those
codes have ``plover_type`` None. See the comments in the YAML for every mapping decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "CameoCode", "PLOVER_TYPES", "PLOVER_MODES", "PLOVER_CONTEXTS", "PLOVER_QUAD_CLASS",
    "QUAD_CLASS_NAMES", "ROOT_NAMES", "all_codes", "children", "exists", "get",
    "goldstein", "normalise", "plover_of", "quad_class", "quad_class_of_root", "root_of",
]

#: PLOVER's 16 event types (2021 manual), in the manual's order.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

#: The modes each PLOVER type allows (types absent here have no modes).
PLOVER_MODES: dict[str, tuple[str, ...]] = {
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
               "withhold", "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "unconventional"),
}

#: PLOVER's general contexts (usable with any type).
PLOVER_CONTEXTS: tuple[str, ...] = (
    "military", "intelligence", "executive", "legislative", "election",
    "political_institutions", "pro_democracy", "pro_autocracy", "economic", "legal",
    "reparations", "human_rights", "rights_freedoms", "repression", "human_security",
    "gender", "lgbt", "religion_ethnicity", "inequality", "diplomatic", "territory",
    "peacekeeping", "health", "asylum", "migration", "disasters", "natural_resource",
    "environment", "technology", "terrorism", "cbrn", "cyber", "misinformation", "crime",
    "corruption", "illegal_drugs", "trafficking",
)

#: The quad class PLOVER itself gives each type. Event records carry CAMEO's QuadClass (from
#: the root), which differs from this for codes mapped across quads (e.g. 02 APPEAL ->
#: REQUEST, 116 -> SANCTION, 035x -> CONCEDE stays 1). SANCTION is material conflict as in
#: its own section and the manual's summary table (one other table lists it as verbal).
PLOVER_QUAD_CLASS: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

QUAD_CLASS_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

#: CAMEO's 20 cue categories.
ROOT_NAMES: dict[str, str] = {
    "01": "Make public statement",
    "02": "Appeal",
    "03": "Express intent to cooperate",
    "04": "Consult",
    "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit force posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}

_CODE_RE = re.compile(r"^\d{2,4}$")


def quad_class_of_root(root: str) -> int:
    """CAMEO's QuadClass for a two-digit root: 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4."""
    n = int(root)
    if not 1 <= n <= 20:
        raise KeyError(f"not a CAMEO root: {root!r} (roots are 01..20)")
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with everything eventwire's event records carry about it."""

    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: str | None
    note: str | None = None

    @property
    def depth(self) -> int:
        """2 for a root, 3 or 4 for its sub-codes."""
        return len(self.code)

    @property
    def parent(self) -> str | None:
        """The code one level up (``"0311"`` -> ``"031"``, ``"031"`` -> ``"03"``), None for roots."""
        return self.code[:-1] if len(self.code) > 2 else None

    @property
    def quad_class_name(self) -> str:
        return QUAD_CLASS_NAMES[self.quad_class]


class CameoTableError(ValueError):
    """The packaged cameo.yaml is malformed (a packaging bug, not a user error)."""


def _validate(code: str, row: dict[str, Any]) -> None:
    def bad(problem: str) -> CameoTableError:
        return CameoTableError(f"cameo.yaml: code {code!r}: {problem}")

    if not _CODE_RE.match(code):
        raise bad("codes are 2-4 digit strings")
    if code[:2] not in ROOT_NAMES:
        raise bad("unknown root")
    if not isinstance(row.get("name"), str) or not row["name"]:
        raise bad("missing name")
    g = row.get("goldstein")
    if not isinstance(g, (int, float)) or not -10 <= g <= 10:
        raise bad(f"goldstein must be a number in [-10, 10], got {g!r}")
    ptype = row.get("plover_type")
    if ptype is not None and ptype not in PLOVER_TYPES:
        raise bad(f"unknown PLOVER type {ptype!r}")
    mode = row.get("plover_mode")
    if mode is not None and mode not in PLOVER_MODES.get(ptype or "", ()):
        raise bad(f"mode {mode!r} is not a mode of {ptype}")
    ctx = row.get("plover_context")
    if ctx is not None and ctx not in PLOVER_CONTEXTS:
        raise bad(f"unknown PLOVER context {ctx!r}")
    unknown = set(row) - {"name", "goldstein", "plover_type", "plover_mode", "plover_context",
                          "note", "keywords"}
    if unknown:
        raise bad(f"unknown keys {sorted(unknown)}")


@lru_cache(maxsize=1)
def _table() -> dict[str, CameoCode]:
    text = resources.files("eventwire").joinpath("data/cameo.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)["codes"]
    table: dict[str, CameoCode] = {}
    for code, row in raw.items():
        code = str(code)
        _validate(code, row)
        table[code] = CameoCode(
            code=code,
            root=code[:2],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=quad_class_of_root(code[:2]),
            plover_type=row.get("plover_type"),
            plover_mode=row.get("plover_mode"),
            plover_context=row.get("plover_context"),
            note=row.get("note"),
        )
    for code, c in table.items():
        if c.parent is not None and c.parent not in table:
            raise CameoTableError(f"cameo.yaml: code {code!r} has no parent {c.parent!r}")
    return dict(sorted(table.items(), key=lambda kv: (kv[0][:2], kv[0])))


def normalise(code: str | int) -> str | None:
    """The table's spelling of ``code``, or None if it names no CAMEO code.

    Strips whitespace; takes the code as written when it exists, otherwise with one leading
    zero added (``"36"``/``36`` -> ``"036"``, ``"311"`` -> ``"0311"``, ``"1"`` -> ``"01"``).
    Anything that is not 1-4 digits (``"3.6"``, ``"---"``, ``True``) gives None.
    """
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        if code < 0:
            return None
        s = str(code)
    elif isinstance(code, str):
        s = code.strip()
    else:
        return None
    if not s.isascii() or not s.isdigit() or not 1 <= len(s) <= 4:
        return None
    table = _table()
    if s in table:
        return s
    if not s.startswith("0") and "0" + s in table:
        return "0" + s
    return None


def exists(code: str | int) -> bool:
    """True if ``code`` (after :func:`normalise`) is a CAMEO code."""
    return normalise(code) is not None


def get(code: str | int) -> CameoCode:
    """The :class:`CameoCode` for ``code``; ``KeyError`` naming the code if it is unknown."""
    norm = normalise(code)
    if norm is None:
        raise KeyError(f"unknown CAMEO event code {code!r} (CAMEO 1.1b3 codes are 2-4 digit "
                       f"strings such as '036' or '1823' under roots 01..20)")
    return _table()[norm]


def all_codes() -> list[CameoCode]:
    """Every code, roots included, in code order (01, 010, 011, ..., 20, 200, ..., 2042)."""
    return list(_table().values())


def children(code: str | int) -> list[CameoCode]:
    """The codes one level below ``code`` (``"03"`` -> 030..039; ``"031"`` -> 0311..0314)."""
    parent = get(code).code
    return [c for c in _table().values() if c.parent == parent]


def root_of(code: str | int) -> str:
    """The two-digit cue category of ``code`` (``"0311"`` -> ``"03"``)."""
    return get(code).root


def quad_class(code: str | int) -> int:
    """CAMEO QuadClass (1-4) of ``code``, from its root; see :data:`QUAD_CLASS_NAMES`."""
    return get(code).quad_class


def goldstein(code: str | int) -> float:
    """The Goldstein value of ``code``."""
    return get(code).goldstein


def plover_of(code: str | int) -> str | None:
    """The PLOVER event type of ``code``, None for codes PLOVER drops (CAMEO 01)."""
    return get(code).plover_type
