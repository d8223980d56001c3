"""The candidate index: which list names could a query name be? Built in memory from the store.

Keys per name token: the token itself, its consonant skeleton, and (through a vocabulary of
one-letter deletions) tokens one edit away. Rare tokens (in the whole list corpus) weigh more, so "Trading" or "Muhammad"
alone do not make a candidate. Entities that share a list reference (a UK row citing its UN
reference, a CSL row citing its OFAC number) form one party cluster: one result, not four.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable

from redtrace.screen.cache import PairCache
from redtrace.screen.compare import normalize_identifier
from redtrace.screen.names import PreparedName, skeleton
from redtrace.screen.party import Party
from redtrace.screen.rarity import org_weight, person_weight

MAX_POSTINGS_FRACTION = 0.02
MIN_FUZZY_LENGTH = 4
NEAR_KEY_FACTOR = 0.9  # a skeleton or one-edit key counts a little less than the token itself


def deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


class Index:
    """Parties, their names and the keys that retrieve them."""

    def __init__(self, parties: Iterable[Party]) -> None:
        self.parties: list[Party] = list(parties)
        self.names: list[tuple[int, PreparedName, str, float]] = []
        self.party_names: list[set[int]] = []
        self.by_identifier: dict[str, list[int]] = defaultdict(list)
        postings: dict[str, list[int]] = defaultdict(list)
        for p_idx, party in enumerate(self.parties):
            own: set[int] = set()
            self.party_names.append(own)
            for value in {normalize_identifier(v) for v in party.identifiers}:
                if len(value) >= 5:
                    self.by_identifier[value].append(p_idx)
            for prepared, prop, weight in party.names:
                n_idx = len(self.names)
                own.add(n_idx)
                self.names.append((p_idx, prepared, prop, weight))
                for key in set(prepared.tokens) | {
                    "#" + s for s in prepared.skeletons if len(s) >= 2
                }:
                    postings[key].append(n_idx)
        self.postings = dict(postings)
        self.shortest = [min((len(self.names[n][1].tokens) for n in own), default=99)
                         for own in self.party_names]  # fmt: skip
        self.total = max(len(self.names), 1)
        self.max_postings = max(200, int(self.total * MAX_POSTINGS_FRACTION))
        self._deletes: dict[str, list[str]] = defaultdict(list)
        for token in self.postings:
            if not token.startswith("#") and len(token) >= MIN_FUZZY_LENGTH:
                for d in deletions(token):
                    self._deletes[d].append(token)
        self.clusters = self._cluster()
        # Token weights from the whole list corpus, not from this index: a pair scores the
        # same whichever index holds the list name (``screen/rarity.py``).
        self.weight: Callable[[str], float] = org_weight
        self.person_weight: Callable[[str], float] = person_weight
        self._key_parties: dict[str, frozenset[int]] = {}
        self.pairs = PairCache()  # token similarities met while screening

    def _cluster(self) -> list[int]:
        """Union-find over shared list references; returns each party's cluster root."""
        parent = list(range(len(self.parties)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        owner: dict[tuple[str, str], int] = {}
        for i, party in enumerate(self.parties):
            for ref in party.list_refs:
                key = (ref["dataset"], ref["ref"])
                if key in owner:
                    a, b = find(owner[key]), find(i)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
                else:
                    owner[key] = i
        return [find(i) for i in range(len(self.parties))]

    def similar_tokens(self, token: str) -> set[str]:
        """Vocabulary tokens within one edit (insert, delete, substitute, most swaps)."""
        if len(token) < MIN_FUZZY_LENGTH:
            return set()
        found: set[str] = set(self._deletes.get(token, ()))
        for d in deletions(token):
            if d in self.postings:
                found.add(d)
            found.update(self._deletes.get(d, ()))
        found.discard(token)
        return found

    def candidates(
        self, names: list[PreparedName], limit: int = 40, min_fraction: float = 0.0
    ) -> dict[int, set[int]]:
        """Parties worth scoring, with the name ids that hit: {party index: {name index}}.

        ``min_fraction``: drop parties whose retrieved tokens carry less than this share of
        the query name's weight; a name score is bounded by that share, so parties below
        the cutoff need not be scored.
        """
        scores: dict[int, float] = defaultdict(float)
        visited: list[list[int]] = []  # the postings read: names that share a key with the query
        self._collect(names, scores, visited, common=False)
        if len(scores) < limit:
            # Only common tokens ("Muhammad Ali"): read their long posting lists after all.
            self._collect(names, scores, visited, common=True)
        # Of equal scores, the party with the shortest name first: "United Company OJSC"
        # ("united") before "United Shipbuilding Corporation".
        shortest = self.shortest
        above = [p for p, v in scores.items() if v >= min_fraction]
        kept = sorted(above, key=lambda p: (-scores[p], shortest[p], p))[:limit]
        if not kept:
            return {}
        hit_names = set().union(*visited)
        return {p: self.party_names[p] & hit_names for p in kept}

    def _collect_compounds(
        self,
        name: PreparedName,
        best_for_name: dict[int, float],
        visited: list[list[int]],
        common: bool,
    ) -> None:
        """Two words of a name romanised from Arabic script, run together: Latin lists
        write compounds as one word ("حمد الله" is Hamdullah)."""
        for a, b in itertools.pairwise(name.tokens):
            key = "#" + skeleton(a + b).replace("v", "")
            posting = self.postings.get(key)
            if len(key) < 6 or not posting or (len(posting) > self.max_postings) != common:
                continue
            visited.append(posting)
            pair_w = (self.weight(a) + self.weight(b)) * NEAR_KEY_FACTOR
            for p_idx in self._parties_of(key, posting):
                best_for_name[p_idx] += pair_w

    def _parties_of(self, key: str, posting: list[int]) -> frozenset[int]:
        """The parties behind a posting list (cached: the Python loop runs once per key)."""
        found = self._key_parties.get(key)
        if found is None:
            names = self.names
            found = frozenset(names[n][0] for n in posting)
            self._key_parties[key] = found
        return found

    def _collect(
        self,
        names: list[PreparedName],
        scores: dict[int, float],
        visited: list[list[int]],
        common: bool,
    ) -> None:
        for name in names:
            best_for_name: dict[int, float] = defaultdict(float)
            for token, skel, loose in zip(
                name.tokens, name.skeletons, name.loose_tokens, strict=True
            ):
                keys = {token} | self.similar_tokens(token)
                if len(skel) >= 2:
                    keys.add("#" + skel)
                if loose and "v" in skel and len(skel) >= 3:
                    keys.add("#" + skel.replace("v", ""))  # Arabic waw read as a vowel
                w = self.weight(token)
                exact: frozenset[int] = frozenset()
                near: set[int] = set()
                for key in keys:
                    posting = self.postings.get(key)
                    if not posting or (len(posting) > self.max_postings) != common:
                        continue
                    visited.append(posting)
                    if key == token:
                        exact = self._parties_of(key, posting)
                    else:
                        near |= self._parties_of(key, posting)
                # An exact token outranks a skeleton or one-edit neighbour of equal weight.
                for p_idx in exact:
                    best_for_name[p_idx] += w
                near_w = w * NEAR_KEY_FACTOR
                for p_idx in near - exact:
                    best_for_name[p_idx] += near_w
            if name.loose:
                self._collect_compounds(name, best_for_name, visited, common)
            total = sum(self.weight(t) for t in name.tokens) or 1.0
            for p_idx, value in best_for_name.items():
                value /= total
                if value > scores[p_idx]:
                    scores[p_idx] = value
