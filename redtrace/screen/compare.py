"""Feature functions: each compares one aspect of a query with a candidate, in [0, 1].

``name_similarity`` aligns tokens (order-free, each used once) weighted by how rare a token
is, so "Trading" and "al" count less than "Baghdadi". Missing middle names cost a little,
missing core names a lot. A compact comparison catches spacing ("Abdulrahman"/"Abdul Rahman").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rapidfuzz.distance import OSA, Levenshtein

from redtrace.screen.cache import PairCache
from redtrace.screen.distinct import distinct_names
from redtrace.screen.legal import is_form_word
from redtrace.screen.names import (
    ARTICLES,
    AYN,
    LOOSE,
    PreparedName,
    generic_words,
    plain_skeleton,
    roman_keys,
    skeleton,
    token_weight,
)

# How much of the candidate's extra tokens lower the score (0: none, 1: fully symmetric).
PERSON_COVERAGE_EXPONENT = 0.35
ORG_COVERAGE_EXPONENT = 0.8
MIN_TOKEN_SIMILARITY = 0.6
INITIAL_SIMILARITY = 0.7
ROMAN_SIMILARITY = 0.95
# A matched word that counts as agreement when two names are weighed for lenience.
AGREEING_SIMILARITY = 0.7
# What a generic company word missing from the other name costs ("General Trading" added to
# "Selselat al-Thahab"), once two distinctive words of the name have matched: a name that
# agrees on one word alone ("Mercury Systems"/"MERCURY") still pays the full price.
GENERIC_MISS_COST = 0.25
GENERIC_MISS_AFTER = 2
_VOWELS = frozenset("aeiouy")


def _nisba_agrees(arabic: str, latin: str) -> bool:
    """A final yaa ("المصري", "الحسيني") is the -i of a name of origin or descent: its Latin
    spelling ends in a vowel too (Masri, Husseini; -a where yaa stands for alif maqsura, as
    Persian writes it: Mostafa, Yahya), and a Latin name that does not (Hassan) is another
    name."""
    return len(arabic) < 3 or arabic[-1] != "y" or latin[-1] in "iyea"


_SHARED_LENGTH = {1: 0.7, 2: 0.75, 3: 0.85}
SQUARED_UP_TO = 3  # consonants: in names this short a near miss is squared
# Letters that stand for one Arabic letter in different romanisations: qaf as q, k or (in
# Persian) gh; jim as j or g; dad, dhal and zah as d, dh or z; Persian pe for be.
_LETTER_CLASSES = str.maketrans("qgzp", "kkdb")


def _loose_skeletons(sk_a: str, sk_b: str, ayn: bool) -> float:
    """Similarity of an Arabic-derived skeleton and a Latin one."""
    if sk_a == sk_b:
        # Two consonants in common say little ("sdy": Said, Asad, Saad); four say much.
        # An ayn met by a Latin vowel is one consonant more in common ("عمري"/Omari).
        return _SHARED_LENGTH.get(len(sk_a) + ayn, 0.95)
    if not sk_a or not sk_b:
        return 0.0
    cls_a, cls_b = sk_a.translate(_LETTER_CLASSES), sk_b.translate(_LETTER_CLASSES)
    if cls_a == cls_b and len(sk_a) >= 3:
        return _SHARED_LENGTH.get(len(sk_a) + ayn, 0.95) - 0.05
    # Other consonants differ: in a name of three root consonants one is another name
    # ("btr"/"bkr": Bitar, Bakr), so near misses are squared.
    if cls_a != cls_b:
        sk_a, sk_b = cls_a, cls_b  # the letters that differ differ across classes
    sim = token_similarity(sk_a, sk_b, sk_a, sk_b, 0, 0, strict_short=False)
    return sim * sim if min(len(sk_a), len(sk_b)) <= SQUARED_UP_TO else sim


def _assimilated(latin: str, arabic: str) -> bool:
    """The Latin word starts with the Arabic article assimilated to its first letter and
    run together ("essaadi", "ashshami", "addarwish") where the Arabic word has no article."""
    return (
        len(latin) > 4
        and latin[0] in "ae"
        and latin[1] == latin[2] == arabic[0]
        and latin[1] in "tdrzsnl"
    )


def token_similarity(
    a: str,
    b: str,
    skel_a: str,
    skel_b: str,
    loose_a: int = 0,
    loose_b: int = 0,
    strict_short: bool = True,
) -> float:
    """Similarity of two tokens in [0, 1]; 0 when they are too far apart to be one name.

    Each edit (a swap counts once) costs a fixed share that grows as tokens get shorter:
    one letter off in a ten-letter name is a typo, in a four-letter name another name.
    Equal consonant skeletons (Yusuf/Youssef) count as near-equal when the spellings are
    otherwise close. ``loose_a``/``loose_b``: that side was romanised without vowels (from
    Arabic), so the skeletons are compared instead of the spellings.
    """
    if a == b:
        return 1.0
    loose = loose_a or loose_b
    if (a in ARTICLES) != (b in ARTICLES):
        return 0.0  # an article matches only an article
    if min(len(a), len(b)) == 1 and not loose and strict_short:
        # An initial stands for a name with that letter ("G." for Georgiou).
        return INITIAL_SIMILARITY if a[0] == b[0] else 0.0
    if max(len(a), len(b)) <= 3 and not loose and strict_short:
        return 0.0  # "He"/"Hu", "Ma"/"Mao": short names differ by their one letter
    if not loose and distinct_names(a, b):
        return 0.0  # "Zheng"/"Zhang", "Vasilievna"/"Vasilieva"
    if loose:
        if loose_a != loose_b and not _nisba_agrees(a if loose_a else b, b if loose_a else a):
            return 0.0
        # The Arabic ayn vanishes in romanisation ("mr" for Omar, "wad" for Awad): a Latin
        # vowel stands where it was, and only there ("الشامي" is not Aissami, "العمري"
        # not Misri). An Arabic token that itself starts with a vowel (alif) is another word.
        arabic_ayn = AYN in (loose_a, loose_b)
        latin, arabic = (b, a) if loose_a else (a, b)
        if _assimilated(latin, arabic):
            # "es-Saadi" written as one word: the article's vowel and the doubled letter.
            tail = latin[2:]
            return token_similarity(tail, arabic, skeleton(tail), skeleton(arabic), 0, LOOSE)
        if (a[0] in _VOWELS) != (b[0] in _VOWELS):
            vowel_side_is_latin = (a[0] in _VOWELS and not loose_a) or (
                b[0] in _VOWELS and not loose_b
            )
            if not vowel_side_is_latin or not arabic_ayn:
                return 0.0
        elif arabic_ayn and a[0] not in _VOWELS:
            return 0.0
        sim = _loose_skeletons(skel_a, skel_b, arabic_ayn)
        if sim < 0.95 and "h" in arabic:
            # "sh", "kh", "th" in a romanisation without vowels may be two letters ("صحراوي"
            # is "shrawy": Sahraoui), not one: read them once more so.
            plain = plain_skeleton(arabic)
            other = skel_b if loose_a else skel_a
            sim = max(sim, _loose_skeletons(plain, other, arabic_ayn))
        return sim
    if min(len(a), len(b)) >= 4 and roman_keys(a) & roman_keys(b):
        # One name in two romanisations ("Thahab"/"Zahab", "Aseeri"/"Asiri", "Qasim"/
        # "Gasim"): near-equal whatever the letters, first ones included.
        return max(ROMAN_SIMILARITY, 1.0 - OSA.distance(a, b) / (max(len(a), len(b)) + 3))
    # A different first sound is rarely a transliteration variant of the same name; only a
    # swap of the first two letters or a lost first letter of a long name (typos: "ossein"
    # for Hossein) are let through.
    swapped = len(a) > 1 and len(b) > 1 and a[0] == b[1] and a[1] == b[0]
    lost_first = min(len(a), len(b)) >= 5 and (a[1:] == b or b[1:] == a)
    vowels = a[0] in _VOWELS and b[0] in _VOWELS
    if a[0] != b[0] and not vowels and not swapped and not lost_first:
        return 0.0
    edits = OSA.distance(a, b)
    sim = 1.0 - edits * 2.0 / (max(len(a), len(b)) + 3)
    if not loose and skel_a == skel_b and len(skel_a) >= 3 and sim >= 0.6:
        sim = max(sim, 0.9)
    return sim if sim >= MIN_TOKEN_SIMILARITY else 0.0


def _pair_similarity_uncached(q: PreparedName, i: int, c: PreparedName, j: int) -> float:
    sk_q, sk_c = q.skeletons[i], c.skeletons[j]
    # Loose (skeleton) comparison serves a query written in Arabic script. A Latin query
    # is compared strictly: every list entry with an Arabic-script alias also carries Latin
    # spellings, and skeletons of Latin names against vowel-less romanisations over-match.
    loose_q = q.loose_tokens[i]
    loose_c = c.loose_tokens[j] and loose_q
    if loose_c:
        # Both written in Arabic script: every consonant is on the page, so a different
        # one is another name ("النجار"/"نجات"). Compared as written, near misses squared
        # (the alignment does not square a loose query token's similarity).
        sim = token_similarity(q.tokens[i], c.tokens[j], sk_q, sk_c)
        return sim * sim
    sim = token_similarity(q.tokens[i], c.tokens[j], sk_q, sk_c, loose_q, loose_c)
    if sim < 1.0 and (q.raw[i] != q.tokens[i] or c.raw[j] != c.tokens[j]):
        raw = token_similarity(q.raw[i], c.raw[j], sk_q, sk_c, loose_q, loose_c)
        sim = max(sim, raw)
    if sim < 0.95 and loose_q and not loose_c and "v" in sk_q:
        # Arabic waw is a consonant or a long vowel: "نور" is "nwr" and Noor, "رسول" is
        # "rswl" and Rasul. Compare once more with it read as a vowel.
        vowel = token_similarity(q.tokens[i], c.tokens[j], sk_q.replace("v", ""),
                                 sk_c.replace("v", ""), loose_q, loose_c)  # fmt: skip
        sim = max(sim, vowel)
    return sim


def _similarity(a: PreparedName, i: int, b: PreparedName, j: int, cache: PairCache) -> float:
    """Token similarity, remembered by signature in the matcher's cache; the side romanised
    from Arabic or Hebrew script leads, so that a pair compares the same whichever name is
    the query."""
    if b.loose_tokens[j] and not a.loose_tokens[i]:
        a, i, b, j = b, j, a, i
    row = cache.row(a.sigs[i])
    sim = row.get(b.sigs[j])
    if sim is None:
        sim = row[b.sigs[j]] = _pair_similarity_uncached(a, i, b, j)
        cache.size += 1
    return sim


def align(
    query: PreparedName,
    candidate: PreparedName,
    weight: Callable[[str], float],
    cache: PairCache | None = None,
) -> tuple[float, float, list[tuple[str, str, float]]]:
    """Greedy best alignment of tokens; returns (query coverage, candidate coverage, pairs).

    Symmetric: swapping the names swaps the coverages. Each side's total is its tokens'
    weights, or for a token left unmatched what its absence costs (``_costs``). ``cache``:
    the matcher's remembered token similarities (None: none kept)."""
    cache = PairCache() if cache is None else cache
    pairs: list[tuple[float, str, str, int, int]] = []
    for i, qt in enumerate(query.tokens):
        for j, ct in enumerate(candidate.tokens):
            sim = _similarity(query, i, candidate, j, cache)
            if sim > 0:
                # Ties broken by the tokens, not their positions: the same order both ways.
                pairs.append((sim, max(qt, ct), min(qt, ct), i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    weights_q, misses_q = _costs(query, weight)
    weights_c, misses_c = _costs(candidate, weight)
    used_q: dict[int, float] = {}
    used_c: dict[int, float] = {}
    matched: list[tuple[str, str, float]] = []
    for sim, _, _, i, j in pairs:
        if i in used_q or j in used_c:
            continue
        qt, ct = query.tokens[i], candidate.tokens[j]
        # Squared: a near miss on a name's distinctive word is much weaker evidence than
        # an exact match (StoneX/Stanex), while one typo in a long word stays close to 1.
        # In a long word (eight letters or more) one typo costs less: its square root too.
        # A token romanised without vowels is compared on consonants: not squared.
        if query.loose_tokens[i] or candidate.loose_tokens[j]:
            strength = sim
        elif len(qt) >= 8 and len(ct) >= 8:
            strength = sim**1.5
        else:
            strength = sim * sim
        used_q[i] = used_c[j] = strength
        matched.append((qt, ct, sim))
    cov_q = _coverage(query, weights_q, misses_q, used_q)
    cov_c = _coverage(candidate, weights_c, misses_c, used_c)
    return cov_q, cov_c, matched


def _coverage(
    name: PreparedName,
    weights: tuple[float, ...],
    misses: tuple[float, ...],
    used: dict[int, float],
) -> float:
    """The share of a name's weight that the other name matched. Once two distinctive words
    of a company's name matched, its generic words missing cost little."""
    generic = generic_words()
    distinct = (
        name.is_org
        and sum(
            s >= 0.64 and name.tokens[i] not in ARTICLES and name.tokens[i] not in generic
            for i, s in used.items()
        )
        >= GENERIC_MISS_AFTER
    )
    got = total = 0.0
    for i, t in enumerate(name.tokens):
        if i in used:
            got += used[i] * weights[i]
            total += weights[i]
        elif distinct and t in generic:
            total += max(weights[i], GENERIC_MISS_COST)
        else:
            total += misses[i]
    return got / (total or 1.0)


def _weights(name: PreparedName, weight: Callable[[str], float]) -> tuple[tuple[float, ...], float]:
    """A name's token weights and their total under a weighting (person or organisation),
    kept on the name: the same list names are aligned again and again."""
    hit = name.weights.get(weight)
    if hit is None:
        values = tuple(weight(t) for t in name.tokens)
        hit = name.weights[weight] = (values, sum(values) or 1.0)
    return hit


def _costs(
    query: PreparedName, weight: Callable[[str], float]
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Each query token's weight, and what it costs when no candidate token meets it: at
    least 0.5 (particles excepted) even when it is common in the lists, since a customer's
    surname, or the "Technology" in its company name, missing from a list name is evidence
    against that list name. A legal-form word inside a company name costs little, unless it
    is two undotted letters at the front: "KS Bancorp" are initials ("S.A. Leverage" a form)."""
    values, _ = _weights(query, weight)
    misses = query.costs.get(weight)  # what each token's absence costs, kept on the name
    if misses is None:
        costs = []
        for i, (t, w) in enumerate(zip(query.tokens, values, strict=True)):
            form = query.is_org and is_form_word(t) and not (i == 0 and query.front_initials)
            costs.append(w if form else max(w, min(0.5, token_weight(t) * 2.5)))
        misses = query.costs[weight] = tuple(costs)
    return values, misses


def _joined_skeleton(name: PreparedName) -> str:
    """The consonants of the name's words, articles and vowel-only words (the Persian
    ezafe in "Sepah-e Qods") aside."""
    return "".join(s for t, s in zip(name.tokens, name.skeletons, strict=True)
                   if t not in ARTICLES and set(t) - _VOWELS).replace("v", "")  # fmt: skip


def _distinct_pair(query: PreparedName, candidate: PreparedName) -> bool:
    """Two words, one or two edits apart, that are known to be different names."""
    return any(
        a != b and Levenshtein.distance(a, b, score_cutoff=2) <= 2 and distinct_names(a, b)
        for a in query.tokens
        for b in candidate.tokens
    )


def name_pair_score(
    query: PreparedName,
    candidate: PreparedName,
    weight: Callable[[str], float],
    exponent: float = PERSON_COVERAGE_EXPONENT,
    cache: PairCache | None = None,
) -> float:
    """``exponent``: how much the less-covered name's unmatched tokens cost (people: little,
    since middle names and patronymics go missing; organisations: more); ``cache`` as in
    align. Symmetric: ``name_pair_score(a, b) == name_pair_score(b, a)``."""
    if not query or not candidate:
        return 0.0
    if query.tokens == candidate.tokens:
        return 1.0
    cov_q, cov_c, matched = align(query, candidate, weight, cache)
    # The better-covered name leads, whichever is the query: one score for one pair. Its
    # lead is a lenience only when two words or more agree: a one-word alias ("JULIA") in
    # a two-word name ("Julia Meyer") is one word of evidence, and the other word counts.
    agreeing = sum(sim >= AGREEING_SIMILARITY and a not in ARTICLES for a, _, sim in matched)
    if agreeing < 2:
        exponent = 1.0
    score = float(max(cov_q, cov_c) * (min(cov_q, cov_c) ** exponent))
    # Run together, the names compare despite spacing ("Abdulrahman"/"Abdul Rahman") and
    # typos; not when two of their words are known to be different names ("Vasilievna").
    # Two names in Arabic script compare so only when spaced differently: with the same
    # words, one letter apart is another name ("حسين النجار"/"حسین نجات").
    same_words = query.loose and candidate.loose and query.words == candidate.words
    if len(query.compact) >= 6 and len(candidate.compact) >= 6 and not same_words:
        compact = Levenshtein.normalized_similarity(query.compact, candidate.compact)
        if compact >= 0.9 and not _distinct_pair(query, candidate):
            score = max(score, compact * 0.97)
    if query.loose != candidate.loose and score < 0.9 and query.words != candidate.words:
        # From Arabic script the words of a compound name may come apart ("حسن زاده",
        # Hassanzadeh; "حمد الله", Hamdullah) or run together ("أبوغيث", Abu Ghaith):
        # compare the whole names' consonants, word by word, so that a Latin word more does
        # not melt into its neighbour ("Yehia Khaled" is not "Khalid": "h"+"hld").
        sk_q = _joined_skeleton(query)
        sk_c = _joined_skeleton(candidate)
        if min(len(sk_q), len(sk_c)) >= 5:
            same = Levenshtein.normalized_similarity(sk_q, sk_c)
            if same >= 0.9:
                score = max(score, 0.9 * same)
    return min(score, 1.0)


def dates_agree(a: str, b: str) -> bool:
    """ISO prefixes agree when the shorter one is a prefix of the longer one."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def birth_date_match(query: Sequence[str], candidate: Sequence[str]) -> tuple[float, str]:
    """(+1 full date agrees, +0.5 year agrees, 0 unknown, -1 conflict) and why."""
    if not query or not candidate:
        return 0.0, ""
    best = None
    for q in query:
        for c in candidate:
            if dates_agree(q, c):
                level = 1.0 if min(len(q), len(c)) >= 10 else 0.5
                if best is None or level > best[0]:
                    best = (level, q, c)
    if best:
        what = "birth date" if best[0] == 1.0 else "birth year"
        return best[0], f"{what} {best[1]} agrees with {best[2]}"
    near = any(abs(int(q[:4]) - int(c[:4])) <= 1 for q in query for c in candidate)
    if near:
        return (
            -0.5,
            f"birth date {query[0]} differs from {', '.join(candidate[:3])} (within a year)",
        )
    return -1.0, f"birth date {query[0]} conflicts with {', '.join(candidate[:3])}"


def country_match(query: Sequence[str], candidate: Sequence[str]) -> tuple[float, str]:
    if not query or not candidate:
        return 0.0, ""
    common = sorted(set(query) & set(candidate))
    if common:
        return 1.0, f"country {', '.join(common)} agrees"
    return (
        -1.0,
        f"country {', '.join(sorted(query))} differs from {', '.join(sorted(candidate)[:4])}",
    )


def normalize_identifier(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def identifier_match(query: Sequence[str], candidate: Sequence[str]) -> tuple[float, str]:
    """1.0 when a normalised identifier (5+ characters) is the same on both sides."""
    if not query or not candidate:
        return 0.0, ""
    cands = {normalize_identifier(c) for c in candidate}
    for q in query:
        norm = normalize_identifier(q)
        if len(norm) >= 5 and norm in cands:
            return 1.0, f"identifier {q} is the same"
    return 0.0, ""
