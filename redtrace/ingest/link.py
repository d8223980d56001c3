"""Which names in a document link to list entries, beyond the gazetteer's exact hits:
candidate spans (spans.py) screened through the matching engine (resolve.py), local group
forms found on word stems (inflect.py), and UN reference numbers written in the text.

The longer name wins: gazetteer hits inside a longer candidate span that screens to a party
give way to the span ("Hamid al-Ali", another person's alias, inside "Hamid Hamad Hamid
al-Ali"; "Hanifa" inside "Hanifa Currency Exchange").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redtrace.ingest.gazetteer import Gazetteer, Target
from redtrace.ingest.resolve import Resolution
from redtrace.ingest.spans import Span, spans

Hit = tuple[int, int, tuple[Target, ...]]
_UN_REF = re.compile(r"\b([A-Z]{2}[ie]\.\d{3})\b")
_WORDS = re.compile(r"\S+")
_JOINED = re.compile(r"^(?:al|el|ad|as|ash|at|az|ar|an|ul|ud)-\w", re.I)
MAX_READINGS = 16  # readings of one span screened at most


@dataclass(frozen=True, slots=True)
class Screened:
    start: int
    end: int
    surface: str
    resolution: Resolution


def stemmed_hits(text: str, gazetteer: Gazetteer, hits: list[Hit], langs: set[str]) -> list[Hit]:
    """The gazetteer's hits with the stem-matched local forms that do not overlap them."""
    extra = [h for h in gazetteer.find_stemmed(text, langs)
             if not any(h[0] < e and s < h[1] for s, e, _ in hits)]  # fmt: skip
    return sorted(hits + extra, key=lambda h: (h[0], -(h[1] - h[0])))


def un_reference_hits(text: str, gazetteer: Gazetteer) -> list[Hit]:
    """UN reference numbers ("QDi.204") of loaded entries: the text names the entry."""
    out: list[Hit] = []
    for m in _UN_REF.finditer(text):
        target = gazetteer.un_refs.get(m.group(1))
        if target is not None:
            out.append((m.start(1), m.end(1), (target,)))
    return out


def _variants(span: Span) -> list[tuple[int, int, str]]:
    """The span, then shorter readings, longest first: words before or after the name
    ("IS-financier Fawaz ...", "Syria-based Hanifa Currency Exchange as Specially
    Designated"). Each as (start, end, text screened); a reading opens and closes on a
    capitalised word."""
    if len(span.text) != span.end - span.start:
        return [(span.start, span.end, span.text)]  # a built reading ("Ismail Bayaltun")
    words = list(_WORDS.finditer(span.text))
    out = [(span.start, span.end, span.text)]
    for n in range(len(words) - 1, 1, -1):
        for i in range(len(words) - n + 1):
            first, last = words[i], words[i + n - 1]
            closing = last.group(0)[:1].isupper() or _JOINED.match(last.group(0))
            opening = first.group(0)[:1].isupper() or _JOINED.match(first.group(0))
            if not (opening and closing):
                continue
            out.append((span.start + first.start(), span.start + last.end(),
                        span.text[first.start() : last.end()]))  # fmt: skip
            if len(out) >= MAX_READINGS:
                return out
    return out


def screened_links(
    text: str, gazetteer: Gazetteer, hits: list[Hit]
) -> tuple[list[Hit], list[Screened], list[Screened]]:
    """(gazetteer hits kept, screened links, ambiguous mentions)."""
    resolver = gazetteer.resolver
    if resolver is None:
        return hits, [], []
    listed = [h for h in hits if any(t.kind == "list" for t in h[2])]
    exact = {(s, e) for s, e, _ in listed}
    dropped: set[tuple[int, int]] = set()
    links: list[Screened] = []
    ambiguous: list[Screened] = []
    for span in spans(text):
        for start, end, query in _variants(span):
            if (start, end) in exact and query == text[start:end]:
                break  # the gazetteer knows this name as written
            found = resolver.resolve(query, span.quoted)
            if found is None:
                continue
            inside = [h for h in listed if start <= h[0] and h[1] <= end]
            if found.ambiguous:
                if not inside:
                    ambiguous.append(Screened(start, end, text[start:end], found))
                break
            # The longer name wins over the gazetteer's hits inside it.
            dropped.update((h[0], h[1]) for h in inside)
            if not any(start < e and s < end for s, e, _ in listed if (s, e) not in dropped):
                links.append(Screened(start, end, text[start:end], found))
            break
    kept = [h for h in hits if (h[0], h[1]) not in dropped]
    return kept, links, ambiguous
