"""Read OFAC's free-text ``remarks`` field into properties.

OFAC packs dates and places of birth, nationalities, passports and other identifiers,
weak aliases and "Linked To" relations into one semicolon-separated field, e.g.
``DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); alt. Passport 19820215``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from redtrace.lists.dates import parse_dates

UN_REF = re.compile(r"\b([A-Z]{2}[ie]\.\d{3})\b")
_COUNTRY_SUFFIX = re.compile(r"^(?P<value>.*?)\s*\((?P<country>[^()]*)\)\s*$")
_AKA = re.compile(r"^(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*['\"‘’](?P<name>.+?)['\"‘’]\.?$")

# Remark label (case-insensitive prefix) -> FtM property for the value after it.
_ID_LABELS: tuple[tuple[str, str], ...] = (
    ("passport", "passportNumber"),
    ("national id no.", "idNumber"),
    ("national id", "idNumber"),
    ("cedula no.", "idNumber"),
    ("identification number", "idNumber"),
    ("personal id card", "idNumber"),
    ("registration id", "registrationNumber"),
    ("registration number", "registrationNumber"),
    ("company number", "registrationNumber"),
    ("business registration document #", "registrationNumber"),
    ("commercial registry number", "registrationNumber"),
    ("tax id no.", "taxNumber"),
    ("v.a.t. number", "vatCode"),
    ("r.f.c.", "taxNumber"),
    ("c.u.r.p.", "idNumber"),
    ("nit #", "taxNumber"),
    ("d.n.i.", "idNumber"),
    ("d-u-n-s number", "dunsCode"),
    ("swift/bic", "swiftBic"),
    ("vessel registration identification imo", "imoNumber"),
    ("imo", "imoNumber"),
    ("mmsi", "mmsi"),
    ("aircraft tail number", "registrationNumber"),
    ("aircraft manufacturer's serial number (msn)", "serialNumber"),
    ("email address", "email"),
    ("email", "email"),
    ("website", "website"),
    ("telephone", "phone"),
    ("phone number", "phone"),
    ("phone", "phone"),
    ("gender", "gender"),
)


@dataclass
class Remarks:
    """What a remarks field said, as FtM property values plus relations and UN references."""

    props: dict[str, list[str]] = field(default_factory=dict)
    linked_to: list[str] = field(default_factory=list)
    un_refs: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def add(self, prop: str, value: str | None) -> None:
        if value:
            values = self.props.setdefault(prop, [])
            if value not in values:
                values.append(value)


def parse_remarks(remarks: str | None) -> Remarks:
    out = Remarks()
    if not remarks or remarks.strip() in ("", "-0-"):
        return out
    out.un_refs = sorted(set(UN_REF.findall(remarks)))
    for raw in _split(remarks):
        part = raw.strip().rstrip(".").strip()
        if part.lower().startswith("alt. "):
            part = part[5:].strip()
        if not part:
            continue
        lower = part.lower()
        aka = _AKA.match(raw.strip())
        if aka:
            prop = "previousName" if lower.startswith("f.k.a.") else "weakAlias"
            out.add(prop, aka.group("name").strip())
        elif lower.startswith("dob "):
            for date in parse_dates(part[4:]):
                out.add("birthDate", date)
        elif lower.startswith("pob "):
            out.add("birthPlace", part[4:].strip())
        elif lower.startswith("nationality "):
            out.add("nationality", part[12:].strip())
        elif lower.startswith("citizen "):
            out.add("citizenship", part[8:].strip())
        elif lower.startswith("linked to:"):
            out.linked_to.append(part[10:].strip())
        elif not _identifier(out, part, lower):
            out.other.append(part)
    return out


def _split(remarks: str) -> list[str]:
    # Semicolons inside parentheses (rare) must not split a part.
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(remarks):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            parts.append(remarks[start:i])
            start = i + 1
    parts.append(remarks[start:])
    return parts


def _identifier(out: Remarks, part: str, lower: str) -> bool:
    for label, prop in _ID_LABELS:
        if lower.startswith(label + " ") or lower.startswith(label + ":"):
            value = part[len(label) :].strip(" :#")
            if prop not in ("email", "website", "gender", "phone"):
                m = _COUNTRY_SUFFIX.match(value)
                if m:
                    value = m.group("value").strip()
                    out.add("country", m.group("country").strip())
            if prop == "gender":
                value = value.lower()
            out.add(prop, value)
            return True
    return False
