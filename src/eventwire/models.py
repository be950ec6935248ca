"""The typed records that flow between eventwire's stages.

Every stage hands the next one of these plain dataclasses, so that a reader can follow one
article from raw input to events without knowing any stage's internals:

    raw input --ingest--> Article --nlp--> spaCy Doc --actors--> ActorMention
              --events--> Event --sinks/store--> files, DuckDB

They are deliberately free of spaCy objects: they serialise to JSON with ``to_dict`` and
cross process boundaries (``--workers``, Spark) unchanged.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

#: Which evidence gave an article its date, best first (the ingestion issue's order).
DATE_SOURCES = ("field", "timestamp", "dateline", "file", "none")

#: How an event's statement is to be taken; see docs/EVENTS.md.
MODALITIES = ("asserted", "reported", "intended", "threatened", "denied", "hypothetical")


def _normalise_for_id(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def stable_id(*parts: str, length: int = 16) -> str:
    """A short hex id that depends only on the normalised text of ``parts``.

    Ids must survive re-reading the same input (idempotent store ingests), so they are content
    hashes, never counters or random values.
    """
    h = hashlib.sha1("\x1f".join(_normalise_for_id(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def _asdict(obj: Any) -> dict[str, Any]:
    return dataclasses.asdict(obj)


@dataclass
class Article:
    """One news article with its metadata separated from its clean body.

    ``published``/``updated`` are ISO 8601 strings (date, or date-time with offset when the
    source gave a time) so that they serialise losslessly to every sink.
    """

    article_id: str
    body: str
    title: str | None = None
    byline: str | None = None
    dateline_place: str | None = None
    agency: str | None = None
    published: str | None = None
    updated: str | None = None
    date_source: str = "none"
    url: str | None = None
    source_file: str | None = None
    language: str | None = "en"
    warnings: list[str] = field(default_factory=list)
    source: str | None = None  # outlet / feed name when the input gave one

    FIELDS = (
        "article_id", "title", "byline", "dateline_place", "agency", "published", "updated",
        "date_source", "body", "url", "source_file", "language", "warnings",
    )

    @property
    def date(self) -> str | None:
        """The article's reference date (YYYY-MM-DD) against which relative dates resolve."""
        return self.published[:10] if self.published else None

    def to_dict(self) -> dict[str, Any]:
        d = _asdict(self)
        return {k: d[k] for k in self.FIELDS} | {"source": self.source}


@dataclass
class Actor:
    """An actor as it appears in an event record: the code plus its parts.

    ``code`` is the CAMEO-style actor code: an ISO 3166-1 alpha-3 country (``PRK``) or an
    organisation prefix (``IGO``, ``NGO``…) followed by optional three-letter sector codes
    (``GOV``, ``MIL``…): ``PRKGOV``, ``IGOUNO``.
    """

    text: str
    code: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _asdict(self)


@dataclass
class ActorMention:
    """A span of an article resolved to an actor code.

    Offsets are character offsets into the article body (``start``/``end``) plus token
    offsets into the parsed document (``token_start``/``token_end``, end exclusive) so that
    the event coder can find mentions on the dependency tree.
    """

    article_id: str
    sentence_id: int
    start: int
    end: int
    token_start: int
    token_end: int
    text: str
    code: str
    country: str | None
    sector: str | None
    name: str | None = None
    kind: str = "state"  # state | sector | organisation | person | group
    resolved_by: str = "lexicon"  # lexicon | rule | coreference | user
    antecedent: str | None = None
    confidence: float = 1.0
    head: int | None = None  # token index of the mention's syntactic head

    FIELDS = (
        "article_id", "sentence_id", "start", "end", "text", "code", "country", "sector",
        "name", "resolved_by", "antecedent", "confidence",
    )

    def to_actor(self) -> Actor:
        return Actor(text=self.text, code=self.code, country=self.country,
                     sector=self.sector, name=self.name)

    def to_dict(self) -> dict[str, Any]:
        d = _asdict(self)
        return {k: d[k] for k in self.FIELDS} | {"kind": self.kind}


@dataclass
class EventDate:
    """An event's own date with the precision the text supports.

    ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` to match ``granularity``; ``expression``
    is the text that gave it (``"in April"``), None when the article date was used.
    """

    value: str | None
    granularity: str = "day"  # day | month | year | decade (value: the decade's first year)
    expression: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _asdict(self)


@dataclass
class Location:
    """Where an event happened; ``fallback`` is True when it is the dateline, not the sentence."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    fallback: bool = False

    def to_dict(self) -> dict[str, Any]:
        return _asdict(self)


@dataclass
class Event:
    """One coded interaction: the output record of ``eventwire code`` (see ARCHITECTURE.md)."""

    event_id: str
    article_id: str
    sentence_id: int
    sentence_text: str
    event_date: EventDate
    source_actor: Actor | None
    target_actor: Actor | None
    cameo_code: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    plover_mode: str | None
    plover_context: str | None
    trigger: str
    negated: bool
    modality: str
    location: Location | None
    rule: str
    confidence: float

    FIELDS = (
        "event_id", "article_id", "sentence_id", "sentence_text", "event_date", "source_actor",
        "target_actor", "cameo_code", "cameo_root", "quad_class", "goldstein", "plover_type",
        "plover_mode", "plover_context", "trigger", "negated", "modality", "location", "rule",
        "confidence",
    )

    def to_dict(self) -> dict[str, Any]:
        d = _asdict(self)
        return {k: d[k] for k in self.FIELDS}

    def to_flat(self) -> dict[str, Any]:
        """A one-level dict for tabular sinks (CSV, Parquet): nested objects become columns."""
        flat: dict[str, Any] = {}
        for k, v in self.to_dict().items():
            if k in ("source_actor", "target_actor", "location", "event_date"):
                prefix = {"source_actor": "source", "target_actor": "target",
                          "location": "location", "event_date": "event_date"}[k]
                sub = v or {}
                keys = {
                    "source_actor": ("text", "code", "country", "sector", "name"),
                    "target_actor": ("text", "code", "country", "sector", "name"),
                    "location": ("name", "country", "lat", "lon", "fallback"),
                    "event_date": ("value", "granularity", "expression"),
                }[k]
                for sk in keys:
                    col = prefix if (k == "event_date" and sk == "value") else f"{prefix}_{sk}"
                    flat[col] = sub.get(sk)
            else:
                flat[k] = v
        return flat


#: Column names of the flat event table, in order (CSV header, Parquet schema, DuckDB table).
EVENT_FLAT_COLUMNS: tuple[str, ...] = tuple(
    Event(
        event_id="", article_id="", sentence_id=0, sentence_text="",
        event_date=EventDate(None), source_actor=None, target_actor=None, cameo_code="",
        cameo_root="", quad_class=0, goldstein=0.0, plover_type="", plover_mode=None,
        plover_context=None, trigger="", negated=False, modality="asserted", location=None,
        rule="", confidence=0.0,
    ).to_flat().keys()
)


@dataclass
class Sentence:
    """A sentence of an article body, by character offsets into ``Article.body``."""

    article_id: str
    sentence_id: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return _asdict(self)


@dataclass
class CodedArticle:
    """Everything the coder learnt from one article: what the store and the web app keep."""

    article: Article
    sentences: list[Sentence]
    mentions: list[ActorMention]
    events: list[Event]
    model: str | None = None  # spaCy pipeline label, for provenance

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "sentences": [s.to_dict() for s in self.sentences],
            "mentions": [m.to_dict() for m in self.mentions],
            "events": [e.to_dict() for e in self.events],
            "model": self.model,
        }
