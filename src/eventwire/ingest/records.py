"""JSONL and CSV collections: one article per record, streamed so files may be any size.

Field names differ between datasets, so each article field has a list of usual names
(``text`` or ``body``…) and the user can name the column instead (``--text-field``). A
record's text is still scraped text, so it goes through the wire clean-up too.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

#: Article field -> column names tried in order when the user did not name one.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "story", "full_text"),
    "id": ("id", "article_id", "doc_id", "guid", "uid"),
    "title": ("title", "headline"),
    "date": ("date", "published", "publish_date", "pubdate", "published_at", "datetime"),
    "url": ("url", "link", "href"),
    "source": ("source", "outlet", "publisher", "sitename", "site"),
}
FIELD_NAMES = tuple(DEFAULT_FIELDS)

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles exceed csv's 128 KB default


class RecordError(Exception):
    """One bad record (the file goes on); ``line`` is 1-based in the file."""

    def __init__(self, line: int, reason: str, kind: str) -> None:
        super().__init__(reason)
        self.line, self.reason, self.kind = line, reason, kind


class ColumnError(Exception):
    """The whole file lacks the text column: one message, not one per row."""


def resolve_fields(columns: list[str] | None,
                   fields: Mapping[str, str] | None) -> dict[str, str | tuple[str, ...]]:
    """Per article field: the user's column name, else the candidate names to try."""
    chosen: dict[str, str | tuple[str, ...]] = {}
    for name, candidates in DEFAULT_FIELDS.items():
        given = (fields or {}).get(name)
        if given:
            chosen[name] = given
        elif columns is not None:
            lowered = {c.strip().lower(): c for c in columns if c}
            found = next((lowered[c] for c in candidates if c in lowered), None)
            chosen[name] = found or candidates
        else:
            chosen[name] = candidates
    return chosen


def pick(record: Mapping[str, Any], spec: str | tuple[str, ...]) -> Any:
    if isinstance(spec, str):
        return record.get(spec)
    for name in spec:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None


def iter_jsonl(fh: TextIO) -> Iterator[tuple[int, dict[str, Any]] | RecordError]:
    """(line number, record) per good line; a RecordError per bad one.

    A file that is one JSON array (``[{…}, {…}]``) is accepted too; it must fit in memory.
    """
    first = fh.read(1)
    while first and first.isspace():
        first = fh.read(1)
    if first == "[":
        try:
            items = json.loads("[" + fh.read())
        except json.JSONDecodeError as exc:
            yield RecordError(exc.lineno, f"malformed JSON array: {exc.msg}", "malformed JSON")
            return
        for n, item in enumerate(items, 1):
            yield _as_record(n, item)
        return
    pending = first
    for n, line in enumerate(fh, 1):
        line = pending + line
        pending = ""
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RecordError(n, f"malformed JSON ({exc.msg}, column {exc.colno})",
                              "malformed JSON")
            continue
        yield _as_record(n, item)
    if pending.strip():
        yield RecordError(1, "malformed JSON line", "malformed JSON")


def _as_record(n: int, item: Any) -> tuple[int, dict[str, Any]] | RecordError:
    if not isinstance(item, dict):
        return RecordError(n, f"JSON value is a {type(item).__name__}, not an object",
                           "not a JSON object")
    return n, item


def iter_csv(fh: TextIO, fields: Mapping[str, str] | None, *, delimiter: str | None = None
             ) -> Iterator[tuple[int, dict[str, Any]] | RecordError]:
    """(line number, row) per CSV row; raises ColumnError if no text column exists."""
    if delimiter is None:
        delimiter = "\t" if getattr(fh, "name", "").lower().endswith(".tsv") else ","
    reader = csv.DictReader(fh, delimiter=delimiter)
    try:
        columns = reader.fieldnames
    except csv.Error as exc:
        raise ColumnError(f"unreadable CSV header ({exc})") from exc
    if not columns:
        raise ColumnError("empty CSV (no header row)")
    spec = resolve_fields(list(columns), fields)["text"]
    if isinstance(spec, tuple) or spec not in columns:
        wanted = spec if isinstance(spec, str) else " or ".join(spec[:2])
        raise ColumnError(f"no text column {wanted!r} (columns: {', '.join(columns)}); "
                          f"name it with --text-field")
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RecordError(line, f"malformed CSV row ({exc})", "malformed CSV")
            continue
        if None in row:  # more cells than header columns
            row.pop(None)
        yield line, row
