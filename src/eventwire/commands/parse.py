"""``eventwire parse``: raw news in, clean Article records out (owned by the ingestion stage)."""
