"""From a read document to FtM JSON Lines: the Document, and one Mention per name found,
each with its exact span, list references where it resolves to a list entry, a confidence
that says how sure the link is, and provenance (document sha256, span, method, version)."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from typing import Any

import py3langid

from redtrace.ingest import precision
from redtrace.ingest.gazetteer import Gazetteer, Target
from redtrace.ingest.link import Screened, screened_links, stemmed_hits, un_reference_hits
from redtrace.ingest.orgs import organisations
from redtrace.ingest.persons import persons
from redtrace.ingest.precision import Context
from redtrace.ingest.read import Document
from redtrace.ingest.relations import relations
from redtrace.ingest.resolve import kunya, same_name

METHOD = "redtrace-gazetteer"
SCREENED = "redtrace-screened"
PARTIES = ("Mention", "Company", "Organization", "Person")
VERSION = "2"
_PARAGRAPH = re.compile(r"\n\s*\n")


def languages(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The document's main language and each paragraph's, with character offsets."""
    paragraphs = []
    for m in re.finditer(r"(?s)(.+?)(?:\n\s*\n|$)", text):
        chunk = m.group(1).strip()
        if len(chunk) >= 20:
            lang, _ = py3langid.classify(chunk)
            paragraphs.append({"start": m.start(1), "end": m.end(1), "language": lang})
    weight: dict[str, int] = defaultdict(int)
    for p in paragraphs:
        weight[p["language"]] += p["end"] - p["start"]
    main = max(weight, key=lambda k: weight[k]) if weight else py3langid.classify(text[:2000])[0]
    return main, paragraphs


def extract(doc: Document, gazetteer: Gazetteer) -> list[dict[str, Any]]:
    main, paragraphs = languages(doc.text)
    doc_id = f"doc-{doc.sha256[:16]}"
    out: list[dict[str, Any]] = [{
        "id": doc_id, "schema": "Document",
        "properties": {"title": [doc.title] if doc.title else [], "fileName": [doc.source],
                       "contentHash": [doc.sha256], "language": sorted({main, *(p["language"] for p in paragraphs)}),
                       "bodyText": [doc.text], "mimeType": [doc.kind]},
        "paragraph_languages": paragraphs, "truncated": doc.truncated,
    }]  # fmt: skip
    hits = gazetteer.find(doc.text)
    langs = {main, *(p["language"] for p in paragraphs)}
    hits = stemmed_hits(doc.text, gazetteer, hits, langs)
    refs_named = [h for h in un_reference_hits(doc.text, gazetteer)
                  if not any(h[0] < e and s < h[1] for s, e, _ in hits)]  # fmt: skip
    hits = sorted(hits + refs_named, key=lambda h: (h[0], -(h[1] - h[0])))
    hits, screened, ambiguous = screened_links(doc.text, gazetteer, hits)
    # Long names seen anywhere in the document make its short forms credible; strong names
    # (and screened full names) corroborate weak aliases.
    ctx = Context(
        doc.text,
        precision.context_keys(doc.text, hits) | {x.resolution.key for x in screened},
        {t.key for _, _, targets in hits for t in targets if t.kind == "place"},
        precision.strong_refs(doc.text, hits) | {r for x in screened for r in x.resolution.refs},
    )
    covered: list[tuple[int, int]] = []  # list links
    for n, (start, end, targets) in enumerate(hits):
        surface = doc.text[start:end]
        mention = _mention(doc_id, doc.sha256, n, start, end, surface, targets, ctx, gazetteer)
        if mention is not None:
            out.append(mention)
            if mention["schema"] == "Mention":
                covered.append((start, end))
    for n, item in enumerate(screened):
        out.append(_screened(doc_id, doc.sha256, n, item, gazetteer))
        covered.append((item.start, item.end))
    for n, item in enumerate(ambiguous):
        out.append(_ambiguous(doc_id, doc.sha256, n, item))
        covered.append((item.start, item.end))
    names: list[tuple[int, int]] = []
    links = Spans(covered)
    for n, (start, end, name, schema) in enumerate(organisations(doc.text)):
        if links.overlaps(start, end):
            continue  # already a list link
        names.append((start, end))
        out.append({"id": f"{doc_id}-o{n}", "schema": schema, "surface": name, "span": [start, end],
                    "properties": {"name": [name]}, "confidence": 0.7 if schema == "Company" else 0.6,
                    "provenance": {"document": doc.sha256, "span": [start, end],
                                   "method": "redtrace-orgnames", "version": VERSION}})  # fmt: skip
    taken = Spans(covered + names)
    company_names = Spans(names)
    for n, (start, end, name) in enumerate(persons(doc.text)):
        if taken.overlaps(start, end):
            continue  # a listed person (linked above) or part of a company's name
        out.append({"id": f"{doc_id}-p{n}", "schema": "Person", "surface": name, "span": [start, end],
                    "properties": {"name": [name]}, "confidence": 0.6,
                    "provenance": {"document": doc.sha256, "span": [start, end],
                                   "method": "redtrace-persons", "version": VERSION}})  # fmt: skip
    # A place or a goods word inside a company's name ("Gaziantep Mobil Cep Telefonu Ltd") is
    # part of that name, not a place or an item of its own.
    out = [f for f in out if f["schema"] not in ("Address", "Thing")
           or not company_names.overlaps(*f["span"])]  # fmt: skip
    spans = sorted((e["span"][0], e["span"][1], e["id"]) for e in out[1:] if e["schema"] in PARTIES)
    places = sorted(
        (e["span"][0], e["span"][1], e["id"]) for e in out[1:] if e["schema"] == "Address"
    )
    with_places = sorted(spans + places)
    langs = {main, *(p["language"] for p in paragraphs)}
    for n, rel in enumerate(relations(doc.text, langs | {"en"})):
        subject = _within(spans, rel["subject_span"])
        obj = _within(with_places if rel["relation"] == "located_in" else spans, rel["object_span"])
        out.append({"id": f"{doc_id}-r{n}", "schema": "UnknownLink",
                    "properties": {"role": [rel["relation"]], "description": [rel["sentence"]["text"]],
                                   "subject": subject[:1], "object": obj[:1]},
                    "relation": rel["relation"], "language": rel["language"],
                    "subject": rel["subject"], "subject_span": rel["subject_span"],
                    "object": rel["object"], "surface": rel["object"],
                    "span": rel["object_span"], "sentence": rel["sentence"],
                    "provenance": {"document": doc.sha256, "span": rel["sentence"]["span"],
                                   "method": "redtrace-relations", "version": VERSION}})  # fmt: skip
    return out


def _within(spans: list[tuple[int, int, str]], span: list[int] | None) -> list[str]:
    """Ids of the mentions (sorted by start) that start in a phrase span, in text order."""
    if not span:
        return []
    first = bisect.bisect_left(spans, (span[0],))
    out = []
    for start, _, mid in spans[first:]:
        if start >= span[1]:
            break
        out.append(mid)
    return out


class Spans:
    """Disjoint character spans, sorted, for overlap tests in logarithmic time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.spans[i][1] > start


def _several_persons(surface: str, targets: list[Target]) -> bool:
    """Listed persons of different names behind one surface ("Abu Muhammad" is a kunya of
    several): the mention could be any of them. One person on two lists is one name."""
    persons = [t for t in targets if t.person]
    labels = {t.label for t in persons}
    if len(surface.split()) > 2 and not kunya(surface):
        return False  # a full name of three words or more is one person's
    if len(labels) < 2:
        return False
    first = persons[0].label
    return any(not same_name(first, t.label) for t in persons[1:])


def _sdn_counterpart(
    gazetteer: Gazetteer, label: str, key: str, refs: list[dict[str, str]]
) -> str | None:
    """Add the OFAC SDN entry of a party linked on the UN list only (same name, 0.95)."""
    if not any(r["dataset"] == "un_sc_sanctions" for r in refs) or any(
        r["dataset"] == "us_ofac_sdn" for r in refs
    ):
        return None
    cross, score = gazetteer.counterpart(label, key, "us_ofac_sdn")
    if not cross or score is None:
        return None
    refs.extend(x for x in cross if x not in refs)
    return f"{label} matches OFAC SDN {cross[0]['ref']} by name ({score:.2f})"


def _screened(
    doc_id: str, sha: str, n: int, item: Screened, gazetteer: Gazetteer
) -> dict[str, Any]:
    """A mention linked by screening: the reason says which list name matched and why."""
    r = item.resolution
    span = [item.start, item.end]
    refs = [{"dataset": d, "ref": ref} for d, ref in r.refs]
    resolution = _sdn_counterpart(gazetteer, r.caption, r.key, refs)
    return {"id": f"{doc_id}-s{n}", "schema": "Mention", "surface": item.surface, "span": span,
            "properties": {"name": [item.surface], "document": [doc_id], "resolved": [r.key],
                           "detectedSchema": ["Person" if r.person else "Organization"]},
            "list_refs": refs, "confidence": round(min(0.95, r.score), 2), "caption": r.caption,
            "resolution": resolution, "reason": r.reason,
            "provenance": {"document": sha, "span": span, "method": SCREENED, "version": VERSION}}  # fmt: skip


def _ambiguous(doc_id: str, sha: str, n: int, item: Screened) -> dict[str, Any]:
    """A name that could be several list entries: kept as a party, linked to none."""
    r = item.resolution
    span = [item.start, item.end]
    return {"id": f"{doc_id}-a{n}", "schema": "Person" if r.person else "Organization",
            "surface": item.surface, "span": span, "properties": {"name": [item.surface]},
            "confidence": 0.5, "ambiguous": {"candidates": list(r.candidates), "reason": r.reason},
            "provenance": {"document": sha, "span": span, "method": SCREENED, "version": VERSION}}  # fmt: skip


def _mention(
    doc_id: str, sha: str, n: int, start: int, end: int, surface: str,
    targets: tuple[Target, ...], ctx: Context, gazetteer: Gazetteer,
) -> dict[str, Any] | None:  # fmt: skip
    provenance = {"document": sha, "span": [start, end], "method": METHOD, "version": VERSION}
    kinds = {t.kind for t in targets}
    base = {
        "id": f"{doc_id}-m{n}",
        "surface": surface,
        "span": [start, end],
        "provenance": provenance,
    }
    if "list" in kinds:
        scored = [(t, c) for t in targets if t.kind == "list"
                  if (c := precision.confidence(surface, t, start, end, ctx)) is not None]  # fmt: skip
        if not scored or _several_persons(surface, [t for t, _ in scored]):
            return None  # not credible, or a name that several listed persons bear
        listed = [t for t, _ in scored]
        confidence = max(c for _, c in scored)
        refs: list[dict[str, str]] = []
        for t in listed:
            for d, r in t.list_refs:
                if {"dataset": d, "ref": r} not in refs:
                    refs.append({"dataset": d, "ref": r})
        reason = precision.weak_reason(surface, listed[0], ctx) or (
            f"{'local or short form' if listed[0].short else 'list name'} {surface!r} "
            f"of {listed[0].label}"
        )
        resolution = None
        if not any(r["dataset"] == "un_sc_sanctions" for r in refs):
            cross, score = gazetteer.cross_refs(listed[0])
            if cross and score is not None:
                refs.extend(cross)
                resolution = f"{listed[0].label} matches UN {cross[0]['ref']} by name ({score:.2f})"
                confidence = round(confidence * score, 2)
        resolution = _sdn_counterpart(gazetteer, listed[0].label, listed[0].key, refs) or resolution
        return {**base, "schema": "Mention", "resolution": resolution,
                "properties": {"name": [surface], "document": [doc_id], "resolved": [t.key for t in listed[:5]],
                               "detectedSchema": ["Person" if listed[0].person else "Organization"]},
                "list_refs": refs, "confidence": confidence, "caption": listed[0].label,
                "reason": reason}  # fmt: skip
    if "place" in kinds:
        target = next(t for t in targets if t.kind == "place")
        return {**base, "schema": "Address",
                "properties": {"full": [surface], "country": [target.key]}, "confidence": 0.9}  # fmt: skip
    target = next(t for t in targets if t.kind == "goods")
    return {**base, "schema": "Thing", "properties": {"name": [surface]},
            "goods": {"hs": target.key, "term": target.label}, "confidence": 0.8}  # fmt: skip
