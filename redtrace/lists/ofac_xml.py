"""OFAC ``sdnList`` XML: ``sdn.xml`` and the non-SDN ``consolidated.xml`` share this schema."""

from __future__ import annotations

from lxml import etree

from redtrace.lists.base import ParsedList, Reject, SourceFile
from redtrace.lists.dates import parse_date
from redtrace.lists.entity import ListEntity
from redtrace.lists.ofac_csv import apply_remarks
from redtrace.lists.xmlutil import parse_xml, strip_ns, text, texts

TYPES = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
ID_PROPS = {
    "passport": "passportNumber",
    "registration id": "registrationNumber",
    "tax id no.": "taxNumber",
    "swift/bic": "swiftBic",
    "vessel registration identification": "imoNumber",
    "email address": "email",
    "website": "website",
    "phone number": "phone",
}


def parse(source: SourceFile, dataset: str) -> ParsedList:
    root = strip_ns(parse_xml(source))
    result = ParsedList(dataset=dataset, format="ofac_xml", files=[source])
    result.published = parse_date(text(root, "publshInformation/Publish_Date"), month_first=True)
    for el in root.iterfind("sdnEntry"):
        result.rows_read += 1
        uid = text(el, "uid")
        where = f"line {el.sourceline} <sdnEntry>"
        if uid is None:
            result.reject(source.name, where, "uid", "entry has no uid")
            continue
        last = text(el, "lastName")
        if last is None:
            result.reject(source.name, where, "lastName", f"entry {uid} has no name")
            continue
        schema = TYPES.get((text(el, "sdnType") or "").lower(), "LegalEntity")
        entity = ListEntity(schema, f"ofac-{uid}")
        entity.add_ref(dataset, uid)
        _names(entity, text(el, "firstName"), last, "name")
        for aka in el.iterfind("akaList/aka"):
            weak = (text(aka, "category") or "").lower() == "weak"
            kind = (text(aka, "type") or "").lower()
            prop = "weakAlias" if weak else ("previousName" if kind == "f.k.a." else "alias")
            _names(entity, text(aka, "firstName"), text(aka, "lastName"), prop)
        entity.add("title", text(el, "title") if schema == "Person" else None)
        for addr in el.iterfind("addressList/address"):
            fields = ("address1", "address2", "address3", "city", "stateOrProvince",
                      "postalCode", "country")  # fmt: skip
            entity.add("address", ", ".join(v for v in (text(addr, f) for f in fields) if v))
            entity.add("country", text(addr, "country"))
        for dob in el.iterfind("dateOfBirthList/dateOfBirthItem"):
            entity.add("birthDate", parse_date(text(dob, "dateOfBirth")))
        for pob in el.iterfind("placeOfBirthList/placeOfBirthItem"):
            entity.add("birthPlace", text(pob, "placeOfBirth"))
        for nat in el.iterfind("nationalityList/nationality"):
            entity.add("nationality" if schema == "Person" else "country", text(nat, "country"))
        for ident in el.iterfind("idList/id"):
            _identifier(entity, ident)
        apply_remarks(entity, text(el, "remarks"), dataset)
        entity.add_sanction(
            authority="US Treasury OFAC", program=texts(el, "programList/program"), recordId=uid
        )
        result.add(entity)
    _check_count(root, source, result)
    return result


def _check_count(root: etree._Element, source: SourceFile, result: ParsedList) -> None:
    """OFAC publishes how many entries the file holds; fewer (or more) means it is not whole."""
    raw = text(root, "publshInformation/Record_Count")
    if raw is None or not raw.strip().isdigit():
        return
    published, read = int(raw), result.rows_read
    if published != read:
        el = root.find("publshInformation/Record_Count")
        line = el.sourceline if el is not None else None
        result.problems.append(
            Reject(source.name, f"line {line}", "Record_Count",
                   f"the file says it holds {published} entries, {read} were found")
        )  # fmt: skip


def _names(entity: ListEntity, first: str | None, last: str | None, prop: str) -> None:
    if not last and not first:
        return
    if first and last:
        entity.add(prop, f"{first} {last}")
        if prop == "name" and entity.schema == "Person":
            entity.add("firstName", first)
            entity.add("lastName", last)
    else:
        entity.add(prop, first or last)


def _identifier(entity: ListEntity, ident: etree._Element) -> None:
    kind = (text(ident, "idType") or "").lower()
    number = text(ident, "idNumber")
    if not number:
        return
    prop = next((p for k, p in ID_PROPS.items() if kind.startswith(k)), "idNumber")
    if prop not in entity.proxy.schema.properties:
        prop = "idNumber" if "idNumber" in entity.proxy.schema.properties else "notes"
    entity.add(prop, number)
    entity.add("country", text(ident, "idCountry"))
