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
    return _noise_domain(text, tuple(str(d) for d in dicts))


@lru_cache(maxsize=4096)
def _noise_domain(text: str, dicts: tuple[str, ...]) -> str | None:
    # Cached: the actor stage and the event coder both ask about every sentence, and the
    # cue alternations (hundreds of words, case-insensitive) are scanned at each position.
    for domain, rx, strong, score, min_cues in _domains(dicts):
        if strong is not None and strong.search(text):
            return domain
        cues = {m.lower() for m in rx.findall(text)}
        if cues and score and SCORE_RE.search(text):
            return domain
        if len(cues) >= min_cues:
            return domain
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: A story is of a domain when at least this many of its sentences, and this share of them,
#: are ("India clash on September 14" in a cricket preview has no cue of its own).
ARTICLE_MIN_SENTENCES = 3
ARTICLE_MIN_SHARE = 0.2


def article_domain(text: str, dicts: Iterable[str] = ()) -> str | None:
    """The non-political domain a whole story belongs to, if enough of its sentences do.

    Sentences are split on end punctuation here rather than taken from a parse, so the
    answer is the same whichever pipeline (full or pre-filtered) parsed the story."""
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    counts: dict[str, int] = {}
    for s in sentences:
        d = noise_domain(s, dicts)
        if d is not None:
            counts[d] = counts.get(d, 0) + 1
    for d, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        if n >= ARTICLE_MIN_SENTENCES and n >= ARTICLE_MIN_SHARE * len(sentences):
            return d
    return None


def is_sports(text: str, dicts: Iterable[str] = ()) -> bool:
    return noise_domain(text, dicts) == "sports"
