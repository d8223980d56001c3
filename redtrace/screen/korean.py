"""Korean (Hangul) names to the Latin form that sanctions lists print for Korean persons.

The lists write DPRK names in McCune-Reischauer without its marks, a syllable per word:
"김영복" is KIM YONG BOK, "노광철" NO KWANG CHOL, "리송진" RI SONG JIN. ICU's romanisation
(Revised, run together: "gim-yeongbog") meets none of them. Each syllable is read from its
letters; inside a name a plain consonant after a vowel or a sonorant is voiced, as the lists
write it (영복: yong bok; 송진: song jin), and a syllable stands alone at a name's start (김:
kim). A person's name keeps a word per syllable; a company's Hangul words run together.
"""

from __future__ import annotations

import re

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_SYLLABLES = re.compile(r"[\uac00-\ud7a3]+")

_INITIALS = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch",
             "k", "t", "p", "h")  # fmt: skip
_VOWELS = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u",
           "wo", "we", "wi", "yu", "u", "ui", "i")  # fmt: skip
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
           "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip
# Plain consonants voiced between voiced sounds (MR): k g, t d, p b (j is j already).
_VOICED = {"k": "g", "t": "d", "p": "b"}
_SONORANT_END = ("", "n", "m", "ng", "l")


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def _syllables(word: str) -> list[str]:
    out: list[str] = []
    previous_final: str | None = None
    for ch in word:
        code = ord(ch) - 0xAC00
        initial = _INITIALS[code // 588]
        vowel = _VOWELS[(code % 588) // 28]
        final = _FINALS[code % 28]
        if previous_final is not None and previous_final in _SONORANT_END:
            initial = _VOICED.get(initial, initial)
        out.append(initial + vowel + final)
        previous_final = final
    return out


def to_latin(text: str, is_org: bool) -> str:
    """Hangul runs romanised: a word per syllable in a person's name, words run together
    in a company's; the rest of the text as it is."""

    def person(match: re.Match[str]) -> str:
        # The family name is its own word: the given name's first syllable is not voiced.
        word = match.group(0)
        return " ".join([*_syllables(word[:1]), *_syllables(word[1:])])

    def company(match: re.Match[str]) -> str:
        return "".join(_syllables(match.group(0)))

    return _SYLLABLES.sub(company if is_org else person, text)
