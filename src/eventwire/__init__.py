"""eventwire: political event data from news text.

The public API grows stage by stage; see docs/ARCHITECTURE.md.
"""

from eventwire.models import Actor, ActorMention, Article, Event, EventDate, Location
from eventwire.ingest import read_articles

__all__ = ["Actor", "ActorMention", "Article", "Event", "EventDate", "Location", "read_articles"]
__version__ = "0.1.0"
