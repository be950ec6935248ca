"""Turning split story parts plus whatever metadata the input gave into an ``Article``.

All readers (text, HTML, JSONL, CSV) end here so that the date order, the id rule and the
language guess are the same whatever the input format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from eventwire.ingest.dates import as_date, parse_when, resolve_month_day
from eventwire.ingest.language import guess_language
from eventwire.ingest.sources import BadInput
from eventwire.ingest.wire import WireParts
from eventwire.models import Article, stable_id


@dataclass
class Meta:
    """Metadata an input format supplies beside the text (all optional)."""

    source_file: str | None = None
    record_id: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    byline: str | None = None
    file_date: dt.date | None = None
    warnings: list[str] = field(default_factory=list)


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text if text and text.lower() not in ("nan", "none", "null") else None


def build_article(parts: WireParts, meta: Meta, *, raw_text: str | None = None) -> Article:
    """The article record; its date is the best evidence in the issue's order.

    Order: an explicit date field, the page's time-stamp line, the dateline's month and day
    (year from the time-stamp's updated date or the file date), the file's modification
    date. ``date_source`` says which one was used.
    """
    warnings = list(meta.warnings)
    if not parts.body.strip():
        if raw_text is None:
            raise BadInput("no article text left after removing page furniture",
                           "no article text")
        # A record is the user's unit: keep it (empty body, warned) so that outputs stay
        # one-to-one with inputs; its id comes from the raw text so such records differ.
        warnings.append("no article text left after removing page furniture")
    published: str | None = None
    date_source = "none"
    if _clean(meta.date):
        published = parse_when(str(meta.date).strip())
        if published:
            date_source = "field"
        else:
            warnings.append(f"unreadable date field {str(meta.date)[:40]!r}")
    if published is None and parts.published:
        published, date_source = parts.published, "timestamp"
    if published is None and parts.dateline_month and parts.dateline_day:
        context = as_date(parts.updated) or meta.file_date
        if parts.dateline_year:
            context = dt.date(parts.dateline_year, 12, 31)
        published = resolve_month_day(parts.dateline_month, parts.dateline_day, context)
        if published:
            date_source = "dateline"
    if published is None and meta.file_date is not None:
        published, date_source = meta.file_date.isoformat(), "file"

    record_id = _clean(meta.record_id)
    return Article(
        article_id=record_id or stable_id(parts.body or raw_text or ""),
        body=parts.body,
        title=_clean(meta.title) or _clean(parts.title),
        byline=_clean(parts.byline) or _clean(meta.byline),
        dateline_place=parts.dateline_place,
        agency=parts.agency,
        published=published,
        updated=parts.updated,
        date_source=date_source,
        url=_clean(meta.url),
        source_file=meta.source_file,
        language=guess_language(parts.body),
        warnings=warnings,
        source=_clean(meta.source),
    )
