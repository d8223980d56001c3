"""Goods reference tables as data: HS 2022, the CHPL, explosives precursors, items of concern."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from redtrace.datafiles import rows

DATA = Path(__file__).parent / "data"
_CAS = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")


def _rows(name: str) -> list[dict[str, str]]:
    return rows(DATA / name)


@cache
def hs_codes() -> dict[str, str]:
    """HS 2022 code (2, 4 or 6 digits) -> description."""
    # The file's "TOTAL" section (99, 9999, 999999) is a statistics artefact, not HS.
    return {
        r["hscode"]: r["description"]
        for r in _rows("hs2022.csv")
        if r["hscode"].isdigit() and r["section"] != "TOTAL"
    }


def hs_digits(code: str) -> str:
    """``7603.20``, ``7603 20 00``, ``760320`` -> ``760320``; anything else -> its digits."""
    return "".join(ch for ch in code if ch.isdigit())


def cas_valid(cas: str) -> bool:
    """CAS Registry Number with a correct check digit."""
    m = _CAS.match(cas.strip())
    if not m:
        return False
    digits = (m.group(1) + m.group(2))[::-1]
    return sum((i + 1) * int(d) for i, d in enumerate(digits)) % 10 == int(m.group(3))


@dataclass(frozen=True, slots=True)
class Control:
    """One control-table entry that an item falls under."""

    regime: str  # chpl | eu_2019_1148 | gb_2023_63 | concern
    entry: str  # tier, annex or code
    label: str
    note: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"regime": self.regime, "annex": self.entry, "label": self.label,
                "note": self.note, "source": self.source}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Precursor:
    regime: str
    annex: str
    substance: str
    cas: str
    limit_value: str
    hs_prefixes: tuple[str, ...]
    note: str
    source: str


@cache
def precursors() -> list[Precursor]:
    out = []
    for regime, name in (("eu_2019_1148", "eu_2019_1148.csv"), ("gb_2023_63", "uk_2023_63.csv")):
        for r in _rows(name):
            prefixes = tuple(
                hs_digits(c.replace("ex", ""))[:6] for c in r["cn_codes"].split(";") if c.strip()
            )
            out.append(Precursor(regime, r["annex"], r["substance"], r["cas"], r["limit_value"],
                                 prefixes, r["notes"], r["source"]))  # fmt: skip
    return out


@cache
def chpl() -> dict[str, tuple[str, str, str]]:
    """hs6 -> (tier, description, source + version)."""
    return {r["hs6"]: (r["tier"], r["description"], f"{r['source']} ({r['version']})")
            for r in _rows("chpl.csv")}  # fmt: skip


@cache
def concerns() -> list[tuple[str, str, tuple[str, ...], str, str]]:
    """(code, label, hs prefixes, concern, source) of the items-of-concern table."""
    return [(r["code"], r["label"], tuple(r["hs_prefixes"].split(";")), r["concern"], r["source"])
            for r in _rows("items_of_concern.csv")]  # fmt: skip


def controls_for_hs(hs: str) -> list[Control]:
    """Every control entry an HS code falls under. A 4-digit heading (what a description
    alone often supports) falls under every entry of a subheading inside it."""
    digits = hs_digits(hs)
    code = digits[:6] if len(digits) >= 6 else digits[:4]
    found: list[Control] = []
    for hs6, (tier, label, source) in chpl().items():
        if hs6 == code or (len(code) == 4 and hs6.startswith(code)):
            found.append(
                Control("chpl", f"tier {tier}", label, "Common High Priority List item", source)
            )
    for p in precursors():
        if any(
            code.startswith(prefix) or prefix.startswith(code)
            for prefix in p.hs_prefixes
            if len(prefix) >= 4 and len(code) >= 4
        ):
            note = (
                f"{p.substance} (CAS {p.cas}); limit {p.limit_value}"
                if p.limit_value
                else f"{p.substance} (CAS {p.cas})"
            )
            found.append(Control(p.regime, p.annex, p.substance, note, p.source))
    for entry, label, prefixes, concern, source in concerns():
        if any(code.startswith(prefix) or (len(code) == 4 and prefix.startswith(code))
               for prefix in prefixes):  # fmt: skip
            found.append(Control("concern", entry, label, concern, source))
    return found


def controls_for_cas(cas: str) -> list[Control]:
    return [
        Control(
            p.regime,
            p.annex,
            p.substance,
            f"{p.substance} (CAS {p.cas})" + (f"; limit {p.limit_value}" if p.limit_value else ""),
            p.source,
        )
        for p in precursors()
        if p.cas == cas.strip()
    ]
