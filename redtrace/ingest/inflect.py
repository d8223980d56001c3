"""Names in languages that inflect them: a group's local name matched on word stems, so the
Russian genitive "Исламского государства" or the German "des Islamischen Staates" finds the
form "Исламское государство" / "Islamischer Staat" of ``short_forms.csv``; and a person's
name in Cyrillic with its case ending taken off ("Саида Арифа" -> "Саид Ариф") before it is
screened.

Group forms use the Snowball stemmers (``snowballstemmer``). Person names do not: Snowball
cuts a surname's own ending too (Газиев -> Газ, Измайлов -> Измайл), so for them only the
noun case endings of ``data/name_case_endings.csv`` come off, and only when the name as
written found nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Generic, TypeVar

import snowballstemmer

from redtrace.datafiles import rows

DATA = Path(__file__).parent / "data"
LANGUAGES = {"ru": "russian", "de": "german", "tr": "turkish", "fr": "french",
             "es": "spanish", "pt": "portuguese", "en": "english", "ar": "arabic"}  # fmt: skip
_WORD = re.compile(r"[^\W\d_][\w-]*")
# A Turkish case suffix written after an apostrophe ("IŞİD'in", "Mansur'u"): not the name.
_SUFFIX = re.compile(r"['’]\w{1,5}$")
MAX_WORDS = 6
T = TypeVar("T")


@cache
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(LANGUAGES[lang])


@lru_cache(maxsize=200_000)
def stem(lang: str, word: str) -> str:
    """The stem of one word (lower-cased, a Turkish apostrophe suffix cut off)."""
    word = _SUFFIX.sub("", word).lower()
    return str(_stemmer(lang).stemWord(word))


def stems(lang: str, text: str) -> tuple[str, ...]:
    return tuple(stem(lang, w) for w in _WORD.findall(text))


class StemIndex(Generic[T]):
    """Multi-word forms keyed by their words' stems, per language; ``find`` scans a text's
    words and returns the longest run of stems that is a form."""

    def __init__(self) -> None:
        self.forms: dict[str, dict[tuple[str, ...], list[T]]] = {}
        self.firsts: dict[str, set[str]] = {}

    def add(self, lang: str, form: str, target: T) -> None:
        if lang not in LANGUAGES:
            return
        key = stems(lang, form)
        if not key or (len(key) == 1 and len(key[0]) < 5):
            return  # a short one-word form is found as written, by the gazetteer
        self.forms.setdefault(lang, {}).setdefault(key, []).append(target)
        self.firsts.setdefault(lang, set()).add(key[0])

    def find(self, text: str, langs: Iterable[str]) -> list[tuple[int, int, list[T]]]:
        """(start, end, targets) of forms in ``text``, for the given languages."""
        words = list(_WORD.finditer(text))
        out: list[tuple[int, int, list[T]]] = []
        for lang in langs:
            forms = self.forms.get(lang)
            if not forms:
                continue
            firsts = self.firsts[lang]
            i = 0
            while i < len(words):
                if stem(lang, words[i].group(0)) not in firsts:
                    i += 1
                    continue
                hit = None
                for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                    key = tuple(stem(lang, w.group(0)) for w in words[i : i + n])
                    if key in forms:
                        hit = n, forms[key]
                        break
                if hit is None:
                    i += 1
                    continue
                n, targets = hit
                last = words[i + n - 1]
                end = last.start() + len(_SUFFIX.sub("", last.group(0)))
                out.append((words[i].start(), end, targets))
                i += n
        return sorted(out, key=lambda h: h[0])


@cache
def case_endings() -> dict[str, tuple[str, ...]]:
    """Script -> noun case endings that a name may carry, longest first."""
    out: dict[str, list[str]] = {}
    for r in rows(DATA / "name_case_endings.csv"):
        out.setdefault(r["script"], []).append(r["ending"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def uninflected(name: str) -> str | None:
    """The name with a case ending off each word (Cyrillic only), or None if none came off."""
    if not _CYRILLIC.search(name):
        return None
    endings = case_endings().get("cyrillic", ())
    changed = False
    out = []
    for word in name.split():
        base = word
        head, _, tail = word.rpartition("-")
        part = tail if head else word
        if len(part) > 4:
            for ending in endings:
                if part.endswith(ending) and len(part) - len(ending) >= 3:
                    part = part[: -len(ending)]
                    changed = True
                    break
        base = f"{head}-{part}" if head else part
        out.append(base)
    return " ".join(out) if changed else None
