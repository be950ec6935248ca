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
EDITOR'S TOP FACTBOX EXPLAINER COMMENT REVIEW INTERVIEW TRANSCRIPT Q A""".split())

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
    r"click\s+(?:here|below)|log\s*in|download\s+(?:the\s+|our\s+)?(?:\w+\s+)?app\b|follow\s+us|"
    r"all\s+rights\s+reserved|copyright|©|cookies?\b|terms\s+of\s+(?:use|service)|"
    r"(?:delivered|straight)\s+to\s+your\s+inbox|member(?:ship)?\s+benefits|"
    r"skip\s+to\s+(?:main\s+)?(?:content|comments|navigation)|premium\s+(?:article|story)|"
    r"activate\s+your\s+(?:online\s+)?(?:access|account|subscription))",
    re.I,
)
#: End-of-story signs: everything from here on is furniture (only checked after the lead).
END_MARKER = re.compile(
    r"\b(?:stories\s+you\s+might|you\s+(?:may|might)\s+also\s+like|related\s+(?:stories|"
    r"articles|news)|recommended\s+(?:for\s+you|stories)|more\s+stories|"
    r"follow\s+us\s+on|all\s+rights\s+reserved|copyright\s*©|"
    r"find\s+this\s+comment\s+offensive|comments\s+have\s+to\s+be|disclaimer\s*:|"
    r"trending\s+(?:now|stories)|top\s+stories|latest\s+news)",
    re.I,
)

_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]\s*$")
_SENTENCE_GAP = re.compile(r"[.!?][\"”’')\]]*(\s+)(?=[\"“‘(]*[A-Z0-9_])")
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


_MOJIBAKE = re.compile(r"[\xc2-\xf4][\x80-\xbf]{1,3}")


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1 ("Desaiâ\x80\x99s" -> "Desai’s"), run by run.

    Only sequences that decode as valid UTF-8 are changed, so real Latin-1 text stays.
    """
    def fix(m: re.Match[str]) -> str:
        try:
            return m.group(0).encode("latin-1").decode("utf-8")
        except UnicodeError:
            return m.group(0)

    return _MOJIBAKE.sub(fix, text) if "\xc2" <= max(text, default="\x00") else text


def normalise_text(text: str) -> str:
    """Unify newlines and spaces that scrapes vary in, without touching the words."""
    text = _repair_mojibake(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\ufeff", "")
    text = re.sub(r"[\u200b\u200c\u200d\u2060]", "", text)
    text = re.sub(r" ?\xa0 ?", " ", text).replace("\t", " ")
    return re.sub(r"[ \f\v]+\n", "\n", text)


#: Where a flat scrape's blocks met: a run of spaces (no-break spaces are already single).
_FLAT_BREAK = re.compile(r" {2,}")


def is_flat(text: str) -> bool:
    """Whether a scrape lost its paragraph breaks (one line, or huge lines with space runs)."""
    stripped = text.strip()
    if "\n" not in stripped:
        return True
    longest = max(len(line) for line in stripped.split("\n"))
    return longest > 2000 and " " * 3 in stripped


def _blocks(text: str, flat: bool) -> list[str]:
    """Paragraph-sized blocks: lines, re-joined where the text was hard-wrapped.

    A flat scrape lost its paragraphs: the runs of spaces are where blocks (paragraphs,
    menus, headline lists) met, so lines are split there too.
    """
    if flat:
        return [b.strip() for line in text.split("\n") for b in _FLAT_BREAK.split(line)
                if b.strip()]
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
    if len(block) > 150:
        return True
    words = _words(block)
    return len(words) >= 12 or (len(words) >= 4 and bool(_TERMINAL.search(block))
                                and block.rstrip()[-1] in ".!?\"”'’)")


def is_title_like(block: str, max_words: int = 16) -> bool:
    """A headline or link text: short and without sentence-final punctuation."""
    if len(block) > 12 * max_words:
        return False
    words = _words(block)
    if not words or len(words) > max_words:
        return False
    stripped = block.rstrip()
    if stripped.endswith(("…", "...")):
        return True  # truncated teaser headline
    return not _TERMINAL.search(stripped)


def is_furniture(block: str) -> bool:
    """Page chrome: a known boilerplate opener on a short block, or no words at all."""
    if FURNITURE.match(block):
        return len(block) < 400 and len(_words(block)) <= 25
    return not _WORD.search(block)


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


def split_wire(text: str, *, title: str | None = None) -> WireParts:
    """Split one scraped story; ``title`` (from HTML or a record) is removed from the top."""
    text = normalise_text(text)
    single_line = is_flat(text)
    blocks = _blocks(text, single_line)
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

    if single_line:
        kept = _clean_flat_blocks(body_blocks, parts, dropped)
    else:
        kept = _clean_blocks(body_blocks, parts, dropped)

    if not kept and not body_blocks and parts.title and parts.title != title:
        kept = [parts.title]  # a one-line text is its own body, not a headline without one
        parts.title = None
    parts.body = "\n\n".join(b for b in kept if b)
    return parts


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _clean_blocks(blocks: list[str], parts: WireParts, dropped: list[str]) -> list[str]:
    """Body paragraphs of text that kept its line breaks."""
    kept: list[str] = []
    for n, block in enumerate(blocks):
        if CREDIT_LINE.match(block) and len(block) < 400:
            parts.credits.append(block.strip().strip("()").strip())
            dropped.extend(blocks[n + 1:])  # credits end the story
            break
        if kept and END_MARKER.match(block):
            dropped.extend(blocks[n:])
            break
        if is_furniture(block):
            dropped.append(block)
            continue
        stripped = _strip_inline_credit(block, parts.credits)
        if stripped != block:
            if stripped:
                kept.append(stripped)
            dropped.extend(blocks[n + 1:])
            break
        kept.append(block)
    return trim_tail(trim_head(kept, dropped), dropped)


_EMBED = re.compile(r"\(@[\w.\-]+\)|pic\.twitter\.com/|https?://\S+$|^_{3,}")


def is_tail_junk(piece: str) -> bool:
    """After the story's last sentence: link titles, labels, promos, embeds, sign-offs.

    Only used at the end of the body, where these are what pages append; the same sentence
    inside the story is left alone.
    """
    words = _words(piece)
    if len(words) > 40:
        return False  # a paragraph: only its last sentences are judged
    stripped = piece.strip()
    if is_title_like(piece) or is_furniture(piece) or CREDIT_LINE.match(piece):
        return True
    if PROMO_SENTENCE.search(piece) or _EMBED.search(stripped):
        return True
    if len(words) <= 3 and not re.search(r"[.!?][\"”’')]*$", stripped):
        return True  # labels such as "Email:" or "No.:"
    if len(words) <= 2:
        return True  # "Thank you.", "View here."
    titled = sum(1 for w in words if w[0].isupper() and not w.isupper())
    return len(words) >= 4 and titled / len(words) >= 0.75  # Title-Cased Teaser Headline


def _promo_run_start(sentences: list[str], cut: int) -> int:
    """Where a trailing run of page messages starts (app promos, log-in and bookmark notices).

    Such runs mix promo sentences with bland ones ("It'll just take a moment."), so the run
    is cut from its first promo sentence when at least 40% of the last dozen sentences from
    there on are promos or junk.
    """
    for i in range(max(1, cut - 12), cut):
        if not PROMO_SENTENCE.search(sentences[i]):
            continue
        tail = sentences[i:cut]
        junk = sum(1 for t in tail if PROMO_SENTENCE.search(t) or is_tail_junk(t))
        if junk / len(tail) >= 0.4:
            return i
    return cut


def trim_head(blocks: list[str], dropped: list[str]) -> list[str]:
    """Drop what pages put above the story: teaser headlines, labels, paywall notices."""
    kept = list(blocks)
    while len(kept) > 1 and is_tail_junk(kept[0]):
        dropped.append(kept.pop(0))
    if kept:
        sentences = split_sentences(kept[0])
        start = 0
        while start < len(sentences) - 1 and PROMO_SENTENCE.search(sentences[start]) and \
                len(_words(sentences[start])) <= 25:
            start += 1
        if start:
            dropped.append(" ".join(sentences[:start]))
            kept[0] = " ".join(sentences[start:])
    return kept


def trim_tail(blocks: list[str], dropped: list[str]) -> list[str]:
    """Drop tail junk from the end, block by block and then sentence by sentence."""
    kept = list(blocks)
    while kept:
        if is_tail_junk(kept[-1]) or kept[-1] in kept[:-1]:  # repeated teaser
            dropped.append(kept.pop())
            continue
        sentences = split_sentences(kept[-1])
        cut = len(sentences)
        while cut > 1 and is_tail_junk(sentences[cut - 1]):
            cut -= 1
        cut = _promo_run_start(sentences, cut)
        if cut < len(sentences):
            dropped.append(" ".join(sentences[cut:]))
            kept[-1] = " ".join(sentences[:cut])
            continue
        break
    return kept


_HEADLINE_PUNCT = re.compile(r"[?:…]|\.\.\.")


def is_headline_list(block: str) -> bool:
    """A block of glued headlines or menu items (flat scrapes), not prose.

    Headlines are full of question marks, colons and truncation dots and start with capitals;
    prose has a few of those per hundred words at most. Measured on real scrapes, furniture
    blocks run at 3-7 such marks per 100 words, article paragraphs at 0-1.5.
    """
    words = _words(block)
    if len(words) < 25:
        return False
    capital = sum(1 for w in words if w[0].isupper()) / len(words)
    marks = len(_HEADLINE_PUNCT.findall(block)) * 100 / len(words)
    enders = len(re.findall(r"[.!?][\"”’')]*(?=\s|$)", block)) or 1
    if not ((marks >= 2.5 and capital >= 0.3) or (len(words) / enders > 45 and capital > 0.45)):
        return False
    # A whole article glued into one block has the marks too (labels, captions), but most of
    # its words sit in full sentences that end with a period; headlines seldom do.
    prose = sum(len(_words(s)) for s in split_sentences(block)
                if re.search(r"\.[\"”’')]*$", s) and 8 <= len(_words(s)) <= 40)
    return prose < 0.5 * len(words)


def is_junk_sentence(sentence: str) -> bool:
    """A "sentence" of a flattened page that is really a run of truncated teasers.

    Long, name-heavy prose sentences are common in political news, so capitalisation alone
    never condemns a sentence here; glued headline blocks are judged as whole blocks.
    """
    if not _WORD.search(sentence):
        return True
    return sentence.count("…") + sentence.count("...") >= 2


def _clean_flat_blocks(blocks: list[str], parts: WireParts, dropped: list[str]) -> list[str]:
    """Body of a single-line scrape, judged sentence by sentence.

    Inside the story, glued headline runs are dropped; the first end-of-story marker
    ("Stories you might be interested in", "Follow us on"…) after some prose ends the story;
    and from the end, promos, credits and title-like fragments are trimmed.
    """
    kept: list[list[str]] = []
    prose_seen = False
    stop = False
    for n, block in enumerate(blocks):
        if prose_seen and END_MARKER.search(block) and (
                is_headline_list(block) or END_MARKER.match(block)):
            dropped.extend(blocks[n:])  # a furniture block that announces the page's end
            break
        if is_headline_list(block):
            dropped.append(block)
            continue
        block = _strip_inline_credit(block, parts.credits)
        sentences: list[str] = []
        for sentence in split_sentences(block):
            if prose_seen and (END_MARKER.search(sentence) or CREDIT_LINE.match(sentence)):
                stop = True
                break
            if is_junk_sentence(sentence) or is_furniture(sentence):
                dropped.append(sentence)
                continue
            sentences.append(sentence)
            prose_seen = prose_seen or is_sentence_like(sentence)
        if sentences:
            kept.append(sentences)
        if stop:
            dropped.append("[rest of page after an end-of-story marker]")
            break
    return trim_tail(trim_head([" ".join(sentences) for sentences in kept], dropped), dropped)
