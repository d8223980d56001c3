"""From a read document to FtM JSON Lines: the Document, and one Mention per name found,
each with its exact span, list references where it resolves to a list entry, a confidence
that says how sure the link is, and provenance (document sha256, span, method, version)."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import py3langid

from redtrace.ingest.gazetteer import SHORT_FORMS, Gazetteer, Target, fold
from redtrace.ingest.read import Document
from redtrace.ingest.relations import organisations, relations

METHOD = "redtrace-gazetteer"
VERSION = "1"
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


@cache
def common_words() -> frozenset[str]:
    path = Path(__file__).parent / "data" / "common_words.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [line.strip() for line in fh if line.strip() and not line.startswith("#")]
    return frozenset(rows[1:])


def _confidence(surface: str, target: Target, context: set[str]) -> float | None:
    """How sure a list link is; None drops it (precision over recall). Short forms need the
    party's longer name nearby; a one-word name must be written as a proper name."""
    folded = fold(surface)
    single = len(surface.split()) == 1 and folded not in SHORT_FORMS
    if single and (target.weak or not surface[:1].isupper() or folded in common_words()):
        return None
    if folded in SHORT_FORMS:
        if surface != surface.upper():
            return None  # "is" the verb, "Isis" the goddess
        if folded == "is" and target.key not in context:
            return None
        return 0.85 if folded != "is" else 0.6
    words = len(surface.split())
    base = 0.95 if words >= 2 or len(surface) >= 10 else 0.75
    return round(base - (0.15 if target.weak else 0.0), 2)


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
    # Long names seen anywhere in the document make its short forms credible.
    context = {t.key for s, e, targets in hits for t in targets if len(doc.text[s:e]) > 4}
    covered: list[tuple[int, int]] = []
    for n, (start, end, targets) in enumerate(hits):
        surface = doc.text[start:end]
        mention = _mention(doc_id, doc.sha256, n, start, end, surface, targets, context, gazetteer)
        if mention is not None:
            out.append(mention)
            covered.append((start, end))
    for n, (start, end, name) in enumerate(organisations(doc.text)):
        if any(s < end and start < e for s, e in covered):
            continue  # already a list link
        out.append({"id": f"{doc_id}-o{n}", "schema": "Organization", "surface": name, "span": [start, end],
                    "properties": {"name": [name]}, "confidence": 0.6,
                    "provenance": {"document": doc.sha256, "span": [start, end],
                                   "method": "redtrace-orgnames", "version": VERSION}})  # fmt: skip
    for n, rel in enumerate(relations(doc.text)):
        out.append({"id": f"{doc_id}-r{n}", "schema": "UnknownLink",
                    "properties": {"role": [rel["relation"]], "description": [rel["sentence"]["text"]]},
                    "relation": rel["relation"], "subject": rel["subject"], "object": rel["object"],
                    "surface": rel["object"],
                    "span": rel["object_span"], "sentence": rel["sentence"],
                    "provenance": {"document": doc.sha256, "span": rel["sentence"]["span"],
                                   "method": "redtrace-relations", "version": VERSION}})  # fmt: skip
    return out


def _mention(
    doc_id: str, sha: str, n: int, start: int, end: int, surface: str,
    targets: tuple[Target, ...], context: set[str], gazetteer: Gazetteer,
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
        listed = [t for t in targets if t.kind == "list"]
        confidence = max(
            (c for t in listed if (c := _confidence(surface, t, context)) is not None), default=None
        )
        if confidence is None:
            return None
        refs: list[dict[str, str]] = []
        for t in listed:
            for d, r in t.list_refs:
                if {"dataset": d, "ref": r} not in refs:
                    refs.append({"dataset": d, "ref": r})
        resolution = None
        if not any(r["dataset"] == "un_sc_sanctions" for r in refs):
            cross, score = gazetteer.cross_refs(listed[0])
            if cross and score is not None:
                refs.extend(cross)
                resolution = f"{listed[0].label} matches UN {cross[0]['ref']} by name ({score:.2f})"
                confidence = round(confidence * score, 2)
        return {**base, "schema": "Mention", "resolution": resolution,
                "properties": {"name": [surface], "document": [doc_id], "resolved": [t.key for t in listed[:5]],
                               "detectedSchema": ["LegalEntity"]},
                "list_refs": refs, "confidence": confidence, "caption": listed[0].label}  # fmt: skip
    if "place" in kinds:
        target = next(t for t in targets if t.kind == "place")
        return {**base, "schema": "Address",
                "properties": {"full": [surface], "country": [target.key]}, "confidence": 0.9}  # fmt: skip
    target = next(t for t in targets if t.kind == "goods")
    return {**base, "schema": "Thing", "properties": {"name": [surface]},
            "goods": {"hs": target.key, "term": target.label}, "confidence": 0.8}  # fmt: skip
