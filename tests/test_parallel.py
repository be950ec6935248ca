"""``workers > 1``: same events, same order as one process; input consumed lazily."""

from __future__ import annotations

from eventwire.models import Article

TEXTS = [
    "North Korea threatened missile strikes against South Korea on Monday.",
    "Seoul condemned the threat and recalled its ambassador.",
    "The weather was mild.",
    "Iran and the European Union held talks in Geneva on Friday.",
    "Russian troops attacked the town of Bakhmut.",
    "",
    "The United Nations urged both sides to show restraint.",
    "Israel imposed sanctions on Iran.",
    "Protesters marched in Paris against the French government.",
]


def _arts(n: int = len(TEXTS)) -> list[Article]:
    return [Article(article_id=f"a{i}", body=TEXTS[i % len(TEXTS)], published="2020-05-04",
                    date_source="field") for i in range(n)]


def _events(coded):
    return [(c.article.article_id, [e.to_dict() for e in c.events]) for c in coded]


def test_two_workers_equal_one_in_input_order(coder):
    from eventwire.parallel import code_parallel

    one = list(coder.code_articles(_arts(18), workers=1))
    two = list(code_parallel(coder, _arts(18), 2, chunk_size=3))
    assert [c.article.article_id for c in two] == [f"a{i}" for i in range(18)]
    assert _events(two) == _events(one)
    assert sum(len(c.events) for c in one) >= 8


def test_workers_through_code_articles_fast(coder):
    one = list(coder.code_articles(_arts(), workers=1, fast=True))
    two = list(coder.code_articles(_arts(), workers=2, fast=True))
    assert _events(two) == _events(one)


def test_input_is_consumed_lazily(coder):
    from eventwire.parallel import code_parallel

    consumed = 0

    def stream():
        nonlocal consumed
        for a in _arts(400):
            consumed += 1
            yield a

    it = code_parallel(coder, stream(), 2, chunk_size=2, in_flight=2)
    first = next(it)
    assert first.article.article_id == "a0"
    # at most in_flight chunks queued (plus the one being formed) before the first result
    assert consumed <= 2 * 3
    rest = list(it)
    assert len(rest) == 399
