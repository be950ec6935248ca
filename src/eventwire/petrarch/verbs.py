"""PETRARCH/TABARI verb-pattern dictionaries (CAMEO.2.0.txt, PETR.Validate.verbs.txt) into our
``verbs`` lexicon.

A PETRARCH verb dictionary has synonym sets (``&NAME`` then ``+MEMBER`` lines), verb blocks
(``--- NAME [CODE] ---`` then the block's verbs, one per line, then ``- PATTERN [CODE]``
lines) and, in CAMEO.2.0, clause transformations (``~ a (a b ATTACK) SAY = a b 015``).

In a pattern ``*`` is the verb, words after it are its object's words, ``{A B}`` a noun
phrase, ``(PREP NOUN)`` a prepositional phrase, ``&SYN`` any member of a synonym set,
``+``/``$`` where the target/source is, ``%`` a compound actor, ``^`` a skipped phrase.

Our pattern grammar (docs/LEXICONS.md) is ``head +obj prep >xcomp``. What maps:

- ``- * NOUN`` / ``- * {ADJ NOUN}`` / ``- * &SYN``  ->  ``verb +noun`` (alternatives with ``|``,
  multi-word objects with ``_``; the written form and its singular, since we match lemmas);
- particles, prepositions and ``-ly`` adverbs right after ``*``  ->  ``verb word``;
- ``(PREP)`` and ``(PREP +)`` (a target behind a preposition)  ->  ``verb prep``;
- ``- * TO VERB``  ->  ``verb >verb2`` (an infinitive complement);
- ``+`` after the verb (the object is the target) and ``$`` before it (the subject is the
  source) are what our coder does anyway.

What does not map is listed with its line and reason: words before the verb, a noun inside
a prepositional phrase (our grammar cannot constrain a preposition's object), ``%``, ``^``,
a source after the verb, reverse-only codes (``[:173]``), codes that are not CAMEO codes,
and transformations. ``[---]`` patterns exist to block coding: skipped and listed. A paired
code ``[062:062]`` keeps its first code and writes the second as ``reverse`` (approximated:
only ``eventwire.petrarch.coding.PetrarchEventCoder`` produces the reverse event).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from eventwire import cameo
from eventwire.lexicon import LexiconError
from eventwire.patterns import parse_pattern
from eventwire.petrarch.common import Issue, content_lines
from eventwire.petrarch.linear import linear_form

#: Words that, right after the verb, are particles or prepositions rather than its object.
PARTICLES = frozenset("""
about above across after against ahead along alongside amid among apart around as aside at
away back before behind below beneath beside besides between beyond by down during for
forth forward from in inside of into near off on onto out outside over past per round since
through throughout till to together toward towards under until up upon via with within
without""".split())
#: Phrasal-verb particles: a noun after one of these is the verb's object ("set out views");
#: after any other preposition it is the preposition's object ("act on resolution").
PHRASAL = frozenset("""ahead along apart aside away back down forth forward off out over
together up""".split())
MAX_ALTERNATIVES = 250
_BLOCK = re.compile(r"^---\s*(?P<name>.+?)\s*\[(?P<code>[^\]]*)\]\s*---")
_CODE_AT_END = re.compile(r"\[(?P<code>[^\]]*)\]\s*$")
_WORD_OK = re.compile(r"^[\w'\-.]+$")


class Untranslatable(Exception):
    """A pattern element our grammar has no equivalent for (the message is the reason)."""


@dataclass
class VerbForm:
    lemma: str
    particles: tuple[str, ...]
    code: str | None
    line: int
    pre_words: tuple[str, ...] = ()


@dataclass
class Block:
    name: str
    code: str
    line: int
    verbs: list[VerbForm] = field(default_factory=list)
    patterns: list[tuple[int, str, str]] = field(default_factory=list)  # line, body, code


@dataclass
class VerbConversion:
    entries: list[dict[str, Any]] = field(default_factory=list)
    read: int = 0
    converted: int = 0
    patterns: int = 0


# -- reading ---------------------------------------------------------------------------------
def parse_verb_dictionary(text: str, file: str, issues: list[Issue], dictionary: str = "verbs"
                          ) -> tuple[dict[str, list[str]], list[Block], int]:
    """Synsets (raw members), verb blocks, and the number of lines read as entries."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    read = 0
    context: str | None = None  # "synset" or "block"
    cur_syn: str | None = None
    block: Block | None = None
    for n, line in content_lines(text):
        s = line.strip()
        if not s:
            if context == "synset":
                context = "block" if block is not None and not block.patterns else None
            continue
        if s.startswith("&"):
            cur_syn = s.split()[0].rstrip("_").upper()
            synsets[cur_syn] = []
            context = "synset"
            continue
        if s.startswith("+") and context == "synset" and cur_syn is not None:
            synsets[cur_syn].append(s[1:].strip())
            continue
        m = _BLOCK.match(s)
        if m:
            block = Block(m.group("name").strip(), m.group("code").strip(), n)
            blocks.append(block)
            context = "block"
            continue
        if s.startswith("~"):
            read += 1
            issues.append(Issue(file, n, dictionary, "untranslated",
                                "transformation rule (recodes a verb inside a clause of "
                                "another verb): no lexicon equivalent", s))
            continue
        if s.startswith("-"):
            read += 1
            if block is None:
                issues.append(Issue(file, n, dictionary, "untranslated",
                                    "pattern outside a verb block", s))
                continue
            cm = _CODE_AT_END.search(s)
            if not cm:
                issues.append(Issue(file, n, dictionary, "untranslated",
                                    "pattern without a [code]", s))
                continue
            body = s[1:cm.start()].strip()
            block.patterns.append((n, body, cm.group("code").strip()))
            continue
        if block is None or context != "block":
            issues.append(Issue(file, n, dictionary, "untranslated",
                                "line outside any verb block or synonym set", s))
            continue
        read += 1
        form = _verb_form(s, n)
        if form is None:
            issues.append(Issue(file, n, dictionary, "untranslated", "unreadable verb line", s))
            continue
        block.verbs.append(form)
    return synsets, blocks, read


def _verb_form(s: str, n: int) -> VerbForm | None:
    code = None
    cm = _CODE_AT_END.search(s)
    if cm:
        code = cm.group("code").strip()
        s = s[:cm.start()]
    s = re.sub(r"\{[^}]*\}", " ", s).strip()
    if not s:
        return None
    raw = s.split()[0] if " " not in s.strip() else "_".join(s.split())
    words = [w for w in raw.split("_") if w]
    if not words:
        return None
    head_i = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    words = [w.lstrip("+").lower() for w in words]
    if not words[head_i]:
        return None
    return VerbForm(words[head_i], tuple(words[head_i + 1:]), code, n, tuple(words[:head_i]))


# -- translating -----------------------------------------------------------------------------
def _tokens(body: str) -> list[Any]:
    """Pattern items: '*', '$', '+', '%', '^', ('np', str), ('pp', [items]), ('w', str)."""
    body = re.sub(r"_?\*_?", " * ", body)
    out: list[Any] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c.isspace():
            i += 1
        elif c in "{(":
            close = "}" if c == "{" else ")"
            depth, j = 0, i
            while j < len(body):
                if body[j] == c:
                    depth += 1
                elif body[j] == close:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = body[i + 1:j]
            out.append(("np", inner) if c == "{" else ("pp", _tokens(inner)))
            i = j + 1
        elif c in "*$%^" or (c == "+" and (i + 1 == len(body) or body[i + 1] in " _)")):
            out.append(c)
            i += 1
        else:
            j = i
            while j < len(body) and not body[j].isspace() and body[j] not in "{()}":
                j += 1
            if j == i:  # a stray closing bracket
                i += 1
                continue
            word = body[i:j]
            if word.startswith("+") and len(word) > 1:
                out.append("+")
                word = word[1:]
            word = word.strip("_")
            if word:
                out.append(("w", word))
            i = j
    return out


def _expand(raw: str, synsets: dict[str, list[str]], depth: int = 0) -> list[list[str]]:
    """All word sequences a PETRARCH phrase stands for (synsets expanded, ``_`` split)."""
    if depth > 8:
        raise Untranslatable("synonym sets nested too deeply")
    parts = [p for p in re.split(r"[_\s]+", raw) if p]
    choices: list[list[list[str]]] = []
    for p in parts:
        if p.startswith("&"):
            name = p.rstrip("_").upper()
            if name not in synsets:
                raise Untranslatable(f"unknown synonym set {p}")
            alts: list[list[str]] = []
            for member in synsets[name]:
                alts.extend(_expand(member, synsets, depth + 1))
            choices.append(alts)
        else:
            choices.append([[p.lower()]])
    out = [sum(c, []) for c in product(*choices)]
    if len(out) > MAX_ALTERNATIVES:
        raise Untranslatable(f"synonym expansion gives {len(out)} alternatives "
                             f"(over {MAX_ALTERNATIVES})")
    return out


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _obj_alts(seqs: list[list[str]]) -> str:
    out: list[str] = []
    for seq in seqs:
        for last in dict.fromkeys([seq[-1], _singular(seq[-1])]):
            alt = "_".join(seq[:-1] + [last])
            if alt not in out:
                out.append(alt)
    return "|".join(out)


def _is_particle(seqs: list[list[str]]) -> bool:
    return all(len(s) == 1 and (s[0] in PARTICLES or (s[0].endswith("ly") and len(s[0]) > 4))
               for s in seqs)


def translate_pattern(body: str, synsets: dict[str, list[str]]) -> str:
    """The elements after the head in our grammar (``+obj prep >xcomp``); raises
    Untranslatable with the reason when the pattern needs what our grammar lacks."""
    toks = _tokens(body)
    if "*" not in toks:
        raise Untranslatable("no verb marker '*'")
    star = toks.index("*")
    pre = [t for t in toks[:star] if t != "$"]
    if pre:
        raise Untranslatable("words before the verb (subject-side context)")
    words: list[str] = []
    obj: list[list[str]] | None = None
    xcomp: list[list[str]] | None = None
    last_obj = False
    rest = toks[star + 1:]
    i = 0
    while i < len(rest):
        t = rest[i]
        i += 1
        if t == "+":
            last_obj = False
            continue
        if t == "$":
            raise Untranslatable("source after the verb ($)")
        if t == "%":
            raise Untranslatable("compound actor marker %")
        if t == "^":
            raise Untranslatable("skip marker ^")
        if t == "*":
            raise Untranslatable("two verb markers")
        kind, val = t
        if kind == "pp":
            if not val or val[0] in ("+", "$", "*") or val[0][0] != "w":
                raise Untranslatable("prepositional phrase without a preposition")
            preps = _expand(val[0][1], synsets)
            if not _is_particle(preps):
                raise Untranslatable(f"prepositional phrase opens with a non-preposition "
                                     f"{val[0][1]!r}")
            inner = val[1:]
            if "$" in inner:
                raise Untranslatable("source inside a prepositional phrase ($)")
            if [x for x in inner if x != "+"]:
                raise Untranslatable("noun inside a prepositional phrase (our grammar cannot "
                                     "constrain a preposition's object)")
            words.append("|".join(s[0] for s in preps))
            last_obj = False
            continue
        seqs = _expand(val, synsets)
        if kind == "w" and _is_particle(seqs):
            if [s[0] for s in seqs] == ["to"] and i < len(rest) and rest[i] not in \
                    ("+", "$", "%", "^", "*") and rest[i][0] == "w":
                nxt = _expand(rest[i][1], synsets)
                if not _is_particle(nxt) and all(len(s) == 1 for s in nxt):
                    xcomp = nxt
                    i += 1
                    continue
            words.append("|".join(s[0] for s in seqs))
            last_obj = False
            continue
        if words and obj is None and not set(words[-1].split("|")) <= PHRASAL:
            raise Untranslatable("noun after a preposition (our grammar cannot constrain a "
                                 "preposition's object)")
        if obj is None:
            obj = seqs
        elif last_obj and kind == "w":
            obj = [a + b for a, b in product(obj, seqs)]
            if len(obj) > MAX_ALTERNATIVES:
                raise Untranslatable("object alternatives exceed the limit")
        else:
            raise Untranslatable("a second object noun phrase")
        last_obj = True
    parts: list[str] = []
    if obj is not None:
        # Synonym members our grammar cannot spell ("F/A-18") are left out of the set.
        usable = [seq for seq in obj if all(_WORD_OK.match(w) for w in seq)]
        parts.append("+" + _obj_alts(usable or obj))
    parts.extend(words)
    if xcomp is not None:
        parts.append(">" + "|".join(s[0] for s in xcomp))
    for p in parts:
        for alt in p.lstrip("+>").split("|"):
            if not _WORD_OK.match(alt):
                raise Untranslatable(f"characters our pattern grammar cannot express: {alt!r}")
    return " ".join(parts)


def _code(raw: str, exclude_roots: tuple[str, ...] = ()
          ) -> tuple[str | None, str | None, str | None, str | None]:
    """(our code, status, reason, reverse code): status None means exact."""
    raw = raw.strip()
    if raw in ("---", ""):
        return None, "skipped", "null code [---]: PETRARCH uses it to block coding", None
    approx = reverse = None
    if ":" in raw:
        first, second = raw.split(":", 1)
        if not first.strip() or first.strip() == "---":
            return (None, "untranslated", f"reverse-only code [{raw}] (target acts on source)",
                    None)
        reverse = cameo.normalise(second.strip())
        approx = (f"paired code [{raw}]: the reverse event {second} is written as `reverse`, "
                  "which only the PETRARCH-mode coder (eventwire.petrarch.coding) produces")
        raw = first.strip()
    norm = cameo.normalise(raw)
    if norm is None:
        return None, "untranslated", f"{raw!r} is not a CAMEO event code", None
    if norm[:2] in exclude_roots:
        return None, "skipped", f"CAMEO root {norm[:2]} excluded on import", None
    return norm, ("approximated" if approx else None), approx, reverse


def _linear_forms(body: str, synsets: dict[str, list[str]],
                  heads: dict[tuple[str, ...], list[str]]) -> list[dict[str, Any]]:
    """The pattern's word-order forms, one per group of block verbs (``linear.py``)."""
    try:
        form = linear_form(body, _tokens(body), lambda raw: _expand(raw, synsets))
    except Untranslatable:
        return []  # listed already: translate_pattern meets the same expansion
    if form is None or not (form["before"] or form["after"] or form.get("compound")):
        return []
    out = []
    for particles, lemmas in heads.items():
        f = {"verbs": "|".join(lemmas), "pattern": body, **form}
        f["after"] = [[p] for p in particles] + form["after"]
        if "source_after" in form:
            f["source_after"] = form["source_after"] + len(particles)
        out.append(f)
    return out


def convert_verbs(text: str, file: str, issues: list[Issue], out: VerbConversion,
                  dictionary: str = "verbs", exclude_roots: tuple[str, ...] = ()) -> None:
    """Add the dictionary's verbs and patterns to ``out``; list what cannot be kept.

    ``exclude_roots`` (e.g. ``("01",)``) leaves out codes under those CAMEO roots: PETRARCH
    codes every "said" as 010, which PLOVER drops and our grammar reads as reporting.
    """
    synsets, blocks, read = parse_verb_dictionary(text, file, issues, dictionary)
    out.read += read
    for b in blocks:
        #: Patterns by (code, reverse code of a paired code or None).
        by_code: dict[tuple[str, str | None], list[str]] = {}
        #: The same patterns' word-order forms, for the PETRARCH-mode coder (linear.py).
        linear: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
        heads: dict[tuple[str, ...], list[str]] = {}
        for v in b.verbs:
            if v.pre_words:
                issues.append(Issue(file, v.line, dictionary, "untranslated",
                                    "multi-word verb with words before the verb",
                                    " ".join(v.pre_words + (v.lemma,) + v.particles)))
                continue
            if not all(_WORD_OK.match(w) for w in (v.lemma,) + v.particles):
                issues.append(Issue(file, v.line, dictionary, "untranslated",
                                    "characters our pattern grammar cannot express", v.lemma))
                continue
            if v.lemma not in heads.setdefault(v.particles, []):
                heads[v.particles].append(v.lemma)
            code, status, reason, rev = _code(v.code if v.code is not None else b.code,
                                              exclude_roots)
            verb_text = " ".join((v.lemma,) + v.particles)
            if status is not None:
                issues.append(Issue(file, v.line, dictionary, status,
                                    reason or "", f"{b.name}: {verb_text}"))
            if code is not None:
                if verb_text not in by_code.setdefault((code, rev), []):
                    by_code[(code, rev)].append(verb_text)
                out.converted += 1
        for line, body, raw_code in b.patterns:
            code, status, reason, rev = _code(raw_code, exclude_roots)
            if code is None:
                issues.append(Issue(file, line, dictionary, status or "untranslated",
                                    reason or "", f"{b.name}: - {body} [{raw_code}]"))
                continue
            if not heads:
                issues.append(Issue(file, line, dictionary, "untranslated",
                                    "block has no usable verb", f"{b.name}: - {body}"))
                continue
            for form in _linear_forms(body, synsets, heads):
                linear.setdefault((code, rev), []).append(form)
            try:
                tail = translate_pattern(body, synsets)
            except Untranslatable as exc:
                issues.append(Issue(file, line, dictionary, "untranslated", str(exc),
                                    f"{b.name}: - {body} [{raw_code}]"))
                continue
            made = []
            for particles, lemmas in heads.items():
                pat = " ".join(["|".join(lemmas), *particles, tail]).strip()
                try:
                    parse_pattern(pat, code, False, f"{file}:{line}")
                except LexiconError as exc:
                    issues.append(Issue(file, line, dictionary, "untranslated",
                                        f"pattern our grammar rejects: {exc.problem}", pat))
                    continue
                made.append(pat)
            if status is not None:
                issues.append(Issue(file, line, dictionary, status, reason or "",
                                    f"{b.name}: - {body} [{raw_code}]"))
            if made:
                out.converted += 1
                out.patterns += 1
                for pat in made:
                    if pat not in by_code.setdefault((code, rev), []):
                        by_code[(code, rev)].append(pat)
        for key in linear:
            by_code.setdefault(key, [])
        for (code, rev), pats in by_code.items():
            entry: dict[str, Any] = {"code": code}
            if pats:
                entry["verbs"] = pats
            if rev is not None:
                entry["reverse"] = rev
            if (code, rev) in linear:
                entry["petrarch"] = linear[(code, rev)]
            entry["note"] = f"PETRARCH {file} block {b.name} (line {b.line})"
            out.entries.append(entry)
