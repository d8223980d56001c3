"""Organisation and company names that no list holds, in any language: a run of capitalised
words closed by a legal form from the GLEIF table ("Kaya Elektronik Ltd. Şti.", "Παπαδόπουλος
Α.Ε.", "Acme Trading LLC"), opened by a prefix form ("ООО «Ромашка»"), an Arabic company word
(شركة ... المحدودة), or closed by an organisation word ("Conflict Armament Research Group")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from redtrace.datafiles import rows
from redtrace.screen import PREFIX_FORMS, fold_forms, is_form_word, legal_forms, tokens

DATA = Path(__file__).parent / "data"
_TOKEN = re.compile(r"[«»\"“”„]?\w[\w'’.&-]*[«»\"“”]?")
# Words that join the words of a name ("Tic. ve San.", "Research and Development").
CONNECT = {"&", "of", "for", "de", "la", "the"}
# Conjunctions join words of one name only after an abbreviation ("San. ve Tic."); otherwise
# they join two names ("Kaya Ltd and Yildiz A.S.").
CONJUNCTIONS = {"ve", "and", "und", "et", "και", "и"}
ABBREVIATIONS = {"san", "tic", "ltd", "co", "inc", "int", "intl", "mfg", "bros", "dis", "paz",
                 "elek", "end", "muh", "ith", "ihr", "tur", "ins", "gida", "mak", "corp"}  # fmt: skip
MAX_WORDS = 6
# One-token forms that are also ordinary words or initials in running text.
RISKY_FORMS = {"as", "is", "co", "sa", "se", "ag", "ab", "a", "e", "s", "l", "p", "cv", "pt"}
ARABIC_COMPANY = {"شركة", "مؤسسة"}
DETERMINERS = {"The", "A", "An", "This", "That", "Bu", "Şu", "Η", "Ο", "Το"}


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    raw: str
    norm: str


@cache
def org_words() -> frozenset[str]:
    return frozenset(r["word"] for r in rows(DATA / "org_words.csv"))


def _words(text: str) -> list[Word]:
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0).strip('«»"“”„')
        start = m.start() + m.group(0).index(raw[:1]) if raw else m.start()
        norm = "".join(tokens(raw))
        if raw:
            out.append(Word(start, start + len(raw), raw, norm))
    return out


def _capitalised(word: Word) -> bool:
    first = word.raw[:1]
    return first.isupper() or (first.isalpha() and not first.islower() and not first.isupper())


def _joined(text: str, a: Word, b: Word) -> bool:
    """Two words of one name: only spaces (or a comma before a legal form) between them."""
    gap = text[a.end : b.start]
    return len(gap) <= 3 and gap.count("\n") <= 1 and gap.strip(' \n,«»"“”') == ""


def _form_at(words: list[Word], i: int) -> int:
    """The number of words of a legal form starting at ``words[i]`` (0 if none)."""
    forms = legal_forms()
    for size in range(min(4, len(words) - i), 0, -1):
        key = tuple(fold_forms([w.norm for w in words[i : i + size]]))
        if key in forms and _capitalised(words[i]):
            if key[0] in PREFIX_FORMS and i + 1 < len(words) and _capitalised(words[i + 1]):
                return 0  # "ООО «Ромашка»": a form in front of the name
            raw = words[i].raw
            dotted = raw.endswith(".") or (raw.isupper() and "." in raw)
            if size == 1 and (key[0] in RISKY_FORMS or len(raw) < 2) and not dotted:
                continue
            return size
    return 0


def _name_before(text: str, words: list[Word], i: int, floor: int) -> int | None:
    """Index of the first word of the capitalised name that ends just before ``words[i]``."""
    j = i
    taken = 0
    while (
        j > 0
        and taken < MAX_WORDS
        and words[j - 1].start >= floor
        and _joined(text, words[j - 1], words[j])
    ):
        prev = words[j - 1]
        if prev.raw.endswith(".") and prev.norm not in ABBREVIATIONS:
            break  # the end of a sentence
        conjunction = prev.raw.lower() in CONJUNCTIONS and j - 2 >= 0
        if conjunction and not (
            words[j - 2].raw.endswith(".") and words[j - 2].norm in ABBREVIATIONS
        ):
            break
        if _capitalised(prev) or ((prev.raw.lower() in CONNECT or conjunction) and j - 1 > 0):
            j -= 1
            taken += 1
            continue
        break
    while j < i and (words[j].raw.lower() in CONNECT | CONJUNCTIONS or words[j].raw in DETERMINERS):
        j += 1
    if not any(not is_form_word(w.norm) and w.norm not in ABBREVIATIONS for w in words[j:i]):
        return None  # only forms and abbreviations: "Co. Ltd"
    return j if j < i else None


def organisations(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, name, schema) of organisation and company names, in text order."""
    words = _words(text)
    found: list[tuple[int, int, str, str]] = []
    taken_until = -1
    i = 0
    while i < len(words):
        w = words[i]
        size = _form_at(words, i)
        if size and w.start >= taken_until:
            first = _name_before(text, words, i, taken_until)
            if first is not None:
                end = words[i + size - 1].end
                found.append((words[first].start, end, text[words[first].start : end], "Company"))
                taken_until = end
                i += size
                continue
        if w.norm in PREFIX_FORMS and w.raw.isupper() and len(w.raw) >= 2 and i + 1 < len(words):
            k = i + 1
            while (
                k < len(words)
                and k - i <= 4
                and _capitalised(words[k])
                and _joined(text, words[k - 1], words[k])
            ):
                k += 1
            if k > i + 1:
                end = words[k - 1].end
                end += 1 if text[end : end + 1] in ("»", '"', "”") else 0
                found.append((w.start, end, text[w.start : end], "Company"))
                taken_until = end
                i = k
                continue
        if w.raw in ARABIC_COMPANY:
            for k in range(i + 1, min(len(words), i + 6)):
                if words[k].norm in ("almhdwdt", "dhmm"):
                    found.append((w.start, words[k].end, text[w.start : words[k].end], "Company"))
                    taken_until = words[k].end
                    i = k
                    break
        i += 1
    for m in _org_word_pattern().finditer(text):
        start, end, name = m.start(1), m.end(1), m.group(1)
        first_word = name.split()[0]
        if first_word in DETERMINERS and len(name.split()) > 1:
            start += len(first_word) + 1
            name = text[start:end]
        if not any(s < end and start < e for s, e, _, _ in found):
            found.append((start, end, name, "Organization"))
    return sorted(found)


@cache
def _org_word_pattern() -> re.Pattern[str]:
    words = "|".join(sorted(org_words()))
    cap = r"[A-Z][\w'’&-]+"
    return re.compile(rf"\b((?:{cap} (?:(?:of|and|for|the|de|la) )?){{1,5}}(?:{words}))\b")
