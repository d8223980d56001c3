"""Candidate name spans to screen: runs of capitalised words in Latin, Cyrillic or Greek text
("Ismail Bayaltun", "Шамиль Измайлов"), with the particles that sit inside Arabic names
("Idris al-Fay", "Abu Mohamed al Adnani", "ад-Аднани"); and, in Arabic script, which has no
capitals, a run of words that opens with a known given name ("علاء خنفورة") or a quoted name
(«سلسلة الذهب», “سكسوك”). A Turkish case suffix after an apostrophe ("el-Mansur'u") is not
part of the name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from redtrace.datafiles import rows
from redtrace.screen import arabic_names

DATA = Path(__file__).parent / "data"
MAX_WORDS = 7
_WORD = re.compile(r"['’‘ʻ]?[^\W\d_][\w'’‘ʻ-]*")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
# Lower-case words that sit inside a name: Arabic articles and filiation, Romance "de".
PARTICLES = {"al", "el", "ad", "as", "ash", "at", "az", "ar", "an", "ul", "ud", "bin", "ibn",
             "bint", "ben", "de", "da", "du", "ал", "аль", "ад", "ас", "аш", "ат", "ан", "эль",
             "ибн", "бин", "бен"}  # fmt: skip
_JOINED_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|az|ar|an|ul|ud|ал|аль|ад|ас|ан|эль)-\w", re.I)
_TR_SUFFIX = re.compile(
    r"['’‘](?:y?[ıiuü]n?|n[ıiuü]n|y?[ae]|[dt][ae]n?|y?l[ae]|n[ae]|n[ıiuü]|[ıiuü]ndan|nd[ae]n?)$"
)
_QUOTED = re.compile(r"[«“\"]([\u0600-\u06ff][\u0600-\u06ff ]{1,40}?)[»”\"]")
ARABIC_PREFIXES = ("و", "ب", "ل", "ف")
# Words after which an Arabic text names a company or office ("شركة الفاي").
ARABIC_ORG_CUES = {"شركة", "شركتي", "مؤسسة", "مكتب", "شركه"}
# Words that end an Arabic name: prepositions, relatives, verbs of saying.
ARABIC_STOP = {"في", "من", "على", "إلى", "الى", "عن", "مع", "التي", "الذي", "الذين", "هذه",
               "هذا", "قال", "وقال", "أن", "إن", "ان", "بعد", "قبل", "ضد", "عبر", "بين", "كما",
               "المتهم", "مدير", "مسؤول", "الذى", "وشقيقه", "شقيقه"}  # fmt: skip
# Conjunctions between two given names that share one surname ("Ismail y Ahmet Bayaltun").
CONJUNCTIONS = {"y", "e", "and", "et", "und", "ve", "и", "та", "і"}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str
    quoted: bool = False  # an Arabic name in quotation marks, or after a company word


def _capitalised(word: str) -> bool:
    first = word.lstrip("'’‘ʻ")[:1]
    return first.isupper()


def _particle(word: str) -> bool:
    return word.lower() in PARTICLES or bool(_JOINED_ARTICLE.match(word))


def spans(text: str) -> list[Span]:
    """Candidate spans, in text order (they do not overlap)."""
    out = _latin_spans(text) + _arabic_spans(text)
    return sorted(out, key=lambda s: s.start)


def _latin_spans(text: str) -> list[Span]:
    words = list(_WORD.finditer(text))
    out: list[Span] = []
    i = 0
    while i < len(words):
        word = words[i].group(0)
        # A name opens on a capital, or on an article joined to one ("al-Qaeda in ...").
        if not (_capitalised(word) or (_JOINED_ARTICLE.match(word) and _capitalised(word[3:]))):
            i += 1
            continue
        k = i
        cut = False
        while k + 1 < len(words) and k + 1 - i < MAX_WORDS and not cut:
            gap = text[words[k].end() : words[k + 1].start()]
            nxt = words[k + 1].group(0)
            if gap not in (" ", "\u00a0") or _TR_SUFFIX.search(words[k].group(0)):
                break
            if not (_capitalised(nxt) or _particle(nxt)):
                break
            k += 1
            cut = bool(_TR_SUFFIX.search(nxt))
        while (
            k > i and _particle(words[k].group(0)) and not _JOINED_ARTICLE.match(words[k].group(0))
        ):
            k -= 1  # a name does not end on a particle
        start, end = words[i].start(), words[k].end()
        m = _TR_SUFFIX.search(text[start:end])
        if m:
            end = start + m.start()
        if k > i:
            out.append(Span(start, end, text[start:end]))
        elif i + 3 < len(words) and words[i + 1].group(0) in CONJUNCTIONS:
            shared = _shared_surname(text, words, i)
            if shared:
                out.append(Span(start, words[i].end(), shared))
        i = k + 1
    return out


def _shared_surname(text: str, words: list[re.Match[str]], i: int) -> str:
    """ "Ismail y Ahmet Bayaltun": the first given name with the surname both share (the
    span is the given name; the text screened is given name and surname)."""
    j = i + 2
    while j + 1 < len(words) and j - i < 5 and _capitalised(words[j + 1].group(0)):
        if text[words[j].end() : words[j + 1].start()] != " ":
            break
        j += 1
    if j > i + 2 and all(_capitalised(w.group(0)) for w in words[i + 2 : j + 1]):
        return f"{words[i].group(0)} {_TR_SUFFIX.sub('', words[j].group(0))}"
    return ""


@cache
def arabic_given() -> frozenset[str]:
    return frozenset(arabic_names()) | {r["name"] for r in rows(DATA / "arabic_given_names.csv")}


def _known(word: str) -> bool:
    table = arabic_given()
    return word in table or (word[:1] in ARABIC_PREFIXES and word[1:] in table)


def _arabic_spans(text: str) -> list[Span]:
    out: list[Span] = []
    taken: list[tuple[int, int]] = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1).strip()
        if 1 <= len(inner.split()) <= 4:
            start = m.start(1) + m.group(1).index(inner)
            out.append(Span(start, start + len(inner), inner, quoted=True))
            taken.append((start, start + len(inner)))
    words = list(_ARABIC_WORD.finditer(text))
    i = 0
    while i < len(words):
        word = words[i].group(0)
        bare = word[1:] if word[:1] in ARABIC_PREFIXES and word[1:] in ARABIC_ORG_CUES else word
        if bare in ARABIC_ORG_CUES and i + 1 < len(words):
            k = _arabic_run(text, words, i + 1)
            start = words[i + 1].start()
            if not any(s <= start < e for s, e in taken):
                out.append(Span(start, words[k].end(), text[start : words[k].end()], quoted=True))
                taken.append((start, words[k].end()))
            i = k + 1
            continue
        if not _known(word) or any(s <= words[i].start() < e for s, e in taken):
            i += 1
            continue
        k = _arabic_run(text, words, i)
        start = words[i].start()
        if word[:1] in ARABIC_PREFIXES and word not in arabic_given():
            start += 1
        if k > i:
            out.append(Span(start, words[k].end(), text[start : words[k].end()]))
        i = k + 1
    return out


def _arabic_run(text: str, words: list[re.Match[str]], i: int) -> int:
    """The index of the last word of the name that starts at ``words[i]`` (four at most)."""
    k = i
    while k + 1 < len(words) and k - i < 3:
        nxt = words[k + 1].group(0)
        if text[words[k].end() : words[k + 1].start()] != " " or nxt in ARABIC_STOP:
            break
        if nxt[:1] == "و" and nxt not in arabic_given():
            break  # "وشركة": a conjunction opens the next phrase
        k += 1
    return k
