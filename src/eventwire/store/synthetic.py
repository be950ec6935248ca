"""Synthetic coded articles with a known shape, for tests, benchmarks and the crash test.

The store and the analyses are built before (and independently of) the real coder; these
records exercise them with every field filled the way the coder fills it, deterministically
from a seed so that two runs produce identical archives.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence

from eventwire.models import (
    Actor, ActorMention, Article, CodedArticle, Event, EventDate, Location, Sentence, stable_id,
)

#: CAMEO code -> (root, QuadClass, Goldstein, PLOVER type, verb phrase) for the generator.
CAMEO_SAMPLE: dict[str, tuple[str, int, float, str, str]] = {
    "036": ("03", 1, 4.0, "CONSULT", "said it was ready to meet"),
    "040": ("04", 1, 1.0, "CONSULT", "consulted"),
    "042": ("04", 1, 1.9, "CONSULT", "visited"),
    "046": ("04", 1, 7.0, "CONSULT", "held talks with"),
    "057": ("05", 1, 8.0, "AGREE", "signed an agreement with"),
    "061": ("06", 2, 6.4, "COOPERATE", "agreed to trade more with"),
    "071": ("07", 2, 7.4, "AID", "sent aid to"),
    "111": ("11", 3, -2.0, "ACCUSE", "criticised"),
    "130": ("13", 3, -4.4, "THREATEN", "threatened"),
    "138": ("13", 3, -7.0, "THREATEN", "threatened military action against"),
    "163": ("16", 4, -8.0, "SANCTION", "imposed sanctions on"),
    "173": ("17", 4, -5.0, "COERCE", "detained citizens of"),
    "190": ("19", 4, -10.0, "ASSAULT", "attacked"),
}

ACTORS: dict[str, str] = {
    "USA": "United States", "PRK": "North Korea", "KOR": "South Korea", "CHN": "China",
    "RUS": "Russia", "UKR": "Ukraine", "IRN": "Iran", "ISR": "Israel", "JPN": "Japan",
    "FRA": "France", "DEU": "Germany", "GBR": "Britain", "IGOUNO": "United Nations",
    "IGOEU": "European Union",
}
SECTORS = ("", "GOV", "MIL")
OUTLETS = ("Wire A", "Wire B", "Daily C", "Gazette D")


def _name(code: str | None, default: str) -> str:
    if not code:
        return default
    return ACTORS.get(code) or ACTORS.get(code[:3]) or code


def _actor(code: str, text: str | None = None) -> Actor:
    country = None if code.startswith("IGO") else code[:3]
    sector = code[3:6] if country and len(code) > 3 else None
    return Actor(text=text or ACTORS.get(code, ACTORS.get(code[:3], code)), code=code,
                 country=country, sector=sector, name=ACTORS.get(code[:3]))


def make_event(
    article_id: str, sentence_id: int, sentence: str, day: str, source: str | None,
    target: str | None, cameo: str, negated: bool = False, modality: str = "asserted",
    granularity: str = "day",
) -> Event:
    """One event as the coder would emit it, with CAMEO-derived fields filled in."""
    root, quad, gold, plover, _ = CAMEO_SAMPLE[cameo]
    return Event(
        event_id=stable_id(article_id, str(sentence_id), source or "", target or "", cameo),
        article_id=article_id, sentence_id=sentence_id, sentence_text=sentence,
        event_date=EventDate(day, granularity, None),
        source_actor=_actor(source) if source else None,
        target_actor=_actor(target) if target else None,
        cameo_code=cameo, cameo_root=root, quad_class=quad, goldstein=gold, plover_type=plover,
        plover_mode=None, plover_context=None, trigger=CAMEO_SAMPLE[cameo][4].split()[0],
        negated=negated, modality=modality,
        location=Location(name="Geneva", country="CHE", lat=46.2, lon=6.15, fallback=True),
        rule="synthetic", confidence=0.9,
    )


def coded_article(
    day: str, triples: Sequence[tuple[str | None, str | None, str]], outlet: str = "Wire A",
    article_id: str | None = None, salt: str = "", model: str | None = "synthetic",
) -> CodedArticle:
    """An article on ``day`` whose sentence i reports ``triples[i]`` = (source, target, CAMEO).

    ``salt`` changes the body (and so the body hash) without changing the id when an
    ``article_id`` is given: that is how tests make a "changed article".
    """
    texts = []
    for src, tgt, cameo in triples:
        verb = CAMEO_SAMPLE[cameo][4]
        texts.append(f"{_name(src, 'Someone')} {verb} {_name(tgt, 'someone')} on {day}.")
    if salt:
        texts.append(f"Updated: {salt}.")
    body = " ".join(texts)
    aid = article_id or stable_id(outlet, day, body)
    sentences, mentions, events = [], [], []
    pos = 0
    for i, text in enumerate(texts):
        sentences.append(Sentence(aid, i, pos, pos + len(text), text))
        if i < len(triples):
            src, tgt, cameo = triples[i]
            for code in (src, tgt):
                if code:
                    name = _name(code, code)
                    start = body.find(name, pos)
                    a = _actor(code, name)
                    mentions.append(ActorMention(
                        article_id=aid, sentence_id=i, start=start, end=start + len(name),
                        token_start=0, token_end=1, text=name, code=code, country=a.country,
                        sector=a.sector, name=a.name))
            events.append(make_event(aid, i, text, day, src, tgt, cameo))
        pos += len(text) + 1
    article = Article(article_id=aid, body=body, title=texts[0][:60], published=day,
                      date_source="field", source=outlet, agency=outlet,
                      url=f"https://news.example/{aid}")
    return CodedArticle(article, sentences, mentions, events, model=model)


def synthetic_archive(
    n_articles: int = 4500, seed: int = 0, start: dt.date = dt.date(2020, 1, 1),
    days: int = 1460, max_events: int = 8,
) -> Iterator[CodedArticle]:
    """A deterministic archive: ~4.4 events per article over four years, a few dozen dyads."""
    rng = random.Random(seed)
    codes = list(ACTORS)
    cameos = list(CAMEO_SAMPLE)
    for i in range(n_articles):
        day = (start + dt.timedelta(days=rng.randrange(days))).isoformat()
        n = rng.randint(1, max_events)
        triples = []
        for _ in range(n):
            src, tgt = rng.sample(codes, 2)
            if not src.startswith("IGO"):
                src += rng.choice(SECTORS)
            triples.append((src, tgt, rng.choice(cameos)))
        yield coded_article(day, triples, outlet=OUTLETS[i % len(OUTLETS)],
                            article_id=f"syn-{seed}-{i:06d}")
