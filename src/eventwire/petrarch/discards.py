"""PETRARCH discard lists (``*.discards.txt``) into a ``noise`` lexicon entry.

A discard phrase ("MONTHS LATER", "+Manchester United") tells PETRARCH to skip the
sentence, or with ``+`` the whole story. Our ``noise`` kind is the same idea (text that
borrows political words without being politics), so the phrases become the cues of one
noise domain per file. Two differences are listed in untranslated.tsv as approximations:
eventwire has no story-level discard (a ``+`` phrase drops its sentence only), and
``noise_domain`` drops a sentence on two cues (or a score and one cue), while PETRARCH
drops it on one; the entry carries ``min_cues: 1`` for a loader that honours it
(proposed in docs/PETRARCH.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eventwire.petrarch.common import Issue, content_lines, phrase_words


@dataclass
class DiscardConversion:
    entries: list[dict[str, Any]] = field(default_factory=list)
    read: int = 0
    converted: int = 0


def convert_discards(text: str, file: str, issues: list[Issue], out: DiscardConversion,
                     domain: str, dictionary: str = "discards") -> None:
    """One noise entry for the file's phrases (lower case: noise cues match any case)."""
    cues: list[str] = []
    story = 0
    first_story: int | None = None
    for n, line in content_lines(text):
        s = line.strip()
        if not s:
            continue
        out.read += 1
        if s.startswith("+"):
            story += 1
            first_story = first_story or n
            s = s[1:]
        words = phrase_words(s)
        if not words:
            issues.append(Issue(file, n, dictionary, "untranslated", "empty phrase", line))
            continue
        cue = " ".join(words).lower()
        if cue not in cues:
            cues.append(cue)
        out.converted += 1
    if story:
        issues.append(Issue(file, first_story or 0, dictionary, "approximated",
                            f"{story} story-level discards ('+'): eventwire drops the "
                            "sentence with the phrase, not the whole story", "+..."))
    if cues:
        issues.append(Issue(file, 0, dictionary, "approximated",
                            f"{len(cues)} discard phrases: one phrase discards in PETRARCH; "
                            "eventwire's noise filter needs two cues unless it honours "
                            "min_cues: 1", domain))
        out.entries.append({"domain": domain, "min_cues": 1, "cues": cues,
                            "note": f"PETRARCH discard list {file}"})
