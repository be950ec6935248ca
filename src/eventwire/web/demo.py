"""A small archive with real-looking articles, for the web app's tests, screenshots and demos.

Synthetic articles (``eventwire.store.synthetic``) give volume but one-line bodies; these
hand-written ones have headlines, bylines, datelines, several sentences, actor mentions at
true character offsets and events whose triggers occur in their sentences, so the article
page's highlighting is exercised as on coded news. One article carries markup and SQL in
its text on purpose: the app must show it as text.
"""

from __future__ import annotations

from pathlib import Path

from eventwire.models import ActorMention, Article, CodedArticle, Sentence
from eventwire.store import EventStore
from eventwire.store.synthetic import make_event, synthetic_archive

#: (source code, source text, target code, target text, CAMEO, trigger) per event.
EventSpec = tuple[str | None, str | None, str | None, str | None, str, str]

HOSTILE = "<script>alert('x')</script>' OR 1=1; DROP TABLE events; --"

ARTICLES: list[dict] = [
    {
        "id": "demo-korea-talks", "day": "2023-03-14", "outlet": "Wire A",
        "title": "North Korea fires missile as Seoul and Washington hold talks",
        "byline": "By Min-ji Park", "dateline": "SEOUL",
        "sentences": [
            ("North Korea threatened missile strikes against South Korea on Tuesday.",
             [("PRK", "North Korea", "KOR", "South Korea", "138", "threatened")]),
            ("Officials in Seoul said the launch was a provocation.", []),
            ("The United States held talks with South Korea in Washington, and both sides "
             "signed an agreement on joint drills.",
             [("USA", "The United States", "KOR", "South Korea", "046", "held"),
              ("USA", "The United States", "KOR", "South Korea", "057", "signed")]),
            ("China criticised the drills.",
             [("CHN", "China", None, None, "111", "criticised")]),
        ],
    },
    {
        "id": "demo-sanctions", "day": "2023-05-02", "outlet": "Daily C",
        "title": "EU imposes new sanctions on Iran over drone transfers",
        "byline": "By Claire Dubois", "dateline": "BRUSSELS",
        "sentences": [
            ("The European Union imposed sanctions on Iran on Monday over drone transfers "
             "to Russia.", [("IGOEU", "The European Union", "IRN", "Iran", "163", "imposed")]),
            ("Iran criticised the European Union and threatened to retaliate.",
             [("IRN", "Iran", "IGOEU", "the European Union", "111", "criticised"),
              ("IRN", "Iran", "IGOEU", "the European Union", "130", "threatened")]),
            ("Russia sent aid to Iran last month, diplomats said.",
             [("RUS", "Russia", "IRN", "Iran", "071", "sent")]),
        ],
    },
    {
        "id": "demo-hostile", "day": "2023-06-20", "outlet": "Gazette D",
        "title": f"Hostile headline {HOSTILE}",
        "byline": "<b>Mallory</b>", "dateline": "<img src=x onerror=alert(1)>",
        "sentences": [
            (f"Israel attacked targets in Gaza {HOSTILE} on Tuesday.",
             [("ISR", "Israel", "PSE", "Gaza", "190", "attacked")]),
            ("Japan consulted France about the strikes.",
             [("JPN", "Japan", "FRA", "France", "040", "consulted")]),
        ],
    },
]


def demo_article(spec: dict) -> CodedArticle:
    """One hand-written article as the coder would have stored it."""
    aid, day = spec["id"], spec["day"]
    body_parts: list[str] = []
    sentences: list[Sentence] = []
    mentions: list[ActorMention] = []
    events = []
    pos = 0
    for sid, (text, evspecs) in enumerate(spec["sentences"]):
        sentences.append(Sentence(aid, sid, pos, pos + len(text), text))
        seen: set[tuple[int, int]] = set()
        for src, src_text, tgt, tgt_text, cameo, _trigger in evspecs:
            for code, mtext in ((src, src_text), (tgt, tgt_text)):
                if not code or not mtext:
                    continue
                local = text.find(mtext)
                span = (pos + local, pos + local + len(mtext))
                if local < 0 or span in seen:
                    continue
                seen.add(span)
                mentions.append(ActorMention(
                    article_id=aid, sentence_id=sid, start=span[0], end=span[1], token_start=0,
                    token_end=1, text=mtext, code=code,
                    country=None if code.startswith("IGO") else code[:3],
                    sector=code[3:6] or None if not code.startswith("IGO") else None,
                    kind="organisation" if code.startswith("IGO") else "state"))
            ev = make_event(aid, sid, text, day, src, tgt, cameo)
            ev.trigger = _trigger
            if src_text and ev.source_actor:
                ev.source_actor.text = src_text
            if tgt_text and ev.target_actor:
                ev.target_actor.text = tgt_text
            events.append(ev)
        body_parts.append(text)
        pos += len(text) + 1
    body = " ".join(body_parts)
    article = Article(article_id=aid, body=body, title=spec["title"], byline=spec["byline"],
                      dateline_place=spec["dateline"], published=day, date_source="field",
                      source=spec["outlet"], agency=spec["outlet"],
                      url=f"https://news.example/{aid}")
    return CodedArticle(article, sentences, mentions, events, model="demo")


def build_demo(path: str | Path, synthetic: int = 120, seed: int = 7) -> Path:
    """The hand-written articles plus ``synthetic`` generated ones (for charts with history)."""
    path = Path(path)
    with EventStore(path) as store:
        store.write([demo_article(a) for a in ARTICLES])
        if synthetic:
            store.ingest(synthetic_archive(synthetic, seed=seed))
    return path
