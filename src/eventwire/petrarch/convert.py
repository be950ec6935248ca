"""Convert PETRARCH/TABARI dictionaries into an eventwire lexicon directory.

``import_petrarch(files, outdir)`` writes, per input file, one YAML lexicon per kind it
yields (``<stem>.<kind>.yaml``), plus ``untranslated.tsv`` (every entry, pattern or line that
was not translated exactly: file, line, status, reason, text) and ``summary.json`` (counts per
file and per reason). The directory is then usable as ``--dict DIR``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from eventwire.petrarch.actors import ActorConversion, convert_actors, parse_actor_dictionary
from eventwire.petrarch.agents import AgentConversion, convert_agents
from eventwire.petrarch.common import TSV_HEADER, Issue, read_text
from eventwire.petrarch.discards import DiscardConversion, convert_discards
from eventwire.petrarch.verbs import VerbConversion, convert_verbs

DICTIONARY_TYPES = ("actors", "agents", "discards", "verbs")

try:  # the C dumper is ten times faster on the 18,000-person country file
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Dumper = yaml.SafeDumper


def detect_type(path: Path, text: str) -> str:
    """Which kind of PETRARCH dictionary a file is: by its name, else by its content."""
    name = path.name.lower()
    for key, kind in (("actor", "actors"), ("agent", "agents"), ("discard", "discards"),
                      ("verb", "verbs"), ("cameo", "verbs")):
        if key in name:
            return kind
    if re.search(r"^---\s*\S.*\[[^\]]*\]\s*---", text, re.M):
        return "verbs"
    if "[~" in text or re.search(r"\[[A-Z]+~\]", text):
        return "agents"
    if re.search(r"\[[A-Z]{3}", text):
        return "actors"
    return "discards"


def reason_key(reason: str) -> str:
    """A reason without its particulars, for counting ("'223' is not a CAMEO event code" ->
    "<value> is not a CAMEO event code")."""
    r = re.sub(r"'[^']*'|\"[^\"]*\"", "<value>", reason)
    r = re.sub(r"\[[^\]]*\]", "[...]", r)
    r = re.sub(r"\d+", "N", r)
    return r


@dataclass
class FileReport:
    file: str
    dictionary: str
    read: int = 0
    converted: int = 0
    outputs: dict[str, int] = field(default_factory=dict)  # kind -> entries written
    issues: list[Issue] = field(default_factory=list)

    def by_reason(self) -> dict[str, int]:
        c = Counter(f"{i.status}: {reason_key(i.reason)}" for i in self.issues)
        return dict(c.most_common())

    def as_dict(self) -> dict[str, Any]:
        statuses = Counter(i.status for i in self.issues)
        return {"file": self.file, "dictionary": self.dictionary, "read": self.read,
                "converted": self.converted, "untranslated": statuses.get("untranslated", 0),
                "approximated": statuses.get("approximated", 0),
                "skipped": statuses.get("skipped", 0), "outputs": self.outputs,
                "reasons": self.by_reason()}


@dataclass
class ImportReport:
    outdir: str
    files: list[FileReport] = field(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        return [i for f in self.files for i in f.issues]

    def totals(self) -> dict[str, int]:
        statuses = Counter(i.status for i in self.issues)
        return {"read": sum(f.read for f in self.files),
                "converted": sum(f.converted for f in self.files),
                "untranslated": statuses.get("untranslated", 0),
                "approximated": statuses.get("approximated", 0),
                "skipped": statuses.get("skipped", 0)}

    def as_dict(self) -> dict[str, Any]:
        return {"outdir": self.outdir, "totals": self.totals(),
                "files": [f.as_dict() for f in self.files]}


def _write_lexicon(path: Path, kind: str, entries: list[dict[str, Any]], source: str) -> None:
    header = (f"# Converted by `eventwire dict import --format petrarch` from {source}.\n"
              f"# Generated: edit the source dictionary and re-import rather than this file.\n"
              f"# What was not translated exactly is listed in untranslated.tsv.\n")
    body = yaml.dump({"kind": kind, "entries": entries}, Dumper=_Dumper, sort_keys=False,
                     allow_unicode=True, default_flow_style=None, width=120)
    path.write_text(header + body, encoding="utf-8")


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional keys so the YAML reads like a hand-written lexicon."""
    return {k: v for k, v in entry.items() if v not in (None, [], "")}


def convert_file(path: Path, outdir: Path, kind: str | None = None,
                 exclude_roots: tuple[str, ...] = ()) -> FileReport:
    """Convert one dictionary file into ``outdir``; returns its counts and issues."""
    text = read_text(path)
    dictionary = kind or detect_type(path, text)
    if dictionary not in DICTIONARY_TYPES:
        raise ValueError(f"{path}: unknown dictionary type {dictionary!r}")
    rep = FileReport(path.name, dictionary)
    stem = path.name[:-4] if path.name.lower().endswith(".txt") else path.name
    outputs: dict[str, list[dict[str, Any]]] = {}
    if dictionary == "actors":
        records = parse_actor_dictionary(text, path.name, rep.issues)
        conv = ActorConversion()
        convert_actors(records, path.name, rep.issues, conv)
        rep.read, rep.converted = len(records), conv.converted
        outputs = {"countries": list(conv.countries.values()),
                   "organisations": list(conv.organisations.values()),
                   "people": list(conv.people.values())}
    elif dictionary == "agents":
        aconv = AgentConversion()
        convert_agents(text, path.name, rep.issues, aconv)
        rep.read, rep.converted = aconv.read, aconv.converted
        outputs = {"agents": list(aconv.sectors.values())}
    elif dictionary == "discards":
        dconv = DiscardConversion()
        domain = "petrarch_discard_" + re.sub(r"\W+", "_", stem.lower()).strip("_")
        convert_discards(text, path.name, rep.issues, dconv, domain)
        rep.read, rep.converted = dconv.read, dconv.converted
        outputs = {"noise": dconv.entries}
    else:
        vconv = VerbConversion()
        convert_verbs(text, path.name, rep.issues, vconv, exclude_roots=exclude_roots)
        rep.read, rep.converted = vconv.read, vconv.converted
        outputs = {"verbs": vconv.entries}
    for out_kind, entries in outputs.items():
        if not entries:
            continue
        _write_lexicon(outdir / f"{stem}.{out_kind}.yaml", out_kind,
                       [_clean(e) for e in entries], path.name)
        rep.outputs[out_kind] = len(entries)
    return rep


def import_petrarch(files: Iterable[str | Path], outdir: str | Path,
                    kind: str | None = None, exclude_roots: Iterable[str] = ()
                    ) -> ImportReport:
    """Convert every file into ``outdir`` and write untranslated.tsv and summary.json."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    report = ImportReport(str(out))
    for f in files:
        report.files.append(convert_file(Path(f), out, kind,
                                         tuple(r.zfill(2) for r in exclude_roots)))
    with open(out / "untranslated.tsv", "w", encoding="utf-8") as fh:
        fh.write(TSV_HEADER + "\n")
        for issue in report.issues:
            fh.write(issue.tsv() + "\n")
    (out / "summary.json").write_text(json.dumps(report.as_dict(), indent=2) + "\n",
                                      encoding="utf-8")
    return report
