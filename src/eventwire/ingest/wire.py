"""Splitting scraped wire-style text into metadata, clean body and page furniture.

A story copied from a news page carries more than the story: a time-stamp line, the
headline, a byline, a dateline glued to the first paragraph, credit lines, and the page's
furniture (related headlines, share buttons, promos, copyright). The coder must see only the
body, and the metadata is worth keeping, so this module splits them with general rules
rather than per-site patterns:

* the header is the run of short lines before the first sentence-like paragraph;
* a dateline is an upper-case place, optional date and ``(Agency)``, then a dash or colon;
* credit lines (``Reporting by…``, ``(Additional reporting by…; Editing by…)``) end the story:
  what follows them is furniture;
* from the end, blocks that read like titles (short, no terminal punctuation) or like page
  chrome (read more, share, subscribe, ©…) are furniture;
* single-line scrapes (paragraph breaks lost, blocks separated by runs of spaces) are split
  on those runs, and a block that is a list of headlines rather than prose is furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eventwire.ingest.dates import _MONTH_RE, parse_timestamp_line

_AGENCY = r"[A-Z][A-Za-z&.\-]*(?:[ /][A-Z][A-Za-z&.\-]*){0,3}"
_PLACE = r"[A-Z][A-Za-z.'’\-]+(?:\s+[A-Z][A-Za-z.'’\-]+){0,3}"
DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})"
    rf"(?:,\s*(?!{_MONTH_RE}\s+\d)(?P<region>[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){{0,2}}))?"
    rf"(?:,?\s*(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?)?"
    rf"\s*(?:\((?P<agency>{_AGENCY})\))?"
    r"\s*(?P<sep>--?|–|—|:)\s*(?=\S)"
)
#: Upper-case words that open a paragraph with a colon but are labels, not places.
_NOT_PLACES = frozenset("""UPDATE UPDATED BREAKING WATCH EXCLUSIVE NOTE PHOTO PHOTOS VIDEO
ANALYSIS OPINION EDITORIAL FILE CORRECTION CLARIFICATION WARNING ALERT LIVE READ ALSO
EDITOR'S NEW TOP FACTBOX EXPLAINER COMMENT REVIEW INTERVIEW TRANSCRIPT Q A""".split())

BYLINE = re.compile(r"^(?:written\s+)?by[:\s]+(?P<name>[A-Z][^\n]{1,120}?)\s*$", re.I)

_CREDIT_START = (r"(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|produced|"
                 r"research|translation|translated)\s+by\b")
#: A credits parenthesis glued to the end of the last paragraph.
INLINE_CREDIT = re.compile(rf"\s*\(\s*{_CREDIT_START}[^()]*\)\s*$", re.I)
CREDIT_LINE = re.compile(rf"^[\s(\-–—]*{_CREDIT_START}", re.I)

#: Page chrome that is never story text, whatever the site.
FURNITURE = re.compile(
    r"^\W*(?:read\s+more|also\s+read|read\s+also|related(?:\s+(?:articles?|stories|news|"
    r"coverage|content|links?|topics?))?\b|more\s+(?:from|on|stories|news)\b|"
    r"see\s+also|share\s+(?:this|on|via)|share\b\W*$|click\s+here|tap\s+here|"
    r"advertisement|sponsored|subscribe|sign\s+up|log\s*in|newsletter|follow\s+us|"
    r"you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested)|recommended|trending|"
    r"most\s+(?:read|popular|viewed)|top\s+stories|latest\s+news|"
    r"slide\s*show|photo\s*gallery|gallery|video\b|watch\b|listen\b|"
    r"copyright|all\s+rights\s+reserved|©|\(c\)\s*\d{4}|"
    r"comments?\b|leave\s+a\s+comment|download\s+the\s+app|get\s+the\s+app|"
    r"disclaimer|terms\s+of\s+(?:use|service)|privacy\s+policy|cookie|"
    r"stories\s+you\s+might|don'?t\s+miss|editor'?s\s+picks?|next\s+story|"
    r"previous\s+story|back\s+to\s+top|print\s+this|email\s+this|tags?:|topics?:)",
    re.I,
)
#: Sentences that address the reader to sell something: promos inside single-line scrapes.
PROMO_SENTENCE = re.compile(
    r"\b(?:subscri(?:be|ption)|sign\s+up|newsletter|donat(?:e|ion)|ad-free|"
    r"click\s+(?:here|below)|log\s*in|download\s+(?:the|our)\s+app|follow\s+us|"
    r"all\s+rights\s+reserved|copyright|©|cookies?\b|terms\s+of\s+(?:use|service))",
    re.I,
)
#: End-of-story signs: everything from here on is furniture (only checked after the lead).
END_MARKER = re.compile(
    r"\b(?:stories\s+you\s+might|you\s+(?:may|might)\s+also\s+like|related\s+(?:stories|"
    r"articles|news)|recommended\s+(?:for\s+you|stories)|more\s+stories|also\s+read|"
    r"read\s+more\s*:|follow\s+us\s+on|all\s+rights\s+reserved|copyright\s*©|"
    r"find\s+this\s+comment\s+offensive|comments\s+have\s+to\s+be|disclaimer\s*:|"
    r"trending\s+(?:now|stories)|top\s+stories|latest\s+news)",
    re.I,
)

_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]\s*$")
_SENTENCE_GAP = re.compile(r"[.!?][\"”’')\]]*(\s+)(?=[\"“‘(]*[A-Z0-9])")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


@dataclass
class WireParts:
    """What one scraped story splits into; ``dropped`` keeps the furniture for inspection."""

    body: str
    title: str | None = None
    byline: str | None = None
    dateline_place: str | None = None
    dateline_month: str | None = None
    dateline_day: int | None = None
    dateline_year: int | None = None
    agency: str | None = None
    published: str | None = None
    updated: str | None = None
    credits: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def normalise_text(text: str) -> str:
    """Unify newlines and spaces that scrapes vary in, without touching the words."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\ufeff", "")
    text = re.sub(r"[\u200b\u200c\u200d\u2060]", "", text)
    text = text.replace("\xa0", " ").replace("\t", " ")
    return re.sub(r"[ \f\v]+\n", "\n", text)


def _blocks(text: str) -> list[str]:
    """Paragraph-sized blocks: lines, re-joined where the text was hard-wrapped.

    A scrape without line breaks but with runs of spaces lost its paragraphs: the runs are
    where blocks (paragraphs, menus, headline lists) met, so they are split there.
    """
    if "\n" not in text.strip():
        return [b.strip() for b in re.split(r" {2,}", text) if b.strip()]
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if len(lines) > 1 and all(45 <= len(ln) <= 100 for ln in lines[:-1]) and \
                not any(_TERMINAL.search(ln) and len(ln) < 60 for ln in lines[:-1]):
            blocks.append(" ".join(lines))  # hard-wrapped paragraph
        else:
            blocks.extend(lines)
    return blocks


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_sentence_like(block: str) -> bool:
    """Prose rather than a title, label or link: long enough and ends like a sentence."""
    words = _words(block)
    return len(words) >= 12 or (len(words) >= 4 and bool(_TERMINAL.search(block))
                                and block.rstrip()[-1] in ".!?\"”'’)")


def is_title_like(block: str, max_words: int = 16) -> bool:
    """A headline or link text: short and without sentence-final punctuation."""
    words = _words(block)
    if not words or len(words) > max_words:
        return False
    stripped = block.rstrip()
    if stripped.endswith(("…", "...")):
        return True  # truncated teaser headline
    return not _TERMINAL.search(stripped)


def is_furniture(block: str) -> bool:
    """Page chrome: a known boilerplate opener on a short block, or no words at all."""
    if not _words(block):
        return True
    return len(_words(block)) <= 25 and bool(FURNITURE.match(block))


def is_headline_list(block: str) -> bool:
    """A run of headlines glued together (single-line scrapes), not prose.

    Prose ends a sentence every 15–30 words; a list of related headlines barely ever does,
    and its "sentences" are full of capitalised words. Only long blocks are judged.
    """
    words = _words(block)
    if len(words) < 25:
        return False
    enders = len(re.findall(r"[.!?](?:[\"”’')]*)(?=\s|$)", block))
    capital = sum(1 for w in words if w[0].isupper()) / len(words)
    words_per_sentence = len(words) / max(enders, 1)
    truncated = block.count("…") + block.count("...")
    return (words_per_sentence > 45 and capital > 0.3) or truncated >= 3 or \
        (words_per_sentence > 70 and capital > 0.2)


def place_name(raw: str) -> str:
    """ "NEW DELHI" -> "New Delhi"; mixed-case places are kept as written."""
    if not raw.isupper():
        return raw
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), raw.lower())


def match_dateline(block: str) -> re.Match[str] | None:
    """The dateline at the start of a paragraph, if the paragraph has one."""
    m = DATELINE.match(block)
    if not m:
        return None
    place, agency, sep = m.group("place"), m.group("agency"), m.group("sep")
    if place.split()[0].upper().rstrip(":") in _NOT_PLACES:
        return None
    if place.isupper() and len(place) >= 3:
        if sep == ":" and (m.group("month") or agency):
            return m
        return m if sep != ":" or len(_words(place)) <= 3 else None
    # A mixed-case place ("Seoul, July 6 (Reuters) -") only counts with an agency.
    return m if agency and sep != ":" else None


def _strip_inline_credit(block: str, credits: list[str]) -> str:
    m = INLINE_CREDIT.search(block)
    if m:
        credits.append(m.group(0).strip().strip("()").strip())
        return block[: m.start()].rstrip()
    return block


def split_sentences(block: str) -> list[str]:
    """Rough sentences of a block, each exactly as written (quotes kept), for tail trimming."""
    sentences, start = [], 0
    for m in _SENTENCE_GAP.finditer(block):
        sentences.append(block[start:m.start(1)])
        start = m.end(1)
    sentences.append(block[start:])
    return sentences


def _trim_tail_sentences(block: str, dropped: list[str]) -> str:
    """Cut a single-line scrape's promo sentences off the end of its last block."""
    sentences = split_sentences(block)
    if len(sentences) < 2:
        return block
    for i, sentence in enumerate(sentences):
        if i and (PROMO_SENTENCE.search(sentence) or END_MARKER.search(sentence)):
            dropped.append(" ".join(sentences[i:]))
            return " ".join(sentences[:i]).rstrip()
    return block


def split_wire(text: str, *, title: str | None = None) -> WireParts:
    """Split one scraped story; ``title`` (from HTML or a record) is removed from the top."""
    text = normalise_text(text)
    single_line = "\n" not in text.strip()
    blocks = _blocks(text)
    parts = WireParts(body="", title=title)
    dropped = parts.dropped

    # Header: short lines before the first paragraph of prose.
    i = 0
    while i < len(blocks) and i < 12:
        block = blocks[i]
        if match_dateline(block) or is_sentence_like(block):
            break
        stamp = parse_timestamp_line(block)
        byline = BYLINE.match(block)
        if stamp and parts.published is None and parts.updated is None:
            parts.published, parts.updated = stamp
        elif byline and parts.byline is None:
            parts.byline = byline.group("name").strip()
        elif title is not None and _same_text(block, title):
            pass
        elif parts.title is None and not is_furniture(block):
            parts.title = block
        else:
            dropped.append(block)
        i += 1
    body_blocks = blocks[i:]

    if body_blocks:
        m = match_dateline(body_blocks[0])
        if m:
            parts.dateline_place = place_name(m.group("place"))
            parts.agency = m.group("agency")
            if m.group("month"):
                parts.dateline_month = m.group("month")
                parts.dateline_day = int(m.group("day"))
                parts.dateline_year = int(m.group("year")) if m.group("year") else None
            body_blocks[0] = body_blocks[0][m.end():]

    kept: list[str] = []
    for n, block in enumerate(body_blocks):
        if CREDIT_LINE.match(block) and len(block) < 400:
            parts.credits.append(block.strip().strip("()").strip())
            dropped.extend(body_blocks[n + 1:])  # credits end the story
            break
        if kept and END_MARKER.match(block):
            dropped.extend(body_blocks[n:])
            break
        if is_furniture(block) or (single_line and kept and is_headline_list(block)):
            dropped.append(block)
            continue
        stripped = _strip_inline_credit(block, parts.credits)
        if stripped != block:
            if stripped:
                kept.append(stripped)
            dropped.extend(body_blocks[n + 1:])
            break
        kept.append(block)

    # From the end: titles of related links, slide shows and other short non-sentences.
    while kept and (is_title_like(kept[-1]) or is_furniture(kept[-1])):
        dropped.append(kept.pop())
    if single_line and kept:
        kept[-1] = _trim_tail_sentences(kept[-1], dropped)
        while len(kept) > 1 and (is_title_like(kept[-1]) or not kept[-1]):
            dropped.append(kept.pop())

    parts.body = "\n\n".join(b for b in kept if b)
    return parts


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
