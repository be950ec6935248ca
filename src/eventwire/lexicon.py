"""Reading eventwire's lexicon files: ours in the package, the user's from ``--dict``.

Lexicons are data, not code (see docs/LEXICONS.md for the format). Every file is a YAML
mapping with a ``kind`` and a list of ``entries``; this module reads and validates them and
remembers where each entry came from, so that a bad user entry is reported as
``file:line: problem`` rather than as a traceback from deep inside a matcher.

Compilation into spaCy matchers belongs to the stage that uses a kind (actors, events);
this module only turns files into validated entry lists, once per set of paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KINDS = ("countries", "agents", "organisations", "people", "verbs", "modality", "noise")

#: Required keys per kind; everything else is optional and documented in docs/LEXICONS.md.
REQUIRED: dict[str, tuple[str, ...]] = {
    "countries": ("code",),
    "agents": ("sector", "nouns"),
    "organisations": ("code", "names"),
    "people": ("name", "roles"),
    "verbs": ("code",),
    "modality": ("mode", "lemmas"),
    "noise": ("domain", "cues"),
}


class LexiconError(ValueError):
    """A lexicon file that cannot be used, with the place and the reason."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")


@dataclass
class Entry:
    """One lexicon entry with its provenance (file and 1-based line)."""

    data: dict[str, Any]
    path: str
    line: int
    user: bool = False

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def list(self, key: str) -> list[str]:
        """A key that may hold one string or a list of strings, always as a list."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, (str, int, float)):
            return [str(value)]
        return [str(v) for v in value]


@dataclass
class LexiconSet:
    """All entries by kind; user entries come after ours so that they override by key."""

    entries: dict[str, list[Entry]] = field(default_factory=lambda: {k: [] for k in KINDS})
    sources: list[str] = field(default_factory=list)

    def __getitem__(self, kind: str) -> list[Entry]:
        return self.entries[kind]


def _node_lines(node: yaml.Node) -> list[int]:
    """1-based start lines of the items of the ``entries`` sequence in a composed document."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "entries":
            if isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value.value]
    return []


def parse_lexicon_text(text: str, path: str, user: bool = False) -> tuple[str, list[Entry]]:
    """Parse one lexicon file's text into its kind and validated entries."""
    try:
        # One pass with libyaml when available: the node tree gives line numbers and the
        # same tree is constructed into data (the people lexicon alone is ~3,000 entries).
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise LexiconError(path, line, f"not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise LexiconError(path, 1, "expected a mapping with 'kind' and 'entries'")
    kind = data.get("kind")
    if kind not in KINDS:
        raise LexiconError(path, 1, f"'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
    items = data.get("entries")
    if not isinstance(items, list):
        raise LexiconError(path, 1, "'entries' must be a list")
    lines = _node_lines(node) or [1] * len(items)
    out: list[Entry] = []
    for item, line in zip(items, lines):
        if not isinstance(item, dict):
            raise LexiconError(path, line, f"a {kind} entry must be a mapping, got {item!r}")
        missing = [k for k in REQUIRED[kind] if item.get(k) in (None, "", [])]
        if missing:
            raise LexiconError(path, line, f"{kind} entry lacks {', '.join(missing)}")
        out.append(Entry(item, path, line, user))
    return kind, out


def package_lexicon_files() -> list[Path]:
    """Our own lexicon files, in a stable order."""
    root = resources.files("eventwire") / "data" / "lexicons"
    return sorted(Path(str(root)).rglob("*.yaml"))


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(list(p.rglob("*.yaml")) + list(p.rglob("*.yml"))))
        elif p.exists():
            files.append(p)
        else:
            raise LexiconError(str(p), None, "no such file or directory")
    return files


@lru_cache(maxsize=16)
def _load(user_paths: tuple[str, ...], include_ours: bool) -> LexiconSet:
    lex = LexiconSet()
    ours = package_lexicon_files() if include_ours else []
    for path, user in [(p, False) for p in ours] + [(p, True) for p in _expand(user_paths)]:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(str(path), None, f"cannot read: {exc}") from None
        kind, entries = parse_lexicon_text(text, str(path), user=user)
        lex.entries[kind].extend(entries)
        lex.sources.append(str(path))
    return lex


def load_lexicons(user_paths: Iterable[str | Path] = (), include_ours: bool = True) -> LexiconSet:
    """All lexicon entries: ours (unless ``include_ours`` is False) then the user's.

    Cached by the tuple of paths, so every stage in a process shares one parse.
    """
    return _load(tuple(str(p) for p in user_paths), include_ours)
