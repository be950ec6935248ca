"""Ingestion: raw news (text, HTML, JSONL, CSV; files, directories, globs, stdin) -> Articles.

``read_articles`` is a generator so that a corpus of any size flows through with flat
memory, and it never raises for bad input: each bad file or record is reported to the
``RunReport`` (file, line, reason) and skipped, so one broken file cannot cost the good
records around it.

    from eventwire import read_articles
    for article in read_articles(["news/", "feed.jsonl"]):
        print(article.title, article.published)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path

from eventwire.ingest.build import Meta, build_article
from eventwire.ingest.records import (ColumnError, RecordError, iter_csv, iter_jsonl, pick,
                                      resolve_fields)
from eventwire.ingest.sources import (INPUT_FORMATS, MAX_ARTICLE_BYTES, BadInput, Source,
                                      decode, expand_paths, format_of, read_head, text_stream)
from eventwire.ingest.wire import WireParts, split_wire
from eventwire.models import Article
from eventwire.report import RunReport

__all__ = ["INPUT_FORMATS", "MAX_ARTICLE_BYTES", "WireParts", "read_articles", "sample_path",
           "split_wire"]


def sample_path() -> Path:
    """The bundled sample story (used by ``eventwire demo`` and the docs)."""
    return Path(str(resources.files("eventwire") / "data" / "samples" /
                    "ceasefire-talks-sample.txt"))


def read_articles(paths: str | Path | Iterable[str | Path], *, input_format: str = "auto",
                  fields: Mapping[str, str] | None = None, report: RunReport | None = None,
                  max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article]:
    """Articles from ``paths`` (files, directories, globs, "-" for stdin), in input order.

    ``fields`` maps article fields (text, id, title, date, url, source) to column names of
    JSONL/CSV input. ``report`` receives counts and failures; without one, failures are
    still printed to stderr.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {', '.join(INPUT_FORMATS)}")
    if isinstance(paths, (str, Path)):
        paths = [paths]
    report = report or RunReport()
    for item in expand_paths(list(paths)):
        if isinstance(item, BadInput):
            report.fail(item.reason.split(":", 1)[0], item.reason.split(": ", 1)[-1],
                        kind=item.kind)
            continue
        try:
            yield from _read_source(item, input_format, fields, report, max_bytes)
        except BadInput as exc:
            report.fail(item.name, exc.reason, kind=exc.kind)
        except OSError as exc:
            report.fail(item.name, f"cannot read ({exc.strerror or exc})", kind="unreadable file")


def _file_date(source: Source) -> dt.date | None:
    if source.path is None:
        return None
    stamp = source.path.stat().st_mtime
    return dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc).date()


def _read_source(source: Source, input_format: str, fields: Mapping[str, str] | None,
                 report: RunReport, max_bytes: int) -> Iterator[Article]:
    with source.open_binary() as stream:
        head = stream.peek(8192)[:8192] if hasattr(stream, "peek") else b""
        fmt = format_of(source, head, input_format)
        if fmt in ("jsonl", "csv"):
            yield from _read_records(source, stream, fmt, fields, report, max_bytes)
            return
        report.read += 1
        data, truncated = read_head(stream, max_bytes)
    if not data.strip():
        raise BadInput("empty file", "empty file")
    text = decode(data, source)
    if not text.strip():
        raise BadInput("empty file (only whitespace)", "empty file")
    if truncated:
        size = source.path.stat().st_size if source.path else None
        whole = f" of {size / 1e6:.1f} MB" if size else ""
        source.warnings.append(f"truncated: only the first {max_bytes / 1e6:.0f} MB{whole} "
                               f"read (one article per {fmt} file)")
    for warning in source.warnings:
        report.warn(source.name, warning, kind=warning.split(":")[0])
    meta = Meta(source_file=source.name, file_date=_file_date(source),
                warnings=list(source.warnings))
    if fmt == "html":
        from eventwire.ingest.html import parse_html

        parts = parse_html(text, meta)
    else:
        parts = split_wire(text)
    yield build_article(parts, meta)


def _read_records(source: Source, stream, fmt: str, fields: Mapping[str, str] | None,
                  report: RunReport, max_bytes: int) -> Iterator[Article]:
    fh = text_stream(stream, source)
    for warning in source.warnings:
        report.warn(source.name, warning, kind=warning.split(":")[0])
    try:
        rows = iter_jsonl(fh) if fmt == "jsonl" else iter_csv(fh, fields)
        spec = None
        for item in rows:
            report.read += 1
            if isinstance(item, RecordError):
                report.fail(source.name, item.reason, line=item.line, kind=item.kind)
                continue
            line, record = item
            if spec is None or fmt == "jsonl":
                spec = resolve_fields(list(record), fields)
            try:
                yield _record_article(source, line, record, spec, max_bytes, report)
            except BadInput as exc:
                report.fail(source.name, exc.reason, line=line, kind=exc.kind)
    except ColumnError as exc:
        raise BadInput(str(exc), "no text column") from exc
    finally:
        fh.detach()


def _record_article(source: Source, line: int, record: Mapping, spec: Mapping,
                    max_bytes: int, report: RunReport) -> Article:
    text = pick(record, spec["text"])
    if text is None or not str(text).strip():
        wanted = spec["text"] if isinstance(spec["text"], str) else "text or body"
        raise BadInput(f"record has no {wanted} field or it is empty", "empty text")
    text = str(text)
    warnings = list(source.warnings)
    if len(text) > max_bytes:
        text = text[:max_bytes]
        warnings.append(f"truncated: text longer than {max_bytes / 1e6:.0f} MB")
        report.warn(source.name, warnings[-1], line=line, kind="truncated")
    title = pick(record, spec["title"])
    title = str(title) if title not in (None, "") else None
    meta = Meta(source_file=source.name, record_id=_str(pick(record, spec["id"])),
                title=title, date=_str(pick(record, spec["date"])),
                url=_str(pick(record, spec["url"])), source=_str(pick(record, spec["source"])),
                warnings=warnings)
    article = build_article(split_wire(text, title=title), meta, raw_text=text)
    if not article.body:
        report.warn(source.name, article.warnings[-1], line=line, kind="no article text")
    return article


def _str(value: object) -> str | None:
    return None if value is None else str(value)
