"""Telling news about politics from text that only borrows its words.

"Brazil beat Argentina 2-0" names two states and a conflict verb; it is football. Both the
actor stage (which must not resolve the teams) and the coder (which must not code the win)
ask this module, so the cues (``kind: noise`` lexicon files) are compiled in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from eventwire.lexicon import load_lexicons

SCORE_RE = re.compile(r"\b\d{1,3}\s*[-\u2013]\s*\d{1,3}\b(?!\s*(?:%|percent|per cent|years?|"
                      r"days?|months?|km|kilometres|miles|people|dead|killed|soldiers))")


def _alternation(words: list[str]) -> re.Pattern[str] | None:
    words = sorted((w.lower() for w in words), key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


@lru_cache(maxsize=16)
def _domains(dicts: tuple[str, ...]
             ) -> tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None, bool, int], ...]:
    out = []
    for e in load_lexicons(dicts)["noise"]:
        rx = _alternation(e.list("cues"))
        assert rx is not None  # the loader requires cues
        out.append((str(e["domain"]), rx, _alternation(e.list("strong")), bool(e.get("score")),
                    int(e.get("min_cues") or 2)))
    return tuple(out)


def noise_domain(text: str, dicts: Iterable[str] = ()) -> str | None:
    """The non-political domain a sentence belongs to, if its cues say so."""
    for domain, rx, strong, score, min_cues in _domains(tuple(str(d) for d in dicts)):
        if strong is not None and strong.search(text):
            return domain
        cues = {m.lower() for m in rx.findall(text)}
        if cues and score and SCORE_RE.search(text):
            return domain
        if len(cues) >= min_cues:
            return domain
    return None


def is_sports(text: str, dicts: Iterable[str] = ()) -> bool:
    return noise_domain(text, dicts) == "sports"
