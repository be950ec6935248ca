"""Finding input files, guessing their format and decoding them safely.

Batches come from scrapers, so any file may be empty, binary, in a legacy encoding or
absurdly large. Each of those is a named ``BadInput`` for the caller to report, never an
exception that ends the batch.

Size policy: a text or HTML file holds one article, and no news article is megabytes long,
so only the first ``MAX_ARTICLE_BYTES`` (2 MB) are read, cut at the last paragraph break,
and the article carries a "truncated" warning. Memory therefore stays bounded whatever the
file size; JSONL and CSV files are streamed record by record and may be any size.
"""

from __future__ import annotations

import glob
import io
import os
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

MAX_ARTICLE_BYTES = 2_000_000
INPUT_FORMATS = ("auto", "text", "html", "jsonl", "csv")

_SUFFIXES = {
    ".txt": "text", ".text": "text", ".md": "text", ".story": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "csv",
}


class BadInput(Exception):
    """Input that cannot become an article; ``kind`` groups it in the run summary."""

    def __init__(self, reason: str, kind: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind or reason


@dataclass
class Source:
    """One input: a path, or stdin when ``path`` is None."""

    name: str
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def open_binary(self) -> BinaryIO:
        return sys.stdin.buffer if self.path is None else open(self.path, "rb")


def expand_paths(paths: list[str | Path]) -> Iterator[Source | BadInput]:
    """Files named directly, found under directories (recursively) or matched by globs.

    Hidden files and directories (``.git``, editor backups) are skipped under directories;
    a name that matches nothing is a BadInput so that a typo is never silent.
    """
    for raw in paths:
        text = str(raw)
        if text == "-":
            yield Source("<stdin>")
            continue
        p = Path(text)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Source(str(Path(root) / name), Path(root) / name)
        elif p.is_file():
            yield Source(text, p)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                yield BadInput(f"{text}: no file matches this pattern", "no such file")
            for match in matches:
                if Path(match).is_file():
                    yield Source(match, Path(match))
        else:
            yield BadInput(f"{text}: no such file or directory", "no such file")


def format_of(source: Source, head: bytes, requested: str = "auto") -> str:
    """The reader for ``source``: the user's choice, else its suffix, else a sniff."""
    if requested != "auto":
        return requested
    if source.path is not None:
        fmt = _SUFFIXES.get(source.path.suffix.lower())
        if fmt:
            return fmt
    return sniff(head)


def sniff(head: bytes) -> str:
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:4000].lower()
    if s.startswith(b"<") and any(t in s for t in (b"<html", b"<!doctype html", b"<body",
                                                   b"<article", b"<p", b"<div", b"<head")):
        return "html"
    if s.startswith((b"{", b"[")):
        return "jsonl"
    first = s.split(b"\n", 1)[0]
    if b"," in first and any(w in first.split(b",") for w in (b"text", b"body", b'"text"')):
        return "csv"
    return "text"


def read_head(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` bytes, and whether there was more (without reading the rest)."""
    data = stream.read(limit + 1)
    if len(data) <= limit:
        return data, False
    data = data[:limit]
    for sep in (b"\n\n", b"\n", b" "):
        cut = data.rfind(sep)
        if cut > limit // 2:
            return data[:cut], True
    return data, True


def detect_encoding(data: bytes) -> str:
    """The encoding of ``data``: UTF-8 when it decodes, else charset-normalizer's guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in data[:8192]:
        raise BadInput("binary file (contains NUL bytes)", "binary file")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:
            return "utf-8"  # a multi-byte character cut by our own read limit
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise BadInput("binary or undecodable file (no text encoding fits)", "binary file")
    return best.encoding


def decode(data: bytes, source: Source) -> str:
    """Text of ``data``; legacy encodings are decoded and noted, binary data is refused."""
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        source.warnings.append(f"not UTF-8: decoded as {encoding}")
    check_not_binary(text)
    return text


def check_not_binary(text: str) -> None:
    sample = text[:20_000]
    if not sample:
        return
    control = sum(1 for c in sample if unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn")
                  and c not in "\n\r\t\f\v")
    if control > 0.02 * len(sample):
        raise BadInput("binary file (control characters, not text)", "binary file")


def text_stream(stream: BinaryIO, source: Source, head_size: int = 256_000) -> io.TextIOBase:
    """A decoded, streaming text view of ``stream`` for JSONL and CSV readers."""
    buffered = io.BufferedReader(stream, buffer_size=head_size)  # type: ignore[arg-type]
    head = buffered.peek(head_size)[:head_size]
    encoding = detect_encoding(head)
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        source.warnings.append(f"not UTF-8: decoded as {encoding}")
    return io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="")
