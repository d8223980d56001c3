"""Organisation names that no list holds, and relations stated in sentences."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_CONNECT = r"(?:of|and|for|the|de|la)"
_CLAUSE = re.compile(r"[,;:()]|\b(?:which|who|that|where|while|and then|but)\b")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@cache
def _org_pattern() -> re.Pattern[str]:
    words = "|".join(r["word"] for r in _rows("org_words.csv"))
    cap = r"[A-Z][\w'’&-]+"
    return re.compile(rf"\b((?:{cap} (?:{_CONNECT} )?){{1,5}}(?:{words}))\b")


@cache
def _relation_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (r["relation"], re.compile(r["pattern"], re.IGNORECASE)) for r in _rows("relations.csv")
    ]


def organisations(text: str) -> list[tuple[int, int, str]]:
    """Capitalised phrases ending in an organisation word, with their spans."""
    out = []
    for m in _org_pattern().finditer(text):
        name = m.group(1)
        first = name.split()[0]
        if first in ("The", "A", "An", "This", "That") and len(name.split()) > 1:
            start = m.start(1) + len(first) + 1
            out.append((start, m.end(1), text[start : m.end(1)]))
        else:
            out.append((m.start(1), m.end(1), name))
    return out


def relations(text: str) -> list[dict[str, Any]]:
    """(relation, subject text, object text) with the sentence and object spans."""
    found = []
    for sentence in _SENTENCE.finditer(text):
        body = sentence.group(0)
        for relation, pattern in _relation_patterns():
            for m in pattern.finditer(body):
                rest = body[m.end() :]
                stop = _CLAUSE.search(rest)
                obj = rest[: stop.start() if stop else len(rest)].strip(" .")
                words = obj.split()
                if not words:
                    continue
                obj = " ".join(words[:8])
                obj_start = sentence.start() + m.end() + rest.index(obj)
                subject = body[: m.start()].strip()
                found.append({
                    "relation": relation,
                    "subject": " ".join(subject.split()[-6:]) if subject else None,
                    "object": obj,
                    "object_span": [obj_start, obj_start + len(obj)],
                    "sentence": {"span": [sentence.start(), sentence.end()], "text": body.strip()},
                })  # fmt: skip
    return found
