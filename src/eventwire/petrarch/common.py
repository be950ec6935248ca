"""Pieces every PETRARCH/TABARI dictionary reader needs: lines, comments, dates, names, issues.

The dictionaries are line-oriented text in upper case, with ``#`` comments, ``<!-- -->``
blocks (the PETR.Validate files) and names whose spaces are underscores. Each reader turns
its file into records; whatever a reader cannot translate becomes an ``Issue`` with the
file, the line and the reason, so that nothing is dropped silently (issue 8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

#: Words kept lower case inside a name unless they open it ("Prince of Dol Amroth").
FUNCTION_WORDS = frozenset({
    "of", "the", "and", "for", "de", "du", "des", "la", "le", "les", "bin", "ibn", "van",
    "von", "der", "den", "da", "di", "del", "dos", "das", "y", "e", "in", "on", "at", "to",
    "a", "an", "al", "el", "au", "aux", "et", "ul",
})
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")


@dataclass(frozen=True)
class Issue:
    """One thing from a source dictionary that was not translated exactly.

    ``status`` is ``untranslated`` (nothing produced), ``approximated`` (something close was
    produced; the reason says what was lost) or ``skipped`` (deliberately not produced, e.g.
    PETRARCH's ``[---]`` null codes, which only exist to block a match).
    """

    file: str
    line: int
    dictionary: str
    status: str
    reason: str
    text: str

    def tsv(self) -> str:
        clean = (lambda s: s.replace("\t", " ").replace("\n", " ").strip())
        return "\t".join([clean(self.file), str(self.line), self.dictionary, self.status,
                          clean(self.reason), clean(self.text)])


TSV_HEADER = "file\tline\tdictionary\tstatus\treason\ttext"


def strip_comment(line: str) -> str:
    """The line without its ``#`` comment and trailing whitespace."""
    i = line.find("#")
    return (line[:i] if i >= 0 else line).rstrip()


def content_lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without comments) for every line outside ``<!-- -->``.

    XML-style comment blocks may span lines and are spelt loosely in the validation files
    (``<! -- ... -->``), so any line opening with ``<!`` starts one.
    """
    in_block = False
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw
        if in_block:
            if "-->" in line:
                in_block = False
                line = line.split("-->", 1)[1]
            else:
                continue
        stripped = line.lstrip()
        if stripped.startswith("#"):
            continue  # a comment line is not a blank line: it does not end a synonym set
        if stripped.startswith("<!"):
            if "-->" in stripped:
                line = stripped.split("-->", 1)[1]
            else:
                in_block = True
                continue
        yield n, strip_comment(line)


def read_text(path: str | Path) -> str:
    """A dictionary file's text; the old files are mostly ASCII with stray Latin-1 bytes."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# -- dates ---------------------------------------------------------------------------------
def parse_date(token: str) -> str | None:
    """A PETRARCH date (``YYYYMMDD`` or ``YYMMDD``) as ISO ``YYYY-MM-DD``; None if invalid.

    Six-digit dates follow PETRARCH's century rule: ``YY`` up to 30 is 20YY, else 19YY.
    """
    t = token.strip()
    if not t.isdigit():
        return None
    if len(t) == 8:
        y, m, d = int(t[:4]), int(t[4:6]), int(t[6:])
    elif len(t) == 6:
        yy = int(t[:2])
        y, m, d = (2000 + yy if yy <= 30 else 1900 + yy), int(t[2:4]), int(t[4:])
    else:
        return None
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


_RESTRICTION = re.compile(r"^\s*(?:(?P<lt><)\s*(?P<lt_d>\d+)|(?P<gt>>)\s*(?P<gt_d>\d+)|"
                          r"(?P<a>\d+)\s*-\s*(?P<b>\d+))\s*$")


def parse_restriction(spec: str) -> tuple[str | None, str | None] | None:
    """``<D`` / ``>D`` / ``D1-D2`` as (start, end) ISO dates; None when unreadable."""
    m = _RESTRICTION.match(spec)
    if not m:
        return None
    if m.group("lt"):
        end = parse_date(m.group("lt_d"))
        return None if end is None else (None, end)
    if m.group("gt"):
        start = parse_date(m.group("gt_d"))
        return None if start is None else (start, None)
    a, b = parse_date(m.group("a")), parse_date(m.group("b"))
    if a is None or b is None:
        return None
    return a, b


# -- names ---------------------------------------------------------------------------------
def phrase_words(raw: str) -> list[str]:
    """A PETRARCH phrase's words: underscores are spaces; edge underscores are stop marks."""
    return [w for w in re.split(r"[_\s]+", raw.strip().strip("_")) if w]


def _title_word(word: str, first: bool) -> str:
    low = word.lower()
    if not first and low in FUNCTION_WORDS:
        return low
    if _DOTTED_ACRONYM.match(word):
        return word.upper()
    if len(word) == 2 and word.endswith(".") and word[0].isalpha():
        return word.upper()  # an initial: "W."
    out = []
    for part in re.split(r"([-'])", low):
        if part in ("-", "'") or not part:
            out.append(part)
        else:
            out.append(part[0].upper() + part[1:])
    titled = "".join(out)
    # "Mc"/"Mac" names and "O'" are common enough in news to get right.
    if titled.startswith("Mc") and len(titled) > 2:
        titled = "Mc" + titled[2].upper() + titled[3:]
    return titled


def name_variants(raw: str, acronyms: bool = True) -> list[str]:
    """The forms news writes a PETRARCH name in, most likely first.

    Our phrase matching is case-sensitive, while PETRARCH's names are upper case and match
    any case. So each name yields: title case with lower-case particles ("Prince of Dol
    Amroth"), hyphenated given names with a lower-case second part ("Park Geun-hye",
    "Ban Ki-moon"), a lower-case Arabic article ("al-Qaeda"), and short words in capitals
    for acronyms ("UN Secretary General", "IMF"). A one-word name of up to three letters
    is kept in capitals only: as "Who" or "Un" it would match ordinary words. People's
    names (``acronyms=False``) get no capitals variant: it would only add "NUR Taraki".
    """
    words = phrase_words(raw)
    if not words:
        return []
    if len(words) == 1 and len(words[0].strip(".")) <= 3 and words[0].isalpha():
        return [words[0].upper()]
    # A particle is lower case inside a name only: the last word of "THE_AU" is the AU.
    last = len(words) - 1
    titled = [_title_word(w, i in (0, last)) for i, w in enumerate(words)]
    out = [" ".join(titled)]
    # Hyphenated second parts in lower case: "Geun-hye", "Ki-moon", "Jong-un".
    hy = [re.sub(r"-([A-Z])", lambda m: "-" + m.group(1).lower(), w) if w[:1].isupper()
          and not w.lower().startswith(("al-", "el-")) else w for w in titled]
    out.append(" ".join(hy))
    # The Arabic article as news writes it mid-name: "al-Qaeda", "al-Assad".
    ar = [re.sub(r"^(Al|El)-", lambda m: m.group(1).lower() + "-", w) for w in titled]
    out.append(" ".join(ar))
    # Acronyms: short words in capitals ("UN Secretary General", "NATO", "PLO").
    up = titled if not acronyms else [
        w.upper() if (w.isalpha() and (w.lower() not in FUNCTION_WORDS or i == last) and
                      (len(w) <= 3 or not re.search(r"[aeiouy]", w.lower()))) else w
        for i, w in enumerate(titled)]
    out.append(" ".join(up))
    if acronyms and len(words) == 1 and words[0].isalpha() and len(words[0]) <= 5:
        out.append(words[0].upper())  # "NATO" next to "Nato", "IRAN" next to "Iran"
    seen: list[str] = []
    for v in out:
        if v not in seen:
            seen.append(v)
    return seen


def noun_phrase(raw: str) -> str:
    """A PETRARCH noun phrase as the lower-case words our lemma lookups use."""
    return " ".join(w.lower() for w in phrase_words(raw))
