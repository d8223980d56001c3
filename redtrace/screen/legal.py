"""Legal forms: recognise ``Ltd``, ``L.L.C.``, ``d.o.o.``, ``Ltd. Şti.``, ``OOO``... at a name's ends.

Spellings come from GLEIF's ISO 20275 code list (``data/legal_forms.csv``, generated) and a
curated supplement (``data/legal_forms_extra.csv``) that also marks generic words never to strip.
"""

from __future__ import annotations

import itertools
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA

from redtrace.datafiles import rows
from redtrace.screen.text import tokens

DATA = Path(__file__).parent / "data"
# Forms that lists print in front of the name (Russian, Ukrainian, Indonesian...).
PREFIX_FORMS = {
    "ooo",
    "oao",
    "zao",
    "pao",
    "ao",
    "tov",
    "too",
    "pt",
    "cv",
    "pjsc",
    "jsc",
    "cjsc",
    "ojsc",
}


# Words of legal forms written out or abbreviated; folded before phrases are compared so that
# "International Co." and "International Company" lose the same words.
TOKEN_FOLD = {"limited": "ltd", "company": "co", "corporation": "corp", "incorporated": "inc",
              "sirketi": "sti", "compagnie": "cie", "private": "pvt"}  # fmt: skip


def fold_forms(parts: list[str]) -> list[str]:
    return [TOKEN_FOLD.get(p, p) for p in parts]


def _fold_name_forms(parts: list[str]) -> list[str]:
    """As ``fold_forms``, and a typo of a folded word in a name ("COMPNY") folded too."""
    return [TOKEN_FOLD.get(p) or _fold_typo(p) or p for p in parts]


@lru_cache(maxsize=100_000)
def _fold_typo(token: str) -> str | None:
    """A typo of a folded word ("COMPNY", "PRdVATE"): folded as that word."""
    if len(token) < 6:
        return None
    for word, folded in TOKEN_FOLD.items():
        if abs(len(word) - len(token)) <= 1 and OSA.distance(word, token) <= 1:
            return folded
    return None


def _read(path: Path) -> list[tuple[str, str]]:
    return [(r["phrase"], r["canonical"]) for r in rows(path)]


@cache
def table() -> dict[tuple[str, ...], str]:
    """Normalised token phrase -> canonical form; curated entries override GLEIF's."""
    forms: dict[tuple[str, ...], str] = {}
    for name in ("legal_forms.csv", "legal_forms_extra.csv"):
        for phrase, canonical in _read(DATA / name):
            key = tuple(fold_forms(tokens(phrase)))
            if key:
                forms[key] = canonical
    return {k: v for k, v in forms.items() if v != "-"}


@cache
def _max_len() -> int:
    return max(len(k) for k in table())


# A form at the front that is a word, not an abbreviation ("Embassy", "Stiftung"), names the
# thing: "Embassy Bancorp" is not "Bancorp". Only abbreviations this short are stripped there.
FRONT_ABBREVIATION = 4


def split_legal_forms(
    parts: list[str], keep_last: bool = False, generic: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """Remove legal forms from the end (and known ones from the front) of a token list.

    Returns ``(core_tokens, canonical_forms)``. The core always keeps at least one token.
    ``keep_last``: the last token is joined to the name by a hyphen ("ISIS-SP"), part of
    it, not a form. ``generic``: words that do not identify a company; a form in front is
    kept when only such words would remain ("STG Holdings" is not "Holdings").
    """
    forms_found: list[str] = []
    core = _fold_name_forms(parts)
    forms = table()
    changed = not keep_last
    while changed and len(core) > 1:
        changed = False
        for size in range(min(_max_len(), len(core) - 1), 0, -1):
            tail = tuple(core[-size:])
            if tail in forms:
                forms_found.insert(0, forms[tail])
                core = core[:-size]
                changed = True
                break
        if not changed and len(core) > 1:
            # A typo in a long legal form ("LIMoTED", "COMPAgNY", "COMMECIAL BANK") is still
            # that form.
            fuzzy = _fuzzy_form(core[-1])
            typo = (1, fuzzy) if fuzzy else _fuzzy_tail(core)
            if typo:
                forms_found.insert(0, typo[1])
                core = core[: -typo[0]]
                changed = True
    while len(core) > 1 and (
        core[0] in PREFIX_FORMS
        or (3 <= len(core[0]) <= FRONT_ABBREVIATION and (core[0],) in forms
            and not all(t in generic or (t,) in forms for t in core[1:]))
    ):  # fmt: skip
        forms_found.insert(0, forms.get((core[0],), core[0]))
        core = core[1:]
    return core, forms_found


def is_form_word(token: str) -> bool:
    """A single-token legal form ("ltd", "corp", "gmbh") wherever it stands in a name: an
    abbreviation, or a form the curated table lists. A long word GLEIF lists as a form's
    name ("embassy", "stiftung") is a form only at a name's end, where it is stripped."""
    return (token,) in table() and (len(token) <= FRONT_ABBREVIATION or token in _curated())


@cache
def _curated() -> frozenset[str]:
    words = {w for phrase, _ in _read(DATA / "legal_forms_extra.csv") for w in tokens(phrase)}
    return frozenset(fold_forms(sorted(words))) | frozenset(TOKEN_FOLD.values())


@cache
def _never_stripped() -> frozenset[str]:
    """Generic words the curated table says are never a legal form ("foundation")."""
    words = set()
    for name in ("legal_forms.csv", "legal_forms_extra.csv"):
        for phrase, canonical in _read(DATA / name):
            if canonical == "-":
                words.update(fold_forms(tokens(phrase)))
    return frozenset(words)


@cache
def _long_forms() -> dict[str, str]:
    long = {k[0]: v for k, v in table().items() if len(k) == 1 and len(k[0]) >= 6}
    long.update({w: TOKEN_FOLD[w] for w in TOKEN_FOLD if len(w) >= 6})
    return long


@cache
def _form_words() -> dict[str, frozenset[str]]:
    """Long words of legal forms, keyed by themselves and by each one-letter deletion, to
    find a word one typo away without comparing against all of them."""
    out: dict[str, set[str]] = {}
    words = {w for k in table() for w in k if len(w) >= 6} | set(_long_forms())
    for word in words - _never_stripped():
        for key in {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}:
            out.setdefault(key, set()).add(word)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=100_000)
def _near_form_words(token: str) -> tuple[str, ...]:
    """The legal-form words ``token`` is a typo of (one edit)."""
    if len(token) < 6 or _near_generic(token):
        return ()
    index = _form_words()
    found: set[str] = set(index.get(token, ()))
    for i in range(len(token)):
        found.update(index.get(token[:i] + token[i + 1 :], ()))
    return tuple(sorted(w for w in found if w != token and OSA.distance(w, token) <= 1))


@lru_cache(maxsize=100_000)
def _near_generic(token: str) -> bool:
    """``token`` is, or is one typo of, a word never stripped ("FUNDATION": foundation)."""
    return any(OSA.distance(w, token) <= 1 for w in _never_stripped())


def _fuzzy_form(token: str) -> str | None:
    long = _long_forms()
    return next((long[w] for w in _near_form_words(token) if w in long), None)


def _fuzzy_tail(core: list[str]) -> tuple[int, str] | None:
    """A legal form of two or three words with a typo in one ("COMMECIAL BANK")."""
    forms = table()
    for size in (3, 2):
        if len(core) <= size:
            continue
        tail = core[-size:]
        options = [[t] if (t,) in forms else [t, *_near_form_words(t)] for t in tail]
        for fixed in itertools.product(*options):
            if list(fixed) != tail and fixed in forms:
                return size, forms[fixed]
    return None
