"""Bodies longer than spaCy's limit are parsed in chunks and still coded, with the body's
offsets (a 1 MB scraped page must not fail a batch)."""

from __future__ import annotations

import eventwire.coder as coder_mod
from eventwire.coder import _chunks
from eventwire.models import Article

PARAGRAPH = ("North Korea threatened strikes against South Korea on Monday. "
             "Seoul's chief delegate sought an assurance from the North.\n\n")


def test_chunks_cover_the_text_at_paragraph_breaks():
    text = PARAGRAPH * 30
    chunks = _chunks(text, 500)
    assert "".join(chunks) == text
    assert all(len(c) <= 500 for c in chunks)
    assert all(c.endswith("\n") for c in chunks[:-1])


def test_long_body_codes_like_short_ones(coder, monkeypatch):
    text = PARAGRAPH * 12
    article = Article(article_id="long", body=text, published="2013-07-06")
    whole = coder.code_article(article)
    monkeypatch.setattr(coder_mod, "MAX_CHUNK_CHARS", 400)
    chunked = coder.code_article(article)
    key = lambda e: (e.sentence_id, e.cameo_code, e.source_actor and e.source_actor.code,  # noqa: E731
                     e.target_actor and e.target_actor.code, e.event_date.value)
    assert sorted(map(key, chunked.events)) == sorted(map(key, whole.events))
    assert len(chunked.events) >= 12
    for s in chunked.sentences:
        assert text[s.start:s.end].strip() == s.text
    streamed = list(coder.code_articles([article, Article(article_id="short",
                                                          body=PARAGRAPH,
                                                          published="2013-07-06")],
                                        batch_size=2))
    assert [c.article.article_id for c in streamed] == ["long", "short"]
    assert sorted(map(key, streamed[0].events)) == sorted(map(key, whole.events))
