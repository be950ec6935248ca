"""A Coder that uses imported dictionaries *instead of* ours (``--no-default-dicts``).

``Coder(dicts=[DIR])`` already uses converted dictionaries *alongside* ours. Replacing ours
needs ``include_ours=False`` threaded through ``Coder`` -> ``resolver_for``/``ActorResolver``
-> ``actor_lexicon`` -> ``load_lexicons`` and ``pattern_index`` (proposed in
docs/PETRARCH.md). Until ``Coder`` takes that parameter, this module builds the same thing
from the public pieces: the user's countries, agents, organisations, people and verbs only,
with our grammar kept.

"Instead of ours" replaces dictionaries, not grammar: our ``modality`` lexicon (how "agreed
to", "threatened", "denied" recode the act they govern) and our ``noise`` cues have no
counterpart in a PETRARCH dictionary set, so they stay. Country names from pycountry stay
too: they are not one of our lexicon files.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Sequence

from eventwire.lexicon import KINDS, LexiconSet, load_lexicons

if TYPE_CHECKING:
    from eventwire.coder import Coder

#: Kinds of ours kept when the user's dictionaries replace ours.
GRAMMAR_KINDS = ("modality", "noise")


def replacement_lexicons(dicts: Sequence[str]) -> LexiconSet:
    """The user's entries for every kind, plus our entries for the grammar kinds."""
    user = load_lexicons(tuple(str(d) for d in dicts), include_ours=False)
    ours = load_lexicons((), include_ours=True)
    lex = LexiconSet(entries={k: list(user[k]) for k in KINDS}, sources=list(user.sources))
    for kind in GRAMMAR_KINDS:
        lex.entries[kind] = list(ours[kind]) + list(user[kind])
    return lex


def make_coder(dicts: Sequence[str] = (), include_ours: bool = True,
               model: str | None = None) -> "Coder":
    """An ``eventwire.coder.Coder`` over ``dicts``, with or without our dictionaries."""
    from eventwire.actors import ActorLexicon, ActorResolver
    from eventwire.coder import Coder, EventCoder
    from eventwire.patterns import PatternIndex

    dicts = tuple(str(d) for d in dicts)
    if include_ours:
        return Coder(model=model, dicts=dicts)
    if "include_ours" in inspect.signature(Coder.__init__).parameters:
        return Coder(model=model, dicts=dicts, include_ours=False)  # type: ignore[call-arg]
    lex = replacement_lexicons(dicts)
    # Built with our lexicons first (cached, cheap), then pointed at the replacement set:
    # only attributes the constructors themselves set from the lexicons are replaced.
    coder = Coder(model=model, dicts=())
    index = PatternIndex(lex)
    resolver = ActorResolver(coder.nlp, ())
    resolver.dicts = dicts
    resolver.lex = ActorLexicon(coder.nlp, lex)
    resolver.event_nouns = frozenset(index.nouns)
    coder.dicts = dicts
    coder.actors = resolver
    coder.events = EventCoder(index, dicts)
    return coder
