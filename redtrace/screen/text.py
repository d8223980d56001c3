"""Text to comparable tokens: any script to Latin ASCII, case and punctuation folded.

Transliteration is ICU's, cached because list names repeat. Cyrillic goes through the
BGN/PCGN romanisation that the US, UK and UN lists use (``Brodskiy``, not ICU's default
``Brodskij``), Greek through UNGEGN, Hebrew through BGN; everything else through ICU's
Any-Latin (via normality).
Dotted abbreviations close up first, so ``d.o.o.`` and ``DOO`` give the same token.
"""

from __future__ import annotations

import re
from functools import lru_cache

import icu
from normality import ascii_text

_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}(?:[^\W\d_]\b\.?)?", re.UNICODE)
_SPLIT = re.compile(r"[^a-z0-9]+")
# Letters ICU leaves as "?" or apostrophes (Arabic ayn, hamza): they carry no Latin sound.
_DROP = str.maketrans("", "", "?'`’‘ʻʼʿʾ")


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_BGN = icu.Transliterator.createInstance("Russian-Latin/BGN; Any-Latin; Latin-ASCII")
# Greek as the UN/ELOT system writes it (Β as v: "ΒΑΣΙΛΕΙΑΔΗΣ" is Vasileiadis); Hebrew as BGN
# (פ as f at a word's end: "פדרמן" is fdrmn, Federman).
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_UNGEGN = icu.Transliterator.createInstance("Greek-Latin/UNGEGN; Any-Latin; Latin-ASCII")
HEBREW = re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]")
_HEBREW_BGN = icu.Transliterator.createInstance("Hebrew-Latin/BGN; Any-Latin; Latin-ASCII")


def _close_dots(match: re.Match[str]) -> str:
    return match.group(0).replace(".", "")


@lru_cache(maxsize=500_000)
def fold(text: str) -> str:
    """One string in lower-case ASCII with dotted abbreviations closed up."""
    closed = _DOTTED.sub(_close_dots, text)
    if _CYRILLIC.search(closed):
        closed = _BGN.transliterate(closed)
    if _GREEK.search(closed):
        closed = _UNGEGN.transliterate(closed)
    if HEBREW.search(closed):
        closed = _HEBREW_BGN.transliterate(closed)
    latin = ascii_text(closed) or ""
    return latin.translate(_DROP).lower()


def tokens(text: str) -> list[str]:
    """Lower-case ASCII tokens of any-script text."""
    return [t for t in _SPLIT.split(fold(text)) if t]
