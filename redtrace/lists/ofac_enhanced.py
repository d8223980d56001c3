"""OFAC Sanctions List Service "enhanced" XML (``SDN_ENHANCED`` / ``CONS_ENHANCED``).

Unlike the legacy formats it gives each name's script and translations, typed identity
documents, typed features (birth date, nationality, website...) and relations between entries.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from redtrace.lists.base import ListFormatError, ParsedList, SourceFile
from redtrace.lists.dates import parse_date
from redtrace.lists.entity import ListEntity
from redtrace.lists.xmlutil import parse_xml, strip_ns, text, texts

FEATURES = {
    "birthdate": "birthDate",
    "place of birth": "birthPlace",
    "nationality country": "nationality",
    "citizenship country": "citizenship",
    "gender": "gender",
    "website": "website",
    "email address": "email",
    "swift/bic": "swiftBic",
    "isin": "isinCode",
    "organization established date": "incorporationDate",
    "nationality of registration": "jurisdiction",
}
DOCUMENTS = {
    "passport": "passportNumber",
    "registration id": "registrationNumber",
    "tax id no.": "taxNumber",
    "vessel registration identification": "imoNumber",
    "national id no.": "idNumber",
}
DATE_PROPS = {"birthDate", "incorporationDate"}


def unpack(source: SourceFile) -> SourceFile:
    """The enhanced list is published zipped; take the XML member out."""
    if source.data[:2] != b"PK":
        return source
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            members = [n for n in archive.namelist() if n.lower().endswith(".xml")]
            if len(members) != 1:
                raise ListFormatError(source.name, f"expected one XML file in zip, got {members}")
            data = archive.read(members[0])
    except zipfile.BadZipFile as exc:
        raise ListFormatError(source.name, f"broken zip archive ({exc})") from exc
    return SourceFile(path=source.path, data=data)


def dataset_of(root: etree._Element) -> str:
    names = [n.lower() for n in texts(root, "publicationInfo/filters/sanctionsLists/sanctionsList")]
    return "us_ofac_sdn" if any("sdn list" in n for n in names) else "us_ofac_cons"


def parse(source: SourceFile, dataset: str | None = None) -> ParsedList:
    xml = unpack(source)
    root = strip_ns(parse_xml(xml))
    dataset = dataset or dataset_of(root)
    result = ParsedList(dataset=dataset, format="ofac_enhanced_xml", files=[source])
    result.published = parse_date(text(root, "publicationInfo/dataAsOf"))
    for el in root.iterfind("entities/entity"):
        result.rows_read += 1
        uid = el.get("id")
        where = f"line {el.sourceline} <entity>"
        if not uid:
            result.reject(source.name, where, "id", "entity has no id")
            continue
        kind = (text(el, "generalInfo/entityType") or "").lower()
        schema = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}.get(
            kind, "LegalEntity"
        )
        entity = ListEntity(schema, f"ofac-{uid}")
        entity.add_ref(dataset, uid)
        _names(entity, el)
        if not entity.proxy.has("name"):
            result.reject(source.name, where, "names", f"entity {uid} has no primary name")
            continue
        for addr in el.iterfind("addresses/address"):
            parts = texts(addr, "translations/translation/addressParts/addressPart/value")
            country = text(addr, "country")
            entity.add("address", ", ".join([*parts, *([country] if country else [])]) or None)
            entity.add("country", country)
        for feature in el.iterfind("features/feature"):
            _feature(entity, feature)
        for doc in el.iterfind("identityDocuments/identityDocument"):
            doc_type = (text(doc, "type") or "").lower()
            prop = next((p for k, p in DOCUMENTS.items() if doc_type.startswith(k)), "idNumber")
            if prop not in entity.proxy.schema.properties:
                prop = "idNumber" if "idNumber" in entity.proxy.schema.properties else "notes"
            entity.add(prop, text(doc, "documentNumber"))
        for rel in el.iterfind("relationships/relationship"):
            related = rel.find("relatedEntity")
            if related is not None and related.text:
                entity.add("notes", f"{text(rel, 'type')}: {related.text.strip()}")
        entity.add("notes", text(el, "remarks"))
        listed = [s.get("datePublished") for s in el.iterfind("sanctionsLists/sanctionsList")]
        entity.add_sanction(
            authority="US Treasury OFAC",
            program=texts(el, "sanctionsPrograms/sanctionsProgram"),
            provisions=texts(el, "sanctionsTypes/sanctionsType"),
            reason=texts(el, "legalAuthorities/legalAuthority"),
            listingDate=sorted(d for d in listed if d)[:1],
            recordId=uid,
        )
        result.add(entity)
    return result


def _names(entity: ListEntity, el: etree._Element) -> None:
    for name in el.iterfind("names/name"):
        primary = text(name, "isPrimary") == "true"
        low = text(name, "isLowQuality") == "true"
        alias_type = (text(name, "aliasType") or "").lower()
        if primary:
            prop = "name"
        elif low:
            prop = "weakAlias"
        elif alias_type.startswith("f.k.a"):
            prop = "previousName"
        else:
            prop = "alias"
        for tr in name.iterfind("translations/translation"):
            full = text(tr, "formattedFullName")
            first, last = text(tr, "formattedFirstName"), text(tr, "formattedLastName")
            script_primary = text(tr, "isPrimary") == "true"
            use = prop if script_primary or prop != "name" else "alias"
            if first and last and entity.schema == "Person":
                entity.add(use, f"{first} {last}")
                if use == "name":
                    entity.add("firstName", first)
                    entity.add("lastName", last)
            else:
                entity.add(use, full)


def _feature(entity: ListEntity, feature: etree._Element) -> None:
    kind = (text(feature, "type") or "").lower()
    value = text(feature, "value")
    prop = FEATURES.get(kind)
    if prop is None or value is None:
        if value:
            entity.add("notes", f"{text(feature, 'type')} {value}")
        return
    if prop in DATE_PROPS:
        value = parse_date(value) or parse_date(text(feature, "valueDate/fromDateBegin"))
    if prop == "gender" and value:
        value = value.lower()
    if prop not in entity.proxy.schema.properties:
        prop = "country" if prop in ("nationality", "citizenship", "jurisdiction") else "notes"
    entity.add(prop, value)
