"""eventwire: political event data from news text.

``read_articles`` and the record types import light; ``Coder`` and ``code_text`` load spaCy,
so they are imported on first use (``import eventwire`` stays fast for readers of records).
"""

from typing import Any

from eventwire.ingest import read_articles
from eventwire.models import Actor, ActorMention, Article, CodedArticle, Event, EventDate, \
    Location, Sentence

__all__ = ["Actor", "ActorMention", "Article", "CodedArticle", "Coder", "Event", "EventDate",
           "Location", "Sentence", "code_text", "read_articles"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in ("Coder", "code_text"):
        from eventwire import coder

        return getattr(coder, name)
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
