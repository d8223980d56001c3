"""A buyer's sector as NACE codes (from its own words, ``data/sectors.csv``) and the goods
those activities plausibly consume: the basis of the business-fit rule."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from redtrace.datafiles import rows
from redtrace.screen import tokens

DATA = Path(__file__).parent / "data" / "sectors.csv"


@dataclass(frozen=True, slots=True)
class Sector:
    nace: str
    label: str
    phrases: tuple[tuple[str, ...], ...]
    inputs: tuple[str, ...]  # HS prefixes (chapter, heading or subheading digits)


@cache
def sectors() -> tuple[Sector, ...]:
    out = []
    for r in rows(DATA):
        phrases = tuple(tuple(tokens(w)) for w in r["words"].split("|") if tokens(w))
        inputs = tuple(x.strip() for x in r["inputs"].split(";") if x.strip())
        out.append(Sector(r["nace"], r["label"], phrases, inputs))
    return tuple(out)


def _says(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(
        all(w.startswith(p) for p, w in zip(phrase, words[i : i + n], strict=True))
        for i in range(len(words) - n + 1)
    )


def sectors_of(text: str) -> list[Sector]:
    """The sectors a buyer's own description names (any language of the table)."""
    words = tokens(text)
    return [s for s in sectors() if any(_says(words, p) for p in s.phrases)]


def fits(found: list[Sector], hs_codes: list[str]) -> bool:
    """Whether any of the codes is among the inputs of any of the sectors."""
    return any(code.startswith(p) for s in found for p in s.inputs for code in hs_codes)
