"""Rebuild ``CodedArticle`` records from their JSON form (``CodedArticle.to_dict``).

This lets ``eventwire ingest --coded`` store articles coded elsewhere (another machine, a
Spark job, an earlier run) without re-running the coder; the models only serialise, so the
inverse lives here with its one user.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from eventwire.models import (
    Actor, ActorMention, Article, CodedArticle, Event, EventDate, Location, Sentence,
)


def _pick(cls: type, d: dict[str, Any]) -> dict[str, Any]:
    names = cls.__dataclass_fields__  # type: ignore[attr-defined]
    return {k: v for k, v in d.items() if k in names}


def _actor(d: dict[str, Any] | None) -> Actor | None:
    return Actor(**_pick(Actor, d)) if d else None


def event_from_dict(d: dict[str, Any]) -> Event:
    kw = _pick(Event, d)
    ed = d.get("event_date")
    kw["event_date"] = EventDate(**_pick(EventDate, ed)) if isinstance(ed, dict) else EventDate(ed)
    kw["source_actor"] = _actor(d.get("source_actor"))
    kw["target_actor"] = _actor(d.get("target_actor"))
    loc = d.get("location")
    kw["location"] = Location(**_pick(Location, loc)) if loc else None
    return Event(**kw)


def mention_from_dict(d: dict[str, Any]) -> ActorMention:
    kw = _pick(ActorMention, d)
    # to_dict omits token offsets (they are only meaningful next to a parse).
    kw.setdefault("token_start", -1)
    kw.setdefault("token_end", -1)
    return ActorMention(**kw)


def coded_from_dict(d: dict[str, Any]) -> CodedArticle:
    """The inverse of ``CodedArticle.to_dict``."""
    return CodedArticle(
        article=Article(**_pick(Article, d["article"])),
        sentences=[Sentence(**_pick(Sentence, s)) for s in d.get("sentences", [])],
        mentions=[mention_from_dict(m) for m in d.get("mentions", [])],
        events=[event_from_dict(e) for e in d.get("events", [])],
        model=d.get("model"),
    )


def read_coded_jsonl(path: str | Path,
                     on_error: Callable[[str, int, Exception], None] | None = None
                     ) -> Iterator[CodedArticle]:
    """Coded articles from a JSONL file, one ``CodedArticle.to_dict`` object per line.

    A malformed line is passed to ``on_error(path, line_number, exception)`` and skipped, so
    one bad record does not cost the rest of the file; without ``on_error`` it raises.
    """
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield coded_from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                if on_error is None:
                    raise ValueError(f"{path}:{n}: not a coded article: {exc}") from exc
                on_error(str(path), n, exc)
