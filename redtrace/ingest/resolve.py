"""A candidate mention screened like a query, and linked only on evidence a reader would
accept. The screening engine handles spelling variants, transliteration (Cyrillic, Arabic
script) and word order; what it returns is a ranked guess. A mention links when:

- every word of it (articles and "Abu" aside) is found in the list name: "Mustafa Muhammed"
  is not "Mustafa Hajji Muhammad KHAN", whose family name the text never writes;
- a person's name has two words or more, and one of them that matched is not a common given
  name (``data/common_given_names.csv``), unless the mention is the list name entire;
- an organisation's matched words include one that is not a generic word of company names;
  a one-word organisation name only after a company word or in quotes («سكسوك»);
- it is not a weak alias: a kunya or nickname never links alone (the gazetteer links it when
  the party's full name is in the same document);
- one party is meant: parties scored within 0.06 of the best that are not the same name
  make the mention ambiguous, and it links to none (the candidates are reported).

A Cyrillic name with nothing found as written is screened again without its case endings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from followthemoney.types import registry

from redtrace.datafiles import rows
from redtrace.ingest.inflect import uninflected
from redtrace.screen import (
    ARTICLES,
    LOW_WEIGHT,
    Matcher,
    PreparedName,
    Query,
    QueryError,
    Scored,
    align,
    canonical_tokens,
    skeleton,
)

DATA = Path(__file__).parent / "data"
METHOD = "redtrace-screened"
CUTOFF = 0.8  # the screening score below which a candidate is not considered
# A name written in Arabic script is romanised without short vowels: its scores run lower
# ("علاء خنفورة" ~ "KHANFORA, Alaa" 0.87, "سلسلة الذهب" ~ "SELSELAT AL-THAHAB" 0.73).
CUTOFF_LOOSE = 0.65
MATCHED_LOOSE = 0.7
PARTICLES = {"bin", "ibn", "abu", "abdul"}
TIE = 0.06  # candidates this close to the best are as likely
MATCHED = 0.8  # a token similarity that counts as the same word
SAME_PARTY = 0.8
ORG_COVERED = 0.6  # the share of an organisation's listed name that the mention must cover  # two list names that cover each other this well name one party


@cache
def common_given() -> frozenset[str]:
    """Canonical tokens of given names too common to tell a person, and their consonant
    skeletons (a name romanised from Arabic script has no vowels: "صلاح" is "slah")."""
    words: set[str] = set()
    for r in rows(DATA / "common_given_names.csv"):
        words.update(t for t, _ in canonical_tokens([r["name"].lower()]))
    return frozenset(words | {"~" + skeleton(w) for w in words})


@cache
def place_words() -> frozenset[str]:
    """Tokens of country and region names: words that say where, not who."""
    names = [str(n) for n in registry.country.names.values()]
    names += [r["name"] for r in rows(DATA / "regions.csv")]
    return frozenset(t for n in names for t in PreparedName(n, True).tokens) - ARTICLES


def _common(token: str, loose: bool) -> bool:
    return token in common_given() or (loose and "~" + skeleton(token) in common_given())


@dataclass(frozen=True, slots=True)
class Resolution:
    key: str  # the party id
    caption: str
    refs: tuple[tuple[str, str], ...]
    score: float
    person: bool
    reason: str
    candidates: tuple[str, ...] = ()  # when ambiguous: the parties it could be

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates)


class Resolver:
    """Screens mentions against the loaded lists; results are cached by text."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._cache: dict[tuple[str, bool], Resolution | None] = {}

    def resolve(self, text: str, org_cue: bool = False) -> Resolution | None:
        key = (text, org_cue)
        if key not in self._cache:
            found = self._screen(text, org_cue)
            if found is None:
                plain = uninflected(text)
                if plain is not None:
                    found = self._screen(plain, org_cue)
            self._cache[key] = found
        return self._cache[key]

    def _screen(self, text: str, org_cue: bool) -> Resolution | None:
        try:
            schema = "Organization" if org_cue else "LegalEntity"
            query = Query({"schema": schema, "properties": {"name": [text]}})
        except QueryError:
            return None
        if not query.names:
            return None
        accepted: list[tuple[int, Scored, str]] = []
        loose = any(name.loose for name in query.names)
        for root, scored in self.matcher.scored(
            query, "default", CUTOFF_LOOSE if loose else CUTOFF, 6
        ):
            why = self._evidence(scored, org_cue)
            if why:
                accepted.append((root, scored, why))
        if not accepted:
            return None
        root, best, why = accepted[0]
        index = self.matcher.index
        party = index.parties[best.party]
        refs = [(r["dataset"], r["ref"]) for r in self.matcher.refs(root)]
        rivals: list[str] = []
        assert best.name_pair is not None
        for other_root, other, _ in accepted[1:]:
            if other.score < best.score - TIE:
                break
            assert other.name_pair is not None
            if _same_name(best.name_pair[1], other.name_pair[1], index.weight):
                refs += [(r["dataset"], r["ref"]) for r in self.matcher.refs(other_root)]
            else:
                rivals.append(index.parties[other.party].caption)
        refs = list(dict.fromkeys(refs))
        if rivals:
            return Resolution(party.id, party.caption, (), best.score, party.schema == "Person",
                              f"ambiguous: {text!r} could be {party.caption} or {', '.join(rivals)}",
                              (party.caption, *rivals))  # fmt: skip
        return Resolution(party.id, party.caption, tuple(refs), best.score,
                          party.schema == "Person", why)  # fmt: skip

    def _evidence(self, scored: Scored, org_cue: bool) -> str:
        """Why the mention is this party, or "" if the evidence is not enough."""
        if scored.name_pair is None:
            return ""
        qname, listed, prop, _, weight = scored.name_pair
        if prop == "weakAlias":
            return ""
        person = self.matcher.index.parties[scored.party].schema == "Person"
        _, covered, pairs = align(qname, listed, weight)
        loose = {t for t, flag in zip(qname.tokens, qname.loose_tokens, strict=True) if flag}
        # Romanised Arabic script makes short tokens ("علاء" is "la"): only its particles go.
        words = [t for t in qname.tokens if t not in ARTICLES
                 and (t not in LOW_WEIGHT or (t in loose and t not in PARTICLES))]  # fmt: skip
        matched = {q for q, _, sim in pairs if sim >= (MATCHED_LOOSE if q in loose else MATCHED)}
        # Every word matched; in a name of four words or more one may differ (محمود/Muhammad).
        missing = [t for t in words if t not in matched]
        if not words or len(missing) > (1 if len(words) >= 4 else 0):
            return ""
        words = [t for t in words if t in matched]
        if person:
            if not _family_matched(listed, pairs, loose):
                return ""
            telling = [t for t in words if not _common(t, t in loose)]
            # Common given names alone tell a person only as a long name entire.
            if len(words) < 2 or not (telling or (len(words) >= 3 and covered >= 0.95)):
                return ""
        else:
            telling = [t for t in words if weight(t) >= 0.5 and t not in place_words()]
            # The mention is most of the listed name: "Middle East" is not "Middle East
            # Saman Chemical Company".
            # A legal form written with it ("Al-Fay Company") says an organisation is meant.
            cued = org_cue or bool(qname.forms)
            if not telling or covered < ORG_COVERED or (len(words) == 1 and not cued):
                return ""
        shown = ", ".join(telling) if telling else "the whole name"
        return (f"screened {qname.original!r} ~ {prop} {listed.original!r} "
                f"({scored.score:.2f}; telling words: {shown})")  # fmt: skip


def _family_matched(
    listed: PreparedName, pairs: list[tuple[str, str, float]], loose: set[str]
) -> bool:
    """A list name written "FAMILY, Given" (OFAC): some word of the family name matched. A
    person is told by their family name: "Fawaz Mohammed" is not "RAHALL, Fawaz Mohamad"."""
    family, comma, _ = listed.original.partition(", ")
    if not comma:
        return True
    words = {t for t in PreparedName(family, False).tokens if t not in ARTICLES}
    return any(c in words and sim >= (MATCHED_LOOSE if q in loose else MATCHED)
               for q, c, sim in pairs)  # fmt: skip


def _same_name(a: PreparedName, b: PreparedName, weight: object) -> bool:
    """Two list names that are one name (a party on two lists: UN and OFAC spellings)."""
    fa, fb, _ = align(a, b, weight)  # type: ignore[arg-type]
    return fa >= SAME_PARTY and fb >= SAME_PARTY


KUNYA = {"abu", "abou", "abo", "umm", "um", "ibn", "bin"}


def telling(name: str) -> list[str]:
    """The words of a person's name that tell who is meant: not articles, not kunya
    particles, not common given names ("Abu Muhammad" has none; "Abu Bakr al-Baghdadi" has
    "baghdadi")."""
    prepared = PreparedName(name, False)
    loose = {t for t, f in zip(prepared.tokens, prepared.loose_tokens, strict=True) if f}
    return [t for t in prepared.tokens if t not in ARTICLES and t not in LOW_WEIGHT
            and t not in KUNYA and not _common(t, t in loose)]  # fmt: skip


def kunya(name: str) -> bool:
    """ "Abu X", "Umm X": a name by a child's name, which many men and women share."""
    words = name.replace("-", " ").split()
    return bool(words) and words[0].lower() in KUNYA | {"абу", "أبو", "ابو", "أم"}


def same_name(a: str, b: str) -> bool:
    """Two list captions that are one person's name (``"AL-'ALI, Hamid Hamad Hamid"`` and
    ``"HAMID HAMAD HAMID AL-‘ALI"``)."""
    pa, pb = PreparedName(a, False), PreparedName(b, False)
    # Compared on consonant skeletons: "AL ASAD" and "AL-ASSAD" are one spelling apart.
    ta = {skeleton(t) for t in pa.tokens if t not in ARTICLES}
    tb = {skeleton(t) for t in pb.tokens if t not in ARTICLES}
    # Lists write one person's names differently ("IBRAHIM AWWAD IBRAHIM ALI AL-BADRI
    # AL-SAMARRAI", "AL-BADRI, Dr. Ibrahim 'Awwad Ibrahim 'Ali"): most words shared.
    return bool(ta and tb) and len(ta & tb) >= SAME_PARTY * min(len(ta), len(tb))
