"""Shared fixtures: one coder per test session (loading spaCy and the lexicons is the slow
part), and the location of ../shared, which CI lays beside the clone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def coder():
    from eventwire.coder import Coder

    return Coder()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED
