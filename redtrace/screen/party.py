"""What the matcher keeps of a list entity: prepared names, dates, countries, identifiers."""

from __future__ import annotations

import re
from typing import Any

from redtrace.screen.names import PreparedName

ORG_SCHEMATA = {"Organization", "Company", "LegalEntity", "PublicBody"}
ID_PROPS = ("idNumber", "passportNumber", "registrationNumber", "imoNumber", "leiCode",
            "innCode", "taxNumber", "ogrnCode", "swiftBic", "vatCode", "okpoCode",
            "dunsCode", "mmsi", "serialNumber")  # fmt: skip
COUNTRY_PROPS = ("nationality", "country", "jurisdiction", "citizenship", "birthCountry",
                 "mainCountry", "flag")  # fmt: skip
# Name properties and how much a match on each counts.
NAME_PROPS = (("name", 1.0), ("alias", 1.0), ("previousName", 0.95), ("weakAlias", 0.85))
LISTED_TOPICS = {"sanction", "sanction.linked", "sanction.counter", "debarment", "export.control",
                 "crime.terror", "wanted"}  # fmt: skip
SHOWN_PROPS = ("name", "alias", "weakAlias", "previousName", "birthDate", "birthPlace",
               "nationality", "country", "gender", "position", *ID_PROPS)  # fmt: skip


_TRAILING_GROUP = re.compile(r"^(?P<head>.*\S)\s*\((?P<inner>[^()]{2,40})\)$")


def name_forms(value: str, prop: str) -> list[tuple[str, str]]:
    """A name with a trailing parenthesised short form, "HAQQANI NETWORK (HQN)", is also
    listed as its head "HAQQANI NETWORK" (same weight) and its short form "HQN" (weak)."""
    m = _TRAILING_GROUP.match(value)
    if m is None:
        return [(value, prop)]
    inner = m.group("inner").strip()
    out = [(value, prop), (m.group("head").strip(" -,"), prop)]
    if inner.replace("-", "").replace(" ", "").isupper():
        out.append((inner, "weakAlias"))
    return out


def clean_countries(values: list[str]) -> list[str]:
    if not values:
        return []
    # Imported here: a query without countries must not wait for the FtM model to load.
    from followthemoney.types import registry

    out = []
    for value in values:
        code = registry.country.clean(value)
        if code and code not in out:
            out.append(code)
    return out


class Party:
    """One list entity as the matcher sees it."""

    __slots__ = ("birth_dates", "caption", "countries", "dataset", "id", "identifiers",
                 "list_refs", "listed", "names", "properties", "schema")  # fmt: skip

    def __init__(self, dataset: str, record: dict[str, Any]) -> None:
        props: dict[str, list[str]] = record["properties"]
        self.id: str = record["id"]
        self.dataset = dataset
        self.schema: str = record["schema"]
        self.caption: str = record.get("caption") or ""
        self.list_refs: list[dict[str, str]] = record.get("list_refs", [])
        # Official lists are lists; an FtM source's entity is listed only if its topics or
        # sanctions say so (a donor or a company register entry is context, not a listing).
        topics = set(props.get("topics", []))
        self.listed: bool = (not dataset.startswith("ftm_")) or bool(
            LISTED_TOPICS & topics or record.get("sanctions")
        )
        self.properties = {p: props[p] for p in SHOWN_PROPS if p in props}
        is_org = self.schema in ORG_SCHEMATA
        seen: set[str] = set()
        self.names: list[tuple[PreparedName, str, float]] = []
        weights = dict(NAME_PROPS)
        for prop, _ in NAME_PROPS:
            for raw in props.get(prop, []):
                for value, form_prop in name_forms(raw, prop):
                    if value in seen:
                        continue
                    seen.add(value)
                    prepared = PreparedName(value, is_org)
                    if prepared:
                        self.names.append((prepared, form_prop, weights[form_prop]))
        self.birth_dates: list[str] = list(props.get("birthDate", []))
        self.countries = [c for p in COUNTRY_PROPS for c in props.get(p, [])]
        self.identifiers = [v for p in ID_PROPS for v in props.get(p, [])]
