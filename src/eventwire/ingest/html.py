"""HTML pages: trafilatura finds the article and its metadata, then the wire clean-up runs.

trafilatura removes navigation and boilerplate markup, but scraped pages often keep wire
furniture inside the article element (datelines, credits, related links), so its text goes
through the same ``split_wire`` as plain text.
"""

from __future__ import annotations

from eventwire.ingest.build import Meta
from eventwire.ingest.sources import BadInput
from eventwire.ingest.wire import WireParts, split_wire


def parse_html(html: str, meta: Meta) -> WireParts:
    """Split an HTML page; fills ``meta`` with the page's title, author, date and site."""
    import trafilatura  # heavy import, only paid when HTML is read

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, url=meta.url)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise BadInput(f"HTML could not be parsed ({exc.__class__.__name__})",
                       "unparsable HTML") from exc
    data = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
    text = (data.get("text") or "").strip()
    if not text:
        raise BadInput("HTML page has no article text", "HTML page without article")
    meta.title = meta.title or data.get("title")
    meta.byline = meta.byline or data.get("author")
    meta.date = meta.date or data.get("date")
    meta.source = meta.source or data.get("sitename")
    meta.url = meta.url or data.get("url")
    parts = split_wire(text, title=meta.title)
    if not parts.body:
        raise BadInput("HTML page has no article text", "HTML page without article")
    return parts
