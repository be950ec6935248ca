"""Coding time grows linearly with the body: a scraped page of thousands of sentences (the
1.18 MB furniture page of india-news-scraped.csv) once took over ten minutes because
coreference re-read every earlier mention and entity lookups re-read the whole Doc."""

from __future__ import annotations

import time

from spacy.tokens import Doc

from eventwire.models import Article

PARAGRAPH = ("Home Minister Shivraj Patil met Iranian officials in Ayodhya on Monday. "
             "He said the government would hold talks with them. "
             "The two sides agreed to meet again, and it was welcomed by the ministry.\n\n")


def _cpu_per_copy(coder, para: Doc, copies: int) -> float:
    doc = Doc.from_docs([para] * copies, ensure_whitespace=False)
    article = Article(article_id=f"long-{copies}", body=doc.text, published="2008-05-01")
    t = time.process_time()
    coded = coder.code_doc(doc, article)
    dt = time.process_time() - t
    assert len(coded.sentences) == 3 * copies
    assert len(coded.events) >= copies  # every copy still codes its events
    return dt / copies


def test_long_body_codes_in_linear_time(coder):
    # One parse, copied: the test times coding (actors, lazy NER, events), not spaCy.
    para = coder.parse(PARAGRAPH)
    _cpu_per_copy(coder, para, 5)  # warm caches (gazetteer, lemma tables)
    small = _cpu_per_copy(coder, para, 40)
    large = _cpu_per_copy(coder, para, 400)  # 1,200 sentences
    # Linear: the same cost per copy (noise aside); the quadratic code of before took 3x
    # per copy at this size.
    assert large < 2 * small, (small, large)
