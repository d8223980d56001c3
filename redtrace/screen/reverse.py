"""Reverse retrieval: which watched parties could a list entry be a match for?

Forward screening asks the list index for the entries that share a retrieval key with a party's
names (``Index.candidates``): a token, a token one edit away, a consonant skeleton, two
romanised words run together, or an identifier; an entry is scored only when the keys it
shares carry at least a floor share of the name's weight. Reverse screening turns that around:
every watched party's keys are indexed once, each with its token's position and prior weight
and the name's total weight, and a changed list entry looks up the parties that share keys with
it. Token weights come from the whole list corpus, not from the index searched
(``screen/rarity.py``), so the share of a name's weight that a party shares with one entry is
the forward share exactly (counting a near key as an exact one, an upper bound): a party
below the forward floor is never scored forward, and is not retrieved here. The alert itself is then scored in the
forward direction, by the same scorer at the same threshold: both directions give exactly the
same alerts, and only the parties near a changed entry are scored.

Key prefixes keep the kinds apart: ``=`` a token, ``-`` a token with one letter deleted, ``#``
a skeleton, ``@`` an identifier.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from redtrace.screen.compare import normalize_identifier
from redtrace.screen.index import MIN_FUZZY_LENGTH, deletions
from redtrace.screen.names import PreparedName, skeleton
from redtrace.screen.party import Party
from redtrace.screen.query import Query
from redtrace.screen.rarity import org_weight

MIN_IDENTIFIER = 5
MIN_COMPOUND_KEY = 6


class KeyRow(NamedTuple):
    """One retrieval key of a watched party's name: which name, which token, its weight."""

    key: str
    name: int
    pos: int
    weight: float
    total: float  # the name's total prior weight; 0 for an identifier (always a candidate)


def party_keys(query: Query) -> list[KeyRow]:
    """The keys a watched party, screened as a query, could retrieve a list entry by."""
    rows: list[KeyRow] = []
    for n, name in enumerate(query.names):
        weights = [org_weight(t) for t in name.tokens]  # as Index.weight
        total = sum(weights) or 1.0
        for pos, (token, skel, loose) in enumerate(
            zip(name.tokens, name.skeletons, name.loose_tokens, strict=True)
        ):
            keys = {"=" + token}
            if len(token) >= MIN_FUZZY_LENGTH:
                keys.update("-" + d for d in deletions(token))
            if len(skel) >= 2:
                keys.add("#" + skel)
            if loose and "v" in skel and len(skel) >= 3:
                keys.add("#" + skel.replace("v", ""))  # Arabic waw read as a vowel
            rows.extend(KeyRow(k, n, pos, weights[pos], total) for k in keys)
        if name.loose:
            for i, key in _compounds(name):
                pair = weights[i] + weights[i + 1]
                rows.append(KeyRow(key, n, len(name.tokens) + i, pair, total))
    for value in query.identifiers:
        norm = normalize_identifier(value)
        if len(norm) >= MIN_IDENTIFIER:
            rows.append(KeyRow("@" + norm, -1, 0, 1.0, 0.0))
    return rows


def _compounds(name: PreparedName) -> list[tuple[int, str]]:
    out = []
    for i, (a, b) in enumerate(zip(name.tokens, name.tokens[1:], strict=False)):
        key = "#" + skeleton(a + b).replace("v", "")
        if len(key) >= MIN_COMPOUND_KEY:
            out.append((i, key))
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


def delta_keys(entries: Iterable[Party]) -> list[tuple[str, int]]:
    """The lookup keys of a whole list change, each with the entry it belongs to."""
    return [(key, i) for i, entry in enumerate(entries) for key in entry_keys(entry)]
