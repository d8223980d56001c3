"""Legal forms: recognise ``Ltd``, ``L.L.C.``, ``d.o.o.``, ``Ltd. Şti.``, ``OOO``... at a name's ends.

Spellings come from GLEIF's ISO 20275 code list (``data/legal_forms.csv``, generated) and a
curated supplement (``data/legal_forms_extra.csv``) that also marks generic words never to strip.
"""

from __future__ import annotations

from functools import cache
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


def split_legal_forms(parts: list[str]) -> tuple[list[str], list[str]]:
    """Remove legal forms from the end (and known ones from the front) of a token list.

    Returns ``(core_tokens, canonical_forms)``. The core always keeps at least one token.
    """
    forms_found: list[str] = []
    core = fold_forms(parts)
    forms = table()
    changed = True
    while changed and len(core) > 1:
        changed = False
        for size in range(min(_max_len(), len(core) - 1), 0, -1):
            tail = tuple(core[-size:])
            if tail in forms:
                forms_found.insert(0, forms[tail])
                core = core[:-size]
                changed = True
                break
        if not changed and len(core) > 1 and len(core[-1]) >= 6:
            # A typo in a long legal form ("LIMoTED", "COMPAgNY") is still that form.
            fuzzy = _fuzzy_form(core[-1])
            if fuzzy:
                forms_found.insert(0, fuzzy)
                core = core[:-1]
                changed = True
    while len(core) > 1 and (
        core[0] in PREFIX_FORMS or (len(core[0]) >= 3 and (core[0],) in forms)
    ):
        forms_found.insert(0, forms.get((core[0],), core[0]))
        core = core[1:]
    return core, forms_found


def is_form_word(token: str) -> bool:
    """A single-token legal form ("ltd", "corp", "gmbh") wherever it stands in a name."""
    return (token,) in table()


@cache
def _long_forms() -> dict[str, str]:
    long = {k[0]: v for k, v in table().items() if len(k) == 1 and len(k[0]) >= 6}
    long.update({w: TOKEN_FOLD[w] for w in TOKEN_FOLD if len(w) >= 6})
    return long


def _fuzzy_form(token: str) -> str | None:
    for form, canonical in _long_forms().items():
        if abs(len(form) - len(token)) <= 1 and OSA.distance(form, token) <= 1:
            return canonical
    return None
