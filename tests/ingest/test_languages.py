"""Our own news-style documents in English, Turkish, Arabic and Greek: list links against
hand-made gold, companies named with their legal forms, relations tied to the mentions."""

import json
from pathlib import Path
from typing import Any

import pytest

from redtrace.ingest import Gazetteer, extract, read
from redtrace.ingest.evaluate import LinkScore, score_links
from redtrace.ingest.orgs import organisations
from redtrace.ingest.relations import relations, sentences

DOCS = Path(__file__).parents[1] / "fixtures" / "documents"


def _facts(name: str, gazetteer: Gazetteer) -> list[dict[str, Any]]:
    return extract(read(DOCS / name), gazetteer)


@pytest.mark.parametrize("folder", [DOCS, DOCS / "heldout"])
def test_list_links_against_gold(gazetteer: Gazetteer, folder: Path) -> None:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    total = LinkScore()
    for name, items in gold.items():
        if not name.startswith("_"):
            doc = read(folder / name)
            total.add(score_links(doc.text, extract(doc, gazetteer), items))
    assert total.precision >= 0.95, total.false_links
    assert total.recall >= 0.85, total.missed


def test_ambiguous_forms_need_cues(gazetteer: Gazetteer) -> None:
    facts = _facts("ar_mosul_cell.txt", gazetteer)
    text = read(DOCS / "ar_mosul_cell.txt").text
    linked = {f["span"][0] for f in facts if f["schema"] == "Mention"}
    organisation = text.index("وتنظيم القاعدة") + len("وتنظيم ")
    air_base = text.index("القاعدة الجوية")
    assert organisation in linked and air_base not in linked
    greek = {
        f["surface"] for f in _facts("el_sanctions.txt", gazetteer) if f["schema"] == "Mention"
    }
    assert "ΙΚ" not in greek  # a man's initials; no longer name of the group in that text


def test_companies_by_legal_form_in_four_languages() -> None:
    text = (
        "Kaya Elektronik Ltd. Şti. ve Yıldız Ticaret A.Ş. sipariş verdi. "
        "Η Παπαδόπουλος Α.Ε. πληρώθηκε. ООО «Ромашка» поставило. "
        "وقالت شركة النور للتجارة المحدودة إن. Gaziantep Elektronik San. ve Tic. Ltd. Şti. "
        "It is as good as Co. Ltd can be. Kaya Ltd and Yildiz Ltd."
    )
    names = [(name, schema) for _, _, name, schema in organisations(text)]
    assert names == [
        ("Kaya Elektronik Ltd. Şti.", "Company"),
        ("Yıldız Ticaret A.Ş.", "Company"),
        ("Παπαδόπουλος Α.Ε.", "Company"),
        ("ООО «Ромашка»", "Company"),
        ("شركة النور للتجارة المحدودة", "Company"),
        ("Gaziantep Elektronik San. ve Tic. Ltd. Şti.", "Company"),
        ("Kaya Ltd", "Company"),
        ("Yildiz Ltd.", "Company"),
    ]


def test_sentences_keep_abbreviations() -> None:
    text = "Parts came from Kaya Ltd. Şti. in Gaziantep. Then Mr. Demir paid."
    assert [text[a:b].strip() for a, b in sentences(text)] == [
        "Parts came from Kaya Ltd. Şti. in Gaziantep.",
        "Then Mr. Demir paid.",
    ]


@pytest.mark.parametrize(
    ("text", "relation", "obj"),
    [
        ("Motorlar Gaziantep'teki bir telefon dükkanına gönderildi.", "consignee",
         "Gaziantep'teki bir telefon dükkanına"),
        ("Η εταιρεία πληρώθηκε από την Acme Trading LLC.", "payer", "την Acme Trading LLC"),
        ("شحنت المحركات إلى شركة النور للتجارة المحدودة في غازي عنتاب.", "consignee",
         "شركة النور للتجارة المحدودة في غازي عنتاب"),
        ("Yıldız Ticaret A.Ş., Gaziantep merkezli bir firmadır.", "located_in", "Gaziantep"),
    ],
)  # fmt: skip
def test_relations_in_other_languages(text: str, relation: str, obj: str) -> None:
    found = {(r["relation"], r["object"]) for r in relations(text)}
    assert (relation, obj) in found


def test_relations_are_tied_to_mentions(gazetteer: Gazetteer) -> None:
    facts = _facts("el_drone_parts.txt", gazetteer)
    by_id = {f["id"]: f for f in facts}
    payer = next(f for f in facts if f["schema"] == "UnknownLink" and f["relation"] == "payer")
    assert [by_id[i]["surface"] for i in payer["properties"]["object"]] == ["Παπαδόπουλος Α.Ε."]
    start, end = payer["provenance"]["span"]
    assert "πληρώθηκαν" in read(DOCS / "el_drone_parts.txt").text[start:end]


def test_persons_no_list_holds(gazetteer: Gazetteer) -> None:
    people = {
        f["surface"] for f in _facts("tr_sahel_raporu.txt", gazetteer) if f["schema"] == "Person"
    }
    assert "Ahmet Yıldız" in people
    english = _facts("en_sanctions_roundup.txt", gazetteer)
    assert "Ali Hassan" in {f["surface"] for f in english if f["schema"] == "Person"}
    # A listed person is a list link, not also a plain person.
    assert "Mokhtar Belmokhtar" not in {f["surface"] for f in english if f["schema"] == "Person"}


def test_goods_with_their_hs_headings_and_typed_list_links(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    path = tmp_path / "goods.txt"
    path.write_text(
        "The shop ordered two tonnes of aluminium paste and a crate of thermal batteries "
        "from a supplier that also sold turbine engines. Mokhtar Belmokhtar was named.",
        encoding="utf-8",
    )
    facts = extract(read(path), gazetteer)
    goods = {f["surface"]: f["goods"]["hs"] for f in facts if f["schema"] == "Thing"}
    assert goods["aluminium paste"] == "760320"
    assert goods["thermal batteries"] == "850680"
    assert goods["turbine engines"].startswith("8411")
    person = next(f for f in facts if f.get("surface") == "Mokhtar Belmokhtar")
    assert person["properties"]["detectedSchema"] == ["Person"]
