"""eventwire: political event data from news text.

The record types import light; ``read_articles``, ``Coder`` and ``code_text`` pull in the
ingest stage and spaCy, so they are imported on first use.
"""

from typing import Any

from eventwire.models import Actor, ActorMention, Article, CodedArticle, Event, EventDate, \
    Location, Sentence

__all__ = ["Actor", "ActorMention", "Article", "CodedArticle", "Coder", "Event", "EventDate",
           "Location", "Sentence", "code_text", "read_articles"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Imported on first use: the analysis and web commands need neither the ingest stage
    # (dateparser, trafilatura) nor spaCy, and start faster without them.
    if name in ("Coder", "code_text"):
        from eventwire import coder

        return getattr(coder, name)
    if name == "read_articles":
        from eventwire.ingest import read_articles

        return read_articles
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
