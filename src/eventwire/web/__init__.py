"""``eventwire serve``: a local web app over the DuckDB event archive (docs/WEB.md).

Pages (events table, article with highlights, dyad/actor analyses, review) are rendered on
the server; every table is also served as JSON or CSV by the same app's API.
"""

from eventwire.web.app import create_app

__all__ = ["create_app"]
