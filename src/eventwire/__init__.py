"""eventwire: political event data from news text.

The public API grows stage by stage; see docs/ARCHITECTURE.md.
"""

from eventwire.models import Actor, ActorMention, Article, Event, EventDate, Location

__all__ = ["Actor", "ActorMention", "Article", "Event", "EventDate", "Location"]
__version__ = "0.1.0"
