"""Ingestion on the seed articles and on garbage."""

import sys
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from redtrace.ingest import DocumentError, Gazetteer, extract, read
from tests.conftest import SHARED

SEEDS = SHARED / "docs" / "seeds"


def _facts(path: Path, gazetteer: Gazetteer) -> list[dict[str, Any]]:
    return extract(read(path), gazetteer)


def test_seed_002_facts(gazetteer: Gazetteer) -> None:
    facts = _facts(SEEDS / "002_c97b1daaa9abd437.txt", gazetteer)
    doc = facts[0]
    assert doc["schema"] == "Document" and set(doc["properties"]["language"]) >= {"en", "el"}
    text = doc["properties"]["bodyText"][0]
    for fact in facts[1:]:
        start, end = fact["span"]
        assert text[start:end] == fact["surface"]  # every fact has its exact span
        assert fact["provenance"]["document"] == doc["properties"]["contentHash"][0]
    isis = [f for f in facts if f["schema"] == "Mention" and f["surface"] == "ISIS"]
    assert isis and all(
        {"dataset": "un_sc_sanctions", "ref": "QDe.115"} in f["list_refs"] for f in isis
    )
    places = {f["properties"]["country"][0] for f in facts if f["schema"] == "Address"}
    assert {"tr", "gb", "sy"} <= places
    goods = {f["goods"]["hs"] for f in facts if f["schema"] == "Thing"}
    assert {"841210", "851713"} <= goods  # pulse jet engine; a mobile phone company


def test_precision_of_list_links_on_the_seeds(gazetteer: Gazetteer) -> None:
    links = [
        f for p in sorted(SEEDS.iterdir()) for f in _facts(p, gazetteer) if f["schema"] == "Mention"
    ]
    surfaces = {f["surface"] for f in links}
    # What a careful reader links: IS under its names, the Syrian head of state, Hamas, the army.
    assert surfaces <= {
        "ISIS",
        "IS",
        "Islamic State",
        "The Islamic State",
        "Daesh",
        "Bashar Al Assad",
        "Hamas",
        "Syrian Army",
    }
    assert {"ISIS", "Islamic State", "Bashar Al Assad"} <= surfaces


def test_short_forms_need_context(gazetteer: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("The shipment is late. This is not what IS wanted, said the broker.")
    assert not [f for f in _facts(path, gazetteer) if f["schema"] == "Mention"]
    path.write_text("Islamic State fighters bought parts. Later IS used them in drones.")
    links = {f["surface"]: f for f in _facts(path, gazetteer) if f["schema"] == "Mention"}
    assert "IS" in links and links["IS"]["confidence"] < links["Islamic State"]["confidence"]


def test_html_email_and_garbage(
    gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = tmp_path / "page.html"
    html.write_text(
        "<html><head><title>Front firms</title></head><body><nav>Home | World | Sport | Cookies</nav>"
        "<article><h1>Front firms</h1><p>"
        + "Investigators say a company in Turkey bought a pulse jet engine "
        "for Islamic State through a front company in the UK. " * 3 + "</p></article>"
        "<aside>Related articles: celebrity news</aside></body></html>"
    )
    doc = read(html)
    assert doc.kind == "html" and "Related articles" not in doc.text and "Cookies" not in doc.text
    message = EmailMessage()
    message["From"] = "tip@example.org"
    message["Subject"] = "Shipment to Gaziantep"
    message.set_content("Two turbine engines were shipped to a phone shop in Turkey.")
    message.add_attachment("Invoice: aluminium paste 6000 kg", filename="invoice.txt")
    eml = tmp_path / "tip.eml"
    eml.write_bytes(message.as_bytes())
    mail = read(eml)
    assert mail.kind == "email" and "aluminium paste" in mail.text and mail.parts == ["invoice.txt"]
    goods = {f["goods"]["hs"] for f in extract(mail, gazetteer) if f["schema"] == "Thing"}
    assert {"760320", "841111"} <= goods
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(DocumentError, match="binary"):
        read(binary)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(DocumentError, match="empty"):
        read(empty)
    latin = tmp_path / "cp1252.txt"
    latin.write_bytes("Caf\xe9 near the border of Syria".encode("cp1252"))
    assert "Café" in read(latin).text
    monkeypatch.setattr(sys.modules["redtrace.ingest.read"], "MAX_BYTES", 10_000)
    big = tmp_path / "big.txt"
    big.write_text("Shipments to Turkey continued. " * 2000)
    doc = read(big)
    assert doc.truncated and len(doc.text) <= 10_000


def test_seed_002_organisation_and_relations(gazetteer: Gazetteer) -> None:
    facts = _facts(SEEDS / "002_c97b1daaa9abd437.txt", gazetteer)
    text = facts[0]["properties"]["bodyText"][0]
    orgs = {f["surface"] for f in facts if f["schema"] == "Organization"}
    assert "Conflict Armament Research Group" in orgs  # the investigators
    rels = [f for f in facts if f["schema"] == "UnknownLink"]
    consignee = next(r for r in rels if r["relation"] == "consignee")
    assert consignee["object"] == "a mobile phone company in Turkey"
    start, end = consignee["span"]
    assert text[start:end] == consignee["object"]
    s_start, s_end = consignee["sentence"]["span"]
    assert "turbine engines" in text[s_start:s_end]
    located = {r["object"] for r in rels if r["relation"] == "located_in"}
    assert "Britain and Turkey" in located
