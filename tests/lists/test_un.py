from pathlib import Path

from tests.conftest import parse_one, shared_file


def test_un_2026_02_counts_reconcile(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / "un" / "UN_consolidated_2026-02.xml")
    schemata = [e.schema for e in parsed]
    assert schemata.count("Person") == 730
    assert schemata.count("LegalEntity") == 273
    assert parsed.rows_read == len(parsed.entities) + len(parsed.rejects) == 1003
    assert parsed.published == "2026-02-27"
    assert parsed.dataset == "un_sc_sanctions"


def test_un_entry_keeps_scripts_aliases_and_sanction(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / "un" / "UN_consolidated_2026-02.xml")
    entity = parsed.entities["un-QDi.299"]
    record = entity.to_record()
    props = record["properties"]
    assert "إبراهيم عواد إبراهيم علي البدري السامرائي" in props["alias"]
    # "Low" quality aliases are weak, kept apart from strong ones.
    assert "أبو دعاء" in props["weakAlias"]
    assert "أبو دعاء" not in props["alias"]
    assert props["birthDate"] == ["1971"]
    assert props["nationality"] == ["iq"]
    assert record["list_refs"] == [{"dataset": "un_sc_sanctions", "ref": "QDi.299"}]
    assert record["sanctions"][0]["program"] == ["Al-Qaida"]
    assert record["sanctions"][0]["listingDate"] == ["2011-10-05"]


def test_older_un_lists_load(shared_lists: Path) -> None:
    old = parse_one(shared_file(shared_lists / "un" / "UN_consolidated_2018-10-29.xml"))
    assert len(old.entities) == 1093
    jan = parse_one(shared_lists / "un" / "UN_consolidated_2026-01-28.xml")
    assert len(jan.entities) == 999
