"""Relations stated in sentences (supplier, consignee, payer, owner, director, located in,
front company), from verb patterns per language kept as data, each with its sentence, the
subject and object phrases and their spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from redtrace.datafiles import rows
from redtrace.ingest.orgs import ABBREVIATIONS as NAME_ABBREVIATIONS

DATA = Path(__file__).parent / "data"
_END = re.compile(r"[.!?؟]+(?=\s|$)|\n[ \t]*\n")
_LAST_WORD = re.compile(r"(\w+)\W*$")
# Words with a full stop that do not end a sentence (legal forms, titles, initials).
ABBREVIATIONS = NAME_ABBREVIATIONS | {"şti", "sti", "ş", "mr", "mrs", "dr", "st", "no", "nos", "vs",
                                      "etc", "jr", "sr", "gen", "col", "capt", "prof", "fig"}  # fmt: skip
# Where a phrase stops: punctuation, or a word that opens a new clause.
_CLAUSE = re.compile(
    r"[,;:()،؛]|\b(?:which|who|that|where|while|and then|but|ve|ama|που|και|التي|الذي|لكن)\b"
)
MAX_WORDS = 8
MAX_BEFORE = 4  # an object before its verb (Turkish) is the nearest noun phrase
MAX_PLACE = 3  # "based in Gaziantep", "İngiltere merkezli"


@dataclass(frozen=True, slots=True)
class Pattern:
    relation: str
    lang: str
    object_after: bool
    regex: re.Pattern[str]


@cache
def patterns() -> list[Pattern]:
    return [
        Pattern(r["relation"], r["lang"], r["object"] == "after", re.compile(r["pattern"], re.I))
        for r in rows(DATA / "relations.csv")
    ]


def _phrase_after(
    text: str, offset: int, end: int, limit: int = MAX_WORDS
) -> tuple[int, int] | None:
    rest = text[offset:end]
    stop = _CLAUSE.search(rest)
    chunk = rest[: stop.start() if stop else len(rest)]
    words = list(re.finditer(r"\S+", chunk))[:limit]
    if not words:
        return None
    start, end = offset + words[0].start(), offset + words[-1].end()
    while end > start and text[end - 1] in ".!?؟":
        end -= 1
    return (start, end) if end > start else None


def _phrase_before(
    text: str, start: int, offset: int, limit: int = MAX_WORDS
) -> tuple[int, int] | None:
    """The phrase of ``text[start:offset]`` nearest ``offset``, back to a clause boundary."""
    chunk = text[start:offset]
    stops = list(_CLAUSE.finditer(chunk))
    begin = stops[-1].end() if stops else 0
    words = list(re.finditer(r"\S+", chunk[begin:]))[-limit:]
    if not words:
        return None
    return start + begin + words[0].start(), start + begin + words[-1].end()


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a full stop after an abbreviation or an initial does not end one."""
    out, start = [], 0
    for m in _END.finditer(text):
        word = _LAST_WORD.search(text, max(start, m.start() - 30), m.start())
        last = word.group(1).lower() if word else ""
        if not m.group(0).startswith("\n") and (last in ABBREVIATIONS or len(last) == 1):
            continue
        if text[start : m.end()].strip():
            out.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def relations(text: str, languages: set[str] | None = None) -> list[dict[str, Any]]:
    """Relations with subject and object phrases, their spans, and the sentence."""
    found = []
    active = [p for p in patterns() if languages is None or p.lang in languages]
    for s_start, s_end in sentences(text):
        body = text[s_start:s_end]
        for pat in active:
            for m in pat.regex.finditer(body):
                m_start, m_end = s_start + m.start(), s_start + m.end()
                place = pat.relation == "located_in"
                if pat.object_after:
                    obj = _phrase_after(text, m_end, s_end, MAX_PLACE if place else MAX_WORDS)
                    subj = _phrase_before(text, s_start, m_start)
                else:
                    obj = _phrase_before(
                        text, s_start, m_start, MAX_PLACE - 1 if place else MAX_BEFORE
                    )
                    first_stop = _CLAUSE.search(text, s_start, obj[0]) if obj else None
                    subj_end = obj[0] if obj else m_start
                    subj = _phrase_before(
                        text, s_start, first_stop.start() if first_stop else subj_end
                    )
                if obj is None:
                    continue
                found.append({
                    "relation": pat.relation,
                    "language": pat.lang,
                    "subject": text[subj[0] : subj[1]] if subj else None,
                    "subject_span": list(subj) if subj else None,
                    "object": text[obj[0] : obj[1]],
                    "object_span": list(obj),
                    "sentence": {"span": [s_start, s_end], "text": body.strip()},
                })  # fmt: skip
    return found
