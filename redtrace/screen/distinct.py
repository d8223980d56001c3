"""Spellings that look one edit apart but are different names, so no typo tolerance:

- two different syllables of Mandarin pinyin ("Zheng" and "Zhang", "Jing" and "Jiang" are
  different surnames and given names, written with different characters);
- a Russian patronymic against a family name ("Vasilievna" is a father's name, "Vasilieva"
  a family name);
- two common given names of the name tables ("Khalid" and "Khalil", "Samir" and "Samer",
  "Hasan" and "Husayn" are different names; "Khaled" and "Khalid" are one name's spellings).
"""

from __future__ import annotations

from functools import cache

from redtrace.screen.names import arabic_names, variants

_INITIALS = ("", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
             "zh", "ch", "sh", "r", "z", "c", "s", "y", "w")  # fmt: skip
_FINALS = ("a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er",
           "i", "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong",
           "u", "ua", "uo", "uai", "ui", "uan", "un", "uang", "ueng", "ue", "v", "ve")  # fmt: skip
_PATRONYMIC_ENDINGS = ("ovich", "evich", "ovna", "evna", "ievna", "yevna", "ichna", "ovych",
                       "ivna", "ich")  # fmt: skip


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every initial+final spelling (a superset of the ~410 valid Mandarin syllables)."""
    return frozenset(i + f for i in _INITIALS for f in _FINALS if len(i + f) >= 2)


_SURNAME_ENDINGS = ("ova", "eva", "yeva", "ov", "ev", "yev", "ina", "in", "sky", "skaya", "skiy")


def is_patronymic(token: str) -> bool:
    return len(token) >= 7 and token.endswith(_PATRONYMIC_ENDINGS)


def is_russian_surname(token: str) -> bool:
    return len(token) >= 5 and token.endswith(_SURNAME_ENDINGS) and not is_patronymic(token)


@cache
def given_names() -> dict[str, str]:
    """Spelling -> canonical spelling of every given name the name tables know."""
    out = dict(variants())
    for latin in arabic_names().values():
        out.setdefault(latin, latin)
    return out


def distinct_names(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` (different spellings) are known to be different names."""
    syllables = pinyin_syllables()
    if a in syllables and b in syllables:
        return True
    known = given_names()
    if a in known and b in known and known[a] != known[b]:
        return True
    # A patronymic against a family name, not against a misspelt patronymic ("Yurievih").
    return (is_patronymic(a) and is_russian_surname(b)) or (
        is_patronymic(b) and is_russian_surname(a)
    )
