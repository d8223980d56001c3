"""When a gazetteer hit may be reported as a list link, and how sure it is: precision over
recall. Rules, each a reason a careful reader would give:

- a short or local form that is also a word ("IS", Greek "ΙΚ") needs upper case and the
  party's longer name in the same document;
- a one-word name must be written as a proper name, is never a person, is not part of a
  longer capitalised name ("Ali Hassan" is not "Hassan"), and if it is also an ordinary word
  ("القاعدة", "the base") needs a cue word before it or the party's other name nearby;
- a generic name ("Ministry of Defence") needs the entry's country named in the document;
- a weak alias or a kunya ("Abu Muhammad", "el hermano", "advanced technologies") links only
  when the document names the same party by a strong name too (its full name, found by the
  gazetteer or by screening), or when it has two words of which one is telling ("Abu Bakr
  al-Baghdadi": not a common given name, not a kunya particle).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from redtrace.datafiles import rows
from redtrace.ingest.gazetteer import SHORT_FORMS, Target, fold
from redtrace.ingest.resolve import kunya, telling

DATA = Path(__file__).parent / "data"
ARABIC_PREFIXES = ("و", "ل", "ب", "ف")
# An Arabic article written before a name in Latin script: "al-Qaeda" is a proper name.
_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|az|ar|an)-", re.I)


def _words(name: str, column: str = "word") -> frozenset[str]:
    return frozenset(fold(r[column]) for r in rows(DATA / name))


@cache
def common_words() -> frozenset[str]:
    return _words("common_words.csv")


@cache
def cue_words() -> frozenset[str]:
    return _words("cue_words.csv")


@cache
def generic_words() -> tuple[str, ...]:
    return tuple(_words("generic_words.csv"))


@dataclass
class Context:
    text: str
    parties: set[str]  # keys of parties found by a long name anywhere in the document
    countries: set[str]  # countries named in the document
    # (dataset, ref) of entries named by a strong name (not a weak alias, not a kunya)
    strong: set[tuple[str, str]] = field(default_factory=set)


def strong_refs(text: str, hits: list[tuple[int, int, tuple[Target, ...]]]) -> set[tuple[str, str]]:
    """List refs of the parties a document names by a name that is neither weak nor a kunya."""
    out: set[tuple[str, str]] = set()
    for start, end, targets in hits:
        surface = text[start:end]
        if len(surface.split()) < 2 or kunya(surface):
            continue
        for t in targets:
            if t.kind == "list" and not t.weak and not t.context:
                out.update(t.list_refs)
    return out


def weak_reason(surface: str, target: Target, ctx: Context) -> str | None:
    """Why a weak alias or kunya may link ("" if it is not one), or None if it may not."""
    if not (target.weak or (target.person and kunya(surface))):
        return ""
    if set(target.list_refs) & ctx.strong:
        return f"weak alias {surface!r}, corroborated: the document names {target.label} in full"
    if len(surface.split()) >= 2 and telling(surface):
        return f"weak alias {surface!r} with a telling word ({', '.join(telling(surface))})"
    return None


def context_keys(text: str, hits: list[tuple[int, int, tuple[Target, ...]]]) -> set[str]:
    """Parties named in the document by a form that is not itself ambiguous: several words,
    or one word longer than four letters that is not also an ordinary word."""
    keys: set[str] = set()
    for start, end, targets in hits:
        surface = text[start:end]
        folded = fold(surface)
        if len(surface.split()) > 1 or (len(surface) > 4 and folded not in common_words()):
            keys.update(t.key for t in targets)
    return keys


def _cased(surface: str) -> bool:
    return any(ch.isupper() or ch.islower() for ch in surface)


def _word_before(text: str, start: int) -> str:
    m = re.search(r"(\w+)\W{1,3}$", text[max(0, start - 40) : start])
    return m.group(1) if m else ""


def _word_after(text: str, end: int) -> str:
    m = re.match(r"[ \t]{1,2}(\w+)", text[end : end + 40])
    return m.group(1) if m else ""


def _cued(text: str, start: int) -> bool:
    before = fold(_word_before(text, start))
    return before in cue_words() or (before[:1] in ARABIC_PREFIXES and before[1:] in cue_words())


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2) : start]
    after = _word_after(text, end)
    prev = _word_before(text, start) if before.endswith(" ") and not before.strip() else ""
    return bool(prev[:1].isupper() and not _sentence_start(text, start - len(prev) - 1)) or bool(
        after[:1].isupper()
    )


def _sentence_start(text: str, pos: int) -> bool:
    head = text[max(0, pos - 3) : max(0, pos)].strip()
    return pos <= 0 or head == "" or head[-1:] in '.!?:\n"“'


def confidence(surface: str, target: Target, start: int, end: int, ctx: Context) -> float | None:
    """How sure the link of ``surface`` to ``target`` is; None drops it."""
    if weak_reason(surface, target, ctx) is None:
        return None
    if target.person and _cased(surface) and not any(w[:1].isupper() for w in surface.split()):
        return None  # a person's name is written with capitals: "el hermano" is a brother
    folded = fold(surface)
    if folded in common_words() and not (_cued(ctx.text, start) or target.key in ctx.parties):
        return None
    if target.short:
        if target.context:
            if surface != surface.upper() or target.key not in ctx.parties:
                return None
            return 0.6
        return 0.85
    generic = any(word in folded for word in generic_words())
    if generic and not set(target.countries) & ctx.countries:
        return None
    words = len(surface.split())
    if words == 1 and folded not in SHORT_FORMS:
        if target.weak or target.person:
            return None
        if _cased(surface) and (
            not _ARTICLE.sub("", surface)[:1].isupper() or _inside_longer_name(ctx.text, start, end)
        ):
            return None
    if folded in SHORT_FORMS:
        if surface != surface.upper():
            return None  # "is" the verb, "Isis" the goddess
        if folded == "is" and target.key not in ctx.parties:
            return None
        return 0.85 if folded != "is" else 0.6
    base = 0.95 if words >= 2 or len(surface) >= 10 else 0.75
    return round(base - (0.15 if target.weak else 0.0), 2)
