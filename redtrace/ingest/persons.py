"""Persons that no list holds: a common given name (``data/given_names.csv``, several
languages and scripts), optionally after a title, followed by one or two capitalised words
joined by spaces. Listed persons are found by the gazetteer; this finds the rest of the
people a text names (a company's director, a shop owner)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
TITLES = {"mr", "mrs", "ms", "dr", "bay", "bayan", "κ", "κα", "herr", "frau", "m", "mme"}


@cache
def given_names() -> frozenset[str]:
    names: set[str] = set()
    with (DATA / "given_names.csv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                names.update(n.strip() for n in line.split(",")[1:] if n.strip())
    return frozenset(names)


def _capitalised(word: str) -> bool:
    return (word[:1].isupper() and not word.isupper()) or (len(word) > 3 and word.isupper())


def persons(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of person names, in text order."""
    words = list(_WORD.finditer(text))
    names = given_names()
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        word = words[i].group(0)
        if word not in names:
            i += 1
            continue
        k = i + 1
        while k < len(words) and k - i <= 2:
            gap = text[words[k - 1].end() : words[k].start()]
            nxt = words[k].group(0)
            if gap not in (" ", "\u00a0") or not _capitalised(nxt) or (nxt in names and k - i > 1):
                break
            k += 1
        if k > i + 1:
            start, end = words[i].start(), words[k - 1].end()
            # A surname with a Turkish case suffix ("Yıldız'ın") ends at the apostrophe.
            name = re.split(r"['’]", text[start:end])[0]
            found.append((start, start + len(name), name))
            i = k
        else:
            i += 1
    return found
