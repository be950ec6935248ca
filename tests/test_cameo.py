"""Tests of the CAMEO/PLOVER ontology table (eventwire.cameo, data/cameo.yaml).

The agreement tests read the published CAMEO->PLOVER conversion table from the shared data
directory beside the repository (``<repo>/../shared/reference/plover/``) only to *measure*
how far our own mapping agrees with it; nothing from it is used by the package.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from eventwire import cameo

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", REPO.parent / "shared"))
REFERENCE = SHARED / "reference" / "plover" / "CAMEO2PLOVER-2021.txt"

CODES = cameo.all_codes()
BY_CODE = {c.code: c for c in CODES}


# --- the table itself ---------------------------------------------------------------------

def test_every_root_present():
    for n in range(1, 21):
        root = f"{n:02d}"
        assert root in BY_CODE, root
        assert BY_CODE[root].name == cameo.ROOT_NAMES[root]
    assert len(cameo.ROOT_NAMES) == 20


def test_enough_codes():
    assert len(CODES) >= 280


def test_every_code_has_its_root_and_parent():
    for c in CODES:
        assert re.fullmatch(r"\d{2,4}", c.code), c.code
        assert c.root == c.code[:2] and c.root in BY_CODE, c.code
        if c.parent is not None:
            assert c.parent in BY_CODE, f"{c.code} has no parent {c.parent}"


def test_every_root_has_a_not_specified_zero_code():
    for n in range(1, 21):
        root = f"{n:02d}"
        assert root + "0" in BY_CODE, root + "0"


def test_plover_fields_use_the_manual_vocabulary():
    assert len(cameo.PLOVER_TYPES) == 16 and len(set(cameo.PLOVER_TYPES)) == 16
    for c in CODES:
        assert c.plover_type is None or c.plover_type in cameo.PLOVER_TYPES, c
        if c.plover_mode is not None:
            assert c.plover_mode in cameo.PLOVER_MODES[c.plover_type], c
        if c.plover_context is not None:
            assert c.plover_context in cameo.PLOVER_CONTEXTS, c


def test_plover_vocabulary_tables_cover_the_types():
    assert set(cameo.PLOVER_QUAD_CLASS) == set(cameo.PLOVER_TYPES)
    assert set(cameo.PLOVER_MODES) <= set(cameo.PLOVER_TYPES)
    # PLOVER types follow the manual's quad order
    quads = [cameo.PLOVER_QUAD_CLASS[t] for t in cameo.PLOVER_TYPES]
    assert quads == sorted(quads)


def test_only_public_statements_lack_a_plover_type():
    untyped = {c.code for c in CODES if c.plover_type is None}
    assert untyped == {c.code for c in CODES if c.root == "01"}


def test_every_plover_type_is_used():
    assert {c.plover_type for c in CODES} - {None} == set(cameo.PLOVER_TYPES)


def test_goldstein_in_range_and_known_values():
    for c in CODES:
        assert isinstance(c.goldstein, float) and -10.0 <= c.goldstein <= 10.0, c
    assert cameo.goldstein("036") == 4.0
    assert cameo.goldstein("138") == -7.0
    assert cameo.goldstein("163") == -8.0
    assert cameo.goldstein("190") == -10.0
    assert cameo.goldstein("0874") == 10.0


def test_quad_class_rule():
    expected = {1: range(1, 6), 2: range(6, 9), 3: range(9, 14), 4: range(14, 21)}
    for c in CODES:
        want = next(q for q, roots in expected.items() if int(c.root) in roots)
        assert c.quad_class == want == cameo.quad_class(c.code), c.code
        assert c.quad_class_name == cameo.QUAD_CLASS_NAMES[want]
    assert cameo.QUAD_CLASS_NAMES == {1: "verbal cooperation", 2: "material cooperation",
                                      3: "verbal conflict", 4: "material conflict"}


# --- the API ------------------------------------------------------------------------------

def test_get_and_helpers():
    c = cameo.get("036")
    assert (c.code, c.root, c.name, c.plover_type) == (
        "036", "03", "Express intent to meet or negotiate", "AGREE")
    assert cameo.root_of("1823") == "18"
    assert cameo.plover_of("1823") == "ASSAULT"
    assert cameo.plover_of("010") is None
    assert [k.code for k in cameo.children("031")] == ["0311", "0312", "0313", "0314"]
    with pytest.raises(Exception):
        c.name = "x"  # frozen


@pytest.mark.parametrize("raw, norm", [
    ("036", "036"), (" 036 ", "036"), ("036\n", "036"), (36, "036"), ("36", "036"),
    ("10", "10"), (10, "10"), ("010", "010"), (1, "01"), ("1", "01"), ("311", "0311"),
    (1823, "1823"), ("20", "20"),
])
def test_normalise(raw, norm):
    assert cameo.normalise(raw) == norm
    assert cameo.exists(raw)
    assert cameo.get(raw).code == norm


@pytest.mark.parametrize("raw", ["", "999", "99", "0", "00", "3.6", "---", "12345", "abc",
                                 "0036", -36, True, None, 3.6])
def test_unknown_codes(raw):
    assert not cameo.exists(raw)
    with pytest.raises(KeyError, match="unknown CAMEO event code"):
        cameo.get(raw)


# --- agreement with the published CAMEO->PLOVER table -------------------------------------

def _reference() -> dict[str, str | None]:
    """code -> PLOVER type (None when the table gives none) from the published table."""
    if not REFERENCE.is_file():
        pytest.skip(f"published CAMEO->PLOVER table not found at {REFERENCE} "
                    f"(shared data lives in <repo>/../shared; set EVENTWIRE_SHARED to move it)")
    ref: dict[str, str | None] = {}
    for line in REFERENCE.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4})\s*:\s*(.*)$", line)
        if not m:
            continue
        first = m.group(2).split(",")[0].strip().upper()
        ref[m.group(1)] = first if first in cameo.PLOVER_TYPES else None
    assert ref, f"no codes parsed from {REFERENCE}"
    return ref


def test_reference_codes_are_present():
    ref = _reference()
    missing = sorted(set(ref) - set(BY_CODE))
    coverage = 1 - len(missing) / len(ref)
    print(f"\nreference lists {len(ref)} codes; {len(ref) - len(missing)} in ours "
          f"({coverage:.1%}); missing: {missing}")
    assert coverage >= 0.95


def test_plover_type_agreement():
    ref = _reference()
    shared = sorted(set(ref) & set(BY_CODE))
    disagree = [(k, BY_CODE[k].plover_type, ref[k]) for k in shared
                if BY_CODE[k].plover_type != ref[k]]
    agreement = 1 - len(disagree) / len(shared)
    print(f"\nPLOVER type agreement with the published table: {len(shared) - len(disagree)}"
          f"/{len(shared)} = {agreement:.1%}")
    for code, ours, theirs in disagree:
        print(f"  {code} {BY_CODE[code].name!r}: ours {ours}, published {theirs}")
    assert agreement >= 0.95
