"""Reverse retrieval: which watched parties could a list entry be a match for?

Forward screening asks the list index for the entries that share a retrieval key with a party's
names (``Index.candidates``): a token, a token one edit away, a consonant skeleton, two
romanised words run together, or an identifier; an entry is scored only when the keys it
shares carry at least a floor share of the name's weight. Reverse screening turns that around:
every watched party's keys are indexed once, each with its token's position and prior weight
and the name's total weight, and a changed list entry looks up the parties that share keys with
it. A party is kept when the shared weight could reach the floor under any rarity the change's
own index can give a token (``rarity_floor``): an upper bound of the forward share, so every
party that forward screening would score is kept. The alert itself is then scored in the
forward direction, by the same scorer at the same threshold: both directions give exactly the
same alerts, and only the parties near a changed entry are scored.

Key prefixes keep the kinds apart: ``=`` a token, ``-`` a token with one letter deleted, ``#``
a skeleton, ``@`` an identifier.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

from redtrace.screen.compare import normalize_identifier
from redtrace.screen.index import MIN_FUZZY_LENGTH, RARE_DF, Index, deletions
from redtrace.screen.names import PreparedName, skeleton, token_weight
from redtrace.screen.party import Party
from redtrace.screen.query import Query

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
        weights = [token_weight(t) for t in name.tokens]
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


def rarity_floor(index: Index) -> float:
    """The least rarity factor ``Index.weight`` can give any token of this index."""
    most = max((len(p) for k, p in index.postings.items() if not k.startswith("#")), default=0)
    if most <= RARE_DF:
        return 1.0
    return max(0.1, math.log(index.total / most) / math.log(index.total / RARE_DF))


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
