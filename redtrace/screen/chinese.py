"""Chinese-script names to the Latin form that lists print: pinyin without tones, a person's
given name as one word ("赵光宗" -> "zhao guangzong"), and in a company name the words lists
translate ("船務" shipping, "香港" Hong Kong) translated, the rest in pinyin run together
("華信船務(香港)有限公司" -> "huaxin shipping hong kong")."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import icu

from redtrace.datafiles import rows

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff·・ ]*")
# Two-character family names; any other family name is the first character.
COMPOUND_SURNAMES = {"欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方",
                     "令狐", "皇甫", "尉迟", "尉遲", "公孙", "公孫", "慕容", "司徒", "夏侯"}  # fmt: skip


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


@cache
def words() -> dict[str, str]:
    return {
        r["chinese"]: r["english"] for r in rows(Path(__file__).parent / "data" / "zh_words.csv")
    }


@cache
def _pinyin() -> icu.Transliterator:
    # Built on first use: building it takes a third of a second, and most names have no Han.
    return icu.Transliterator.createInstance("Han-Latin; Latin-ASCII; Lower")


def pinyin(text: str) -> str:
    """Toneless pinyin of Han characters, run together: "华信" -> "huaxin"."""
    latin: str = _pinyin().transliterate(text)
    return latin.replace(" ", "").replace("'", "")


def person(text: str) -> str | None:
    """A Han-only person name of two to four characters: family name, then given name."""
    han = "".join(ch for ch in text if not ch.isspace() and ch not in "·・")
    if not (2 <= len(han) <= 4) or not all(_HAN.match(ch) for ch in han):
        return None
    cut = 2 if han[:2] in COMPOUND_SURNAMES else 1
    return f"{pinyin(han[:cut])} {pinyin(han[cut:])}"


def organisation(text: str) -> str:
    """Known words translated (longest first), every other run of Han characters in pinyin
    run together, anything else kept."""
    table = words()
    longest = max(len(k) for k in table)
    out: list[str] = []
    run = other = ""
    i = 0

    def flush() -> None:
        nonlocal run, other
        if run:
            out.append(pinyin(run))
        if other:
            out.append(other)
        run = other = ""

    while i < len(text):
        english, size = None, 1
        for width in range(min(longest, len(text) - i), 0, -1):
            if text[i : i + width] in table:
                english, size = table[text[i : i + width]], width
                break
        if english is not None:
            flush()
            if english != "-":
                out.append(english)
        elif _HAN.match(text[i]):
            if other:
                flush()
            run += text[i]
        else:
            if run:
                flush()
            other += text[i]
        i += size
    flush()
    return " ".join(part.strip() for part in out if part.strip())


def to_latin(text: str, is_org: bool) -> str:
    """The Latin form of a name with Han characters (others unchanged)."""
    if not has_han(text):
        return text
    if not is_org:
        return _HAN_RUN.sub(lambda m: person(m.group(0)) or pinyin(m.group(0)), text)
    return organisation(text)
