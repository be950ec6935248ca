"""A cheap language guess, so that non-English input is flagged before English models see it.

Scripts identify most languages outright; among Latin-script texts a handful of function
words separate English from the other languages news scrapes often mix in. Anything the
heuristic cannot tell is taken as English, the project's working language.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_SCRIPTS = (
    ("CJK", "zh"), ("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("HANGUL", "ko"),
    ("CYRILLIC", "ru"), ("ARABIC", "ar"), ("DEVANAGARI", "hi"), ("GREEK", "el"),
    ("HEBREW", "he"), ("THAI", "th"), ("BENGALI", "bn"), ("TAMIL", "ta"),
)
_LATIN_WORD = re.compile(r"[a-zà-ÿ]+")
_FUNCTION_WORDS = {
    "en": set("the and of to in is that for was with on as by at from has have said".split()),
    "es": set("el la los las de que y en del por con para una es se".split()),
    "fr": set("le la les des de du et est une dans pour que qui sur avec".split()),
    "de": set("der die das und ist nicht mit von den dem ein eine zu auf".split()),
    "pt": set("o os da do das dos que em não para com uma é por".split()),
    "it": set("il lo gli della di che è per una con non sono".split()),
}


def guess_language(text: str, default: str = "en") -> str:
    sample = text[:3000]
    if not sample.isascii():
        foreign = [c for c in sample if not c.isascii() and c.isalpha()]
        letters = sum(1 for c in sample if c.isalpha()) or 1
        if len(foreign) > 0.3 * letters:
            scripts: Counter[str] = Counter()
            for c in foreign:
                name = unicodedata.name(c, "")
                for key, lang in _SCRIPTS:
                    if key in name:
                        scripts[lang] += 1
                        break
            if scripts:
                lang, n = scripts.most_common(1)[0]
                if n > 0.3 * letters:
                    return "ja" if lang == "zh" and scripts["ja"] > 0.05 * letters else lang
    words = _LATIN_WORD.findall(sample.lower())
    if len(words) < 8:
        return default
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in fw) for lang, fw in _FUNCTION_WORDS.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > scores["en"] * 1.5 else default
