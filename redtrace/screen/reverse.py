"""Reverse retrieval: which watched parties could a list entry be a match for?

Forward screening asks the list index for the entries that share a retrieval key with a party's
names (``Index.candidates``): a token, a token one edit away, a consonant skeleton, two
romanised words run together, or an identifier. Reverse screening turns that around: every
watched party's keys are indexed once, and a changed list entry looks up the parties that share
one with it. The keys here are a superset of the forward ones (no rarity cut, no candidate
limit), so every party forward screening could alert on is retrieved; the alert itself is then
scored in the forward direction, by the same scorer at the same threshold, so both directions
give exactly the same alerts.

Key prefixes keep the kinds apart: ``=`` a token, ``-`` a token with one letter deleted, ``#``
a skeleton, ``@`` an identifier.
"""

from __future__ import annotations

from collections.abc import Iterable

from redtrace.screen.compare import normalize_identifier
from redtrace.screen.index import MIN_FUZZY_LENGTH, deletions
from redtrace.screen.names import PreparedName, skeleton
from redtrace.screen.party import Party
from redtrace.screen.query import Query

MIN_IDENTIFIER = 5
MIN_COMPOUND_KEY = 6


def party_keys(query: Query) -> set[str]:
    """The keys a watched party, screened as a query, could retrieve a list entry by."""
    keys: set[str] = set()
    for name in query.names:
        for token, skel, loose in zip(name.tokens, name.skeletons, name.loose_tokens, strict=True):
            keys.add("=" + token)
            if len(token) >= MIN_FUZZY_LENGTH:
                keys.update("-" + d for d in deletions(token))
            if len(skel) >= 2:
                keys.add("#" + skel)
            if loose and "v" in skel and len(skel) >= 3:
                keys.add("#" + skel.replace("v", ""))  # Arabic waw read as a vowel
        if name.loose:
            keys.update(_compounds(name))
    for value in query.identifiers:
        norm = normalize_identifier(value)
        if len(norm) >= MIN_IDENTIFIER:
            keys.add("@" + norm)
    return keys


def _compounds(name: PreparedName) -> set[str]:
    out = set()
    for a, b in zip(name.tokens, name.tokens[1:], strict=False):
        key = "#" + skeleton(a + b).replace("v", "")
        if len(key) >= MIN_COMPOUND_KEY:
            out.add(key)
    return out


def entry_keys(entry: Party) -> set[str]:
    """The keys under which a list entry's names and identifiers could be found by a party:
    each matches one of ``party_keys`` exactly when forward retrieval could pair the two."""
    keys: set[str] = set()
    for prepared, _prop, _weight in entry.names:
        for token in prepared.tokens:
            keys.add("=" + token)  # the same token
            keys.add("-" + token)  # the party's token is this one plus a letter
            if len(token) >= MIN_FUZZY_LENGTH:
                for d in deletions(token):
                    keys.add("=" + d)  # the party's token is this one less a letter
                    keys.add("-" + d)  # one letter changed (or two swapped)
        keys.update("#" + s for s in prepared.skeletons if len(s) >= 2)
    for value in entry.identifiers:
        norm = normalize_identifier(value)
        if len(norm) >= MIN_IDENTIFIER:
            keys.add("@" + norm)
    return keys


def delta_keys(entries: Iterable[Party]) -> set[str]:
    """The lookup keys of a whole list change."""
    out: set[str] = set()
    for entry in entries:
        out |= entry_keys(entry)
    return out
