"""Classify an order line from its HS code, CAS numbers and free-text description.

The description, in any of the table's languages, is folded to ASCII tokens and matched
against ``data/terms.csv`` phrase by phrase (a description word may carry a suffix, as in
Turkish "alüminyum pastası"). Each match proposes an HS heading with a confidence and the
words that made it. A declared HS code that no proposal shares a chapter with is a flag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from redtrace.datafiles import rows
from redtrace.goods.tables import (
    DATA,
    Control,
    cas_valid,
    controls_for_cas,
    controls_for_hs,
    hs_codes,
    hs_digits,
)
from redtrace.screen import tokens

MAX_SUFFIX = 4


@dataclass(frozen=True, slots=True)
class Term:
    hs: str
    language: str
    text: str
    tokens: tuple[str, ...]
    also: tuple[str, ...] = ()  # other headings used in trade for the same goods


@cache
def terms() -> list[Term]:
    out = []
    for row in rows(DATA / "terms.csv"):
        for text in row["terms"].split("|"):
            toks = tuple(tokens(text))
            if toks:
                codes = [c.strip() for c in row["hs"].split(";") if c.strip()]
                out.append(Term(codes[0], row["language"], text, toks, tuple(codes[1:])))
    return sorted(out, key=lambda t: -len(t.tokens))


@dataclass
class Classification:
    hs_code: str | None = None
    hs_valid: bool | None = None
    hs_description: str | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    controls: list[Control] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "hs_code": self.hs_code, "hs_valid": self.hs_valid,
            "hs_description": self.hs_description, "candidates": self.candidates,
            "controls": [c.to_dict() for c in self.controls], "flags": self.flags,
            "reasons": self.reasons,
        }  # fmt: skip


def _match(term: Term, words: list[str], claimed: set[int]) -> float:
    """1.0 exact phrase, 0.85 when words carry suffixes; 0 when absent. Words already
    claimed by a longer phrase ("pulse jet engine") do not match a shorter one ("jet engine")."""
    n = len(term.tokens)
    for exact in (True, False):
        for i in range(len(words) - n + 1):
            span = set(range(i, i + n))
            if span & claimed:
                continue
            window = words[i : i + n]
            if exact and list(term.tokens) == window:
                claimed.update(span)
                return 1.0
            if not exact and all(
                w.startswith(t) and len(w) - len(t) <= MAX_SUFFIX and len(t) >= 4
                for t, w in zip(term.tokens, window, strict=True)
            ):
                claimed.update(span)
                return 0.85
    return 0.0


def from_text(description: str) -> list[dict[str, Any]]:
    words = tokens(description)
    found: dict[str, dict[str, Any]] = {}
    claimed: set[int] = set()
    for term in terms():
        score = _match(term, words, claimed)
        if not score:
            continue
        # Longer phrases (in words and letters) are more specific: "pulse jet engine" over
        # "jet engine", "aluminiumpaste" over "drone".
        specificity = 0.5 + 0.1 * len(term.tokens) + 0.02 * len("".join(term.tokens))
        confidence = round(min(0.95, score * specificity), 2)
        known = found.get(term.hs)
        if known is None or confidence > known["confidence"]:
            found[term.hs] = {
                "hs": term.hs,
                "description": hs_codes().get(term.hs) or hs_codes().get(term.hs[:4], ""),
                "confidence": confidence,
                "reason": f"{term.language} '{term.text}' in the description",
                "also": list(term.also),
            }
    ranked = sorted(found.values(), key=lambda c: -c["confidence"])
    # Keep the candidates close to the best; words inside a longer matched phrase were
    # already claimed by it (see _match), so "jet engine" never rivals "pulse jet engine".
    return [c for c in ranked if c["confidence"] >= ranked[0]["confidence"] - 0.3]


def classify(
    description: str = "", hs: str | None = None, cas: list[str] | None = None
) -> Classification:
    result = Classification()
    if hs:
        digits = hs_digits(hs)
        result.hs_code = digits
        six = digits[:6]
        if len(digits) >= 6:
            result.hs_valid = six in hs_codes()
        else:
            result.hs_valid = len(digits) in (2, 4) and digits in hs_codes()
        result.hs_description = hs_codes().get(six) or hs_codes().get(digits[:4])
        if not result.hs_valid:
            result.flags.append({"code": "HS_UNKNOWN", "severity": "medium",
                                 "explanation": f"HS code {hs} does not exist in HS 2022."})  # fmt: skip
        elif len(digits) >= 6:
            result.controls.extend(controls_for_hs(digits))
            result.reasons.append(f"declared HS {six[:4]}.{six[4:]}: {result.hs_description}")
    for number in cas or []:
        if not cas_valid(number):
            result.flags.append({"code": "CAS_INVALID", "severity": "low",
                                 "explanation": f"CAS number {number} has a wrong form or check digit."})  # fmt: skip
            continue
        hits = controls_for_cas(number)
        result.controls.extend(h for h in hits if h not in result.controls)
        if hits:
            result.reasons.append(f"CAS {number} is {hits[0].label}")
    if description:
        result.candidates = from_text(description)
        for cand in result.candidates:
            if len(cand["hs"]) >= 6 or cand["hs"][:4] in hs_codes():
                for control in controls_for_hs(cand["hs"]):
                    if control not in result.controls:
                        result.controls.append(control)
            result.reasons.append(f"{cand['reason']} -> HS {cand['hs']} ({cand['confidence']})")
    if result.hs_valid and result.candidates:
        declared = result.hs_code or ""
        strong = [c for c in result.candidates if c["confidence"] >= 0.8]
        # A description can fit several headings: the declared code is consistent when it
        # shares a chapter with any heading any strong reading supports.
        supported = [h for c in strong for h in (c["hs"], *c.get("also", []))]
        if strong and not any(declared[:2] == h[:2] for h in supported):
            best = strong[0]
            result.flags.append({
                "code": "HS_DESCRIPTION_MISMATCH", "severity": "high",
                "explanation": (f"The declared HS {declared} ({result.hs_description}) does not fit the "
                                f"description, which reads as HS {best['hs']} ({best['description']})."),
            })  # fmt: skip
    return result
