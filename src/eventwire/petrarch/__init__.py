"""Bring your own dictionaries: PETRARCH/TABARI dictionaries as eventwire lexicons (issue 8).

``import_petrarch(files, outdir)`` converts actor, agent, discard and verb-pattern
dictionaries into YAML lexicons for ``--dict`` and lists what it could not translate in
``outdir/untranslated.tsv``; ``make_coder(dicts, include_ours=False)`` codes with them
instead of our lexicons. The mapping decisions are in docs/PETRARCH.md.
"""

from eventwire.petrarch.coding import make_coder
from eventwire.petrarch.convert import ImportReport, import_petrarch

__all__ = ["ImportReport", "import_petrarch", "make_coder"]
