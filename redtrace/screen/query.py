"""A screening query: an FtM-shaped entity, checked and prepared for matching."""

from __future__ import annotations

from typing import Any

from redtrace.lists.dates import parse_date
from redtrace.screen.names import PreparedName
from redtrace.screen.party import COUNTRY_PROPS, ID_PROPS, ORG_SCHEMATA, clean_countries

SCHEMATA = ("Thing", "LegalEntity", "Person", "Organization", "Company", "Vessel", "Airplane")
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
MAX_VALUES = 50
MAX_VALUE_LENGTH = 1000


class QueryError(ValueError):
    """A query that cannot be screened; the message names the field."""


class Query:
    """Prepared names, dates, countries and identifiers of one query entity."""

    __slots__ = ("birth_dates", "countries", "identifiers", "names", "raw", "schema")

    def __init__(self, data: Any) -> None:
        if not isinstance(data, dict):
            raise QueryError("query must be a JSON object")
        schema = data.get("schema", "Thing")
        if schema not in SCHEMATA:
            raise QueryError(f"schema: {schema!r} is not one of {', '.join(SCHEMATA)}")
        props = data.get("properties")
        if not isinstance(props, dict):
            raise QueryError("properties: must be an object of lists of strings")
        clean: dict[str, list[str]] = {}
        for key, values in props.items():
            if not isinstance(key, str):
                raise QueryError("properties: keys must be strings")
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise QueryError(f"properties.{key}: must be a list of strings")
            kept = [_clean_text(v) for v in values[:MAX_VALUES]]
            clean[key] = [v for v in kept if v]
        self.schema: str = schema
        self.raw = {"schema": schema, "properties": clean}
        is_org = schema in ORG_SCHEMATA
        texts = [v for p in NAME_PROPS for v in clean.get(p, [])]
        first, last = clean.get("firstName", []), clean.get("lastName", [])
        middle = " ".join(clean.get("middleName", []) + clean.get("secondName", []))
        for f in first or [""]:
            for la in last:
                texts.append(" ".join(x for x in (f, middle, la) if x))
        if not last:
            texts.extend(first)
        self.names = [n for n in (PreparedName(t, is_org) for t in dict.fromkeys(texts)) if n]
        self.birth_dates = [d for d in (parse_date(v) for v in clean.get("birthDate", [])) if d]
        self.countries = clean_countries([v for p in COUNTRY_PROPS for v in clean.get(p, [])])
        self.identifiers = [v for p in ID_PROPS for v in clean.get(p, [])]
        if not self.names and not self.identifiers:
            raise QueryError("properties: no usable name or identifier to screen")


def _clean_text(value: str) -> str:
    # Control characters never belong in a name; very long values are cut, not refused.
    text = "".join(ch if ch.isprintable() else " " for ch in value[: MAX_VALUE_LENGTH * 2])
    return " ".join(text.split())[:MAX_VALUE_LENGTH]
