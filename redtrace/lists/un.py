"""UN Security Council Consolidated List (``CONSOLIDATED_LIST`` XML)."""

from __future__ import annotations

import re

from lxml import etree

from redtrace.lists.base import ParsedList, SourceFile
from redtrace.lists.dates import parse_date
from redtrace.lists.entity import ListEntity
from redtrace.lists.xmlutil import parse_xml, text, texts

DATASET = "un_sc_sanctions"
WEAK_QUALITY = {"low"}


def parse(source: SourceFile, dataset: str = DATASET) -> ParsedList:
    root = parse_xml(source)
    result = ParsedList(dataset=dataset, format="un_xml", files=[source])
    generated = root.get("dateGenerated")
    result.published = parse_date(generated) if generated else None
    for path, schema in (("INDIVIDUALS/INDIVIDUAL", "Person"), ("ENTITIES/ENTITY", "LegalEntity")):
        for el in root.iterfind(path):
            result.rows_read += 1
            ref = text(el, "REFERENCE_NUMBER")
            where = f"line {el.sourceline} <{el.tag}>"
            if ref is None:
                result.reject(source.name, where, "REFERENCE_NUMBER", "entry has no reference")
                continue
            entity = _entry(el, schema, ref, dataset)
            if not entity.proxy.has("name"):
                result.reject(source.name, where, "FIRST_NAME", f"entry {ref} has no name")
                continue
            result.add(entity)
    return result


def _entry(el: etree._Element, schema: str, ref: str, dataset: str) -> ListEntity:
    entity = ListEntity(schema, f"un-{ref}")
    entity.add_ref(dataset, ref)
    parts = [text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p for p in parts if p)
    entity.add("name", name)
    if schema == "Person":
        entity.add("firstName", parts[0])
        last = next((p for p in reversed(parts[1:]) if p), None)
        entity.add("lastName", last)
        entity.add("gender", (text(el, "GENDER") or "").lower() or None)
        entity.add("title", texts(el, "TITLE/VALUE"))
        entity.add("position", texts(el, "DESIGNATION/VALUE"))
        entity.add("nationality", texts(el, "NATIONALITY/VALUE"))
    entity.add("alias", text(el, "NAME_ORIGINAL_SCRIPT"))
    for alias in (
        el.iterfind("INDIVIDUAL_ALIAS") if schema == "Person" else el.iterfind("ENTITY_ALIAS")
    ):
        for alias_name in alias_spellings(text(alias, "ALIAS_NAME")):
            _add_alias(entity, alias_name, alias)
    tag = "INDIVIDUAL_ADDRESS" if schema == "Person" else "ENTITY_ADDRESS"
    for addr in el.iterfind(tag):
        fields = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
        full = ", ".join(v for v in (text(addr, f) for f in fields) if v)
        entity.add("address", full)
        entity.add("country", text(addr, "COUNTRY"))
    for dob in el.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        for field in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
            entity.add("birthDate", parse_date(text(dob, field)))
    for pob in el.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
        place = ", ".join(
            v for v in (text(pob, f) for f in ("CITY", "STATE_PROVINCE", "COUNTRY")) if v
        )
        entity.add("birthPlace", place)
        entity.add("birthCountry", text(pob, "COUNTRY"))
    for doc in el.iterfind("INDIVIDUAL_DOCUMENT"):
        number = text(doc, "NUMBER")
        kind = (text(doc, "TYPE_OF_DOCUMENT") or "").lower()
        entity.add("passportNumber" if "passport" in kind else "idNumber", number)
    entity.add("notes", text(el, "COMMENTS1"))
    entity.add_sanction(
        authority="United Nations Security Council",
        program=text(el, "UN_LIST_TYPE"),
        unscId=ref,
        listingDate=parse_date(text(el, "LISTED_ON")),
        modifiedAt=[parse_date(v) for v in texts(el, "LAST_DAY_UPDATED/VALUE")],
    )
    return entity


_NOTE = re.compile(r"\s*\((?:original script)\)\s*$", re.I)
_SUB_UNIT = re.compile(r"\s*-\s*sub-unit name$", re.I)


def _last_group(raw: str) -> int | None:
    """Where the balanced parenthesised group that ends ``raw`` opens."""
    if not raw.endswith(")"):
        return None
    depth = 0
    for i in range(len(raw) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(raw[i], 0)
        if depth == 0:
            return i
    return None


def _split_top(inner: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ";" and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    return [*parts, inner[start:]]


def alias_spellings(raw: str | None) -> list[str]:
    """The UN packs spellings into one alias: "جبهة النصرة (the Victory Front; Jabhat
    al-Nusrah)" or "Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); ...)".
    Each spelling becomes its own alias; notes like "(original script)" are dropped."""
    if not raw:
        return []
    opens = _last_group(raw.strip())
    if opens is None:
        return [raw]
    head, inner = raw[:opens].strip(), raw.strip()[opens + 1 : -1]
    parts = _split_top(inner)
    if len(parts) == 1 and not _SUB_UNIT.search(inner):
        return [raw]
    out = [head] if head else []
    for part in parts:
        part = _SUB_UNIT.sub("", _NOTE.sub("", part)).strip()
        if part and part not in out:
            out.append(part)
    return out


def _add_alias(entity: ListEntity, name: str, alias: etree._Element) -> None:
    quality = (text(alias, "QUALITY") or "").lower()
    if quality in WEAK_QUALITY:
        entity.add("weakAlias", name)
    elif quality == "f.k.a.":
        entity.add("previousName", name)
    else:
        entity.add("alias", name)
